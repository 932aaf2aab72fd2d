#!/bin/sh
# coverage.sh: the functional coverage of `make coverage`: the golden model's coverage counts over
# every vector ($BUILD/coverage/vectors.cov) and over SCENARIOS random scenarios, seed 1, split
# into JOBS shards run in parallel ($BUILD/coverage/randomI.cov); then the merged table and its
# holes (build/covreport). Exits non-zero if a step fails.
#
#   BUILD=build SCENARIOS=200000 JOBS=2 tests/coverage.sh
#
# Environment: BUILD (default build; $BUILD/vmentry-sim and $BUILD/covreport must be built),
# SCENARIOS (make's RANDOM, default 200000; the name RANDOM is bash's own), JOBS (default: the
# cores), VECTORS (default vectors/*.vec).
set -eu
BUILD=${BUILD:-build}
SCENARIOS=${SCENARIOS:-200000}
JOBS=${JOBS:-$(nproc)}
VECTORS=${VECTORS:-$(echo vectors/*.vec)}
SIM=$BUILD/vmentry-sim
OUT=$BUILD/coverage

mkdir -p "$OUT"
# shellcheck disable=SC2086 # VECTORS is a list of paths
"$SIM" --coverage "$OUT/vectors.cov" $VECTORS | tail -1
i=0
while [ "$i" -lt "$JOBS" ]; do
    "$SIM" --random "$SCENARIOS" --seed 1 --shard "$i/$JOBS" --no-wave --coverage "$OUT/random$i.cov" \
        > "$OUT/random$i.log" 2>/dev/null &
    i=$((i + 1))
done
wait
tail -qn1 "$OUT"/random*.log
echo "$BUILD/covreport $OUT/*.cov"
"$BUILD/covreport" "$OUT"/*.cov
