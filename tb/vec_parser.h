/* The vector parser's inside, shared by vec.c (files, lines, tests) and vec_stmt.c (the
 * statements): the parser's state and how a statement reports an error. Not for other users:
 * they read vec.h. */
#ifndef VEC_PARSER_H
#define VEC_PARSER_H

#include <stddef.h>

#include "vec.h"

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* No statement takes this many tokens, so the first surplus token is always kept for the
 * "unexpected" message while longer lines cost nothing. */
#define MAX_TOKENS 17

struct parser {
    const char *name;
    int line;
    char *err;
    size_t errlen;
    struct vec_file f;   /* built here and handed to the caller only on success */
    size_t tests_cap;
    size_t stmts_cap;    /* capacity of the open test's statement array */
    long cur;            /* index of the open test, -1 when none */
    int entered;         /* the open test has had an `enter` */
    uint64_t entry_controls, cr0; /* the open test's so far: the mode a `tss` line is in */
    size_t *names;       /* hash set of test indices + 1 (0 = free slot), for duplicate names */
    size_t names_cap;
    char text[VEC_MAX_LINE_LEN + 1]; /* the current line, cut into tokens in place */
    char *tok[MAX_TOKENS];
    int ntok;
};

/* Reports "NAME:LINE: message" for the current line; returns -1. */
PRINTF_LIKE(2, 3) int vec_fail(struct parser *p, const char *fmt, ...);

/* Adds "NAME:LINE: warning: message" for the current line to the file's warnings: the file still
 * parses. */
PRINTF_LIKE(2, 3) void vec_warn(struct parser *p, const char *fmt, ...);

/* "did you mean": every known name is offered; the closest to WORD (edit distance, case ignored)
 * is kept. */
struct vec_nearest {
    const char *word, *best;
    size_t dist;
};
void vec_nearest_offer(struct vec_nearest *n, const char *name);
/* Reports "unknown WHAT 'WORD'", with " (did you mean NAME?)" when N's closest name is near enough to
 * be what was meant, then MORE; returns -1. */
int vec_fail_unknown(struct parser *p, const char *what, const struct vec_nearest *n, const char *more);

/* Token I of the current line, or NULL after an error naming WHAT is missing. */
const char *vec_arg(struct parser *p, int i, const char *what);
/* 0 when the line has no token from N on, else -1 after an error naming the first. */
int vec_no_more(struct parser *p, int n);

/* Whether KW starts a statement of a test (config, vmcs, mem, gate, desc, tss, fault, insn, event, enter,
 * expect). */
int vec_known_keyword(const char *kw);
/* Offers those keywords to N. */
void vec_offer_keywords(struct vec_nearest *n);

/* Parses the current line, whose first token is such a keyword, into S; 0, or -1 after
 * vec_fail(). */
int vec_parse_stmt(struct parser *p, struct vec_stmt *s);

#endif
