# SPDX-License-Identifier: ISC
"""Recording (issue 15, rtjam_rust_spec.md sections 4.9-4.10) through the control channel.

Usage: test_record.py take|budget|ioerror PORT CONTROL_PORT RECORD_DIR STATUS_FILE

take:    three peers play known tones (375, 468.75, 562.5 Hz) for 10 s while recording; the
         take is saved and listed; parsed with this file's own reader (section 4.10: datagrams
         back to back, NumAudioChunks = length / 32), each peer's packets are all there, once,
         in order, with the exact audio bytes it sent. Names with '/', '..' or control
         characters are refused and nothing is written outside RECORD_DIR; meanwhile no
         member loses a packet. SetTempo is range-checked and changes the Beat clients get.
budget:  (server --record-budget 1048576) the take stops at the budget, reported; forwarding
         goes on with no packet lost.
ioerror: (server under ulimit -f 512) the write fails, the take stops with the error
         reported; the server keeps forwarding.
"""

import math
import os
import socket
import struct
import sys
import threading

from rtjam_peer import (Checks, Peer, Session, HEADER_SIZE, decode_header, encode_sample)

mode, port, cport, rec_dir, status_file = (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                                           sys.argv[4], sys.argv[5])
t = Checks("record-" + mode)
server = ("127.0.0.1", port)
room_dir = os.path.join(rec_dir, str(port))


def control(line):
    with socket.create_connection(("127.0.0.1", cport), timeout=5) as s:
        s.sendall((line + "\n").encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return data.decode().strip()


def tone_peer(client_id, host, k):
    """A peer whose 4 audio buffers hold a whole number of cycles: 48000/512*k Hz."""
    p = Peer(server, client_id, bind_host=host, name="tone%d" % client_id)
    frames = p.frames
    bufs = []
    for b in range(4):
        ch1 = [0.5 * math.sin(2 * math.pi * k * (b * frames + i) / (4 * frames))
               for i in range(frames)]
        ch2 = [0.25 * math.sin(2 * math.pi * 2 * k * (b * frames + i) / (4 * frames))
               for i in range(frames)]
        bufs.append(struct.pack(">%dH" % (2 * frames), *[encode_sample(v) for v in ch1 + ch2]))
    p.audio = bufs
    return p


def read_take(path):
    """Section 4.10: 28-byte header, then NumAudioChunks*32 - 28 ... i.e. the datagram is
    NumAudioChunks*32 bytes long when that is at least 28 (540 -> 16 chunks = 512: the original
    reader reads 28 + chunks*32 bytes)."""
    packets = []
    with open(path, "rb") as f:
        data = f.read()
    off = 0
    while off + HEADER_SIZE <= len(data):
        chunks = data[off + 2]
        size = HEADER_SIZE + chunks * 32
        if off + size > len(data):
            break
        packets.append(data[off:off + size])
        off += size
    return packets, off == len(data)


def lost(peers):
    missing = 0
    for a in peers:
        for b in peers:
            if a is b:
                continue
            got = {decode_header(d)["seq"] for d in a.forwards()
                   if decode_header(d)["client_id"] == b.client_id}
            missing += len(set(b.sent) - got)
    return missing


peers = [tone_peer(4001, "127.0.0.11", 4), tone_peer(4002, "127.0.0.12", 5),
         tone_peer(4003, "127.0.0.13", 6)]
s = Session(peers)
t.check(s.join_all(5.0), "three peers join")

if mode == "take":
    r = control("record")
    t.check(r.startswith("ok"), "record starts", r)
    s.reset_records()
    answers = {}

    def attacks():
        for name in ("../x", "/etc/passwd", "a/b", "..", "a\x01b"):
            answers[name] = control("save " + name)
        answers["tempo0"] = control("tempo 0")
        answers["tempo1001"] = control("tempo 1001")
        answers["tempox"] = control("tempo fast")

    th = threading.Thread(target=attacks)
    th.start()
    s.run(10.0)
    th.join()
    # (the refused saves did not stop the take: a refused name changes nothing)
    r = control("stop")
    t.check(r.startswith("ok"), "stop", r)
    t.check(lost(peers) == 0, "no member lost a packet during the take and the refused commands",
            "%d lost" % lost(peers))
    for name in ("../x", "/etc/passwd", "a/b", "..", "a\x01b"):
        t.check(answers[name].startswith("error: save: name"), "save %r is refused with the reason"
                % name, answers[name])
    t.check(not os.path.exists(os.path.join(rec_dir, str(port), "x")) and
            not os.path.exists(os.path.join(rec_dir, "x")) and
            sorted(os.listdir(os.path.join(room_dir, "recs"))) == [],
            "nothing was written for the refused names")
    for k in ("tempo0", "tempo1001", "tempox"):
        t.check(answers[k].startswith("error: tempo"), "%s is refused with the reason" % k,
                answers[k])
    r = control("save jam one")
    t.check(r == "ok room %d saved jam one" % port, "the take is saved under its name", r)
    r = control("save jam one")
    t.check(r.startswith("ok") and r.endswith("saved jam one_1"), "a second save gets _1", r)
    r = control("list")
    names = sorted(e["name"] for e in __import__("json").loads(r[3:])) if r.startswith("ok") else []
    t.check(names == ["jam one", "jam one_1"], "list shows both takes", r[:200])
    packets, whole = read_take(os.path.join(room_dir, "recs", "jam one"))
    t.check(whole and len(packets) > 0, "the take is whole packets back to back (section 4.10)",
            "%d packets" % len(packets))
    for p in peers:
        mine = [d for d in packets if decode_header(d)["client_id"] == p.client_id]
        seqs = [decode_header(d)["seq"] for d in mine]
        sent = sorted(p.sent)
        t.check(seqs == sent, "%s: every packet it sent while recording is in the take, once, "
                "in order" % p.name, "%d recorded, %d sent" % (len(seqs), len(sent)))
        same = sum(1 for d in mine if d[HEADER_SIZE:] == p.sent[decode_header(d)["seq"]][HEADER_SIZE:])
        t.check(same == len(mine) and len(mine) > 3000,
                "%s: the recorded audio is the bytes it sent, sample for sample" % p.name,
                "%d of %d equal" % (same, len(mine)))
        t.check(all(d[2] == len(d) // 32 for d in mine), "%s: NumAudioChunks = length / 32" % p.name)
    times = [decode_header(d)["server_time"] for d in packets]
    t.check(all(b >= a for a, b in zip(times, times[1:])), "ServerTime never goes back in the take")
    # SetTempo changes the Beat clients receive: 60 BPM -> beats of 1 s.
    r = control("tempo 60")
    t.check(r == "ok room %d tempo 60" % port, "tempo 60 is accepted", r)
    s.reset_records()
    s.run(2.5)
    # Spec 4.7: Beat = (ServerTime / (60e6 / BPM)) mod 4; at 60 BPM, the second mod 4.
    echoes = [decode_header(d) for d in peers[0].echoes()]
    wrong = [h for h in echoes if h["beat"] != (h["server_time"] // 1000000) % 4]
    t.check(len(echoes) > 500 and not wrong, "after tempo 60 every Beat is (ServerTime s) mod 4",
            "%d of %d wrong" % (len(wrong), len(echoes)))
    r = control("status")
    t.check(" tempo 60 " in r, "the status shows tempo 60", r)

elif mode in ("budget", "ioerror"):
    r = control("record")
    t.check(r.startswith("ok"), "record starts", r)
    s.reset_records()
    s.run(5.0)
    r = control("status")
    print("# " + r)
    fields = r.split()
    st = dict(zip(fields[1::2], fields[2::2])) if r.startswith("ok") else {}
    size = os.path.getsize(os.path.join(room_dir, "audio.dmp"))
    if mode == "budget":
        t.check(st.get("state") == "idle" and st.get("budget_stops") == "1" and
                "budget of 1048576 bytes reached" in r and size <= 1048576,
                "the take stops at the 1 MiB budget, reported", "%s; %d bytes" % (r, size))
    else:
        t.check(st.get("state") == "idle" and st.get("write_errors") == "1" and
                "File too large" in r, "the failing write stops the take, reported", r)
    t.check(lost(peers) == 0, "forwarding went on: no member lost a packet",
            "%d lost" % lost(peers))
    s.reset_records()
    s.run(1.0)
    t.check(lost(peers) == 0 and len(peers[0].forwards()) > 300, "the server still forwards after",
            "%d lost, %d forwards received" % (lost(peers), len(peers[0].forwards())))

for p in peers:
    p.close()
sys.exit(t.summary())
