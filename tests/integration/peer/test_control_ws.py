# SPDX-License-Identifier: ISC
"""rtjam-broadcast's control websocket (--control-port; docs/server.md "Control websocket").

Usage: test_control_ws.py PORT CPORT TOKEN_CPORT

PORT/CPORT: a server with --record-dir and no token; TOKEN_CPORT: a server with
--control-token s3cret. Numbered checks:
  1. a handshake without Origin, or from http://127.0.0.1:CPORT / http://localhost:CPORT, is
     accepted; a foreign Origin (http://evil.example, "null", another port) is refused with
     HTTP 403 and the reason;
  2. with a token: none or a wrong one is refused with 403 and the reason; ?token= and
     "Authorization: Bearer" are accepted;
  3. every command line and every §4.9 JSON command (0..11 and bad ones) is answered, to its
     sender alone: a line with "ok ..." or "error: REASON", JSON with "answer" or "refused";
  4. the latency report (RoomChatRobot) arrives on the control socket in the nation's exact
     field shape, with the member's client id, the tempo set by a command, and update_count
     counting 1, 2, 3...; the recording, list and playback status arrive too;
  5. the 9th client is closed with the reason (1008 "too many clients") while the 8 others
     are still answered;
  6. a message over 4096 bytes closes its client with the reason (1009) while another client
     is still answered.
"""

import json
import os
import re
import socket
import sys
import time

from rtjam_peer import Checks, Peer, Session

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tools", "ws"))
from rtjam_ws import WsClient, connect  # noqa: E402

import room_audio  # noqa: E402

port, cport, tport = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
t = Checks("control websocket")


def handshake(p, path="/", headers=None):
    """'accepted', or 'refused: ' + the server's answer (status line and body)."""
    try:
        c = WsClient("127.0.0.1", p, path=path, headers=headers)
    except OSError as e:
        return "refused: " + str(e).replace("handshake refused: ", "")
    c.send("gettempo")
    got = room_audio.answer(c, 5)
    c.sock.close()
    return "accepted" if got and got.startswith("ok room") else "accepted, answer %r" % got


def http_body(p, headers):
    """The whole HTTP answer to a websocket handshake (to read a refusal's reason)."""
    with socket.create_connection(("127.0.0.1", p), timeout=5) as s:
        extra = "".join("%s: %s\r\n" % kv for kv in headers.items())
        s.sendall(("GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Version: 13\r\n%s\r\n" % (p, extra)).encode())
        data = b""
        end = time.monotonic() + 5  # a refusal closes; an acceptance (101) would stream status
        while time.monotonic() < end:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            data += chunk
    return data.decode(errors="replace")


connect("127.0.0.1", cport).sock.close()  # both servers listen
connect("127.0.0.1", tport, path="/?token=s3cret").sock.close()

# 1. Origin
for origin, want in [(None, "accepted"), ("http://127.0.0.1:%d" % cport, "accepted"),
                     ("http://localhost:%d" % cport, "accepted"),
                     ("http://evil.example", "refused"), ("null", "refused"),
                     ("http://127.0.0.1:%d" % (cport + 7), "refused")]:
    got = handshake(cport, headers={"Origin": origin} if origin else None)
    t.check(got.startswith(want), "1. Origin %s: %s (want %s)"
            % (origin or "none", got.split("\r\n")[0], want), got)
body = http_body(cport, {"Origin": "http://evil.example"})
t.check(body.startswith("HTTP/1.") and " 403 " in body.split("\r\n")[0] and
        "Origin 'http://evil.example' is not ours" in body,
        "1. a foreign Origin gets HTTP 403 with the reason (%s / %s)"
        % (body.split("\r\n")[0], re.sub(r"<[^>]*>", "", body.split("\r\n\r\n", 1)[-1]).strip()[:90]))

# 2. Token
for path, hdr, want in [("/", None, "refused"), ("/?token=wrong", None, "refused"),
                        ("/?token=s3cret", None, "accepted"),
                        ("/", {"Authorization": "Bearer s3cret"}, "accepted"),
                        ("/", {"Authorization": "Bearer s3cre"}, "refused")]:
    got = handshake(tport, path, hdr)
    t.check(got.startswith(want), "2. token: %s %s: %s (want %s)"
            % (path, hdr or "", got.split("\r\n")[0], want), got)
body = http_body(tport, {})
t.check(" 403 " in body.split("\r\n")[0] and "token missing or wrong" in body,
        "2. no token: HTTP 403 with the reason 'token missing or wrong'")

# 3. Every command answered, to its sender alone.
a = connect("127.0.0.1", cport)
b = connect("127.0.0.1", cport)
lines = ["gettempo", "tempo 100", "tempo 0", "record", "stop", "save take one", "save ../x",
         "list", "play take one", "seek 50", "playstatus", "stop", "delete take one",
         "delete take one", "mode mix", "mode", "mode separate", "status", "pause", "loop",
         "%d gettempo" % port, "%d gettempo" % (port + 1), "bogus", "", "two\nlines",
         "bogus\x1b[2J\x1b]0;FORGED\x07"]
answered = 0
for line in lines:
    a.send(line)
    got = room_audio.answer(a, 5)
    ok = got is not None and (got.startswith("ok ") or got.startswith("error: "))
    answered += ok
    print("#   %-20r -> %s" % (line, (got or "(none)")[:100]))
    if not ok:
        t.check(False, "3. line %r answered" % line, repr(got))
t.check(answered == len(lines), "3. every command line is answered (%d of %d)"
        % (answered, len(lines)))
want_ok = {"gettempo", "tempo 100", "record", "stop", "save take one", "list", "status",
           "play take one", "playstatus", "mode mix", "mode", "mode separate"}
json_cmds = [{"param": p} for p in range(12)] + [
    {"param": 1, "iValue1": 120}, {"param": 1, "iValue1": 1001}, {"param": 12}, {"param": "x"},
    {"iValue1": 3}, {"param": 0, "port": port}, {"param": 0, "port": port + 1}]
janswered, shapes = 0, True
for cmd in json_cmds:
    a.send(json.dumps(cmd))
    got = None
    end = time.monotonic() + 5
    while time.monotonic() < end:
        text = a.recv(max(0.001, end - time.monotonic()))
        if text is None:
            break
        d = json.loads(text)
        if "answer" in d or "refused" in d:
            got = d
            break
    body = got and (got.get("answer") or got.get("refused"))
    ok = body is not None and got["speaker"] == "RoomChatRobot" and \
        ("reply" in body or "reason" in body) and \
        body["param"] == (cmd["param"] if isinstance(cmd.get("param"), int) and
                          0 <= cmd["param"] <= 11 else body["param"])
    janswered += ok
    print("#   %-40s -> %s" % (json.dumps(cmd), json.dumps(got)[:110]))
t.check(janswered == len(json_cmds), "3. every JSON command is answered (%d of %d), "
        "ran with 'answer', refused with 'refused' and the reason" % (janswered, len(json_cmds)))
leaked = []
end = time.monotonic() + 1.0  # b also hears the status every 333 ms: read what came so far
while time.monotonic() < end:
    text = b.recv(0.2)
    if text is None:
        break
    if not text.startswith("{") or '"answer"' in text or '"refused"' in text:
        leaked.append(text)
t.check(not leaked, "3. the other client got none of those answers (%d)" % len(leaked),
        repr(leaked[:3]))
b.sock.close()

# 4. The status messages, with a member in the room.
a.send("tempo 97")
room_audio.answer(a, 5)
a.send("list")  # listRecordings is said when the list changed, and after a list command
room_audio.answer(a, 5)
peer = Peer(("127.0.0.1", port), 4107, name="member")
s = Session([peer])
t.check(s.join_all(5.0), "4. a member joins")
shape = re.compile(r'^\{"speaker":"RoomChatRobot","mode":(true|false),"latency":\['
                   r'(\[\d+,-?\d+\.\d+\](,\[\d+,-?\d+\.\d+\])*)?\],"update_count":(\d+),'
                   r'"tempo":(\d+)\}$')
reports, seen = [], set()
end = time.monotonic() + 30  # a limit, not a measure: reports come every 2 s
while len(reports) < 3 and time.monotonic() < end:
    s.run(0.3)
    while True:
        text = a.recv(0.01)
        if text is None:
            break
        d = json.loads(text)
        seen.update(k for k in d if k != "speaker")
        if "latency" in d:
            reports.append(text)
for r in reports:
    print("#   " + r)
m = [shape.match(r) for r in reports]
t.check(len(reports) == 3 and all(m), "4. three latency reports in the exact shape "
        '{"speaker":"RoomChatRobot","mode":B,"latency":[[id,ms],...],"update_count":N,"tempo":T}')
ids = [[p[0] for p in json.loads(r)["latency"]] for r in reports]
t.check(all(4107 in i for i in ids), "4. each lists the member's client id 4107 (%s)" % ids)
tempos = [json.loads(r)["tempo"] for r in reports]
t.check(tempos == [97] * 3, "4. tempo is the one the command set: %s" % tempos)
counts = [json.loads(r)["update_count"] for r in reports]
t.check(counts == list(range(counts[0], counts[0] + 3)) if counts else False,
        "4. update_count counts the reports: %s" % counts)
for key in ("recordingStatus", "playbackStatus", "listRecordings"):
    t.check(key in seen, "4. %s arrives on the control socket too" % key)
peer.close()

# 5. The client cap: 8 at once; the 9th is closed with the reason.
clients = [a] + [connect("127.0.0.1", cport) for _ in range(7)]
why = "not closed"
try:
    ninth = WsClient("127.0.0.1", cport)
    ninth.send("gettempo")
    got = room_audio.answer(ninth, 5)
    why = "answered: %r" % got
except ConnectionError as e:
    why = str(e)
t.check("1008" in why and "too many clients" in why,
        "5. the 9th client is closed with the reason (%s)" % why)
served = 0
for c in clients:
    c.send("gettempo")
    served += (room_audio.answer(c, 5) or "").startswith("ok room")
t.check(served == 8, "5. the 8 connected clients are still answered (%d of 8)" % served)
for c in clients[1:]:
    c.sock.close()

# 6. An oversized message closes its client with the reason.
big = connect("127.0.0.1", cport)
big.send("x" * 5000)
why = "not closed"
try:
    got = room_audio.answer(big, 5)
    why = "answered: %r" % got
except ConnectionError as e:
    why = str(e)
t.check("1009" in why and "longer than 4096 bytes" in why,
        "6. a 5000-byte message closes its client with the reason (%s)" % why)
a.send("gettempo")
got = room_audio.answer(a, 5) or ""
t.check(got.startswith("ok room %d tempo 97" % port), "6. another client is still answered (%s)"
        % got)
a.sock.close()
sys.exit(t.summary())
