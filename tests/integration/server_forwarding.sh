#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-broadcast on loopback with independent Python peers (peer/rtjam_peer.py): members get
# each other's packets with only ServerTime and Beat changed, once each and in order, senders get
# 28-byte echoes, a silent member leaves after 1 s, two rooms (ports) in one process are
# isolated, IPv4 and IPv6 peers share a room, one peer receives with plain recv(). Bursts read in
# one batch go out as GSO sends. Run with GSO and with --no-gso. Ports 19101-19102.
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  echo "# mode: $mode"
  rm -f "$WORK/status.json" "$WORK/server.log"
  # shellcheck disable=SC2046
  start_server "$WORK/server.log" --port 19101 --port 19102:90 --status-file "$WORK/status.json" \
    --threads 2 $(gso_flag "$mode") || { echo "0 passed, 1 failed"; exit 1; }
  if [ "$mode" = gso ]; then
    grep -q 'GSO (UDP_SEGMENT): on' "$WORK/server.log"
    check $? "[$mode] the server logs that GSO is on"
  else
    grep -q 'GSO (UDP_SEGMENT): off (--no-gso)' "$WORK/server.log"
    check $? "[$mode] the server logs that GSO is off"
  fi
  run_py test_forwarding.py 19101 19102 "$WORK/status.json" "$WORK/server.log" "$SERVER_PID" "$mode"
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
  grep -q 'stopped' "$WORK/server.log"
  check $? "[$mode] the server logs its clean stop"
done
finish
