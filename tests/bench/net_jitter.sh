#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Jitter-buffer benchmark (issue 7): RTJam's network stage next to Jamulus 3.9.1 and JackTrip
# 1.7.0 from Debian, measured in the same run, over the same impaired loopback paths.
#
#   tests/bench/net_jitter.sh          (make bench / make bench-net give it RTJAM_BIN, RTJAM_LV2)
#
# Every system runs alone under its own dummy jackd (-r 48000 -p 64). Audio from player A to
# player B crosses two rtjam-netsim links (A's and B's link to the server; for JackTrip's
# peer-to-peer mode, two relays in series), with fixed seeds. Per system and profile:
#   - end-to-end latency, A's input port to B's output port, by rtjam-probe (MLS correlation);
#   - added buffering latency: end-to-end minus the clean-path end-to-end minus the measured
#     mean network delay of the profile (tests/bench/net/netpath.py, same relays and seeds);
#     for rtjam also the plugin's own depth_01;
#   - glitch rate: a steady 1 kHz sine into A, B's output recorded with jack_rec, 64-frame blocks
#     whose sine-recurrence residual or level breaks (tests/bench/net/glitch.py), in % of blocks,
#     with a threshold set from each system's own clean-path residual; for rtjam also the
#     plugin's lost + underrun counters in % of packets.
# Prints figures and a Markdown table (also written to $RTJAM_BUILD/bench/net_table.md); asserts
# nothing timing-based. A system that cannot start is reported as such. Environment knobs:
#   RTJAM_BENCH_SYSTEMS ("rtjam jamulus jacktrip"),
#   RTJAM_BENCH_PROFILES ("clean lan wan wifi spiky stall clean-hogs wifi-hogs"; a "-hogs"
#   profile is its base profile with two CPU hogs, stress-ng --cpu 2 or busy loops, running
#   for the whole run),
#   RTJAM_BENCH_WARM (s, 4), RTJAM_BENCH_REC (s, 10), RTJAM_BENCH_PORT (first UDP port, 41500),
#   RTJAM_BENCH_SERVER_RT (1: both room servers, rtjam-broadcast and Jamulus --server, run
#   SCHED_FIFO 50 when permitted, as on a server box; 0: normally scheduled),
#   RTJAM_BENCH_RELAY_RT (1, the default: the rtjam-netsim relays, which stand for the network,
#   run SCHED_FIFO 50 too when permitted, so this machine's load delays them as little as it
#   can, as in net_impair.sh; 0: normally scheduled. Each relay reports how late it released
#   datagrams against the profile's schedule, release_late_max_ms and released_2ms_late in its
#   counters: normally scheduled under two CPU hogs, 34-1474 ms late, which the systems then
#   conceal as path stalls),
#   RTJAM_BENCH_KEEP (1: each run's recording, rec.wav, is kept with its logs in
#   $RTJAM_BUILD/bench/net-logs/SYSTEM-PROFILE/, and record.py adds the glitch blocks' indices,
#   "bad", to the run's JSON line).
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../integration/net/lib.sh
. "$HERE/../integration/net/lib.sh"
BENCH="$HERE/net"

PERIOD=64
WARM=${RTJAM_BENCH_WARM:-4}
REC=${RTJAM_BENCH_REC:-10}
SYSTEMS=${RTJAM_BENCH_SYSTEMS:-rtjam jamulus jacktrip}
PROFILES=${RTJAM_BENCH_PROFILES:-clean lan wan wifi spiky stall clean-hogs wifi-hogs}
PORT0=${RTJAM_BENCH_PORT:-41500}
OUT="${RTJAM_BUILD:-build}/bench"
mkdir -p "$OUT"
RESULTS="$OUT/net_results.jsonl"
: >"$RESULTS"
export RTJAM_BENCH_RESULTS="$RESULTS"
ROOT_TMP=$T_TMP
SERVER_RT=()
if [ "${RTJAM_BENCH_SERVER_RT:-1}" != 0 ] && chrt -f 50 true 2>/dev/null; then
  SERVER_RT=(chrt -f 50)
fi
RELAY_RT=()
if [ "${RTJAM_BENCH_RELAY_RT:-1}" != 0 ] && chrt -f 50 true 2>/dev/null; then
  RELAY_RT=(chrt -f 50)
fi
trap 'T_TMP=$ROOT_TMP; lv2_cleanup' EXIT

# profile_args NAME: rtjam-netsim options of one link (every link of a path gets the same
# options and its own seed). "clean" has no relay at all; NAME-hogs is NAME's path.
profile_args() {
  case "${1%-hogs}" in
    lan) echo "--delay 0.2 --jitter 0.1 --keep-order" ;;
    wan) echo "--delay 20 --jitter 2 --loss 0.1 --keep-order" ;;
    wifi) echo "--delay 8 --jitter 8 --shape uniform --loss 1 --burst 3 --keep-order" ;;
    spiky) echo "--delay 10 --jitter 2 --shape pareto --loss 0.1 --keep-order" ;;
    stall) echo "--delay 5 --jitter 0.5 --keep-order --stall 200/10" ;;
    *) echo "" ;;
  esac
}
profile_text() {
  case "$1" in
    clean) echo "clean loopback, no relay" ;;
    lan) echo "LAN: 0.2 ms + normal jitter sigma 0.1 ms per link" ;;
    wan) echo "good WAN: 20 ms + normal jitter sigma 2 ms, 0.1% loss per link" ;;
    wifi) echo "busy Wi-Fi: 8 ms + uniform jitter +-8 ms, 1% loss in bursts of 3 per link" ;;
    spiky) echo "spiky: 10 ms + Pareto jitter (mean 2 ms, rare 50-100 ms spikes), 0.1% loss per link" ;;
    stall) echo "stall: 5 ms + normal jitter sigma 0.5 ms; the path freezes 200 ms every 10 s, then releases its backlog" ;;
    *-hogs) echo "$(profile_text "${1%-hogs}") + two CPU hogs on the machine" ;;
  esac
}

# start_hogs: two CPU hogs for the rest of the run (stopped by run_end).
start_hogs() {
  if command -v stress-ng >/dev/null; then
    spawn stress-ng --cpu 2 --cpu-method loop --quiet
  else
    spawn bash -c 'while :; do :; done'
    spawn bash -c 'while :; do :; done'
  fi
}

# stall_series FILE UNTIL: one rtjam-probe measurement after another until UNTIL (epoch s),
# each line "seconds-since-the-relays-started latency-ms" ("nan" when not found).
stall_series() {
  local out
  : >"$1"
  while python3 -c 'import sys,time; sys.exit(0 if time.time() < float(sys.argv[1]) else 1)' "$2"; do
    out=$("$RTJAM_BIN/rtjam-probe" --send "$SEND" --receive "$RECV" --count 1 --interval 0 --json \
      --name bprobe --max-latency 400 --min-correlation 0.2 2>/dev/null)
    python3 -c 'import json,sys,time
try: d = json.loads(sys.argv[1])
except Exception: d = {}
lat = d.get("latency_ms") if d.get("found", 0) > 0 else None
print("%.3f %s" % (time.time() - float(sys.argv[2]), "nan" if lat is None else "%.3f" % lat))' "$out" "$RELAY_T0" >>"$1"
  done
}

run_no=0
# run_begin: a fresh dummy jackd and temp directory for one system x profile.
run_begin() {
  run_no=$((run_no + 1))
  RUN_MARK=${#T_PIDS[@]}
  T_TMP="$ROOT_TMP/run$run_no"
  mkdir -p "$T_TMP"
  PB=$((PORT0 + (run_no % 10) * 10)) # this run's ports: PB .. PB+9
  export JACK_DEFAULT_SERVER="rtjam-bench-$$-$run_no"
  local try
  for try in 1 2; do
    # Real-time scheduling when permitted (-R, as on a player's box): the audio threads of all
    # three systems then do not queue behind the benchmark's own processes. $JACK_RT_FLAGS
    # stays at --no-realtime after a refusal.
    spawn jackd -n "$JACK_DEFAULT_SERVER" ${JACK_RT_FLAGS:--R -P 70} -d dummy -r 48000 -p $PERIOD \
      >"$T_TMP/jackd.log" 2>&1
    if ! jack_wait -w -t 5 >/dev/null 2>&1 && [ -z "${JACK_RT_FLAGS:-}" ]; then
      stop_pid "$SPAWNED"
      JACK_RT_FLAGS=--no-realtime
      echo "     (no real-time scheduling here: jackd runs with --no-realtime)"
      spawn jackd -n "$JACK_DEFAULT_SERVER" --no-realtime -d dummy -r 48000 -p $PERIOD \
        >"$T_TMP/jackd.log" 2>&1
    fi
    if jack_wait -w -t 10 >/dev/null 2>&1; then
      start_jalv sig http://gareus.org/oss/lv2/testsignal -c mode=0 >/dev/null || return 1
      return 0
    fi
    # A full JACK server registry (slots of killed servers): free the dead slots, try again.
    if [ "$try" = 1 ] && grep -q "Too many servers" "$T_TMP/jackd.log"; then
      echo "     (JACK registry full of dead servers: freed $(python3 "$BENCH/../../lib/jack_reclaim.py") slots)"
      continue
    fi
    break
  done
  echo "     jackd does not start: $(head -n 3 "$T_TMP/jackd.log" | tr '\n' ' ')"
  return 1
}

# stop_pid PID: SIGTERM, then SIGKILL if it is still there after 3 s; reaps it.
stop_pid() {
  local i
  kill "$1" 2>/dev/null || { wait "$1" 2>/dev/null; return 0; }
  for ((i = 0; i < 30; i++)); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

# run_end: stops this run's processes, newest first, and closes its jalv FIFOs.
run_end() {
  local i name
  # One at a time, newest first, so that the clients leave before their jackd does.
  for ((i = ${#T_PIDS[@]} - 1; i >= RUN_MARK; i--)); do stop_pid "${T_PIDS[i]}"; done
  T_PIDS=("${T_PIDS[@]:0:RUN_MARK}")
  local fd
  for name in "${!JALV_FD[@]}"; do
    fd=${JALV_FD[$name]}
    exec {fd}>&-
    unset "JALV_FD[$name]"
  done
  # A jackd that does not shut down cleanly (SIGKILL, or SIGTERM with clients still attached
  # was seen to) leaves its slot in the JACK registry, and a uniquely named server never gets
  # it back; after 8 no jackd starts. Free the slots of servers that are gone.
  python3 "$BENCH/../../lib/jack_reclaim.py" >/dev/null
}

# relay NAME LISTEN SERVER PROFILE SEED: one impaired link; its counters go to NAME.out.
# RELAY_T0 (epoch s) is when the run's first relay started (the stall profile's clock).
relay() {
  [ -n "${RELAY_T0:-}" ] || RELAY_T0=$(date +%s.%N)
  # shellcheck disable=SC2046
  spawn "${RELAY_RT[@]}" "$RTJAM_BIN/rtjam-netsim" --listen "127.0.0.1:$2" --server "127.0.0.1:$3" \
    $(profile_args "$4") --seed "$5" >"$T_TMP/$1.out" 2>"$T_TMP/$1.err"
}

# attach SRC DST: connects two ports, retrying until JACK lists the connection (5 s at most).
attach() {
  local i
  for ((i = 0; i < 25; i++)); do
    jack_connect "$1" "$2" >/dev/null 2>&1
    jack_lsp -c "$1" 2>/dev/null | grep -qxF "   $2" && return 0
    sleep 0.2
  done
  echo "     could not connect $1 to $2"
  return 1
}

# wait_log FILE TEXT: true once FILE holds TEXT (10 s at most).
wait_log() {
  local i
  for ((i = 0; i < 100; i++)); do
    grep -qF "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# wait_port NAME: true once JACK has the port (10 s at most).
wait_port() {
  local i
  for ((i = 0; i < 100; i++)); do
    jack_lsp 2>/dev/null | grep -qxF "$1" && return 0
    sleep 0.1
  done
  return 1
}

# Each start_SYSTEM PROFILE sets IN_PORTS (where the sine goes), SEND (the probe's input
# port on A) and RECV (B's output port), or returns non-zero with WHY set.
start_rtjam() {
  local srv=$PB conn_a=$PB conn_b=$PB
  spawn "${SERVER_RT[@]}" "$RTJAM_BIN/rtjam-broadcast" --port "$srv" >"$T_TMP/server.log" 2>&1
  if [ "$1" != clean ]; then
    conn_a=$((PB + 1)) conn_b=$((PB + 2))
    relay linkA "$conn_a" "$srv" "$1" 11
    relay linkB "$conn_b" "$srv" "$1" 12
  fi
  room_state "$T_TMP/stateA" 101 "$conn_a"
  room_state "$T_TMP/stateB" 202 "$conn_b"
  { start_jalv netA "$NET" -l "$T_TMP/stateA" -c packet_frames=$PERIOD >"$T_TMP/start.log" &&
    start_jalv netB "$NET" -l "$T_TMP/stateB" -c packet_frames=$PERIOD >>"$T_TMP/start.log"; } ||
    { WHY="jalv does not start rtjam-net: $(tr "\n" " " <"$T_TMP/start.log" | cut -c1-300)"; return 1; }
  IN_PORTS=(netA:in_1)
  SEND=netA:in_1
  RECV=netB:out_l
}

JAMULUS_INI='<client>
 <autojitbuf>1</autojitbuf>
 <enableopussmall>1</enableopussmall>
 <prefsndcrdbufidx>1</prefsndcrdbufidx>
 <audiochannels>0</audiochannels>
 <audioquality>1</audioquality>
 <newclientlevel>100</newclientlevel>
 <inputboost>1</inputboost>
 <audfad>50</audfad>
</client>'

start_jamulus() {
  command -v Jamulus >/dev/null || { WHY="Jamulus not installed (apt-get install jamulus)"; return 1; }
  local srv=$PB conn_a=$PB conn_b=$PB c
  spawn "${SERVER_RT[@]}" Jamulus --nogui --server --fastupdate --port "$srv" >"$T_TMP/server.log" 2>&1
  if [ "$1" != clean ]; then
    conn_a=$((PB + 1)) conn_b=$((PB + 2))
    relay linkA "$conn_a" "$srv" "$1" 11
    relay linkB "$conn_b" "$srv" "$1" 12
  fi
  sleep 0.5
  for c in A B; do
    printf '%s\n' "$JAMULUS_INI" >"$T_TMP/jam$c.ini"
  done
  spawn Jamulus --nogui --nojackconnect --port $((PB + 3)) --connect "127.0.0.1:$conn_a" \
    --clientname jamA --inifile "$T_TMP/jamA.ini" >"$T_TMP/jamA.log" 2>&1
  spawn Jamulus --nogui --nojackconnect --port $((PB + 4)) --connect "127.0.0.1:$conn_b" \
    --clientname jamB --inifile "$T_TMP/jamB.ini" >"$T_TMP/jamB.log" 2>&1
  IN_PORTS=("Jamulus jamA:input left" "Jamulus jamA:input right")
  SEND="Jamulus jamA:input left"
  RECV="Jamulus jamB:output left"
  RTT_RECV="Jamulus jamA:output left"
  { wait_port "$SEND" && wait_port "$RECV"; } ||
    { WHY="Jamulus clients have no JACK ports: $(tail -n 2 "$T_TMP/jamA.log" | tr '\n' ' ')"; return 1; }
}

start_jacktrip() {
  command -v jacktrip >/dev/null || { WHY="jacktrip not installed (apt-get install jacktrip)"; return 1; }
  # Peer-to-peer: A is the -s side on PB, B (-c) sends to the first relay; the two relays in
  # series give the path the same two impaired links as a client -> server -> client path.
  local conn=$PB
  local opts=(-n 1 -q auto -D)
  if [ "$1" != clean ]; then
    conn=$((PB + 1))
    relay linkA $((PB + 2)) "$PB" "$1" 11
    relay linkB "$conn" $((PB + 2)) "$1" 12
  fi
  spawn jacktrip -s -B "$PB" -J jtA "${opts[@]}" >"$T_TMP/jtA.log" 2>&1
  sleep 0.5
  spawn jacktrip -c 127.0.0.1 -P "$conn" -B $((PB + 3)) -J jtB "${opts[@]}" >"$T_TMP/jtB.log" 2>&1
  IN_PORTS=(jtA:send_1)
  SEND=jtA:send_1
  RECV=jtB:receive_1
  { wait_log "$T_TMP/jtA.log" "Received Connection from Peer" &&
    wait_log "$T_TMP/jtB.log" "Received Connection from Peer" &&
    wait_port "$SEND" && wait_port "$RECV"; } ||
    { WHY="JackTrip peers have no JACK ports: $(tail -n 2 "$T_TMP/jtB.log" | tr '\n' ' ')"; return 1; }
}

# save_logs SYSTEM PROFILE: keeps the run's logs, relay counters and ini files.
save_logs() {
  mkdir -p "$OUT/net-logs/$1-$2"
  cp "$T_TMP"/*.log "$T_TMP"/*.out "$T_TMP"/*.err "$T_TMP"/*.ini "$OUT/net-logs/$1-$2/" 2>/dev/null
  if [ "${RTJAM_BENCH_KEEP:-0}" = 1 ] && [ -f "$T_TMP/rec.wav" ]; then
    cp "$T_TMP/rec.wav" "$OUT/net-logs/$1-$2/"
  fi
}

# measure SYSTEM PROFILE: one run; appends a JSON line to $RESULTS.
measure() {
  local sys=$1 prof=$2 p lost0=0 under0=0 lost1=0 under1=0 depth=0 jit=0 lat rec=""
  WHY=""
  RTT_RECV=""
  RELAY_T0=""
  if ! run_begin; then
    echo "{\"system\":\"$sys\",\"profile\":\"$prof\",\"error\":\"jackd or the test signal does not start\"}" >>"$RESULTS"
    run_end
    save_logs "$sys" "$prof"
    return
  fi
  if ! "start_$sys" "${prof%-hogs}"; then
    echo "     $sys/$prof: $WHY"
    python3 -c 'import json,sys; print(json.dumps({"system":sys.argv[1],"profile":sys.argv[2],"error":sys.argv[3]}))' \
      "$sys" "$prof" "$WHY" >>"$RESULTS"
    run_end
    save_logs "$sys" "$prof"
    return
  fi
  [[ "$prof" == *-hogs ]] && start_hogs
  for p in "${IN_PORTS[@]}"; do attach sig:out "$p"; done
  sleep "$WARM"
  if [ "$sys" = rtjam ]; then
    read -r lost0 under0 <<<"$(monitors netB lost underruns | tr '\n' ' ')"
  fi
  timeout $((REC + 20)) jack_rec -b 32 -B 262144 -f "$T_TMP/rec.wav" -d "$REC" sig:out "$RECV" >/dev/null 2>&1
  if [ "$sys" = rtjam ]; then
    read -r lost1 under1 depth jit <<<"$(monitors netB lost underruns depth_01 jitter_01 | tr '\n' ' ')"
  fi
  for p in "${IN_PORTS[@]}"; do jack_disconnect sig:out "$p" >/dev/null 2>&1; done
  lat=$("$RTJAM_BIN/rtjam-probe" --send "$SEND" --receive "$RECV" --count 5 --json --name bprobe \
    --max-latency 400 --min-correlation 0.2 2>/dev/null)
  [ -n "$lat" ] || lat='{}'
  if [ -n "${RTT_RECV:-}" ] && [ "$prof" = clean ]; then
    # Jamulus's server mix includes A itself: A's round trip, for the anchor of ~7 periods.
    rtt=$("$RTJAM_BIN/rtjam-probe" --send "$SEND" --receive "$RTT_RECV" --count 3 --json --name bprobe \
      --max-latency 400 --min-correlation 0.2 2>/dev/null)
    echo "     $sys clean round trip A in -> server -> A out: $rtt"
  fi
  if [ "$prof" = stall ] && [ -n "${RELAY_T0:-}" ]; then
    # The freezes come every 10 s after the relays started: probe one measurement after
    # another from now until 9.5 s after the next freeze that leaves 3 s of steady figures
    # before it.
    local freeze
    freeze=$(python3 -c 'import math,sys,time; t = time.time() - float(sys.argv[1]); print(10 * math.ceil((t + 3) / 10))' "$RELAY_T0")
    stall_series "$T_TMP/stall_series.log" "$(python3 -c 'import sys; print(float(sys.argv[1]) + float(sys.argv[2]) + 9.5)' "$RELAY_T0" "$freeze")"
    rec=$(python3 "$BENCH/recovery.py" "$T_TMP/stall_series.log" "$(python3 -c 'import sys; print(float(sys.argv[1]) + 0.2)' "$freeze")")
    echo "     $sys stall: return to steady latency after the freeze at $freeze s: $rec"
  fi
  run_end # the relays print their counters when they stop
  save_logs "$sys" "$prof"
  python3 "$BENCH/record.py" "$sys" "$prof" "$T_TMP" "$lat" "$REC" "$PERIOD" \
    "$lost0" "$lost1" "$under0" "$under1" "$depth" "$jit" |
    python3 -c 'import json,sys
r = json.loads(sys.stdin.read())
if sys.argv[1]:
    r["stall"] = json.loads(sys.argv[1])
print(json.dumps(r))' "$rec" >>"$RESULTS"
  python3 "$BENCH/report.py" --line "$RESULTS"
}

need jackd jack_wait jack_lsp jack_connect jack_disconnect jack_rec jalv python3 || { finish; exit; }
echo "jitter-buffer benchmark: dummy jackd 48 kHz / $PERIOD frames, $WARM s warm-up, $REC s recorded per run"
echo "systems: $SYSTEMS; profiles: $PROFILES; room servers: ${SERVER_RT[*]:-normal scheduling}; relays: ${RELAY_RT[*]:-normal scheduling}"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
for v in "Jamulus --version" "jacktrip --version"; do
  $v 2>/dev/null | grep -iE 'version|jamulus' | head -n 1 | sed 's/^/  /'
done

# The profiles' network paths alone: the same two relays with the same options and seeds.
NETPATH="$OUT/net_paths.jsonl"
: >"$NETPATH"
for prof in $PROFILES; do
  [ "${prof%-hogs}" = clean ] && continue
  [[ "$prof" == *-hogs ]] && continue # the same path as its base profile
  secs=4
  [ "$prof" = stall ] && secs=12 # one freeze (at 10 s) in the sample
  T_TMP="$ROOT_TMP/path-$prof"
  mkdir -p "$T_TMP"
  RUN_MARK=${#T_PIDS[@]}
  relay linkB $((PORT0 + 1)) $((PORT0 + 2)) "$prof" 12
  relay linkA $((PORT0 + 2)) $((PORT0 + 3)) "$prof" 11
  sleep 0.3
  path=$(python3 "$BENCH/netpath.py" $((PORT0 + 1)) $((PORT0 + 3)) "$secs")
  run_end
  echo "{\"profile\":\"$prof\",\"path\":$path}" >>"$NETPATH"
  echo "  path $prof ($(profile_text "$prof")): $path"
done

for sys in $SYSTEMS; do
  for prof in $PROFILES; do
    measure "$sys" "$prof"
  done
done

echo
python3 "$BENCH/report.py" "$RESULTS" "$NETPATH" | tee "$OUT/net_table.md"
T_TMP=$ROOT_TMP
# Only our own system is required to work: the others are reported when they cannot run.
if [[ " $SYSTEMS " == *" rtjam "* ]]; then
  missing=$(python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["system"] == "rtjam" and ("out" not in r or r.get("probe", {}).get("found", 0) == 0):
        n += 1
print(n)' "$RESULTS")
  check "rtjam gave figures in every profile ($missing runs without)" test "$missing" = 0
fi
echo "table: $OUT/net_table.md; raw figures: $RESULTS, $NETPATH; logs: $OUT/net-logs/"
finish
