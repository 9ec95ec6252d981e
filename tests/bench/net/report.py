#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The jitter-buffer benchmark's table (called by tests/bench/net_jitter.sh).

    report.py RESULTS.jsonl PATHS.jsonl     Markdown table of every run
    report.py --line RESULTS.jsonl          one line about the last run

Added buffering latency = end-to-end latency - the same system's clean-path end-to-end latency
- the profile's measured mean network delay (PATHS.jsonl, from netpath.py).
"""
import json
import sys

NAMES = {"rtjam": "RTJam (rtjam-net)", "jamulus": "Jamulus 3.9.1", "jacktrip": "JackTrip 1.7.0"}
PROFILES = ["clean", "lan", "wan", "wifi", "spiky", "stall", "clean-hogs", "wifi-hogs"]
PROFILE_NAMES = {"clean": "clean", "lan": "LAN", "wan": "good WAN", "wifi": "busy Wi-Fi",
                 "spiky": "spiky", "stall": "stall 200 ms / 10 s", "clean-hogs": "clean + 2 CPU hogs",
                 "wifi-hogs": "busy Wi-Fi + 2 CPU hogs"}


def stall_text(r):
    """Time to return to steady latency after the stall profile's freeze."""
    st = r.get("stall")
    if not st:
        return ""
    if st.get("recovery_s") is None:
        text = "not back in %d probes (steady %s ms)" % (st.get("after", 0), st.get("steady_ms"))
    else:
        text = "%.1f s (steady %.1f ms, worst %s ms)" % (st["recovery_s"], st["steady_ms"],
                                                         st.get("worst_ms"))
    if st.get("before_off"):  # the readings already scattered before the freeze
        back = st.get("recovery_range_s")
        text += "; before the freeze %d of %d readings were already 2 ms off, spread %.1f-%.1f ms: " \
            "back within that spread %s" % (st["before_off"], st["before"], st["before_min_ms"],
                                            st["before_max_ms"],
                                            "after %.1f s" % back if back is not None else "never")
    return text


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def latency(r):
    p = r.get("probe", {})
    if p.get("found", 0) > 0:
        return p.get("latency_ms")
    return None


def fmt(v, spec="%.1f"):
    return "n/a" if v is None else spec % v


def own(r):
    """The system's own view of its buffer, where it gives one."""
    if "plugin" in r:
        pl = r["plugin"]
        return "lost + underruns %.2f%% (%d + %d of %d packets), depth_01 %.1f ms" % (
            pl["rate"], pl["lost"], pl["underruns"], pl["packets"], pl["depth_ms"])
    o = r.get("own", {})
    if "jitbuf" in o:
        return "auto jitter buffer: client %d, server %d (blocks)" % (o["jitbuf"], o["jitbufserver"])
    if "autoqueue_last" in o:
        return "AutoQueue %d packets (max %d)" % (o["autoqueue_last"], o["autoqueue_max"])
    return ""


def line(rows):
    r = rows[-1]
    head = "     %-8s %-5s" % (r["system"], r["profile"])
    if "error" in r and "out" not in r:
        print(head, "not measured:", r["error"])
        return
    p = r.get("probe", {})
    o = r.get("out", {})
    text = "%s e2e %s ms (%s/%s probe runs, %d xruns), glitches %s/%s blocks = %s%% (thr %s, residual p50 %s p99 %s, level %s dB)" % (
        head, fmt(latency(r), "%.2f"), p.get("found", 0), p.get("runs", 0), p.get("xruns", 0),
        o.get("glitches", "?"), o.get("blocks", "?"), o.get("rate", "?"), o.get("threshold", "?"),
        o.get("res_p50", "?"), o.get("res_p99", "?"), o.get("level_db", "?"))
    if "plugin" in r:
        text += "; plugin: %s, jitter_01 %.2f ms" % (own(r), r["plugin"]["jitter_ms"])
    elif own(r):
        text += "; " + own(r)
    links = r.get("links", {})
    rel = sum(v["received"] for v in links.values())
    if rel:
        text += "; relays %d datagrams, %d dropped" % (rel, sum(v["lost"] for v in links.values()))
    if r.get("stall"):
        text += "; after a stall back to steady in " + stall_text(r)
    if o.get("excluded"):
        text += "; %d blocks not counted: the recorded source itself broke there (machine load)" % o["excluded"]
    print(text)


def table(rows, paths):
    net = {p["profile"]: p["path"] for p in paths}
    clean = {r["system"]: latency(r) for r in rows if r["profile"] == "clean"}
    systems = []
    for r in rows:
        if r["system"] not in systems:
            systems.append(r["system"])
    print("| profile | system | end-to-end A in -> B out, ms: median (min-max, probe runs found) | network A -> B mean / p99 (ms) "
          "| added buffering (ms) | glitch rate (% of 64-frame blocks) | return to steady latency after a stall | the system's own figures |")
    print("|---|---|---|---|---|---|---|---|")
    order = {p: i for i, p in enumerate(PROFILES)}
    for r in sorted(rows, key=lambda x: (order.get(x["profile"], 9), systems.index(x["system"]))):
        prof, sys_ = r["profile"], r["system"]
        name = NAMES.get(sys_, sys_)
        if "error" in r and "out" not in r:
            print("| %s | %s | not measured: %s | | | | | |" % (PROFILE_NAMES.get(prof, prof), name, r["error"]))
            continue
        lat = latency(r)
        base = prof[:-len("-hogs")] if prof.endswith("-hogs") else prof
        path = net.get(base)
        if base == "clean":
            netcol, mean = "0 / 0", 0.0
        elif path and path.get("mean_ms") is not None:
            netcol, mean = "%.1f / %.1f" % (path["mean_ms"], path["p99_ms"]), path["mean_ms"]
        else:
            netcol, mean = "n/a", None
        if prof == "clean":
            added = "0 (reference)"
        elif base == "clean":
            added = "%.1f" % (lat - clean[sys_]) if lat is not None and clean.get(sys_) is not None else "n/a"
        elif lat is not None and clean.get(sys_) is not None and mean is not None:
            added = "%.1f" % (lat - clean[sys_] - mean)
        else:
            added = "n/a"
        o = r.get("out", {})
        glitch = "%.2f (%d of %d)" % (o["rate"], o["glitches"], o["blocks"]) if "rate" in o else "n/a"
        plug = own(r)
        found = r.get("probe", {}).get("found", 0)
        runs = r.get("probe", {}).get("runs", 0)
        pr = r.get("probe", {})
        if runs and found:
            rate = float(pr.get("rate", 48000)) / 1000.0
            latcol = "%s (%.1f-%.1f, %d/%d)" % (fmt(lat), pr["min_frames"] / rate, pr["max_frames"] / rate, found, runs)
        else:
            latcol = "n/a (signal not found)" if runs else "n/a"
        print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (PROFILE_NAMES.get(prof, prof), name, latcol, netcol, added, glitch,
                                                     stall_text(r), plug))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--line":
        line(load(sys.argv[2]))
        return
    if len(sys.argv) < 3:
        raise SystemExit("usage: report.py RESULTS.jsonl PATHS.jsonl | --line RESULTS.jsonl")
    table(load(sys.argv[1]), load(sys.argv[2]))


if __name__ == "__main__":
    main()
