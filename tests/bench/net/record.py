#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""One benchmark run's figures as a JSON line (called by tests/bench/net_jitter.sh).

    record.py SYSTEM PROFILE RUNDIR PROBE_JSON REC_S PERIOD LOST0 LOST1 UNDER0 UNDER1 DEPTH JITTER

RUNDIR holds rec.wav (channel 1: the sine as sent, channel 2: B's output) and the relays'
counters (linkA.out, linkB.out). Blocks where channel 1 itself breaks (a missed JACK cycle or
lost recorder frames on a loaded machine), and their neighbours, are not counted on channel 2;
nor are the blocks one end-to-end latency later (the probe's range, +-4 blocks), where B plays
the same break as it came through the network (source_echo). The glitch threshold is relative
to the sine's amplitude:
GLITCH_FLOOR, or 3 x the 99th-percentile residual of the same system's clean run when that is
higher (a lossy codec such as Jamulus's Opus leaves a residual on every block). The clean run
is read from $RTJAM_BENCH_RESULTS (earlier lines of the same file).
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import glitch  # noqa: E402

GLITCH_FLOOR = 0.05  # residual / amplitude: -26 dB


def clean_threshold(system):
    path = os.environ.get("RTJAM_BENCH_RESULTS", "")
    thr = GLITCH_FLOOR
    try:
        with open(path) as f:
            for line in f:
                r = json.loads(line)
                if r.get("system") == system and r.get("profile") == "clean" and "out" in r:
                    thr = max(GLITCH_FLOOR, 3.0 * r["out"].get("res_p99", 0.0))
    except (OSError, ValueError):
        pass
    return thr


def source_echo(breaks, probe, block):
    """Blocks of B's output where a break of the source (block indices BREAKS) is played: one
    end-to-end latency later, anywhere in the probe's range (min_frames..max_frames) widened by
    4 blocks each way (the depth moves during the recording, and a depth change can repeat the
    stretch that holds the break). Empty without a probe figure."""
    lo, hi = probe.get("min_frames"), probe.get("max_frames")
    if not probe.get("found") or lo is None or hi is None:
        return set()
    out = set()
    for k in breaks:
        out.update(range(k + lo // block - 4, k + -(-hi // block) + 5))
    return out


def relay_counters(path):
    out = {"received": 0, "lost": 0}
    try:
        with open(path) as f:
            for line in f:
                d = json.loads(line)
                out["received"] += d.get("received", 0)
                out["lost"] += d.get("lost", 0)
    except (OSError, ValueError):
        pass
    return out


def main():
    (system, profile, rundir, probe, rec_s, period, lost0, lost1, under0, under1, depth,
     jitter) = sys.argv[1:13]
    r = {"system": system, "profile": profile}
    try:
        r["probe"] = json.loads(probe)
    except ValueError:
        r["probe"] = {}
    thr = GLITCH_FLOOR if profile == "clean" else clean_threshold(system)
    wav = os.path.join(rundir, "rec.wav")
    try:
        # Blocks where the recorded source itself breaks (the machine missed a JACK cycle or
        # the recorder lost frames) are not the network's fault: they and their neighbours
        # are left out of B's count.
        x, rate = glitch.read_channel(wav, 1)
        r["ref"] = glitch.analyse(x, rate, GLITCH_FLOOR)
        breaks = r["ref"].pop("bad", [])
        broken = set()
        for k in breaks:
            broken.update((k - 1, k, k + 1))
        # The source's break reaches B's output one path later, as sent: not the path's fault.
        broken |= source_echo(breaks, r["probe"], glitch.BLOCK)
        x, rate = glitch.read_channel(wav, 2)
        r["out"] = glitch.analyse(x, rate, thr, frozenset(broken))
        bad = r["out"].pop("bad", [])
        if os.environ.get("RTJAM_BENCH_KEEP") == "1":
            r["bad"] = bad
    except (OSError, EOFError, SystemExit, ValueError) as e:
        r["error"] = "no recording: %s" % e
    if system == "rtjam":
        packets = float(rec_s) * 48000.0 / float(period)
        lost = float(lost1) - float(lost0)
        under = float(under1) - float(under0)
        r["plugin"] = {"lost": lost, "underruns": under, "packets": packets,
                       "rate": round(100.0 * (lost + under) / packets, 3),
                       "depth_ms": float(depth), "jitter_ms": float(jitter)}
    if system == "jamulus":
        # Jamulus writes the auto jitter-buffer sizes it settled on to its ini file at exit.
        try:
            with open(os.path.join(rundir, "jamB.ini")) as f:
                text = f.read()
            r["own"] = {k: int(text.split("<%s>" % k)[1].split("<")[0]) for k in ("jitbuf", "jitbufserver")}
        except (OSError, IndexError, ValueError):
            pass
    if system == "jacktrip":
        # JackTrip's auto queue prints "AutoQueue: N" (packets) as it adapts.
        try:
            with open(os.path.join(rundir, "jtB.log")) as f:
                q = [int(l.split(":")[1]) for l in f if l.startswith("AutoQueue:")]
            if q:
                r["own"] = {"autoqueue_last": q[-1], "autoqueue_max": max(q)}
        except (OSError, ValueError, IndexError):
            pass
    r["links"] = {k: relay_counters(os.path.join(rundir, k + ".out")) for k in ("linkA", "linkB")}
    print(json.dumps(r))


if __name__ == "__main__":
    main()
