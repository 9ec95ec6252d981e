#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Runs test programs (unit binaries or integration scripts) and sums what they report.
#
# The contract every test program keeps (tests/unit/check.h, tests/lv2/lib.sh,
# tests/integration/peer/server_lib.sh and the Python peers all print it):
#   - its last summary line is "N passed, N failed" or "N passed, N failed, N skipped"
#     (optionally after one word and a colon, e.g. "lv2check: 3 passed, 0 failed");
#   - every skipped check prints a line "skip: NAME: REASON" saying what did not run and why.
# A program fails here when it
#   - exits non-zero (a crash, a sanitizer report, a timeout),
#   - prints no summary line (it died or called exit() before its summary),
#   - reports 0 checks run and declares no skip,
#   - or whose count of skips differs from its count of "skip:" lines (one per skip, with why).
# The closing line is "N passed, N failed, N skipped"; above it, every skip is listed with its
# test and reason, so that CI's log shows what did not run. Exits non-zero on any failure.
#
# Two lanes run at once (RTJAM_TEST_JOBS=1: one): the real-time lane takes every script that
# starts a JACK server (its text names jackd), one at a time, so that no two real-time tests
# share the machine's two cores; the other lane takes the rest (unit binaries, servers on
# loopback, offline hosts), one at a time. The lanes' ports do not meet: real-time tests pick
# theirs at random in 19300-19639 and 20100-29999, the other lane's keep 12000-14001, 19100-19199
# and 30000-32004; all are below Linux's ephemeral range (32768-60999), so no client socket of a
# test running alongside can hold one. Each program's line is
# printed when it ends; the skips and the closing line come once both lanes are done.

set -u
logdir=${RTJAM_BUILD:-build}/test-logs
mkdir -p "$logdir"
summary_re='^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$'

# run_one PROGRAM: runs it, prints its line, and writes "PASSED FAILED SKIPPED" to its result
# file (a failure of the contract counts as one failed check).
run_one() {
  local t=$1 name log start rc secs line p f s why
  name=$(basename "$t")
  log="$logdir/$name.log"
  start=$(date +%s.%N)
  case "$t" in
    *.sh) timeout --kill-after=10 "${RTJAM_TEST_TIMEOUT:-900}" bash "$t" >"$log" 2>&1 ;;
    *)    timeout --kill-after=10 "${RTJAM_TEST_TIMEOUT:-900}" "$t" >"$log" 2>&1 ;;
  esac
  rc=$?
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  line=$(grep -E "$summary_re" "$log" | tail -n 1)
  p=0; f=0; s=0; why=
  if [ -n "$line" ]; then
    [[ $line =~ $summary_re ]]
    p=${BASH_REMATCH[2]}; f=${BASH_REMATCH[3]}; s=${BASH_REMATCH[5]:-0}
  fi
  local nreasons
  nreasons=$(grep -cE '^skip: ' "$log")
  if [ "$rc" -ne 0 ]; then
    why="exit status $rc"
  elif [ -z "$line" ]; then
    why="no summary line (it stopped before reporting)"
  elif [ $((p + f + s)) -eq 0 ]; then
    why="it ran 0 checks and declared no skip"
  elif [ "$s" -ne "$nreasons" ]; then
    why="it reports $s skipped but prints $nreasons 'skip: NAME: REASON' lines"
  fi
  if [ -n "$why" ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "$p $f $s" >"$log.result"
  # One printf per line: the two lanes' lines never interleave mid-line.
  if [ "$f" -eq 0 ]; then
    if [ "$s" -gt 0 ]; then
      printf '  ok    %-36s %4d passed, %d skipped  (%ss)\n' "$name" "$p" "$s" "$secs"
    else
      printf '  ok    %-36s %4d passed  (%ss)\n' "$name" "$p" "$secs"
    fi
  else
    { printf '  FAIL  %-36s %4d passed, %d failed, rc %d  (%ss, log %s)\n' "$name" "$p" "$f" "$rc" "$secs" "$log"
      [ -n "$why" ] && echo "        $why"
      grep -E 'FAIL|error|ERROR|Sanitizer|runtime error' "$log" | head -n 20 | sed 's/^/        /'
    } | cat
  fi
}

realtime=() other=()
for t in "$@"; do
  rm -f "$logdir/$(basename "$t").log.result"
  if [ "${RTJAM_TEST_JOBS:-2}" -gt 1 ] && [[ $t == *.sh ]] && grep -q 'jackd' "$t"; then
    realtime+=("$t")
  else
    other+=("$t")
  fi
done
lane_pid=
if [ "${#realtime[@]}" -gt 0 ]; then
  (for t in "${realtime[@]}"; do run_one "$t"; done) &
  lane_pid=$!
  # Interrupted: the lane's running test gets TERM too (timeout passes it on; the test's own
  # trap stops what it started).
  trap 'pkill -TERM -P "$lane_pid" 2>/dev/null; kill "$lane_pid" 2>/dev/null' EXIT
fi
for t in "${other[@]}"; do run_one "$t"; done
[ -n "$lane_pid" ] && wait "$lane_pid"

total_pass=0
total_fail=0
total_skip=0
skips=()
for t in "$@"; do
  name=$(basename "$t")
  read -r p f s <"$logdir/$name.log.result" 2>/dev/null || { p=0 f=1 s=0; }
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  total_skip=$((total_skip + s))
  mapfile -t reasons < <(grep -E '^skip: ' "$logdir/$name.log" 2>/dev/null | sed 's/^skip: //')
  for r in "${reasons[@]}"; do skips+=("$name: $r"); done
done
if [ "${#skips[@]}" -gt 0 ]; then
  echo "Skipped:"
  printf '  %s\n' "${skips[@]}"
fi
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
