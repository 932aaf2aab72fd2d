#!/bin/sh
# coverage-rtl.sh: the RTL coverage of `make coverage-rtl`: verilates the testbench a second time
# with line and toggle coverage (the command is this script's arguments, built by the Makefile,
# its --Mdir $COV_RTL/obj), builds it, runs it over every vector and over 20000 random scenarios
# (seed 1), merges the two counts with verilator_coverage, writes annotated sources to
# $COV_RTL/annotated, prints the line, branch and toggle coverage, and checks every point never
# hit against the explained misses of $MISSES (tests/coverage-rtl-misses.tbl): one it does not
# explain is printed and fails the script. Exits non-zero on failure.
#
#   COV_RTL=build/cov-rtl tests/coverage-rtl.sh verilator --cc ... --coverage-line --coverage-toggle ...
#
# Environment: COV_RTL (default build/cov-rtl), VECTORS (default vectors/*.vec), MAKE (default make),
# MISSES (default tests/coverage-rtl-misses.tbl).
set -eu
COV_RTL=${COV_RTL:-build/cov-rtl}
MISSES=${MISSES:-tests/coverage-rtl-misses.tbl}
VECTORS=${VECTORS:-$(echo vectors/*.vec)}
MAKE=${MAKE:-make}
if [ $# = 0 ]; then
    echo "usage: tests/coverage-rtl.sh VERILATOR-COMMAND..." >&2
    exit 2
fi

mkdir -p "$COV_RTL"
echo "$*"
"$@" > "$COV_RTL/verilate.log" 2>&1 || { cat "$COV_RTL/verilate.log"; exit 1; }
# Verilator 5.006's --main does not write the coverage counts (later versions do): one line after
# the final() of the generated main.
echo "sed -i (coverage write after topp->final()) $COV_RTL/obj/Vtb_top__main.cpp"
sed -i 's|^\( *\)topp->final();|&\n\1contextp->coveragep()->write("coverage.dat");|' "$COV_RTL/obj/Vtb_top__main.cpp"
echo "$MAKE -s -C $COV_RTL/obj -f Vtb_top.mk OPT_FAST=-O2"
$MAKE -s -C "$COV_RTL/obj" -f Vtb_top.mk OPT_FAST=-O2 > "$COV_RTL/build.log" 2>&1 || { cat "$COV_RTL/build.log"; exit 1; }
abs_vectors=
for v in $VECTORS; do abs_vectors="$abs_vectors $PWD/$v"; done
echo "cd $COV_RTL && ./obj/Vtb_top_sim (every vector) | tail -1 && mv coverage.dat vectors.dat"
# shellcheck disable=SC2086 # abs_vectors is a list of paths
(cd "$COV_RTL" && ./obj/Vtb_top_sim $abs_vectors 2>/dev/null | tail -1 && mv coverage.dat vectors.dat)
echo "cd $COV_RTL && ./obj/Vtb_top_sim --random 20000 --seed 1 | tail -1 && mv coverage.dat random.dat"
(cd "$COV_RTL" && ./obj/Vtb_top_sim --random 20000 --seed 1 2>/dev/null | tail -1 && mv coverage.dat random.dat)
echo "verilator_coverage --write $COV_RTL/coverage.dat $COV_RTL/vectors.dat $COV_RTL/random.dat"
verilator_coverage --write "$COV_RTL/coverage.dat" "$COV_RTL/vectors.dat" "$COV_RTL/random.dat"
echo "verilator_coverage --annotate $COV_RTL/annotated --annotate-min 1 $COV_RTL/coverage.dat | tail -2"
verilator_coverage --annotate "$COV_RTL/annotated" --annotate-min 1 "$COV_RTL/coverage.dat" | tail -2
awk '/^C / { k = /v_toggle/ ? "toggle" : /v_branch/ ? "branch" : "line"; n[k]++; if ($NF > 0) h[k]++ }
     END { for (k in n) printf "RTL %s coverage: %d of %d points (%.1f %%)\n", k, h[k], n[k], 100 * h[k] / n[k] }' \
    "$COV_RTL/coverage.dat" | sort
# Every point never hit must have its reason in $MISSES (KIND FILE LINE POINT REASON, LINE and
# POINT extended regular expressions for the whole line number and point name, LINE * for any): the misses it does not
# explain are printed and fail the script; a row that explains no miss is printed as stale.
echo "checking the misses against $MISSES"
awk -v misses="$MISSES" '
    BEGIN {
        while ((getline row < misses) > 0) {
            if (row ~ /^[ \t]*(#|$)/) continue
            split(row, f, /[ \t]+/)
            nrow++; kind[nrow] = f[1]; file[nrow] = f[2]; line[nrow] = f[3]; point[nrow] = "^(" f[4] ")$"; used[nrow] = 0
        }
    }
    /^C / && $NF == 0 {
        rec = $0
        sub(/^C \047/, "", rec)
        sub(/\047 [0-9]+$/, "", rec)
        nf = split(rec, kv, "\001")
        delete v
        for (i = 1; i <= nf; i++) if (split(kv[i], p, "\002") == 2) v[p[1]] = p[2]
        k = v["page"] ~ /^v_toggle/ ? "toggle" : v["page"] ~ /^v_branch/ ? "branch" : "line"
        found = 0
        for (r = 1; r <= nrow && !found; r++)
            if (kind[r] == k && file[r] == v["f"] && (line[r] == "*" || v["l"] ~ ("^(" line[r] ")$")) && v["o"] ~ point[r])
                found = r
        if (found) { used[found]++; explained[k]++ }
        else { printf "RTL miss not explained: %s %s %s %s (%s)\n", k, v["f"], v["l"], v["o"], v["h"]; bad++ }
    }
    END {
        for (r = 1; r <= nrow; r++) if (!used[r]) printf "note: %s row %d explains no miss (%s %s %s)\n", misses, r, kind[r], file[r], line[r]
        printf "RTL misses: %d explained (line %d, branch %d, toggle %d), %d not explained\n", \
            explained["line"] + explained["branch"] + explained["toggle"], explained["line"], explained["branch"], \
            explained["toggle"], bad
        exit bad != 0
    }' "$COV_RTL/coverage.dat"
