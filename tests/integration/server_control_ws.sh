#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-broadcast's control websocket (--control-port): rtjam-host's Origin and token rules, the
# client and message bounds, every command answered to its sender, and the nation's status
# messages (the latency report's exact shape) on the control socket. Checks are numbered in
# peer/test_control_ws.py. Ports 19193-19197.
. "$(dirname "$0")/peer/server_lib.sh"

"$RTJAM_BIN/rtjam-broadcast" --port 19197 --control-port 19197 --control-bind 0.0.0.0 \
  >"$WORK/nobind.log" 2>&1
rc=$?
grep -q "set --control-token" "$WORK/nobind.log"
check $? "0. --control-bind 0.0.0.0 without a token is refused with the reason"
[ "$rc" -eq 2 ]
check $? "0.   (exit status $rc, want 2)"

start_server "$WORK/server.log" --port 19193 --control-port 19194 --record-dir "$WORK/rec" ||
  { echo "0 passed, 1 failed"; exit 1; }
MAIN=$SERVER_PID
start_server "$WORK/token.log" --port 19195 --control-port 19196 --control-token s3cret ||
  { echo "0 passed, 1 failed"; exit 1; }
TOKEN=$SERVER_PID
run_py test_control_ws.py 19193 19194 19196
grep -q "control: websocket from 127.0.0.1 refused: Origin 'http://evil.example' is not ours" \
  "$WORK/server.log"
check $? "1. the refused Origin is logged with the reason"
grep -q "control: websocket from 127.0.0.1 refused: token missing or wrong" "$WORK/token.log"
check $? "2. the refused token is logged"
grep -q "control: tempo 0 -> error: tempo 0: must be 1..1000 BPM" "$WORK/server.log"
check $? "3. commands and their answers are logged"
! grep -q "$(printf '\033')" "$WORK/server.log"
check $? "3. a command and its answer quoting it are logged without control characters (no ESC)"
stop_server "$MAIN"
check $? "the server exits 0 on SIGTERM"
stop_server "$TOKEN"
finish
