#!/bin/sh
# screenshot.sh: the picture of `make screenshot`: traces the nested-#PF demonstration
# (vectors/wave_demo.vec, test wave_injected_pf_stack_push_faults) to $BUILD/waves/, opens it in
# GTKWave with the project's save file and tb/screenshot.tcl under Xvfb, and writes the screen to
# tb/gtkwave-nested-pf.png. Needs xvfb-run and ImageMagick's import; exits non-zero on failure.
#
#   BUILD=build tests/screenshot.sh
#
# Environment: BUILD (default build; `make sim` must have built $BUILD/vmentry-sim and
# $BUILD/vmentry.gtkw).
set -eu
BUILD=${BUILD:-build}
SIM=$BUILD/vmentry-sim
SHOT_TEST=wave_injected_pf_stack_push_faults
PNG=tb/gtkwave-nested-pf.png

mkdir -p "$BUILD/waves"
echo "$SIM --wave $BUILD/waves/$SHOT_TEST.fst --test $SHOT_TEST vectors/wave_demo.vec"
"$SIM" --wave "$BUILD/waves/$SHOT_TEST.fst" --test "$SHOT_TEST" vectors/wave_demo.vec
for tool in xvfb-run import gtkwave; do
    command -v "$tool" >/dev/null || { echo "screenshot: $tool is not installed (xvfb, imagemagick, gtkwave)"; exit 1; }
done
echo "xvfb-run -a -s \"-screen 0 2400x1500x24\" gtkwave ... ; import -window root $PNG"
xvfb-run -a -s "-screen 0 2400x1500x24" sh -c "gtkwave -S tb/screenshot.tcl '$BUILD/waves/$SHOT_TEST.fst' \
  '$BUILD/vmentry.gtkw' >/dev/null 2>&1 & sleep 5; import -window root $PNG; kill \$!"
echo "wrote $PNG"
