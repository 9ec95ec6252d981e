#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-broadcast's rtjam-nation link (issue 15) against the stand-in nation
# (tests/integration/nation/stand_in.py): registration, the room join, latency reports every
# 2 s in the exact shape, packetStatCreate when a player leaves, SetTempo from the room changing
# the Beat players get, SwitchRoomMode in the reports' "mode", Play/Seek/Stop in playbackStatus,
# refusals said with their reason, and re-registration after a ping
# answered with HTTP 500, with the new room token (tests/integration/peer/test_nation.py); then
# a server of two rooms announces both, each its own room (peer/test_nation_rooms.py).
# Room ports 19185-19187; the stand-in on a free loopback port.
. "$(dirname "$0")/peer/server_lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
NATION="$HERE/nation/stand_in.py"

"$RTJAM_BIN/rtjam-broadcast" --help | grep -q -- "--nation-ws"
check $? "--help lists --nation-api, --nation-ws, --mac and --wan-ip"
"$RTJAM_BIN/rtjam-broadcast" --nation-api http://127.0.0.1:1/api/1/ >/dev/null 2>&1
check $(($? != 2)) "--nation-api without --nation-ws is a usage error (status 2)"
"$RTJAM_BIN/rtjam-broadcast" --nation-api http://127.0.0.1:1/ --nation-ws http://127.0.0.1:1/primus >/dev/null 2>&1
check $(($? != 2)) "a --nation-ws that is not ws:// or wss:// is a usage error (status 2)"
"$RTJAM_BIN/rtjam-broadcast" --mac 00:11:22:33:44 >/dev/null 2>&1
check $(($? != 2)) "a malformed --mac is a usage error (status 2)"

NP=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$NATION" serve "$NP" >"$WORK/nation.log" 2>&1 &
NATION_PID=$!
SERVER_PIDS+=("$NATION_PID")
for _ in $(seq 1 50); do
  python3 "$NATION" count "$NP" True >/dev/null 2>&1 && break
  sleep 0.1
done
GITHASH=$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || "$RTJAM_BIN/rtjam-broadcast" --version | sed 's/^rtjam-broadcast //')
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
printf 'leak:libwebsockets\nleak:libcurl\n' >"$WORK/lsan.supp"
export LSAN_OPTIONS="suppressions=$WORK/lsan.supp:print_suppressions=0"
start_server "$WORK/server.log" --port 19185 --record-dir "$WORK/rec" \
  --nation-api "http://127.0.0.1:$NP/api/1/" --nation-ws "ws://127.0.0.1:$NP/primus" \
  --mac AA:BB:CC:00:11:33 --wan-ip 203.0.113.5 || { echo "0 passed, 1 failed"; exit 1; }
run_py test_nation.py "$NP" 19185 aa:bb:cc:00:11:33 "$GITHASH" 203.0.113.5
grep -q "room 19185: nation: registered as broadcast unit bu-" "$WORK/server.log"
check $? "the registration is logged"
grep -q "room 19185: nation: command .*refused: tempo 0: must be 1..1000 BPM" "$WORK/server.log"
check $? "refused room commands are logged with their reason"
grep -q 'room 19185: nation: command {"param":1,"iValue1":0}?FORGED-LOG-LINE ?\[2J -> refused' \
  "$WORK/server.log" && ! grep -q "^FORGED-LOG-LINE" "$WORK/server.log"
check $? "a command's newline and escape are logged as '?', on its one line"
t0=$(date +%s.%N)
stop_server "$SERVER_PID"
check $? "the server exits 0 on SIGTERM"
dt=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
awk -v d="$dt" 'BEGIN { exit !(d < 1.5) }'
check $? "within 1.5 s with the nation link up ($dt s)"
! grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$WORK/server.log"
check $? "the sanitizers report nothing"

# Every --port room is announced, each its own unit and room (ports 19186 and 19187).
SINCE=$(python3 -c 'import json, sys, urllib.request; print(len(json.loads(urllib.request.urlopen("http://127.0.0.1:%s/control/events?since=0" % sys.argv[1]).read())))' "$NP")
start_server "$WORK/rooms.log" --port 19186 --port 19187 \
  --nation-api "http://127.0.0.1:$NP/api/1/" --nation-ws "ws://127.0.0.1:$NP/primus" \
  --mac AA:BB:CC:00:11:34 || { echo "0 passed, 1 failed"; exit 1; }
run_py test_nation_rooms.py "$NP" "$SINCE" 19186 19187
grep -q "room 19187: nation: registered as broadcast unit bu-" "$WORK/rooms.log"
check $? "the second room's registration is logged"
stop_server "$SERVER_PID"
check $? "the two-room server exits 0 on SIGTERM"
kill "$NATION_PID" 2>/dev/null
finish
