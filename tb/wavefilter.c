/* GTKWave translate filters (Translate Filter Process): GTKWave writes one value per line on
 * stdin, as the trace shows it (hexadecimal in tb/vmentry.gtkw.in), and reads one line of text
 * back. One program, five filters, chosen by the name it runs under (process filters take no
 * arguments; `make` builds the five names):
 *   gtkw-upc   a microcode address -> file.label+offset ("deliver64.ia32e_commit+2"), from the
 *              assembler's listing (VMENTRY_LISTING, else the one the build assembled)
 *   gtkw-flow  a microcode address -> the microcode file it is in ("nested"): readable at any zoom
 *   gtkw-intr  an interruption-information word -> "valid hw-exc #PF ec"
 *   gtkw-exit  an exit-reason field -> "37 monitor-trap-flag" ("entry-fail" for bit 31)
 *   gtkw-vmcs  tb_top's vmcs_access, {req, we, field} -> "rd GUEST_RIP", "wr VM_EXIT_REASON" ("-"
 *              between accesses), named by the library's field table (dpi/vmentry.h, generated
 *              from microcode/encodings.tbl); an encoding that is no field stays hexadecimal
 * A value that is not plain hexadecimal (x, z) is echoed unchanged. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"
#include "uimage.h"
#include "vmentry.h"

#ifndef EVD_LISTING_DEFAULT
#error "build with -DEVD_LISTING_DEFAULT=\"/path/to/ucode.lst\""
#endif

static struct ulisting listing;

/* Without a listing the filter still runs: every address shows as hexadecimal. */
static void load_listing(void)
{
    const char *path = getenv("VMENTRY_LISTING");
    char err[512];
    (void)ulisting_load(&listing, path && *path ? path : EVD_LISTING_DEFAULT, err, sizeof err);
}

static const char *const type_names[8] = {"ext-int", "type1", "nmi", "hw-exc", "sw-int", "priv-sw-exc", "sw-exc", "other"};
static const char *const exception_names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "9",   "#TS", "#NP", "#SS", "#GP", "#PF", "15",
    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "22",  "23",  "24",  "25",  "26",  "27",  "28",  "29",  "30",  "31"};

static void intr_text(uint64_t v, char *out, size_t len)
{
    unsigned type = (v >> 8) & 7, vector = v & 0xff;
    char vec[16];
    if (!((v >> 31) & 1)) {
        snprintf(out, len, v ? "invalid (0x%llx)" : "-", (unsigned long long)v);
        return;
    }
    if ((type == 3 || type == 5 || type == 6) && vector < 32) snprintf(vec, sizeof vec, "%s", exception_names[vector]);
    else if (type == 7 && vector == 0) snprintf(vec, sizeof vec, "pending-mtf");
    else snprintf(vec, sizeof vec, "0x%02x", vector);
    snprintf(out, len, "valid %s %s%s", type_names[type], vec, (v >> 11) & 1 ? " ec" : "");
}

static void exit_text(uint64_t v, char *out, size_t len)
{
    static const struct { const char *name; unsigned value; } reasons[] = {
#define REASON(name, value) {#name, value},
        EVD_EXIT_REASONS(REASON)
#undef REASON
    };
    unsigned basic = v & 0xffff;
    const char *name = NULL;
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].value == basic) name = reasons[i].name;
    char lower[48] = "";
    for (size_t i = 0; name && name[i] && i + 1 < sizeof lower; i++)
        lower[i] = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
    snprintf(out, len, "%u %s%s%s", basic, name ? lower : "?", (v >> 31) & 1 ? " entry-fail" : "",
             (v >> 28) & 1 ? " pending-mtf" : "");
}

/* V is {req, we, field} (tb_top's vmcs_access). */
static void vmcs_text(uint64_t v, char *out, size_t len)
{
    uint16_t enc = v & 0xffff;
    const char *name = vme_vmcs_field_name(enc);
    if (!((v >> 17) & 1)) snprintf(out, len, "-");
    else if (name) snprintf(out, len, "%s %s", (v >> 16) & 1 ? "wr" : "rd", name);
    else snprintf(out, len, "%s 0x%04x", (v >> 16) & 1 ? "wr" : "rd", enc);
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    enum { UPC, FLOW, INTR, EXIT, VMCS } mode;
    if (strstr(self, "upc")) mode = UPC, load_listing();
    else if (strstr(self, "flow")) mode = FLOW, load_listing();
    else if (strstr(self, "intr")) mode = INTR;
    else if (strstr(self, "exit")) mode = EXIT;
    else if (strstr(self, "vmcs")) mode = VMCS;
    else {
        fprintf(stderr, "wavefilter: run me as gtkw-upc, gtkw-flow, gtkw-intr, gtkw-exit or gtkw-vmcs\n");
        return 2;
    }
    char in[1025], out[1100];
    while (scanf("%1024s", in) == 1) {
        char *end;
        uint64_t v = strtoull(in, &end, 16);
        if (*end || end == in) snprintf(out, sizeof out, "%s", in);
        else if (mode == UPC || mode == FLOW)
            ulisting_name(&listing, v, mode == FLOW ? UL_FILE : UL_FILE_LABEL, out, sizeof out);
        else if (mode == INTR) intr_text(v, out, sizeof out);
        else if (mode == EXIT) exit_text(v, out, sizeof out);
        else vmcs_text(v, out, sizeof out);
        printf("%s\n", out);
        fflush(stdout);
    }
    return 0;
}
