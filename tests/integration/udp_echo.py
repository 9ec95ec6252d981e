#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A UDP echo server on 127.0.0.1:PORT that sends every datagram back to its sender, and exits
after TIMEOUT seconds without one (the stand-in server behind rtjam-netsim in its tests)."""
import socket
import sys

port, timeout = int(sys.argv[1]), float(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
s.settimeout(timeout)
try:
    while True:
        data, addr = s.recvfrom(2048)
        s.sendto(data, addr)
except socket.timeout:
    pass
