/* Where the tests come from (see source.h). */
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "options.h"
#include "random.h"
#include "reexec.h"
#include "report.h"

static struct {
    int fi;              /* file */
    size_t ti;           /* test */
    unsigned long seen;  /* tests the --test filter selected, for --shard */
    unsigned long ri;    /* --random: the scenario index */
    struct vec_file random_file;
    struct vec_test random_test;
    size_t random_cap;
    char random_path[4096];
} src;

const struct vec_file *source_file(void) { return opt->random_n ? &src.random_file : &opt->files[src.fi]; }
const struct vec_test *source_test(void) { return opt->random_n ? &src.random_test : &opt->files[src.fi].tests[src.ti]; }

int source_next(int first)
{
    if (opt->random_n) {
        src.ri = first ? opt->shard_i : src.ri + opt->shard_n;
        if (src.ri >= opt->random_n) return 0;
        if (random_scenario(opt->seed, src.ri, &src.random_test, &src.random_cap)) report_out_of_memory();
        src.random_file.tests = &src.random_test;
        src.random_file.ntests = 1;
        snprintf(src.random_path, sizeof src.random_path, "%s/random/%s.vec", exe_dir(), src.random_test.name);
        src.random_file.path = src.random_path;
        return 1;
    }
    if (!first) src.ti++;
    for (; src.fi < opt->nfiles; src.fi++, src.ti = 0)
        for (; src.ti < opt->files[src.fi].ntests; src.ti++)
            if (test_selected(opt->files[src.fi].tests[src.ti].name) &&
                src.seen++ % opt->shard_n == opt->shard_i)
                return 1;
    return 0;
}

void source_keep_scenario(char *msg, size_t len)
{
    char dir[sizeof src.random_path], note[sizeof src.random_path + 256];
    snprintf(dir, sizeof dir, "%s/random", exe_dir());
    mkdir(dir, 0777);
    FILE *f = fopen(src.random_path, "w");
    snprintf(note, sizeof note, "scenario %lu of build/vmentry-sim --random with --seed %lu; run it again: build/vmentry-sim %s",
             src.ri, opt->seed, src.random_path);
    if (!f || vec_write_test(f, &src.random_test, note) || fclose(f)) {
        fprintf(stderr, "vmentry-sim: cannot write %s\n", src.random_path);
        return;
    }
    size_t n = strlen(msg);
    snprintf(msg + n, len - n, " (seed %lu; the scenario is in %s)", opt->seed, src.random_path);
}
