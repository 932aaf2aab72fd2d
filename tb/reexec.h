/* The simulator re-running itself: once at start, with Verilator's X-initial randomisation and a
 * known seed; and after a failure, the first failing test alone with tracing on. */
#ifndef REEXEC_H
#define REEXEC_H

#include <stddef.h>

/* Unless the command line already has +verilator+seed+N (then N is returned), re-runs this
 * program with +verilator+rand+reset+2 and +verilator+seed+ the seed *SEED, or a fresh one when
 * SEED is NULL, and malloc on transparent huge pages (GLIBC_TUNABLES). Returns only when the
 * command line had a seed, or when exec failed (then the run goes on without randomised initial
 * values and the returned seed is the one it would have used). */
unsigned long reexec_with_seed(int argc, char **argv, const unsigned long *seed);

/* On stderr, "vmentry-sim: seed N (X-initial values; repeat with --seed N)": what repeats a run
 * whose outcome may depend on the seed. Printed on a failure, or with -v; never for --model-only
 * (no RTL, no seed) or --rerun (the first run printed it). */
void reexec_print_seed(void);

/* Re-runs the failing test NAME of the vector file PATH alone, traced into
 * build/waves/NAME.fst, with the same seed, options and microcode (--rerun: it prints where the
 * waveform is). Returns only when exec failed. Async-signal-safe after the first call to
 * exe_dir(). */
void rerun_with_wave(const char *name, const char *path, unsigned long seed);

/* The directory the simulator lives in (build/), for the files it writes. */
const char *exe_dir(void);

#endif
