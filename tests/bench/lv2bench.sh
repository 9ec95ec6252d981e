#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# lv2bench figures for every rtjam pedal next to a comparable plugin from Debian's guitarix,
# x42 and mda packages, measured in the same run. Prints a Markdown table (docs/pedals.md).
#
#   tests/bench/lv2bench.sh [LV2_DIR]     LV2_DIR holds rtjam.lv2 (default: build/lv2)
#
# Each figure is the best of 3 lv2bench runs of 480000 frames (10 s at 48 kHz) in 128-frame
# blocks, in seconds; "x RT" is how many times faster than real time. lv2bench gives plugins
# urid:map only, so a plugin that requires more (options, bounded block length) shows "n/a".
# Assert nothing: the numbers depend on the machine.
set -u
LV2_DIR=${1:-${RTJAM_LV2:-build/lv2}}
export LV2_PATH="$(cd "$LV2_DIR" && pwd):/usr/lib/lv2"
FRAMES=480000
BLOCK=128

command -v lv2bench >/dev/null || { echo "lv2bench not found: apt-get install lilv-utils" >&2; exit 1; }

# best URI: the lowest of 3 lv2bench times in seconds, or "n/a".
best() {
  local t b=""
  for _ in 1 2 3; do
    t=$(lv2bench -b "$BLOCK" -n "$FRAMES" "$1" 2>/dev/null | awk -v u="$1" '$2 == u { print $1 }')
    [ -n "$t" ] || { echo n/a; return; }
    if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; fi
  done
  echo "$b"
}

fmt() {
  if [ "$1" = n/a ]; then
    echo "n/a"
  else
    awk -v t="$1" -v s="$FRAMES" 'BEGIN { printf "%.4f s (%.0fx RT)", t, (s / 48000) / t }'
  fi
}

G=http://guitarix.sourceforge.net/plugins
M=http://drobilla.net/plugins/mda
X=http://gareus.org/oss/lv2
# pedal | comparable plugin (URI) | its name
pairs=(
  "noise-gate|$G/gx_expander#_expander|guitarix Expander"
  "compressor|$X/darc#mono|x42 Dynamic Compressor (darc)"
  "boost|$G/gxbooster#booster|guitarix Booster"
  "tone-stack|$X/fil4#mono|x42 Parametric EQ (fil4)"
  "tube-drive|$M/Overdrive|mda Overdrive"
  "tube-screamer|$G/gxts9#ts9sim|guitarix TS9 Sim"
  "soul-drive|$G/gx_mxrdist_#_mxrdist_|guitarix MXR Distortion+"
  "speaker-sim|$M/Combo|mda Combo"
  "delay|$M/Delay|mda Delay"
  "chorus|$M/ThruZero|mda ThruZero"
  "tremolo|$G/gx_tremolo#_tremolo|guitarix Tremolo"
  "sigma-reverb|$M/Ambience|mda Ambience"
  "bass-di|$G/gx_studiopre#studiopre|guitarix Studio Preamp"
  "bass-envelope|$G/gxautowah#autowah|guitarix Auto Wah"
  "guitar-envelope|$G/gx_colwah_#_colwah_|guitarix Colorsound Wah"
  "metal-drive|$G/gx_mxrdist_#_mxrdist_|guitarix MXR Distortion+"
  "octave-fuzz|$G/gx_fuzzface_#_fuzzface_|guitarix Fuzz Face"
  "distortion|$G/gx_bossds1_#_bossds1_|guitarix Boss DS-1"
  "distortion-modeler|$G/gx_fuzz_#fuzz_|guitarix Fuzz"
  "distortion-super-modeler|$G/gx_mbdistortion_#_mbdistortion_|guitarix Multi Band Distortion"
  "champ|$M/Combo|mda Combo (amp simulator)"
  "princeton|$M/Combo|mda Combo (amp simulator)"
  "reverb|$G/gx_mbreverb_#_mbreverb_|guitarix Multi Band Reverb"
  "room-simulator|$G/gx_room_simulator_#_room_simulator_|guitarix Room Simulator"
  "template||(none: a pass-through sample)"
)

echo "lv2bench -b $BLOCK -n $FRAMES (10 s of audio at 48 kHz), best of 3, on $(uname -m)," \
  "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo
echo "| Pedal | rtjam.lv2 | Comparable Debian plugin | its time |"
echo "|---|---|---|---|"
for pair in "${pairs[@]}"; do
  IFS='|' read -r slug other name <<<"$pair"
  ours=$(best "https://rtjam.org/lv2/$slug")
  theirs=n/a
  [ -n "$other" ] && theirs=$(best "$other")
  echo "| $slug | $(fmt "$ours") | $name | $(fmt "$theirs") |"
done
