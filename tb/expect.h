/* The `expect` lines of a test, checked against the machine a run left (the RTL's, or in
 * --model-only runs the model's) and how the run ended. */
#ifndef EXPECT_H
#define EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "vec.h"
#include "vmentry.h"

/* "exit 37 (MONITOR_TRAP_FLAG)", "vmfail 7", "running" or "no run". */
const char *outcome_text(enum vme_outcome out, const struct vme *m, char *buf, size_t len);

/* Checks ST (an `expect`) on M after a run that ended in OUT; BEFORE is the VMCS image before that
 * run, a value per field in vme_vmcs_field_at() order (VMfailValid changes only the
 * VM-instruction error). A failure fails the test, which goes on: every failing `expect` is
 * reported. */
void expect_check(const struct vec_stmt *st, const struct vme *m, enum vme_outcome out, const uint64_t *before);

#endif
