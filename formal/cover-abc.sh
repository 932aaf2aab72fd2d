#!/bin/sh
# cover-abc.sh: a cover too deep for z3 in yosys-smtbmc (formal/README.md), reached with ABC's
# bmc3 (yosys-abc, from Debian's yosys), and its witness checked apart from ABC: Yosys's sim
# replays it on the netlist the AIGER model was written from.
#
#   formal/cover-abc.sh NAME DEPTH RTL_FILES...
#
# formal/evd_formal_NAME.sv states one cover, on a wire named `covered` that Yosys keeps;
# formal/NAME.ys maps it to gates. Three jobs, each printed in formal/prove.sh's form:
#   yosys   the netlist (OUT/TAG.il), and from it the AIGER model (OUT/TAG.aig, its map OUT/TAG.aim):
#           the cover as a bad state (formal/cover_bad.v), every assumption as a constraint;
#   bmc3    yosys-abc: fold (the constraints into the bad state: it counts only in a run whose
#           every step, its own too, keeps every assumption), then bmc3 over DEPTH steps from
#           reset; the witness goes to OUT/TAG.aiw;
#   replay  sim on OUT/TAG.il with the witness's inputs, into OUT/COVER-cover.vcd (GTKWave): the
#           cover must be reached at the step bmc3 named (`covered` 1 there and 0 before, never
#           x), and sim must report no assumption broken.
# A step is a clock cycle, reset's being step 0, as yosys-smtbmc counts them.
#
# Environment: OUT (default build/formal), TAG (the job's name in the output and its files,
# default NAME), ABC_TIMEOUT (bmc3's limit in seconds, default 600), STAGE=replay (the replay alone,
# of the witness and model already in OUT: e.g. after editing the witness by hand).
set -eu
name=$1 depth=$2
shift 2
OUT=${OUT:-build/formal}
TAG=${TAG:-$name}
ABC_TIMEOUT=${ABC_TIMEOUT:-600}
STAGE=${STAGE:-all}
mkdir -p "$OUT"
rtl_dir=$(dirname "$1")
base=$OUT/$TAG

result() { # result KIND STATUS START WHAT: one line of the output
    printf '  %-10s %-10s %-7s %4ss %s\n' "$TAG" "$1" "$2" "$(($(date +%s) - $3))" "$4"
}
fail() { # fail KIND START WHAT DETAIL
    result "$1" FAILED "$2" "$3"
    echo "formal: $TAG failed ($1): $4"
    exit 1
}

if [ "$STAGE" != replay ]; then
    start=$(date +%s)
    # The netlist is saved before the cover becomes a bad state, so that the replay reads the model
    # bmc3 searched, but for that one inverter.
    if ! yosys -q -l "$base.log" -p "read_verilog -defer -formal -sv -I$rtl_dir -Iformal $* formal/evd_formal_$name.sv; script formal/$name.ys; write_rtlil $base.il; techmap -map formal/cover_bad.v; techmap; opt_clean; write_aiger -zinit -map $base.aim $base.aig" >/dev/null; then
        fail yosys "$start" "" "see $base.log"
    fi
    if grep -q '^Warning' "$base.log"; then
        grep '^Warning' "$base.log" | sort -u
        fail yosys "$start" "" "Yosys warned (above)"
    fi
    result yosys passed "$start" ""
fi

# shellcheck disable=SC2016 # the $ is the cell type's, not the shell's
cover=$(sed -n 's/^ *cell \$cover \\//p' "$base.il")
[ "$(echo "$cover" | wc -w)" -eq 1 ] || { echo "formal: $base.il must hold one cover, not: $cover"; exit 1; }

if [ "$STAGE" != replay ]; then
    start=$(date +%s)
    rm -f "$base.aiw"
    yosys-abc -c "read_aiger $base.aig; fold; strash; bmc3 -F $depth -T $ABC_TIMEOUT; write_cex -a $base.aiw" > "$base-bmc3.out" 2>&1 || true
    step=$(sed -n 's/.*was asserted in frame \([0-9][0-9]*\).*/\1/p' "$base-bmc3.out")
    if [ -z "$step" ] || [ ! -s "$base.aiw" ]; then
        fail bmc3 "$start" "$cover unreached in $depth steps" "$(grep -i 'asserted\|limit\|error' "$base-bmc3.out" | tail -1)"
    fi
    result bmc3 passed "$start" "$cover reached in $step steps"
else
    step=$(sed -n 's/.*was asserted in frame \([0-9][0-9]*\).*/\1/p' "$base-bmc3.out")
fi

# The replay. Yosys 0.23's sim logs "Cover ... reached" where a cover is NOT reached (it tests
# A != 1; later Yosys fixed it), so the cover is read from the VCD, `covered` at top level; its
# assumption messages test the same A != 1, which is right for them (x counts as broken).
start=$(date +%s)
vcd=$OUT/$cover-cover.vcd
rm -f "$vcd"
if ! yosys -q -l "$base-replay.log" -p "read_rtlil $base.il; sim -clock clk_i -r $base.aiw -map $base.aim -vcd $vcd" >/dev/null; then
    fail replay "$start" "" "see $base-replay.log"
fi
if grep -q '^Warning\|Assumption .* failed' "$base-replay.log"; then
    grep '^Warning\|Assumption .* failed' "$base-replay.log" | sort | uniq -c
    fail replay "$start" "" "the witness breaks an assumption, or sim warned (above)"
fi
# sim writes cycle N at time 10 N (and the falling edge at 10 N + 5).
seen=$(awk '
    $1 == "$var" && $5 == "covered" && !id { id = $4 }
    /^#/ { t = substr($1, 2) }
    id && NF == 2 && $2 == id {
        if ($1 == "b1" && first == "") first = t / 10
        if ($1 != "b0" && $1 != "b1") { print "x at " t; exit }
    }
    END { if (!id) print "none"; else if (first == "") print "never"; else print first }' "$vcd")
case $seen in
    "$step") result replay passed "$start" "$cover reached in $step steps ($vcd)" ;;
    *) fail replay "$start" "$cover: replay disagrees" "bmc3 reached $cover in step $step, the replay's \`covered\`: $seen ($vcd)" ;;
esac
