# SPDX-License-Identifier: ISC
# Sends 2000 numbered datagrams (one per ms) to a port and collects the echoes: prints JSON with
# counts and the median round-trip time.
import json, socket, statistics, struct, sys, time
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setblocking(False)
sent = {}
rtts = []
n = 2000
t_end = None
i = 0
next_send = time.monotonic()
while True:
    now = time.monotonic()
    if i < n and now >= next_send:
        s.sendto(struct.pack("!Id", i, now) + bytes(276), ("127.0.0.1", port))
        sent[i] = now
        i += 1
        next_send += 0.001
        if i == n:
            t_end = now + 0.5
    try:
        while True:
            data = s.recv(2048)
            k, t0 = struct.unpack("!Id", data[:12])
            rtts.append((time.monotonic() - t0) * 1000.0)
    except BlockingIOError:
        pass
    if t_end is not None and now > t_end:
        break
    time.sleep(0.0002)
print(json.dumps({"sent": n, "returned": len(rtts), "rtt_median_ms": statistics.median(rtts) if rtts else 0}))
