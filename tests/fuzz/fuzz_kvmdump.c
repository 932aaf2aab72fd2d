/* libFuzzer target: the KVM dump reader (tb/kvmdump.c) on any bytes. A dump that reads must give
 * a test that the vector parser accepts (written by kvmdump_write_vec, parsed by tb/vec.c, one
 * test); one that does not must be refused with a "FILE:LINE: message" error. Anything else
 * aborts, which libFuzzer reports as a finding. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_form.h"
#include "kvmdump.h"
#include "vec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kvmdump d;
    char err[512];
    if (kvmdump_parse("dump.txt", (const char *)data, size, &d, err, sizeof err)) {
        check_error_form(err, "dump.txt");
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) abort();
    kvmdump_write_vec(out, &d, "dump.txt", "fuzz", d.has_reason);
    fclose(out);
    struct vec_file f;
    if (vec_parse_buffer("fuzz.vec", text, len, &f, err, sizeof err)) {
        fprintf(stderr, "the written test does not parse: %s\n%s", err, text);
        abort();
    }
    if (f.ntests != 1) abort();
    vec_free(&f);
    free(text);
    kvmdump_free(&d);
    return 0;
}
