#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# make demo: RTJam working, with one command. It uses the running JACK server if there is one
# (a real sound card), otherwise starts one with the dummy backend; starts rtjam-broadcast and
# two rtjam-hosts (players A and B) in one room; plays a 1 kHz test tone through A's pedal
# board (tools/demo/board.json); and prints, about every second, what B receives, the round trip the
# server measures, B's jitter-buffer depth, and the mouth-to-ear latency from A's input to B's
# output measured by rtjam-probe (the median of its last 5 bursts), and the dummy JACK server's
# xruns so far (a stall of the machine, which the figures around it measured). Ctrl-C stops
# everything it started.
#
# Environment: RTJAM_BIN, RTJAM_LV2 (set by make), DEMO_SECONDS (stop by itself after that
# many seconds; 0 = run until Ctrl-C).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${RTJAM_BIN:-$HERE/../../build/bin}
# Absolute: lilv takes a relative LV2_PATH entry for a URI and fails.
export LV2_PATH="$(cd "${RTJAM_LV2:-$HERE/../../build/lv2}" 2>/dev/null && pwd):/usr/lib/lv2"
WS="$HERE/../ws/rtjam_ws.py"
RUN_FOR=${DEMO_SECONDS:-0}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rtjam-demo.XXXXXX")
PIDS=()

# Newest first, one at a time: every JACK client is gone before jackd stops. (A jackd stopped
# while clients are still closing can keep its slot in JACK's registry of 8 servers, and after a
# few such runs no jackd starts: "Too many servers already active".)
# DEMO_PIDFILE=FILE: the PIDs of everything it started are added to it, so that a test can
# check that each one is gone after the demo (by PID: other demos may run on the machine).
cleanup() {
  local i
  [ -n "${DEMO_PIDFILE:-}" ] && printf '%s\n' "${PIDS[@]}" >>"$DEMO_PIDFILE"
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null
    wait "${PIDS[i]}" 2>/dev/null
  done
  [ -n "${DEMO_KEEP:-}" ] && echo "demo: logs kept in $TMP" || rm -rf "$TMP"
  echo "demo: stopped; every process it started is gone"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

die() { echo "demo: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
free_tcp_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for tool in jackd jack_lsp jack_connect jalv python3; do
  command -v "$tool" >/dev/null || die "$tool is missing: run 'make deps' as root"
done
[ -x "$BIN/rtjam-host" ] && [ -x "$BIN/rtjam-broadcast" ] && [ -x "$BIN/rtjam-probe" ] ||
  die "the binaries are missing in $BIN: run 'make'"

# JACK: a running server (a real sound card) if there is one, else the dummy backend.
if timeout 3 jack_lsp >/dev/null 2>&1; then
  echo "demo: using the running JACK server"
  CONNECT=()
else
  export JACK_DEFAULT_SERVER="rtjam-demo-$$"
  echo "demo: no JACK server running: starting '$JACK_DEFAULT_SERVER' (dummy backend, 48 kHz, 64 frames)"
  # Real-time scheduling where permitted, as on a real box (without it, any busy process on the
  # machine delays the dummy driver's cycles by milliseconds, and the jitter buffers grow to
  # match); else without.
  jackd -n "$JACK_DEFAULT_SERVER" -R -P 70 -d dummy -r 48000 -p 64 >"$TMP/jackd.log" 2>&1 &
  PIDS+=($!)
  if ! timeout 5 jack_wait -w >/dev/null 2>&1; then
    kill "${PIDS[-1]}" 2>/dev/null
    wait "${PIDS[-1]}" 2>/dev/null
    PIDS=("${PIDS[@]:0:${#PIDS[@]}-1}")
    echo "demo: no real-time scheduling here: running jackd without it (expect more jitter)"
    jackd -n "$JACK_DEFAULT_SERVER" --no-realtime -d dummy -r 48000 -p 64 >"$TMP/jackd.log" 2>&1 &
    PIDS+=($!)
    timeout 10 jack_wait -w >/dev/null 2>&1 || die "jackd did not start: $(tail -3 "$TMP/jackd.log")"
  fi
  CONNECT=(--no-connect)
fi

PORT=$(free_port)
WS_A=$(free_tcp_port)
WS_B=$(free_tcp_port)
# The server relays every packet of the room: on a busy machine a normally scheduled server
# is the largest source of jitter on loopback, so it runs SCHED_FIFO 50 (below JACK's 70 and
# the plugins' receive threads' 60) when permitted; DEMO_SERVER_RT=0 turns that off.
SERVER_RT=()
if [ "${DEMO_SERVER_RT:-1}" != 0 ] && chrt -f 50 true 2>/dev/null; then
  SERVER_RT=(chrt -f 50)
fi
"${SERVER_RT[@]}" "$BIN/rtjam-broadcast" --port "$PORT" --bind 127.0.0.1 --status-file "$TMP/status.json" \
  >"$TMP/server.log" 2>&1 &
PIDS+=($!)
echo "demo: rtjam-broadcast: room on udp/127.0.0.1:$PORT${SERVER_RT[*]:+ (${SERVER_RT[*]})}"
# A plays the tone through its board; B is the listener (on the sound card, if there is one).
"$BIN/rtjam-host" --jack-name rtjamA --ws-port "$WS_A" --no-connect --server 127.0.0.1 \
  --port "$PORT" --client-id 101 --board0 "$HERE/board.json" >"$TMP/hostA.log" 2>&1 &
PIDS+=($!)
"$BIN/rtjam-host" --jack-name rtjamB --ws-port "$WS_B" "${CONNECT[@]}" --server 127.0.0.1 \
  --port "$PORT" --client-id 202 >"$TMP/hostB.log" 2>&1 &
PIDS+=($!)
mkfifo "$TMP/tone.fifo"
exec {TONE_FD}<>"$TMP/tone.fifo"
jalv -n rtjamTone -c mode=0 http://gareus.org/oss/lv2/testsignal <"$TMP/tone.fifo" \
  >"$TMP/tone.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  ports=$(jack_lsp 2>/dev/null)
  grep -q '^rtjamA:in_1' <<<"$ports" && grep -q '^rtjamB:out_l' <<<"$ports" &&
    grep -q '^rtjamTone:out' <<<"$ports" && break
  sleep 0.1
done
# A busy JACK server can answer after jack_connect gave up: what counts is the connection seen.
for _ in $(seq 20); do
  jack_connect rtjamTone:out rtjamA:in_1 >/dev/null 2>&1
  jack_lsp -c rtjamTone:out 2>/dev/null | grep -q '^[[:space:]]*rtjamA:in_1$' && break
  sleep 0.2
done
jack_lsp -c rtjamTone:out 2>/dev/null | grep -q '^[[:space:]]*rtjamA:in_1$' ||
  die "cannot connect the test tone: $(tail -3 "$TMP/hostA.log")"
echo "demo: players A (client 101, websocket :$WS_A) and B (client 202, websocket :$WS_B) joined;"
echo "demo: a 1 kHz tone at -18 dBFS peak plays into A's board (Tone Stack -> Boost)."
echo "demo: player A's page, to play with its board while the demo runs: http://127.0.0.1:$WS_A/"
echo "demo: Ctrl-C stops."

# One status line per second. B's level of A, A's own send level and B's buffer come from the
# hosts' levelEvents; the round trip from the server's status file; mouth-to-ear from one
# long-running probe (A's input to B's output, through boards, network stage, server and
# jitter buffer), one MLS burst every 2 s. It stays connected: a JACK client that comes and goes
# changes the graph, which stalls every client for a cycle or more and disturbs what it measures.
start_probe() {
  "$BIN/rtjam-probe" --send rtjamA:in_1 --receive rtjamB:out_l --count 100 --interval 2 \
    --name rtjamProbe --level -30 --max-latency 300 --min-correlation 0.2 >"$TMP/probe.log" 2>&1 &
  PROBE_PID=$!
  PIDS+=($PROBE_PID)
}
start_probe
PERIOD=$(jack_bufsize 2>/dev/null | awk '{ print $NF }')
[ "${PERIOD:-0}" -gt 0 ] 2>/dev/null || PERIOD=64
RATE=$(jack_samplerate 2>/dev/null | awk '{ print $NF }')
[ "${RATE:-0}" -gt 0 ] 2>/dev/null || RATE=48000
start=$(date +%s)
while :; do
  elapsed=$(($(date +%s) - start))
  [ "$RUN_FOR" -gt 0 ] && [ "$elapsed" -ge "$RUN_FOR" ] && break
  kill -0 "$PROBE_PID" 2>/dev/null || start_probe # 100 bursts done: a new one
  # The median of the last 5 bursts: one burst caught in an xrun does not make the figure.
  m2e=$(awk '/^run [0-9]+: .*correlation/ && !/no signal/ { f[n % 5] = $3; n++ } /no signal/ { ns = 1 }
    END { k = n < 5 ? n : 5
          if (k == 0) { print (ns ? "no signal" : "measuring"); exit }
          for (i = 0; i < k; i++) for (j = i + 1; j < k; j++) if (f[j] < f[i]) { t = f[i]; f[i] = f[j]; f[j] = t }
          m = f[int(k / 2)]
          printf "%.2f ms (%d frames, %.1f periods)", 1000 * m / r, m, m / p }' \
    p="$PERIOD" r="$RATE" "$TMP/probe.log" 2>/dev/null)
  evA=$(python3 "$WS" 127.0.0.1 "$WS_A" send '{"param":1006,"iValue1":500}' expect levelEvent 3 2>/dev/null)
  evB=$(python3 "$WS" 127.0.0.1 "$WS_B" send '{"param":1006,"iValue1":500}' expect levelEvent 3 2>/dev/null)
  # The dummy JACK server's missed cycles so far (clients late, or the driver woken 250 us or
  # more late): a stall of the machine that the figures around it measured.
  xruns=$([ -f "$TMP/jackd.log" ] && awk '/JackEngine::XRun/ { n++ }
    /JackTimedDriver::Process XRun = / { for (i = 1; i < NF; i++) if ($i == "=" && $(i + 1) >= 250) n++ }
    END { print n + 0 }' "$TMP/jackd.log" || echo "?")
  python3 - "$evA" "$evB" "$TMP/status.json" "$PORT" "$elapsed" "$m2e" "$xruns" <<'PY'
import json, sys
ev_a, ev_b, status_path, port, elapsed, m2e, xruns = sys.argv[1:8]
def level_event(text):
    try:
        return json.loads(text)["levelEvent"]
    except Exception:
        return None
a, b = level_event(ev_a), level_event(ev_b)
sent = "%.1f dB" % a["roomInputLeft"] if a else "?"
heard, depth = "?", "?"
if b:
    for p in b["players"]:
        if p["clientId"] == 101:
            heard = "%.1f dB" % p["level0"]
            depth = "%.2f ms" % p["depth"]
            if "latency" in p:
                depth += " (jitter %.2f ms)" % p["latency"]["jitterMs"]
rtt = {}
try:
    st = json.load(open(status_path))
    for room in st["rooms"]:
        for m in room["members"]:
            rtt[m["client_id"]] = m["latency_ms"]
except Exception:
    pass
def ms(v):
    return "%.2f ms" % v if isinstance(v, (int, float)) else "?"
print("t=%3ss  A sends %s | B hears A at %s | server RTT A %s, B %s | B's buffer for A %s | "
      "mouth-to-ear %s | xruns %s" % (elapsed, sent, heard, ms(rtt.get(101)), ms(rtt.get(202)),
                                     depth, m2e, xruns), flush=True)
PY
  sleep 1
done
