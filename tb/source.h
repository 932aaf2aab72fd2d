/* Where the tests come from: the parsed vector files, filtered by --test and split by --shard;
 * or, with --random, the generated scenarios of this shard. */
#ifndef SOURCE_H
#define SOURCE_H

#include "vec.h"

/* Moves to the next test (the first one when FIRST); 0 when none is left. */
int source_next(int first);

/* The current test and the file it belongs to (for --random, a file of one scenario whose path
 * is where it is written if it fails). */
const struct vec_test *source_test(void);
const struct vec_file *source_file(void);

/* --random: writes the failing scenario out as a vector file that reproduces it, and appends to
 * MSG (of capacity LEN) where it is. */
void source_keep_scenario(char *msg, size_t len);

#endif
