/* The simulator's command line (see options.h). */
#include "options.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_model.h"
#include "reexec.h"

#ifndef EVD_UCODE_DEFAULT
#error "build with -DEVD_UCODE_DEFAULT=\"/path/to/ucode.hex\""
#endif

static struct options o;
const struct options *const opt = &o;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vmentry-sim [options] FILE.vec...\n"
            "Runs every test of every vector file on the RTL and the golden model in lockstep.\n"
            "  --model-only      run the golden model alone (no RTL)\n"
            "  --lockstep        run files tagged #! model-only in lockstep too\n"
            "  --test PATTERN    run only the tests whose names match PATTERN, a shell glob ('m8_*');\n"
            "                    a pattern that matches no test is an error\n"
            "  --max-cycles N    watchdog: cycles one run may take (default %u)\n"
            "  --seed N          seed of the X-initial values and the wait states (default: random, printed)\n"
            "  --stall P         answer P%% of VMCS and memory port cycles with a wait state (default 0)\n"
            "  --ucode FILE      microcode image for the ROM (default: the one the build assembled)\n"
            "  --flip WHERE:BIT  flip bit BIT (0 = LSB) of the ROM word at WHERE (an address or LABEL[+N])\n"
            "  --wave FILE.fst   trace the run into FILE.fst (with --test PATTERN: the tests it selects)\n"
            "  --no-wave         do not re-run a failing test with tracing\n"
            "  --random N        run N constrained-random scenarios (from --seed) instead of vector files\n"
            "  --shard I/N       run only every Nth test or scenario, starting at I (0 <= I < N)\n"
            "  --junit FILE      write a JUnit XML report\n"
            "  --coverage FILE   write the functional coverage counts (build/covreport FILE... merges them)\n"
            "  --dump            after each enter, print the VMCS fields, CR2 and memory it changed (KVM style)\n"
            "  --json FILE       write the results as JSON, one object per test (README: JSON results)\n"
            "  --reset-at N      reset the RTL in flight at cycle N of each test, then run the test again\n"
            "                    from the start: it must come back clean and pass\n"
            "  --model-bug NAME  give the golden model a known bug (ext-soft: EXT set for INT n), to show\n"
            "                    that the lockstep check finds it\n"
            "  -v, --verbose     print each run's outcome and cycle count\n"
            "  --bench           print each run's cycles and port transactions, and the simulator's speed\n"
            "  --trace           print each run in words, from the golden model, with the RTL's cycles\n"
            "  -h, --help        this text\n"
            "Exit status: 0 all passed, 1 a test failed, 2 bad input or usage.\n",
            DEFAULT_MAX_CYCLES);
}

_Noreturn void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vmentry-sim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    usage(stderr);
    exit(2);
}

/* S, the value of option OPT_NAME; a usage error when the command line ended before it. */
static const char *value_of(const char *opt_name, const char *s)
{
    if (!s) usage_error("%s needs a value", opt_name);
    return s;
}

static unsigned long parse_count(const char *opt_name, const char *s)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(value_of(opt_name, s), &end, 0);
    if (!*s || *end || errno) usage_error("bad number for %s", opt_name);
    return v;
}

/* Stores option A's value V (argv's next entry, NULL at the end of the command line): 1 when A
 * takes a value, 0 when it takes none (V is then not looked at). */
static int set_value(const char *a, const char *v)
{
    if (!strcmp(a, "--test")) o.test_filter = value_of(a, v);
    else if (!strcmp(a, "--ucode")) o.ucode = value_of(a, v);
    else if (!strcmp(a, "--seed")) o.seed = parse_count(a, v), o.have_seed = 1;
    else if (!strcmp(a, "--stall")) o.stall = (unsigned)parse_count(a, v);
    else if (!strcmp(a, "--flip")) o.flip = value_of(a, v);
    else if (!strcmp(a, "--wave")) o.wave = value_of(a, v);
    else if (!strcmp(a, "--random")) o.random_n = parse_count(a, v);
    else if (!strcmp(a, "--junit")) o.junit = value_of(a, v);
    else if (!strcmp(a, "--coverage")) o.coverage = value_of(a, v);
    else if (!strcmp(a, "--json")) o.json = value_of(a, v);
    else if (!strcmp(a, "--reset-at")) o.reset_at = parse_count(a, v);
    else if (!strcmp(a, "--model-bug")) o.model_bug = value_of(a, v);
    else if (!strcmp(a, "--max-cycles")) o.max_cycles = parse_count(a, v);
    else if (!strcmp(a, "--shard")) {
        if (sscanf(value_of(a, v), "%u/%u", &o.shard_i, &o.shard_n) != 2 || !o.shard_n || o.shard_i >= o.shard_n)
            usage_error("bad --shard %s (I/N with 0 <= I < N)", v);
    } else {
        return 0;
    }
    return 1;
}

/* Every file is parsed before anything is simulated: one bad file stops the run. */
static void parse_files(char **paths)
{
    o.files = calloc((size_t)o.nfiles + 1, sizeof *o.files);
    if (!o.files) exit(2);
    int bad = 0;
    for (int i = 0; i < o.nfiles; i++) {
        char err[512];
        if (vec_parse_file(paths[i], &o.files[i], err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            bad = 1;
        }
    }
    if (bad) exit(2);
}

int test_selected(const char *name) { return !o.test_filter || !fnmatch(o.test_filter, name, 0); }

/* A --test pattern that matches nothing is an error, so that a typo cannot pass in CI. */
static void check_test_filter(void)
{
    for (int i = 0; i < o.nfiles; i++)
        for (size_t t = 0; t < o.files[i].ntests; t++)
            if (test_selected(o.files[i].tests[t].name)) return;
    fprintf(stderr, "vmentry-sim: --test '%s' matches no test in", o.test_filter);
    for (int i = 0; i < o.nfiles; i++) fprintf(stderr, " %s", o.files[i].path);
    fprintf(stderr, "\n");
    exit(2);
}

/* glibc passes argc/argv to ELF constructors: the options are read before Verilator's main. */
__attribute__((constructor)) static void read_options(int argc, char **argv)
{
    o.argc = argc;
    o.argv = argv;
    o.max_cycles = DEFAULT_MAX_CYCLES;
    o.ucode = EVD_UCODE_DEFAULT;
    char **paths = calloc((size_t)argc, sizeof *paths);
    o.is_file_arg = calloc((size_t)argc, sizeof *o.is_file_arg);
    if (!paths || !o.is_file_arg) exit(2);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] == '+') continue; /* Verilator's plusargs */
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--model-only")) {
            o.model_only = 1;
        } else if (!strcmp(a, "--lockstep")) {
            o.lockstep = 1;
        } else if (!strcmp(a, "--no-wave")) {
            o.no_wave = 1;
        } else if (!strcmp(a, "--rerun")) {
            o.rerun = 1;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o.verbose = 1;
        } else if (!strcmp(a, "--bench")) {
            o.bench = 1;
        } else if (!strcmp(a, "--dump")) {
            o.dump = 1;
        } else if (!strcmp(a, "--trace")) {
            o.trace = 1;
        } else if (set_value(a, argv[i + 1])) { /* argv[argc] is NULL */
            i++;
        } else if (a[0] == '-') {
            usage_error("unknown option %s", a);
        } else {
            o.is_file_arg[i] = 1;
            paths[o.nfiles++] = argv[i];
        }
    }
    if (!o.shard_n) o.shard_n = 1;
    if (o.rerun) o.trace = 0; /* the re-run of a failure for its waveform says only where that is */
    if (!o.nfiles && !o.random_n) usage_error("%s", "no vector file given");
    if (o.nfiles && o.random_n) usage_error("%s", "--random runs generated scenarios: give no vector file");
    if (o.model_bug && model_mutate(o.model_bug)) usage_error("unknown --model-bug %s", o.model_bug);
    if (o.max_cycles == 0) usage_error("%s", "--max-cycles must be at least 1");
    if (o.stall > 90) usage_error("%s", "--stall takes a percentage from 0 to 90");
    parse_files(paths);
    free(paths);
    if (o.test_filter && !o.random_n) check_test_filter();
    if (!o.model_only) {
        o.seed = reexec_with_seed(argc, argv, o.have_seed ? &o.seed : NULL);
    }
    /* after the re-exec above, so that they are printed once; the re-run with tracing is quiet */
    for (int i = 0; i < o.nfiles && !o.rerun; i++)
        if (o.files[i].warnings) fputs(o.files[i].warnings, stderr);
}
