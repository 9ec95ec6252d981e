# SPDX-License-Identifier: ISC
# Shared by tests/integration/server_*.sh: start rtjam-broadcast servers, kill them (by PID) on
# exit, run a Python test, and print one combined "N passed, N failed" line.
# Uses RTJAM_BIN (set by make); ports are given by each script (19100-19199 is ours).

set -u
: "${RTJAM_BIN:?RTJAM_BIN is not set (run through make check)}"
PEER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rtjam-server-test.XXXXXX")
SERVER_PIDS=()
SERVER_PID=
LIB_PASSED=0
LIB_FAILED=0
PY_PASSED=0
PY_FAILED=0
LIB_SKIPPED=0

# Each server test runs once per mode: "gso" (the default: UDP GSO sends) and "no-gso" (the
# plain sendmmsg path). RTJAM_GSO_MODES narrows it, e.g. RTJAM_GSO_MODES=no-gso.
GSO_MODES=${RTJAM_GSO_MODES:-gso no-gso}
gso_flag() { # gso_flag MODE: the server arguments of that mode
  [ "$1" = no-gso ] && echo "--no-gso"
  return 0
}

cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${SERVER_PIDS[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check() { # check CONDITION-EXIT-STATUS MESSAGE
  if [ "$1" -eq 0 ]; then
    LIB_PASSED=$((LIB_PASSED + 1)); echo "ok   $2"
  else
    LIB_FAILED=$((LIB_FAILED + 1)); echo "FAIL $2"
  fi
}

# skip NAME: REASON: a check that cannot run here, and why (tests/run.sh lists it).
skip() {
  LIB_SKIPPED=$((LIB_SKIPPED + 1)); echo "skip: $*"
}

# start_server LOG ARGS...: starts a server, sets SERVER_PID, waits for its "ready" line.
start_server() {
  local log=$1
  shift
  "$RTJAM_BIN/rtjam-broadcast" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  for _ in $(seq 1 100); do
    if grep -q ' ready: ' "$log" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited early:"; cat "$log"
      return 1
    fi
    sleep 0.05
  done
  echo "server not ready after 5 s:"; cat "$log"
  return 1
}

# stop_server PID: SIGTERM, then waits; returns the server's exit status (137 if killed).
stop_server() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid"
}

# run_py SCRIPT ARGS...: runs a peer test and records its counts.
run_py() {
  local out="$WORK/py.out"
  python3 -B "$PEER_DIR/$1" "${@:2}" | tee "$out"
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  if [ -n "$line" ]; then
    PY_PASSED=$((PY_PASSED + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
    PY_FAILED=$((PY_FAILED + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
    if [[ $line =~ ([0-9]+)\ skipped ]]; then LIB_SKIPPED=$((LIB_SKIPPED + BASH_REMATCH[1])); fi
  else
    PY_FAILED=$((PY_FAILED + 1)); echo "FAIL $1 printed no summary"
  fi
}

finish() {
  local p=$((PY_PASSED + LIB_PASSED)) f=$((PY_FAILED + LIB_FAILED))
  if [ "$LIB_SKIPPED" -gt 0 ]; then
    echo "$p passed, $f failed, $LIB_SKIPPED skipped"
  else
    echo "$p passed, $f failed"
  fi
  [ "$f" -eq 0 ]
}
