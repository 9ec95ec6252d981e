#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Glitch count of a steady sine recorded through a network path.

    glitch.py WAV CHANNEL [THRESHOLD]

CHANNEL is 1-based. The recording holds a steady sine (one frequency, any level or phase)
after a network path. A clean sine obeys x[n] = c x[n-1] - x[n-2] with c = 2 cos(w) exactly,
so the residual e[n] = x[n] - c x[n-1] + x[n-2] is near zero except where the waveform breaks:
a lost packet, a concealed or repeated block, an underrun, a jump in the buffer. The script
estimates c from the recording itself (least squares), cuts it into 64-frame blocks (one JACK
period) and counts a block as a glitch when either

  - its largest |e[n]|, relative to the sine's amplitude, exceeds THRESHOLD, or
  - its RMS is more than 6 dB below or above the recording's median block RMS (a dropout).

Prints one JSON object: blocks, glitch blocks, rate (% of blocks), the residual's median, 99th
percentile and maximum (relative to the amplitude), the level in dBFS and the frequency in Hz.
Without THRESHOLD only the statistics are meaningful (glitches use 0.05).
"""
import json
import math
import struct
import sys
import wave

BLOCK = 64


def read_channel(path, channel):
    with wave.open(path, "rb") as w:
        nch, width, rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
        raw = w.readframes(n)
    if channel < 1 or channel > nch:
        raise SystemExit("glitch.py: %s has %d channels" % (path, nch))
    if width == 2:
        fmt, scale = "<%dh" % (n * nch), 32768.0
        data = struct.unpack(fmt, raw)
    elif width == 4:
        fmt, scale = "<%di" % (n * nch), 2147483648.0
        data = struct.unpack(fmt, raw)
    elif width == 3:
        data = [int.from_bytes(raw[i:i + 3], "little", signed=True) for i in range(0, len(raw), 3)]
        scale = 8388608.0
    else:
        raise SystemExit("glitch.py: %d-byte samples not supported" % width)
    return [v / scale for v in data[channel - 1::nch]], rate


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    i = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * (len(sorted_values) - 1)))))
    return sorted_values[i]


def analyse(x, rate, threshold, exclude=frozenset()):
    """Statistics of one channel; blocks whose index is in EXCLUDE are not counted. The
    indices of the glitch blocks are in the result's "bad" list."""
    n = len(x)
    nblocks = n // BLOCK
    if nblocks < 8:
        return {"blocks": 0, "glitches": 0, "rate": 0.0, "error": "recording too short"}
    rms = []
    for k in range(nblocks):
        s = sum(v * v for v in x[k * BLOCK:(k + 1) * BLOCK])
        rms.append(math.sqrt(s / BLOCK))
    med_rms = sorted(rms)[nblocks // 2]
    if med_rms < 1e-5:
        return {"blocks": nblocks, "glitches": nblocks, "rate": 100.0, "level_db": -200.0,
                "error": "no signal"}
    amp = med_rms * math.sqrt(2.0)
    # c = 2 cos(w) by least squares over the blocks at the normal level (dropouts excluded).
    num = den = 0.0
    for k in range(nblocks):
        if abs(20 * math.log10(max(rms[k], 1e-12) / med_rms)) > 1.0:
            continue
        for i in range(max(2, k * BLOCK), (k + 1) * BLOCK):
            num += x[i - 1] * (x[i] + x[i - 2])
            den += x[i - 1] * x[i - 1]
    c = num / den if den > 0 else 2.0
    freq = math.acos(max(-1.0, min(1.0, c / 2.0))) * rate / (2 * math.pi)
    # The first and last blocks are skipped: the recorder may start or stop inside a fade.
    first, last = 2, nblocks - 2
    res = []
    bad = []
    skipped = 0
    for k in range(first, last):
        if k in exclude:
            skipped += 1
            continue
        lo = k * BLOCK
        r = 0.0
        for i in range(lo, lo + BLOCK):
            e = abs(x[i] - c * x[i - 1] + x[i - 2])
            if e > r:
                r = e
        r /= amp
        res.append(r)
        level = 20 * math.log10(max(rms[k], 1e-12) / med_rms)
        if r > threshold or level < -6.0 or level > 6.0:
            bad.append(k)
    glitches = len(bad)
    counted = last - first - skipped
    srt = sorted(res)
    return {
        "blocks": counted,
        "glitches": glitches,
        "rate": round(100.0 * glitches / counted, 3),
        "threshold": threshold,
        "res_p50": round(percentile(srt, 50), 5),
        "res_p99": round(percentile(srt, 99), 5),
        "res_max": round(srt[-1], 5),
        "level_db": round(20 * math.log10(med_rms), 2),
        "freq_hz": round(freq, 2),
        "excluded": skipped,
        "bad": bad,
    }


def main():
    if len(sys.argv) < 3:
        raise SystemExit("usage: glitch.py WAV CHANNEL [THRESHOLD]")
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
    x, rate = read_channel(sys.argv[1], int(sys.argv[2]))
    r = analyse(x, rate, threshold)
    del r["bad"]
    print(json.dumps(r))


if __name__ == "__main__":
    main()
