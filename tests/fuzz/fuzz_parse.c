/* libFuzzer target: the vector parser (tb/vec.c) on any bytes. A file that parses must survive a
 * round trip (written back by vec_write_test, parsed again, the same tests and statements); a file
 * that does not must be refused with a "FILE:LINE: message" error. Anything else aborts, which
 * libFuzzer reports as a finding. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_form.h"
#include "vec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct vec_file *f)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) return;
    for (size_t i = 0; i < f->ntests; i++)
        if (vec_write_test(out, &f->tests[i], NULL)) abort();
    fclose(out);
    struct vec_file again;
    char err[512];
    if (vec_parse_buffer("fuzz.vec", text, len, &again, err, sizeof err)) {
        fprintf(stderr, "round trip does not parse: %s\n%s", err, text);
        abort();
    }
    if (again.ntests != f->ntests) abort();
    for (size_t i = 0; i < f->ntests; i++)
        if (again.tests[i].nstmts != f->tests[i].nstmts || strcmp(again.tests[i].name, f->tests[i].name)) abort();
    vec_free(&again);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vec_file f;
    char err[512];
    if (vec_parse_buffer("fuzz.vec", (const char *)data, size, &f, err, sizeof err)) {
        check_error_form(err, "fuzz.vec");
        return 0;
    }
    round_trip(&f);
    vec_free(&f);
    return 0;
}
