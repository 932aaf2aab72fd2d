#!/bin/sh
# model-mutants.sh: the mutation campaign on the golden model of `make model-mutants`. Each
# tests/model-mutants/NAME.sed is one small bug in one source file of the model (dpi/): the
# campaign applies it alone to a copy of that file, compiles the copy, links the model with the
# testbench and no RTL (tests/model_only.c), runs every vector with --model-only, and counts the
# mutant caught when a test fails (an `expect`, or the model ending badly: a crash, a hang, a
# refusal). The RTL takes no part: the vectors' expectations must catch the bug.
#
#   BUILD=build TB_OBJ="..." tests/model-mutants.sh      (make model-mutants passes all of these)
#
# A mutant's header gives its feature (`# area: E2`, an item of behaviour.md), its file
# (`# file: dpi/evd_rules.c`), then what it changes; a mutant that the vectors cannot catch says
# why in `# survives: REASON`. Stops with status 2 (after trying all of them) when a mutant is
# malformed, changes nothing in its file, changes nothing in the compiled code, or does not
# compile; status 1 when fewer than MIN_SCORE % are caught, a survivor gives no reason, or a
# caught mutant still says it survives. Report: $BUILD/model-mutants.md ($BUILD/model-mutants/
# partial.md when ONLY or MUTANT_DIR chooses others).
#
# Environment: BUILD (default build), CC (default gcc), CFLAGS (default the Makefile's, without
# -g, so that objects compare), LIB_C (the model's sources, default the Makefile's list), TB_OBJ
# (the testbench objects and tests/model_only.c's, compiled; no default), VECTORS (default
# vectors/*.vec), ONLY (mutant names; default every one), MIN_SCORE (default 95), TIMEOUT (seconds
# a mutant's run may take, default 60), MUTANT_DIR (where the mutants are, default
# tests/model-mutants; tests/model-mutants/bad holds two that must be refused).
set -eu
BUILD=${BUILD:-build}
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--std=c11 -Wall -Wextra -Werror -O2}
LIB_C=${LIB_C:-dpi/vmentry.c dpi/evd_machine.c dpi/evd_vmcs.c dpi/evd_model.c dpi/evd_narrate.c dpi/evd_rules.c dpi/evd_cover.c}
: "${TB_OBJ:?TB_OBJ: the testbench objects (make model-mutants passes them)}"
VECTORS=${VECTORS:-$(ls vectors/*.vec)}
ONLY=${ONLY:-}
MIN_SCORE=${MIN_SCORE:-95}
TIMEOUT=${TIMEOUT:-60}
DIR=${MUTANT_DIR:-tests/model-mutants}
OUT=$BUILD/model-mutants
if [ -n "$ONLY" ] || [ "$DIR" != tests/model-mutants ]; then REPORT=$OUT/partial.md; else REPORT=$BUILD/model-mutants.md; fi

start=$(date +%s)
rm -rf "$OUT"
mkdir -p "$OUT/src" "$OUT/ref"
cp -R dpi "$OUT/src/"

# The unmutated model, compiled as the mutants will be (same flags, same paths), must pass.
objs=""
for f in $LIB_C; do
    o=$OUT/ref/$(basename "$f" .c).o
    $CC $CFLAGS -Idpi -c "$OUT/src/$f" -o "$o"
    objs="$objs $o"
done
ar rcs "$OUT/ref/libvmentry.a" $objs
# shellcheck disable=SC2086 # TB_OBJ and VECTORS are lists
$CC $CFLAGS $TB_OBJ "$OUT/ref/libvmentry.a" -o "$OUT/ref/model-sim"
if ! "$OUT/ref/model-sim" --model-only --seed 1 $VECTORS > "$OUT/ref/run.log" 2>&1; then
    tail -5 "$OUT/ref/run.log"
    echo "model-mutants: the unmutated model fails the vectors ($OUT/ref/run.log): nothing to measure"
    exit 1
fi
baseline=$(tail -1 "$OUT/ref/run.log")

if [ -n "$ONLY" ]; then
    list=""
    for n in $ONLY; do
        [ -f "$DIR/$n.sed" ] || { echo "model-mutants: no mutant $DIR/$n.sed"; exit 2; }
        list="$list $DIR/$n.sed"
    done
else
    # In the order of behaviour.md: E, D, F, X, M, A, each by item number, then by name.
    list=$(for s in "$DIR"/*.sed; do
        area=$(sed -n 's/^# area: *//p' "$s" | head -1)
        letter=$(echo "$area" | cut -c1)
        rank=$(echo "EDFXMA" | awk -v l="$letter" '{ i = index($0, l); print l == "" || i == 0 ? 9 : i }')
        number=$(echo "$area" | tr -cd '0-9')
        printf '%s %03d %s\n' "$rank" "${number:-0}" "$s"
    done | sort -k1,1n -k2,2n -k3,3 | cut -d' ' -f3)
fi
total=$(echo $list | wc -w)
echo "model-mutants: $total mutants of the golden model, each run on $(echo $VECTORS | wc -w) vector files with --model-only (unmutated: $baseline)"

# One line per mutant in $OUT/results: NAME|AREA|FILE|RESULT|DETAIL|WHAT|SURVIVES
: > "$OUT/results"
bad=0
i=0
for s in $list; do
    i=$((i + 1))
    name=$(basename "$s" .sed)
    area=$(sed -n 's/^# area: *//p' "$s" | head -1)
    file=$(sed -n 's/^# file: *//p' "$s" | head -1)
    what=$(sed -n '/^# \(area\|file\|survives\):/d; /^# /{s/^# //;p;}' "$s" | tr '\n' ' ' | sed 's/ *$//; s/|/\//g')
    survives=$(sed -n 's/^# survives: *//p' "$s" | tr '\n' ' ' | sed 's/ *$//; s/|/\//g')
    problem=""
    if ! echo "$area" | grep -qE '^[EDFXMA][0-9]+$'; then
        problem="no '# area: ID' line with a behaviour.md item (E2, D6, ...)"
    elif [ -z "$file" ] || ! echo " $LIB_C " | grep -q " $file "; then
        problem="its '# file:' line names no source of the model ($LIB_C)"
    fi
    obj=$(basename "$file" .c).o
    m=$OUT/$name
    if [ -z "$problem" ]; then
        mkdir -p "$m"
        sed -f "$s" "$file" > "$OUT/src/$file"
        if cmp -s "$file" "$OUT/src/$file"; then
            problem="changes nothing in $file: update it"
        elif ! $CC $CFLAGS -Idpi -c "$OUT/src/$file" -o "$m/$obj" 2> "$m/compile.log"; then
            problem="does not compile ($m/compile.log)"
        elif cmp -s "$m/$obj" "$OUT/ref/$obj"; then
            problem="changes nothing in the compiled code of $file: update it"
        fi
        diff "$file" "$OUT/src/$file" > "$m/diff" || true
        cp "$file" "$OUT/src/$file"
    fi
    if [ -n "$problem" ]; then
        echo "model-mutants: [$i/$total] $s: $problem"
        bad=$((bad + 1))
        continue
    fi
    cp "$OUT/ref/libvmentry.a" "$m/libvmentry.a"
    ar rcs "$m/libvmentry.a" "$m/$obj"
    $CC $CFLAGS $TB_OBJ "$m/libvmentry.a" -o "$m/model-sim"
    status=0
    timeout "$TIMEOUT" "$m/model-sim" --model-only --seed 1 $VECTORS > "$m/run.log" 2>&1 || status=$?
    fails=$(grep -c '^FAIL ' "$m/run.log" || true)
    first=$(sed -n 's/^FAIL \([^:]*\):.*/\1/p' "$m/run.log" | head -3 | tr '\n' ' ' | sed 's/ $//; s/ /, /g')
    if [ "$status" = 0 ]; then
        result=survived
        detail="$(tail -1 "$m/run.log")"
    elif [ "$status" = 1 ] && [ "$fails" -gt 0 ]; then
        result=caught
        more=""
        if [ "$fails" -gt 3 ]; then more=", ..."; fi
        tests=tests
        if [ "$fails" = 1 ]; then tests=test; fi
        detail="$fails failing $tests ($first$more)"
    elif [ "$status" = 124 ]; then
        result=caught
        detail="the model hangs: no end after ${TIMEOUT} s"
    else
        result=caught
        detail="the run ends with status $status"
        if [ "$status" -gt 128 ]; then detail="$detail (signal $((status - 128)))"; fi
    fi
    echo "model-mutants: [$i/$total] $name ($area): $result: $detail"
    echo "$name|$area|$file|$result|$detail|$what|$survives" >> "$OUT/results"
    rm -f "$m/model-sim" "$m/libvmentry.a"
done
secs=$(($(date +%s) - start))

# The report, the figures and the status.
awk -F'|' -v report="$REPORT" -v secs="$secs" -v min="$MIN_SCORE" -v bad="$bad" -v baseline="$baseline" '
    { n++; area = substr($2, 1, 1); per[area]++; item[$2] = 1
      if ($4 == "caught") { caught++; pc[area]++ } else { ps[area]++ }
      row[n] = $0 }
    END {
      score = n ? 100 * caught / n : 0
      printf "# Mutants of the golden model (make model-mutants)\n\n" > report
      printf "%d mutants, %d caught, %d survived: **%.1f %%** caught (at least %d %% needed), in %d s. " \
             "Each is one small change to one source file of the model (`tests/model-mutants/NAME.sed`), run on " \
             "every vector with `--model-only`: the expectations alone must catch it. Unmutated: %s.\n\n", \
             n, caught, n - caught, score, min, secs, baseline >> report
      printf "| area | mutants | caught | survived | items |\n|---|---|---|---|---|\n" >> report
      split("E D F X M A", order, " ")
      for (k = 1; k <= 6; k++) { a = order[k]; it = ""
          for (j = 1; j <= 20; j++) if ((a j) in item) it = it (it == "" ? "" : ", ") a j
          printf "| %s | %d | %d | %d | %s |\n", a, per[a], pc[a], ps[a], it >> report }
      printf "| all | %d | %d | %d | |\n\n", n, caught, n - caught >> report
      printf "| mutant | item | file | the change | result |\n|---|---|---|---|---|\n" >> report
      for (r = 1; r <= n; r++) { split(row[r], f, "|"); sub(/^dpi\//, "", f[3])
          printf "| `%s` | %s | %s | %s | %s: %s |\n", f[1], f[2], f[3], f[6], f[4], f[5] >> report }
      printf "\n## Survivors\n\n" >> report
      none = 1; unexplained = 0; stale = 0
      for (r = 1; r <= n; r++) { split(row[r], f, "|")
          if (f[4] == "survived") { none = 0
              printf "- `%s` (%s): %s\n", f[1], f[2], f[7] != "" ? f[7] : "NO REASON GIVEN (add a # survives: line)" >> report
              if (f[7] == "") { unexplained++; printf "model-mutants: %s survives and its header gives no reason (# survives:)\n", f[1] } }
          else if (f[7] != "") { stale++; printf "model-mutants: %s is caught, but its header says it survives: update it\n", f[1] } }
      if (none) printf "None.\n" >> report
      printf "model-mutants: caught by area:"; for (k = 1; k <= 6; k++) { a = order[k]; printf " %s %d/%d", a, pc[a], per[a] }
      printf "\nmodel-mutants: %d of %d caught (%.1f %%), %d survived, in %d s; report in %s\n", caught, n, score, n - caught, secs, report
      if (bad) { printf "model-mutants: %d mutants did not apply (above)\n", bad; exit 2 }
      if (score < min) { printf "model-mutants: under %d %%\n", min; exit 1 }
      exit unexplained || stale }' "$OUT/results"
