/* The `expect` lines of a test, checked against the machine a run left (the RTL's, or in
 * --model-only runs the model's) and how the run ended. */
#ifndef EXPECT_H
#define EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "vec.h"
#include "vmentry.h"

enum outcome { OUT_NONE, OUT_EXIT, OUT_VMFAIL, OUT_IDLE };

/* "exit 0x25", "vmfail 7", "running" or "no run". */
const char *outcome_text(enum outcome out, const struct vme *m, char *buf, size_t len);

/* Checks ST (an `expect`) on M after a run that ended in OUT; BEFORE is the VMCS image before (a value per field, in vme_vmcs_field_at() order)
 * that run (VMfailValid changes only the VM-instruction error). A failure fails the test. */
void expect_check(const struct vec_stmt *st, const struct vme *m, enum outcome out, const uint64_t *before);

#endif
