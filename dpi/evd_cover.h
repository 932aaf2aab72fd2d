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
 *             runner-up, or none) x activity state, at each boundary that takes something (M8)
 *   config    each config key at its default and at another value, at each entry */
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

/* Writes every bin as `COUNT NAME`, one a line. Returns 0, or -1 on a write error. */
int cover_write(FILE *f);
/* Adds the counts of a file cover_write() wrote. Returns 0, or the line of the first line it
 * cannot read (an unknown bin or a malformed line). */
int cover_merge(FILE *f);
/* Prints the table: per group, bins, hit, excluded, holes; then every hole and every exclusion
 * with its reason. An excluded bin that is hit counts as a hole too. Returns the number of holes. */
unsigned cover_report(FILE *out, int list_excluded);

#endif
