/* model_only.c: the simulator's testbench without the RTL, for `make model-mutants`
 * (tests/model-mutants.sh). The testbench of tb/ and the golden model, driven by this main instead
 * of the Verilated one: with --model-only, the testbench's first cycle runs every test on the
 * golden model alone, checks each `expect` against the model's machine and exits with the
 * simulator's status (tb/runner.c, start()); no RTL cycle is ever needed. The campaign links it
 * with one mutated model at a time: a link of C objects, not of the Verilated C++. Anything but a
 * --model-only run is refused: there is no RTL to run in lockstep with. */
#include <stdio.h>
#include <string.h>

#include "evd_tb.h"

int main(int argc, char **argv)
{
    int model_only = 0;
    for (int i = 1; i < argc; i++) model_only |= !strcmp(argv[i], "--model-only");
    if (!model_only) {
        fprintf(stderr, "%s: no RTL here: runs the golden model alone, with --model-only\n", argv[0]);
        return 2;
    }
    struct evd_unit_out o = {0};
    struct evd_unit_in in = {0};
    struct tb_ctl ctl = {0};
    tb_cycle(&o, &in, &ctl); /* runs every test and exits */
    fprintf(stderr, "%s: the testbench came back from a --model-only run\n", argv[0]);
    return 2;
}
