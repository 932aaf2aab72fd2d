/* The simulator re-running itself (see reexec.h). */
#define _GNU_SOURCE
#include "reexec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "options.h"

unsigned long reexec_with_seed(int argc, char **argv, const unsigned long *seed)
{
    for (int i = 1; i < argc; i++)
        if (!strncmp(argv[i], "+verilator+seed+", 16)) return strtoul(argv[i] + 16, NULL, 10);
    unsigned long s = seed ? *seed : ((unsigned long)time(NULL) ^ (unsigned long)getpid()) % 1000000007ul;
    char **args = calloc((size_t)argc + 3, sizeof *args);
    char seed_arg[64];
    if (!args) return s;
    snprintf(seed_arg, sizeof seed_arg, "+verilator+seed+%lu", s);
    memcpy(args, argv, (size_t)argc * sizeof *args);
    args[argc] = "+verilator+rand+reset+2";
    args[argc + 1] = seed_arg;
    /* Transparent huge pages for malloc (glibc 2.35+; older ones ignore the name): a long test
     * fills two machines' streams and the model's transaction list, and on this project's VM each
     * first touch of a 4 KiB page costs a page fault of about 8 us (16 % of `make bench`'s long
     * run). A tunable the user set stays. */
    setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 0);
    execv("/proc/self/exe", args);
    free(args); /* exec failed: run on without randomised initial values */
    return s;
}

void reexec_print_seed(void)
{
    if (opt->model_only || opt->rerun) return;
    fflush(stdout); /* after the FAIL lines, when both go to one file */
    fprintf(stderr, "vmentry-sim: seed %lu (X-initial values%s; repeat with --seed %lu)\n", opt->seed,
            opt->stall ? " and wait states" : "", opt->seed);
}

const char *exe_dir(void)
{
    static char dir[4096];
    if (!dir[0]) {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        dir[n > 0 ? n : 0] = '\0';
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
    }
    return dir;
}

void rerun_with_wave(const char *name, const char *path, unsigned long seed)
{
    static char wave[4608], seed_arg[64], test[256], file[4096];
    snprintf(wave, sizeof wave, "%s/waves", exe_dir());
    mkdir(wave, 0777);
    size_t len = strlen(wave);
    snprintf(wave + len, sizeof wave - len, "/%s.fst", name);
    snprintf(test, sizeof test, "%s", name);
    snprintf(file, sizeof file, "%s", path);
    char **args = calloc((size_t)opt->argc + 12, sizeof *args);
    if (!args) return;
    int k = 0;
    args[k++] = "/proc/self/exe";
    for (int i = 1; i < opt->argc; i++) {
        const char *a = opt->argv[i];
        if (opt->is_file_arg[i] || !strncmp(a, "+verilator+seed+", 16)) continue;
        if (!strcmp(a, "--test") || !strcmp(a, "--seed")) {
            i++;
            continue;
        }
        args[k++] = opt->argv[i];
    }
    snprintf(seed_arg, sizeof seed_arg, "+verilator+seed+%lu", seed);
    args[k++] = seed_arg;
    args[k++] = "+verilator+error+limit+1000000"; /* an assertion must not abort before the FST closes */
    args[k++] = "--test";
    args[k++] = test;
    args[k++] = "--wave";
    args[k++] = wave;
    args[k++] = "--rerun";
    args[k++] = file;
    execv("/proc/self/exe", args);
    free(args);
}
