#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Time to return to steady latency after a stall (called by tests/bench/net_jitter.sh).

    recovery.py SERIES FREEZE_END

SERIES has one probe measurement a line, "SECONDS LATENCY_MS" (seconds since the relays
started; "nan" when the probe did not find its signal). FREEZE_END is when the freeze ends,
in the same seconds. Steady = the median of the measurements before the freeze; the recovery
time is from FREEZE_END to the first measurement after which every later one is within 2 ms
of steady (the probe reads a jitter buffer's depth to about one 1.33-ms packet period). Prints one JSON object: steady_ms, recovery_s (null when it never came back within
the series), worst_ms after the freeze, and the measurement counts before and after.
"""
import json
import math
import sys

TOLERANCE_MS = 2.0


def main():
    if len(sys.argv) < 3:
        raise SystemExit("usage: recovery.py SERIES FREEZE_END")
    end = float(sys.argv[2])
    freeze = end - 0.2
    pts = []
    with open(sys.argv[1]) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                pts.append((float(parts[0]), float(parts[1])))
    before = sorted(v for t, v in pts if t < freeze and not math.isnan(v))
    after = [(t, v) for t, v in pts if t >= freeze]
    out = {"before": len(before), "after": len(after), "steady_ms": None, "recovery_s": None,
           "worst_ms": None}
    if not before or not after:
        print(json.dumps(out))
        return
    steady = before[len(before) // 2]
    out["steady_ms"] = round(steady, 2)
    found = [v for _, v in after if not math.isnan(v)]
    out["worst_ms"] = round(max(found), 2) if found else None
    # Last measurement that was off (or missing); recovery is the next one's time.
    last_bad = None
    for i, (t, v) in enumerate(after):
        if math.isnan(v) or abs(v - steady) > TOLERANCE_MS:
            last_bad = i
    if last_bad is None:
        out["recovery_s"] = round(max(0.0, after[0][0] - end), 2)
    elif last_bad + 1 < len(after):
        out["recovery_s"] = round(max(0.0, after[last_bad + 1][0] - end), 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
