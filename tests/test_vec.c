/* Unit tests of the vector-file parser (tb/vec.c; field names from dpi/evd_vmcs.c).
 * Usage: test_vec [EXAMPLES.vec [BAD_DIR]]: also parses the spec's examples and checks that every
 * file of the malformed corpus fails at the line and with the message BAD_DIR/expected.txt says. */
#define _POSIX_C_SOURCE 200809L /* opendir, to find corpus files expected.txt forgot */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"
#include "vec.h"

#define ERRLEN 512

struct ctx {
    int passed, failed;
};

static int check(struct ctx *c, int ok, const char *what, int line)
{
    if (ok) {
        c->passed++;
    } else {
        c->failed++;
        fprintf(stderr, "test_vec.c:%d: check failed: %s\n", line, what);
    }
    return ok;
}
#define CHECK(cond) check(c, (cond), #cond, __LINE__)

static int is_empty(const struct vec_file *f)
{
    return f->path == NULL && f->tests == NULL && f->ntests == 0;
}

/* ---- helpers: a whole text, or one statement inside a test that has already entered ---- */

static int parse_text(const char *text, size_t len, struct vec_file *f, char *err)
{
    return vec_parse_buffer("t.vec", text, len, f, err, ERRLEN);
}

/* TEXT must fail at LINE with SUB in the message, leaving the output empty. */
static void bad_text(struct ctx *c, int src, const char *text, size_t len, int line,
                     const char *sub)
{
    struct vec_file f;
    char err[ERRLEN] = "", prefix[64];
    int rc = parse_text(text, len, &f, err);
    snprintf(prefix, sizeof prefix, "t.vec:%d: ", line);
    int ok = rc == -1 && strncmp(err, prefix, strlen(prefix)) == 0 && strstr(err, sub) != NULL &&
             is_empty(&f);
    if (!check(c, ok, "expected error", src))
        fprintf(stderr, "  wanted '%s...%s', got rc %d '%s'\n", prefix, sub, rc, err);
    if (rc == 0)
        vec_free(&f);
}
#define BAD(text, line, sub) bad_text(c, __LINE__, text, strlen(text), line, sub)
#define BADN(text, line, sub) bad_text(c, __LINE__, text, sizeof(text) - 1, line, sub)

static void wrap(char *buf, size_t n, const char *body)
{
    snprintf(buf, n, "test t\nenter\n%s\nend\n", body);
}

/* BODY (at line 3) must fail with SUB. */
static void bad_stmt(struct ctx *c, int src, const char *body, const char *sub)
{
    char text[8192];
    wrap(text, sizeof text, body);
    bad_text(c, src, text, strlen(text), 3, sub);
}
#define BADS(body, sub) bad_stmt(c, __LINE__, body, sub)

/* BODY must parse; *S gets its statement. */
static int one_stmt(struct ctx *c, int src, const char *body, struct vec_stmt *s)
{
    char text[8192], err[ERRLEN] = "";
    struct vec_file f;
    wrap(text, sizeof text, body);
    int rc = parse_text(text, strlen(text), &f, err);
    int ok = rc == 0 && f.ntests == 1 && f.tests[0].nstmts == 2 && f.tests[0].stmts[1].line == 3;
    if (!check(c, ok, "expected one statement", src))
        fprintf(stderr, "  '%s': rc %d '%s'\n", body, rc, err);
    if (ok)
        *s = f.tests[0].stmts[1];
    else
        memset(s, 0, sizeof *s);
    if (rc == 0)
        vec_free(&f);
    return ok;
}
#define ONE(body, s) one_stmt(c, __LINE__, body, s)

/* ---- numbers ---- */

static uint64_t vmcs_value(struct ctx *c, int src, const char *body)
{
    struct vec_stmt s;
    if (!one_stmt(c, src, body, &s))
        return 0;
    check(c, s.kind == VS_VMCS, "kind is VS_VMCS", src);
    return s.u.vmcs.value;
}
#define VMCS_VALUE(body) vmcs_value(c, __LINE__, body)

static void t_numbers(struct ctx *c)
{
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 37") == 37);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 0") == 0);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 007") == 7);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 0x80000b0e") == 0x80000b0e);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 0xABCdef") == 0xabcdef);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 0X1f") == 0x1f);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 18446744073709551615") == UINT64_MAX);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 0xffffffffffffffff") == UINT64_MAX);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 0x0000000000000000001") == 1);
    BADS("vmcs GUEST_RIP 18446744073709551616", "number too large '18446744073709551616'");
    BADS("vmcs GUEST_RIP 0x10000000000000000", "number too large");
    BADS("vmcs GUEST_RIP 99999999999999999999999", "number too large");
    BADS("vmcs GUEST_RIP -1", "bad number '-1'");
    BADS("vmcs GUEST_RIP +1", "bad number '+1'");
    BADS("vmcs GUEST_RIP 0x", "bad number '0x'");
    BADS("vmcs GUEST_RIP 0b101", "bad number '0b101'");
    BADS("vmcs GUEST_RIP 0o7", "bad number '0o7'");
    BADS("vmcs GUEST_RIP 1.5", "bad number '1.5'");
    BADS("vmcs GUEST_RIP 12a", "bad number '12a'");
    BADS("vmcs GUEST_RIP 0xfg", "bad number '0xfg'");
    BADS("vmcs GUEST_RIP 0x1_000", "bad number");
    BADS("vmcs GUEST_RIP 99999999999999999999z", "bad number"); /* garbage beats overflow */
}

/* ---- vmcs fields and widths ---- */

static void t_vmcs(struct ctx *c)
{
    struct vec_stmt s;
    if (ONE("vmcs VM_ENTRY_INTR_INFO_FIELD 0x80000b0d", &s))
        CHECK(s.kind == VS_VMCS && s.u.vmcs.field == 0x4016 && s.u.vmcs.value == 0x80000b0d);
    if (ONE("vmcs 0x4016 1", &s))
        CHECK(s.u.vmcs.field == 0x4016);
    if (ONE("vmcs 16406 1", &s)) /* decimal raw encoding */
        CHECK(s.u.vmcs.field == 0x4016);
    if (ONE("vmcs 0X681E 1", &s))
        CHECK(s.u.vmcs.field == 0x681e);
    if (ONE("vmcs TSC_OFFSET_HIGH 0xffffffff", &s))
        CHECK(s.u.vmcs.field == 0x2011 && s.u.vmcs.value == 0xffffffff);
    if (ONE("vmcs 0x2011 5", &s)) /* raw encoding of a high half */
        CHECK(s.u.vmcs.field == 0x2011);
    BADS("vmcs TSC_OFFSET_HIGH 0x100000000",
         "value 0x100000000 too wide for TSC_OFFSET_HIGH (32 bits)");
    BADS("vmcs 0x2011 0x100000000", "too wide for TSC_OFFSET_HIGH (32 bits)");
    BADS("vmcs GUEST_RIP_HIGH 0", "unknown VMCS field 'GUEST_RIP_HIGH'"); /* natural width */
    BADS("vmcs 0x681f 0", "unknown VMCS field '0x681f'");
    BADS("vmcs 0x4017 0", "unknown VMCS field '0x4017'"); /* 32-bit fields have no half */
    BADS("vmcs 0x4003 0", "unknown VMCS field");
    BADS("vmcs 0x7fff 0", "unknown VMCS field");
    BADS("vmcs 0x10000 0", "unknown VMCS field '0x10000'");
    BADS("vmcs 0x 0", "unknown VMCS field '0x'");
    BADS("vmcs guest_rip 0", "unknown VMCS field 'guest_rip'");
    BADS("vmcs GUEST_RIPX 0", "unknown VMCS field 'GUEST_RIPX'");
    BADS("vmcs GUEST_RIP", "missing value");
    BADS("vmcs", "missing VMCS field");
    BADS("vmcs GUEST_RIP 1 2", "unexpected '2'");

    CHECK(VMCS_VALUE("vmcs GUEST_CS_SELECTOR 0xffff") == 0xffff);
    BADS("vmcs GUEST_CS_SELECTOR 0x10000",
         "value 0x10000 too wide for GUEST_CS_SELECTOR (16 bits)");
    CHECK(VMCS_VALUE("vmcs VM_ENTRY_CONTROLS 0xffffffff") == 0xffffffff);
    BADS("vmcs VM_ENTRY_CONTROLS 0x100000000",
         "value 0x100000000 too wide for VM_ENTRY_CONTROLS (32 bits)");
    CHECK(VMCS_VALUE("vmcs TSC_OFFSET 0xffffffffffffffff") == UINT64_MAX);
    CHECK(VMCS_VALUE("vmcs GUEST_RIP 0xffffffffffffffff") == UINT64_MAX);
    BADS("vmcs 0x0802 0x10000", "too wide for GUEST_CS_SELECTOR (16 bits)");

    /* the lookup functions themselves */
    uint16_t enc = 0;
    CHECK(vmcs_field_lookup("GUEST_RIP", &enc) == 0 && enc == 0x681e);
    CHECK(vmcs_field_lookup("EPT_POINTER_HIGH", &enc) == 0 && enc == 0x201b);
    CHECK(vmcs_field_lookup("GUEST_IA32_EFER_HIGH", &enc) == 0 && enc == 0x2807);
    CHECK(vmcs_field_lookup("0x681F", &enc) == -1);
    CHECK(vmcs_field_lookup("VIRTUAL_PROCESSOR_ID_HIGH", &enc) == -1);
    CHECK(vmcs_field_lookup("0", &enc) == 0 && enc == 0);
    CHECK(vmcs_field_lookup("", &enc) == -1);
    CHECK(vme_vmcs_field_width(0x0802) == 16 && vme_vmcs_field_width(0x4016) == 32);
    CHECK(vme_vmcs_field_width(0x2010) == 64 && vme_vmcs_field_width(0x2011) == 32);
    CHECK(vme_vmcs_field_width(0x681e) == 64 && vme_vmcs_field_width(0x681f) == 0);
    CHECK(vme_vmcs_field_width(0x4017) == 0 && vme_vmcs_field_width(0xffff) == 0);
    CHECK(vme_vmcs_field_name(0x2011) && strcmp(vme_vmcs_field_name(0x2011), "TSC_OFFSET_HIGH") == 0);
    CHECK(vme_vmcs_field_name(0x681e) && strcmp(vme_vmcs_field_name(0x681e), "GUEST_RIP") == 0);
    CHECK(vme_vmcs_field_name(0x681f) == NULL && vme_vmcs_field_name(0x4017) == NULL);

#define X(name, e) +1
    size_t n = 0 EVD_VMCS_FIELDS(X);
#undef X
    CHECK(vme_vmcs_field_count() == n);
    CHECK(vme_vmcs_field_at(0) == VMCS_VIRTUAL_PROCESSOR_ID);
    CHECK(vme_vmcs_field_at(n - 1) == VMCS_VMCS_LAUNCH_STATE);
    int all_ok = 1;
    for (size_t i = 0; i < vme_vmcs_field_count(); i++) {
        uint16_t e = vme_vmcs_field_at(i), back = 0;
        const char *name = vme_vmcs_field_name(e);
        all_ok &= name != NULL && vmcs_field_lookup(name, &back) == 0 && back == e &&
                  vme_vmcs_field_width(e) == EVD_VMCS_WIDTH(e) && (e & 1) == 0;
    }
    CHECK(all_ok);
}

/* ---- config ---- */

static void config_value(struct ctx *c, int src, const char *key, const char *val,
                         enum vme_config_key k, uint32_t want)
{
    char body[128];
    struct vec_stmt s;
    snprintf(body, sizeof body, "config %s %s", key, val);
    if (one_stmt(c, src, body, &s))
        check(c, s.kind == VS_CONFIG && s.u.config.key == k && s.u.config.value == want, body, src);
}
#define CFG(key, val, k, want) config_value(c, __LINE__, key, val, k, want)

/* Every value 0..MAX of a numeric config key K, in decimal. */
static void config_numbers(struct ctx *c, int src, enum vme_config_key k, unsigned max)
{
    for (unsigned v = 0; v <= max; v++) {
        char val[12];
        snprintf(val, sizeof val, "%u", v);
        config_value(c, src, vme_config_names[k], val, k, v);
    }
}

static void t_config(struct ctx *c)
{
    static const uint32_t defaults[VME_CFG_COUNT] = {16, 0, 0, 1, 1, 0, 0, 0, 1, 7, 0, 0, 1};
    static const char *const names[VME_CFG_COUNT] = {
        "errcode_high_bits", "zero_len_inject", "no_hw_errcode_cc", "mtf_supported",
        "nmi_sti_check",     "triple_fault",    "cp_errcode",       "smm",
        "save_activity",     "activity_states", "timer_rate",       "timer_sti",
        "nmi_window_sti"};
    for (int k = 0; k < VME_CFG_COUNT; k++)
        CHECK(vme_config_defaults[k] == defaults[k] && strcmp(vme_config_names[k], names[k]) == 0);

    CFG("errcode_high_bits", "16", VME_CFG_ERRCODE_HIGH_BITS, 16);
    CFG("errcode_high_bits", "15", VME_CFG_ERRCODE_HIGH_BITS, 15);
    CFG("errcode_high_bits", "0x10", VME_CFG_ERRCODE_HIGH_BITS, 16);
    BADS("config errcode_high_bits 14",
         "bad value '14' for config key errcode_high_bits (expected 16 or 15)");
    static const enum vme_config_key bits[] = {VME_CFG_ZERO_LEN_INJECT, VME_CFG_NO_HW_ERRCODE_CC,
                                            VME_CFG_MTF_SUPPORTED,   VME_CFG_NMI_STI_CHECK,
                                            VME_CFG_CP_ERRCODE,      VME_CFG_SAVE_ACTIVITY,
                                            VME_CFG_TIMER_STI,       VME_CFG_NMI_WINDOW_STI};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        char body[128];
        CFG(vme_config_names[bits[i]], "0", bits[i], 0);
        CFG(vme_config_names[bits[i]], "1", bits[i], 1);
        snprintf(body, sizeof body, "config %s 2", vme_config_names[bits[i]]);
        BADS(body, "bad value '2' for config key");
        snprintf(body, sizeof body, "config %s yes", vme_config_names[bits[i]]);
        BADS(body, "(expected 0 or 1)");
    }
    CFG("triple_fault", "any", VME_CFG_TRIPLE_FAULT, 0);
    CFG("triple_fault", "contributory_pf", VME_CFG_TRIPLE_FAULT, 1);
    BADS("config triple_fault 1",
         "bad value '1' for config key triple_fault (expected any or contributory_pf)");
    BADS("config triple_fault ANY", "bad value 'ANY'");
    CFG("smm", "default", VME_CFG_SMM, 0);
    CFG("smm", "dual", VME_CFG_SMM, 1);
    BADS("config smm 0", "bad value '0' for config key smm (expected default or dual)");
    config_numbers(c, __LINE__, VME_CFG_ACTIVITY_STATES, 7);
    CFG("activity_states", "0x7", VME_CFG_ACTIVITY_STATES, 7);
    BADS("config activity_states 8", "bad value '8' for config key activity_states");
    BADS("config activity_states hlt", "bad value 'hlt'");
    config_numbers(c, __LINE__, VME_CFG_TIMER_RATE, 31);
    CFG("timer_rate", "0x2", VME_CFG_TIMER_RATE, 2);
    BADS("config timer_rate 32", "bad value '32' for config key timer_rate (expected a number 0..31)");
    BADS("config timer_rate -1", "bad value '-1' for config key timer_rate");
    BADS("config mtf 1", "unknown config key 'mtf'");
    BADS("config SMM dual", "unknown config key 'SMM'");
    BADS("config smm", "missing config value");
    BADS("config", "missing config key");
    BADS("config smm dual 1", "unexpected '1'");
}

/* ---- mem, gate, fault ---- */

static void t_mem(struct ctx *c)
{
    struct vec_stmt s;
    if (ONE("mem 0x8fd8 8 0x401000", &s))
        CHECK(s.kind == VS_MEM && s.u.mem.addr == 0x8fd8 && s.u.mem.size == 8 &&
              s.u.mem.value == 0x401000);
    if (ONE("mem 0 1 0xff", &s))
        CHECK(s.u.mem.size == 1 && s.u.mem.value == 0xff);
    if (ONE("mem 0 2 0xffff", &s))
        CHECK(s.u.mem.size == 2 && s.u.mem.value == 0xffff);
    if (ONE("mem 0 4 0xffffffff", &s))
        CHECK(s.u.mem.size == 4 && s.u.mem.value == 0xffffffff);
    if (ONE("mem 0xfffffffffffffff8 8 0xffffffffffffffff", &s))
        CHECK(s.u.mem.addr == 0xfffffffffffffff8u && s.u.mem.value == UINT64_MAX);
    if (ONE("mem 0xffffffffffffffff 1 1", &s))
        CHECK(s.u.mem.addr == UINT64_MAX);
    BADS("mem 0 1 0x100", "value 0x100 too wide for mem size 1 (8 bits)");
    BADS("mem 0 2 0x10000", "value 0x10000 too wide for mem size 2 (16 bits)");
    BADS("mem 0 4 0x100000000", "too wide for mem size 4 (32 bits)");
    BADS("mem 0 3 0", "bad mem size 3 (expected 1, 2, 4 or 8)");
    BADS("mem 0 0 0", "bad mem size 0");
    BADS("mem 0 16 0", "bad mem size 16");
    BADS("mem 0xffffffffffffffff 2 0", "wraps");
    BADS("mem 0xfffffffffffffffc 8 0", "address range 0xfffffffffffffffc+8 wraps");
    BADS("mem 0x1000 4", "missing value");
    BADS("mem 0x1000", "missing size");
    BADS("mem", "missing address");
    BADS("mem 0x1000 4 0 0", "unexpected '0'");
    BADS("mem zz 4 0", "bad number 'zz'");
}

static void t_gate(struct ctx *c)
{
    struct vec_stmt s;
    if (ONE("gate 6", &s))
        CHECK(s.kind == VS_GATE && s.u.gate.vec == 6 && s.u.gate.given == 0);
    if (ONE("gate 0 off=0xffffffffffffffff", &s))
        CHECK(s.u.gate.vec == 0 && s.u.gate.given == VME_GATE_OFF && s.u.gate.off == UINT64_MAX);
    if (ONE("gate 255 sel=0xffff", &s))
        CHECK(s.u.gate.vec == 255 && s.u.gate.given == VME_GATE_SEL && s.u.gate.sel == 0xffff);
    if (ONE("gate 1 type=int", &s))
        CHECK(s.u.gate.given == VME_GATE_TYPE && s.u.gate.type == 0xE);
    if (ONE("gate 1 type=trap", &s))
        CHECK(s.u.gate.type == 0xF);
    if (ONE("gate 1 type=task", &s))
        CHECK(s.u.gate.type == 0x5);
    if (ONE("gate 1 type=12", &s))
        CHECK(s.u.gate.type == 12);
    if (ONE("gate 1 type=0", &s))
        CHECK(s.u.gate.given == VME_GATE_TYPE && s.u.gate.type == 0);
    if (ONE("gate 1 dpl=3", &s))
        CHECK(s.u.gate.given == VME_GATE_DPL && s.u.gate.dpl == 3);
    if (ONE("gate 1 p=0", &s))
        CHECK(s.u.gate.given == VME_GATE_P && s.u.gate.p == 0);
    if (ONE("gate 1 p=1", &s))
        CHECK(s.u.gate.p == 1);
    if (ONE("gate 0x20 p=1 dpl=2 type=trap sel=0x10 off=0x1234", &s))
        CHECK(s.u.gate.vec == 0x20 && s.u.gate.given == 31 && s.u.gate.p == 1 &&
              s.u.gate.dpl == 2 && s.u.gate.type == 0xF && s.u.gate.sel == 0x10 &&
              s.u.gate.off == 0x1234);
    BADS("gate 256", "gate vector 256 out of range (0..255)");
    BADS("gate", "missing gate vector");
    BADS("gate 1 sel=0x10000", "value 0x10000 too wide for sel (16 bits)");
    BADS("gate 1 type=16", "gate type 16 out of range (0..15)");
    BADS("gate 1 type=interrupt", "bad number 'interrupt'");
    BADS("gate 1 dpl=4", "gate dpl 4 out of range (0..3)");
    BADS("gate 1 p=2", "gate p 2 out of range (0..1)");
    BADS("gate 1 off=0x10000000000000000", "number too large");
    BADS("gate 1 off=", "bad number ''");
    BADS("gate 1 present=1", "unknown gate attribute 'present'");
    BADS("gate 1 p=1 p=0", "duplicate gate attribute 'p'");
    BADS("gate 1 p", "unexpected 'p'");
    BADS("gate 1 p=1 x y z a b c d e f g h i j k l m n o", "unexpected 'x'");
    if (ONE("gate 14 ist=7", &s))
        CHECK(s.u.gate.given == VME_GATE_IST && s.u.gate.ist == 7);
    if (ONE("gate 14 ist=0 sel=0x28", &s))
        CHECK(s.u.gate.given == (VME_GATE_IST | VME_GATE_SEL) && s.u.gate.ist == 0 && s.u.gate.sel == 0x28);
    BADS("gate 14 ist=8", "gate ist 8 out of range (0..7)");
    BADS("gate 14 ist=1 ist=2", "duplicate gate attribute 'ist'");
}

/* ---- desc, tss (second edition) ---- */

static void t_desc_tss(struct ctx *c)
{
    struct vec_stmt s;
    if (ONE("desc 0x18 0x00af9b000000ffff", &s))
        CHECK(s.kind == VS_DESC && s.u.desc.sel == 0x18 && s.u.desc.value == 0x00af9b000000ffffull);
    if (ONE("desc 0xffff 0xffffffffffffffff", &s))
        CHECK(s.u.desc.sel == 0xffff && s.u.desc.value == UINT64_MAX);
    if (ONE("desc 0x2b 0", &s)) /* RPL and TI bits are ignored: index 5 */
        CHECK(s.u.desc.sel == 0x2b && s.u.desc.value == 0);
    BADS("desc 0x10000 0", "value 0x10000 too wide for a selector (16 bits)");
    BADS("desc 0x18 0x10000000000000000", "number too large '0x10000000000000000' (limit 64 bits)");
    BADS("desc 0x18", "missing descriptor value");
    BADS("desc", "missing descriptor selector");
    BADS("desc 0x18 0 0", "unexpected '0'");
    /* The baseline guest is in IA-32e mode: its TSS has rsp0-2 and ist1-7. */
    if (ONE("tss rsp0 0xffffffffffffffff", &s))
        CHECK(s.kind == VS_TSS && s.u.tss.field == VME_TSS_RSP0 && s.u.tss.value == UINT64_MAX);
    if (ONE("tss ist7 0x8000", &s))
        CHECK(s.u.tss.field == VME_TSS_IST7 && s.u.tss.value == 0x8000);
    if (ONE("tss rsp2 1", &s))
        CHECK(s.u.tss.field == VME_TSS_RSP2);
    BADS("tss ist8 0", "unknown TSS field 'ist8'");
    BADS("tss RSP0 0", "unknown TSS field 'RSP0'");
    BADS("tss", "missing TSS field");
    BADS("tss rsp0", "missing value");
    BADS("tss rsp0 0 0", "unexpected '0'");
    BADS("tss esp0 0x7000", "TSS field 'esp0' belongs to the protected mode TSS, but the test is in IA-32e mode here");
    BADS("tss ss0 0x10", "belongs to the protected mode TSS");
    /* After `vmcs VM_ENTRY_CONTROLS 0` (CR0.PE = 1 in the baseline) the test is in protected mode. */
    BADN("test t\nvmcs VM_ENTRY_CONTROLS 0\ntss rsp0 0x7000\nend\n", 3,
         "TSS field 'rsp0' belongs to the IA-32e mode TSS, but the test is in protected mode here "
         "(VM_ENTRY_CONTROLS 0x0, GUEST_CR0 0x80000031)");
    BADN("test t\nvmcs VM_ENTRY_CONTROLS 0\ntss ss0 0x10000\nend\n", 3, "value 0x10000 too wide for ss0 (16 bits)");
    BADN("test t\nvmcs VM_ENTRY_CONTROLS 0\ntss esp0 0x100000000\nend\n", 3, "too wide for esp0 (32 bits)");
    BADN("test t\nvmcs VM_ENTRY_CONTROLS 0\nvmcs GUEST_CR0 0x30\ntss esp0 0\nend\n", 4,
         "belongs to the protected mode TSS, but the test is in real mode here");
    /* Each test starts from the baseline mode again. */
    BADN("test t\nvmcs VM_ENTRY_CONTROLS 0\ntss esp0 0\nend\ntest u\ntss esp0 0\nend\n", 6,
         "but the test is in IA-32e mode here");
    struct vec_file f;
    char err[ERRLEN] = "";
    static const char text[] = "test t\nvmcs VM_ENTRY_CONTROLS 0\ntss esp0 0x7000\ntss ss0 0x10\ntss esp2 1\n"
                               "vmcs VM_ENTRY_CONTROLS 0x200\ntss ist1 2\nend\n";
    if (CHECK(parse_text(text, sizeof text - 1, &f, err) == 0)) {
        const struct vec_stmt *st = f.tests[0].stmts;
        CHECK(st[1].u.tss.field == VME_TSS_ESP0 && st[2].u.tss.field == VME_TSS_SS0 &&
              st[3].u.tss.field == VME_TSS_ESP2 && st[5].u.tss.field == VME_TSS_IST1 && st[5].u.tss.value == 2);
        vec_free(&f);
    }
}

static void t_fault(struct ctx *c)
{
    struct vec_stmt s;
    if (ONE("fault 0x1000 0x1000 read 14", &s))
        CHECK(s.kind == VS_FAULT && s.u.fault.addr == 0x1000 && s.u.fault.len == 0x1000 &&
              s.u.fault.access == VME_ACCESS_READ && s.u.fault.vec == 14 && s.u.fault.ec == 0);
    if (ONE("fault 0 1 write 0 ec=0xffffffff", &s))
        CHECK(s.u.fault.access == VME_ACCESS_WRITE && s.u.fault.vec == 0 && s.u.fault.ec == 0xffffffff);
    if (ONE("fault 0xfffffffffffff000 0x1000 any 31", &s)) /* ends exactly at 2^64-1 */
        CHECK(s.u.fault.access == VME_ACCESS_ANY && s.u.fault.vec == 31);
    if (ONE("fault 0 0xffffffffffffffff any 14", &s))
        CHECK(s.u.fault.len == UINT64_MAX);
    if (ONE("fault 0x1000 8 read 13 ec=0x18", &s))
        CHECK(s.u.fault.ec == 0x18);
    if (ONE("fault 0x1000 8 read 14 ec=1", &s)) /* bit 0 is only reserved for 10..13 */
        CHECK(s.u.fault.ec == 1);
    if (ONE("fault 0x1000 8 read 9 ec=1", &s))
        CHECK(s.u.fault.ec == 1);
    BADS("fault 0x1000 8 read 10 ec=1", "(EXT)");
    BADS("fault 0x1000 8 read 11 ec=0x3", "error code 0x3 for vector 11 has bit 0 (EXT) set");
    BADS("fault 0x1000 8 write 12 ec=0x19", "EXT");
    BADS("fault 0x1000 8 any 13 ec=0x11", "EXT");
    BADS("fault 0x1000 0 read 14", "fault length 0 (must be at least 1)");
    BADS("fault 0x1000 0xfffffffffffff001 read 14", "wraps");
    BADS("fault 0xffffffffffffffff 2 read 14", "wraps");
    BADS("fault 0x1000 8 exec 14", "bad access kind 'exec' (expected read, write or any)");
    BADS("fault 0x1000 8 read 32", "fault vector 32 out of range (0..31)");
    BADS("fault 0x1000 8 read 14 ec=0x100000000", "value 0x100000000 too wide for ec (32 bits)");
    BADS("fault 0x1000 8 read 14 err=1", "unknown fault attribute 'err'");
    BADS("fault 0x1000 8 read 14 ec=1 ec=2", "duplicate fault attribute 'ec'");
    BADS("fault 0x1000 8 read 14 1", "unexpected '1'");
    BADS("fault 0x1000 8 read", "missing fault vector");
    BADS("fault 0x1000 8", "missing access kind");
    BADS("fault 0x1000", "missing length");
    BADS("fault", "missing address");
}

/* ---- the guest stream ---- */

static void len_only(struct ctx *c, int src, const char *name, enum vme_item_kind kind)
{
    char body[64];
    struct vec_stmt s;
    snprintf(body, sizeof body, "insn %s 1", name);
    if (one_stmt(c, src, body, &s))
        check(c, s.kind == VS_ITEM && s.u.item.kind == kind && s.u.item.len == 1, body, src);
    snprintf(body, sizeof body, "insn %s 15", name);
    if (one_stmt(c, src, body, &s))
        check(c, s.u.item.len == 15, body, src);
    snprintf(body, sizeof body, "insn %s 0", name);
    bad_stmt(c, src, body, "instruction length 0 out of range (1..15)");
    snprintf(body, sizeof body, "insn %s 16", name);
    bad_stmt(c, src, body, "instruction length 16 out of range (1..15)");
    snprintf(body, sizeof body, "insn %s", name);
    bad_stmt(c, src, body, "missing instruction length");
    snprintf(body, sizeof body, "insn %s 2 3", name);
    bad_stmt(c, src, body, "unexpected '3'");
}

static void t_insn(struct ctx *c)
{
    struct vec_stmt s;
    len_only(c, __LINE__, "ok", VME_INSN_OK);
    len_only(c, __LINE__, "hlt", VME_INSN_HLT);
    len_only(c, __LINE__, "int3", VME_INSN_INT3);
    len_only(c, __LINE__, "into", VME_INSN_INTO);
    len_only(c, __LINE__, "int1", VME_INSN_INT1);

    if (ONE("insn fault 6", &s))
        CHECK(s.u.item.kind == VME_INSN_FAULT && s.u.item.vec == 6 && !s.u.item.has_ec &&
              !s.u.item.has_addr && s.u.item.ec == 0 && s.u.item.addr == 0);
    if (ONE("insn fault 14 ec=2 addr=0xdead000", &s))
        CHECK(s.u.item.vec == 14 && s.u.item.has_ec && s.u.item.ec == 2 && s.u.item.has_addr &&
              s.u.item.addr == 0xdead000);
    if (ONE("insn fault 14 addr=0xffffffffffffffff ec=0xffffffff", &s))
        CHECK(s.u.item.addr == UINT64_MAX && s.u.item.ec == 0xffffffff);
    if (ONE("insn fault 31 ec=0", &s))
        CHECK(s.u.item.vec == 31 && s.u.item.has_ec && !s.u.item.has_addr);
    BADS("insn fault 32", "fault vector 32 out of range (0..31)");
    BADS("insn fault 14 ec=0x100000000", "too wide for ec (32 bits)");
    BADS("insn fault 14 ec=1 ec=1", "duplicate insn fault attribute 'ec'");
    BADS("insn fault 14 qual=1", "unknown insn fault attribute 'qual'");
    BADS("insn fault 14 2", "unexpected '2'");
    BADS("insn fault", "missing fault vector");

    if (ONE("insn exit 18 3", &s))
        CHECK(s.u.item.kind == VME_INSN_EXIT && s.u.item.reason == 18 && s.u.item.len == 3 &&
              s.u.item.qual == 0);
    if (ONE("insn exit 30 0 qual=0xffffffffffffffff", &s))
        CHECK(s.u.item.reason == 30 && s.u.item.len == 0 && s.u.item.qual == UINT64_MAX);
    if (ONE("insn exit 65535 15", &s))
        CHECK(s.u.item.reason == 65535 && s.u.item.len == 15);
    BADS("insn exit 65536 1", "exit reason 65536 out of range (0..65535)");
    BADS("insn exit 10 16", "instruction length 16 out of range (0..15)");
    BADS("insn exit 10", "missing instruction length");
    BADS("insn exit", "missing exit reason");
    BADS("insn exit 10 2 qual=1 qual=2", "duplicate insn exit attribute 'qual'");
    BADS("insn exit 10 2 ec=1", "unknown insn exit attribute 'ec'");
    BADS("insn exit 10 2 3", "unexpected '3'");

    if (ONE("insn int 0x80 2", &s))
        CHECK(s.u.item.kind == VME_INSN_INT && s.u.item.vec == 0x80 && s.u.item.len == 2);
    if (ONE("insn int 255 15", &s))
        CHECK(s.u.item.vec == 255);
    BADS("insn int 256 2", "int vector 256 out of range (0..255)");
    BADS("insn int 3 0", "instruction length 0 out of range");
    BADS("insn int 3", "missing instruction length");
    BADS("insn int", "missing int vector");
    BADS("insn int 3 2 1", "unexpected '1'");

    if (ONE("insn rep 2 5", &s))
        CHECK(s.u.item.kind == VME_INSN_REP && s.u.item.len == 2 && s.u.item.count == 5);
    if (ONE("insn rep 1 0xffffffff", &s))
        CHECK(s.u.item.count == 0xffffffffu);
    BADS("insn rep 2 0", "rep count 0 out of range (1..4294967295)");
    BADS("insn rep 2 0x100000000", "rep count 4294967296 out of range");
    BADS("insn rep 16 1", "instruction length 16");
    BADS("insn rep 2", "missing rep count");
    BADS("insn rep 2 1 1", "unexpected '1'");

    BADS("insn nop 1", "unknown insn kind 'nop'");
    BADS("insn OK 1", "unknown insn kind 'OK'");
    BADS("insn", "missing insn kind");
}

static void t_event(struct ctx *c)
{
    struct vec_stmt s;
    if (ONE("event extint 0x41", &s))
        CHECK(s.kind == VS_ITEM && s.u.item.kind == VME_EVENT_EXTINT && s.u.item.vec == 0x41);
    if (ONE("event extint 255", &s))
        CHECK(s.u.item.vec == 255 && VME_ITEM_IS_EVENT(s.u.item.kind));
    if (ONE("event nmi", &s))
        CHECK(s.u.item.kind == VME_EVENT_NMI);
    if (ONE("event smi", &s))
        CHECK(s.u.item.kind == VME_EVENT_SMI);
    if (ONE("event init", &s))
        CHECK(s.u.item.kind == VME_EVENT_INIT);
    if (ONE("event tick 1", &s))
        CHECK(s.u.item.kind == VME_EVENT_TICK && s.u.item.count == 1 && VME_ITEM_IS_EVENT(s.u.item.kind));
    if (ONE("event tick 0xffffffff", &s))
        CHECK(s.u.item.kind == VME_EVENT_TICK && s.u.item.count == 0xffffffffu);
    BADS("event tick 0", "tick count 0 out of range (1..4294967295)");
    BADS("event tick 0x100000000", "tick count 4294967296 out of range (1..4294967295)");
    BADS("event tick", "missing tick count");
    BADS("event tick 1 2", "unexpected '2'");
    BADS("event tick many", "bad number 'many'");
    BADS("event extint 256", "extint vector 256 out of range (0..255)");
    BADS("event extint", "missing extint vector");
    BADS("event extint 1 2", "unexpected '2'");
    BADS("event nmi 2", "unexpected '2'");
    BADS("event sipi", "unknown event kind 'sipi'");
    BADS("event", "missing event kind");
}

/* ---- enter and expect ---- */

static void t_enter_expect(struct ctx *c)
{
    struct vec_stmt s;
    if (ONE("enter", &s))
        CHECK(s.kind == VS_ENTER && s.u.enter == VME_ENTER_AUTO);
    if (ONE("enter launch", &s))
        CHECK(s.kind == VS_ENTER && s.u.enter == VME_ENTER_LAUNCH);
    if (ONE("enter resume", &s))
        CHECK(s.kind == VS_ENTER && s.u.enter == VME_ENTER_RESUME);
    BADS("enter relaunch", "bad enter mode 'relaunch' (expected launch or resume)");
    BADS("enter launch now", "unexpected 'now'");

    if (ONE("expect vmfail 7", &s))
        CHECK(s.kind == VS_EXPECT && s.u.expect.kind == VX_VMFAIL && s.u.expect.value == 7);
    if (ONE("expect exit 0x80000021", &s))
        CHECK(s.u.expect.kind == VX_EXIT && s.u.expect.value == 0x80000021);
    if (ONE("expect exit 0xffffffff", &s))
        CHECK(s.u.expect.value == 0xffffffff);
    if (ONE("expect running", &s))
        CHECK(s.u.expect.kind == VX_RUNNING);
    if (ONE("expect vmcs GUEST_RIP 0x500d00", &s))
        CHECK(s.u.expect.kind == VX_VMCS && s.u.expect.field == 0x681e &&
              s.u.expect.value == 0x500d00);
    if (ONE("expect vmcs TSC_OFFSET_HIGH 1", &s))
        CHECK(s.u.expect.field == 0x2011);
    if (ONE("expect vmcs 0x4826 0", &s))
        CHECK(s.u.expect.field == 0x4826);
    if (ONE("expect mem 0x8fd0 8 0x18", &s))
        CHECK(s.u.expect.kind == VX_MEM && s.u.expect.addr == 0x8fd0 && s.u.expect.size == 8 &&
              s.u.expect.value == 0x18);
    if (ONE("expect cr2 0xffffffffffffffff", &s))
        CHECK(s.u.expect.kind == VX_CR2 && s.u.expect.value == UINT64_MAX);
    if (ONE("expect smm 2", &s))
        CHECK(s.u.expect.kind == VX_SMM && s.u.expect.value == 2);
    BADS("expect vmfail 0x100000000", "value 0x100000000 too wide for vmfail (32 bits)");
    BADS("expect exit 0x100000000", "too wide for exit reason (32 bits)");
    BADS("expect vmcs GUEST_CS_SELECTOR 0x10000", "too wide for GUEST_CS_SELECTOR (16 bits)");
    BADS("expect vmcs NO_SUCH_FIELD 0", "unknown VMCS field 'NO_SUCH_FIELD'");
    BADS("expect mem 0 2 0x10000", "too wide for mem size 2 (16 bits)");
    BADS("expect mem 0 3 0", "bad mem size 3");
    BADS("expect cr2 0x10000000000000000", "number too large");
    BADS("expect running 1", "unexpected '1'");
    BADS("expect vmfail", "missing vmfail");
    BADS("expect exit", "missing exit reason");
    BADS("expect vmfail 7 8", "unexpected '8'");
    BADS("expect halted", "unknown expect kind 'halted'");
    BADS("expect", "missing expect kind");
    BAD("test t\n  expect exit 1\n  enter\nend\n", 2, "expect before any enter");
    BAD("test t\n  enter\nend\ntest u\n  expect running\nend\n", 5, "expect before any enter");
}

/* ---- file structure and lexical rules ---- */

static void t_structure(struct ctx *c)
{
    static const char text[] =
        "# leading comment\n"
        "\n"
        "test first   # trailing comment\n"
        "\tvmcs\tGUEST_RIP\t0x1000  \n"
        "  insn ok 3#comment right after a token\n"
        "   \t \n"
        "  enter\n"
        "  expect running\n"
        "end\n"
        "test A-z_0.9-\n"
        "end";
    struct vec_file f;
    char err[ERRLEN] = "";
    int rc = parse_text(text, strlen(text), &f, err);
    if (!CHECK(rc == 0 && f.ntests == 2)) {
        fprintf(stderr, "  %s\n", err);
    } else {
        const struct vec_test *t = &f.tests[0];
        CHECK(strcmp(f.path, "t.vec") == 0);
        CHECK(strcmp(t->name, "first") == 0 && t->line == 3 && t->nstmts == 4);
        CHECK(t->stmts[0].kind == VS_VMCS && t->stmts[0].line == 4);
        CHECK(t->stmts[1].kind == VS_ITEM && t->stmts[1].u.item.len == 3 && t->stmts[1].line == 5);
        CHECK(t->stmts[2].kind == VS_ENTER && t->stmts[2].line == 7);
        CHECK(t->stmts[3].kind == VS_EXPECT && t->stmts[3].line == 8);
        CHECK(strcmp(f.tests[1].name, "A-z_0.9-") == 0 && f.tests[1].line == 10 &&
              f.tests[1].nstmts == 0 && f.tests[1].stmts == NULL);
    }
    vec_free(&f);
    CHECK(is_empty(&f));
    vec_free(&f); /* twice is harmless */

    static const char crlf[] = "test a\r\n  vmcs GUEST_RIP 5\r\n\r\nend\r\n";
    rc = parse_text(crlf, strlen(crlf), &f, err);
    CHECK(rc == 0 && f.ntests == 1 && f.tests[0].nstmts == 1 &&
          f.tests[0].stmts[0].u.vmcs.value == 5);
    vec_free(&f);

    rc = parse_text("", 0, &f, err);
    CHECK(rc == 0 && f.ntests == 0 && f.tests == NULL && f.path != NULL);
    vec_free(&f);
    rc = parse_text("# only a comment\n\n", 18, &f, err);
    CHECK(rc == 0 && f.ntests == 0);
    vec_free(&f);

    /* a line of exactly the limit is fine (here: a comment) */
    char *line = malloc(VEC_MAX_LINE_LEN + 16);
    if (CHECK(line != NULL)) {
        memset(line, 'x', VEC_MAX_LINE_LEN + 16);
        line[0] = '#';
        line[VEC_MAX_LINE_LEN] = '\n';
        rc = parse_text(line, VEC_MAX_LINE_LEN + 1, &f, err);
        CHECK(rc == 0);
        vec_free(&f);
        line[VEC_MAX_LINE_LEN] = 'x';
        line[VEC_MAX_LINE_LEN + 1] = '\n';
        bad_text(c, __LINE__, line, VEC_MAX_LINE_LEN + 2, 1,
                 "line too long (4097 characters, limit 4096)");
        free(line);
    }
}

static void t_errors(struct ctx *c)
{
    BAD("test a\n  vmcz 1 2\nend\n", 2, "unknown keyword 'vmcz'");
    BAD("test a\n  VMCS GUEST_RIP 1\nend\n", 2, "unknown keyword 'VMCS'");
    BAD("bogus\n", 1, "unknown keyword 'bogus'"); /* outside a test too */
    BAD("test a\n  vmcs FOO 1\nend\n", 2, "unknown VMCS field 'FOO'");
    BAD("test a\n  vmcs GUEST_ES_SELECTOR 0x10000\nend\n", 2,
        "value 0x10000 too wide for GUEST_ES_SELECTOR (16 bits)");
    BAD("test a\nenter\ntest b\nend\n", 3, "missing 'end' for test 'a' (opened at line 1)");
    BAD("test a\nenter\n", 2, "missing 'end' for test 'a' (opened at line 1)");
    BAD("test a\nenter", 2, "missing 'end' for test 'a'");          /* no final newline */
    BAD("\ntest a\nenter\n\n\n", 5, "missing 'end' for test 'a' (opened at line 2)");
    BAD("test a", 1, "missing 'end' for test 'a'");
    BAD("test a\n  insn ok 1\n  expect running\nend\n", 3, "expect before any enter");
    BAD("vmcs GUEST_RIP 1\n", 1, "'vmcs' outside a test");
    BAD("test a\nend\nenter\n", 3, "'enter' outside a test");
    BAD("test a\nend\nexpect running\n", 3, "'expect' outside a test");
    BAD("insn ok 1\n", 1, "'insn' outside a test");
    BAD("test a\n  vmcs GUEST_RIP 0xzz\nend\n", 2, "bad number '0xzz'");
    BAD("test a\nend\n\ntest a\nend\n", 4, "duplicate test name 'a' (first at line 1)");
    BAD("test a\nend\ntest b\nend\ntest b\nend\n", 5, "duplicate test name 'b' (first at line 3)");
    BADN("test a\nvmcs GUEST_RIP 1\0\nend\n", 2, "NUL byte");
    BADN("test a\n# \0 in a comment\nend\n", 2, "NUL byte");
    BADN("\0", 1, "NUL byte");
    BAD("test a\n  # caf\xc3\xa9\nend\n", 2, "non-ASCII byte 0xc3");
    BAD("test a\n  vmcs GUEST_RIP 1\xff\nend\n", 2, "non-ASCII byte 0xff");
    BAD("test a\n  vmcs GUEST_RIP\x01 1\nend\n", 2, "control character 0x01");
    BAD("test a\n  enter launch\n  end\n  end\n", 4, "'end' outside a test");
    BAD("end\n", 1, "'end' outside a test");
    BAD("test a\n  enter 1\nend\n", 2, "bad enter mode '1'");
    BAD("test a\nend now\n", 2, "unexpected 'now'");
    BAD("test a b\nend\n", 1, "unexpected 'b'");
    BAD("test\n", 1, "missing test name");
    BAD("test a!b\nend\n", 1,
        "bad test name 'a!b' (expected [A-Za-z0-9_.-]+, at most 128 characters)");
    BAD("test a/b\nend\n", 1, "bad test name");
    BAD("test a\ntest b\nend\n", 2, "missing 'end' for test 'a' (opened at line 1)");
    BAD("test a\n  config foo 1\nend\n", 2, "unknown config key 'foo'");
    BAD("test a\n  config smm triple\nend\n", 2, "bad value 'triple' for config key smm");
    BAD("test a\n  mem 0x1000 3 0\nend\n", 2, "bad mem size 3");
    BAD("test a\n  gate 256\nend\n", 2, "gate vector 256");
    BAD("test a\n  insn ok 0\nend\n", 2, "instruction length 0 out of range (1..15)");
    BAD("test a\n  insn ok 16\nend\n", 2, "instruction length 16 out of range (1..15)");
    BAD("test a\n  vmcs GUEST_RIP\nend\n", 2, "missing value");
    /* only the first error counts */
    BAD("test a\n  vmcs FOO 1\n  bogus\nend\n", 2, "unknown VMCS field");

    char name[VEC_MAX_NAME + 2], text[512];
    memset(name, 'n', sizeof name);
    name[VEC_MAX_NAME] = '\0';
    snprintf(text, sizeof text, "test %s\nend\n", name);
    struct vec_file f;
    char err[ERRLEN];
    int rc = parse_text(text, strlen(text), &f, err);
    CHECK(rc == 0 && f.ntests == 1 && strlen(f.tests[0].name) == VEC_MAX_NAME);
    vec_free(&f);
    name[VEC_MAX_NAME] = 'n';
    name[VEC_MAX_NAME + 1] = '\0';
    snprintf(text, sizeof text, "test %s\nend\n", name);
    BAD(text, 1, "bad test name");

    /* 100,000-character line: an error, not a crash or a huge allocation */
    size_t n = 100000 + 8;
    char *big = malloc(n);
    if (CHECK(big != NULL)) {
        memcpy(big, "test a\n", 7);
        memset(big + 7, 'x', 100000);
        big[7 + 100000] = '\n';
        bad_text(c, __LINE__, big, n, 2, "line too long (100000 characters, limit 4096)");
        free(big);
    }

    /* a file over VEC_MAX_FILE_SIZE fails at line 1 before being looked at */
    char *huge = calloc((size_t)VEC_MAX_FILE_SIZE + 1, 1);
    if (CHECK(huge != NULL)) {
        bad_text(c, __LINE__, huge, (size_t)VEC_MAX_FILE_SIZE + 1, 1, "file too large");
        free(huge);
    }

    /* the message is cut to the caller's buffer, and no buffer at all is fine */
    char small[12];
    rc = vec_parse_buffer("t.vec", "bogus\n", 6, &f, small, sizeof small);
    CHECK(rc == -1 && strcmp(small, "t.vec:1: un") == 0 && is_empty(&f));
    rc = vec_parse_buffer("t.vec", "bogus\n", 6, &f, NULL, 0);
    CHECK(rc == -1 && is_empty(&f));

    rc = vec_parse_file("/nonexistent/dir/x.vec", &f, err, sizeof err);
    CHECK(rc == -1 && strncmp(err, "/nonexistent/dir/x.vec:1: cannot open", 37) == 0 &&
          is_empty(&f));
}

/* Many tests and statements: the limits, and the duplicate-name table as it grows. */
static void t_limits(struct ctx *c)
{
    size_t cap = (size_t)(VEC_MAX_TESTS + 1) * 24, n = 0;
    char *buf = malloc(cap);
    if (!CHECK(buf != NULL))
        return;
    for (int i = 0; i < VEC_MAX_TESTS; i++)
        n += (size_t)snprintf(buf + n, cap - n, "test t%d\nend\n", i);
    struct vec_file f;
    char err[ERRLEN];
    int rc = parse_text(buf, n, &f, err);
    CHECK(rc == 0 && f.ntests == VEC_MAX_TESTS);
    CHECK(rc == 0 && strcmp(f.tests[VEC_MAX_TESTS - 1].name, "t99999") == 0);
    vec_free(&f);
    size_t n2 = n + (size_t)snprintf(buf + n, cap - n, "test t12345\nend\n");
    bad_text(c, __LINE__, buf, n2, 2 * VEC_MAX_TESTS + 1,
             "duplicate test name 't12345' (first at line 24691)");
    n2 = n + (size_t)snprintf(buf + n, cap - n, "test last\nend\n");
    bad_text(c, __LINE__, buf, n2, 2 * VEC_MAX_TESTS + 1, "too many tests (limit 100000)");
    free(buf);

    static const char stmt[] = "insn ok 1\n";
    size_t len = sizeof stmt - 1;
    cap = 8 + ((size_t)VEC_MAX_STMTS + 1) * len;
    buf = malloc(cap);
    if (!CHECK(buf != NULL))
        return;
    memcpy(buf, "test a\n", 7);
    n = 7;
    for (int i = 0; i < VEC_MAX_STMTS; i++, n += len)
        memcpy(buf + n, stmt, len);
    memcpy(buf + n, stmt, len);
    bad_text(c, __LINE__, buf, n + len, VEC_MAX_STMTS + 2,
             "too many statements in test 'a' (limit 1000000)");
    memcpy(buf + n, "end\n", 4);
    rc = parse_text(buf, n + 4, &f, err);
    CHECK(rc == 0 && f.ntests == 1 && f.tests[0].nstmts == VEC_MAX_STMTS);
    vec_free(&f);
    free(buf);
}

/* ---- the spec's examples and the malformed corpus ---- */

static void t_examples(struct ctx *c, const char *path)
{
    static const char *const names[] = {
        "example_mtf_single_step", "example_inject_gp_with_error_code",
        "example_invalid_injection", "example_nested_fault_exits", "example_two_entries",
        "example_interrupt_wakes_hlt", "example_user_mode_gp_ia32e", "example_user_mode_gp_protected",
        "example_preemption_timer_ticks"};
    const size_t n = sizeof names / sizeof names[0];
    struct vec_file f;
    char err[ERRLEN] = "";
    int rc = vec_parse_file(path, &f, err, sizeof err);
    if (!CHECK(rc == 0 && f.ntests == n)) {
        fprintf(stderr, "  %s\n", err);
        vec_free(&f);
        return;
    }
    CHECK(strcmp(f.path, path) == 0);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(f.tests[i].name, names[i]) == 0);
    const struct vec_test *t = &f.tests[0];
    CHECK(t->line == 5 && t->nstmts == 6);
    CHECK(t->stmts[0].kind == VS_VMCS &&
          t->stmts[0].u.vmcs.field == VMCS_CPU_BASED_VM_EXEC_CONTROL &&
          t->stmts[0].u.vmcs.value == 0x08000000 && t->stmts[0].line == 7);
    CHECK(t->stmts[3].kind == VS_ENTER && t->stmts[3].u.enter == VME_ENTER_AUTO);
    CHECK(t->stmts[4].kind == VS_EXPECT && t->stmts[4].u.expect.kind == VX_EXIT &&
          t->stmts[4].u.expect.value == 37);
    t = &f.tests[3];
    CHECK(t->stmts[0].kind == VS_GATE && t->stmts[0].u.gate.vec == 6 &&
          t->stmts[0].u.gate.given == VME_GATE_P && t->stmts[0].u.gate.p == 0);
    t = &f.tests[5];
    CHECK(t->stmts[2].kind == VS_ITEM && t->stmts[2].u.item.kind == VME_EVENT_EXTINT &&
          t->stmts[2].u.item.vec == 0x41);
    t = &f.tests[8];
    CHECK(t->stmts[4].kind == VS_ITEM && t->stmts[4].u.item.kind == VME_EVENT_TICK &&
          t->stmts[4].u.item.count == 2 && t->stmts[4].line == 118);
    vec_free(&f);
}

/* One line of expected.txt: FILE<TAB>LINE<TAB>substring. */
static void corpus_case(struct ctx *c, const char *dir, char *entry)
{
    char *tab1 = strchr(entry, '\t');
    char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (!CHECK(tab2 != NULL)) {
        fprintf(stderr, "  bad expected.txt line '%s'\n", entry);
        return;
    }
    *tab1 = *tab2 = '\0';
    const char *file = entry, *sub = tab2 + 1;
    int line = atoi(tab1 + 1);
    char path[1024], prefix[1100], err[ERRLEN] = "";
    if (!CHECK(snprintf(path, sizeof path, "%s/%s", dir, file) < (int)sizeof path))
        return;
    snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    struct vec_file f;
    int rc = vec_parse_file(path, &f, err, sizeof err);
    int ok = rc == -1 && strncmp(err, prefix, strlen(prefix)) == 0 && strstr(err, sub) != NULL &&
             is_empty(&f);
    if (!CHECK(ok))
        fprintf(stderr, "  %s: wanted '%s...%s', got '%s'\n", file, prefix, sub, err);
    if (rc == 0)
        vec_free(&f);
}

/* Every .vec file of DIR must have a line in LISTED (the text of expected.txt). */
static void corpus_listed(struct ctx *c, const char *dir, const char *listed)
{
    DIR *d = opendir(dir);
    if (!CHECK(d != NULL))
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 4, ".vec") != 0)
            continue;
        char key[300];
        snprintf(key, sizeof key, "\n%s\t", e->d_name);
        if (!CHECK(strstr(listed, key) != NULL))
            fprintf(stderr, "  %s/%s is not in expected.txt\n", dir, e->d_name);
    }
    closedir(d);
}

static void t_corpus(struct ctx *c, const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/expected.txt", dir);
    FILE *fp = fopen(path, "r");
    if (!CHECK(fp != NULL))
        return;
    char listed[16384] = "\n", entry[1024];
    int cases = 0;
    while (fgets(entry, sizeof entry, fp)) {
        entry[strcspn(entry, "\r\n")] = '\0';
        if (entry[0] == '\0' || entry[0] == '#')
            continue;
        size_t used = strlen(listed);
        snprintf(listed + used, sizeof listed - used, "%s\n", entry);
        corpus_case(c, dir, entry);
        cases++;
    }
    fclose(fp);
    CHECK(cases >= 10);
    corpus_listed(c, dir, listed);
}

/* ---- hints: "did you mean", the hex prefix, the warning for an error code that is never delivered ---- */

/* BODY (at line 3) must fail with no "did you mean": WORD is not close to any name. */
static void no_hint(struct ctx *c, int src, const char *body)
{
    char text[512], err[ERRLEN] = "";
    struct vec_file f;
    wrap(text, sizeof text, body);
    int rc = parse_text(text, strlen(text), &f, err);
    if (!check(c, rc == -1 && strstr(err, "did you mean") == NULL, "an error without a hint", src))
        fprintf(stderr, "  '%s': rc %d '%s'\n", body, rc, err);
    if (rc == 0)
        vec_free(&f);
}
#define NO_HINT(body) no_hint(c, __LINE__, body)

/* BODY must parse, with the warning WARN at line 3 (NULL: with no warning). */
static void warns(struct ctx *c, int src, const char *body, const char *warn)
{
    char text[512], err[ERRLEN] = "", want[256];
    struct vec_file f;
    wrap(text, sizeof text, body);
    int rc = parse_text(text, strlen(text), &f, err);
    snprintf(want, sizeof want, "t.vec:3: warning: %s\n", warn ? warn : "");
    int ok = rc == 0 && (warn ? f.warnings && strcmp(f.warnings, want) == 0 : f.warnings == NULL);
    if (!check(c, ok, warn ? "the warning" : "no warning", src))
        fprintf(stderr, "  '%s': rc %d '%s', warnings '%s'\n", body, rc, err, rc == 0 && f.warnings ? f.warnings : "");
    if (rc == 0)
        vec_free(&f);
}
#define WARNS(body, warn) warns(c, __LINE__, body, warn)

static void t_hints(struct ctx *c)
{
    BAD("test a\n  vmcz 1 2\nend\n", 2, "unknown keyword 'vmcz' (did you mean vmcs?)");
    BAD("tset a\nend\n", 1, "unknown keyword 'tset' (did you mean test?)"); /* a swap costs 1 */
    BAD("test a\n  Enter\nend\n", 2, "unknown keyword 'Enter' (did you mean enter?)");
    BADS("vmcs GUEST_RIPP 1", "unknown VMCS field 'GUEST_RIPP' (did you mean GUEST_RIP?)");
    BADS("vmcs guest_rip 1", "unknown VMCS field 'guest_rip' (did you mean GUEST_RIP?)");
    BADS("expect vmcs GUEST_RPI 1", "unknown VMCS field 'GUEST_RPI' (did you mean GUEST_RIP?)");
    BADS("config mtf_suported 1", "unknown config key 'mtf_suported' (did you mean mtf_supported?)");
    BADS("tss rsp3 1", "unknown TSS field 'rsp3' (did you mean rsp0?)");
    BADS("insn fualt 14", "unknown insn kind 'fualt' (did you mean fault?)");
    BADS("event nmii", "unknown event kind 'nmii' (did you mean nmi?)");
    BADS("expect exti 18", "unknown expect kind 'exti' (did you mean exit?)");
    BADS("insn fault 14 ecc=2", "unknown insn fault attribute 'ecc' (did you mean ec?)");
    BADS("gate 14 of=0x100", "unknown gate attribute 'of' (did you mean off?)");
    NO_HINT("vmcs FOO 1");
    NO_HINT("zzzz 1");
    NO_HINT("expect banana 1");
    BADS("vmcs VM_ENTRY_INTR_INFO_FIELD 80000b0e", "bad number '80000b0e' (a hex number needs 0x: 0x80000b0e)");
    BADS("expect vmcs GUEST_RIP 40100f", "bad number '40100f' (a hex number needs 0x: 0x40100f)");
    BADS("vmcs GUEST_RIP 0x12zz", "bad number '0x12zz'");
    NO_HINT("vmcs GUEST_RIP 12zz");
    WARNS("insn fault 6 ec=5", "insn fault 6 ec=0x5: vector 6 has no error code (those with one: 8, 10-14, 17, 21)");
    WARNS("insn fault 3 ec=0", "insn fault 3 ec=0x0: vector 3 has no error code (those with one: 8, 10-14, 17, 21)");
    WARNS("insn fault 6", NULL);
    WARNS("insn fault 14 ec=2 addr=0x1000", NULL);
    WARNS("insn fault 8 ec=0", NULL);
    WARNS("insn fault 21 ec=2", NULL); /* #CP has one with config cp_errcode */
}

int main(int argc, char **argv)
{
    struct ctx ctx = {0, 0}, *c = &ctx;
    t_numbers(c);
    t_vmcs(c);
    t_config(c);
    t_mem(c);
    t_gate(c);
    t_desc_tss(c);
    t_fault(c);
    t_insn(c);
    t_event(c);
    t_enter_expect(c);
    t_structure(c);
    t_errors(c);
    t_hints(c);
    t_limits(c);
    if (argc > 1)
        t_examples(c, argv[1]);
    if (argc > 2)
        t_corpus(c, argv[2]);
    printf("%d passed, %d failed\n", c->passed, c->failed);
    return c->failed != 0;
}
