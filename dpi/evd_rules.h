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

/* Why a check of VM entry failed, for the user: the behaviour.md item, what failed and the values
 * ("E2: deliver-error-code set for vector 6, which has no error code"). The checks below fill it
 * when they fail and are given one (it may be NULL). */
struct rule_why {
    char text[160];
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
int rule_injection_valid(const struct rule_injection *inj, const struct rule_config *rc, struct rule_why *why);

/* E3: the guest-state checks tied to injection and activity (any failure: VM-entry failure
 * 0x80000021, with *QUALIFICATION 3 for an NMI injected under STI blocking, else 0). */
struct rule_guest_state {
    uint32_t injection;       /* VM_ENTRY_INTR_INFO_FIELD */
    uint64_t rflags;
    uint32_t interruptibility, activity;
    uint8_t ss_dpl;
    int virtual_nmis;         /* pin-based control bit 5 */
};
int rule_guest_state_valid(const struct rule_guest_state *gs, const struct rule_config *rc, uint32_t *qualification,
                           struct rule_why *why);
/* The start of its why when it refuses an NMI injected under virtual-NMI blocking (A6). */
#define RULE_WHY_VNMI_BLOCKED "E3: NMI injected under virtual-NMI blocking"
/* E3: may an injection of TYPE/VECTOR be made in activity state ACTIVITY? */
int rule_activity_allows(uint32_t activity, uint8_t type, uint8_t vector);

/* SDM 26.6.3: the debug exceptions pending after VM entry, from GUEST_PENDING_DBG_EXCEPTIONS
 * (FIELD): none after a vectoring entry, nor after a non-vectoring entry into shutdown or
 * wait-for-SIPI (ACTIVITY 2 or 3); otherwise the field when it holds valid ones (BS, bit 14, or
 * "enabled breakpoint", bit 12), else none. A non-zero result is a #DB trap pending at the first
 * boundary (M8); exits that save pending debug exceptions save it. */
uint64_t rule_pending_dbg_after_entry(uint64_t field, int vectoring, uint32_t activity);

/* The control bits of E6 and A3-A6. */
enum {
    PIN_NMI_EXITING_BIT = 3, PIN_VIRTUAL_NMIS_BIT = 5, PIN_PREEMPTION_TIMER_BIT = 6, /* pin-based */
    CPU_INTR_WINDOW_BIT = 2, CPU_NMI_WINDOW_BIT = 22,                               /* primary processor-based */
    EXITCTL_SAVE_TIMER_BIT = 22                                                    /* VM-exit controls */
};

/* E6: the checks on the event controls (any failure: VMfailValid 7, with E2): virtual NMIs need
 * NMI exiting, NMI-window exiting needs virtual NMIs, saving the timer value needs the timer. */
int rule_event_controls_valid(uint32_t pin, uint32_t proc, uint32_t exit_controls, struct rule_why *why);

/* A3: how much a tick of TICKS drops the VMX-preemption timer when the TSC stands at TSC and the
 * timer counts at RATE (0..31): ((TSC + TICKS) >> RATE) - (TSC >> RATE). */
uint32_t rule_timer_decrement(uint64_t tsc, uint32_t ticks, unsigned rate);

/* M8, A1-A5: the arbiter at an instruction boundary, highest priority first: SMI, INIT, MTF,
 * debug trap, the VMX-preemption timer, the NMI window, NMI, the interrupt window, external
 * interrupt (its exit, or its delivery); in shutdown only SMI, INIT, the timer, the NMI window and
 * NMI; in wait-for-SIPI nothing. PRIO_NONE: run the guest. */
struct rule_pending {
    int smi, init, mtf, dbg_trap, nmi, extint;
    int timer_zero;                /* the timer is active (pin bit 6) and has reached 0 */
    int nmi_window, int_window;    /* the window-exiting controls (primary bits 22 and 2) */
    uint32_t activity, interruptibility;
    int if_flag, extint_exiting;
    int virtual_nmis;              /* pin bit 5: interruptibility bit 3 is virtual-NMI blocking */
    int timer_sti, nmi_window_sti; /* the config keys */
};
enum rule_prio {
    PRIO_NONE, PRIO_SMI, PRIO_INIT, PRIO_MTF, PRIO_DBG_TRAP, PRIO_TIMER, PRIO_NMI_WINDOW, PRIO_NMI,
    PRIO_INT_WINDOW, PRIO_EXTINT_EXIT, PRIO_EXTINT
};
enum rule_prio rule_arbitrate(const struct rule_pending *p);

/* D6, D7: descriptors and the TSS. A check that fails gives the exception to raise: *VEC and *EC
 * (EXT included, as F1 gives it in EXT) and returns 1; 0 when the check passes. */

/* D7: a segment descriptor D as the VMCS holds it: access rights d[47:40] | d[55:52] << 12, limit
 * d[15:0] | d[51:48] << 16 (x 4 KiB + 0xfff when G = 1), base d[39:16] | d[63:56] << 24. */
struct rule_segment {
    uint64_t base;
    uint32_t limit, ar;
};
struct rule_segment rule_descriptor(uint64_t d);
/* D7: the gate's selector before the GDT read: null -> #GP(0 + EXT); TI = 1 or (SEL | 7) >
 * GDT_LIMIT -> #GP((SEL & 0xfffc) + EXT). */
int rule_target_selector(uint16_t sel, uint64_t gdt_limit, int ext, uint8_t *vec, uint32_t *ec);
/* D7: the descriptor D of the target code segment SEL: not a code segment or DPL > CPL -> #GP;
 * in IA-32e mode (IA32E) L = 0 or D = 1 -> #GP; not present -> #NP; each with (SEL & 0xfffc) +
 * EXT. */
int rule_target_descriptor(uint64_t d, uint16_t sel, uint8_t cpl, int ia32e, int ext, uint8_t *vec, uint32_t *ec);
/* D6: the CPL after delivery through code segment D from CPL: its DPL when it is non-conforming
 * with DPL < CPL (a privilege change), else CPL. */
uint8_t rule_new_cpl(uint64_t d, uint8_t cpl);
/* D6, IA-32e: the TSS offset the new RSP comes from: IST != 0: 8 * IST + 28; else on a privilege
 * change (NEW_CPL < CPL) 8 * NEW_CPL + 4; else -1 (the stack stays). */
int rule_ia32e_stack_offset(unsigned ist, uint8_t cpl, uint8_t new_cpl);
/* D6, protected mode: the offset of ESPn (SSn is 4 bytes above): 8 * NEW_CPL + 4. */
unsigned rule_protected_stack_offset(uint8_t new_cpl);
/* D6: the TSS limit check of a stack read at OFFSET: OFFSET + 7 > TR_LIMIT -> #TS((TR_SEL &
 * 0xfffc) + EXT). */
int rule_tss_limit(unsigned offset, uint64_t tr_limit, uint16_t tr_sel, int ext, uint8_t *vec, uint32_t *ec);
/* D6, protected mode: the new SS selector from the TSS before its GDT read: null -> #TS(0 + EXT);
 * TI = 1, (SS | 7) > GDT_LIMIT or RPL != NEW_CPL -> #TS((SS & 0xfffc) + EXT). */
int rule_new_ss_selector(uint16_t ss, uint64_t gdt_limit, uint8_t new_cpl, int ext, uint8_t *vec, uint32_t *ec);
/* D6, protected mode: its descriptor D: DPL != NEW_CPL or not a writable data segment -> #TS; not
 * present -> #SS; each with (SS & 0xfffc) + EXT. */
int rule_new_ss_descriptor(uint64_t d, uint16_t ss, uint8_t new_cpl, int ext, uint8_t *vec, uint32_t *ec);
/* D6, IA-32e: the access rights saved for the NULL SS a privilege change loads: unusable, DPL =
 * NEW_CPL (0x10010 | NEW_CPL << 5, as Bochs saves them). */
uint32_t rule_null_ss_ar(uint8_t new_cpl);

#endif
