# SPDX-License-Identifier: ISC
"""Outages on cue: peer A reaches the server through rtjam-netsim, peer B directly. For each
direction (both, up = A -> server, down = server -> A) the relay is paused for 5 s and resumed
through its control socket, and the time until audio flows again is measured, A -> B and
B -> A, from the resume command to the first forwarded packet. The relay keeps its mapping,
so the server sees A at the same address before and after (an outage, not a NAT rebinding).

Usage: test_outage.py SERVER_PORT RELAY_PORT CONTROL_PORT STATUS_FILE [OUTAGE_S]
"""

import socket
import sys
import time

from rtjam_peer import (Checks, HEADER_SIZE, Peer, Session, decode_header, member_by_client,
                        room_of)

server_port, relay_port, control_port = (int(x) for x in sys.argv[1:4])
status_file = sys.argv[4]
outage_s = float(sys.argv[5]) if len(sys.argv) > 5 else 5.0
t = Checks("outage")
ctl = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ctl.settimeout(2.0)


def cue(command):
    ctl.sendto(command.encode(), ("127.0.0.1", control_port))
    reply = ctl.recv(1024).decode()
    if not reply.startswith("ok"):
        raise RuntimeError("netsim refused %r: %s" % (command, reply))
    return reply


def forwards_from(peer, client_id, after, before=float("inf")):
    return [when for when, d in peer.received
            if len(d) > HEADER_SIZE and after <= when < before
            and decode_header(d)["client_id"] == client_id]


a = Peer(("127.0.0.1", relay_port), 101, name="A")
b = Peer(("127.0.0.1", server_port), 202, name="B")
s = Session([a, b])
t.check(s.join_all(5.0), "A (through netsim) and B (direct) join")
s.reset_records()
s.run(1.0)
t.check(forwards_from(b, 101, 0) and forwards_from(a, 202, 0), "audio flows both ways")
doc = s.fresh_status(status_file)
m = member_by_client(room_of(doc, server_port) or {"members": []}, 101)
addr_before = m["address"] if m else None
t.check(addr_before is not None, "the server lists A (at %s)" % addr_before)

results = []
for mode in ("both", "up", "down"):
    s.reset_records()
    cue("pause " + mode)
    t0 = time.monotonic()
    s.run(outage_s)
    cue("resume " + mode)
    t1 = time.monotonic()
    # Quiet during the outage (after 100 ms for packets in flight): which way depends on mode.
    a_to_b = forwards_from(b, 101, t0 + 0.1, t1)
    b_to_a = forwards_from(a, 202, t0 + 0.1, t1)
    if mode in ("both", "up"):
        t.check(not a_to_b, "pause %s: no audio A -> B during the outage" % mode,
                "%d packets" % len(a_to_b))
    if mode in ("both", "down"):
        t.check(not b_to_a, "pause %s: no audio B -> A during the outage" % mode,
                "%d packets" % len(b_to_a))
    s.run(3.0, until=lambda: forwards_from(b, 101, t1) and forwards_from(a, 202, t1))
    ab = forwards_from(b, 101, t1)
    ba = forwards_from(a, 202, t1)
    r_ab = ab[0] - t1 if ab else float("inf")
    r_ba = ba[0] - t1 if ba else float("inf")
    results.append((mode, r_ab, r_ba))
    print("# pause %s %.1f s: audio back A -> B after %.3f s, B -> A after %.3f s"
          % (mode, outage_s, r_ab, r_ba), flush=True)
    t.check(r_ab < 1.0, "pause %s: audio A -> B back in under 1 s (%.3f s)" % (mode, r_ab))
    t.check(r_ba < 1.0, "pause %s: audio B -> A back in under 1 s (%.3f s)" % (mode, r_ba))
    doc = s.fresh_status(status_file)
    m = member_by_client(room_of(doc, server_port) or {"members": []}, 101)
    t.check(m is not None and m["address"] == addr_before,
            "pause %s: the server sees A at the same address after the outage" % mode,
            "%s vs %s" % (m and m["address"], addr_before))
print("RESUME " + " ".join("%s:%.3f:%.3f" % r for r in results), flush=True)
sys.exit(t.summary())
