/* The lockstep comparison: every transaction the RTL makes on its ports is matched, on the cycle
 * it appears, with the golden model's next one; when a run ends, the VMCS images, CR2 and the SMM
 * counts must agree. The first difference fails the test with a report that names the cycle,
 * what was expected, what happened, and the microcode address. */
#ifndef SCOREBOARD_H
#define SCOREBOARD_H

#include "vmentry.h"

/* A run starts: RTL_ENV is the machine the RTL works on, MODEL the machine the golden model has
 * just run on (its transactions are the expected ones); LINE is the `enter` the messages name. */
void sb_begin_run(const struct vme *model, const struct vme *rtl_env, int line);

/* Matches ACTUAL, a transaction the RTL made at microcode address UPC, with the model's next one.
 * Returns 0 when they agree, else fails the test and returns -1. */
int sb_match(const struct vme_txn *actual, int upc);

/* Fails the test: the RTL did WHAT where the model's next transaction was expected. */
void sb_mismatch(const char *what, int upc);

/* At the end of a run: the whole VMCS image, CR2 and the SMM count must agree. */
void sb_compare_machines(void);

/* Transactions matched since the simulator started, for the closing line. */
unsigned long sb_matched(void);

#endif
