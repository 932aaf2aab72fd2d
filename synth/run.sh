#!/bin/sh
# run.sh: the synthesis and place and route of `make synth` (the report is the Makefile's next
# step, build/synth-report). Yosys: the unit in its measurement wrapper for iCE40 (synth/ice40.ys,
# to build/synth/ice40.json), and the unit alone for iCE40, ECP5 and Xilinx 7-series
# (synth/unit_*.ys, statistics); nextpnr-ice40 for the HX8K and the UP5K at 60 MHz, for each
# seed of PNR_SEEDS (the two parts in parallel); icepack on seed 1's placements. Logs, placements
# and bitstreams go to SYNTH. Exits non-zero if a run fails. Run from the repository root after
# build/ucode.hex is assembled.
#
#   SYNTH=build/synth YOSYS=yosys PNR_SEEDS="1 2 3" synth/run.sh
#
# Environment: SYNTH (default build/synth: the .ys scripts read build/ucode.hex and write
# build/synth/, whatever SYNTH says), YOSYS (default yosys), PNR_SEEDS (default "1 2 3").
set -eu
YOSYS=${YOSYS:-yosys}
PNR_SEEDS=${PNR_SEEDS:-1 2 3}
SYNTH=${SYNTH:-build/synth}

mkdir -p "$SYNTH"
echo "yosys: iCE40 (wrapped), iCE40, ECP5, Xilinx 7 (the unit alone)"
$YOSYS -q -l "$SYNTH/ice40.log" synth/ice40.ys >/dev/null
for t in ice40 ecp5 xilinx; do
    $YOSYS -q -l "$SYNTH/unit-$t.log" "synth/unit_$t.ys" >/dev/null
done
# The unit alone in logic cells: nextpnr packs it (LUT, carry and flip-flop into one LC where it
# can) without placing it, since its ports are more than the part's pins.
echo "nextpnr-ice40: the unit alone, packed"
nextpnr-ice40 --hx8k --package ct256 --json "$SYNTH/unit-ice40.json" --pack-only --pcf-allow-unconstrained \
    --log "$SYNTH/unit-pack.log" >/dev/null 2>&1
for s in $PNR_SEEDS; do
    echo "nextpnr-ice40: HX8K and UP5K, seed $s"
    nextpnr-ice40 --hx8k --package ct256 --json "$SYNTH/ice40.json" --asc "$SYNTH/hx8k-s$s.asc" --freq 60 --seed "$s" \
        --pcf-allow-unconstrained --timing-allow-fail --log "$SYNTH/hx8k-s$s.log" >/dev/null 2>&1 &
    nextpnr-ice40 --up5k --package sg48 --json "$SYNTH/ice40.json" --asc "$SYNTH/up5k-s$s.asc" --freq 60 --seed "$s" \
        --pcf-allow-unconstrained --timing-allow-fail --log "$SYNTH/up5k-s$s.log" >/dev/null 2>&1
    wait $!
done
echo "icepack $SYNTH/hx8k-s1.asc $SYNTH/hx8k.bin"
icepack "$SYNTH/hx8k-s1.asc" "$SYNTH/hx8k.bin"
echo "icepack $SYNTH/up5k-s1.asc $SYNTH/up5k.bin"
icepack "$SYNTH/up5k-s1.asc" "$SYNTH/up5k.bin"
