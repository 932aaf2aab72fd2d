/* libFuzzer target: parse, then run every test on the golden model alone (no RTL), through the
 * same statement application as the simulator's --model-only (tb/apply.c): statements onto the
 * model's machine, the IDT and `mem` lines at each `enter`, the model carrying the run out.
 * Whatever the file says, the model must end each run (an exit, a VMfail, an idle guest, or a
 * refusal it explains) without a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "vec.h"
#include "vmentry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vme *m;

/* The notes of --trace (vme_narrate()): ordered by the transaction they belong to, and each inside
 * the run (tb/narration.c prints them in that order, once). */
static void check_notes(void)
{
    for (size_t i = 0; i < vme_note_count(m); i++) {
        const struct vme_note *n = vme_note(m, i);
        if (n->txn + n->covers > vme_txn_count(m) || (i && n->txn < vme_note(m, i - 1)->txn)) abort();
    }
}

static void run_test(const struct vec_test *t)
{
    if (!m && !(m = vme_create())) return;
    vme_narrate(m, 1); /* --trace's notes too: they must stay in order and inside the run */
    if (vme_reset(m)) return;
    size_t mem_from = 0; /* the first statement since the last `enter` */
    for (size_t i = 0; i < t->nstmts; i++) {
        const struct vec_stmt *st = &t->stmts[i];
        switch (st->kind) {
        case VS_EXPECT:
        case VS_MEM: break; /* `mem` lines are written at the next `enter` */
        case VS_ENTER: {
            int guest_running = vme_outcome(m) == VME_IDLE;
            if (apply_memory_image(m, t->stmts + mem_from, i - mem_from)) return;
            mem_from = i + 1;
            if (vme_enter(m, vme_entry_for(m, st->u.enter, guest_running))) {
                if (!vme_error(m)[0]) abort(); /* a refusal always says why */
                return;
            }
            if (vme_outcome(m) == VME_NO_RUN) abort(); /* every run ends with an exit, a VMfail or an idle guest */
            check_notes();
            break;
        }
        default:
            if (apply_stmt(m, st)) return;
            break;
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
