/* Writing a test back as `.vec` text (vector-format.md), so that a generated scenario that fails
 * can be kept and run again as it is. Each statement goes on the line its `line` field says. */
#include <inttypes.h>
#include <stdio.h>

#include "vec.h"

static const char *const access_names[] = {"read", "write", "any"};

static void write_item(FILE *f, const struct vme_item *it)
{
    switch (it->kind) {
    case VME_INSN_OK: fprintf(f, "insn ok %u", it->len); break;
    case VME_INSN_FAULT:
        fprintf(f, "insn fault %u ec=0x%" PRIx32 " addr=0x%" PRIx64, it->vec, it->ec, it->addr);
        break;
    case VME_INSN_EXIT: fprintf(f, "insn exit %" PRIu32 " %u qual=0x%" PRIx64, it->reason, it->len, it->qual); break;
    case VME_INSN_HLT: fprintf(f, "insn hlt %u", it->len); break;
    case VME_INSN_INT: fprintf(f, "insn int 0x%x %u", it->vec, it->len); break;
    case VME_INSN_INT3: fprintf(f, "insn int3 %u", it->len); break;
    case VME_INSN_INTO: fprintf(f, "insn into %u", it->len); break;
    case VME_INSN_INT1: fprintf(f, "insn int1 %u", it->len); break;
    case VME_INSN_REP: fprintf(f, "insn rep %u %" PRIu32, it->len, it->count); break;
    case VME_EVENT_EXTINT: fprintf(f, "event extint 0x%x", it->vec); break;
    case VME_EVENT_NMI: fprintf(f, "event nmi"); break;
    case VME_EVENT_SMI: fprintf(f, "event smi"); break;
    case VME_EVENT_INIT: fprintf(f, "event init"); break;
    case VME_EVENT_TICK: fprintf(f, "event tick %" PRIu32, it->count); break;
    }
}

static void write_config(FILE *f, enum vme_config_key key, uint32_t value)
{
    fprintf(f, "config %s ", vme_config_names[key]);
    if (key == VME_CFG_TRIPLE_FAULT) fprintf(f, "%s", value ? "contributory_pf" : "any");
    else if (key == VME_CFG_SMM) fprintf(f, "%s", value ? "dual" : "default");
    else fprintf(f, "%" PRIu32, value);
}

static void write_expect(FILE *f, const struct vec_expect *x)
{
    switch (x->kind) {
    case VX_VMFAIL: fprintf(f, "expect vmfail %" PRIu64, x->value); break;
    case VX_EXIT: fprintf(f, "expect exit 0x%" PRIx64, x->value); break;
    case VX_RUNNING: fprintf(f, "expect running"); break;
    case VX_VMCS: fprintf(f, "expect vmcs %s 0x%" PRIx64, vme_vmcs_field_name(x->field), x->value); break;
    case VX_MEM: fprintf(f, "expect mem 0x%" PRIx64 " %u 0x%" PRIx64, x->addr, x->size, x->value); break;
    case VX_CR2: fprintf(f, "expect cr2 0x%" PRIx64, x->value); break;
    case VX_SMM: fprintf(f, "expect smm %" PRIu64, x->value); break;
    }
}

int vec_write_test(FILE *f, const struct vec_test *t, const char *comment)
{
    int line = 1;
    if (comment) {
        fprintf(f, "# %s\n", comment);
        line++;
    }
    for (; line < t->line; line++) fputc('\n', f);
    fprintf(f, "test %s\n", t->name);
    line++;
    for (size_t i = 0; i < t->nstmts; i++) {
        const struct vec_stmt *s = &t->stmts[i];
        for (; line < s->line; line++) fputc('\n', f);
        fprintf(f, "  ");
        switch (s->kind) {
        case VS_CONFIG: write_config(f, s->u.config.key, s->u.config.value); break;
        case VS_VMCS: fprintf(f, "vmcs %s 0x%" PRIx64, vme_vmcs_field_name(s->u.vmcs.field), s->u.vmcs.value); break;
        case VS_MEM: fprintf(f, "mem 0x%" PRIx64 " %u 0x%" PRIx64, s->u.mem.addr, s->u.mem.size, s->u.mem.value); break;
        case VS_GATE: {
            const struct vme_gate *g = &s->u.gate;
            fprintf(f, "gate %u", g->vec);
            if (g->given & VME_GATE_OFF) fprintf(f, " off=0x%" PRIx64, g->off);
            if (g->given & VME_GATE_SEL) fprintf(f, " sel=0x%x", g->sel);
            if (g->given & VME_GATE_TYPE) fprintf(f, " type=%u", g->type);
            if (g->given & VME_GATE_DPL) fprintf(f, " dpl=%u", g->dpl);
            if (g->given & VME_GATE_P) fprintf(f, " p=%u", g->p);
            if (g->given & VME_GATE_IST) fprintf(f, " ist=%u", g->ist);
            break;
        }
        case VS_DESC: fprintf(f, "desc 0x%x 0x%016" PRIx64, s->u.desc.sel, s->u.desc.value); break;
        case VS_TSS: fprintf(f, "tss %s 0x%" PRIx64, vme_tss_fields[s->u.tss.field].name, s->u.tss.value); break;
        case VS_FAULT: {
            const struct vme_fault *x = &s->u.fault;
            fprintf(f, "fault 0x%" PRIx64 " 0x%" PRIx64 " %s %u ec=0x%" PRIx32, x->addr, x->len, access_names[x->access],
                    x->vec, x->ec);
            break;
        }
        case VS_ITEM: write_item(f, &s->u.item); break;
        case VS_ENTER: fprintf(f, "enter%s", s->u.enter == VME_ENTER_LAUNCH ? " launch" : s->u.enter == VME_ENTER_RESUME ? " resume" : ""); break;
        case VS_EXPECT: write_expect(f, &s->u.expect); break;
        }
        fputc('\n', f);
        line++;
    }
    fprintf(f, "end\n");
    return ferror(f) ? -1 : 0;
}
