/* testrun: runs the test list (tests/testlist) and prints one line per entry and a closing
 * "N passed, N failed". An entry runs a shell command and checks its exit status and, when
 * given, a text its output must contain. When an entry that must succeed ends its output with
 * its own "N passed, N failed" (the simulator, the unit tests), those counts are added in.
 *
 *   testrun LIST
 *
 * List lines:  NAME  STATUS  [VAR=FIRST..LAST[/STEP]]  "TEXT"|-  COMMAND...
 * (# starts a comment; `*` in TEXT matches anything.)
 *
 * The optional sweep field runs COMMAND once for each value of VAR from FIRST to LAST by STEP
 * (default 1), with VAR exported to it (the command says $VAR): e.g. SEED=1..20, or
 * RESET_AT=20..310/10 for 20, 30, ..., 310. Each run must end with STATUS and its output contain
 * TEXT; the first run that does not stops the entry, which fails with the value and the command
 * that repeats that run. A sweep that passes prints "PASS NAME (20 seeds, SEED=1..20)" ("runs"
 * when VAR is not SEED) and counts as one passed test, whatever its runs print. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define MAX_OUT (4u << 20)

static char *run(const char *cmd, int *status)
{
    char *full = malloc(strlen(cmd) + 16);
    char *out = malloc(MAX_OUT + 1);
    size_t n = 0;
    if (!full || !out) {
        fprintf(stderr, "testrun: out of memory\n");
        exit(2);
    }
    sprintf(full, "(%s) 2>&1", cmd);
    FILE *p = popen(full, "r");
    if (!p) {
        perror("testrun: popen");
        exit(2);
    }
    size_t got;
    while ((got = fread(out + n, 1, MAX_OUT - n, p)) > 0) n += got;
    out[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    free(full);
    return out;
}

/* The counts of the last "N passed, N failed" line of OUT; 0 when there is none. */
static int summary(const char *out, unsigned *passed, unsigned *failed)
{
    int found = 0;
    for (const char *line = out; *line;) {
        const char *end = strchr(line, '\n');
        unsigned p, f;
        char tail[2];
        if (sscanf(line, "%u passed, %u failed%1[\n]", &p, &f, tail) == 3 ||
            (sscanf(line, "%u passed, %u failed", &p, &f) == 2 && !end)) {
            *passed = p, *failed = f, found = 1;
        }
        if (!end) break;
        line = end + 1;
    }
    return found;
}

/* Whether OUT contains TEXT, where each `*` in TEXT stands for any run of characters. */
static int contains(const char *out, const char *text)
{
    char piece[1024];
    const char *p = out;
    while (*text) {
        size_t n = strcspn(text, "*");
        memcpy(piece, text, n);
        piece[n] = '\0';
        if (n) {
            const char *hit = strstr(p, piece);
            if (!hit) return 0;
            p = hit + n;
        }
        text += n + (text[n] == '*');
    }
    return 1;
}

/* A sweep field, VAR=FIRST..LAST[/STEP]: 1 when S starts with one (VAR an upper-case name), with
 * *USED the characters it takes; -1 when it is malformed; 0 when S is no sweep. */
struct sweep {
    char var[64];
    long first, last, step;
};

static int parse_sweep(const char *s, struct sweep *sw, int *used)
{
    if (!(isupper((unsigned char)*s) || *s == '_')) return 0;
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (s[n] != '=') return 0;
    int at = 0;
    if (n >= sizeof sw->var || sscanf(s, "%63[A-Z0-9_]=%ld..%ld%n", sw->var, &sw->first, &sw->last, &at) != 3)
        return -1;
    sw->step = 1;
    if (s[at] == '/') {
        int more = 0;
        if (sscanf(s + at, "/%ld%n", &sw->step, &more) != 1) return -1;
        at += more;
    }
    if (!isspace((unsigned char)s[at]) || sw->step <= 0 || sw->first > sw->last) return -1;
    while (isspace((unsigned char)s[at])) at++;
    *used = at;
    return 1;
}

/* The shell command that repeats one run: the variables it reads, then sh -c 'CMD'. */
static void show_repeat(const struct sweep *sw, long value, const char *cmd)
{
    const char *san = getenv("SAN");
    printf("repeat: BUILD=%s%s%s %s=%ld sh -c '", getenv("BUILD"), san && *san ? " SAN=" : "", san && *san ? san : "",
           sw->var, value);
    for (const char *c = cmd; *c; c++) {
        if (*c == '\'') fputs("'\\''", stdout);
        else putchar(*c);
    }
    printf("'\n");
}

/* Why a run that ended with status GOT and printed OUT fails an entry that wants STATUS and TEXT
 * (into WHY, of capacity LEN), or NULL when it passes. */
static const char *verdict(int got, int status, const char *out, const char *text, char *why, size_t len)
{
    if (got != status) snprintf(why, len, "exit status %d, expected %d", got, status);
    else if (text[0] && !contains(out, text)) snprintf(why, len, "the output lacks \"%s\"", text);
    else return NULL;
    return why;
}

static void show_tail(const char *out)
{
    size_t n = strlen(out);
    const char *start = n > 3000 ? out + n - 3000 : out;
    printf("---- output%s ----\n%s%s---- end ----\n", start == out ? "" : " (last 3000 characters)", start,
           n && out[n - 1] == '\n' ? "" : "\n");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: testrun LIST\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    /* The commands name the build directory $BUILD: build/, or build/asan/ for make test-asan. */
    setenv("BUILD", "build", 0);
    unsigned passed = 0, failed = 0;
    char line[4096];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = line;
        while (isspace((unsigned char)*s)) s++;
        if (!*s || *s == '#') continue;
        char name[128], text[1024] = "";
        int status, used;
        if (sscanf(s, "%127s %d %n", name, &status, &used) != 2) {
            fprintf(stderr, "%s:%d: expected NAME STATUS [VAR=FIRST..LAST[/STEP]] \"TEXT\"|- COMMAND\n", argv[1], lineno);
            return 2;
        }
        s += used;
        struct sweep sw;
        int sweep = parse_sweep(s, &sw, &used);
        if (sweep < 0) {
            fprintf(stderr, "%s:%d: expected VAR=FIRST..LAST[/STEP] (FIRST <= LAST, STEP > 0)\n", argv[1], lineno);
            return 2;
        }
        if (sweep) s += used;
        if (*s == '"') {
            char *close = strchr(s + 1, '"');
            if (!close || (size_t)(close - s - 1) >= sizeof text) {
                fprintf(stderr, "%s:%d: unterminated \"TEXT\"\n", argv[1], lineno);
                return 2;
            }
            memcpy(text, s + 1, (size_t)(close - s - 1));
            text[close - s - 1] = '\0';
            s = close + 1;
        } else if (*s == '-') {
            s++;
        } else {
            fprintf(stderr, "%s:%d: expected \"TEXT\" or -\n", argv[1], lineno);
            return 2;
        }
        while (isspace((unsigned char)*s)) s++;
        s[strcspn(s, "\n")] = '\0';
        printf("RUN  %s\n", name);
        fflush(stdout);
        int got;
        if (sweep) {
            long runs = 0, v;
            int ok = 1;
            for (v = sw.first; v <= sw.last && ok; v += sw.step) {
                char value[32];
                snprintf(value, sizeof value, "%ld", v);
                setenv(sw.var, value, 1);
                char *out = run(s, &got), why[1200];
                if (verdict(got, status, out, text, why, sizeof why)) {
                    printf("FAIL %s: %s=%ld (after %ld passing): %s\n", name, sw.var, v, runs, why);
                    show_repeat(&sw, v, s);
                    show_tail(out);
                    ok = 0;
                } else {
                    runs++;
                }
                free(out);
            }
            unsetenv(sw.var);
            if (ok) {
                printf("PASS %s (%ld %s, %s=%ld..%ld", name, runs, strcmp(sw.var, "SEED") ? "runs" : "seeds", sw.var,
                       sw.first, sw.last);
                if (sw.step != 1) printf("/%ld", sw.step);
                printf(")\n");
                passed++;
            } else {
                failed++;
            }
            fflush(stdout);
            continue;
        }
        char *out = run(s, &got);
        unsigned sp = 0, sf = 0;
        int has_summary = status == 0 && summary(out, &sp, &sf);
        char why[1200];
        if (verdict(got, status, out, text, why, sizeof why)) {
            printf("FAIL %s: %s\n", name, why);
            show_tail(out);
            if (got != status && has_summary) /* it ran tests of its own, then exited wrongly: count them */
                failed += sf + (sf == 0), passed += sp;
            else
                failed++;
        } else if (has_summary) {
            printf("PASS %s (%u passed)\n", name, sp);
            passed += sp;
        } else {
            printf("PASS %s\n", name);
            passed++;
        }
        fflush(stdout);
        free(out);
    }
    fclose(f);
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
