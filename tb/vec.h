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

#include "vmentry.h"

/* Limits: every one of them has its own clear error message. */
#define VEC_MAX_LINE_LEN 4096      /* characters in one line, without the newline */
#define VEC_MAX_FILE_SIZE (64u << 20)
#define VEC_MAX_TESTS 100000       /* tests in one file */
#define VEC_MAX_STMTS 1000000      /* statements in one test */
#define VEC_MAX_NAME 128           /* characters in a test name */

enum vec_expect_kind { VX_VMFAIL, VX_EXIT, VX_RUNNING, VX_VMCS, VX_MEM, VX_CR2, VX_SMM };
struct vec_expect {
    enum vec_expect_kind kind;
    uint16_t field;  /* VX_VMCS: encoding */
    uint64_t addr;   /* VX_MEM */
    uint8_t size;    /* VX_MEM: 1, 2, 4 or 8 */
    uint64_t value;  /* vmfail N, exit R, vmcs/mem/cr2 VALUE, smm N */
};

enum vec_stmt_kind { VS_CONFIG, VS_VMCS, VS_MEM, VS_GATE, VS_DESC, VS_TSS, VS_FAULT, VS_ITEM, VS_ENTER, VS_EXPECT };

struct vec_stmt {
    enum vec_stmt_kind kind;
    int line;
    union {
        struct { enum vme_config_key key; uint32_t value; } config;
        struct { uint16_t field; uint64_t value; } vmcs; /* field: encoding (NAME_HIGH: enc + 1) */
        struct { uint64_t addr; uint8_t size; uint64_t value; } mem;
        struct vme_gate gate;
        struct { uint16_t sel; uint64_t value; } desc;
        struct { enum vme_tss_field field; uint64_t value; } tss;
        struct vme_fault fault;
        struct vme_item item;
        enum vme_enter_mode enter;
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
    char *warnings; /* "PATH:LINE: warning: message" lines, or NULL: the file parsed, but looks wrong */
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

/* A VMCS field by name (vmentry.h's field table, with NAME_HIGH for the upper half of a 64-bit
 * field) or by raw encoding ("0x4016"); returns 0 and sets *ENC, or -1. */
int vmcs_field_lookup(const char *token, uint16_t *enc);

#endif
