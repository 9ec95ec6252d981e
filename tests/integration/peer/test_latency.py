# SPDX-License-Identifier: ISC
"""Latency from the ServerTime echo (spec 4.5): peers that hold their echo back by a known time
show that much more latency in the server's status.

Usage: test_latency.py PORT STATUS_FILE
"""

import sys

from rtjam_peer import Checks, Peer, Session, member_by_client, read_status, room_of, wall_us

port, status_file = int(sys.argv[1]), sys.argv[2]
t = Checks("latency")

# 64-frame peers (750 packets/s): 4 s gives the server's smoother (c = 0.0032 per packet)
# 3000 steps, enough to converge to within 0.01 %.
prompt = Peer(("127.0.0.1", port), 3000, frames=64, name="prompt")
slow10 = Peer(("127.0.0.1", port), 3010, frames=64, echo_delay_s=0.010, name="delay10ms")
slow30 = Peer(("127.0.0.1", port), 3030, frames=64, echo_delay_s=0.030, name="delay30ms")
peers = [prompt, slow10, slow30]
s = Session(peers)
t.check(s.join_all(5.0), "three peers join")
# The server's smoother converges per packet, not per second: stream until each peer has sent
# 3000 packets (4 s at 750 packets/s on a machine that keeps up; up to 40 s on a loaded one).
base = {p.client_id: p.sent_count for p in peers}
s.run(40.0, until=lambda: all(p.sent_count - base[p.client_id] >= 3000 for p in peers))
ran = min(p.sent_count - base[p.client_id] for p in peers)
# A peer that could not keep time in the last 1.5 s (the smoother's memory, about 420 packets)
# held its echoes longer than it meant: that reading measured this machine, not the server.
end = max(t for p in peers for t, _ in p.lateness)
late_ms = max([late for p in peers for t, late in p.lateness if t >= end - 1.5] + [0.0]) * 1e3
print("# %d packets per peer; the peers ran up to %.1f ms late in the last 1.5 s" % (ran, late_ms))
status = s.fresh_status(status_file)
room = room_of(status, port)
lat = {}
for p in peers:
    m = member_by_client(room, p.client_id)
    lat[p.client_id] = m["latency_ms"] if m else None
    print("# %s: latency %s ms, jitter %s ms" % (p.name, m and m["latency_ms"],
                                                 m and m["jitter_ms"]))
    t.check(m is not None and 0.0 <= m["jitter_ms"] < 20.0,
            "%s has an inter-arrival jitter figure in ms" % p.name, str(m))

# The loop time is the echo delay plus up to one period (1.33 ms) plus scheduling slack.
t.check(ran >= 3000, "each peer sent 3000 packets within 40 s (%d)" % ran)
# A late turn holds an echo longer by up to that lateness; the windows below allow the delay,
# one period (1.33 ms) and 3.5 ms more (15 ms for the 10-ms peer), so a run later than that
# cannot be judged by them.
LATE_LIMIT_MS = 3.5
if late_ms > LATE_LIMIT_MS:
    why = ("the peers ran %.1f ms late in the last 1.5 s (more than %.1f ms): this machine "
           "could not run them in real time" % (late_ms, LATE_LIMIT_MS))
    for what in ("an immediate echo's loop time", "the 10 ms echo's loop time",
                 "the 30 ms echo's loop time", "the difference of the 30 ms and 10 ms loops"):
        t.skip(what, why)
else:
    ok0 = lat[3000] is not None and 0.0 < lat[3000] < 5.0
    t.check(ok0, "an immediate echo gives a loop time under 5 ms", str(lat[3000]))
    ok10 = lat[3010] is not None and 9.8 <= lat[3010] <= 15.0
    t.check(ok10, "a 10 ms echo delay reads 9.8..15 ms", str(lat[3010]))
    ok30 = lat[3030] is not None and 29.8 <= lat[3030] <= 35.0
    t.check(ok30, "a 30 ms echo delay reads 29.8..35 ms", str(lat[3030]))
    t.check(ok10 and ok30 and abs((lat[3030] - lat[3010]) - 20.0) <= 3.0,
            "the 30 ms and 10 ms peers differ by 20 +- 3 ms",
            str(lat[3030] - lat[3010]) if ok10 and ok30 else "")

for p in peers:
    p.close()
sys.exit(t.summary())
