#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The pedals in jalv under a dummy JACK server: x42's test signal (1 kHz, -18 dBFS peak) into
# Boost, recorded with jack_rec and measured with sox; a control change sent on jalv's stdin
# ("Gain = 12", then "enable = 0") shows up in the measured level. Then all twelve pedals run
# as a chain in one graph, set so that every one is linear at the test signal's level (see
# CHAIN_OPTS): the chain's level at 1 kHz equals the product of the pedals' design gains
# (tests/lv2/design.py chain), and each drive's exact oversampler latency (55 frames, from the FIR
# design) reaches JACK.
. "$(dirname "$0")/../lv2/lib.sh"

SERVER="rtjam-lv2-jalv-$$"
export JACK_DEFAULT_SERVER="$SERVER"
export LV2_PATH="$RTJAM_LV2:/usr/lib/lv2"
SIGNAL=http://gareus.org/oss/lv2/testsignal

# record FILE SECONDS PORT: records a port with jack_rec (bounded by timeout).
record() {
  timeout 20 jack_rec -f "$1" -d "$2" "$3" >/dev/null 2>&1
}

if ! [ -d /usr/lib/lv2/testsignal.lv2 ]; then
  skip "every jalv check: x42's test signal plugin (/usr/lib/lv2/testsignal.lv2) is missing (make deps installs x42-plugins)"
elif need jackd jack_wait jack_lsp jack_connect jack_rec jalv sox; then
  spawn jackd -n "$SERVER" --no-realtime -d dummy -r 48000 -p 256 >"$T_TMP/jackd.log" 2>&1
  if ! jack_wait -w -t 10 >/dev/null 2>&1; then
    cat "$T_TMP/jackd.log"
    not_ok "jackd (dummy backend) starts"
  else
    ok "jackd -n $SERVER --no-realtime -d dummy -r 48000 -p 256 starts"

    if start_jalv sig "$SIGNAL" -c mode=0 && start_jalv boost "$URI_BASE/boost" &&
      jack_connect sig:out boost:in; then
      sleep 0.3
      record "$T_TMP/sig.wav" 1 sig:out
      record "$T_TMP/b0.wav" 1 boost:out
      echo "Gain = 12" >&"${JALV_FD[boost]}"
      sleep 0.5
      record "$T_TMP/b12.wav" 1 boost:out
      echo "enable = 0" >&"${JALV_FD[boost]}"
      sleep 0.5
      record "$T_TMP/bbyp.wav" 1 boost:out
      sig=$(rms_db "$T_TMP/sig.wav")
      b0=$(rms_db "$T_TMP/b0.wav")
      b12=$(rms_db "$T_TMP/b12.wav")
      byp=$(rms_db "$T_TMP/bbyp.wav")
      echo "     test signal $sig, boost Gain 0: $b0, Gain 12: $b12, bypassed: $byp dBFS RMS"
      check "jalv: Boost at Gain 0 passes the test signal at 0.0 +- 0.1 dB" near "$b0" "$sig" 0.1
      check "jalv: 'Gain = 12' on stdin raises the recorded level by 12.0 +- 0.2 dB" \
        near "$(awk -v a="$b12" -v b="$b0" 'BEGIN { print a - b }')" 12 0.2
      check "jalv: 'enable = 0' on stdin bypasses (level back to 0.0 +- 0.1 dB)" \
        near "$byp" "$sig" 0.1
    else
      not_ok "jalv: test signal into Boost"
    fi

    # All twelve in one chain: sig -> noise-gate -> ... -> sigma-reverb (clients "c-SLUG").
    # Settings (jalv -c) that keep every pedal linear and its gain computable; the others stay
    # at their defaults (Noise Gate open, Boost 0 dB, Tone Stack flat, Speaker Sim 1x12).
    declare -A CHAIN_OPTS=(
      [compressor]="-c threshold=20 -c level=-20" # never compresses; -20 dB make-up
      [tube-drive]="-c drive=0 -c level=0"        # linear at -38 dBFS: its voicing chain
      [tube-screamer]="-c drive=1 -c output=-6"   # linear: the §2.15 filters, -6 dB out
      [soul-drive]="-c drive=0 -c level=0"
      [delay]="-c level=0"                        # dry path only
      [chorus]="-c depth=0"
      [tremolo]="-c depth=0"
      [sigma-reverb]="-c level=0"
    )
    prev=sig:out
    started=1
    for p in $PEDALS; do
      # shellcheck disable=SC2086 # several -c options
      if start_jalv "c-$p" "$URI_BASE/$p" ${CHAIN_OPTS[$p]:-} && jack_connect "$prev" "c-$p:in"; then
        prev="c-$p:out"
      else
        started=0
        break
      fi
    done
    check "jalv: all twelve pedals load and connect in one JACK graph" test "$started" = 1
    if [ "$started" = 1 ]; then
      sleep 0.5
      record "$T_TMP/chain.wav" 1 "$prev"
      rms=$(rms_db "$T_TMP/chain.wav")
      want=$(python3 "$(dirname "$0")/../lv2/design.py" chain)
      got=$(awk -v a="$rms" -v b="$sig" 'BEGIN { printf "%.2f", a - b }')
      echo "     chain output: $rms dBFS RMS (test signal $sig): $got dB, design $want dB"
      check "jalv: the twelve-pedal chain's gain at 1 kHz is $got dB, design $want +- 0.2 dB" \
        near "$got" "$want" 0.2
      # jalv 1.6 reports each plugin's own latency on its ports' latency ranges (not summed
      # along the chain: jack_lsp -l shows [55 55] on each drive's ports, [0 0] on the rest).
      # Design: the 8x oversampler's 95/25/17-tap FIR stages at 2/4/8 fs delay
      # 94/2 + 24/4 + 16/8 = 55 frames.
      for p in tube-drive tube-screamer soul-drive; do
        lat=$(jack_lsp -l "c-$p" |
          awk '/latency = \[/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/ && $i > m) m = $i } END { print m + 0 }')
        check "jalv: $p's latency on its JACK ports is exactly the design's 55 frames (got $lat)" \
          test "${lat:-0}" = 55
      done
    fi
  fi
fi
finish
