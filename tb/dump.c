/* --dump (see dump.h). */
#include "dump.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"
#include "expect.h"
#include "report.h"

/* The VMCS image (in field-table order) and CR2 before the run. */
static uint64_t *before;
static uint64_t cr2_before;

void dump_before(const struct vme *m)
{
    size_t n = vme_vmcs_field_count();
    if (!before && !(before = malloc(n * sizeof *before))) report_out_of_memory();
    for (size_t i = 0; i < n; i++) before[i] = vme_vmcs(m, vme_vmcs_field_at(i));
    cr2_before = vme_cr2(m);
}

int dump_field_changed(const struct vme *m, size_t i, uint64_t *old)
{
    *old = before[i];
    return vme_vmcs(m, vme_vmcs_field_at(i)) != before[i];
}

uint64_t dump_cr2_before(void) { return cr2_before; }

//////// The VMCS, on dump_vmcs()'s lines ////////

/* One value of a dump_vmcs() line: the text before it, the field, its hex digits, and whether
 * dump_vmcs() writes "0x" in front of it. */
struct item {
    const char *pre;
    uint16_t enc;
    uint8_t digits, ox;
};
#define LINE_ITEMS 4
struct line {
    struct item it[LINE_ITEMS]; /* up to the first with pre == NULL */
};

#define SEG(label, S)                                                                                                  \
    {{{label " sel=", VMCS_GUEST_##S##_SELECTOR, 4, 1},                                                                \
      {", attr=", VMCS_GUEST_##S##_AR_BYTES, 5, 1},                                                                    \
      {", limit=", VMCS_GUEST_##S##_LIMIT, 8, 1},                                                                      \
      {", base=", VMCS_GUEST_##S##_BASE, 16, 1}}}
#define DTSEL(label, S)                                                                                                \
    {{{label "                           limit=", VMCS_GUEST_##S##_LIMIT, 8, 1}, {", base=", VMCS_GUEST_##S##_BASE, 16, 1}}}

/* dump_vmcs()'s "*** Guest State ***" lines, in its order (KVM prints some only under conditions;
 * here a line is printed when one of its fields changed). */
static const struct line guest_lines[] = {
    {{{"CR0: actual=", VMCS_GUEST_CR0, 16, 1}, {", shadow=", VMCS_CR0_READ_SHADOW, 16, 1},
      {", gh_mask=", VMCS_CR0_GUEST_HOST_MASK, 16, 0}}},
    {{{"CR4: actual=", VMCS_GUEST_CR4, 16, 1}, {", shadow=", VMCS_CR4_READ_SHADOW, 16, 1},
      {", gh_mask=", VMCS_CR4_GUEST_HOST_MASK, 16, 0}}},
    {{{"CR3 = ", VMCS_GUEST_CR3, 16, 1}}},
    {{{"PDPTR0 = ", VMCS_GUEST_PDPTR0, 16, 1}, {"  PDPTR1 = ", VMCS_GUEST_PDPTR1, 16, 1}}},
    {{{"PDPTR2 = ", VMCS_GUEST_PDPTR2, 16, 1}, {"  PDPTR3 = ", VMCS_GUEST_PDPTR3, 16, 1}}},
    {{{"RSP = ", VMCS_GUEST_RSP, 16, 1}, {"  RIP = ", VMCS_GUEST_RIP, 16, 1}}},
    {{{"RFLAGS=", VMCS_GUEST_RFLAGS, 8, 1}, {"         DR7 = ", VMCS_GUEST_DR7, 16, 1}}},
    {{{"Sysenter RSP=", VMCS_GUEST_SYSENTER_ESP, 16, 0}, {" CS:RIP=", VMCS_GUEST_SYSENTER_CS, 4, 0},
      {":", VMCS_GUEST_SYSENTER_EIP, 16, 0}}},
    SEG("CS:  ", CS), SEG("DS:  ", DS), SEG("SS:  ", SS), SEG("ES:  ", ES), SEG("FS:  ", FS), SEG("GS:  ", GS),
    DTSEL("GDTR:", GDTR), SEG("LDTR:", LDTR), DTSEL("IDTR:", IDTR), SEG("TR:  ", TR),
    {{{"EFER= ", VMCS_GUEST_IA32_EFER, 16, 1}}},
    {{{"PAT = ", VMCS_GUEST_IA32_PAT, 16, 1}}},
    {{{"DebugCtl = ", VMCS_GUEST_IA32_DEBUGCTL, 16, 1},
      {"  DebugExceptions = ", VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 16, 1}}},
    {{{"PerfGlobCtl = ", VMCS_GUEST_IA32_PERF_GLOBAL_CTRL, 16, 1}}},
    {{{"BndCfgS = ", VMCS_GUEST_BNDCFGS, 16, 1}}},
    {{{"Interruptibility = ", VMCS_GUEST_INTERRUPTIBILITY_INFO, 8, 0},
      {"  ActivityState = ", VMCS_GUEST_ACTIVITY_STATE, 8, 0}}},
    {{{"InterruptStatus = ", VMCS_GUEST_INTR_STATUS, 4, 0}}},
};

/* dump_vmcs()'s "*** Control State ***" lines. */
static const struct line control_lines[] = {
    {{{"CPUBased=", VMCS_CPU_BASED_VM_EXEC_CONTROL, 8, 1}, {" SecondaryExec=", VMCS_SECONDARY_VM_EXEC_CONTROL, 8, 1},
      {" TertiaryExec=", VMCS_TERTIARY_VM_EXEC_CONTROL, 16, 1}}},
    {{{"PinBased=", VMCS_PIN_BASED_VM_EXEC_CONTROL, 8, 1}, {" EntryControls=", VMCS_VM_ENTRY_CONTROLS, 8, 0},
      {" ExitControls=", VMCS_VM_EXIT_CONTROLS, 8, 0}}},
    {{{"ExceptionBitmap=", VMCS_EXCEPTION_BITMAP, 8, 0}, {" PFECmask=", VMCS_PAGE_FAULT_ERROR_CODE_MASK, 8, 0},
      {" PFECmatch=", VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 8, 0}}},
    {{{"VMEntry: intr_info=", VMCS_VM_ENTRY_INTR_INFO_FIELD, 8, 0},
      {" errcode=", VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, 8, 0},
      {" ilen=", VMCS_VM_ENTRY_INSTRUCTION_LEN, 8, 0}}},
    {{{"VMExit: intr_info=", VMCS_VM_EXIT_INTR_INFO, 8, 0}, {" errcode=", VMCS_VM_EXIT_INTR_ERROR_CODE, 8, 0},
      {" ilen=", VMCS_VM_EXIT_INSTRUCTION_LEN, 8, 0}}},
    {{{"        reason=", VMCS_VM_EXIT_REASON, 8, 0}, {" qualification=", VMCS_EXIT_QUALIFICATION, 16, 0}}},
    {{{"IDTVectoring: info=", VMCS_IDT_VECTORING_INFO_FIELD, 8, 0},
      {" errcode=", VMCS_IDT_VECTORING_ERROR_CODE, 8, 0}}},
    {{{"TSC Offset = ", VMCS_TSC_OFFSET, 16, 1}}},
};

#define NLINES(a) (sizeof a / sizeof a[0])

static size_t field_index(uint16_t enc)
{
    size_t n = vme_vmcs_field_count();
    for (size_t i = 0; i < n; i++)
        if (vme_vmcs_field_at(i) == enc) return i;
    return n; /* not reached: every encoding of the tables is a field (evd_arch.h) */
}

static void value(FILE *f, uint64_t v, const struct item *it)
{
    fprintf(f, "%s%0*" PRIx64, it->ox ? "0x" : "", it->digits, v);
}

/* Prints the lines of TAB with a changed field, after HEADER (once); marks their fields SHOWN.
 * A changed value reads "old -> new"; the line's other values are as they are. */
static int print_lines(FILE *f, const struct vme *m, const char *header, const struct line *tab, size_t n,
                       char *shown)
{
    int printed = 0;
    for (size_t l = 0; l < n; l++) {
        int changed = 0;
        uint64_t old;
        for (const struct item *it = tab[l].it; it < tab[l].it + LINE_ITEMS && it->pre; it++)
            changed |= dump_field_changed(m, field_index(it->enc), &old);
        if (!changed) continue;
        if (!printed++) fprintf(f, "%s\n", header);
        for (const struct item *it = tab[l].it; it < tab[l].it + LINE_ITEMS && it->pre; it++) {
            size_t i = field_index(it->enc);
            fputs(it->pre, f);
            if (dump_field_changed(m, i, &old)) {
                value(f, old, it);
                fputs(" -> ", f);
            }
            value(f, vme_vmcs(m, it->enc), it);
            shown[i] = 1;
        }
        fputc('\n', f);
    }
    return printed;
}

//////// Guest memory: the frames ////////

/* The slots of a frame, in push order, when its mode, push size and push count say which they
 * are, with *LAYOUT naming the frame; NULL when they do not, with *LAYOUT saying why (the frame is
 * then shown by address and value alone). */
static const char *const *frame_slots(enum vme_mode mode, unsigned size, size_t n, const char **layout)
{
    const char *const *slots = vme_frame_slots[mode];
    /* IA-32e mode always pushes SS and RSP first, real mode FLAGS first: any run of pushes of
     * the size names its slots from the top, a frame cut short by a fault included. */
    if (mode == VME_MODE_IA32E && size == 8 && n <= 6) return *layout = "IA-32e", slots;
    if (mode == VME_MODE_REAL && size == 2 && n <= 3) return *layout = "real mode", slots + 2;
    /* Protected mode pushes SS:ESP only on a privilege change: 5 or 6 pushes can only be that
     * frame; 3 or 4 may be a frame on the same stack or the start of one cut short by a fault. */
    if (mode == VME_MODE_PROTECTED && size == 4 && (n == 5 || n == 6))
        return *layout = "protected mode, privilege change", slots;
    if (mode == VME_MODE_PROTECTED && size == 4 && (n == 3 || n == 4))
        return *layout = "slots not named: EFLAGS, CS, EIP[, error code] on the same stack, or the first pushes of a "
                         "privilege-change frame cut short by a fault",
               NULL;
    return *layout = "slots not named: this mode, push size and count name no frame for certain", NULL;
}

/* The memory writes of the run; a run of consecutive writes of one size at descending adjacent
 * addresses (what a delivery pushes) is printed as one frame. The model lists a write that the
 * fault plan makes fault too (the access was made; the bytes were not written): it says so. */
static void print_memory(FILE *f, const struct vme *m)
{
    size_t n = vme_txn_count(m);
    int printed = 0;
    for (size_t i = 0; i < n;) {
        const struct vme_txn *t = vme_txn(m, i);
        if (t->kind != VME_TX_MEM_WRITE) {
            i++;
            continue;
        }
        size_t k = i + 1;
        for (; k < n; k++) {
            const struct vme_txn *p = vme_txn(m, k - 1), *q = vme_txn(m, k);
            if (q->kind != VME_TX_MEM_WRITE || q->size != t->size || q->addr + q->size != p->addr) break;
        }
        if (!printed++) fprintf(f, "*** Guest Memory Writes ***\n");
        size_t pushes = k - i;
        const struct vme_txn *last = vme_txn(m, k - 1);
        const char *layout = NULL;
        const char *const *slots = pushes > 1 ? frame_slots(vme_mode(m), t->size, pushes, &layout) : NULL;
        if (pushes == 1)
            fprintf(f, "Write:\n");
        else
            fprintf(f, "Frame: 0x%" PRIx64 "..0x%" PRIx64 ", %zu pushes of %u bytes (%s)\n", last->addr,
                    t->addr + t->size - 1, pushes, t->size, layout);
        for (size_t j = i; j < k; j++) {
            const struct vme_txn *w = vme_txn(m, j);
            uint8_t vec;
            uint32_t ec;
            uint64_t at;
            fprintf(f, "  0x%016" PRIx64 " %-10s = 0x%0*" PRIx64, w->addr, slots ? slots[j - i] : "", 2 * w->size,
                    w->data);
            if (vme_access_faults(m, w->addr, w->size, 1, &vec, &ec, &at))
                fprintf(f, "  faulted: vector %u, error code 0x%" PRIx32 " at 0x%" PRIx64 "; not written", vec, ec, at);
            fputc('\n', f);
        }
        i = k;
    }
}

//////// The dump ////////

void dump_print(FILE *f, const struct vme *m, const char *where)
{
    size_t n = vme_vmcs_field_count();
    char *shown = calloc(n, 1);
    if (!shown) report_out_of_memory();
    uint64_t old;
    char how[96];
    fprintf(f, "--- dump after the enter at %s: %s ---\n", where, outcome_text(vme_outcome(m), m, how, sizeof how));
    int guest = print_lines(f, m, "*** Guest State ***", guest_lines, NLINES(guest_lines), shown);
    if (vme_cr2(m) != cr2_before) /* not a VMCS field: after the guest-state lines */
        fprintf(f, "%sCR2 = 0x%016" PRIx64 " -> 0x%016" PRIx64 "\n", guest ? "" : "*** Guest State ***\n",
                cr2_before, vme_cr2(m));
    print_lines(f, m, "*** Control State ***", control_lines, NLINES(control_lines), shown);
    /* Every other changed field (the VM-instruction error, the launch state, the timer...), by name. */
    int other = 0;
    for (size_t i = 0; i < n; i++) {
        if (shown[i] || !dump_field_changed(m, i, &old)) continue;
        uint16_t enc = vme_vmcs_field_at(i);
        int digits = vme_vmcs_field_width(enc) / 4;
        if (!other++) fprintf(f, "*** Other Fields ***\n");
        fprintf(f, "%s = 0x%0*" PRIx64 " -> 0x%0*" PRIx64 "\n", vme_vmcs_field_name(enc), digits, old, digits,
                vme_vmcs(m, enc));
    }
    free(shown);
    print_memory(f, m);
}
