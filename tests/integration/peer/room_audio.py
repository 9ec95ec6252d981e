# SPDX-License-Identifier: ISC
"""What the server tests with tones read from the room (test_mix.py, test_playback.py,
test_record.py): the control websocket, a packet stream's channel, a tone's level and the
server's pacing."""

import math
import os
import struct
import sys

from rtjam_peer import HEADER_SIZE, Peer, decode_sample, encode_sample

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tools", "ws"))
from rtjam_ws import connect  # noqa: E402  (tools/ws/rtjam_ws.py, the websocket client)


def answer(ws, timeout=10):
    """The next answer to a command line on a control websocket: the first message that is not
    JSON (the status messages the server says meanwhile are JSON), or None on timeout."""
    while True:
        text = ws.recv(timeout)
        if text is None or not text.startswith("{"):
            return text


def control(cport, line):
    """One command line on the server's control websocket (127.0.0.1:cport); its one-line
    answer."""
    ws = connect("127.0.0.1", cport)
    try:
        ws.send(line)
        return (answer(ws) or "").strip()
    finally:
        ws.sock.close()


def amplitude(x, k):
    """Amplitude of the tone 48000/512*k Hz in x (len(x) a multiple of 512: an exact bin)."""
    n = len(x)
    re = im = 0.0
    for i, v in enumerate(x):
        a = 2 * math.pi * k * i / 512.0
        re += v * math.cos(a)
        im -= v * math.sin(a)
    return 2.0 * math.hypot(re, im) / n


def window_amplitude(x, k, size=512):
    """The 90th percentile over windows of `size` frames (512: every tone here is an exact bin,
    so the tones do not leak into each other). On a loaded machine the Python peers cannot
    always send in real time: the server then has less of their audio than time to fill (a
    buffer runs dry, a line restarts), and the windows with a gap are the low ones. The level
    heard where the audio is there is the mix law's."""
    amps = sorted(amplitude(x[i:i + size], k) for i in range(0, len(x) - size + 1, size))
    return amps[len(amps) * 9 // 10]


def pacing(packets, rate):
    """ServerTime per packet, against 1e6 / rate us, over the longest stretch without a clock
    restart (a gap over 40 ms: the server restarts its clock after 16 late ticks). A packet
    sent late (a stalled machine, then a catch-up burst) carries a later ServerTime, so the
    slope is taken between the earliest-sent packets (lowest ServerTime - seq x period) of the
    stretch's first and last quarters. Tolerance: 2 us, or 2 ms spread over the stretch."""
    runs = [[]]
    for _, h, _ in sorted(packets, key=lambda p: p[1]["seq"]):
        if runs[-1] and (h["server_time"] - runs[-1][-1]["server_time"] > 40000 or
                         h["seq"] != runs[-1][-1]["seq"] + 1):
            runs.append([])
        runs[-1].append(h)
    run = max(runs, key=len)
    if len(run) < 200:
        print("# pacing: no stretch of 200 packets (%d stretches)" % len(runs))
        return False
    p0 = 1e6 / rate
    q = len(run) // 4
    late = [(h["server_time"] - h["seq"] * p0, h["seq"]) for h in run]
    a = min(late[:q])
    b = min(late[-q:])
    per = p0 + (b[0] - a[0]) / (b[1] - a[1])
    tol = max(2.0, 2000.0 / (b[1] - a[1]))
    print("# pacing: %.3f us per packet over %d packets (%d stretches), +-%.2f" %
          (per, b[1] - a[1], len(runs), tol))
    return abs(per - p0) <= tol


def db(x, ref):
    return 20 * math.log10(max(x, 1e-12) / ref)


def channel(packets, ch):
    x = []
    for _, _, d in packets:
        frames = (len(d) - HEADER_SIZE) // 4
        codes = struct.unpack_from(">%dH" % (2 * frames), d, HEADER_SIZE)
        x.extend(decode_sample(c) for c in codes[ch * frames:(ch + 1) * frames])
    return x


def tone_peer(server, client_id, host, k, amp):
    """A peer whose channel 1 is amp at 48000/512*k Hz and channel 2 amp/2 at twice that
    (whole cycles in 512 frames); its k and amp are kept on it."""
    p = Peer(server, client_id, bind_host=host, name="tone%d" % client_id)
    frames = p.frames
    bufs = []
    for b in range(4):
        ch1 = [amp * math.sin(2 * math.pi * k * (b * frames + i) / 512.0) for i in range(frames)]
        ch2 = [amp / 2 * math.sin(2 * math.pi * 2 * k * (b * frames + i) / 512.0)
               for i in range(frames)]
        bufs.append(struct.pack(">%dH" % (2 * frames), *[encode_sample(v) for v in ch1 + ch2]))
    p.audio = bufs
    p.k = k
    p.amp = amp
    return p
