/* A test's statements as operations on a machine (see apply.h). */
#include "apply.h"

int apply_stmt(struct machine *m, const struct vec_stmt *st)
{
    switch (st->kind) {
    case VS_CONFIG: m->cfg[st->u.config.key] = st->u.config.value; return 0;
    case VS_VMCS: return machine_vmcs_write(m, st->u.vmcs.field, st->u.vmcs.value) ? -1 : 0;
    case VS_GATE: machine_set_gate(m, &st->u.gate); return 0;
    case VS_FAULT: return machine_add_fault(m, &st->u.fault);
    case VS_ITEM: return machine_stream_push(m, &st->u.item);
    default: return 0;
    }
}

int apply_memory_image(struct machine *m, const struct vec_stmt *const *mem, size_t n)
{
    if (machine_write_idt(m)) return -1;
    for (size_t i = 0; i < n; i++)
        if (machine_mem_write(m, mem[i]->u.mem.addr, mem[i]->u.mem.size, mem[i]->u.mem.value)) return -1;
    return 0;
}
