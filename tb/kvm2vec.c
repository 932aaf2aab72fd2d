/* kvm2vec.c: build/kvm2vec, the command line that turns a kernel log holding one dump of KVM's
 * dump_vmcs() into a test of the vector format, so that a failed entry seen on a real host
 * replays in the simulator:
 *
 *   build/kvm2vec [--name NAME] [--expect-exit] DUMP.txt [-o OUT.vec]
 *
 * --expect-exit adds `expect exit R` with the exit reason the dump shows (its "reason=" line):
 * the replay then checks that the unit fails (or exits) the way the hardware did. Bad input:
 * "FILE:LINE: message" on stderr, exit status 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvmdump.h"

static int usage(const char *why)
{
    fprintf(stderr, "kvm2vec: %s\nusage: kvm2vec [--name NAME] [--expect-exit] DUMP.txt [-o OUT.vec]\n", why);
    return 2;
}

/* The test name from the dump's file name: its base name without the extension, with every
 * character the format does not allow in a name as '_'. */
static void name_from_path(const char *path, char *name, size_t cap)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t n = 0;
    for (; base[n] && base[n] != '.' && n + 1 < cap; n++) {
        char c = base[n];
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        name[n] = ok ? c : '_';
    }
    name[n] = 0;
    if (!n) snprintf(name, cap, "dump"); /* a file named ".txt" */
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 128) return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '.' || *s == '-'))
            return 0;
    return 1;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            if (cap > KVMDUMP_MAX_FILE_SIZE) break; /* kvmdump_parse refuses it by its size */
            cap = cap ? cap * 2 : 65536;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        size_t n = fread(buf + *len, 1, cap - *len, f);
        if (!n) break;
        *len += n;
    }
    fclose(f);
    return buf ? buf : calloc(1, 1);
}

int main(int argc, char **argv)
{
    const char *dump = NULL, *out_path = NULL, *name = NULL;
    int expect_exit = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--name")) {
            if (i + 1 == argc) return usage("option needs a value");
            if (argv[i][1] == 'o') out_path = argv[++i];
            else name = argv[++i];
        } else if (!strcmp(argv[i], "--expect-exit")) expect_exit = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage("turns a kernel log holding KVM's dump_vmcs() output into a .vec test");
            return 0;
        } else if (argv[i][0] == '-') return usage("unknown option");
        else if (dump) return usage("one dump file at a time");
        else dump = argv[i];
    }
    if (!dump) return usage("no dump file");
    char test[129];
    if (name && !valid_name(name)) return usage("--name: a test name is 1 to 128 of [A-Za-z0-9_.-]");
    if (name) snprintf(test, sizeof test, "%s", name);
    else name_from_path(dump, test, sizeof test);

    size_t len;
    char *text = read_all(dump, &len);
    if (!text) {
        fprintf(stderr, "%s: cannot read\n", dump);
        return 2;
    }
    struct kvmdump d;
    char err[512];
    int rc = kvmdump_parse(dump, text, len, &d, err, sizeof err);
    free(text);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    if (expect_exit && !d.has_reason) {
        fprintf(stderr, "%s:%u: --expect-exit: the Control State section has no \"reason=\" line\n", dump, d.lines);
        kvmdump_free(&d);
        return 2;
    }
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    if (!out) {
        fprintf(stderr, "%s: cannot write\n", out_path);
        kvmdump_free(&d);
        return 2;
    }
    kvmdump_write_vec(out, &d, dump, test, expect_exit);
    kvmdump_free(&d);
    if (out_path ? fclose(out) : fflush(out)) {
        fprintf(stderr, "%s: write error\n", out_path ? out_path : "stdout");
        return 2;
    }
    return 0;
}
