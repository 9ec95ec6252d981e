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

On a busy machine the readings scatter before the freeze too, and then one scattered reading
late in the series puts recovery_s there, whatever the system did. So the object also says how
the readings stood before the freeze: before_min_ms and before_max_ms, before_off (how many were
already more than 2 ms from steady), and recovery_range_s: the time from FREEZE_END to the first
measurement after which every later one lies within the pre-freeze range widened by the
tolerance (null when never).
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
           "worst_ms": None, "before_min_ms": None, "before_max_ms": None, "before_off": None,
           "recovery_range_s": None}
    if not before or not after:
        print(json.dumps(out))
        return
    steady = before[len(before) // 2]
    out["steady_ms"] = round(steady, 2)
    out["before_min_ms"] = round(before[0], 2)
    out["before_max_ms"] = round(before[-1], 2)
    out["before_off"] = sum(1 for v in before if abs(v - steady) > TOLERANCE_MS)
    found = [v for _, v in after if not math.isnan(v)]
    out["worst_ms"] = round(max(found), 2) if found else None
    out["recovery_s"] = recovery(after, end, lambda v: abs(v - steady) <= TOLERANCE_MS)
    lo, hi = before[0] - TOLERANCE_MS, before[-1] + TOLERANCE_MS
    out["recovery_range_s"] = recovery(after, end, lambda v: lo <= v <= hi)
    print(json.dumps(out))


def recovery(after, end, good):
    """Seconds from end to the first measurement after which every later one is good (and
    found); None when the last one is not."""
    last_bad = None  # the last measurement that was off or missing; recovery is the next one
    for i, (_, v) in enumerate(after):
        if math.isnan(v) or not good(v):
            last_bad = i
    if last_bad is None:
        return round(max(0.0, after[0][0] - end), 2)
    if last_bad + 1 < len(after):
        return round(max(0.0, after[last_bad + 1][0] - end), 2)
    return None


if __name__ == "__main__":
    main()
