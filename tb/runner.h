/* The runner: takes each test in turn, applies its statements to two machines (the one the RTL
 * works on through its ports, and the golden model's own), starts a run at each `enter` (the
 * model carries it out at once; the RTL then runs cycle by cycle, in lockstep), checks the
 * `expect` lines, and resets the RTL between tests. It implements the testbench's side of the
 * DPI contract (dpi/evd_tb.h). */
#ifndef RUNNER_H
#define RUNNER_H

/* Fails the current test at LINE of its file with a message (printf FMT) and ends it; the
 * failures of `expect` lines before it are reported with it, on lines of their own. */
void test_fail(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a failing `expect`, but the test goes on, so that every failing one is reported. */
void test_fail_expect(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The current test's cycle count, for messages. */
unsigned long runner_test_cycle(void);

/* Why the golden model's last run ended in VMfailValid or a VM-entry failure (vme_why()); the
 * RTL's ending is checked against the model's, so it is the reason for both. */
const char *runner_why(void);

#endif
