#!/bin/sh
# wave.sh: the waveform of one test, for `make wave` and `make screenshot`: traces test TEST of
# vector file VEC to $BUILD/waves/NAME.fst (NAME: TEST with anything but letters, digits, `_`, `.`
# and `-` made `_`), then
#   - `make wave`: opens it in GTKWave with the project's save file when there is a display (the
#     simulator prints the command);
#   - `make screenshot` (--screenshot): opens it in GTKWave under Xvfb, zoomed by tb/screenshot.tcl
#     onto CYCLES cycles, and writes the screen to PNG (default $BUILD/screenshot-NAME.png).
# VEC and TEST missing, or a TEST that names no test of VEC: a message and exit status 2.
#
#   BUILD=build VEC=vectors/wave_demo.vec TEST=wave_injected_pf_stack_push_faults tests/wave.sh
#   BUILD=build VEC=vectors/m1_mtf.vec TEST=m1_exit_after_one_instruction tests/wave.sh --screenshot
#
# Environment: BUILD (default build; `make sim` must have built $BUILD/vmentry-sim, the save file
# $BUILD/vmentry.gtkw and the filters), VEC, TEST (with --screenshot, both empty: the nested-#PF
# demonstration, vectors/wave_demo.vec and wave_injected_pf_stack_push_faults), PNG, CYCLES
# (default 20). --screenshot needs xvfb-run and ImageMagick's import (`make deps`).
set -eu
BUILD=${BUILD:-build}
SIM=$BUILD/vmentry-sim
SAVE=$BUILD/vmentry.gtkw
VEC=${VEC:-}
TEST=${TEST:-}
SHOT=
if [ "${1:-}" = --screenshot ]; then
    SHOT=1
    TARGET=screenshot
    if [ -z "$VEC$TEST" ]; then
        VEC=vectors/wave_demo.vec
        TEST=wave_injected_pf_stack_push_faults
    fi
else
    TARGET=wave
fi
if [ -z "$VEC" ] || [ -z "$TEST" ]; then
    echo "usage: make $TARGET VEC=vectors/file.vec TEST=name" >&2
    exit 2
fi

NAME=$(printf '%s' "$TEST" | tr -c 'A-Za-z0-9_.-' '_')
FST=$BUILD/waves/$NAME.fst
mkdir -p "$BUILD/waves"
echo "$SIM --wave $FST --test $TEST $VEC"
status=0
"$SIM" --wave "$FST" --test "$TEST" "$VEC" > "$BUILD/waves/$NAME.log" 2>&1 || status=$?
# No trace is an error, never an empty file: the simulator refuses bad input itself (status 2, its
# message first), and a name that matches no test runs nothing ("0 passed, 0 failed").
if [ "$status" = 2 ]; then
    cat "$BUILD/waves/$NAME.log"
    echo "make $TARGET: no trace of $TEST: the simulator refused the input (above)" >&2
    exit 2
fi
if grep -q '^0 passed, 0 failed$' "$BUILD/waves/$NAME.log"; then
    echo "make $TARGET: $VEC has no test called $TEST" >&2
    exit 2
fi
cat "$BUILD/waves/$NAME.log"

# make wave: the simulator has printed the command that opens the trace; run it when there is a display.
if [ -z "$SHOT" ]; then
    [ -z "${DISPLAY:-}" ] || gtkwave "$FST" "$SAVE" &
    exit 0
fi

PNG=${PNG:-$BUILD/screenshot-$NAME.png}
for tool in xvfb-run import gtkwave; do
    command -v "$tool" >/dev/null || { echo "make screenshot: $tool is not installed (make deps installs it)" >&2; exit 1; }
done
# tb/screenshot.tcl writes READY once it has zoomed; the screen is taken two seconds later, when
# GTKWave has drawn it.
READY=$BUILD/waves/$NAME.ready
rm -f "$READY"
echo "xvfb-run gtkwave -S tb/screenshot.tcl $FST $SAVE; import -window root $PNG"
# shellcheck disable=SC2016 # the inner script's variables are its own
SHOT_READY=$READY SHOT_CYCLES=${CYCLES:-20} xvfb-run -a -s "-screen 0 3200x1500x24" sh -c '
    gtkwave -S tb/screenshot.tcl "$1" "$2" > "$3.gtkwave.log" 2>&1 &
    n=0
    while [ ! -e "$3" ] && [ "$n" -lt 60 ]; do sleep 0.5; n=$((n + 1)); done
    sleep 2
    status=0
    if [ -e "$3" ]; then import -window root "$4" || status=1; else echo "GTKWave did not finish tb/screenshot.tcl in 30 s:"; cat "$3.gtkwave.log"; status=1; fi
    kill $!
    exit $status' sh "$FST" "$SAVE" "$READY" "$PNG"
echo "wrote $PNG"
