# SPDX-License-Identifier: ISC
"""Return routability: a source that never echoes the server's cookie (a spoofer: it cannot see
the replies sent to the address it claims) never receives more bytes than it sent, never gets
the room's audio and never becomes a member; nor does a source replaying someone else's cookie.

Usage: test_unverified.py PORT STATUS_FILE
"""

import socket
import sys

from rtjam_peer import (Checks, HEADER_SIZE, Peer, Session, decode_header, member_by_client,
                        read_status, room_of, wall_us)

port, status_file = int(sys.argv[1]), sys.argv[2]
t = Checks("unverified")

m1 = Peer(("127.0.0.1", port), 601, name="m1")
m2 = Peer(("127.0.0.1", port), 602, name="m2")
m3 = Peer(("127.0.0.1", port), 603, name="m3")
s = Session([m1, m2, m3])
t.check(s.join_all(5.0), "three members join")

# A spoofer sending full 540-byte packets (it never echoes: ServerTime stays 0), and one sending
# header-only 28-byte packets, while the room streams.
spoof = Peer(("127.0.0.1", port), 666, echo=False, name="spoofer540")
spoof28 = Peer(("127.0.0.1", port), 667, frames=0, echo=False, name="spoofer28")
spoof28.period = 128 / 48000.0
s.add(spoof)
s.add(spoof28)
s.reset_records()
# 2 s, or until both sent 500 (at most 6 s: a loaded machine sends fewer a second).
s.run(2.0)
s.run(4.0, until=lambda: spoof.sent_count > 500 and spoof28.sent_count > 500)

for sp in (spoof, spoof28):
    print("# %s: sent %d datagrams / %d bytes, received %d / %d bytes" %
          (sp.name, sp.sent_count, sp.sent_bytes, len(sp.received), sp.received_bytes))
    t.check(sp.sent_count > 500, "%s sent for 2 s" % sp.name)
    t.check(sp.received_bytes <= sp.sent_bytes,
            "%s receives no more bytes than it sent" % sp.name,
            "%d > %d" % (sp.received_bytes, sp.sent_bytes))
    t.check(all(len(d) == HEADER_SIZE for _, d in sp.received),
            "%s receives only 28-byte challenges, none of the room's audio" % sp.name)
    t.check(all(decode_header(d)["client_id"] == sp.client_id for _, d in sp.received),
            "%s's challenges carry only its own header" % sp.name)
t.check(spoof.received_bytes * 540 <= spoof.sent_bytes * 28 + 540,
        "the 540-byte spoofer's reply ratio is at most 28/540")

for m in (m1, m2, m3):
    from_spoofers = [d for d in m.forwards() if decode_header(d)["client_id"] in (666, 667)]
    t.check(not from_spoofers, "%s receives nothing from the spoofers" % m.name)

status = s.fresh_status(status_file)
room = room_of(status, port)
t.check(room["member_count"] == 3 and member_by_client(room, 666) is None
        and member_by_client(room, 667) is None, "the spoofers are not members",
        str([(m["client_id"], m["address"]) for m in room["members"]]))
t.check(room["counters"]["challenges"] > 0 and room["counters"]["dropped_unverified"] > 0,
        "challenges and unverified drops are counted")

# Cookie replay: x obtains a cookie for its own address; y (another port) echoes it.
x = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
x.bind(("127.0.0.1", 0))
x.settimeout(2.0)
y = Peer(("127.0.0.1", port), 668, echo=False, name="replayer")
probe = bytes(28) + bytes(512)
x.sendto(probe, ("127.0.0.1", port))
challenge, _ = x.recvfrom(2048)
t.check(len(challenge) == 28, "a fresh source gets a 28-byte challenge")
cookie = challenge[4:12]
forged_before = room["counters"]["cookies_forged"]
for i in range(200):
    y.send_raw(bytes(4) + cookie + bytes(8) + (668).to_bytes(4, "big") + i.to_bytes(4, "big")
               + bytes(512))
s2 = Session([y])
s2.settle(0.3)
t.check(all(len(d) == 28 for _, d in y.received) and y.received_bytes <= y.sent_bytes,
        "a replayed cookie from another port earns only challenges")
status = read_status(status_file, newer_than_us=wall_us())
room = room_of(status, port)
t.check(member_by_client(room, 668) is None, "the replayer is not admitted")
t.check(room["counters"]["cookies_forged"] - forged_before >= 200,
        "each replayed cookie is counted as forged",
        str(room["counters"]["cookies_forged"] - forged_before))
# The genuine owner of that cookie can use it: x echoes it and is admitted.
x.sendto(bytes(4) + cookie + bytes(8) + (669).to_bytes(4, "big") + bytes(4) + bytes(512),
         ("127.0.0.1", port))
reply, _ = x.recvfrom(2048)
t.check(len(reply) == 28 and abs(int.from_bytes(reply[4:12], "big") - wall_us()) < 5e6,
        "the cookie's own address is admitted and gets a time echo")

for p in (m1, m2, m3, spoof, spoof28, y):
    p.close()
x.close()
sys.exit(t.summary())
