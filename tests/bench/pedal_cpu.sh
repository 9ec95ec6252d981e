#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Thread CPU time of run() for the drives (and, with arguments, any pedals): 10 s of a 220 Hz
# sine at -10 dBFS at 48 kHz in 512-frame blocks, best of 3 (tests/bench/pedal_cpu.c). Prints
# a Markdown table with the machine's load average (docs/pedals.md). Asserts nothing.
#
#   tests/bench/pedal_cpu.sh [SLUG...]
set -u
BIN=${RTJAM_BUILD:-build}/tests/pedal-cpu
[ -x "$BIN" ] || { echo "$BIN not built: make" >&2; exit 1; }
if [ $# -eq 0 ]; then
  set -- tube-drive tube-screamer soul-drive metal-drive octave-fuzz distortion \
    distortion-modeler distortion-super-modeler champ princeton
fi
echo "thread CPU time of run(), 10 s of a 220 Hz sine at -10 dBFS, 48 kHz, 512-frame blocks," \
  "on $(uname -m), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo
echo "| Pedal | CPU time |"
echo "|---|---|"
exec "$BIN" "$@"
