/* error_form.h: the check the fuzz targets share: a refusal must read "FILE:LINE: message", with
 * FILE the name the target gave, LINE a number from 1 and a message after it; else abort(), which
 * libFuzzer reports as a finding. */
#ifndef ERROR_FORM_H
#define ERROR_FORM_H

#include <stdlib.h>
#include <string.h>

static void check_error_form(const char *err, const char *file)
{
    size_t n = strlen(file);
    const char *p = err + n + 1;
    if (strncmp(err, file, n) != 0 || err[n] != ':' || *p < '1' || *p > '9') abort();
    while (*p >= '0' && *p <= '9') p++;
    if (strncmp(p, ": ", 2) != 0 || !p[2]) abort();
}

#endif
