/* vmentry.h: the golden model of the VMX VM-entry unit, as a C library (build/libvmentry.a).
 *
 * The model carries out VMLAUNCH/VMRESUME the way ../shared/spec/behaviour.md says: the checks of
 * the event-injection fields, the delivery of an injected event (or of a fault the guest raises)
 * through the guest IDT (with the target code segment from the GDT, and a privilege change or an
 * IST stack through the TSS), the faults met during delivery (exception bitmap, #DF, triple
 * fault, IDT-vectoring information), and the monitor trap flag with HLT, SMI, INIT, NMI and interrupts
 * in their priority order. It is written from the spec alone: it never reads the microcode, its
 * listing or the RTL. The simulator (build/vmentry-sim) checks the RTL against it in lockstep;
 * a hypervisor or an emulator can be checked against it the same way: set up the same VMCS and
 * guest memory in both, run the entry in both, compare the exit and the memory writes.
 *
 * A machine (struct vme) holds what one test needs, as ../shared/spec/vector-format.md describes
 * it: the VMCS image, sparse guest memory, the fault plan, the IDT gate table, the guest's stream
 * of instruction outcomes and events, CR2, the SMM round-trip count and the configuration keys
 * (the choices the SDM leaves to an implementation). Every call below operates on one machine;
 * machines share nothing, so several may live side by side (the simulator keeps two: one the
 * RTL works on through its ports, one the model runs on).
 *
 * Call order:
 *   1. vme_create() (or vme_reset() to reuse one): the baseline of vector-format.md: a 64-bit
 *      guest at CPL 0 (CS 0x8, SS 0x10, RIP 0x401000, RSP 0x9000), IDTR 0x10000/0xfff, every
 *      gate present, DPL 0, handler at 0x500000 + 0x100 * vector; GDTR 0x11000/0x7f with code
 *      and data segments for CPL 0 (0x08, 0x10) and CPL 3 (0x28, 0x30); the TSS at 0x12000
 *      with the CPL-0 stack at 0x7000.
 *   2. Any number of vme_config(), vme_vmcs_write(), vme_set_gate(), vme_set_desc(),
 *      vme_set_tss(), vme_add_fault() and vme_stream_push(), in any order.
 *   3. vme_write_tables(): writes the IDT image from the gate table into guest memory, in the
 *      format of the guest's mode (16-byte gates in IA-32e mode, 8-byte in protected mode, the
 *      IVT in real mode), and outside real mode the GDT and the TSS. Then vme_mem_write() for
 *      memory that must override them.
 *   4. vme_enter(): the whole run, at once: the entry checks, any delivery, the guest's
 *      instructions and events from the stream, until a VM exit, a VMfailValid, or the guest
 *      idle (waiting for a stream item that is not there).
 *   5. vme_outcome(), vme_vmcs_read(), vme_mem_read(), vme_cr2(), and the run's transactions
 *      (vme_txn_count(), vme_txn()): every guest-memory access, every stream item consumed,
 *      every CR2 write and SMM round trip, in order, and last the end of the run.
 *   6. Again from 2 for the next entry (VMRESUME, or the guest continuing after more stream
 *      items), or vme_destroy().
 *
 * What the model does not model is refused: vme_enter() returns -1 and vme_error() says
 * "not modelled: FEATURE (what in the input asked for it)" (README, Limits). A run that would
 * never end (an endless chain of benign faults) is refused the same way. Nothing is ever
 * computed as if it were something else.
 *
 * Errors: functions that return int return 0, or -1 on failure (out of memory, an encoding that
 * is not a VMCS field); vme_create() returns NULL when out of memory. */
#ifndef VMENTRY_H
#define VMENTRY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//////// Configuration keys (vector-format.md `config`) ////////

/* In the order of vector-format.md. */
enum vme_config_key {
    VME_CFG_ERRCODE_HIGH_BITS, /* 16 (default) or 15 */
    VME_CFG_ZERO_LEN_INJECT,   /* 0 (default) or 1 */
    VME_CFG_NO_HW_ERRCODE_CC,  /* 0 (default) or 1 */
    VME_CFG_MTF_SUPPORTED,     /* 1 (default) or 0 */
    VME_CFG_NMI_STI_CHECK,     /* 1 (default) or 0 */
    VME_CFG_TRIPLE_FAULT,      /* 0 = any (default), 1 = contributory_pf */
    VME_CFG_CP_ERRCODE,        /* 0 (default) or 1 */
    VME_CFG_SMM,               /* 0 = default treatment (default), 1 = dual-monitor */
    VME_CFG_SAVE_ACTIVITY,     /* 1 (default) or 0 */
    VME_CFG_ACTIVITY_STATES,   /* 7 (default), 0..7: bit 0 HLT, 1 shutdown, 2 wait-for-SIPI */
    VME_CFG_TIMER_RATE,        /* 0 (default), 0..31: the timer counts down when TSC bit X changes */
    VME_CFG_TIMER_STI,         /* 0 (default) or 1: STI/MOV-SS blocking holds the timer exit */
    VME_CFG_NMI_WINDOW_STI,    /* 1 (default) or 0: STI blocking holds NMI-window exits */
    VME_CFG_COUNT
};
/* The keys as the format spells them ("errcode_high_bits", ...), and their defaults. */
extern const char *const vme_config_names[VME_CFG_COUNT];
extern const uint32_t vme_config_defaults[VME_CFG_COUNT];

//////// The guest stream (vector-format.md `insn` and `event`) ////////

/* What the guest does next: an instruction's outcome, or an event from outside. */
enum vme_item_kind {
    VME_INSN_OK,      /* insn ok LEN: completes */
    VME_INSN_FAULT,   /* insn fault VEC [ec=E] [addr=A]: raises exception VEC */
    VME_INSN_EXIT,    /* insn exit REASON LEN [qual=Q]: causes a VM exit of its own */
    VME_INSN_HLT,     /* insn hlt LEN */
    VME_INSN_INT,     /* insn int VEC LEN: INT n */
    VME_INSN_INT3,    /* insn int3 LEN */
    VME_INSN_INTO,    /* insn into LEN */
    VME_INSN_INT1,    /* insn int1 LEN */
    VME_INSN_REP,     /* insn rep LEN COUNT: COUNT iterations of a REP string instruction */
    VME_EVENT_EXTINT, /* event extint VEC */
    VME_EVENT_NMI,    /* event nmi */
    VME_EVENT_SMI,    /* event smi */
    VME_EVENT_INIT,   /* event init */
    VME_EVENT_TICK    /* event tick N: N ticks of the TSC (count) */
};
#define VME_ITEM_IS_EVENT(k) ((k) >= VME_EVENT_EXTINT)

struct vme_item {
    enum vme_item_kind kind;
    uint8_t len;     /* instruction length: 1..15 (0..15 for `insn exit`) */
    uint8_t vec;     /* fault vector 0..31; int / extint vector 0..255 */
    uint32_t ec;     /* fault error code (0 when not given) */
    uint8_t has_ec;  /* ec= was given */
    uint64_t addr;   /* fault address (0 when not given) */
    uint8_t has_addr;
    uint32_t reason; /* insn exit: basic exit reason 0..65535 */
    uint64_t qual;   /* insn exit: exit qualification (default 0) */
    uint32_t count;  /* insn rep: iterations, 1..0xffffffff; event tick: ticks, 1..0xffffffff */
};

//////// IDT gates (vector-format.md `gate`) ////////

/* Which attributes a gate statement gives; the others keep their values. */
enum { VME_GATE_OFF = 1, VME_GATE_SEL = 2, VME_GATE_TYPE = 4, VME_GATE_DPL = 8, VME_GATE_P = 16, VME_GATE_IST = 32 };
/* Gate types: `int` 0xE, `trap` 0xF, `task` 0x5, or any raw 4-bit value. */
struct vme_gate {
    uint8_t vec;
    uint8_t given; /* VME_GATE_* bits */
    uint64_t off;
    uint16_t sel;
    uint8_t type;  /* 0..15 */
    uint8_t dpl;   /* 0..3 */
    uint8_t p;     /* 0..1 */
    uint8_t ist;   /* 0..7: the IST field of a 64-bit gate (bits 34:32; ignored outside IA-32e mode) */
};

//////// The GDT and the TSS (vector-format.md `desc`, `tss`) ////////

/* TSS fields: IA-32e mode's 64-bit TSS, then protected mode's 32-bit TSS. */
enum vme_tss_field {
    VME_TSS_RSP0, VME_TSS_RSP1, VME_TSS_RSP2,
    VME_TSS_IST1, VME_TSS_IST2, VME_TSS_IST3, VME_TSS_IST4, VME_TSS_IST5, VME_TSS_IST6, VME_TSS_IST7,
    VME_TSS_ESP0, VME_TSS_SS0, VME_TSS_ESP1, VME_TSS_SS1, VME_TSS_ESP2, VME_TSS_SS2,
    VME_TSS_FIELDS
};
/* A field's name in the format ("rsp0", "ist1", "esp0", "ss0"...), its offset in the TSS, its size
 * in bytes (8, 4 or 2) and the mode whose TSS holds it (an enum vme_mode: IA-32e or protected). */
struct vme_tss_layout {
    const char *name;
    uint8_t offset, size;
    uint8_t mode;
};
extern const struct vme_tss_layout vme_tss_fields[VME_TSS_FIELDS];

//////// The fault plan (vector-format.md `fault`) ////////

enum vme_access { VME_ACCESS_READ, VME_ACCESS_WRITE, VME_ACCESS_ANY };
/* Any access of the given kind that touches [addr, addr + len - 1] raises exception VEC with
 * error code EC (a #PF also gives the faulting address). */
struct vme_fault {
    uint64_t addr;
    uint64_t len;  /* >= 1; addr + len - 1 does not wrap */
    enum vme_access access;
    uint8_t vec;   /* 0..31 */
    uint32_t ec;   /* bit 0 clear for vectors 10..13 */
};

//////// Entries and transactions ////////

/* How a test's `enter` names the entry: `enter`, `enter launch`, `enter resume`. */
enum vme_enter_mode { VME_ENTER_AUTO, VME_ENTER_LAUNCH, VME_ENTER_RESUME };

/* What the VMM executes. */
enum vme_entry {
    VME_VMLAUNCH,
    VME_VMRESUME,
    VME_CONTINUE /* no entry: the guest was idle and goes on with the stream items added since */
};

/* The guest's mode at entry (behaviour.md E5). */
enum vme_mode { VME_MODE_REAL, VME_MODE_PROTECTED, VME_MODE_IA32E };
/* The slots of an interrupt frame in push order, as the SDM names them in each mode: SS, RSP,
 * RFLAGS, CS, RIP, error code (protected mode ESP, EFLAGS, EIP). Real mode pushes slots 2-4 only
 * (FLAGS, CS, IP); a push without a privilege change starts at slot 2 in protected mode too. */
extern const char *const vme_frame_slots[3][6];

/* One observable step of a run. */
enum vme_txn_kind {
    VME_TX_MEM_READ,  /* addr, size */
    VME_TX_MEM_WRITE, /* addr, size, data */
    VME_TX_POP,       /* item: index of the stream item consumed (in push order) */
    VME_TX_CR2,       /* data: the value written */
    VME_TX_SMM,       /* one SMM round trip (SMI taken with the default treatment, RSM) */
    VME_TX_EXIT,      /* the run ends in a VM exit; code: the exit-reason field */
    VME_TX_VMFAIL,    /* the run ends in VMfailValid; code: the VM-instruction error */
    VME_TX_IDLE       /* the run ends with the guest idle, waiting for a stream item */
};

struct vme_txn {
    enum vme_txn_kind kind;
    uint64_t addr;
    uint64_t data;
    uint8_t size;
    size_t item;
    uint32_t code;
};

//////// Machines ////////

struct vme;

/* A new machine at the baseline; NULL when out of memory. */
struct vme *vme_create(void);
/* Back to the baseline (memory, fault plan, stream and the model's state are cleared). */
int vme_reset(struct vme *m);
void vme_destroy(struct vme *m);

/* Configuration keys (see enum vme_config_key; values are not checked here: the parser does). */
void vme_config(struct vme *m, enum vme_config_key key, uint32_t value);
uint32_t vme_config_value(const struct vme *m, enum vme_config_key key);

//////// The VMCS image ////////

/* ENC is a field's encoding (as in Linux's asm/vmx.h), or the _HIGH half of a 64-bit field
 * (encoding + 1). A value is truncated to the field's width. -1: ENC is not a field. */
int vme_vmcs_write(struct vme *m, uint16_t enc, uint64_t value);
int vme_vmcs_read(const struct vme *m, uint16_t enc, uint64_t *value);
/* The value of a field known to exist (0 for any other encoding). */
uint64_t vme_vmcs(const struct vme *m, uint16_t enc);

/* The field table: the number of full fields (not halves), the encoding of the I-th, the name
 * of ENC ("GUEST_RIP", "TSC_OFFSET_HIGH"; NULL when not a field), its width in bits (16, 32 or
 * 64; 0 when not a field), and the encoding of a name (-1 when unknown). */
size_t vme_vmcs_field_count(void);
uint16_t vme_vmcs_field_at(size_t i);
const char *vme_vmcs_field_name(uint16_t enc);
int vme_vmcs_field_width(uint16_t enc);
int vme_vmcs_field_by_name(const char *name, uint16_t *enc);

//////// Guest memory, gates, faults ////////

/* Little-endian, 1 to 8 bytes; memory never written reads as zero. */
int vme_mem_write(struct vme *m, uint64_t addr, unsigned size, uint64_t value);
uint64_t vme_mem_read(const struct vme *m, uint64_t addr, unsigned size);

/* Sets the attributes G->given names of gate G->vec. */
void vme_set_gate(struct vme *m, const struct vme_gate *g);
/* Sets the GDT entry of selector SEL (index SEL >> 3) to the raw 8-byte DESCRIPTOR. */
void vme_set_desc(struct vme *m, uint16_t sel, uint64_t descriptor);
/* Sets field F of the TSS (truncated to the field's size). */
void vme_set_tss(struct vme *m, enum vme_tss_field f, uint64_t value);
/* Writes the descriptor tables into guest memory, in the format of the guest's current mode: the
 * IDT region [GUEST_IDTR_BASE, + GUEST_IDTR_LIMIT] from the gate table (gates beyond the limit
 * are not written) and, outside real mode, the GDT region [GUEST_GDTR_BASE, + GUEST_GDTR_LIMIT]
 * from the descriptor table and the TSS region [GUEST_TR_BASE, + min(GUEST_TR_LIMIT, 0x67)] from
 * the TSS fields of the mode. */
int vme_write_tables(struct vme *m);

/* Adds a range to the fault plan; the first range that matches an access wins. */
int vme_add_fault(struct vme *m, const struct vme_fault *f);
/* Whether an access of SIZE bytes at ADDR faults under the plan: 1 with the vector, error code
 * and faulting address (the lowest address of the access inside the range), else 0. */
int vme_access_faults(const struct vme *m, uint64_t addr, unsigned size, int is_write, uint8_t *vec, uint32_t *ec,
                      uint64_t *fault_addr);

//////// The guest stream ////////

int vme_stream_push(struct vme *m, const struct vme_item *item);
/* Item IDX as pushed (with the iterations of a REP item that are left). */
const struct vme_item *vme_stream_item(const struct vme *m, size_t idx);
/* The item a stream port shows: the first not consumed, or with EVENTS_ONLY the first event not
 * consumed; its index, or -1 when there is none. */
long vme_stream_peek(const struct vme *m, int events_only);
/* Consumes item IDX (a REP item one iteration at a time). */
void vme_stream_consume(struct vme *m, size_t idx);
/* Whether item IDX ends its group: events in a row arrive together at one boundary. */
int vme_stream_group_ends(const struct vme *m, size_t idx);
/* "insn ok 3", "event extint 0x41": an item as the vector format writes it. */
void vme_item_text(const struct vme_item *it, char *buf, size_t len);

//////// CR2, SMM, mode ////////

uint64_t vme_cr2(const struct vme *m);
void vme_set_cr2(struct vme *m, uint64_t value);
uint32_t vme_smm_count(const struct vme *m);
/* One SMM round trip happened (a testbench counting what an implementation does). */
void vme_smm_round_trip(struct vme *m);
/* The guest's mode from VM_ENTRY_CONTROLS bit 9 and GUEST_CR0.PE. */
enum vme_mode vme_mode(const struct vme *m);
/* The same rule on the two values (a parser follows the mode through a test's `vmcs` lines). */
enum vme_mode vme_mode_of(uint64_t entry_controls, uint64_t cr0);
/* The value field ENC has in the baseline of vector-format.md (0 for most fields). */
uint64_t vme_vmcs_baseline(uint16_t enc);
/* The configuration keys as the RTL's strap vector (evd_arch.h CFG_* bits). */
uint32_t vme_config_straps(const struct vme *m);

//////// Running the model ////////

/* What the VMM executes at an `enter` named MODE: nothing new when GUEST_RUNNING (the last run
 * ended with the guest idle); else VMLAUNCH when MODE says so or, for a plain `enter`, when the
 * VMCS is not launched yet (VMCS_LAUNCH_STATE 0); else VMRESUME. */
enum vme_entry vme_entry_for(const struct vme *m, enum vme_enter_mode mode, int guest_running);

/* Carries out one run on M (see the call order above). Returns 0, or -1 when the model refuses
 * it (vme_error() says why) or memory ran out. The run's transactions replace the last run's. */
int vme_enter(struct vme *m, enum vme_entry entry);
/* Why the last vme_enter() returned -1 ("not modelled: ...", a hang, "out of memory"). */
const char *vme_error(const struct vme *m);
/* Why the last run ended in VMfailValid or a VM-entry failure: the check that failed, as
 * "ITEM: what failed" ("E3: external interrupt injected with RFLAGS.IF = 0"); "" after any other
 * end. */
const char *vme_why(const struct vme *m);

/* The last run's transactions, in order; the last one says how the run ended. */
size_t vme_txn_count(const struct vme *m);
const struct vme_txn *vme_txn(const struct vme *m, size_t i);
/* "memory write 8 bytes 0x1234 at 0x8ff8", "stream item 2 (insn ok 3) consumed", "VM exit,
 * reason 0x12 (VMCALL)": a transaction in words (M names the stream items). */
void vme_txn_text(const struct vme *m, const struct vme_txn *t, char *buf, size_t len);

/* What an exit reason is called: "VMCALL" (a basic exit reason, from encodings.tbl), "VM-entry
 * failure: invalid guest state" (bit 31 set). */
const char *vme_exit_reason_name(uint32_t reason);

/* How the last run ended. */
enum vme_outcome { VME_NO_RUN, VME_EXITED, VME_VMFAILED, VME_IDLE };
enum vme_outcome vme_outcome(const struct vme *m);

/* Narration (the simulator's --trace): the run in words, from the model. Off by default, and
 * then free (nothing is formatted); on, each vme_enter() also lists notes, in order: a
 * transaction in words ("push SS @0x8ff8 = 0x10", covering that transaction; "read IDT gate 14
 * @0x100e0: ...", covering both reads of the gate) or a decision ("boundary: MTF wins over NMI",
 * covering none). Narration never changes what the model computes. */
void vme_narrate(struct vme *m, int on); /* stays as set across vme_reset() */
struct vme_note {
    size_t txn;    /* the first transaction it describes; a decision: the transaction after it */
    size_t covers; /* how many transactions it describes (0: a decision) */
    char text[160];
};
/* The last run's notes, ordered by txn. */
size_t vme_note_count(const struct vme *m);
const struct vme_note *vme_note(const struct vme *m, size_t i);

/* Gives every machine's model a known bug by NAME ("ext-soft": EXT set for software interrupts),
 * so a testbench can show its check finds a wrong model. 0, or -1 for an unknown name. */
int vme_model_bug(const char *name);

#ifdef __cplusplus
}
#endif

#endif
