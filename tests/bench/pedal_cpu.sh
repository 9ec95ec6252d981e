#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Thread CPU time of run() for the drives and the issue-16 pedals (or the pedals named): 10 s
# of a 220 Hz sine at -10 dBFS at 48 kHz in 512-frame blocks, best of 3 (tests/bench/
# pedal_cpu.c; RTJAM_BENCH_REPEAT=N for best of N). Prints a Markdown table with the machine's
# load average (docs/pedals.md). Asserts nothing.
#
#   tests/bench/pedal_cpu.sh [SLUG...]
set -u
BIN=${RTJAM_BUILD:-build}/tests/pedal-cpu
[ -x "$BIN" ] || { echo "$BIN not built: make" >&2; exit 1; }
if [ $# -eq 0 ]; then # the drives, then the pedals of issue 16
  set -- tube-drive tube-screamer soul-drive metal-drive octave-fuzz distortion-super-modeler \
    distortion distortion-modeler bass-envelope guitar-envelope bass-di champ princeton reverb \
    room-simulator template
fi
echo "thread CPU time of run(), 10 s of a 220 Hz sine at -10 dBFS, 48 kHz, 512-frame blocks," \
  "on $(uname -m), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo
echo "| Pedal | CPU time |"
echo "|---|---|"
exec "$BIN" "$@"
