/* Constrained-random scenarios (build/vmentry-sim --random N --seed S). Scenario I of seed S is
 * a pure function of (S, I), so shards and reruns see the same scenarios. Each is a test of the
 * vector format with no expectations: the lockstep check against the golden model is the oracle.
 * The mix: legal and illegal injection fields in every mode (IA-32e, protected, real), activity
 * states, interruptibility, exception bitmaps with PFEC mask/match, gates that fault, fault plans
 * on the IDT and the stack, streams of instructions and events, and every config key. */
#include "random.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"

struct gen {
    uint64_t s;
    struct vec_test *t;
    size_t cap;
    int mode; /* 0 IA-32e, 1 protected, 2 real */
    int virtual_nmis; /* pin-based control bit 5: no `event nmi` (A6 is not modelled) */
    int failed;
};

static uint64_t next(struct gen *g)
{
    g->s ^= g->s << 13, g->s ^= g->s >> 7, g->s ^= g->s << 17;
    return g->s;
}
static unsigned below(struct gen *g, unsigned n) { return (unsigned)(next(g) % n); }
static int chance(struct gen *g, unsigned percent) { return below(g, 100) < percent; }

static struct vec_stmt *push(struct gen *g, enum vec_stmt_kind kind)
{
    struct vec_test *t = g->t;
    if (t->nstmts == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        struct vec_stmt *s = realloc(t->stmts, cap * sizeof *s);
        if (!s) {
            g->failed = 1;
            return NULL;
        }
        t->stmts = s;
        g->cap = cap;
    }
    struct vec_stmt *s = &t->stmts[t->nstmts];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = 3 + (int)t->nstmts; /* vec_write_test: a comment, `test`, then one statement a line */
    t->nstmts++;
    return s;
}

static void vmcs(struct gen *g, uint16_t field, uint64_t value)
{
    struct vec_stmt *s = push(g, VS_VMCS);
    if (s) s->u.vmcs.field = field, s->u.vmcs.value = value;
}

static void config(struct gen *g, enum vme_config_key key, uint32_t value)
{
    struct vec_stmt *s = push(g, VS_CONFIG);
    if (s) s->u.config.key = key, s->u.config.value = value;
}

static int has_error_code(unsigned v) { return v == 8 || (v >= 10 && v <= 14) || v == 17; }

/* A vector that is interesting for delivery: exceptions of every class, and interrupts. */
static uint8_t some_vector(struct gen *g)
{
    static const uint8_t v[] = {0, 1, 2, 3, 4, 6, 8, 10, 11, 12, 13, 14, 17, 18, 20, 21, 0x20, 0x41, 0x80, 0xff};
    return v[below(g, sizeof v)];
}

static void injection(struct gen *g)
{
    unsigned pick = below(g, 100);
    uint32_t info;
    if (pick < 30) return; /* no injection */
    if (pick < 85) {
        /* A legal event of each type, its error code and length as the checks want them. */
        static const uint8_t types[] = {0, 2, 3, 3, 3, 4, 5, 6, 7};
        uint8_t type = types[below(g, sizeof types)], vec;
        switch (type) {
        case 0: vec = (uint8_t)(0x20 + below(g, 0xe0)); break;
        case 2: vec = 2; break;
        case 3: vec = (uint8_t)below(g, 32); break;
        case 4: vec = some_vector(g); break;
        case 5: vec = 1; break;
        case 6: vec = chance(g, 50) ? 3 : 4; break;
        default: vec = 0; break;
        }
        info = 0x80000000u | (uint32_t)type << 8 | vec;
        if (type == 3 && g->mode != 2 && has_error_code(vec)) info |= 0x800;
        if (type == 0 || type == 2) vmcs(g, VMCS_GUEST_RFLAGS, 0x202);
    } else {
        /* Anything: reserved types and bits, wrong vectors, error codes where none belongs. */
        info = 0x80000000u | (uint32_t)below(g, 8) << 8 | (chance(g, 50) ? some_vector(g) : below(g, 256));
        if (chance(g, 50)) info |= 0x800;
        if (chance(g, 30)) info |= 1u << (12 + below(g, 19));
    }
    vmcs(g, VMCS_VM_ENTRY_INTR_INFO_FIELD, info);
    vmcs(g, VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, chance(g, 80) ? below(g, 0x10000) : (uint32_t)next(g));
    static const uint32_t lengths[] = {0, 1, 2, 3, 15, 16, 0xffffffff};
    vmcs(g, VMCS_VM_ENTRY_INSTRUCTION_LEN, chance(g, 80) ? 1 + below(g, 15) : lengths[below(g, 7)]);
}

/* `enter`, and now and then a forced VMLAUNCH or VMRESUME, which the launch state may refuse (E1). */
static void enter(struct gen *g)
{
    struct vec_stmt *s = push(g, VS_ENTER);
    if (s && chance(g, 4)) s->u.enter = chance(g, 50) ? VME_ENTER_LAUNCH : VME_ENTER_RESUME;
}

/* The address of the IDT entry of VEC in the current mode (and its size). */
static uint64_t idt_entry(const struct gen *g, unsigned vec, uint64_t *size)
{
    uint64_t base = g->mode == 2 ? 0 : 0x10000;
    *size = g->mode == 0 ? 16 : g->mode == 1 ? 8 : 4;
    return base + *size * vec;
}

static void faults_and_gates(struct gen *g)
{
    for (unsigned n = below(g, 3); n; n--) {
        struct vec_stmt *s = push(g, VS_GATE);
        if (!s) return;
        s->u.gate.vec = some_vector(g);
        switch (below(g, 3)) {
        case 0: s->u.gate.given = VME_GATE_P, s->u.gate.p = 0; break;
        case 1: s->u.gate.given = VME_GATE_TYPE, s->u.gate.type = (uint8_t)below(g, 16); break;
        default: s->u.gate.given = VME_GATE_DPL, s->u.gate.dpl = 3; break;
        }
    }
    static const uint8_t fault_vectors[] = {14, 14, 12, 13, 11, 10, 6, 17, 20};
    for (unsigned n = below(g, 3); n; n--) {
        struct vec_stmt *s = push(g, VS_FAULT);
        if (!s) return;
        struct vme_fault *f = &s->u.fault;
        f->vec = fault_vectors[below(g, sizeof fault_vectors)];
        f->ec = f->vec >= 10 && f->vec <= 13 ? (uint32_t)below(g, 0x100) & ~1u : (uint32_t)below(g, 0x20);
        if (chance(g, 50)) { /* the stack, where pushes go */
            uint64_t top = g->mode == 2 ? 0x10000 + 0x1000 : 0x9000;
            f->addr = top - 8 * (1 + below(g, 6));
            f->len = 8;
            f->access = VME_ACCESS_WRITE;
        } else { /* an IDT entry */
            uint64_t size;
            f->addr = idt_entry(g, some_vector(g), &size) + (chance(g, 50) ? 0 : size / 2);
            f->len = chance(g, 50) ? size / 2 : 1;
            f->access = chance(g, 50) ? VME_ACCESS_READ : VME_ACCESS_ANY;
        }
    }
}

static void item(struct gen *g)
{
    struct vec_stmt *s = push(g, VS_ITEM);
    if (!s) return;
    struct vme_item *it = &s->u.item;
    it->len = (uint8_t)(1 + below(g, 15));
    unsigned pick = below(g, 100);
    if (pick < 35) it->kind = VME_INSN_OK;
    else if (pick < 45) it->kind = VME_INSN_EXIT, it->reason = chance(g, 50) ? 18 : 10 + below(g, 40), it->qual = below(g, 4) ? 0 : next(g);
    else if (pick < 53) {
        it->kind = VME_INSN_FAULT, it->vec = (uint8_t)below(g, 32), it->has_ec = 1, it->ec = below(g, 0x20);
        it->has_addr = it->vec == 14, it->addr = it->has_addr ? 0x1000 * (1 + below(g, 16)) : 0;
    } else if (pick < 58) it->kind = VME_INSN_HLT;
    else if (pick < 62) it->kind = VME_INSN_INT, it->vec = some_vector(g);
    else if (pick < 66) it->kind = (enum vme_item_kind)(VME_INSN_INT3 + below(g, 3));
    else if (pick < 71) it->kind = VME_INSN_REP, it->count = 1 + below(g, 4);
    else if (pick < 80) it->kind = VME_EVENT_EXTINT, it->vec = (uint8_t)(0x20 + below(g, 0xe0));
    else if (pick < 88) it->kind = g->virtual_nmis ? VME_EVENT_SMI : VME_EVENT_NMI; /* A6: an NMI under virtual NMIs is refused */
    else if (pick < 94) it->kind = VME_EVENT_SMI;
    else it->kind = VME_EVENT_INIT;
}

int random_scenario(uint64_t seed, uint64_t index, struct vec_test *t, size_t *cap)
{
    struct gen g = {.s = (seed * 0x9e3779b97f4a7c15ull) ^ (index * 0xbf58476d1ce4e5b9ull) ^ 0x94d049bb133111ebull,
                    .t = t, .cap = *cap};
    if (!g.s) g.s = 1;
    for (int i = 0; i < 4; i++) next(&g);
    t->nstmts = 0;
    t->line = 2;
    snprintf(t->name, sizeof t->name, "random-%llu-%llu", (unsigned long long)seed, (unsigned long long)index);

    /* Config keys, each away from its default now and then. */
    if (chance(&g, 10)) config(&g, VME_CFG_ERRCODE_HIGH_BITS, 15);
    if (chance(&g, 10)) config(&g, VME_CFG_ZERO_LEN_INJECT, 1);
    if (chance(&g, 10)) config(&g, VME_CFG_NO_HW_ERRCODE_CC, 1);
    if (chance(&g, 5)) config(&g, VME_CFG_MTF_SUPPORTED, 0);
    if (chance(&g, 10)) config(&g, VME_CFG_NMI_STI_CHECK, 0);
    if (chance(&g, 10)) config(&g, VME_CFG_TRIPLE_FAULT, 1);
    if (chance(&g, 10)) config(&g, VME_CFG_CP_ERRCODE, 1);
    if (chance(&g, 15)) config(&g, VME_CFG_SMM, 1);
    if (chance(&g, 10)) config(&g, VME_CFG_SAVE_ACTIVITY, 0);
    if (chance(&g, 10)) config(&g, VME_CFG_ACTIVITY_STATES, below(&g, 8));

    /* The mode (E5): IA-32e, protected, or real with unrestricted guest. */
    unsigned m = below(&g, 100);
    g.mode = m < 50 ? 0 : m < 75 ? 1 : 2;
    uint32_t proc = 0;
    if (g.mode) vmcs(&g, VMCS_VM_ENTRY_CONTROLS, 0);
    if (g.mode == 2) {
        vmcs(&g, VMCS_GUEST_CR0, 0x30);
        vmcs(&g, VMCS_SECONDARY_VM_EXEC_CONTROL, 0x80);
        vmcs(&g, VMCS_GUEST_IDTR_BASE, 0);
        vmcs(&g, VMCS_GUEST_IDTR_LIMIT, 0x3ff);
        vmcs(&g, VMCS_GUEST_SS_BASE, 0x10000);
        vmcs(&g, VMCS_GUEST_RSP, 0x1000);
        proc |= 1u << 31;
    }
    /* Controls: MTF, HLT exiting, interrupt and NMI exiting, virtual NMIs, acknowledge on exit. */
    if (chance(&g, 40)) proc |= 1u << 27;
    if (chance(&g, 15)) proc |= 1u << 7;
    if (proc) vmcs(&g, VMCS_CPU_BASED_VM_EXEC_CONTROL, proc);
    /* Virtual NMIs come with NMI exiting: without it E6 makes the entry fail, which the model does not
     * model (it refuses the run). */
    uint32_t pin = (chance(&g, 25) ? 1u : 0) | (chance(&g, 20) ? 8u : 0) | (chance(&g, 10) ? 0x28u : 0);
    if (pin) vmcs(&g, VMCS_PIN_BASED_VM_EXEC_CONTROL, pin);
    g.virtual_nmis = (pin >> 5) & 1;
    if (chance(&g, 50)) vmcs(&g, VMCS_VM_EXIT_CONTROLS, 0x8000);
    if (chance(&g, 60)) {
        uint32_t bitmap = 0;
        for (int v = 0; v < 32; v++)
            if (chance(&g, 15)) bitmap |= 1u << v;
        vmcs(&g, VMCS_EXCEPTION_BITMAP, bitmap);
        if (chance(&g, 40)) {
            vmcs(&g, VMCS_PAGE_FAULT_ERROR_CODE_MASK, below(&g, 0x20));
            vmcs(&g, VMCS_PAGE_FAULT_ERROR_CODE_MATCH, below(&g, 0x20));
        }
    }
    /* Guest state: IF, TF, interruptibility, activity, SS.DPL, pending debug exceptions. */
    uint64_t rflags = 0x2 | (chance(&g, 60) ? 0x200u : 0) | (chance(&g, 12) ? 0x100u : 0);
    vmcs(&g, VMCS_GUEST_RFLAGS, rflags);
    if (chance(&g, 25)) {
        static const uint32_t blocking[] = {1, 2, 8, 9, 10, 3};
        vmcs(&g, VMCS_GUEST_INTERRUPTIBILITY_INFO, blocking[below(&g, 6)]);
    }
    if (chance(&g, 25)) vmcs(&g, VMCS_GUEST_ACTIVITY_STATE, 1 + below(&g, chance(&g, 80) ? 1 : 4));
    /* No CPL 3: a delivery from CPL 3 (IA-32e, protected) is a privilege change (behaviour.md D6), which
     * the model refuses; the directed vectors cover CPL 3. The draw stays, so that the rest of every
     * scenario is what it was. */
    (void)chance(&g, 5);
    if (chance(&g, 10)) vmcs(&g, VMCS_GUEST_PENDING_DBG_EXCEPTIONS, chance(&g, 60) ? 0x4000 : 0x1002);

    injection(&g);
    faults_and_gates(&g);
    for (unsigned n = below(&g, 9); n; n--) item(&g);
    enter(&g);
    /* Sometimes the VMM resumes, or the idle guest goes on, with a few more items. */
    if (chance(&g, 30)) {
        for (unsigned n = 1 + below(&g, 3); n; n--) item(&g);
        enter(&g);
    }
    *cap = g.cap;
    return g.failed ? -1 : 0;
}
