#!/bin/sh
# mutants.sh: the proofs must fail on broken RTL. Applies each formal/mutants/NAME.sed to a copy
# of the RTL (OUT/mut-NAME/), checks that it changes something, and runs formal/prove.sh on the
# copy with EXPECT=fail: a mutant the proof passes is an error.
#
#   formal/mutants.sh PROOF DEPTH RTL_FILES...
#
# Environment: OUT (default build/formal), ONLY (names of mutants to run; default all).
set -eu
proof=$1 depth=$2
shift 2
OUT=${OUT:-build/formal}
ONLY=${ONLY:-}
for m in formal/mutants/*.sed; do
    name=$(basename "$m" .sed)
    case " $ONLY " in "  " | *" $name "*) ;; *) continue ;; esac
    dir=$OUT/mut-$name
    rm -rf "$dir"
    mkdir -p "$dir"
    cp "$(dirname "$1")"/*.svh "$dir/"
    files=""
    changed=no
    for f in "$@"; do
        sed -f "$m" "$f" > "$dir/$(basename "$f")"
        cmp -s "$f" "$dir/$(basename "$f")" || changed=yes
        files="$files $dir/$(basename "$f")"
    done
    if [ $changed = no ]; then echo "formal: $m changes no RTL file: update it"; exit 1; fi
    echo "  mutant $name (must fail):"
    # shellcheck disable=SC2086 # files is a list of paths without spaces (the RTL's names)
    OUT=$dir EXPECT=fail formal/prove.sh "$proof" "$depth" $files
done
