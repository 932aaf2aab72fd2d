/* The `expect` lines (see expect.h). */
#include "expect.h"

#include <inttypes.h>
#include <stdio.h>

#include "evd_arch.h"
#include "runner.h"

const char *outcome_text(enum outcome out, const struct machine *m, char *buf, size_t len)
{
    switch (out) {
    case OUT_EXIT: snprintf(buf, len, "exit 0x%" PRIx64, machine_vmcs(m, VMCS_VM_EXIT_REASON)); break;
    case OUT_VMFAIL: snprintf(buf, len, "vmfail %" PRIu64, machine_vmcs(m, VMCS_VM_INSTRUCTION_ERROR)); break;
    case OUT_IDLE: snprintf(buf, len, "running"); break;
    default: snprintf(buf, len, "no run"); break;
    }
    return buf;
}

void expect_check(const struct vec_stmt *st, const struct machine *m, enum outcome out, const uint64_t *before)
{
    const struct vec_expect *x = &st->u.expect;
    char got[96];
    uint64_t v;
    switch (x->kind) {
    case VX_EXIT:
        if (out != OUT_EXIT || machine_vmcs(m, VMCS_VM_EXIT_REASON) != x->value)
            test_fail(st->line, "expect exit 0x%" PRIx64 ": got %s", x->value, outcome_text(out, m, got, sizeof got));
        break;
    case VX_VMFAIL:
        if (out != OUT_VMFAIL || machine_vmcs(m, VMCS_VM_INSTRUCTION_ERROR) != x->value) {
            test_fail(st->line, "expect vmfail %" PRIu64 ": got %s", x->value, outcome_text(out, m, got, sizeof got));
            break;
        }
        for (size_t i = 0; i < vmcs_field_count(); i++) {
            uint16_t enc = vmcs_field_at(i);
            if (enc != VMCS_VM_INSTRUCTION_ERROR && m->vmcs[i] != before[i])
                test_fail(st->line, "expect vmfail: VMfailValid changed %s from 0x%" PRIx64 " to 0x%" PRIx64,
                          vmcs_field_name(enc), before[i], m->vmcs[i]);
        }
        break;
    case VX_RUNNING:
        if (out != OUT_IDLE) test_fail(st->line, "expect running: got %s", outcome_text(out, m, got, sizeof got));
        break;
    case VX_VMCS:
        machine_vmcs_read(m, x->field, &v);
        if (v != x->value)
            test_fail(st->line, "expect vmcs %s: expected 0x%" PRIx64 ", got 0x%" PRIx64, vmcs_field_name(x->field),
                      x->value, v);
        break;
    case VX_MEM:
        v = machine_mem_read(m, x->addr, x->size);
        if (v != x->value)
            test_fail(st->line, "expect mem 0x%" PRIx64 " %u: expected 0x%" PRIx64 ", got 0x%" PRIx64, x->addr,
                      x->size, x->value, v);
        break;
    case VX_CR2:
        if (m->cr2 != x->value) test_fail(st->line, "expect cr2: expected 0x%" PRIx64 ", got 0x%" PRIx64, x->value, m->cr2);
        break;
    case VX_SMM:
        if (m->smm_count != x->value)
            test_fail(st->line, "expect smm: expected %" PRIu64 ", got %" PRIu32, x->value, m->smm_count);
        break;
    }
}
