/* The microcode image and its listing (see rom.h). */
#include "rom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"

static char (*labels)[48];

/* Reads the assembler's listing beside the image (ucode.lst) to name microcode addresses. */
static void load_labels(void)
{
    if (labels) return;
    char path[4096];
    snprintf(path, sizeof path, "%s", opt->ucode);
    char *dot = strrchr(path, '.');
    if (!dot || strlen(dot) < 4) return;
    strcpy(dot, ".lst");
    FILE *f = fopen(path, "r");
    if (!f) return;
    labels = calloc(1u << 16, sizeof *labels);
    char line[1024];
    while (labels && fgets(line, sizeof line, f)) {
        unsigned addr;
        char word[32], label[48];
        if (line[0] == '#' || sscanf(line, "%x %31s %47s", &addr, word, label) != 3) continue;
        if (addr < (1u << 16) && !strchr(label, ':')) snprintf(labels[addr], sizeof labels[addr], "%s", label);
    }
    fclose(f);
}

int rom_label_address(int upc)
{
    int a = upc;
    while (labels && a > 0 && a < (1 << 16) && !labels[a][0]) a--;
    return a < 0 ? 0 : a;
}

void rom_upc_text(int upc, char *buf, size_t len)
{
    if (upc < 0) {
        snprintf(buf, len, "uPC -");
        return;
    }
    int a = upc;
    while (labels && a > 0 && !labels[a][0]) a--;
    if (labels && labels[a][0])
        snprintf(buf, len, "uPC 0x%03x %s%s%.0d", upc, labels[a], upc > a ? "+" : "", upc - a);
    else
        snprintf(buf, len, "uPC 0x%03x", upc);
}

static char flipped_path[64];
static void remove_flipped(void) { remove(flipped_path); }

const char *rom_image_path(void)
{
    load_labels();
    if (!opt->flip) return opt->ucode;
    char where[64];
    unsigned bit, addr = 0, off = 0;
    if (sscanf(opt->flip, "%63[^:]:%u", where, &bit) != 2 || bit >= 64) usage_error("bad --flip %s (WHERE:BIT)", opt->flip);
    char *plus = strchr(where, '+');
    if (plus) *plus = '\0', off = (unsigned)strtoul(plus + 1, NULL, 0);
    char *end;
    addr = (unsigned)strtoul(where, &end, 0);
    if (*end) { /* a label */
        unsigned a = 0;
        while (labels && a < (1u << 16) && strcmp(labels[a], where)) a++;
        if (!labels || a == (1u << 16)) usage_error("--flip: no label %s in the listing", where);
        addr = a;
    }
    addr += off;
    FILE *in = fopen(opt->ucode, "r");
    snprintf(flipped_path, sizeof flipped_path, "/tmp/vmentry-flip-%d.hex", (int)getpid());
    FILE *out = fopen(flipped_path, "w");
    atexit(remove_flipped);
    if (!in || !out) usage_error("--flip: cannot copy %s", opt->ucode);
    char line[256];
    unsigned n = 0;
    while (fgets(line, sizeof line, in)) {
        if (line[0] == '/') continue;
        unsigned long long w = strtoull(line, NULL, 16);
        if (n++ == addr) w ^= 1ull << bit;
        fprintf(out, "%015llx\n", w);
    }
    fclose(in);
    fclose(out);
    if (addr >= n) usage_error("--flip: address beyond the image (%s)", opt->flip);
    return flipped_path;
}
