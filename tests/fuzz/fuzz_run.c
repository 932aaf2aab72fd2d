/* libFuzzer target: parse, then run every test on the golden model alone (no RTL), the way
 * tb/sim.c does with --model-only: statements onto the test's machine, the IDT and `mem` lines at
 * each `enter`, the model carrying the run out. Whatever the file says, the model must end each
 * run (an exit, a VMfail, an idle guest, or a refusal it explains) without a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evd_model.h"
#include "machine.h"
#include "vec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct machine m;
static struct model md;

static void run_test(const struct vec_test *t)
{
    if (machine_reset(&m)) return;
    model_reset(&md);
    int guest_running = 0;
    size_t mem_from = 0;
    for (size_t i = 0; i < t->nstmts; i++) {
        const struct vec_stmt *st = &t->stmts[i];
        switch (st->kind) {
        case VS_CONFIG: m.cfg[st->u.config.key] = st->u.config.value; break;
        case VS_VMCS: machine_vmcs_write(&m, st->u.vmcs.field, st->u.vmcs.value); break;
        case VS_GATE: machine_set_gate(&m, &st->u.gate); break;
        case VS_FAULT: if (machine_add_fault(&m, &st->u.fault)) return; break;
        case VS_ITEM: if (machine_stream_push(&m, &st->u.item)) return; break;
        case VS_MEM: case VS_EXPECT: break;
        case VS_ENTER: {
            if (machine_write_idt(&m)) return;
            for (; mem_from < i; mem_from++) {
                const struct vec_stmt *mem = &t->stmts[mem_from];
                if (mem->kind == VS_MEM && machine_mem_write(&m, mem->u.mem.addr, mem->u.mem.size, mem->u.mem.value))
                    return;
            }
            if (model_enter(&md, &m, model_entry_for(&m, st->u.enter, guest_running))) {
                if (!md.unsupported[0]) abort(); /* a refusal always says why */
                return;
            }
            if (md.ntxns == 0) abort(); /* every run ends with an exit, a VMfail or an idle guest */
            enum model_txn_kind last = md.txns[md.ntxns - 1].kind;
            if (last != TX_EXIT && last != TX_VMFAIL && last != TX_IDLE) abort();
            guest_running = last == TX_IDLE;
            break;
        }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vec_file f;
    char err[512];
    if (vec_parse_buffer("fuzz.vec", (const char *)data, size, &f, err, sizeof err)) return 0;
    for (size_t i = 0; i < f.ntests; i++) run_test(&f.tests[i]);
    vec_free(&f);
    return 0;
}
