/* genenc: turns microcode/encodings.tbl, the project's one table of encodings, into
 *   rtl/evd_pkg.sv         (SystemVerilog package: VMCS fields, exit reasons, microword layout)
 *   dpi/evd_arch.h         (C: architectural encodings for the testbench and the golden model)
 *   microcode/evd_ucode.h  (C: microword layout and mnemonics for the assembler/disassembler)
 *   dpi/evd_ports.h        (C: the unit's port groups as structs, packed to/from DPI bit vectors)
 * Usage: genenc TABLE PKG_SV ARCH_H UCODE_H PORTS_H
 * The golden model includes only evd_arch.h, so it stays blind to the microword. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 512
#define MAX_TOK 64

typedef struct {
    char kind[16];
    char name[MAX_TOK];
    unsigned long long value; /* encoding, number or width; position for enumerations; port: 1 out */
    char sym[MAX_TOK];        /* pfield: a symbolic width (UADDR_W or CFG_W), else "" */
    char comment[160];
    int line;
} row_t;

static row_t rows[MAX_ROWS];
static int nrows;
static const char *table_path;

static void die(int line, const char *msg, const char *arg)
{
    fprintf(stderr, "%s:%d: %s%s\n", table_path, line, msg, arg ? arg : "");
    exit(2);
}

/* Enumerated kinds get their value from their position among rows of the same kind. */
static int is_enumerated(const char *kind)
{
    return !strcmp(kind, "uop") || !strcmp(kind, "ualu") || !strcmp(kind, "ucond");
}

static void read_table(void)
{
    FILE *f = fopen(table_path, "r");
    if (!f) {
        fprintf(stderr, "genenc: %s: %s\n", table_path, strerror(errno));
        exit(2);
    }
    char buf[512];
    int line = 0;
    int counters[3] = {0, 0, 0};
    while (fgets(buf, sizeof buf, f)) {
        line++;
        char *p = buf;
        while (isspace((unsigned char)*p)) p++;
        if (*p == '#' || *p == '\0') continue;
        if (nrows == MAX_ROWS) die(line, "too many rows", NULL);
        row_t *r = &rows[nrows];
        int used = 0;
        if (sscanf(p, "%15s %63s%n", r->kind, r->name, &used) != 2) die(line, "expected KIND NAME", NULL);
        p += used;
        r->line = line;
        r->sym[0] = '\0';
        if (is_enumerated(r->kind)) {
            int k = !strcmp(r->kind, "uop") ? 0 : !strcmp(r->kind, "ualu") ? 1 : 2;
            r->value = (unsigned long long)counters[k]++;
        } else if (!strcmp(r->kind, "port")) {
            char dir[8];
            int n = 0;
            if (sscanf(p, "%7s%n", dir, &n) != 1 || (strcmp(dir, "in") && strcmp(dir, "out")))
                die(line, "port direction must be in or out: ", r->name);
            r->value = !strcmp(dir, "out");
            p += n;
        } else if (!strcmp(r->kind, "pfield") && sscanf(p, " %63[A-Z_]%n", r->sym, &used) == 1) {
            if (strcmp(r->sym, "UADDR_W") && strcmp(r->sym, "CFG_W")) die(line, "unknown width ", r->sym);
            p += used;
        } else {
            char *end;
            while (isspace((unsigned char)*p)) p++;
            errno = 0;
            r->value = strtoull(p, &end, 0);
            if (end == p || errno) die(line, "bad number for ", r->name);
            p = end;
        }
        while (isspace((unsigned char)*p)) p++;
        size_t n = strcspn(p, "\n");
        if (n >= sizeof r->comment) n = sizeof r->comment - 1;
        memcpy(r->comment, p, n);
        r->comment[n] = '\0';
        static const char *kinds[] = {"vmcs", "exit", "itype", "const", "cfg", "ufield",
                                      "uop", "ualu", "ucond", "ureg", "uconst", "sk", "port", "pfield"};
        int ok = 0;
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) ok |= !strcmp(r->kind, kinds[i]);
        if (!ok) die(line, "unknown kind ", r->kind);
        for (int i = 0; i < nrows; i++)
            if (!strcmp(rows[i].kind, r->kind) && !strcmp(rows[i].name, r->name))
                die(line, "duplicate name ", r->name);
        if (!strcmp(r->kind, "pfield")) {
            /* GROUP.NAME, with GROUP declared above by a port row; a number width is 1..64 bits */
            const char *dot = strchr(r->name, '.');
            int found = 0;
            if (!dot || dot == r->name || !dot[1] || strchr(dot + 1, '.')) die(line, "expected GROUP.NAME: ", r->name);
            for (int i = 0; i < nrows; i++)
                found |= !strcmp(rows[i].kind, "port") && strlen(rows[i].name) == (size_t)(dot - r->name) &&
                         !strncmp(rows[i].name, r->name, (size_t)(dot - r->name));
            if (!found) die(line, "no port row above for ", r->name);
            if (!r->sym[0] && (r->value < 1 || r->value > 64)) die(line, "width must be 1..64: ", r->name);
        }
        nrows++;
    }
    fclose(f);
}

/* VMCS width from encoding bits 14:13; natural width is 64 bits here. */
static int vmcs_width(unsigned long long enc)
{
    static const int w[4] = {16, 64, 32, 64};
    return w[(enc >> 13) & 3];
}

static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "genenc: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return f;
}

/* "VMRD" -> "Vmrd", "MONITOR_TRAP_FLAG" -> "MonitorTrapFlag" */
static void camel(char *out, const char *in)
{
    int up = 1;
    for (; *in; in++) {
        if (*in == '_') { up = 1; continue; }
        *out++ = up ? (char)toupper((unsigned char)*in) : (char)tolower((unsigned char)*in);
        up = 0;
    }
    *out = '\0';
}

static void upper(char *out, const char *in)
{
    for (; *in; in++) *out++ = (char)toupper((unsigned char)*in);
    *out = '\0';
}

static int count_kind(const char *kind)
{
    int n = 0;
    for (int i = 0; i < nrows; i++) n += !strcmp(rows[i].kind, kind);
    return n;
}

static int field_width(const char *name)
{
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "ufield") && !strcmp(rows[i].name, name)) return (int)rows[i].value;
    die(0, "missing ufield ", name);
    return 0;
}

static int clog2(int n)
{
    int b = 0;
    while ((1 << b) < n) b++;
    return b ? b : 1;
}


/* Port groups: a pfield row named GROUP.NAME belongs to the port row GROUP. */
static int in_group(const row_t *r, const char *group)
{
    size_t n = strlen(group);
    return !strcmp(r->kind, "pfield") && !strncmp(r->name, group, n) && r->name[n] == '.';
}

static int pfield_width(const row_t *r)
{
    if (!strcmp(r->sym, "UADDR_W")) return field_width("next");
    if (!strcmp(r->sym, "CFG_W")) return count_kind("cfg");
    return (int)r->value;
}

static int group_width(const char *group)
{
    int w = 0;
    for (int i = 0; i < nrows; i++)
        if (in_group(&rows[i], group)) w += pfield_width(&rows[i]);
    return w;
}
static const char *banner = "auto-generated by microcode/genenc from microcode/encodings.tbl; do not edit";

static void sv_enum(FILE *f, const char *kind, const char *field, const char *prefix, const char *type)
{
    int w = field_width(field), n = count_kind(kind), k = 0;
    if (n > (1 << w)) die(0, "enumeration does not fit its field: ", kind);
    fprintf(f, "  typedef enum logic [%d:0] {\n", w - 1);
    for (int i = 0; i < nrows; i++) {
        if (strcmp(rows[i].kind, kind)) continue;
        char c[MAX_TOK];
        camel(c, rows[i].name);
        fprintf(f, "    %s%s = %d'd%llu%s", prefix, c, w, rows[i].value, ++k < n ? "," : "");
        if (rows[i].comment[0]) fprintf(f, "  // %s", rows[i].comment);
        fprintf(f, "\n");
    }
    fprintf(f, "  } %s;\n\n", type);
}

static void write_sv(const char *path)
{
    FILE *f = open_out(path);
    fprintf(f, "// %s\n", banner);
    fprintf(f, "// Every encoding the RTL uses. Refer to items as evd_pkg::NAME (Yosys 0.23 has no import).\n");
    fprintf(f, "package evd_pkg;\n\n");
    fprintf(f, "  //////// VMCS field encodings ////////\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "vmcs"))
            fprintf(f, "  localparam logic [15:0] VMCS_%s = 16'h%04llx;  // %d-bit\n", rows[i].name, rows[i].value,
                    vmcs_width(rows[i].value));
    fprintf(f, "\n  //////// Basic exit reasons ////////\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "exit"))
            fprintf(f, "  localparam logic [15:0] EXIT_%s = 16'd%llu;\n", rows[i].name, rows[i].value);
    fprintf(f, "\n  //////// Interruption types ////////\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "itype"))
            fprintf(f, "  localparam logic [2:0] ITYPE_%s = 3'd%llu;\n", rows[i].name, rows[i].value);
    fprintf(f, "\n  //////// Architectural constants ////////\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "const"))
            fprintf(f, "  localparam int %s = %llu;  // %s\n", rows[i].name, rows[i].value, rows[i].comment);
    fprintf(f, "\n  //////// Configuration straps (config keys) ////////\n");
    fprintf(f, "  localparam int CFG_W = %d;\n", count_kind("cfg"));
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "cfg"))
            fprintf(f, "  localparam int CFG_%s = %llu;  // %s\n", rows[i].name, rows[i].value, rows[i].comment);
    fprintf(f, "\n  //////// Stream port item kinds ////////\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "sk"))
            fprintf(f, "  localparam logic [3:0] SK_%s = 4'd%llu;\n", rows[i].name, rows[i].value);

    fprintf(f, "\n  //////// Microword ////////\n");
    sv_enum(f, "uop", "op", "Op", "uop_e");
    sv_enum(f, "ualu", "alu", "Alu", "alu_e");
    sv_enum(f, "ucond", "cond", "Cond", "cond_e");
    int total = 0;
    fprintf(f, "  // Field order is most significant first; the ROM word is assigned to this struct.\n");
    fprintf(f, "  typedef struct packed {\n");
    for (int i = 0; i < nrows; i++) {
        if (strcmp(rows[i].kind, "ufield")) continue;
        int w = (int)rows[i].value;
        total += w;
        const char *type = !strcmp(rows[i].name, "op") ? "uop_e" : !strcmp(rows[i].name, "alu") ? "alu_e"
                         : !strcmp(rows[i].name, "cond") ? "cond_e" : NULL;
        char decl[48];
        if (type) snprintf(decl, sizeof decl, "%s", type);
        else if (w == 1) snprintf(decl, sizeof decl, "logic");
        else snprintf(decl, sizeof decl, "logic [%d:0]", w - 1);
        fprintf(f, "    %-14s %s;  // %s\n", decl, rows[i].name, rows[i].comment);
    }
    fprintf(f, "  } uinstr_t;\n\n");
    fprintf(f, "  localparam int UWORD_W = %d;\n", total);
    fprintf(f, "  localparam int UADDR_W = %d;\n", field_width("next"));
    fprintf(f, "  localparam int UROM_DEPTH = %d;\n\n", 1 << field_width("next"));
    fprintf(f, "  //////// Datapath registers (below REG_SRC_FIRST) and read-only sources ////////\n");
    int rw = field_width("ra");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "uconst"))
            fprintf(f, "  localparam logic [%d:0] %s = %d'd%llu;  // %s\n", rw - 1, rows[i].name, rw, rows[i].value,
                    rows[i].comment);
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "ureg")) {
            char u[MAX_TOK];
            upper(u, rows[i].name);
            fprintf(f, "  localparam logic [5:0] REG_%s = 6'd%llu;\n", u, rows[i].value);
        }
    fprintf(f, "\n  //////// Unit ports: one packed struct per group (first field most significant) ////////\n");
    for (int g = 0; g < nrows; g++) {
        if (strcmp(rows[g].kind, "port")) continue;
        char u[MAX_TOK];
        upper(u, rows[g].name);
        fprintf(f, "\n  // %s (%s): %s\n  typedef struct packed {\n", rows[g].name, rows[g].value ? "out" : "in",
                rows[g].comment);
        for (int i = 0; i < nrows; i++) {
            if (!in_group(&rows[i], rows[g].name)) continue;
            int w = pfield_width(&rows[i]);
            char decl[48];
            if (rows[i].sym[0]) snprintf(decl, sizeof decl, "logic [%s-1:0]", rows[i].sym);
            else if (w == 1) snprintf(decl, sizeof decl, "logic");
            else snprintf(decl, sizeof decl, "logic [%d:0]", w - 1);
            char nm[MAX_TOK + 1];
            snprintf(nm, sizeof nm, "%s;", strchr(rows[i].name, '.') + 1);
            fprintf(f, "    %-19s %-12s // %s\n", decl, nm, rows[i].comment);
        }
        fprintf(f, "  } %s_t;\n  localparam int %s_W = %d;\n", rows[g].name, u, group_width(rows[g].name));
    }
    fprintf(f, "\nendpackage\n");
    fclose(f);
}

static void write_arch_h(const char *path)
{
    FILE *f = open_out(path);
    fprintf(f, "/* %s */\n", banner);
    fprintf(f, "/* Architectural encodings: VMCS fields, exit reasons, interruption types, config straps and\n"
               " * the stream port's item kinds. Shared by the testbench and the golden model. */\n");
    fprintf(f, "#ifndef EVD_ARCH_H\n#define EVD_ARCH_H\n\n");
    fprintf(f, "/* X(NAME, ENCODING): every VMCS field the vector format names. */\n#define EVD_VMCS_FIELDS(X) \\\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "vmcs")) fprintf(f, "    X(%s, 0x%04llx) \\\n", rows[i].name, rows[i].value);
    fprintf(f, "\n\nenum evd_vmcs_enc {\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "vmcs")) fprintf(f, "    VMCS_%s = 0x%04llx,\n", rows[i].name, rows[i].value);
    fprintf(f, "};\n\n/* VMCS field width in bits from its encoding (natural width = 64). */\n"
               "#define EVD_VMCS_WIDTH(enc) ((int[]){16, 64, 32, 64}[((enc) >> 13) & 3])\n\n");
    fprintf(f, "enum evd_exit_reason {\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "exit")) fprintf(f, "    EXIT_%s = %llu,\n", rows[i].name, rows[i].value);
    fprintf(f, "};\n\n/* X(NAME, VALUE): every basic exit reason, for messages and waveform filters. */\n#define EVD_EXIT_REASONS(X) \\\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "exit")) fprintf(f, "    X(%s, %llu) \\\n", rows[i].name, rows[i].value);
    fprintf(f, "\n/* The name of basic exit reason R (\"VMCALL\"), or NULL when it has none. */\n"
               "static inline const char *evd_exit_reason_name(unsigned r)\n{\n    switch (r) {\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "exit"))
            fprintf(f, "    case %llu: return \"%s\";\n", rows[i].value, rows[i].name);
    fprintf(f, "    default: return 0;\n    }\n}\n");
    fprintf(f, "\nenum evd_itype {\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "itype")) fprintf(f, "    ITYPE_%s = %llu,\n", rows[i].name, rows[i].value);
    fprintf(f, "};\n\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "const"))
            fprintf(f, "#define %s %lluu /* %s */\n", rows[i].name, rows[i].value, rows[i].comment);
    fprintf(f, "\n/* Configuration strap bits. */\n#define CFG_W %d\n", count_kind("cfg"));
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "cfg"))
            fprintf(f, "#define CFG_%s %llu /* %s */\n", rows[i].name, rows[i].value, rows[i].comment);
    fprintf(f, "\n/* Stream port item kinds. */\nenum evd_stream_kind {\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "sk")) fprintf(f, "    SK_%s = %llu,\n", rows[i].name, rows[i].value);
    fprintf(f, "};\n\n#endif\n");
    fclose(f);
}

static void c_names(FILE *f, const char *kind, const char *var)
{
    fprintf(f, "static const char *const %s[] = {", var);
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, kind)) fprintf(f, "\"%s\", ", rows[i].name);
    fprintf(f, "};\n");
}

static void write_ucode_h(const char *path)
{
    FILE *f = open_out(path);
    fprintf(f, "/* %s */\n", banner);
    fprintf(f, "/* The microword layout, for the assembler, the disassembler and the waveform filters. */\n");
    fprintf(f, "#ifndef EVD_UCODE_H\n#define EVD_UCODE_H\n\n");
    int total = 0;
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "ufield")) total += (int)rows[i].value;
    fprintf(f, "#define UWORD_W %d\n#define UADDR_W %d\n#define UROM_DEPTH %d\n\n", total, field_width("next"),
            1 << field_width("next"));
    int shift = total;
    fprintf(f, "/* Field positions: UF_<name>_SHIFT and UF_<name>_WIDTH. */\n");
    for (int i = 0; i < nrows; i++) {
        if (strcmp(rows[i].kind, "ufield")) continue;
        char u[MAX_TOK];
        upper(u, rows[i].name);
        shift -= (int)rows[i].value;
        fprintf(f, "#define UF_%s_SHIFT %d\n#define UF_%s_WIDTH %llu\n", u, shift, u, rows[i].value);
    }
    fprintf(f, "\nenum uop { ");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "uop")) fprintf(f, "UOP_%s = %llu, ", rows[i].name, rows[i].value);
    fprintf(f, "UOP_COUNT = %d };\nenum ualu { ", count_kind("uop"));
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "ualu")) fprintf(f, "UALU_%s = %llu, ", rows[i].name, rows[i].value);
    fprintf(f, "UALU_COUNT = %d };\nenum ucond { ", count_kind("ualu"));
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "ucond")) fprintf(f, "UCOND_%s = %llu, ", rows[i].name, rows[i].value);
    fprintf(f, "UCOND_COUNT = %d };\n\n", count_kind("ucond"));
    c_names(f, "uop", "uop_names");
    c_names(f, "ualu", "ualu_names");
    c_names(f, "ucond", "ucond_names");
    fprintf(f, "\n/* Numbers of the datapath. */\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "uconst"))
            fprintf(f, "#define %s %llu /* %s */\n", rows[i].name, rows[i].value, rows[i].comment);
    fprintf(f, "\n/* Register and source names by number (NULL: unused). */\nstatic const char *const ureg_names[64] = {\n");
    for (int i = 0; i < nrows; i++)
        if (!strcmp(rows[i].kind, "ureg")) fprintf(f, "    [%llu] = \"%s\",\n", rows[i].value, rows[i].name);
    fprintf(f, "};\n\n/* Names the microcode may use as constants: VMCS fields (VMCS_*), exit reasons (EXIT_*),\n"
               " * interruption types (ITYPE_*), constants, config straps (CFG_*), stream kinds (SK_*) and numbers of\n"
               " * the datapath (uconst rows). */\n");
    fprintf(f, "struct ucode_const { const char *name; unsigned long long value; };\n");
    fprintf(f, "static const struct ucode_const ucode_consts[] = {\n");
    static const struct { const char *kind, *prefix; } pre[] = {
        {"vmcs", "VMCS_"}, {"exit", "EXIT_"}, {"itype", "ITYPE_"}, {"const", ""}, {"cfg", "CFG_"}, {"sk", "SK_"}, {"uconst", ""}};
    for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++)
        for (int i = 0; i < nrows; i++)
            if (!strcmp(rows[i].kind, pre[k].kind))
                fprintf(f, "    {\"%s%s\", 0x%llxull},\n", pre[k].prefix, rows[i].name, rows[i].value);
    fprintf(f, "};\n\n#endif\n");
    fclose(f);
}


/* The port groups in C: one struct per group (fields as in the SV struct), its packing into the
 * words of a DPI `bit [W-1:0]` argument, and the two aggregates of c_dpi_cycle. */
static const char *c_type(int w)
{
    return w <= 8 ? "uint8_t" : w <= 16 ? "uint16_t" : w <= 32 ? "uint32_t" : "uint64_t";
}

/* The aggregate of every group of direction OUT: struct, then unpack and pack of every member. */
static void c_aggregate(FILE *f, int out)
{
    const char *agg = out ? "evd_unit_out" : "evd_unit_in";
    fprintf(f, "/* Every group %s the unit, in table order (the order of c_dpi_cycle's arguments). */\n",
            out ? "driven by" : "driven into");
    fprintf(f, "struct %s {\n", agg);
    for (int g = 0; g < nrows; g++)
        if (!strcmp(rows[g].kind, "port") && (int)rows[g].value == out)
            fprintf(f, "    struct evd_%s %s;\n", rows[g].name, rows[g].name);
    fprintf(f, "};\n\n");
    for (int pack = 0; pack < 2; pack++) {
        fprintf(f, "static inline void %s_%s(%sstruct %s *s", agg, pack ? "pack" : "unpack", pack ? "const " : "", agg);
        for (int g = 0; g < nrows; g++)
            if (!strcmp(rows[g].kind, "port") && (int)rows[g].value == out)
                fprintf(f, ",\n        %ssvBitVecVal *%s", pack ? "" : "const ", rows[g].name);
        fprintf(f, ")\n{\n");
        for (int g = 0; g < nrows; g++)
            if (!strcmp(rows[g].kind, "port") && (int)rows[g].value == out) {
                if (pack) fprintf(f, "    evd_%s_pack(%s, &s->%s);\n", rows[g].name, rows[g].name, rows[g].name);
                else fprintf(f, "    evd_%s_unpack(&s->%s, %s);\n", rows[g].name, rows[g].name, rows[g].name);
            }
        fprintf(f, "}\n\n");
    }
}

static void write_ports_h(const char *path)
{
    FILE *f = open_out(path);
    fprintf(f, "/* %s */\n", banner);
    fprintf(f, "/* The unit's ports, one struct per port group of rtl/evd_pkg.sv (GROUP_t), with the same field\n"
               " * names, and their packing to and from the words of a DPI `bit [W-1:0]` argument (svBitVecVal:\n"
               " * 32-bit words, least significant first). As in the SV packed struct, the first field is the\n"
               " * most significant. EVD_<GROUP>_W is the group's width, EVD_<GROUP>_WORDS its word count. */\n");
    fprintf(f, "#ifndef EVD_PORTS_H\n#define EVD_PORTS_H\n\n#include <stdint.h>\n\n#include \"svdpi.h\"\n\n");
    fprintf(f, "/* Bits LSB..LSB+WIDTH-1 (WIDTH 1..64) of the word array V. */\n"
               "static inline uint64_t evd_port_get(const svBitVecVal *v, unsigned lsb, unsigned width)\n{\n"
               "    unsigned w = lsb / 32, s = lsb %% 32;\n"
               "    uint64_t x = (uint64_t)v[w] >> s;\n"
               "    if (s + width > 32) x |= (uint64_t)v[w + 1] << (32 - s);\n"
               "    if (s + width > 64) x |= (uint64_t)v[w + 2] << (64 - s);\n"
               "    return width < 64 ? x & ((1ull << width) - 1) : x;\n}\n\n");
    fprintf(f, "/* ORs X (its low WIDTH bits) into bits LSB..LSB+WIDTH-1 of V, whose bits there are zero. */\n"
               "static inline void evd_port_put(svBitVecVal *v, unsigned lsb, unsigned width, uint64_t x)\n{\n"
               "    unsigned w = lsb / 32, s = lsb %% 32;\n"
               "    if (width < 64) x &= (1ull << width) - 1;\n"
               "    v[w] |= (svBitVecVal)(x << s);\n"
               "    if (s + width > 32) v[w + 1] |= (svBitVecVal)(x >> (32 - s));\n"
               "    if (s + width > 64) v[w + 2] |= (svBitVecVal)(x >> (64 - s));\n}\n\n");
    for (int g = 0; g < nrows; g++) {
        if (strcmp(rows[g].kind, "port")) continue;
        const char *gn = rows[g].name;
        char u[MAX_TOK];
        upper(u, gn);
        int gw = group_width(gn);
        fprintf(f, "/* %s (%s): %s */\n", gn, rows[g].value ? "out" : "in", rows[g].comment);
        fprintf(f, "#define EVD_%s_W %d\n#define EVD_%s_WORDS %d\n", u, gw, u, (gw + 31) / 32);
        fprintf(f, "struct evd_%s {\n", gn);
        for (int i = 0; i < nrows; i++)
            if (in_group(&rows[i], gn)) {
                int w = pfield_width(&rows[i]);
                char nm[MAX_TOK + 1];
                snprintf(nm, sizeof nm, "%s;", strchr(rows[i].name, '.') + 1);
                fprintf(f, "    %-8s %-12s /* [%d] %s */\n", c_type(w), nm, w, rows[i].comment);
            }
        fprintf(f, "};\n\n");
        fprintf(f, "static inline void evd_%s_unpack(struct evd_%s *s, const svBitVecVal *v)\n{\n", gn, gn);
        int lsb = gw;
        for (int i = 0; i < nrows; i++)
            if (in_group(&rows[i], gn)) {
                int w = pfield_width(&rows[i]);
                lsb -= w;
                fprintf(f, "    s->%s = (%s)evd_port_get(v, %d, %d);\n", strchr(rows[i].name, '.') + 1, c_type(w), lsb, w);
            }
        fprintf(f, "}\n\n");
        fprintf(f, "static inline void evd_%s_pack(svBitVecVal *v, const struct evd_%s *s)\n{\n", gn, gn);
        fprintf(f, "    for (int i = 0; i < EVD_%s_WORDS; i++) v[i] = 0;\n", u);
        lsb = gw;
        for (int i = 0; i < nrows; i++)
            if (in_group(&rows[i], gn)) {
                int w = pfield_width(&rows[i]);
                lsb -= w;
                fprintf(f, "    evd_port_put(v, %d, %d, s->%s);\n", lsb, w, strchr(rows[i].name, '.') + 1);
            }
        fprintf(f, "}\n\n");
    }
    c_aggregate(f, 1);
    c_aggregate(f, 0);
    fprintf(f, "#endif\n");
    fclose(f);
}
int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: genenc TABLE PKG_SV ARCH_H UCODE_H PORTS_H\n");
        return 2;
    }
    table_path = argv[1];
    read_table();
    if (field_width("next") > 16 || clog2(count_kind("uop")) > field_width("op"))
        die(0, "microword fields too narrow", NULL);
    for (int i = 0; i < nrows; i++)
        if ((!strcmp(rows[i].kind, "ureg") || !strcmp(rows[i].kind, "uconst")) && rows[i].value >> field_width("ra"))
            die(rows[i].line, "not a register number: ", rows[i].name);
    write_sv(argv[2]);
    write_arch_h(argv[3]);
    write_ucode_h(argv[4]);
    write_ports_h(argv[5]);
    return 0;
}
