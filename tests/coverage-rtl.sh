#!/bin/sh
# coverage-rtl.sh: the RTL coverage of `make coverage-rtl`: verilates the testbench a second time
# with line and toggle coverage (the command is this script's arguments, built by the Makefile,
# its --Mdir $COV_RTL/obj), builds it, runs it over every vector and over 20000 random scenarios
# (seed 1), merges the two counts with verilator_coverage, writes annotated sources to
# $COV_RTL/annotated and prints the line, branch and toggle coverage. Exits non-zero on failure.
#
#   COV_RTL=build/cov-rtl tests/coverage-rtl.sh verilator --cc ... --coverage-line --coverage-toggle ...
#
# Environment: COV_RTL (default build/cov-rtl), VECTORS (default vectors/*.vec), MAKE (default make).
set -eu
COV_RTL=${COV_RTL:-build/cov-rtl}
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
