#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# A burst of joins and leaves loses no event: 8 rooms of 32 members join within a few ms and
# expire in one pass (512 events at once, where the worker's ring once held 204). The log must
# show every join and every leave and no "lost" line. Ports 19103-19110.
. "$(dirname "$0")/peer/server_lib.sh"

ROOMS=8 PER_ROOM=32
ports=()
for i in $(seq 0 $((ROOMS - 1))); do ports+=(--port $((19103 + i))); done
# One worker takes every room; --max-per-ip 0: all peers come from 127.0.0.1.
start_server "$WORK/server.log" "${ports[@]}" --threads 1 --max-players "$PER_ROOM" \
  --max-per-ip 0 --log-level info || { check 1 "the server starts"; finish; exit; }
run_py test_event_burst.py 19103 "$ROOMS" "$PER_ROOM"
stop_server "$SERVER_PID"
check $? "the server exits 0 on SIGTERM"
n=$((ROOMS * PER_ROOM))
joins=$(grep -c ': join ' "$WORK/server.log")
leaves=$(grep -c ': leave ' "$WORK/server.log")
lost=$(grep -c 'lost (event ring full)' "$WORK/server.log")
[ "$joins" -eq "$n" ]
check $? "every join is logged ($joins of $n)"
[ "$leaves" -eq "$n" ]
check $? "every leave is logged, with its statistics ($leaves of $n)"
[ "$lost" -eq 0 ]
check $? "no event is lost ($lost 'lost' lines: $(grep -m1 'lost (event' "$WORK/server.log"))"
finish
