#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-broadcast command line and process behaviour: --help, --version, clear refusals of bad
# arguments, a --status-file directory that is missing or not a directory, "bind ...: Address
# already in use", --bind restriction, status JSON, SIGUSR1,
# clean exit on SIGINT and SIGTERM. Ports 19151-19154.
. "$(dirname "$0")/peer/server_lib.sh"
B="$RTJAM_BIN/rtjam-broadcast"

out=$("$B" --help 2>&1); rc=$?
[ $rc -eq 0 ] && grep -q '^Usage: rtjam-broadcast' <<<"$out" && grep -q -- '--max-players' <<<"$out"
check $? "--help prints the usage and exits 0"

out=$("$B" --version 2>&1); rc=$?
[ $rc -eq 0 ] && grep -qE '^rtjam-broadcast [0-9]+\.[0-9]+\.[0-9]+' <<<"$out"
check $? "--version prints the version and exits 0 ($out)"

expect_refusal() { # expect_refusal MESSAGE ARGS...
  local msg=$1; shift
  local out rc
  out=$(timeout 5 "$B" "$@" 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF -- "$msg" <<<"$out"
  check $? "'$*' is refused with exit 2 and \"$msg\" (got rc $rc: $out)"
}
expect_refusal "--tempo 0: must be a whole number of BPM, 1..1000" --tempo 0
expect_refusal "--tempo -5: must be a whole number of BPM, 1..1000" --tempo -5
expect_refusal "--tempo 1001: must be" --tempo 1001
expect_refusal "--tempo 60000001: must be" --tempo 60000001
expect_refusal "--port 19151:0: tempo must be 1..1000 BPM" --port 19151:0
expect_refusal "--port 0: port must be 1..65535" --port 0
expect_refusal "--port 70000: port must be 1..65535" --port 70000
expect_refusal "--max-players 0: must be 1..256" --max-players 0
expect_refusal "unknown option '--bogus'" --bogus
expect_refusal "--port needs a value" --port
expect_refusal "--bind nowhere: not a numeric IPv4 or IPv6 address" --bind nowhere --port 19151

# A status file whose directory is missing (docs/server.md showed /run/rtjam/status.json): the
# server said "ready", then logged "status file: open ...: No such file or directory" every
# second. It now exits 1 at start, naming the directory; likewise for a file in its place.
out=$(timeout 5 "$B" --port 19151 --status-file "$WORK/nodir/status.json" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -qF -- "directory $WORK/nodir does not exist (create it: mkdir -p $WORK/nodir)" <<<"$out" &&
  ! grep -q "ready" <<<"$out"
check $? "--status-file in a missing directory exits 1 at start, naming it (got rc $rc: $out)"
: >"$WORK/afile"
out=$(timeout 5 "$B" --port 19151 --status-file "$WORK/afile/status.json" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -qF -- "$WORK/afile is not a directory" <<<"$out"
check $? "--status-file under a file exits 1, saying it is not a directory (got rc $rc: $out)"

# A port already taken: the server names the operation, the address and the error.
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 19152))
sys.stdout.write("bound\n"); sys.stdout.flush()
time.sleep(10)
' >"$WORK/holder.out" 2>&1 &
holder=$!
SERVER_PIDS+=("$holder")
for _ in $(seq 1 50); do grep -q bound "$WORK/holder.out" && break; sleep 0.05; done
out=$(timeout 5 "$B" --port 19152 2>&1); rc=$?
[ $rc -eq 1 ] && grep -qF "bind [::]:19152: Address already in use" <<<"$out"
check $? "a taken port fails with \"bind [::]:19152: Address already in use\" (rc $rc: $out)"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

# --bind 127.0.0.1 restricts to IPv4 loopback: an IPv6 peer gets no answer, an IPv4 one does.
start_server "$WORK/bind.log" --bind 127.0.0.1 --port 19153 || true
python3 - <<'PY'
import socket, sys
pkt = bytes(28) + bytes(512)
v4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); v4.settimeout(1.0)
v4.sendto(pkt, ("127.0.0.1", 19153))
ok4 = len(v4.recvfrom(2048)[0]) == 28
v6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); v6.settimeout(0.5)
try:
    v6.sendto(pkt, ("::1", 19153)); v6.recvfrom(2048); ok6 = False
except (socket.timeout, ConnectionRefusedError):
    ok6 = True
sys.exit(0 if ok4 and ok6 else 1)
PY
check $? "--bind 127.0.0.1 answers IPv4 and not IPv6"
grep -qF "listening on 127.0.0.1:19153" "$WORK/bind.log"
check $? "the log names the bound address"
stop_server "$SERVER_PID"
check $? "the server exits 0 on SIGTERM"

# Status file: valid JSON, written every second and on SIGUSR1; SIGINT stops cleanly.
start_server "$WORK/status.log" --port 19154 --tempo 100 --status-file "$WORK/s.json" || true
for _ in $(seq 1 40); do [ -s "$WORK/s.json" ] && break; sleep 0.05; done
python3 - "$WORK/s.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
room = doc["rooms"][0]
need = ["packets_in", "packets_out", "invalid", "dropped", "dropped_rate_limited",
        "dropped_full_room", "dropped_unverified"]
ok = (doc["server"] == "rtjam-broadcast" and room["port"] == 19154 and room["tempo"] == 100
      and room["max_players"] == 16 and room["members"] == []
      and all(k in doc["totals"] for k in need) and all(k in room["counters"] for k in need))
sys.exit(0 if ok else 1)
PY
check $? "the status file is JSON with rooms, counters and totals"
ls "$WORK" | grep -q '\.tmp\.'
[ $? -ne 0 ]
check $? "no temporary status file is left behind"
rm -f "$WORK/s.json"
kill -USR1 "$SERVER_PID"
for _ in $(seq 1 20); do [ -s "$WORK/s.json" ] && break; sleep 0.01; done
[ -s "$WORK/s.json" ]
check $? "SIGUSR1 rewrites the status file at once"
kill -0 "$SERVER_PID"
check $? "SIGUSR1 does not stop the server"
kill -INT "$SERVER_PID"
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.05; done
wait "$SERVER_PID"
check $? "the server exits 0 on SIGINT"
grep -q 'Interrupt: shutting down' "$WORK/status.log" && grep -q 'stopped' "$WORK/status.log"
check $? "the log shows the interrupt and the clean stop"
finish
