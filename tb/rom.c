/* The microcode image and its listing (see rom.h), read through microcode/uimage. */
#include "rom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "uimage.h"

static struct ulisting listing;
static int have_listing;

/* The assembler's listing beside the image (ucode.lst), to name microcode addresses; without
 * one, addresses stay numbers. */
static void load_listing(void)
{
    static int tried;
    char path[4096], err[512];
    if (tried) return;
    tried = 1;
    have_listing = !uimage_sibling(opt->ucode, ".lst", path, sizeof path) && !ulisting_load(&listing, path, err, sizeof err);
}

int rom_label_address(int upc)
{
    return have_listing && upc >= 0 ? (int)ulisting_label_base(&listing, (unsigned)upc) : upc < 0 ? 0 : upc;
}

void rom_upc_text(int upc, char *buf, size_t len)
{
    char name[128];
    if (upc < 0)
        snprintf(buf, len, "uPC -");
    else if (have_listing && ulisting_name(&listing, (uint64_t)upc, UL_LABEL, name, sizeof name))
        snprintf(buf, len, "uPC 0x%03x %s", upc, name);
    else
        snprintf(buf, len, "uPC 0x%03x", upc);
}

static char flipped_path[64];
static void remove_flipped(void) { remove(flipped_path); }

const char *rom_image_path(void)
{
    load_listing();
    if (!opt->flip) return opt->ucode;
    char where[64], err[512];
    unsigned bit;
    if (sscanf(opt->flip, "%63[^:]:%u", where, &bit) != 2) usage_error("bad --flip %s (WHERE:BIT)", opt->flip);
    long addr = have_listing ? ulisting_address(&listing, where) : -1;
    if (addr < 0) usage_error("--flip: %s names no address of the listing", opt->flip);
    snprintf(flipped_path, sizeof flipped_path, "/tmp/vmentry-flip-%d.hex", (int)getpid());
    if (uimage_write_flipped(opt->ucode, flipped_path, (unsigned)addr, bit, err, sizeof err)) {
        fprintf(stderr, "vmentry-sim: --flip %s: %s\n", opt->flip, err);
        exit(2);
    }
    atexit(remove_flipped);
    return flipped_path;
}
