#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Mix mode (issue 15): three peers, each hears the others mixed at their levels and not itself;
# the mixer's slots follow the room's members; --room-mode mix. Ports 19177 (room), 19178
# (control).
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  # shellcheck disable=SC2046
  start_server "$WORK/server.log" --port 19177 --control-port 19178 --max-players 3 \
    --status-file "$WORK/mix.json" $(gso_flag "$mode") || { echo "0 passed, 1 failed"; exit 1; }
  run_py test_mix.py 19177 19178 "$WORK/mix.json"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
done
start_server "$WORK/server.log" --port 19177 --room-mode mix --status-file "$WORK/status.json" ||
  { echo "0 passed, 1 failed"; exit 1; }
grep -q "room 19177: listening on .*, mix mode" "$WORK/server.log"
check $? "--room-mode mix starts the room in mix mode (logged)"
for _ in $(seq 1 40); do [ -s "$WORK/status.json" ] && break; sleep 0.05; done
grep -q '"mode": "mix"' "$WORK/status.json"
check $? "the status file shows the room's mode"
stop_server "$SERVER_PID"
out=$("$RTJAM_BIN/rtjam-broadcast" --room-mode loud 2>&1)
rc=$?
[ "$rc" -eq 2 ] && grep -q -- "--room-mode loud: must be separate or mix" <<<"$out"
check $? "--room-mode loud is refused (exit 2, with the reason)"
finish
