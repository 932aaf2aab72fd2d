/* flips: a mutation campaign on the microcode ROM. Flips one random bit of one used ROM word
 * at a time (build/vmentry-sim --flip), runs every vector, and counts the flips the lockstep
 * check (or an assertion, or the watchdog) catches. A flip the vectors do not catch is either
 * harmless (a field the word's operation does not use) or a hole in the vectors: each one is
 * listed with the field it hit, for a person to judge.
 *
 *   flips N SEED LISTING VECTORS...      (exit 0; a benchmark, not a test) */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "evd_ucode.h"
#include "uimage.h"

static const struct { const char *name; int shift, width; } fields[] = {
    {"op", UF_OP_SHIFT, UF_OP_WIDTH},       {"alu", UF_ALU_SHIFT, UF_ALU_WIDTH},
    {"rd", UF_RD_SHIFT, UF_RD_WIDTH},       {"ra", UF_RA_SHIFT, UF_RA_WIDTH},
    {"rb", UF_RB_SHIFT, UF_RB_WIDTH},       {"bimm", UF_BIMM_SHIFT, UF_BIMM_WIDTH},
    {"imm", UF_IMM_SHIFT, UF_IMM_WIDTH},    {"size", UF_SIZE_SHIFT, UF_SIZE_WIDTH},
    {"cond", UF_COND_SHIFT, UF_COND_WIDTH}, {"call", UF_CALL_SHIFT, UF_CALL_WIDTH},
    {"next", UF_NEXT_SHIFT, UF_NEXT_WIDTH},
};

static const char *field_of(unsigned bit)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if ((int)bit >= fields[i].shift && (int)bit < fields[i].shift + fields[i].width) return fields[i].name;
    return "?";
}

/* Whether flipping BIT can change what word W at ADDR does: the field is one its operation reads
 * (a register operand, the immediate when used, the size of a memory access, the condition or
 * target of a branch that leaves the fall-through path). An estimate, to sort the misses. */
static int field_matters(uint64_t w, unsigned addr, unsigned bit)
{
    uint64_t op = (w >> UF_OP_SHIFT) & ((1u << UF_OP_WIDTH) - 1), bimm = (w >> UF_BIMM_SHIFT) & 1;
    uint64_t alu = (w >> UF_ALU_SHIFT) & ((1u << UF_ALU_WIDTH) - 1);
    uint64_t cond = (w >> UF_COND_SHIFT) & ((1u << UF_COND_WIDTH) - 1);
    uint64_t next = (w >> UF_NEXT_SHIFT) & ((1u << UF_NEXT_WIDTH) - 1);
    const char *f = field_of(bit);
    int port = op == UOP_VMRD || op == UOP_VMWR || op == UOP_MRD || op == UOP_MWR;
    if (!strcmp(f, "imm")) return bimm || op == UOP_VMRD || op == UOP_VMWR || op == UOP_DONE || op == UOP_SMODE;
    if (!strcmp(f, "size")) return op == UOP_MRD || op == UOP_MWR;
    if (!strcmp(f, "rb")) return op == UOP_MWR || (!bimm && alu != UALU_PASSA);
    if (!strcmp(f, "ra")) return alu != UALU_PASSB || port || op == UOP_CR2W;
    if (!strcmp(f, "next")) return cond != UCOND_RET;
    if (!strcmp(f, "cond")) return next != addr + 1;
    uint64_t rd = (w >> UF_RD_SHIFT) & ((1u << UF_RD_WIDTH) - 1);
    if (!strcmp(f, "alu")) return (rd && op != UOP_VMRD && op != UOP_MRD) || cond == UCOND_Z || cond == UCOND_NZ || cond == UCOND_ZT || cond == UCOND_NZT || cond == UCOND_DISP;
    return 1; /* op, rd, bimm, call */
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: flips N SEED LISTING VECTORS...\n");
        return 2;
    }
    unsigned n = (unsigned)strtoul(argv[1], NULL, 0);
    uint64_t rng = strtoull(argv[2], NULL, 0) * 0x9e3779b97f4a7c15ull + 1;
    struct ulisting listing;
    char err[512], image[4096];
    if (ulisting_load(&listing, argv[3], err, sizeof err)) {
        fprintf(stderr, "flips: %s\n", err);
        return 2;
    }
    unsigned used = listing.used;
    ulisting_free(&listing);
    if (!used) {
        fprintf(stderr, "flips: %s: no word count\n", argv[3]);
        return 2;
    }
    size_t len = 64;
    for (int i = 4; i < argc; i++) len += strlen(argv[i]) + 1;
    char *vectors = calloc(1, len), *cmd = malloc(len + 256);
    for (int i = 4; i < argc; i++) strcat(strcat(vectors, " "), argv[i]);
    /* The image the listing describes: beside it, as uasm writes them. */
    uint64_t *rom = calloc(UROM_DEPTH, sizeof *rom);
    unsigned words;
    if (!rom) {
        fprintf(stderr, "flips: out of memory\n");
        return 2;
    }
    if (uimage_sibling(argv[3], ".hex", image, sizeof image)) {
        fprintf(stderr, "flips: %s: no image beside it\n", argv[3]);
        return 2;
    }
    if (uimage_load(image, rom, UROM_DEPTH, &words, err, sizeof err)) {
        fprintf(stderr, "flips: %s\n", err);
        return 2;
    }
    if (used > words) {
        fprintf(stderr, "flips: %s: %u words used, %s holds %u\n", argv[3], used, image, words);
        return 2;
    }
    unsigned caught = 0, missed = 0, missed_used = 0;
    for (unsigned i = 0; i < n; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        unsigned addr = (unsigned)(rng % used), bit = (unsigned)((rng >> 32) % UWORD_W);
        snprintf(cmd, len + 256, "build/vmentry-sim --seed 1 --no-wave --max-cycles 20000 --flip 0x%x:%u%s >/dev/null 2>&1",
                 addr, bit, vectors);
        int st = system(cmd);
        int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
        if (rc == 0) {
            int used_field = field_matters(rom[addr], addr, bit);
            missed++, missed_used += used_field;
            printf("not caught: word 0x%03x bit %2u (%s%s)\n", addr, bit, field_of(bit), used_field ? "" : ", a field the word does not use");
        } else {
            caught++;
        }
        if ((i + 1) % 25 == 0) fprintf(stderr, "flips: %u/%u, %u caught\n", i + 1, n, caught);
    }
    printf("%u flips: %u caught, %u not caught, of which %u in a field the word uses (%.1f%% of those caught)\n", n, caught,
           missed, missed_used, caught + missed_used ? 100.0 * caught / (caught + missed_used) : 0.0);
    free(rom);
    free(vectors);
    free(cmd);
    return 0;
}
