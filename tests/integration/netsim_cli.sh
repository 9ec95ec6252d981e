#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-netsim's command line: settings it cannot deliver are refused with exit 2 and the reason
# (a loss past burst/(burst+1): --loss 80 at burst 1 delivered 50 %), settings whose jitter is
# cut at 0 are warned about at start (--delay 0 --jitter 5 gives sd 2.9 ms, mean 2.3 ms), and
# --help says both. Ports 19131-19132 (nothing listens behind the relay).
. "$(dirname "$0")/peer/server_lib.sh"
N="$RTJAM_BIN/rtjam-netsim"
ARGS=(--listen 127.0.0.1:19131 --server 127.0.0.1:19132 --duration 0.2)

out=$("$N" --help 2>&1); rc=$?
[ $rc -eq 0 ] && grep -q 'N/(N+1)' <<<"$out" && grep -q 'under 3 x --jitter' <<<"$out" &&
  grep -q -- '--route-idle S' <<<"$out"
check $? "--help documents the loss limit, the cut jitter and --route-idle"

for bad in "--loss 80" "--loss 60 --burst 1" "--loss 90 --burst 8" "--loss 99.99 --burst 2"; do
  # shellcheck disable=SC2086
  out=$(timeout 5 "$N" "${ARGS[@]}" $bad 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF "cannot be delivered" <<<"$out" && grep -qE "the most is [0-9.]+ %" <<<"$out"
  check $? "'$bad' is refused with exit 2, naming the largest loss (rc $rc: $out)"
done
out=$(timeout 5 "$N" "${ARGS[@]}" --loss 80 2>&1)
grep -qF "the most is 50 %" <<<"$out" && grep -qF "at least 4" <<<"$out"
check $? "--loss 80 at burst 1: the most is 50 %, burst 4 needed ($out)"

for good in "--loss 50" "--loss 80 --burst 4" "--loss 100" "--loss 90 --burst 9"; do
  # shellcheck disable=SC2086
  out=$(timeout 5 "$N" "${ARGS[@]}" $good 2>&1 >/dev/null); rc=$?
  [ $rc -eq 0 ] && ! grep -qF "cannot be delivered" <<<"$out"
  check $? "'$good' runs (rc $rc)"
done

for bad in "--route-idle 0" "--route-idle x" "--route-idle -1"; do
  # shellcheck disable=SC2086
  out=$(timeout 5 "$N" "${ARGS[@]}" $bad 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF -- "--route-idle" <<<"$out"
  check $? "'$bad' is refused with exit 2 (rc $rc)"
done

out=$(timeout 5 "$N" "${ARGS[@]}" --delay 0 --jitter 5 2>&1 >/dev/null); rc=$?
[ $rc -eq 0 ] && grep -q "warn .*jitter delivered will be smaller and the mean delay larger" <<<"$out" &&
  grep -qF -- "--delay 15" <<<"$out"
check $? "--delay 0 --jitter 5 runs with a warning naming --delay 15 (rc $rc: $out)"
out=$(timeout 5 "$N" "${ARGS[@]}" --delay 2 --jitter 5 --shape uniform 2>&1 >/dev/null)
grep -qF "jitter delivered will be smaller" <<<"$out"
check $? "uniform: --delay 2 --jitter 5 is warned about"
for quiet in "--delay 15 --jitter 5" "--delay 5 --jitter 5 --shape uniform" "--jitter 5 --shape pareto"; do
  # shellcheck disable=SC2086
  out=$(timeout 5 "$N" "${ARGS[@]}" $quiet 2>&1 >/dev/null); rc=$?
  [ $rc -eq 0 ] && ! grep -qF "jitter delivered" <<<"$out"
  check $? "'$quiet' runs without the warning (rc $rc)"
done
finish
