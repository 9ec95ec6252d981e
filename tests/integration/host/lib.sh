# SPDX-License-Identifier: ISC
# Shared by tests/integration/host_*.sh (sourced): a dummy JACK server, rtjam-broadcast,
# rtjam-host instances and a test tone, all started by PID and killed in the trap of
# tests/lv2/lib.sh; a websocket helper (tools/ws/rtjam_ws.py, standard library only).
. "$(dirname "${BASH_SOURCE[0]}")/../../lv2/lib.sh"
HOST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LV2_PATH="$RTJAM_LV2:/usr/lib/lv2"
: "${RTJAM_BIN:?RTJAM_BIN must name the directory holding the binaries (run through make check)}"

# ws PORT OP...: runs tools/ws/rtjam_ws.py against a host's control port.
ws() {
  local port=$1
  shift
  timeout 30 python3 "$HOST_DIR/../../../tools/ws/rtjam_ws.py" 127.0.0.1 "$port" "$@"
}

# start_jackd: a dummy JACK server named $JACK_DEFAULT_SERVER at 48 kHz / 64 frames (spawn_jackd).
start_jackd() {
  spawn_jackd 48000 64
}

# start_server PORT: rtjam-broadcast on loopback.
start_server() {
  spawn "$RTJAM_BIN/rtjam-broadcast" --port "$1" >>"$T_TMP/server.log" 2>&1
  SERVER_PID=$SPAWNED
}

# start_host NAME WS_PORT [options...]: an rtjam-host (started directly, so that its PID is
# the one killed; a SANITIZE=1 build links its own sanitizer runtime); waits for its ports.
start_host() {
  local name=$1 wsport=$2
  shift 2
  spawn "$RTJAM_BIN/rtjam-host" --jack-name "$name" --ws-port "$wsport" --no-connect "$@" \
    >>"$T_TMP/$name.log" 2>&1
  eval "HOST_PID_$name=$SPAWNED"
  local i
  for ((i = 0; i < 100; i++)); do
    jack_lsp 2>/dev/null | grep -q "^$name:out_l" && return 0
    sleep 0.1
  done
  echo "rtjam-host $name did not start:"
  cat "$T_TMP/$name.log"
  return 1
}

# start_tone NAME: x42 testsignal (1 kHz sine) in jalv, its output NAME:out.
start_tone() {
  # jalv exits at the end of its stdin: give it a FIFO that stays open (read-write).
  [ -p "$T_TMP/$1.fifo" ] || mkfifo "$T_TMP/$1.fifo"
  exec {TONE_FD}<>"$T_TMP/$1.fifo"
  jalv -n "$1" -c mode=0 http://gareus.org/oss/lv2/testsignal <"$T_TMP/$1.fifo" \
    >>"$T_TMP/$1.log" 2>&1 &
  TONE_PID=$!
  T_PIDS+=("$TONE_PID")
  local i
  for ((i = 0; i < 100; i++)); do
    jack_lsp 2>/dev/null | grep -q "^$1:out" && return 0
    sleep 0.1
  done
  return 1
}

# jq_py JSON EXPR: evaluates a Python expression on the parsed JSON `d`.
jq_py() {
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

