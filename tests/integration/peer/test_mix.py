# SPDX-License-Identifier: ISC
"""Mix mode (rtjam_rust_spec.md section 4.6): the server mixes the room and sends each member
the mix as client 40002.

Usage: test_mix.py PORT CONTROL_PORT   (server: --max-players 3)

Three peers play tones at known levels (channel 1: 0.2 at 375 Hz, 0.15 at 468.75 Hz, 0.1 at
562.5 Hz; channel 2 half as loud an octave up). After 'mode mix' each member receives only
client 40002, 540-byte packets clocked at exactly 48 kHz (ServerTime advances 2666.67 us per
packet, not the original's 2667), and hears each other member's tone at the level it was played
(the mix law: a plain sum at unity gain) within 0.5 dB, the mix's RMS level within 0.5 dB of
the sum of the others' powers, and not itself (its own tone more than 60 dB down). When a
member leaves, a newcomer takes its place in the full room and is mixed (the original's channel
map was never pruned). 'mode separate' goes back to forwarding.
"""

import math
import sys

import room_audio
from room_audio import amplitude, channel, db, pacing, window_amplitude
from rtjam_peer import Checks, Session, HEADER_SIZE, decode_header, looks_like_server_time

port, cport = int(sys.argv[1]), int(sys.argv[2])


def control(line):
    return room_audio.control(cport, line)


t = Checks("mix")
server = ("127.0.0.1", port)
MIX_ID = 40002


def tone_peer(client_id, host, k, amp):
    return room_audio.tone_peer(server, client_id, host, k, amp)


def mix_stream(peer):
    return [(w, decode_header(d), d) for w, d in peer.received
            if len(d) >= HEADER_SIZE and decode_header(d)["client_id"] == MIX_ID]


def longest_run(packets):
    """The longest run of consecutive sequence numbers (a gapless stretch of the mix)."""
    best, cur = [], []
    for item in sorted(packets, key=lambda p: p[1]["seq"]):
        if cur and item[1]["seq"] != cur[-1][1]["seq"] + 1:
            cur = []
        cur.append(item)
        if len(cur) > len(best):
            best = cur
    return best


def check_mix(listener, others, label):
    pk = longest_run(mix_stream(listener))
    x1 = channel(pk, 0)
    x2 = channel(pk, 1)
    n = (len(x1) - 512 * 20) // 512 * 512  # skip the first 0.2 s (buffers priming)
    if not t.check(n >= 512 * 100, "%s: %s hears a gapless mix of 1 s or more" % (label,
                                                                              listener.name),
                   "%d frames" % len(x1)):
        return
    w1 = x1[-n:]
    w2 = x2[-n:]
    for o in others:
        a1 = window_amplitude(w1, o.k)
        a2 = window_amplitude(w2, 2 * o.k)
        t.check(abs(db(a1, o.amp)) < 0.5 and abs(db(a2, o.amp / 2)) < 0.5,
                "%s: %s hears %s at its level (+-0.5 dB)" % (label, listener.name, o.name),
                "ch1 %.2f dB, ch2 %.2f dB" % (db(a1, o.amp), db(a2, o.amp / 2)))
    # Its own tone: the median over 512-frame windows (a window with another member's gap
    # leaks a little of every tone; those are the few high ones).
    owns = sorted(amplitude(w1[i:i + 512], listener.k) for i in range(0, n - 511, 512))
    own = owns[len(owns) // 2]
    t.check(db(own, listener.amp) < -60, "%s: %s does not hear itself" % (label, listener.name),
            "%.1f dB (whole window %.1f dB)" % (db(own, listener.amp),
                                               db(amplitude(w1, listener.k), listener.amp)))
    rmss = []
    for i in range(0, n, 512):
        w = w1[i:i + 512]
        mean = sum(w) / len(w)
        rmss.append(math.sqrt(sum((v - mean) ** 2 for v in w) / len(w)))
    rms = sorted(rmss)[len(rmss) * 9 // 10]
    want = math.sqrt(sum(o.amp ** 2 / 2 for o in others))
    t.check(abs(db(rms, want)) < 0.5, "%s: %s's mix level is the sum of the others' powers "
            "(%.1f dBFS, +-0.5 dB)" % (label, listener.name, db(want, 1.0)),
            "%.2f dB off" % db(rms, want))


a = tone_peer(4001, "127.0.0.11", 4, 0.2)
b = tone_peer(4002, "127.0.0.12", 5, 0.15)
c = tone_peer(4003, "127.0.0.13", 6, 0.1)
peers = [a, b, c]
s = Session(peers)
t.check(s.join_all(5.0), "three peers join")
r = control("mode mix")
t.check(r == "ok room %d mode mix" % port, "mode mix", r)
s.run(0.3)
s.reset_records()
s.run(3.0)
for p in peers:
    others = [o for o in peers if o is not p]
    ids = {decode_header(d)["client_id"] for _, d in p.received if len(d) >= HEADER_SIZE}
    t.check(ids == {MIX_ID}, "%s receives only the mix (client 40002): no forwards, no echoes"
            % p.name, "%s" % sorted(ids))
    check_mix(p, others, "mix")
pk = mix_stream(a)
bad = [(len(d), h) for _, h, d in pk if not (len(d) == 540 and h["chunks"] == 16 and
                                              looks_like_server_time(h["server_time"], 600))]
t.check(not bad, "mix packets: 128 frames, 540 bytes, the server's time",
        "%d bad, first %s" % (len(bad), bad[:2]))
t.check(pacing(pk, 375.0), "the mix is clocked at 48 kHz: ServerTime advances 2666.67 us per "
        "packet (not the original's 2667)")
print("# " + control("status"))
if len(sys.argv) > 3:
    import json
    with open(sys.argv[3]) as f:
        room = json.load(f)["rooms"][0]["counters"]
    print("# mix counters: " + ", ".join("%s %s" % (k, room[k]) for k in
                                         ("mix_packets", "mix_underruns", "mix_no_slot",
                                          "stream_restarts")))

# A member leaves; a newcomer takes its place in the full room (3 players) and is mixed.
c.active = False
s.run(1.6)
d = tone_peer(4004, "127.0.0.14", 7, 0.12)
s.add(d)
t.check(s.join_all(5.0), "a newcomer joins the full room after a member left")
s.run(0.3)
s.reset_records()
s.run(2.5)
check_mix(a, [b, d], "after the change")
ids = {decode_header(x)["client_id"] for _, x in d.received if len(x) >= HEADER_SIZE}
t.check(ids == {MIX_ID}, "the newcomer hears the mix", "%s" % sorted(ids))
check_mix(d, [a, b], "after the change")

r = control("mode separate")
t.check(r == "ok room %d mode separate" % port, "mode separate", r)
s.run(0.3)
s.reset_records()
s.run(1.0)
fw = {decode_header(x)["client_id"] for x in a.forwards()}
t.check(fw == {4002, 4004}, "back to forwarding: the members' own packets again", "%s" % fw)
r = control("mode")
t.check(r == "ok room %d mode mix" % port, "'mode' with no argument switches (SwitchRoomMode)", r)
for p in peers + [d]:
    p.close()
sys.exit(t.summary())
