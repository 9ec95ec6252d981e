# SPDX-License-Identifier: ISC
"""Every --port room is announced to rtjam-nation, each as its own broadcast unit and room
(issue 15), against the stand-in nation (tests/integration/nation/stand_in.py).

Usage: test_nation_rooms.py NATION_PORT SINCE PORT_A PORT_B

Since event SINCE of the stand-in: POST room for PORT_A and for PORT_B, with two different
room tokens; a member streaming to PORT_B only is in PORT_B's latency reports (its chat room)
and in none of PORT_A's; each room's update_count counts its own reports from 1.
"""

import json
import sys
import time
import urllib.request

from rtjam_peer import Checks, Peer, Session

nport, since, port_a, port_b = (int(x) for x in sys.argv[1:5])
t = Checks("nation rooms")


def events(after):
    with urllib.request.urlopen("http://127.0.0.1:%d/control/events?since=%d" % (nport, after),
                                timeout=5) as r:
        return json.loads(r.read())


def reports(room, after):
    """The latency reports said into `room` since event `after`."""
    out = []
    for e in events(after):
        j = e.get("json") if e["kind"] == "ws-text" else None
        if isinstance(j, dict) and j.get("event") == "say" and j.get("room") == room:
            m = json.loads(j["message"])
            if isinstance(m, dict) and "latency" in m:
                out.append(m)
    return out


rooms = {}
end = time.monotonic() + 15
while time.monotonic() < end and len(rooms) < 2:
    for e in events(since):
        if e["kind"] == "room":
            rooms[int(e["body"]["port"])] = e["token"]
    time.sleep(0.1)
t.check(sorted(rooms) == sorted([port_a, port_b]),
        "both rooms are activated at the nation (POST room with port %s)" % sorted(rooms))
t.check(len(set(rooms.values())) == 2, "each with its own room token %s" % rooms)
if len(rooms) < 2:
    sys.exit(t.summary())
peer = Peer(("127.0.0.1", port_b), 4187, name="member of %d" % port_b)
s = Session([peer])
t.check(s.join_all(5.0), "a member joins room %d" % port_b)
mark = len(events(0))
got_a, got_b = [], []
end = time.monotonic() + 20  # a limit: reports come every 2 s
while time.monotonic() < end and (len(got_a) < 3 or len(got_b) < 3):
    s.run(0.5)
    got_a, got_b = reports(rooms[port_a], mark), reports(rooms[port_b], mark)
ids_a = [[p[0] for p in r["latency"]] for r in got_a]
ids_b = [[p[0] for p in r["latency"]] for r in got_b]
print("# room %d reports: %s; room %d reports: %s" % (port_a, ids_a, port_b, ids_b))
# (the first report may predate the snapshot that has the member: snapshots are up to 100 ms
# old)
t.check(len(ids_b) >= 3 and all(4187 in i for i in ids_b[1:]),
        "the member is in the latency reports of room %d's chat room" % port_b)
t.check(len(ids_a) >= 3 and not any(4187 in i for i in ids_a),
        "and in none of room %d's" % port_a)
counts_a = [r["update_count"] for r in reports(rooms[port_a], 0)]
counts_b = [r["update_count"] for r in reports(rooms[port_b], 0)]
t.check(counts_a[:2] == [1, 2] and counts_b[:2] == [1, 2],
        "each room's update_count counts its own reports from 1 (%s, %s)"
        % (counts_a[:3], counts_b[:3]))
peer.close()
sys.exit(t.summary())
