#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The pedals in offline hosts: lv2file (no host features, activate() before connect) measures
# Boost's gain, applies a preset and proves a bit-exact bypass; every pedal renders a guitar-
# like file with its defaults at the gain of a reviewed golden file (tests/lv2/golden/) and
# lists its presets; valgrind finds no memory error under lv2bench.
. "$(dirname "$0")/../lv2/lib.sh"

run_lv2file() { host lv2file "$@" >"$T_TMP/lv2file.log" 2>&1 || { cat "$T_TMP/lv2file.log"; return 1; }; }

if need lv2file sox; then
  export LV2_PATH="$RTJAM_LV2"
  sox -n -r 48000 -c 1 -b 24 "$T_TMP/sine.wav" synth 1 sine 1000 gain -12
  in_rms=$(rms_db "$T_TMP/sine.wav")

  if run_lv2file -i "$T_TMP/sine.wav" -o "$T_TMP/boost6.wav" -p Gain:6 "$URI_BASE/boost"; then
    out_rms=$(rms_db "$T_TMP/boost6.wav")
    echo "     boost Gain 6: $in_rms -> $out_rms dBFS RMS"
    check "lv2file: Boost at Gain 6 raises a 1 kHz sine by 6.00 +- 0.05 dB" \
      near "$out_rms" "$(awk -v a="$in_rms" 'BEGIN { print a + 6 }')" 0.05
  else
    not_ok "lv2file: Boost at Gain 6"
  fi

  if run_lv2file -i "$T_TMP/sine.wav" -o "$T_TMP/solo.wav" -P "Solo +12 dB" "$URI_BASE/boost"; then
    out_rms=$(rms_db "$T_TMP/solo.wav")
    check "lv2file: Boost preset 'Solo +12 dB' gives +12.00 +- 0.05 dB" \
      near "$out_rms" "$(awk -v a="$in_rms" 'BEGIN { print a + 12 }')" 0.05
  else
    not_ok "lv2file: Boost preset"
  fi

  # Bypass is bit-exact: the difference from the input is silence.
  if run_lv2file -i "$T_TMP/sine.wav" -o "$T_TMP/bypass.wav" -p enable:0 -p Gain:12 "$URI_BASE/boost"; then
    null=$(sox -m "$T_TMP/sine.wav" -v -1 "$T_TMP/bypass.wav" -n stats 2>&1 | awk '/^Pk lev dB/ { print $4 }')
    check "lv2file: a bypassed Boost nulls against its input (peak $null dB)" test "$null" = "-inf"
  else
    not_ok "lv2file: bypassed Boost"
  fi

  # A guitar-like test file: a plucked E2 and an A3, plus a quiet sine.
  sox -n -r 48000 -c 1 -b 24 "$T_TMP/pluck1.wav" synth 1.5 pluck E2 gain -6
  sox -n -r 48000 -c 1 -b 24 "$T_TMP/pluck2.wav" synth 1.5 pluck A3 gain -10
  sox "$T_TMP/pluck1.wav" "$T_TMP/pluck2.wav" "$T_TMP/guitar.wav"
  in_len=$(soxi -s "$T_TMP/guitar.wav")
  in_rms=$(rms_db "$T_TMP/guitar.wav")
  # Each pedal's gain on this file at its defaults against a golden value made once and
  # reviewed row by row against the pedal's design (tests/lv2/golden/offline_guitar.tsv).
  GOLDEN="$(dirname "$0")/../lv2/golden/offline_guitar.tsv"
  bad="" n=0
  for p in $PEDALS; do
    want=$(awk -F'\t' -v p="$p" '!/^#/ && $1 == p { print $2 }' "$GOLDEN")
    if ! run_lv2file -i "$T_TMP/guitar.wav" -o "$T_TMP/$p.wav" "$URI_BASE/$p"; then
      bad="$bad $p(run)"
      continue
    fi
    rms=$(rms_db "$T_TMP/$p.wav")
    len=$(soxi -s "$T_TMP/$p.wav")
    got=$(awk -v a="$rms" -v b="$in_rms" 'BEGIN { printf "%.2f", a - b }')
    printf '     %-14s rms %7s dBFS  gain %6s dB (golden %6s)  peak %6s dBFS\n' "$p" "$rms" "$got" \
      "$want" "$(peak_db "$T_TMP/$p.wav")"
    [ "$len" = "$in_len" ] || bad="$bad $p(length $len)"
    if [ -z "$want" ] || ! near "$got" "$want" 0.2; then bad="$bad $p($got, golden ${want:-none})"; fi
    n=$((n + 1))
  done
  check "lv2file: each of the $n pedals' gain on the guitar file at its defaults equals its reviewed golden value +- 0.2 dB${bad:+ (bad:$bad)}" \
    test -z "$bad" -a "$n" = 12

  bad=""
  for p in $PEDALS; do
    n=$(host lv2file -L "$URI_BASE/$p" 2>/dev/null | grep -c 'Preset')
    [ "$n" -ge 2 ] || bad="$bad $p($n)"
  done
  check "lv2file -L lists >= 2 presets for every pedal${bad:+ (bad:$bad)}" test -z "$bad"
fi

if [ "${SANITIZE:-}" = 1 ]; then
  skip "valgrind lv2bench: not with the SANITIZE=1 rtjam.so, which runs under ASan instead"
elif need valgrind lv2bench; then
  bad=""
  for p in $PEDALS; do
    LV2_PATH="$RTJAM_LV2" valgrind -q --error-exitcode=3 lv2bench -b 128 -n 9600 "$URI_BASE/$p" \
      >"$T_TMP/vg.log" 2>&1 || { bad="$bad $p"; cat "$T_TMP/vg.log"; }
  done
  check "valgrind: no memory error in any pedal under lv2bench${bad:+ (bad:$bad)}" test -z "$bad"
fi
finish
