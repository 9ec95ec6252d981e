#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""rtjam_ws: a minimal websocket client (RFC 6455, text frames only) on the Python standard
library, for driving rtjam-host and rtjam-broadcast from a shell: the demo (tools/demo/demo.sh)
and the tests. Installed as rtjam-ctl.

Usage: rtjam-ctl HOST PORT OP...
Sends commands to rtjam-host's websocket control port (default 9090), or to rtjam-broadcast's
--control-port, and prints what it answers. $RTJAM_TOKEN is sent as ?token=, percent-encoded,
when set.

  -h, --help            print this help and exit
  -V, --version         print the version and exit

Operations, run in order:
  send JSON             send one text message
  sleep SECONDS         wait
  expect KEY SECONDS    print the first message received from now on that has top-level KEY
                        (exit 1 if none arrives in time)
  reply SECONDS         print the first message received from now on that is not JSON: the
                        answer to an rtjam-broadcast command line, e.g. `send status reply 5`
                        (exit 1 if none arrives in time, 3 if it is "error: ...")
  until EXPR SECONDS    wait for a levelEvent `ev` for which the Python expression EXPR is
                        true; print "ELAPSED_S JSON" (exit 1 on timeout, printing the last one);
                        ELAPSED_S counts from $WS_T0 (epoch seconds) when it is set
Every received message is also appended to $WS_LOG when set.
"""
import base64
import json
import os
import re
import socket
import struct
import sys
import time
import urllib.parse


class HandshakeRefused(ConnectionError):
    """The server answered the handshake with an HTTP refusal (e.g. 403): retrying cannot help."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


class WsClient:
    def __init__(self, host, port, timeout=5.0, path="/", headers=None):
        """headers: extra handshake headers, e.g. {"Origin": "http://127.0.0.1:9090"}."""
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        req = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\n{extra}\r\n")
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("handshake: connection closed")
            head += chunk
        status_line = head.split(b"\r\n")[0]
        if b" 101 " not in status_line:
            # The refusal's body says why (rtjam's servers: "websocket refused: REASON").
            n = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    n = int(line.split(b":")[1])
            body = b""
            try:
                while len(body) < min(n, 4096):
                    chunk = self.sock.recv(4096)
                    if not chunk:
                        break
                    body += chunk
            except OSError:
                pass
            why = re.sub(r"<[^>]*>", " ", body.decode(errors="replace")).split()
            parts = status_line.split()
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            raise HandshakeRefused("handshake refused: " + head.decode(errors="replace") +
                                   " ".join(why), status)
        self.buf = b""
        self.log = open(os.environ["WS_LOG"], "a") if os.environ.get("WS_LOG") else None

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            hdr = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            hdr = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            hdr = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(hdr + mask + body)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self, timeout):
        """One text message, or None on timeout."""
        self.sock.settimeout(timeout)
        try:
            msg = b""
            while True:
                b0, b1 = self._read(2)
                n = b1 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", self._read(2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", self._read(8))[0]
                mask = self._read(4) if b1 & 0x80 else None
                data = self._read(n)
                if mask:
                    data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
                op = b0 & 0x0F
                if op == 0x8:
                    code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else 0
                    raise ConnectionError("closed by server: %d %s"
                                          % (code, data[2:].decode(errors="replace")))
                if op == 0x9:  # ping -> pong
                    self.sock.sendall(struct.pack("!BB", 0x8A, 0x80) + b"\0\0\0\0")
                    continue
                msg += data
                if b0 & 0x80:
                    text = msg.decode()
                    if self.log:
                        self.log.write(text + "\n")
                        self.log.flush()
                    return text
        except socket.timeout:
            return None

    def expect(self, key, timeout):
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            text = self.recv(left)
            if text is None:
                return None
            try:
                obj = json.loads(text)
            except ValueError:
                continue
            if isinstance(obj, dict) and key in obj:
                return obj


def connect(host, port, timeout=10.0, path="/", headers=None):
    """Connects, retrying while the server starts. An HTTP refusal of the handshake (401, 403,
    404...) is the server's answer, not a server still starting: HandshakeRefused is raised at
    once."""
    end = time.monotonic() + timeout
    while True:
        try:
            return WsClient(host, port, path=path, headers=headers)
        except HandshakeRefused:
            raise
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


# `make` writes build/bin/rtjam-ctl from this file with the build's version here.
VERSION = "@VERSION@"


def main(argv):
    if len(argv) > 1 and argv[1] in ("-V", "--version"):
        print(f"rtjam-ctl {VERSION}")
        return 0
    if len(argv) > 1 and argv[1] in ("-h", "--help"):
        print(__doc__.split("Installed as rtjam-ctl.\n\n", 1)[1].rstrip())
        return 0
    if len(argv) < 3:
        print("usage: rtjam-ctl HOST PORT OP... (see --help)", file=sys.stderr)
        return 2
    # $RTJAM_TOKEN: the host's access token, sent as ?token= (docs/host.md), percent-encoded:
    # the host decodes a bare '+' as a space.
    token = os.environ.get("RTJAM_TOKEN")
    path = "/?token=" + urllib.parse.quote(token, safe="") if token else "/"
    try:
        ws = connect(argv[1], int(argv[2]), path=path)
    except OSError as e:  # refused (the server's answer says why) or nobody listening
        print("rtjam-ctl: %s:%s: %s" % (argv[1], argv[2], str(e).strip()), file=sys.stderr)
        if isinstance(e, HandshakeRefused) and "token" in str(e):
            print("rtjam-ctl: set RTJAM_TOKEN to the host's token%s"
                  % (" (the one given is refused)" if token else ""), file=sys.stderr)
        return 1
    ops = argv[3:]
    i = 0
    while i < len(ops):
        op = ops[i]
        if op == "send":
            ws.send(ops[i + 1])
            i += 2
        elif op == "sleep":
            time.sleep(float(ops[i + 1]))
            i += 2
        elif op == "expect":
            obj = ws.expect(ops[i + 1], float(ops[i + 2]))
            if obj is None:
                print(f"no {ops[i + 1]} within {ops[i + 2]} s", file=sys.stderr)
                return 1
            print(json.dumps(obj))
            sys.stdout.flush()
            i += 3
        elif op == "reply":
            end = time.monotonic() + float(ops[i + 1])
            text = None
            while text is None or text.startswith("{"):
                left = end - time.monotonic()
                text = ws.recv(left) if left > 0 else None
                if text is None:
                    print(f"no reply within {ops[i + 1]} s", file=sys.stderr)
                    return 1
            print(text)
            sys.stdout.flush()
            if text.startswith("error: "):
                return 3
            i += 2
        elif op == "until":
            expr, limit = ops[i + 1], float(ops[i + 2])
            start = time.monotonic()
            last, hit = {}, False
            while not hit and time.monotonic() - start < limit:
                obj = ws.expect("levelEvent", limit - (time.monotonic() - start))
                if obj is None:
                    break
                last = obj["levelEvent"]
                try:
                    hit = bool(eval(expr, {"any": any, "all": all, "abs": abs}, {"ev": last}))
                except (KeyError, IndexError, TypeError):
                    hit = False
            if not hit:
                print("timeout " + json.dumps(last))
                return 1
            # ELAPSED counts from $WS_T0 (epoch seconds) when set, else from this op's start.
            t0 = os.environ.get("WS_T0")
            elapsed = time.time() - float(t0) if t0 else time.monotonic() - start
            print("%.3f %s" % (elapsed, json.dumps(last)))
            sys.stdout.flush()
            i += 3
        else:
            print("unknown op " + op, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
