/* The rules of the golden model (see evd_rules.h). */
#include "evd_rules.h"

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

int rule_injection_valid(const struct rule_injection *inj, const struct rule_config *rc)
{
    if (!BIT(inj->info, INTR_INFO_VALID_BIT)) return 1;
    uint8_t type = (inj->info >> 8) & 7, vector = inj->info & 0xff;
    int deliver_ec = BIT(inj->info, 11);
    if (type == 1) return 0;                                  /* reserved */
    if (type == ITYPE_OTHER && (!rc->mtf_supported || vector != 0)) return 0;
    if (type == ITYPE_NMI && vector != 2) return 0;
    if (type == ITYPE_HARD_EXC && vector > 31) return 0;
    /* deliver-error-code iff protected mode, hardware exception, error-code vector; with
     * no_hw_errcode_cc a hardware exception in protected mode may have it or not. */
    int protected_mode = !inj->unrestricted_guest || inj->cr0_pe;
    if (!protected_mode || type != ITYPE_HARD_EXC) {
        if (deliver_ec) return 0;
    } else if (!rc->no_hw_errcode_cc && deliver_ec != rule_has_error_code(vector, rc)) {
        return 0;
    }
    if (inj->info & 0x7ffff000u) return 0;                    /* reserved bits 30:12 */
    uint32_t high = rc->errcode_high_bits == 15 ? 0xffff8000u : 0xffff0000u;
    if (deliver_ec && (inj->error_code & high)) return 0;
    if (rule_is_software(type) && (inj->instruction_len > 15 || (inj->instruction_len == 0 && !rc->zero_len_inject)))
        return 0;
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

int rule_guest_state_valid(const struct rule_guest_state *gs, const struct rule_config *rc, uint32_t *qualification)
{
    int valid = BIT(gs->injection, INTR_INFO_VALID_BIT);
    uint8_t type = (gs->injection >> 8) & 7, vector = gs->injection & 0xff;
    uint32_t blocking = gs->interruptibility;
    int if_flag = BIT(gs->rflags, RFLAGS_IF_BIT);
    *qualification = 0;
    /* Activity state: supported, not HLT with SS.DPL != 0, active under STI/MOV-SS blocking. */
    if (gs->activity > WAIT_SIPI) return 0;
    if (gs->activity != ACTIVE && !BIT(rc->activity_states, gs->activity - 1)) return 0;
    if (gs->activity == HLT && gs->ss_dpl != 0) return 0;
    if ((blocking & (BLOCK_STI | BLOCK_MOVSS)) && gs->activity != ACTIVE) return 0;
    /* Interruptibility: not both STI and MOV-SS; STI only with IF = 1. */
    if ((blocking & (BLOCK_STI | BLOCK_MOVSS)) == (BLOCK_STI | BLOCK_MOVSS)) return 0;
    if ((blocking & BLOCK_STI) && !if_flag) return 0;
    if (!valid) return 1;
    /* Injection: IF = 1 and no STI/MOV-SS blocking for an external interrupt; no MOV-SS blocking
     * for an NMI, nor NMI blocking with virtual NMIs; only the events the activity state allows. */
    if (type == ITYPE_EXT_INTR && (!if_flag || (blocking & (BLOCK_STI | BLOCK_MOVSS)))) return 0;
    if (type == ITYPE_NMI && (blocking & BLOCK_MOVSS)) return 0;
    if (type == ITYPE_NMI && gs->virtual_nmis && (blocking & BLOCK_NMI)) return 0;
    if (!rule_activity_allows(gs->activity, type, vector)) return 0;
    if (type == ITYPE_NMI && rc->nmi_sti_check && (blocking & BLOCK_STI)) {
        *qualification = 3;
        return 0;
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

enum rule_prio rule_arbitrate(const struct rule_pending *p)
{
    /* Wait-for-SIPI blocks every event this unit models. */
    if (p->activity == WAIT_SIPI) return PRIO_NONE;
    if (p->smi) return PRIO_SMI; /* SMI before INIT when both are pending */
    if (p->init) return PRIO_INIT;
    if (p->activity == SHUTDOWN) /* shutdown: only an NMI gets through */
        return p->nmi && !(p->interruptibility & BLOCK_NMI) ? PRIO_NMI : PRIO_NONE;
    if (p->mtf) return PRIO_MTF;
    if (p->dbg_trap) return PRIO_DBG_TRAP;
    /* NMIs are blocked by NMI blocking and MOV-SS blocking, not by STI blocking. */
    if (p->nmi && !(p->interruptibility & (BLOCK_NMI | BLOCK_MOVSS))) return PRIO_NMI;
    if (p->extint && !(p->interruptibility & (BLOCK_STI | BLOCK_MOVSS))) {
        if (p->extint_exiting) return PRIO_EXTINT_EXIT; /* RFLAGS.IF does not block it */
        if (p->if_flag) return PRIO_EXTINT;
    }
    return PRIO_NONE;
}
