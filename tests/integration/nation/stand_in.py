#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A stand-in for rtjam-nation (rtjam_rust_spec.md §6–7) on the Python standard library, for
tests/integration/host_nation.sh and server_nation.sh. One loopback HTTP port serves:

  REST  POST {api}jamUnit       -> {"jamUnit":{"token":"tok-N","id":N}}
        PUT  {api}jamUnit/ping  -> {"jamUnit":{"id":N}}, or {} once after /control/forget,
                                   or HTTP 500 once after /control/fail
        POST {api}broadcastUnit -> {"broadcastUnit":{"token":"bu-N","id":N}}
        POST {api}room          -> {"room":{"token":"room-N","id":N}} (needs a known unit token)
        PUT  {api}broadcastUnit/ping -> as jamUnit/ping, with "broadcastUnit"
        GET  {api}status        -> {"name":"rtjam-nation"}
  WS    GET /primus (RFC 6455): ActionHero-like chat rooms: action createChatRoom, roomAdd,
        say (relayed with "context":"user" to every member of the room, the sender included, as
        ActionHero does); a welcome message on connect; "primus::ping::<ms>" every 5 s.
  control (for the test):
        GET  /control/events?since=N   every event recorded from index N (JSON list)
        POST /control/forget           the next ping answers {} (the unit is forgotten)
        POST /control/fail             the next ping answers HTTP 500 (an unknown unit, as
                                       a nation may answer it)
        POST /control/drop             closes every websocket (TCP reset after a close frame)
        POST /control/ping  {"value":"x"}  sends "primus::ping::x" to every websocket
        POST /control/wsping {"value":"x"} sends a websocket Ping frame (opcode 9)
        POST /control/say   {"room":R,"message":M}  a user message to room R

Usage:
  stand_in.py serve PORT [--api /api/1/]
  stand_in.py ctl PORT PATH [JSON]          POST (or GET for events) and print the answer
  stand_in.py wait PORT EXPR SECONDS [SINCE]
        print the first event `e` (from index SINCE) for which EXPR is true; exit 1 on timeout
  stand_in.py list PORT EXPR [SINCE]        print the events that match EXPR (JSON list)
  stand_in.py count PORT EXPR [SINCE]       print how many events match EXPR
"""
import base64
import hashlib
import http.server
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.request

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Nation:
    def __init__(self, api):
        self.api = api
        self.lock = threading.Lock()
        self.events = []
        self.units = 0
        self.forget = False
        self.fail = False
        self.bunits = set()
        self.conns = {}  # id -> Conn
        self.next_conn = 1
        self.rooms = {}  # name -> set of conn ids

    def record(self, kind, **kw):
        with self.lock:
            ev = {"i": len(self.events), "t": time.monotonic(), "kind": kind}
            ev.update(kw)
            self.events.append(ev)
            return ev


class Conn:
    def __init__(self, nation, sock):
        self.nation = nation
        self.sock = sock
        self.wlock = threading.Lock()
        with nation.lock:
            self.id = nation.next_conn
            nation.next_conn += 1
            nation.conns[self.id] = self
        self.open = True

    def send_frame(self, opcode, data):
        n = len(data)
        if n < 126:
            hdr = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 65536:
            hdr = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            hdr = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        with self.wlock:
            try:
                self.sock.sendall(hdr + data)
            except OSError:
                self.open = False

    def send_text(self, text):
        self.send_frame(1, text.encode())

    def send_json(self, obj):
        self.send_text(json.dumps(obj))

    def read_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def read_frame(self):
        b0, b1 = self.read_exact(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.read_exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.read_exact(8))[0]
        mask = self.read_exact(4) if b1 & 0x80 else None
        data = self.read_exact(n)
        if mask:
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        return b0 & 0x80, b0 & 0x0F, data, mask is not None

    def close(self):
        self.open = False
        try:
            self.send_frame(8, struct.pack("!H", 1001))
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def run(self):
        nation = self.nation
        nation.record("ws-open", conn=self.id)
        self.send_json({"welcome": "Hello! Welcome to the stand-in actionhero api",
                        "room": None, "context": "api"})
        msg, op = b"", 1
        try:
            while self.open:
                fin, opcode, data, masked = self.read_frame()
                if not masked:
                    nation.record("ws-unmasked", conn=self.id)
                if opcode == 8:
                    break
                if opcode == 9:
                    self.send_frame(10, data)
                    continue
                if opcode == 10:
                    nation.record("ws-pong", conn=self.id, value=data.decode(errors="replace"))
                    continue
                if opcode != 0:
                    op, msg = opcode, b""
                msg += data
                if fin:
                    if op == 1:
                        self.on_text(msg.decode())
                    msg = b""
        except (ConnectionError, OSError):
            pass
        self.open = False
        with nation.lock:
            nation.conns.pop(self.id, None)
            for members in nation.rooms.values():
                members.discard(self.id)
        nation.record("ws-close", conn=self.id)

    def on_text(self, text):
        nation = self.nation
        try:
            obj = json.loads(text)
        except ValueError:
            nation.record("ws-text", conn=self.id, text=text, json=None)
            return
        nation.record("ws-text", conn=self.id, text=text, json=obj)
        if isinstance(obj, str):
            return  # a primus pong: recorded above
        if not isinstance(obj, dict):
            return
        event, mid = obj.get("event"), obj.get("messageId")
        if event == "action":
            params = obj.get("params") or {}
            if params.get("action") == "packetStatCreate":
                reply = {"data": "OK"}
            elif params.get("action") == "createChatRoom":
                with nation.lock:
                    exists = params.get("name") in nation.rooms
                    nation.rooms.setdefault(params.get("name"), set())
                reply = {"error": "room exists"} if exists else {"data": "OK"}
            else:
                reply = {"error": "unknown action"}
            reply.update({"context": "response", "messageId": mid})
            self.send_json(reply)
        elif event == "roomAdd":
            with nation.lock:
                nation.rooms.setdefault(obj.get("room"), set()).add(self.id)
            self.send_json({"context": "response", "status": "OK", "data": True,
                            "messageId": mid})
        elif event == "say":
            relay(nation, obj.get("room"), obj.get("message"), "conn-%d" % self.id)
            self.send_json({"context": "response", "status": "OK", "messageId": mid})


def relay(nation, room, message, sender):
    with nation.lock:
        members = [nation.conns[c] for c in nation.rooms.get(room, ()) if c in nation.conns]
    payload = {"message": message, "room": room, "from": sender, "context": "user",
               "sentAt": int(time.time() * 1000)}
    for c in members:
        c.send_json(payload)
    return len(members)


def make_handler(nation):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, code, obj):
            body = json.dumps(obj).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def body(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n) if n else b""
            try:
                return json.loads(raw) if raw else {}
            except ValueError:
                return {"unparsed": raw.decode(errors="replace")}

        def do_GET(self):
            if self.path.startswith("/primus"):
                return self.upgrade()
            if self.path.startswith("/control/events"):
                since = int(self.path.split("since=")[1]) if "since=" in self.path else 0
                with nation.lock:
                    evs = nation.events[since:]
                return self.reply(200, evs)
            if self.path == nation.api + "status":
                nation.record("status")
                return self.reply(200, {"name": "rtjam-nation"})
            self.reply(404, {"error": "not found"})

        def do_POST(self):
            b = self.body()
            if self.path == nation.api + "jamUnit":
                with nation.lock:
                    nation.units += 1
                    n = nation.units
                tok = "tok-%d" % n
                nation.record("register", body=b, token=tok,
                              ctype=self.headers.get("Content-Type"))
                return self.reply(200, {"jamUnit": {"token": tok, "id": n}})
            if self.path == nation.api + "broadcastUnit":
                with nation.lock:
                    nation.units += 1
                    n = nation.units
                    nation.bunits.add("bu-%d" % n)
                tok = "bu-%d" % n
                nation.record("bregister", body=b, token=tok,
                              ctype=self.headers.get("Content-Type"))
                return self.reply(200, {"broadcastUnit": {"token": tok, "id": n}})
            if self.path == nation.api + "room":
                with nation.lock:
                    known = b.get("token") in nation.bunits
                    nation.units += 1
                    n = nation.units
                tok = "room-%d" % n if known else None
                nation.record("room", body=b, token=tok)
                if not known:
                    return self.reply(404, {"error": "unknown broadcast unit"})
                return self.reply(200, {"room": {"token": tok, "id": n}})
            ctl = self.path[len("/control/"):] if self.path.startswith("/control/") else None
            if ctl == "forget":
                nation.forget = True
                return self.reply(200, {"ok": True})
            if ctl == "fail":
                nation.fail = True
                return self.reply(200, {"ok": True})
            if ctl == "drop":
                with nation.lock:
                    conns = list(nation.conns.values())
                for c in conns:
                    c.close()
                nation.record("dropped", conns=[c.id for c in conns])
                return self.reply(200, {"dropped": len(conns)})
            if ctl in ("ping", "wsping"):
                with nation.lock:
                    conns = list(nation.conns.values())
                for c in conns:
                    if ctl == "ping":
                        c.send_text(json.dumps("primus::ping::" + b["value"]))
                    else:
                        c.send_frame(9, b["value"].encode())
                return self.reply(200, {"sent": len(conns)})
            if ctl == "say":
                n = relay(nation, b["room"], b["message"], "ui")
                nation.record("ui-say", room=b["room"], message=b["message"], members=n)
                return self.reply(200, {"members": n})
            self.reply(404, {"error": "not found"})

        def do_PUT(self):
            b = self.body()
            for unit, kind in (("jamUnit", "ping"), ("broadcastUnit", "bping")):
                if self.path != nation.api + unit + "/ping":
                    continue
                forgot, failed = nation.forget, nation.fail
                nation.forget = nation.fail = False
                nation.record(kind, body=b, forgot=forgot, failed=failed)
                if failed:
                    return self.reply(500, {"error": "unknown unit"})
                if forgot:
                    return self.reply(200, {})
                return self.reply(200, {unit: {"id": b.get("token", "")}})
            self.reply(404, {"error": "not found"})

        def upgrade(self):
            key = self.headers.get("Sec-WebSocket-Key")
            if not key or "websocket" not in (self.headers.get("Upgrade") or "").lower():
                return self.reply(400, {"error": "websocket upgrade expected"})
            accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", accept)
            self.end_headers()
            self.wfile.flush()
            self.close_connection = True
            Conn(nation, self.connection).run()

    return Handler


def pinger(nation):
    while True:
        time.sleep(5)
        with nation.lock:
            conns = list(nation.conns.values())
        for c in conns:
            c.send_text(json.dumps("primus::ping::%d" % int(time.time() * 1000)))


def serve(port, api):
    nation = Nation(api)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(nation))
    srv.daemon_threads = True
    threading.Thread(target=pinger, args=(nation,), daemon=True).start()
    nation.record("started", port=port)
    print("stand-in rtjam-nation on 127.0.0.1:%d" % port, flush=True)
    srv.serve_forever()


def ctl(port, path, body=None):
    url = "http://127.0.0.1:%d/control/%s" % (port, path)
    data = None if body is None else body.encode()
    req = urllib.request.Request(url, data=data, method="GET" if data is None else "POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


def events(port, since):
    return ctl(port, "events?since=%d" % since)


def main(argv):
    if len(argv) >= 2 and argv[0] == "serve":
        api = argv[argv.index("--api") + 1] if "--api" in argv else "/api/1/"
        serve(int(argv[1]), api)
    elif len(argv) >= 3 and argv[0] == "ctl":
        body = None if argv[2].startswith("events") else argv[3] if len(argv) > 3 else "{}"
        print(json.dumps(ctl(int(argv[1]), argv[2], body)))
    elif len(argv) >= 4 and argv[0] == "wait":
        port, expr, secs = int(argv[1]), argv[2], float(argv[3])
        since = int(argv[4]) if len(argv) > 4 else 0
        end = time.monotonic() + secs
        while True:
            for e in events(port, since):
                if eval(expr, {"e": e, "json": json}):
                    print(json.dumps(e))
                    return 0
            if time.monotonic() > end:
                return 1
            time.sleep(0.05)
    elif len(argv) >= 3 and argv[0] == "list":
        since = int(argv[3]) if len(argv) > 3 else 0
        print(json.dumps([e for e in events(int(argv[1]), since)
                          if eval(argv[2], {"e": e, "json": json})]))
    elif len(argv) >= 3 and argv[0] == "count":
        since = int(argv[3]) if len(argv) > 3 else 0
        print(sum(1 for e in events(int(argv[1]), since) if eval(argv[2], {"e": e, "json": json})))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) or 0)
