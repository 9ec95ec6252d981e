#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# A web page in front of the host: rtjam-host's websocket refuses a handshake whose Origin is
# another site (or "null"), and accepts clients without an Origin and loopback pages
# (host_ws_origin_allowed, docs/security.md). No JACK needed: the websocket runs while the
# host waits for a JACK server.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/host/lib.sh"
export JACK_DEFAULT_SERVER="rtjam-none-$$" # no such server: the host keeps retrying
export JACK_NO_START_SERVER=1
need python3 || { finish; exit; }
WS=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
spawn "$RTJAM_BIN/rtjam-host" --jack-name origin --ws-port "$WS" --no-connect >>"$T_TMP/h.log" 2>&1
HPID=$SPAWNED

# handshake ORIGIN: prints the HTTP status line's code (101 = accepted), or "closed".
handshake() {
  python3 - "$WS" "$1" <<'PY'
import base64, os, socket, sys, time
port, origin = int(sys.argv[1]), sys.argv[2]
end = time.monotonic() + 10
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        break
    except OSError:
        if time.monotonic() > end:
            print("no-listener"); sys.exit()
        time.sleep(0.1)
key = base64.b64encode(os.urandom(16)).decode()
req = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
       "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n" % (port, key))
if origin != "-":
    req += "Origin: %s\r\n" % origin
s.sendall((req + "\r\n").encode())
try:
    data = s.recv(1024)
except OSError:
    data = b""
line = data.split(b"\r\n")[0].decode(errors="replace")
print(line.split()[1] if len(line.split()) > 1 else "closed")
PY
}
for o in - http://localhost:8080 http://127.0.0.1 "http://[::1]:3000"; do
  code=$(handshake "$o")
  check "a client with Origin '$o' is accepted ($code)" test "$code" = 101
done
for o in https://evil.example http://127.0.0.1.evil.example null http://192.168.1.5; do
  code=$(handshake "$o")
  check "a page from Origin '$o' is refused ($code)" test "$code" != 101
done
if command -v ss >/dev/null; then
  listen=$(ss -Hltn "sport = :$WS" | awk '{print $4}' | tr '\n' ' ')
  check "the websocket listens on loopback only by default ($listen)" test "$listen" = "127.0.0.1:$WS "
else
  skip "listen address: ss (iproute2) not installed"
fi
grep -q "Origin 'https://evil.example' refused" "$T_TMP/h.log"
check "the refusal is logged with the Origin" test $? -eq 0
kill -TERM "$HPID"
wait "$HPID"
rc=$?
check "the host exits 0 on SIGTERM ($rc)" test "$rc" -eq 0
finish
