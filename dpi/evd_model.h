/* The golden model's inside: the processor state it carries between runs and the run itself.
 * Written from ../shared/spec/behaviour.md and vmx-facts.md, it never reads the microcode, its
 * listing or the RTL: it includes only the architectural encodings (evd_arch.h), its rules
 * (evd_rules.h) and the machine (evd_machine.h). Users call it through dpi/vmentry.h, which
 * documents the call order; model_enter() carries a whole run out at once and lists its
 * observable transactions, and the model keeps the guest's state across an `enter` that
 * continues an idle guest. */
#ifndef EVD_MODEL_H
#define EVD_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "evd_machine.h"

/* The processor state the model carries between runs of a test. */
struct model {
    /* guest state */
    uint64_t rip, rsp, rflags, cs_sel, cs_base, ss_base;
    uint32_t cs_limit, cs_ar, ss_limit, ss_ar; /* VMCS format */
    uint16_t ss_sel;
    uint8_t cpl;             /* SS.DPL */
    uint32_t interruptibility, activity;
    uint64_t dbg_trap;       /* pending debug traps, DR6-style (BS = single-step) */
    /* controls and guest fields read at VM entry */
    uint32_t pin, proc, proc2, exception_bitmap, pfec_mask, pfec_match, exit_controls;
    enum vme_mode mode;
    uint64_t idtr_base, gdtr_base, tr_base;
    uint32_t idtr_limit, gdtr_limit, tr_limit, tr_ar;
    uint16_t tr_sel;
    /* monitor trap flag */
    int mtf_control;         /* the control is 1 (and supported) */
    int mtf_due;             /* an MTF exit is pending at the next boundary */
    int mtf_forced;          /* ... injected (type 7 vector 0): taken even with the control 0 */
    int mtf_cause;           /* what made it due (enum cover_mtf_cause), for coverage only */
    /* pending events; they stay pending across VM exits and entries */
    int extint_pending, nmi_pending, smi_pending, init_pending;
    uint8_t extint_vector;
    uint64_t tsc;            /* the time-stamp counter: 0 when the test starts, advanced only by ticks (A3) */
    uint32_t timer;          /* the VMX-preemption timer: loaded at VM entry, counted down by ticks */
    struct vme_txn *txns;
    size_t ntxns, txn_cap;
    int narrate;             /* vme_narrate(): list the run in words too (evd_narrate.c) */
    struct vme_note *notes;
    size_t nnotes, note_cap;
    char unsupported[256]; /* non-empty: why the run was refused (not modelled, or a hang) */
    char why[336];         /* non-empty: why the run ended in VMfailValid or a VM-entry failure (E1-E3, E6) */
    int out_of_memory;
};

/* What the VMM executes at an `enter` (vector-format.md): nothing new while the guest is still
 * running (the last run ended idle); else VMLAUNCH when MODE names it or, for a plain `enter`,
 * when the VMCS is not launched yet; else VMRESUME. */
enum vme_entry model_entry_for(const struct machine *m, enum vme_enter_mode mode, int guest_running);

/* Puts the processor in its state at the start of a test (the transaction and note lists, and
 * whether narration is on, are kept). */
void model_reset(struct model *md);

/* Carries out one `enter` on M. Returns 0, or -1 when the run needs a feature the model does not
 * model, or that never ends (the reason is in MD->unsupported), or memory ran out. MD->txns lists the run. */
int model_enter(struct model *md, struct machine *m, enum vme_entry entry);

/* Gives the model a known bug by NAME ("ext-soft": EXT set for software interrupts), so that a
 * test can show the lockstep check finds a wrong model. Returns 0, or -1 for an unknown name. */
int model_mutate(const char *name);

/* Frees the transaction and note lists. */
void model_free(struct model *md);

/* Describes a transaction ("memory write 8 bytes 0x1234 at 0x8ff8"). */
void model_txn_text(const struct vme_txn *t, const struct machine *m, char *buf, size_t len);

#endif
