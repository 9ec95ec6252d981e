#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Runs test programs (unit binaries or integration scripts), each of which prints a line
# "N passed, N failed". Sums them and closes with the total line; exits non-zero on any failure.
# A program that exits non-zero, or prints no summary, counts as one failure.
set -u
logdir=${RTJAM_BUILD:-build}/test-logs
mkdir -p "$logdir"
total_pass=0
total_fail=0
for t in "$@"; do
  name=$(basename "$t")
  log="$logdir/$name.log"
  start=$(date +%s.%N)
  case "$t" in
    *.sh) timeout --kill-after=10 "${RTJAM_TEST_TIMEOUT:-900}" bash "$t" >"$log" 2>&1 ;;
    *)    timeout --kill-after=10 "${RTJAM_TEST_TIMEOUT:-900}" "$t" >"$log" 2>&1 ;;
  esac
  rc=$?
  secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=0; f=0
  if [ -n "$line" ]; then
    p=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
    f=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/' <<<"$line")
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  if [ "$f" -eq 0 ]; then
    printf '  ok    %-36s %4d passed  (%ss)\n' "$name" "$p" "$secs"
  else
    printf '  FAIL  %-36s %4d passed, %d failed, rc %d  (%ss, log %s)\n' "$name" "$p" "$f" "$rc" "$secs" "$log"
    grep -E 'FAIL|error|ERROR|Sanitizer|runtime error' "$log" | head -n 20 | sed 's/^/        /'
  fi
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
