# SPDX-License-Identifier: ISC
"""Spoofed sources, with raw IPv4 packets inside a private network namespace (root only):
- a "victim" address (127.0.0.5) whose address is forged on full-size jam packets receives only
  28-byte challenges: never more bytes than the forged packets carried, never the room's audio;
- forged packets from an address with no route (10.9.9.9: the namespace has only lo) make every
  challenge fail with ENETUNREACH: the server counts and logs the send errors and keeps serving
  its members, who receive every packet.

Usage: test_spoofed.py PORT STATUS_FILE SERVER_LOG
"""

import socket
import struct
import sys
import time

from rtjam_peer import (Checks, HEADER, Peer, Session, decode_header, member_by_client, room_of)

port, status_file, server_log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t = Checks("spoofed")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)


def forge(src, sport, payload):
    """Sends a UDP datagram to the server with a forged IPv4 source (UDP checksum 0 = none)."""
    udp = struct.pack("!HHHH", sport, port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton("127.0.0.1"))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    raw.sendto(ip + udp, ("127.0.0.1", 0))
    return len(payload)


def jam_packet(client_id, seq):
    return HEADER.pack(0, 0, 16, 0, 0, 1700000000000000 + seq, client_id, seq) + bytes(512)


class Forger(Peer):
    """A 'peer' that forges its packets' source; its own socket only paces the session."""

    def __init__(self, server, src, sport, client_id):
        super().__init__(server, client_id, name="forger-" + src)
        self.src, self.sport = src, sport

    def send_one(self, now):
        self.sent_bytes += forge(self.src, self.sport, jam_packet(self.client_id, self.seq))
        self.seq += 1
        self.sent_count += 1


m1 = Peer(("127.0.0.1", port), 801, name="m1")
m2 = Peer(("127.0.0.1", port), 802, name="m2")
s = Session([m1, m2])
t.check(s.join_all(5.0), "two members join")

victim = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
victim.bind(("127.0.0.5", 6666))
victim.setblocking(False)
forger = Forger(("127.0.0.1", port), "127.0.0.5", 6666, 900)
blackhole = Forger(("127.0.0.1", port), "10.9.9.9", 7777, 901)
s.add(forger)
s.add(blackhole)
s.reset_records()
s.run(2.0)
s.run(4.0, until=lambda: forger.sent_count > 500)  # a loaded machine sends fewer a second

got = []
while True:
    try:
        got.append(victim.recv(65536))
    except BlockingIOError:
        break
received = sum(len(d) for d in got)
print("# victim: %d forged packets / %d bytes in its name; received %d datagrams / %d bytes" %
      (forger.sent_count, forger.sent_bytes, len(got), received))
t.check(forger.sent_count > 500, "the forger sent for 2 s")
t.check(received <= forger.sent_bytes, "the victim receives no more bytes than were forged",
        "%d > %d" % (received, forger.sent_bytes))
t.check(all(len(d) == 28 for d in got), "the victim receives only 28-byte challenges")
t.check(not any(decode_header(d)["client_id"] in (801, 802) for d in got if len(d) >= 28),
        "the victim receives none of the room's packets")

for a, b in ((m1, m2), (m2, m1)):
    seqs = {decode_header(d)["seq"] for d in a.forwards() if decode_header(d)["client_id"] == b.client_id}
    missing = set(b.sent) - seqs
    t.check(not missing, "%s receives every packet of %s meanwhile" % (a.name, b.name),
            "%d missing" % len(missing))
    strays = [d for d in a.forwards() if decode_header(d)["client_id"] in (900, 901)]
    t.check(not strays, "%s receives nothing forged" % a.name)

forger.active = blackhole.active = False
status = s.fresh_status(status_file)
room = room_of(status, port)
c = room["counters"]
print("# counters: challenges %d, send_errors %d, dropped_unverified %d" %
      (c["challenges"], c["send_errors"], c["dropped_unverified"]))
t.check(room["member_count"] == 2 and member_by_client(room, 900) is None
        and member_by_client(room, 901) is None, "no forged source became a member")
t.check(c["send_errors"] >= blackhole.sent_count * 0.9,
        "each challenge to the unroutable source is a counted send error",
        "%d errors for %d packets" % (c["send_errors"], blackhole.sent_count))
time.sleep(1.1)  # the error line is logged by the status tick, at most once a second
with open(server_log) as f:
    text = f.read()
t.check("datagrams not sent (last error: Network is unreachable)" in text,
        "the send errors are logged with their cause")
s2 = Session([m1, m2])
m1.received = []
s2.run(0.5)
s2.run(2.0, until=lambda: len(m1.forwards()) > 100)  # a loaded machine's peers send fewer
t.check(len(m1.forwards()) > 100, "the server still forwards after the send errors")

for p in (m1, m2, forger, blackhole):
    p.close()
victim.close()
raw.close()
sys.exit(t.summary())
