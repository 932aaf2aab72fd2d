/* build/covreport [--excluded] FILE...: merges the coverage counts that `vmentry-sim --coverage`
 * wrote and prints the table (per group: bins, excluded, hit, holes) and every hole; with
 * --excluded also the bins the architecture cannot reach, with the reason. Exit status: 0, or 2
 * on a file it cannot read (FILE:LINE: message). */
#include <stdio.h>
#include <string.h>

#include "evd_cover.h"

int main(int argc, char **argv)
{
    int list_excluded = 0, nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--excluded")) {
            list_excluded = 1;
            continue;
        }
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            fprintf(stderr, "%s: cannot open\n", argv[i]);
            return 2;
        }
        int bad = cover_merge(f);
        fclose(f);
        if (bad) {
            fprintf(stderr, "%s:%d: not a coverage line (COUNT BIN, a bin of this build)\n", argv[i], bad);
            return 2;
        }
        nfiles++;
    }
    if (!nfiles) {
        fprintf(stderr, "usage: covreport [--excluded] FILE...\n");
        return 2;
    }
    unsigned holes = cover_report(stdout, list_excluded);
    printf("%u holes in %d merged file%s\n", holes, nfiles, nfiles == 1 ? "" : "s");
    return 0;
}
