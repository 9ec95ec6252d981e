# SPDX-License-Identifier: ISC
"""GSO fallback, inside a private network namespace whose lo has an MTU of 500 bytes (root only):
a GSO send of 540-byte segments is larger than the path MTU allows (the kernel refuses it with
EMSGSIZE; before Linux 6.x with EINVAL), so the server re-sends those datagrams one by one (the kernel fragments them) and
counts the fallback. Members must still receive every packet once, in order, byte for byte.

Usage: test_gso_fallback.py PORT STATUS_FILE SERVER_LOG SERVER_PID
"""

import os
import signal
import sys
import time

from rtjam_peer import Checks, Peer, Session, decode_header, room_of

port, status_file, server_log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
server_pid = int(sys.argv[4])
t = Checks("gso fallback")

peers = [Peer(("127.0.0.1", port), 3001 + i, name="f%d" % (i + 1)) for i in range(3)]
s = Session(peers)
t.check(s.join_all(5.0), "three peers join through a 500-byte MTU (540-byte packets fragment)")

before = room_of(s.fresh_status(status_file), port)["counters"]
detail = []
for _ in range(3):
    # The server is stopped while each peer sends 3 packets: it reads them in one batch and
    # tries one GSO send of 540-byte segments per member.
    s.reset_records()
    os.kill(server_pid, signal.SIGSTOP)
    try:
        now = time.monotonic()
        for _ in range(3):
            for p in peers:
                p.send_one(now)
        time.sleep(0.05)
    finally:
        os.kill(server_pid, signal.SIGCONT)
    s.settle(0.3)
    for p in peers:
        for q in peers:
            if q is p:
                continue
            mine = [d for d in p.forwards() if decode_header(d)["client_id"] == q.client_id]
            seqs = [decode_header(d)["seq"] for d in mine]
            same = all(len(d) == 540 and d[:3] == q.sent[decode_header(d)["seq"]][:3]
                       and d[12:] == q.sent[decode_header(d)["seq"]][12:] for d in mine)
            if seqs != sorted(q.sent) or not same:
                detail.append("%s from %s: %s of %s" % (p.name, q.name, seqs, sorted(q.sent)))
        if len(p.echoes()) != 3:
            detail.append("%s: %d echoes" % (p.name, len(p.echoes())))
t.check(not detail, "after each burst every member gets every forward once, in order, byte for "
        "byte, and one 28-byte echo per packet", "; ".join(detail[:4]))
after = room_of(s.fresh_status(status_file), port)["counters"]
# Each member's first refused GSO send is counted, and it gets no GSO send after that.
t.check(after["gso_fallbacks"] == 3, "one refused GSO send per member, then none",
        "%d fallbacks (%d before the bursts)" % (after["gso_fallbacks"], before["gso_fallbacks"]))
t.check(after["send_errors"] == 0, "no datagram was lost to the fallback",
        "%d send errors" % after["send_errors"])
time.sleep(1.2)  # the main thread logs the counters once per second
with open(server_log) as f:
    log_text = f.read()
t.check("GSO sends refused, re-sent without GSO" in log_text,
        "the server logs the fallback with its cause", log_text[-300:])
t.check("Message too long" in log_text or "Invalid argument" in log_text,
        "the cause is EMSGSIZE or EINVAL (segment larger than the MTU)")

for p in peers:
    p.close()
sys.exit(t.summary())
