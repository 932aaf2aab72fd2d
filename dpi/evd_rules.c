/* The rules of the golden model (see evd_rules.h). */
#include "evd_rules.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "evd_arch.h"

#define BIT(x, n) (((x) >> (n)) & 1u)

enum { ACTIVE = 0, HLT = 1, SHUTDOWN = 2, WAIT_SIPI = 3 };
enum { BLOCK_STI = 1, BLOCK_MOVSS = 2, BLOCK_NMI = 8 };

uint32_t rule_launch_state_error(int is_launch, int launched)
{
    if (is_launch && launched) return VMERR_VMLAUNCH_NONCLEAR;
    if (!is_launch && !launched) return VMERR_VMRESUME_NONLAUNCHED;
    return 0;
}

int rule_has_error_code(uint8_t vector, const struct rule_config *rc)
{
    switch (vector) {
    case 8: case 10: case 11: case 12: case 13: case 14: case 17: return 1;
    case 21: return rc->cp_errcode;
    default: return 0;
    }
}

int rule_takes_ext(uint8_t vector) { return vector >= 10 && vector <= 13; }

/* A deliberate bug, on only with build/vmentry-sim --model-bug ext-soft: a test shows that the
 * random run finds a golden model that sets EXT for software interrupts and exceptions. */
static int bug_ext_soft;
void rule_set_bug_ext_soft(int on) { bug_ext_soft = on; }

int rule_ext_bit(uint8_t original_type, int nested)
{
    return nested > 0 || bug_ext_soft || !(original_type == ITYPE_SOFT_INTR || original_type == ITYPE_SOFT_EXC);
}

int rule_is_software(uint8_t type)
{
    return type == ITYPE_SOFT_INTR || type == ITYPE_PRIV_SOFT || type == ITYPE_SOFT_EXC;
}

int rule_bitmap_exits(uint32_t bitmap, uint32_t pfec_mask, uint32_t pfec_match, uint8_t vector, uint32_t ec)
{
    if (vector > 31) return 0;
    if (vector == 14) return ((ec & pfec_mask) == pfec_match) == BIT(bitmap, 14);
    return BIT(bitmap, vector);
}

uint8_t rule_exception_class(uint8_t type, uint8_t vector, const struct rule_config *rc)
{
    if (type != ITYPE_HARD_EXC) return CLASS_BENIGN;
    switch (vector) {
    case 0: case 10: case 11: case 12: case 13: return CLASS_CONTRIBUTORY;
    case 21: return rc->cp_errcode ? CLASS_CONTRIBUTORY : CLASS_BENIGN; /* #CP on CET processors */
    case 14: case 20: return CLASS_PAGE_FAULT;
    default: return CLASS_BENIGN;
    }
}

enum rule_combine rule_combine(int first_is_df, uint8_t first, uint8_t second, const struct rule_config *rc)
{
    if (first_is_df) return rc->triple_contributory_pf && second == CLASS_BENIGN ? COMBINE_SERIAL : COMBINE_TRIPLE;
    if (first == CLASS_CONTRIBUTORY && second == CLASS_CONTRIBUTORY) return COMBINE_DOUBLE;
    if (first == CLASS_PAGE_FAULT && second != CLASS_BENIGN) return COMBINE_DOUBLE;
    return COMBINE_SERIAL;
}

/* A failed check: its reason into *WHY (when given), and 0. */
static int fail(struct rule_why *why, const char *fmt, ...)
{
    if (why) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why->text, sizeof why->text, fmt, ap);
        va_end(ap);
    }
    return 0;
}

int rule_injection_valid(const struct rule_injection *inj, const struct rule_config *rc, struct rule_why *why)
{
    if (!BIT(inj->info, INTR_INFO_VALID_BIT)) return 1;
    uint8_t type = (inj->info >> 8) & 7, vector = inj->info & 0xff;
    int deliver_ec = BIT(inj->info, 11);
    if (type == 1) return fail(why, "E2: interruption type 1 is reserved (VM_ENTRY_INTR_INFO_FIELD 0x%" PRIx32 ")", inj->info);
    if (type == ITYPE_OTHER && !rc->mtf_supported)
        return fail(why, "E2: interruption type 7 (other event) without the monitor trap flag (mtf_supported 0)");
    if (type == ITYPE_OTHER && vector != 0)
        return fail(why, "E2: interruption type 7 with vector %u (only vector 0, a pending MTF exit, exists)", vector);
    if (type == ITYPE_NMI && vector != 2) return fail(why, "E2: an NMI (type 2) with vector %u, not 2", vector);
    if (type == ITYPE_HARD_EXC && vector > 31)
        return fail(why, "E2: a hardware exception (type 3) with vector %u, above 31", vector);
    /* deliver-error-code iff protected mode, hardware exception, error-code vector; with
     * no_hw_errcode_cc a hardware exception in protected mode may have it or not. */
    int protected_mode = !inj->unrestricted_guest || inj->cr0_pe;
    if (!protected_mode && deliver_ec)
        return fail(why, "E2: deliver-error-code set in real mode (unrestricted guest with CR0.PE = 0)");
    if (type != ITYPE_HARD_EXC && deliver_ec)
        return fail(why, "E2: deliver-error-code set for interruption type %u (only hardware exceptions have one)", type);
    if (protected_mode && type == ITYPE_HARD_EXC && !rc->no_hw_errcode_cc && deliver_ec != rule_has_error_code(vector, rc))
        return fail(why, deliver_ec ? "E2: deliver-error-code set for vector %u, which has no error code"
                                    : "E2: deliver-error-code clear for vector %u, which has an error code", vector);
    if (inj->info & 0x7ffff000u)
        return fail(why, "E2: reserved bits 30:12 set in VM_ENTRY_INTR_INFO_FIELD 0x%" PRIx32, inj->info);
    uint32_t high = rc->errcode_high_bits == 15 ? 0xffff8000u : 0xffff0000u;
    if (deliver_ec && (inj->error_code & high))
        return fail(why, "E2: VM_ENTRY_EXCEPTION_ERROR_CODE 0x%" PRIx32 " has bits 31:%u set (errcode_high_bits %" PRIu32 ")",
                    inj->error_code, rc->errcode_high_bits, rc->errcode_high_bits);
    if (rule_is_software(type) && (inj->instruction_len > 15 || (inj->instruction_len == 0 && !rc->zero_len_inject)))
        return fail(why, "E2: VM_ENTRY_INSTRUCTION_LEN %" PRIu32 " for a software event (type %u) is outside %s", inj->instruction_len,
                    type, rc->zero_len_inject ? "0-15" : "1-15");
    return 1;
}

int rule_activity_allows(uint32_t activity, uint8_t type, uint8_t vector)
{
    switch (activity) {
    case ACTIVE: return 1;
    case HLT:
        return type == ITYPE_EXT_INTR || type == ITYPE_NMI || (type == ITYPE_HARD_EXC && (vector == 1 || vector == 18)) ||
               (type == ITYPE_OTHER && vector == 0);
    case SHUTDOWN: return type == ITYPE_NMI || (type == ITYPE_HARD_EXC && vector == 18);
    default: return 0;
    }
}

int rule_guest_state_valid(const struct rule_guest_state *gs, const struct rule_config *rc, uint32_t *qualification,
                           struct rule_why *why)
{
    static const char *const states[4] = {"active", "HLT", "shutdown", "wait-for-SIPI"};
    int valid = BIT(gs->injection, INTR_INFO_VALID_BIT);
    uint8_t type = (gs->injection >> 8) & 7, vector = gs->injection & 0xff;
    uint32_t blocking = gs->interruptibility;
    int if_flag = BIT(gs->rflags, RFLAGS_IF_BIT);
    *qualification = 0;
    /* Activity state: supported, not HLT with SS.DPL != 0, active under STI/MOV-SS blocking. */
    if (gs->activity > WAIT_SIPI) return fail(why, "E3: GUEST_ACTIVITY_STATE %" PRIu32 " is not an activity state", gs->activity);
    if (gs->activity != ACTIVE && !BIT(rc->activity_states, gs->activity - 1))
        return fail(why, "E3: activity state %" PRIu32 " (%s) is not supported (activity_states %" PRIu32 ")", gs->activity,
                    states[gs->activity], rc->activity_states);
    if (gs->activity == HLT && gs->ss_dpl != 0) return fail(why, "E3: activity state HLT with SS.DPL %u (must be 0)", gs->ss_dpl);
    if ((blocking & (BLOCK_STI | BLOCK_MOVSS)) && gs->activity != ACTIVE)
        return fail(why, "E3: STI/MOV-SS blocking (interruptibility 0x%" PRIx32 ") in activity state %s (must be active)",
                    blocking, states[gs->activity]);
    /* Interruptibility: not both STI and MOV-SS; STI only with IF = 1. */
    if ((blocking & (BLOCK_STI | BLOCK_MOVSS)) == (BLOCK_STI | BLOCK_MOVSS))
        return fail(why, "E3: blocking by STI and by MOV SS both set (interruptibility 0x%" PRIx32 ")", blocking);
    if ((blocking & BLOCK_STI) && !if_flag) return fail(why, "E3: blocking by STI with RFLAGS.IF = 0");
    if (!valid) return 1;
    /* Injection: IF = 1 and no STI/MOV-SS blocking for an external interrupt; no MOV-SS blocking
     * for an NMI, nor NMI blocking with virtual NMIs; only the events the activity state allows. */
    if (type == ITYPE_EXT_INTR && !if_flag) return fail(why, "E3: external interrupt injected with RFLAGS.IF = 0");
    if (type == ITYPE_EXT_INTR && (blocking & (BLOCK_STI | BLOCK_MOVSS)))
        return fail(why, "E3: external interrupt injected under STI/MOV-SS blocking (interruptibility 0x%" PRIx32 ")", blocking);
    if (type == ITYPE_NMI && (blocking & BLOCK_MOVSS)) return fail(why, "E3: NMI injected under blocking by MOV SS");
    if (type == ITYPE_NMI && gs->virtual_nmis && (blocking & BLOCK_NMI))
        return fail(why, RULE_WHY_VNMI_BLOCKED " (interruptibility bit 3, virtual NMIs on)");
    if (!rule_activity_allows(gs->activity, type, vector))
        return fail(why, "E3: an event of type %u, vector %u cannot be injected in activity state %s", type, vector,
                    states[gs->activity]);
    if (type == ITYPE_NMI && rc->nmi_sti_check && (blocking & BLOCK_STI)) {
        *qualification = 3;
        return fail(why, "E3: NMI injected under blocking by STI (nmi_sti_check 1; exit qualification 3)");
    }
    return 1;
}

uint64_t rule_pending_dbg_after_entry(uint64_t field, int vectoring, uint32_t activity)
{
    /* "There are no pending debug exceptions after VM entry if ... The VM entry is not vectoring
     * and the activity-state field indicates either shutdown or wait-for-SIPI." */
    if (vectoring || activity == SHUTDOWN || activity == WAIT_SIPI) return 0;
    /* "There are valid pending debug exceptions if either the BS bit (bit 14) or the
     * enable-breakpoint bit (bit 12) is 1." */
    return (field & 0x5000) ? field : 0;
}

int rule_event_controls_valid(uint32_t pin, uint32_t proc, uint32_t exit_controls, struct rule_why *why)
{
    if (BIT(pin, PIN_VIRTUAL_NMIS_BIT) && !BIT(pin, PIN_NMI_EXITING_BIT))
        return fail(why, "E6: virtual NMIs (pin-based bit 5) without NMI exiting (pin-based bit 3)");
    if (BIT(proc, CPU_NMI_WINDOW_BIT) && !BIT(pin, PIN_VIRTUAL_NMIS_BIT))
        return fail(why, "E6: NMI-window exiting (primary processor-based bit 22) without virtual NMIs (pin-based bit 5)");
    if (BIT(exit_controls, EXITCTL_SAVE_TIMER_BIT) && !BIT(pin, PIN_PREEMPTION_TIMER_BIT))
        return fail(why, "E6: save VMX-preemption timer value (VM-exit control bit 22) without the timer (pin-based bit 6)");
    return 1;
}

uint32_t rule_timer_decrement(uint64_t tsc, uint32_t ticks, unsigned rate)
{
    /* ((TSC + N) >> X) - (TSC >> X): bit X changes once for each 2^X ticks, counted from the
     * remainder of TSC below bit X. The remainder is below 2^31, so the sum fits 64 bits. */
    uint64_t below = tsc & ((1ull << rate) - 1);
    return (uint32_t)((below + ticks) >> rate);
}

enum rule_prio rule_arbitrate(const struct rule_pending *p)
{
    /* Wait-for-SIPI blocks every event this unit models, the timer and both windows (A3-A5). */
    if (p->activity == WAIT_SIPI) return PRIO_NONE;
    if (p->smi) return PRIO_SMI; /* SMI before INIT when both are pending */
    if (p->init) return PRIO_INIT;
    const uint32_t blocking = p->interruptibility;
    const int sti = (blocking & BLOCK_STI) != 0, movss = (blocking & BLOCK_MOVSS) != 0;
    /* A3: the timer exit; STI/MOV-SS blocking holds it only with timer_sti 1. */
    const int timer = p->timer_zero && !(p->timer_sti && (sti || movss));
    /* A4: bit 3 is virtual-NMI blocking (NMI-window exiting needs virtual NMIs, E6). */
    const int nmi_window = p->nmi_window && !(blocking & BLOCK_NMI) && !movss && !(p->nmi_window_sti && sti);
    /* NMIs are blocked by MOV-SS blocking and by blocking by NMI, not by STI blocking; with
     * virtual NMIs bit 3 is virtual-NMI blocking, which does not block them (A6). */
    const int nmi = p->nmi && !movss && !(!p->virtual_nmis && (blocking & BLOCK_NMI));
    if (p->activity == SHUTDOWN) /* shutdown: the timer, the NMI window and NMIs only */
        return timer ? PRIO_TIMER : nmi_window ? PRIO_NMI_WINDOW : nmi ? PRIO_NMI : PRIO_NONE;
    if (p->mtf) return PRIO_MTF;
    if (p->dbg_trap) return PRIO_DBG_TRAP;
    if (timer) return PRIO_TIMER;
    if (nmi_window) return PRIO_NMI_WINDOW;
    if (nmi) return PRIO_NMI;
    if (sti || movss) return PRIO_NONE; /* STI/MOV-SS blocking holds the interrupt window and interrupts */
    if (p->int_window && p->if_flag) return PRIO_INT_WINDOW; /* A5: active or HLT */
    if (p->extint) {
        if (p->extint_exiting) return PRIO_EXTINT_EXIT; /* RFLAGS.IF does not block it */
        if (p->if_flag) return PRIO_EXTINT;
    }
    return PRIO_NONE;
}

//////// D6, D7: descriptors and the TSS ////////

enum { DESC_TYPE_WRITABLE = 41, DESC_TYPE_CONFORMING = 42, DESC_TYPE_CODE = 43, DESC_S = 44, DESC_DPL = 45,
       DESC_P = 47, DESC_L = 53, DESC_DB = 54, DESC_G = 55 };
enum { VEC_TS = 10, VEC_NP = 11, VEC_SS = 12, VEC_GP = 13 };

static int fault(uint8_t v, uint32_t code, int ext, uint8_t *vec, uint32_t *ec)
{
    *vec = v;
    *ec = code | (ext ? 1u : 0u);
    return 1;
}

static uint8_t desc_dpl(uint64_t d) { return (uint8_t)((d >> DESC_DPL) & 3); }

struct rule_segment rule_descriptor(uint64_t d)
{
    uint32_t limit = (uint32_t)(d & 0xffff) | (uint32_t)((d >> 48) & 0xf) << 16;
    if (BIT(d, DESC_G)) limit = limit << 12 | 0xfff;
    return (struct rule_segment){
        .base = ((d >> 16) & 0xffffff) | ((d >> 56) & 0xff) << 24,
        .limit = limit,
        .ar = (uint32_t)((d >> 40) & 0xff) | (uint32_t)((d >> 52) & 0xf) << 12,
    };
}

/* D7: TI = 1 (the LDT) counts as beyond the limit. */
static int beyond_gdt(uint16_t sel, uint64_t gdt_limit) { return (sel & 4) || (uint64_t)(sel | 7) > gdt_limit; }

int rule_target_selector(uint16_t sel, uint64_t gdt_limit, int ext, uint8_t *vec, uint32_t *ec)
{
    if ((sel & 0xfffc) == 0) return fault(VEC_GP, 0, ext, vec, ec);
    if (beyond_gdt(sel, gdt_limit)) return fault(VEC_GP, sel & 0xfffc, ext, vec, ec);
    return 0;
}

int rule_target_descriptor(uint64_t d, uint16_t sel, uint8_t cpl, int ia32e, int ext, uint8_t *vec, uint32_t *ec)
{
    if (!BIT(d, DESC_S) || !BIT(d, DESC_TYPE_CODE) || desc_dpl(d) > cpl) return fault(VEC_GP, sel & 0xfffc, ext, vec, ec);
    if (ia32e && (!BIT(d, DESC_L) || BIT(d, DESC_DB))) return fault(VEC_GP, sel & 0xfffc, ext, vec, ec);
    if (!BIT(d, DESC_P)) return fault(VEC_NP, sel & 0xfffc, ext, vec, ec);
    return 0;
}

uint8_t rule_new_cpl(uint64_t d, uint8_t cpl)
{
    return !BIT(d, DESC_TYPE_CONFORMING) && desc_dpl(d) < cpl ? desc_dpl(d) : cpl;
}

int rule_ia32e_stack_offset(unsigned ist, uint8_t cpl, uint8_t new_cpl)
{
    if (ist != 0) return (int)(8 * ist + 28);
    if (new_cpl < cpl) return 8 * new_cpl + 4;
    return -1;
}

unsigned rule_protected_stack_offset(uint8_t new_cpl) { return 8u * new_cpl + 4; }

int rule_tss_limit(unsigned offset, uint64_t tr_limit, uint16_t tr_sel, int ext, uint8_t *vec, uint32_t *ec)
{
    return offset + 7ull > tr_limit ? fault(VEC_TS, tr_sel & 0xfffc, ext, vec, ec) : 0;
}

int rule_new_ss_selector(uint16_t ss, uint64_t gdt_limit, uint8_t new_cpl, int ext, uint8_t *vec, uint32_t *ec)
{
    if ((ss & 0xfffc) == 0) return fault(VEC_TS, 0, ext, vec, ec);
    if (beyond_gdt(ss, gdt_limit) || (ss & 3) != new_cpl) return fault(VEC_TS, ss & 0xfffc, ext, vec, ec);
    return 0;
}

int rule_new_ss_descriptor(uint64_t d, uint16_t ss, uint8_t new_cpl, int ext, uint8_t *vec, uint32_t *ec)
{
    int writable_data = BIT(d, DESC_S) && !BIT(d, DESC_TYPE_CODE) && BIT(d, DESC_TYPE_WRITABLE);
    if (desc_dpl(d) != new_cpl || !writable_data) return fault(VEC_TS, ss & 0xfffc, ext, vec, ec);
    if (!BIT(d, DESC_P)) return fault(VEC_SS, ss & 0xfffc, ext, vec, ec);
    return 0;
}

uint32_t rule_null_ss_ar(uint8_t new_cpl) { return 0x10010u | (uint32_t)new_cpl << 5; }
