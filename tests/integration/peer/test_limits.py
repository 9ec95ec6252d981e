# SPDX-License-Identifier: ISC
"""Room size and packet rate limits: with --max-players 3 a fourth source receives nothing and
is logged once; it gets in when a slot frees. A member flooding above --max-rate is cut to the
rate while others keep receiving every packet of each other.

Usage: test_limits.py PORT STATUS_FILE SERVER_LOG   (server: --max-players 3 --max-rate 1000
                                                    --max-burst 50)
"""

import sys
import time

from rtjam_peer import Checks, Peer, Session, decode_header, member_by_client, room_of

port, status_file, server_log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t = Checks("limits")

p = [Peer(("127.0.0.1", port), 700 + i, name="p%d" % i) for i in range(4)]
s = Session(p[:3])
t.check(s.join_all(5.0), "three players fill the room")
s.add(p[3])
s.reset_records()
s.run(2.0)
t.check(p[3].sent_count > 500 and p[3].received_bytes == 0,
        "the fourth player receives nothing at all (not even a challenge)",
        "%d datagrams received" % len(p[3].received))
for q in p[:3]:
    strays = [d for d in q.forwards() if decode_header(d)["client_id"] == 703]
    t.check(not strays, "%s receives nothing from the refused player" % q.name)
p[3].active = False
status = s.fresh_status(status_file)
room = room_of(status, port)
t.check(room["member_count"] == 3 and member_by_client(room, 703) is None,
        "the room holds exactly 3 members", str(room["member_count"]))
c = room["counters"]
t.check(c["dropped_full_room"] >= p[3].sent_count - 5,
        "every refused packet is counted", "%d counted, %d sent" % (c["dropped_full_room"],
                                                                 p[3].sent_count))
t.check(c["full_room_sources"] == 1, "one refused source", str(c["full_room_sources"]))
with open(server_log) as f:
    full_lines = [l for l in f if "full" in l and "127.0.0.1:%d" % p[3].port in l]
t.check(len(full_lines) == 1, "the refusal is logged once", "%d lines" % len(full_lines))

# p0 leaves (1 s of silence); then p3 can join.
p[0].active = False
p[3].active = True
t.check(s.join_all(4.0) and p[3].joined(), "the refused player joins once a slot is free")

# Flood: p1 sends 5000 packets as fast as it can; the server passes burst + rate.
s.reset_records()
flooder = p[1]
flooder.active = False
s.run(0.2)
t0 = time.monotonic()
for _ in range(5000):
    flooder.send_one(time.monotonic())
flood_s = time.monotonic() - t0
s.run(0.5)
got = [d for d in p[2].forwards() if decode_header(d)["client_id"] == flooder.client_id]
allowed = 50 + 1000 * (flood_s + 0.01)
print("# flood of 5000 in %.3f s: %d forwarded (limit %.0f)" % (flood_s, len(got), allowed))
t.check(len(got) <= allowed, "a flood is cut to burst + rate (50 + 1000/s)",
        "%d > %.0f" % (len(got), allowed))
others_missing = set(p[3].sent) - {decode_header(d)["seq"] for d in p[2].forwards()
                                   if decode_header(d)["client_id"] == p[3].client_id}
t.check(not others_missing, "the other members still receive every packet of each other",
        "%d missing" % len(others_missing))
flooder.active = True
status = s.fresh_status(status_file)
m = member_by_client(room_of(status, port), flooder.client_id)
t.check(m is not None and m["rate_limited"] >= 5000 - allowed,
        "the flooder's dropped packets are counted", str(m and m["rate_limited"]))

for q in p:
    q.close()
sys.exit(t.summary())
