/* --trace (see narration.h). */
#include "narration.h"

#include <stdio.h>

static struct {
    const struct vme *model; /* NULL: no run is narrated */
    size_t next_note;        /* the first note not printed */
    size_t covered;          /* transactions before this one are described by a note already printed */
} nr;

void narration_begin(const struct vme *model, const char *name, const char *file, int line)
{
    nr.model = model;
    nr.next_note = 0;
    nr.covered = 0;
    printf("trace %s, %s:%d\n", name, file, line);
}

/* One line: with its cycle, or (CYCLE < 0, the model alone) without. */
static void line_out(long cycle, const char *text)
{
    if (cycle < 0) printf("  %s\n", text);
    else printf("  %7ld  %s\n", cycle, text);
}

static void txn_lines(size_t i, long cycle)
{
    if (!nr.model) return;
    const struct vme_note *n;
    while ((n = vme_note(nr.model, nr.next_note)) && n->txn <= i) {
        line_out(cycle, n->text);
        if (n->txn + n->covers > nr.covered) nr.covered = n->txn + n->covers;
        nr.next_note++;
    }
    if (i >= nr.covered) {
        char text[256];
        vme_txn_text(nr.model, vme_txn(nr.model, i), text, sizeof text);
        line_out(cycle, text);
    }
    if (i + 1 == vme_txn_count(nr.model))
        for (; (n = vme_note(nr.model, nr.next_note)); nr.next_note++) line_out(cycle, n->text);
}

void narration_txn(size_t i, unsigned long cycle) { txn_lines(i, (long)cycle); }

void narration_mismatch(size_t i, unsigned long cycle)
{
    const struct vme_note *n;
    for (; nr.model && (n = vme_note(nr.model, nr.next_note)) && n->txn <= i && !n->covers; nr.next_note++)
        line_out((long)cycle, n->text);
    nr.model = NULL;
}

void narration_model_only(void)
{
    for (size_t i = 0; nr.model && i < vme_txn_count(nr.model); i++) txn_lines(i, -1);
    nr.model = NULL;
}
