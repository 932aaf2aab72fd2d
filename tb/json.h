/* --json FILE: the results as JSON, one object per test (README, "JSON results", lists every
 * field): its name, file and line, PASS/FAIL with the messages, and each run (`enter`) with its
 * outcome, the exit fields, the VMCS fields it changed, CR2 and its transactions, from the golden
 * model's machine (dump.h's before/after comparison). */
#ifndef JSON_H
#define JSON_H

#include "vmentry.h"

/* A test begins (again, after a reset in flight): its runs so far are dropped. */
void json_test_begin(void);
/* The run of the `enter` at LINE has ended on M (the model's machine, after dump_before()). */
void json_run(const struct vme *m, int line);
/* The test ended: FAILURE is NULL when it passed, else its message (one per line). */
void json_test_end(const char *name, const char *path, int line, const char *failure);
/* Closes the array and the file (a run without --json writes nothing). */
void json_finish(void);

#endif
