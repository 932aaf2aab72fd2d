/* kvmdump.c: reads the kernel-log text of KVM's dump_vmcs() into VMCS field values.
 *
 * The format is that of Linux's arch/x86/kvm/vmx/vmx.c, read in two versions:
 *   - v5.8 (torvalds/linux at 00089c04, dump_vmcs(void)): "PinBased=%08x CPUBased=%08x
 *     SecondaryExec=%08x", "EntryControls=%08x ExitControls=%08x", "EFER =     0x%016llx  PAT =
 *     0x%016llx";
 *   - v6.16 (linux-6.16.1): a "VMCS %p, last attempted VM-entry on CPU %d" line first,
 *     "CPUBased=0x%08x SecondaryExec=0x%08x TertiaryExec=0x%016llx", "PinBased=0x%08x
 *     EntryControls=%08x ExitControls=%08x", "EFER= 0x%016llx" (with " (autoload)" or
 *     " (effective)" when the value is KVM's, not the VMCS field's), "PAT = 0x%016llx", the MSR
 *     autoload lists (vmx_dump_msrs) and the #VE information lines.
 * The lines both versions print are the same: vmx_dump_sel's "CS:   sel=0x%04x, attr=0x%05x,
 * limit=0x%08x, base=0x%016lx", vmx_dump_dtsel's "GDTR:    limit=0x%08x, base=0x%016lx", and the
 * rest. The guest CET lines of the shadow-stack patch series (S_CET, SSP, SSP TABLE; not in v6.16)
 * are read in both the one-line and the three-line form the series printed.
 *
 * Each line may carry kernel-log prefixes: "<3>", "[ 1234.567890]", "[T123]", "kvm_intel: ",
 * "kvm: ". A line is known by its leading word (its key) and must then match its whole form;
 * numbers are hexadecimal, with or without 0x (the two versions differ there). Lines before
 * "*** Guest State ***" are not part of the dump; the Host State section, the exit information
 * and any line of a form not known here are kept as "not used", with the reason. */
#include "kvmdump.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vmentry.h"

enum section { S_BEFORE, S_GUEST, S_HOST, S_CONTROL };

/* One form of line: PATTERN is literal text, where a space matches any run of blanks and %x a
 * hexadecimal number; FIELDS name the VMCS field of each number in order (NULL: not used, for
 * the reason WHY). */
struct kind {
    enum section section;
    const char *pattern;
    const char *fields[4];
    const char *why;
    int is_reason; /* the exit-reason line: its first number is the dump's exit reason */
};

#define EXIT_INFO "exit information: an outcome of the entry, not an input"
#define SEG(S) {S_GUEST, #S ": sel=%x, attr=%x, limit=%x, base=%x", \
                {"GUEST_" #S "_SELECTOR", "GUEST_" #S "_AR_BYTES", "GUEST_" #S "_LIMIT", "GUEST_" #S "_BASE"}, NULL, 0}
#define DTSEL(S) {S_GUEST, #S ": limit=%x, base=%x", {"GUEST_" #S "_LIMIT", "GUEST_" #S "_BASE"}, NULL, 0}

static const struct kind kinds[] = {
    {S_GUEST, "CR0: actual=%x, shadow=%x, gh_mask=%x", {"GUEST_CR0", "CR0_READ_SHADOW", "CR0_GUEST_HOST_MASK"}, NULL, 0},
    {S_GUEST, "CR4: actual=%x, shadow=%x, gh_mask=%x", {"GUEST_CR4", "CR4_READ_SHADOW", "CR4_GUEST_HOST_MASK"}, NULL, 0},
    {S_GUEST, "CR3 = %x", {"GUEST_CR3"}, NULL, 0},
    {S_GUEST, "PDPTR0 = %x PDPTR1 = %x", {"GUEST_PDPTR0", "GUEST_PDPTR1"}, NULL, 0},
    {S_GUEST, "PDPTR2 = %x PDPTR3 = %x", {"GUEST_PDPTR2", "GUEST_PDPTR3"}, NULL, 0},
    {S_GUEST, "RSP = %x RIP = %x", {"GUEST_RSP", "GUEST_RIP"}, NULL, 0},
    {S_GUEST, "RFLAGS=%x DR7 = %x", {"GUEST_RFLAGS", "GUEST_DR7"}, NULL, 0},
    {S_GUEST, "Sysenter RSP=%x CS:RIP=%x:%x", {"GUEST_SYSENTER_ESP", "GUEST_SYSENTER_CS", "GUEST_SYSENTER_EIP"}, NULL, 0},
    SEG(CS), SEG(DS), SEG(SS), SEG(ES), SEG(FS), SEG(GS), SEG(LDTR), SEG(TR), DTSEL(GDTR), DTSEL(IDTR),
    {S_GUEST, "EFER = %x PAT = %x", {"GUEST_IA32_EFER", "GUEST_IA32_PAT"}, NULL, 0},
    {S_GUEST, "EFER= %x (autoload)", {NULL}, "KVM's MSR autoload value, not the VMCS field", 0},
    {S_GUEST, "EFER= %x (effective)", {NULL}, "KVM's EFER, not the VMCS field", 0},
    {S_GUEST, "EFER= %x", {"GUEST_IA32_EFER"}, NULL, 0},
    {S_GUEST, "PAT = %x", {"GUEST_IA32_PAT"}, NULL, 0},
    {S_GUEST, "DebugCtl = %x DebugExceptions = %x", {"GUEST_IA32_DEBUGCTL", "GUEST_PENDING_DBG_EXCEPTIONS"}, NULL, 0},
    {S_GUEST, "PerfGlobCtl = %x", {"GUEST_IA32_PERF_GLOBAL_CTRL"}, NULL, 0},
    {S_GUEST, "BndCfgS = %x", {"GUEST_BNDCFGS"}, NULL, 0},
    {S_GUEST, "Interruptibility = %x ActivityState = %x", {"GUEST_INTERRUPTIBILITY_INFO", "GUEST_ACTIVITY_STATE"}, NULL, 0},
    {S_GUEST, "InterruptStatus = %x", {"GUEST_INTR_STATUS"}, NULL, 0},
    {S_GUEST, "S_CET = %x, SSP = %x, SSP TABLE = %x", {"GUEST_S_CET", "GUEST_SSP", "GUEST_INTR_SSP_TABLE"}, NULL, 0},
    {S_GUEST, "S_CET = %x", {"GUEST_S_CET"}, NULL, 0},
    {S_GUEST, "SSP = %x", {"GUEST_SSP"}, NULL, 0},
    {S_GUEST, "SSP TABLE = %x", {"GUEST_INTR_SSP_TABLE"}, NULL, 0},
    {S_GUEST, "INTR SSP TABLE = %x", {"GUEST_INTR_SSP_TABLE"}, NULL, 0},
    {S_CONTROL, "PinBased=%x CPUBased=%x SecondaryExec=%x",
     {"PIN_BASED_VM_EXEC_CONTROL", "CPU_BASED_VM_EXEC_CONTROL", "SECONDARY_VM_EXEC_CONTROL"}, NULL, 0},
    {S_CONTROL, "EntryControls=%x ExitControls=%x", {"VM_ENTRY_CONTROLS", "VM_EXIT_CONTROLS"}, NULL, 0},
    {S_CONTROL, "CPUBased=%x SecondaryExec=%x TertiaryExec=%x",
     {"CPU_BASED_VM_EXEC_CONTROL", "SECONDARY_VM_EXEC_CONTROL", "TERTIARY_VM_EXEC_CONTROL"}, NULL, 0},
    {S_CONTROL, "PinBased=%x EntryControls=%x ExitControls=%x",
     {"PIN_BASED_VM_EXEC_CONTROL", "VM_ENTRY_CONTROLS", "VM_EXIT_CONTROLS"}, NULL, 0},
    {S_CONTROL, "ExceptionBitmap=%x PFECmask=%x PFECmatch=%x",
     {"EXCEPTION_BITMAP", "PAGE_FAULT_ERROR_CODE_MASK", "PAGE_FAULT_ERROR_CODE_MATCH"}, NULL, 0},
    {S_CONTROL, "VMEntry: intr_info=%x errcode=%x ilen=%x",
     {"VM_ENTRY_INTR_INFO_FIELD", "VM_ENTRY_EXCEPTION_ERROR_CODE", "VM_ENTRY_INSTRUCTION_LEN"}, NULL, 0},
    {S_CONTROL, "VMExit: intr_info=%x errcode=%x ilen=%x", {NULL}, EXIT_INFO, 0},
    {S_CONTROL, "reason=%x qualification=%x", {NULL}, EXIT_INFO, 1},
    {S_CONTROL, "IDTVectoring: info=%x errcode=%x", {NULL}, EXIT_INFO, 0},
    {S_CONTROL, "TSC Offset = %x", {"TSC_OFFSET"}, NULL, 0},
    {S_CONTROL, "TSC Multiplier = %x", {"TSC_MULTIPLIER"}, NULL, 0},
    {S_CONTROL, "SVI|RVI = %x|%x TPR Threshold = %x", {NULL, NULL, "TPR_THRESHOLD"},
     "SVI|RVI: the InterruptStatus line gives GUEST_INTR_STATUS", 0},
    {S_CONTROL, "TPR Threshold = %x", {"TPR_THRESHOLD"}, NULL, 0},
    {S_CONTROL, "APIC-access addr = %x virt-APIC addr = %x", {"APIC_ACCESS_ADDR", "VIRTUAL_APIC_PAGE_ADDR"}, NULL, 0},
    {S_CONTROL, "virt-APIC addr = %x", {"VIRTUAL_APIC_PAGE_ADDR"}, NULL, 0},
    {S_CONTROL, "PostedIntrVec = %x", {"POSTED_INTR_NV"}, NULL, 0},
    {S_CONTROL, "EPT pointer = %x", {"EPT_POINTER"}, NULL, 0},
    {S_CONTROL, "PLE Gap=%x Window=%x", {"PLE_GAP", "PLE_WINDOW"}, NULL, 0},
    {S_CONTROL, "Virtual processor ID = %x", {"VIRTUAL_PROCESSOR_ID"}, NULL, 0},
    {S_CONTROL, "VE info address = %x(corrupted!)", {NULL}, "KVM says the #VE information address is corrupted", 0},
    {S_CONTROL, "VE info address = %x", {"VE_INFORMATION_ADDRESS"}, NULL, 0},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* Fields every dump of both versions gives, with the line that gives them. */
static const struct {
    const char *field;
    const char *form;
} required[] = {
    {"GUEST_CR0", "CR0: actual=0x..., shadow=0x..., gh_mask=..."},
    {"GUEST_CR4", "CR4: actual=0x..., shadow=0x..., gh_mask=..."},
    {"GUEST_CR3", "CR3 = 0x..."},
    {"GUEST_RIP", "RSP = 0x...  RIP = 0x..."},
    {"GUEST_RFLAGS", "RFLAGS=0x...         DR7 = 0x..."},
    {"GUEST_CS_SELECTOR", "CS:   sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_DS_SELECTOR", "DS:   sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_SS_SELECTOR", "SS:   sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_ES_SELECTOR", "ES:   sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_FS_SELECTOR", "FS:   sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_GS_SELECTOR", "GS:   sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_LDTR_SELECTOR", "LDTR: sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_TR_SELECTOR", "TR:   sel=0x..., attr=0x..., limit=0x..., base=0x..."},
    {"GUEST_GDTR_LIMIT", "GDTR:                           limit=0x..., base=0x..."},
    {"GUEST_IDTR_LIMIT", "IDTR:                           limit=0x..., base=0x..."},
    {"GUEST_INTERRUPTIBILITY_INFO", "Interruptibility = ...  ActivityState = ..."},
    {"PIN_BASED_VM_EXEC_CONTROL", "PinBased=..."},
    {"CPU_BASED_VM_EXEC_CONTROL", "CPUBased=..."},
    {"VM_ENTRY_CONTROLS", "EntryControls=..."},
    {"EXCEPTION_BITMAP", "ExceptionBitmap=... PFECmask=... PFECmatch=..."},
    {"VM_ENTRY_INTR_INFO_FIELD", "VMEntry: intr_info=... errcode=... ilen=..."},
};

struct parser {
    const char *name;
    struct kvmdump *d;
    char *err;
    size_t errlen;
    unsigned line;
};

__attribute__((format(printf, 3, 4))) static int fail(struct parser *p, unsigned line, const char *fmt, ...)
{
    int n = snprintf(p->err, p->errlen, "%s:%u: ", p->name, line ? line : 1);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < p->errlen) vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }
static int is_word(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

/* The line without its kernel-log prefixes and leading blanks. */
static const char *strip_prefixes(const char *s)
{
    if (*s == '<') { /* a syslog level, "<3>" */
        const char *q = s + 1;
        while (*q >= '0' && *q <= '9') q++;
        if (*q == '>' && q > s + 1) s = q + 1;
    }
    for (;;) {
        while (is_blank(*s)) s++;
        if (*s == '[' && strchr(s, ']')) s = strchr(s, ']') + 1; /* "[ 1234.567890]", "[T123]" */
        else if (!strncmp(s, "kvm_intel: ", 11)) s += 11;
        else if (!strncmp(s, "kvm: ", 5)) s += 5;
        else return s;
    }
}

/* The leading literal of a pattern, up to its first blank or number, as the line's key. */
static size_t key_len(const char *pat)
{
    size_t n = 0;
    while (pat[n] && pat[n] != ' ' && pat[n] != '%') n++;
    return n;
}

static int key_matches(const char *pat, const char *s)
{
    size_t n = key_len(pat);
    if (strncmp(pat, s, n)) return 0;
    return !(is_word(pat[n - 1]) && is_word(s[n])); /* "PAT" is not the key of "PATCH" */
}

/* Matches S against PAT. 0 with the numbers in VALS; else -1 with the column of the first
 * difference in *AT and what was expected there in EXP. */
static int match(const char *pat, const char *s, uint64_t *vals, size_t *nvals, size_t *at, char *exp, size_t explen)
{
    const char *s0 = s;
    *nvals = 0;
    while (*pat) {
        if (*pat == ' ') {
            while (is_blank(*s)) s++;
            pat++;
        } else if (pat[0] == '%' && pat[1] == 'x') {
            if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
            uint64_t v = 0;
            const char *d = s;
            for (;; s++) {
                int h = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
                      : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
                if (h < 0) break;
                if (v >> 60) {
                    *at = (size_t)(d - s0);
                    snprintf(exp, explen, "a number of at most 64 bits");
                    return -1;
                }
                v = v << 4 | (uint64_t)h;
            }
            if (s == d || is_word(*s)) {
                *at = (size_t)(s - s0);
                snprintf(exp, explen, "a hexadecimal number");
                return -1;
            }
            vals[(*nvals)++] = v;
            pat += 2;
        } else if (*pat == *s) {
            pat++, s++;
        } else {
            size_t run = 0; /* the pattern's literal from here to its next number */
            while (pat[run] && pat[run] != '%') run++;
            *at = (size_t)(s - s0);
            snprintf(exp, explen, "'%.*s'", (int)run, pat);
            return -1;
        }
    }
    while (is_blank(*s) || *s == '\r') s++;
    if (*s) {
        *at = (size_t)(s - s0);
        snprintf(exp, explen, "the end of the line");
        return -1;
    }
    return 0;
}

static void copy_printable(char *dst, size_t cap, const char *src)
{
    size_t n = 0;
    for (; src[n] && src[n] != '\r' && n + 1 < cap; n++) dst[n] = src[n] >= ' ' && src[n] <= '~' ? src[n] : '?';
    dst[n] = 0;
}

static int add_unused(struct parser *p, const char *text, const char *why)
{
    struct kvmdump *d = p->d;
    struct kvmdump_unused *u = realloc(d->unused, (d->nunused + 1) * sizeof *u);
    if (!u) return fail(p, p->line, "out of memory");
    d->unused = u;
    u += d->nunused++;
    u->line = p->line;
    copy_printable(u->text, sizeof u->text, text);
    snprintf(u->why, sizeof u->why, "%s", why);
    return 0;
}

static int add_field(struct parser *p, const char *name, uint64_t value)
{
    uint16_t enc;
    struct kvmdump *d = p->d;
    if (vme_vmcs_field_by_name(name, &enc)) {
        char why[96];
        snprintf(why, sizeof why, "the vector format has no field %s", name);
        return add_unused(p, name, why);
    }
    int width = vme_vmcs_field_width(enc);
    if (width < 64 && value >> width)
        return fail(p, p->line, "0x%llx does not fit %s (%d bits)", (unsigned long long)value, name, width);
    for (size_t i = 0; i < d->nfields; i++)
        if (d->fields[i].enc == enc)
            return fail(p, p->line, "%s again (line %u gave it): one dump per file", name, d->fields[i].line);
    struct kvmdump_field *f = realloc(d->fields, (d->nfields + 1) * sizeof *f);
    if (!f) return fail(p, p->line, "out of memory");
    d->fields = f;
    f[d->nfields++] = (struct kvmdump_field){enc, value, p->line};
    return 0;
}

/* A line of the Guest State or Control State section: S, from column COL0 + 1 of the line. */
static int dump_line(struct parser *p, enum section sec, const char *s, size_t col0)
{
    const struct kind *best = NULL; /* of the forms with this key, the one S follows longest */
    size_t best_at = 0;
    char best_exp[64] = "";
    for (size_t k = 0; k < NKINDS; k++) {
        const struct kind *kd = &kinds[k];
        if (kd->section != sec || !key_matches(kd->pattern, s)) continue;
        uint64_t vals[4];
        size_t n, at;
        char exp[64];
        if (match(kd->pattern, s, vals, &n, &at, exp, sizeof exp)) {
            if (!best || at > best_at) {
                best = kd, best_at = at;
                memcpy(best_exp, exp, sizeof exp);
            }
            continue;
        }
        if (kd->is_reason) {
            if (vals[0] >> 32) return fail(p, p->line, "exit reason 0x%llx is wider than 32 bits", (unsigned long long)vals[0]);
            p->d->has_reason = 1;
            p->d->reason = (uint32_t)vals[0];
            p->d->reason_line = p->line;
        }
        int unused = 0;
        for (size_t i = 0; i < n; i++) {
            if (!kd->fields[i]) unused = 1;
            else if (add_field(p, kd->fields[i], vals[i])) return -1;
        }
        return unused ? add_unused(p, s, kd->why) : 0;
    }
    if (best)
        return fail(p, p->line, "malformed line of dump_vmcs() (its form: \"%s\"): %s expected at column %zu",
                    best->pattern, best_exp, col0 + best_at + 1);
    return add_unused(p, s, sec == S_GUEST ? "not a Guest State line this tool knows"
                                           : "not a Control State line this tool knows");
}

static const char *const headers[] = {NULL, "*** Guest State ***", "*** Host State ***", "*** Control State ***"};

static int is_header(const char *s, const char *h)
{
    size_t n = strlen(h);
    if (strncmp(s, h, n)) return 0;
    for (s += n; is_blank(*s) || *s == '\r'; s++) {}
    return !*s;
}

int kvmdump_parse(const char *name, const char *text, size_t len, struct kvmdump *d, char *err, size_t errlen)
{
    struct parser p = {name, d, err, errlen, 0};
    memset(d, 0, sizeof *d);
    if (len > KVMDUMP_MAX_FILE_SIZE) return fail(&p, 1, "file larger than %u bytes", KVMDUMP_MAX_FILE_SIZE);
    enum section sec = S_BEFORE;
    unsigned section_line[4] = {0};
    char buf[KVMDUMP_MAX_LINE_LEN + 1];
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n') end++;
        p.line++;
        if (end - pos > KVMDUMP_MAX_LINE_LEN) {
            kvmdump_free(d);
            return fail(&p, p.line, "line longer than %d characters", KVMDUMP_MAX_LINE_LEN);
        }
        memcpy(buf, text + pos, end - pos);
        buf[end - pos] = 0;
        if (memchr(text + pos, 0, end - pos)) {
            kvmdump_free(d);
            return fail(&p, p.line, "a NUL byte: not a kernel log");
        }
        pos = end + 1;
        const char *s = strip_prefixes(buf);
        int rc = 0;
        enum section h = S_BEFORE;
        for (int i = S_GUEST; i <= S_CONTROL; i++)
            if (is_header(s, headers[i])) h = (enum section)i;
        if (h == S_GUEST && section_line[S_GUEST])
            rc = fail(&p, p.line, "a second dump begins here (the first at line %u): one dump per file",
                      section_line[S_GUEST]);
        else if (h != S_BEFORE && h != S_GUEST && !section_line[S_GUEST])
            rc = fail(&p, p.line, "'%s' before '*** Guest State ***'", headers[h]);
        else if (h != S_BEFORE && section_line[h])
            rc = fail(&p, p.line, "a second '%s' (the first at line %u)", headers[h], section_line[h]);
        else if (h != S_BEFORE && h < sec)
            rc = fail(&p, p.line, "'%s' after '%s': dump_vmcs() prints Guest, Host, Control State in that order",
                      headers[h], headers[sec]);
        else if (h != S_BEFORE) {
            section_line[h] = p.line;
            sec = h;
        } else if (sec == S_BEFORE || !*s) {
            /* not part of the dump, or a blank line */
        } else if (sec == S_HOST)
            rc = add_unused(&p, s, "host state");
        else
            rc = dump_line(&p, sec, s, (size_t)(s - buf));
        if (rc) {
            kvmdump_free(d);
            return -1;
        }
    }
    d->lines = p.line;
    d->guest_line = section_line[S_GUEST];
    if (!section_line[S_GUEST]) {
        kvmdump_free(d);
        return fail(&p, p.line, "no '*** Guest State ***' line: not the output of KVM's dump_vmcs()");
    }
    if (!section_line[S_CONTROL]) {
        kvmdump_free(d);
        return fail(&p, p.line, "no '*** Control State ***' line: the dump is cut short");
    }
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        uint16_t enc = 0;
        int found = 0;
        vme_vmcs_field_by_name(required[i].field, &enc);
        for (size_t j = 0; j < d->nfields; j++) found |= d->fields[j].enc == enc;
        if (!found) {
            int guest = !strncmp(required[i].field, "GUEST_", 6);
            unsigned at = section_line[guest ? S_GUEST : S_CONTROL];
            fail(&p, at, "the %s section has no line \"%s\" (%s)", guest ? "Guest State" : "Control State",
                 required[i].form, required[i].field);
            kvmdump_free(d);
            return -1;
        }
    }
    return 0;
}

void kvmdump_free(struct kvmdump *d)
{
    free(d->fields);
    free(d->unused);
    d->fields = NULL;
    d->unused = NULL;
    d->nfields = d->nunused = 0;
}
