/* Using the golden model as a library (dpi/vmentry.h, build/libvmentry.a): inject a #GP with error
 * code 0x10 into a 64-bit guest, let its handler execute VMCALL, and print the exit and the frame
 * the delivery pushed. A hypervisor or an emulator is cross-checked the same way: give it the same
 * VMCS fields and memory, and compare its exit, its VMCS and the bytes it wrote.
 *
 *   cc -Idpi tests/example_gp64.c build/libvmentry.a -o example_gp64 && ./example_gp64
 *
 * Only vmentry.h is included: fields are looked up by their Linux asm/vmx.h names. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmentry.h"

static uint16_t field(const char *name)
{
    uint16_t enc;
    if (vme_vmcs_field_by_name(name, &enc)) {
        fprintf(stderr, "no VMCS field %s\n", name);
        exit(2);
    }
    return enc;
}

int main(void)
{
    /* The baseline: a 64-bit guest at CPL 0, RIP 0x401000, RSP 0x9000, IDT at 0x10000 whose
     * gate N is a present 64-bit interrupt gate to 0x500000 + 0x100 * N. */
    struct vme *m = vme_create();
    if (!m) return 2;

    /* VM-entry interruption information: valid, hardware exception (type 3), deliver an error
     * code, vector 13 (#GP); and its error code. */
    vme_vmcs_write(m, field("VM_ENTRY_INTR_INFO_FIELD"), 0x80000b0d);
    vme_vmcs_write(m, field("VM_ENTRY_EXCEPTION_ERROR_CODE"), 0x10);

    /* What the guest does once it runs: the #GP handler's first instruction is VMCALL (exit
     * reason 18, 3 bytes long), which exits. */
    struct vme_item vmcall = {.kind = VME_INSN_EXIT, .reason = 18, .len = 3};
    vme_stream_push(m, &vmcall);

    /* The IDT image from the gate table, then VMLAUNCH. */
    if (vme_write_tables(m) || vme_enter(m, VME_VMLAUNCH)) {
        fprintf(stderr, "the model refused the run: %s\n", vme_error(m));
        return 1;
    }

    /* Every observable step of the run, in order. */
    for (size_t i = 0; i < vme_txn_count(m); i++) {
        char text[256];
        vme_txn_text(m, vme_txn(m, i), text, sizeof text);
        printf("%2zu  %s\n", i, text);
    }

    /* The exit, and the saved guest state: the handler's RIP, the stack the frame is on. */
    uint64_t rsp = vme_vmcs(m, field("GUEST_RSP"));
    printf("exit reason %" PRIu64 ", guest RIP 0x%" PRIx64 ", RSP 0x%" PRIx64 "\n",
           vme_vmcs(m, field("VM_EXIT_REASON")), vme_vmcs(m, field("GUEST_RIP")), rsp);

    /* The IA-32e frame, from the new RSP up: error code, RIP, CS, RFLAGS, RSP, SS. */
    static const char *const slot[] = {"error code", "RIP", "CS", "RFLAGS", "RSP", "SS"};
    for (unsigned i = 0; i < 6; i++)
        printf("frame 0x%" PRIx64 " %-10s 0x%" PRIx64 "\n", rsp + 8 * i, slot[i], vme_mem_read(m, rsp + 8 * i, 8));

    vme_destroy(m);
    return 0;
}
