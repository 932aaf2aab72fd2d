/* A test's statements as calls on the golden model's API (dpi/vmentry.h): the one place where the
 * vector format meets a machine (the simulator applies each statement to both of its machines;
 * the fuzz target to the model's). */
#ifndef APPLY_H
#define APPLY_H

#include <stddef.h>

#include "vec.h"
#include "vmentry.h"

/* Applies a `config`, `vmcs`, `gate`, `fault` or `insn`/`event` statement to M (other kinds are
 * not machine state: `mem` waits for the next `enter`). Returns 0, or -1 when out of memory. */
int apply_stmt(struct vme *m, const struct vec_stmt *st);

/* At an `enter`: the IDT from the gate table, then the `mem` statements among the N statements
 * from ST (those since the last `enter`), in order (so a `mem` line can overwrite a gate).
 * Returns 0, or -1 when out of memory. */
int apply_memory_image(struct vme *m, const struct vec_stmt *st, size_t n);

#endif
