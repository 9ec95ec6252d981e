#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Load sweep of rtjam-broadcast with rtjam-loadgen: for rooms of N jammers, raises the number of
# rooms step by step until loss passes 0.1 %, and prints one Markdown table row per step.
# Prints figures only; asserts nothing.
#
#   tools/loadgen/bench.sh [-n JAMMERS] [-f FRAMES] [-t SECONDS] [-p FIRST_PORT]
#                          [-s "SERVER ARGS"] [-S SERVER_CPUS] [-L LOADGEN_CPUS] ROOMS...
#
#   -S/-L pin the server / the load generator with taskset (e.g. -S 0 -L 1); default: unpinned.
#   RTJAM_BIN (default build/bin) selects the binaries.
set -u
N=4 F=128 T=5 PORT=42000 SARGS="" SCPU="" LCPU=""
while getopts "n:f:t:p:s:S:L:" opt; do
  case $opt in
    n) N=$OPTARG ;; f) F=$OPTARG ;; t) T=$OPTARG ;; p) PORT=$OPTARG ;; s) SARGS=$OPTARG ;;
    S) SCPU=$OPTARG ;; L) LCPU=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "give the room counts to try, e.g. 10 20 30" >&2; exit 2; }
BIN=${RTJAM_BIN:-build/bin}
max=0
for r in "$@"; do [ "$r" -gt "$max" ] && max=$r; done
ports=()
for i in $(seq 0 $((max - 1))); do ports+=(--port $((PORT + i))); done

pin() { if [ -n "$1" ]; then echo "taskset -c $1"; fi; }
# shellcheck disable=SC2046,SC2086
$(pin "$SCPU") "$BIN/rtjam-broadcast" "${ports[@]}" --log-level warn $SARGS &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
sleep 0.5
kill -0 "$pid" 2>/dev/null || { echo "server did not start" >&2; exit 1; }

echo "| rooms x jammers | jammers | frames | sent pkt/s | forwarded pkt/s | loss % | p50 us | p99 us | server CPU % | server ns/fwd | loadgen CPU % |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for r in "$@"; do
  # shellcheck disable=SC2046
  line=$($(pin "$LCPU") "$BIN/rtjam-loadgen" --port "$PORT" --rooms "$r" --jammers "$N" \
    --frames "$F" --seconds "$T" --warmup 1.5 --server-pid "$pid" | grep '^RESULT')
  get() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$line"; }
  p50=$(get p50_us); [ "$p50" = 20000 ] && p50=">20000"
  p99=$(get p99_us); [ "$p99" = 20000 ] && p99=">20000"
  echo "| $r x $N | $(get total) | $F | $(get sent_pps) | $(get fwd_pps) | $(get loss_pct) |" \
    "$p50 | $p99 | $(get server_cpu_pct) | $(get server_ns_per_fwd) |" \
    "$(get loadgen_cpu_pct) |"
  if awk -v l="$(get loss_pct)" 'BEGIN { exit !(l > 0.1) }'; then
    break
  fi
  sleep 1.2 # let the previous jammers expire (1 s)
done
