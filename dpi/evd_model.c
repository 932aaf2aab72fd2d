/* The golden model (see evd_model.h), written from ../shared/spec/behaviour.md and vmx-facts.md.
 * The rules are small pure functions named after what the spec says (the double-fault table,
 * the EXT bit, bitmap + PFEC, the injection-field checks, the activity-state table, the priority
 * arbiter); the flows that use them follow the spec's order. Each carries its behaviour.md item. */
#include "evd_model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"
#include "evd_cover.h"
#include "evd_narrate.h"
#include "evd_rules.h"

#define BIT(x, n) (((x) >> (n)) & 1u)
#define MAX_NESTED 64          /* nested exceptions in one delivery before the model calls it a hang */
#define MAX_BOUNDARIES 10000000 /* instruction boundaries in one run */

/* Exit-reason bits of an SMM VM exit (vmx-facts §4). */
#define EXIT_REASON_PENDING_MTF (1u << 28)

enum { ACTIVE = 0, HLT = 1, SHUTDOWN = 2, WAIT_SIPI = 3 };
enum { RFLAGS_TF = 1u << 8, RFLAGS_IF = 1u << 9, RFLAGS_NT = 1u << 14, RFLAGS_RF = 1u << 16, RFLAGS_AC = 1u << 18 };
enum { BLOCK_STI = 1, BLOCK_MOVSS = 2, BLOCK_NMI = 8 };
enum { DR6_BS = 1u << 14 };

/* An event on its way through the IDT. */
struct event {
    uint8_t type, vector;
    uint8_t has_ec;
    uint32_t ec;
    uint32_t len;     /* instruction length, for types 4, 5 and 6 */
    uint64_t ret_rip; /* the RIP the frame returns to */
};

/* What one delivery attempt met. */
enum attempt { DELIVERED, NESTED, TASK_GATE, REFUSED /* the model gave up (md->unsupported) */ };
struct nested {
    uint8_t vector, has_ec;
    uint32_t ec;
    uint64_t addr; /* #PF: the faulting linear address */
};

/* How a flow ended: the run goes on, or it is over (exit, VMfail, idle, model limit). */
enum flow { FLOW_ON, FLOW_END };

//////// Bookkeeping ////////

static void record(struct model *md, struct vme_txn t)
{
    if (md->ntxns == md->txn_cap) {
        size_t cap = md->txn_cap ? md->txn_cap * 2 : 64;
        struct vme_txn *n = realloc(md->txns, cap * sizeof *n);
        if (!n) {
            md->out_of_memory = 1;
            return;
        }
        md->txns = n;
        md->txn_cap = cap;
    }
    md->txns[md->ntxns++] = t;
}

static enum flow give_up(struct model *md, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(md->unsupported, sizeof md->unsupported, fmt, ap);
    va_end(ap);
    return FLOW_END;
}

/* "Never a silent wrong answer": an input whose outcome depends on something the model does not
 * model is refused with `not modelled: FEATURE (WHAT IN THE INPUT TRIGGERED IT)`, never computed as
 * if it were something else. vme_error() returns the message. */
#define NOT_MODELLED(md, fmt, ...) give_up((md), "not modelled: " fmt, __VA_ARGS__)

/* Guest memory through the fault plan: 0, or 1 with the fault in *F. */
static int guest_read(struct model *md, struct machine *m, uint64_t addr, unsigned size, uint64_t *value,
                      struct nested *f)
{
    record(md, (struct vme_txn){.kind = VME_TX_MEM_READ, .addr = addr, .size = (uint8_t)size});
    if (machine_access_faults(m, addr, size, 0, &f->vector, &f->ec, &f->addr)) return 1;
    *value = machine_mem_read(m, addr, size);
    return 0;
}

static int guest_write(struct model *md, struct machine *m, uint64_t addr, unsigned size, uint64_t value,
                       struct nested *f)
{
    value &= size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
    record(md, (struct vme_txn){.kind = VME_TX_MEM_WRITE, .addr = addr, .size = (uint8_t)size, .data = value});
    if (machine_access_faults(m, addr, size, 1, &f->vector, &f->ec, &f->addr)) return 1;
    if (machine_mem_write(m, addr, size, value)) md->out_of_memory = 1;
    return 0;
}

static void write_cr2(struct model *md, struct machine *m, uint64_t value)
{
    m->cr2 = value;
    cover_feature(COV_F5);
    record(md, (struct vme_txn){.kind = VME_TX_CR2, .data = value});
}

//////// X1, X2: VM exits ////////

struct exit_info {
    uint32_t reason;
    uint64_t qualification;
    uint32_t intr_info, intr_error_code;
    uint32_t idt_vectoring_info, idt_vectoring_error_code;
    uint32_t instruction_len;
    int keeps_pending_dbg; /* MTF, INIT and SMI exits save the pending debug exceptions */
};

/* Writes every exit field (those the exit does not define as 0), saves the guest state and, unless
 * the exit is a VM-entry failure, saves the CS and SS fields of X4 and clears the valid bit of the
 * VM-entry interruption information. */
static enum flow vm_exit(struct model *md, struct machine *m, const struct exit_info *x)
{
    cover_feature(COV_X1);
    narrate_exit(md, x->reason, x->qualification, x->intr_info, x->intr_error_code, x->idt_vectoring_info,
                 x->idt_vectoring_error_code);
    machine_vmcs_write(m, VMCS_VM_EXIT_REASON, x->reason);
    machine_vmcs_write(m, VMCS_EXIT_QUALIFICATION, x->qualification);
    machine_vmcs_write(m, VMCS_VM_EXIT_INTR_INFO, x->intr_info);
    machine_vmcs_write(m, VMCS_VM_EXIT_INTR_ERROR_CODE, x->intr_error_code);
    machine_vmcs_write(m, VMCS_IDT_VECTORING_INFO_FIELD, x->idt_vectoring_info);
    machine_vmcs_write(m, VMCS_IDT_VECTORING_ERROR_CODE, x->idt_vectoring_error_code);
    machine_vmcs_write(m, VMCS_VM_EXIT_INSTRUCTION_LEN, x->instruction_len);
    machine_vmcs_write(m, VMCS_GUEST_RIP, md->rip);
    machine_vmcs_write(m, VMCS_GUEST_RSP, md->rsp);
    machine_vmcs_write(m, VMCS_GUEST_RFLAGS, md->rflags);
    machine_vmcs_write(m, VMCS_GUEST_CS_SELECTOR, md->cs_sel);
    machine_vmcs_write(m, VMCS_GUEST_CS_BASE, md->cs_base);
    machine_vmcs_write(m, VMCS_GUEST_INTERRUPTIBILITY_INFO, md->interruptibility);
    machine_vmcs_write(m, VMCS_GUEST_PENDING_DBG_EXCEPTIONS, x->keeps_pending_dbg ? md->dbg_trap : 0);
    if (m->cfg[VME_CFG_SAVE_ACTIVITY]) machine_vmcs_write(m, VMCS_GUEST_ACTIVITY_STATE, md->activity);
    if (!BIT(x->reason, ENTRY_FAIL_BIT)) {
        /* X4: CS limit and access rights, and SS, as they stand (after a committed delivery, the
         * new ones). */
        cover_feature(COV_X4);
        cover_exit(x->reason, BIT(md->pin, PIN_PREEMPTION_TIMER_BIT), md->timer,
                   BIT(md->exit_controls, EXITCTL_SAVE_TIMER_BIT));
        machine_vmcs_write(m, VMCS_GUEST_CS_LIMIT, md->cs_limit);
        machine_vmcs_write(m, VMCS_GUEST_CS_AR_BYTES, md->cs_ar);
        machine_vmcs_write(m, VMCS_GUEST_SS_SELECTOR, md->ss_sel);
        machine_vmcs_write(m, VMCS_GUEST_SS_BASE, md->ss_base);
        machine_vmcs_write(m, VMCS_GUEST_SS_LIMIT, md->ss_limit);
        machine_vmcs_write(m, VMCS_GUEST_SS_AR_BYTES, md->ss_ar);
        if (BIT(md->exit_controls, EXITCTL_SAVE_TIMER_BIT)) /* X4: the timer as it stands */
            machine_vmcs_write(m, VMCS_VMX_PREEMPTION_TIMER_VALUE, md->timer);
        uint64_t info = machine_vmcs(m, VMCS_VM_ENTRY_INTR_INFO_FIELD);
        if (BIT(info, INTR_INFO_VALID_BIT)) cover_feature(COV_X2);
        machine_vmcs_write(m, VMCS_VM_ENTRY_INTR_INFO_FIELD, info & ~(1ull << INTR_INFO_VALID_BIT));
    }
    /* Any VM exit discards a pending MTF exit and pending debug traps (the VMM has them now). */
    md->mtf_due = 0;
    md->mtf_forced = 0;
    md->dbg_trap = 0;
    record(md, (struct vme_txn){.kind = VME_TX_EXIT, .code = x->reason});
    return FLOW_END;
}

static uint32_t exception_info(uint8_t type, uint8_t vector, int has_ec)
{
    return 1u << INTR_INFO_VALID_BIT | (uint32_t)type << 8 | vector | (has_ec ? 1u << 11 : 0);
}

//////// Controls and mode (E5) ////////

static void load_controls(struct model *md, const struct machine *m)
{
    md->pin = (uint32_t)machine_vmcs(m, VMCS_PIN_BASED_VM_EXEC_CONTROL);
    md->proc = (uint32_t)machine_vmcs(m, VMCS_CPU_BASED_VM_EXEC_CONTROL);
    md->proc2 = BIT(md->proc, CPU_SECONDARY_BIT) ? (uint32_t)machine_vmcs(m, VMCS_SECONDARY_VM_EXEC_CONTROL) : 0;
    md->exception_bitmap = (uint32_t)machine_vmcs(m, VMCS_EXCEPTION_BITMAP);
    md->pfec_mask = (uint32_t)machine_vmcs(m, VMCS_PAGE_FAULT_ERROR_CODE_MASK);
    md->pfec_match = (uint32_t)machine_vmcs(m, VMCS_PAGE_FAULT_ERROR_CODE_MATCH);
    md->exit_controls = (uint32_t)machine_vmcs(m, VMCS_VM_EXIT_CONTROLS);
    md->mode = machine_mode(m);
    md->idtr_base = machine_vmcs(m, VMCS_GUEST_IDTR_BASE);
    md->idtr_limit = (uint32_t)machine_vmcs(m, VMCS_GUEST_IDTR_LIMIT);
    md->gdtr_base = machine_vmcs(m, VMCS_GUEST_GDTR_BASE);
    md->gdtr_limit = (uint32_t)machine_vmcs(m, VMCS_GUEST_GDTR_LIMIT);
    md->tr_base = machine_vmcs(m, VMCS_GUEST_TR_BASE);
    md->tr_limit = (uint32_t)machine_vmcs(m, VMCS_GUEST_TR_LIMIT);
    md->tr_ar = (uint32_t)machine_vmcs(m, VMCS_GUEST_TR_AR_BYTES);
    md->tr_sel = (uint16_t)machine_vmcs(m, VMCS_GUEST_TR_SELECTOR);
    /* The monitor trap flag is primary control bit 27; it exists only with `mtf_supported 1`. */
    md->mtf_control = BIT(md->proc, CPU_MTF_BIT) && m->cfg[VME_CFG_MTF_SUPPORTED];
}

static void load_guest_state(struct model *md, const struct machine *m)
{
    md->rip = machine_vmcs(m, VMCS_GUEST_RIP);
    md->rsp = machine_vmcs(m, VMCS_GUEST_RSP);
    md->rflags = machine_vmcs(m, VMCS_GUEST_RFLAGS);
    md->cs_sel = machine_vmcs(m, VMCS_GUEST_CS_SELECTOR);
    md->cs_base = machine_vmcs(m, VMCS_GUEST_CS_BASE);
    md->cs_limit = (uint32_t)machine_vmcs(m, VMCS_GUEST_CS_LIMIT);
    md->cs_ar = (uint32_t)machine_vmcs(m, VMCS_GUEST_CS_AR_BYTES);
    md->ss_sel = (uint16_t)machine_vmcs(m, VMCS_GUEST_SS_SELECTOR);
    md->ss_base = machine_vmcs(m, VMCS_GUEST_SS_BASE);
    md->ss_limit = (uint32_t)machine_vmcs(m, VMCS_GUEST_SS_LIMIT);
    md->ss_ar = (uint32_t)machine_vmcs(m, VMCS_GUEST_SS_AR_BYTES);
    md->cpl = (uint8_t)((md->ss_ar >> 5) & 3); /* E5: CPL = SS.DPL */
    md->interruptibility = (uint32_t)machine_vmcs(m, VMCS_GUEST_INTERRUPTIBILITY_INFO);
    md->activity = (uint32_t)machine_vmcs(m, VMCS_GUEST_ACTIVITY_STATE);
    md->dbg_trap = 0;
}

static struct rule_config rules_config(const struct machine *m)
{
    return (struct rule_config){
        .errcode_high_bits = m->cfg[VME_CFG_ERRCODE_HIGH_BITS],
        .zero_len_inject = m->cfg[VME_CFG_ZERO_LEN_INJECT] != 0,
        .no_hw_errcode_cc = m->cfg[VME_CFG_NO_HW_ERRCODE_CC] != 0,
        .mtf_supported = m->cfg[VME_CFG_MTF_SUPPORTED] != 0,
        .nmi_sti_check = m->cfg[VME_CFG_NMI_STI_CHECK] != 0,
        .triple_contributory_pf = m->cfg[VME_CFG_TRIPLE_FAULT] != 0,
        .cp_errcode = m->cfg[VME_CFG_CP_ERRCODE] != 0,
        .activity_states = m->cfg[VME_CFG_ACTIVITY_STATES],
    };
}

//////// D2-D5: one attempt to deliver an event through the guest IDT ////////

/* The error code of an exception the IDT itself raises for vector V (D2): 8v + 2 + EXT. */
static uint32_t idt_error_code(uint8_t v, int ext) { return 8u * v + 2 + (ext ? 1 : 0); }

/* An exception the delivery raises itself (the IDT checks of D2-D3, the descriptor and TSS checks of
 * D6-D7): it has an error code, EXT already in it. */
static enum attempt raise_fault(struct nested *f, uint8_t vector, uint32_t ec)
{
    *f = (struct nested){.vector = vector, .has_ec = 1, .ec = ec};
    return NESTED;
}

/* A fault from the fault plan: its error code takes EXT (#TS/#NP/#SS/#GP) when it has one. */
static enum attempt plan_fault(struct model *md, struct nested *f, int ext, const struct rule_config *rc)
{
    f->has_ec = md->mode != VME_MODE_REAL && rule_has_error_code(f->vector, rc);
    if (!f->has_ec) f->ec = 0;
    else if (rule_takes_ext(f->vector)) f->ec |= ext ? 1u : 0u;
    return NESTED;
}

/* Gate checks in the order of the SDM's INT pseudocode: type, DPL (types 4 and 6), present. */
static enum attempt check_gate(const struct model *md, const struct event *ev, unsigned gate_type, unsigned dpl,
                               unsigned present, int ext, int protected_mode, struct nested *f)
{
    int ok_type = gate_type == 0xe || gate_type == 0xf;
    if (protected_mode) ok_type |= gate_type == 0x6 || gate_type == 0x7 || gate_type == 0x5;
    if (!ok_type) return raise_fault(f, 13, idt_error_code(ev->vector, ext));
    if ((ev->type == ITYPE_SOFT_INTR || ev->type == ITYPE_SOFT_EXC) && dpl < md->cpl)
        return raise_fault(f, 13, idt_error_code(ev->vector, 0));
    if (!present) return raise_fault(f, 11, idt_error_code(ev->vector, ext));
    return DELIVERED;
}

/* RFLAGS after delivery through an interrupt or trap gate (D2). */
static uint64_t rflags_after_gate(uint64_t rflags, int interrupt_gate)
{
    rflags &= ~(uint64_t)(RFLAGS_TF | RFLAGS_NT | RFLAGS_RF);
    if (interrupt_gate) rflags &= ~(uint64_t)RFLAGS_IF;
    return rflags;
}

/* The target code segment of an interrupt or trap gate (D7), read and checked after the gate
 * checks and before any push; *D gets its descriptor. Task gates read no descriptor (D3). */
static enum attempt target_code_segment(struct model *md, struct machine *m, uint16_t sel, int ext,
                                        const struct rule_config *rc, uint64_t *d, struct nested *f)
{
    uint8_t vec;
    uint32_t ec;
    const int ia32e = md->mode == VME_MODE_IA32E;
    const int bad_sel = rule_target_selector(sel, md->gdtr_limit, ext, &vec, &ec);
    cover_d7_selector(ia32e, sel, ext, bad_sel);
    if (bad_sel) return raise_fault(f, vec, ec);
    if (guest_read(md, m, md->gdtr_base + (sel & ~7u), 8, d, f)) {
        cover_point(ia32e ? CP_D7_IA32E_READ : CP_D7_PROT_READ);
        return plan_fault(md, f, ext, rc);
    }
    narrate_descriptor(md, "CS", sel, md->gdtr_base + (sel & ~7u), *d);
    const int bad_desc = rule_target_descriptor(*d, sel, md->cpl, ia32e, ext, &vec, &ec);
    cover_d7_descriptor(ia32e, *d, md->cpl, ext, bad_desc);
    if (bad_desc) return raise_fault(f, vec, ec);
    cover_feature(COV_D7);
    return DELIVERED;
}

/* Commits CS and the CPL after a delivery through code segment CS (its descriptor decoded; D2, D6): the
 * selector's RPL is the new CPL, base, limit and access rights come from the descriptor. */
static void load_cs(struct model *md, uint16_t sel, const struct rule_segment *cs, uint8_t new_cpl)
{
    md->cs_sel = (sel & 0xfffc) | new_cpl;
    md->cs_base = cs->base, md->cs_limit = cs->limit, md->cs_ar = cs->ar;
    md->cpl = new_cpl;
}

static enum attempt deliver_ia32e(struct model *md, struct machine *m, const struct event *ev, int ext,
                                  const struct rule_config *rc, struct nested *f)
{
    uint64_t lo, hi, d;
    if (16u * ev->vector + 15 > md->idtr_limit) return raise_fault(f, 13, idt_error_code(ev->vector, ext));
    uint64_t gate = md->idtr_base + 16u * ev->vector;
    if (guest_read(md, m, gate, 8, &lo, f) || guest_read(md, m, gate + 8, 8, &hi, f)) return plan_fault(md, f, ext, rc);
    narrate_gate(md, ev->vector, gate, lo, hi);
    unsigned type = (lo >> 40) & 0xf, dpl = (lo >> 45) & 3, present = (lo >> 47) & 1;
    enum attempt a = check_gate(md, ev, type, dpl, present, ext, 0, f);
    if (a != DELIVERED) return a;
    cover_gate(type == 0xe);
    uint16_t sel = (lo >> 16) & 0xffff;
    if ((a = target_code_segment(md, m, sel, ext, rc, &d, f)) != DELIVERED) return a;
    /* D6: the new RSP from the TSS (an IST stack, or RSPn on a privilege change), else RSP. */
    uint8_t new_cpl = rule_new_cpl(d, md->cpl), vec;
    uint32_t ec;
    uint64_t new_rsp = md->rsp;
    const unsigned ist = (lo >> 32) & 7;
    int offset = rule_ia32e_stack_offset(ist, md->cpl, new_cpl);
    cover_stack(md->cpl, COVER_IA32E, ist ? STACK_IST : offset >= 0 ? STACK_RSPN : STACK_CURRENT);
    if (ist && new_cpl != md->cpl) cover_point(CP_D6_IA32E_IST_PRIV);
    if (offset >= 0) {
        if (rule_tss_limit((unsigned)offset, md->tr_limit, md->tr_sel, ext, &vec, &ec)) {
            cover_point_ext(ist ? CP_D6_IA32E_IST_TSS_LIMIT : CP_D6_IA32E_RSPN_TSS_LIMIT, ext);
            return raise_fault(f, vec, ec);
        }
        if (guest_read(md, m, md->tr_base + (unsigned)offset, 8, &new_rsp, f)) {
            cover_point(ist ? CP_D6_IA32E_IST_TSS_READ : CP_D6_IA32E_RSPN_TSS_READ);
            return plan_fault(md, f, ext, rc);
        }
        narrate_tss(md, (unsigned)offset, md->tr_base + (unsigned)offset, new_rsp);
        cover_feature(COV_D6);
    }
    uint64_t sp = new_rsp & ~0xfull;
    uint64_t frame[6] = {md->ss_sel, md->rsp, md->rflags, md->cs_sel, ev->ret_rip, ev->ec};
    for (int i = 0; i < 5 + ev->has_ec; i++) {
        sp -= 8;
        narrate_push(md, i, sp, 8, frame[i]);
        if (guest_write(md, m, sp, 8, frame[i], f)) {
            if (offset >= 0) cover_point(CP_D6_IA32E_PUSH_FAULT);
            return plan_fault(md, f, ext, rc);
        }
    }
    md->rsp = sp;
    md->rip = (lo & 0xffff) | ((lo >> 32) & 0xffff0000) | hi << 32;
    if (new_cpl != md->cpl) { /* SS <- NULL with RPL = new CPL */
        cover_point(CP_D6_IA32E_NULL_SS);
        cover_point((enum cover_point)(CP_D6_IA32E_NEW_CPL0 + new_cpl));
        md->ss_sel = new_cpl, md->ss_base = 0, md->ss_limit = 0, md->ss_ar = rule_null_ss_ar(new_cpl);
    }
    const struct rule_segment cs = rule_descriptor(d);
    load_cs(md, sel, &cs, new_cpl);
    md->rflags = rflags_after_gate(md->rflags, type == 0xe);
    return DELIVERED;
}

/* D6, protected mode: the new stack of a privilege change, from the TSS, checked; *SS, *ESP and
 * *SD (its descriptor) for the frame and the commit. */
static enum attempt protected_new_stack(struct model *md, struct machine *m, uint8_t new_cpl, int ext,
                                        const struct rule_config *rc, uint16_t *ss, uint64_t *esp, uint64_t *sd,
                                        struct nested *f)
{
    uint8_t vec;
    uint32_t ec;
    uint64_t v;
    unsigned o = rule_protected_stack_offset(new_cpl);
    if (rule_tss_limit(o, md->tr_limit, md->tr_sel, ext, &vec, &ec)) {
        cover_point_ext(CP_D6_PROT_TSS_LIMIT, ext);
        return raise_fault(f, vec, ec);
    }
    if (guest_read(md, m, md->tr_base + o + 4, 2, &v, f)) {
        cover_point(CP_D6_PROT_SS0_READ);
        return plan_fault(md, f, ext, rc);
    }
    narrate_tss(md, o + 4, md->tr_base + o + 4, v);
    *ss = (uint16_t)v;
    if (guest_read(md, m, md->tr_base + o, 4, esp, f)) {
        cover_point(CP_D6_PROT_ESP0_READ);
        return plan_fault(md, f, ext, rc);
    }
    narrate_tss(md, o, md->tr_base + o, *esp);
    const int bad_sel = rule_new_ss_selector(*ss, md->gdtr_limit, new_cpl, ext, &vec, &ec);
    cover_d6_ss_selector(*ss, new_cpl, ext, bad_sel);
    if (bad_sel) return raise_fault(f, vec, ec);
    if (guest_read(md, m, md->gdtr_base + (*ss & ~7u), 8, sd, f)) {
        cover_point(CP_D6_PROT_SS_READ);
        return plan_fault(md, f, ext, rc);
    }
    narrate_descriptor(md, "SS", *ss, md->gdtr_base + (*ss & ~7u), *sd);
    const int bad_desc = rule_new_ss_descriptor(*sd, *ss, new_cpl, ext, &vec, &ec);
    cover_d6_ss_descriptor(*sd, new_cpl, ext, bad_desc);
    if (bad_desc) return raise_fault(f, vec, ec);
    return DELIVERED;
}

static enum attempt deliver_protected(struct model *md, struct machine *m, const struct event *ev, int ext,
                                      const struct rule_config *rc, struct nested *f, uint16_t *tss)
{
    uint64_t g, d;
    if (8u * ev->vector + 7 > md->idtr_limit) return raise_fault(f, 13, idt_error_code(ev->vector, ext));
    if (guest_read(md, m, md->idtr_base + 8u * ev->vector, 8, &g, f)) return plan_fault(md, f, ext, rc);
    narrate_gate(md, ev->vector, md->idtr_base + 8u * ev->vector, g, 0);
    unsigned type = (g >> 40) & 0xf, dpl = (g >> 45) & 3, present = (g >> 47) & 1;
    enum attempt a = check_gate(md, ev, type, dpl, present, ext, 1, f);
    if (a != DELIVERED) return a;
    if (type == 0x5) {
        *tss = (uint16_t)(g >> 16);
        return TASK_GATE;
    }
    cover_gate((type & 1) == 0);
    uint16_t sel = (g >> 16) & 0xffff;
    if ((a = target_code_segment(md, m, sel, ext, rc, &d, f)) != DELIVERED) return a;
    unsigned size = (type == 0x6 || type == 0x7) ? 2 : 4;
    uint64_t off = (g & 0xffff) | ((g >> 32) & 0xffff0000);
    if (size == 2) off &= 0xffff;
    const struct rule_segment cs = rule_descriptor(d);
    const uint8_t new_cpl = rule_new_cpl(d, md->cpl);
    const int privilege_change = new_cpl != md->cpl;
    uint16_t ss = md->ss_sel;
    uint64_t esp = (uint32_t)md->rsp, sd;
    struct rule_segment stack = {.base = md->ss_base};
    uint32_t sp_mask = 0xffffffff; /* the stack pointer wraps at 32 bits, at 16 on a new 16-bit stack */
    if (privilege_change) {
        if ((md->tr_ar & 0xf) != 0xb)
            return NOT_MODELLED(md, "a 16-bit TSS (a privilege change with GUEST_TR_AR_BYTES 0x%" PRIx32
                                    ": behaviour.md D6 reads a 32-bit TSS, type 0xb)", md->tr_ar), REFUSED;
        cover_stack(md->cpl, COVER_PROTECTED, STACK_SSN_ESPN);
        if ((a = protected_new_stack(md, m, new_cpl, ext, rc, &ss, &esp, &sd, f)) != DELIVERED) return a;
        stack = rule_descriptor(sd);
        if (!((stack.ar >> 14) & 1)) sp_mask = 0xffff; /* B = 0: SP */
        cover_feature(COV_D6);
    } else {
        cover_stack(md->cpl, COVER_PROTECTED, STACK_CURRENT);
    }
    if (off > cs.limit) { /* #GP(0 + EXT) */
        cover_point_ext(privilege_change ? CP_D6_PROT_CS_LIMIT_PRIV : CP_D6_PROT_CS_LIMIT_SAME, ext);
        return raise_fault(f, 13, ext ? 1 : 0);
    }
    uint64_t frame[6] = {md->ss_sel, md->rsp, md->rflags, md->cs_sel, ev->ret_rip, ev->ec};
    const uint64_t *push = privilege_change ? frame : frame + 2; /* the same privilege pushes no SS:ESP */
    int n = (privilege_change ? 5 : 3) + ev->has_ec;
    uint64_t sp = esp & sp_mask;
    for (int i = 0; i < n; i++) {
        sp = (sp - size) & sp_mask;
        narrate_push(md, (int)(push - frame) + i, stack.base + sp, size, push[i]);
        if (guest_write(md, m, stack.base + sp, size, push[i], f)) {
            if (privilege_change) cover_point(CP_D6_PROT_PUSH_FAULT);
            return plan_fault(md, f, ext, rc);
        }
    }
    if (privilege_change) {
        cover_point(size == 2 ? CP_D6_PROT_GATE16_PRIV : CP_D6_PROT_GATE32_PRIV);
        cover_point((enum cover_point)(CP_D6_PROT_NEW_CPL0 + new_cpl));
    }
    md->rsp = (esp & ~(uint64_t)sp_mask & 0xffffffff) | sp;
    if (privilege_change) md->ss_sel = ss, md->ss_base = stack.base, md->ss_limit = stack.limit, md->ss_ar = stack.ar;
    md->rip = off;
    load_cs(md, sel, &cs, new_cpl);
    md->rflags = rflags_after_gate(md->rflags, (type & 1) == 0);
    return DELIVERED;
}

static enum attempt deliver_real(struct model *md, struct machine *m, const struct event *ev, int ext,
                                 const struct rule_config *rc, struct nested *f)
{
    uint64_t ivt;
    if (4u * ev->vector + 3 > md->idtr_limit) {
        *f = (struct nested){.vector = 13};
        return NESTED;
    }
    if (guest_read(md, m, md->idtr_base + 4u * ev->vector, 4, &ivt, f)) return plan_fault(md, f, ext, rc);
    narrate_ivt(md, ev->vector, md->idtr_base + 4u * ev->vector, ivt);
    cover_gate(1); /* real mode clears IF */
    uint16_t sp = (uint16_t)md->rsp;
    uint64_t frame[3] = {md->rflags, md->cs_sel, ev->ret_rip};
    for (int i = 0; i < 3; i++) {
        sp = (uint16_t)(sp - 2);
        narrate_push(md, 2 + i, md->ss_base + sp, 2, frame[i]);
        if (guest_write(md, m, md->ss_base + sp, 2, frame[i], f)) return plan_fault(md, f, ext, rc);
    }
    md->rsp = (md->rsp & ~0xffffull) | sp;
    md->rip = ivt & 0xffff;
    md->cs_sel = (ivt >> 16) & 0xffff;
    md->cs_base = md->cs_sel << 4;
    md->rflags &= ~(uint64_t)(RFLAGS_IF | RFLAGS_TF | RFLAGS_AC);
    return DELIVERED;
}

//////// F1-F5: delivery with its nested exceptions ////////

static uint32_t event_info(const struct event *ev)
{
    return exception_info(ev->type, ev->vector, ev->has_ec);
}

/* Delivers EV, following nested exceptions through the bitmap, the double-fault table and triple
 * faults. Returns FLOW_ON when the guest is at the handler, FLOW_END when the run ended. */
static enum flow deliver_event(struct model *md, struct machine *m, struct event ev, enum cover_mtf_cause cause)
{
    const struct rule_config rc = rules_config(m);
    /* Nothing of a failed delivery is committed (F2, D6): an attempt changes the guest state (RIP,
     * RSP, RFLAGS, CS, SS, CPL) only once its last push went through, so after a failed one the
     * state is the one from before the delivery began: what an exit saves and where #DF and a
     * serially delivered fault return to. */
    const uint8_t original_type = ev.type;
    if (ev.type == ITYPE_NMI) { /* A2: blocking by NMI, or A6: virtual-NMI blocking; before any exit (vmx-facts §6) */
        md->interruptibility |= BLOCK_NMI;
        if (BIT(md->pin, PIN_VIRTUAL_NMIS_BIT)) cover_feature(COV_A6);
        cover_nmi_delivery(BIT(md->pin, PIN_VIRTUAL_NMIS_BIT) && original_type == ITYPE_NMI);
    }
    for (int nested = 0;; nested++) {
        if (nested == MAX_NESTED)
            return give_up(md, "the delivery never ends (%d nested exceptions in a row): the guest hangs", MAX_NESTED);
        struct nested f = {0};
        uint16_t tss = 0;
        int ext = rule_ext_bit(original_type, nested);
        narrate_delivery(md, ev.type, ev.vector, ev.has_ec, ev.ec, ev.ret_rip);
        enum attempt a = md->mode == VME_MODE_IA32E       ? deliver_ia32e(md, m, &ev, ext, &rc, &f)
                         : md->mode == VME_MODE_PROTECTED ? deliver_protected(md, m, &ev, ext, &rc, &f, &tss)
                                                      : deliver_real(md, m, &ev, ext, &rc, &f);
        if (a == REFUSED) return FLOW_END;
        if (a == DELIVERED) {
            md->activity = ACTIVE;
            md->interruptibility &= ~(uint32_t)(BLOCK_STI | BLOCK_MOVSS);
            md->mtf_due = md->mtf_control; /* M2-M4, M7: the MTF exit follows a delivery */
            md->mtf_cause = cause;
            cover_feature(md->mode == VME_MODE_IA32E ? COV_D2 : md->mode == VME_MODE_PROTECTED ? COV_D3 : COV_D4);
            cover_attempt(ATTEMPT_DELIVERED);
            cover_delivered();
            return FLOW_ON;
        }
        cover_feature(COV_F1);
        /* Whatever comes next (an exit, #DF, the next attempt) finds the guest active and without
         * STI/MOV-SS blocking; the rest of its state is as it was before the delivery. */
        md->activity = ACTIVE;
        md->interruptibility &= ~(uint32_t)(BLOCK_STI | BLOCK_MOVSS);
        uint32_t vectoring_len = rule_is_software(ev.type) ? ev.len : 0;
        if (a == TASK_GATE) { /* D3: a task switch during delivery */
            narrate(md, md->ntxns, 0, "task gate to TSS selector 0x%x: a task switch -> exit 9", tss);
            return vm_exit(md, m, &(struct exit_info){.reason = EXIT_TASK_SWITCH, .qualification = 3ull << 30 | tss,
                                                      .idt_vectoring_info = event_info(&ev),
                                                      .idt_vectoring_error_code = ev.has_ec ? ev.ec : 0,
                                                      .instruction_len = vectoring_len});
        }
        cover_nested(ev.type, ev.vector, f.vector);
        /* F2: the nested exception goes through the exception bitmap (PFEC for #PF). */
        if (rule_bitmap_exits(md->exception_bitmap, md->pfec_mask, md->pfec_match, f.vector, f.ec)) {
            cover_feature(COV_F2);
            narrate_fault(md, ev.vector, f.vector, f.has_ec, f.ec, f.addr, "exit 0");
            cover_outcome(NESTED_EXIT);
            cover_attempt(ATTEMPT_EXIT);
            return vm_exit(md, m, &(struct exit_info){.reason = EXIT_EXCEPTION_NMI,
                                                      .qualification = f.vector == 14 ? f.addr : 0,
                                                      .intr_info = exception_info(ITYPE_HARD_EXC, f.vector, f.has_ec),
                                                      .intr_error_code = f.has_ec ? f.ec : 0,
                                                      .idt_vectoring_info = event_info(&ev),
                                                      .idt_vectoring_error_code = ev.has_ec ? ev.ec : 0,
                                                      .instruction_len = vectoring_len});
        }
        cover_attempt(ATTEMPT_NESTED);
        uint8_t first = rule_exception_class(ev.type, ev.vector, &rc);
        uint8_t second = rule_exception_class(ITYPE_HARD_EXC, f.vector, &rc);
        enum rule_combine c = rule_combine(ev.type == ITYPE_HARD_EXC && ev.vector == 8, first, second, &rc);
        narrate_fault(md, ev.vector, f.vector, f.has_ec, f.ec, f.addr,
                      c == COMBINE_TRIPLE   ? "triple fault -> exit 2"
                      : c == COMBINE_DOUBLE ? (BIT(md->exception_bitmap, 8) ? "#DF, bitmap bit 8 set -> exit 0" : "#DF")
                                            : "delivered instead");
        if (f.vector == 14) write_cr2(md, m, f.addr); /* F5: a #PF that does not exit sets CR2 */
        cover_outcome(c == COMBINE_TRIPLE ? NESTED_TRIPLE : c == COMBINE_DOUBLE ? NESTED_DOUBLE : NESTED_SERIAL);
        if (c == COMBINE_TRIPLE) { /* F4 */
            cover_feature(COV_F4);
            return vm_exit(md, m, &(struct exit_info){.reason = EXIT_TRIPLE_FAULT});
        }
        if (c == COMBINE_DOUBLE) { /* F3: #DF, error code 0, through bitmap bit 8 */
            cover_feature(COV_F3);
            int df_ec = md->mode != VME_MODE_REAL;
            if (BIT(md->exception_bitmap, 8))
                return vm_exit(md, m, &(struct exit_info){.reason = EXIT_EXCEPTION_NMI,
                                                          .intr_info = exception_info(ITYPE_HARD_EXC, 8, df_ec)});
            /* #DF pushes the RIP of the event that led to it (a fault: where delivery began). */
            ev = (struct event){.type = ITYPE_HARD_EXC, .vector = 8, .has_ec = (uint8_t)df_ec, .ret_rip = md->rip};
        } else { /* serial: the second exception is delivered instead; a fault, it points where delivery began */
            ev = (struct event){.type = ITYPE_HARD_EXC, .vector = f.vector, .has_ec = f.has_ec, .ec = f.ec, .ret_rip = md->rip};
        }
    }
}

//////// E2, E3: the checks of VM entry ////////

static enum flow entry_failure(struct model *md, struct machine *m, uint32_t qualification)
{
    return vm_exit(md, m, &(struct exit_info){.reason = 1u << ENTRY_FAIL_BIT | EXIT_INVALID_GUEST_STATE,
                                              .qualification = qualification});
}

//////// X3: exceptions raised by guest instructions ////////

/* A guest exception (fault, INT3/INTO/INT1, debug trap): through the bitmap, else delivered. */
static enum flow guest_exception(struct model *md, struct machine *m, struct event ev, uint64_t pf_addr,
                                 uint64_t dbg_qualification)
{
    if (ev.type != ITYPE_SOFT_INTR &&
        rule_bitmap_exits(md->exception_bitmap, md->pfec_mask, md->pfec_match, ev.vector, ev.ec)) {
        cover_feature(COV_X3);
        narrate_fault(md, -1, ev.vector, ev.has_ec, ev.ec, pf_addr, "exit 0");
        return vm_exit(md, m, &(struct exit_info){.reason = EXIT_EXCEPTION_NMI,
                                                  .qualification = ev.vector == 14 ? pf_addr : dbg_qualification,
                                                  .intr_info = event_info(&ev),
                                                  .intr_error_code = ev.has_ec ? ev.ec : 0,
                                                  .instruction_len = rule_is_software(ev.type) && ev.type != ITYPE_SOFT_INTR
                                                                         ? ev.len : 0});
    }
    if (ev.type != ITYPE_SOFT_INTR) narrate_fault(md, -1, ev.vector, ev.has_ec, ev.ec, pf_addr, "delivered");
    if (ev.vector == 14 && ev.type == ITYPE_HARD_EXC) write_cr2(md, m, pf_addr); /* F5 */
    md->interruptibility &= ~(uint32_t)(BLOCK_STI | BLOCK_MOVSS); /* an exception ends STI/MOV-SS blocking */
    return deliver_event(md, m, ev, ev.type == ITYPE_HARD_EXC ? MTF_BY_FAULT : MTF_BY_SOFTWARE);
}

//////// M, A: the guest at instruction boundaries ////////

static void consume(struct model *md, struct machine *m, size_t idx)
{
    machine_stream_consume(m, idx);
    record(md, (struct vme_txn){.kind = VME_TX_POP, .item = idx});
}

/* Events in a row arrive together: takes the next group of event items (in an inactive state,
 * the first group anywhere in the stream) and makes them pending. */
static void gather_events(struct model *md, struct machine *m)
{
    long idx = machine_stream_peek(m, md->activity != ACTIVE);
    for (unsigned n = 0; idx >= 0 && VME_ITEM_IS_EVENT(m->stream[idx].kind); n++) {
        const struct vme_item *it = &m->stream[idx];
        switch (it->kind) {
        case VME_EVENT_EXTINT: md->extint_pending = 1, md->extint_vector = it->vec; break;
        case VME_EVENT_NMI: md->nmi_pending = 1; break;
        case VME_EVENT_SMI: md->smi_pending = 1; break;
        case VME_EVENT_TICK: { /* A3: time passes; the timer counts down, stopping at 0 */
            uint32_t dec = rule_timer_decrement(md->tsc, it->count, m->cfg[VME_CFG_TIMER_RATE]);
            const uint32_t before = md->timer;
            md->timer = dec < md->timer ? md->timer - dec : 0;
            cover_tick(BIT(md->pin, PIN_PREEMPTION_TIMER_BIT), before, md->timer, md->tsc, it->count,
                       m->cfg[VME_CFG_TIMER_RATE], md->activity,
                       n > 0 || !machine_stream_group_ends(m, (size_t)idx) ? 2 : 1);
            md->tsc += it->count;
            break;
        }
        case VME_EVENT_INIT: md->init_pending = 1; break;
        default: break;
        }
        int last = machine_stream_group_ends(m, (size_t)idx);
        consume(md, m, (size_t)idx);
        if (last) break;
        idx = machine_stream_peek(m, md->activity != ACTIVE);
    }
}

/* An instruction completed normally: STI/MOV-SS blocking ends, TF raises a single-step trap, and
 * an MTF exit is due. */
static void instruction_completed(struct model *md, uint64_t next_rip, enum cover_mtf_cause cause)
{
    md->mtf_cause = cause;
    md->rip = next_rip;
    md->interruptibility &= ~(uint32_t)(BLOCK_STI | BLOCK_MOVSS);
    if (md->rflags & RFLAGS_TF) md->dbg_trap |= DR6_BS;
    md->mtf_due = md->mtf_control;
}

static enum flow execute(struct model *md, struct machine *m, long idx)
{
    const struct vme_item *it = &m->stream[idx];
    const uint64_t rip = md->rip;
    struct event ev = {.ret_rip = rip + it->len, .len = it->len};
    switch (it->kind) {
    case VME_INSN_OK:
        consume(md, m, (size_t)idx);
        instruction_completed(md, rip + it->len, MTF_BY_INSN);
        return FLOW_ON;
    case VME_INSN_REP: {
        /* M6: each iteration ends on an instruction boundary; RIP moves on after the last. */
        int last = it->count == 1;
        uint32_t len = it->len;
        consume(md, m, (size_t)idx);
        instruction_completed(md, last ? rip + len : rip, last ? MTF_BY_INSN : MTF_BY_REP);
        return FLOW_ON;
    }
    case VME_INSN_EXIT: /* X3: the instruction's own exit; RIP stays on it; no MTF (M2) */
        consume(md, m, (size_t)idx);
        cover_feature(COV_X3);
        return vm_exit(md, m, &(struct exit_info){.reason = it->reason, .qualification = it->qual,
                                                  .instruction_len = it->len});
    case VME_INSN_HLT:
        consume(md, m, (size_t)idx);
        if (BIT(md->proc, CPU_HLT_EXIT_BIT)) { /* X3: HLT exiting */
            cover_feature(COV_X3);
            return vm_exit(md, m, &(struct exit_info){.reason = EXIT_HLT, .instruction_len = it->len});
        }
        instruction_completed(md, rip + it->len, MTF_BY_HLT);
        md->activity = HLT; /* M7: an MTF exit now saves activity HLT */
        return FLOW_ON;
    case VME_INSN_FAULT: {
        consume(md, m, (size_t)idx);
        const struct rule_config rc = rules_config(m);
        ev = (struct event){.type = ITYPE_HARD_EXC, .vector = it->vec, .ret_rip = rip};
        ev.has_ec = md->mode != VME_MODE_REAL && rule_has_error_code(it->vec, &rc);
        ev.ec = ev.has_ec ? it->ec : 0;
        return guest_exception(md, m, ev, it->addr, 0);
    }
    case VME_INSN_INT: ev.type = ITYPE_SOFT_INTR, ev.vector = it->vec; break;
    case VME_INSN_INT3: ev.type = ITYPE_SOFT_EXC, ev.vector = 3; break;
    case VME_INSN_INTO: ev.type = ITYPE_SOFT_EXC, ev.vector = 4; break;
    case VME_INSN_INT1: ev.type = ITYPE_PRIV_SOFT, ev.vector = 1; break;
    default: return give_up(md, "stream item %d at an instruction boundary", (int)it->kind);
    }
    /* INT n / INT3 / INTO / INT1 (M3, X3): a software event, delivered (or, but for INT n, exits). */
    consume(md, m, (size_t)idx);
    return guest_exception(md, m, ev, 0, 0);
}

/* Coverage of a boundary with an MTF exit due: its cause, the activity state and the highest
 * other pending event (M8). */
static void cover_mtf_boundary(const struct model *md, const struct rule_pending *p)
{
    enum cover_pending other = p->smi ? PEND_SMI : p->init ? PEND_INIT : p->dbg_trap ? PEND_DBG_TRAP
                             : p->nmi ? PEND_NMI : p->extint ? PEND_EXTINT : PEND_NONE;
    cover_mtf((enum cover_mtf_cause)md->mtf_cause, md->activity != ACTIVE, other);
    if (other != PEND_NONE) cover_feature(COV_M8);
}

/* Coverage of an MTF exit: the feature its cause shows. */
static void cover_mtf_exit(const struct model *md)
{
    static const enum cover_feature by_cause[MTF_CAUSES] = {
        [MTF_BY_INSN] = COV_M1, [MTF_BY_REP] = COV_M6, [MTF_BY_HLT] = COV_M7, [MTF_BY_FAULT] = COV_M2,
        [MTF_BY_SOFTWARE] = COV_M3, [MTF_BY_INJECTED] = COV_M4, [MTF_BY_PENDING] = COV_M5};
    if (md->mtf_cause != MTF_BY_EVENT) cover_feature(by_cause[md->mtf_cause]);
    if (md->activity != ACTIVE) cover_feature(COV_M7);
}

/* The event a boundary would take without WINNER (the runner-up): the arbiter on P with WINNER
 * removed. */
static enum rule_prio runner_up(const struct rule_pending *p, enum rule_prio winner)
{
    if (winner == PRIO_NONE) return PRIO_NONE;
    struct rule_pending q = *p;
    int *const input[] = {[PRIO_SMI] = &q.smi,         [PRIO_INIT] = &q.init,   [PRIO_MTF] = &q.mtf,
                          [PRIO_DBG_TRAP] = &q.dbg_trap, [PRIO_TIMER] = &q.timer_zero,
                          [PRIO_NMI_WINDOW] = &q.nmi_window, [PRIO_NMI] = &q.nmi,
                          [PRIO_INT_WINDOW] = &q.int_window, [PRIO_EXTINT_EXIT] = &q.extint, [PRIO_EXTINT] = &q.extint};
    *input[winner] = 0;
    return rule_arbitrate(&q);
}

/* Coverage of a boundary where something is taken: WINNER, the runner-up SECOND, and the
 * activity state (M8). */
static enum cover_event cover_winner(const struct model *md, enum rule_prio winner, enum rule_prio second)
{
    static const enum cover_event by_prio[] = {
        [PRIO_NONE] = EV_NONE,        [PRIO_SMI] = EV_SMI,       [PRIO_INIT] = EV_INIT,
        [PRIO_MTF] = EV_MTF,          [PRIO_DBG_TRAP] = EV_DBG_TRAP, [PRIO_TIMER] = EV_TIMER,
        [PRIO_NMI_WINDOW] = EV_NMI_WINDOW, [PRIO_NMI] = EV_NMI,  [PRIO_INT_WINDOW] = EV_INT_WINDOW,
        [PRIO_EXTINT_EXIT] = EV_EXTINT, [PRIO_EXTINT] = EV_EXTINT};
    if (winner != PRIO_NONE) cover_boundary(by_prio[winner], by_prio[second], md->activity);
    return by_prio[winner];
}

/* One instruction boundary (M8): the highest-priority pending event, else the next instruction. */
static enum flow boundary(struct model *md, struct machine *m, int *idle)
{
    gather_events(md, m);
    struct rule_pending p = {
        .smi = md->smi_pending,
        .init = md->init_pending,
        .mtf = md->mtf_due && (md->mtf_control || md->mtf_forced),
        .dbg_trap = md->dbg_trap != 0,
        .nmi = md->nmi_pending,
        .extint = md->extint_pending,
        .activity = md->activity,
        .interruptibility = md->interruptibility,
        .if_flag = (md->rflags & RFLAGS_IF) != 0,
        .extint_exiting = BIT(md->pin, 0),
        .timer_zero = BIT(md->pin, PIN_PREEMPTION_TIMER_BIT) && md->timer == 0,
        .nmi_window = BIT(md->proc, CPU_NMI_WINDOW_BIT),
        .int_window = BIT(md->proc, CPU_INTR_WINDOW_BIT),
        .virtual_nmis = BIT(md->pin, PIN_VIRTUAL_NMIS_BIT),
        .timer_sti = m->cfg[VME_CFG_TIMER_STI] != 0,
        .nmi_window_sti = m->cfg[VME_CFG_NMI_WINDOW_STI] != 0,
    };
    if (p.mtf) cover_mtf_boundary(md, &p);
    const enum rule_prio winner = rule_arbitrate(&p), second = runner_up(&p, winner);
    cover_boundary_state(&(struct cover_state){.activity = p.activity, .interruptibility = p.interruptibility,
                                               .if_flag = p.if_flag, .timer_zero = p.timer_zero,
                                               .nmi_window = p.nmi_window, .int_window = p.int_window,
                                               .timer_sti = p.timer_sti, .nmi_window_sti = p.nmi_window_sti},
                         cover_winner(md, winner, second));
    if (winner != PRIO_NONE) narrate_boundary(md, winner, second);
    switch (winner) {
    case PRIO_SMI:
        md->smi_pending = 0;
        if (md->mtf_due) cover_feature(COV_M9);
        if (m->cfg[VME_CFG_SMM]) /* M9: dual-monitor treatment: an SMM VM exit */
            return vm_exit(md, m, &(struct exit_info){.reason = EXIT_OTHER_SMI | (md->mtf_due ? EXIT_REASON_PENDING_MTF : 0),
                                                      .keeps_pending_dbg = 1});
        /* Default treatment: the SMM handler runs and RSM returns here (to HLT if halted); a pending
         * MTF exit is kept for the boundary after RSM. */
        m->smm_count++;
        record(md, (struct vme_txn){.kind = VME_TX_SMM});
        return FLOW_ON;
    case PRIO_INIT: /* M10 */
        md->init_pending = 0;
        cover_feature(COV_M10);
        return vm_exit(md, m, &(struct exit_info){.reason = EXIT_INIT_SIGNAL, .keeps_pending_dbg = 1});
    case PRIO_MTF: /* M1-M8 */
        cover_mtf_exit(md);
        return vm_exit(md, m, &(struct exit_info){.reason = EXIT_MONITOR_TRAP_FLAG, .keeps_pending_dbg = 1});
    case PRIO_DBG_TRAP: { /* a #DB trap: single-step, or pending debug exceptions loaded at entry */
        uint64_t bits = md->dbg_trap;
        md->dbg_trap = 0;
        struct event ev = {.type = ITYPE_HARD_EXC, .vector = 1, .ret_rip = md->rip};
        return guest_exception(md, m, ev, 0, bits & 0x400f);
    }
    case PRIO_TIMER: /* A3 */
        cover_feature(COV_A3);
        return vm_exit(md, m, &(struct exit_info){.reason = EXIT_PREEMPTION_TIMER});
    case PRIO_NMI_WINDOW: /* A4 */
        cover_feature(COV_A4);
        return vm_exit(md, m, &(struct exit_info){.reason = EXIT_NMI_WINDOW});
    case PRIO_INT_WINDOW: /* A5 */
        cover_feature(COV_A5);
        return vm_exit(md, m, &(struct exit_info){.reason = EXIT_INTERRUPT_WINDOW});
    case PRIO_NMI: /* A2; A6: with virtual NMIs, under virtual-NMI blocking too */
        md->nmi_pending = 0;
        cover_feature(COV_A2);
        if (p.virtual_nmis && (md->interruptibility & BLOCK_NMI)) cover_feature(COV_A6);
        const int nmi_exiting = BIT(md->pin, PIN_NMI_EXITING_BIT);
        if (p.virtual_nmis) /* A6: with NMI exiting (E6) a real NMI exits, blocked or not */
            cover_point(!nmi_exiting ? CP_A6_NMI_DELIVERED
                        : (md->interruptibility & BLOCK_NMI) ? CP_A6_NMI_EXITS_BLOCKED : CP_A6_NMI_EXITS_UNBLOCKED);
        if (nmi_exiting)
            return vm_exit(md, m, &(struct exit_info){.reason = EXIT_EXCEPTION_NMI,
                                                      .intr_info = exception_info(ITYPE_NMI, 2, 0)});
        return deliver_event(md, m, (struct event){.type = ITYPE_NMI, .vector = 2, .ret_rip = md->rip}, MTF_BY_EVENT);
    case PRIO_EXTINT_EXIT: /* A1: external-interrupt exiting; acknowledged only with bit 15 */
        cover_feature(COV_A1);
        if (!BIT(md->exit_controls, 15))
            return vm_exit(md, m, &(struct exit_info){.reason = EXIT_EXTERNAL_INTERRUPT});
        md->extint_pending = 0;
        return vm_exit(md, m, &(struct exit_info){.reason = EXIT_EXTERNAL_INTERRUPT,
                                                  .intr_info = 1u << INTR_INFO_VALID_BIT | md->extint_vector});
    case PRIO_EXTINT:
        md->extint_pending = 0;
        cover_feature(COV_A1);
        return deliver_event(md, m, (struct event){.type = ITYPE_EXT_INTR, .vector = md->extint_vector, .ret_rip = md->rip},
                             MTF_BY_EVENT);
    case PRIO_NONE:
        break;
    }
    if (md->activity != ACTIVE) { /* halted: only events; idle when none is left to wake it */
        if (machine_stream_peek(m, 1) < 0) *idle = 1;
        return FLOW_ON;
    }
    long idx = machine_stream_peek(m, 0);
    if (idx < 0) {
        *idle = 1;
        return FLOW_ON;
    }
    return execute(md, m, idx);
}

static int run_guest(struct model *md, struct machine *m)
{
    for (long n = 0; n < MAX_BOUNDARIES && !md->out_of_memory && !md->unsupported[0]; n++) {
        int idle = 0;
        if (boundary(md, m, &idle) == FLOW_END) return md->unsupported[0] || md->out_of_memory ? -1 : 0;
        if (idle) {
            record(md, (struct vme_txn){.kind = VME_TX_IDLE});
            return 0;
        }
    }
    if (!md->unsupported[0] && !md->out_of_memory) give_up(md, "no end after %d instruction boundaries", MAX_BOUNDARIES);
    return -1;
}

//////// VM entry (E1-E4, D1, M4, M5) ////////

/* Pending debug exceptions loaded by a non-vectoring entry (rule_pending_dbg_after_entry, SDM
 * 26.6.3): a #DB trap at the first boundary when they are valid, i.e. BS (bit 14) or "enabled
 * breakpoint" (bit 12) is set, and the entry is not into shutdown or wait-for-SIPI. */
static uint64_t pending_debug_trap(const struct model *md, const struct machine *m)
{
    return rule_pending_dbg_after_entry(machine_vmcs(m, VMCS_GUEST_PENDING_DBG_EXCEPTIONS), 0, md->activity);
}

/* Controls and guest state the model does not model, refused at VM entry (after E1, which
 * depends on none of them, and before any other transaction). Each is a control bit that changes
 * what the unit does (a check, an exit, a delivery) or a guest mode the model has no flow for;
 * controls that only make instructions exit are modelled through `insn exit`. */
static int entry_not_modelled(struct model *md, const struct machine *m)
{
    static const struct {
        int field;      /* 0 pin, 1 primary, 2 secondary (counted only with primary bit 31), 3 exit, 4 entry */
        unsigned bit;
        const char *what;
    } bits[] = {
        {0, 7, "posted interrupts (pin-based control bit 7 = 1)"},
        {2, 0, "APIC virtualization (secondary processor-based control bit 0, virtualize APIC accesses, = 1)"},
        {2, 4, "APIC virtualization (secondary processor-based control bit 4, virtualize x2APIC mode, = 1)"},
        {2, 8, "APIC virtualization (secondary processor-based control bit 8, APIC-register virtualization, = 1)"},
        {2, 9, "APIC virtualization (secondary processor-based control bit 9, virtual-interrupt delivery, = 1)"},
        {1, 21, "APIC virtualization (primary processor-based control bit 21, use TPR shadow, = 1)"},
        {4, 10, "VM entry to SMM (VM-entry control bit 10 = 1)"},
    };
    const uint32_t entry_controls = (uint32_t)machine_vmcs(m, VMCS_VM_ENTRY_CONTROLS);
    const uint32_t fields[5] = {md->pin, md->proc, md->proc2, md->exit_controls, entry_controls};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        if (BIT(fields[bits[i].field], bits[i].bit)) return NOT_MODELLED(md, "%s", bits[i].what), 1;
    if (BIT(md->rflags, 17)) return NOT_MODELLED(md, "%s", "virtual-8086 mode (GUEST_RFLAGS.VM = 1)"), 1;
    return 0;
}

static int vm_entry(struct model *md, struct machine *m, int is_launch)
{
    /* E4: E1, then E2 (control checks), then E3 (guest-state checks), then injection. */
    uint32_t err = rule_launch_state_error(is_launch, machine_vmcs(m, VMCS_VMCS_LAUNCH_STATE) != 0);
    if (err) {
        cover_feature(COV_E1);
        snprintf(md->why, sizeof md->why, "%s", is_launch ? "E1: VMLAUNCH with a launched VMCS"
                                                          : "E1: VMRESUME with a VMCS that is not launched");
        machine_vmcs_write(m, VMCS_VM_INSTRUCTION_ERROR, err); /* only this field changes */
        record(md, (struct vme_txn){.kind = VME_TX_VMFAIL, .code = err});
        return 0;
    }
    const struct rule_config rc = rules_config(m);
    load_controls(md, m);
    load_guest_state(md, m);
    if (entry_not_modelled(md, m)) return -1;
    cover_feature(COV_E5);
    cover_config(m->cfg);
    cover_entry();
    struct rule_injection inj = {
        .info = (uint32_t)machine_vmcs(m, VMCS_VM_ENTRY_INTR_INFO_FIELD),
        .error_code = (uint32_t)machine_vmcs(m, VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE),
        .instruction_len = (uint32_t)machine_vmcs(m, VMCS_VM_ENTRY_INSTRUCTION_LEN),
        .unrestricted_guest = BIT(md->proc2, 7),
        .cr0_pe = BIT(machine_vmcs(m, VMCS_GUEST_CR0), CR0_PE_BIT),
    };
    if (BIT(inj.info, INTR_INFO_VALID_BIT))
        cover_injection(inj.info, md->mode == VME_MODE_IA32E ? COVER_IA32E : md->mode == VME_MODE_PROTECTED ? COVER_PROTECTED : COVER_REAL);
    struct rule_guest_state gs = {
        .injection = inj.info,
        .rflags = md->rflags,
        .interruptibility = md->interruptibility,
        .activity = md->activity,
        .ss_dpl = md->cpl,
        .virtual_nmis = BIT(md->pin, PIN_VIRTUAL_NMIS_BIT),
    };
    uint32_t qualification;
    struct rule_why state_why, injection_why, controls_why;
    int guest_state_ok = rule_guest_state_valid(&gs, &rc, &qualification, &state_why);
    const int injection_ok = rule_injection_valid(&inj, &rc, &injection_why);
    const int controls_ok = rule_event_controls_valid(md->pin, md->proc, md->exit_controls, &controls_why);
    if (!injection_ok) cover_feature(COV_E2);
    if (!controls_ok) cover_feature(COV_E6);
    cover_e6(md->pin, md->proc, md->exit_controls, injection_ok);
    if (!injection_ok || !controls_ok) { /* E2 and E6: the control checks, both VMfailValid 7 */
        if (!guest_state_ok) cover_feature(COV_E4); /* both fail: the control check wins */
        snprintf(md->why, sizeof md->why, "%s%s%s", injection_ok ? "" : injection_why.text,
                 !injection_ok && !controls_ok ? "; " : "", controls_ok ? "" : controls_why.text);
        machine_vmcs_write(m, VMCS_VM_INSTRUCTION_ERROR, VMERR_ENTRY_INVALID_CTL);
        record(md, (struct vme_txn){.kind = VME_TX_VMFAIL, .code = VMERR_ENTRY_INVALID_CTL});
        return 0;
    }
    if (!guest_state_ok) {
        cover_feature(COV_E3);
        if (!strncmp(state_why.text, RULE_WHY_VNMI_BLOCKED, strlen(RULE_WHY_VNMI_BLOCKED))) cover_point(CP_A6_INJECT_REFUSED);
        snprintf(md->why, sizeof md->why, "%s", state_why.text);
        /* A VM-entry failure: the guest state saved is the state loaded, nothing more. */
        return entry_failure(md, m, qualification) == FLOW_END && !md->out_of_memory ? 0 : -1;
    }
    if (is_launch) machine_vmcs_write(m, VMCS_VMCS_LAUNCH_STATE, 1);
    md->mtf_due = md->mtf_forced = 0;
    if (BIT(md->pin, PIN_PREEMPTION_TIMER_BIT)) { /* A3: each entry loads the timer */
        md->timer = (uint32_t)machine_vmcs(m, VMCS_VMX_PREEMPTION_TIMER_VALUE);
        cover_point(md->timer ? CP_A3_LOAD_NONZERO : CP_A3_LOAD_ZERO);
    }
    int valid = BIT(inj.info, INTR_INFO_VALID_BIT);
    uint8_t type = (inj.info >> 8) & 7;
    if (valid && type == ITYPE_OTHER) {
        /* M5: a pending MTF exit, before any instruction, even with the control 0; not vectoring. */
        md->mtf_due = md->mtf_forced = 1;
        md->mtf_cause = MTF_BY_PENDING;
        cover_feature(COV_M5);
        md->dbg_trap = pending_debug_trap(md, m);
    } else if (valid) {
        /* D1: a vectoring entry delivers the event; pending debug exceptions are dropped; the
         * injected event itself never exits (no bitmap, no NMI exiting). */
        struct event ev = {.type = type, .vector = inj.info & 0xff, .has_ec = BIT(inj.info, 11),
                           .ec = inj.error_code, .len = inj.instruction_len, .ret_rip = md->rip};
        cover_feature(COV_D1);
        if (rule_is_software(type)) { /* D5 */
            ev.ret_rip += inj.instruction_len;
            cover_feature(COV_D5);
        }
        md->activity = ACTIVE;
        md->interruptibility &= ~(uint32_t)(BLOCK_STI | BLOCK_MOVSS);
        if (deliver_event(md, m, ev, MTF_BY_INJECTED) == FLOW_END) return md->unsupported[0] || md->out_of_memory ? -1 : 0;
    } else {
        /* Fine point: pending debug exceptions loaded by a non-vectoring entry are a #DB trap at
         * the first boundary, unless the entry is into shutdown or wait-for-SIPI (SDM 26.6.3). */
        md->dbg_trap = pending_debug_trap(md, m);
    }
    return run_guest(md, m);
}

enum vme_entry model_entry_for(const struct machine *m, enum vme_enter_mode mode, int guest_running)
{
    if (guest_running) return VME_CONTINUE;
    int launched = machine_vmcs(m, VMCS_VMCS_LAUNCH_STATE) != 0;
    return mode == VME_ENTER_LAUNCH || (mode == VME_ENTER_AUTO && !launched) ? VME_VMLAUNCH : VME_VMRESUME;
}

void model_reset(struct model *md)
{
    struct vme_txn *txns = md->txns;
    struct vme_note *notes = md->notes;
    size_t cap = md->txn_cap, note_cap = md->note_cap;
    int narrate = md->narrate;
    memset(md, 0, sizeof *md);
    md->txns = txns;
    md->txn_cap = cap;
    md->notes = notes;
    md->note_cap = note_cap;
    md->narrate = narrate;
}

int model_enter(struct model *md, struct machine *m, enum vme_entry entry)
{
    md->ntxns = md->nnotes = 0;
    md->unsupported[0] = '\0';
    md->why[0] = '\0';
    md->out_of_memory = 0;
    int rc = entry == VME_CONTINUE ? run_guest(md, m) : vm_entry(md, m, entry == VME_VMLAUNCH);
    if (md->out_of_memory) snprintf(md->unsupported, sizeof md->unsupported, "out of memory");
    return rc || md->out_of_memory ? -1 : 0;
}

int model_mutate(const char *name)
{
    if (strcmp(name, "ext-soft")) return -1;
    rule_set_bug_ext_soft(1);
    return 0;
}

void model_free(struct model *md)
{
    free(md->txns);
    md->txns = NULL;
    md->ntxns = md->txn_cap = 0;
    free(md->notes);
    md->notes = NULL;
    md->nnotes = md->note_cap = 0;
}

const char *vme_exit_reason_name(uint32_t reason)
{
    if (!(reason >> ENTRY_FAIL_BIT)) {
        const char *name = evd_exit_reason_name(reason & 0xffff);
        return name ? name : "unnamed";
    }
    switch (reason & 0xffff) { /* the SDM's names (Vol. 3 26.8) */
    case EXIT_INVALID_GUEST_STATE: return "VM-entry failure: invalid guest state";
    case EXIT_MSR_LOAD_FAIL: return "VM-entry failure: MSR loading";
    case EXIT_MCE_DURING_VMENTRY: return "VM-entry failure: machine-check event";
    default: return "VM-entry failure";
    }
}

void model_txn_text(const struct vme_txn *t, const struct machine *m, char *buf, size_t len)
{
    char item[96];
    switch (t->kind) {
    case VME_TX_MEM_READ:
        snprintf(buf, len, "memory read of %u bytes at 0x%" PRIx64, t->size, t->addr);
        break;
    case VME_TX_MEM_WRITE:
        snprintf(buf, len, "memory write of %u bytes 0x%" PRIx64 " at 0x%" PRIx64, t->size, t->data, t->addr);
        break;
    case VME_TX_POP:
        machine_item_text(&m->stream[t->item], item, sizeof item);
        snprintf(buf, len, "stream item %zu (%s) consumed", t->item, item);
        break;
    case VME_TX_CR2: snprintf(buf, len, "CR2 write 0x%" PRIx64, t->data); break;
    case VME_TX_SMM: snprintf(buf, len, "SMM round trip"); break;
    case VME_TX_EXIT:
        snprintf(buf, len, "VM exit, reason 0x%" PRIx32 " (%s)", t->code, vme_exit_reason_name(t->code));
        break;
    case VME_TX_VMFAIL: snprintf(buf, len, "VMfailValid, error %" PRIu32, t->code); break;
    case VME_TX_IDLE: snprintf(buf, len, "guest idle"); break;
    default: snprintf(buf, len, "transaction %d", (int)t->kind); break;
    }
}
