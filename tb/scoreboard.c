/* The lockstep comparison (see scoreboard.h). */
#include "scoreboard.h"

#include <inttypes.h>
#include <stdio.h>

#include "narration.h"
#include "rom.h"
#include "runner.h"

static struct {
    const struct vme *model, *rtl;
    int line;
    size_t next;           /* the model's next transaction */
    unsigned long matched; /* over the whole simulation */
} sb;

void sb_begin_run(const struct vme *model, const struct vme *rtl_env, int line)
{
    sb.model = model;
    sb.rtl = rtl_env;
    sb.line = line;
    sb.next = 0;
}

void sb_mismatch(const char *what, int upc)
{
    char expected[256], where[96];
    if (sb.next < vme_txn_count(sb.model))
        vme_txn_text(sb.model, vme_txn(sb.model, sb.next), expected, sizeof expected);
    else
        snprintf(expected, sizeof expected, "nothing (the model's run had ended)");
    narration_mismatch(sb.next, runner_test_cycle());
    rom_upc_text(upc, where, sizeof where);
    test_fail(sb.line, "lockstep mismatch at cycle %lu of the test: expected %s, actual %s [%s]", runner_test_cycle(),
              expected, what, where);
}

int sb_match(const struct vme_txn *actual, int upc)
{
    const struct vme_txn *e = vme_txn(sb.model, sb.next);
    int same = e && e->kind == actual->kind;
    if (same) {
        switch (actual->kind) {
        case VME_TX_MEM_READ: same = e->addr == actual->addr && e->size == actual->size; break;
        case VME_TX_MEM_WRITE: same = e->addr == actual->addr && e->size == actual->size && e->data == actual->data; break;
        case VME_TX_POP: same = e->item == actual->item; break;
        case VME_TX_CR2: same = e->data == actual->data; break;
        case VME_TX_EXIT:
        case VME_TX_VMFAIL: same = e->code == actual->code; break;
        default: break;
        }
    }
    if (same) {
        narration_txn(sb.next, runner_test_cycle());
        sb.next++;
        sb.matched++;
        return 0;
    }
    char what[256];
    vme_txn_text(sb.rtl, actual, what, sizeof what);
    sb_mismatch(what, upc);
    return -1;
}

void sb_compare_machines(void)
{
    const struct vme *r = sb.rtl, *m = sb.model;
    for (size_t i = 0; i < vme_vmcs_field_count(); i++) {
        uint16_t enc = vme_vmcs_field_at(i);
        if (vme_vmcs(r, enc) != vme_vmcs(m, enc)) {
            test_fail(sb.line, "lockstep mismatch at the end of the run (cycle %lu): VMCS %s: expected 0x%" PRIx64
                      ", actual 0x%" PRIx64, runner_test_cycle(), vme_vmcs_field_name(enc), vme_vmcs(m, enc), vme_vmcs(r, enc));
            return;
        }
    }
    if (vme_cr2(r) != vme_cr2(m))
        test_fail(sb.line, "lockstep mismatch at the end of the run: CR2: expected 0x%" PRIx64 ", actual 0x%" PRIx64,
                  vme_cr2(m), vme_cr2(r));
    if (vme_smm_count(r) != vme_smm_count(m))
        test_fail(sb.line, "lockstep mismatch at the end of the run: SMM count: expected %" PRIu32 ", actual %" PRIu32,
                  vme_smm_count(m), vme_smm_count(r));
}

unsigned long sb_matched(void) { return sb.matched; }
