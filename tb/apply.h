/* A test's statements as operations on a machine: the one place where the vector format meets
 * the machine (the simulator applies each statement to both machines; the fuzz target to the
 * model's). */
#ifndef APPLY_H
#define APPLY_H

#include <stddef.h>

#include "machine.h"
#include "vec.h"

/* Applies a `config`, `vmcs`, `gate`, `fault` or `insn`/`event` statement to M (other kinds are
 * not machine state: `mem` waits for the next `enter`). Returns 0, or -1 when out of memory. */
int apply_stmt(struct machine *m, const struct vec_stmt *st);

/* At an `enter`: the IDT from the gate table, then the N `mem` statements MEM since the last
 * `enter`, in order (so a `mem` line can overwrite a gate). Returns 0, or -1 when out of memory. */
int apply_memory_image(struct machine *m, const struct vec_stmt *const *mem, size_t n);

#endif
