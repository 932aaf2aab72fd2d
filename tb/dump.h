/* --dump: after each `enter`, what the golden model's run changed, printed in the layout of
 * KVM's dump_vmcs() (arch/x86/kvm/vmx/vmx.c) so that a hypervisor developer reads it at a glance:
 * the VMCS fields that changed (old -> new) on the lines dump_vmcs() prints them, CR2, and the
 * guest-memory writes grouped into the frames they form. The data is the model's machine (VMCS
 * image, CR2, transaction list), so --dump works with --model-only as in lockstep. The same
 * before/after comparison feeds the JSON report (json.c). */
#ifndef DUMP_H
#define DUMP_H

#include <stdint.h>
#include <stdio.h>

#include "vmentry.h"

/* Remembers M's VMCS image and CR2: call just before vme_enter(M). */
void dump_before(const struct vme *m);

/* Whether the I-th field of the field table (vme_vmcs_field_at) differs in M from what
 * dump_before() saw; *OLD gets the value it had then. */
int dump_field_changed(const struct vme *m, size_t i, uint64_t *old);
/* CR2 as dump_before() saw it. */
uint64_t dump_cr2_before(void);

/* Prints the run's changes on M (just run by vme_enter) to F; WHERE names the `enter` (FILE:LINE). */
void dump_print(FILE *f, const struct vme *m, const char *where);

#endif
