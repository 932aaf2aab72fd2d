/* Unit tests of the test machine (dpi/evd_machine.c): baseline, VMCS widths and _HIGH halves, sparse
 * memory, the fault plan, the stream port's view (head or first event), the config straps, the
 * IDT, GDT and TSS images. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "evd_arch.h"
#include "check.h"
#include "evd_machine.h"

static void test_baseline(struct machine *m)
{
    CHECK(machine_vmcs(m, VMCS_VM_ENTRY_CONTROLS) == 0x200);
    CHECK(machine_vmcs(m, VMCS_GUEST_CR0) == 0x80000031);
    CHECK(machine_vmcs(m, VMCS_GUEST_CS_AR_BYTES) == 0xa09b);
    CHECK(machine_vmcs(m, VMCS_GUEST_SS_AR_BYTES) == 0xc093);
    CHECK(machine_vmcs(m, VMCS_GUEST_RIP) == 0x401000);
    CHECK(machine_vmcs(m, VMCS_GUEST_RSP) == 0x9000);
    CHECK(machine_vmcs(m, VMCS_GUEST_RFLAGS) == 0x2);
    CHECK(machine_vmcs(m, VMCS_GUEST_IDTR_LIMIT) == 0xfff);
    CHECK(machine_vmcs(m, VMCS_VMCS_LAUNCH_STATE) == 0);
    CHECK(machine_vmcs(m, VMCS_EXCEPTION_BITMAP) == 0);
    CHECK(machine_mode(m) == VME_MODE_IA32E);
    CHECK(m->cr2 == 0 && m->smm_count == 0 && m->nstream == 0 && m->nfaults == 0);
    CHECK(machine_cfg_straps(m) == (1u << CFG_MTF_SUPPORTED | 1u << CFG_NMI_STI_CHECK | 1u << CFG_SAVE_ACTIVITY |
                                    7u << CFG_ACT_HLT | 1u << CFG_NMI_WINDOW_STI));
}

static void test_vmcs(struct machine *m)
{
    uint64_t v;
    CHECK(machine_vmcs_write(m, VMCS_GUEST_CS_SELECTOR, 0x12345) == 0);
    CHECK(machine_vmcs(m, VMCS_GUEST_CS_SELECTOR) == 0x2345); /* 16-bit field */
    CHECK(machine_vmcs_write(m, VMCS_EXCEPTION_BITMAP, 0x1ffffffffull) == 0);
    CHECK(machine_vmcs(m, VMCS_EXCEPTION_BITMAP) == 0xffffffff); /* 32-bit field */
    CHECK(machine_vmcs_write(m, VMCS_TSC_OFFSET, 0x1122334455667788ull) == 0);
    CHECK(machine_vmcs_read(m, VMCS_TSC_OFFSET + 1, &v) == 0 && v == 0x11223344); /* TSC_OFFSET_HIGH */
    CHECK(machine_vmcs_write(m, VMCS_TSC_OFFSET + 1, 0xaabbccdd) == 0);
    CHECK(machine_vmcs(m, VMCS_TSC_OFFSET) == 0xaabbccdd55667788ull);
    CHECK(machine_vmcs_read(m, VMCS_GUEST_RIP + 1, &v) == -1); /* natural width: no high half */
    CHECK(machine_vmcs_read(m, 0x7ffe, &v) == -1);
    CHECK(machine_vmcs_write(m, 0xffff, 1) == -1);
}

static void test_memory(struct machine *m)
{
    CHECK(machine_mem_read(m, 0x123456789ull, 8) == 0);
    CHECK(machine_mem_write(m, 0xffe, 4, 0xa1b2c3d4) == 0); /* across a page boundary */
    CHECK(machine_mem_read(m, 0xffe, 4) == 0xa1b2c3d4);
    CHECK(machine_mem_read(m, 0x1000, 1) == 0xb2);
    for (uint64_t p = 0; p < 1000; p++) machine_mem_write(m, p << 20, 8, p); /* hash growth */
    CHECK(machine_mem_read(m, 5ull << 20, 8) == 5 && machine_mem_read(m, 999ull << 20, 8) == 999);
    CHECK(machine_mem_write(m, 0xfffffffffffffffcull, 4, 0x01020304) == 0);
    CHECK(machine_mem_read(m, 0xfffffffffffffffcull, 4) == 0x01020304);
}

static void test_faults(struct machine *m)
{
    uint8_t vec;
    uint32_t ec;
    uint64_t fa;
    struct vme_fault pf = {.addr = 0x8ff8, .len = 8, .access = VME_ACCESS_WRITE, .vec = 14, .ec = 2};
    struct vme_fault gp = {.addr = 0x8000, .len = 0x2000, .access = VME_ACCESS_ANY, .vec = 13, .ec = 0x10};
    CHECK(machine_add_fault(m, &pf) == 0 && machine_add_fault(m, &gp) == 0);
    CHECK(machine_access_faults(m, 0x8ff4, 8, 1, &vec, &ec, &fa) == 1 && vec == 14 && ec == 2 && fa == 0x8ff8);
    CHECK(machine_access_faults(m, 0x8ffc, 8, 1, &vec, &ec, &fa) == 1 && vec == 14 && fa == 0x8ffc);
    CHECK(machine_access_faults(m, 0x8ff8, 8, 0, &vec, &ec, &fa) == 1 && vec == 13); /* a read: the #PF is write-only */
    CHECK(machine_access_faults(m, 0x7ff8, 8, 0, &vec, &ec, &fa) == 0);               /* ends right before */
    CHECK(machine_access_faults(m, 0x7ff9, 8, 0, &vec, &ec, &fa) == 1 && fa == 0x8000);
    CHECK(machine_access_faults(m, 0xa000, 1, 1, &vec, &ec, &fa) == 0);               /* starts right after */
}

static void test_stream(struct machine *m)
{
    struct vme_item ok = {.kind = VME_INSN_OK, .len = 2}, nmi = {.kind = VME_EVENT_NMI}, ext = {.kind = VME_EVENT_EXTINT, .vec = 0x41};
    machine_stream_push(m, &ok);
    machine_stream_push(m, &nmi);
    machine_stream_push(m, &ok);
    machine_stream_push(m, &ext);
    CHECK(machine_stream_peek(m, 0) == 0);
    CHECK(machine_stream_peek(m, 1) == 1); /* a halted guest sees the first event */
    machine_stream_consume(m, 1);
    CHECK(machine_stream_peek(m, 0) == 0 && machine_stream_peek(m, 1) == 3);
    machine_stream_consume(m, 0);
    CHECK(m->head == 2 && machine_stream_peek(m, 0) == 2);
    machine_stream_consume(m, 3);
    machine_stream_consume(m, 2);
    CHECK(machine_stream_peek(m, 0) == -1 && machine_stream_peek(m, 1) == -1 && m->head == 4);
}

static void test_straps(struct machine *m)
{
    m->cfg[VME_CFG_ERRCODE_HIGH_BITS] = 15;
    m->cfg[VME_CFG_TRIPLE_FAULT] = 1;
    m->cfg[VME_CFG_SMM] = 1;
    m->cfg[VME_CFG_SAVE_ACTIVITY] = 0;
    m->cfg[VME_CFG_ACTIVITY_STATES] = 5;
    m->cfg[VME_CFG_MTF_SUPPORTED] = 0;
    m->cfg[VME_CFG_TIMER_RATE] = 21;
    m->cfg[VME_CFG_TIMER_STI] = 1;
    m->cfg[VME_CFG_NMI_WINDOW_STI] = 0;
    uint32_t s = machine_cfg_straps(m);
    CHECK(s == (1u << CFG_ERRCODE_HIGH_15 | 1u << CFG_TRIPLE_CONTRIB_PF | 1u << CFG_SMM_DUAL | 1u << CFG_NMI_STI_CHECK |
                5u << CFG_ACT_HLT | 1u << CFG_TIMER_STI | 21u << CFG_TIMER_RATE0));
    CHECK(CFG_TIMER_RATE0 + 5 == CFG_W); /* the rate is the last field: 5 bits */
}

/* The descriptor tables written at `enter` (vector-format.md: IDT, GDT, TSS in the mode's layout). */
static void test_tables(struct machine *m)
{
    CHECK(machine_vmcs(m, VMCS_GUEST_GDTR_BASE) == 0x11000 && machine_vmcs(m, VMCS_GUEST_GDTR_LIMIT) == 0x7f);
    CHECK(machine_vmcs(m, VMCS_GUEST_TR_BASE) == 0x12000 && machine_vmcs(m, VMCS_GUEST_TR_LIMIT) == 0x67);
    CHECK(machine_vmcs(m, VMCS_GUEST_TR_SELECTOR) == 0x40 && machine_vmcs(m, VMCS_GUEST_TR_AR_BYTES) == 0x8b);
    machine_set_gate(m, &(struct vme_gate){.vec = 14, .given = VME_GATE_IST, .ist = 5});
    CHECK(machine_write_tables(m) == 0);
    CHECK(machine_mem_read(m, 0x11000, 8) == 0);
    CHECK(machine_mem_read(m, 0x11008, 8) == 0x00af9b000000ffffull);
    CHECK(machine_mem_read(m, 0x11010, 8) == 0x00cf93000000ffffull);
    CHECK(machine_mem_read(m, 0x11018, 8) == 0);
    CHECK(machine_mem_read(m, 0x11028, 8) == 0x00affb000000ffffull);
    CHECK(machine_mem_read(m, 0x11030, 8) == 0x00cff3000000ffffull);
    CHECK(machine_mem_read(m, 0x12004, 8) == 0x7000);
    CHECK(machine_mem_read(m, 0x100e4, 1) == 5); /* gate 14's IST, byte 4 of 16 */
    /* Protected mode: 32-bit code segments, ESP0 and SS0, and no IST in the 8-byte gate. */
    machine_vmcs_write(m, VMCS_VM_ENTRY_CONTROLS, 0);
    machine_set_desc(m, 0x1b, 0x1234); /* index 3, whatever the RPL */
    machine_set_tss(m, VME_TSS_SS1, 0x12345); /* truncated to 16 bits */
    CHECK(machine_write_tables(m) == 0);
    CHECK(machine_mem_read(m, 0x11008, 8) == 0x00cf9b000000ffffull);
    CHECK(machine_mem_read(m, 0x11018, 8) == 0x1234);
    CHECK(machine_mem_read(m, 0x11028, 8) == 0x00cffb000000ffffull);
    CHECK(machine_mem_read(m, 0x12004, 4) == 0x7000 && machine_mem_read(m, 0x12008, 2) == 0x10);
    CHECK(machine_mem_read(m, 0x12010, 2) == 0x2345);
    CHECK(machine_mem_read(m, 0x10074, 1) == 0);
    /* Only what lies inside the limits is written. */
    machine_vmcs_write(m, VMCS_GUEST_GDTR_BASE, 0x21000);
    machine_vmcs_write(m, VMCS_GUEST_GDTR_LIMIT, 0xb);
    machine_vmcs_write(m, VMCS_GUEST_TR_BASE, 0x22000);
    machine_vmcs_write(m, VMCS_GUEST_TR_LIMIT, 0x5);
    machine_set_tss(m, VME_TSS_ESP0, 0xabcd7000);
    CHECK(machine_write_tables(m) == 0);
    CHECK(machine_mem_read(m, 0x21008, 4) == 0xffff && machine_mem_read(m, 0x2100c, 4) == 0);
    CHECK(machine_mem_read(m, 0x22004, 2) == 0x7000 && machine_mem_read(m, 0x22006, 2) == 0); /* ESP0 bytes 2-3 lie beyond */
    /* Real mode: the IVT only. */
    machine_vmcs_write(m, VMCS_GUEST_CR0, 0x30);
    machine_vmcs_write(m, VMCS_GUEST_GDTR_BASE, 0x31000);
    CHECK(machine_write_tables(m) == 0);
    CHECK(machine_mem_read(m, 0x31008, 8) == 0);
}

int main(void)
{
    struct machine m = {0};
    CHECK(machine_reset(&m) == 0);
    test_baseline(&m);
    test_vmcs(&m);
    test_memory(&m);
    test_faults(&m);
    test_stream(&m);
    test_straps(&m);
    CHECK(machine_reset(&m) == 0);
    test_tables(&m);
    CHECK(machine_reset(&m) == 0); /* a second test starts from the baseline again */
    test_baseline(&m);
    CHECK(machine_mem_read(&m, 0xffe, 4) == 0 && machine_vmcs(&m, VMCS_TSC_OFFSET) == 0);
    machine_free(&m);
    return check_summary();
}
