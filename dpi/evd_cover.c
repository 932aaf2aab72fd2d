/* Functional coverage bins (see evd_cover.h). Bins live in one flat table, group after group;
 * a bin's index is computed from its coordinates, and its name spells them out. */
#include "evd_cover.h"

#include <stdlib.h>
#include <string.h>

#include "vmentry.h"

enum { ACTIVE = 0, HLT = 1, SHUTDOWN = 2, WAIT_SIPI = 3 };
enum { BLOCK_STI = 1, BLOCK_MOVSS = 2, BLOCK_NMI = 8 };
/* The control bits of E6 (as evd_rules.h gives them). */
enum { PIN_NMI_EXITING_BIT = 3, PIN_VIRTUAL_NMIS_BIT = 5, PIN_PREEMPTION_TIMER_BIT = 6, CPU_NMI_WINDOW_BIT = 22,
       EXITCTL_SAVE_TIMER_BIT = 22 };

static const char *const feature_names[COV_FEATURES] = {
    "E1", "E2", "E3", "E4", "E5", "E6", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "F1", "F2", "F3", "F4", "F5",
    "X1", "X2", "X3", "X4", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "A1", "A2", "A3", "A4", "A5", "A6"};
enum { CLASS_BENIGN, CLASS_CONTRIBUTORY, CLASS_PF, CLASS_DF, CLASS_USER, CLASSES };
static const char *const class_names[CLASSES] = {"benign", "contributory", "pf", "df", "vector32-255"};
static const char *const mode_names[3] = {"ia32e", "protected", "real"};
static const char *const outcome_names[NESTED_OUTCOMES] = {"serial", "double-fault", "triple-fault", "bitmap-exit"};
static const char *const cause_names[MTF_CAUSES] = {"insn", "rep", "hlt", "fault", "software", "injected",
                                                    "pending-mtf", "nmi-or-extint"};
static const char *const pending_names[PEND_KINDS] = {"none", "smi", "init", "dbg-trap", "nmi", "extint"};
/* CPL before delivery: 0 (never changes privilege), 1 or 2 (may change privilege, or stay), 3. */
enum { LEVEL_0, LEVEL_1_2, LEVEL_3, LEVELS };
static const char *const level_names[LEVELS] = {"cpl0", "cpl1-2", "cpl3"};
static const char *const stack_names[STACKS] = {"current", "rspn", "ist", "ssn-espn"};
static const char *const attempt_names[ATTEMPTS] = {"delivered", "nested", "exit"};

static const char *const event_names[EV_KINDS] = {"none", "smi", "init", "mtf", "dbg-trap", "timer",
                                                  "nmi-window", "nmi", "int-window", "extint"};
static const char *const activity_names[3] = {"active", "hlt", "shutdown"};
/* The boundary group has a bin for each winner with each runner-up: none, or an event below it in
 * priority (45 pairs), in each of 3 activity states. */
#define BOUNDARY_PAIRS ((EV_KINDS - 1) * EV_KINDS / 2)
#define BOUNDARY_BINS (BOUNDARY_PAIRS * 3)

/* The second-edition points (evd_cover.h), each with its name and exclusion. */
static const struct {
    const char *name, *excluded;
} points[COVER_POINTS_N] = {
#define COVER_POINT_ROW(id, name, excluded) {name, excluded},
    COVER_POINTS(COVER_POINT_ROW)
#undef COVER_POINT_ROW
};

/* The groups: the crosses, then one group a second-edition feature (its points are in this order
 * in COVER_POINTS). */
enum {
    G_FEATURE, G_INJECT, G_NESTED, G_OUTCOME, G_STACK, G_MTF, G_BOUNDARY, G_CONFIG,
    G_E6, G_D6, G_D7, G_X4, G_A3, G_A4, G_A5, G_A6, GROUPS
};
#define G_POINTS G_E6
static const char *const group_names[GROUPS] = {"feature", "inject", "nested", "outcome", "stack", "mtf",
                                                "boundary", "config", "e6", "d6", "d7", "x4",
                                                "a3", "a4", "a5", "a6"};
static const unsigned group_size[GROUPS] = {
    COV_FEATURES, 8 * CLASSES * 2 * 3, 4 * 3, NESTED_OUTCOMES, LEVELS * 2 * STACKS * ATTEMPTS, MTF_CAUSES * 2 * PEND_KINDS,
    BOUNDARY_BINS, VME_CFG_COUNT * 2,
    CP_D6_IA32E_RSPN_TSS_LIMIT - CP_E6_VNMI_NO_NMI_EXITING, CP_D7_IA32E_NULL - CP_D6_IA32E_RSPN_TSS_LIMIT,
    CP_X4_IA32E_NEW_SS - CP_D7_IA32E_NULL, CP_A3_LOAD_ZERO - CP_X4_IA32E_NEW_SS, CP_A4_EXIT_ACTIVE - CP_A3_LOAD_ZERO,
    CP_A5_EXIT_ACTIVE - CP_A4_EXIT_ACTIVE, CP_A6_INJECT_DELIVERED - CP_A5_EXIT_ACTIVE,
    COVER_POINTS_N - CP_A6_INJECT_DELIVERED};

#define POINTS_BASE (COV_FEATURES + 8 * CLASSES * 2 * 3 + 12 + NESTED_OUTCOMES + LEVELS * 2 * STACKS * ATTEMPTS + \
                     MTF_CAUSES * 2 * PEND_KINDS + BOUNDARY_BINS + VME_CFG_COUNT * 2)
#define MAX_BINS (POINTS_BASE + COVER_POINTS_N)
static unsigned long long count[MAX_BINS];
/* The stack bin (without its outcome) of the delivery attempt under way, or -1 (cover_stack). */
static int attempt_bin = -1;

static unsigned group_base(unsigned g)
{
    unsigned base = 0;
    for (unsigned i = 0; i < g; i++) base += group_size[i];
    return base;
}

static unsigned vector_class(uint8_t v)
{
    if (v >= 32) return CLASS_USER;
    if (v == 14) return CLASS_PF;
    if (v == 8) return CLASS_DF;
    if (v == 0 || (v >= 10 && v <= 13)) return CLASS_CONTRIBUTORY;
    return CLASS_BENIGN;
}

void cover_feature(enum cover_feature f) { count[group_base(G_FEATURE) + f]++; }

void cover_injection(uint32_t info, enum cover_mode mode)
{
    unsigned type = (info >> 8) & 7, cls = vector_class(info & 0xff), ec = (info >> 11) & 1;
    count[group_base(G_INJECT) + ((type * CLASSES + cls) * 2 + ec) * 3 + mode]++;
}

void cover_nested(uint8_t first_type, uint8_t first_vector, uint8_t second_vector)
{
    /* Interrupts, NMIs and software events count as benign first events (SDM Table 6-4). */
    unsigned first = first_type == 3 ? vector_class(first_vector) : CLASS_BENIGN;
    unsigned second = vector_class(second_vector);
    if (first > CLASS_DF || second > CLASS_PF) return; /* cannot happen: faults met in delivery are < 32, never #DF */
    count[group_base(G_NESTED) + first * 3 + second]++;
}

void cover_outcome(enum cover_outcome o) { count[group_base(G_OUTCOME) + o]++; }

/* What the X4, A3, A5 and A6 points follow, from the entry on (cover_entry): per mode (IA-32e,
 * protected), a delivery committed (1) or one with a privilege change (2); the last attempt was a
 * privilege change that failed; the gate of the delivery under way clears IF; a delivery was
 * committed since the last boundary (1 through a trap gate, 2 one that clears IF); an NMI's
 * delivery under virtual NMIs is under way. */
static int committed[2], failed_privilege[2], gate_clears_if, just_delivered, vnmi_delivery;
static int attempt_mode = -1, attempt_stack;

void cover_stack(uint8_t cpl, enum cover_mode mode, enum cover_stack stack)
{
    unsigned level = cpl == 0 ? LEVEL_0 : cpl == 3 ? LEVEL_3 : LEVEL_1_2;
    attempt_bin = (int)(((level * 2 + mode) * STACKS + stack) * ATTEMPTS);
    attempt_mode = mode, attempt_stack = stack;
    failed_privilege[0] = failed_privilege[1] = 0;
}

void cover_attempt(enum cover_attempt outcome)
{
    if (attempt_bin < 0) return;
    count[group_base(G_STACK) + (unsigned)attempt_bin + outcome]++;
    attempt_bin = -1;
    const int privilege = attempt_stack == STACK_RSPN || attempt_stack == STACK_SSN_ESPN;
    if (outcome == ATTEMPT_DELIVERED) {
        committed[attempt_mode] |= privilege ? 2 : 1;
        failed_privilege[attempt_mode] = 0;
    } else if (privilege) {
        failed_privilege[attempt_mode] = 1;
    }
}

void cover_mtf(enum cover_mtf_cause cause, int halted, enum cover_pending pending)
{
    count[group_base(G_MTF) + (cause * 2 + (halted != 0)) * PEND_KINDS + pending]++;
}

/* The pair (WINNER, RUNNER_UP) as a number below BOUNDARY_PAIRS: winners in order, each followed
 * by its runner-ups (none first, then the events below it in order). */
static unsigned boundary_pair(unsigned winner, unsigned runner_up)
{
    unsigned base = 0;
    for (unsigned w = 1; w < winner; w++) base += EV_KINDS - w;
    return base + (runner_up == EV_NONE ? 0 : runner_up - winner);
}

void cover_boundary(enum cover_event winner, enum cover_event runner_up, uint32_t activity)
{
    if (winner == EV_NONE || (runner_up != EV_NONE && runner_up <= winner) || activity > 2) return; /* cannot happen */
    count[group_base(G_BOUNDARY) + boundary_pair(winner, runner_up) * 3 + activity]++;
}

void cover_config(const uint32_t *cfg)
{
    for (unsigned k = 0; k < VME_CFG_COUNT; k++) count[group_base(G_CONFIG) + k * 2 + (cfg[k] != vme_config_defaults[k])]++;
}

//////// The second-edition points ////////

void cover_point(enum cover_point p) { count[POINTS_BASE + p]++; }
void cover_point_ext(enum cover_point p, int ext) { count[POINTS_BASE + p + (ext != 0)]++; }

void cover_entry(void)
{
    committed[0] = committed[1] = failed_privilege[0] = failed_privilege[1] = 0;
    gate_clears_if = just_delivered = vnmi_delivery = 0;
    attempt_bin = -1;
}

void cover_e6(uint32_t pin, uint32_t proc, uint32_t exit_controls, int injection_ok)
{
    const int nmi_exiting = (pin >> PIN_NMI_EXITING_BIT) & 1, vnmi = (pin >> PIN_VIRTUAL_NMIS_BIT) & 1,
              timer = (pin >> PIN_PREEMPTION_TIMER_BIT) & 1, window = (proc >> CPU_NMI_WINDOW_BIT) & 1,
              save = (exit_controls >> EXITCTL_SAVE_TIMER_BIT) & 1;
    const int fails = (vnmi && !nmi_exiting) || (window && !vnmi) || (save && !timer);
    if (vnmi) cover_point(nmi_exiting ? CP_E6_OK_VNMI : CP_E6_VNMI_NO_NMI_EXITING);
    if (window) cover_point(vnmi ? CP_E6_OK_NMI_WINDOW : CP_E6_NMI_WINDOW_NO_VNMI);
    if (save) cover_point(timer ? CP_E6_OK_SAVE_TIMER : CP_E6_SAVE_TIMER_NO_TIMER);
    if (fails && !injection_ok) cover_point(CP_E6_WITH_E2);
}

static unsigned desc_dpl(uint64_t d) { return (unsigned)(d >> 45) & 3; }
static int desc_bit(uint64_t d, unsigned bit) { return (int)((d >> bit) & 1); }

/* The D7 point of mode IA32E: the IA-32e one, or the protected-mode one KIND rows on. */
static enum cover_point d7(int ia32e, enum cover_point ia32e_point)
{
    return ia32e ? ia32e_point : (enum cover_point)(ia32e_point + (CP_D7_PROT_NULL - CP_D7_IA32E_NULL));
}

/* A check the coverage code reads as passed while the model raised a fault, or the other way. */
static void classifier(enum cover_point p, int model_faulted, int cover_faulted)
{
    if (model_faulted != cover_faulted) cover_point(p);
}

void cover_d7_selector(int ia32e, uint16_t sel, int ext, int faulted)
{
    /* D7: null -> #GP(0); TI = 1 -> #GP(sel); beyond the limit -> #GP(sel) (the limit the model
     * compared with is not given: a fault that is neither null nor TI is the limit's). */
    if (!faulted) return;
    cover_point_ext(d7(ia32e, (sel & 0xfffc) == 0 ? CP_D7_IA32E_NULL : (sel & 4) ? CP_D7_IA32E_TI : CP_D7_IA32E_BEYOND), ext);
}

void cover_d7_descriptor(int ia32e, uint64_t d, uint8_t cpl, int ext, int faulted)
{
    enum cover_point p;
    int fault = 1;
    if (!desc_bit(d, 44) || !desc_bit(d, 43)) p = CP_D7_IA32E_NOT_CODE;
    else if (desc_dpl(d) > cpl) p = CP_D7_IA32E_DPL;
    else if (ia32e && !desc_bit(d, 53)) p = CP_D7_IA32E_L0;
    else if (ia32e && desc_bit(d, 54)) p = CP_D7_IA32E_D1;
    else if (!desc_bit(d, 47)) p = CP_D7_IA32E_NP;
    else {
        fault = 0;
        p = desc_bit(d, 42) ? (desc_dpl(d) < cpl ? CP_D7_IA32E_OK_CONFORMING : CP_D7_IA32E_OK_SAME)
                            : desc_dpl(d) < cpl ? CP_D7_IA32E_OK_PRIV : CP_D7_IA32E_OK_SAME;
        if (desc_bit(d, 55)) cover_point(d7(ia32e, CP_D7_IA32E_OK_G1));
    }
    classifier(CP_D7_CLASSIFIER, faulted, fault);
    if (fault) cover_point_ext(d7(ia32e, p), ext);
    else cover_point(d7(ia32e, p));
}

void cover_d6_ss_selector(uint16_t ss, uint8_t new_cpl, int ext, int faulted)
{
    if (!faulted) {
        classifier(CP_D6_CLASSIFIER, 0, (ss & 0xfffc) == 0 || (ss & 4) || (ss & 3) != new_cpl);
        return;
    }
    /* Beyond the limit and a wrong RPL give the same #TS: the RPL is checked here, the limit is
     * what is left. */
    cover_point_ext((ss & 0xfffc) == 0     ? CP_D6_PROT_SS_NULL
                    : (ss & 4)            ? CP_D6_PROT_SS_TI
                    : (ss & 3) != new_cpl ? CP_D6_PROT_SS_RPL
                                          : CP_D6_PROT_SS_BEYOND,
                    ext);
}

void cover_d6_ss_descriptor(uint64_t d, uint8_t new_cpl, int ext, int faulted)
{
    enum cover_point p;
    int fault = 1;
    if (desc_dpl(d) != new_cpl) p = CP_D6_PROT_SS_DPL;
    else if (!desc_bit(d, 44) || desc_bit(d, 43) || !desc_bit(d, 41)) p = CP_D6_PROT_SS_NOT_WDATA;
    else if (!desc_bit(d, 47)) p = CP_D6_PROT_SS_NP;
    else fault = 0, p = desc_bit(d, 54) ? CP_D6_PROT_SS_B1 : CP_D6_PROT_SS_B0;
    classifier(CP_D6_CLASSIFIER, faulted, fault);
    if (fault) cover_point_ext(p, ext);
    else cover_point(p);
}

void cover_gate(int clears_if) { gate_clears_if = clears_if; }

void cover_delivered(void)
{
    just_delivered = gate_clears_if ? 2 : 1;
    if (vnmi_delivery) cover_point(CP_A6_INJECT_DELIVERED);
    vnmi_delivery = 0;
}

void cover_nmi_delivery(int virtual_nmis) { vnmi_delivery = virtual_nmis; }

void cover_exit(uint32_t reason, int timer_active, uint32_t timer, int save_timer)
{
    static const enum cover_point new_ss[2] = {CP_X4_IA32E_NEW_SS, CP_X4_PROT_NEW_SS},
                                  failed[2] = {CP_X4_IA32E_FAILED, CP_X4_PROT_FAILED},
                                  same[2] = {CP_X4_IA32E_SAME, CP_X4_PROT_SAME};
    for (int m = 0; m < 2; m++) {
        if (failed_privilege[m]) cover_point(failed[m]);
        else if (committed[m] & 2) cover_point(new_ss[m]);
        else if (committed[m]) cover_point(same[m]);
    }
    if (save_timer) /* E6: only with the timer active */
        cover_point(reason == 52 ? CP_X4_TIMER_EXIT_SAVED : timer ? CP_X4_OTHER_EXIT_SAVED : CP_X4_OTHER_EXIT_SAVED_ZERO);
    else if (timer_active)
        cover_point(CP_X4_TIMER_NOT_SAVED);
    if (vnmi_delivery) cover_point(CP_A6_INJECT_EXITS);
    vnmi_delivery = 0;
}

void cover_tick(int active, uint32_t timer, uint32_t after, uint64_t tsc, uint32_t ticks, unsigned rate,
                uint32_t activity, unsigned group)
{
    if (group > 1) cover_point(CP_A3_TICK_GROUPED);
    if (activity == HLT) cover_point(CP_A3_TICK_HLT);
    if (!active) {
        cover_point(CP_A3_TICK_OFF);
        return;
    }
    if (timer == 0) cover_point(CP_A3_TICK_AT_ZERO);
    else if (after == 0) cover_point(CP_A3_TICK_ZERO);
    else if (after == timer) cover_point(CP_A3_TICK_NONE);
    else cover_point(CP_A3_TICK_DOWN);
    /* The remainder of the TSC below bit RATE makes the drop larger than TICKS >> RATE. */
    if (timer && rate && ((tsc & ((1ull << rate) - 1)) + (ticks & ((1ull << rate) - 1))) >> rate)
        cover_point(CP_A3_TICK_CARRY);
}

void cover_boundary_state(const struct cover_state *p, enum cover_event winner)
{
    const int sti = (p->interruptibility & BLOCK_STI) != 0, movss = (p->interruptibility & BLOCK_MOVSS) != 0;
    const int after = just_delivered;
    just_delivered = 0;
    if (p->timer_zero) { /* A3 */
        if (p->activity == WAIT_SIPI) cover_point(CP_A3_WAIT_SIPI);
        else if ((sti || movss) && p->timer_sti) cover_point(CP_A3_HELD_STI);
        else if ((sti || movss) && winner == EV_TIMER) cover_point(CP_A3_NOT_HELD_STI);
    }
    if (winner == EV_TIMER) {
        cover_point(p->activity == ACTIVE ? CP_A3_EXIT_ACTIVE : p->activity == HLT ? CP_A3_EXIT_HLT : CP_A3_EXIT_SHUTDOWN);
        if (after) cover_point(CP_A3_EXIT_AFTER_DELIVERY);
    }
    if (p->nmi_window) { /* A4 */
        if (p->activity == WAIT_SIPI) cover_point(CP_A4_WAIT_SIPI);
        else if (p->interruptibility & BLOCK_NMI) cover_point(CP_A4_HELD_VNMI);
        else if (movss) cover_point(CP_A4_HELD_MOVSS);
        else if (sti && p->nmi_window_sti) cover_point(CP_A4_HELD_STI);
        else if (sti && winner == EV_NMI_WINDOW) cover_point(CP_A4_NOT_HELD_STI);
    }
    if (winner == EV_NMI_WINDOW)
        cover_point(p->activity == ACTIVE ? CP_A4_EXIT_ACTIVE : p->activity == HLT ? CP_A4_EXIT_HLT : CP_A4_EXIT_SHUTDOWN);
    if (p->int_window) { /* A5 */
        if (p->activity == WAIT_SIPI) {
            if (p->if_flag) cover_point(CP_A5_WAIT_SIPI);
        } else if (p->activity == SHUTDOWN) {
            if (p->if_flag) cover_point(CP_A5_SHUTDOWN);
        } else if (sti) cover_point(CP_A5_HELD_STI);
        else if (movss) cover_point(CP_A5_HELD_MOVSS);
        else if (!p->if_flag) {
            cover_point(CP_A5_HELD_IF);
            if (after == 2) cover_point(CP_A5_HELD_AFTER_INTERRUPT_GATE);
        }
    }
    if (winner == EV_INT_WINDOW) {
        cover_point(p->activity == ACTIVE ? CP_A5_EXIT_ACTIVE : CP_A5_EXIT_HLT);
        if (after == 1) cover_point(CP_A5_EXIT_AFTER_TRAP_GATE);
    }
}

/* The name of bin I and, when the architecture cannot reach it, why. */
static const char *bin_name(unsigned i, unsigned *group, const char **excluded)
{
    static char name[96];
    unsigned g = 0;
    if (i >= POINTS_BASE) {
        while (g < G_POINTS || i - POINTS_BASE >= group_base(g + 1) - POINTS_BASE) g++;
        *group = g;
        *excluded = points[i - POINTS_BASE].excluded;
        return points[i - POINTS_BASE].name;
    }
    while (i >= group_size[g]) i -= group_size[g++];
    *group = g;
    *excluded = NULL;
    switch (g) {
    case G_FEATURE:
        snprintf(name, sizeof name, "feature.%s", feature_names[i]);
        break;
    case G_INJECT:
        snprintf(name, sizeof name, "inject.type%u.%s.ec%u.%s", i / (CLASSES * 6), class_names[i / 6 % CLASSES],
                 i / 3 % 2, mode_names[i % 3]);
        break;
    case G_NESTED:
        snprintf(name, sizeof name, "nested.%s.then.%s", class_names[i / 3], class_names[i % 3]);
        break;
    case G_OUTCOME: snprintf(name, sizeof name, "outcome.%s", outcome_names[i]); break;
    case G_STACK: {
        unsigned level = i / (2 * STACKS * ATTEMPTS), mode = i / (STACKS * ATTEMPTS) % 2, stack = i / ATTEMPTS % STACKS;
        snprintf(name, sizeof name, "stack.%s.%s.%s.%s", level_names[level], mode_names[mode], stack_names[stack],
                 attempt_names[i % ATTEMPTS]);
        if (stack == STACK_IST && mode == COVER_PROTECTED)
            *excluded = "a protected-mode gate has no IST field (D6: IA-32e only)";
        else if (stack == STACK_RSPN && mode == COVER_PROTECTED)
            *excluded = "RSPn is the 64-bit TSS's: a protected-mode privilege change takes SSn:ESPn";
        else if (stack == STACK_SSN_ESPN && mode == COVER_IA32E)
            *excluded = "an IA-32e privilege change takes RSPn and loads a NULL SS, never SSn:ESPn";
        else if ((stack == STACK_RSPN || stack == STACK_SSN_ESPN) && level == LEVEL_0)
            *excluded = "a CPL-0 delivery never changes privilege (no code segment has a DPL below 0)";
        break;
    }
    case G_MTF: {
        unsigned cause = i / (2 * PEND_KINDS), halted = i / PEND_KINDS % 2;
        snprintf(name, sizeof name, "mtf.%s.%s.%s", cause_names[cause], halted ? "hlt" : "active",
                 pending_names[i % PEND_KINDS]);
        if (halted && cause != MTF_BY_HLT && cause != MTF_BY_PENDING)
            *excluded = "a delivery or a completed instruction leaves the guest active";
        else if (!halted && cause == MTF_BY_HLT)
            *excluded = "a guest HLT leaves the guest halted until the MTF exit";
        else if (i % PEND_KINDS == PEND_DBG_TRAP &&
                 (cause == MTF_BY_FAULT || cause == MTF_BY_SOFTWARE || cause == MTF_BY_INJECTED ||
                  cause == MTF_BY_EVENT))
            *excluded = "a pending #DB trap is taken ahead of any instruction, timer or window exit, NMI or "
                        "interrupt (shutdown, where only SMI, INIT, the timer, the NMI window and NMIs get "
                        "through, has none: the entry drops them), a vectoring entry drops it, and delivery "
                        "clears TF";
        else if ((i % PEND_KINDS == PEND_SMI || i % PEND_KINDS == PEND_INIT) &&
                 (cause == MTF_BY_REP || cause == MTF_BY_EVENT))
            *excluded = "SMI and INIT are taken at the boundary where they arrive, and events arrive only from "
                        "the head of the stream: an unfinished REP instruction, or the instruction after the "
                        "event group, stands in front of the next group";
        break;
    }
    case G_BOUNDARY: {
        unsigned pair = i / 3, winner = 1, runner_up;
        while (pair >= EV_KINDS - winner) pair -= EV_KINDS - winner++;
        runner_up = pair == 0 ? EV_NONE : winner + pair;
        snprintf(name, sizeof name, "boundary.%s.then.%s.%s", event_names[winner], event_names[runner_up],
                 activity_names[i % 3]);
        if (i % 3 != 2) break;
        if (winner == EV_MTF || winner == EV_DBG_TRAP || runner_up == EV_MTF || runner_up == EV_DBG_TRAP)
            *excluded = "no MTF exit or #DB trap is due in shutdown: no instruction runs there, E3 allows no "
                        "pending-MTF injection into it, an entry into it drops the pending debug exceptions, "
                        "and the arbiter does not look at either there (M8)";
        else if (winner == EV_INT_WINDOW || winner == EV_EXTINT || runner_up == EV_INT_WINDOW || runner_up == EV_EXTINT)
            *excluded = "shutdown takes only SMI, INIT, the timer, the NMI window and NMIs (M8): the interrupt "
                        "window (A5: active and HLT only) and external interrupts wait";
        break;
    }
    default:
        snprintf(name, sizeof name, "config.%s.%s", vme_config_names[i / 2], i % 2 ? "other" : "default");
        break;
    }
    return name;
}

int cover_write(FILE *f)
{
    unsigned g;
    const char *excluded;
    for (unsigned i = 0; i < MAX_BINS; i++) fprintf(f, "%llu %s\n", count[i], bin_name(i, &g, &excluded));
    return ferror(f) ? -1 : 0;
}

int cover_merge(FILE *f)
{
    char line[256], name[200];
    unsigned long long n;
    for (int lineno = 1; fgets(line, sizeof line, f); lineno++) {
        if (sscanf(line, "%llu %199s", &n, name) != 2) return lineno;
        unsigned i = 0, g;
        const char *excluded;
        while (i < MAX_BINS && strcmp(bin_name(i, &g, &excluded), name)) i++;
        if (i == MAX_BINS) return lineno;
        count[i] += n;
    }
    return 0;
}

unsigned cover_report(FILE *out, int list_excluded)
{
    unsigned bins[GROUPS] = {0}, hit[GROUPS] = {0}, excl[GROUPS] = {0}, holes = 0, g;
    const char *excluded;
    for (unsigned i = 0; i < MAX_BINS; i++) {
        bin_name(i, &g, &excluded);
        bins[g]++;
        if (excluded) excl[g]++;
        else if (count[i]) hit[g]++;
    }
    fprintf(out, "| group | bins | excluded | hit | holes | coverage |\n|---|---:|---:|---:|---:|---:|\n");
    unsigned tb = 0, te = 0, th = 0;
    for (g = 0; g < GROUPS; g++) {
        unsigned reach = bins[g] - excl[g];
        fprintf(out, "| %s | %u | %u | %u | %u | %.1f %% |\n", group_names[g], bins[g], excl[g], hit[g], reach - hit[g],
                100.0 * hit[g] / reach);
        tb += bins[g], te += excl[g], th += hit[g];
    }
    fprintf(out, "| all | %u | %u | %u | %u | %.1f %% |\n", tb, te, th, tb - te - th, 100.0 * th / (tb - te));
    for (unsigned i = 0; i < MAX_BINS; i++) {
        const char *name = bin_name(i, &g, &excluded);
        if (!excluded && !count[i]) fprintf(out, "hole: %s\n", name), holes++;
        if (excluded && count[i]) /* the reason is wrong, or the model is: either way, look */
            fprintf(out, "hole: %s is hit %llu times, though excluded (%s)\n", name, count[i], excluded), holes++;
    }
    if (list_excluded)
        for (unsigned i = 0; i < MAX_BINS; i++) {
            const char *name = bin_name(i, &g, &excluded);
            if (excluded) fprintf(out, "excluded: %s (%s)\n", name, excluded);
        }
    return holes;
}
