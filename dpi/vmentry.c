/* The golden model's public API (vmentry.h): a machine and the model's state behind one handle. */
#include "vmentry.h"

#include <stdlib.h>

#include "evd_machine.h"
#include "evd_model.h"

struct vme {
    struct machine m;
    struct model md;
};

const char *const vme_config_names[VME_CFG_COUNT] = {
    "errcode_high_bits", "zero_len_inject", "no_hw_errcode_cc", "mtf_supported", "nmi_sti_check",
    "triple_fault",      "cp_errcode",      "smm",              "save_activity", "activity_states",
    "timer_rate",        "timer_sti",       "nmi_window_sti",
};
const uint32_t vme_config_defaults[VME_CFG_COUNT] = {16, 0, 0, 1, 1, 0, 0, 0, 1, 7, 0, 0, 1};
const char *const vme_frame_slots[3][6] = {
    [VME_MODE_REAL] = {"SS", "SP", "FLAGS", "CS", "IP", "error code"},
    [VME_MODE_PROTECTED] = {"SS", "ESP", "EFLAGS", "CS", "EIP", "error code"},
    [VME_MODE_IA32E] = {"SS", "RSP", "RFLAGS", "CS", "RIP", "error code"},
};

struct vme *vme_create(void)
{
    struct vme *v = calloc(1, sizeof *v);
    if (v && vme_reset(v)) {
        vme_destroy(v);
        return NULL;
    }
    return v;
}

int vme_reset(struct vme *v)
{
    model_reset(&v->md);
    return machine_reset(&v->m);
}

void vme_destroy(struct vme *v)
{
    if (!v) return;
    machine_free(&v->m);
    model_free(&v->md);
    free(v);
}

void vme_config(struct vme *v, enum vme_config_key key, uint32_t value) { v->m.cfg[key] = value; }
uint32_t vme_config_value(const struct vme *v, enum vme_config_key key) { return v->m.cfg[key]; }

int vme_vmcs_write(struct vme *v, uint16_t enc, uint64_t value) { return machine_vmcs_write(&v->m, enc, value); }
int vme_vmcs_read(const struct vme *v, uint16_t enc, uint64_t *value) { return machine_vmcs_read(&v->m, enc, value); }
uint64_t vme_vmcs(const struct vme *v, uint16_t enc) { return machine_vmcs(&v->m, enc); }

int vme_mem_write(struct vme *v, uint64_t addr, unsigned size, uint64_t value)
{
    return machine_mem_write(&v->m, addr, size, value);
}
uint64_t vme_mem_read(const struct vme *v, uint64_t addr, unsigned size) { return machine_mem_read(&v->m, addr, size); }

void vme_set_gate(struct vme *v, const struct vme_gate *g) { machine_set_gate(&v->m, g); }
void vme_set_desc(struct vme *v, uint16_t sel, uint64_t descriptor) { machine_set_desc(&v->m, sel, descriptor); }
void vme_set_tss(struct vme *v, enum vme_tss_field f, uint64_t value) { machine_set_tss(&v->m, f, value); }
int vme_write_tables(struct vme *v) { return machine_write_tables(&v->m); }

int vme_add_fault(struct vme *v, const struct vme_fault *f) { return machine_add_fault(&v->m, f); }
int vme_access_faults(const struct vme *v, uint64_t addr, unsigned size, int is_write, uint8_t *vec, uint32_t *ec,
                      uint64_t *fault_addr)
{
    return machine_access_faults(&v->m, addr, size, is_write, vec, ec, fault_addr);
}

int vme_stream_push(struct vme *v, const struct vme_item *item) { return machine_stream_push(&v->m, item); }
const struct vme_item *vme_stream_item(const struct vme *v, size_t idx) { return &v->m.stream[idx]; }
long vme_stream_peek(const struct vme *v, int events_only) { return machine_stream_peek(&v->m, events_only); }
void vme_stream_consume(struct vme *v, size_t idx) { machine_stream_consume(&v->m, idx); }
int vme_stream_group_ends(const struct vme *v, size_t idx) { return machine_stream_group_ends(&v->m, idx); }
void vme_item_text(const struct vme_item *it, char *buf, size_t len) { machine_item_text(it, buf, len); }

uint64_t vme_cr2(const struct vme *v) { return v->m.cr2; }
void vme_set_cr2(struct vme *v, uint64_t value) { v->m.cr2 = value; }
uint32_t vme_smm_count(const struct vme *v) { return v->m.smm_count; }
void vme_smm_round_trip(struct vme *v) { v->m.smm_count++; }
enum vme_mode vme_mode(const struct vme *v) { return machine_mode(&v->m); }
enum vme_mode vme_mode_of(uint64_t entry_controls, uint64_t cr0) { return machine_mode_of(entry_controls, cr0); }
uint64_t vme_vmcs_baseline(uint16_t enc) { return machine_vmcs_baseline(enc); }
uint32_t vme_config_straps(const struct vme *v) { return machine_cfg_straps(&v->m); }

enum vme_entry vme_entry_for(const struct vme *v, enum vme_enter_mode mode, int guest_running)
{
    return model_entry_for(&v->m, mode, guest_running);
}

int vme_enter(struct vme *v, enum vme_entry entry) { return model_enter(&v->md, &v->m, entry); }
const char *vme_error(const struct vme *v) { return v->md.unsupported; }
const char *vme_why(const struct vme *v) { return v->md.why; }

size_t vme_txn_count(const struct vme *v) { return v->md.ntxns; }
const struct vme_txn *vme_txn(const struct vme *v, size_t i) { return i < v->md.ntxns ? &v->md.txns[i] : NULL; }
void vme_txn_text(const struct vme *v, const struct vme_txn *t, char *buf, size_t len)
{
    model_txn_text(t, &v->m, buf, len);
}

enum vme_outcome vme_outcome(const struct vme *v)
{
    if (!v->md.ntxns || v->md.unsupported[0]) return VME_NO_RUN;
    switch (v->md.txns[v->md.ntxns - 1].kind) {
    case VME_TX_EXIT: return VME_EXITED;
    case VME_TX_VMFAIL: return VME_VMFAILED;
    case VME_TX_IDLE: return VME_IDLE;
    default: return VME_NO_RUN;
    }
}

void vme_narrate(struct vme *v, int on) { v->md.narrate = on != 0; }
size_t vme_note_count(const struct vme *v) { return v->md.nnotes; }
const struct vme_note *vme_note(const struct vme *v, size_t i) { return i < v->md.nnotes ? &v->md.notes[i] : NULL; }

int vme_model_bug(const char *name) { return model_mutate(name); }
