#!/bin/sh
# prove.sh: one proof of `make formal`. Reads the RTL with Yosys 0.23's formal front end, runs
# formal/NAME.ys on it, writes the SMT-LIB model, and proves every assertion by k-induction with
# yosys-smtbmc and z3: the base case (no assertion fails in the first DEPTH steps from reset) and
# the induction step (DEPTH steps that satisfy every assertion cannot be followed by one that
# fails). With COVER=N, it also reaches every cover statement within N steps from reset.
#
#   formal/prove.sh NAME DEPTH RTL_FILES...       (DEPTH 0: the covers alone)
#
# Environment: OUT (default build/formal), HARNESS (default formal/evd_formal_NAME.sv), TAG (the
# job's name in the output and its files, default NAME), EXTRA (Yosys commands run after
# formal/NAME.ys, e.g. a chformal that leaves some properties out), STEP=no (no induction step:
# the assertions are proven for DEPTH steps from reset only, a bounded proof), COVER (cover depth, default none), EXPECT=fail (a mutant: the
# proof must fail, and passing is the error). A failure prints the assertions that failed and the
# VCD of the counterexample (OUT/TAG-base.vcd, OUT/TAG-induction.vcd: the induction's starts from
# an arbitrary state, not from reset; OUT/TAG-cover.vcd).
set -eu
name=$1 depth=$2
shift 2
OUT=${OUT:-build/formal}
TAG=${TAG:-$name}
HARNESS=${HARNESS:-formal/evd_formal_$name.sv}
EXTRA=${EXTRA:-}
STEP=${STEP:-yes}
COVER=${COVER:-}
EXPECT=${EXPECT:-pass}
mkdir -p "$OUT"
rtl_dir=$(dirname "$1")

# The ROM loads build/ucode.hex (make ucode); formal/ports.ys cuts its output free.
yosys -q -l "$OUT/$TAG.log" -p "read_verilog -defer -formal -sv -I$rtl_dir -Iformal $* $HARNESS; script formal/$name.ys; $EXTRA; write_smt2 -stbv -wires $OUT/$TAG.smt2" >/dev/null
if grep -q '^Warning' "$OUT/$TAG.log"; then grep '^Warning' "$OUT/$TAG.log" | sort -u; exit 1; fi

failed=""
run() { # run KIND SMTBMC-OPTIONS...: one yosys-smtbmc job, its time and outcome
    kind=$1
    shift
    start=$(date +%s)
    if yosys-smtbmc -s z3 "$@" --dump-vcd "$OUT/$TAG-$kind.vcd" "$OUT/$TAG.smt2" > "$OUT/$TAG-$kind.out" 2>&1; then
        status=passed
    else
        status=FAILED
        failed="$failed $kind"
    fi
    secs=$(($(date +%s) - start))
    what=$(grep -o 'Assert failed in [^ ]*: .*\|Unreached cover statement.*' "$OUT/$TAG-$kind.out" | sed 's/.*: //' | sort -u | tr '\n' ' ' || true)
    printf '  %-10s %-10s %-7s %4ss %s\n' "$TAG" "$kind" "$status" "$secs" "$what"
}
if [ "$depth" -gt 0 ]; then run "base" -t "$depth"; fi
if [ "$STEP" = yes ]; then run "induction" -i -t "$depth"; fi
if [ -n "$COVER" ]; then run "cover" -c -t "$COVER"; fi

if [ "$EXPECT" = fail ]; then
    if [ -z "$failed" ]; then echo "formal: mutant $TAG was not caught: the proof passed"; exit 1; fi
    exit 0
fi
if [ -n "$failed" ]; then
    echo "formal: $TAG failed ($failed ); counterexamples in $OUT/$TAG-*.vcd, logs in $OUT/$TAG-*.out"
    exit 1
fi
