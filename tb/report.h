/* What the simulator tells its user: a line per test, progress on long random runs, benchmark
 * rows, the closing summary, and the files written for other tools (JUnit XML, coverage). */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

/* The counts the closing summary prints. */
struct run_totals {
    unsigned passed, failed, model_only, discarded;
    unsigned long cycles;          /* every cycle simulated and checked */
    unsigned long matched;         /* transactions matched in lockstep */
    unsigned long resets_in_flight;
};

/* Says "vmentry-sim: out of memory" and exits with status 2 (the run cannot go on). */
_Noreturn void report_out_of_memory(void);

/* The simulation starts (for the speed figures and the progress line). */
void report_start(void);

/* One test ended: PASS or FAIL (FAILURE non-NULL) with its message; TAG follows the name
 * (" (model only)"). Recorded for JUnit. */
void report_test(const char *name, const char *path, const char *tag, const char *failure);

/* --random: the progress line on stderr, every two seconds (or now, when LAST). */
void report_progress(const struct run_totals *t, int last);

/* --bench: what one run took, in cycles of the unit and transactions on its ports. */
struct bench_row {
    unsigned long cycles;
    unsigned long idle;   /* cycles in which no word executed */
    unsigned long words;  /* words completed */
    unsigned long writes; /* ... that wrote a register: the register file has one write port */
    unsigned long vmcs, mem, pop;
};

/* --bench: the header, and one row per run. */
void report_bench_header(void);
void report_bench_row(const char *name, const struct bench_row *r);

/* The closing summary ("N passed, N failed" last but for the waveform), the JUnit report and the
 * coverage counts. */
void report_finish(const struct run_totals *t);

#endif
