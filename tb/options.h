/* The simulator's command line (build/vmentry-sim --help): read once, before Verilator's main
 * runs, then only read. Every vector file is parsed here too, so that one bad file stops the run
 * before anything is simulated (exit status 2). */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdint.h>

#include "vec.h"

#define DEFAULT_MAX_CYCLES 100000u

struct options {
    int model_only;          /* --model-only: the golden model alone (no RTL) */
    int lockstep;            /* --lockstep: files tagged model-only run in lockstep too */
    int verbose;             /* -v */
    int bench;               /* --bench: a benchmark row per run, and the checked cycles per second */
    int trace;               /* --trace: each run in words, from the golden model (narration.c) */
    unsigned long max_cycles;
    const char *ucode;       /* the ROM image */
    const char *test_filter; /* --test PATTERN */
    unsigned long seed;      /* of the X-initial values and the wait states */
    int have_seed;
    unsigned stall;          /* percent of port cycles answered with a wait state */
    const char *flip;        /* ADDR:BIT or LABEL[+N]:BIT: one ROM bit to flip (mutation tests) */
    const char *wave;        /* FST file to trace into */
    int no_wave;             /* no traced re-run of a failing test */
    int rerun;               /* this is that re-run: say only where the waveform is */
    unsigned long random_n;  /* --random N: N generated scenarios instead of vector files */
    unsigned shard_i, shard_n; /* --shard I/N: this run takes every Nth test or scenario, from I */
    const char *junit;       /* JUnit XML report */
    const char *coverage;    /* the golden model's functional coverage counts */
    int dump;                /* --dump: what each run changed, after KVM's dump_vmcs() (dump.h) */
    const char *json;        /* --json FILE: the results as JSON (json.h) */
    unsigned long reset_at;  /* reset the RTL at cycle N of each test, then run it again */
    const char *model_bug;   /* a deliberate bug in the golden model */
    int argc;                /* the command line, for the re-runs (reexec.c) */
    char **argv;
    int *is_file_arg;        /* per argv index: it names a vector file */
    struct vec_file *files;  /* the parsed vector files */
    int nfiles;
};

/* The options, after the constructor in options.c has read them. */
extern const struct options *const opt;

/* Prints "vmentry-sim: MESSAGE" (FMT with ARG) and the usage on stderr, and exits with status 2. */
_Noreturn void usage_error(const char *fmt, const char *arg);

/* Whether --test selects the test called NAME (a shell glob; every test without --test). */
int test_selected(const char *name);

#endif
