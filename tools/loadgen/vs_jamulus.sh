#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Server CPU per jammer, side by side in one run: Jamulus 3.9.1 (its server and N real Jamulus
# clients on a dummy-backend JACK server at 48 kHz / 128 frames), then rtjam-broadcast with N
# rtjam-loadgen jammers at 128 frames, once with --no-gso (the sendmmsg path) and once with GSO.
# One room of N per system. The server's CPU (/proc/PID/task/*/schedstat) and its wake-ups (the
# times its threads blocked: voluntary context switches) are read over the same window length for
# all. Prints a Markdown table; asserts nothing.
#
#   tools/loadgen/vs_jamulus.sh [-t SECONDS] [-p FIRST_PORT] [-c one|own] [-a float|split]
#                               [-l "LOADGEN ARGS"] [ROOM_SIZES...]
#
#   Defaults: 10-s windows, ports 47100.., room sizes 4 and 8.
#   -c  the Jamulus clients' clocks: "one" dummy JACK server for all (default), or "own": one
#       per client, started one after another, so their periods fall at unrelated phases, as
#       the boxes of a real room do (the Jamulus counterpart of the loadgen's spread jammers).
#       JACK2 keeps 8 server slots per machine, so a room of 8 needs all of them free.
#   -a  where the processes run: "float" (default: wherever the scheduler puts them), or "split":
#       each server pinned to CPU 0, its clients (Jamulus clients and their jackd, or the
#       loadgen) to CPU 1, as a server on its own core whose players are elsewhere. Split, the
#       server never shares a CPU with its clients, so it is never preempted by the client it
#       just woke, but it pays an inter-processor interrupt whenever it wakes one.
#   -l  rtjam-loadgen arguments, default "--epoll": its jammers wait for datagrams and are woken
#       one datagram at a time, as the Jamulus clients (and rtjam-net) are, so each server pays
#       alike for waking its receivers over loopback.
#   RTJAM_BIN (default build/bin) selects our binaries. Needs Jamulus, jackd, jack_wait.
set -u
T=10 PORT=47100 LARGS="--epoll" CLOCKS=one AFFINITY=float
while getopts "t:p:l:c:a:" opt; do
  case $opt in
    t) T=$OPTARG ;; p) PORT=$OPTARG ;; l) LARGS=$OPTARG ;; c) CLOCKS=$OPTARG ;; a) AFFINITY=$OPTARG ;;
    *) sed -n '2,27p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
case $CLOCKS in one | own) ;; *) echo "-c takes one or own, not '$CLOCKS'" >&2; exit 2 ;; esac
SRV=() CLI=() # command prefixes that place the servers and the clients
case $AFFINITY in
  float) ;;
  split) SRV=(taskset -c 0) CLI=(taskset -c 1) ;;
  *) echo "-a takes float or split, not '$AFFINITY'" >&2; exit 2 ;;
esac
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(4 8)
BIN=${RTJAM_BIN:-build/bin}
# As root, everything runs in a private network namespace (only lo): no port clash with other
# processes, and the namespace's own UDP counters (/proc/net/snmp) count only this run.
if [ -z "${RTJAM_VSJAM_NS:-}" ] && [ "$(id -u)" = 0 ]; then
  ns="rtjam-vsjam-$$"
  if ip netns add "$ns" 2>/dev/null && ip netns exec "$ns" ip link set lo up 2>/dev/null; then
    BIN=$(cd "$BIN" && pwd)
    RTJAM_VSJAM_NS=$ns RTJAM_BIN=$BIN ip netns exec "$ns" "$0" -t "$T" -p "$PORT" -c "$CLOCKS" -a "$AFFINITY" \
      -l "$LARGS" \
      "${SIZES[@]}"
    rc=$?
    ip netns del "$ns"
    exit $rc
  fi
  ip netns del "$ns" 2>/dev/null
fi
for tool in Jamulus jackd jack_wait; do
  command -v "$tool" >/dev/null || { echo "$tool not found (make deps installs it)" >&2; exit 1; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rtjam-vsjam.XXXXXX")
PIDS=()
spawn() { "$@" & PIDS+=("$!"); }
# stop PID: SIGTERM, up to 3 s, then SIGKILL; reaps it.
stop() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}
cleanup() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop "${PIDS[i]}"; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# cpu_ns PID: CPU time of a process in ns, summed over its threads (/proc/PID/task/*/schedstat:
# ns on a CPU, exact, where /proc/PID/stat counts 10-ms ticks).
cpu_ns() {
  cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'
}
# sleeps PID: times its threads blocked (voluntary context switches, summed over threads): each
# is one wake-up to pay for when data or a timer arrives.
sleeps() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'
}
# per_s A B: (B - A) / T, rounded.
per_s() { awk -v a="$1" -v b="$2" -v t="$T" 'BEGIN { printf "%.0f", (b - a) / t }'; }

# start_jack NAME: a dummy-backend JACK server at 48 kHz / 128 frames, named NAME; waits for it.
start_jack() {
  spawn "${CLI[@]}" jackd -n "$1" --no-realtime -d dummy -r 48000 -p 128 >"$TMP/jackd-$1.log" 2>&1
  JACK_DEFAULT_SERVER=$1 jack_wait -w -t 10 >/dev/null 2>&1 ||
    { echo "jackd $1 did not start:" >&2; cat "$TMP/jackd-$1.log" >&2; exit 1; }
}
if [ "$CLOCKS" = one ]; then
  start_jack "rtjam-vsjam-$$"
  export JACK_DEFAULT_SERVER="rtjam-vsjam-$$"
fi

# 128-frame clients (prefsndcrdbufidx 1), mono, normal quality, fixed jitter buffers.
INI='<client>
 <autojitbuf>0</autojitbuf>
 <jitbuf>4</jitbuf>
 <jitbufserver>4</jitbufserver>
 <enableopussmall>0</enableopussmall>
 <prefsndcrdbufidx>1</prefsndcrdbufidx>
 <audiochannels>0</audiochannels>
 <audioquality>1</audioquality>
</client>'

echo "Server CPU per jammer, one room, 128 frames, ${T}-s windows ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
if [ "$CLOCKS" = one ]; then
  echo "Server CPU in ms/s per jammer. Jamulus: its clients on one JACK server. RTJam (loadgen $LARGS): jammers spread over the period, then in step (sent back to back)."
else
  echo "Server CPU in ms/s per jammer. Jamulus: each client on its own JACK server (unrelated phases). RTJam (loadgen $LARGS): jammers spread over the period, then in step (sent back to back)."
fi
if [ "$AFFINITY" = split ]; then
  echo "Placement: each server pinned to CPU 0, its clients to CPU 1."
else
  echo "Placement: floating (the scheduler's choice)."
fi
echo
echo "| room | Jamulus 3.9.1 | RTJam --no-gso, spread | RTJam GSO, spread | RTJam --no-gso, in step | RTJam GSO, in step | RTJam GSO / Jamulus (spread, in step) | server wake-ups/s: Jamulus; RTJam GSO spread, in step | RTJam loss % (max) |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
  # Jamulus: its server, then n clients; measure once all are streaming.
  jport=$PORT
  spawn "${SRV[@]}" Jamulus --nogui --server --port "$jport" >"$TMP/jserver-$n.log" 2>&1
  jpid=${PIDS[-1]}
  sleep 1
  cpids=()
  for k in $(seq 1 "$n"); do
    [ "$CLOCKS" = own ] && { start_jack "rtjam-vsjam-$$-$n-$k"; cpids+=("${PIDS[-1]}"); }
    printf '%s\n' "$INI" >"$TMP/jam$k.ini"
    [ "$CLOCKS" = own ] && export JACK_DEFAULT_SERVER="rtjam-vsjam-$$-$n-$k"
    spawn "${CLI[@]}" Jamulus --nogui --nojackconnect --port $((jport + 10 + k)) --connect "127.0.0.1:$jport" \
      --clientname "vs$k" --inifile "$TMP/jam$k.ini" >"$TMP/jclient-$n-$k.log" 2>&1
    cpids+=("${PIDS[-1]}")
  done
  sleep 6 # connect, settle the jitter buffers
  # Every client streams: the server receives n packets per 128-frame period (375/s each).
  rx0=$(awk '/^Udp:/ && ++i == 2 { print $2 }' /proc/net/snmp)
  c0=$(cpu_ns "$jpid") w0=$(sleeps "$jpid")
  sleep "$T"
  c1=$(cpu_ns "$jpid") w1=$(sleeps "$jpid")
  jwake=$(per_s "$w0" "$w1")
  rx1=$(awk '/^Udp:/ && ++i == 2 { print $2 }' /proc/net/snmp)
  jms=$(awk -v a="$c0" -v b="$c1" -v t="$T" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / 1e6 / t / n }')
  udp_rate=$(awk -v a="$rx0" -v b="$rx1" -v t="$T" 'BEGIN { printf "%.0f", (b - a) / t }')
  if [ "$udp_rate" -lt $((n * 375)) ]; then # under half the nominal rate: not a Jamulus room
    echo "Jamulus, room of $n: $udp_rate datagrams/s, not streaming; see its clients' output:" >&2
    tail -n 3 "$TMP/jclient-$n-1.log" >&2
    jms="no stream"
  fi
  for ((k = ${#cpids[@]} - 1; k >= 0; k--)); do stop "${cpids[k]}"; done # clients, then their jackd
  stop "$jpid"

  # RTJam: one server per mode, n loadgen jammers, the same window.
  declare -A MS=() WAKE=()
  worst=0
  for run in no-gso:spread gso:spread no-gso:in-step gso:in-step; do
    mode=${run%%:*}
    phase=""
    [ "${run#*:}" = in-step ] && phase="--in-step"
    flag=""
    [ "$mode" = no-gso ] && flag="--no-gso"
    rport=$((PORT + 100))
    # Every jammer comes from 127.0.0.1: lift the per-IP cap (default 4) so a room of 8 fills.
    # shellcheck disable=SC2086
    spawn "${SRV[@]}" "$BIN/rtjam-broadcast" --port "$rport" --threads 1 --max-per-ip 0 --log-level warn $flag
    rpid=${PIDS[-1]}
    sleep 0.5
    # The loadgen joins for 2 s, then measures for T s; the server's CPU is read over its window.
    # shellcheck disable=SC2086
    "${CLI[@]}" "$BIN/rtjam-loadgen" --port "$rport" --rooms 1 --jammers "$n" --frames 128 --seconds "$T" \
      --warmup 2 $phase $LARGS >"$TMP/loadgen-$n-$mode.log" 2>&1 &
    lpid=$!
    sleep 2.1
    c0=$(cpu_ns "$rpid") w0=$(sleeps "$rpid")
    sleep "$T"
    c1=$(cpu_ns "$rpid") w1=$(sleeps "$rpid")
    WAKE[$run]=$(per_s "$w0" "$w1")
    wait "$lpid"
    line=$(grep '^RESULT' "$TMP/loadgen-$n-$mode.log")
    MS[$run]=$(awk -v a="$c0" -v b="$c1" -v t="$T" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / 1e6 / t / n }')
    loss=$(sed -E "s/.* loss_pct=([^ ]+).*/\1/" <<<"$line")
    worst=$(awk -v a="$worst" -v b="$loss" 'BEGIN { print (b > a ? b : a) }')
    stop "$rpid"
  done
  ratio=$(awk -v a="${MS[gso:spread]}" -v c="${MS[gso:in-step]}" -v b="$jms" \
    'BEGIN { if (b > 0) printf "%.2fx, %.2fx", a / b, c / b }')
  echo "| $n | $jms | ${MS[no-gso:spread]} | ${MS[gso:spread]} | ${MS[no-gso:in-step]} |" \
    "${MS[gso:in-step]} | $ratio | $jwake; ${WAKE[gso:spread]}, ${WAKE[gso:in-step]} | $worst |"
  echo "  (room of $n, Jamulus: UDP datagrams received in the namespace: $udp_rate/s, nominal $((n * 375 * 2))/s)" >&2
done
