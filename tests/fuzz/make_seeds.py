#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/NAME/). The seeds are
checked in; run this again only to change them. Each seed is a valid input that gets deep
into its target: a real packet, a member's session, a board, a nation exchange."""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
PEDALS = ["Noise Gate", "Compressor", "Boost", "Tone Stack", "TubeDrive", "Tube Screamer",
          "SoulDrive", "Speaker Sim", "Delay", "Chorus", "Tremelo", "Sigma Reverb"]


def put(name, seed, data):
    d = os.path.join(HERE, "corpus", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, seed), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def packet(frames, seq=1, cid=101, echo=0, beat=0):
    size = 28 + 4 * frames
    h = struct.pack(">BBBBQQII", 0, 0, size // 32, beat, echo, 1700000001123456, cid, seq)
    audio = b"".join(struct.pack(">H", (i * 977) & 0xFFFF) for i in range(2 * frames))
    return h + audio


# packet: datagrams
put("packet", "128-frames", packet(128))
put("packet", "64-frames", packet(64, seq=7, beat=3))
put("packet", "249-frames-max", packet(249))
put("packet", "header-only-echo", packet(0, echo=1700000001000000))
put("packet", "odd-length", packet(64)[:-1])


# server_room: script of (op, step, len, bytes); op bit 3 = cookie, bits 0..2 = source
def op(src, data, cookie=True, step=42, flush=False, forward_clock=True):
    o = src | (8 if cookie else 0) | (0x10 if flush else 0) | (0x40 if forward_clock else 0)
    return struct.pack(">BHH", o, step, len(data)) + data


session = bytes([4])  # max players = 1 + 4 % 6
for k in range(6):
    session += op(0, packet(128, seq=k), cookie=(k == 0))  # first packet: the cookie echo
    session += op(1, packet(128, seq=k, cid=202), cookie=(k == 0))
    session += op(2, packet(64, seq=k, cid=303), cookie=True)
session += op(0, packet(128, seq=99), step=40000, flush=True)  # after 2.6 s: expiry
put("server_room", "three-members", session)
# The same three members in mix mode (op bit 7 switches it): each datagram is followed by a tick.
mixed = bytes([4])
for k in range(8):
    mixed += op(0, packet(128, seq=k), cookie=(k == 0))
    mixed += op(1, packet(128, seq=k, cid=202), cookie=(k == 0))
    mixed += op(2, packet(64, seq=k, cid=303), cookie=True)
    if k == 1:
        mixed = mixed[:-(5 + 284)] + bytes([mixed[-(5 + 284)] | 0x80]) + mixed[-(4 + 284):]
mixed += op(0, packet(128, seq=99), step=40000, flush=True)
put("server_room", "three-members-mix", mixed)
put("server_room", "newcomer-no-cookie", bytes([0]) + op(3, packet(128), cookie=False))
put("server_room", "junk-and-short", bytes([1]) + op(4, b"\0" * 10) + op(5, b"\1" * 1100)
    + op(6, packet(64)[:-1]))
full = bytes([0])  # max 1 player: the second is refused
full += op(0, packet(64)) + op(1, packet(64, cid=5)) + op(0, packet(64, seq=2))
put("server_room", "full-room", full)

# board: byte 0 picks doc (even) or setting (odd)
with open(os.path.join(HERE, "..", "..", "tools", "demo", "board.json")) as f:
    demo = f.read()
put("board", "demo-board", "\0" + demo)
cfg = [{"index": i, "name": p, "settings": [{"index": 0, "name": "bypass", "value": i % 2 == 0},
       {"index": 1, "name": "level", "value": str(i - 3)}]} for i, p in enumerate(PEDALS)]
put("board", "all-pedals", "\0" + json.dumps({"id": 7, "name": "all", "config": cfg}))
put("board", "setting-number", '\1{"name":"Gain","value":6.5}')
put("board", "setting-string", '\1{"name":"duration","value":"320"}')
put("board", "setting-bool", '\1{"name":"bypass","value":true}')

# nation: byte 0 % 8 picks the function; (byte 0 >> 3) * 25 is the HTTP status for 1 and 2
put("nation", "ping", '\0"primus::ping::1700000000000"')
put("nation", "user-command", '\0' + json.dumps({"context": "user",
    "message": json.dumps({"param": 27})}))
put("nation", "own-status", '\0' + json.dumps({"context": "user",
    "message": json.dumps({"speaker": "UnitChatRobot", "levelEvent": {}})}))
put("nation", "register-200", bytes([1 + 8 * 8]) + b'{"jamUnit":{"token":"8d1f2c"}}')
put("nation", "ping-200", bytes([2 + 8 * 8]) + b'{"jamUnit":{"token":"8d1f2c"}}')
put("nation", "ping-forget", bytes([2 + 8 * 16]) + b'{"error":"unknown"}')
put("nation", "ws-url", "\3wss://nation.example.org:8443/primus?x=1")
put("nation", "ws-url-v6", "\3ws://[::1]:8080/primus")
put("nation", "mac", "\4AA:bb:0C:dd:EE:ff")
put("nation", "create-room", "\5tok-\u00e9\"\\n")
put("nation", "say", '\6tok\1{"speaker":"UnitChatRobot","levelEvent":{"a":1}}')
put("nation", "rest-body", "\7http://nation.example.org/api/1/")


# net_stream: op kinds 0/1 put, 2 get, 3 policy
def sput(dseq=3, step=2667, frames=128, o=0):
    return struct.pack(">BII", o, dseq, step) + bytes([frames - 1])


def sget(n=128):
    return bytes([2, n])


steady = b"".join(sput() + sget() for _ in range(40))
put("net_stream", "steady-128", steady)
lossy = b"".join(sput(dseq=3 if k % 5 else 5) + sget() for k in range(40))
put("net_stream", "loss-every-5th", lossy)
reorder = b"".join(sput(dseq=4) + sput(dseq=1) + sget() + sget() for _ in range(20))
put("net_stream", "reordered-pairs", reorder)
burst = b"".join(sput(step=0) for _ in range(8)) + b"".join(sget(64) for _ in range(20))
put("net_stream", "burst-then-drain", burst)
fixed = struct.pack(">BHH", 0x13, 512, 64) + steady
put("net_stream", "fixed-depth", fixed)
wrap = struct.pack(">BII", 0x10, 0xFFFFFFF0, 2667) + bytes([127]) + steady
put("net_stream", "seq-wrap", wrap)


# host_cmd: newline-separated commands
def cmd(param, i1=None, i2=None, f=None, s=None):
    c = {"param": param}
    if i1 is not None:
        c["iValue1"] = i1
    if i2 is not None:
        c["iValue2"] = i2
    if f is not None:
        c["fValue"] = f
    if s is not None:
        c["sValue"] = s
    return json.dumps(c)


edits = [cmd(29, 0, 0, s="Boost"), cmd(29, 0, 9, s="Tone Stack"), cmd(29, 0, 9, s="Delay"),
         cmd(28, 0, 0, s='{"name":"Gain","value":6}'), cmd(31, 0, 0, f=2.0),
         cmd(30, 0, 1), cmd(27)]
put("host_cmd", "board-edits", "\n".join(edits))
put("host_cmd", "load-board", cmd(32, 1, s=demo) + "\n" + cmd(28, 1, 0, s='{"name":"bypass","value":true}'))
mix = [cmd(14, f=-6.5), cmd(40, 4, f=3.0), cmd(35, 4, f=-0.5), cmd(36, 1, 1), cmd(39, 3, 1),
       cmd(41, f=-12), cmd(42, 1), cmd(33, 0, 1), cmd(1006, 100), cmd(3, f=2.0), cmd(37)]
put("host_cmd", "mixer", "\n".join(mix))
put("host_cmd", "chat-wrapped", json.dumps({"message": cmd(29, 1, 0, s="Sigma Reverb")}))
put("host_cmd", "string-ints", '{"param":"29","iValue1":"0","iValue2":"0","sValue":"Chorus"}')
put("host_cmd", "refused", cmd(1004, s="rm -rf /") + "\n" + cmd(9999))
put("host_cmd", "all-pedals", "\n".join(cmd(29, k % 2, 0, s=p) for k, p in enumerate(PEDALS)))
