#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""One-way delay of a path through rtjam-netsim relays, measured with timestamped datagrams.

    netpath.py SEND_PORT RECV_PORT SECONDS [RATE]

Sends RATE datagrams per second (default 750, one per 64-frame period at 48 kHz) of 272 bytes
to 127.0.0.1:SEND_PORT (the first relay's listen port) and receives them on 127.0.0.1:RECV_PORT
(where the last relay forwards), for SECONDS. Both ends are in this process, so one monotonic
clock times each datagram. Prints one JSON object: sent, received, loss (%), reordered, and the
delay's mean, median, 99th percentile and maximum in ms.
"""
import json
import socket
import struct
import sys
import time


def main():
    if len(sys.argv) < 4:
        raise SystemExit("usage: netpath.py SEND_PORT RECV_PORT SECONDS [RATE]")
    dst = ("127.0.0.1", int(sys.argv[1]))
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", int(sys.argv[2])))
    rx.setblocking(False)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    seconds = float(sys.argv[3])
    rate = float(sys.argv[4]) if len(sys.argv) > 4 else 750.0
    interval = 1.0 / rate
    pad = bytes(272 - 12)
    delays = []
    last_seq = -1
    reordered = 0
    sent = 0
    start = time.monotonic()
    end = start + seconds
    next_send = start

    def drain():
        nonlocal last_seq, reordered
        while True:
            try:
                data = rx.recv(2048)
            except BlockingIOError:
                return
            now = time.monotonic_ns()
            seq, t0 = struct.unpack_from("<IQ", data)
            delays.append((now - t0) / 1e6)
            if seq < last_seq:
                reordered += 1
            else:
                last_seq = seq

    while True:
        now = time.monotonic()
        if now >= end:
            break
        if now >= next_send:
            tx.sendto(struct.pack("<IQ", sent, time.monotonic_ns()) + pad, dst)
            sent += 1
            next_send += interval
        drain()
        time.sleep(max(0.0, min(next_send - time.monotonic(), 0.0005)))
    stop = time.monotonic() + 0.5  # late datagrams
    while time.monotonic() < stop:
        drain()
        time.sleep(0.001)
    delays.sort()
    n = len(delays)

    def pct(p):
        return round(delays[min(n - 1, int(p / 100.0 * (n - 1)))], 3) if n else None

    print(json.dumps({
        "sent": sent,
        "received": n,
        "loss": round(100.0 * (sent - n) / sent, 3) if sent else None,
        "reordered": reordered,
        "mean_ms": round(sum(delays) / n, 3) if n else None,
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "max_ms": pct(100),
    }))


if __name__ == "__main__":
    main()
