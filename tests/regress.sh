#!/bin/sh
# regress.sh: the constrained-random regression of `make regress`. For each seed of SEEDS, N
# scenarios split into JOBS shards run in parallel; shard I of seed S writes
# $BUILD/regress/seedS-shardI.log, .xml (JUnit) and .cov (coverage counts). Prints the first
# failures, a summary line, the coverage holes by name (the first 20; all of them, with the
# table, in $BUILD/regress/coverage.md) and their count; exits non-zero if any scenario failed.
#
#   BUILD=build N=1000000 SEEDS="1 2" JOBS=2 tests/regress.sh
#
# Environment: BUILD (default build; $BUILD/vmentry-sim and $BUILD/covreport must be built),
# N (default 1000000), SEEDS (default 1), JOBS (default: the cores).
set -eu
BUILD=${BUILD:-build}
N=${N:-1000000}
SEEDS=${SEEDS:-1}
JOBS=${JOBS:-$(nproc)}
SIM=$BUILD/vmentry-sim
OUT=$BUILD/regress

rm -rf "$OUT"
mkdir -p "$OUT"
echo "regress: seeds $SEEDS, $N scenarios each, $JOBS shards in parallel"
start=$(date +%s)
for s in $SEEDS; do
    i=0
    while [ "$i" -lt "$JOBS" ]; do
        "$SIM" --random "$N" --seed "$s" --shard "$i/$JOBS" --no-wave --junit "$OUT/seed$s-shard$i.xml" \
            --coverage "$OUT/seed$s-shard$i.cov" > "$OUT/seed$s-shard$i.log" &
        i=$((i + 1))
    done
    # A shard's failures are counted from its log below, not from its exit status.
    wait
done
secs=$(($(date +%s) - start))
cat "$OUT"/*.log | grep '^FAIL' | head -20 || true
cat "$OUT"/*.log | awk -v secs="$secs" -v jobs="$JOBS" \
    '/passed,/ { p += $1; f += $3 } /set aside/ { d += $1 }
     END { n = p + f + d; printf "regress: %d scenarios in %d s (%.0f/s on %d cores): %d passed, %d failed, %d set aside (the model found the guest hangs)\n", n, secs, secs ? n / secs : n, jobs, p, f, d; exit f > 0 }'
"$BUILD/covreport" "$OUT"/*.cov > "$OUT/coverage.md"
holes=$(grep -c '^hole: ' "$OUT/coverage.md" || true)
grep '^hole: ' "$OUT/coverage.md" | head -20
[ "$holes" -le 20 ] || echo "... and $((holes - 20)) more holes: $OUT/coverage.md"
tail -1 "$OUT/coverage.md"
