/* The vector-file parser: reads `.vec` files (../shared/spec/vector-format.md, a public contract)
 * into tests made of statements, validating every field width and value range, so that nothing
 * is simulated unless every file is well formed.
 *
 * Errors are reported as "FILE:LINE: message" (no trailing newline) in the caller's buffer, and
 * parsing stops at the first error of a file. */
#ifndef VEC_H
#define VEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Limits: every one of them has its own clear error message. */
#define VEC_MAX_LINE_LEN 4096      /* characters in one line, without the newline */
#define VEC_MAX_FILE_SIZE (64u << 20)
#define VEC_MAX_TESTS 100000       /* tests in one file */
#define VEC_MAX_STMTS 1000000      /* statements in one test */
#define VEC_MAX_NAME 128           /* characters in a test name */

/* config keys, in the order of vector-format.md */
enum vec_cfg_key {
    VCFG_ERRCODE_HIGH_BITS, /* 16 (default) or 15 */
    VCFG_ZERO_LEN_INJECT,   /* 0 (default) or 1 */
    VCFG_NO_HW_ERRCODE_CC,  /* 0 (default) or 1 */
    VCFG_MTF_SUPPORTED,     /* 1 (default) or 0 */
    VCFG_NMI_STI_CHECK,     /* 1 (default) or 0 */
    VCFG_TRIPLE_FAULT,      /* 0 = any (default), 1 = contributory_pf */
    VCFG_CP_ERRCODE,        /* 0 (default) or 1 */
    VCFG_SMM,               /* 0 = default (default), 1 = dual */
    VCFG_SAVE_ACTIVITY,     /* 1 (default) or 0 */
    VCFG_ACTIVITY_STATES,   /* 7 (default), 0..7 */
    VCFG_COUNT
};
extern const char *const vec_cfg_names[VCFG_COUNT]; /* "errcode_high_bits", ... */
extern const uint32_t vec_cfg_defaults[VCFG_COUNT]; /* 16, 0, 0, 1, 1, 0, 0, 0, 1, 7 */

/* Guest-stream items (`insn ...` and `event ...`). */
enum vec_item_kind {
    VI_OK,     /* insn ok LEN */
    VI_FAULT,  /* insn fault VEC [ec=E] [addr=A] */
    VI_EXIT,   /* insn exit REASON LEN [qual=Q] */
    VI_HLT,    /* insn hlt LEN */
    VI_INT,    /* insn int VEC LEN */
    VI_INT3,   /* insn int3 LEN */
    VI_INTO,   /* insn into LEN */
    VI_INT1,   /* insn int1 LEN */
    VI_REP,    /* insn rep LEN COUNT */
    VI_EXTINT, /* event extint VEC */
    VI_NMI,    /* event nmi */
    VI_SMI,    /* event smi */
    VI_INIT    /* event init */
};
#define VEC_ITEM_IS_EVENT(k) ((k) >= VI_EXTINT)

struct vec_item {
    enum vec_item_kind kind;
    uint8_t len;     /* instruction length: 1..15 (0..15 for `insn exit`) */
    uint8_t vec;     /* fault vector 0..31; int / extint vector 0..255 */
    uint32_t ec;     /* fault error code (0 when not given) */
    uint8_t has_ec;  /* ec= was given */
    uint64_t addr;   /* fault address (0 when not given) */
    uint8_t has_addr;
    uint32_t reason; /* insn exit: basic exit reason 0..65535 */
    uint64_t qual;   /* insn exit: exit qualification (default 0) */
    uint32_t count;  /* insn rep: iterations, 1..0xffffffff */
};

/* Gate attributes: which were given, and their values. */
enum { GATE_OFF = 1, GATE_SEL = 2, GATE_TYPE = 4, GATE_DPL = 8, GATE_P = 16 };
/* Gate types: `int` 0xE, `trap` 0xF, `task` 0x5, `type=N` the raw 4-bit value. */
struct vec_gate {
    uint8_t vec;
    uint8_t given; /* GATE_* bits */
    uint64_t off;
    uint16_t sel;
    uint8_t type;  /* 0..15 */
    uint8_t dpl;   /* 0..3 */
    uint8_t p;     /* 0..1 */
};

enum vec_access { VA_READ, VA_WRITE, VA_ANY };
struct vec_fault {
    uint64_t addr;
    uint64_t len;  /* >= 1; addr + len - 1 does not wrap */
    enum vec_access access;
    uint8_t vec;   /* 0..31 */
    uint32_t ec;   /* bit 0 clear for vectors 10..13 */
};

enum vec_enter_mode { VE_AUTO, VE_LAUNCH, VE_RESUME };

enum vec_expect_kind { VX_VMFAIL, VX_EXIT, VX_RUNNING, VX_VMCS, VX_MEM, VX_CR2, VX_SMM };
struct vec_expect {
    enum vec_expect_kind kind;
    uint16_t field;  /* VX_VMCS: encoding */
    uint64_t addr;   /* VX_MEM */
    uint8_t size;    /* VX_MEM: 1, 2, 4 or 8 */
    uint64_t value;  /* vmfail N, exit R, vmcs/mem/cr2 VALUE, smm N */
};

enum vec_stmt_kind { VS_CONFIG, VS_VMCS, VS_MEM, VS_GATE, VS_FAULT, VS_ITEM, VS_ENTER, VS_EXPECT };

struct vec_stmt {
    enum vec_stmt_kind kind;
    int line;
    union {
        struct { enum vec_cfg_key key; uint32_t value; } config;
        struct { uint16_t field; uint64_t value; } vmcs; /* field: encoding (NAME_HIGH: enc + 1) */
        struct { uint64_t addr; uint8_t size; uint64_t value; } mem;
        struct vec_gate gate;
        struct vec_fault fault;
        struct vec_item item;
        enum vec_enter_mode enter;
        struct vec_expect expect;
    } u;
};

struct vec_test {
    char name[VEC_MAX_NAME + 1];
    int line;              /* line of `test` */
    struct vec_stmt *stmts;
    size_t nstmts;
};

struct vec_file {
    char *path;
    struct vec_test *tests;
    size_t ntests;
    /* The file has the pragma line "#! model-only": until the RTL has the features its tests need,
     * the simulator runs them on the golden model alone and says so. To other readers of the
     * format the line is a comment. */
    int model_only;
};

/* Parses PATH. Returns 0 and fills OUT, or -1 with "PATH:LINE: message" in ERR (OUT is then
 * empty and needs no vec_free). */
int vec_parse_file(const char *path, struct vec_file *out, char *err, size_t errlen);
/* Same, from a buffer of LEN bytes; NAME is used in messages. */
int vec_parse_buffer(const char *name, const char *buf, size_t len, struct vec_file *out, char *err,
                     size_t errlen);
void vec_free(struct vec_file *f);

/* A number as the format spells it (decimal, or hexadecimal with 0x): 0, or -1 when S is not a
 * number, -2 when it does not fit 64 bits. */
int vec_scan_number(const char *s, uint64_t *v);

/* Writes test T as `.vec` text (tb/vecwrite.c), each statement on the line its `line` field
 * gives, after an optional comment line. Returns 0, or -1 on a write error. */
int vec_write_test(FILE *f, const struct vec_test *t, const char *comment);

/* VMCS field names (tb/vmcs_fields.c), from dpi/evd_arch.h's EVD_VMCS_FIELDS. A 64-bit field NAME
 * also has NAME_HIGH (encoding + 1, 32 bits wide: its upper half). */
/* Looks up a field by name or by raw encoding ("0x4016"); returns 0 and sets *ENC, or -1. */
int vmcs_field_lookup(const char *token, uint16_t *enc);
/* Width in bits of the field or half-field ENC (16, 32 or 64), or 0 when ENC is not a field. */
int vmcs_field_width(uint16_t enc);
/* The name of ENC ("GUEST_RIP", "TSC_OFFSET_HIGH"), or NULL. */
const char *vmcs_field_name(uint16_t enc);
/* Number of full fields (not halves) and the encoding of the i-th, for iterating the image. */
size_t vmcs_field_count(void);
uint16_t vmcs_field_at(size_t i);

#endif
