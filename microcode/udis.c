/* udis: the microcode disassembler. Decodes a ROM image ($readmemh text, as uasm writes it) word
 * by word, naming the addresses the listing labels.
 *
 *   udis IMAGE.hex [LISTING.lst]
 *
 * Each line: address, word, label, then the decoded fields: operation, ALU function and operands,
 * memory size, next-address condition and target. Unused words (the `trap` filler) are skipped.
 * Exit status 2 on bad input. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>

#include "evd_ucode.h"
#include "uimage.h"

static struct ulisting listing;

/* The label at ADDR ("" without a listing or a label). */
static const char *label(uint64_t addr)
{
    return listing.label && addr < UROM_DEPTH ? listing.label[addr] : "";
}


static const char *reg(uint64_t n)
{
    static char buf[4][16];
    static int k;
    k = (k + 1) & 3;
    if (n < 64 && ureg_names[n]) return ureg_names[n];
    snprintf(buf[k], sizeof buf[k], "r%llu", (unsigned long long)n);
    return buf[k];
}

static void lower(char *out, const char *in, size_t len)
{
    size_t i = 0;
    for (; in[i] && i + 1 < len; i++) out[i] = (char)tolower((unsigned char)in[i]);
    out[i] = '\0';
}

static void decode(unsigned addr, uint64_t w)
{
    const struct uword u = uimage_decode(w);
    const unsigned op = u.op, alu = u.alu, rd = u.rd, ra = u.ra, rb = u.rb, bimm = u.bimm, imm = u.imm, size = u.size;
    const unsigned cond = u.cond, call = u.call, next = u.next;
    char opn[16], alun[16], condn[16], b[24];
    if (op >= UOP_COUNT) return; /* filler */
    lower(opn, uop_names[op], sizeof opn);
    lower(alun, alu < UALU_COUNT ? ualu_names[alu] : "?", sizeof alun);
    lower(condn, cond < UCOND_COUNT ? ucond_names[cond] : "?", sizeof condn);
    if (bimm) snprintf(b, sizeof b, "#0x%llx", (unsigned long long)imm);
    else snprintf(b, sizeof b, "%s", reg(rb));
    printf("%03x  %015llx  %-22s %-6s", addr, (unsigned long long)w, label(addr), opn);
    if (op == UOP_VMRD || op == UOP_VMWR || op == UOP_DONE || op == UOP_SMODE) printf(" imm=0x%04llx", (unsigned long long)imm);
    if (op == UOP_MRD || op == UOP_MWR) printf(" size=%u", 1u << size);
    if (op == UOP_VMRD) printf("  -> %s", reg(rd));
    else if (op == UOP_MRD) printf("  [%s] -> %s", reg(ra), reg(rd));
    else if (rd || op == UOP_NOP || op == UOP_SPOP) printf("  %s %s, %s, %s", alun, reg(rd), reg(ra), b);
    else if (op == UOP_VMWR || op == UOP_MWR || op == UOP_CR2W) printf("  A=%s B=%s", reg(ra), reg(rb));
    int falls_through = cond == UCOND_ALWAYS && !call && next == addr + 1;
    if (cond == UCOND_RET) printf("  | ret");
    else if (!falls_through) printf("  | %s%s 0x%03llx%s%s%s", call ? "call " : "", condn, (unsigned long long)next,
                label(next)[0] ? " (" : "", label(next), label(next)[0] ? ")" : "");
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: udis IMAGE.hex [LISTING.lst]\n");
        return 2;
    }
    static uint64_t words[UROM_DEPTH];
    unsigned n;
    char err[512];
    if ((argc == 3 && ulisting_load(&listing, argv[2], err, sizeof err)) ||
        uimage_load(argv[1], words, UROM_DEPTH, &n, err, sizeof err)) {
        fprintf(stderr, "udis: %s\n", err);
        return 2;
    }
    for (unsigned addr = 0; addr < n; addr++) decode(addr, words[addr]);
    ulisting_free(&listing);
    return 0;
}
