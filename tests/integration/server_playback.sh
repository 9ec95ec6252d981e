#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Playback of a take as client 40001 (issue 15): play, seek by percent, stop, the end of a take,
# refused takes. Ports 19175 (room) and 19176 (control).
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  rm -rf "$WORK/rec"
  # shellcheck disable=SC2046
  start_server "$WORK/server.log" --port 19175 --control-port 19176 --record-dir "$WORK/rec" \
    $(gso_flag "$mode") || { echo "0 passed, 1 failed"; exit 1; }
  run_py test_playback.py 19175 19176 "$WORK/rec"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
done
grep -q "control: play tones -> ok room 19175 playing tones" "$WORK/server.log"
check $? "play commands and their answers are logged"
finish
