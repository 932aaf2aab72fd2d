/* Functional coverage of the golden model: which behaviours the vectors and the random scenarios
 * reach. The model counts hits in process-wide bins as it runs (cover_* below); the simulator
 * writes them with --coverage FILE, and build/covreport merges such files into a table with the
 * holes. Bins the architecture cannot reach are listed as excluded, each with its reason.
 *
 * The groups:
 *   feature   every behaviour.md feature ID
 *   inject    interruption type x vector class x deliver-EC bit x mode, of each injection checked
 *   nested    first x second exception class of each exception met during a delivery
 *   outcome   what each nested exception led to: serial delivery, #DF, triple fault, exit
 *   stack     CPL before delivery x mode x where the stack comes from x how the attempt ended, of
 *             each attempt to deliver through an interrupt or trap gate that got as far as
 *             choosing its stack (D6: after the D7 checks)
 *   mtf       what made the MTF exit due x activity state x the highest other pending event,
 *             at each instruction boundary with an MTF exit due
 *   boundary  what an instruction boundary takes x what it would take without that (the
 *             runner-up, or none) x activity state (active, HLT, shutdown: wait-for-SIPI takes
 *             nothing), at each boundary that takes something (M8)
 *   config    each config key at its default and at another value, at each entry
 *   e6 d6 d7 x4 a3 a4 a5 a6
 *             the second-edition features, one named point a bin (COVER_POINTS below): each E6
 *             check failing and passing; each D6 TSS and new-SS check (with EXT 0 and 1), the
 *             reads that fault, the new CPL, the frame; each D7 check in each mode (with EXT 0
 *             and 1) and how it passes; the CS and SS and the timer an exit saves (X4); the
 *             timer's loads, ticks, exits per activity state and what holds it (A3); the NMI and
 *             interrupt windows' exits per state and each blocking that holds them (A4, A5);
 *             virtual-NMI blocking set, kept and met by real NMIs (A6). The M8 places of the
 *             timer and the windows are the boundary group's. */
#ifndef EVD_COVER_H
#define EVD_COVER_H

#include <stdint.h>
#include <stdio.h>

enum cover_feature {
    COV_E1, COV_E2, COV_E3, COV_E4, COV_E5, COV_E6,
    COV_D1, COV_D2, COV_D3, COV_D4, COV_D5, COV_D6, COV_D7,
    COV_F1, COV_F2, COV_F3, COV_F4, COV_F5,
    COV_X1, COV_X2, COV_X3, COV_X4,
    COV_M1, COV_M2, COV_M3, COV_M4, COV_M5, COV_M6, COV_M7, COV_M8, COV_M9, COV_M10,
    COV_A1, COV_A2, COV_A3, COV_A4, COV_A5, COV_A6,
    COV_FEATURES
};

/* What made an MTF exit due. */
enum cover_mtf_cause {
    MTF_BY_INSN,     /* an instruction completed (M1) */
    MTF_BY_REP,      /* an iteration of a REP string instruction that is not the last (M6) */
    MTF_BY_HLT,      /* a guest HLT (M7) */
    MTF_BY_FAULT,    /* the delivery of an exception the guest raised or a #DB trap (M2) */
    MTF_BY_SOFTWARE, /* the delivery of INT n, INT3, INTO or INT1 (M3) */
    MTF_BY_INJECTED, /* the delivery of the injected event (M4) */
    MTF_BY_PENDING,  /* an injected pending MTF exit, type 7 vector 0 (M5) */
    MTF_BY_EVENT,    /* the delivery of an NMI or an external interrupt at a boundary (A1, A2) */
    MTF_CAUSES
};

/* The highest-priority event pending beside the MTF exit (M8). */
enum cover_pending { PEND_NONE, PEND_SMI, PEND_INIT, PEND_DBG_TRAP, PEND_NMI, PEND_EXTINT, PEND_KINDS };

/* What an instruction boundary takes, in the priority order of M8 (an external interrupt's exit
 * and its delivery are one). */
enum cover_event {
    EV_NONE, EV_SMI, EV_INIT, EV_MTF, EV_DBG_TRAP, EV_TIMER, EV_NMI_WINDOW, EV_NMI, EV_INT_WINDOW, EV_EXTINT,
    EV_KINDS
};

/* What a nested exception led to. */
enum cover_outcome { NESTED_SERIAL, NESTED_DOUBLE, NESTED_TRIPLE, NESTED_EXIT, NESTED_OUTCOMES };

enum cover_mode { COVER_IA32E, COVER_PROTECTED, COVER_REAL };

/* Where a delivery through an interrupt or trap gate takes its stack from (D6). */
enum cover_stack {
    STACK_CURRENT,  /* the stack it is on: no IST, no privilege change */
    STACK_RSPN,     /* IA-32e: RSPn of the TSS, on a privilege change to CPL n */
    STACK_IST,      /* IA-32e: the IST stack the gate names */
    STACK_SSN_ESPN, /* protected mode: SSn:ESPn of the TSS, on a privilege change to CPL n */
    STACKS
};

/* How a delivery attempt ended. */
enum cover_attempt {
    ATTEMPT_DELIVERED, /* the frame is pushed, the handler runs */
    ATTEMPT_NESTED,    /* a nested exception that does not exit through the bitmap (F3, F4: it is
                          delivered serially, becomes #DF, or a triple fault) */
    ATTEMPT_EXIT,      /* a nested exception that exits through the exception bitmap: a VM exit
                          during delivery (F2) */
    ATTEMPTS
};

void cover_feature(enum cover_feature f);
void cover_injection(uint32_t info, enum cover_mode mode);
void cover_nested(uint8_t first_type, uint8_t first_vector, uint8_t second_vector);
void cover_outcome(enum cover_outcome o);
void cover_mtf(enum cover_mtf_cause cause, int halted, enum cover_pending pending);
/* D6: the delivery attempt under way, from CPL in MODE (IA-32e or protected), takes its stack
 * from STACK. Its bin is counted when the attempt ends (cover_attempt). */
void cover_stack(uint8_t cpl, enum cover_mode mode, enum cover_stack stack);
/* The end of a delivery attempt: counts OUTCOME in the bin cover_stack() chose for it; nothing
 * when the attempt ended before it chose a stack, or had none to choose (real mode, task gates). */
void cover_attempt(enum cover_attempt outcome);
/* M8: a boundary in ACTIVITY (0 active, 1 HLT, 2 shutdown) takes WINNER (not EV_NONE); without
 * it, it would take RUNNER_UP, an event of lower priority or EV_NONE. */
void cover_boundary(enum cover_event winner, enum cover_event runner_up, uint32_t activity);
/* CFG: the config keys of the test (tb/vec.h), each counted at its default or not. */
void cover_config(const uint32_t *cfg);

/* The bins of the second-edition features (behaviour.md E6, D6, D7, X4, A3-A6), one named point
 * each: X(ID, NAME, EXCLUDED). The name starts with the feature ID, which is its group in the
 * report; EXCLUDED is NULL, or why the architecture (or the model's own consistency) cannot reach
 * it. The model counts a point with cover_point(CP_ID) where it decides what the point names, or
 * through the classifiers below. */
#define COVER_POINTS(X)                                                                                          \
    /* E6: each event-control check failing, alone or with E2, and each control passing it */                   \
    X(E6_VNMI_NO_NMI_EXITING, "e6.virtual-nmis-without-nmi-exiting.vmfail7", NULL)                              \
    X(E6_NMI_WINDOW_NO_VNMI, "e6.nmi-window-without-virtual-nmis.vmfail7", NULL)                                \
    X(E6_SAVE_TIMER_NO_TIMER, "e6.save-timer-without-timer.vmfail7", NULL)                                      \
    X(E6_WITH_E2, "e6.fails-with-e2.one-vmfail7", NULL)                                                          \
    X(E6_OK_VNMI, "e6.passes.virtual-nmis-with-nmi-exiting", NULL)                                               \
    X(E6_OK_NMI_WINDOW, "e6.passes.nmi-window-with-virtual-nmis", NULL)                                          \
    X(E6_OK_SAVE_TIMER, "e6.passes.save-timer-with-timer", NULL)                                                 \
    /* D6, IA-32e: the TSS check and read on each path, the new CPL, the pushes on the new stack */             \
    XE(X, D6_IA32E_RSPN_TSS_LIMIT, "d6.ia32e.rspn.tss-limit.ts", NULL)                                               \
    XE(X, D6_IA32E_IST_TSS_LIMIT, "d6.ia32e.ist.tss-limit.ts", NULL)                                                 \
    X(D6_IA32E_RSPN_TSS_READ, "d6.ia32e.rspn.tss-read-faults", NULL)                                             \
    X(D6_IA32E_IST_TSS_READ, "d6.ia32e.ist.tss-read-faults", NULL)                                               \
    X(D6_IA32E_IST_PRIV, "d6.ia32e.ist.with-privilege-change", NULL)                                             \
    X(D6_IA32E_NEW_CPL0, "d6.ia32e.privilege-change.to-cpl0", NULL)                                              \
    X(D6_IA32E_NEW_CPL1, "d6.ia32e.privilege-change.to-cpl1", NULL)                                              \
    X(D6_IA32E_NEW_CPL2, "d6.ia32e.privilege-change.to-cpl2", NULL)                                              \
    X(D6_IA32E_PUSH_FAULT, "d6.ia32e.new-stack.push-faults", NULL)                                               \
    X(D6_IA32E_NULL_SS, "d6.ia32e.privilege-change.null-ss-committed", NULL)                                     \
    /* D6, protected mode: the TSS, each new-SS check in order, the CS limit on both paths, the frame */        \
    XE(X, D6_PROT_TSS_LIMIT, "d6.protected.tss-limit.ts", NULL)                                                      \
    X(D6_PROT_SS0_READ, "d6.protected.ssn-read-faults", NULL)                                                    \
    X(D6_PROT_ESP0_READ, "d6.protected.espn-read-faults", NULL)                                                  \
    XE(X, D6_PROT_SS_NULL, "d6.protected.new-ss.null.ts0", NULL)                                                     \
    XE(X, D6_PROT_SS_TI, "d6.protected.new-ss.ti-ldt.ts", NULL)                                                      \
    XE(X, D6_PROT_SS_BEYOND, "d6.protected.new-ss.beyond-gdt-limit.ts", NULL)                                        \
    XE(X, D6_PROT_SS_RPL, "d6.protected.new-ss.rpl-not-new-cpl.ts", NULL)                                            \
    X(D6_PROT_SS_READ, "d6.protected.new-ss.descriptor-read-faults", NULL)                                       \
    XE(X, D6_PROT_SS_DPL, "d6.protected.new-ss.dpl-not-new-cpl.ts", NULL)                                            \
    XE(X, D6_PROT_SS_NOT_WDATA, "d6.protected.new-ss.not-writable-data.ts", NULL)                                    \
    XE(X, D6_PROT_SS_NP, "d6.protected.new-ss.not-present.ss", NULL)                                                 \
    X(D6_PROT_SS_B0, "d6.protected.new-ss.b0.sp0", NULL)                                                         \
    X(D6_PROT_SS_B1, "d6.protected.new-ss.b1.esp0", NULL)                                                        \
    XE(X, D6_PROT_CS_LIMIT_PRIV, "d6.protected.privilege-change.cs-limit.gp0", NULL)                                 \
    XE(X, D6_PROT_CS_LIMIT_SAME, "d6.protected.same-privilege.cs-limit.gp0", NULL)                                   \
    X(D6_PROT_PUSH_FAULT, "d6.protected.new-stack.push-faults", NULL)                                            \
    X(D6_PROT_GATE32_PRIV, "d6.protected.privilege-change.gate32.delivered", NULL)                               \
    X(D6_PROT_GATE16_PRIV, "d6.protected.privilege-change.gate16.delivered", NULL)                               \
    X(D6_PROT_NEW_CPL0, "d6.protected.privilege-change.to-cpl0", NULL)                                           \
    X(D6_PROT_NEW_CPL1, "d6.protected.privilege-change.to-cpl1", NULL)                                           \
    X(D6_PROT_NEW_CPL2, "d6.protected.privilege-change.to-cpl2", NULL)                                           \
    X(D6_CLASSIFIER, "d6.classifier-disagrees", COVER_CLASSIFIER_REASON)                                          \
    /* D7: the target code segment's checks in order, with their error codes, and how it passes */              \
    D7_POINTS(X, IA32E, "ia32e", NULL)                                                                           \
    D7_POINTS(X, PROT, "protected", "protected mode checks neither L nor D (D7: IA-32e only)")                   \
    X(D7_CLASSIFIER, "d7.classifier-disagrees", COVER_CLASSIFIER_REASON)                                          \
    /* X4: the CS and SS an exit saves after a committed or a failed delivery; the timer it saves */            \
    X(X4_IA32E_NEW_SS, "x4.ia32e.after-privilege-change.saves-null-ss", NULL)                                    \
    X(X4_PROT_NEW_SS, "x4.protected.after-privilege-change.saves-new-ss", NULL)                                  \
    X(X4_IA32E_FAILED, "x4.ia32e.after-failed-privilege-change.saves-old-ss", NULL)                              \
    X(X4_PROT_FAILED, "x4.protected.after-failed-privilege-change.saves-old-ss", NULL)                           \
    X(X4_IA32E_SAME, "x4.ia32e.after-delivery.saves-cs-from-descriptor", NULL)                                   \
    X(X4_PROT_SAME, "x4.protected.after-delivery.saves-cs-from-descriptor", NULL)                                \
    X(X4_TIMER_EXIT_SAVED, "x4.timer-saved.timer-exit.zero", NULL)                                               \
    X(X4_OTHER_EXIT_SAVED, "x4.timer-saved.other-exit.nonzero", NULL)                                            \
    X(X4_OTHER_EXIT_SAVED_ZERO, "x4.timer-saved.other-exit.zero", NULL)                                          \
    X(X4_TIMER_NOT_SAVED, "x4.timer-on.not-saved", NULL)                                                         \
    /* A3: loading, ticks, the exit in each state, what holds it */                                             \
    X(A3_LOAD_ZERO, "a3.entry.loads-zero", NULL)                                                                 \
    X(A3_LOAD_NONZERO, "a3.entry.loads-nonzero", NULL)                                                           \
    X(A3_TICK_OFF, "a3.tick.timer-off.tsc-only", NULL)                                                           \
    X(A3_TICK_DOWN, "a3.tick.counts-down", NULL)                                                                 \
    X(A3_TICK_NONE, "a3.tick.below-rate.no-change", NULL)                                                        \
    X(A3_TICK_CARRY, "a3.tick.tsc-remainder-carries", NULL)                                                      \
    X(A3_TICK_ZERO, "a3.tick.reaches-zero", NULL)                                                                \
    X(A3_TICK_AT_ZERO, "a3.tick.stays-at-zero", NULL)                                                            \
    X(A3_TICK_HLT, "a3.tick.while-halted", NULL)                                                                 \
    X(A3_TICK_GROUPED, "a3.tick.with-another-event", NULL)                                                       \
    X(A3_EXIT_ACTIVE, "a3.exit.active", NULL)                                                                    \
    X(A3_EXIT_HLT, "a3.exit.hlt", NULL)                                                                          \
    X(A3_EXIT_SHUTDOWN, "a3.exit.shutdown", NULL)                                                                \
    X(A3_EXIT_AFTER_DELIVERY, "a3.exit.right-after-delivery", NULL)                                              \
    X(A3_HELD_STI, "a3.held.sti-or-mov-ss.timer-sti1", NULL)                                                     \
    X(A3_NOT_HELD_STI, "a3.taken.sti-or-mov-ss.timer-sti0", NULL)                                                \
    X(A3_WAIT_SIPI, "a3.zero.wait-for-sipi.not-taken", NULL)                                                     \
    /* A4: the NMI-window exit in each state, and each blocking that holds it */                                \
    X(A4_EXIT_ACTIVE, "a4.exit.active", NULL)                                                                    \
    X(A4_EXIT_HLT, "a4.exit.hlt", NULL)                                                                          \
    X(A4_EXIT_SHUTDOWN, "a4.exit.shutdown", NULL)                                                                \
    X(A4_HELD_VNMI, "a4.held.virtual-nmi-blocking", NULL)                                                        \
    X(A4_HELD_MOVSS, "a4.held.mov-ss", NULL)                                                                     \
    X(A4_HELD_STI, "a4.held.sti.nmi-window-sti1", NULL)                                                          \
    X(A4_NOT_HELD_STI, "a4.taken.sti.nmi-window-sti0", NULL)                                                     \
    X(A4_WAIT_SIPI, "a4.wait-for-sipi.not-taken", NULL)                                                          \
    /* A5: the interrupt-window exit in each state, and what holds it */                                        \
    X(A5_EXIT_ACTIVE, "a5.exit.active", NULL)                                                                    \
    X(A5_EXIT_HLT, "a5.exit.hlt", NULL)                                                                          \
    X(A5_HELD_IF, "a5.held.if0", NULL)                                                                           \
    X(A5_HELD_STI, "a5.held.sti", NULL)                                                                          \
    X(A5_HELD_MOVSS, "a5.held.mov-ss", NULL)                                                                     \
    X(A5_HELD_AFTER_INTERRUPT_GATE, "a5.held.right-after-interrupt-gate", NULL)                                  \
    X(A5_EXIT_AFTER_TRAP_GATE, "a5.exit.right-after-trap-gate", NULL)                                            \
    X(A5_SHUTDOWN, "a5.if1.shutdown.not-taken", NULL)                                                            \
    X(A5_WAIT_SIPI, "a5.if1.wait-for-sipi.not-taken", NULL)                                                      \
    /* A6: virtual-NMI blocking set by an injected NMI, kept by an exit; real NMIs under it */                  \
    X(A6_INJECT_DELIVERED, "a6.injected-nmi.sets-blocking.delivered", NULL)                                      \
    X(A6_INJECT_EXITS, "a6.injected-nmi.sets-blocking.delivery-exits", NULL)                                     \
    X(A6_INJECT_REFUSED, "a6.injected-nmi.under-blocking.e3-fails", NULL)                                        \
    X(A6_NMI_EXITS_BLOCKED, "a6.nmi.exits-under-virtual-nmi-blocking", NULL)                                     \
    X(A6_NMI_EXITS_UNBLOCKED, "a6.nmi.exits-without-blocking", NULL)                                             \
    X(A6_NMI_DELIVERED, "a6.nmi.delivered",                                                                      \
      "virtual NMIs need NMI exiting (E6), so a real NMI under virtual NMIs always exits (A6)")

/* A check that raises a fault with EXT in its error code: one point with EXT = 0 (the first
 * attempt to deliver INT n, INT3 or INTO), one with EXT = 1. */
#define XE(X, ID, NAME, EXCLUDED) X(ID, NAME ".ext0", EXCLUDED) X(ID##_EXT1, NAME ".ext1", EXCLUDED)

#define COVER_CLASSIFIER_REASON                                                                                  \
    "the coverage code's reading of the D6/D7 checks agrees with the model's rules: a hit means one of the two " \
    "is wrong"

/* D7 for one mode: null selector, TI, beyond the limit, the descriptor read faulting, not code,
 * DPL > CPL, L = 0, D = 1 (IA-32e only: LD_EXCL), not present; passes at the same privilege, with
 * a privilege change, through conforming code below the CPL (no change), with a 4-KiB-granular
 * limit. */
#define D7_POINTS(X, M, MODE, LD_EXCL)                                                                           \
    XE(X, D7_##M##_NULL, "d7." MODE ".null-selector.gp0", NULL)                                                      \
    XE(X, D7_##M##_TI, "d7." MODE ".ti-ldt.gp-sel", NULL)                                                            \
    XE(X, D7_##M##_BEYOND, "d7." MODE ".beyond-gdt-limit.gp-sel", NULL)                                              \
    X(D7_##M##_READ, "d7." MODE ".descriptor-read-faults", NULL)                                                 \
    XE(X, D7_##M##_NOT_CODE, "d7." MODE ".not-code.gp-sel", NULL)                                                    \
    XE(X, D7_##M##_DPL, "d7." MODE ".dpl-above-cpl.gp-sel", NULL)                                                    \
    XE(X, D7_##M##_L0, "d7." MODE ".l0.gp-sel", LD_EXCL)                                                             \
    XE(X, D7_##M##_D1, "d7." MODE ".d1.gp-sel", LD_EXCL)                                                             \
    XE(X, D7_##M##_NP, "d7." MODE ".not-present.np-sel", NULL)                                                       \
    X(D7_##M##_OK_SAME, "d7." MODE ".passes.same-privilege", NULL)                                               \
    X(D7_##M##_OK_PRIV, "d7." MODE ".passes.privilege-change", NULL)                                             \
    X(D7_##M##_OK_CONFORMING, "d7." MODE ".passes.conforming-below-cpl", NULL)                                   \
    X(D7_##M##_OK_G1, "d7." MODE ".passes.limit-4k-granular", NULL)

enum cover_point {
#define COVER_POINT_ID(id, name, excluded) CP_##id,
    COVER_POINTS(COVER_POINT_ID)
#undef COVER_POINT_ID
    COVER_POINTS_N
};

/* What the A3-A5 points look at, at a boundary: the activity state, interruptibility, RFLAGS.IF,
 * the timer at 0 (active), the window controls, and the config keys timer_sti and nmi_window_sti. */
struct cover_state {
    uint32_t activity, interruptibility;
    int if_flag, timer_zero, nmi_window, int_window, timer_sti, nmi_window_sti;
};

/* Counts point P; cover_point_ext counts an XE point with EXT (P is its EXT = 0 point). */
void cover_point(enum cover_point p);
void cover_point_ext(enum cover_point p, int ext);
/* Each VM entry that gets past E1: the state the X4, A5 and A6 points follow starts afresh. */
void cover_entry(void);
/* E6: the event controls of an entry, and whether E2 passed. */
void cover_e6(uint32_t pin, uint32_t proc, uint32_t exit_controls, int injection_ok);
/* D7 (IA32E: the mode): the target selector SEL failed its checks (FAULTED) or passed them; then
 * its descriptor D, read, checked at CPL (FAULTED or not); EXT as the fault's error code has it.
 * The classifiers name the check. */
void cover_d7_selector(int ia32e, uint16_t sel, int ext, int faulted);
void cover_d7_descriptor(int ia32e, uint64_t d, uint8_t cpl, int ext, int faulted);
/* D6, protected mode: the new SS selector SS (for NEW_CPL) failed its checks or passed them;
 * then its descriptor D. */
void cover_d6_ss_selector(uint16_t ss, uint8_t new_cpl, int ext, int faulted);
void cover_d6_ss_descriptor(uint64_t d, uint8_t new_cpl, int ext, int faulted);
/* The delivery under way goes through an interrupt gate (CLEARS_IF; real mode too) or a trap
 * gate; it was delivered (cover_delivered); an NMI's delivery starts with virtual NMIs. */
void cover_gate(int clears_if);
void cover_delivered(void);
void cover_nmi_delivery(int virtual_nmis);
/* X4, A6: a VM exit that is not a VM-entry failure, with REASON; the timer (active, its value,
 * exit control bit 22). */
void cover_exit(uint32_t reason, int timer_active, uint32_t timer, int save_timer);
/* A3: a tick of TICKS at TSC (RATE), the timer before (TIMER, when ACTIVE) and after (AFTER), in
 * activity state ACTIVITY, in a group of GROUP events. */
void cover_tick(int active, uint32_t timer, uint32_t after, uint64_t tsc, uint32_t ticks, unsigned rate,
                uint32_t activity, unsigned group);
/* A3-A5: a boundary's state P and what it takes (EV_NONE: the next instruction, or nothing). */
void cover_boundary_state(const struct cover_state *p, enum cover_event winner);

/* Writes every bin as `COUNT NAME`, one a line. Returns 0, or -1 on a write error. */
int cover_write(FILE *f);
/* Adds the counts of a file cover_write() wrote. Returns 0, or the line of the first line it
 * cannot read (an unknown bin or a malformed line). */
int cover_merge(FILE *f);
/* Prints the table: per group, bins, hit, excluded, holes; then every hole and every exclusion
 * with its reason. An excluded bin that is hit counts as a hole too. Returns the number of holes. */
unsigned cover_report(FILE *out, int list_excluded);

#endif
