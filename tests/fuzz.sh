#!/bin/sh
# fuzz.sh: the fuzzing pass of `make fuzz`: the libFuzzer targets $BUILD/fuzz/fuzz-parse (the
# vector parser) and $BUILD/fuzz/fuzz-run (parse and run on the golden model), each for FUZZ_TIME
# seconds, on a corpus ($BUILD/fuzz/corpus-parse, corpus-run) seeded from the vectors, the
# malformed files and the spec's examples. Prints one line per target; a finding goes to
# $BUILD/fuzz/findings/, its report is printed and the script exits non-zero.
#
#   BUILD=build FUZZ_TIME=60 tests/fuzz.sh
#
# Environment: BUILD (default build; both targets must be built), FUZZ_TIME (default 60),
# VECTORS (default vectors/*.vec).
set -eu
BUILD=${BUILD:-build}
FUZZ_TIME=${FUZZ_TIME:-60}
VECTORS=${VECTORS:-$(echo vectors/*.vec)}

mkdir -p "$BUILD/fuzz/findings"
for t in parse run; do
    mkdir -p "$BUILD/fuzz/corpus-$t"
    # shellcheck disable=SC2086 # VECTORS is a list of paths
    cp -n $VECTORS tests/bad/*.vec tests/spec/examples.vec "$BUILD/fuzz/corpus-$t/" 2>/dev/null || true
    rc=0
    "$BUILD/fuzz/fuzz-$t" -max_total_time="$FUZZ_TIME" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$BUILD/fuzz/findings/$t-" -print_final_stats=1 "$BUILD/fuzz/corpus-$t" \
        > "$BUILD/fuzz/$t.log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$BUILD/fuzz/$t.log")
    echo "fuzz-$t: $runs executions in $FUZZ_TIME s, exit $rc (log: $BUILD/fuzz/$t.log)"
    if [ "$rc" != 0 ]; then
        grep -A15 '^==.*ERROR\|^SUMMARY\|deadly signal' "$BUILD/fuzz/$t.log" | head -40 || true
        exit 1
    fi
done
