/* The lockstep comparison (see scoreboard.h). */
#include "scoreboard.h"

#include <inttypes.h>
#include <stdio.h>

#include "rom.h"
#include "runner.h"

static struct {
    const struct model *md;
    const struct machine *rtl, *mdl;
    int line;
    size_t next;           /* the model's next transaction */
    unsigned long matched; /* over the whole simulation */
} sb;

void sb_begin_run(const struct model *md, const struct machine *rtl_env, const struct machine *mdl, int line)
{
    sb.md = md;
    sb.rtl = rtl_env;
    sb.mdl = mdl;
    sb.line = line;
    sb.next = 0;
}

void sb_mismatch(const char *what, int upc)
{
    char expected[256], where[96];
    if (sb.next < sb.md->ntxns)
        model_txn_text(&sb.md->txns[sb.next], sb.mdl, expected, sizeof expected);
    else
        snprintf(expected, sizeof expected, "nothing (the model's run had ended)");
    rom_upc_text(upc, where, sizeof where);
    test_fail(sb.line, "lockstep mismatch at cycle %lu of the test: expected %s, actual %s [%s]", runner_test_cycle(),
              expected, what, where);
}

int sb_match(const struct model_txn *actual, int upc)
{
    const struct model_txn *e = sb.next < sb.md->ntxns ? &sb.md->txns[sb.next] : NULL;
    int same = e && e->kind == actual->kind;
    if (same) {
        switch (actual->kind) {
        case TX_MEM_READ: same = e->addr == actual->addr && e->size == actual->size; break;
        case TX_MEM_WRITE: same = e->addr == actual->addr && e->size == actual->size && e->data == actual->data; break;
        case TX_POP: same = e->item == actual->item; break;
        case TX_CR2: same = e->data == actual->data; break;
        case TX_EXIT:
        case TX_VMFAIL: same = e->code == actual->code; break;
        default: break;
        }
    }
    if (same) {
        sb.next++;
        sb.matched++;
        return 0;
    }
    char what[256];
    model_txn_text(actual, sb.rtl, what, sizeof what);
    sb_mismatch(what, upc);
    return -1;
}

void sb_compare_machines(void)
{
    const struct machine *r = sb.rtl, *m = sb.mdl;
    for (size_t i = 0; i < vmcs_field_count(); i++)
        if (r->vmcs[i] != m->vmcs[i]) {
            test_fail(sb.line, "lockstep mismatch at the end of the run (cycle %lu): VMCS %s: expected 0x%" PRIx64
                      ", actual 0x%" PRIx64, runner_test_cycle(), vmcs_field_name(vmcs_field_at(i)), m->vmcs[i], r->vmcs[i]);
            return;
        }
    if (r->cr2 != m->cr2)
        test_fail(sb.line, "lockstep mismatch at the end of the run: CR2: expected 0x%" PRIx64 ", actual 0x%" PRIx64,
                  m->cr2, r->cr2);
    if (r->smm_count != m->smm_count)
        test_fail(sb.line, "lockstep mismatch at the end of the run: SMM count: expected %" PRIu32 ", actual %" PRIu32,
                  m->smm_count, r->smm_count);
}

unsigned long sb_matched(void) { return sb.matched; }
