/* uasm: the microcode assembler. Reads microcode source files (the .uc files of microcode/, in the order
 * given; the first word of the first file is the reset address 0) and writes the ROM image for
 * $readmemh and a listing (address, word, label, source line).
 *
 *   uasm -o IMAGE.hex -l LISTING.lst FILE.uc...
 *
 * Source syntax (microcode/README.md has the full description):
 *   ; comment
 *   .equ NAME EXPR
 *   .include "FILE"        (relative to the including file; each file at most once)
 *   label:  [operation] [| branch]
 * Errors are "FILE:LINE: message" and exit status 2. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_ucode.h"
#include "uimage.h"

#define MAX_LINE 512
#define MAX_SYMS 4096
#define MAX_INCLUDE_DEPTH 8 /* a chain of includes deeper than this is a mistake, not a design */
#define MAX_FILES 64

struct sym {
    char name[64];
    uint64_t value;
    int is_label;
};

/* A source line of a word. */
struct line {
    const char *file;
    int line;
    char source[MAX_LINE];
};

#define MAX_PACK 4 /* lines one word can hold: a port operation, an ALU operation, a branch, with room */

/* One microword, with the label its branch names until pass 2 resolves it. */
struct word {
    uint64_t fields[11]; /* indexed by enum field_id */
    char target[64];
    const char *file;
    int line;
    char source[MAX_LINE];
    struct line more[MAX_PACK - 1]; /* the lines packed into this word after the first */
    int nmore;
    char label[64];      /* label defined at this address, if any */
    int next_fixed;      /* the operation set the next address itself */
};

enum field_id { F_OP, F_ALU, F_RD, F_RA, F_RB, F_BIMM, F_IMM, F_SIZE, F_COND, F_CALL, F_NEXT };
static const int field_shift[] = {UF_OP_SHIFT, UF_ALU_SHIFT, UF_RD_SHIFT, UF_RA_SHIFT,
                                  UF_RB_SHIFT, UF_BIMM_SHIFT, UF_IMM_SHIFT, UF_SIZE_SHIFT,
                                  UF_COND_SHIFT, UF_CALL_SHIFT, UF_NEXT_SHIFT};
static const int field_width[] = {UF_OP_WIDTH, UF_ALU_WIDTH, UF_RD_WIDTH, UF_RA_WIDTH,
                                  UF_RB_WIDTH, UF_BIMM_WIDTH, UF_IMM_WIDTH, UF_SIZE_WIDTH,
                                  UF_COND_WIDTH, UF_CALL_WIDTH, UF_NEXT_WIDTH};

static struct sym syms[MAX_SYMS];
static int nsyms;
static struct word words[UROM_DEPTH];
static int nwords;
static const char *cur_file;
static int cur_line;

static void fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", cur_file, cur_line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

static struct sym *find_sym(const char *name)
{
    for (int i = 0; i < nsyms; i++)
        if (!strcmp(syms[i].name, name)) return &syms[i];
    return NULL;
}

static void define_sym(const char *name, uint64_t value, int is_label)
{
    if (find_sym(name)) fail("'%s' is already defined", name);
    if (nsyms == MAX_SYMS) fail("too many symbols");
    if (strlen(name) >= sizeof syms[0].name) fail("name too long: '%s'", name);
    snprintf(syms[nsyms].name, sizeof syms[nsyms].name, "%s", name);
    syms[nsyms].value = value;
    syms[nsyms].is_label = is_label;
    nsyms++;
}

static int lookup_const(const char *name, uint64_t *v)
{
    for (size_t i = 0; i < sizeof ucode_consts / sizeof ucode_consts[0]; i++)
        if (!strcmp(ucode_consts[i].name, name)) {
            *v = ucode_consts[i].value;
            return 1;
        }
    struct sym *s = find_sym(name);
    if (s && !s->is_label) {
        *v = s->value;
        return 1;
    }
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

/* EXPR, with C's precedence: '|' joins shifts, '<<' joins sums, '+' joins terms; a term is a
 * number, a constant's name or a parenthesized EXPR. "1 << RFLAGS_TF_BIT | RFLAGS_IF" is
 * (1 << 8) | RFLAGS_IF. */
struct expr {
    const char *text; /* the whole expression, for messages */
    const char *p;
};

static uint64_t expr_or(struct expr *e);

static void expr_space(struct expr *e)
{
    while (isspace((unsigned char)*e->p)) e->p++;
}

static uint64_t expr_term(struct expr *e)
{
    expr_space(e);
    const char *start = e->p;
    if (*e->p == '(') {
        e->p++;
        uint64_t v = expr_or(e);
        expr_space(e);
        if (*e->p != ')') fail("missing ')' in expression '%s'", e->text);
        e->p++;
        return v;
    }
    if (isdigit((unsigned char)*e->p)) {
        char *end;
        errno = 0;
        uint64_t v = strtoull(e->p, &end, 0);
        if (errno || isalnum((unsigned char)*end) || *end == '_' || *end == '.')
            fail("bad number '%.*s' in expression '%s'", (int)strcspn(start, " \t+|<()"), start, e->text);
        e->p = end;
        return v;
    }
    if (isalpha((unsigned char)*e->p) || *e->p == '_') {
        char name[64];
        size_t len = 0;
        while (isalnum((unsigned char)e->p[len]) || e->p[len] == '_' || e->p[len] == '.') len++;
        if (len >= sizeof name) fail("name too long in expression '%s'", e->text);
        memcpy(name, e->p, len);
        name[len] = '\0';
        e->p += len;
        uint64_t v;
        if (!lookup_const(name, &v)) fail("unknown constant '%s'", name);
        return v;
    }
    if (!*e->p || *e->p == '+' || *e->p == '|' || *e->p == '<' || *e->p == ')')
        fail("missing term in expression '%s'", e->text);
    fail("unexpected '%c' in expression '%s'", *e->p, e->text);
    return 0;
}

static uint64_t expr_sum(struct expr *e)
{
    uint64_t v = expr_term(e);
    for (expr_space(e); *e->p == '+'; expr_space(e)) {
        e->p++;
        v += expr_term(e);
    }
    return v;
}

static uint64_t expr_shift(struct expr *e)
{
    uint64_t v = expr_sum(e);
    for (expr_space(e); e->p[0] == '<' && e->p[1] == '<'; expr_space(e)) {
        e->p += 2;
        uint64_t by = expr_sum(e);
        if (by > 63) fail("shift by %llu in expression '%s' (0..63)", (unsigned long long)by, e->text);
        v <<= by;
    }
    return v;
}

static uint64_t expr_or(struct expr *e)
{
    uint64_t v = expr_shift(e);
    for (expr_space(e); *e->p == '|'; expr_space(e)) {
        e->p++;
        v |= expr_shift(e);
    }
    return v;
}

static uint64_t eval(const char *text)
{
    while (isspace((unsigned char)*text)) text++;
    struct expr e = {text, text};
    uint64_t v = expr_or(&e);
    expr_space(&e);
    if (*e.p == '<') fail("'<' is not an operator: '<<' is (in expression '%s')", text);
    if (*e.p) fail("unexpected '%s' in expression '%s'", e.p, text);
    return v;
}

static int reg_number(const char *name)
{
    for (int i = 0; i < 64; i++)
        if (ureg_names[i] && !strcmp(ureg_names[i], name)) return i;
    return -1;
}

static uint64_t reg_operand(const char *tok, int writable)
{
    int r = reg_number(tok);
    if (r < 0) fail("unknown register '%s'", tok);
    if (writable && r >= REG_SRC_FIRST) fail("'%s' is a read-only source", tok);
    return (uint64_t)r;
}

/* Port operands come from registers: the testbench samples a port request in the middle of the
 * cycle, so a request depends on the unit's state alone (rtl/README.md), and the read-only
 * sources include the stream port's inputs. */
static void port_operand(uint64_t r)
{
    if (r >= REG_SRC_FIRST) fail("port operands come from registers, not read-only sources");
}

static void set(struct word *w, enum field_id f, uint64_t v)
{
    if (field_width[f] < 64 && v >> field_width[f]) fail("value 0x%llx does not fit the field", (unsigned long long)v);
    w->fields[f] = v;
}

/* Splits "a, b, c" into at most MAX trimmed operands; returns the count. */
static int split_operands(char *s, char **out, int max)
{
    int n = 0;
    s = trim(s);
    if (!*s) return 0;
    for (;;) {
        char *comma = strchr(s, ',');
        if (comma) *comma = '\0';
        if (n == max) fail("too many operands");
        out[n++] = trim(s);
        if (!comma) return n;
        s = comma + 1;
    }
}

static void want(int n, int expected, const char *mnemonic)
{
    if (n != expected) fail("'%s' takes %d operand%s", mnemonic, expected, expected == 1 ? "" : "s");
}

/* Operand B: "#expr" (immediate) or a register. */
static void operand_b(struct word *w, const char *tok)
{
    if (tok[0] == '#') {
        set(w, F_BIMM, 1);
        set(w, F_IMM, eval(tok + 1));
    } else {
        set(w, F_RB, reg_operand(tok, 0));
    }
}

static int alu_number(const char *mnemonic)
{
    for (int i = 0; i < UALU_COUNT; i++) {
        char lower[16];
        size_t j;
        for (j = 0; ualu_names[i][j] && j < sizeof lower - 1; j++) lower[j] = (char)tolower((unsigned char)ualu_names[i][j]);
        lower[j] = '\0';
        if (!strcmp(lower, mnemonic)) return i;
    }
    return -1;
}

static struct word *new_word(const char *source)
{
    if (nwords == UROM_DEPTH) fail("the microcode does not fit the ROM (%d words)", UROM_DEPTH);
    struct word *w = &words[nwords++];
    memset(w, 0, sizeof *w);
    w->file = cur_file;
    w->line = cur_line;
    snprintf(w->source, sizeof w->source, "%s", source);
    w->fields[F_OP] = UOP_NOP;
    w->fields[F_ALU] = UALU_PASSA; /* zero -> zero: no effect */
    return w;
}

/* An ALU operation "mnemonic rd, ra, b" (or its short forms) into W. */
static int assemble_alu(struct word *w, const char *mnemonic, const char *operands)
{
    char ops[MAX_LINE], *o[4];
    snprintf(ops, sizeof ops, "%s", operands); /* split_operands cuts its argument */
    int n = split_operands(ops, o, 4);
    if (!strcmp(mnemonic, "nop")) {
        want(n, 0, mnemonic);
        return 1;
    }
    if (!strcmp(mnemonic, "mov")) {
        want(n, 2, mnemonic);
        set(w, F_ALU, UALU_PASSA);
        set(w, F_RD, reg_operand(o[0], 1));
        set(w, F_RA, reg_operand(o[1], 0));
        return 1;
    }
    if (!strcmp(mnemonic, "li")) {
        want(n, 2, mnemonic);
        if (o[1][0] != '#') fail("'li' takes an immediate (#expr)");
        set(w, F_ALU, UALU_PASSB);
        set(w, F_RD, reg_operand(o[0], 1));
        operand_b(w, o[1]);
        return 1;
    }
    if (!strcmp(mnemonic, "field")) {
        want(n, 4, mnemonic);
        if (o[2][0] != '#' || o[3][0] != '#') fail("'field rd, ra, #shift, #width'");
        uint64_t shift = eval(o[2] + 1), width = eval(o[3] + 1);
        if (shift > 63 || width < 1 || width > 64) fail("field shift 0..63, width 1..64");
        if (shift + width > 64) fail("field runs past bit 63");
        set(w, F_ALU, UALU_FIELD);
        set(w, F_RD, reg_operand(o[0], 1));
        set(w, F_RA, reg_operand(o[1], 0));
        set(w, F_BIMM, 1);
        set(w, F_IMM, shift | ((64 - width) & 63) << 6); /* the mask is ~0 >> (64 - width) */
        return 1;
    }
    int alu = alu_number(mnemonic);
    if (alu < 0 || alu == UALU_PASSA || alu == UALU_PASSB || alu == UALU_FIELD) return 0;
    want(n, 3, mnemonic);
    set(w, F_ALU, (uint64_t)alu);
    set(w, F_RD, reg_operand(o[0], 1));
    set(w, F_RA, reg_operand(o[1], 0));
    operand_b(w, o[2]);
    return 1;
}

static uint64_t vmcs_field(const char *name)
{
    char full[80];
    uint64_t v;
    snprintf(full, sizeof full, "VMCS_%s", name);
    if (!lookup_const(full, &v)) fail("unknown VMCS field '%s'", name);
    return v;
}

/* Assembles OPERATION (no branch) into one or more words; returns the last. */
static struct word *assemble_operation(char *operation, const char *source)
{
    char mnemonic[32] = "nop";
    char *ops = operation;
    operation = trim(operation);
    if (*operation) {
        size_t len = strcspn(operation, " \t");
        if (len >= sizeof mnemonic) fail("unknown operation");
        memcpy(mnemonic, operation, len);
        mnemonic[len] = '\0';
        ops = operation + len;
    }
    char *o[4];
    int n;
    struct word *w;
    if (!strcmp(mnemonic, "ldc")) {
        /* ldc rd, #expr: a constant of any width, built 16 bits at a time (li, then lio). */
        n = split_operands(ops, o, 4);
        want(n, 2, mnemonic);
        if (o[1][0] != '#') fail("'ldc' takes an immediate (#expr)");
        uint64_t v = eval(o[1] + 1), rd = reg_operand(o[0], 1);
        int top = 3;
        while (top > 0 && !((v >> (16 * top)) & 0xffff)) top--;
        w = new_word(source);
        set(w, F_ALU, UALU_PASSB), set(w, F_RD, rd), set(w, F_BIMM, 1), set(w, F_IMM, (v >> (16 * top)) & 0xffff);
        for (int k = top - 1; k >= 0; k--) {
            w = new_word(source);
            set(w, F_ALU, UALU_LIO), set(w, F_RD, rd), set(w, F_RA, rd), set(w, F_BIMM, 1);
            set(w, F_IMM, (v >> (16 * k)) & 0xffff);
        }
        return w;
    }
    w = new_word(source);
    if (assemble_alu(w, mnemonic, ops)) return w;
    if (!strcmp(mnemonic, "vmrd")) {
        n = split_operands(ops, o, 4);
        want(n, 2, mnemonic);
        set(w, F_OP, UOP_VMRD), set(w, F_RD, reg_operand(o[0], 1)), set(w, F_IMM, vmcs_field(o[1]));
    } else if (!strcmp(mnemonic, "vmwr")) {
        n = split_operands(ops, o, 4);
        want(n, 2, mnemonic);
        uint64_t ra = reg_operand(o[1], 0);
        port_operand(ra);
        set(w, F_OP, UOP_VMWR), set(w, F_IMM, vmcs_field(o[0])), set(w, F_RA, ra);
    } else if (!strncmp(mnemonic, "mrd.", 4) || !strncmp(mnemonic, "mwr.", 4)) {
        static const char *sizes[] = {"1", "2", "4", "8"};
        int size = -1;
        for (int i = 0; i < 4; i++)
            if (!strcmp(mnemonic + 4, sizes[i])) size = i;
        if (size < 0) fail("memory access size is .1, .2, .4 or .8");
        n = split_operands(ops, o, 4);
        want(n, 2, mnemonic);
        set(w, F_SIZE, (uint64_t)size);
        if (mnemonic[1] == 'r') {
            uint64_t ra = reg_operand(o[1], 0);
            port_operand(ra);
            set(w, F_OP, UOP_MRD), set(w, F_RD, reg_operand(o[0], 1)), set(w, F_RA, ra);
        } else {
            uint64_t ra = reg_operand(o[0], 0), rb = reg_operand(o[1], 0);
            port_operand(ra);
            port_operand(rb);
            set(w, F_OP, UOP_MWR), set(w, F_RA, ra), set(w, F_RB, rb);
        }
    } else if (!strcmp(mnemonic, "spop")) {
        /* spop [alu operation]: consume the stream item, and compute in the same word */
        char *rest = trim(ops);
        set(w, F_OP, UOP_SPOP);
        if (*rest) {
            size_t len = strcspn(rest, " \t");
            char inner[32];
            if (len >= sizeof inner) fail("unknown operation after spop");
            memcpy(inner, rest, len);
            inner[len] = '\0';
            if (!assemble_alu(w, inner, rest + len)) fail("spop takes an ALU operation, not '%s'", inner);
        }
    } else if (!strcmp(mnemonic, "swait") || !strcmp(mnemonic, "ewait") || !strcmp(mnemonic, "smm")) {
        want(split_operands(ops, o, 4), 0, mnemonic);
        set(w, F_OP, !strcmp(mnemonic, "smm") ? UOP_SMM : mnemonic[0] == 's' ? UOP_SWAIT : UOP_EWAIT);
    } else if (!strcmp(mnemonic, "done")) {
        n = split_operands(ops, o, 4);
        want(n, 1, mnemonic);
        if (strcmp(o[0], "exit") && strcmp(o[0], "vmfail")) fail("'done exit' or 'done vmfail'");
        set(w, F_OP, UOP_DONE), set(w, F_IMM, !strcmp(o[0], "vmfail"));
    } else if (!strcmp(mnemonic, "cr2w")) {
        n = split_operands(ops, o, 4);
        want(n, 1, mnemonic);
        uint64_t ra = reg_operand(o[0], 0);
        port_operand(ra);
        set(w, F_OP, UOP_CR2W), set(w, F_RA, ra);
    } else if (!strcmp(mnemonic, "trap")) {
        /* an illegal word that branches to itself: the RTL's LegalOp assertion stops the run */
        want(split_operands(ops, o, 4), 0, mnemonic);
        set(w, F_OP, (1u << UF_OP_WIDTH) - 1);
        set(w, F_NEXT, (uint64_t)(nwords - 1));
        w->next_fixed = 1;
    } else if (!strcmp(mnemonic, "smode")) {
        n = split_operands(ops, o, 4);
        want(n, 1, mnemonic);
        if (o[0][0] != '#') fail("'smode #0' or 'smode #1'");
        set(w, F_OP, UOP_SMODE), set(w, F_IMM, eval(o[0] + 1) & 1);
    } else {
        fail("unknown operation '%s'", mnemonic);
    }
    return w;
}

/* The word falls through to the next one: no branch, no call, not an ewait (which empties the
 * return stack) nor a trap. */
static int falls_through(const struct word *w)
{
    return w->fields[F_COND] == UCOND_ALWAYS && !w->fields[F_CALL] && !w->target[0] && !w->next_fixed &&
           w->fields[F_OP] != UOP_EWAIT;
}

static void take_branch(struct word *w, const struct word *b)
{
    w->fields[F_COND] = b->fields[F_COND];
    w->fields[F_CALL] = b->fields[F_CALL];
    memcpy(w->target, b->target, sizeof w->target);
}

/* Why ALU, an ALU operation, cannot be the '&' operation of PORT (a vmwr or an mwr), or NULL: the
 * ALU reads A = the port's ra; B = the port's rb (mwr) or, for mwr, an immediate (vmwr's immediate
 * is its field encoding). */
static const char *port_alu_misfit(const struct word *port, const struct word *alu)
{
    if (alu->fields[F_RA] != port->fields[F_RA]) return "the ALU operation after '&' reads the port's address or data register as A";
    if (port->fields[F_OP] == UOP_VMWR && alu->fields[F_BIMM]) return "vmwr's immediate is its field: the ALU operation takes a register B";
    if (port->fields[F_OP] == UOP_MWR && !alu->fields[F_BIMM] && alu->fields[F_RB] != port->fields[F_RB])
        return "mwr writes register rb: the ALU operation after '&' takes an immediate or that register as B";
    return NULL;
}

/* The ALU operation (and branch) of A into port word P. */
static void take_alu(struct word *p, const struct word *a)
{
    p->fields[F_ALU] = a->fields[F_ALU];
    p->fields[F_RD] = a->fields[F_RD];
    p->fields[F_RA] = a->fields[F_RA];
    if (a->fields[F_BIMM]) p->fields[F_BIMM] = 1, p->fields[F_IMM] = a->fields[F_IMM];
    else p->fields[F_RB] = a->fields[F_RB];
    if (!falls_through(a)) take_branch(p, a);
}

/* "mwr.N ra, rb & ALU" or "vmwr FIELD, ra & ALU": the ALU result goes to rd as the write completes
 * (port_alu_misfit says which operands fit). */
static void attach_alu(struct word *port, char *text)
{
    char mnemonic[32];
    text = trim(text);
    size_t len = strcspn(text, " \t");
    if (!len || len >= sizeof mnemonic) fail("missing ALU operation after '&'");
    memcpy(mnemonic, text, len);
    mnemonic[len] = '\0';
    struct word alu = *port;
    alu.fields[F_RA] = alu.fields[F_RB] = alu.fields[F_BIMM] = 0;
    if (!assemble_alu(&alu, mnemonic, text + len)) fail("'&' takes an ALU operation, not '%s'", mnemonic);
    const char *why = port_alu_misfit(port, &alu);
    if (why) fail("%s", why);
    take_alu(port, &alu);
}

/* SHL, SHR and FIELD by an amount that is not a multiple of 8: O rotates operand A by the
 * amount's low three bits before it is registered (evd_dp.sv). */
static int rotates_a(const struct word *w)
{
    uint64_t alu = w->fields[F_ALU];
    return (alu == UALU_SHL || alu == UALU_SHR || alu == UALU_FIELD) && (w->fields[F_IMM] & 7);
}

/* What the pipelined datapath computes (rtl/README.md, evd_alu.sv): read-only sources come in as
 * A only; SHL, SHR and FIELD shift by immediates (their amount and mask are decoded a cycle early);
 * jz and jnz test a zero computed beside the ALU, for the functions below; disp takes a read-only
 * source's low bits as the word leaves R (evd_seq), with a mov: a register's value is data no proof
 * bounds, so there is no dispatch on one. */
static void datapath_rules(const struct word *w)
{
    uint64_t alu = w->fields[F_ALU], cond = w->fields[F_COND];
    if (!w->fields[F_BIMM] && w->fields[F_RB] >= REG_SRC_FIRST)
        fail("read-only source '%s' as operand B: sources are operand A only (swap the operands of a commutative "
             "operation, or copy the source to a register first)", ureg_names[w->fields[F_RB]]);
    if ((alu == UALU_SHL || alu == UALU_SHR) && !w->fields[F_BIMM])
        fail("shift amounts are immediates (#expr): shifting by a register is a loop over its bits");
    if ((cond == UCOND_Z || cond == UCOND_NZ || cond == UCOND_ZT || cond == UCOND_NZT) && alu != UALU_AND && alu != UALU_OR && alu != UALU_XOR &&
        alu != UALU_SUB && alu != UALU_BIT && alu != UALU_LTU && alu != UALU_PASSA)
        fail("jz and jnz test the result of and, or, xor, sub, bit, ltu or mov, not %s", ualu_names[alu]);
    if ((w->fields[F_OP] == UOP_VMWR || w->fields[F_OP] == UOP_MWR || w->fields[F_OP] == UOP_MRD ||
         w->fields[F_OP] == UOP_CR2W) && rotates_a(w))
        fail("a port operation with an ALU operation that shifts A by an amount that is not a multiple of 8: "
             "O rotates A, which is the port's data or address");
    if (cond == UCOND_DISP && (alu != UALU_PASSA || w->fields[F_RA] < REG_SRC_FIRST))
        fail("disp dispatches on a read-only source: 'mov zero, SOURCE | disp TABLE' (on a register, whose value no "
             "proof bounds, branch instead)");
    if ((cond == UCOND_FAULT || cond == UCOND_NOFAULT) && w->fields[F_OP] != UOP_MRD && w->fields[F_OP] != UOP_MWR)
        fail("jfault and jnofault test the fault of the word's own memory access (mrd or mwr): the port defines "
             "fault only in a memory answer");
}

static void assemble_branch(struct word *w, char *branch)
{
    char *o[2];
    char mnemonic[16];
    branch = trim(branch);
    size_t len = strcspn(branch, " \t");
    if (!len || len >= sizeof mnemonic) fail("missing branch after '|'");
    memcpy(mnemonic, branch, len);
    mnemonic[len] = '\0';
    int n = split_operands(branch + len, o, 2);
    static const struct { const char *name; int cond; int call; } forms[] = {
        {"goto", UCOND_ALWAYS, 0}, {"call", UCOND_ALWAYS, 1}, {"jz", UCOND_Z, 0},
        {"jnz", UCOND_NZ, 0},      {"disp", UCOND_DISP, 0},   {"jsvalid", UCOND_SVALID, 0},
        {"jsempty", UCOND_SEMPTY, 0}, {"jfault", UCOND_FAULT, 0}, {"jnofault", UCOND_NOFAULT, 0},
        {"jz.t", UCOND_ZT, 0},     {"jnz.t", UCOND_NZT, 0},
    };
    if (!strcmp(mnemonic, "ret")) {
        want(n, 0, mnemonic);
        set(w, F_COND, UCOND_RET);
        w->target[0] = '\0';
        return;
    }
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (strcmp(mnemonic, forms[i].name)) continue;
        want(n, 1, mnemonic);
        set(w, F_COND, (uint64_t)forms[i].cond);
        set(w, F_CALL, (uint64_t)forms[i].call);
        if (strlen(o[0]) >= sizeof w->target) fail("label too long");
        snprintf(w->target, sizeof w->target, "%s", o[0]);
        return;
    }
    fail("unknown branch '%s'", mnemonic);
}

static int is_branch(const char *s)
{
    static const char *names[] = {"goto", "call", "ret", "jz", "jnz", "disp", "jsvalid", "jsempty", "jfault", "jnofault",
                                  "jz.t", "jnz.t"};
    size_t len = strcspn(s, " \t");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && !strncmp(s, names[i], len)) return 1;
    return 0;
}

/* The '|' that starts the branch: the first one followed by a branch mnemonic (an operand's
 * expression may hold '|' too: "ldc t0, #RFLAGS_TF | RFLAGS_RF"). */
static char *branch_bar(char *s)
{
    for (char *bar = strchr(s, '|'); bar; bar = strchr(bar + 1, '|')) {
        const char *after = bar + 1;
        while (isspace((unsigned char)*after)) after++;
        if (is_branch(after)) return bar;
    }
    return NULL;
}

static int is_ident(const char *s)
{
    if (!isalpha((unsigned char)*s) && *s != '_' && *s != '.') return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.') return 0;
    return 1;
}

static void include_file(const char *name);

static void assemble_line(char *text)
{
    char source[MAX_LINE];
    char *semi = strchr(text, ';');
    if (semi) *semi = '\0';
    char *s = trim(text);
    snprintf(source, sizeof source, "%s", s);
    if (!*s) return;
    if (!strncmp(s, ".equ", 4) && isspace((unsigned char)s[4])) {
        char name[64];
        int used;
        if (sscanf(s + 4, " %63s%n", name, &used) != 1 || !is_ident(name)) fail("'.equ NAME EXPR'");
        define_sym(name, eval(s + 4 + used), 0);
        return;
    }
    if (!strncmp(s, ".include", 8) && isspace((unsigned char)s[8])) {
        char *q = trim(s + 8), *end = q[0] == '"' ? strchr(q + 1, '"') : NULL;
        if (!end || *trim(end + 1)) fail("'.include \"FILE\"'");
        *end = '\0';
        include_file(q + 1);
        return;
    }
    char *colon = strchr(s, ':');
    if (colon) {
        *colon = '\0';
        char *label = trim(s);
        if (!is_ident(label)) fail("bad label '%s'", label);
        define_sym(label, (uint64_t)nwords, 1);
        s = trim(colon + 1);
        if (!*s) {
            /* A label alone names the next word. */
            return;
        }
    }
    int first = nwords;
    if (is_branch(s)) {
        /* a branch alone: "goto x" is "nop | goto x" */
        char none[1] = "";
        assemble_branch(assemble_operation(none, source), s);
    } else {
        char *bar = branch_bar(s);
        if (bar) *bar = '\0';
        char *amp = strchr(s, '&');
        if (amp) *amp = '\0';
        struct word *w = assemble_operation(s, source);
        if (amp) {
            if (w->fields[F_OP] != UOP_MWR && w->fields[F_OP] != UOP_VMWR) fail("only mwr and vmwr take '& ALU operation'");
            attach_alu(w, amp + 1);
        }
        if (bar) assemble_branch(w, bar + 1);
    }
    for (int i = first; i < nwords; i++) words[i].line = cur_line, datapath_rules(&words[i]);
}

/* Every file opened, by its real path: an include of one already assembled is skipped (its
 * constants are defined), an include of one still open is a cycle. */
static struct {
    char *real;
    char *included_as; /* an included file's path as written: the words point at it (cur_file) */
    int open;
} files[MAX_FILES];
static int nfiles, include_depth;

static void assemble_lines(FILE *f)
{
    char buf[MAX_LINE];
    while (fgets(buf, sizeof buf, f)) {
        cur_line++;
        if (!strchr(buf, '\n') && !feof(f)) fail("line too long");
        assemble_line(buf);
    }
}

/* Assembles PATH; WHERE is the index of its files[] entry. The words keep cur_file's pointer, so
 * the path stays allocated. */
static void assemble_open(FILE *f, const char *path, int where)
{
    const char *file = cur_file;
    int line = cur_line;
    cur_file = path;
    cur_line = 0;
    files[where].open = 1;
    assemble_lines(f);
    files[where].open = 0;
    fclose(f);
    cur_file = file;
    cur_line = line;
}

/* PATH's index in files[], added if new (*SEEN = 0) or found (*SEEN = 1); -1 if it has no real path. */
static int file_entry(const char *path, int *seen)
{
    char *real = realpath(path, NULL);
    if (!real) return -1;
    for (int i = 0; i < nfiles; i++)
        if (!strcmp(files[i].real, real)) {
            free(real);
            *seen = 1;
            return i;
        }
    *seen = 0;
    if (nfiles == MAX_FILES) fail("more than %d source files", MAX_FILES);
    files[nfiles].real = real;
    files[nfiles].open = 0;
    return nfiles++;
}

static void assemble_file(const char *path)
{
    FILE *f = fopen(path, "r");
    int seen, where = f ? file_entry(path, &seen) : -1;
    if (!f || where < 0) {
        fprintf(stderr, "uasm: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    assemble_open(f, path, where);
}

/* .include "NAME": NAME relative to the directory of the including file (cur_file). */
static void include_file(const char *name)
{
    if (!*name) fail("'.include' names no file");
    size_t dir = name[0] == '/' ? 0 : (size_t)(strrchr(cur_file, '/') ? strrchr(cur_file, '/') - cur_file + 1 : 0);
    char *path = malloc(dir + strlen(name) + 1);
    if (!path) fail("out of memory");
    memcpy(path, cur_file, dir);
    strcpy(path + dir, name);
    FILE *f = fopen(path, "r");
    if (!f) fail("cannot include '%s' (%s): %s", name, path, strerror(errno));
    int seen, where = file_entry(path, &seen);
    if (where < 0) fail("cannot include '%s' (%s): %s", name, path, strerror(errno));
    if (files[where].open) fail("'%s' includes itself (through '%s')", path, cur_file);
    if (include_depth == MAX_INCLUDE_DEPTH) fail("includes nest deeper than %d", MAX_INCLUDE_DEPTH);
    if (seen) {
        /* assembled before: its constants are defined */
        fclose(f);
        free(path);
        return;
    }
    files[where].included_as = path;
    include_depth++;
    assemble_open(f, path, where);
    include_depth--;
}

/* Packing (microcode/README.md, "Packing"). The source stays one operation per line; this pass
 * puts a line into the word of the line before it when one word computes both as the two lines
 * would, one after the other:
 *  - "goto", "call" or "ret" alone joins a word that falls through (a goto or ret with a label
 *    also stays where it is, for the branches that name it);
 *  - an ALU operation joins a port operation that leaves the ALU free (spop; vmwr and mwr with
 *    the operands of their '&' form), before or after it.
 * A line with a label starts a word, as does a line after a branch; a line never reads what the
 * line before it in the same word writes. Before packing, a branch to a word that is only
 * "goto L" goes to L. */
static int pack_enabled = 1;
static int lines_words; /* words before packing: one a line (ldc: one to four) */

static int is_label_at(int addr)
{
    for (int i = 0; i < nsyms; i++)
        if (syms[i].is_label && syms[i].value == (uint64_t)addr) return 1;
    return 0;
}

static struct word *label_word(const char *name)
{
    struct sym *s = find_sym(name);
    return s && s->is_label && s->value < (uint64_t)nwords ? &words[s->value] : NULL;
}

/* The word computes nothing: its ALU part is "mov zero, zero" (the port may use ra and rb). */
static int alu_idle(const struct word *w)
{
    return w->fields[F_ALU] == UALU_PASSA && !w->fields[F_RD];
}

/* "goto L", "call L" or "ret", alone. */
static int branch_only(const struct word *w)
{
    const uint64_t *f = w->fields;
    return f[F_OP] == UOP_NOP && alu_idle(w) && !f[F_RA] && !f[F_RB] && !f[F_BIMM] && !f[F_IMM] && !w->next_fixed &&
           ((f[F_COND] == UCOND_ALWAYS && w->target[0]) || f[F_COND] == UCOND_RET);
}

/* An ALU operation, falling through or ending in goto, call or ret. */
static int alu_only(const struct word *w)
{
    uint64_t c = w->fields[F_COND];
    return w->fields[F_OP] == UOP_NOP && !branch_only(w) && !w->next_fixed && (c == UCOND_ALWAYS || c == UCOND_RET);
}

/* The register W writes (rd: its ALU's, or a read port's). */
static uint64_t writes(const struct word *w)
{
    return w->fields[F_RD];
}

/* P's port reads register R. */
static int port_reads(const struct word *p, uint64_t r)
{
    uint64_t op = p->fields[F_OP];
    if (!r) return 0;
    if (op == UOP_VMWR || op == UOP_MRD || op == UOP_CR2W) return p->fields[F_RA] == r;
    if (op == UOP_MWR) return p->fields[F_RA] == r || p->fields[F_RB] == r;
    return 0;
}

/* The ALU operation of A can be P's: P's port leaves the ALU free and A's operands fit the word
 * (the '&' form's for vmwr and mwr, and no rotation of the port's A; spop takes any). */
static int port_takes_alu(const struct word *p, const struct word *a)
{
    const uint64_t *pf = p->fields;
    if (!alu_idle(p)) return 0;
    switch (pf[F_OP]) {
    case UOP_SPOP: return !pf[F_RA] && !pf[F_RB] && !pf[F_BIMM];
    case UOP_VMWR:
    case UOP_MWR:  return !port_alu_misfit(p, a) && !rotates_a(a);
    default: return 0;
    }
}

static void add_line(struct word *into, const struct word *from)
{
    if (into->nmore + 1 + from->nmore > MAX_PACK - 1) return;
    struct line *l = &into->more[into->nmore++];
    l->file = from->file;
    l->line = from->line;
    snprintf(l->source, sizeof l->source, "%s", from->source);
    for (int k = 0; k < from->nmore; k++) into->more[into->nmore++] = from->more[k];
}

/* Can W (the word so far) take N, the next line's word? Then W becomes the two. */
static int pack_pair(struct word *w, const struct word *n)
{
    if (!falls_through(w) || w->nmore + 1 + n->nmore > MAX_PACK - 1) return 0;
    if (branch_only(n)) {
        take_branch(w, n);
        return 1;
    }
    if (alu_only(n) && n->fields[F_RA] < REG_SRC_FIRST && port_takes_alu(w, n)) {
        /* after the port operation: it writes no register; a read-only source (the stream item,
         * the last fault) may have moved on */
        take_alu(w, n);
        return 1;
    }
    if (alu_only(w) && port_takes_alu(n, w) && !port_reads(n, writes(w))) {
        /* before the port operation, which must not read what it writes */
        struct word alu = *w;
        memcpy(w->fields, n->fields, sizeof w->fields);
        memcpy(w->target, n->target, sizeof w->target);
        w->next_fixed = n->next_fixed;
        take_alu(w, &alu);
        return 1;
    }
    return 0;
}

/* A branch to "L: goto M" goes to M (not a dispatch table's base: its entries are words). */
static void thread_jumps(void)
{
    for (int a = 0; a < nwords; a++) {
        struct word *w = &words[a];
        if (!w->target[0] || w->fields[F_COND] == UCOND_DISP) continue;
        for (int hops = 0; hops < 8; hops++) {
            struct word *t = label_word(w->target);
            if (!t || t == w || !branch_only(t) || t->fields[F_COND] != UCOND_ALWAYS || t->fields[F_CALL]) break;
            memcpy(w->target, t->target, sizeof w->target);
        }
    }
}

static void pack(void)
{
    static struct word out[UROM_DEPTH];
    static int where[UROM_DEPTH + 1]; /* each source word's address after packing */
    lines_words = nwords;
    if (!pack_enabled) return;
    thread_jumps();
    int n = 0;
    for (int a = 0; a < nwords; a++) {
        struct word *w = &words[a];
        int label = is_label_at(a);
        if (n > 0 && !label && pack_pair(&out[n - 1], w)) {
            add_line(&out[n - 1], w);
            where[a] = n - 1;
            continue;
        }
        if (n > 0 && label && branch_only(w) && !w->fields[F_CALL] && falls_through(&out[n - 1]) &&
            out[n - 1].nmore < MAX_PACK - 1) {
            /* a copy of a labelled goto or ret in the word before; the word stays for its label */
            take_branch(&out[n - 1], w);
            add_line(&out[n - 1], w);
        }
        where[a] = n;
        out[n++] = *w;
    }
    where[nwords] = n;
    for (int i = 0; i < nsyms; i++)
        if (syms[i].is_label && syms[i].value <= (uint64_t)nwords) syms[i].value = (uint64_t)where[syms[i].value];
    for (int a = 0; a < n; a++)
        if (out[a].next_fixed) out[a].fields[F_NEXT] = (uint64_t)a; /* trap: to itself */
    memcpy(words, out, sizeof out[0] * (size_t)n);
    nwords = n;
    /* each line passed the rules alone (assemble_line); a packed word passes them as a whole */
    for (int a = 0; a < n; a++) {
        if (!words[a].nmore) continue;
        cur_file = words[a].file;
        cur_line = words[a].line;
        datapath_rules(&words[a]);
    }
}

/* Pass 2: resolve branch targets; a word without a branch falls through (next = address + 1). */
static void resolve(void)
{
    for (int a = 0; a < nwords; a++) {
        struct word *w = &words[a];
        cur_file = w->file;
        cur_line = w->line;
        if (w->target[0]) {
            struct sym *s = find_sym(w->target);
            if (!s || !s->is_label) fail("unknown label '%s'", w->target);
            set(w, F_NEXT, s->value);
        } else if (w->fields[F_COND] == UCOND_ALWAYS && !w->next_fixed) {
            if (a + 1 >= UROM_DEPTH) fail("the last word of the ROM must branch");
            set(w, F_NEXT, (uint64_t)(a + 1));
        }
    }
    for (int i = 0; i < nsyms; i++)
        if (syms[i].is_label && syms[i].value < (uint64_t)nwords && !words[syms[i].value].label[0])
            memcpy(words[syms[i].value].label, syms[i].name, sizeof syms[i].name);
}

static uint64_t encode(const struct word *w)
{
    uint64_t v = 0;
    for (int f = 0; f <= F_NEXT; f++) v |= w->fields[f] << field_shift[f];
    return v;
}

/* Unused ROM words hold an illegal operation that branches to itself: a stray jump trips the
 * RTL's LegalOp assertion instead of running on. */
static uint64_t filler(int addr)
{
    return (uint64_t)((1u << UF_OP_WIDTH) - 1) << UF_OP_SHIFT | (uint64_t)addr << UF_NEXT_SHIFT;
}

static void write_outputs(const char *hex_path, const char *lst_path)
{
    static uint64_t image[UROM_DEPTH];
    char err[512];
    for (int a = 0; a < UROM_DEPTH; a++) image[a] = a < nwords ? encode(&words[a]) : filler(a);
    if (uimage_write(hex_path, image, UROM_DEPTH, "auto-generated by microcode/uasm; do not edit", err, sizeof err)) {
        fprintf(stderr, "uasm: %s\n", err);
        exit(2);
    }
    FILE *l = fopen(lst_path, "w");
    if (!l) {
        fprintf(stderr, "uasm: cannot write %s\n", lst_path);
        exit(2);
    }
    int digits = (UWORD_W + 3) / 4;
    fprintf(l, "# auto-generated by microcode/uasm; do not edit\n");
    fprintf(l, "# %d of %d words used (%d before packing: one a source line, ldc one to four)\n", nwords, UROM_DEPTH,
            lines_words);
    fprintf(l, "# addr  word              label                    source (a packed line: + source)\n");
    for (int a = 0; a < nwords; a++) {
        fprintf(l, "%03x   %0*llx   %-24s %s:%d: %s\n", a, digits, (unsigned long long)image[a], words[a].label,
                words[a].file, words[a].line, words[a].source);
        /* the lines packed into the word, each on a line of its own that starts with "+" */
        for (int k = 0; k < words[a].nmore; k++)
            fprintf(l, "%-*s + %s:%d: %s\n", 2 * 3 + digits + 3 + 24 - 2, "", words[a].more[k].file, words[a].more[k].line,
                    words[a].more[k].source);
    }
    if (fclose(l)) {
        fprintf(stderr, "uasm: %s: write error\n", lst_path);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    const char *hex = NULL, *lst = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) hex = argv[++i];
        else if (!strcmp(argv[i], "-l") && i + 1 < argc) lst = argv[++i];
        else if (!strcmp(argv[i], "-n")) pack_enabled = 0;
        else break;
    }
    if (!hex || !lst || i == argc) {
        fprintf(stderr, "usage: uasm [-n] -o IMAGE.hex -l LISTING.lst FILE.uc...\n  -n  one word per source line (no packing)\n");
        return 2;
    }
    for (; i < argc; i++) assemble_file(argv[i]);
    pack();
    resolve();
    write_outputs(hex, lst);
    return 0;
}
