/* vmentry-sim: runs vector files on the RTL and the golden model in lockstep.
 *
 *   build/vmentry-sim [options] FILE.vec...
 *
 * The Verilated testbench (tb/tb_top.sv) calls c_dpi_cycle() once per clock cycle. This file
 * holds the runner: it walks the tests' statements, applies them to two machines (the one the
 * RTL works on through its ports and the model's own), starts each run, serves the RTL's port
 * requests, and compares every transaction the RTL makes with the golden model's next one on
 * the cycle it appears. When a run ends, the VMCS images, CR2 and SMM counts are compared; then
 * the `expect` lines are checked. One line per test, then "N passed, N failed".
 *
 * Exit status: 0 all tests passed, 1 a test failed, 2 bad input or usage. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "Vtb_top__Dpi.h"
#include "evd_arch.h"
#include "evd_cover.h"
#include "evd_model.h"
#include "evd_ports.h"
#include "random.h"
#include "machine.h"
#include "vec.h"

#ifndef EVD_UCODE_DEFAULT
#error "build with -DEVD_UCODE_DEFAULT=\"/path/to/ucode.hex\""
#endif

#define DEFAULT_MAX_CYCLES 100000u
#define RESET_CYCLES 2

//////// Options ////////

static struct {
    int model_only;
    int lockstep;    /* run files tagged model-only in lockstep too */
    int verbose;
    int bench;       /* print each run as a benchmark row, and the checked cycles per second */
    unsigned long max_cycles;
    const char *ucode;
    const char *test_filter;
    unsigned long seed;
    int have_seed;
    unsigned stall;  /* percent of port cycles answered with a wait state */
    const char *flip; /* ADDR:BIT or LABEL[+N]:BIT: one ROM bit to flip (mutation tests) */
    const char *wave; /* FST file to trace into */
    int no_wave;      /* no traced re-run of a failing test */
    int rerun;        /* this is that re-run: say only where the waveform is */
    int argc;
    char **argv;
    int file_arg[4096]; /* argv index of each vector file */
    unsigned long random_n;  /* --random N: N generated scenarios instead of vector files */
    unsigned shard_i, shard_n; /* --shard I/N: this run takes every Nth test or scenario, from I */
    const char *junit;       /* JUnit XML report */
    const char *coverage;    /* --coverage FILE: the golden model's functional coverage counts */
    unsigned long reset_at;  /* --reset-at N: reset the RTL at cycle N of each test, then run it again */
    const char *model_bug;   /* --model-bug NAME: a deliberate bug in the golden model */
    uint64_t rng;    /* xorshift state for the wait states, from the seed */
    char **files;
    int nfiles;
} opt;

static struct vec_file *vfiles;

/* --random: the scenario being run, generated in place, and where it goes if it fails. */
static struct vec_file random_file;
static struct vec_test random_test;
static size_t random_cap;
static char random_path[4096];

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vmentry-sim [options] FILE.vec...\n"
            "Runs every test of every vector file on the RTL and the golden model in lockstep.\n"
            "  --model-only      run the golden model alone (no RTL)\n"
            "  --lockstep        run files tagged #! model-only in lockstep too\n"
            "  --test NAME       run only the tests called NAME\n"
            "  --max-cycles N    watchdog: cycles one run may take (default %u)\n"
            "  --seed N          seed of the X-initial values and the wait states (default: random, printed)\n"
            "  --stall P         answer P%% of VMCS and memory port cycles with a wait state (default 0)\n"
            "  --ucode FILE      microcode image for the ROM (default: the one the build assembled)\n"
            "  --flip WHERE:BIT  flip bit BIT (0 = LSB) of the ROM word at WHERE (an address or LABEL[+N])\n"
            "  --wave FILE.fst   trace the run into FILE.fst (with --test NAME: that test)\n"
            "  --no-wave         do not re-run a failing test with tracing\n"
            "  --random N        run N constrained-random scenarios (from --seed) instead of vector files\n"
            "  --shard I/N       run only every Nth test or scenario, starting at I (0 <= I < N)\n"
            "  --junit FILE      write a JUnit XML report\n"
            "  --coverage FILE   write the functional coverage counts (build/covreport FILE... merges them)\n"
            "  --reset-at N      reset the RTL in flight at cycle N of each test, then run the test again\n"
            "                    from the start: it must come back clean and pass\n"
            "  --model-bug NAME  give the golden model a known bug (ext-soft: EXT set for INT n), to show\n"
            "                    that the lockstep check finds it\n"
            "  -v, --verbose     print each run's outcome and cycle count\n"
            "  --bench           print each run's cycles and port transactions, and the simulator's speed\n"
            "  -h, --help        this text\n"
            "Exit status: 0 all passed, 1 a test failed, 2 bad input or usage.\n",
            DEFAULT_MAX_CYCLES);
}

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmentry-sim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    usage(stderr);
    exit(2);
}

static unsigned long parse_count(const char *opt_name, const char *s)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (!*s || *end || errno) usage_error("bad number for %s", opt_name);
    return v;
}

/* Re-runs this program with Verilator's X-initial randomisation switched on and a known seed,
 * unless the command line already has one. */
static void reexec_with_seed(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strncmp(argv[i], "+verilator+seed+", 16)) {
            opt.seed = strtoul(argv[i] + 16, NULL, 10);
            return;
        }
    unsigned long seed = opt.have_seed ? opt.seed : ((unsigned long)time(NULL) ^ (unsigned long)getpid()) % 1000000007ul;
    char **args = calloc((size_t)argc + 3, sizeof *args);
    char seed_arg[64];
    if (!args) return;
    snprintf(seed_arg, sizeof seed_arg, "+verilator+seed+%lu", seed);
    memcpy(args, argv, (size_t)argc * sizeof *args);
    args[argc] = "+verilator+rand+reset+2";
    args[argc + 1] = seed_arg;
    execv("/proc/self/exe", args);
    free(args); /* exec failed: run on without randomised initial values */
}

/* glibc passes argc/argv to ELF constructors: the options are read before Verilator's main. */
__attribute__((constructor)) static void read_options(int argc, char **argv)
{
    opt.argc = argc;
    opt.argv = argv;
    opt.max_cycles = DEFAULT_MAX_CYCLES;
    opt.ucode = EVD_UCODE_DEFAULT;
    opt.files = calloc((size_t)argc, sizeof *opt.files);
    if (!opt.files) exit(2);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '+') continue; /* Verilator's plusargs */
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--model-only")) {
            opt.model_only = 1;
        } else if (!strcmp(a, "--lockstep")) {
            opt.lockstep = 1;
        } else if (!strcmp(a, "--no-wave")) {
            opt.no_wave = 1;
        } else if (!strcmp(a, "--rerun")) {
            opt.rerun = 1;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            opt.verbose = 1;
        } else if (!strcmp(a, "--bench")) {
            opt.bench = 1;
        } else if (!strcmp(a, "--test") || !strcmp(a, "--max-cycles") || !strcmp(a, "--seed") ||
                   !strcmp(a, "--ucode") || !strcmp(a, "--stall") || !strcmp(a, "--flip") || !strcmp(a, "--wave") ||
                   !strcmp(a, "--random") || !strcmp(a, "--shard") || !strcmp(a, "--junit") || !strcmp(a, "--model-bug") ||
                   !strcmp(a, "--coverage") || !strcmp(a, "--reset-at")) {
            if (i + 1 == argc) usage_error("%s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--test")) opt.test_filter = v;
            else if (!strcmp(a, "--ucode")) opt.ucode = v;
            else if (!strcmp(a, "--seed")) opt.seed = parse_count(a, v), opt.have_seed = 1;
            else if (!strcmp(a, "--stall")) opt.stall = (unsigned)parse_count(a, v);
            else if (!strcmp(a, "--flip")) opt.flip = v;
            else if (!strcmp(a, "--wave")) opt.wave = v;
            else if (!strcmp(a, "--random")) opt.random_n = parse_count(a, v);
            else if (!strcmp(a, "--junit")) opt.junit = v;
            else if (!strcmp(a, "--coverage")) opt.coverage = v;
            else if (!strcmp(a, "--reset-at")) opt.reset_at = parse_count(a, v);
            else if (!strcmp(a, "--model-bug")) opt.model_bug = v;
            else if (!strcmp(a, "--max-cycles")) opt.max_cycles = parse_count(a, v);
            else if (sscanf(v, "%u/%u", &opt.shard_i, &opt.shard_n) != 2 || !opt.shard_n || opt.shard_i >= opt.shard_n)
                usage_error("bad --shard %s (I/N with 0 <= I < N)", v);
        } else if (a[0] == '-') {
            usage_error("unknown option %s", a);
        } else {
            if (opt.nfiles < 4096) opt.file_arg[opt.nfiles] = i;
            opt.files[opt.nfiles++] = argv[i];
        }
    }
    if (!opt.shard_n) opt.shard_n = 1;
    if (!opt.nfiles && !opt.random_n) usage_error("%s", "no vector file given");
    if (opt.nfiles && opt.random_n) usage_error("%s", "--random runs generated scenarios: give no vector file");
    if (opt.model_bug && model_mutate(opt.model_bug)) usage_error("unknown --model-bug %s", opt.model_bug);
    if (opt.max_cycles == 0) usage_error("%s", "--max-cycles must be at least 1");
    if (opt.stall > 90) usage_error("%s", "--stall takes a percentage from 0 to 90");
    /* Every file is parsed before anything is simulated: one bad file stops the run. */
    vfiles = calloc((size_t)opt.nfiles, sizeof *vfiles);
    if (!vfiles) exit(2);
    int bad = 0;
    for (int i = 0; i < opt.nfiles; i++) {
        char err[512];
        if (vec_parse_file(opt.files[i], &vfiles[i], err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            bad = 1;
        }
    }
    if (bad) exit(2);
    if (!opt.model_only) {
        reexec_with_seed(argc, argv);
        fprintf(stderr, "vmentry-sim: seed %lu (X-initial values%s; repeat with --seed %lu)\n", opt.seed,
                opt.stall ? " and wait states" : "", opt.seed);
        opt.rng = opt.seed * 0x9e3779b97f4a7c15ull + 1;
    }
}

//////// Microcode labels, for messages ////////

static char (*labels)[48];

/* Reads the assembler's listing beside the image (ucode.lst) to name microcode addresses. */
static void load_labels(void)
{
    if (labels) return;
    char path[4096];
    snprintf(path, sizeof path, "%s", opt.ucode);
    char *dot = strrchr(path, '.');
    if (!dot || strlen(dot) < 4) return;
    strcpy(dot, ".lst");
    FILE *f = fopen(path, "r");
    if (!f) return;
    labels = calloc(1u << 16, sizeof *labels);
    char line[1024];
    while (labels && fgets(line, sizeof line, f)) {
        unsigned addr;
        char word[32], label[48];
        if (line[0] == '#' || sscanf(line, "%x %31s %47s", &addr, word, label) != 3) continue;
        if (addr < (1u << 16) && !strchr(label, ':')) snprintf(labels[addr], sizeof labels[addr], "%s", label);
    }
    fclose(f);
}

/* The address of the label that word UPC belongs to (the nearest label at or below it). */
static int label_address(int upc)
{
    int a = upc;
    while (labels && a > 0 && a < (1 << 16) && !labels[a][0]) a--;
    return a < 0 ? 0 : a;
}

static void upc_text(int upc, char *buf, size_t len)
{
    if (upc < 0) {
        snprintf(buf, len, "uPC -");
        return;
    }
    int a = upc;
    while (labels && a > 0 && !labels[a][0]) a--;
    if (labels && labels[a][0])
        snprintf(buf, len, "uPC 0x%03x %s%s%.0d", upc, labels[a], upc > a ? "+" : "", upc - a);
    else
        snprintf(buf, len, "uPC 0x%03x", upc);
}

//////// Runner state ////////

enum phase { PH_RESET, PH_SETUP, PH_RUN };
enum outcome { OUT_NONE, OUT_EXIT, OUT_VMFAIL, OUT_IDLE };

static struct {
    enum phase phase;
    int reset_left;
    int fi;                      /* file */
    size_t ti;                   /* test */
    size_t si;                   /* next statement */
    int in_test;
    struct machine rtl, mdl;
    struct model md;
    size_t txn;                  /* next model transaction to match */
    const struct vec_stmt **pending_mem;
    size_t npending, pending_cap;
    enum outcome outcome;
    int guest_running;           /* the last run ended with the guest idle */
    int reset_in_flight_done;    /* --reset-at: this test was reset once already */
    unsigned long resets_in_flight;
    uint64_t *snapshot;          /* VMCS image before the run */
    int entry_pending, entry_launch;
    const struct vec_stmt *enter;
    unsigned long run_cycles, test_cycles;
    unsigned long n_vmcs, n_mem, n_pop;
    int failed;
    char msg[1024];
    int model_only;              /* this test runs on the golden model alone */
    unsigned passed, failed_tests, model_only_tests;
    unsigned long total_cycles;  /* every cycle simulated and checked */
    int test_index;              /* tests begun, for the waveform */
    char first_failed[VEC_MAX_NAME + 1];
    char first_failed_path[4096];
    unsigned long ri;            /* --random: the scenario index */
    unsigned long seen;          /* tests the --test filter selected, for --shard */
    unsigned discarded;          /* --random: scenarios the model found to hang */
    int model_refused;           /* this test's run: the model could not carry it out */
    int done;                    /* every test has run (tracing: waiting for $finish) */
    struct timespec started;
} S;

/* The machine that `expect` lines and the launch decision read: the RTL's, or in --model-only
 * runs the model's. */
static struct machine *observed(void) { return S.model_only ? &S.mdl : &S.rtl; }

static const struct vec_file *cur_file(void) { return opt.random_n ? &random_file : &vfiles[S.fi]; }
static const struct vec_test *cur_test(void) { return opt.random_n ? &random_test : &vfiles[S.fi].tests[S.ti]; }

static void fail_test(int line, const char *fmt, ...)
{
    if (S.failed) return; /* the first failure is the one worth reading */
    S.failed = 1;
    int n = snprintf(S.msg, sizeof S.msg, "%s:%d: ", cur_file()->path, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(S.msg + n, sizeof S.msg - (size_t)n, fmt, ap);
    va_end(ap);
}

static void out_of_memory(void)
{
    fprintf(stderr, "vmentry-sim: out of memory\n");
    exit(2);
}

/* The directory the simulator lives in (build/), for the files it writes; read once, not per
 * random scenario. */
static const char *exe_dir(void)
{
    static char dir[sizeof random_path - 256];
    if (!dir[0]) {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        dir[n > 0 ? n : 0] = '\0';
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
    }
    return dir;
}

/* Advances to the next test that the --test filter and the --shard selects, or with --random
 * generates the next scenario of this shard; returns 0 when none is left. */
static int next_test(int first)
{
    if (opt.random_n) {
        S.ri = first ? opt.shard_i : S.ri + opt.shard_n;
        if (S.ri >= opt.random_n) return 0;
        if (random_scenario(opt.seed, S.ri, &random_test, &random_cap)) out_of_memory();
        random_file.tests = &random_test;
        random_file.ntests = 1;
        snprintf(random_path, sizeof random_path, "%s/random/%s.vec", exe_dir(), random_test.name);
        random_file.path = random_path;
        return 1;
    }
    if (!first) S.ti++;
    for (; S.fi < opt.nfiles; S.fi++, S.ti = 0)
        for (; S.ti < vfiles[S.fi].ntests; S.ti++)
            if ((!opt.test_filter || !strcmp(opt.test_filter, vfiles[S.fi].tests[S.ti].name)) &&
                S.seen++ % opt.shard_n == opt.shard_i)
                return 1;
    return 0;
}

static void begin_test(void)
{
    if (machine_reset(&S.rtl) || machine_reset(&S.mdl)) out_of_memory();
    model_reset(&S.md);
    S.si = 0;
    S.in_test = 1;
    S.npending = 0;
    S.outcome = OUT_NONE;
    S.guest_running = 0;
    S.entry_pending = 0;
    S.failed = 0;
    S.model_refused = 0;
    S.msg[0] = '\0';
    S.test_index++;
    S.test_cycles = 0;
    S.model_only = opt.model_only || (cur_file()->model_only && !opt.lockstep);
}

static void rerun_with_wave(void);

/* The save file beside the simulator (build/vmentry.gtkw). */
static void gtkw_path(char *buf, size_t len) { snprintf(buf, len, "%s/vmentry.gtkw", exe_dir()); }

/* JUnit records: every directed test; with --random, the failing scenarios (the rest is counted). */
struct junit_case { char *name, *classname, *failure; };
static struct junit_case *junit;
static size_t njunit, junit_cap;

static void progress(int last);

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

/* --junit: one testcase per directed test; with --random, one per failing scenario and one for the
 * scenarios that passed. */
static void write_junit(void)
{
    if (!opt.junit) return;
    FILE *f = fopen(opt.junit, "w");
    if (!f) {
        fprintf(stderr, "vmentry-sim: cannot write %s\n", opt.junit);
        return;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"vmentry-sim\" tests=\"%u\" failures=\"%u\">\n",
            S.passed + S.failed_tests, S.failed_tests);
    for (size_t i = 0; i < njunit; i++) {
        fputs("  <testcase classname=\"", f);
        xml_text(f, junit[i].classname);
        fputs("\" name=\"", f);
        xml_text(f, junit[i].name);
        if (!junit[i].failure) {
            fputs("\"/>\n", f);
            continue;
        }
        fputs("\">\n    <failure message=\"", f);
        xml_text(f, junit[i].failure);
        fputs("\"/>\n  </testcase>\n", f);
    }
    if (opt.random_n)
        fprintf(f, "  <testcase classname=\"random\" name=\"seed %lu shard %u/%u: %u scenarios passed, %u set aside\"/>\n",
                opt.seed, opt.shard_i, opt.shard_n, S.passed, S.discarded);
    fprintf(f, "</testsuite>\n");
    fclose(f);
}

static void write_coverage(void)
{
    if (!opt.coverage) return;
    FILE *f = fopen(opt.coverage, "w");
    if (!f || cover_write(f) || fclose(f)) fprintf(stderr, "vmentry-sim: cannot write %s\n", opt.coverage);
}

/* The closing report: speed, model-only count, summary, waveform. */
static void print_report(void)
{
    if (opt.bench) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double s = (double)(now.tv_sec - S.started.tv_sec) + 1e-9 * (double)(now.tv_nsec - S.started.tv_nsec);
        printf("simulator: %lu cycles checked in %.3f s: %.2f million cycles/s\n", S.total_cycles, s,
               s > 0 ? (double)S.total_cycles / s / 1e6 : 0.0);
    }
    if (S.model_only_tests)
        printf("%u of these tests ran on the golden model alone (files tagged #! model-only: the RTL does not have their features yet)\n",
               S.model_only_tests);
    if (opt.random_n) progress(1);
    if (S.discarded)
        printf("%u scenarios set aside: the golden model found the guest would hang (a delivery that never ends)\n",
               S.discarded);
    if (opt.reset_at) printf("%lu tests reset in flight at cycle %lu and run again\n", S.resets_in_flight, opt.reset_at);
    if (!opt.rerun) printf("%u passed, %u failed\n", S.passed, S.failed_tests);
    write_junit();
    write_coverage();
    if (opt.wave) {
        char gtkw[4096];
        gtkw_path(gtkw, sizeof gtkw);
        printf("waveform%s%s: %s\n  open it: gtkwave %s %s\n", opt.rerun ? " of FAIL " : "", opt.rerun ? opt.test_filter : "",
               opt.wave, opt.wave, gtkw);
    }
    fflush(stdout);
}

/* With tracing, the run ends through $finish (tb_top), so that Verilator closes the FST file;
 * the report comes after Verilator's own "$finish" line, and the exit status is set here. */
static void report_at_exit(void)
{
    print_report();
    _exit(opt.rerun || S.failed_tests ? 1 : 0);
}

/* The RTL-coverage build (make coverage-rtl) also ends through $finish: Verilator's main writes
 * the coverage counts after it. */
#ifdef EVD_END_THROUGH_FINISH
enum { END_THROUGH_FINISH = 1 };
#else
enum { END_THROUGH_FINISH = 0 };
#endif

static void finish_all(void)
{
    if (opt.wave || END_THROUGH_FINISH) {
        S.done = 1;
        atexit(report_at_exit);
        return;
    }
    print_report();
    rerun_with_wave();
    exit(S.failed_tests ? 1 : 0);
}

/* The first failing test runs again, alone, traced into build/waves/NAME.fst, with the same seed,
 * options and microcode; it prints where the waveform is. exec: the exit status stays a failure. */
static void rerun_with_wave(void)
{
    if (!S.first_failed[0] || opt.wave || opt.no_wave || opt.model_only) return;
    static char exe[4096], wave[4608], seed[64];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = '\0';
    snprintf(wave, sizeof wave, "%.*s/waves", (int)(strrchr(exe, '/') - exe), exe);
    mkdir(wave, 0777);
    size_t len = strlen(wave);
    snprintf(wave + len, sizeof wave - len, "/%s.fst", S.first_failed);
    char **args = calloc((size_t)opt.argc + 12, sizeof *args);
    if (!args) return;
    int k = 0;
    args[k++] = exe;
    for (int i = 1; i < opt.argc; i++) {
        int is_file = 0;
        for (int f = 0; f < opt.nfiles && f < 4096; f++) is_file |= opt.file_arg[f] == i;
        if (is_file || !strncmp(opt.argv[i], "+verilator+seed+", 16)) continue;
        if (!strcmp(opt.argv[i], "--test") || !strcmp(opt.argv[i], "--seed")) {
            i++;
            continue;
        }
        args[k++] = opt.argv[i];
    }
    snprintf(seed, sizeof seed, "+verilator+seed+%lu", opt.seed);
    args[k++] = seed;
    args[k++] = "+verilator+error+limit+1000000"; /* an assertion must not abort before the FST closes */
    args[k++] = "--test";
    args[k++] = S.first_failed;
    args[k++] = "--wave";
    args[k++] = wave;
    args[k++] = "--rerun";
    args[k++] = S.first_failed_path;
    execv(exe, args);
    free(args);
}

/* Starts the next test the --test filter selects (the first one when FIRST), with the RTL held in
 * reset; 0 when none is left and the run is finishing. */
static int start_next_test(int first)
{
    if (!next_test(first)) {
        finish_all();
        return 0;
    }
    begin_test();
    S.phase = PH_RESET;
    S.reset_left = RESET_CYCLES;
    S.reset_in_flight_done = 0;
    return 1;
}

/* Reports the test and moves on: the RTL is reset before the next one. */
static char *dup_text(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (!d) out_of_memory();
    return strcpy(d, s);
}

static void junit_record(const char *failure)
{
    if (!opt.junit || (opt.random_n && !failure)) return;
    if (njunit == junit_cap) {
        junit_cap = junit_cap ? junit_cap * 2 : 256;
        junit = realloc(junit, junit_cap * sizeof *junit);
        if (!junit) out_of_memory();
    }
    junit[njunit++] = (struct junit_case){dup_text(cur_test()->name), dup_text(cur_file()->path),
                                          failure ? dup_text(failure) : NULL};
}

/* --random: a failing scenario is written out as a vector file that reproduces it. */
static void keep_scenario(void)
{
    char dir[sizeof random_path], note[sizeof random_path + 256];
    snprintf(dir, sizeof dir, "%s/random", exe_dir());
    mkdir(dir, 0777);
    FILE *f = fopen(random_path, "w");
    snprintf(note, sizeof note, "scenario %lu of build/vmentry-sim --random with --seed %lu; run it again: build/vmentry-sim %s",
             S.ri, opt.seed, random_path);
    if (!f || vec_write_test(f, &random_test, note) || fclose(f)) {
        fprintf(stderr, "vmentry-sim: cannot write %s\n", random_path);
        return;
    }
    size_t n = strlen(S.msg);
    snprintf(S.msg + n, sizeof S.msg - n, " (seed %lu; the scenario is in %s)", opt.seed, random_path);
}

/* --random: progress on stderr every two seconds. */
static void progress(int last)
{
    static struct timespec shown;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!last && now.tv_sec - shown.tv_sec < 2) return;
    shown = now;
    double s = (double)(now.tv_sec - S.started.tv_sec) + 1e-9 * (double)(now.tv_nsec - S.started.tv_nsec);
    unsigned long done = S.passed + S.failed_tests + S.discarded;
    fprintf(stderr, "random seed %lu shard %u/%u: %lu of %lu scenarios (%.0f/s), %u failed\n", opt.seed, opt.shard_i,
            opt.shard_n, done, (opt.random_n - opt.shard_i + opt.shard_n - 1) / opt.shard_n, s > 0 ? (double)done / s : 0.0, S.failed_tests);
}

static void end_test(void)
{
    /* Tests of files tagged model-only say so, so that nothing hides in the summary. */
    const char *tag = S.model_only && !opt.model_only ? " (model only)" : "";
    S.model_only_tests += S.model_only && !opt.model_only;
    if (S.failed && opt.random_n && S.model_refused) {
        S.discarded++; /* the model found the guest would hang: nothing to compare */
    } else if (S.failed) {
        if (opt.random_n) keep_scenario();
        if (!opt.rerun) printf("FAIL %s%s: %s\n", cur_test()->name, tag, S.msg);
        S.failed_tests++;
        junit_record(S.msg);
        if (!S.first_failed[0] && !S.model_only) {
            snprintf(S.first_failed, sizeof S.first_failed, "%s", cur_test()->name);
            snprintf(S.first_failed_path, sizeof S.first_failed_path, "%s", cur_file()->path);
        }
    } else {
        if (!opt.rerun && !opt.random_n) printf("PASS %s%s\n", cur_test()->name, tag);
        S.passed++;
        junit_record(NULL);
    }
    fflush(stdout);
    if (opt.random_n) progress(0);
    S.in_test = 0;
    start_next_test(0);
}

//////// Expectations ////////

static const char *outcome_text(const struct machine *m, char *buf, size_t len)
{
    switch (S.outcome) {
    case OUT_EXIT: snprintf(buf, len, "exit 0x%" PRIx64, machine_vmcs(m, VMCS_VM_EXIT_REASON)); break;
    case OUT_VMFAIL: snprintf(buf, len, "vmfail %" PRIu64, machine_vmcs(m, VMCS_VM_INSTRUCTION_ERROR)); break;
    case OUT_IDLE: snprintf(buf, len, "running"); break;
    default: snprintf(buf, len, "no run"); break;
    }
    return buf;
}

static void check_expect(const struct vec_stmt *st, const struct machine *m)
{
    const struct vec_expect *x = &st->u.expect;
    char got[96];
    uint64_t v;
    switch (x->kind) {
    case VX_EXIT:
        if (S.outcome != OUT_EXIT || machine_vmcs(m, VMCS_VM_EXIT_REASON) != x->value)
            fail_test(st->line, "expect exit 0x%" PRIx64 ": got %s", x->value, outcome_text(m, got, sizeof got));
        break;
    case VX_VMFAIL:
        if (S.outcome != OUT_VMFAIL || machine_vmcs(m, VMCS_VM_INSTRUCTION_ERROR) != x->value) {
            fail_test(st->line, "expect vmfail %" PRIu64 ": got %s", x->value, outcome_text(m, got, sizeof got));
            break;
        }
        for (size_t i = 0; i < vmcs_field_count(); i++) {
            uint16_t enc = vmcs_field_at(i);
            if (enc != VMCS_VM_INSTRUCTION_ERROR && m->vmcs[i] != S.snapshot[i])
                fail_test(st->line, "expect vmfail: VMfailValid changed %s from 0x%" PRIx64 " to 0x%" PRIx64,
                          vmcs_field_name(enc), S.snapshot[i], m->vmcs[i]);
        }
        break;
    case VX_RUNNING:
        if (S.outcome != OUT_IDLE) fail_test(st->line, "expect running: got %s", outcome_text(m, got, sizeof got));
        break;
    case VX_VMCS:
        machine_vmcs_read(m, x->field, &v);
        if (v != x->value)
            fail_test(st->line, "expect vmcs %s: expected 0x%" PRIx64 ", got 0x%" PRIx64, vmcs_field_name(x->field),
                      x->value, v);
        break;
    case VX_MEM:
        v = machine_mem_read(m, x->addr, x->size);
        if (v != x->value)
            fail_test(st->line, "expect mem 0x%" PRIx64 " %u: expected 0x%" PRIx64 ", got 0x%" PRIx64, x->addr,
                      x->size, x->value, v);
        break;
    case VX_CR2:
        if (m->cr2 != x->value)
            fail_test(st->line, "expect cr2: expected 0x%" PRIx64 ", got 0x%" PRIx64, x->value, m->cr2);
        break;
    case VX_SMM:
        if (m->smm_count != x->value)
            fail_test(st->line, "expect smm: expected %" PRIu64 ", got %" PRIu32, x->value, m->smm_count);
        break;
    }
}

//////// Statements ////////

static void apply_both(int (*fn)(struct machine *, const void *), const void *arg)
{
    if (fn(&S.rtl, arg) || fn(&S.mdl, arg)) out_of_memory();
}

static int do_vmcs(struct machine *m, const void *a)
{
    const struct vec_stmt *st = a;
    return machine_vmcs_write(m, st->u.vmcs.field, st->u.vmcs.value);
}
static int do_gate(struct machine *m, const void *a)
{
    machine_set_gate(m, &((const struct vec_stmt *)a)->u.gate);
    return 0;
}
static int do_fault(struct machine *m, const void *a) { return machine_add_fault(m, &((const struct vec_stmt *)a)->u.fault); }
static int do_item(struct machine *m, const void *a) { return machine_stream_push(m, &((const struct vec_stmt *)a)->u.item); }
static int do_config(struct machine *m, const void *a)
{
    const struct vec_stmt *st = a;
    m->cfg[st->u.config.key] = st->u.config.value;
    return 0;
}
/* At `enter`: the IDT from the gate table, then the `mem` lines since the last enter. */
static int do_memory_image(struct machine *m, const void *a)
{
    (void)a;
    if (machine_write_idt(m)) return -1;
    for (size_t i = 0; i < S.npending; i++) {
        const struct vec_stmt *st = S.pending_mem[i];
        if (machine_mem_write(m, st->u.mem.addr, st->u.mem.size, st->u.mem.value)) return -1;
    }
    return 0;
}

static void remember_mem(const struct vec_stmt *st)
{
    if (S.npending == S.pending_cap) {
        size_t cap = S.pending_cap ? S.pending_cap * 2 : 16;
        const struct vec_stmt **p = realloc(S.pending_mem, cap * sizeof *p);
        if (!p) out_of_memory();
        S.pending_mem = p;
        S.pending_cap = cap;
    }
    S.pending_mem[S.npending++] = st;
}

static enum outcome outcome_of(const struct model_txn *t)
{
    return t->kind == TX_EXIT ? OUT_EXIT : t->kind == TX_VMFAIL ? OUT_VMFAIL : OUT_IDLE;
}

/* Starts the run of an `enter`: the model carries it out at once; the RTL is then started. */
static void start_run(const struct vec_stmt *st)
{
    apply_both(do_memory_image, NULL);
    S.npending = 0;
    enum model_entry entry = model_entry_for(observed(), st->u.enter, S.guest_running);
    size_t nfields = vmcs_field_count();
    if (!S.snapshot && !(S.snapshot = malloc(nfields * sizeof *S.snapshot))) out_of_memory();
    memcpy(S.snapshot, observed()->vmcs, nfields * sizeof *S.snapshot);
    S.enter = st;
    if (model_enter(&S.md, &S.mdl, entry)) {
        fail_test(st->line, "golden model: %s", S.md.unsupported);
        S.model_refused = 1;
        return;
    }
    S.txn = 0;
    if (S.model_only) {
        /* The model's machine stands in for the RTL's: expectations read it. */
        S.outcome = outcome_of(&S.md.txns[S.md.ntxns - 1]);
        S.guest_running = S.outcome == OUT_IDLE;
        return;
    }
    S.entry_pending = entry != ENTRY_CONTINUE;
    S.entry_launch = entry == ENTRY_VMLAUNCH;
    S.run_cycles = S.n_vmcs = S.n_mem = S.n_pop = 0;
    S.phase = PH_RUN;
}

/* Executes statements until a run starts or the test ends. */
static void run_statements(void)
{
    const struct vec_test *t = cur_test();
    while (S.si < t->nstmts && !S.failed) {
        const struct vec_stmt *st = &t->stmts[S.si++];
        switch (st->kind) {
        case VS_CONFIG: apply_both(do_config, st); break;
        case VS_VMCS: apply_both(do_vmcs, st); break;
        case VS_MEM: remember_mem(st); break;
        case VS_GATE: apply_both(do_gate, st); break;
        case VS_FAULT: apply_both(do_fault, st); break;
        case VS_ITEM: apply_both(do_item, st); break;
        case VS_EXPECT: check_expect(st, observed()); break;
        case VS_ENTER:
            start_run(st);
            if (S.phase == PH_RUN) return;
            break;
        }
    }
    end_test();
}

//////// Lockstep ////////

/* The unit's ports are the generated groups of dpi/evd_ports.h (struct evd_unit_out / evd_unit_in). */

/* The microcode address the trace port shows, or -1 when no word executes. */
static int upc_of(const struct evd_unit_out *o) { return o->trace.exec ? (int)o->trace.upc : -1; }

static void mismatch(const struct evd_unit_out *o, const char *what_rtl)
{
    char expected[256], where[96];
    if (S.txn < S.md.ntxns)
        model_txn_text(&S.md.txns[S.txn], &S.mdl, expected, sizeof expected);
    else
        snprintf(expected, sizeof expected, "nothing (the model's run had ended)");
    upc_text(upc_of(o), where, sizeof where);
    fail_test(S.enter->line, "lockstep mismatch at cycle %lu of the test: expected %s, actual %s [%s]",
              S.test_cycles, expected, what_rtl, where);
}

/* Matches the RTL's transaction ACTUAL with the model's next one; 0 when they agree. */
static int match(const struct evd_unit_out *o, const struct model_txn *actual)
{
    const struct model_txn *e = S.txn < S.md.ntxns ? &S.md.txns[S.txn] : NULL;
    int same = e && e->kind == actual->kind;
    if (same) {
        switch (actual->kind) {
        case TX_MEM_READ: same = e->addr == actual->addr && e->size == actual->size; break;
        case TX_MEM_WRITE: same = e->addr == actual->addr && e->size == actual->size && e->data == actual->data; break;
        case TX_POP: same = e->item == actual->item; break;
        case TX_CR2: same = e->data == actual->data; break;
        case TX_EXIT:
        case TX_VMFAIL: same = e->code == actual->code; break;
        default: break;
        }
    }
    if (same) {
        S.txn++;
        return 0;
    }
    char what[256];
    model_txn_text(actual, &S.rtl, what, sizeof what);
    mismatch(o, what);
    return -1;
}

/* At the end of a run: the whole VMCS image, CR2 and the SMM count must agree. */
static void compare_machines(void)
{
    for (size_t i = 0; i < vmcs_field_count(); i++)
        if (S.rtl.vmcs[i] != S.mdl.vmcs[i]) {
            fail_test(S.enter->line, "lockstep mismatch at the end of the run (cycle %lu): VMCS %s: expected 0x%" PRIx64
                      ", actual 0x%" PRIx64, S.test_cycles, vmcs_field_name(vmcs_field_at(i)), S.mdl.vmcs[i], S.rtl.vmcs[i]);
            return;
        }
    if (S.rtl.cr2 != S.mdl.cr2)
        fail_test(S.enter->line, "lockstep mismatch at the end of the run: CR2: expected 0x%" PRIx64 ", actual 0x%" PRIx64,
                  S.mdl.cr2, S.rtl.cr2);
    if (S.rtl.smm_count != S.mdl.smm_count)
        fail_test(S.enter->line, "lockstep mismatch at the end of the run: SMM count: expected %" PRIu32 ", actual %" PRIu32,
                  S.mdl.smm_count, S.rtl.smm_count);
}

static void end_run(const struct evd_unit_out *o, const struct model_txn *last)
{
    if (match(o, last)) return;
    S.outcome = outcome_of(last);
    S.guest_running = S.outcome == OUT_IDLE;
    compare_machines();
    if (opt.bench) {
        unsigned long ports = S.n_vmcs + S.n_mem + S.n_pop;
        printf("  %-40s %7lu %6lu %6lu %6lu %6lu %7.2f\n", cur_test()->name, S.run_cycles, ports, S.n_vmcs, S.n_mem,
               S.n_pop, ports ? (double)S.run_cycles / (double)ports : 0.0);
    }
    if (opt.verbose) {
        char got[96];
        printf("  %s:%d: %s after %lu cycles (%lu VMCS, %lu memory, %lu stream transactions)\n", cur_file()->path,
               S.enter->line, outcome_text(&S.rtl, got, sizeof got), S.run_cycles, S.n_vmcs, S.n_mem, S.n_pop);
    }
    S.phase = PH_SETUP;
}

static const uint8_t stream_kind[] = {
    [VI_OK] = SK_OK,     [VI_FAULT] = SK_FAULT, [VI_EXIT] = SK_EXIT,     [VI_HLT] = SK_HLT,
    [VI_INT] = SK_INT,   [VI_INT3] = SK_INT3,   [VI_INTO] = SK_INTO,     [VI_INT1] = SK_INT1,
    [VI_REP] = SK_REP,   [VI_EXTINT] = SK_EXTINT, [VI_NMI] = SK_NMI,     [VI_SMI] = SK_SMI,
    [VI_INIT] = SK_INIT,
};

/* Shows stream item IDX (or none) on the stream port. */
static void show_item(long idx, struct evd_unit_in *in)
{
    in->strm_item.valid = idx >= 0;
    in->strm_item.kind = in->strm_item.len = in->strm_item.arg = in->strm_item.ec = in->strm_item.last = 0;
    in->strm_item.addr = 0;
    if (idx < 0) return;
    const struct vec_item *it = &S.rtl.stream[idx];
    in->strm_item.kind = stream_kind[it->kind];
    in->strm_item.last = machine_stream_group_ends(&S.rtl, (size_t)idx);
    in->strm_item.len = it->len;
    switch (it->kind) {
    case VI_EXIT: in->strm_item.arg = it->reason, in->strm_item.addr = it->qual; break;
    case VI_REP: in->strm_item.arg = it->count; break;
    default: in->strm_item.arg = it->vec, in->strm_item.ec = it->ec, in->strm_item.addr = it->addr; break;
    }
}

/* Whether a port answers this cycle: with --stall P, P% of cycles are wait states (xorshift64 from
 * the seed, so a run repeats with --seed). Results may not depend on them. */
static int port_answers(void)
{
    if (!opt.stall) return 1;
    opt.rng ^= opt.rng << 13, opt.rng ^= opt.rng >> 7, opt.rng ^= opt.rng << 17;
    return opt.rng % 100 >= opt.stall;
}

/* One cycle of a run: serve and check what the RTL does in it. */
static void run_cycle(const struct evd_unit_out *o, struct evd_unit_in *in)
{
    if (++S.run_cycles > opt.max_cycles) {
        char where[96];
        upc_text(upc_of(o), where, sizeof where);
        fail_test(S.enter->line, "watchdog: no VM exit, VMfail or idle guest after %lu cycles [%s]", opt.max_cycles, where);
        return;
    }
    /* The stream port shows the head (or the first event); a pop takes what it shows now. */
    long shown = machine_stream_peek(&S.rtl, o->strm_ctl.evonly);
    show_item(shown, in);
    if (o->strm_ctl.pop) {
        if (shown < 0) {
            mismatch(o, "a pop with no stream item shown");
            return;
        }
        machine_stream_consume(&S.rtl, (size_t)shown);
        S.n_pop++;
        if (match(o, &(struct model_txn){.kind = TX_POP, .item = (size_t)shown})) return;
    }
    if (o->vmcs_req.req && port_answers()) {
        in->vmcs_rsp.ack = 1;
        S.n_vmcs++;
        uint64_t v = 0;
        int bad = o->vmcs_req.we ? machine_vmcs_write(&S.rtl, o->vmcs_req.field, o->vmcs_req.wdata)
                                 : machine_vmcs_read(&S.rtl, o->vmcs_req.field, &v);
        if (bad) {
            char what[96];
            snprintf(what, sizeof what, "a VMCS access to encoding 0x%04x, which is not a field", o->vmcs_req.field);
            mismatch(o, what);
            return;
        }
        in->vmcs_rsp.rdata = v;
    }
    if (o->mem_req.req && port_answers()) {
        unsigned size = 1u << o->mem_req.size;
        uint8_t vec;
        uint32_t ec;
        uint64_t fault_addr;
        in->mem_rsp.ack = 1;
        S.n_mem++;
        /* A write of SIZE bytes carries the low SIZE bytes of the data bus. */
        uint64_t wdata = size == 8 ? o->mem_req.wdata : o->mem_req.wdata & ((1ull << (8 * size)) - 1);
        struct model_txn t = {.kind = o->mem_req.we ? TX_MEM_WRITE : TX_MEM_READ, .addr = o->mem_req.addr,
                              .size = (uint8_t)size, .data = o->mem_req.we ? wdata : 0};
        if (match(o, &t)) return;
        if (machine_access_faults(&S.rtl, o->mem_req.addr, size, o->mem_req.we, &vec, &ec, &fault_addr)) {
            in->mem_rsp.fault = 1, in->mem_rsp.fvec = vec, in->mem_rsp.fec = ec, in->mem_rsp.rdata = fault_addr;
        } else if (o->mem_req.we) {
            if (machine_mem_write(&S.rtl, o->mem_req.addr, size, wdata)) out_of_memory();
        } else {
            in->mem_rsp.rdata = machine_mem_read(&S.rtl, o->mem_req.addr, size);
        }
    }
    if (o->side.smm) {
        S.rtl.smm_count++;
        if (match(o, &(struct model_txn){.kind = TX_SMM})) return;
    }
    if (o->side.cr2_we) {
        S.rtl.cr2 = o->side.cr2;
        if (match(o, &(struct model_txn){.kind = TX_CR2, .data = o->side.cr2})) return;
    }
    if (o->side.done) {
        struct model_txn t = {.kind = o->side.done_vmfail ? TX_VMFAIL : TX_EXIT};
        t.code = (uint32_t)machine_vmcs(&S.rtl, o->side.done_vmfail ? VMCS_VM_INSTRUCTION_ERROR : VMCS_VM_EXIT_REASON);
        end_run(o, &t);
    } else if (o->strm_ctl.wait_item && shown < 0) {
        end_run(o, &(struct model_txn){.kind = TX_IDLE});
    }
}

/* An RTL assertion stops Verilator ($stop, then abort): report it as the current test's failure,
 * with the summary line, instead of losing both. The run cannot go on after it. */
static int last_upc = -1;

static void rerun_with_wave(void);

static void on_abort(int sig)
{
    (void)sig;
    static char buf[1024];
    char where[96];
    upc_text(last_upc, where, sizeof where);
    int n = snprintf(buf, sizeof buf,
                     "FAIL %s: an RTL assertion failed (message above) at cycle %lu of the test [%s]\n%u passed, %u failed\n",
                     S.in_test ? cur_test()->name : "(between tests)", S.test_cycles, where, S.passed,
                     S.failed_tests + 1);
    fflush(stdout);
    if (n > 0) (void)!write(1, buf, (size_t)n);
    if (S.in_test && !S.first_failed[0] && !S.model_only) {
        memcpy(S.first_failed, cur_test()->name, sizeof S.first_failed);
        snprintf(S.first_failed_path, sizeof S.first_failed_path, "%s", cur_file()->path);
    }
    rerun_with_wave(); /* exec is async-signal-safe */
    _exit(1);
}

//////// DPI ////////

static char flipped_path[64];
static void remove_flipped(void) { remove(flipped_path); }

const char *c_dpi_wave_path(void) { return opt.wave ? opt.wave : ""; }

/* The ROM image, with one bit flipped for --flip (written to a temporary file). */
const char *c_dpi_ucode_path(void)
{
    load_labels();
    if (!opt.flip) return opt.ucode;
    char where[64];
    unsigned bit, addr = 0, off = 0;
    if (sscanf(opt.flip, "%63[^:]:%u", where, &bit) != 2 || bit >= 64) usage_error("bad --flip %s (WHERE:BIT)", opt.flip);
    char *plus = strchr(where, '+');
    if (plus) *plus = '\0', off = (unsigned)strtoul(plus + 1, NULL, 0);
    char *end;
    addr = (unsigned)strtoul(where, &end, 0);
    if (*end) { /* a label */
        unsigned a = 0;
        while (labels && a < (1u << 16) && strcmp(labels[a], where)) a++;
        if (!labels || a == (1u << 16)) usage_error("--flip: no label %s in the listing", where);
        addr = a;
    }
    addr += off;
    FILE *in = fopen(opt.ucode, "r");
    snprintf(flipped_path, sizeof flipped_path, "/tmp/vmentry-flip-%d.hex", (int)getpid());
    FILE *out = fopen(flipped_path, "w");
    atexit(remove_flipped);
    if (!in || !out) usage_error("--flip: cannot copy %s", opt.ucode);
    char line[256];
    unsigned n = 0;
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '/') continue;
        unsigned long long w = strtoull(line, NULL, 16);
        if (n++ == addr) w ^= 1ull << bit;
        fprintf(out, "%015llx\n", w);
    }
    fclose(in);
    fclose(out);
    if (addr >= n) usage_error("--flip: address beyond the image (%s)", opt.flip);
    return flipped_path;
}

/* One cycle: O is what the unit drives, IN (all zero on entry) what C drives into it. */
static void lockstep_cycle(const struct evd_unit_out *o, struct evd_unit_in *in, int *rst_n, int *cfg, int *test_no,
                           int *test_cycle, int *ucode_label, int *finish_req)
{
    static int started;
    *finish_req = S.done;
    if (S.done) return;
    if (!started) {
        started = 1;
        signal(SIGABRT, on_abort);
        clock_gettime(CLOCK_MONOTONIC, &S.started);
        if (opt.bench)
            printf("  %-40s %7s %6s %6s %6s %6s %7s\n", "run (test)", "cycles", "ports", "VMCS", "memory", "stream",
                   "cyc/txn");
        if (!start_next_test(1)) {
            *finish_req = S.done;
            return;
        }
        if (opt.model_only) {
            /* No RTL: run every test's statements straight through. */
            for (;;) run_statements();
        }
    }
    last_upc = upc_of(o);
    *test_no = S.test_index;
    *test_cycle = (int)S.test_cycles;
    *ucode_label = label_address(last_upc);
    in->vmcs_rsp = (struct evd_vmcs_rsp){0};
    in->mem_rsp = (struct evd_mem_rsp){0};
    S.test_cycles++;
    S.total_cycles++;

    if (S.phase == PH_RESET) {
        *rst_n = 0;
        in->entry_req.valid = 0;
        show_item(-1, in);
        if (--S.reset_left == 0) S.phase = PH_SETUP;
        return;
    }
    if (S.phase == PH_RUN && opt.reset_at && !S.reset_in_flight_done && S.test_cycles == opt.reset_at) {
        /* --reset-at: reset in the middle of a flow, then the same test again from its start. */
        S.reset_in_flight_done = 1;
        S.resets_in_flight++;
        S.test_index--; /* the same test */
        begin_test();
        S.phase = PH_RESET;
        S.reset_left = RESET_CYCLES;
        *rst_n = 0;
        in->entry_req.valid = 0;
        return;
    }
    *rst_n = 1;
    if (S.phase == PH_RUN) {
        run_cycle(o, in);
        if (S.failed) {
            end_test(); /* a mismatch or the watchdog ends the test; the RTL is reset */
            in->entry_req.valid = 0;
            return;
        }
    }
    if (S.phase == PH_SETUP) {
        run_statements();
        if (S.phase == PH_RUN) show_item(machine_stream_peek(&S.rtl, o->strm_ctl.evonly), in);
    }
    /* The entry request stays up until the unit takes it (ready and valid in the same cycle). */
    *cfg = (int)machine_cfg_straps(&S.rtl);
    in->entry_req.valid = S.entry_pending;
    in->entry_req.launch = S.entry_launch;
    if (S.entry_pending && o->entry_rsp.ready && S.phase == PH_RUN) S.entry_pending = 0;
    *finish_req = S.done;
}

/* The port groups arrive and leave as packed bit vectors (evd_pkg's structs); dpi/evd_ports.h,
 * generated from the same table, turns them into C structs and back. */
void c_dpi_cycle(const svBitVecVal *entry_rsp, const svBitVecVal *vmcs_req, const svBitVecVal *mem_req,
                 const svBitVecVal *strm_ctl, const svBitVecVal *side, const svBitVecVal *trace, svBitVecVal *entry_req,
                 svBitVecVal *vmcs_rsp, svBitVecVal *mem_rsp, svBitVecVal *strm_item, int *rst_n, int *cfg, int *test_no,
                 int *test_cycle, int *ucode_label, int *finish_req)
{
    struct evd_unit_in in = {0}; /* what C drives: a field not set in this cycle is 0 (as before) */
    struct evd_unit_out o;
    evd_unit_out_unpack(&o, entry_rsp, vmcs_req, mem_req, strm_ctl, side, trace);
    lockstep_cycle(&o, &in, rst_n, cfg, test_no, test_cycle, ucode_label, finish_req);
    evd_unit_in_pack(&in, entry_req, vmcs_rsp, mem_rsp, strm_item);
}
