/* Constrained-random scenarios for build/vmentry-sim --random (see random.c). */
#ifndef RANDOM_H
#define RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include "vec.h"

/* Fills T with scenario INDEX of SEED (a pure function of both), reusing T's statement array of
 * capacity *CAP. Returns 0, or -1 when out of memory. */
int random_scenario(uint64_t seed, uint64_t index, struct vec_test *t, size_t *cap);

#endif
