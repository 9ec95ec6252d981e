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

import csv
import math
import os
import struct
import subprocess
import sys
import threading
import wave

import room_audio
from rtjam_peer import (Checks, Peer, Session, HEADER_SIZE, decode_header, decode_sample,
                        encode_sample, looks_like_server_time)

mode, port, cport, rec_dir, status_file = (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                                           sys.argv[4], sys.argv[5])


def control(line):
    return room_audio.control(cport, line)


t = Checks("record-" + mode)
server = ("127.0.0.1", port)
room_dir = os.path.join(rec_dir, str(port))


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


def read_wav16(path):
    with wave.open(path, "rb") as w:
        assert w.getframerate() == 48000 and w.getsampwidth() == 2 and w.getnchannels() == 1
        n = w.getnframes()
        return list(struct.unpack("<%dh" % n, w.readframes(n)))


def read_wav_float_stereo(path):
    with open(path, "rb") as f:
        data = f.read()
    fmt, channels, rate = struct.unpack_from("<HHI", data, 20)
    assert data[:4] == b"RIFF" and data[36:40] == b"data" and (fmt, channels, rate) == (3, 2, 48000)
    n = struct.unpack_from("<I", data, 40)[0] // 4
    return struct.unpack_from("<%df" % n, data, 44)


def export_take(path, packets, peers, drop_seq=None):
    """Exports a take with rtjam-export and checks each player's WAVs against the packets."""
    out = os.path.join(rec_dir, "export")
    os.makedirs(out, exist_ok=True)
    exe = os.path.join(os.environ["RTJAM_BIN"], "rtjam-export")
    r = subprocess.run([exe, "-o", out, "-n", "x", path], capture_output=True, text=True)
    t.check(r.returncode == 0, "rtjam-export exits 0", r.stderr[-300:])
    print("# " + r.stdout.strip().replace("\n", "\n# "))
    t0 = min(decode_header(d)["server_time"] for d in packets)
    length = 0
    starts = {}
    for p in peers:
        mine = [d for d in packets if decode_header(d)["client_id"] == p.client_id]
        first = decode_header(mine[0])
        start = (first["server_time"] - t0) * 48000 // 1000000
        starts[p.client_id] = start
        frames = p.frames
        seqs = [decode_header(d)["seq"] for d in mine]
        expect = {}
        for d in mine:
            h = decode_header(d)
            pos = start + (h["seq"] - first["seq"]) * frames
            codes = struct.unpack_from(">%dH" % (2 * frames), d, HEADER_SIZE)
            expect[pos] = codes
        for ch in (0, 1):
            wav = read_wav16(os.path.join(out, "x-%d-ch%d.wav" % (p.client_id, ch + 1)))
            bad = 0
            for pos, codes in expect.items():
                got = wav[pos:pos + frames]
                want = [c - 32768 for c in codes[ch * frames:(ch + 1) * frames]]
                bad += got != want
            # Everything not covered by a packet is silence.
            covered = set()
            for pos in expect:
                covered.update(range(pos, pos + frames))
            noise = sum(1 for i, v in enumerate(wav) if v != 0 and i not in covered)
            holes = (max(seqs) - min(seqs) + 1) - len(set(seqs))
            t.check(bad == 0 and noise == 0 and (drop_seq is not None or holes == 0),
                    "%s ch%d: the WAV holds every packet's samples at its place, silence elsewhere"
                    % (p.name, ch + 1), "%d bad packets, %d stray samples, %d holes" %
                    (bad, noise, holes))
            # Decoding (spec 2.2) agrees: 16-bit value / 32768 is the decoded float.
            sample = list(expect.values())[len(expect) // 2][ch * frames:(ch + 1) * frames]
            t.check(all(decode_sample(c) == (c - 32768) / 32768.0 for c in sample),
                    "%s ch%d: the 16-bit samples are the decoded values exactly" % (p.name, ch + 1))
            length = max(length, len(wav))
            if drop_seq is not None and p is peers[0] and ch == 0:
                gap_pos = starts[p.client_id] + (drop_seq - first["seq"]) * frames
                t.check(wav[gap_pos:gap_pos + frames] == [0] * frames and
                        any(wav[gap_pos - frames:gap_pos]) and any(wav[gap_pos + frames:gap_pos + 2 * frames]),
                        "the lost packet is exactly %d frames of silence between its neighbours" % frames)
    mix = read_wav_float_stereo(os.path.join(out, "x-mix.wav"))
    # Where all three play: left = the sum of their decoded channel 1, right of channel 2.
    pos = max(starts.values()) + 4800
    want_l = want_r = 0.0
    for p in peers:
        wav1 = read_wav16(os.path.join(out, "x-%d-ch1.wav" % p.client_id))
        wav2 = read_wav16(os.path.join(out, "x-%d-ch2.wav" % p.client_id))
        want_l += wav1[pos] / 32768.0
        want_r += wav2[pos] / 32768.0
    t.check(abs(mix[2 * pos] - want_l) < 1e-5 and abs(mix[2 * pos + 1] - want_r) < 1e-5,
            "the stereo mix is the sum of the players' channels",
            "%f/%f vs %f/%f" % (mix[2 * pos], mix[2 * pos + 1], want_l, want_r))
    with open(os.path.join(out, "x.csv")) as f:
        rows = list(csv.DictReader(f))
    t.check(len(rows) == len(packets), "the CSV has one row per packet",
            "%d rows, %d packets" % (len(rows), len(packets)))
    gaps = sum(int(r["gap"]) for r in rows)
    t.check(gaps == (1 if drop_seq is not None else 0), "the CSV shows the sequence gaps",
            "%d" % gaps)
    t.check(all(int(r["server_time_us"]) == decode_header(d)["server_time"]
                for r, d in zip(rows, packets)), "the CSV's ServerTime is each packet's")


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
    t.check(r.startswith("error") and "nothing recorded since the last save" in r,
            "a save with nothing recorded since the last is refused with the reason", r)
    first_take_sent = {p.name: dict(p.sent) for p in peers}  # the checks below are the first's
    t.check(control("record").startswith("ok"), "record a second take")
    s.run(0.5)
    t.check(control("stop").startswith("ok"), "stop it")
    r = control("save jam one")
    t.check(r.startswith("ok") and r.endswith("saved jam one_1"), "a second take saved under the "
            "same name gets _1", r)
    r = control("list")
    names = sorted(e["name"] for e in __import__("json").loads(r[3:])) if r.startswith("ok") else []
    t.check(names == ["jam one", "jam one_1"], "list shows both takes", r[:200])
    packets, whole = read_take(os.path.join(room_dir, "recs", "jam one"))
    t.check(whole and len(packets) > 0, "the take is whole packets back to back (section 4.10)",
            "%d packets" % len(packets))
    for p in peers:
        mine = [d for d in packets if decode_header(d)["client_id"] == p.client_id]
        seqs = [decode_header(d)["seq"] for d in mine]
        first = first_take_sent[p.name]
        sent = sorted(first)
        t.check(seqs == sent, "%s: every packet it sent while recording is in the take, once, "
                "in order" % p.name, "%d recorded, %d sent" % (len(seqs), len(sent)))
        same = sum(1 for d in mine if d[HEADER_SIZE:] == first[decode_header(d)["seq"]][HEADER_SIZE:])
        t.check(same == len(mine) and len(mine) > 3000,
                "%s: the recorded audio is the bytes it sent, sample for sample" % p.name,
                "%d of %d equal" % (same, len(mine)))
        t.check(all(d[2] == len(d) // 32 for d in mine), "%s: NumAudioChunks = length / 32" % p.name)
    times = [decode_header(d)["server_time"] for d in packets]
    t.check(all(b >= a for a, b in zip(times, times[1:])), "ServerTime never goes back in the take")
    export_take(os.path.join(room_dir, "recs", "jam one"), packets, peers)
    # A take with one packet of the first peer removed: exactly its frames become silence.
    mine = [i for i, d in enumerate(packets) if decode_header(d)["client_id"] == peers[0].client_id]
    victim = mine[len(mine) // 2]
    drop_seq = decode_header(packets[victim])["seq"]
    cut = packets[:victim] + packets[victim + 1:]
    cut_path = os.path.join(rec_dir, "cut.dmp")
    with open(cut_path, "wb") as f:
        f.write(b"".join(cut))
    export_take(cut_path, cut, peers, drop_seq=drop_seq)
    # SetTempo changes the Beat clients receive: 60 BPM -> beats of 1 s.
    r = control("tempo 60")
    t.check(r == "ok room %d tempo 60" % port, "tempo 60 is accepted", r)
    s.reset_records()
    s.run(2.5)
    # Spec 4.7: Beat = (ServerTime / (60e6 / BPM)) mod 4; at 60 BPM, the second mod 4.
    # (the peers were silent during the export and rejoin: cookie challenges carry no time)
    echoes = [decode_header(d) for d in peers[0].echoes()
              if looks_like_server_time(decode_header(d)["server_time"])]
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
