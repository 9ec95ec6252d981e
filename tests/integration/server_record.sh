#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Recording through the control channel (issue 15): a 10-s take of three peers saved, listed
# and read back byte for byte; refused names; SetTempo; the disk budget; a failing write.
# Ports 19171 (room) and 19172 (control).
. "$(dirname "$0")/peer/server_lib.sh"

run_mode() { # run_mode MODE [ulimit -f BLOCKS] SERVER-ARGS...
  local mode=$1 fsize=$2
  shift 2
  rm -rf "$WORK/rec" "$WORK/status.json" "$WORK/server.log"
  if [ -n "$fsize" ]; then
    # A file-size limit makes the recorder's write fail with EFBIG (SIGXFSZ is ignored).
    # shellcheck disable=SC2030
    (ulimit -f "$fsize" && exec "$RTJAM_BIN/rtjam-broadcast" "$@") >"$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    SERVER_PIDS+=("$SERVER_PID")
    for _ in $(seq 1 100); do
      grep -q ' ready: ' "$WORK/server.log" 2>/dev/null && break
      sleep 0.05
    done
  else
    start_server "$WORK/server.log" "$@" || { echo "0 passed, 1 failed"; exit 1; }
  fi
  run_py test_record.py "$mode" 19171 19172 "$WORK/rec" "$WORK/status.json"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
}

common=(--port 19171 --control-port 19172 --record-dir "$WORK/rec" --status-file "$WORK/status.json")
run_mode take "" "${common[@]}"
run_mode budget "" "${common[@]}" --record-budget 1048576
run_mode ioerror 512 "${common[@]}"
grep -q "control: record -> ok room 19171 recording" "$WORK/server.log"
check $? "control commands and their answers are logged"
finish
