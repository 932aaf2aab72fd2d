/* flips: a mutation campaign on the microcode ROM. Flips one random bit of one used ROM word
 * at a time (build/vmentry-sim --flip), runs every vector, and counts the flips the lockstep
 * check (or an assertion, or the watchdog) catches. A flip the vectors do not catch is either
 * harmless (a field the word's operation does not read, or a value that computes the same:
 * field_matters says which and why) or a hole in the vectors: each one is listed with the field it
 * hit and, from the survivors table, why it survives (or that nobody has said why).
 *
 *   flips [--report FILE] [--survivors TABLE] N SEED LISTING VECTORS...
 *
 * --report writes every flip (caught or not, with the word's source and the reason for each one
 * not caught) to FILE; --survivors reads TABLE (tests/flips-survivors.tbl), whose lines are
 * "NAME:BIT FIELD KIND REASON" (NAME the word as --flip takes it, label+N) for the flips in used
 * fields that cannot be caught or that no vector catches yet. Exit 0: a benchmark, not a test. */
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

/* What rtl/evd_top.sv and evd_dp.sv do with each field. */
static int is_z(unsigned c) /* the branches on the ALU's zero (jz, jnz, jz.t, jnz.t) */
{
    return c == UCOND_Z || c == UCOND_NZ || c == UCOND_ZT || c == UCOND_NZT;
}
static int written(unsigned r) /* register 0 and the read-only sources are never written */
{
    return r != 0 && r < REG_SRC_FIRST;
}
static int writes_rd(unsigned op) /* the ALU's result (NOP, SPOP, VMWR, MWR) or the port's data (VMRD, MRD) */
{
    return op == UOP_NOP || op == UOP_SPOP || op == UOP_VMWR || op == UOP_MWR || op == UOP_VMRD || op == UOP_MRD;
}
static int writes_alu(unsigned op)
{
    return op == UOP_NOP || op == UOP_SPOP || op == UOP_VMWR || op == UOP_MWR;
}
static int reads_a(unsigned alu)
{
    return alu != UALU_PASSB;
}
static int reads_b(unsigned alu) /* SHL, SHR and FIELD take their amounts from the immediate, not B */
{
    return alu != UALU_PASSA && alu != UALU_SHL && alu != UALU_SHR && alu != UALU_FIELD;
}
static int bitop(unsigned alu)
{
    return alu == UALU_BIT || alu == UALU_SETB || alu == UALU_CLRB;
}
/* The immediate bits the ALU reads: a bit index or a shift amount is imm[5:0], FIELD's shift and
 * width imm[11:0]; otherwise all 16 bits, when B is the immediate. */
static int imm_bit_read(const struct uword *d, unsigned i)
{
    if (d->alu == UALU_SHL || d->alu == UALU_SHR) return i < 6;
    if (d->alu == UALU_FIELD) return i < 12;
    if (!d->bimm || !reads_b(d->alu)) return 0;
    return bitop(d->alu) ? i < 6 : 1;
}

/* A word whose ALU operands are constants: A is register 0 (or not read), B the immediate or
 * register 0 (or not read). Its result is known without running it (evd_alu's functions). */
static int constant_operands(const struct uword *d)
{
    return (d->ra == 0 || !reads_a(d->alu)) && (d->bimm || d->rb == 0 || !reads_b(d->alu));
}
static uint64_t constant_result(const struct uword *d)
{
    uint64_t a = 0, b = d->bimm ? d->imm : 0;
    unsigned n = d->imm & 63, idx = (unsigned)(b & 63);
    switch (d->alu) {
    case UALU_ADD: return a + b;
    case UALU_SUB: return a - b;
    case UALU_AND: return a & b;
    case UALU_OR: return a | b;
    case UALU_XOR: return a ^ b;
    case UALU_ANDN: return a & ~b;
    case UALU_SHL: return a << n;
    case UALU_SHR: return a >> n;
    case UALU_BIT: return (a >> idx) & 1;
    case UALU_FIELD: return ((a >> n) | (n ? a << (64 - n) : 0)) & (~0ull >> ((d->imm >> 6) & 63));
    case UALU_LIO: return (a << 16) | (b & 0xffff);
    case UALU_PASSB: return b;
    case UALU_SETB: return a | 1ull << idx;
    case UALU_CLRB: return a & ~(1ull << idx);
    case UALU_LTU: return a < b;
    default: return a; /* PASSA */
    }
}

/* The zero test of jz/jnz on constant operands, as evd_alu computes it: SUB tests A == B, BIT
 * the bit, LTU its result, AND, OR, XOR and PASSA their logic result (after any other function
 * cond_refused stops the word). */
static int constant_zero(const struct uword *d)
{
    uint64_t a = 0, b = d->bimm ? d->imm : 0, oh = 1ull << (b & 63);
    switch (d->alu) {
    case UALU_SUB: return a == b;
    case UALU_AND: return !(a & b);
    case UALU_OR: return !(a | b);
    case UALU_XOR: return !(a ^ b);
    case UALU_BIT: return !(a & oh);
    case UALU_LTU: return !(a < b);
    case UALU_PASSA: return !a;
    default: return 1;
    }
}

/* O rotates A, the data or address of a port's operation, when the ALU function is a shift by an
 * amount that is not a multiple of 8 (the assembler's rule, uasm.c rotates_a). */
static int rotates_a(const struct uword *d)
{
    return (d->alu == UALU_SHL || d->alu == UALU_SHR || d->alu == UALU_FIELD) && (d->imm & 7);
}

/* A condition the RTL's assertions stop as the word executes (evd_top.sv, evd_seq.sv): one past
 * jnz.t (LegalCond), jfault or jnofault without a memory access (FaultTestOnAccess), jz or jnz
 * after a function whose zero is not computed (ZeroTestDefined), disp on a register
 * (DispOnSource). */
static int cond_refused(const struct uword *d)
{
    if (d->cond >= UCOND_COUNT) return 1;
    if (d->cond == UCOND_DISP && d->ra < REG_SRC_FIRST) return 1;
    if ((d->cond == UCOND_FAULT || d->cond == UCOND_NOFAULT) && d->op != UOP_MRD && d->op != UOP_MWR) return 1;
    return is_z(d->cond) && d->alu != UALU_AND && d->alu != UALU_OR && d->alu != UALU_XOR && d->alu != UALU_SUB &&
           d->alu != UALU_BIT && d->alu != UALU_LTU && d->alu != UALU_PASSA;
}

/* A word whose result is A, whatever A: mov, a shift by 0, field #0, #64, or ADD, SUB, OR, XOR,
 * ANDN with B = 0 (the immediate 0, or register 0). */
static int identity_of_a(const struct uword *d)
{
    int b_zero = d->bimm ? d->imm == 0 : d->rb == 0;
    switch (d->alu) {
    case UALU_PASSA: return 1;
    case UALU_SHL:
    case UALU_SHR: return (d->imm & 63) == 0;
    case UALU_FIELD: return (d->imm & 0xfff) == 0;
    case UALU_ADD:
    case UALU_SUB:
    case UALU_OR:
    case UALU_XOR:
    case UALU_ANDN: return b_zero;
    default: return 0;
    }
}

/* Where the word goes next when the word alone decides it (-1 when the run does): goto, jz/jnz on
 * constant operands. (A disp is on a read-only source: cond_refused stops one on a register.) */
static long static_target(const struct uword *d, unsigned addr)
{
    if (d->cond == UCOND_ALWAYS) return d->next;
    if (is_z(d->cond) && constant_operands(d)) {
        int zero = constant_zero(d), to_next = (d->cond == UCOND_Z || d->cond == UCOND_ZT) ? zero : !zero;
        return to_next ? d->next : addr + 1;
    }
    return -1;
}

/* Whether flipping BIT can change what word W at ADDR does: NULL if it can (the field is one the
 * word's operation reads and the flipped value differs), else why not. Only what the word itself
 * shows: a flip that needs an unreachable path or a value the flow never holds to be harmless is
 * "used" here, and its reason belongs in the survivors table. */
static const char *field_matters(uint64_t w, unsigned addr, unsigned bit)
{
    struct uword d = uimage_decode(w), e = uimage_decode(w ^ (1ull << bit));
    const char *f = field_of(bit);
    int port = d.op == UOP_VMRD || d.op == UOP_VMWR || d.op == UOP_MRD || d.op == UOP_MWR;
    /* A is the data or address of a port (O rotates it for a shift), or CR2's value */
    int a_out = d.op == UOP_VMWR || d.op == UOP_MRD || d.op == UOP_MWR || d.op == UOP_CR2W;
    int result_used = (writes_alu(d.op) && written(d.rd)) || is_z(d.cond);

    if (!strcmp(f, "op") || !strcmp(f, "call")) return NULL; /* call: a push, or CallIsUnconditional */
    if (!strcmp(f, "rd")) {
        if (!writes_rd(d.op)) return "rd: this operation writes no register";
        if (!written(d.rd) && !written(e.rd)) return "rd: neither register is written (0 or a read-only source)";
        return NULL;
    }
    if (!strcmp(f, "size")) return d.op == UOP_MRD || d.op == UOP_MWR ? NULL : "size: not a memory access";
    if (!strcmp(f, "next")) {
        if (d.cond == UCOND_RET) return "next: a ret goes to the return address";
        if (d.cond >= UCOND_COUNT) return "next: no condition, the word falls through";
        return NULL;
    }
    if (!strcmp(f, "cond")) {
        if (d.call && e.cond != UCOND_ALWAYS) return NULL; /* the CallIsUnconditional assertion */
        if (cond_refused(&e)) return NULL;
        if ((d.cond == UCOND_Z && e.cond == UCOND_ZT) || (d.cond == UCOND_ZT && e.cond == UCOND_Z) ||
            (d.cond == UCOND_NZ && e.cond == UCOND_NZT) || (d.cond == UCOND_NZT && e.cond == UCOND_NZ))
            return "cond: jz <-> jz.t (jnz <-> jnz.t) takes the same branch; only the fetch guess differs (cycles)";
        if (d.next == addr + 1) {
            /* every condition goes to addr + 1 then, but ret (the return address) and disp
             * (next + a read-only source's low bits; on a register, refused above) */
            int d_away = d.cond == UCOND_RET || d.cond == UCOND_DISP;
            int e_away = e.cond == UCOND_RET || e.cond == UCOND_DISP;
            if (!d_away && !e_away) return "cond: next is the following word, where every condition goes";
        }
        long dt = static_target(&d, addr), et = static_target(&e, addr);
        if (dt >= 0 && dt == et) return "cond: both go to the same word, which the word alone decides (jz/jnz on constant operands)";
        return NULL;
    }
    /* The ALU's inputs and the port's operands: alu, ra, rb, bimm, imm. An assertion stops a word
     * that names a read-only source as B, or as a port's operand. */
    if (!strcmp(f, "rb") && e.rb >= REG_SRC_FIRST) return NULL;
    if (!strcmp(f, "ra") && port && e.ra >= REG_SRC_FIRST) return NULL;
    if (!strcmp(f, "imm")) {
        if (d.op == UOP_VMRD || d.op == UOP_VMWR) return NULL; /* the field's encoding */
        if (d.op == UOP_DONE || d.op == UOP_SMODE)
            return bit == UF_IMM_SHIFT ? NULL : "imm: done and smode read imm[0] only";
    }
    if (!strcmp(f, "ra") && (a_out || d.cond == UCOND_DISP))
        return NULL; /* the data or address of the port, CR2, the dispatch's A[3:0] */
    if (!strcmp(f, "rb") && d.op == UOP_MWR) return NULL; /* the data of the write */
    if (!strcmp(f, "alu") && a_out && (rotates_a(&d) || rotates_a(&e)))
        return NULL; /* O rotates a port's A by a shift's amount (microcode/README.md) */
    if (!result_used) return "the ALU's result goes nowhere (no register gets it, no jz/jnz)";
    if (!is_z(d.cond) && constant_operands(&d) && constant_operands(&e) && constant_result(&d) == constant_result(&e))
        return "constant operands (register 0, the immediate): the same result";
    if (!is_z(d.cond) && d.ra == e.ra && identity_of_a(&d) && identity_of_a(&e))
        return "both compute A itself (mov, a shift by 0, an operation with B = 0)";
    if (!strcmp(f, "bimm") && d.imm == 0 && d.rb == 0)
        return "bimm: B is 0 either way (the immediate 0, register 0)";
    if (!strcmp(f, "ra")) return reads_a(d.alu) ? NULL : "ra: li (PASSB) does not read A";
    if (!strcmp(f, "rb")) {
        if (!reads_b(d.alu)) return "rb: this ALU function does not read B";
        return d.bimm ? "rb: B is the immediate" : NULL;
    }
    if (!strcmp(f, "bimm")) return reads_b(d.alu) ? NULL : "bimm: this ALU function does not read B";
    if (!strcmp(f, "imm"))
        return imm_bit_read(&d, bit - UF_IMM_SHIFT) ? NULL : "imm: a bit the ALU function does not read (an index or amount is imm[5:0], field's imm[11:0]; or B is a register)";
    return NULL; /* alu */
}

/* The survivors table: "NAME:BIT FIELD KIND REASON" a line, # comments. KIND: equivalent (the flip
 * cannot change behaviour: the changed value computes the same on every path that reaches the
 * word), unreachable (no input reaches the word, or the changed part of it), hole (it can: the
 * reason names the test that should catch it). */
static const char *const kinds[] = {"equivalent", "unreachable", "hole"};
#define N_KINDS (sizeof kinds / sizeof kinds[0])
struct survivor {
    char where[80], field[8], kind[16];
    char *reason;
};
static struct survivor *survivors;
static size_t n_survivors;

static int load_survivors(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "flips: %s: cannot open\n", path);
        return -1;
    }
    char line[1024];
    unsigned lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        char *p = line + strspn(line, " \t");
        if (!*p || *p == '#') continue;
        struct survivor s = {{0}, {0}, {0}, NULL};
        int used = 0;
        size_t k = 0;
        if (sscanf(p, "%79s %7s %15s %n", s.where, s.field, s.kind, &used) < 3 || !strchr(s.where, ':') || !p[used]) {
            fprintf(stderr, "flips: %s:%u: want NAME:BIT FIELD KIND REASON\n", path, lineno);
            fclose(f);
            return -1;
        }
        while (k < N_KINDS && strcmp(s.kind, kinds[k])) k++;
        if (k == N_KINDS) {
            fprintf(stderr, "flips: %s:%u: KIND is equivalent, unreachable or hole, not '%s'\n", path, lineno, s.kind);
            fclose(f);
            return -1;
        }
        s.reason = strdup(p + used);
        struct survivor *grown = realloc(survivors, (n_survivors + 1) * sizeof *survivors);
        if (!grown || !s.reason) {
            fprintf(stderr, "flips: out of memory\n");
            fclose(f);
            return -1;
        }
        survivors = grown;
        survivors[n_survivors++] = s;
    }
    fclose(f);
    return 0;
}

/* The table's line for the flip NAME:BIT, or NULL; *STALE when it names that flip with another
 * field (the ROM changed under it). */
static const struct survivor *survivor_of(const char *name, unsigned bit, const char *field, int *stale)
{
    char key[192];
    snprintf(key, sizeof key, "%s:%u", name, bit);
    *stale = 0;
    for (size_t i = 0; i < n_survivors; i++) {
        if (strcmp(survivors[i].where, key)) continue;
        *stale = strcmp(survivors[i].field, field) != 0;
        return survivors + i;
    }
    return NULL;
}

/* The listing's source lines, by address ("file.uc:LINE: source", packed lines joined by " + "). */
static char **load_sources(const char *path)
{
    FILE *f = fopen(path, "r");
    char **src = calloc(UROM_DEPTH, sizeof *src), line[1024];
    if (!f || !src) return src;
    long last = -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#') continue;
        char *m = strstr(line, "microcode/");
        if (!m) continue;
        m += strlen("microcode/");
        /* "FILE:LINE: label:   operation" -> "FILE:LINE: operation" with spaces squeezed */
        char buf[512];
        size_t k = 0;
        for (char *p = m; *p && k + 1 < sizeof buf; p++)
            if (!(*p == ' ' && (k == 0 || buf[k - 1] == ' '))) buf[k++] = *p;
        buf[k] = '\0';
        if (line[0] != ' ') {
            last = strtol(line, NULL, 16);
            if (last >= 0 && last < UROM_DEPTH) src[last] = strdup(buf);
        } else if (last >= 0 && last < UROM_DEPTH && src[last]) {
            size_t n = strlen(src[last]) + strlen(buf) + 4;
            char *joined = malloc(n);
            if (joined) {
                snprintf(joined, n, "%s + %s", src[last], buf);
                free(src[last]);
                src[last] = joined;
            }
        }
    }
    fclose(f);
    return src;
}

/* A Markdown table cell: the sources' '|' (before a branch) escaped. */
static void cell(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|') fputc('\\', f);
        fputc(*s, f);
    }
}

int main(int argc, char **argv)
{
    const char *report = NULL, *table = NULL;
    int a = 1;
    for (; a + 1 < argc && !strncmp(argv[a], "--", 2); a += 2) {
        if (!strcmp(argv[a], "--report")) report = argv[a + 1];
        else if (!strcmp(argv[a], "--survivors")) table = argv[a + 1];
        else break;
    }
    if (argc - a < 4) {
        fprintf(stderr, "usage: flips [--report FILE] [--survivors TABLE] N SEED LISTING VECTORS...\n");
        return 2;
    }
    unsigned n = (unsigned)strtoul(argv[a], NULL, 0);
    unsigned long long seed = strtoull(argv[a + 1], NULL, 0);
    uint64_t rng = seed * 0x9e3779b97f4a7c15ull + 1;
    const char *lst = argv[a + 2];
    struct ulisting listing;
    char err[512], image[4096];
    if (table && load_survivors(table)) return 2;
    if (ulisting_load(&listing, lst, err, sizeof err)) {
        fprintf(stderr, "flips: %s\n", err);
        return 2;
    }
    unsigned used = listing.used;
    if (!used) {
        fprintf(stderr, "flips: %s: no word count\n", lst);
        return 2;
    }
    char **sources = load_sources(lst);
    size_t len = 64;
    for (int i = a + 3; i < argc; i++) len += strlen(argv[i]) + 1;
    char *vectors = calloc(1, len), *cmd = malloc(len + 256);
    for (int i = a + 3; i < argc; i++) strcat(strcat(vectors, " "), argv[i]);
    /* The image the listing describes: beside it, as uasm writes them. */
    uint64_t *rom = calloc(UROM_DEPTH, sizeof *rom);
    unsigned words;
    if (!rom || !sources || !vectors || !cmd) {
        fprintf(stderr, "flips: out of memory\n");
        return 2;
    }
    if (uimage_sibling(lst, ".hex", image, sizeof image)) {
        fprintf(stderr, "flips: %s: no image beside it\n", lst);
        return 2;
    }
    if (uimage_load(image, rom, UROM_DEPTH, &words, err, sizeof err)) {
        fprintf(stderr, "flips: %s\n", err);
        return 2;
    }
    if (used > words) {
        fprintf(stderr, "flips: %s: %u words used, %s holds %u\n", lst, used, image, words);
        return 2;
    }
    FILE *rep = NULL;
    if (report && !(rep = fopen(report, "w"))) {
        fprintf(stderr, "flips: %s: cannot write\n", report);
        return 2;
    }
    if (rep) {
        fprintf(rep, "# ROM flip campaign, seed %llu: %u one-bit flips of the %u used words of %s\n\n", seed, n, used, image);
        fprintf(rep, "Each flip: `build/vmentry-sim --flip NAME:BIT` over every vector. A flip not caught is\n"
                     "*unused* (the word does not read that field, or reads the same value: tests/flips.c,\n"
                     "`field_matters`) or *survives* in a used field, with the reason from the survivors table\n"
                     "(%s), or **no reason** when the table has none.\n\n",
                table ? table : "none given");
        fprintf(rep, "| # | word | name | bit | field | source | outcome | reason |\n|---|---|---|---|---|---|---|---|\n");
    }
    unsigned caught = 0, missed = 0, missed_used = 0, unexplained = 0, wrong_rule = 0, by_kind[N_KINDS] = {0};
    for (unsigned i = 0; i < n; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        unsigned addr = (unsigned)(rng % used), bit = (unsigned)((rng >> 32) % UWORD_W);
        char name[160];
        ulisting_name(&listing, addr, UL_LABEL, name, sizeof name);
        snprintf(cmd, len + 256, "build/vmentry-sim --seed 1 --no-wave --max-cycles 20000 --flip 0x%x:%u%s >/dev/null 2>&1",
                 addr, bit, vectors);
        int st = system(cmd);
        int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
        const char *f = field_of(bit), *outcome = "caught", *why = "";
        if (rc == 0) {
            const char *unused = field_matters(rom[addr], addr, bit);
            missed++;
            if (unused) {
                outcome = "not caught, unused";
                why = unused;
                printf("not caught: word 0x%03x %s bit %2u (%s, a field the word does not use: %s)\n", addr, name, bit, f, unused);
            } else {
                int stale;
                const struct survivor *s = survivor_of(name, bit, f, &stale);
                missed_used++;
                outcome = "**survives**";
                if (!s || stale) {
                    why = s ? "**no reason**: the survivors table names this flip with another field (stale)"
                            : "**no reason**: a hole in the vectors, or a survivor nobody has explained";
                    unexplained++;
                    printf("not caught: word 0x%03x %s bit %2u (%s): NO REASON\n", addr, name, bit, f);
                } else {
                    size_t k = 0;
                    while (strcmp(s->kind, kinds[k])) k++;
                    by_kind[k]++;
                    outcome = k == 0 ? "survives, equivalent" : k == 1 ? "survives, unreachable" : "**survives, a hole**";
                    why = s->reason;
                    printf("not caught: word 0x%03x %s bit %2u (%s): %s: %s\n", addr, name, bit, f, s->kind, why);
                }
            }
        } else {
            caught++;
            /* A caught flip that field_matters calls harmless shows a wrong rule. */
            const char *unused = field_matters(rom[addr], addr, bit);
            if (unused) {
                wrong_rule++;
                outcome = "caught, **though field_matters says unused**";
                why = unused;
                printf("caught, though field_matters says unused: word 0x%03x %s bit %2u (%s: %s)\n", addr, name, bit, f, unused);
            }
        }
        if (rep) {
            fprintf(rep, "| %u | 0x%03x | %s | %u | %s | ", i + 1, addr, name, bit, f);
            cell(rep, sources[addr] ? sources[addr] : "");
            fprintf(rep, " | %s | ", outcome);
            cell(rep, why);
            fprintf(rep, " |\n");
        }
        if ((i + 1) % 25 == 0) fprintf(stderr, "flips: %u/%u, %u caught\n", i + 1, n, caught);
    }
    double score = caught + missed_used ? 100.0 * caught / (caught + missed_used) : 0.0;
    char survive[256];
    snprintf(survive, sizeof survive, "the %u in used fields: %u equivalent, %u unreachable, %u holes named, %u with no reason", missed_used,
             by_kind[0], by_kind[1], by_kind[2], unexplained);
    printf("%u flips: %u caught, %u not caught, of which %u in a field the word uses (%.1f%% of those caught)\n", n, caught, missed,
           missed_used, score);
    printf("%s\n", survive);
    if (wrong_rule) printf("%u caught flips hit a field field_matters calls unused: its rules are wrong there\n", wrong_rule);
    if (rep) {
        fprintf(rep, "\n%u flips: %u caught, %u not caught; %u in a used field. Score: %u of the %u flips in used fields caught, %.1f %%.\n",
                n, caught, missed, missed_used, caught, caught + missed_used, score);
        fprintf(rep, "Of %s.\n", survive);
        if (wrong_rule) fprintf(rep, "%u caught flips hit a field field_matters calls unused: its rules are wrong there.\n", wrong_rule);
        fclose(rep);
    }
    for (unsigned i = 0; i < UROM_DEPTH; i++) free(sources[i]);
    free(sources);
    for (size_t i = 0; i < n_survivors; i++) free(survivors[i].reason);
    free(survivors);
    ulisting_free(&listing);
    free(rom);
    free(vectors);
    free(cmd);
    return 0;
}
