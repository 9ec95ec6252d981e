#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Latency from the echoed ServerTime: Python peers delaying their echo by 0, 10 and 30 ms are
# reported by the status file with that latency. Port 19111.
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  echo "# mode: $mode"
  rm -f "$WORK/status.json" "$WORK/server.log"
  # shellcheck disable=SC2046
  start_server "$WORK/server.log" --port 19111 --status-file "$WORK/status.json" $(gso_flag "$mode") \
    || { echo "0 passed, 1 failed"; exit 1; }
  run_py test_latency.py 19111 "$WORK/status.json"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
done
finish
