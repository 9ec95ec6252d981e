#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-probe against a known latency: a dummy-backend jackd, and x42 nodelay in jalv delaying
# by exactly D frames. The probe feeds the delay and records it; since the probe is both
# upstream and downstream of the delay, JACK breaks the cycle with one period, so the expected
# latency is D + one period, exact to the frame.
set -u
BIN=${RTJAM_BIN:?}
tmp=$(mktemp -d)
pids=()
# Newest first, one at a time, so the JACK clients are gone before jackd stops (see
# tests/lv2/lib.sh: a jackd killed with clients attached can keep its registry slot).
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null && wait "${pids[i]}" 2>/dev/null
  done
  python3 "$(dirname "$0")/../lib/jack_reclaim.py" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
export JACK_DEFAULT_SERVER="rtjam-probe-$$"
passed=0; failed=0; skipped=0
check() { if eval "$1"; then echo "ok   $2"; passed=$((passed+1)); else echo "FAIL $2"; failed=$((failed+1)); fi; }
skip() { echo "skip: $*"; skipped=$((skipped+1)); }
# Cycles some client did not finish in time: a probe run spanning one measured the machine.
lost_cycles() { awk '/JackEngine::XRun/ { n++ } END { print n + 0 }' "$tmp/jackd.log"; }

period=128
# Real-time where permitted, as on a player's box (tests/lv2/lib.sh's spawn_jackd explains why).
jackd -n "$JACK_DEFAULT_SERVER" -R -P 70 -d dummy -r 48000 -p $period >"$tmp/jackd.log" 2>&1 &
pids+=($!)
if ! timeout 5 jack_wait -w >/dev/null 2>&1; then
  kill "${pids[-1]}" 2>/dev/null; wait "${pids[-1]}" 2>/dev/null; unset 'pids[-1]'
  jackd -n "$JACK_DEFAULT_SERVER" --no-realtime -d dummy -r 48000 -p $period >"$tmp/jackd.log" 2>&1 &
  pids+=($!)
  timeout 10 jack_wait -w >/dev/null 2>&1
fi
for delay in 1000 4321; do
  mkfifo "$tmp/in.$delay"
  sleep 1000 >"$tmp/in.$delay" &  # keeps jalv's stdin open
  pids+=($!)
  jalv -n "nd$delay" -c delay=$delay -c report_latency=0 http://gareus.org/oss/lv2/nodelay \
    <"$tmp/in.$delay" >"$tmp/jalv.$delay.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do jack_lsp 2>/dev/null | grep -q "nd$delay:out" && break; sleep 0.1; done
  # A measurement with an xrun (the probe's own count, or a lost cycle in jackd's log) is taken
  # again, at most 4 times; when none is clean the checks are skipped with the counts.
  counts=""
  clean=0
  for _ in 1 2 3 4; do
    x0=$(lost_cycles)
    out=$("$BIN/rtjam-probe" --send "nd$delay:in" --receive "nd$delay:out" --count 3 --json \
          --name "probe$delay" --max-latency 200)
    echo "$out"
    xr=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("xruns", 1))' "$out" 2>/dev/null || echo 1)
    xr=$((xr + $(lost_cycles) - x0))
    counts="$counts${counts:+ }$xr"
    if [ "$xr" -eq 0 ]; then clean=1; break; fi
  done
  if [ "$clean" = 0 ]; then
    skip "the probe through a $delay-frame delay: every one of 4 runs had xruns ($counts): this machine could not run it in real time"
    continue
  fi
  frames=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["latency_frames"])' "$out")
  found=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["found"], d["runs"])' "$out")
  gain=$(python3 -c 'import json,sys; print(abs(json.loads(sys.argv[1])["gain_db"]) < 0.1)' "$out")
  check '[ "$found" = "3 3" ]' "every run finds the probe signal through a $delay-frame delay (xruns per try: $counts)"
  check '[ "$frames" = "$((delay + period))" ]' "latency is $delay + $period = $((delay + period)) frames (got $frames)"
  check '[ "$gain" = True ]' "the path's gain is 0 dB within 0.1 dB"
done
nosig=$("$BIN/rtjam-probe" --send "nd1000:in" --receive "system:capture_1" --count 1 --json --name probe0 --max-latency 50)
rc=$?
check '[ $rc -eq 1 ]' "a path that carries no signal is reported as such (exit 1): $nosig"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
