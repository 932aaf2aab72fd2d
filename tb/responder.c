/* The port responder (see responder.h). */
#include "responder.h"

#include <stdio.h>

#include "evd_arch.h"
#include "options.h"
#include "report.h"
#include "scoreboard.h"

static struct {
    struct vme *env;
    struct port_counts n;
    uint64_t rng; /* xorshift64 state of the wait states */
    /* The stream port's item, computed again only when it can change: a pop, a new run, the
     * unit's "events only" mode (nothing else changes ENV's stream during a run). */
    int shown_valid, shown_evonly;
    long shown;
    struct evd_strm_item item;
} rs;

void responder_seed(unsigned long seed) { rs.rng = seed * 0x9e3779b97f4a7c15ull + 1; }

void responder_begin_run(struct vme *env)
{
    rs.env = env;
    rs.n = (struct port_counts){0};
    rs.shown_valid = 0;
}

const struct port_counts *responder_counts(void) { return &rs.n; }

static const uint8_t stream_kind[] = {
    [VME_INSN_OK] = SK_OK,     [VME_INSN_FAULT] = SK_FAULT, [VME_INSN_EXIT] = SK_EXIT,     [VME_INSN_HLT] = SK_HLT,
    [VME_INSN_INT] = SK_INT,   [VME_INSN_INT3] = SK_INT3,   [VME_INSN_INTO] = SK_INTO,     [VME_INSN_INT1] = SK_INT1,
    [VME_INSN_REP] = SK_REP,   [VME_EVENT_EXTINT] = SK_EXTINT, [VME_EVENT_NMI] = SK_NMI,     [VME_EVENT_SMI] = SK_SMI,
    [VME_EVENT_INIT] = SK_INIT,   [VME_EVENT_TICK] = SK_TICK,
};

void responder_show_item(const struct vme *env, long idx, struct evd_unit_in *in)
{
    in->strm_item.valid = idx >= 0;
    in->strm_item.kind = in->strm_item.len = in->strm_item.arg = in->strm_item.ec = in->strm_item.last = 0;
    in->strm_item.addr = 0;
    if (idx < 0) return;
    const struct vme_item *it = vme_stream_item(env, (size_t)idx);
    in->strm_item.kind = stream_kind[it->kind];
    in->strm_item.last = vme_stream_group_ends(env, (size_t)idx);
    in->strm_item.len = it->len;
    switch (it->kind) {
    case VME_INSN_EXIT: in->strm_item.arg = (int)it->reason, in->strm_item.addr = it->qual; break;
    case VME_INSN_REP:
    case VME_EVENT_TICK: in->strm_item.arg = (int)it->count; break;
    default: in->strm_item.arg = it->vec, in->strm_item.ec = (int)it->ec, in->strm_item.addr = it->addr; break;
    }
}

/* Whether a port answers this cycle: with --stall P, P% of cycles are wait states. Results may
 * not depend on them. */
static int port_answers(void)
{
    if (!opt->stall) return 1;
    rs.rng ^= rs.rng << 13, rs.rng ^= rs.rng >> 7, rs.rng ^= rs.rng << 17;
    return rs.rng % 100 >= opt->stall;
}

static int serve_vmcs(const struct evd_unit_out *o, struct evd_unit_in *in)
{
    in->vmcs_rsp.ack = 1;
    rs.n.vmcs++;
    uint64_t v = 0;
    int bad = o->vmcs_req.we ? vme_vmcs_write(rs.env, (uint16_t)o->vmcs_req.field, o->vmcs_req.wdata)
                         : vme_vmcs_read(rs.env, (uint16_t)o->vmcs_req.field, &v);
    if (bad) {
        char what[96];
        snprintf(what, sizeof what, "a VMCS access to encoding 0x%04x, which is not a field", o->vmcs_req.field);
        sb_mismatch(what, tb_upc(o));
        return -1;
    }
    in->vmcs_rsp.rdata = v;
    return 0;
}

static int serve_mem(const struct evd_unit_out *o, struct evd_unit_in *in)
{
    unsigned size = 1u << o->mem_req.size;
    uint8_t vec;
    uint32_t ec;
    uint64_t fault_addr;
    in->mem_rsp.ack = 1;
    rs.n.mem++;
    /* A write of SIZE bytes carries the low SIZE bytes of the data bus. */
    uint64_t wdata = size == 8 ? o->mem_req.wdata : o->mem_req.wdata & ((1ull << (8 * size)) - 1);
    struct vme_txn t = {.kind = o->mem_req.we ? VME_TX_MEM_WRITE : VME_TX_MEM_READ, .addr = o->mem_req.addr,
                          .size = (uint8_t)size, .data = o->mem_req.we ? wdata : 0};
    if (sb_match(&t, tb_upc(o))) return -1;
    if (vme_access_faults(rs.env, o->mem_req.addr, size, o->mem_req.we, &vec, &ec, &fault_addr)) {
        in->mem_rsp.fault = 1, in->mem_rsp.fvec = vec, in->mem_rsp.fec = (int)ec, in->mem_rsp.rdata = fault_addr;
    } else if (o->mem_req.we) {
        if (vme_mem_write(rs.env, o->mem_req.addr, size, wdata)) report_out_of_memory();
    } else {
        in->mem_rsp.rdata = vme_mem_read(rs.env, o->mem_req.addr, size);
    }
    return 0;
}

enum serve responder_serve(const struct evd_unit_out *o, struct evd_unit_in *in)
{
    /* The stream port shows the head (or the first event); a pop takes what it shows now. */
    if (!rs.shown_valid || rs.shown_evonly != o->strm_ctl.evonly) {
        rs.shown_evonly = o->strm_ctl.evonly;
        rs.shown = vme_stream_peek(rs.env, rs.shown_evonly);
        responder_show_item(rs.env, rs.shown, in);
        rs.item = in->strm_item;
        rs.shown_valid = 1;
    }
    in->strm_item = rs.item;
    long shown = rs.shown;
    if (o->strm_ctl.pop) {
        if (shown < 0) {
            sb_mismatch("a pop with no stream item shown", tb_upc(o));
            return SERVE_FAILED;
        }
        vme_stream_consume(rs.env, (size_t)shown);
        rs.shown_valid = 0;
        rs.n.pop++;
        if (sb_match(&(struct vme_txn){.kind = VME_TX_POP, .item = (size_t)shown}, tb_upc(o))) return SERVE_FAILED;
    }
    if (o->vmcs_req.req && port_answers() && serve_vmcs(o, in)) return SERVE_FAILED;
    if (o->mem_req.req && port_answers() && serve_mem(o, in)) return SERVE_FAILED;
    if (o->side.smm) {
        vme_smm_round_trip(rs.env);
        if (sb_match(&(struct vme_txn){.kind = VME_TX_SMM}, tb_upc(o))) return SERVE_FAILED;
    }
    if (o->side.cr2_we) {
        vme_set_cr2(rs.env, o->side.cr2);
        if (sb_match(&(struct vme_txn){.kind = VME_TX_CR2, .data = o->side.cr2}, tb_upc(o))) return SERVE_FAILED;
    }
    struct vme_txn end;
    if (o->side.done) {
        end = (struct vme_txn){.kind = o->side.done_vmfail ? VME_TX_VMFAIL : VME_TX_EXIT};
        end.code = (uint32_t)vme_vmcs(rs.env, o->side.done_vmfail ? VMCS_VM_INSTRUCTION_ERROR : VMCS_VM_EXIT_REASON);
    } else if (o->strm_ctl.wait_item && shown < 0) {
        end = (struct vme_txn){.kind = VME_TX_IDLE};
    } else {
        return SERVE_ON;
    }
    return sb_match(&end, tb_upc(o)) ? SERVE_FAILED : SERVE_ENDED;
}
