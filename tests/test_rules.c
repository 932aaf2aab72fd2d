/* Unit tests of the golden model's rules (dpi/evd_rules.c): each table and sentence of the SDM
 * that behaviour.md and vmx-facts.md give, checked row by row. */
#include <stdio.h>
#include <string.h>

#include "evd_arch.h"
#include "check.h"
#include "evd_rules.h"

static const struct rule_config defaults = {.errcode_high_bits = 16, .mtf_supported = 1, .nmi_sti_check = 1,
                                            .activity_states = 7};

static void test_launch_state(void)
{
    CHECK(rule_launch_state_error(1, 0) == 0);
    CHECK(rule_launch_state_error(1, 1) == 4);
    CHECK(rule_launch_state_error(0, 0) == 5);
    CHECK(rule_launch_state_error(0, 1) == 0);
}

static void test_error_codes_and_ext(void)
{
    struct rule_config cp = defaults;
    cp.cp_errcode = 1;
    for (int v = 0; v < 32; v++) {
        int expected = v == 8 || (v >= 10 && v <= 14) || v == 17;
        CHECK(rule_has_error_code((uint8_t)v, &defaults) == expected);
        CHECK(rule_has_error_code((uint8_t)v, &cp) == (expected || v == 21));
        CHECK(rule_takes_ext((uint8_t)v) == (v >= 10 && v <= 13));
    }
    /* F1: EXT set for types 0, 2, 3, 5; clear for 4 and 6; set for any later nested exception. */
    static const int first_ext[8] = {1, 1, 1, 1, 0, 1, 0, 1};
    for (int t = 0; t < 8; t++) {
        CHECK(rule_ext_bit((uint8_t)t, 0) == first_ext[t]);
        CHECK(rule_ext_bit((uint8_t)t, 1) == 1);
        CHECK(rule_is_software((uint8_t)t) == (t == 4 || t == 5 || t == 6));
    }
}

static void test_bitmap(void)
{
    CHECK(rule_bitmap_exits(1u << 13, 0, 0, 13, 0) == 1);
    CHECK(rule_bitmap_exits(1u << 13, 0, 0, 12, 0) == 0);
    CHECK(rule_bitmap_exits(0xffffffff, 0, 0, 32, 0) == 0);
    /* #PF: exit iff ((ec & mask) == match) == bit 14 */
    CHECK(rule_bitmap_exits(1u << 14, 1, 1, 14, 3) == 1); /* equal, bit 1 */
    CHECK(rule_bitmap_exits(1u << 14, 1, 1, 14, 2) == 0); /* not equal, bit 1 */
    CHECK(rule_bitmap_exits(0, 1, 1, 14, 3) == 0);        /* equal, bit 0 */
    CHECK(rule_bitmap_exits(0, 1, 1, 14, 2) == 1);        /* not equal, bit 0 */
    CHECK(rule_bitmap_exits(1u << 14, 0, 0, 14, 0xffff) == 1);
}

static void test_double_fault_table(void)
{
    struct rule_config cp = defaults, narrow = defaults;
    cp.cp_errcode = 1;
    narrow.triple_contributory_pf = 1;
    for (int v = 0; v < 32; v++) {
        int expected = (v == 0 || (v >= 10 && v <= 13)) ? CLASS_CONTRIBUTORY : (v == 14 || v == 20) ? CLASS_PAGE_FAULT : CLASS_BENIGN;
        CHECK(rule_exception_class(ITYPE_HARD_EXC, (uint8_t)v, &defaults) == expected);
    }
    CHECK(rule_exception_class(ITYPE_HARD_EXC, 21, &cp) == CLASS_CONTRIBUTORY);
    for (int t = 0; t < 8; t++)
        if (t != ITYPE_HARD_EXC) CHECK(rule_exception_class((uint8_t)t, 13, &defaults) == CLASS_BENIGN);
    /* Table 6-5: rows first, columns second (benign, contributory, page fault). */
    static const enum rule_combine table[3][3] = {{COMBINE_SERIAL, COMBINE_SERIAL, COMBINE_SERIAL},
                                    {COMBINE_SERIAL, COMBINE_DOUBLE, COMBINE_SERIAL},
                                    {COMBINE_SERIAL, COMBINE_DOUBLE, COMBINE_DOUBLE}};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) CHECK(rule_combine(0, (uint8_t)a, (uint8_t)b, &defaults) == table[a][b]);
    /* F4: any exception while delivering #DF, or with contributory_pf only contributory and #PF. */
    for (int b = 0; b < 3; b++) {
        CHECK(rule_combine(1, CLASS_CONTRIBUTORY, (uint8_t)b, &defaults) == COMBINE_TRIPLE);
        CHECK(rule_combine(1, CLASS_CONTRIBUTORY, (uint8_t)b, &narrow) == (b == CLASS_BENIGN ? COMBINE_SERIAL : COMBINE_TRIPLE));
    }
}

static int inj(uint32_t info, uint32_t ec, uint32_t len, const struct rule_config *rc)
{
    struct rule_injection i = {.info = info, .error_code = ec, .instruction_len = len, .cr0_pe = 1};
    return rule_injection_valid(&i, rc, NULL);
}

static void test_injection_checks(void)
{
    struct rule_config c15 = defaults, zero = defaults, nohw = defaults, nomtf = defaults;
    c15.errcode_high_bits = 15;
    zero.zero_len_inject = 1;
    nohw.no_hw_errcode_cc = 1;
    nomtf.mtf_supported = 0;
    CHECK(inj(0x00000100, 0, 0, &defaults) == 1); /* not valid: nothing checked */
    CHECK(inj(0x80000100, 0, 0, &defaults) == 0); /* type 1 */
    CHECK(inj(0x80000700, 0, 0, &defaults) == 1);
    CHECK(inj(0x80000700, 0, 0, &nomtf) == 0);
    CHECK(inj(0x80000701, 0, 0, &defaults) == 0);
    CHECK(inj(0x80000202, 0, 0, &defaults) == 1);
    CHECK(inj(0x80000203, 0, 0, &defaults) == 0);
    CHECK(inj(0x8000031f, 0, 0, &defaults) == 1);
    CHECK(inj(0x80000320, 0, 0, &defaults) == 0);
    CHECK(inj(0x80000b0d, 0, 0, &defaults) == 1);
    CHECK(inj(0x8000030d, 0, 0, &defaults) == 0); /* #GP without its error code */
    CHECK(inj(0x80000b06, 0, 0, &defaults) == 0); /* #UD with one */
    CHECK(inj(0x8000030d, 0, 0, &nohw) == 1);
    CHECK(inj(0x80000b06, 0, 0, &nohw) == 1);
    CHECK(inj(0x80000c80, 0, 2, &nohw) == 0);     /* error code on type 4: never */
    for (int b = 12; b <= 30; b++) CHECK(inj(0x80000b0du | 1u << b, 0, 0, &defaults) == 0);
    CHECK(inj(0x80000b0d, 0x8000, 0, &defaults) == 1);
    CHECK(inj(0x80000b0d, 0x8000, 0, &c15) == 0);
    CHECK(inj(0x80000b0d, 0x10000, 0, &defaults) == 0);
    CHECK(inj(0x8000030d, 0xffff0000, 0, &nohw) == 1); /* no error code: its high bits do not matter */
    for (int t = 4; t <= 6; t++) {
        uint32_t info = 0x80000000u | (uint32_t)t << 8 | 3;
        CHECK(inj(info, 0, 1, &defaults) == 1);
        CHECK(inj(info, 0, 15, &defaults) == 1);
        CHECK(inj(info, 0, 16, &defaults) == 0);
        CHECK(inj(info, 0, 0xffffffff, &defaults) == 0);
        CHECK(inj(info, 0, 0, &defaults) == 0);
        CHECK(inj(info, 0, 0, &zero) == 1);
    }
    /* Unrestricted guest with CR0.PE = 0: real mode, no error code ever. */
    struct rule_injection real = {.info = 0x80000b0d, .unrestricted_guest = 1, .cr0_pe = 0};
    CHECK(rule_injection_valid(&real, &defaults, NULL) == 0);
    CHECK(rule_injection_valid(&real, &nohw, NULL) == 0);
    real.info = 0x8000030d;
    CHECK(rule_injection_valid(&real, &defaults, NULL) == 1);
}

static int guest(uint32_t injection, uint64_t rflags, uint32_t istate, uint32_t activity, uint8_t dpl, int vnmi,
                 const struct rule_config *rc, uint32_t *qual)
{
    struct rule_guest_state gs = {injection, rflags, istate, activity, dpl, vnmi};
    return rule_guest_state_valid(&gs, rc, qual, NULL);
}

static void test_guest_state_checks(void)
{
    uint32_t q;
    struct rule_config nosti = defaults, nohlt = defaults;
    nosti.nmi_sti_check = 0;
    nohlt.activity_states = 6;
    CHECK(guest(0, 0x2, 0, 0, 0, 0, &defaults, &q) == 1);
    CHECK(guest(0x80000041, 0x2, 0, 0, 0, 0, &defaults, &q) == 0 && q == 0);   /* ext-int with IF = 0 */
    CHECK(guest(0x80000041, 0x202, 0, 0, 0, 0, &defaults, &q) == 1);
    CHECK(guest(0x80000041, 0x202, 1, 0, 0, 0, &defaults, &q) == 0);          /* under STI */
    CHECK(guest(0x80000041, 0x202, 2, 0, 0, 0, &defaults, &q) == 0);          /* under MOV SS */
    CHECK(guest(0, 0x202, 3, 0, 0, 0, &defaults, &q) == 0);                   /* both */
    CHECK(guest(0, 0x2, 1, 0, 0, 0, &defaults, &q) == 0);                     /* STI with IF = 0 */
    CHECK(guest(0x80000202, 0x2, 2, 0, 0, 0, &defaults, &q) == 0);            /* NMI under MOV SS */
    CHECK(guest(0x80000202, 0x202, 1, 0, 0, 0, &defaults, &q) == 0 && q == 3); /* NMI under STI */
    CHECK(guest(0x80000202, 0x202, 1, 0, 0, 0, &nosti, &q) == 1);
    CHECK(guest(0x80000202, 0x2, 8, 0, 0, 1, &defaults, &q) == 0);            /* NMI blocked, virtual NMIs */
    CHECK(guest(0x80000202, 0x2, 8, 0, 0, 0, &defaults, &q) == 1);
    CHECK(guest(0, 0x2, 0, 4, 0, 0, &defaults, &q) == 0);
    CHECK(guest(0, 0x2, 0, 1, 0, 0, &nohlt, &q) == 0);
    CHECK(guest(0, 0x2, 0, 1, 3, 0, &defaults, &q) == 0);                     /* HLT with SS.DPL 3 */
    CHECK(guest(0, 0x202, 1, 1, 0, 0, &defaults, &q) == 0);                   /* STI blocking in HLT */
    CHECK(guest(0x8000030d, 0x2, 0, 1, 0, 0, &defaults, &q) == 0);            /* #GP in HLT */
    CHECK(guest(0x80000301, 0x2, 0, 1, 0, 0, &defaults, &q) == 1);            /* #DB in HLT */
    /* The activity-state table (E3). */
    static const struct { uint32_t act; uint8_t type, vec; int ok; } rows[] = {
        {1, 0, 0x40, 1}, {1, 2, 2, 1}, {1, 3, 1, 1}, {1, 3, 18, 1}, {1, 7, 0, 1}, {1, 3, 13, 0}, {1, 4, 3, 0},
        {2, 2, 2, 1},    {2, 3, 18, 1}, {2, 0, 0x40, 0}, {2, 3, 1, 0}, {2, 7, 0, 0},
        {3, 2, 2, 0},    {3, 3, 18, 0}, {3, 0, 0x40, 0}, {0, 6, 3, 1}, {0, 4, 0x80, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK(rule_activity_allows(rows[i].act, rows[i].type, rows[i].vec) == rows[i].ok);
}

static void test_arbiter(void)
{
    /* M8: everything pending at once, taken away one by one from the top. */
    struct rule_pending all = {.smi = 1, .init = 1, .mtf = 1, .dbg_trap = 1, .timer_zero = 1, .nmi_window = 1,
                               .nmi = 1, .int_window = 1, .extint = 1, .if_flag = 1, .virtual_nmis = 1};
    static const enum rule_prio order[] = {PRIO_SMI, PRIO_INIT, PRIO_MTF, PRIO_DBG_TRAP, PRIO_TIMER,
                                           PRIO_NMI_WINDOW, PRIO_NMI, PRIO_INT_WINDOW, PRIO_EXTINT};
    int *const take[] = {&all.smi, &all.init, &all.mtf, &all.dbg_trap, &all.timer_zero, &all.nmi_window,
                         &all.nmi, &all.int_window, &all.extint};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        CHECK(rule_arbitrate(&all) == order[i]);
        *take[i] = 0;
    }
    CHECK(rule_arbitrate(&all) == PRIO_NONE);
    struct rule_pending ext = {.extint = 1, .extint_exiting = 1};
    CHECK(rule_arbitrate(&ext) == PRIO_EXTINT_EXIT); /* RFLAGS.IF does not hold it */
    ext.extint_exiting = 0;
    CHECK(rule_arbitrate(&ext) == PRIO_NONE); /* IF = 0 holds it */
    ext.int_window = 1, ext.extint_exiting = 1;
    CHECK(rule_arbitrate(&ext) == PRIO_EXTINT_EXIT); /* no window with IF = 0 */
    ext.if_flag = 1;
    CHECK(rule_arbitrate(&ext) == PRIO_INT_WINDOW); /* A5: the window before the interrupt's exit */
    struct rule_pending nmi = {.nmi = 1, .extint = 1, .if_flag = 1, .interruptibility = 1};
    CHECK(rule_arbitrate(&nmi) == PRIO_NMI); /* STI blocking does not block NMIs */
    nmi.interruptibility = 2;
    CHECK(rule_arbitrate(&nmi) == PRIO_NONE); /* MOV-SS blocking blocks both */
    nmi.interruptibility = 8;
    CHECK(rule_arbitrate(&nmi) == PRIO_EXTINT); /* NMI blocking blocks NMIs only */
    nmi.virtual_nmis = 1;
    CHECK(rule_arbitrate(&nmi) == PRIO_NMI); /* A6: virtual-NMI blocking does not block real NMIs */
    nmi.nmi_window = 1;
    CHECK(rule_arbitrate(&nmi) == PRIO_NMI); /* ... but holds the NMI window */
    nmi.interruptibility = 0;
    CHECK(rule_arbitrate(&nmi) == PRIO_NMI_WINDOW); /* A4: the window before the NMI */
    nmi.interruptibility = 1;
    CHECK(rule_arbitrate(&nmi) == PRIO_NMI_WINDOW); /* nmi_window_sti 0: STI blocking does not hold it... */
    nmi.nmi_window_sti = 1;
    CHECK(rule_arbitrate(&nmi) == PRIO_NMI); /* ...with 1 it does (and the NMI, not held by STI, goes) */
    nmi.interruptibility = 2;
    CHECK(rule_arbitrate(&nmi) == PRIO_NONE); /* MOV-SS blocking holds it */
    struct rule_pending timer = {.timer_zero = 1, .interruptibility = 1};
    CHECK(rule_arbitrate(&timer) == PRIO_TIMER); /* A3: STI blocking does not hold it... */
    timer.interruptibility = 2;
    CHECK(rule_arbitrate(&timer) == PRIO_TIMER);
    timer.timer_sti = 1;
    CHECK(rule_arbitrate(&timer) == PRIO_NONE); /* ...with timer_sti 1 MOV-SS blocking does */
    timer.interruptibility = 1;
    CHECK(rule_arbitrate(&timer) == PRIO_NONE); /* and STI blocking */
    timer.interruptibility = 0;
    CHECK(rule_arbitrate(&timer) == PRIO_TIMER);
    struct rule_pending win = {.int_window = 1, .if_flag = 1, .interruptibility = 1};
    CHECK(rule_arbitrate(&win) == PRIO_NONE); /* STI blocking holds the interrupt window */
    win.interruptibility = 0, win.if_flag = 0;
    CHECK(rule_arbitrate(&win) == PRIO_NONE); /* so does IF = 0 */
    struct rule_pending sipi = {.smi = 1, .init = 1, .mtf = 1, .dbg_trap = 1, .nmi = 1, .extint = 1, .activity = 3,
                                .if_flag = 1, .extint_exiting = 1, .timer_zero = 1, .nmi_window = 1, .int_window = 1};
    CHECK(rule_arbitrate(&sipi) == PRIO_NONE); /* wait-for-SIPI: nothing, the timer and windows included */
    struct rule_pending shut = {.mtf = 1, .dbg_trap = 1, .extint = 1, .if_flag = 1, .extint_exiting = 1,
                                .int_window = 1, .activity = 2, .virtual_nmis = 1, .interruptibility = 8};
    CHECK(rule_arbitrate(&shut) == PRIO_NONE); /* no MTF, debug trap, interrupt or interrupt window */
    shut.nmi = 1;
    CHECK(rule_arbitrate(&shut) == PRIO_NMI); /* virtual-NMI blocking does not block it */
    shut.virtual_nmis = 0;
    CHECK(rule_arbitrate(&shut) == PRIO_NONE); /* blocking by NMI does */
    shut.interruptibility = 0, shut.nmi_window = 1;
    CHECK(rule_arbitrate(&shut) == PRIO_NMI_WINDOW);
    shut.timer_zero = 1;
    CHECK(rule_arbitrate(&shut) == PRIO_TIMER);
    shut.init = 1;
    CHECK(rule_arbitrate(&shut) == PRIO_INIT);
    struct rule_pending hlt = {.extint = 1, .if_flag = 1, .activity = 1};
    CHECK(rule_arbitrate(&hlt) == PRIO_EXTINT); /* wakes HLT */
    hlt.int_window = 1;
    CHECK(rule_arbitrate(&hlt) == PRIO_INT_WINDOW); /* A5: in HLT too */
    hlt.nmi_window = 1;
    CHECK(rule_arbitrate(&hlt) == PRIO_NMI_WINDOW);
    hlt.timer_zero = 1;
    CHECK(rule_arbitrate(&hlt) == PRIO_TIMER);
}

/* E6: each control that needs another, with and without it. */
static void test_event_controls(void)
{
    CHECK(rule_event_controls_valid(0, 0, 0, NULL));
    CHECK(rule_event_controls_valid(0x28, 0x400000, 0, NULL));
    CHECK(rule_event_controls_valid(0x40, 0, 0x400000, NULL));
    CHECK(rule_event_controls_valid(0x08, 0x4, 0, NULL)); /* the interrupt window needs nothing */
    CHECK(!rule_event_controls_valid(0x20, 0, 0, NULL));         /* virtual NMIs without NMI exiting */
    CHECK(!rule_event_controls_valid(0x08, 0x400000, 0, NULL));  /* NMI window without virtual NMIs */
    CHECK(!rule_event_controls_valid(0x2f, 0x400000, 0x400000, NULL)); /* save without the timer */
    CHECK(rule_event_controls_valid(0xff, 0xffffffff, 0xffffffff, NULL));
}

/* A3: ((TSC + N) >> X) - (TSC >> X). */
static void test_timer_decrement(void)
{
    static const struct {
        uint64_t tsc;
        uint32_t n;
        unsigned x;
        uint32_t dec;
    } rows[] = {
        {0, 1, 0, 1},           {0, 3, 2, 0},           {3, 1, 2, 1},       {3, 5, 2, 2},
        {4, 3, 2, 0},           {0, 0xffffffff, 0, 0xffffffff},             {0, 0xffffffff, 31, 1},
        {0x7fffffff, 1, 31, 1}, {0x80000000, 0x7fffffff, 31, 0},            {0x123456789, 0xffffffff, 31, 2},
        {0xffffffffffffffff, 1, 5, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint32_t d = rule_timer_decrement(rows[i].tsc, rows[i].n, rows[i].x);
        CHECK(d == rows[i].dec);
        /* the same from the definition, where TSC + N does not wrap */
        if (rows[i].tsc <= UINT64_MAX - rows[i].n)
            CHECK(d == ((rows[i].tsc + rows[i].n) >> rows[i].x) - (rows[i].tsc >> rows[i].x));
    }
}

/* SDM 26.6.3: pending debug exceptions after entry: valid ones (BS or bit 12) stay after a
 * non-vectoring entry into the active or HLT state; a vectoring entry, or a non-vectoring one into
 * shutdown or wait-for-SIPI, leaves none. */
static void test_pending_dbg_after_entry(void)
{
    static const uint64_t fields[] = {0, 0x4000, 0x1000, 0x1001, 0x4003, 0x000f, 0x0001};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        uint64_t f = fields[i], valid = (f & 0x5000) ? f : 0;
        for (uint32_t act = 0; act < 4; act++) {
            CHECK(rule_pending_dbg_after_entry(f, 0, act) == (act < 2 ? valid : 0));
            CHECK(rule_pending_dbg_after_entry(f, 1, act) == 0);
        }
    }
    CHECK(rule_pending_dbg_after_entry(0x4000, 0, 1) == 0x4000); /* HLT keeps them */
    CHECK(rule_pending_dbg_after_entry(0x4000, 0, 2) == 0);      /* shutdown drops them */
    CHECK(rule_pending_dbg_after_entry(0x1001, 0, 3) == 0);      /* wait-for-SIPI drops them */
    CHECK(rule_pending_dbg_after_entry(0x0003, 0, 0) == 0);      /* B1-B0 alone are not valid */
}

/* D6, D7: a fault a rule reports, as (vector << 32 | error code); -1 when the check passes. The
 * macros call the rule first (the comma sequences it), then read what it wrote. */
static int64_t seg_fault(int failed, uint8_t vec, uint32_t ec) { return failed ? (int64_t)vec << 32 | ec : -1; }
#define TARGET_SEL(sel, lim, ext) ((r = rule_target_selector((sel), (lim), (ext), &v, &ec)), seg_fault(r, v, ec))
#define TARGET_DESC(d, sel, cpl, ia32e, ext) ((r = rule_target_descriptor((d), (sel), (cpl), (ia32e), (ext), &v, &ec)), seg_fault(r, v, ec))
#define NEW_SS_SEL(ss, lim, cpl, ext) ((r = rule_new_ss_selector((ss), (lim), (cpl), (ext), &v, &ec)), seg_fault(r, v, ec))
#define NEW_SS_DESC(d, ss, cpl, ext) ((r = rule_new_ss_descriptor((d), (ss), (cpl), (ext), &v, &ec)), seg_fault(r, v, ec))
#define FAULT(vec, code) ((int64_t)(vec) << 32 | (code))

static void test_descriptors(void)
{
    uint8_t v;
    uint32_t ec;
    int r;
    const uint64_t code64 = 0x00af9b000000ffff, code32 = 0x00cf9b000000ffff, code64_dpl3 = 0x00affb000000ffff;
    const uint64_t data = 0x00cf93000000ffff, data_dpl3 = 0x00cff3000000ffff;
    /* Decoding (D7): the baseline segments as the VMCS holds them. */
    struct rule_segment s = rule_descriptor(code64);
    CHECK(s.base == 0 && s.limit == 0xffffffff && s.ar == 0xa09b);
    s = rule_descriptor(data_dpl3);
    CHECK(s.base == 0 && s.limit == 0xffffffff && s.ar == 0xc0f3);
    s = rule_descriptor(0x12cf9a345678abcdull & ~(1ull << 55)); /* G = 0: limit in bytes */
    CHECK(s.base == 0x12345678 && s.limit == 0xfabcd && s.ar == 0x409a);
    /* The target selector, before the read: null, TI, limit (selector | 7 against the limit). */
    CHECK(TARGET_SEL(0x0, 0x7f, 1) == FAULT(13, 1));
    CHECK(TARGET_SEL(0x3, 0x7f, 0) == FAULT(13, 0));
    CHECK(TARGET_SEL(0xc, 0x7f, 0) == FAULT(13, 0xc)); /* TI = 1: beyond */
    CHECK(TARGET_SEL(0x78, 0x7f, 1) == -1);
    CHECK(TARGET_SEL(0x78, 0x7e, 1) == FAULT(13, 0x79));
    CHECK(TARGET_SEL(0x7b, 0x7f, 0) == -1); /* RPL does not count */
    /* Its descriptor: code, DPL <= CPL, L/D in IA-32e mode, present, in that order. */
    CHECK(TARGET_DESC(code64, 0x8, 0, 1, 1) == -1);
    CHECK(TARGET_DESC(data, 0x10, 0, 1, 1) == FAULT(13, 0x11));
    CHECK(TARGET_DESC(code64 & ~(1ull << 44), 0x8, 0, 1, 0) == FAULT(13, 0x8)); /* S = 0 */
    CHECK(TARGET_DESC(code64_dpl3, 0x28, 0, 1, 0) == FAULT(13, 0x28));         /* DPL 3 > CPL 0 */
    CHECK(TARGET_DESC(code64_dpl3, 0x2b, 3, 1, 0) == -1);
    CHECK(TARGET_DESC(code32, 0x8, 0, 1, 1) == FAULT(13, 0x9));                /* L = 0 in IA-32e */
    CHECK(TARGET_DESC(code32, 0x8, 0, 0, 1) == -1);                            /* fine in protected mode */
    CHECK(TARGET_DESC(code64 | 1ull << 54, 0x8, 0, 1, 0) == FAULT(13, 0x8));   /* L = D = 1 */
    CHECK(TARGET_DESC(code64 & ~(1ull << 47), 0x8, 0, 1, 1) == FAULT(11, 0x9)); /* not present: #NP */
    CHECK(TARGET_DESC(data & ~(1ull << 47), 0x10, 0, 1, 1) == FAULT(13, 0x11)); /* not code before not present */
    /* The CPL after delivery (D6): a privilege change only into a non-conforming, more privileged segment. */
    CHECK(rule_new_cpl(code64, 3) == 0);
    CHECK(rule_new_cpl(code64, 0) == 0);
    CHECK(rule_new_cpl(code64_dpl3, 3) == 3);
    CHECK(rule_new_cpl(code64 | 1ull << 42, 3) == 3); /* conforming: CPL stays */
    CHECK(rule_new_cpl(0x00afbb000000ffff, 3) == 1);   /* DPL 1 */
    /* Where the new RSP comes from (IA-32e) and the TSS limit check. */
    CHECK(rule_ia32e_stack_offset(0, 3, 0) == 4);
    CHECK(rule_ia32e_stack_offset(0, 3, 2) == 20);
    CHECK(rule_ia32e_stack_offset(0, 0, 0) == -1);
    CHECK(rule_ia32e_stack_offset(1, 0, 0) == 36);
    CHECK(rule_ia32e_stack_offset(7, 3, 0) == 84);
    CHECK(rule_protected_stack_offset(0) == 4 && rule_protected_stack_offset(2) == 20);
    CHECK(((r = rule_tss_limit(84, 0x5b, 0x40, 1, &v, &ec)), seg_fault(r, v, ec)) == -1);
    CHECK(((r = rule_tss_limit(84, 0x5a, 0x43, 1, &v, &ec)), seg_fault(r, v, ec)) == FAULT(10, 0x41));
    CHECK(((r = rule_tss_limit(4, 0xa, 0x40, 0, &v, &ec)), seg_fault(r, v, ec)) == FAULT(10, 0x40));
    CHECK(((r = rule_tss_limit(4, 0xb, 0x40, 0, &v, &ec)), seg_fault(r, v, ec)) == -1);
    /* The new SS of a protected-mode privilege change: selector, then descriptor. */
    CHECK(NEW_SS_SEL(0x10, 0x7f, 0, 1) == -1);
    CHECK(NEW_SS_SEL(0x3, 0x7f, 3, 1) == FAULT(10, 1));     /* null */
    CHECK(NEW_SS_SEL(0x14, 0x7f, 0, 0) == FAULT(10, 0x14)); /* TI */
    CHECK(NEW_SS_SEL(0x80, 0x7f, 0, 1) == FAULT(10, 0x81)); /* beyond */
    CHECK(NEW_SS_SEL(0x13, 0x7f, 0, 0) == FAULT(10, 0x10)); /* RPL 3 != 0 */
    CHECK(NEW_SS_DESC(data, 0x10, 0, 1) == -1);
    CHECK(NEW_SS_DESC(data_dpl3, 0x30, 0, 1) == FAULT(10, 0x31));                /* DPL != new CPL */
    CHECK(NEW_SS_DESC(code32, 0x8, 0, 0) == FAULT(10, 0x8));                     /* code */
    CHECK(NEW_SS_DESC(data & ~(1ull << 41), 0x10, 0, 0) == FAULT(10, 0x10));     /* read-only */
    CHECK(NEW_SS_DESC(data & ~(1ull << 44), 0x10, 0, 0) == FAULT(10, 0x10));     /* S = 0 */
    CHECK(NEW_SS_DESC(data & ~(1ull << 47), 0x10, 0, 1) == FAULT(12, 0x11));     /* not present: #SS */
    CHECK(rule_null_ss_ar(0) == 0x10010 && rule_null_ss_ar(3) == 0x10070);
}

/* The reasons the checks give (what `FAIL` lines and -v show): one per check that fails, naming
 * the behaviour.md item, what failed and the values; untouched when the check passes. */
static void test_reasons(void)
{
    static const struct {
        uint32_t info, ec, len;
        const char *why;
    } inj[] = {
        {0x80000100, 0, 0, "E2: interruption type 1 is reserved (VM_ENTRY_INTR_INFO_FIELD 0x80000100)"},
        {0x80000701, 0, 0, "E2: interruption type 7 with vector 1 (only vector 0, a pending MTF exit, exists)"},
        {0x80000203, 0, 0, "E2: an NMI (type 2) with vector 3, not 2"},
        {0x80000320, 0, 0, "E2: a hardware exception (type 3) with vector 32, above 31"},
        {0x80000806, 0, 0, "E2: deliver-error-code set for interruption type 0 (only hardware exceptions have one)"},
        {0x80000b06, 0, 0, "E2: deliver-error-code set for vector 6, which has no error code"},
        {0x8000030d, 0, 0, "E2: deliver-error-code clear for vector 13, which has an error code"},
        {0x80001b0d, 0, 0, "E2: reserved bits 30:12 set in VM_ENTRY_INTR_INFO_FIELD 0x80001b0d"},
        {0x80000b0d, 0x10000, 0, "E2: VM_ENTRY_EXCEPTION_ERROR_CODE 0x10000 has bits 31:16 set (errcode_high_bits 16)"},
        {0x80000403, 0, 0, "E2: VM_ENTRY_INSTRUCTION_LEN 0 for a software event (type 4) is outside 1-15"},
    };
    for (size_t i = 0; i < sizeof inj / sizeof inj[0]; i++) {
        struct rule_injection in = {.info = inj[i].info, .error_code = inj[i].ec, .instruction_len = inj[i].len, .cr0_pe = 1};
        struct rule_why why = {""};
        CHECK(!rule_injection_valid(&in, &defaults, &why) && !strcmp(why.text, inj[i].why));
    }
    struct rule_injection ok = {.info = 0x80000b0d, .cr0_pe = 1};
    struct rule_why why = {"untouched"};
    CHECK(rule_injection_valid(&ok, &defaults, &why) && !strcmp(why.text, "untouched"));
    uint32_t q;
    struct rule_guest_state gs = {.injection = 0x80000041, .rflags = 0x2};
    CHECK(!rule_guest_state_valid(&gs, &defaults, &q, &why) &&
          !strcmp(why.text, "E3: external interrupt injected with RFLAGS.IF = 0"));
    gs = (struct rule_guest_state){.injection = 0x80000202, .rflags = 0x202, .interruptibility = 1};
    CHECK(!rule_guest_state_valid(&gs, &defaults, &q, &why) && q == 3 &&
          !strcmp(why.text, "E3: NMI injected under blocking by STI (nmi_sti_check 1; exit qualification 3)"));
    gs = (struct rule_guest_state){.activity = 1, .ss_dpl = 3};
    CHECK(!rule_guest_state_valid(&gs, &defaults, &q, &why) &&
          !strcmp(why.text, "E3: activity state HLT with SS.DPL 3 (must be 0)"));
    gs = (struct rule_guest_state){.injection = 0x80000041, .rflags = 0x202, .activity = 2};
    CHECK(!rule_guest_state_valid(&gs, &defaults, &q, &why) &&
          !strcmp(why.text, "E3: an event of type 0, vector 65 cannot be injected in activity state shutdown"));
    CHECK(!rule_event_controls_valid(0x20, 0, 0, &why) &&
          !strcmp(why.text, "E6: virtual NMIs (pin-based bit 5) without NMI exiting (pin-based bit 3)"));
    CHECK(!rule_event_controls_valid(0x8, 0x400000, 0, &why) &&
          !strcmp(why.text, "E6: NMI-window exiting (primary processor-based bit 22) without virtual NMIs (pin-based bit 5)"));
    CHECK(!rule_event_controls_valid(0, 0, 0x400000, &why) &&
          !strcmp(why.text, "E6: save VMX-preemption timer value (VM-exit control bit 22) without the timer (pin-based bit 6)"));
}

int main(void)
{
    test_launch_state();
    test_error_codes_and_ext();
    test_bitmap();
    test_double_fault_table();
    test_injection_checks();
    test_guest_state_checks();
    test_arbiter();
    test_event_controls();
    test_timer_decrement();
    test_pending_dbg_after_entry();
    test_descriptors();
    test_reasons();
    return check_summary();
}
