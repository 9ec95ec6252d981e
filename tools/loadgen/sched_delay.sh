#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Where a load step's p99 comes from: runs one tools/loadgen/bench.sh step (GSO server, rooms
# of N, ROOMS rooms, SCHED_FIFO 20, server on CPU 0 and load generator on CPU 1) while
# `perf sched record` watches the whole machine for 3 s of the window, then prints the server
# worker's scheduling delays (woken but not yet running), and for each delay over 200 us
# what its CPU ran meanwhile: "idle" means the guest had nothing else to run, so the vCPU itself
# was not running (the host's doing). Needs root and perf. Prints figures; asserts nothing.
#
#   tools/loadgen/sched_delay.sh [-n JAMMERS] ROOMS
set -u
N=4
[ "${1:-}" = -n ] && { N=$2; shift 2; }
ROOMS=${1:?usage: tools/loadgen/sched_delay.sh [-n JAMMERS] ROOMS}
command -v perf >/dev/null || { echo "perf not found (apt-get install linux-perf)" >&2; exit 1; }
export RTJAM_BIN=${RTJAM_BIN:-$(dirname "$0")/../../build/bin} # bench.sh's binaries, from any directory
REC_S=3 # seconds recorded, inside the step's 5-s window (which starts after 1.5 s of warm-up)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/sched.data
(sleep 4; perf sched record -a -o "$DATA" -- sleep "$REC_S" >/dev/null 2>&1) &
rec=$!
"$(dirname "$0")"/bench.sh -m gso -S 0 -L 1 -R 20 -s "--threads 1" -l "--gro --quantum-us 100" \
  -n "$N" -t 5 "$ROOMS" 2>/dev/null | grep '^|'
wait "$rec"
perf sched timehist -i "$DATA" 2>/dev/null >"$DATA.txt"
# timehist columns: time, [cpu], task, wait time, sch delay, run time (ms).
awk -v secs="$REC_S" '
  $3 ~ /^bcast-w0/ { n++; d = $5; if (d > 0.2) { k++; s += d; if (d > m) m = d } }
  END {
    printf "worker bcast-w0: %d wake-ups in %d s; %d waited over 200 us to run, %.2f ms in all (%.2f %% of the time), the longest %.2f ms\n", n, secs, k, s, s / (10 * secs), m
  }' "$DATA.txt"
# What ran on the worker's CPU during each long delay: a line at time T with run time R and
# scheduling delay D (both in ms, T in s) was woken at T - R - D and started at T - R.
awk '
  FNR == NR { if ($3 ~ /^bcast-w0/ && $5 > 0.2) { c[++k] = $2; lo[k] = $1 - ($6 + $5) / 1000; hi[k] = $1 - $6 / 1000 } next }
  {
    for (i = 1; i <= k; i++) {
      start = $1 - $6 / 1000
      if ($2 == c[i] && $1 > lo[i] && start < hi[i] && $3 !~ /^bcast-w0/) {
        name = $3; sub(/\[.*/, "", name)
        ran[name] += 1000 * (($1 < hi[i] ? $1 : hi[i]) - (start > lo[i] ? start : lo[i]))
      }
    }
  }
  END { for (name in ran) printf "  on its CPU during those waits: %s %.2f ms\n", name, ran[name] }' "$DATA.txt" "$DATA.txt"
