#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Only the player drives rtjam-host's websocket (docs/host.md "Access"). No JACK server is
# needed: the host answers commands while it waits for one. Shown here:
#   - a handshake without Origin, or from our own pages, is accepted; a foreign Origin
#     (http://evil.example, "null") is refused, so a web page cannot join a foreign room;
#   - with --token, a handshake without it or with a wrong one is refused, ?token= and
#     "Authorization: Bearer" are accepted; --ws-bind beyond loopback without a token exits 2;
#   - with the token "a+b/c=", the URL the host logs, the page's reading of it and rtjam-ctl
#     with $RTJAM_TOKEN all get in (a bare '+' in a query reads as a space); rtjam-ctl without
#     the token or with a wrong one exits at once, saying to set RTJAM_TOKEN;
#   - a client flooding LoadBoards is refused with a reason while a second client is still
#     served at once (its reply latency is printed and bounded);
#   - 50 clients that never read cost a bounded amount of memory (RSS growth printed);
#   - the 65th client is closed with the reason "too many clients";
#   - a command sent just before the client closes still runs.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/host/lib.sh"

export JACK_DEFAULT_SERVER="rtjam-ws-access-$$" # never started: the host runs without JACK
BASE=$((22300 + RANDOM % 300))
WS=$BASE WS_T=$((BASE + 1)) WS_P=$((BASE + 2))
need python3 || { finish; exit; }

"$RTJAM_BIN/rtjam-host" --ws-bind 0.0.0.0 --ws-port "$WS_T" >"$T_TMP/nobind.log" 2>&1
rc=$?
check "--ws-bind 0.0.0.0 without a token exits with status 2 ($rc) and says why" \
  grep -q "set --token" "$T_TMP/nobind.log"
check "  (status $rc)" test "$rc" -eq 2

# Under ASan freed memory sits in its quarantine (256 MB): keep that small, so that RSS measures
# what the host holds.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
spawn "$RTJAM_BIN/rtjam-host" --jack-name wsacc --ws-port "$WS" --no-connect \
  --web-origin https://rtjam.example >>"$T_TMP/host.log" 2>&1
HOST=$SPAWNED
spawn "$RTJAM_BIN/rtjam-host" --jack-name wstok --ws-port "$WS_T" --no-connect --token s3cret \
  >>"$T_TMP/tok.log" 2>&1
TOK=$SPAWNED
# A token with the characters a URL query changes ('+' reads as a space): the URL it logs works.
spawn "$RTJAM_BIN/rtjam-host" --jack-name wsplus --ws-port "$WS_P" --no-connect --token 'a+b/c=' \
  --web-root "$HERE/../../web" >>"$T_TMP/plus.log" 2>&1
PLUS=$SPAWNED

# The checks, in Python on tools/ws/rtjam_ws.py; each prints "ok|FAIL NAME".
HERE=$HERE python3 - "$WS" "$WS_T" "$HOST" "$WS_P" "$T_TMP/plus.log" "$RTJAM_BIN" <<'PY' >"$T_TMP/py.out" 2>&1
import json, os, socket, subprocess, sys, threading, time, urllib.parse
sys.path.insert(0, os.path.join(os.environ["HERE"], "..", "..", "tools", "ws"))
from rtjam_ws import WsClient, connect

ws_port, tok_port, host_pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])

def report(name, cond):
    print(("ok   " if cond else "FAIL ") + name, flush=True)

def handshake(port, path="/", headers=None):
    """'accepted' or the refusal (the server's answer or the closed connection)."""
    try:
        c = WsClient("127.0.0.1", port, path=path, headers=headers)
        c.send('{"param":1005}')
        got = c.expect("pedalTypes", 5)
        c.sock.close()
        return "accepted" if got else "accepted, no reply"
    except OSError as e:
        return "refused (%s)" % str(e).split("\r\n")[0]

def rss_kib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1

connect("127.0.0.1", ws_port).sock.close()  # wait for both hosts to listen
connect("127.0.0.1", tok_port, path="/?token=s3cret").sock.close()

# Origin
for origin, want in [(None, "accepted"), ("http://127.0.0.1:%d" % ws_port, "accepted"),
                     ("http://localhost:%d" % ws_port, "accepted"),
                     ("https://rtjam.example", "accepted"),
                     ("http://evil.example", "refused"), ("null", "refused"),
                     ("http://127.0.0.1:%d" % (ws_port + 7), "refused")]:
    got = handshake(ws_port, headers={"Origin": origin} if origin else None)
    report("Origin %s: %s (want %s)" % (origin or "none", got, want), got.startswith(want))

# Token
for path, hdr, want in [("/", None, "refused"), ("/?token=wrong", None, "refused"),
                        ("/?token=s3cret", None, "accepted"),
                        ("/", {"Authorization": "Bearer s3cret"}, "accepted"),
                        ("/", {"Authorization": "Bearer s3cre"}, "refused")]:
    got = handshake(tok_port, path, hdr)
    report("token: %s %s: %s (want %s)" % (path, hdr or "", got, want), got.startswith(want))

# The token "a+b/c=": the path of the URL the host logs, the token the page reads from it
# (URLSearchParams, as parse_qs) and rtjam-ctl with $RTJAM_TOKEN all get in.
plus_port, plus_log = int(sys.argv[4]), sys.argv[5]
url = None
for _ in range(50):
    for line in open(plus_log):
        if "open http" in line:
            url = line.split("open ", 1)[1].strip()
    if url:
        break
    time.sleep(0.1)
u = urllib.parse.urlsplit(url or "")
got = handshake(plus_port, u.path + "?" + u.query) if url else "no URL logged"
report("token a+b/c=: the logged URL %s: %s" % (url, got), got == "accepted")
page_token = urllib.parse.parse_qs(u.query).get("token", [""])[0]
got = handshake(plus_port, "/?token=" + urllib.parse.quote(page_token, safe=""))
report("token a+b/c=: the page reads %r from that URL and gets in: %s" % (page_token, got),
       page_token == "a+b/c=" and got == "accepted")
ctl = subprocess.run([sys.executable, os.path.join(os.environ["HERE"], "..", "..", "tools", "ws",
                      "rtjam_ws.py"), "127.0.0.1", str(plus_port), "send", '{"param":1005}',
                      "expect", "pedalTypes", "5"], env=dict(os.environ, RTJAM_TOKEN="a+b/c="),
                     capture_output=True, text=True, timeout=20)
report("token a+b/c=: rtjam-ctl with RTJAM_TOKEN gets in (status %d%s)"
       % (ctl.returncode, ", " + ctl.stderr.strip()[:100] if ctl.returncode else ""),
       ctl.returncode == 0 and "pedalTypes" in ctl.stdout)

# rtjam-ctl refused for its token (none, or a wrong one) exits at once with the hint, rather
# than retrying the refusal for 10 s as though the host were still starting.
for tok in (None, "wrong"):
    env = dict(os.environ)
    env.pop("RTJAM_TOKEN", None)
    if tok:
        env["RTJAM_TOKEN"] = tok
    t0 = time.monotonic()
    ctl = subprocess.run([sys.executable, os.path.join(os.environ["HERE"], "..", "..", "tools",
                          "ws", "rtjam_ws.py"), "127.0.0.1", str(tok_port), "send",
                          '{"param":1005}'], env=env, capture_output=True, text=True, timeout=30)
    dt = time.monotonic() - t0
    report("token: rtjam-ctl with RTJAM_TOKEN=%s exits 1 in %.1f s (< 3) with the hint: %s"
           % (tok, dt, ctl.stderr.strip().replace("\n", " | ")[-160:]),
           ctl.returncode == 1 and dt < 3 and "set RTJAM_TOKEN to the host's token" in ctl.stderr)

# A client that sends and closes at once (as rtjam_ws.py does) still has its command run.
for _ in range(3):
    c = connect("127.0.0.1", ws_port)
    c.send('{"param":41,"fValue":-7}')  # MetronomeGain -7 dB
    c.sock.close()
w = connect("127.0.0.1", ws_port)
w.send('{"param":1006,"iValue1":150}')
ev, end = None, time.monotonic() + 5
while time.monotonic() < end:
    got = w.expect("levelEvent", 1)
    if got and got["levelEvent"]["metronomeGain"] == -7:
        ev = got
        break
w.sock.close()
report("a command sent just before closing still runs (metronomeGain %s)"
       % (ev["levelEvent"]["metronomeGain"] if ev else "not -7 within 5 s"), ev is not None)

# Flood: A sends 300 LoadBoards without waiting; B asks for the pedal types meanwhile.
board = {"id": 9, "name": "Flood", "config": [
    {"index": i, "name": n, "settings": [{"index": 0, "name": "bypass", "value": False}]}
    for i, n in enumerate(["Boost", "Tone Stack", "Tube Screamer", "Delay"])]}
load = json.dumps({"param": 32, "iValue1": 0, "sValue": json.dumps(board)})
a = connect("127.0.0.1", ws_port)
b = connect("127.0.0.1", ws_port)
for _ in range(300):
    a.send(load)
t0 = time.monotonic()
b.send('{"param":1005}')
got = b.expect("pedalTypes", 10)
lat = time.monotonic() - t0
report("a second client is served during a flood of 300 LoadBoards (reply in %.3f s, bound 1 s)"
       % lat, got is not None and lat < 1.0)
refused, infos = [], 0
end = time.monotonic() + 20
while time.monotonic() < end:
    m = a.recv(2)
    if m is None:
        break
    d = json.loads(m)
    if "refused" in d:
        refused.append(d["refused"])
    infos += "pedalInfo" in d
full = [r for r in refused if r["param"] == -1 and "queue full" in r["reason"]]
print("     flood: %d LoadBoards run (pedalInfo), %d refused; reason: %s"
      % (infos, len(full), full[0]["reason"] if full else "-"))
report("the flood is refused with a reason (%d of 300 refused)" % len(full),
       len(full) > 0 and len(full) + infos >= 300)
# A queue-full refusal goes to the flooder alone. (A LoadBoard that ran and failed, say on a
# machine too busy to finish the previous swap, is refused to every client, as its pedalInfo is.)
b_refused, b_other = [], []
while True:
    m = b.recv(0.5)
    if m is None:
        break
    d = json.loads(m)
    if "refused" in d:
        (b_refused if "queue full" in d["refused"]["reason"] else b_other).append(d["refused"])
if b_other:
    print("     the second client also saw %d refusals of LoadBoards that ran: %s"
          % (len(b_other), b_other[0]["reason"]))
report("the second client gets none of those queue-full refusals (%d)" % len(b_refused),
       not b_refused)
a.sock.close()
b.sock.close()

# A client that reconnects in a loop (32 LoadBoards, close, again): the commands of closed
# clients take one turn of the round robin, not every turn, so B is still served.
stop_flood = threading.Event()
def reconnect_flood():
    while not stop_flood.is_set():
        c = connect("127.0.0.1", ws_port)
        for _ in range(32):
            c.send(load)
        c.sock.close()
flooder = threading.Thread(target=reconnect_flood, daemon=True)
flooder.start()
time.sleep(1.0)
b = connect("127.0.0.1", ws_port)
lats = []
for _ in range(3):
    t0 = time.monotonic()
    b.send('{"param":1005}')
    got = b.expect("pedalTypes", 10)
    lats.append(time.monotonic() - t0 if got else 99.0)
    time.sleep(0.2)
stop_flood.set()
flooder.join()
b.sock.close()
report("a second client is served while another reconnects in a loop with 32 LoadBoards each "
       "time (replies in %s s, bound 1 s)" % ", ".join("%.3f" % x for x in lats),
       max(lats) < 1.0)
time.sleep(2.0)  # let the host run the closed clients' LoadBoards

# 50 clients that never read; a driver broadcasts pedalInfo (~%d bytes) many times.
time.sleep(0.5)
rss0 = rss_kib(host_pid)
idle = []
for _ in range(50):
    s = socket.create_connection(("127.0.0.1", ws_port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    c = WsClient.__new__(WsClient)
    idle.append(s)
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    s.sendall(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % key).encode())
drv = connect("127.0.0.1", ws_port)
drv.send(load)
info = drv.expect("pedalInfo", 10)
size = len(json.dumps(info))
sent = 0
for _ in range(60):
    for _ in range(20):
        drv.send('{"param":27}')
    for _ in range(20):
        if drv.expect("pedalInfo", 10) is None:
            break
        sent += 1
time.sleep(1)
rss1 = rss_kib(host_pid)
grow = (rss1 - rss0) / 1024.0
print("     %d broadcasts of ~%d bytes to 51 clients (%.1f MB each); RSS %.1f -> %.1f MB (+%.1f)"
      % (sent, size, sent * size / 1e6, rss0 / 1024.0, rss1 / 1024.0, grow))
report("memory bounded with 50 non-reading clients (+%.1f MB, bound 40 MB; %.0f MB were sent"
       " to each)" % (grow, sent * size / 1e6), sent >= 1000 and grow < 40)

# The number of clients: 51 are connected; 13 more make 64; the next is closed with a reason.
more = [connect("127.0.0.1", ws_port) for _ in range(13)]
try:
    extra = WsClient("127.0.0.1", ws_port)
    r = extra.recv(5)
    why = "not closed: %s" % r
except OSError as e:
    why = str(e)
report("the 65th client is closed with a reason (%s)" % why, "too many clients" in why)
for c in more:
    c.sock.close()
for s in idle:
    s.close()
drv.sock.close()
# A page knocking in a loop: 40 refused handshakes (the log keeps 10 lines a minute).
knocks = [handshake(ws_port, headers={"Origin": "http://knock.example"}) for _ in range(40)]
report("40 knocks from a foreign page are all refused",
       all(k.startswith("refused") for k in knocks))
PY
cat "$T_TMP/py.out"
T_PASS=$((T_PASS + $(grep -c '^ok ' "$T_TMP/py.out")))
T_FAIL=$((T_FAIL + $(grep -c '^FAIL ' "$T_TMP/py.out")))
grep -q "Origin 'http://evil.example' is not ours" "$T_TMP/host.log"
check "the refusal of a foreign Origin is logged with the allowed ones" test $? -eq 0
refusal_lines=$(grep -c "websocket from .* refused: " "$T_TMP/host.log")
check "refused handshakes are logged 10 times a minute at most ($refusal_lines lines for 40+)" \
  test "$refusal_lines" -le 10
check "  and the 10th says the rest are counted" grep -q "more this minute are counted" "$T_TMP/host.log"
check "the host survives all of it" kill -0 "$HOST"
if kill -0 "$TOK"; then
  ok "and so does the host with the token"
else
  not_ok "and so does the host with the token"
  wait "$TOK"
  echo "     its exit status $?; the end of its log:"
  tail -20 "$T_TMP/tok.log"
fi
[ "$(grep -c '^ok ' "$T_TMP/py.out")" -ge 15 ]
check "every Python check ran" test $? -eq 0
check "and so does the host with the token a+b/c=" kill -0 "$PLUS"
sanitizer_check "no sanitizer report" "$T_TMP/host.log" "$T_TMP/tok.log" "$T_TMP/plus.log"
finish
