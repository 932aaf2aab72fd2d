/* The vector-file parser (vector-format.md). Every line is checked completely before the next
 * one is read, so the first error of a file is the one reported. */
#include "vec.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif


/* No statement takes this many tokens, so the first surplus token is always kept for the
 * "unexpected" message while longer lines cost nothing. */
#define MAX_TOKENS 17

struct parser {
    const char *name;
    int line;
    char *err;
    size_t errlen;
    struct vec_file f;   /* built here and handed to the caller only on success */
    size_t tests_cap;
    size_t stmts_cap;    /* capacity of the open test's statement array */
    long cur;            /* index of the open test, -1 when none */
    int entered;         /* the open test has had an `enter` */
    size_t *names;       /* hash set of test indices + 1 (0 = free slot), for duplicate names */
    size_t names_cap;
    char text[VEC_MAX_LINE_LEN + 1]; /* the current line, cut into tokens in place */
    char *tok[MAX_TOKENS];
    int ntok;
};

/* ---- errors ---- */

static void vreport(char *err, size_t errlen, const char *name, int line, const char *fmt,
                    va_list ap)
{
    if (err == NULL || errlen == 0)
        return;
    int n = snprintf(err, errlen, "%s:%d: ", name, line);
    if (n >= 0 && (size_t)n < errlen)
        vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
}

static PRINTF_LIKE(5, 6) int report(char *err, size_t errlen, const char *name, int line,
                                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(err, errlen, name, line, fmt, ap);
    va_end(ap);
    return -1;
}

static PRINTF_LIKE(2, 3) int fail(struct parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(p->err, p->errlen, p->name, p->line, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- numbers and arguments ---- */

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

static int get_num(struct parser *p, const char *tok, uint64_t *v)
{
    int rc = vec_scan_number(tok, v);
    if (rc == -1)
        return fail(p, "bad number '%s'", tok);
    if (rc == -2)
        return fail(p, "number too large '%s' (limit 64 bits)", tok);
    return 0;
}

/* A number that must fit BITS bits; WHAT names the destination in the message. */
static int get_bits(struct parser *p, const char *tok, int bits, const char *what, uint64_t *v)
{
    if (get_num(p, tok, v))
        return -1;
    if (bits < 64 && (*v >> bits) != 0)
        return fail(p, "value 0x%" PRIx64 " too wide for %s (%d bits)", *v, what, bits);
    return 0;
}

static int get_range(struct parser *p, const char *tok, uint64_t lo, uint64_t hi, const char *what,
                     uint64_t *v)
{
    if (get_num(p, tok, v))
        return -1;
    if (*v < lo || *v > hi)
        return fail(p, "%s %" PRIu64 " out of range (%" PRIu64 "..%" PRIu64 ")", what, *v, lo, hi);
    return 0;
}

/* Token I, or an error naming what is missing. */
static const char *arg(struct parser *p, int i, const char *what)
{
    if (i < p->ntok)
        return p->tok[i];
    fail(p, "missing %s", what);
    return NULL;
}

static int no_more(struct parser *p, int n)
{
    if (p->ntok > n)
        return fail(p, "unexpected '%s'", p->tok[n]);
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
        return fail(p, "unexpected '%s'", tok);
    *eq = '\0';
    for (int k = 0; keys[k]; k++) {
        if (strcmp(tok, keys[k]) != 0)
            continue;
        if (*seen & (1u << k))
            return fail(p, "duplicate %s attribute '%s'", what, tok);
        *seen |= 1u << k;
        *val = eq + 1;
        return k;
    }
    return fail(p, "unknown %s attribute '%s'", what, tok);
}

/* ---- arguments shared by statements and expectations ---- */

static int field_value(struct parser *p, int i, uint16_t *enc, uint64_t *val)
{
    const char *name = arg(p, i, "VMCS field");
    if (name == NULL)
        return -1;
    if (vmcs_field_lookup(name, enc) != 0)
        return fail(p, "unknown VMCS field '%s'", name);
    const char *v = arg(p, i + 1, "value");
    if (v == NULL || get_bits(p, v, vme_vmcs_field_width(*enc), vme_vmcs_field_name(*enc), val))
        return -1;
    return no_more(p, i + 2);
}

static int check_wrap(struct parser *p, uint64_t addr, uint64_t len)
{
    if (addr + (len - 1) < addr)
        return fail(p, "address range 0x%" PRIx64 "+%" PRIu64 " wraps past 0xffffffffffffffff",
                    addr, len);
    return 0;
}

static int mem_args(struct parser *p, int i, uint64_t *addr, uint8_t *size, uint64_t *val)
{
    const char *a = arg(p, i, "address");
    if (a == NULL || get_num(p, a, addr))
        return -1;
    const char *s = arg(p, i + 1, "size");
    uint64_t sz;
    if (s == NULL || get_num(p, s, &sz))
        return -1;
    if (sz != 1 && sz != 2 && sz != 4 && sz != 8)
        return fail(p, "bad mem size %" PRIu64 " (expected 1, 2, 4 or 8)", sz);
    if (check_wrap(p, *addr, sz))
        return -1;
    char what[32];
    snprintf(what, sizeof what, "mem size %u", (unsigned)sz);
    const char *v = arg(p, i + 2, "value");
    if (v == NULL || get_bits(p, v, (int)sz * 8, what, val))
        return -1;
    *size = (uint8_t)sz;
    return no_more(p, i + 3);
}

static int get_len(struct parser *p, int i, uint64_t lo, uint8_t *len)
{
    uint64_t v;
    const char *t = arg(p, i, "instruction length");
    if (t == NULL || get_range(p, t, lo, 15, "instruction length", &v))
        return -1;
    *len = (uint8_t)v;
    return 0;
}

/* For #TS/#NP/#SS/#GP the unit sets EXT itself (vector-format.md, `fault`). */
static int check_ext(struct parser *p, uint8_t vec, uint32_t ec)
{
    if (vec >= 10 && vec <= 13 && (ec & 1))
        return fail(p, "error code 0x%" PRIx32 " for vector %u has bit 0 (EXT) set; "
                       "the unit computes EXT itself", ec, (unsigned)vec);
    return 0;
}

/* ---- statements ---- */

static int st_config(struct parser *p, struct vec_stmt *s)
{
    const char *key = arg(p, 1, "config key");
    if (key == NULL)
        return -1;
    int k = 0;
    while (k < VME_CFG_COUNT && strcmp(key, vme_config_names[k]) != 0)
        k++;
    if (k == VME_CFG_COUNT)
        return fail(p, "unknown config key '%s'", key);
    const char *val = arg(p, 2, "config value");
    if (val == NULL || no_more(p, 3))
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
    default:
        ok = num_ok && v <= 1;
        break;
    }
    if (!ok)
        return fail(p, "bad value '%s' for config key %s (expected %s)", val, key, expected);
    s->kind = VS_CONFIG;
    s->u.config.key = (enum vme_config_key)k;
    s->u.config.value = (uint32_t)v;
    return 0;
}

static int st_vmcs(struct parser *p, struct vec_stmt *s)
{
    s->kind = VS_VMCS;
    return field_value(p, 1, &s->u.vmcs.field, &s->u.vmcs.value);
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
    static const char *const keys[] = {"off", "sel", "type", "dpl", "p", NULL};
    struct vme_gate *g = &s->u.gate;
    uint64_t v;
    const char *t = arg(p, 1, "gate vector");
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
        default: return -1;
        }
        if (rc)
            return -1;
        g->given |= (uint8_t)(1u << k); /* GATE_* bits follow the order of KEYS */
    }
    return 0;
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
        return fail(p, "bad access kind '%s' (expected read, write or any)", t);
    return 0;
}

static int st_fault(struct parser *p, struct vec_stmt *s)
{
    static const char *const keys[] = {"ec", NULL};
    struct vme_fault *f = &s->u.fault;
    uint64_t v;
    const char *t;
    s->kind = VS_FAULT;
    if ((t = arg(p, 1, "address")) == NULL || get_num(p, t, &f->addr))
        return -1;
    if ((t = arg(p, 2, "length")) == NULL || get_num(p, t, &f->len))
        return -1;
    if (f->len == 0)
        return fail(p, "fault length 0 (must be at least 1)");
    if (check_wrap(p, f->addr, f->len))
        return -1;
    if ((t = arg(p, 3, "access kind")) == NULL || get_access(p, t, &f->access))
        return -1;
    if ((t = arg(p, 4, "fault vector")) == NULL || get_range(p, t, 0, 31, "fault vector", &v))
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

static int insn_fault(struct parser *p, struct vme_item *it)
{
    static const char *const keys[] = {"ec", "addr", NULL};
    uint64_t v;
    const char *t = arg(p, 2, "fault vector");
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
    const char *t = arg(p, 2, "exit reason");
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

static int st_insn(struct parser *p, struct vec_stmt *s)
{
    static const struct { const char *name; enum vme_item_kind kind; } kinds[] = {
        {"ok", VME_INSN_OK},     {"fault", VME_INSN_FAULT}, {"exit", VME_INSN_EXIT}, {"hlt", VME_INSN_HLT},
        {"int", VME_INSN_INT},   {"int3", VME_INSN_INT3},   {"into", VME_INSN_INTO}, {"int1", VME_INSN_INT1},
        {"rep", VME_INSN_REP},
    };
    struct vme_item *it = &s->u.item;
    uint64_t v;
    const char *t = arg(p, 1, "insn kind");
    if (t == NULL)
        return -1;
    size_t k = 0;
    while (k < sizeof kinds / sizeof kinds[0] && strcmp(t, kinds[k].name) != 0)
        k++;
    if (k == sizeof kinds / sizeof kinds[0])
        return fail(p, "unknown insn kind '%s'", t);
    s->kind = VS_ITEM;
    it->kind = kinds[k].kind;
    switch (it->kind) {
    case VME_INSN_FAULT:
        return insn_fault(p, it);
    case VME_INSN_EXIT:
        return insn_exit(p, it);
    case VME_INSN_INT:
        if ((t = arg(p, 2, "int vector")) == NULL || get_range(p, t, 0, 255, "int vector", &v))
            return -1;
        it->vec = (uint8_t)v;
        return get_len(p, 3, 1, &it->len) || no_more(p, 4) ? -1 : 0;
    case VME_INSN_REP:
        if (get_len(p, 2, 1, &it->len))
            return -1;
        if ((t = arg(p, 3, "rep count")) == NULL ||
            get_range(p, t, 1, 0xffffffffu, "rep count", &v))
            return -1;
        it->count = (uint32_t)v;
        return no_more(p, 4);
    default: /* ok, hlt, int3, into, int1: just a length */
        return get_len(p, 2, 1, &it->len) || no_more(p, 3) ? -1 : 0;
    }
}

static int st_event(struct parser *p, struct vec_stmt *s)
{
    static const struct { const char *name; enum vme_item_kind kind; } kinds[] = {
        {"extint", VME_EVENT_EXTINT}, {"nmi", VME_EVENT_NMI}, {"smi", VME_EVENT_SMI}, {"init", VME_EVENT_INIT},
    };
    const char *t = arg(p, 1, "event kind");
    if (t == NULL)
        return -1;
    size_t k = 0;
    while (k < sizeof kinds / sizeof kinds[0] && strcmp(t, kinds[k].name) != 0)
        k++;
    if (k == sizeof kinds / sizeof kinds[0])
        return fail(p, "unknown event kind '%s'", t);
    s->kind = VS_ITEM;
    s->u.item.kind = kinds[k].kind;
    if (kinds[k].kind != VME_EVENT_EXTINT)
        return no_more(p, 2);
    uint64_t v;
    if ((t = arg(p, 2, "extint vector")) == NULL || get_range(p, t, 0, 255, "extint vector", &v))
        return -1;
    s->u.item.vec = (uint8_t)v;
    return no_more(p, 3);
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
            return fail(p, "bad enter mode '%s' (expected launch or resume)", p->tok[1]);
    }
    if (no_more(p, 2))
        return -1;
    p->entered = 1;
    return 0;
}

/* expect vmfail N | exit R | cr2 V | smm N: one number of BITS bits. */
static int expect_number(struct parser *p, int bits, const char *what, uint64_t *v)
{
    const char *t = arg(p, 2, what);
    if (t == NULL || get_bits(p, t, bits, what, v))
        return -1;
    return no_more(p, 3);
}

static int st_expect(struct parser *p, struct vec_stmt *s)
{
    struct vec_expect *x = &s->u.expect;
    if (!p->entered)
        return fail(p, "expect before any enter");
    const char *t = arg(p, 1, "expect kind");
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
        return no_more(p, 2);
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
    return fail(p, "unknown expect kind '%s'", t);
}

/* ---- tests ---- */

static size_t name_hash(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The index of the test named NAME, or -1. */
static long find_test(const struct parser *p, const char *name)
{
    if (p->names_cap == 0)
        return -1;
    for (size_t i = name_hash(name) & (p->names_cap - 1);; i = (i + 1) & (p->names_cap - 1)) {
        size_t slot = p->names[i];
        if (slot == 0)
            return -1;
        if (strcmp(p->f.tests[slot - 1].name, name) == 0)
            return (long)(slot - 1);
    }
}

static void insert_name(size_t *names, size_t cap, const char *name, size_t index)
{
    size_t i = name_hash(name) & (cap - 1);
    while (names[i] != 0)
        i = (i + 1) & (cap - 1);
    names[i] = index + 1;
}

/* Keeps the name table at most half full so that probes stay short. */
static int grow_names(struct parser *p)
{
    if ((p->f.ntests + 1) * 2 <= p->names_cap)
        return 0;
    size_t cap = p->names_cap ? p->names_cap * 2 : 64;
    size_t *names = calloc(cap, sizeof *names);
    if (names == NULL)
        return fail(p, "out of memory");
    for (size_t i = 0; i < p->f.ntests; i++)
        insert_name(names, cap, p->f.tests[i].name, i);
    free(p->names);
    p->names = names;
    p->names_cap = cap;
    return 0;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > VEC_MAX_NAME)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '.' || *s == '-'))
            return 0;
    return 1;
}

static int missing_end(struct parser *p)
{
    const struct vec_test *t = &p->f.tests[p->cur];
    return fail(p, "missing 'end' for test '%s' (opened at line %d)", t->name, t->line);
}

static int st_test(struct parser *p)
{
    if (p->cur >= 0)
        return missing_end(p);
    const char *name = arg(p, 1, "test name");
    if (name == NULL)
        return -1;
    if (!valid_name(name))
        return fail(p, "bad test name '%s' (expected [A-Za-z0-9_.-]+, at most %d characters)",
                    name, VEC_MAX_NAME);
    if (no_more(p, 2))
        return -1;
    long first = find_test(p, name);
    if (first >= 0)
        return fail(p, "duplicate test name '%s' (first at line %d)", name,
                    p->f.tests[first].line);
    if (p->f.ntests >= VEC_MAX_TESTS)
        return fail(p, "too many tests (limit %d)", VEC_MAX_TESTS);
    if (grow_names(p))
        return -1;
    if (p->f.ntests == p->tests_cap) {
        size_t cap = p->tests_cap ? p->tests_cap * 2 : 16;
        struct vec_test *t = realloc(p->f.tests, cap * sizeof *t);
        if (t == NULL)
            return fail(p, "out of memory");
        p->f.tests = t;
        p->tests_cap = cap;
    }
    struct vec_test *t = &p->f.tests[p->f.ntests];
    memset(t, 0, sizeof *t);
    memcpy(t->name, name, strlen(name) + 1);
    t->line = p->line;
    insert_name(p->names, p->names_cap, t->name, p->f.ntests);
    p->cur = (long)p->f.ntests++;
    p->stmts_cap = 0;
    p->entered = 0;
    return 0;
}

static int st_end(struct parser *p)
{
    if (p->cur < 0)
        return fail(p, "'end' outside a test");
    if (no_more(p, 1))
        return -1;
    p->cur = -1;
    return 0;
}

static int push_stmt(struct parser *p, const struct vec_stmt *s)
{
    struct vec_test *t = &p->f.tests[p->cur];
    if (t->nstmts >= VEC_MAX_STMTS)
        return fail(p, "too many statements in test '%s' (limit %d)", t->name, VEC_MAX_STMTS);
    if (t->nstmts == p->stmts_cap) {
        size_t cap = p->stmts_cap ? p->stmts_cap * 2 : 16;
        struct vec_stmt *n = realloc(t->stmts, cap * sizeof *n);
        if (n == NULL)
            return fail(p, "out of memory");
        t->stmts = n;
        p->stmts_cap = cap;
    }
    t->stmts[t->nstmts++] = *s;
    return 0;
}

/* ---- lines ---- */

static const struct {
    const char *kw;
    int (*fn)(struct parser *, struct vec_stmt *);
} statements[] = {
    {"config", st_config}, {"vmcs", st_vmcs},   {"mem", st_mem},       {"gate", st_gate},
    {"fault", st_fault},   {"insn", st_insn},   {"event", st_event},   {"enter", st_enter},
    {"expect", st_expect},
};

static int statement(struct parser *p)
{
    const char *kw = p->tok[0];
    if (strcmp(kw, "test") == 0)
        return st_test(p);
    if (strcmp(kw, "end") == 0)
        return st_end(p);
    size_t i = 0;
    while (i < sizeof statements / sizeof statements[0] && strcmp(kw, statements[i].kw) != 0)
        i++;
    if (i == sizeof statements / sizeof statements[0])
        return fail(p, "unknown keyword '%s'", kw);
    if (p->cur < 0)
        return fail(p, "'%s' outside a test", kw);
    struct vec_stmt s;
    memset(&s, 0, sizeof s);
    s.line = p->line;
    if (statements[i].fn(p, &s))
        return -1;
    return push_stmt(p, &s);
}

/* Rejects what is not printable ASCII text before anything looks at the tokens. */
static int check_bytes(struct parser *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            return fail(p, "NUL byte");
        if (c >= 0x80)
            return fail(p, "non-ASCII byte 0x%02x", c);
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
            return fail(p, "control character 0x%02x", c);
    }
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static void tokenize(struct parser *p)
{
    char *s = p->text;
    char *hash = strchr(s, '#');
    if (hash)
        *hash = '\0';
    p->ntok = 0;
    while (p->ntok < MAX_TOKENS) {
        while (is_space(*s))
            s++;
        if (*s == '\0')
            break;
        p->tok[p->ntok++] = s;
        while (*s && !is_space(*s))
            s++;
        if (*s)
            *s++ = '\0';
    }
}

/* "#! model-only" (see vec.h), alone on its line. */
static int is_model_only_pragma(const char *s)
{
    while (is_space(*s))
        s++;
    if (strncmp(s, "#! model-only", 13) != 0)
        return 0;
    for (s += 13; is_space(*s); s++)
        ;
    return *s == '\0';
}

static int parse_line(struct parser *p, const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\r') /* CRLF */
        n--;
    if (n > VEC_MAX_LINE_LEN)
        return fail(p, "line too long (%zu characters, limit %d)", n, VEC_MAX_LINE_LEN);
    if (check_bytes(p, s, n))
        return -1;
    memcpy(p->text, s, n);
    p->text[n] = '\0';
    if (is_model_only_pragma(p->text))
        p->f.model_only = 1;
    tokenize(p);
    return p->ntok ? statement(p) : 0;
}

static int parse_lines(struct parser *p, const char *buf, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl != NULL);
        p->line++;
        if (parse_line(p, s, n))
            return -1;
    }
    /* p->line is now the number of the last line that exists */
    return p->cur >= 0 ? missing_end(p) : 0;
}

/* ---- entry points ---- */

void vec_free(struct vec_file *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->ntests; i++)
        free(f->tests[i].stmts);
    free(f->tests);
    free(f->path);
    memset(f, 0, sizeof *f);
}

int vec_parse_buffer(const char *name, const char *buf, size_t len, struct vec_file *out, char *err,
                     size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > VEC_MAX_FILE_SIZE)
        return report(err, errlen, name, 1, "file too large (more than %u bytes)",
                      VEC_MAX_FILE_SIZE);
    struct parser *p = calloc(1, sizeof *p); /* holds a line buffer: keep it off the stack */
    if (p == NULL)
        return report(err, errlen, name, 1, "out of memory");
    p->name = name;
    p->err = err;
    p->errlen = errlen;
    p->cur = -1;
    int rc = parse_lines(p, buf, len);
    if (rc == 0) {
        size_t n = strlen(name) + 1;
        p->f.path = malloc(n);
        if (p->f.path == NULL)
            rc = fail(p, "out of memory");
        else
            memcpy(p->f.path, name, n);
    }
    if (rc == 0)
        *out = p->f;
    else
        vec_free(&p->f);
    free(p->names);
    free(p);
    return rc;
}

/* Reads all of PATH into *BUF, refusing to hold more than VEC_MAX_FILE_SIZE + 1 bytes. */
static int read_all(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return report(err, errlen, path, 1, "cannot open: %s", strerror(errno));
    char *b = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (n == cap) {
            if (cap > VEC_MAX_FILE_SIZE) {
                rc = report(err, errlen, path, 1, "file too large (more than %u bytes)",
                            VEC_MAX_FILE_SIZE);
                break;
            }
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap > (size_t)VEC_MAX_FILE_SIZE + 1)
                ncap = (size_t)VEC_MAX_FILE_SIZE + 1;
            char *nb = realloc(b, ncap);
            if (nb == NULL) {
                rc = report(err, errlen, path, 1, "out of memory");
                break;
            }
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (rc == 0 && ferror(fp))
        rc = report(err, errlen, path, 1, "read error: %s", strerror(errno));
    fclose(fp);
    if (rc) {
        free(b);
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}

int vec_parse_file(const char *path, struct vec_file *out, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    if (read_all(path, &buf, &len, err, errlen))
        return -1;
    int rc = vec_parse_buffer(path, buf, len, out, err, errlen);
    free(buf);
    return rc;
}
