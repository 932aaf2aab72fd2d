/* The `expect` lines (see expect.h). */
#include "expect.h"

#include <inttypes.h>
#include <stdio.h>

#include "evd_arch.h"
#include "runner.h"

/* "exit 18 (VMCALL)"; a VM-entry failure in hex, as the SDM writes it: "exit 0x80000021 (VM-entry
 * failure: invalid guest state)". */
static const char *exit_text(uint64_t reason, char *buf, size_t len)
{
    snprintf(buf, len, reason >> ENTRY_FAIL_BIT ? "exit 0x%" PRIx64 " (%s)" : "exit %" PRIu64 " (%s)", reason,
             vme_exit_reason_name((uint32_t)reason));
    return buf;
}

const char *outcome_text(enum vme_outcome out, const struct vme *m, char *buf, size_t len)
{
    const uint64_t reason = vme_vmcs(m, VMCS_VM_EXIT_REASON);
    switch (out) {
    case VME_EXITED: /* a VM-entry failure names the check that failed */
        if (reason >> ENTRY_FAIL_BIT & 1) {
            const char *why = runner_why();
            snprintf(buf, len, "VM-entry failure 0x%" PRIx64 " (%s)", reason,
                     *why ? why : vme_exit_reason_name((uint32_t)reason));
        } else {
            exit_text(reason, buf, len);
        }
        break;
    case VME_VMFAILED:
        snprintf(buf, len, "VMfailValid %" PRIu64 " (%s)", vme_vmcs(m, VMCS_VM_INSTRUCTION_ERROR), runner_why());
        break;
    case VME_IDLE: snprintf(buf, len, "running"); break;
    default: snprintf(buf, len, "no run"); break;
    }
    return buf;
}

void expect_check(const struct vec_stmt *st, const struct vme *m, enum vme_outcome out, const uint64_t *before)
{
    const struct vec_expect *x = &st->u.expect;
    char got[512], want[96];
    uint64_t v;
    switch (x->kind) {
    case VX_EXIT:
        if (out != VME_EXITED || vme_vmcs(m, VMCS_VM_EXIT_REASON) != x->value)
            test_fail_expect(st->line, "expect %s: got %s", exit_text(x->value, want, sizeof want),
                             outcome_text(out, m, got, sizeof got));
        break;
    case VX_VMFAIL:
        if (out != VME_VMFAILED || vme_vmcs(m, VMCS_VM_INSTRUCTION_ERROR) != x->value) {
            test_fail_expect(st->line, "expect vmfail %" PRIu64 ": got %s", x->value,
                             outcome_text(out, m, got, sizeof got));
            break;
        }
        for (size_t i = 0; i < vme_vmcs_field_count(); i++) {
            uint16_t enc = vme_vmcs_field_at(i);
            if (enc != VMCS_VM_INSTRUCTION_ERROR && vme_vmcs(m, enc) != before[i])
                test_fail_expect(st->line, "expect vmfail: VMfailValid changed %s from 0x%" PRIx64 " to 0x%" PRIx64,
                                 vme_vmcs_field_name(enc), before[i], vme_vmcs(m, enc));
        }
        break;
    case VX_RUNNING:
        if (out != VME_IDLE)
            test_fail_expect(st->line, "expect running: got %s", outcome_text(out, m, got, sizeof got));
        break;
    case VX_VMCS:
        vme_vmcs_read(m, x->field, &v);
        if (v != x->value)
            test_fail_expect(st->line, "expect vmcs %s: expected 0x%" PRIx64 ", got 0x%" PRIx64,
                             vme_vmcs_field_name(x->field), x->value, v);
        break;
    case VX_MEM:
        v = vme_mem_read(m, x->addr, x->size);
        if (v != x->value)
            test_fail_expect(st->line, "expect mem 0x%" PRIx64 " %u: expected 0x%" PRIx64 ", got 0x%" PRIx64,
                             x->addr, x->size, x->value, v);
        break;
    case VX_CR2:
        if (vme_cr2(m) != x->value)
            test_fail_expect(st->line, "expect cr2: expected 0x%" PRIx64 ", got 0x%" PRIx64, x->value, vme_cr2(m));
        break;
    case VX_SMM:
        if (vme_smm_count(m) != x->value)
            test_fail_expect(st->line, "expect smm: expected %" PRIu64 ", got %" PRIu32, x->value,
                             vme_smm_count(m));
        break;
    }
}
