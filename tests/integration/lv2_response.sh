#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Every pedal's small-signal response at 100 Hz, 1 kHz and 5 kHz in a real host (lv2file on
# sox-made sines, 48 kHz, -30 dBFS peak; -40 dBFS into the drives; -70 to -100 dBFS into the
# issue-16 distortions and amps, whose curves bend earlier), against its design worked out
# here (never by the code under test): the RBJ cookbook analog prototypes through the bilinear
# map, first-order bilinear sections, comb sums of a dry and a delayed path, the Princeton's
# decoded tone stack, the ADAA clippers' linear kernels, the full-wave rectifier's Fourier
# series and plain gain laws, with the figures typed in from docs/pedals.md and
# pedals_spec.md. Settings are chosen so that the design figure is computable (see each row's
# comment). The gain is the output's RMS minus the input's over 1.0-1.5 s (whole cycles of
# every tone and of the tremolo's 4 Hz LFO); for OctaveFuzz, whose output has no component at
# the input frequency, the output's 2nd harmonic alone (one DFT bin at 2f) minus the input's
# RMS. Tolerance: 0.1 dB.
. "$(dirname "$0")/../lv2/lib.sh"

TOL=0.1
# The pedals of issue 16 (lib.sh's PEDALS holds the twelve original ones).
NEW_PEDALS="template bass-di reverb room-simulator champ princeton metal-drive octave-fuzz
distortion-super-modeler distortion distortion-modeler bass-envelope guitar-envelope"

# The expected gains, dB: "slug freq expected dBFS harmonic settings..." per line
# (tests/lv2/design.py, which says per pedal which settings make its figure computable and how
# it was reviewed).
design() {
  python3 "$(dirname "$0")/../lv2/design.py" response
}

if need lv2file sox python3; then
  export LV2_PATH="$RTJAM_LV2"
  design >"$T_TMP/design.tsv" || not_ok "design figures (python3)"
  seen=""
  while IFS=$'\t' read -r slug f want lvl harmonic opts; do
    in="$T_TMP/s$f$lvl.wav" out="$T_TMP/$slug-$f.wav"
    [ -f "$in" ] || sox -n -r 48000 -c 1 -b 24 "$in" synth 1.5 sine "$f" gain "$lvl"
    # shellcheck disable=SC2086 # opts holds several -p options
    if ! host lv2file -i "$in" -o "$out" $opts "$URI_BASE/$slug" >"$T_TMP/lv2file.log" 2>&1; then
      cat "$T_TMP/lv2file.log"
      not_ok "lv2file: $slug at $f Hz ($opts) runs"
      continue
    fi
    in_db=$(sox "$in" -n trim 1.0 0.5 stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
    if [ "$harmonic" = 1 ]; then
      what="at $f Hz"
      out_db=$(sox "$out" -n trim 1.0 0.5 stats 2>&1 | awk '/^RMS lev dB/ { print $4 }')
    else
      what="2nd harmonic of $f Hz"
      out_db=$(sox "$out" -t f32 -c 1 - trim 1.0 0.5 |
        python3 "$(dirname "$0")/../lv2/design.py" component $((2 * f)))
    fi
    got=$(awk -v a="$out_db" -v b="$in_db" 'BEGIN { printf "%.2f", a - b }')
    check "lv2file: $slug ${opts:+($opts) }$what, $lvl dBFS: $got dB, design $want +- $TOL" \
      near "$got" "$want" "$TOL"
    seen="$seen $slug"
  done <"$T_TMP/design.tsv"
  missing=""
  for p in $PEDALS $NEW_PEDALS; do
    case " $seen " in *" $p "*) ;; *) missing="$missing $p" ;; esac
  done
  check "every one of the 25 pedals was measured${missing:+ (missing:$missing)}" test -z "$missing"
fi
finish
