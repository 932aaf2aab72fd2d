/* The machine a test runs on (see machine.h). */
#include "evd_machine.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)

struct mem_page {
    uint64_t number;
    uint8_t bytes[PAGE_SIZE];
};

/* Position of each full VMCS field in the image, by encoding (-1: not a field). Encodings have
 * bit 15 clear, so 0x8000 entries cover them all. */
static int16_t field_index[0x8000];

static void build_field_index(void)
{
    static int built;
    if (built) return;
    memset(field_index, 0xff, sizeof field_index);
    for (size_t i = 0; i < vme_vmcs_field_count(); i++) field_index[vme_vmcs_field_at(i)] = (int16_t)i;
    built = 1;
}

static const struct { uint16_t enc; uint64_t value; } baseline_fields[] = {
    {VMCS_VM_ENTRY_CONTROLS, 0x200},   {VMCS_GUEST_CR0, 0x80000031},  {VMCS_GUEST_CS_SELECTOR, 0x8},
    {VMCS_GUEST_CS_AR_BYTES, 0xa09b},  {VMCS_GUEST_SS_SELECTOR, 0x10}, {VMCS_GUEST_SS_AR_BYTES, 0xc093},
    {VMCS_GUEST_RIP, 0x401000},        {VMCS_GUEST_RSP, 0x9000},      {VMCS_GUEST_RFLAGS, 0x2},
    {VMCS_GUEST_IDTR_BASE, 0x10000},   {VMCS_GUEST_IDTR_LIMIT, 0xfff},
    {VMCS_GUEST_GDTR_BASE, 0x11000},   {VMCS_GUEST_GDTR_LIMIT, 0x7f},
    {VMCS_GUEST_TR_BASE, 0x12000},     {VMCS_GUEST_TR_SELECTOR, 0x40}, {VMCS_GUEST_TR_LIMIT, 0x67},
    {VMCS_GUEST_TR_AR_BYTES, 0x8b},
};

/* vector-format.md's baseline GDT, by selector: the descriptor in IA-32e mode and in protected
 * mode (the code segments differ: 64-bit and 32-bit). */
static const struct { uint16_t sel; uint64_t ia32e, protected_mode; } baseline_gdt[] = {
    {0x08, 0x00af9b000000ffff, 0x00cf9b000000ffff}, /* code, DPL 0 */
    {0x10, 0x00cf93000000ffff, 0x00cf93000000ffff}, /* data, DPL 0 */
    {0x28, 0x00affb000000ffff, 0x00cffb000000ffff}, /* code, DPL 3 */
    {0x30, 0x00cff3000000ffff, 0x00cff3000000ffff}, /* data, DPL 3 */
};

const struct vme_tss_layout vme_tss_fields[VME_TSS_FIELDS] = {
    [VME_TSS_RSP0] = {"rsp0", 4, 8, VME_MODE_IA32E},      [VME_TSS_RSP1] = {"rsp1", 12, 8, VME_MODE_IA32E},
    [VME_TSS_RSP2] = {"rsp2", 20, 8, VME_MODE_IA32E},     [VME_TSS_IST1] = {"ist1", 36, 8, VME_MODE_IA32E},
    [VME_TSS_IST2] = {"ist2", 44, 8, VME_MODE_IA32E},     [VME_TSS_IST3] = {"ist3", 52, 8, VME_MODE_IA32E},
    [VME_TSS_IST4] = {"ist4", 60, 8, VME_MODE_IA32E},     [VME_TSS_IST5] = {"ist5", 68, 8, VME_MODE_IA32E},
    [VME_TSS_IST6] = {"ist6", 76, 8, VME_MODE_IA32E},     [VME_TSS_IST7] = {"ist7", 84, 8, VME_MODE_IA32E},
    [VME_TSS_ESP0] = {"esp0", 4, 4, VME_MODE_PROTECTED},  [VME_TSS_SS0] = {"ss0", 8, 2, VME_MODE_PROTECTED},
    [VME_TSS_ESP1] = {"esp1", 12, 4, VME_MODE_PROTECTED}, [VME_TSS_SS1] = {"ss1", 16, 2, VME_MODE_PROTECTED},
    [VME_TSS_ESP2] = {"esp2", 20, 4, VME_MODE_PROTECTED}, [VME_TSS_SS2] = {"ss2", 24, 2, VME_MODE_PROTECTED},
};

/* The baseline TSS: the CPL-0 stack at 0x7000 (with SS0 0x10 in protected mode); the rest 0. */
static uint64_t tss_baseline(enum vme_tss_field f)
{
    return f == VME_TSS_RSP0 || f == VME_TSS_ESP0 ? 0x7000 : f == VME_TSS_SS0 ? 0x10 : 0;
}

static void free_pages(struct machine *m)
{
    for (size_t i = 0; i < m->page_cap; i++) free(m->pages ? m->pages[i] : NULL);
    if (m->pages) memset(m->pages, 0, m->page_cap * sizeof *m->pages);
    m->npages = 0;
}

int machine_reset(struct machine *m)
{
    build_field_index();
    if (!m->vmcs) {
        m->vmcs = calloc(vme_vmcs_field_count(), sizeof *m->vmcs);
        if (!m->vmcs) return -1;
    }
    memset(m->vmcs, 0, vme_vmcs_field_count() * sizeof *m->vmcs);
    for (size_t i = 0; i < sizeof baseline_fields / sizeof baseline_fields[0]; i++)
        machine_vmcs_write(m, baseline_fields[i].enc, baseline_fields[i].value);
    free_pages(m);
    m->nfaults = 0;
    for (int v = 0; v < 256; v++) {
        /* Attributes not given resolve at IDT-writing time, since real mode's defaults differ. */
        m->gates[v] = (struct vme_gate){.vec = (uint8_t)v, .type = 0xe, .dpl = 0, .p = 1};
    }
    memset(m->gdt_given, 0, sizeof m->gdt_given);
    m->tss_given = 0;
    m->nstream = 0;
    m->head = 0;
    m->cr2 = 0;
    m->smm_count = 0;
    memcpy(m->cfg, vme_config_defaults, sizeof m->cfg);
    return 0;
}

void machine_free(struct machine *m)
{
    free_pages(m);
    free(m->pages);
    free(m->vmcs);
    free(m->faults);
    free(m->stream);
    free(m->consumed);
    memset(m, 0, sizeof *m);
}

static uint64_t width_mask(int bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* Maps ENC to a slot of the image and the half it names (0 full, 1 high half). */
static int locate(uint16_t enc, int *slot, int *high)
{
    if (enc >= 0x8000) return -1;
    if (field_index[enc] >= 0) {
        *slot = field_index[enc];
        *high = 0;
        return 0;
    }
    if ((enc & 1) && ((enc >> 13) & 3) == 1 && field_index[enc - 1] >= 0) {
        *slot = field_index[enc - 1];
        *high = 1;
        return 0;
    }
    return -1;
}

int machine_vmcs_read(const struct machine *m, uint16_t enc, uint64_t *value)
{
    int slot, high;
    if (locate(enc, &slot, &high)) return -1;
    *value = high ? m->vmcs[slot] >> 32 : m->vmcs[slot];
    return 0;
}

int machine_vmcs_write(struct machine *m, uint16_t enc, uint64_t value)
{
    int slot, high;
    if (locate(enc, &slot, &high)) return -1;
    if (high)
        m->vmcs[slot] = (m->vmcs[slot] & 0xffffffffull) | (value << 32);
    else
        m->vmcs[slot] = value & width_mask(EVD_VMCS_WIDTH(enc));
    return 0;
}

uint64_t machine_vmcs(const struct machine *m, uint16_t enc)
{
    uint64_t v = 0;
    machine_vmcs_read(m, enc, &v);
    return v;
}

static size_t page_slot(const struct machine *m, uint64_t number)
{
    return (size_t)((number * 0x9e3779b97f4a7c15ull) >> 20) & (m->page_cap - 1);
}

static struct mem_page *find_page(const struct machine *m, uint64_t number)
{
    if (!m->page_cap) return NULL;
    for (size_t i = page_slot(m, number);; i = (i + 1) & (m->page_cap - 1)) {
        if (!m->pages[i]) return NULL;
        if (m->pages[i]->number == number) return m->pages[i];
    }
}

static int grow_pages(struct machine *m)
{
    size_t old_cap = m->page_cap;
    struct mem_page **old = m->pages;
    size_t cap = old_cap ? old_cap * 2 : 64;
    struct mem_page **pages = calloc(cap, sizeof *pages);
    if (!pages) return -1;
    m->pages = pages;
    m->page_cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i]) continue;
        size_t j = page_slot(m, old[i]->number);
        while (pages[j]) j = (j + 1) & (cap - 1);
        pages[j] = old[i];
    }
    free(old);
    return 0;
}

static struct mem_page *get_page(struct machine *m, uint64_t number)
{
    struct mem_page *p = find_page(m, number);
    if (p) return p;
    if ((m->npages + 1) * 2 > m->page_cap && grow_pages(m)) return NULL;
    p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->number = number;
    size_t i = page_slot(m, number);
    while (m->pages[i]) i = (i + 1) & (m->page_cap - 1);
    m->pages[i] = p;
    m->npages++;
    return p;
}

uint64_t machine_mem_read(const struct machine *m, uint64_t addr, unsigned size)
{
    uint64_t v = 0;
    const struct mem_page *p = NULL;
    for (unsigned i = 0; i < size; i++) {
        uint64_t a = addr + i;
        if (i == 0 || (a & (PAGE_SIZE - 1)) == 0) p = find_page(m, a >> PAGE_SHIFT); /* a page per page, not per byte */
        uint64_t byte = p ? p->bytes[a & (PAGE_SIZE - 1)] : 0;
        v |= byte << (8 * i);
    }
    return v;
}

/* Writes N bytes at ADDR, looking up a page per page, not per byte. */
static int write_bytes(struct machine *m, uint64_t addr, const uint8_t *bytes, unsigned n)
{
    struct mem_page *p = NULL;
    for (unsigned i = 0; i < n; i++) {
        uint64_t a = addr + i;
        if (i == 0 || (a & (PAGE_SIZE - 1)) == 0) p = get_page(m, a >> PAGE_SHIFT);
        if (!p) return -1;
        p->bytes[a & (PAGE_SIZE - 1)] = bytes[i];
    }
    return 0;
}

int machine_mem_write(struct machine *m, uint64_t addr, unsigned size, uint64_t value)
{
    uint8_t bytes[8];
    if (size > sizeof bytes) size = sizeof bytes; /* a value has 8 bytes; the callers ask for 1 to 8 */
    for (unsigned i = 0; i < size; i++) bytes[i] = (uint8_t)(value >> (8 * i));
    return write_bytes(m, addr, bytes, size);
}

int machine_access_faults(const struct machine *m, uint64_t addr, unsigned size, int is_write,
                          uint8_t *vec, uint32_t *ec, uint64_t *fault_addr)
{
    uint64_t last = addr + size - 1;
    for (size_t i = 0; i < m->nfaults; i++) {
        const struct vme_fault *f = &m->faults[i];
        if (f->access == VME_ACCESS_READ && is_write) continue;
        if (f->access == VME_ACCESS_WRITE && !is_write) continue;
        uint64_t flast = f->addr + f->len - 1;
        if (last < f->addr || addr > flast) continue;
        *vec = f->vec;
        *ec = f->ec;
        *fault_addr = addr > f->addr ? addr : f->addr;
        return 1;
    }
    return 0;
}

int machine_add_fault(struct machine *m, const struct vme_fault *f)
{
    if (m->nfaults == m->fault_cap) {
        size_t cap = m->fault_cap ? m->fault_cap * 2 : 8;
        struct vme_fault *n = realloc(m->faults, cap * sizeof *n);
        if (!n) return -1;
        m->faults = n;
        m->fault_cap = cap;
    }
    m->faults[m->nfaults++] = *f;
    return 0;
}

void machine_set_gate(struct machine *m, const struct vme_gate *g)
{
    struct vme_gate *d = &m->gates[g->vec];
    if (g->given & VME_GATE_OFF) d->off = g->off;
    if (g->given & VME_GATE_SEL) d->sel = g->sel;
    if (g->given & VME_GATE_TYPE) d->type = g->type;
    if (g->given & VME_GATE_DPL) d->dpl = g->dpl;
    if (g->given & VME_GATE_P) d->p = g->p;
    if (g->given & VME_GATE_IST) d->ist = g->ist;
    d->given |= g->given;
}

void machine_set_desc(struct machine *m, uint16_t sel, uint64_t descriptor)
{
    unsigned i = sel >> 3;
    m->gdt[i] = descriptor;
    m->gdt_given[i / 8] |= (uint8_t)(1u << (i % 8));
}

void machine_set_tss(struct machine *m, enum vme_tss_field f, uint64_t value)
{
    unsigned size = vme_tss_fields[f].size;
    m->tss[f] = size == 8 ? value : value & ((1ull << (8 * size)) - 1);
    m->tss_given |= 1u << f;
}

enum vme_mode machine_mode_of(uint64_t entry_controls, uint64_t cr0)
{
    if ((entry_controls >> ENTRY_IA32E_BIT) & 1) return VME_MODE_IA32E;
    if ((cr0 >> CR0_PE_BIT) & 1) return VME_MODE_PROTECTED;
    return VME_MODE_REAL;
}

enum vme_mode machine_mode(const struct machine *m)
{
    return machine_mode_of(machine_vmcs(m, VMCS_VM_ENTRY_CONTROLS), machine_vmcs(m, VMCS_GUEST_CR0));
}

uint64_t machine_vmcs_baseline(uint16_t enc)
{
    for (size_t i = 0; i < sizeof baseline_fields / sizeof baseline_fields[0]; i++)
        if (baseline_fields[i].enc == enc) return baseline_fields[i].value;
    return 0;
}

/* Writes the bytes of one descriptor that fall inside a table's region [base, base + limit]. */
static int write_clipped(struct machine *m, uint64_t addr, const uint8_t *bytes, unsigned n,
                         uint64_t base, uint64_t limit)
{
    unsigned inside = 0;
    while (inside < n && addr + inside - base <= limit) inside++;
    return write_bytes(m, addr, bytes, inside);
}

static void put_le(uint8_t *b, uint64_t value, unsigned n)
{
    for (unsigned i = 0; i < n; i++) b[i] = (uint8_t)(value >> (8 * i));
}

static int write_idt(struct machine *m, enum vme_mode mode)
{
    uint64_t base = machine_vmcs(m, VMCS_GUEST_IDTR_BASE);
    uint64_t limit = machine_vmcs(m, VMCS_GUEST_IDTR_LIMIT);
    for (unsigned v = 0; v < 256; v++) {
        const struct vme_gate *g = &m->gates[v];
        uint8_t b[16] = {0};
        unsigned n;
        if (mode == VME_MODE_REAL) {
            uint16_t ip = (g->given & VME_GATE_OFF) ? (uint16_t)g->off : (uint16_t)(0x10 * v);
            uint16_t cs = (g->given & VME_GATE_SEL) ? g->sel : 0x5000;
            put_le(b, ip, 2);
            put_le(b + 2, cs, 2);
            n = 4;
        } else {
            uint64_t off = (g->given & VME_GATE_OFF) ? g->off : 0x500000 + 0x100ull * v;
            uint16_t sel = (g->given & VME_GATE_SEL) ? g->sel : 0x8;
            put_le(b, off, 2);
            put_le(b + 2, sel, 2);
            b[4] = mode == VME_MODE_IA32E ? g->ist & 7 : 0;
            b[5] = (uint8_t)((g->type & 0xf) | (g->dpl & 3) << 5 | (g->p & 1) << 7);
            put_le(b + 6, off >> 16, 2);
            if (mode == VME_MODE_IA32E) {
                put_le(b + 8, off >> 32, 4);
                n = 16;
            } else {
                n = 8;
            }
        }
        if (write_clipped(m, base + (uint64_t)n * v, b, n, base, limit)) return -1;
    }
    return 0;
}

/* The GDT: the descriptors given, else the baseline's, else 0; a selector addresses 8192 entries. */
static int write_gdt(struct machine *m, enum vme_mode mode)
{
    uint64_t base = machine_vmcs(m, VMCS_GUEST_GDTR_BASE);
    uint64_t limit = machine_vmcs(m, VMCS_GUEST_GDTR_LIMIT);
    for (unsigned i = 0; i < 8192 && 8ull * i <= limit; i++) {
        uint64_t d = 0;
        if (m->gdt_given[i / 8] >> (i % 8) & 1) {
            d = m->gdt[i];
        } else {
            for (size_t k = 0; k < sizeof baseline_gdt / sizeof baseline_gdt[0]; k++)
                if (baseline_gdt[k].sel >> 3 == i) d = mode == VME_MODE_IA32E ? baseline_gdt[k].ia32e : baseline_gdt[k].protected_mode;
        }
        uint8_t b[8];
        put_le(b, d, 8);
        if (write_clipped(m, base + 8ull * i, b, 8, base, limit)) return -1;
    }
    return 0;
}

/* The TSS: the 104 bytes of a 64-bit or 32-bit TSS, the fields of the mode given or baseline. */
static int write_tss(struct machine *m, enum vme_mode mode)
{
    uint8_t b[0x68] = {0};
    for (int f = 0; f < VME_TSS_FIELDS; f++) {
        const struct vme_tss_layout *l = &vme_tss_fields[f];
        if (l->mode == mode) put_le(b + l->offset, m->tss_given >> f & 1 ? m->tss[f] : tss_baseline(f), l->size);
    }
    uint64_t base = machine_vmcs(m, VMCS_GUEST_TR_BASE);
    uint64_t limit = machine_vmcs(m, VMCS_GUEST_TR_LIMIT);
    return write_clipped(m, base, b, sizeof b, base, limit < sizeof b - 1 ? limit : sizeof b - 1);
}

int machine_write_tables(struct machine *m)
{
    enum vme_mode mode = machine_mode(m);
    if (write_idt(m, mode)) return -1;
    if (mode == VME_MODE_REAL) return 0;
    return write_gdt(m, mode) || write_tss(m, mode) ? -1 : 0;
}

int machine_stream_push(struct machine *m, const struct vme_item *item)
{
    if (m->nstream == m->stream_cap) {
        size_t cap = m->stream_cap ? m->stream_cap * 2 : 16;
        struct vme_item *s = realloc(m->stream, cap * sizeof *s);
        if (!s) return -1;
        m->stream = s;
        uint8_t *c = realloc(m->consumed, cap);
        if (!c) return -1;
        m->consumed = c;
        m->stream_cap = cap;
    }
    m->stream[m->nstream] = *item;
    m->consumed[m->nstream] = 0;
    m->nstream++;
    return 0;
}

long machine_stream_peek(const struct machine *m, int events_only)
{
    for (size_t i = m->head; i < m->nstream; i++) {
        if (m->consumed[i]) continue;
        if (!events_only || VME_ITEM_IS_EVENT(m->stream[i].kind)) return (long)i;
    }
    return -1;
}

void machine_stream_consume(struct machine *m, size_t idx)
{
    /* A REP item is consumed one iteration at a time: the rest stays where it is. */
    if (m->stream[idx].kind == VME_INSN_REP && m->stream[idx].count > 1) {
        m->stream[idx].count--;
        return;
    }
    m->consumed[idx] = 1;
    while (m->head < m->nstream && m->consumed[m->head]) m->head++;
}

uint32_t machine_cfg_straps(const struct machine *m)
{
    const uint32_t *c = m->cfg;
    uint32_t s = 0;
    s |= (uint32_t)(c[VME_CFG_ERRCODE_HIGH_BITS] == 15) << CFG_ERRCODE_HIGH_15;
    s |= (uint32_t)(c[VME_CFG_ZERO_LEN_INJECT] != 0) << CFG_ZERO_LEN_INJECT;
    s |= (uint32_t)(c[VME_CFG_NO_HW_ERRCODE_CC] != 0) << CFG_NO_HW_ERRCODE_CC;
    s |= (uint32_t)(c[VME_CFG_MTF_SUPPORTED] != 0) << CFG_MTF_SUPPORTED;
    s |= (uint32_t)(c[VME_CFG_NMI_STI_CHECK] != 0) << CFG_NMI_STI_CHECK;
    s |= (uint32_t)(c[VME_CFG_TRIPLE_FAULT] != 0) << CFG_TRIPLE_CONTRIB_PF;
    s |= (uint32_t)(c[VME_CFG_CP_ERRCODE] != 0) << CFG_CP_ERRCODE;
    s |= (uint32_t)(c[VME_CFG_SMM] != 0) << CFG_SMM_DUAL;
    s |= (uint32_t)(c[VME_CFG_SAVE_ACTIVITY] != 0) << CFG_SAVE_ACTIVITY;
    s |= (uint32_t)(c[VME_CFG_ACTIVITY_STATES] & 7) << CFG_ACT_HLT;
    s |= (uint32_t)(c[VME_CFG_TIMER_STI] != 0) << CFG_TIMER_STI;
    s |= (uint32_t)(c[VME_CFG_NMI_WINDOW_STI] != 0) << CFG_NMI_WINDOW_STI;
    s |= (uint32_t)(c[VME_CFG_TIMER_RATE] & 31) << CFG_TIMER_RATE0;
    return s;
}

void machine_item_text(const struct vme_item *it, char *buf, size_t len)
{
    switch (it->kind) {
    case VME_INSN_OK: snprintf(buf, len, "insn ok %u", it->len); break;
    case VME_INSN_FAULT:
        snprintf(buf, len, "insn fault %u ec=0x%" PRIx32 " addr=0x%" PRIx64, it->vec, it->ec, it->addr);
        break;
    case VME_INSN_EXIT:
        snprintf(buf, len, "insn exit %" PRIu32 " %u qual=0x%" PRIx64, it->reason, it->len, it->qual);
        break;
    case VME_INSN_HLT: snprintf(buf, len, "insn hlt %u", it->len); break;
    case VME_INSN_INT: snprintf(buf, len, "insn int 0x%x %u", it->vec, it->len); break;
    case VME_INSN_INT3: snprintf(buf, len, "insn int3 %u", it->len); break;
    case VME_INSN_INTO: snprintf(buf, len, "insn into %u", it->len); break;
    case VME_INSN_INT1: snprintf(buf, len, "insn int1 %u", it->len); break;
    case VME_INSN_REP: snprintf(buf, len, "insn rep %u %" PRIu32, it->len, it->count); break;
    case VME_EVENT_EXTINT: snprintf(buf, len, "event extint 0x%x", it->vec); break;
    case VME_EVENT_NMI: snprintf(buf, len, "event nmi"); break;
    case VME_EVENT_SMI: snprintf(buf, len, "event smi"); break;
    case VME_EVENT_INIT: snprintf(buf, len, "event init"); break;
    case VME_EVENT_TICK: snprintf(buf, len, "event tick %" PRIu32, it->count); break;
    default: snprintf(buf, len, "item %d", (int)it->kind); break;
    }
}

int machine_stream_group_ends(const struct machine *m, size_t idx)
{
    for (size_t i = idx + 1; i < m->nstream; i++)
        if (!m->consumed[i]) return !VME_ITEM_IS_EVENT(m->stream[i].kind);
    return 1;
}
