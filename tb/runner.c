/* The runner (see runner.h). */
#define _GNU_SOURCE
#include "runner.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "dump.h"
#include "evd_tb.h"
#include "expect.h"
#include "json.h"
#include "narration.h"
#include "options.h"
#include "reexec.h"
#include "report.h"
#include "responder.h"
#include "rom.h"
#include "scoreboard.h"
#include "source.h"
#include "vmentry.h"

#define RESET_CYCLES 2

enum phase { PH_RESET, PH_SETUP, PH_RUN };

static struct {
    enum phase phase;
    int reset_left;
    size_t si;                   /* the test's next statement */
    int in_test;
    struct vme *rtl, *mdl;       /* the machine the RTL works on, and the golden model's */
    size_t mem_from;             /* the first statement since the last `enter` (its `mem` lines wait for the next) */
    int reset_in_flight_done;    /* --reset-at: this test was reset once already */
    uint64_t *snapshot;          /* the VMCS image before the run */
    int entry_pending, entry_launch;
    const struct vec_stmt *enter;
    unsigned long run_cycles, test_cycles;
    struct bench_row bench;      /* the run's cycles, idle cycles, words and writes (--bench) */
    int failed;
    int stopped;                 /* a failure ended the test (every one but a failing `expect`) */
    char msg[4096];
    int model_only;              /* this test runs on the golden model alone */
    int model_refused;           /* this test's run: the model could not carry it out */
    int test_index;              /* tests begun, for the waveform */
    char first_failed[VEC_MAX_NAME + 1];
    char first_failed_path[4096];
    int done;                    /* every test has run (tracing: waiting for tb_top's $finish) */
    int last_upc;                /* for the report of an RTL assertion */
    struct run_totals totals;
    uint32_t cfg;                /* the RTL machine's configuration straps, kept when they can change */
} S;

/* The machine that `expect` lines and the launch decision read: the RTL's, or in --model-only
 * runs the model's. */
static struct vme *observed(void) { return S.model_only ? S.mdl : S.rtl; }

/* Adds "FILE:LINE: message" to the test's failure, a line each; STOP ends the test. */
static void add_failure(int stop, int line, const char *fmt, va_list ap)
{
    if (S.stopped) return; /* the failure that stopped the test is the last one worth reading */
    S.stopped = stop;
    size_t n = strlen(S.msg);
    snprintf(S.msg + n, sizeof S.msg - n, "%s%s:%d: ", S.failed ? "\n  " : "", source_file()->path, line);
    n = strlen(S.msg);
    vsnprintf(S.msg + n, sizeof S.msg - n, fmt, ap);
    S.failed = 1;
}

void test_fail(int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_failure(1, line, fmt, ap);
    va_end(ap);
}

void test_fail_expect(int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_failure(0, line, fmt, ap);
    va_end(ap);
}

unsigned long runner_test_cycle(void) { return S.test_cycles; }
const char *runner_why(void) { return S.mdl ? vme_why(S.mdl) : ""; }

//////// Tests ////////

static void begin_test(void)
{
    if (!S.rtl && (!(S.rtl = vme_create()) || !(S.mdl = vme_create()))) report_out_of_memory();
    if (vme_reset(S.rtl) || vme_reset(S.mdl)) report_out_of_memory();
    vme_narrate(S.mdl, opt->trace);
    S.cfg = vme_config_straps(S.rtl);
    S.si = 0;
    S.in_test = 1;
    S.mem_from = 0;
    S.entry_pending = 0;
    S.failed = 0;
    S.stopped = 0;
    S.model_refused = 0;
    S.msg[0] = '\0';
    S.test_index++;
    S.test_cycles = 0;
    S.model_only = opt->model_only || (source_file()->model_only && !opt->lockstep);
    json_test_begin();
}

/* With tracing, the run ends with tb_top's $finish, so that Verilator closes the FST file; the
 * report comes after that, and the exit status is set here. Verilator prints "- tb/tb_top.sv:NN:
 * Verilog $finish" at the $finish (5.006 cannot be told not to): stdout goes to /dev/null from
 * the last cycle (mute_stdout) until here, so that the line stays out of the report. */
static int saved_stdout = -1;

static void mute_stdout(void)
{
    fflush(stdout);
    int null = open("/dev/null", O_WRONLY);
    if (null < 0) return;
    saved_stdout = dup(1);
    dup2(null, 1);
    close(null);
}

static void report_at_exit(void)
{
    fflush(stdout);
    if (saved_stdout >= 0) dup2(saved_stdout, 1);
    S.totals.matched = sb_matched();
    report_finish(&S.totals);
    _exit(opt->rerun || S.totals.failed ? 1 : 0);
}

/* The RTL-coverage build (make coverage-rtl) also ends that way: Verilator's main writes
 * the coverage counts after it. */
#ifdef EVD_END_THROUGH_FINISH
enum { END_THROUGH_FINISH = 1 };
#else
enum { END_THROUGH_FINISH = 0 };
#endif

static void rerun_first_failure(void)
{
    if (S.first_failed[0] && !opt->wave && !opt->no_wave && !opt->model_only)
        rerun_with_wave(S.first_failed, S.first_failed_path, opt->seed);
}

static void finish_all(void)
{
    if (opt->wave || END_THROUGH_FINISH) {
        S.done = 1;
        atexit(report_at_exit);
        mute_stdout();
        return;
    }
    S.totals.matched = sb_matched();
    report_finish(&S.totals);
    rerun_first_failure();
    exit(S.totals.failed ? 1 : 0);
}

/* Starts the next test (the first one when FIRST), with the RTL held in reset; 0 when none is
 * left and the run is finishing. */
static int start_next_test(int first)
{
    if (!source_next(first)) {
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
static void end_test(void)
{
    /* Tests of files tagged model-only say so, so that nothing hides in the summary. */
    const char *tag = S.model_only && !opt->model_only ? " (model only)" : "";
    S.totals.model_only += S.model_only && !opt->model_only;
    if (S.failed && opt->random_n && S.model_refused) {
        S.totals.discarded++; /* the model found the guest would hang: nothing to compare */
    } else if (S.failed) {
        if (opt->random_n) source_keep_scenario(S.msg, sizeof S.msg);
        report_test(source_test()->name, source_file()->path, tag, S.msg);
        S.totals.failed++;
        if (!S.first_failed[0] && !S.model_only) {
            snprintf(S.first_failed, sizeof S.first_failed, "%s", source_test()->name);
            snprintf(S.first_failed_path, sizeof S.first_failed_path, "%s", source_file()->path);
        }
    } else {
        report_test(source_test()->name, source_file()->path, tag, NULL);
        S.totals.passed++;
    }
    if (!(S.failed && opt->random_n && S.model_refused)) /* a discarded scenario is no result */
        json_test_end(source_test()->name, source_file()->path, source_test()->line, S.failed ? S.msg : NULL);
    if (opt->random_n) report_progress(&S.totals, 0);
    S.in_test = 0;
    start_next_test(0);
}

//////// Statements ////////

static void apply_both(const struct vec_stmt *st)
{
    if (apply_stmt(S.rtl, st) || apply_stmt(S.mdl, st)) report_out_of_memory();
    if (st->kind == VS_CONFIG) S.cfg = vme_config_straps(S.rtl);
}

/* How the last run ended: the model's run, which the RTL's matched transaction by transaction. */
static enum vme_outcome outcome(void) { return vme_outcome(S.mdl); }

/* Starts the run of the `enter` ST: the model carries it out at once; the RTL is then started. */
static void start_run(const struct vec_stmt *st)
{
    const struct vec_stmt *stmts = source_test()->stmts;
    size_t at = (size_t)(st - stmts);
    if (apply_memory_image(S.rtl, stmts + S.mem_from, at - S.mem_from) ||
        apply_memory_image(S.mdl, stmts + S.mem_from, at - S.mem_from))
        report_out_of_memory();
    S.mem_from = at + 1;
    enum vme_entry entry = vme_entry_for(observed(), st->u.enter, outcome() == VME_IDLE);
    size_t nfields = vme_vmcs_field_count();
    if (!S.snapshot && !(S.snapshot = malloc(nfields * sizeof *S.snapshot))) report_out_of_memory();
    for (size_t i = 0; i < nfields; i++) S.snapshot[i] = vme_vmcs(observed(), vme_vmcs_field_at(i));
    S.enter = st;
    dump_before(S.mdl);
    if (vme_enter(S.mdl, entry)) {
        const char *why = vme_error(S.mdl);
        test_fail(st->line, "%s%s", strncmp(why, "not modelled: ", 14) ? "golden model: " : "", why);
        S.model_refused = 1;
        return;
    }
    if (opt->dump && !opt->rerun) { /* the traced re-run of a failing test prints nothing new */
        char where[4200];
        snprintf(where, sizeof where, "%s:%d", source_file()->path, st->line);
        dump_print(stdout, S.mdl, where);
    }
    json_run(S.mdl, st->line);
    if (opt->trace) narration_begin(S.mdl, source_test()->name, source_file()->path, st->line);
    if (S.model_only) { /* the model's machine stands in for the RTL's: expectations read it */
        narration_model_only();
        return;
    }
    sb_begin_run(S.mdl, S.rtl, st->line);
    responder_begin_run(S.rtl);
    S.entry_pending = entry != VME_CONTINUE;
    S.entry_launch = entry == VME_VMLAUNCH;
    S.run_cycles = 0;
    memset(&S.bench, 0, sizeof S.bench);
    S.phase = PH_RUN;
}

/* Executes statements until a run starts or the test ends. */
static void run_statements(void)
{
    const struct vec_test *t = source_test();
    while (S.si < t->nstmts && !S.stopped) {
        const struct vec_stmt *st = &t->stmts[S.si++];
        switch (st->kind) {
        case VS_MEM: break; /* written at the next `enter` (start_run) */
        case VS_EXPECT: expect_check(st, observed(), outcome(), S.snapshot); break;
        case VS_ENTER:
            start_run(st);
            if (S.phase == PH_RUN) return;
            break;
        default: apply_both(st); break;
        }
    }
    end_test();
}

//////// Cycles ////////

static void end_run(void)
{
    sb_compare_machines();
    const struct port_counts *n = responder_counts();
    if (opt->bench) {
        S.bench.cycles = S.run_cycles;
        S.bench.vmcs = n->vmcs, S.bench.mem = n->mem, S.bench.pop = n->pop;
        report_bench_row(source_test()->name, &S.bench);
    }
    if (opt->verbose) {
        char got[512];
        printf("  %s:%d: %s after %lu cycles (%lu VMCS, %lu memory, %lu stream transactions)\n", source_file()->path,
               S.enter->line, outcome_text(outcome(), S.rtl, got, sizeof got), S.run_cycles, n->vmcs, n->mem, n->pop);
    }
    S.phase = PH_SETUP;
}

/* One cycle of a run: the watchdog, then the ports. */
static void run_cycle(const struct evd_unit_out *o, struct evd_unit_in *in)
{
    S.bench.idle += !o->trace.exec;
    S.bench.words += o->trace.retire;
    S.bench.writes += o->trace.wr;
    if (++S.run_cycles > opt->max_cycles) {
        char where[96];
        rom_upc_text(tb_upc(o), where, sizeof where);
        test_fail(S.enter->line, "watchdog: no VM exit, VMfail or idle guest after %lu cycles [%s]", opt->max_cycles, where);
        return;
    }
    if (responder_serve(o, in) == SERVE_ENDED) end_run();
}

/* An RTL assertion stops Verilator ($stop, then abort): report it as the current test's failure,
 * with the summary line, instead of losing both. The run cannot go on after it. */
static void on_abort(int sig)
{
    (void)sig;
    static char buf[1024];
    char where[96];
    rom_upc_text(S.last_upc, where, sizeof where);
    int n = snprintf(buf, sizeof buf,
                     "FAIL %s: an RTL assertion failed (message above) at cycle %lu of the test [%s]\n%u passed, %u failed\n",
                     S.in_test ? source_test()->name : "(between tests)", S.test_cycles, where, S.totals.passed,
                     S.totals.failed + 1);
    fflush(stdout);
    if (n > 0) (void)!write(1, buf, (size_t)n);
    reexec_print_seed();
    if (S.in_test && !S.first_failed[0] && !S.model_only) {
        snprintf(S.first_failed, sizeof S.first_failed, "%s", source_test()->name);
        snprintf(S.first_failed_path, sizeof S.first_failed_path, "%s", source_file()->path);
    }
    rerun_first_failure();
    _exit(1);
}

/* The first cycle: the first test, or with --model-only every test straight through. 0 when
 * there is nothing to simulate. */
static int start(void)
{
    S.last_upc = -1;
    signal(SIGABRT, on_abort);
    responder_seed(opt->seed);
    report_start();
    if (opt->bench) report_bench_header();
    if (!start_next_test(1)) return 0;
    if (opt->model_only) {
        /* No RTL: run every test's statements straight through (finish_all exits). */
        for (;;) run_statements();
    }
    return 1;
}

//////// The DPI contract (dpi/evd_tb.h) ////////

const char *tb_ucode_path(void) { return rom_image_path(); }

const char *tb_wave_path(void) { return opt->wave ? opt->wave : ""; }

void tb_cycle(const struct evd_unit_out *o, struct evd_unit_in *in, struct tb_ctl *ctl)
{
    static int started;
    ctl->finish_req = S.done;
    if (S.done) return;
    if (!started) {
        started = 1;
        if (!start()) {
            ctl->finish_req = S.done;
            return;
        }
    }
    S.last_upc = tb_upc(o);
    ctl->test_no = S.test_index;
    ctl->test_cycle = (int)S.test_cycles;
    ctl->ucode_label = opt->wave ? rom_label_address(tb_upc(o)) : 0; /* only a traced run shows it */
    S.test_cycles++;
    S.totals.cycles++;

    if (S.phase == PH_RESET) {
        ctl->rst_n = 0;
        responder_show_item(S.rtl, -1, in);
        if (--S.reset_left == 0) S.phase = PH_SETUP;
        return;
    }
    if (S.phase == PH_RUN && opt->reset_at && !S.reset_in_flight_done && S.test_cycles == opt->reset_at) {
        /* --reset-at: reset in the middle of a flow, then the same test again from its start. */
        S.reset_in_flight_done = 1;
        S.totals.resets_in_flight++;
        S.test_index--; /* the same test */
        begin_test();
        S.phase = PH_RESET;
        S.reset_left = RESET_CYCLES;
        ctl->rst_n = 0;
        return;
    }
    ctl->rst_n = 1;
    if (S.phase == PH_RUN) {
        run_cycle(o, in);
        if (S.stopped) {
            end_test(); /* a mismatch or the watchdog ends the test; the RTL is reset */
            return;
        }
    }
    if (S.phase == PH_SETUP) {
        run_statements();
        if (S.phase == PH_RUN) responder_show_item(S.rtl, vme_stream_peek(S.rtl, o->strm_ctl.evonly), in);
    }
    /* The entry request stays up until the unit takes it (ready and valid in the same cycle). */
    ctl->cfg = (int)S.cfg;
    in->entry_req.valid = S.entry_pending;
    in->entry_req.launch = S.entry_launch;
    if (S.entry_pending && o->entry_rsp.ready && S.phase == PH_RUN) S.entry_pending = 0;
    ctl->finish_req = S.done;
}
