/* The golden model's narration (see evd_narrate.h). */
#include "evd_narrate.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "evd_arch.h"
#include "vmentry.h"

void narrate(struct model *md, size_t first, size_t covers, const char *fmt, ...)
{
    if (!md->narrate) return;
    if (md->nnotes == md->note_cap) {
        size_t cap = md->note_cap ? md->note_cap * 2 : 64;
        struct vme_note *n = realloc(md->notes, cap * sizeof *n);
        if (!n) {
            md->out_of_memory = 1;
            return;
        }
        md->notes = n;
        md->note_cap = cap;
    }
    struct vme_note *note = &md->notes[md->nnotes++];
    note->txn = first;
    note->covers = covers;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note->text, sizeof note->text, fmt, ap);
    va_end(ap);
}

const char *narrate_vector(uint8_t vector, char *buf, size_t len)
{
    static const char *const names[32] = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "vector 9",
                                          "#TS", "#NP", "#SS", "#GP", "#PF", "vector 15", "#MF", "#AC", "#MC",
                                          "#XM", "#VE", "#CP"};
    if (vector < 32 && names[vector]) snprintf(buf, len, "%s", names[vector]);
    else snprintf(buf, len, "vector 0x%x", vector);
    return buf;
}

void narrate_delivery(struct model *md, uint8_t type, uint8_t vector, int has_ec, uint32_t ec, uint64_t ret_rip)
{
    static const char *const types[8] = {"external interrupt", "type 1", "NMI", "hardware exception",
                                         "software interrupt", "privileged software exception",
                                         "software exception", "type 7"};
    static const char *const modes[] = {[VME_MODE_REAL] = "real mode", [VME_MODE_PROTECTED] = "protected mode",
                                        [VME_MODE_IA32E] = "IA-32e mode"};
    if (!md->narrate) return;
    char name[16] = "", error_code[32] = "";
    if (type == ITYPE_HARD_EXC || type == ITYPE_SOFT_EXC || type == ITYPE_PRIV_SOFT)
        narrate_vector(vector, name, sizeof name);
    else if (type != ITYPE_NMI) snprintf(name, sizeof name, "0x%x", vector);
    if (has_ec) snprintf(error_code, sizeof error_code, ", error code 0x%" PRIx32, ec);
    narrate(md, md->ntxns, 0, "deliver %s%s%s%s, return RIP 0x%" PRIx64 " (%s, CPL %u)", types[type & 7],
            name[0] ? " " : "", name, error_code, ret_rip, modes[md->mode], md->cpl);
}

static const char *gate_type(unsigned type)
{
    switch (type) {
    case 0xe: return "interrupt gate";
    case 0xf: return "trap gate";
    case 0x5: return "task gate";
    case 0x6: return "16-bit interrupt gate";
    case 0x7: return "16-bit trap gate";
    default: return "not a gate";
    }
}

void narrate_gate(struct model *md, uint8_t vector, uint64_t addr, uint64_t lo, uint64_t hi)
{
    if (!md->narrate) return;
    const int ia32e = md->mode == VME_MODE_IA32E;
    unsigned type = (lo >> 40) & 0xf, dpl = (lo >> 45) & 3, present = (lo >> 47) & 1;
    uint64_t off = (lo & 0xffff) | ((lo >> 32) & 0xffff0000) | (ia32e ? hi << 32 : 0);
    char ist[16] = "";
    if (ia32e && (lo >> 32 & 7)) snprintf(ist, sizeof ist, ", IST %u", (unsigned)(lo >> 32 & 7));
    narrate(md, md->ntxns - (ia32e ? 2 : 1), ia32e ? 2 : 1,
            "read IDT gate %u @0x%" PRIx64 ": %s (type 0x%x), DPL %u, %s, target 0x%x:0x%" PRIx64 "%s", vector, addr,
            gate_type(type), type, dpl, present ? "present" : "not present", (unsigned)(lo >> 16 & 0xffff), off, ist);
}

void narrate_ivt(struct model *md, uint8_t vector, uint64_t addr, uint64_t entry)
{
    narrate(md, md->ntxns - 1, 1, "read IVT entry %u @0x%" PRIx64 ": handler 0x%x:0x%x", vector, addr,
            (unsigned)(entry >> 16 & 0xffff), (unsigned)(entry & 0xffff));
}

void narrate_descriptor(struct model *md, const char *what, uint16_t sel, uint64_t addr, uint64_t d)
{
    if (!md->narrate) return;
    unsigned type = (d >> 40) & 0xf, s = (d >> 44) & 1, dpl = (d >> 45) & 3, p = (d >> 47) & 1;
    const char *kind = !s ? "system segment" : type & 8 ? "code segment" : "data segment";
    narrate(md, md->ntxns - 1, 1, "read %s descriptor 0x%x @0x%" PRIx64 ": %s (type 0x%x), DPL %u, %s, L %u, D/B %u",
            what, sel, addr, kind, type, dpl, p ? "present" : "not present", (unsigned)(d >> 53 & 1),
            (unsigned)(d >> 54 & 1));
}

void narrate_tss(struct model *md, unsigned offset, uint64_t addr, uint64_t value)
{
    if (!md->narrate) return;
    const char *field = "?";
    for (int f = 0; f < VME_TSS_FIELDS; f++)
        if (vme_tss_fields[f].offset == offset && vme_tss_fields[f].mode == md->mode) field = vme_tss_fields[f].name;
    char name[8]; /* "RSP0": the field in upper case, as the SDM writes it */
    size_t i = 0;
    for (; field[i] && i + 1 < sizeof name; i++) name[i] = (char)toupper((unsigned char)field[i]);
    name[i] = '\0';
    narrate(md, md->ntxns - 1, 1, "read TSS %s @0x%" PRIx64 " = 0x%" PRIx64, name, addr, value);
}

void narrate_push(struct model *md, int slot, uint64_t addr, unsigned size, uint64_t value)
{
    narrate(md, md->ntxns, 1, "push %s @0x%" PRIx64 " = 0x%" PRIx64, vme_frame_slots[md->mode][slot], addr,
            size == 8 ? value : value & ((UINT64_C(1) << (8 * size)) - 1));
}

void narrate_fault(struct model *md, int during, uint8_t vector, int has_ec, uint32_t ec, uint64_t addr,
                   const char *outcome)
{
    if (!md->narrate) return;
    char name[16], error_code[32] = "", at[32] = "", bitmap[96], where[48] = "raised by the guest";
    if (during >= 0)
        snprintf(where, sizeof where, "during delivery of %s", narrate_vector((uint8_t)during, name, sizeof name));
    if (has_ec) snprintf(error_code, sizeof error_code, " (error code 0x%" PRIx32 ")", ec);
    if (vector == 14) snprintf(at, sizeof at, " at 0x%" PRIx64, addr);
    int bit = vector < 32 && (md->exception_bitmap >> vector & 1);
    if (vector == 14)
        snprintf(bitmap, sizeof bitmap, "bitmap bit 14 %s, PFEC & 0x%" PRIx32 " %s 0x%" PRIx32, bit ? "set" : "clear",
                 md->pfec_mask, (ec & md->pfec_mask) == md->pfec_match ? "==" : "!=", md->pfec_match);
    else
        snprintf(bitmap, sizeof bitmap, "bitmap bit %u %s", vector, bit ? "set" : "clear");
    narrate(md, md->ntxns, 0, "%s%s%s %s: %s -> %s", narrate_vector(vector, name, sizeof name), error_code, at, where,
            bitmap, outcome);
}

static const char *prio_name(enum rule_prio p)
{
    switch (p) {
    case PRIO_SMI: return "SMI";
    case PRIO_INIT: return "INIT";
    case PRIO_MTF: return "MTF";
    case PRIO_DBG_TRAP: return "debug trap";
    case PRIO_TIMER: return "preemption timer";
    case PRIO_NMI_WINDOW: return "NMI window";
    case PRIO_NMI: return "NMI";
    case PRIO_INT_WINDOW: return "interrupt window";
    case PRIO_EXTINT_EXIT: return "external interrupt (exiting)";
    case PRIO_EXTINT: return "external interrupt";
    case PRIO_NONE: break;
    }
    return "nothing";
}

void narrate_boundary(struct model *md, enum rule_prio winner, enum rule_prio runner_up)
{
    if (runner_up == PRIO_NONE)
        narrate(md, md->ntxns, 0, "boundary: %s (nothing else pending)", prio_name(winner));
    else
        narrate(md, md->ntxns, 0, "boundary: %s wins over %s", prio_name(winner), prio_name(runner_up));
}

void narrate_exit(struct model *md, uint32_t reason, uint64_t qualification, uint32_t intr_info, uint32_t intr_ec,
                  uint32_t idt_info, uint32_t idt_ec)
{
    narrate(md, md->ntxns, 1,
            "VM exit: reason 0x%" PRIx32 " (%s), qualification 0x%" PRIx64 ", interruption info 0x%" PRIx32
            " (error code 0x%" PRIx32 "), IDT-vectoring info 0x%" PRIx32 " (error code 0x%" PRIx32 ")",
            reason, vme_exit_reason_name(reason), qualification, intr_info, intr_ec, idt_info, idt_ec);
}
