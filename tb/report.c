/* What the simulator tells its user (see report.h). */
#define _GNU_SOURCE
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evd_cover.h"
#include "json.h"
#include "options.h"
#include "reexec.h"

static struct timespec started;

/* JUnit records: every directed test; with --random, the failing scenarios (the rest is counted).
 * TIME: wall-clock seconds from the end of the test before (or the start) to the end of this one. */
struct junit_case {
    char *name, *classname, *failure;
    double time;
};
static double last_test_end;
static struct junit_case *junit;
static size_t njunit, junit_cap;

void report_start(void) { clock_gettime(CLOCK_MONOTONIC, &started); }

static double seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - started.tv_sec) + 1e-9 * (double)(now.tv_nsec - started.tv_nsec);
}

_Noreturn void report_out_of_memory(void)
{
    fprintf(stderr, "vmentry-sim: out of memory\n");
    exit(2);
}

static char *dup_text(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (!d) report_out_of_memory();
    return strcpy(d, s);
}

static void junit_record(const char *name, const char *path, const char *failure)
{
    double now = seconds(), time = now - last_test_end;
    last_test_end = now;
    if (!opt->junit || (opt->random_n && !failure)) return;
    if (njunit == junit_cap) {
        junit_cap = junit_cap ? junit_cap * 2 : 256;
        junit = realloc(junit, junit_cap * sizeof *junit);
        if (!junit) report_out_of_memory();
    }
    junit[njunit++] = (struct junit_case){dup_text(name), dup_text(path), failure ? dup_text(failure) : NULL, time};
}

void report_test(const char *name, const char *path, const char *tag, const char *failure)
{
    if (failure && !opt->rerun) printf("FAIL %s%s: %s\n", name, tag, failure);
    if (!failure && !opt->rerun && !opt->random_n) printf("PASS %s%s\n", name, tag);
    junit_record(name, path, failure);
    fflush(stdout);
}

void report_progress(const struct run_totals *t, int last)
{
    static struct timespec shown;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!last && now.tv_sec - shown.tv_sec < 2) return;
    shown = now;
    double s = seconds();
    unsigned long done = t->passed + t->failed + t->discarded;
    fprintf(stderr, "random seed %lu shard %u/%u: %lu of %lu scenarios (%.0f/s), %u failed\n", opt->seed, opt->shard_i,
            opt->shard_n, done, (opt->random_n - opt->shard_i + opt->shard_n - 1) / opt->shard_n,
            s > 0 ? (double)done / s : 0.0, t->failed);
}

void report_bench_header(void)
{
    printf("  %-40s %7s %6s %6s %6s %6s %6s %6s %6s %7s\n", "run (test)", "cycles", "idle", "words", "writes", "ports",
           "VMCS", "memory", "stream", "cyc/txn");
}

void report_bench_row(const char *name, const struct bench_row *r)
{
    unsigned long ports = r->vmcs + r->mem + r->pop;
    printf("  %-40s %7lu %6lu %6lu %6lu %6lu %6lu %6lu %6lu %7.2f\n", name, r->cycles, r->idle, r->words, r->writes, ports,
           r->vmcs, r->mem, r->pop, ports ? (double)r->cycles / (double)ports : 0.0);
}

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '&') fputs("&amp;", f);
        else if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '"') fputs("&quot;", f);
        else fputc(*s, f);
    }
}

/* One testcase: record I, or with I == njunit the random run's passing scenarios (TIME seconds). */
static void write_case(FILE *f, size_t i, double time)
{
    const struct junit_case *c = i < njunit ? &junit[i] : NULL;
    fputs("    <testcase classname=\"", f);
    xml_text(f, c ? c->classname : "random");
    fputs("\" name=\"", f);
    if (c) xml_text(f, c->name);
    else fprintf(f, "seed %lu shard %u/%u: the scenarios that passed", opt->seed, opt->shard_i, opt->shard_n);
    fprintf(f, "\" time=\"%.6f\"", c ? c->time : time);
    if (!c || !c->failure) {
        fputs("/>\n", f);
        return;
    }
    fputs(">\n      <failure message=\"", f);
    xml_text(f, c->failure);
    fputs("\"/>\n    </testcase>\n", f);
}

/* --junit: one testsuite per vector file, with a testcase per directed test; with --random, one
 * testsuite with a testcase per failing scenario and one for the scenarios that passed (those set
 * aside counted as skipped). Not in a --rerun, whose one test would overwrite the report. */
static void write_junit(const struct run_totals *t)
{
    if (!opt->junit || opt->rerun) return;
    FILE *f = fopen(opt->junit, "w");
    if (!f) {
        fprintf(stderr, "vmentry-sim: cannot write %s\n", opt->junit);
        return;
    }
    double total = seconds();
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vmentry-sim\" tests=\"%u\" failures=\"%u\" time=\"%.6f\">\n",
            t->passed + t->failed, t->failed, total);
    if (opt->random_n) {
        double failing = 0;
        for (size_t i = 0; i < njunit; i++) failing += junit[i].time;
        fprintf(f, "  <testsuite name=\"random seed %lu shard %u/%u\" tests=\"%u\" failures=\"%u\" skipped=\"%u\" time=\"%.6f\">\n",
                opt->seed, opt->shard_i, opt->shard_n, t->passed + t->failed, t->failed, t->discarded, total);
        for (size_t i = 0; i <= njunit; i++) write_case(f, i, total - failing);
        fputs("  </testsuite>\n", f);
    }
    for (size_t from = 0, to; !opt->random_n && from < njunit; from = to) {
        unsigned failures = 0;
        double time = 0;
        for (to = from; to < njunit && !strcmp(junit[to].classname, junit[from].classname); to++) {
            failures += junit[to].failure != NULL;
            time += junit[to].time;
        }
        fputs("  <testsuite name=\"", f);
        xml_text(f, junit[from].classname);
        fprintf(f, "\" tests=\"%zu\" failures=\"%u\" time=\"%.6f\">\n", to - from, failures, time);
        for (size_t i = from; i < to; i++) write_case(f, i, 0);
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
    fclose(f);
}

static void write_coverage(void)
{
    if (!opt->coverage) return;
    FILE *f = fopen(opt->coverage, "w");
    if (!f || cover_write(f) || fclose(f)) fprintf(stderr, "vmentry-sim: cannot write %s\n", opt->coverage);
}

void report_finish(const struct run_totals *t)
{
    if (opt->bench) {
        double s = seconds();
        printf("simulator: %lu cycles checked in %.3f s: %.2f million cycles/s\n", t->cycles, s,
               s > 0 ? (double)t->cycles / s / 1e6 : 0.0);
    }
    if (t->model_only)
        printf("%u of these tests ran on the golden model alone (files tagged #! model-only: the RTL does not have their features yet)\n",
               t->model_only);
    if (opt->random_n) report_progress(t, 1);
    if (t->discarded)
        printf("%u scenarios set aside: the golden model found the guest would hang (a delivery that never ends)\n",
               t->discarded);
    if (opt->reset_at) printf("%lu tests reset in flight at cycle %lu and run again\n", t->resets_in_flight, opt->reset_at);
    if (!opt->model_only && !opt->rerun && t->matched)
        printf("lockstep: matched %lu transactions of the golden model in %lu cycles\n", t->matched, t->cycles);
    if (t->failed || opt->verbose) reexec_print_seed();
    if (!opt->rerun) printf("%u passed, %u failed\n", t->passed, t->failed);
    write_junit(t);
    json_finish();
    write_coverage();
    if (opt->wave) {
        printf("waveform%s%s: %s\n  open it: gtkwave %s %s/vmentry.gtkw\n", opt->rerun ? " of FAIL " : "",
               opt->rerun ? opt->test_filter : "", opt->wave, opt->wave, exe_dir());
    }
    fflush(stdout);
}
