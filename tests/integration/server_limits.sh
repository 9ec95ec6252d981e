#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# --max-players holds (a newcomer to a full room receives nothing and is logged once) and the
# per-member packet rate is bounded. Port 19141.
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  echo "# mode: $mode"
  rm -f "$WORK/status.json" "$WORK/server.log"
  # shellcheck disable=SC2046
  start_server "$WORK/server.log" --port 19141 --max-players 3 --max-rate 1000 --max-burst 50 \
    --status-file "$WORK/status.json" $(gso_flag "$mode") || { echo "0 passed, 1 failed"; exit 1; }
  run_py test_limits.py 19141 "$WORK/status.json" "$WORK/server.log"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
done
finish
