/* Constrained-random scenarios (build/vmentry-sim --random N --seed S). Scenario I of seed S is
 * a pure function of (S, I), so shards and reruns see the same scenarios. Each is a test of the
 * vector format with no expectations: the lockstep check against the golden model is the oracle.
 * The mix: legal and illegal injection fields in every mode (IA-32e, protected, real), activity
 * states, interruptibility, exception bitmaps with PFEC mask/match, gates that fault, fault plans
 * on the IDT and the stack, streams of instructions and events, and every config key; in IA-32e
 * and protected mode also guests at CPL 3 (now and then 1 or 2), gates whose target code segment
 * changes privilege, is conforming or fails D7's checks, IST and TSS stacks, new SS selectors and
 * descriptors, GDT and TSS limits that cut entries off, and fault plans on the GDT, the TSS and
 * the new stack (behaviour.md D6, D7). Since issue 13 also the VMX-preemption timer (pin bit 6,
 * VMX_PREEMPTION_TIMER_VALUE often 0, 1 or small, saving it with exit control bit 22), `event tick
 * N` items (N from 1 to 0xffffffff, often next to another event), interrupt-window and
 * NMI-window exiting (primary bits 2 and 22), virtual NMIs (pin bit 5 with bit 3, and real NMIs
 * under virtual-NMI blocking), the config keys timer_rate, timer_sti and nmi_window_sti, more
 * shutdown guests, and now and then controls that break E6 on purpose (VMfailValid 7)
 * (behaviour.md E6, A3-A6). */
#include "random.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"

struct gen {
    uint64_t s;
    struct vec_test *t;
    size_t cap;
    int mode; /* 0 IA-32e, 1 protected, 2 real */
    unsigned cpl; /* the guest's CPL at entry: 0, or (IA-32e and protected mode) 1-3 */
    int timer;    /* pin-based control bit 6: the VMX-preemption timer counts the ticks down (A3) */
    int shutdown; /* the guest enters the shutdown state */
    /* Vectors the scenario delivers first (injected, INT n, faults, interrupts, NMIs): the gates
     * whose target code segment and stack are worth changing. */
    uint8_t used[16];
    unsigned nused;
    uint32_t slots;               /* GDT entries given a `desc` line (bit = index) */
    uint32_t read_slots;          /* GDT entries deliveries may read: where a fault plan hits something */
    uint32_t stacks;              /* TSS stack fields deliveries may take (bit = enum vme_tss_field) */
    uint64_t tss[VME_TSS_FIELDS]; /* the TSS as the scenario leaves it */
    uint32_t bitmap;              /* the exception bitmap */
    int failed;
};

static uint64_t next(struct gen *g)
{
    g->s ^= g->s << 13, g->s ^= g->s >> 7, g->s ^= g->s << 17;
    return g->s;
}
static unsigned below(struct gen *g, unsigned n) { return (unsigned)(next(g) % n); }
static int chance(struct gen *g, unsigned percent) { return below(g, 100) < percent; }
/* An error code for a fault (the fault plan's, an instruction's): below LIMIT as a rule, and one time
 * in eight any 32-bit value, so that every bit of the error-code paths changes (RTL toggle
 * coverage: the memory port's and the stream's error codes). One draw either way, the small
 * values the same as below(g, LIMIT) gives, so the scenarios around stay as they were. */
static uint32_t error_code(struct gen *g, unsigned limit)
{
    uint64_t v = next(g);
    return (v >> 40) & 7 ? (uint32_t)(v % limit) : (uint32_t)(v >> 8);
}

static struct vec_stmt *push(struct gen *g, enum vec_stmt_kind kind)
{
    struct vec_test *t = g->t;
    if (t->nstmts == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        struct vec_stmt *s = realloc(t->stmts, cap * sizeof *s);
        if (!s) {
            g->failed = 1;
            return NULL;
        }
        t->stmts = s;
        g->cap = cap;
    }
    struct vec_stmt *s = &t->stmts[t->nstmts];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->line = 3 + (int)t->nstmts; /* vec_write_test: a comment, `test`, then one statement a line */
    t->nstmts++;
    return s;
}

static void vmcs(struct gen *g, uint16_t field, uint64_t value)
{
    struct vec_stmt *s = push(g, VS_VMCS);
    if (s) s->u.vmcs.field = field, s->u.vmcs.value = value;
}

static void config(struct gen *g, enum vme_config_key key, uint32_t value)
{
    struct vec_stmt *s = push(g, VS_CONFIG);
    if (s) s->u.config.key = key, s->u.config.value = value;
}

/* VEC is delivered (or meant to be) before anything else of the scenario happens. */
static void use(struct gen *g, uint8_t vec)
{
    if (g->nused < sizeof g->used) g->used[g->nused++] = vec;
}

static int has_error_code(unsigned v) { return v == 8 || (v >= 10 && v <= 14) || v == 17; }

/* A vector that is interesting for delivery: exceptions of every class, and interrupts. */
static uint8_t some_vector(struct gen *g)
{
    static const uint8_t v[] = {0, 1, 2, 3, 4, 6, 8, 10, 11, 12, 13, 14, 17, 18, 20, 21, 0x20, 0x41, 0x80, 0xff};
    return v[below(g, sizeof v)];
}

static void injection(struct gen *g)
{
    unsigned pick = below(g, 100);
    uint32_t info;
    if (pick < 30) return; /* no injection */
    if (pick < 85) {
        /* A legal event of each type, its error code and length as the checks want them. */
        static const uint8_t types[] = {0, 2, 3, 3, 3, 4, 5, 6, 7};
        uint8_t type = types[below(g, sizeof types)], vec;
        switch (type) {
        case 0: vec = (uint8_t)(0x20 + below(g, 0xe0)); break;
        case 2: vec = 2; break;
        case 3: vec = (uint8_t)below(g, 32); break;
        case 4: vec = some_vector(g); break;
        case 5: vec = 1; break;
        case 6: vec = chance(g, 50) ? 3 : 4; break;
        default: vec = 0; break;
        }
        info = 0x80000000u | (uint32_t)type << 8 | vec;
        if (type == 3 && g->mode != 2 && has_error_code(vec)) info |= 0x800;
        if (type == 0 || type == 2) vmcs(g, VMCS_GUEST_RFLAGS, 0x202);
    } else {
        /* Anything: reserved types and bits, wrong vectors, error codes where none belongs. */
        info = 0x80000000u | (uint32_t)below(g, 8) << 8 | (chance(g, 50) ? some_vector(g) : below(g, 256));
        if (chance(g, 50)) info |= 0x800;
        if (chance(g, 30)) info |= 1u << (12 + below(g, 19));
    }
    use(g, (uint8_t)info);
    vmcs(g, VMCS_VM_ENTRY_INTR_INFO_FIELD, info);
    vmcs(g, VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, chance(g, 80) ? below(g, 0x10000) : (uint32_t)next(g));
    static const uint32_t lengths[] = {0, 1, 2, 3, 15, 16, 0xffffffff};
    vmcs(g, VMCS_VM_ENTRY_INSTRUCTION_LEN, chance(g, 80) ? 1 + below(g, 15) : lengths[below(g, 7)]);
}

/* `enter`, and now and then a forced VMLAUNCH or VMRESUME, which the launch state may refuse (E1). */
static void enter(struct gen *g)
{
    struct vec_stmt *s = push(g, VS_ENTER);
    if (s && chance(g, 4)) s->u.enter = chance(g, 50) ? VME_ENTER_LAUNCH : VME_ENTER_RESUME;
}

/* The address of the IDT entry of VEC in the current mode (and its size). */
static uint64_t idt_entry(const struct gen *g, unsigned vec, uint64_t *size)
{
    uint64_t base = g->mode == 2 ? 0 : 0x10000;
    *size = g->mode == 0 ? 16 : g->mode == 1 ? 8 : 4;
    return base + *size * vec;
}

static void faults_and_gates(struct gen *g)
{
    for (unsigned n = below(g, 3); n; n--) {
        struct vec_stmt *s = push(g, VS_GATE);
        if (!s) return;
        s->u.gate.vec = some_vector(g);
        switch (below(g, 3)) {
        case 0: s->u.gate.given = VME_GATE_P, s->u.gate.p = 0; break;
        case 1: s->u.gate.given = VME_GATE_TYPE, s->u.gate.type = (uint8_t)below(g, 16); break;
        default: s->u.gate.given = VME_GATE_DPL, s->u.gate.dpl = 3; break;
        }
    }
    static const uint8_t fault_vectors[] = {14, 14, 12, 13, 11, 10, 6, 17, 20};
    for (unsigned n = below(g, 3); n; n--) {
        struct vec_stmt *s = push(g, VS_FAULT);
        if (!s) return;
        struct vme_fault *f = &s->u.fault;
        f->vec = fault_vectors[below(g, sizeof fault_vectors)];
        f->ec = f->vec >= 10 && f->vec <= 13 ? error_code(g, 0x100) & ~1u : error_code(g, 0x20);
        if (chance(g, 50)) { /* the stack, where pushes go */
            uint64_t top = g->mode == 2 ? 0x10000 + 0x1000 : 0x9000;
            f->addr = top - 8 * (1 + below(g, 6));
            f->len = 8;
            f->access = VME_ACCESS_WRITE;
        } else { /* an IDT entry */
            uint64_t size;
            f->addr = idt_entry(g, some_vector(g), &size) + (chance(g, 50) ? 0 : size / 2);
            f->len = chance(g, 50) ? size / 2 : 1;
            f->access = chance(g, 50) ? VME_ACCESS_READ : VME_ACCESS_ANY;
        }
    }
}

/* N for `event tick N`: 1, a few, a power of two (which crosses every rate's step), up to a few
 * thousand, or anything up to 0xffffffff. */
static uint32_t tick_count(struct gen *g)
{
    unsigned pick = below(g, 100);
    if (pick < 30) return 1;
    if (pick < 65) return 2 + below(g, 15);
    if (pick < 78) return 1u << below(g, 32);
    if (pick < 92) return 1 + below(g, 5000);
    return 1 + (uint32_t)(next(g) % 0xffffffffu);
}

/* An event item: an interrupt, an NMI, an SMI or an INIT, in the old proportions (9:8:6:6). */
static void event(struct gen *g, struct vme_item *it)
{
    unsigned pick = below(g, 29);
    if (pick < 9) it->kind = VME_EVENT_EXTINT, it->vec = (uint8_t)(0x20 + below(g, 0xe0)), use(g, it->vec);
    else if (pick < 17) it->kind = VME_EVENT_NMI, use(g, 2);
    else if (pick < 23) it->kind = VME_EVENT_SMI;
    else it->kind = VME_EVENT_INIT;
}

static void item(struct gen *g)
{
    struct vec_stmt *s = push(g, VS_ITEM);
    if (!s) return;
    struct vme_item *it = &s->u.item;
    /* Ticks (A3): often when the timer runs, now and then when it does not (the TSC counts them
     * anyway); a third of them arrive together with another event. */
    if (chance(g, g->timer ? 20 : 4)) {
        it->kind = VME_EVENT_TICK, it->count = tick_count(g);
        if (chance(g, 35) && (s = push(g, VS_ITEM))) event(g, &s->u.item);
        return;
    }
    if (g->shutdown && chance(g, 50)) {
        event(g, it);
        return;
    }
    it->len = (uint8_t)(1 + below(g, 15));
    unsigned pick = below(g, 100);
    if (pick < 35) it->kind = VME_INSN_OK;
    else if (pick < 45) it->kind = VME_INSN_EXIT, it->reason = chance(g, 50) ? 18 : 10 + below(g, 40), it->qual = below(g, 4) ? 0 : next(g);
    else if (pick < 53) {
        it->kind = VME_INSN_FAULT, it->vec = (uint8_t)below(g, 32), it->has_ec = 1, it->ec = error_code(g, 0x20);
        it->has_addr = it->vec == 14, it->addr = it->has_addr ? 0x1000 * (1 + below(g, 16)) : 0;
        use(g, it->vec);
    } else if (pick < 58) it->kind = VME_INSN_HLT;
    else if (pick < 62) it->kind = VME_INSN_INT, it->vec = some_vector(g), use(g, it->vec);
    else if (pick < 66) {
        static const uint8_t vec[] = {3, 4, 1}; /* INT3, INTO, INT1 */
        unsigned k = below(g, 3);
        it->kind = (enum vme_item_kind)(VME_INSN_INT3 + k);
        use(g, vec[k]);
    } else if (pick < 71) it->kind = VME_INSN_REP, it->count = 1 + below(g, 4);
    else if (pick < 80) it->kind = VME_EVENT_EXTINT, it->vec = (uint8_t)(0x20 + below(g, 0xe0)), use(g, it->vec);
    else if (pick < 88) it->kind = VME_EVENT_NMI, use(g, 2);
    else if (pick < 94) it->kind = VME_EVENT_SMI;
    else it->kind = VME_EVENT_INIT;
}

//////// Privilege, descriptors and TSS stacks (behaviour.md D6, D7) ////////

/* GDT entries beside the baseline's (0x08 and 0x28 code, 0x10 and 0x30 data, DPL 0 and 3): code
 * of DPL 1 and 2, a conforming code segment, data of DPL 1 and 2 for their stacks, a code entry
 * D7 may refuse, and per CPL a stack entry that is odd in one of D6's ways. All under the
 * baseline limit 0x7f; 0x40 is TR's selector, whose descriptor is never read. */
enum { SEL_CODE1 = 0x18, SEL_CODE2 = 0x20, SEL_CONFORMING = 0x38, SEL_DATA1 = 0x48, SEL_DATA2 = 0x50, SEL_ODD_CODE = 0x58,
       SEL_ODD_DATA = 0x60 /* + 8 * CPL */ };
/* The baseline's GUEST_GDTR_BASE and GUEST_TR_BASE. */
#define GDT_BASE 0x11000
#define TSS_BASE 0x12000

static uint64_t code_descriptor(const struct gen *g, unsigned dpl, int conforming)
{
    /* 64-bit code (L = 1) in IA-32e mode, 32-bit (D = 1) in protected mode; 4 GiB, present. */
    uint64_t d = g->mode == 0 ? 0x00af9b000000ffffull : 0x00cf9b000000ffffull;
    return d | (uint64_t)dpl << 45 | (conforming ? 1ull << 42 : 0);
}

static uint64_t data_descriptor(unsigned dpl) { return 0x00cf93000000ffffull | (uint64_t)dpl << 45; }

/* Deliveries may read the GDT entry of SEL (unless D7 or D6 refuse the selector before the read). */
static void reads(struct gen *g, uint16_t sel)
{
    if ((sel & 0xfffc) && !(sel & 4) && sel < 0x80) g->read_slots |= 1u << (sel >> 3);
}

/* A `desc` line for entry SEL, the first time the scenario names it. */
static void desc(struct gen *g, uint16_t sel, uint64_t value)
{
    uint32_t bit = 1u << (sel >> 3);
    if (g->slots & bit) return;
    g->slots |= bit;
    struct vec_stmt *s = push(g, VS_DESC);
    if (s) s->u.desc.sel = sel, s->u.desc.value = value;
}

static void tss(struct gen *g, enum vme_tss_field f, uint64_t value)
{
    g->tss[f] = value;
    struct vec_stmt *s = push(g, VS_TSS);
    if (s) s->u.tss.field = f, s->u.tss.value = value;
}

/* An address anywhere in the mode's address space (64 or 32 bits). */
static uint64_t anywhere(struct gen *g) { return g->mode == 0 ? next(g) : (uint32_t)next(g); }

/* A stack pointer for the TSS: aligned, unaligned (IA-32e aligns it down to 16; protected mode
 * does not), near 0 (the frame wraps: at 64 bits in IA-32e, at 32 or 16 in protected mode), or
 * anywhere. */
static uint64_t stack_value(struct gen *g)
{
    unsigned pick = below(g, 16);
    if (pick < 8) return 0x6000 + 0x100 * below(g, 16);
    if (pick < 13) return 0x6000 + 0x100 * below(g, 16) + 1 + below(g, 15);
    if (pick < 15) return below(g, 24);
    return anywhere(g);
}

/* A code descriptor D7 may refuse, or one that passes with a twist, for the entry a gate names. */
static uint64_t odd_code(struct gen *g)
{
    uint64_t code = code_descriptor(g, 0, 0);
    switch (below(g, 8)) {
    case 0: return data_descriptor(below(g, 4));  /* not code */
    case 1: return 0x0000890000000067ull | (uint64_t)below(g, 16) << 40; /* S = 0: a system descriptor */
    case 2: return code & ~(1ull << 47);          /* not present: #NP */
    case 3: return code ^ 1ull << 53;             /* L flipped: IA-32e refuses L = 0 */
    case 4: return code | 3ull << 53;             /* L = D = 1: IA-32e refuses D = 1 */
    case 5: return code & ~(1ull << 55);          /* G = 0, limit 0xffff: protected mode's CS-limit #GP */
    case 6: return code | 0x12ull << 56 | 0x345678ull << 16; /* a base, which CS takes */
    default: return next(g);                      /* anything */
    }
}

/* A stack descriptor of DPL CPL that D6 may refuse, or that passes with a twist. */
static uint64_t odd_data(struct gen *g, unsigned cpl)
{
    uint64_t data = data_descriptor(cpl);
    switch (below(g, 7)) {
    case 0: return data & ~(1ull << 54); /* B = 0: SP, wrapping at 16 bits */
    case 1: return data & ~(1ull << 47); /* not present: #SS */
    case 2: return data & ~(1ull << 41); /* read-only: #TS */
    case 3: return data | 1ull << 43;    /* code: #TS */
    case 4: return data & ~(1ull << 44); /* S = 0, a system descriptor: #TS */
    case 5: return data | 0x10ull << 32; /* base 0x100000 */
    default: return next(g);
    }
}

/* Protected mode: SSn:ESPn for a privilege change to CPL N, once: the right stack segment (the
 * baseline's SS0 0x10, or the DPL-1/2 data entry), an odd one, or a selector D6 refuses. */
static void protected_stack(struct gen *g, unsigned n)
{
    enum vme_tss_field esp = (enum vme_tss_field)(VME_TSS_ESP0 + 2 * n), ss = (enum vme_tss_field)(esp + 1);
    uint32_t bit = 1u << ss;
    if (g->stacks & bit) return;
    g->stacks |= bit | 1u << esp;
    unsigned pick = below(g, 100);
    uint16_t sel;
    if (pick < 60) {
        sel = n == 0 ? 0x10 : (uint16_t)((n == 1 ? SEL_DATA1 : SEL_DATA2) | n);
        if (n) desc(g, sel & ~3, data_descriptor(n));
    } else if (pick < 80) {
        sel = (uint16_t)((SEL_ODD_DATA + 8 * n) | n);
        desc(g, sel & ~3, odd_data(g, n));
    } else {
        static const uint16_t bad[] = {0x0, 0x14, 0x80, 0x10, 0x08, 0x30}; /* null, TI, beyond, RPL, code, DPL */
        unsigned k = below(g, 6);
        sel = bad[k] | (k == 0 ? below(g, 4) : k == 3 ? (n + 1 + below(g, 3)) % 4 : n);
    }
    if (sel != g->tss[ss]) tss(g, ss, sel);
    if ((sel & 3) == n) reads(g, sel); /* D6 reads the descriptor of a selector with the right RPL */
    if (n || chance(g, 40)) tss(g, esp, stack_value(g));
}

/* IA-32e: the stack field F (RSPn or ISTn), set 70 % of the time (else the baseline's). */
static void ia32e_stack(struct gen *g, enum vme_tss_field f)
{
    uint32_t bit = 1u << f;
    if (g->stacks & bit) return;
    g->stacks |= bit;
    if (chance(g, 70)) tss(g, f, stack_value(g));
}

/* The target code segment of a gate: the baseline's DPL-0 or DPL-3 code, DPL 1 or 2 code,
 * conforming code of any DPL, an entry D7 may refuse, or a selector it refuses before reading
 * the GDT (null, TI = 1, beyond the limit). Now and then an RPL, which CS does not keep. */
static uint16_t target_selector(struct gen *g)
{
    unsigned pick = below(g, 100);
    uint16_t rpl = chance(g, 10) ? (uint16_t)below(g, 4) : 0, sel;
    if (pick < 15) sel = 0x08;
    else if (pick < 35) sel = 0x28;
    else if (pick < 55) {
        /* At CPL 1 or 2, half of them the guest's own level: no privilege change. */
        unsigned dpl = (g->cpl == 1 || g->cpl == 2) && chance(g, 50) ? g->cpl : 1 + below(g, 2);
        sel = dpl == 1 ? SEL_CODE1 : SEL_CODE2;
        desc(g, sel, code_descriptor(g, dpl, 0));
        if (g->cpl > dpl) { /* a privilege change: its stack */
            if (g->mode == 0) ia32e_stack(g, (enum vme_tss_field)(VME_TSS_RSP0 + dpl));
            else protected_stack(g, dpl);
        }
    } else if (pick < 70) {
        sel = SEL_CONFORMING;
        desc(g, sel, code_descriptor(g, below(g, 4), 1));
    } else if (pick < 85) {
        sel = SEL_ODD_CODE;
        desc(g, sel, odd_code(g));
    } else if (pick < 90) sel = (uint16_t)below(g, 4);
    else if (pick < 95) sel = (uint16_t)(4 | below(g, 4) | 8 * below(g, 16));
    else sel = (uint16_t)(0x80 + 8 * below(g, 0x1ff0));
    reads(g, sel);
    return sel | rpl;
}

/* A vector the scenario delivers, or one a nested fault brings (#DF, #GP, #PF, #NP, #SS, #TS). */
static uint8_t delivered_vector(struct gen *g)
{
    static const uint8_t nested[] = {8, 13, 14, 11, 12, 10};
    return g->nused && chance(g, 75) ? g->used[below(g, g->nused)] : nested[below(g, sizeof nested)];
}

/* A gate of VEC with another target code segment, an IST stack (IA-32e), DPL 3 (so that INT n
 * from CPL 1-3 gets through), a 16-bit or trap type, or an offset of its own. */
static void gate_target(struct gen *g, uint8_t vec)
{
    struct vme_gate gate = {.vec = vec, .given = VME_GATE_SEL, .sel = target_selector(g)};
    if (g->mode == 0 && chance(g, 30)) {
        gate.given |= VME_GATE_IST, gate.ist = (uint8_t)(1 + below(g, 7));
        ia32e_stack(g, (enum vme_tss_field)(VME_TSS_IST1 + gate.ist - 1));
    }
    if (g->cpl && chance(g, 60)) gate.given |= VME_GATE_DPL, gate.dpl = 3;
    unsigned type = below(g, 100);
    if (type < 10) gate.given |= VME_GATE_TYPE, gate.type = 0xf;
    else if (type < 25 && g->mode == 1) gate.given |= VME_GATE_TYPE, gate.type = (uint8_t)(6 + below(g, 2));
    if (chance(g, 10)) gate.given |= VME_GATE_OFF, gate.off = chance(g, 50) ? below(g, 0x10000) : anywhere(g);
    struct vec_stmt *s = push(g, VS_GATE);
    if (s) s->u.gate = gate;
}

/* A fault plan on what D6 and D7 read and write: a GDT entry deliveries read, the TSS slot of a
 * stack they take, or the frame on that stack or on the current one (the guest's RSP, 0x9000).
 * Contributory faults and #PF mostly: a benign fault met on every delivery attempt makes the
 * guest hang (set aside, nothing compared). */
static void descriptor_fault(struct gen *g)
{
    static const uint8_t vectors[] = {14, 14, 13, 12, 11, 10, 6};
    struct vme_fault f = {.vec = vectors[below(g, sizeof vectors)], .len = 8};
    f.ec = f.vec >= 10 && f.vec <= 13 ? error_code(g, 0x100) & ~1u : error_code(g, 0x20);
    f.access = chance(g, 50) ? VME_ACCESS_ANY : VME_ACCESS_READ;
    unsigned nstacks = 0;
    uint64_t top[VME_TSS_FIELDS + 1];
    enum vme_tss_field slot[VME_TSS_FIELDS];
    for (int i = 0; i < VME_TSS_FIELDS; i++)
        if (g->stacks >> i & 1 && vme_tss_fields[i].size != 2) slot[nstacks] = (enum vme_tss_field)i, top[nstacks++] = g->tss[i];
    unsigned where = below(g, 3);
    if (where == 1 && !nstacks) where = 2; /* no TSS stack: the current one */
    switch (where) {
    case 0: { /* a GDT entry */
        unsigned entry[32], n = 0;
        for (unsigned i = 0; i < 32; i++)
            if (g->read_slots >> i & 1) entry[n++] = i;
        f.addr = GDT_BASE + 8 * entry[below(g, n)] + (chance(g, 50) ? 0 : below(g, 8));
        f.len = chance(g, 50) ? 8 : 1;
        break;
    }
    case 1: /* a TSS slot (SSn too, 4 bytes above ESPn) */
        f.addr = TSS_BASE + vme_tss_fields[slot[below(g, nstacks)]].offset + (g->mode == 1 && chance(g, 50) ? 4 : 0);
        f.len = chance(g, 50) ? 8 : 1;
        break;
    default: { /* a frame: IA-32e aligns RSP down to 16; protected mode's ESP wraps at 32 bits (SS base 0) */
        top[nstacks] = 0x9000;
        uint64_t sp = top[below(g, nstacks + 1)];
        f.addr = g->mode == 0 ? (sp & ~0xfull) - 8 * (1 + below(g, 6)) : (uint32_t)(sp - 4 * (1 + below(g, 6)));
        f.access = VME_ACCESS_WRITE;
        break;
    }
    }
    if (chance(g, 50) && !(g->bitmap >> f.vec & 1)) /* now and then the fault exits during delivery (F2) */
        vmcs(g, VMCS_EXCEPTION_BITMAP, g->bitmap |= 1u << f.vec);
    struct vec_stmt *st = push(g, VS_FAULT);
    if (st) st->u.fault = f;
}

/* The guest at CPL 1, 2 or 3: CS and SS of that DPL (the baseline's 0x28 and 0x30 at CPL 3, the
 * generator's entries, given here, at 1 and 2). */
static void guest_cpl(struct gen *g, unsigned cpl)
{
    static const uint16_t cs[] = {0, SEL_CODE1 | 1, SEL_CODE2 | 2, 0x2b}, ss[] = {0, SEL_DATA1 | 1, SEL_DATA2 | 2, 0x33};
    uint32_t code = g->mode == 1 || chance(g, 20) ? 0xc09b : 0xa09b; /* IA-32e: 64-bit or compatibility mode */
    g->cpl = cpl;
    if (cpl < 3) {
        desc(g, cs[cpl] & ~3, code_descriptor(g, cpl, 0));
        desc(g, ss[cpl] & ~3, data_descriptor(cpl));
    }
    vmcs(g, VMCS_GUEST_CS_SELECTOR, cs[cpl]);
    vmcs(g, VMCS_GUEST_CS_AR_BYTES, code | cpl << 5);
    vmcs(g, VMCS_GUEST_SS_SELECTOR, ss[cpl]);
    vmcs(g, VMCS_GUEST_SS_AR_BYTES, 0xc093 | cpl << 5);
}

/* IA-32e and protected mode: the target code segments, stacks and tables of D6 and D7. */
static void descriptors_and_stacks(struct gen *g)
{
    reads(g, 0x08); /* every baseline gate names it */
    if (g->cpl) { /* the baseline gates change privilege to CPL 0 */
        if (g->mode == 0) ia32e_stack(g, VME_TSS_RSP0);
        else if (chance(g, 40)) protected_stack(g, 0);
        else g->stacks |= 1u << VME_TSS_ESP0 | 1u << VME_TSS_SS0, reads(g, 0x10);
    }
    if (chance(g, g->cpl ? 75 : 50))
        for (unsigned n = 1 + below(g, 3); n; n--) gate_target(g, delivered_vector(g));
    /* Limits that cut GDT entries or TSS stack slots off (partly, too), and the IDT's at the end
     * of a delivered vector's gate or a byte short of it (D2, D3). */
    if (chance(g, 4)) {
        unsigned size = g->mode == 0 ? 16 : 8;
        vmcs(g, VMCS_GUEST_IDTR_LIMIT, size * delivered_vector(g) + size - 1 - below(g, 2));
    }
    if (chance(g, 6)) vmcs(g, VMCS_GUEST_GDTR_LIMIT, below(g, 0x80));
    if (chance(g, 6)) vmcs(g, VMCS_GUEST_TR_LIMIT, below(g, 0x68));
    if (chance(g, 30))
        for (unsigned n = 1 + below(g, 2); n; n--) descriptor_fault(g);
}

int random_scenario(uint64_t seed, uint64_t index, struct vec_test *t, size_t *cap)
{
    struct gen g = {.s = (seed * 0x9e3779b97f4a7c15ull) ^ (index * 0xbf58476d1ce4e5b9ull) ^ 0x94d049bb133111ebull,
                    .t = t, .cap = *cap, .tss = {[VME_TSS_RSP0] = 0x7000, [VME_TSS_ESP0] = 0x7000, [VME_TSS_SS0] = 0x10}};
    if (!g.s) g.s = 1;
    for (int i = 0; i < 4; i++) next(&g);
    t->nstmts = 0;
    t->line = 2;
    snprintf(t->name, sizeof t->name, "random-%llu-%llu", (unsigned long long)seed, (unsigned long long)index);

    /* Config keys, each away from its default now and then. */
    if (chance(&g, 10)) config(&g, VME_CFG_ERRCODE_HIGH_BITS, 15);
    if (chance(&g, 10)) config(&g, VME_CFG_ZERO_LEN_INJECT, 1);
    if (chance(&g, 10)) config(&g, VME_CFG_NO_HW_ERRCODE_CC, 1);
    if (chance(&g, 5)) config(&g, VME_CFG_MTF_SUPPORTED, 0);
    if (chance(&g, 10)) config(&g, VME_CFG_NMI_STI_CHECK, 0);
    if (chance(&g, 10)) config(&g, VME_CFG_TRIPLE_FAULT, 1);
    if (chance(&g, 10)) config(&g, VME_CFG_CP_ERRCODE, 1);
    if (chance(&g, 15)) config(&g, VME_CFG_SMM, 1);
    if (chance(&g, 10)) config(&g, VME_CFG_SAVE_ACTIVITY, 0);
    if (chance(&g, 10)) config(&g, VME_CFG_ACTIVITY_STATES, below(&g, 8));
    if (chance(&g, 20)) { /* the timer's rate: slow steps, the slowest, or any */
        static const uint32_t rates[] = {1, 1, 2, 3, 5, 31, 31};
        config(&g, VME_CFG_TIMER_RATE, chance(&g, 70) ? rates[below(&g, 7)] : below(&g, 32));
    }
    if (chance(&g, 12)) config(&g, VME_CFG_TIMER_STI, 1);
    if (chance(&g, 12)) config(&g, VME_CFG_NMI_WINDOW_STI, 0);

    /* Activity: active (74 %), HLT (20 %), shutdown (3.5 %), wait-for-SIPI, or invalid. Only SMI,
     * INIT, the timer, the NMI window and NMIs are taken in shutdown, and E3 allows no injection
     * but an NMI's (or #MC's) there: shutdown scenarios have the timer and the NMI window on more
     * often, injections less often, and streams of mostly events. */
    unsigned pick = below(&g, 1000);
    unsigned activity = pick < 740 ? 0 : pick < 940 ? 1 : pick < 975 ? 2 : pick < 987 ? 3 : 4;
    g.shutdown = activity == 2;

    /* The mode (E5): IA-32e, protected, or real with unrestricted guest. */
    unsigned m = below(&g, 100);
    g.mode = m < 50 ? 0 : m < 75 ? 1 : 2;
    uint32_t proc = 0;
    if (g.mode) vmcs(&g, VMCS_VM_ENTRY_CONTROLS, 0);
    if (g.mode == 2) {
        vmcs(&g, VMCS_GUEST_CR0, 0x30);
        vmcs(&g, VMCS_SECONDARY_VM_EXEC_CONTROL, 0x80);
        vmcs(&g, VMCS_GUEST_IDTR_BASE, 0);
        vmcs(&g, VMCS_GUEST_IDTR_LIMIT, 0x3ff);
        vmcs(&g, VMCS_GUEST_SS_BASE, 0x10000);
        vmcs(&g, VMCS_GUEST_RSP, 0x1000);
        proc |= 1u << 31;
    }
    /* Controls: MTF, HLT exiting, interrupt-window exiting (A5); interrupt and NMI exiting,
     * virtual NMIs (with NMI exiting, as E6 wants), the VMX-preemption timer (A3); NMI-window
     * exiting (A4, with virtual NMIs); acknowledge on exit, save the timer (with the timer). */
    if (chance(&g, 40)) proc |= 1u << 27;
    if (chance(&g, 15)) proc |= 1u << 7;
    if (chance(&g, 12)) proc |= 1u << 2;
    uint32_t pin = (chance(&g, 25) ? 1u : 0) | (chance(&g, 20) ? 8u : 0) | (chance(&g, g.shutdown ? 40 : 15) ? 0x28u : 0) |
                   (chance(&g, g.shutdown ? 40 : 20) ? 0x40u : 0);
    if ((pin & 0x20) && chance(&g, 50)) proc |= 1u << 22;
    uint32_t exit_controls = chance(&g, 50) ? 0x8000 : 0;
    if ((pin & 0x40) && chance(&g, 50)) exit_controls |= 1u << 22;
    if (chance(&g, 3)) { /* E6 broken on purpose: VMfailValid 7 */
        switch (below(&g, 3)) {
        case 0: pin = (pin | 0x20) & ~8u; break;             /* virtual NMIs without NMI exiting */
        case 1: proc |= 1u << 22, pin &= ~0x20u; break;      /* NMI-window exiting without virtual NMIs */
        default: exit_controls |= 1u << 22, pin &= ~0x40u; break; /* saving a timer that is off */
        }
    }
    if (proc) vmcs(&g, VMCS_CPU_BASED_VM_EXEC_CONTROL, proc);
    if (pin) vmcs(&g, VMCS_PIN_BASED_VM_EXEC_CONTROL, pin);
    if (exit_controls) vmcs(&g, VMCS_VM_EXIT_CONTROLS, exit_controls);
    g.timer = (pin >> 6) & 1;
    if (g.timer || chance(&g, 5)) { /* the timer's value: often 0 (an exit at the first boundary) or 1 */
        unsigned pick = below(&g, 100);
        uint32_t value = pick < 30 ? 0 : pick < 50 ? 1 : pick < 80 ? 2 + below(&g, 15) : pick < 92 ? below(&g, 2000)
                                                                                            : (uint32_t)next(&g);
        vmcs(&g, VMCS_VMX_PREEMPTION_TIMER_VALUE, value);
    }
    if (chance(&g, 60)) {
        uint32_t bitmap = 0;
        for (int v = 0; v < 32; v++)
            if (chance(&g, 15)) bitmap |= 1u << v;
        vmcs(&g, VMCS_EXCEPTION_BITMAP, g.bitmap = bitmap);
        if (chance(&g, 40)) {
            vmcs(&g, VMCS_PAGE_FAULT_ERROR_CODE_MASK, below(&g, 0x20));
            vmcs(&g, VMCS_PAGE_FAULT_ERROR_CODE_MATCH, below(&g, 0x20));
        }
    }
    /* Guest state: IF, TF, interruptibility, activity, SS.DPL, pending debug exceptions. */
    uint64_t rflags = 0x2 | (chance(&g, 60) ? 0x200u : 0) | (chance(&g, 12) ? 0x100u : 0);
    vmcs(&g, VMCS_GUEST_RFLAGS, rflags);
    if (chance(&g, pin & 0x20 ? 45 : 25)) { /* bit 3: blocking by NMI, or virtual-NMI blocking (A6) */
        static const uint32_t blocking[] = {1, 2, 8, 9, 10, 3};
        vmcs(&g, VMCS_GUEST_INTERRUPTIBILITY_INFO, blocking[below(&g, 6)]);
    }
    if (activity) vmcs(&g, VMCS_GUEST_ACTIVITY_STATE, activity);
    /* CPL 3, now and then 1 or 2 (IA-32e, protected): deliveries through the baseline gates change
     * privilege (D6). Rarely in HLT: above CPL 0, E3 makes that entry fail. */
    if (g.mode != 2 && chance(&g, activity == 1 ? 3 : 30)) guest_cpl(&g, chance(&g, 65) ? 3 : 1 + below(&g, 2));
    if (chance(&g, 10)) vmcs(&g, VMCS_GUEST_PENDING_DBG_EXCEPTIONS, chance(&g, 60) ? 0x4000 : 0x1002);

    if (!g.shutdown || chance(&g, 20)) injection(&g);
    faults_and_gates(&g);
    for (unsigned n = below(&g, 9); n; n--) item(&g);
    if (g.mode != 2) descriptors_and_stacks(&g);
    enter(&g);
    /* Sometimes the VMM resumes, or the idle guest goes on, with a few more items. */
    if (chance(&g, 30)) {
        for (unsigned n = 1 + below(&g, 3); n; n--) item(&g);
        enter(&g);
    }
    *cap = g.cap;
    return g.failed ? -1 : 0;
}
