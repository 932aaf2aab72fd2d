/* The machine behind a struct vme (vmentry.h): the VMCS image, sparse guest memory, the fault
 * plan, the IDT gate table, the guest stream, CR2, the SMM count and the configuration, with the
 * operations the model and the public API need (the IDT image in each mode, the stream port's view,
 * the strap vector). What an entry does with the machine is the model's (evd_model.c). */
#ifndef EVD_MACHINE_H
#define EVD_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include "vmentry.h"

struct mem_page;

struct machine {
    uint64_t *vmcs;             /* one value per full field, index = position in the field table */
    struct mem_page **pages;    /* open-addressing hash of 4 KiB pages */
    size_t npages, page_cap;
    struct vme_fault *faults;
    size_t nfaults, fault_cap;
    struct vme_gate gates[256]; /* every attribute resolved (given = all bits) */
    uint64_t gdt[8192];         /* descriptors given by `desc`, by index */
    uint8_t gdt_given[8192 / 8];
    uint64_t tss[VME_TSS_FIELDS]; /* TSS fields given by `tss` */
    uint32_t tss_given;           /* bit F: field F was given */
    struct vme_item *stream;
    uint8_t *consumed;          /* per stream item */
    size_t nstream, stream_cap;
    size_t head;                /* first item not consumed */
    uint64_t cr2;
    uint32_t smm_count;
    uint32_t cfg[VME_CFG_COUNT];
};


/* Sets M to the baseline (allocating on first use). Returns 0, or -1 when out of memory. */
int machine_reset(struct machine *m);
void machine_free(struct machine *m);

/* VMCS image. ENC may be a full field or a _HIGH half; values are truncated to the width. Reading
 * or writing an encoding that is not a field returns -1. */
int machine_vmcs_read(const struct machine *m, uint16_t enc, uint64_t *value);
int machine_vmcs_write(struct machine *m, uint16_t enc, uint64_t value);
/* Shorthand for fields known to exist. */
uint64_t machine_vmcs(const struct machine *m, uint16_t enc);

/* Guest memory, little-endian; untouched memory reads as zero. Returns -1 when out of memory. */
uint64_t machine_mem_read(const struct machine *m, uint64_t addr, unsigned size);
int machine_mem_write(struct machine *m, uint64_t addr, unsigned size, uint64_t value);

/* The fault plan: does an access of SIZE bytes at ADDR fault? The first matching `fault` line
 * wins; its vector, error code and faulting address (the lowest address of the access inside
 * the range) are returned. */
int machine_access_faults(const struct machine *m, uint64_t addr, unsigned size, int is_write,
                          uint8_t *vec, uint32_t *ec, uint64_t *fault_addr);

int machine_add_fault(struct machine *m, const struct vme_fault *f);
void machine_set_gate(struct machine *m, const struct vme_gate *g);
void machine_set_desc(struct machine *m, uint16_t sel, uint64_t descriptor);
void machine_set_tss(struct machine *m, enum vme_tss_field f, uint64_t value);

/* The guest's mode, from VM_ENTRY_CONTROLS bit 9 and GUEST_CR0.PE (behaviour.md E5). */
enum vme_mode machine_mode(const struct machine *m);
enum vme_mode machine_mode_of(uint64_t entry_controls, uint64_t cr0);
/* The baseline value of a field (vector-format.md). */
uint64_t machine_vmcs_baseline(uint16_t enc);

/* Writes the IDT, GDT and TSS regions from their tables in the format of the current mode (done
 * at every `enter`; see vme_write_tables()). */
int machine_write_tables(struct machine *m);

/* The guest stream. */
int machine_stream_push(struct machine *m, const struct vme_item *item);
/* The item the stream port shows: the head, or with EVENTS_ONLY the first event not consumed.
 * Returns its index, or -1 when there is none. */
long machine_stream_peek(const struct machine *m, int events_only);
/* Consumes item IDX (for `insn rep`, one iteration: the item goes when its count reaches 0). */
void machine_stream_consume(struct machine *m, size_t idx);
/* Whether item IDX ends its group of events: the next item not consumed after it, in stream
 * order, is not an event (or there is none). Events in a row arrive together. */
int machine_stream_group_ends(const struct machine *m, size_t idx);

/* Configuration strap vector (evd_arch.h CFG_* bits) from the config keys. */
uint32_t machine_cfg_straps(const struct machine *m);

/* Describes a stream item as the vector file would write it ("insn ok 3"). */
void machine_item_text(const struct vme_item *it, char *buf, size_t len);

#endif
