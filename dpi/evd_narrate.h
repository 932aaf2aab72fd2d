/* The golden model's narration (vme_narrate(), the simulator's --trace): the run in words. The
 * model calls these at the places it reads a gate, a descriptor or a TSS slot, pushes a frame
 * slot, meets a fault, takes an event at a boundary and exits; each adds one note (struct
 * vme_note) when narration is on and returns at once when it is off. They only read what they
 * are given: narration never changes what the model computes. */
#ifndef EVD_NARRATE_H
#define EVD_NARRATE_H

#include <stddef.h>
#include <stdint.h>

#include "evd_model.h"
#include "evd_rules.h"

/* A note on transactions [FIRST, FIRST + COVERS), or with COVERS 0 a decision before FIRST. */
void narrate(struct model *md, size_t first, size_t covers, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A delivery attempt begins: the event (interruption type TYPE), its error code and return RIP. */
void narrate_delivery(struct model *md, uint8_t type, uint8_t vector, int has_ec, uint32_t ec, uint64_t ret_rip);
/* The last two transactions read the 16-byte gate (LO, HI) of VECTOR at ADDR (IA-32e), or the
 * last one the 8-byte gate LO (protected mode: HI unused). */
void narrate_gate(struct model *md, uint8_t vector, uint64_t addr, uint64_t lo, uint64_t hi);
/* The last transaction read the real-mode IVT entry of VECTOR at ADDR. */
void narrate_ivt(struct model *md, uint8_t vector, uint64_t addr, uint64_t entry);
/* The last transaction read descriptor D of selector SEL at ADDR, for WHAT ("CS", "SS"). */
void narrate_descriptor(struct model *md, const char *what, uint16_t sel, uint64_t addr, uint64_t d);
/* The last transaction read the TSS field at OFFSET of the guest's mode (VALUE) at ADDR. */
void narrate_tss(struct model *md, unsigned offset, uint64_t addr, uint64_t value);
/* The next transaction pushes frame slot SLOT (0 SS, 1 RSP, 2 RFLAGS, 3 CS, 4 RIP, 5 error code;
 * protected mode ESP, EFLAGS, EIP; real mode FLAGS, CS, IP): SIZE bytes of VALUE at ADDR. */
void narrate_push(struct model *md, int slot, uint64_t addr, unsigned size, uint64_t value);
/* A fault (VECTOR, error code, #PF address) met during the delivery of vector DURING (-1: raised by
 * the guest), through the exception bitmap (and PFEC) of MD, and what came of it (OUTCOME). */
void narrate_fault(struct model *md, int during, uint8_t vector, int has_ec, uint32_t ec, uint64_t addr,
                   const char *outcome);
/* "#PF", "#GP", or "vector 0x41": the name of a vector, into BUF. */
const char *narrate_vector(uint8_t vector, char *buf, size_t len);
/* An instruction boundary took WINNER; RUNNER_UP would have been taken without it. */
void narrate_boundary(struct model *md, enum rule_prio winner, enum rule_prio runner_up);
/* The next transaction ends the run in a VM exit with these fields. */
void narrate_exit(struct model *md, uint32_t reason, uint64_t qualification, uint32_t intr_info, uint32_t intr_ec,
                  uint32_t idt_info, uint32_t idt_ec);

#endif
