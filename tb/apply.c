/* A test's statements as calls on the golden model's API (see apply.h). */
#include "apply.h"

int apply_stmt(struct vme *m, const struct vec_stmt *st)
{
    switch (st->kind) {
    case VS_CONFIG: vme_config(m, st->u.config.key, st->u.config.value); return 0;
    case VS_VMCS: return vme_vmcs_write(m, st->u.vmcs.field, st->u.vmcs.value) ? -1 : 0;
    case VS_GATE: vme_set_gate(m, &st->u.gate); return 0;
    case VS_DESC: vme_set_desc(m, st->u.desc.sel, st->u.desc.value); return 0;
    case VS_TSS: vme_set_tss(m, st->u.tss.field, st->u.tss.value); return 0;
    case VS_FAULT: return vme_add_fault(m, &st->u.fault);
    case VS_ITEM: return vme_stream_push(m, &st->u.item);
    default: return 0;
    }
}

int apply_memory_image(struct vme *m, const struct vec_stmt *st, size_t n)
{
    if (vme_write_tables(m)) return -1;
    for (size_t i = 0; i < n; i++)
        if (st[i].kind == VS_MEM && vme_mem_write(m, st[i].u.mem.addr, st[i].u.mem.size, st[i].u.mem.value)) return -1;
    return 0;
}
