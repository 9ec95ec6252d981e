#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Junk datagrams (short, odd, oversized, random, forged cookie) are dropped and counted by kind
# while members keep receiving every packet; the junk source gets no more bytes than it sent
# and the server keeps running. Port 19121.
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  echo "# mode: $mode"
  rm -f "$WORK/status.json" "$WORK/server.log"
  # shellcheck disable=SC2046
  start_server "$WORK/server.log" --port 19121 --status-file "$WORK/status.json" $(gso_flag "$mode") \
    || { echo "0 passed, 1 failed"; exit 1; }
  run_py test_junk.py 19121 "$WORK/status.json"
  kill -0 "$SERVER_PID" 2>/dev/null
  check $? "[$mode] the server is still running after the junk"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
done
finish
