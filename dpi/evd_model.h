/* The golden model of the VM-entry unit, written from ../shared/spec/behaviour.md and
 * vmx-facts.md. It never reads the microcode, its listing or the RTL: it includes only the
 * architectural encodings (evd_arch.h) and the test machine (tb/machine.h).
 *
 * How the simulator uses it (tb/sim.c):
 *   1. At each `enter`, the simulator calls model_enter() on the model's own machine. The model
 *      carries the whole run out at once and returns the run's observable transactions, in
 *      order: each guest-memory access, each stream item consumed, each CR2 write, each SMM
 *      round trip, and last the end of the run (VM exit, VMfailValid, or the guest idle).
 *   2. While the RTL runs, every transaction it makes on its ports is compared, on the cycle it
 *      appears, with the model's next one (model_txn_text() describes one for messages).
 *   3. When the run ends, the two VMCS images, CR2 and the SMM counts are compared.
 * The model keeps the guest's state across an `enter` that continues an idle guest. */
#ifndef EVD_MODEL_H
#define EVD_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

enum model_txn_kind {
    TX_MEM_READ,   /* addr, size */
    TX_MEM_WRITE,  /* addr, size, data */
    TX_POP,        /* item: index of the stream item consumed */
    TX_CR2,        /* data: the value written */
    TX_SMM,        /* one SMM round trip (SMI taken, RSM) */
    TX_EXIT,       /* the run ends in a VM exit; code: the exit-reason field */
    TX_VMFAIL,     /* the run ends in VMfailValid; code: the VM-instruction error */
    TX_IDLE        /* the run ends with the guest idle (`expect running`) */
};

struct model_txn {
    enum model_txn_kind kind;
    uint64_t addr;
    uint64_t data;
    uint8_t size;
    size_t item;
    uint32_t code;
};

/* What the VMM executes at an `enter`. */
enum model_entry { ENTRY_VMLAUNCH, ENTRY_VMRESUME, ENTRY_CONTINUE /* the guest was idle: no entry */ };

/* The processor state the model carries between runs of a test. */
struct model {
    /* guest state */
    uint64_t rip, rsp, rflags, cs_sel, cs_base;
    uint32_t interruptibility, activity;
    uint64_t dbg_trap;       /* pending debug traps, DR6-style (BS = single-step) */
    /* controls and guest fields read at VM entry */
    uint32_t pin, proc, proc2, exception_bitmap, pfec_mask, pfec_match, exit_controls;
    enum guest_mode mode;
    uint8_t cpl;
    uint64_t idtr_base, ss_base;
    uint32_t idtr_limit;
    uint16_t ss_sel;
    /* monitor trap flag */
    int mtf_control;         /* the control is 1 (and supported) */
    int mtf_due;             /* an MTF exit is pending at the next boundary */
    int mtf_forced;          /* ... injected (type 7 vector 0): taken even with the control 0 */
    int mtf_cause;           /* what made it due (enum cover_mtf_cause), for coverage only */
    /* pending events; they stay pending across VM exits and entries */
    int extint_pending, nmi_pending, smi_pending, init_pending;
    uint8_t extint_vector;
    struct model_txn *txns;
    size_t ntxns, txn_cap;
    char unsupported[256]; /* non-empty: the run needs a feature the model does not have yet */
    int out_of_memory;
};

/* What the VMM executes at an `enter` (vector-format.md): nothing new while the guest is still
 * running (the last run ended idle); else VMLAUNCH when MODE names it or, for a plain `enter`,
 * when the VMCS is not launched yet; else VMRESUME. */
enum model_entry model_entry_for(const struct machine *m, enum vec_enter_mode mode, int guest_running);

/* Puts the processor in its state at the start of a test (the transaction list is kept). */
void model_reset(struct model *md);

/* Carries out one `enter` on M. Returns 0, or -1 when the run needs a feature the model does not
 * implement yet (the reason is in MD->unsupported) or memory ran out. MD->txns lists the run. */
int model_enter(struct model *md, struct machine *m, enum model_entry entry);

/* Gives the model a known bug by NAME ("ext-soft": EXT set for software interrupts), so that a
 * test can show the lockstep check finds a wrong model. Returns 0, or -1 for an unknown name. */
int model_mutate(const char *name);

/* Frees the transaction list. */
void model_free(struct model *md);

/* Describes a transaction ("memory write 8 bytes 0x1234 at 0x8ff8"). */
void model_txn_text(const struct model_txn *t, const struct machine *m, char *buf, size_t len);

#endif
