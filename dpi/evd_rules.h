/* The rules of the golden model as small pure functions, each a table or a sentence of the SDM
 * (as behaviour.md and vmx-facts.md give it). No I/O, and no state but one switch: the deliberate
 * bug of --model-bug ext-soft (rule_set_bug_ext_soft). tests/test_rules.c checks each rule. */
#ifndef EVD_RULES_H
#define EVD_RULES_H

#include <stdint.h>

/* The config keys the rules depend on (vector-format.md). */
struct rule_config {
    uint32_t errcode_high_bits; /* 16 or 15 */
    int zero_len_inject, no_hw_errcode_cc, mtf_supported, nmi_sti_check;
    int triple_contributory_pf, cp_errcode;
    uint32_t activity_states;   /* bit 0 HLT, 1 shutdown, 2 wait-for-SIPI */
};

/* E1: VMLAUNCH needs a clear VMCS (4), VMRESUME a launched one (5); 0 when neither applies. */
uint32_t rule_launch_state_error(int is_launch, int launched);

/* The exception vectors that push an error code: 8, 10-14, 17, and 21 with cp_errcode. */
int rule_has_error_code(uint8_t vector, const struct rule_config *rc);
/* The error codes that carry the EXT bit (bit 0): #TS, #NP, #SS, #GP. */
int rule_takes_ext(uint8_t vector);
/* F1: EXT for the NESTED-th (0 = first) nested exception while delivering an event of type
 * ORIGINAL_TYPE: set for types 0, 2, 3, 5 and for every later one; clear for types 4 and 6. */
int rule_ext_bit(uint8_t original_type, int nested);
/* For the tests of the random run only: make rule_ext_bit wrong for types 4 and 6. */
void rule_set_bug_ext_soft(int on);
/* Types 4, 5 and 6 (software interrupt, privileged software exception, software exception). */
int rule_is_software(uint8_t type);

/* F2, X3: does exception VECTOR (error code EC) exit through the exception bitmap? For #PF:
 * exit iff ((EC & MASK) == MATCH) == bitmap bit 14. */
int rule_bitmap_exits(uint32_t bitmap, uint32_t pfec_mask, uint32_t pfec_match, uint8_t vector, uint32_t ec);

/* F3: exception classes (SDM Vol. 3A Table 6-4). Events that are not hardware exceptions
 * (interrupts, NMI, INT n, INT3, INTO, INT1) are benign. */
enum rule_class { CLASS_BENIGN, CLASS_CONTRIBUTORY, CLASS_PAGE_FAULT };
uint8_t rule_exception_class(uint8_t type, uint8_t vector, const struct rule_config *rc);

/* F3, F4: what a nested exception of class SECOND does while delivering one of class FIRST
 * (Table 6-5), or while delivering #DF (FIRST_IS_DF). */
enum rule_combine { COMBINE_SERIAL, COMBINE_DOUBLE, COMBINE_TRIPLE };
enum rule_combine rule_combine(int first_is_df, uint8_t first, uint8_t second, const struct rule_config *rc);

/* E2: the control checks on the injection fields (any failure: VMfailValid 7). */
struct rule_injection {
    uint32_t info, error_code, instruction_len;
    int unrestricted_guest; /* secondary control bit 7, counted only when secondary controls are on */
    int cr0_pe;
};
int rule_injection_valid(const struct rule_injection *inj, const struct rule_config *rc);

/* E3: the guest-state checks tied to injection and activity (any failure: VM-entry failure
 * 0x80000021, with *QUALIFICATION 3 for an NMI injected under STI blocking, else 0). */
struct rule_guest_state {
    uint32_t injection;       /* VM_ENTRY_INTR_INFO_FIELD */
    uint64_t rflags;
    uint32_t interruptibility, activity;
    uint8_t ss_dpl;
    int virtual_nmis;         /* pin-based control bit 5 */
};
int rule_guest_state_valid(const struct rule_guest_state *gs, const struct rule_config *rc, uint32_t *qualification);
/* E3: may an injection of TYPE/VECTOR be made in activity state ACTIVITY? */
int rule_activity_allows(uint32_t activity, uint8_t type, uint8_t vector);

/* SDM 26.6.3: the debug exceptions pending after VM entry, from GUEST_PENDING_DBG_EXCEPTIONS
 * (FIELD): none after a vectoring entry, nor after a non-vectoring entry into shutdown or
 * wait-for-SIPI (ACTIVITY 2 or 3); otherwise the field when it holds valid ones (BS, bit 14, or
 * "enabled breakpoint", bit 12), else none. A non-zero result is a #DB trap pending at the first
 * boundary (M8); exits that save pending debug exceptions save it. */
uint64_t rule_pending_dbg_after_entry(uint64_t field, int vectoring, uint32_t activity);

/* M8, A1, A2: the arbiter at an instruction boundary, highest priority first: SMI, INIT, MTF,
 * debug trap, NMI, external interrupt (its exit, or its delivery). PRIO_NONE: run the guest. */
struct rule_pending {
    int smi, init, mtf, dbg_trap, nmi, extint;
    uint32_t activity, interruptibility;
    int if_flag, extint_exiting;
};
enum rule_prio { PRIO_NONE, PRIO_SMI, PRIO_INIT, PRIO_MTF, PRIO_DBG_TRAP, PRIO_NMI, PRIO_EXTINT_EXIT, PRIO_EXTINT };
enum rule_prio rule_arbitrate(const struct rule_pending *p);

#endif
