#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-net joins a room from a host's generic controls alone: jalv under a dummy JACK server
# (48 kHz), no state and no patch:Set, only control ports typed on jalv's stdin, as Ardour's
# and Carla's generic UIs would set them:
#   - at the defaults (address 0.0.0.0) the plugin stays out of every room;
#   - room_ip_1..4 = 127.0.0.1, room_port = a random high port, room_client_id = 5151: the
#     local rtjam-broadcast admits client 5151, the plugin reports connected = 1 and a round
#     trip from its own echoed packets, and the join is a log:log note (jalv prints it bare,
#     where jam_log's stderr line would carry a time and a level);
#   - room_port = the server's second room joins that room as client 5152 (set with it);
#     address 0.0.0.0 leaves (connected = 0).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/net/lib.sh"

SERVER="rtjam-net-controls-$$"
export JACK_DEFAULT_SERVER="$SERVER"
PORT=$((28000 + RANDOM % 2000))
PORT2=$((PORT + 1))

need jackd jack_wait jack_lsp jalv python3 || { finish; exit; }
spawn_jackd 48000 128 || { cat "$T_TMP/jackd.log"; not_ok "jackd starts"; finish; exit; }
spawn "$RTJAM_BIN/rtjam-broadcast" --port "$PORT" --port "$PORT2" --log-level info >"$T_TMP/server.log" 2>&1
start_jalv net "$NET" || { not_ok "jalv starts rtjam-net"; finish; exit; }
fd=${JALV_FD[net]}

# set SYMBOL VALUE...: control values on jalv's stdin ("symbol = value").
set_controls() {
  while [ $# -ge 2 ]; do
    echo "$1 = $2" >&"$fd"
    shift 2
  done
}
# joins ID [PORT]: how many times the server admitted client ID to the room on PORT.
joins() { grep -c "room ${2:-$PORT}: join 127.0.0.1:.* client $1" "$T_TMP/server.log"; }
# outputs SYMBOL...: the plugin's output values (jalv's "monitors"), one per line; jalv may
# print its "> " prompt before the first.
outputs() {
  local before
  before=$(wc -l <"$T_TMP/net.log")
  echo monitors >&"$fd"
  sleep 0.3
  local sym
  for sym in "$@"; do
    tail -n +"$((before + 1))" "$T_TMP/net.log" |
      awk -v s="$sym" '{ sub(/^> /, "") } $1 == s && $2 == "=" { v = $3 } END { print v + 0 }'
  done
}

sleep 1
read -r connected <<<"$(outputs connected)"
check "at the default address 0.0.0.0 the plugin joins no room (connected $connected, $(joins '[0-9]*') joins)" \
  test "$connected" = 0 -a "$(joins '[0-9]*')" = 0

set_controls room_port "$PORT" room_client_id 5151 room_ip_1 127 room_ip_2 0 room_ip_3 0 room_ip_4 1
for _ in $(seq 1 30); do
  [ "$(joins 5151)" -ge 1 ] && break
  sleep 0.1
done
sleep 1.5 # echoes for the round trip
mapfile -t v < <(outputs connected rtt lost)
echo "     after 127.0.0.1:$PORT client 5151: connected ${v[0]}, rtt ${v[1]} ms, lost ${v[2]}; $(joins 5151) join(s) of client 5151"
check "the server admitted client 5151 from the control ports ($(joins 5151) join)" test "$(joins 5151)" -ge 1
check "the plugin reports connected = 1 (got ${v[0]})" test "${v[0]}" = 1
check "the plugin measures a round trip from its echoed packets: 0 < ${v[1]} ms < 50" \
  awk -v r="${v[1]}" 'BEGIN { exit !(r > 0 && r < 50) }'
grep 'rtjam-net: joining' "$T_TMP/net.log" | sed 's/^/     jalv: /'
check "the join is a log:log note (a bare 'rtjam-net: joining room 127.0.0.1' line in jalv's output)" \
  grep -q '^rtjam-net: joining room 127.0.0.1 .* as client 5151$' "$T_TMP/net.log"
check "nothing of rtjam-net's went to stderr through jam_log (no 'info rtjam-net' line)" \
  test "$(grep -ci 'info  *rtjam-net' "$T_TMP/net.log")" = 0

set_controls room_client_id 5152 room_port "$PORT2"
for _ in $(seq 1 30); do
  [ "$(joins 5152 "$PORT2")" -ge 1 ] && break
  sleep 0.1
done
check "room_port $PORT2 and room_client_id 5152 join the second room as 5152 ($(joins 5152 "$PORT2") join)" \
  test "$(joins 5152 "$PORT2")" -ge 1

set_controls room_ip_1 0 room_ip_4 0
sleep 0.5
read -r connected <<<"$(outputs connected)"
check "address 0.0.0.0 leaves the room: connected = 0 (got $connected), 'leaving the room' logged" \
  test "$connected" = 0 -a "$(grep -c '^rtjam-net: leaving the room' "$T_TMP/net.log")" -ge 1
if [ "$T_FAIL" -gt 0 ]; then tail -n 15 "$T_TMP/server.log" | sed "s/^/     server: /"; grep -E "^(connected|rtt) " "$T_TMP/net.log" | tail -n 6 | sed "s/^/     jalv: /"; fi
finish
