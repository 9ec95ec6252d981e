# SPDX-License-Identifier: ISC
"""Junk datagrams (short, odd, oversized, random) are dropped and counted by kind, while two
real members keep receiving every packet of each other; the junk source gets no more bytes
than it sent.

Usage: test_junk.py PORT STATUS_FILE
"""

import os
import random
import struct
import sys

from rtjam_peer import (Checks, HEADER, Peer, Session, member_by_client, read_status, room_of,
                        wall_us)

port, status_file = int(sys.argv[1]), sys.argv[2]
t = Checks("junk")
rnd = random.Random(7)


def rbytes(n):
    return bytes(rnd.getrandbits(8) for _ in range(n))


SHORT = [b"", b"\x00", rbytes(27)]
ODD = [rbytes(29), rbytes(541), rbytes(1023)]
LONG = [rbytes(1025), rbytes(1026), rbytes(1500), rbytes(4000), rbytes(65000)]
# Structurally valid (>= 28, even) but from an unverified source: random bytes, and a header
# whose ServerTime has the cookie flag with a made-up MAC.
forged = HEADER.pack(0, 0, 17, 0, (1 << 63) | rnd.getrandbits(63), 0, 4242, 1) + rbytes(512)
UNVERIFIED = [rbytes(28), rbytes(100), rbytes(540), forged]
JUNK = SHORT + ODD + LONG + UNVERIFIED


class JunkPeer(Peer):
    """Sends the junk list in a loop, one datagram per period."""

    def send_one(self, now):
        self.send_raw(JUNK[self.sent_count % len(JUNK)])


m1 = Peer(("127.0.0.1", port), 501, name="m1")
m2 = Peer(("127.0.0.1", port), 502, name="m2")
gone = Peer(("127.0.0.1", port), 503, name="gone")
s = Session([m1, m2, gone])
t.check(s.join_all(5.0), "three members join")
# One member vanishes without a word: its port answers every forward with ICMP "port
# unreachable" until it expires. The others must not notice.
s.peers.remove(gone)
gone.close()
base = room_of(s.fresh_status(status_file), port)["counters"]

junk = JunkPeer(("127.0.0.1", port), 0, frames=32, name="junk")  # one datagram per 0.67 ms
s.add(junk)
s.reset_records()
s.run(2.0)
rounds, extra = divmod(junk.sent_count, len(JUNK))
print("# junk sent %d datagrams (%d rounds), %d bytes" % (junk.sent_count, rounds,
                                                          junk.sent_bytes))

def expected(kind_list, offset):
    n = rounds * len(kind_list)
    n += max(0, min(extra - offset, len(kind_list)))
    return n


exp_short = expected(SHORT, 0)
exp_odd = expected(ODD, len(SHORT))
exp_long = expected(LONG, len(SHORT) + len(ODD))
exp_unverified = expected(UNVERIFIED, len(SHORT) + len(ODD) + len(LONG))

for a, b in ((m1, m2), (m2, m1)):
    got = {int.from_bytes(d[24:28], "big") for d in a.forwards() if d[20:24] == b.client_id.to_bytes(4, "big")}
    missing = set(b.sent) - got
    t.check(not missing, "%s receives every packet of %s during the junk" % (a.name, b.name),
            "%d of %d missing" % (len(missing), len(b.sent)))
    strays = [d for d in a.forwards() if d[20:24] != b.client_id.to_bytes(4, "big")]
    t.check(not strays, "%s receives no junk" % a.name, "%d strays" % len(strays))

junk.active = False
status = s.fresh_status(status_file)
room = room_of(status, port)
c = room["counters"]
d_short = c["invalid_short"] - base["invalid_short"]
d_odd = c["invalid_odd"] - base["invalid_odd"]
d_long = c["invalid_long"] - base["invalid_long"]
d_unv = c["dropped_unverified"] - base["dropped_unverified"]
t.check(d_short == exp_short, "every short datagram (0, 1, 27 bytes) is counted",
        "%d counted, %d sent" % (d_short, exp_short))
t.check(d_odd == exp_odd, "every odd-length datagram (29, 541, 1023 bytes) is counted",
        "%d counted, %d sent" % (d_odd, exp_odd))
t.check(d_long == exp_long, "every oversized datagram (1025..65000 bytes) is counted",
        "%d counted, %d sent" % (d_long, exp_long))
t.check(d_unv == exp_unverified, "every valid-looking datagram from the unverified source is "
        "dropped and counted", "%d counted, %d sent" % (d_unv, exp_unverified))
t.check(c["cookies_forged"] - base["cookies_forged"] >= expected([forged], len(JUNK) - 1) - 1,
        "a made-up cookie is counted as forged")
t.check(c["invalid"] == c["invalid_short"] + c["invalid_odd"] + c["invalid_long"],
        "invalid is the sum of its kinds")
t.check(status["totals"]["invalid"] >= exp_short + exp_odd + exp_long,
        "the totals count the invalid datagrams")
t.check(room["member_count"] == 2 and member_by_client(room, 0) is None,
        "the junk source is not a member")
t.check(junk.received_bytes <= junk.sent_bytes,
        "the junk source gets no more bytes than it sent",
        "%d received, %d sent" % (junk.received_bytes, junk.sent_bytes))
sizes = {len(d) for _, d in junk.received}
t.check(sizes <= {28}, "the junk source gets only 28-byte challenges", str(sizes))
t.check(len(junk.received) <= exp_unverified,
        "only the valid-looking junk is answered, once per datagram at most",
        "%d answers" % len(junk.received))

for p in (m1, m2, junk):
    p.close()
sys.exit(t.summary())
