/* The statements of the vector format (vector-format.md): one function per keyword, each checking
 * every argument's width and range, so that nothing reaches a machine unless it is well formed.
 * The file, line and test structure around them is vec.c's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"
#include "evd_rules.h"
#include "vec_parser.h"

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 0 on success, -1 when S is not a number, -2 when it does not fit 64 bits. The whole token is
 * scanned even after an overflow so that garbage is reported as garbage. */
int vec_scan_number(const char *s, uint64_t *v)
{
    unsigned base = 10;
    uint64_t x = 0;
    int over = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        int d = digit_value(*s);
        if (d < 0 || (unsigned)d >= base)
            return -1;
        if (x > (UINT64_MAX - (unsigned)d) / base)
            over = 1;
        else
            x = x * base + (unsigned)d;
    }
    if (over)
        return -2;
    *v = x;
    return 0;
}

int vmcs_field_lookup(const char *token, uint16_t *enc)
{
    if (token[0] >= '0' && token[0] <= '9') {
        uint64_t v;
        if (vec_scan_number(token, &v) != 0 || v > 0xffff || vme_vmcs_field_width((uint16_t)v) == 0)
            return -1;
        *enc = (uint16_t)v;
        return 0;
    }
    return vme_vmcs_field_by_name(token, enc);
}

/* Hex digits with a letter among them but no 0x: a hex number written without its prefix. */
static int looks_hex(const char *tok)
{
    int letter = 0;
    for (; *tok; tok++) {
        if (digit_value(*tok) < 0)
            return 0;
        letter |= *tok > '9';
    }
    return letter;
}

static int get_num(struct parser *p, const char *tok, uint64_t *v)
{
    int rc = vec_scan_number(tok, v);
    if (rc == -1 && looks_hex(tok))
        return vec_fail(p, "bad number '%s' (a hex number needs 0x: 0x%s)", tok, tok);
    if (rc == -1)
        return vec_fail(p, "bad number '%s'", tok);
    if (rc == -2)
        return vec_fail(p, "number too large '%s' (limit 64 bits)", tok);
    return 0;
}

/* A number that must fit BITS bits; WHAT names the destination in the message. */
static int get_bits(struct parser *p, const char *tok, int bits, const char *what, uint64_t *v)
{
    if (get_num(p, tok, v))
        return -1;
    if (bits < 64 && (*v >> bits) != 0)
        return vec_fail(p, "value 0x%" PRIx64 " too wide for %s (%d bits)", *v, what, bits);
    return 0;
}

static int get_range(struct parser *p, const char *tok, uint64_t lo, uint64_t hi, const char *what,
                     uint64_t *v)
{
    if (get_num(p, tok, v))
        return -1;
    if (*v < lo || *v > hi)
        return vec_fail(p, "%s %" PRIu64 " out of range (%" PRIu64 "..%" PRIu64 ")", what, *v, lo, hi);
    return 0;
}


const char *vec_arg(struct parser *p, int i, const char *what)
{
    if (i < p->ntok)
        return p->tok[i];
    vec_fail(p, "missing %s", what);
    return NULL;
}

int vec_no_more(struct parser *p, int n)
{
    if (p->ntok > n)
        return vec_fail(p, "unexpected '%s'", p->tok[n]);
    return 0;
}

/* Splits optional argument I ("key=value") and checks that its key is one of KEYS (NULL-ended)
 * and not given before (SEEN bits). Returns the key's index and sets *VAL, or -1. */
static int opt_key(struct parser *p, int i, const char *what, const char *const *keys,
                   unsigned *seen, const char **val)
{
    char *tok = p->tok[i];
    char *eq = strchr(tok, '=');
    if (eq == NULL)
        return vec_fail(p, "unexpected '%s'", tok);
    *eq = '\0';
    for (int k = 0; keys[k]; k++) {
        if (strcmp(tok, keys[k]) != 0)
            continue;
        if (*seen & (1u << k))
            return vec_fail(p, "duplicate %s attribute '%s'", what, tok);
        *seen |= 1u << k;
        *val = eq + 1;
        return k;
    }
    struct vec_nearest n = {tok, NULL, 0};
    for (int k = 0; keys[k]; k++)
        vec_nearest_offer(&n, keys[k]);
    char kind[64];
    snprintf(kind, sizeof kind, "%s attribute", what);
    return vec_fail_unknown(p, kind, &n, "");
}

/* ---- arguments shared by statements and expectations ---- */

static int field_value(struct parser *p, int i, uint16_t *enc, uint64_t *val)
{
    const char *name = vec_arg(p, i, "VMCS field");
    if (name == NULL)
        return -1;
    if (vmcs_field_lookup(name, enc) != 0) {
        struct vec_nearest n = {name, NULL, 0};
        for (size_t f = 0; f < vme_vmcs_field_count(); f++)
            vec_nearest_offer(&n, vme_vmcs_field_name(vme_vmcs_field_at(f)));
        return vec_fail_unknown(p, "VMCS field", &n, "");
    }
    const char *v = vec_arg(p, i + 1, "value");
    if (v == NULL || get_bits(p, v, vme_vmcs_field_width(*enc), vme_vmcs_field_name(*enc), val))
        return -1;
    return vec_no_more(p, i + 2);
}

static int check_wrap(struct parser *p, uint64_t addr, uint64_t len)
{
    if (addr + (len - 1) < addr)
        return vec_fail(p, "address range 0x%" PRIx64 "+%" PRIu64 " wraps past 0xffffffffffffffff",
                    addr, len);
    return 0;
}

static int mem_args(struct parser *p, int i, uint64_t *addr, uint8_t *size, uint64_t *val)
{
    const char *a = vec_arg(p, i, "address");
    if (a == NULL || get_num(p, a, addr))
        return -1;
    const char *s = vec_arg(p, i + 1, "size");
    uint64_t sz;
    if (s == NULL || get_num(p, s, &sz))
        return -1;
    if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
        return vec_fail(p, "bad mem size %" PRIu64 " (expected 1, 2, 4 or 8)", sz);
    if (check_wrap(p, *addr, sz))
        return -1;
    char what[32];
    snprintf(what, sizeof what, "mem size %u", (unsigned)sz);
    const char *v = vec_arg(p, i + 2, "value");
    if (v == NULL || get_bits(p, v, (int)sz * 8, what, val))
        return -1;
    *size = (uint8_t)sz;
    return vec_no_more(p, i + 3);
}

static int get_len(struct parser *p, int i, uint64_t lo, uint8_t *len)
{
    uint64_t v;
    const char *t = vec_arg(p, i, "instruction length");
    if (t == NULL || get_range(p, t, lo, 15, "instruction length", &v))
        return -1;
    *len = (uint8_t)v;
    return 0;
}

/* For #TS/#NP/#SS/#GP the unit sets EXT itself (vector-format.md, `fault`). */
static int check_ext(struct parser *p, uint8_t vec, uint32_t ec)
{
    if (vec >= 10 && vec <= 13 && (ec & 1))
        return vec_fail(p, "error code 0x%" PRIx32 " for vector %u has bit 0 (EXT) set; "
                       "the unit computes EXT itself", ec, (unsigned)vec);
    return 0;
}

/* ---- statements ---- */

static int st_config(struct parser *p, struct vec_stmt *s)
{
    const char *key = vec_arg(p, 1, "config key");
    if (key == NULL)
        return -1;
    int k = 0;
    while (k < VME_CFG_COUNT && strcmp(key, vme_config_names[k]) != 0)
        k++;
    if (k == VME_CFG_COUNT) {
        struct vec_nearest n = {key, NULL, 0};
        for (k = 0; k < VME_CFG_COUNT; k++)
            vec_nearest_offer(&n, vme_config_names[k]);
        return vec_fail_unknown(p, "config key", &n, "");
    }
    const char *val = vec_arg(p, 2, "config value");
    if (val == NULL || vec_no_more(p, 3))
        return -1;

    uint64_t v = 0;
    int num_ok = vec_scan_number(val, &v) == 0;
    const char *expected = "0 or 1";
    int ok;
    switch (k) {
    case VME_CFG_ERRCODE_HIGH_BITS:
        expected = "16 or 15";
        ok = num_ok && (v == 16 || v == 15);
        break;
    case VME_CFG_TRIPLE_FAULT:
        expected = "any or contributory_pf";
        ok = strcmp(val, "any") == 0 || strcmp(val, "contributory_pf") == 0;
        v = strcmp(val, "contributory_pf") == 0;
        break;
    case VME_CFG_SMM:
        expected = "default or dual";
        ok = strcmp(val, "default") == 0 || strcmp(val, "dual") == 0;
        v = strcmp(val, "dual") == 0;
        break;
    case VME_CFG_ACTIVITY_STATES:
        expected = "a number 0..7";
        ok = num_ok && v <= 7;
        break;
    case VME_CFG_TIMER_RATE:
        expected = "a number 0..31";
        ok = num_ok && v <= 31;
        break;
    default:
        ok = num_ok && v <= 1;
        break;
    }
    if (!ok)
        return vec_fail(p, "bad value '%s' for config key %s (expected %s)", val, key, expected);
    s->kind = VS_CONFIG;
    s->u.config.key = (enum vme_config_key)k;
    s->u.config.value = (uint32_t)v;
    return 0;
}

static int st_vmcs(struct parser *p, struct vec_stmt *s)
{
    s->kind = VS_VMCS;
    if (field_value(p, 1, &s->u.vmcs.field, &s->u.vmcs.value))
        return -1;
    /* The mode at a `tss` line (its field must be one of that mode's TSS) follows these two. */
    if (s->u.vmcs.field == VMCS_VM_ENTRY_CONTROLS)
        p->entry_controls = s->u.vmcs.value;
    else if (s->u.vmcs.field == VMCS_GUEST_CR0)
        p->cr0 = s->u.vmcs.value;
    return 0;
}

static int st_mem(struct parser *p, struct vec_stmt *s)
{
    s->kind = VS_MEM;
    return mem_args(p, 1, &s->u.mem.addr, &s->u.mem.size, &s->u.mem.value);
}

static int gate_type(struct parser *p, const char *val, uint8_t *type)
{
    uint64_t v;
    if (strcmp(val, "int") == 0)
        v = 0xE;
    else if (strcmp(val, "trap") == 0)
        v = 0xF;
    else if (strcmp(val, "task") == 0)
        v = 0x5;
    else if (get_range(p, val, 0, 15, "gate type", &v))
        return -1;
    *type = (uint8_t)v;
    return 0;
}

static int st_gate(struct parser *p, struct vec_stmt *s)
{
    static const char *const keys[] = {"off", "sel", "type", "dpl", "p", "ist", NULL};
    struct vme_gate *g = &s->u.gate;
    uint64_t v;
    const char *t = vec_arg(p, 1, "gate vector");
    if (t == NULL || get_range(p, t, 0, 255, "gate vector", &v))
        return -1;
    s->kind = VS_GATE;
    g->vec = (uint8_t)v;
    unsigned seen = 0;
    for (int i = 2; i < p->ntok; i++) {
        const char *val;
        int k = opt_key(p, i, "gate", keys, &seen, &val);
        int rc = 0;
        switch (k) {
        case 0: rc = get_bits(p, val, 64, "off", &g->off); break;
        case 1: rc = get_bits(p, val, 16, "sel", &v); g->sel = (uint16_t)v; break;
        case 2: rc = gate_type(p, val, &g->type); break;
        case 3: rc = get_range(p, val, 0, 3, "gate dpl", &v); g->dpl = (uint8_t)v; break;
        case 4: rc = get_range(p, val, 0, 1, "gate p", &v); g->p = (uint8_t)v; break;
        case 5: rc = get_range(p, val, 0, 7, "gate ist", &v); g->ist = (uint8_t)v; break;
        default: return -1;
        }
        if (rc)
            return -1;
        g->given |= (uint8_t)(1u << k); /* GATE_* bits follow the order of KEYS */
    }
    return 0;
}


static int st_desc(struct parser *p, struct vec_stmt *s)
{
    uint64_t v;
    const char *t = vec_arg(p, 1, "descriptor selector");
    if (t == NULL || get_bits(p, t, 16, "a selector", &v))
        return -1;
    s->kind = VS_DESC;
    s->u.desc.sel = (uint16_t)v;
    t = vec_arg(p, 2, "descriptor value");
    if (t == NULL || get_bits(p, t, 64, "a descriptor", &s->u.desc.value))
        return -1;
    return vec_no_more(p, 3);
}

static const char *mode_name(enum vme_mode m)
{
    return m == VME_MODE_IA32E ? "IA-32e mode" : m == VME_MODE_PROTECTED ? "protected mode" : "real mode";
}

/* A TSS field of the mode the test is in at this line (vector-format.md `tss`). */
static int st_tss(struct parser *p, struct vec_stmt *s)
{
    const char *name = vec_arg(p, 1, "TSS field");
    if (name == NULL)
        return -1;
    int f = 0;
    while (f < VME_TSS_FIELDS && strcmp(name, vme_tss_fields[f].name) != 0)
        f++;
    if (f == VME_TSS_FIELDS) {
        struct vec_nearest n = {name, NULL, 0};
        for (f = 0; f < VME_TSS_FIELDS; f++)
            vec_nearest_offer(&n, vme_tss_fields[f].name);
        return vec_fail_unknown(p, "TSS field", &n, " (IA-32e mode: rsp0-rsp2, ist1-ist7; protected mode: "
                                                   "esp0-esp2, ss0-ss2)");
    }
    const struct vme_tss_layout *l = &vme_tss_fields[f];
    enum vme_mode mode = vme_mode_of(p->entry_controls, p->cr0);
    if (mode != (enum vme_mode)l->mode)
        return vec_fail(p, "TSS field '%s' belongs to the %s TSS, but the test is in %s here "
                           "(VM_ENTRY_CONTROLS 0x%" PRIx64 ", GUEST_CR0 0x%" PRIx64 ")",
                        name, mode_name((enum vme_mode)l->mode), mode_name(mode), p->entry_controls, p->cr0);
    s->kind = VS_TSS;
    s->u.tss.field = (enum vme_tss_field)f;
    const char *t = vec_arg(p, 2, "value");
    if (t == NULL || get_bits(p, t, 8 * l->size, name, &s->u.tss.value))
        return -1;
    return vec_no_more(p, 3);
}

static int get_access(struct parser *p, const char *t, enum vme_access *a)
{
    if (strcmp(t, "read") == 0)
        *a = VME_ACCESS_READ;
    else if (strcmp(t, "write") == 0)
        *a = VME_ACCESS_WRITE;
    else if (strcmp(t, "any") == 0)
        *a = VME_ACCESS_ANY;
    else
        return vec_fail(p, "bad access kind '%s' (expected read, write or any)", t);
    return 0;
}

static int st_fault(struct parser *p, struct vec_stmt *s)
{
    static const char *const keys[] = {"ec", NULL};
    struct vme_fault *f = &s->u.fault;
    uint64_t v;
    const char *t;
    s->kind = VS_FAULT;
    if ((t = vec_arg(p, 1, "address")) == NULL || get_num(p, t, &f->addr))
        return -1;
    if ((t = vec_arg(p, 2, "length")) == NULL || get_num(p, t, &f->len))
        return -1;
    if (f->len == 0)
        return vec_fail(p, "fault length 0 (must be at least 1)");
    if (check_wrap(p, f->addr, f->len))
        return -1;
    if ((t = vec_arg(p, 3, "access kind")) == NULL || get_access(p, t, &f->access))
        return -1;
    if ((t = vec_arg(p, 4, "fault vector")) == NULL || get_range(p, t, 0, 31, "fault vector", &v))
        return -1;
    f->vec = (uint8_t)v;
    unsigned seen = 0;
    for (int i = 5; i < p->ntok; i++) {
        const char *val;
        if (opt_key(p, i, "fault", keys, &seen, &val) < 0 || get_bits(p, val, 32, "ec", &v))
            return -1;
        f->ec = (uint32_t)v;
    }
    return check_ext(p, f->vec, f->ec);
}

/* An error code on a vector that pushes none is legal (vector-format.md) but is never delivered:
 * most likely the wrong vector. #CP counts as having one (config cp_errcode may give it one). */
static void warn_no_error_code(struct parser *p, const struct vme_item *it)
{
    static const struct rule_config any = {.cp_errcode = 1};
    if (!rule_has_error_code(it->vec, &any))
        vec_warn(p, "insn fault %u ec=0x%" PRIx32 ": vector %u has no error code (those with one: 8, 10-14, 17, 21)",
                 (unsigned)it->vec, it->ec, (unsigned)it->vec);
}

static int insn_fault(struct parser *p, struct vme_item *it)
{
    static const char *const keys[] = {"ec", "addr", NULL};
    uint64_t v;
    const char *t = vec_arg(p, 2, "fault vector");
    if (t == NULL || get_range(p, t, 0, 31, "fault vector", &v))
        return -1;
    it->vec = (uint8_t)v;
    unsigned seen = 0;
    for (int i = 3; i < p->ntok; i++) {
        const char *val;
        int k = opt_key(p, i, "insn fault", keys, &seen, &val);
        if (k < 0)
            return -1;
        if (k == 0) {
            if (get_bits(p, val, 32, "ec", &v))
                return -1;
            it->ec = (uint32_t)v;
            it->has_ec = 1;
            warn_no_error_code(p, it);
        } else {
            if (get_num(p, val, &it->addr))
                return -1;
            it->has_addr = 1;
        }
    }
    return 0;
}

static int insn_exit(struct parser *p, struct vme_item *it)
{
    static const char *const keys[] = {"qual", NULL};
    uint64_t v;
    const char *t = vec_arg(p, 2, "exit reason");
    if (t == NULL || get_range(p, t, 0, 65535, "exit reason", &v))
        return -1;
    it->reason = (uint32_t)v;
    if (get_len(p, 3, 0, &it->len))
        return -1;
    unsigned seen = 0;
    for (int i = 4; i < p->ntok; i++) {
        const char *val;
        if (opt_key(p, i, "insn exit", keys, &seen, &val) < 0 || get_num(p, val, &it->qual))
            return -1;
    }
    return 0;
}

/* A stream item's kind by its name (token 1 of an `insn` or `event` line): 0 and *KIND, or -1
 * after an error naming WHAT. */
struct item_name {
    const char *name;
    enum vme_item_kind kind;
};
static int item_kind(struct parser *p, const char *what, const struct item_name *names, size_t n,
                     enum vme_item_kind *kind)
{
    const char *t = vec_arg(p, 1, what);
    if (t == NULL)
        return -1;
    for (size_t k = 0; k < n; k++)
        if (strcmp(t, names[k].name) == 0) {
            *kind = names[k].kind;
            return 0;
        }
    struct vec_nearest near = {t, NULL, 0};
    for (size_t k = 0; k < n; k++)
        vec_nearest_offer(&near, names[k].name);
    return vec_fail_unknown(p, what, &near, "");
}

static int st_insn(struct parser *p, struct vec_stmt *s)
{
    static const struct item_name kinds[] = {
        {"ok", VME_INSN_OK},     {"fault", VME_INSN_FAULT}, {"exit", VME_INSN_EXIT}, {"hlt", VME_INSN_HLT},
        {"int", VME_INSN_INT},   {"int3", VME_INSN_INT3},   {"into", VME_INSN_INTO}, {"int1", VME_INSN_INT1},
        {"rep", VME_INSN_REP},
    };
    struct vme_item *it = &s->u.item;
    uint64_t v;
    const char *t;
    if (item_kind(p, "insn kind", kinds, sizeof kinds / sizeof kinds[0], &it->kind))
        return -1;
    s->kind = VS_ITEM;
    switch (it->kind) {
    case VME_INSN_FAULT:
        return insn_fault(p, it);
    case VME_INSN_EXIT:
        return insn_exit(p, it);
    case VME_INSN_INT:
        if ((t = vec_arg(p, 2, "int vector")) == NULL || get_range(p, t, 0, 255, "int vector", &v))
            return -1;
        it->vec = (uint8_t)v;
        return get_len(p, 3, 1, &it->len) || vec_no_more(p, 4) ? -1 : 0;
    case VME_INSN_REP:
        if (get_len(p, 2, 1, &it->len))
            return -1;
        if ((t = vec_arg(p, 3, "rep count")) == NULL ||
            get_range(p, t, 1, 0xffffffffu, "rep count", &v))
            return -1;
        it->count = (uint32_t)v;
        return vec_no_more(p, 4);
    default: /* ok, hlt, int3, into, int1: just a length */
        return get_len(p, 2, 1, &it->len) || vec_no_more(p, 3) ? -1 : 0;
    }
}

static int st_event(struct parser *p, struct vec_stmt *s)
{
    static const struct item_name kinds[] = {
        {"extint", VME_EVENT_EXTINT}, {"nmi", VME_EVENT_NMI}, {"smi", VME_EVENT_SMI},
        {"init", VME_EVENT_INIT},     {"tick", VME_EVENT_TICK},
    };
    if (item_kind(p, "event kind", kinds, sizeof kinds / sizeof kinds[0], &s->u.item.kind))
        return -1;
    s->kind = VS_ITEM;
    uint64_t v;
    const char *t;
    switch (s->u.item.kind) {
    case VME_EVENT_EXTINT:
        if ((t = vec_arg(p, 2, "extint vector")) == NULL || get_range(p, t, 0, 255, "extint vector", &v))
            return -1;
        s->u.item.vec = (uint8_t)v;
        return vec_no_more(p, 3);
    case VME_EVENT_TICK: /* time passes only through ticks: zero of them is no event */
        if ((t = vec_arg(p, 2, "tick count")) == NULL ||
            get_range(p, t, 1, 0xffffffffu, "tick count", &v))
            return -1;
        s->u.item.count = (uint32_t)v;
        return vec_no_more(p, 3);
    default:
        return vec_no_more(p, 2);
    }
}

static int st_enter(struct parser *p, struct vec_stmt *s)
{
    s->kind = VS_ENTER;
    s->u.enter = VME_ENTER_AUTO;
    if (p->ntok > 1) {
        if (strcmp(p->tok[1], "launch") == 0)
            s->u.enter = VME_ENTER_LAUNCH;
        else if (strcmp(p->tok[1], "resume") == 0)
            s->u.enter = VME_ENTER_RESUME;
        else
            return vec_fail(p, "bad enter mode '%s' (expected launch or resume)", p->tok[1]);
    }
    if (vec_no_more(p, 2))
        return -1;
    p->entered = 1;
    return 0;
}

/* expect vmfail N | exit R | cr2 V | smm N: one number of BITS bits. */
static int expect_number(struct parser *p, int bits, const char *what, uint64_t *v)
{
    const char *t = vec_arg(p, 2, what);
    if (t == NULL || get_bits(p, t, bits, what, v))
        return -1;
    return vec_no_more(p, 3);
}

static int st_expect(struct parser *p, struct vec_stmt *s)
{
    struct vec_expect *x = &s->u.expect;
    if (!p->entered)
        return vec_fail(p, "expect before any enter");
    const char *t = vec_arg(p, 1, "expect kind");
    if (t == NULL)
        return -1;
    s->kind = VS_EXPECT;
    if (strcmp(t, "vmfail") == 0) {
        x->kind = VX_VMFAIL;
        return expect_number(p, 32, "vmfail", &x->value);
    }
    if (strcmp(t, "exit") == 0) {
        x->kind = VX_EXIT;
        return expect_number(p, 32, "exit reason", &x->value);
    }
    if (strcmp(t, "running") == 0) {
        x->kind = VX_RUNNING;
        return vec_no_more(p, 2);
    }
    if (strcmp(t, "vmcs") == 0) {
        x->kind = VX_VMCS;
        return field_value(p, 2, &x->field, &x->value);
    }
    if (strcmp(t, "mem") == 0) {
        x->kind = VX_MEM;
        return mem_args(p, 2, &x->addr, &x->size, &x->value);
    }
    if (strcmp(t, "cr2") == 0) {
        x->kind = VX_CR2;
        return expect_number(p, 64, "cr2", &x->value);
    }
    if (strcmp(t, "smm") == 0) {
        x->kind = VX_SMM;
        return expect_number(p, 64, "smm count", &x->value);
    }
    static const char *const kinds[] = {"vmfail", "exit", "running", "vmcs", "mem", "cr2", "smm"};
    struct vec_nearest n = {t, NULL, 0};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        vec_nearest_offer(&n, kinds[k]);
    return vec_fail_unknown(p, "expect kind", &n, "");
}

static const struct {
    const char *kw;
    int (*fn)(struct parser *, struct vec_stmt *);
} statements[] = {
    {"config", st_config}, {"vmcs", st_vmcs},   {"mem", st_mem},       {"gate", st_gate},
    {"desc", st_desc},     {"tss", st_tss},
    {"fault", st_fault},   {"insn", st_insn},   {"event", st_event},   {"enter", st_enter},
    {"expect", st_expect},
};

int vec_known_keyword(const char *kw)
{
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++)
        if (strcmp(kw, statements[i].kw) == 0) return 1;
    return 0;
}

void vec_offer_keywords(struct vec_nearest *n)
{
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++)
        vec_nearest_offer(n, statements[i].kw);
}

int vec_parse_stmt(struct parser *p, struct vec_stmt *s)
{
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++)
        if (strcmp(p->tok[0], statements[i].kw) == 0) return statements[i].fn(p, s);
    return vec_fail(p, "unknown keyword '%s'", p->tok[0]);
}
