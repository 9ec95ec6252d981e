#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Load sweep of rtjam-broadcast with rtjam-loadgen: for rooms of N jammers, raises the number of
# rooms step by step until loss passes 0.1 %, and prints one Markdown table row per step and
# server mode. By default two servers run side by side, one with --no-gso (the sendmmsg path)
# and one with UDP GSO, and each step measures both, one after the other, under the same load;
# the GSO row ends with the gain: the --no-gso server's ns per forwarded packet over the GSO
# server's. Prints figures only; asserts nothing.
#
#   tools/loadgen/bench.sh [-n JAMMERS] [-f FRAMES] [-t SECONDS] [-p FIRST_PORT]
#                          [-s "SERVER ARGS"] [-l "LOADGEN ARGS"] [-m "MODES"]
#                          [-S SERVER_CPUS] [-L LOADGEN_CPUS] [-R RT_PRIORITY] ROOMS...
#
#   -m  server modes, in the order measured: "no-gso gso" (default), "gso" or "no-gso".
#   -S/-L pin the servers / the load generator with taskset (e.g. -S 0 -L 1); default: unpinned.
#   -l  extra rtjam-loadgen arguments, e.g. "--gro" (UDP_GRO on the jammer sockets).
#   -s "--room-mode mix" measures mix mode: the loadgen counts the mix (--mix), the rows say "mix".
#   -R  run the servers' workers (--rt-priority) and the load generator (chrt -f) SCHED_FIFO at
#       this priority, so that other busy processes on a shared machine do not starve them.
#   The mode measured k-th uses ports FIRST_PORT + 1000 * (k - 1) onwards. As root the run
#   goes into a private network namespace (only lo), so no other process holds those ports.
#   RTJAM_BIN (default build/bin) selects the binaries.
set -u
N=4 F=128 T=5 PORT=42000 SARGS="" LARGS="" MODES="no-gso gso" SCPU="" LCPU="" RT=""
while getopts "n:f:t:p:s:l:m:S:L:R:" opt; do
  case $opt in
    n) N=$OPTARG ;; f) F=$OPTARG ;; t) T=$OPTARG ;; p) PORT=$OPTARG ;; s) SARGS=$OPTARG ;;
    l) LARGS=$OPTARG ;; m) MODES=$OPTARG ;; S) SCPU=$OPTARG ;; L) LCPU=$OPTARG ;; R) RT=$OPTARG ;;
    *) sed -n "2,23p" "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "give the room counts to try, e.g. 10 20 30" >&2; exit 2; }
BIN=${RTJAM_BIN:-build/bin}
if [ -z "${RTJAM_BENCH_NS:-}" ] && [ "$(id -u)" = 0 ]; then
  ns="rtjam-bench-$$"
  if ip netns add "$ns" 2>/dev/null && ip netns exec "$ns" ip link set lo up 2>/dev/null; then
    BIN=$(cd "$BIN" && pwd)
    RTJAM_BENCH_NS=$ns RTJAM_BIN=$BIN ip netns exec "$ns" "$0" -n "$N" -f "$F" -t "$T" -p "$PORT" \
      -s "$SARGS" -l "$LARGS" -m "$MODES" ${SCPU:+-S "$SCPU"} ${LCPU:+-L "$LCPU"} ${RT:+-R "$RT"} "$@"
    rc=$?
    ip netns del "$ns"
    exit $rc
  fi
  ip netns del "$ns" 2>/dev/null
fi
# Mix mode (the server mixes each room, §4.6): the load generator counts the mix instead.
MIXLABEL=""
case " $SARGS " in
  *" --room-mode mix "*) MIXLABEL=" mix"; LARGS="$LARGS --mix" ;;
esac
max=0
for r in "$@"; do [ "$r" -gt "$max" ] && max=$r; done

pin() { if [ -n "$1" ]; then echo "taskset -c $1"; fi; }
rt_server=""
rt_loadgen=""
if [ -n "$RT" ]; then
  rt_server="--rt-priority $RT"
  rt_loadgen="chrt -f $RT"
fi
pids=()
stop_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
}
trap stop_all EXIT
declare -A PID BASE ALIVE
k=0
for mode in $MODES; do
  case $mode in
    gso) flag="" ;; no-gso) flag="--no-gso" ;;
    *) echo "unknown mode '$mode' (gso or no-gso)" >&2; exit 2 ;;
  esac
  BASE[$mode]=$((PORT + 1000 * k))
  ports=()
  for i in $(seq 0 $((max - 1))); do ports+=(--port $((BASE[$mode] + i))); done
  # Every jammer comes from 127.0.0.1: lift the per-IP cap (default 4) so rooms over 4 fill.
  # shellcheck disable=SC2046,SC2086
  $(pin "$SCPU") "$BIN/rtjam-broadcast" "${ports[@]}" --max-per-ip 0 --log-level warn $flag $rt_server $SARGS &
  PID[$mode]=$!
  pids+=("${PID[$mode]}")
  ALIVE[$mode]=1
  k=$((k + 1))
done
sleep 0.5
for mode in $MODES; do
  kill -0 "${PID[$mode]}" 2>/dev/null || { echo "server ($mode) did not start" >&2; exit 1; }
done

echo "| rooms x jammers | jammers | frames | server | sent pkt/s | forwarded pkt/s | loss % | p50 us | p99 us | server CPU % | server ns/fwd | loadgen CPU % | GSO gain |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for r in "$@"; do
  declare -A NS=()
  any=0
  for mode in $MODES; do
    [ "${ALIVE[$mode]}" = 1 ] || continue
    any=1
    # shellcheck disable=SC2046,SC2086
    line=$($(pin "$LCPU") $rt_loadgen "$BIN/rtjam-loadgen" --port "${BASE[$mode]}" --rooms "$r" --jammers "$N" \
      --frames "$F" --seconds "$T" --warmup 1.5 --server-pid "${PID[$mode]}" $LARGS | grep '^RESULT')
    get() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$line"; }
    p50=$(get p50_us); [ "$p50" = 20000 ] && p50=">20000"
    p99=$(get p99_us); [ "$p99" = 20000 ] && p99=">20000"
    NS[$mode]=$(get server_ns_per_fwd)
    gain=""
    if [ "$mode" = gso ] && [ -n "${NS[no-gso]:-}" ]; then
      gain=$(awk -v a="${NS[no-gso]}" -v b="${NS[gso]}" 'BEGIN { if (b > 0) printf "%.2fx", a / b }')
    fi
    echo "| $r x $N | $(get total) | $F | $mode$MIXLABEL | $(get sent_pps) | $(get fwd_pps) |" \
      "$(get loss_pct) | $p50 | $p99 | $(get server_cpu_pct) | ${NS[$mode]} |" \
      "$(get loadgen_cpu_pct) | $gain |"
    if awk -v l="$(get loss_pct)" 'BEGIN { exit !(l > 0.1) }'; then
      ALIVE[$mode]=0 # this server is past its ceiling: stop loading it
    fi
    sleep 1.2 # let these jammers expire (1 s) before the next run
  done
  [ "$any" = 1 ] || break
  alive=0
  for mode in $MODES; do [ "${ALIVE[$mode]}" = 1 ] && alive=1; done
  [ "$alive" = 1 ] || break
done
