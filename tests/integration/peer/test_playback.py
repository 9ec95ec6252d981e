# SPDX-License-Identifier: ISC
"""Playback of a take into the room as client 40001 (issue 15, rtjam_rust_spec.md section 4.11)
through the control channel.

Usage: test_playback.py PORT CONTROL_PORT RECORD_DIR

Three peers play known tones (amplitudes 0.2, 0.15, 0.1) while the server records; the take
is saved and played back to a new member, which must hear client 40001: 128-frame packets,
sequence numbers from 0, fresh ServerTime, paced at the take's 375 packets/s, each tone at the
level it was played (+-0.5 dB). A synthetic take of 64-frame packets, with header-only packets
between them, each packet's audio a constant that names it, is played and sought to 50%: the
first packet after the seek is the one this file computes from the take's bytes (the first
whole packet starting at or after half the file; the original jumped to a multiple of 540
bytes, mid-packet with 64-frame clients). Pause stops the packets (none in 1 s) and a second
pause resumes with the very next ramp packet; with loop on the take's first packet follows its
last. Stop stops; the end of a take ends the playback;
empty, too short, header-only, missing and badly named takes are refused with a reason.
"""

import os
import struct
import sys
import time

import room_audio
from room_audio import channel, db, pacing, window_amplitude
from rtjam_peer import (Checks, Peer, Session, HEADER, HEADER_SIZE, decode_header, decode_sample,
                        encode_sample, looks_like_server_time, udp_drops)

port, cport, rec_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]


def control(line):
    return room_audio.control(cport, line)


t = Checks("playback")
server = ("127.0.0.1", port)
recs = os.path.join(rec_dir, str(port), "recs")
PLAYBACK_ID = 40001
RATE = 48000


TONES = [(4001, "127.0.0.11", 4, 0.2), (4002, "127.0.0.12", 5, 0.15), (4003, "127.0.0.13", 6, 0.1)]


def tone_peer(client_id, host, k, amp):
    return room_audio.tone_peer(server, client_id, host, k, amp)


def silent_peer(client_id, host):
    p = Peer(server, client_id, bind_host=host, name="listener%d" % client_id)
    p.audio = [struct.pack(">%dH" % (2 * p.frames), *([encode_sample(0.0)] * (2 * p.frames)))]
    return p


def stream_of(peer, client_id):
    """The packets of client_id a peer received, by arrival: (time, header, bytes)."""
    out = []
    for when, d in peer.received:
        if len(d) >= HEADER_SIZE and decode_header(d)["client_id"] == client_id:
            out.append((when, decode_header(d), d))
    return out


def take_packets(data):
    """Section 4.10: (offset, bytes) of each whole packet (28 + NumAudioChunks*32 bytes)."""
    out = []
    off = 0
    while off + HEADER_SIZE <= len(data):
        size = HEADER_SIZE + data[off + 2] * 32
        if off + size > len(data):
            break
        out.append((off, data[off:off + size]))
        off += size
    return out


# The take for the seek, built first (a silent listener would leave the room meanwhile) ------
FRAMES = 64
N = 2000
STEP = 1.6 / N  # packet k carries the constant -0.8 + k * STEP on channel 1, its negative on 2


def value(k):
    return -0.8 + k * STEP


take = b""
t0 = int(time.time() * 1e6) - 60000000
for k in range(N):
    st_us = t0 + k * 4000 // 3  # 64 frames at 48 kHz
    audio = struct.pack(">%dH" % (2 * FRAMES), *([encode_sample(value(k))] * FRAMES +
                                                 [encode_sample(-value(k))] * FRAMES))
    size = HEADER_SIZE + len(audio)
    take += HEADER.pack(0, 0, size // 32, 0, st_us, 0, 4100, k) + audio
    if k % 7 == 3:  # a header-only packet of another member: packets of two sizes
        take += HEADER.pack(0, 0, 0, 0, st_us + 10, 0, 4101, k // 7)

# 1. Record a take of three tones ------------------------------------------------------------
peers = [tone_peer(*a) for a in TONES]
s = Session(peers)
t.check(s.join_all(5.0), "three tone peers join")
r = control("record")
t.check(r.startswith("ok"), "record starts", r)
s.reset_records()
took = s.run(4.0)
for p in peers:
    print("# %s sent %d packets in %.2f s (%.1f%% of real time)" %
          (p.name, p.sent_count, took, 100.0 * p.sent_count / (took * 375.0)))
r = control("stop")
t.check(r.startswith("ok"), "stop", r)
r = control("save tones")
t.check(r == "ok room %d saved tones" % port, "the take is saved", r)
for p in peers:
    p.close()

# 2. A new member hears it as client 40001 at the take's level -------------------------------
time.sleep(1.2)  # the tone peers leave the room (1 s of silence)
listener = silent_peer(4009, "127.0.0.19")
ls = Session([listener])
t.check(ls.join_all(5.0), "a new member joins")
listener.received = []
r = control("play tones")
t.check(r.startswith("ok room %d playing tones from 0%%" % port) and "128 frames" in r,
        "play tones", r)
ls.run(3.0)
print("# " + control("playstatus"))
st = control("status")
t.check(" playback playing " in st, "the status shows the playback", st)
pb = stream_of(listener, PLAYBACK_ID)
seqs = [h["seq"] for _, h, _ in pb]
# In order from 0, every sequence number there but those the listener's own socket dropped
# (the kernel's count: a Python peer starved by a loaded machine reads late).
missing = (seqs[-1] + 1 - len(seqs)) if seqs else 0
kdrops = udp_drops().get(listener.port, 0)
t.check(len(pb) > 300 and seqs[0] == 0 and all(b > a for a, b in zip(seqs, seqs[1:]))
        and missing <= kdrops,
        "the member hears client 40001 in order from sequence 0 (%d missing, %d dropped by its "
        "socket)" % (missing, kdrops), "%d packets, first seqs %s" % (len(pb), seqs[:5]))
t.check(all(len(d) == 540 and h["chunks"] == 16 and h["channel"] == 0 and h["sample_rate"] == 0
            for _, h, d in pb), "540-byte packets (the take's 128 frames), header as on the wire")
t.check(all(looks_like_server_time(h["server_time"], 600.0) for _, h, _ in pb),
        "every playback packet carries the server's time")
t.check(pacing(pb, 375.0), "paced at the take's rate: ServerTime advances 2666.67 us per packet "
        "(375/s)")
x1 = channel(pb, 0)
x2 = channel(pb, 1)
n = (len(x1) - 512 * 20) // 512 * 512
w1 = x1[512 * 10:512 * 10 + n]
w2 = x2[512 * 10:512 * 10 + n]
for cid, _, k, amp in TONES:
    a1 = window_amplitude(w1, k)
    a2 = window_amplitude(w2, 2 * k)
    t.check(abs(db(a1, amp)) < 0.5 and abs(db(a2, amp / 2)) < 0.5,
            "client %d's tones play back at their level (+-0.5 dB)" % cid,
            "ch1 %.2f dB, ch2 %.2f dB" % (db(a1, amp), db(a2, amp / 2)))
r = control("stop")
t.check(r.startswith("ok"), "stop", r)
ls.settle(0.2)
listener.received = []
ls.run(1.0)
t.check(not stream_of(listener, PLAYBACK_ID), "after stop no playback packet arrives",
        "%d" % len(stream_of(listener, PLAYBACK_ID)))
r = control("playstatus")
t.check(r.startswith("ok room %d playback idle" % port), "playstatus: idle after stop", r)

# 3. Seek on a take of 64-frame packets ------------------------------------------------------
with open(os.path.join(recs, "ramp64"), "wb") as f:
    f.write(take)
packets = take_packets(take)
target = len(take) * 50 // 100
j = next(i for i, (off, _) in enumerate(packets) if off >= target)
while len(packets[j][1]) == HEADER_SIZE:
    j += 1
want_k = decode_header(packets[j][1])["seq"]
print("# seek 50%%: byte %d of %d -> packet %d at byte %d, ramp packet %d (540-byte steps "
      "would give byte %d)" % (target, len(take), j, packets[j][0], want_k,
                               len(take) // 540 * 50 // 100 * 540))
ls.run(0.2)
listener.received = []
r = control("play ramp64")
t.check(r.startswith("ok") and "64 frames" in r, "play a take of 64-frame packets", r)
ls.run(0.5)
r = control("seek 50")
t.check(r.startswith("ok room %d seek 50%%" % port), "seek 50", r)
ls.run(0.5)
pb = stream_of(listener, PLAYBACK_ID)
t.check(pb and all(len(d) == HEADER_SIZE + 4 * FRAMES for _, _, d in pb),
        "the playback packets are 64 frames, the take's size")
# The first packet of the ramp played is packet 0; find where the seek jumped.
vals = [decode_sample(struct.unpack_from(">H", d, HEADER_SIZE)[0]) for _, _, d in pb]
ks = [round((v + 0.8) / STEP) for v in vals]
t.check(ks[:3] == [0, 1, 2], "play starts at the take's first packet", "%s" % ks[:3])
jumps = [(i, a, b) for i, (a, b) in enumerate(zip(ks, ks[1:])) if b != a + 1]
t.check(len(jumps) == 1 and jumps[0][2] == want_k,
        "after the seek the next packet is ramp packet %d, the one computed here" % want_k,
        "jumps %s" % jumps[:5])
if jumps:
    i = jumps[0][0] + 1
    exact = abs(vals[i] - value(want_k)) < 2e-4 and all(
        abs(decode_sample(c) - value(ks[i])) < 2e-4
        for c in struct.unpack_from(">%dH" % FRAMES, pb[i][2], HEADER_SIZE))
    t.check(exact, "its 64 frames are that packet's samples, whole (not mid-packet)")
    hs = [h["seq"] for _, h, _ in pb]
    t.check(hs == list(range(hs[0], hs[0] + len(hs))),
            "sequence numbers go on across the seek, nothing stale after it")
# Let it run to the end: the playback ends by itself.
r = ""
for _ in range(20):
    ls.run(0.5)
    r = control("playstatus")
    if " playback idle " in r + " ":
        break
t.check(r.startswith("ok room %d playback idle" % port) and "offset 0" in r,
        "at the end of the take the playback is idle", r)
n_end = len(stream_of(listener, PLAYBACK_ID))
ls.run(0.5)
t.check(len(stream_of(listener, PLAYBACK_ID)) == n_end, "and nothing more is sent")
last = stream_of(listener, PLAYBACK_ID)
lastk = [round((decode_sample(struct.unpack_from(">H", d, HEADER_SIZE)[0]) + 0.8) / STEP)
         for _, _, d in last]
t.check(N - 1 in lastk, "the take's last packet is played (the original never played it)",
        "last %s" % lastk[-3:])

# 3b. Pause (3) and Loop (9) on the ramp take: each packet's audio names it --------------------


def ramp_ks(stream):
    """The ramp packet number each playback packet carries."""
    return [round((decode_sample(struct.unpack_from(">H", d, HEADER_SIZE)[0]) + 0.8) / STEP)
            for _, _, d in stream]


def run_until_quiet(limit=5.0):
    """Streams until no playback packet arrived for 0.3 s (the worker stops its clock within
    its 100-ms housekeeping); returns the playback packets heard so far."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        n = len(stream_of(listener, PLAYBACK_ID))
        ls.run(0.3)
        if len(stream_of(listener, PLAYBACK_ID)) == n:
            break
    return stream_of(listener, PLAYBACK_ID)


listener.received = []
r = control("play ramp64")
t.check(r.startswith("ok"), "play ramp64 again", r)
ls.run(0.5)
r = control("pause")
t.check(r.startswith("ok room %d paused at " % port), "pause: %s" % r, r)
before = run_until_quiet()
k_before = ramp_ks(before)
listener.received = []
ls.run(1.0)
quiet = stream_of(listener, PLAYBACK_ID)
print("# pause: %d ramp packets heard before it went quiet (last %s), %d in the next 1.0 s"
      % (len(before), k_before[-1:], len(quiet)))
t.check(len(quiet) == 0, "while paused no playback packet reaches the member (%d in 1.0 s)"
        % len(quiet))
r = control("playstatus")
t.check(r.startswith("ok room %d playback paused " % port), "playstatus says paused", r)
r = control("pause")
t.check(r.startswith("ok room %d resumed at " % port), "pause again resumes: %s" % r, r)
ls.run(0.5)
after = stream_of(listener, PLAYBACK_ID)
k_after = ramp_ks(after)
print("# resume: first ramp packets %s after %s" % (k_after[:3], k_before[-1:]))
# Every packet of the play, before and after the pause, is ramp packet k0 + (seq - seq0): the
# stream goes on where it stopped (a packet the listener lost on a loaded machine changes
# neither side: it is missing from both).
both = before + after
seqs = [h["seq"] for _, h, _ in both]
ks_both = k_before + k_after
t.check(bool(k_before) and bool(k_after) and
        ks_both == [ks_both[0] + q - seqs[0] for q in seqs],
        "resume goes on from the paused position: ramp packet %s (sequence %s) follows %s (%s)"
        % (k_after[:1], [h["seq"] for _, h, _ in after[:1]], k_before[-1:],
           [h["seq"] for _, h, _ in before[-1:]]))
t.check(seqs == sorted(set(seqs)), "one stream: sequence numbers rise across the pause (%d "
        "packets, %d lost by the listener)" % (len(seqs), seqs[-1] - seqs[0] + 1 - len(seqs))
        if seqs else "no packets")
r = control("loop on")
t.check(r == "ok room %d loop on" % port, "loop on", r)
listener.received = []
end = time.monotonic() + 15  # a limit: the take is 2.7 s long


def round_of(stream):
    """(ramp numbers, sequence numbers, how far past the take's end the last packet is)."""
    ks = ramp_ks(stream)
    hs = [h["seq"] for _, h, _ in stream]
    return ks, hs, (ks[0] + hs[-1] - hs[0] - (N - 1)) if ks else -1


while time.monotonic() < end:
    ls.run(0.5)
    if round_of(stream_of(listener, PLAYBACK_ID))[2] > 10:
        break
ks_loop, hs, past = round_of(stream_of(listener, PLAYBACK_ID))
wraps = [i for i, (a, b) in enumerate(zip(ks_loop, ks_loop[1:])) if b != a + 1]
print("# loop: %d packets, %d past the take's end; jumps at %s"
      % (len(ks_loop), past, [(ks_loop[i], ks_loop[i + 1]) for i in wraps][:4]))
# Packet seq carries ramp packet (k0 + seq - seq0) mod N: after the last (N - 1) the first (0),
# whatever the listener lost on the way.
t.check(past > 0 and ks_loop == [(ks_loop[0] + q - hs[0]) % N for q in hs],
        "with loop on the take starts again at its first packet after its last (%d -> 0): "
        "%d packets heard past the end, each the one its sequence number names" % (N - 1, past))
t.check(hs == sorted(set(hs)), "one stream: sequence numbers rise across the loop")
r = control("playstatus")
t.check(" playback playing " in r and " loop on " in r, "playstatus: playing, loop on", r)
r = control("loop")
t.check(r == "ok room %d loop off" % port, "loop (no argument) switches it off", r)
r = ""
for _ in range(20):
    ls.run(0.5)
    r = control("playstatus")
    if " playback idle " in r:
        break
t.check(r.startswith("ok room %d playback idle" % port), "with loop off the take ends", r)
r = control("pause")
t.check(r == "error: pause: nothing is playing", "pause while idle is refused", r)

# 4. Refusals --------------------------------------------------------------------------------
with open(os.path.join(recs, "empty"), "wb"):
    pass
with open(os.path.join(recs, "short"), "wb") as f:
    f.write(take[:20])
with open(os.path.join(recs, "headers"), "wb") as f:
    f.write(HEADER.pack(0, 0, 0, 0, t0, 0, 4101, 0) * 3)
with open(os.path.join(recs, "cut"), "wb") as f:
    f.write(take[:HEADER_SIZE + 100])
for name, why in (("empty", "is empty"), ("short", "too short"), ("headers", "too short"),
                  ("cut", "too short"), ("missing", "No such file"), ("../x", "name"),
                  ("", "audio.dmp")):
    r = control("play " + name)
    t.check(r.startswith("error: play: ") and why in r, "play %r is refused with the reason"
            % name, r)
for bad in ("seek 101", "seek x", "seek -1", "play 101% tones", "mode loud"):
    r = control(bad)
    t.check(r.startswith("error:"), "%r is refused" % bad, r)
r = control("seek 10")
t.check(r == "error: seek: nothing is playing", "seek while idle is refused", r)
r = control("status")
t.check(r.startswith("ok") and " playback idle " in r, "the server still answers", r)
listener.received = []
ls.run(1.0)
t.check(listener.joined() and len(listener.echoes()) > 20, "and still serves its member",
        "%d echoes" % len(listener.echoes()))
listener.close()
sys.exit(t.summary())
