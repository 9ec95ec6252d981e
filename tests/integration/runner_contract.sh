#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tests/run.sh keeps its contract: it fails a program that prints nothing, one that reports 0
# checks without declaring a skip, one that stops midway (exit 0 before its summary, as a C test
# calling exit(0) would), one that crashes after passing checks, and one whose skips have no
# reason; it sums skips into the closing line and lists each with its reason. Each case runs
# the real runner on a small program written here, and reads its exit status and closing line.
. "$(dirname "$0")/../lv2/lib.sh"

RUNNER="$(cd "$(dirname "$0")/.." && pwd)/run.sh"

# case_program NAME BODY: a test program (shell) in the temp directory.
case_program() {
  printf '%s\n' "$2" >"$T_TMP/$1.sh"
}

# run_case NAME...: runs the runner on the named programs; sets RC and CLOSING (its last line).
run_case() {
  local args=() n
  for n in "$@"; do args+=("$T_TMP/$n.sh"); done
  RTJAM_BUILD="$T_TMP/build" bash "$RUNNER" "${args[@]}" >"$T_TMP/out" 2>&1
  RC=$?
  CLOSING=$(tail -n 1 "$T_TMP/out")
}

case_program good 'echo "ok   one"; echo "3 passed, 0 failed"'
case_program silent 'true'
case_program zero 'echo "0 passed, 0 failed"'
case_program midway 'echo "ok   one"; exit 0; echo "5 passed, 0 failed"'
case_program crash 'echo "2 passed, 0 failed"; kill -SEGV $$'
case_program skipped 'echo "skip: the widget check: no widget here"; echo "1 passed, 0 failed, 1 skipped"'
case_program unexplained 'echo "1 passed, 0 failed, 2 skipped"'
case_program failing 'echo "FAIL two"; echo "1 passed, 1 failed"; exit 1'

run_case good
check "a passing program: exit 0, closing '3 passed, 0 failed, 0 skipped' ($CLOSING)" \
  test "$RC" -eq 0 -a "$CLOSING" = "3 passed, 0 failed, 0 skipped"
run_case good silent
check "a program that prints nothing fails the run ($CLOSING)" \
  test "$RC" -ne 0 -a "$CLOSING" = "3 passed, 1 failed, 0 skipped"
run_case zero
check "a program that reports 0 checks and no skip fails the run ($CLOSING)" \
  test "$RC" -ne 0 -a "$CLOSING" = "0 passed, 1 failed, 0 skipped"
run_case midway
check "exit 0 before the summary fails the run ($CLOSING)" \
  test "$RC" -ne 0 -a "$CLOSING" = "0 passed, 1 failed, 0 skipped"
run_case crash
check "a crash after its summary fails the run ($CLOSING)" \
  test "$RC" -ne 0 -a "$CLOSING" = "2 passed, 1 failed, 0 skipped"
run_case good skipped
check "skips are summed into the closing line ($CLOSING)" \
  test "$RC" -eq 0 -a "$CLOSING" = "4 passed, 0 failed, 1 skipped"
check "each skip is listed with its program and reason" \
  grep -qx '  skipped.sh: the widget check: no widget here' "$T_TMP/out"
run_case unexplained
check "skips without a 'skip:' reason fail the run ($CLOSING)" \
  test "$RC" -ne 0 -a "$CLOSING" = "1 passed, 1 failed, 2 skipped"
run_case failing good
check "a failing program fails the run with its own count ($CLOSING)" \
  test "$RC" -ne 0 -a "$CLOSING" = "4 passed, 1 failed, 0 skipped"
# The real-time lane (a script naming jackd) runs beside the other: both lanes' counts, skips
# and failures reach the closing line, and each program is reported once.
case_program rt_good 'sleep 0.3; echo "7 passed, 0 failed" # a jackd test'
case_program rt_skip 'echo "skip: the rt check: jackd stalled"; echo "2 passed, 0 failed, 1 skipped" # jackd'
case_program rt_fail 'echo "FAIL rt"; echo "0 passed, 1 failed"; exit 1 # jackd'
run_case rt_good good rt_skip skipped
check "the two lanes' counts and skips are summed ($CLOSING)" \
  test "$RC" -eq 0 -a "$CLOSING" = "13 passed, 0 failed, 2 skipped"
check "each program is reported once ($(grep -c '^  ok ' "$T_TMP/out") lines for 4 programs)" \
  test "$(grep -c '^  ok ' "$T_TMP/out")" -eq 4
check "the real-time lane's skip is listed" grep -qx '  rt_skip.sh: the rt check: jackd stalled' "$T_TMP/out"
run_case good rt_fail
check "a failure in the real-time lane fails the run ($CLOSING)" \
  test "$RC" -ne 0 -a "$CLOSING" = "3 passed, 1 failed, 0 skipped"
finish
