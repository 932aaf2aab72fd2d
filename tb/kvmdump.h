/* kvmdump.h: the text KVM's dump_vmcs() (arch/x86/kvm/vmx/vmx.c) prints to the kernel log, read
 * into VMCS field values (kvmdump.c), and written as a test of the vector format (kvmvec.c).
 * build/kvm2vec (kvm2vec.c) is the command that joins the two.
 *
 * Errors are "FILE:LINE: message" (no trailing newline) in the caller's buffer. */
#ifndef KVMDUMP_H
#define KVMDUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KVMDUMP_MAX_FILE_SIZE (64u << 20)
#define KVMDUMP_MAX_LINE_LEN 4096
#define KVMDUMP_TEXT 100 /* characters of an unused line kept for the output's comment */

/* A VMCS field the dump gives, with the line that gave it. */
struct kvmdump_field {
    uint16_t enc;
    uint64_t value;
    unsigned line;
};

/* A dump line (or part of one) that gives no field of the vector format, and why. */
struct kvmdump_unused {
    unsigned line;
    char text[KVMDUMP_TEXT + 1]; /* printable ASCII: anything else is written as '?' */
    char why[96];
};

struct kvmdump {
    struct kvmdump_field *fields; /* in the order of the dump */
    size_t nfields;
    struct kvmdump_unused *unused;
    size_t nunused;
    unsigned guest_line;   /* the "*** Guest State ***" line */
    int has_reason;        /* the Control State section's "reason=" line */
    uint32_t reason;
    unsigned reason_line;
    unsigned lines;        /* lines in the file */
};

/* Reads the dump TEXT (LEN bytes) of file NAME. 0, or -1 with the error in ERR. */
int kvmdump_parse(const char *name, const char *text, size_t len, struct kvmdump *d, char *err, size_t errlen);
void kvmdump_free(struct kvmdump *d);

/* Writes D as one test named TEST of the vector format, with a header naming DUMP_NAME; with
 * EXPECT_EXIT an `expect exit` line holds the dump's exit reason (the dump must have one). */
void kvmdump_write_vec(FILE *out, const struct kvmdump *d, const char *dump_name, const char *test, int expect_exit);

#endif
