/* The golden model (see evd_model.h). Each rule is a small function named after what the spec
 * says, with the behaviour.md item it implements. */
#include "evd_model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"

#define BIT(x, n) (((x) >> (n)) & 1u)

/* Exit-reason field values that are not basic reasons alone. */
#define REASON_ENTRY_FAIL(r) ((1u << ENTRY_FAIL_BIT) | (r))

/* How a run ended, while it runs. */
enum run_end { RUN_ON, RUN_ENDED };

static void record(struct model *md, struct model_txn t)
{
    if (md->ntxns == md->txn_cap) {
        size_t cap = md->txn_cap ? md->txn_cap * 2 : 64;
        struct model_txn *n = realloc(md->txns, cap * sizeof *n);
        if (!n) {
            md->out_of_memory = 1;
            return;
        }
        md->txns = n;
        md->txn_cap = cap;
    }
    md->txns[md->ntxns++] = t;
}

static int unsupported(struct model *md, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(md->unsupported, sizeof md->unsupported, fmt, ap);
    va_end(ap);
    return -1;
}

//////// E1: launch state ////////

/* VMLAUNCH needs a clear VMCS (error 4); VMRESUME a launched one (error 5). 0: no error. */
static uint32_t launch_state_error(int is_launch, int launched)
{
    if (is_launch && launched) return VMERR_VMLAUNCH_NONCLEAR;
    if (!is_launch && !launched) return VMERR_VMRESUME_NONLAUNCHED;
    return 0;
}

/* A VMfailValid writes only the VM-instruction error. */
static void vmfail_valid(struct model *md, struct machine *m, uint32_t error)
{
    machine_vmcs_write(m, VMCS_VM_INSTRUCTION_ERROR, error);
    record(md, (struct model_txn){.kind = TX_VMFAIL, .code = error});
}

//////// E5: controls in effect ////////

/* The monitor trap flag is primary control bit 27; it exists only with `mtf_supported 1`. */
static int mtf_control(const struct machine *m)
{
    return BIT(machine_vmcs(m, VMCS_CPU_BASED_VM_EXEC_CONTROL), CPU_MTF_BIT) &&
           m->cfg[VCFG_MTF_SUPPORTED];
}

//////// X1, X2: VM exits ////////

struct exit_info {
    uint32_t reason;
    uint64_t qualification;
    uint32_t intr_info, intr_error_code;
    uint32_t idt_vectoring_info, idt_vectoring_error_code;
    uint32_t instruction_len;
};

/* Writes every exit field (those the exit does not define as 0), saves the guest state and
 * clears the valid bit of the VM-entry interruption information. */
static void vm_exit(struct model *md, struct machine *m, const struct exit_info *x)
{
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
    machine_vmcs_write(m, VMCS_GUEST_PENDING_DBG_EXCEPTIONS, md->pending_dbg);
    if (m->cfg[VCFG_SAVE_ACTIVITY]) machine_vmcs_write(m, VMCS_GUEST_ACTIVITY_STATE, md->activity);
    uint64_t entry_info = machine_vmcs(m, VMCS_VM_ENTRY_INTR_INFO_FIELD);
    machine_vmcs_write(m, VMCS_VM_ENTRY_INTR_INFO_FIELD, entry_info & ~(1ull << INTR_INFO_VALID_BIT));
    record(md, (struct model_txn){.kind = TX_EXIT, .code = x->reason});
}

//////// Guest execution ////////

static void consume(struct model *md, struct machine *m, size_t idx)
{
    machine_stream_consume(m, idx);
    record(md, (struct model_txn){.kind = TX_POP, .item = idx});
}

/* Blocking by STI and by MOV SS ends once the guest completes an instruction. */
static void instruction_completed(struct model *md, uint64_t next_rip)
{
    md->rip = next_rip;
    md->interruptibility &= ~3u;
}

/* One step of the guest at an instruction boundary. Returns RUN_ENDED when the run is over. */
static int guest_step(struct model *md, struct machine *m, enum run_end *end)
{
    long idx = machine_stream_peek(m, 0);
    if (idx < 0) {
        record(md, (struct model_txn){.kind = TX_IDLE});
        *end = RUN_ENDED;
        return 0;
    }
    const struct vec_item *it = &m->stream[idx];
    switch (it->kind) {
    case VI_OK:
        consume(md, m, (size_t)idx);
        instruction_completed(md, md->rip + it->len);
        /* M1: with the monitor trap flag, an MTF exit follows the instruction (RIP = next). */
        if (md->mtf_armed) {
            vm_exit(md, m, &(struct exit_info){.reason = EXIT_MONITOR_TRAP_FLAG});
            *end = RUN_ENDED;
        }
        return 0;
    case VI_EXIT:
        /* X3: an instruction that exits gives its reason, length and qualification; RIP stays on
         * it and no MTF exit follows (M2). */
        consume(md, m, (size_t)idx);
        vm_exit(md, m, &(struct exit_info){.reason = it->reason, .qualification = it->qual,
                                           .instruction_len = it->len});
        *end = RUN_ENDED;
        return 0;
    default: {
        char text[96];
        machine_item_text(it, text, sizeof text);
        return unsupported(md, "stream item '%s'", text);
    }
    }
}

static int run_guest(struct model *md, struct machine *m)
{
    enum run_end end = RUN_ON;
    while (end == RUN_ON && !md->out_of_memory)
        if (guest_step(md, m, &end)) return -1;
    return md->out_of_memory ? -1 : 0;
}

//////// VM entry ////////

static void load_guest_state(struct model *md, const struct machine *m)
{
    md->rip = machine_vmcs(m, VMCS_GUEST_RIP);
    md->rsp = machine_vmcs(m, VMCS_GUEST_RSP);
    md->rflags = machine_vmcs(m, VMCS_GUEST_RFLAGS);
    md->cs_sel = machine_vmcs(m, VMCS_GUEST_CS_SELECTOR);
    md->cs_base = machine_vmcs(m, VMCS_GUEST_CS_BASE);
    md->interruptibility = (uint32_t)machine_vmcs(m, VMCS_GUEST_INTERRUPTIBILITY_INFO);
    md->pending_dbg = machine_vmcs(m, VMCS_GUEST_PENDING_DBG_EXCEPTIONS);
    md->activity = (uint32_t)machine_vmcs(m, VMCS_GUEST_ACTIVITY_STATE);
}

/* Features the model does not have yet; a run that needs one is reported, never guessed. */
static int check_supported(struct model *md, const struct machine *m)
{
    if (BIT(machine_vmcs(m, VMCS_VM_ENTRY_INTR_INFO_FIELD), INTR_INFO_VALID_BIT))
        return unsupported(md, "event injection (VM_ENTRY_INTR_INFO_FIELD valid; behaviour.md E2, D1-D5)");
    if (md->activity != 0)
        return unsupported(md, "entry into activity state %" PRIu32 " (behaviour.md E3, M7)", md->activity);
    if (BIT(md->rflags, RFLAGS_TF_BIT))
        return unsupported(md, "single-step traps (RFLAGS.TF; behaviour.md M8)");
    if (md->pending_dbg)
        return unsupported(md, "pending debug exceptions at entry (behaviour.md fine points)");
    if (md->interruptibility & ~3u)
        return unsupported(md, "SMI/NMI blocking in GUEST_INTERRUPTIBILITY_INFO (behaviour.md E3, A2)");
    return 0;
}

static int vm_entry(struct model *md, struct machine *m, int is_launch)
{
    /* E1 comes first (E4). */
    uint32_t err = launch_state_error(is_launch, machine_vmcs(m, VMCS_VMCS_LAUNCH_STATE) != 0);
    if (err) {
        vmfail_valid(md, m, err);
        return 0;
    }
    load_guest_state(md, m);
    if (check_supported(md, m)) return -1;
    if (is_launch) machine_vmcs_write(m, VMCS_VMCS_LAUNCH_STATE, 1);
    md->mtf_armed = mtf_control(m);
    return run_guest(md, m);
}

int model_enter(struct model *md, struct machine *m, enum model_entry entry)
{
    md->ntxns = 0;
    md->unsupported[0] = '\0';
    md->out_of_memory = 0;
    int rc = entry == ENTRY_CONTINUE ? run_guest(md, m) : vm_entry(md, m, entry == ENTRY_VMLAUNCH);
    if (md->out_of_memory) snprintf(md->unsupported, sizeof md->unsupported, "out of memory");
    return rc;
}

void model_free(struct model *md)
{
    free(md->txns);
    md->txns = NULL;
    md->ntxns = md->txn_cap = 0;
}

void model_txn_text(const struct model_txn *t, const struct machine *m, char *buf, size_t len)
{
    char item[96];
    switch (t->kind) {
    case TX_MEM_READ:
        snprintf(buf, len, "memory read of %u bytes at 0x%" PRIx64, t->size, t->addr);
        break;
    case TX_MEM_WRITE:
        snprintf(buf, len, "memory write of %u bytes 0x%" PRIx64 " at 0x%" PRIx64, t->size, t->data, t->addr);
        break;
    case TX_POP:
        machine_item_text(&m->stream[t->item], item, sizeof item);
        snprintf(buf, len, "stream item %zu (%s) consumed", t->item, item);
        break;
    case TX_CR2: snprintf(buf, len, "CR2 write 0x%" PRIx64, t->data); break;
    case TX_SMM: snprintf(buf, len, "SMM round trip"); break;
    case TX_EXIT: snprintf(buf, len, "VM exit, reason 0x%" PRIx32, t->code); break;
    case TX_VMFAIL: snprintf(buf, len, "VMfailValid, error %" PRIu32, t->code); break;
    case TX_IDLE: snprintf(buf, len, "guest idle"); break;
    default: snprintf(buf, len, "transaction %d", (int)t->kind); break;
    }
}
