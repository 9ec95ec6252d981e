# SPDX-License-Identifier: ISC
"""A burst of joins and leaves: ROOMS rooms of PER_ROOM peers all join within a few ms (as after
a server restart, when every client comes back at once), then all fall silent together, so the
server expires them in one pass. Every join and every leave must reach the main thread (its log
lines and statistics); the shell wrapper counts them in the server's log.

Usage: test_event_burst.py FIRST_PORT ROOMS PER_ROOM
"""

import sys

from rtjam_peer import Checks, Peer, Session

first_port, rooms, per_room = (int(x) for x in sys.argv[1:4])
t = Checks("event_burst")
peers = [Peer(("127.0.0.1", first_port + r), 100000 + r * per_room + k, frames=64)
         for r in range(rooms) for k in range(per_room)]
s = Session(peers)
# First packet: each source gets its challenge (a cookie in ServerTime). Second: it echoes the
# cookie and becomes a member. One packet each, no streaming, so the joins come together.
for _ in range(2):
    for p in peers:
        p.send_one(0.0)
    s.settle(0.5)
# On a loaded machine a challenge can come late: those few send again (at most 3 more rounds).
for rnd in range(3):
    late = [p for p in peers if not p.joined()]
    if not late:
        break
    print("# round %d: %d peers not joined yet" % (rnd + 3, len(late)))
    for p in late:
        p.send_one(0.0)
    s.settle(0.5)
joined = sum(p.joined() for p in peers)
t.check(joined == len(peers), "all %d peers joined (two packets each, more if late)" % len(peers),
        "%d joined" % joined)
# Silence: every member expires after 1 s, in the same housekeeping pass.
for p in peers:
    p.active = False
s.settle(2.5)
for p in peers:
    p.close()
t.summary()
