/* uimage: reads the ROM image and the listing uasm writes (see uimage.h). */
#include "uimage.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_ucode.h"

static int error(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static unsigned field(uint64_t w, int shift, int width) { return (unsigned)((w >> shift) & ((1ull << width) - 1)); }

struct uword uimage_decode(uint64_t w)
{
    return (struct uword){
        .op = field(w, UF_OP_SHIFT, UF_OP_WIDTH),       .alu = field(w, UF_ALU_SHIFT, UF_ALU_WIDTH),
        .rd = field(w, UF_RD_SHIFT, UF_RD_WIDTH),       .ra = field(w, UF_RA_SHIFT, UF_RA_WIDTH),
        .rb = field(w, UF_RB_SHIFT, UF_RB_WIDTH),       .bimm = field(w, UF_BIMM_SHIFT, UF_BIMM_WIDTH),
        .imm = field(w, UF_IMM_SHIFT, UF_IMM_WIDTH),    .size = field(w, UF_SIZE_SHIFT, UF_SIZE_WIDTH),
        .cond = field(w, UF_COND_SHIFT, UF_COND_WIDTH), .call = field(w, UF_CALL_SHIFT, UF_CALL_WIDTH),
        .next = field(w, UF_NEXT_SHIFT, UF_NEXT_WIDTH),
    };
}

int uimage_load(const char *path, uint64_t *words, unsigned max, unsigned *count, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) return error(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    char line[256];
    unsigned n = 0;
    int rc = 0;
    for (int no = 1; fgets(line, sizeof line, f); no++) {
        if (line[0] == '/' || line[0] == '\n') continue; /* uasm's comment line */
        char *end;
        errno = 0;
        uint64_t w = strtoull(line, &end, 16);
        if (end == line || (*end && *end != '\n') || errno) {
            rc = error(err, errlen, "%s:%d: not a hexadecimal word", path, no);
            break;
        }
        if (UWORD_W < 64 && w >> UWORD_W) {
            rc = error(err, errlen, "%s:%d: wider than a microword (%d bits)", path, no, UWORD_W);
            break;
        }
        if (n == max) {
            rc = error(err, errlen, "%s:%d: more than %u words", path, no, max);
            break;
        }
        words[n++] = w;
    }
    fclose(f);
    *count = n;
    return rc;
}

int uimage_write(const char *path, const uint64_t *words, unsigned count, const char *comment, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f) return error(err, errlen, "%s: cannot write: %s", path, strerror(errno));
    if (comment) fprintf(f, "// %s\n", comment);
    for (unsigned a = 0; a < count; a++) fprintf(f, "%0*llx\n", (UWORD_W + 3) / 4, (unsigned long long)words[a]);
    if (fclose(f)) return error(err, errlen, "%s: write error", path);
    return 0;
}

int uimage_write_flipped(const char *in, const char *out, unsigned addr, unsigned bit, char *err, size_t errlen)
{
    static uint64_t words[UROM_DEPTH];
    unsigned n;
    if (uimage_load(in, words, UROM_DEPTH, &n, err, errlen)) return -1;
    if (addr >= n) return error(err, errlen, "%s: no word at address 0x%x (%u words)", in, addr, n);
    if (bit >= UWORD_W) return error(err, errlen, "bit %u is beyond the %d-bit microword", bit, UWORD_W);
    words[addr] ^= 1ull << bit;
    char comment[160];
    snprintf(comment, sizeof comment, "%.100s with bit %u of word 0x%03x flipped", in, bit, addr);
    return uimage_write(out, words, n, comment, err, errlen);
}

int uimage_sibling(const char *path, const char *ext, char *out, size_t len)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash)) return -1;
    int n = snprintf(out, len, "%.*s%s", (int)(dot - path), path, ext);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

int ulisting_load(struct ulisting *l, const char *path, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    FILE *f = fopen(path, "r");
    if (!f) return error(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    l->label = calloc(UROM_DEPTH, sizeof *l->label);
    l->file = calloc(UROM_DEPTH, sizeof *l->file);
    if (!l->label || !l->file) {
        fclose(f);
        ulisting_free(l);
        return error(err, errlen, "%s: out of memory", path);
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        unsigned addr, used;
        char word[32], label[64], where[256];
        if (sscanf(line, "# %u of", &used) == 1) l->used = used;
        /* "ADDR WORD [LABEL] FILE:LINE: source": the third column is FILE:LINE: when no label */
        if (line[0] == '#' || sscanf(line, "%x %31s %63s %255s", &addr, word, label, where) != 4) continue;
        if (addr >= UROM_DEPTH || strchr(label, ':')) continue;
        snprintf(l->label[addr], sizeof l->label[addr], "%s", label);
        char *base = strrchr(where, '/');
        base = base ? base + 1 : where;
        base[strcspn(base, ".:")] = '\0';
        snprintf(l->file[addr], sizeof l->file[addr], "%.*s", (int)sizeof l->file[addr] - 1, base);
    }
    fclose(f);
    return 0;
}

void ulisting_free(struct ulisting *l)
{
    free(l->label);
    free(l->file);
    l->label = NULL;
    l->file = NULL;
}

unsigned ulisting_label_base(const struct ulisting *l, unsigned addr)
{
    if (!l->label) return 0;
    unsigned a = addr < UROM_DEPTH ? addr : UROM_DEPTH - 1;
    while (a > 0 && !l->label[a][0]) a--;
    return a;
}

long ulisting_address(const struct ulisting *l, const char *where)
{
    char name[128];
    unsigned long off = 0;
    snprintf(name, sizeof name, "%s", where);
    char *plus = strchr(name, '+'), *end;
    if (plus) {
        *plus = '\0';
        errno = 0;
        off = strtoul(plus + 1, &end, 0);
        if (end == plus + 1 || *end || errno) return -1;
    }
    if (!name[0]) return -1;
    unsigned long a = strtoul(name, &end, 0);
    if (*end) { /* a label */
        if (!l->label) return -1;
        for (a = 0; a < UROM_DEPTH && strcmp(l->label[a], name); a++) continue;
        if (a == UROM_DEPTH) return -1;
    }
    return a + off < (1ul << 30) ? (long)(a + off) : -1;
}

int ulisting_name(const struct ulisting *l, uint64_t addr, enum ulisting_form form, char *out, size_t len)
{
    unsigned a = addr < UROM_DEPTH ? ulisting_label_base(l, (unsigned)addr) : 0;
    if (addr >= UROM_DEPTH || !l->label || !l->label[a][0]) {
        snprintf(out, len, "0x%03llx", (unsigned long long)addr);
        return 0;
    }
    char off[16] = "";
    if (addr > a) snprintf(off, sizeof off, "+%u", (unsigned)addr - a);
    if (form == UL_FILE) snprintf(out, len, "%s", l->file[a]);
    else if (form == UL_FILE_LABEL) snprintf(out, len, "%s.%s%s", l->file[a], l->label[a], off);
    else snprintf(out, len, "%s%s", l->label[a], off);
    return 1;
}
