/* --trace: each run in words, from the golden model's notes (vme_narrate()), printed as the RTL
 * makes the transactions they describe, each line with the cycle of the test at which it made
 * it; with --model-only, the whole run at once, with no cycles. */
#ifndef NARRATION_H
#define NARRATION_H

#include <stddef.h>

#include "vmentry.h"

/* A run begins: MODEL has just run the `enter` at FILE:LINE of test NAME; prints the heading. */
void narration_begin(const struct vme *model, const char *name, const char *file, int line);

/* The RTL made the model's transaction I at CYCLE of the test: prints the decisions before it
 * and the transaction in words (once: a note may describe several transactions); after the
 * last transaction, the notes that follow it. Nothing when no run is narrated (no --trace). */
void narration_txn(size_t i, unsigned long cycle);

/* The RTL did something else where the model's transaction I was due, at CYCLE: prints the
 * model's decisions before I (what it decided should come next); the run's narration ends. */
void narration_mismatch(size_t i, unsigned long cycle);

/* The whole run at once, with no cycles (the model alone). */
void narration_model_only(void);

#endif
