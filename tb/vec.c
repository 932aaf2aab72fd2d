/* The vector-file parser (vector-format.md). Every line is checked completely before the next
 * one is read, so the first error of a file is the one reported. */
#include "vec.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evd_arch.h"
#include "vec_parser.h"

/* ---- errors ---- */

static void vreport(char *err, size_t errlen, const char *name, int line, const char *fmt,
                    va_list ap)
{
    if (err == NULL || errlen == 0)
        return;
    int n = snprintf(err, errlen, "%s:%d: ", name, line);
    if (n >= 0 && (size_t)n < errlen)
        vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
}

static PRINTF_LIKE(5, 6) int report(char *err, size_t errlen, const char *name, int line,
                                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(err, errlen, name, line, fmt, ap);
    va_end(ap);
    return -1;
}

int vec_fail(struct parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(p->err, p->errlen, p->name, p->line, fmt, ap);
    va_end(ap);
    return -1;
}

void vec_warn(struct parser *p, const char *fmt, ...)
{
    char line[512];
    int n = snprintf(line, sizeof line, "%s:%d: warning: ", p->name, p->line);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof line)
        vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    size_t have = p->f.warnings ? strlen(p->f.warnings) : 0, add = strlen(line);
    char *w = realloc(p->f.warnings, have + add + 2);
    if (w == NULL)
        return; /* out of memory: the warning is lost, the file is still good */
    memcpy(w + have, line, add);
    memcpy(w + have + add, "\n", 2);
    p->f.warnings = w;
}

/* ---- "did you mean" ---- */

static int lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

/* The optimal-string-alignment distance of WORD and NAME, case ignored: insertions, deletions,
 * substitutions and swaps of neighbours ("exti" for "exit") cost 1 each. Known names are short;
 * one longer than MAX_NAME_LEN is never suggested. */
#define MAX_NAME_LEN 64
static size_t edit_distance(const char *word, const char *name)
{
    size_t lw = strlen(word), ln = strlen(name), d[3][MAX_NAME_LEN + 1]; /* rows i-2, i-1, i (mod 3) */
    if (ln > MAX_NAME_LEN)
        return SIZE_MAX;
    for (size_t j = 0; j <= ln; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= lw; i++) {
        size_t *cur = d[i % 3], *up = d[(i - 1) % 3], *up2 = d[(i + 1) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= ln; j++) {
            size_t best = up[j - 1] + (lower(word[i - 1]) != lower(name[j - 1]));
            if (up[j] + 1 < best)
                best = up[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && lower(word[i - 1]) == lower(name[j - 2]) &&
                lower(word[i - 2]) == lower(name[j - 1]) && up2[j - 2] + 1 < best)
                best = up2[j - 2] + 1;
            cur[j] = best;
        }
    }
    return d[lw % 3][ln];
}

void vec_nearest_offer(struct vec_nearest *n, const char *name)
{
    size_t d = edit_distance(n->word, name);
    if (n->best == NULL || d < n->dist) {
        n->best = name;
        n->dist = d;
    }
}

int vec_fail_unknown(struct parser *p, const char *what, const struct vec_nearest *n, const char *more)
{
    /* one slip in a short word, up to three in a long one: farther is a different word */
    size_t limit = 1 + strlen(n->word) / 5;
    if (n->best == NULL || n->dist > (limit < 3 ? limit : 3))
        return vec_fail(p, "unknown %s '%s'%s", what, n->word, more);
    return vec_fail(p, "unknown %s '%s' (did you mean %s?)%s", what, n->word, n->best, more);
}

/* ---- tests ---- */

static size_t name_hash(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The index of the test named NAME, or -1. */
static long find_test(const struct parser *p, const char *name)
{
    if (p->names_cap == 0)
        return -1;
    for (size_t i = name_hash(name) & (p->names_cap - 1);; i = (i + 1) & (p->names_cap - 1)) {
        size_t slot = p->names[i];
        if (slot == 0)
            return -1;
        if (strcmp(p->f.tests[slot - 1].name, name) == 0)
            return (long)(slot - 1);
    }
}

static void insert_name(size_t *names, size_t cap, const char *name, size_t index)
{
    size_t i = name_hash(name) & (cap - 1);
    while (names[i] != 0)
        i = (i + 1) & (cap - 1);
    names[i] = index + 1;
}

/* Keeps the name table at most half full so that probes stay short. */
static int grow_names(struct parser *p)
{
    if ((p->f.ntests + 1) * 2 <= p->names_cap)
        return 0;
    size_t cap = p->names_cap ? p->names_cap * 2 : 64;
    size_t *names = calloc(cap, sizeof *names);
    if (names == NULL)
        return vec_fail(p, "out of memory");
    for (size_t i = 0; i < p->f.ntests; i++)
        insert_name(names, cap, p->f.tests[i].name, i);
    free(p->names);
    p->names = names;
    p->names_cap = cap;
    return 0;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > VEC_MAX_NAME)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '.' || *s == '-'))
            return 0;
    return 1;
}

static int missing_end(struct parser *p)
{
    const struct vec_test *t = &p->f.tests[p->cur];
    return vec_fail(p, "missing 'end' for test '%s' (opened at line %d)", t->name, t->line);
}

static int st_test(struct parser *p)
{
    if (p->cur >= 0)
        return missing_end(p);
    const char *name = vec_arg(p, 1, "test name");
    if (name == NULL)
        return -1;
    if (!valid_name(name))
        return vec_fail(p, "bad test name '%s' (expected [A-Za-z0-9_.-]+, at most %d characters)",
                    name, VEC_MAX_NAME);
    if (vec_no_more(p, 2))
        return -1;
    long first = find_test(p, name);
    if (first >= 0)
        return vec_fail(p, "duplicate test name '%s' (first at line %d)", name,
                    p->f.tests[first].line);
    if (p->f.ntests >= VEC_MAX_TESTS)
        return vec_fail(p, "too many tests (limit %d)", VEC_MAX_TESTS);
    if (grow_names(p))
        return -1;
    if (p->f.ntests == p->tests_cap) {
        size_t cap = p->tests_cap ? p->tests_cap * 2 : 16;
        struct vec_test *t = realloc(p->f.tests, cap * sizeof *t);
        if (t == NULL)
            return vec_fail(p, "out of memory");
        p->f.tests = t;
        p->tests_cap = cap;
    }
    struct vec_test *t = &p->f.tests[p->f.ntests];
    memset(t, 0, sizeof *t);
    memcpy(t->name, name, strlen(name) + 1);
    t->line = p->line;
    insert_name(p->names, p->names_cap, t->name, p->f.ntests);
    p->cur = (long)p->f.ntests++;
    p->stmts_cap = 0;
    p->entered = 0;
    p->entry_controls = vme_vmcs_baseline(VMCS_VM_ENTRY_CONTROLS);
    p->cr0 = vme_vmcs_baseline(VMCS_GUEST_CR0);
    return 0;
}

static int st_end(struct parser *p)
{
    if (p->cur < 0)
        return vec_fail(p, "'end' outside a test");
    if (vec_no_more(p, 1))
        return -1;
    p->cur = -1;
    return 0;
}

static int push_stmt(struct parser *p, const struct vec_stmt *s)
{
    struct vec_test *t = &p->f.tests[p->cur];
    if (t->nstmts >= VEC_MAX_STMTS)
        return vec_fail(p, "too many statements in test '%s' (limit %d)", t->name, VEC_MAX_STMTS);
    if (t->nstmts == p->stmts_cap) {
        size_t cap = p->stmts_cap ? p->stmts_cap * 2 : 16;
        struct vec_stmt *n = realloc(t->stmts, cap * sizeof *n);
        if (n == NULL)
            return vec_fail(p, "out of memory");
        t->stmts = n;
        p->stmts_cap = cap;
    }
    t->stmts[t->nstmts++] = *s;
    return 0;
}

static int statement(struct parser *p)
{
    const char *kw = p->tok[0];
    if (strcmp(kw, "test") == 0)
        return st_test(p);
    if (strcmp(kw, "end") == 0)
        return st_end(p);
    if (!vec_known_keyword(kw)) {
        struct vec_nearest n = {kw, NULL, 0};
        vec_nearest_offer(&n, "test");
        vec_nearest_offer(&n, "end");
        vec_offer_keywords(&n);
        return vec_fail_unknown(p, "keyword", &n, "");
    }
    if (p->cur < 0)
        return vec_fail(p, "'%s' outside a test", kw);
    struct vec_stmt s;
    memset(&s, 0, sizeof s);
    s.line = p->line;
    if (vec_parse_stmt(p, &s))
        return -1;
    return push_stmt(p, &s);
}

/* Rejects what is not printable ASCII text before anything looks at the tokens. */
static int check_bytes(struct parser *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            return vec_fail(p, "NUL byte");
        if (c >= 0x80)
            return vec_fail(p, "non-ASCII byte 0x%02x", c);
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
            return vec_fail(p, "control character 0x%02x", c);
    }
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static void tokenize(struct parser *p)
{
    char *s = p->text;
    char *hash = strchr(s, '#');
    if (hash)
        *hash = '\0';
    p->ntok = 0;
    while (p->ntok < MAX_TOKENS) {
        while (is_space(*s))
            s++;
        if (*s == '\0')
            break;
        p->tok[p->ntok++] = s;
        while (*s && !is_space(*s))
            s++;
        if (*s)
            *s++ = '\0';
    }
}

/* "#! model-only" (see vec.h), alone on its line. */
static int is_model_only_pragma(const char *s)
{
    while (is_space(*s))
        s++;
    if (strncmp(s, "#! model-only", 13) != 0)
        return 0;
    for (s += 13; is_space(*s); s++)
        ;
    return *s == '\0';
}

static int parse_line(struct parser *p, const char *s, size_t n)
{
    if (n > 0 && s[n - 1] == '\r') /* CRLF */
        n--;
    if (n > VEC_MAX_LINE_LEN)
        return vec_fail(p, "line too long (%zu characters, limit %d)", n, VEC_MAX_LINE_LEN);
    if (check_bytes(p, s, n))
        return -1;
    memcpy(p->text, s, n);
    p->text[n] = '\0';
    if (is_model_only_pragma(p->text))
        p->f.model_only = 1;
    tokenize(p);
    return p->ntok ? statement(p) : 0;
}

static int parse_lines(struct parser *p, const char *buf, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl != NULL);
        p->line++;
        if (parse_line(p, s, n))
            return -1;
    }
    /* p->line is now the number of the last line that exists */
    return p->cur >= 0 ? missing_end(p) : 0;
}

/* ---- entry points ---- */

void vec_free(struct vec_file *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->ntests; i++)
        free(f->tests[i].stmts);
    free(f->tests);
    free(f->path);
    free(f->warnings);
    memset(f, 0, sizeof *f);
}

int vec_parse_buffer(const char *name, const char *buf, size_t len, struct vec_file *out, char *err,
                     size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > VEC_MAX_FILE_SIZE)
        return report(err, errlen, name, 1, "file too large (more than %u bytes)",
                      VEC_MAX_FILE_SIZE);
    struct parser *p = calloc(1, sizeof *p); /* holds a line buffer: keep it off the stack */
    if (p == NULL)
        return report(err, errlen, name, 1, "out of memory");
    p->name = name;
    p->err = err;
    p->errlen = errlen;
    p->cur = -1;
    int rc = parse_lines(p, buf, len);
    if (rc == 0) {
        size_t n = strlen(name) + 1;
        p->f.path = malloc(n);
        if (p->f.path == NULL)
            rc = vec_fail(p, "out of memory");
        else
            memcpy(p->f.path, name, n);
    }
    if (rc == 0)
        *out = p->f;
    else
        vec_free(&p->f);
    free(p->names);
    free(p);
    return rc;
}

/* Reads all of PATH into *BUF, refusing to hold more than VEC_MAX_FILE_SIZE + 1 bytes. */
static int read_all(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return report(err, errlen, path, 1, "cannot open: %s", strerror(errno));
    char *b = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (n == cap) {
            if (cap > VEC_MAX_FILE_SIZE) {
                rc = report(err, errlen, path, 1, "file too large (more than %u bytes)",
                            VEC_MAX_FILE_SIZE);
                break;
            }
            size_t ncap = cap ? cap * 2 : 65536;
            if (ncap > (size_t)VEC_MAX_FILE_SIZE + 1)
                ncap = (size_t)VEC_MAX_FILE_SIZE + 1;
            char *nb = realloc(b, ncap);
            if (nb == NULL) {
                rc = report(err, errlen, path, 1, "out of memory");
                break;
            }
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (rc == 0 && ferror(fp))
        rc = report(err, errlen, path, 1, "read error: %s", strerror(errno));
    fclose(fp);
    if (rc) {
        free(b);
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}

int vec_parse_file(const char *path, struct vec_file *out, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    if (read_all(path, &buf, &len, err, errlen))
        return -1;
    int rc = vec_parse_buffer(path, buf, len, out, err, errlen);
    free(buf);
    return rc;
}
