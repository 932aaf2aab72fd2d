/* The port responder: plays the VMCS, guest-memory and stream ports for the RTL on the machine it
 * works on, with random wait states (--stall), and hands every transaction to the scoreboard. */
#ifndef RESPONDER_H
#define RESPONDER_H

#include "evd_tb.h"
#include "vmentry.h"

/* Transactions served in the current run, for --bench and -v. */
struct port_counts {
    unsigned long vmcs, mem, pop;
};

/* The wait-state generator starts from SEED, so a run repeats with --seed. */
void responder_seed(unsigned long seed);

/* A run starts on ENV (the counts go back to 0). */
void responder_begin_run(struct vme *env);
const struct port_counts *responder_counts(void);

/* Shows stream item IDX of ENV (or none, IDX < 0) on the stream port. */
void responder_show_item(const struct vme *env, long idx, struct evd_unit_in *in);

enum serve { SERVE_ON, SERVE_ENDED, SERVE_FAILED };

/* Serves one cycle of a run: answers the requests in O through IN, and checks each transaction
 * with the scoreboard. SERVE_ENDED: the run ended (a VM exit, a VMfailValid or the guest idle)
 * the way the model's run ended (the scoreboard matched it). SERVE_FAILED: the test failed. */
enum serve responder_serve(const struct evd_unit_out *o, struct evd_unit_in *in);

#endif
