#!/bin/sh
# xsweep.sh: the X-state sweep of `make xsweep`: every vector once for each seed of SEEDS, the
# seed choosing Verilator's --x-initial unique values, optionally with a reset in flight at cycle
# RESET_AT. Stops at the first seed that diverges, prints its failures and the command that
# repeats it, and exits non-zero.
#
#   BUILD=build SEEDS="1 2 3" RESET_AT=120 tests/xsweep.sh
#
# Environment: BUILD (default build; $BUILD/vmentry-sim must be built), SEEDS (default 1..100),
# RESET_AT (default none), VECTORS (default vectors/*.vec).
set -eu
BUILD=${BUILD:-build}
SEEDS=${SEEDS:-$(seq 1 100)}
RESET_AT=${RESET_AT:-}
VECTORS=${VECTORS:-$(echo vectors/*.vec)}
SIM=$BUILD/vmentry-sim

n=0
for s in $SEEDS; do
    # shellcheck disable=SC2086 # VECTORS is a list of paths; the reset option is absent or two words
    if ! "$SIM" --seed "$s" --no-wave ${RESET_AT:+--reset-at "$RESET_AT"} $VECTORS > "$BUILD/xsweep.log" 2>&1; then
        grep '^FAIL' "$BUILD/xsweep.log" | head -5 || true
        echo "xsweep: seed $s diverged: $SIM --seed $s${RESET_AT:+ --reset-at $RESET_AT} $VECTORS"
        exit 1
    fi
    n=$((n + 1))
done
echo "xsweep: $n seeds, every vector passed"
