#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-broadcast on loopback with independent Python peers (peer/rtjam_peer.py): members get
# each other's packets with only ServerTime and Beat changed, senders get 28-byte echoes, a
# silent member leaves after 1 s, two rooms (ports) in one process are isolated, IPv4 and IPv6
# peers share a room. Ports 39101-39102.
. "$(dirname "$0")/peer/server_lib.sh"

start_server "$WORK/server.log" --port 39101 --port 39102:90 --status-file "$WORK/status.json" \
  --threads 2 || { echo "0 passed, 1 failed"; exit 1; }
run_py test_forwarding.py 39101 39102 "$WORK/status.json" "$WORK/server.log"
stop_server "$SERVER_PID"
check $? "the server exits 0 on SIGTERM"
grep -q 'stopped' "$WORK/server.log"
check $? "the server logs its clean stop"
finish
