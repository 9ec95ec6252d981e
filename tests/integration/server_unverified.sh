#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Anti-amplification: sources that never echo the cookie (spoofers) or replay another address's
# cookie get only 28-byte challenges, never more bytes than they sent, never the room's audio.
# Port 19131.
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  echo "# mode: $mode"
  rm -f "$WORK/status.json" "$WORK/server.log"
  # shellcheck disable=SC2046
  start_server "$WORK/server.log" --port 19131 --status-file "$WORK/status.json" $(gso_flag "$mode") \
    || { echo "0 passed, 1 failed"; exit 1; }
  run_py test_unverified.py 19131 "$WORK/status.json"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
done
finish
