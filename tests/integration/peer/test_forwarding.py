# SPDX-License-Identifier: ISC
"""Forwarding, echoes, expiry and room isolation, seen from independent peers.

Usage: test_forwarding.py PORT_A PORT_B STATUS_FILE SERVER_LOG SERVER_PID gso|no-gso
Room A (PORT_A, tempo 120) and room B (PORT_B, tempo 90) run in one server. The last argument
says whether the server was started with GSO (default) or --no-gso: what members receive must
be the same, byte for byte and in order; only the server's GSO counters differ.
"""

import os
import signal
import sys
import time

from rtjam_peer import (Checks, HEADER_SIZE, SPEC_SAMPLE_TABLE, Peer, Session, decode_header,
                        decode_packet, decode_sample, encode_packet, encode_sample,
                        looks_like_server_time, member_by_client, read_status, room_of, wall_us)

port_a, port_b = int(sys.argv[1]), int(sys.argv[2])
status_file, server_log = sys.argv[3], sys.argv[4]
server_pid, gso_mode = int(sys.argv[5]), sys.argv[6]
t = Checks("forwarding (%s)" % gso_mode)

# The peer's own codec against the spec table, so that what follows rests on a checked peer.
bad = [(v, c, encode_sample(v)) for v, c in SPEC_SAMPLE_TABLE if encode_sample(v) != c]
t.check(not bad, "peer sample encoder matches the spec 2.2 table", repr(bad))
t.check(abs(decode_sample(32766) - (-0.000061035)) < 1e-9 and decode_sample(0) == -1.0
        and abs(decode_sample(65532) - 0.999877930) < 1e-9,
        "peer sample decoder matches the spec 2.2 table")
worked = encode_packet(12345, 7, 1700000001100000, 1700000001123456, [0.5] * 128, [0.6] * 128)
t.check(len(worked) == 540 and worked[:28].hex() ==
        "0000100000060a24182f08e000060a24182f648000003039" + "00000007"
        and worked[28:32] == b"\xbf\xfd\xbf\xfd" and worked[0x11C:0x120] == b"\xcc\xc9\xcc\xc9",
        "peer encodes the spec 2.4 worked example byte for byte")

a1 = Peer(("127.0.0.1", port_a), 1001, name="a1")
a2 = Peer(("127.0.0.1", port_a), 1002, name="a2")
a3 = Peer(("::1", port_a), 1003, frames=64, name="a3-ipv6-64frames")
b1 = Peer(("127.0.0.1", port_b), 2001, name="b1")
b2 = Peer(("127.0.0.1", port_b), 2002, name="b2-plain-recv", plain_recv=True)
room_a = [a1, a2, a3]
room_b = [b1, b2]
everyone = room_a + room_b
s = Session(everyone)

t.check(s.join_all(5.0), "all five peers become members (cookie echo, then real times)",
        str([(p.name, p.joined()) for p in everyone]))

# Steady streaming: 1.5 s, then compare what each peer got with what the others sent.
s.reset_records()
s.run(1.5)

by_id = {p.client_id: p for p in everyone}
for p in everyone:
    room = room_a if p in room_a else room_b
    others = [q for q in room if q is not p]
    got = {}
    order = {}
    mismatched = 0
    foreign = 0
    for data in p.forwards():
        h = decode_header(data)
        sender = by_id.get(h["client_id"])
        if sender is None or sender not in others:
            foreign += 1
            continue
        got.setdefault(h["client_id"], set()).add(h["seq"])
        order.setdefault(h["client_id"], []).append(h["seq"])
        original = sender.sent.get(h["seq"])
        if original is None or len(original) != len(data) or \
                original[:3] != data[:3] or original[12:] != data[12:]:
            mismatched += 1
    t.check(foreign == 0, "%s receives nothing from outside its room" % p.name,
            "%d foreign packets" % foreign)
    for q in others:
        missing = set(q.sent) - got.get(q.client_id, set())
        t.check(not missing, "%s receives every packet %s sent" % (p.name, q.name),
                "%d of %d missing" % (len(missing), len(q.sent)))
    t.check(mismatched == 0, "%s: forwarded bytes equal the sent bytes except 3..11" % p.name,
            "%d differ" % mismatched)
    for q in others:
        seqs = order.get(q.client_id, [])
        t.check(seqs == sorted(set(seqs)), "%s receives %s's packets once each, in order"
                % (p.name, q.name), str(seqs[:20]))
    echoes = p.echoes()
    t.check(abs(len(echoes) - p.sent_count) <= 2,
            "%s receives one 28-byte echo per packet sent" % p.name,
            "%d echoes for %d packets" % (len(echoes), p.sent_count))
    if echoes:
        h = decode_header(echoes[-1])
        t.check(h["client_id"] == p.client_id and looks_like_server_time(h["server_time"], 1.0),
                "%s: the echo is its own header with the server time" % p.name, repr(h))

# ServerTime and Beat rewriting: beat = (ServerTime / (60e6 / tempo)) mod 4.
def beats_consistent(peer, tempo):
    wrong = 0
    for _, data in peer.received:
        h = decode_header(data)
        if h["beat"] != (h["server_time"] // (60000000 // tempo)) % 4:
            wrong += 1
    return wrong


t.check(beats_consistent(a1, 120) == 0, "room A beats follow ServerTime at 120 BPM")
t.check(beats_consistent(b1, 90) == 0, "room B beats follow ServerTime at 90 BPM")
seen_beats = {decode_header(d)["beat"] for _, d in a1.received}
t.check(seen_beats == {0, 1, 2, 3} or len(seen_beats) >= 3, "beats cycle through 0..3",
        str(seen_beats))
fw = a1.forwards()
if fw:
    decoded = decode_packet(fw[0])
    t.check(decoded is not None and len(decoded[1]) in (64, 128), "forwards decode as audio")
# a3 sends 64-frame packets: others receive 284-byte datagrams from it.
sizes_from_a3 = {len(d) for d in a1.forwards() if decode_header(d)["client_id"] == 1003}
t.check(sizes_from_a3 == {284}, "a 64-frame member's packets are forwarded as 284 bytes",
        str(sizes_from_a3))

# The status file lists the members with their addresses.
status = s.fresh_status(status_file)
ra, rb = room_of(status, port_a), room_of(status, port_b)
t.check(ra is not None and ra["member_count"] == 3 and ra["tempo"] == 120,
        "status: room A has 3 members at 120 BPM", str(ra and ra["member_count"]))
t.check(rb is not None and rb["member_count"] == 2 and rb["tempo"] == 90,
        "status: room B has 2 members at 90 BPM", str(rb and rb["member_count"]))
m = member_by_client(ra, 1001) if ra else None
t.check(m is not None and m["address"] == "127.0.0.1:%d" % a1.port,
        "status: a1 is listed by address 127.0.0.1:port", str(m))
m3 = member_by_client(ra, 1003) if ra else None
t.check(m3 is not None and m3["address"] == "[::1]:%d" % a3.port,
        "status: an IPv6 member is listed as [::1]:port", str(m3))
# (More than 100: a peer on a loaded machine sends fewer than its 375 a second.)
t.check(m is not None and m["drops"] == 0 and m["packets"] > 100,
        "status: a1 has packets counted and no drops", str(m))

# Bursts: the server is stopped (SIGSTOP) while every member sends 3 packets, so that it reads
# them in one batch and, with GSO, sends each member its forwards as runs of one size (540-byte
# and 284-byte ones from a3 alternate) and the echoes last. Every member must still receive
# separate datagrams: each forward once, in each sender's order, bytes unchanged except 3..11,
# and one 28-byte echo per packet it sent.
def burst_round(rounds=3):
    s.reset_records()
    os.kill(server_pid, signal.SIGSTOP)
    try:
        now = time.monotonic()
        for _ in range(rounds):
            for p in everyone:
                p.send_one(now)
        time.sleep(0.05)
    finally:
        os.kill(server_pid, signal.SIGCONT)
    s.settle(0.3)


before = room_of(s.fresh_status(status_file), port_a)["counters"]
burst_ok = True
detail = []
for _ in range(3):
    burst_round()
    for p in everyone:
        room = room_a if p in room_a else room_b
        for q in room:
            if q is p:
                continue
            mine = [d for d in p.forwards() if decode_header(d)["client_id"] == q.client_id]
            seqs = [decode_header(d)["seq"] for d in mine]
            same = all(len(d) == len(q.sent[decode_header(d)["seq"]])
                       and d[:3] == q.sent[decode_header(d)["seq"]][:3]
                       and d[12:] == q.sent[decode_header(d)["seq"]][12:] for d in mine)
            if seqs != sorted(q.sent) or not same:
                burst_ok = False
                detail.append("%s from %s: %s of %s" % (p.name, q.name, seqs, sorted(q.sent)))
        if len(p.echoes()) != 3 or any(decode_header(e)["client_id"] != p.client_id
                                       for e in p.echoes()):
            burst_ok = False
            detail.append("%s: %d echoes" % (p.name, len(p.echoes())))
t.check(burst_ok, "after bursts read in one batch, every member gets every forward once, in "
        "order, byte for byte, and one 28-byte echo per packet", "; ".join(detail[:4]))
after = room_of(s.fresh_status(status_file), port_a)["counters"]
gso_sends = after["gso_sends"] - before["gso_sends"]
gso_datagrams = after["gso_datagrams"] - before["gso_datagrams"]
if gso_mode == "gso":
    # 3 bursts x 3 members, each with at least one run of 2 or more datagrams per burst.
    t.check(gso_sends >= 9 and gso_datagrams >= 2 * gso_sends,
            "with GSO, the bursts left as GSO sends of 2 or more datagrams",
            "%d sends, %d datagrams" % (gso_sends, gso_datagrams))
else:
    t.check(after["gso_sends"] == 0 and after["gso_datagrams"] == 0,
            "with --no-gso, no GSO send at all", str(after["gso_sends"]))
t.check(after["gso_fallbacks"] == 0 and after["send_errors"] == 0,
        "no GSO fallback and no send error on loopback", str(after))

# Expiry: a1 falls silent; after more than 1 s it has left, the others stay.
a1.active = False
s.reset_records()
s.run(1.6)
status = s.fresh_status(status_file)
ra = room_of(status, port_a)
t.check(ra["member_count"] == 2 and member_by_client(ra, 1001) is None,
        "a member silent for 1 s is removed", str([x["client_id"] for x in ra["members"]]))
t.check(not any(decode_header(d)["client_id"] == 1001 for d in a2.forwards()),
        "nothing from a1 after it stopped")
with open(server_log) as f:
    log_text = f.read()
t.check("room %d: join 127.0.0.1:%d client 1001" % (port_a, a1.port) in log_text,
        "the log has a1's join line")
t.check("room %d: leave 127.0.0.1:%d client 1001" % (port_a, a1.port) in log_text,
        "the log has a1's leave line")
# A silent member gets nothing more once removed: a2 and a3 keep sending.
a1.received = []
s.run(0.5)
t.check(len(a1.received) == 0, "a removed member receives no forwards", str(len(a1.received)))

# A returning member is challenged again, then re-admitted.
a1.active = True
t.check(s.join_all(5.0), "a returning member joins again")

for p in everyone:
    p.close()
sys.exit(t.summary())
