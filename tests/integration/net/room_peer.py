# SPDX-License-Identifier: ISC
"""An independent protocol peer (tests/integration/peer/rtjam_peer.py's codec, written from the
spec, not from our C code) that joins a room with a known tone and reports what it hears.

    room_peer.py HOST PORT CLIENT_ID SECONDS FREQ AMPLITUDE

Sends 128-frame packets at the real rate with a sine of FREQ Hz and AMPLITUDE on channel 1 and
silence on channel 2, echoing the last ServerTime it received (as real clients do). Prints one
JSON line: packets sent and received, and per remote client id the RMS dB of each channel."""

import json
import math
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "peer"))
import rtjam_peer as rp  # noqa: E402

host, port, client_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
seconds, freq, amp = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
FRAMES = 128
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 0))
sock.setblocking(False)
echo = 0
seq = 0
sent = 0
heard = {}  # client id -> [sum of squares ch1, ch2, samples]
start = time.monotonic()
next_send = start
while time.monotonic() - start < seconds:
    now = time.monotonic()
    while next_send <= now:
        ch1 = [amp * math.sin(2 * math.pi * freq * (seq * FRAMES + i) / 48000.0) for i in range(FRAMES)]
        sock.sendto(rp.encode_packet(client_id, seq, echo, rp.wall_us(), ch1, [0.0] * FRAMES),
                    (host, port))
        seq += 1
        sent += 1
        next_send += FRAMES / 48000.0
    ready, _, _ = select.select([sock], [], [], max(0.0, next_send - time.monotonic()))
    while ready:
        try:
            data = sock.recv(2048)
        except BlockingIOError:
            break
        h = rp.decode_header(data)
        echo = h["server_time"]
        if len(data) > rp.HEADER_SIZE and time.monotonic() - start > 1.0:  # after the fill
            _, ch1, ch2 = rp.decode_packet(data)
            acc = heard.setdefault(h["client_id"], [0.0, 0.0, 0])
            acc[0] += sum(v * v for v in ch1)
            acc[1] += sum(v * v for v in ch2)
            acc[2] += len(ch1)


def db(ms):
    return 10 * math.log10(ms) if ms > 0 else -200.0


print(json.dumps({"sent": sent, "heard": {str(k): {"ch1_db": db(v[0] / v[2]), "ch2_db": db(v[1] / v[2]),
                                                   "samples": v[2]} for k, v in heard.items()}}))
