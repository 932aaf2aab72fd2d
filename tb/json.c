/* --json FILE (see json.h). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "evd_arch.h"
#include "options.h"
#include "report.h"

static FILE *out;        /* the file, once the first test ended */
static int tests;        /* objects written */
static char *runs;       /* the current test's run objects, comma-separated */
static size_t runs_len;
static FILE *runs_f;     /* writes into RUNS */

/* S as a JSON string: quotes, backslashes and control characters escaped (RFC 8259, 7). */
static void str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", f);
        else if (*p == '\t') fputs("\\t", f);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

/* 64-bit values are hex strings: JSON numbers lose precision above 2^53 in many readers. */
static void hex(FILE *f, const char *key, uint64_t v) { fprintf(f, "\"%s\": \"0x%" PRIx64 "\"", key, v); }

/* Whether to write: not in the traced re-run of a failing test (reexec.c), which would
 * overwrite the whole run's file with that one test. */
static int on(void) { return opt->json && !opt->rerun; }

void json_test_begin(void)
{
    if (!on()) return;
    if (runs_f) fclose(runs_f);
    free(runs);
    runs = NULL;
    if (!(runs_f = open_memstream(&runs, &runs_len))) report_out_of_memory();
}

static const char *const outcome_names[] = {[VME_NO_RUN] = "none", [VME_EXITED] = "exit", [VME_VMFAILED] = "vmfail",
                                            [VME_IDLE] = "idle"};
static const char *const txn_kinds[] = {[VME_TX_MEM_READ] = "mem_read", [VME_TX_MEM_WRITE] = "mem_write",
                                        [VME_TX_POP] = "pop",           [VME_TX_CR2] = "cr2",
                                        [VME_TX_SMM] = "smm",           [VME_TX_EXIT] = "exit",
                                        [VME_TX_VMFAIL] = "vmfail",     [VME_TX_IDLE] = "idle"};

/* The exit-information fields, under their JSON keys. */
static const struct {
    const char *key;
    uint16_t enc;
} exit_fields[] = {
    {"reason", VMCS_VM_EXIT_REASON},
    {"qualification", VMCS_EXIT_QUALIFICATION},
    {"intr_info", VMCS_VM_EXIT_INTR_INFO},
    {"intr_error_code", VMCS_VM_EXIT_INTR_ERROR_CODE},
    {"instruction_len", VMCS_VM_EXIT_INSTRUCTION_LEN},
    {"idt_vectoring_info", VMCS_IDT_VECTORING_INFO_FIELD},
    {"idt_vectoring_error_code", VMCS_IDT_VECTORING_ERROR_CODE},
    {"guest_linear_address", VMCS_GUEST_LINEAR_ADDRESS},
    {"vm_instruction_error", VMCS_VM_INSTRUCTION_ERROR},
};

static void transaction(FILE *f, const struct vme *m, const struct vme_txn *t)
{
    char text[256];
    vme_txn_text(m, t, text, sizeof text);
    fprintf(f, "{\"kind\": \"%s\", \"text\": ", txn_kinds[t->kind]);
    str(f, text);
    switch (t->kind) {
    case VME_TX_MEM_READ:
    case VME_TX_MEM_WRITE:
        fprintf(f, ", "), hex(f, "addr", t->addr), fprintf(f, ", \"size\": %u", t->size);
        if (t->kind == VME_TX_MEM_WRITE) fprintf(f, ", "), hex(f, "data", t->data);
        /* The model lists an access the fault plan makes fault too (it raised the fault instead). */
        uint8_t vec;
        uint32_t ec;
        uint64_t at;
        fprintf(f, ", \"faulted\": %s",
                vme_access_faults(m, t->addr, t->size, t->kind == VME_TX_MEM_WRITE, &vec, &ec, &at) ? "true" : "false");
        break;
    case VME_TX_POP: fprintf(f, ", \"item\": %zu", t->item); break;
    case VME_TX_CR2: fprintf(f, ", "), hex(f, "data", t->data); break;
    case VME_TX_EXIT:
    case VME_TX_VMFAIL: fprintf(f, ", "), hex(f, "code", t->code); break;
    default: break;
    }
    fputc('}', f);
}

void json_run(const struct vme *m, int line)
{
    if (!on()) return;
    FILE *f = runs_f;
    if (ftell(f) > 0) fputs(",\n", f);
    fprintf(f, "{\"line\": %d, \"outcome\": \"%s\", \"exit\": {", line, outcome_names[vme_outcome(m)]);
    for (size_t i = 0; i < sizeof exit_fields / sizeof exit_fields[0]; i++)
        fputs(i ? ", " : "", f), hex(f, exit_fields[i].key, vme_vmcs(m, exit_fields[i].enc));
    fputs("}, \"cr2\": {", f);
    hex(f, "old", dump_cr2_before()), fputs(", ", f), hex(f, "new", vme_cr2(m));
    fputs("}, \"vmcs_changes\": [", f);
    int n = 0;
    uint64_t old;
    for (size_t i = 0; i < vme_vmcs_field_count(); i++) {
        if (!dump_field_changed(m, i, &old)) continue;
        uint16_t enc = vme_vmcs_field_at(i);
        fprintf(f, "%s{\"field\": \"%s\", ", n++ ? ", " : "", vme_vmcs_field_name(enc));
        hex(f, "old", old), fputs(", ", f), hex(f, "new", vme_vmcs(m, enc)), fputc('}', f);
    }
    fputs("], \"transactions\": [", f);
    for (size_t i = 0; i < vme_txn_count(m); i++) fputs(i ? ", " : "", f), transaction(f, m, vme_txn(m, i));
    fputs("]}", f);
}

_Noreturn static void cannot_write(void)
{
    fprintf(stderr, "vmentry-sim: cannot write %s\n", opt->json);
    exit(2);
}

/* The file is opened when the first test ends (or at the end of a run without tests). */
static void open_out(void)
{
    if (out) return;
    if (!(out = fopen(opt->json, "w"))) cannot_write();
    fputs("[\n", out);
}

void json_test_end(const char *name, const char *path, int line, const char *failure)
{
    if (!on()) return;
    open_out();
    fflush(runs_f);
    fputs(tests++ ? ",\n{\"name\": " : "{\"name\": ", out);
    str(out, name);
    fputs(", \"file\": ", out);
    str(out, path);
    fprintf(out, ", \"line\": %d, \"result\": \"%s\", \"messages\": [", line, failure ? "fail" : "pass");
    /* A failure may hold several messages, one per line. */
    for (const char *s = failure; s && *s;) {
        size_t len = strcspn(s, "\n");
        char *msg = strndup(s, len);
        if (!msg) report_out_of_memory();
        fputs(s == failure ? "" : ", ", out);
        str(out, msg);
        free(msg);
        s += len + (s[len] == '\n');
    }
    fprintf(out, "], \"runs\": [%s]}", runs ? runs : "");
    json_test_begin();
}

void json_finish(void)
{
    if (!on()) return;
    open_out();
    fputs(tests ? "\n]\n" : "]\n", out);
    if (fclose(out)) cannot_write();
    out = NULL;
}
