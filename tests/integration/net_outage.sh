#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Outages on cue through rtjam-netsim's control socket: 5-s outages (both directions, up only,
# down only) between one peer and rtjam-broadcast, audio back in under 1 s each way after each,
# and the server sees the same source address before and after (peer/test_outage.py).
# Random high ports.
. "$(dirname "$0")/peer/server_lib.sh"

base=$((26000 + RANDOM % 2000))
server=$base relay=$((base + 1)) control=$((base + 2))
start_server "$WORK/server.log" --port "$server" --status-file "$WORK/status.json" \
  || { echo "0 passed, 1 failed"; exit 1; }
"$RTJAM_BIN/rtjam-netsim" --listen "127.0.0.1:$relay" --server "127.0.0.1:$server" \
  --control "127.0.0.1:$control" >"$WORK/netsim.out" 2>"$WORK/netsim.err" &
netsim=$!
SERVER_PIDS+=("$netsim")
sleep 0.3
run_py test_outage.py "$server" "$relay" "$control" "$WORK/status.json" 5
kill -TERM "$netsim"
wait "$netsim"
check $? "rtjam-netsim exits 0 on SIGTERM"
grep -q '"outage_dropped":[1-9]' "$WORK/netsim.out"
check $? "rtjam-netsim counts the datagrams the outages dropped"
cat "$WORK/netsim.out"
stop_server "$SERVER_PID"
check $? "the server exits 0 on SIGTERM"
finish
