#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The rtjam.lv2 bundle as hosts see it: lv2_validate reports 0 errors, every .ttl parses,
# LV2_PATH=$RTJAM_LV2 lv2ls lists every pedal, rtjam.so exports only lv2_descriptor, and
# lv2info shows each pedal with its presets and no required feature.
. "$(dirname "$0")/../lv2/lib.sh"

if need lv2_validate serdi lv2ls lv2info nm; then
  out=$(lv2_validate "$BUNDLE"/*.ttl 2>&1)
  summary=$(grep -E '^Found [0-9]+ errors' <<<"$out")
  echo "     lv2_validate: $summary"
  if grep -q '^Found 0 errors' <<<"$out"; then
    ok "lv2_validate reports 0 errors"
  else
    grep -E '^error|^warning' <<<"$out" | head -n 20
    not_ok "lv2_validate reports errors"
  fi

  bad=0
  for f in "$BUNDLE"/*.ttl; do
    serdi -q -i turtle -o ntriples "$f" >/dev/null 2>"$T_TMP/serdi.err" || { cat "$T_TMP/serdi.err"; bad=1; }
  done
  check "every .ttl in the bundle parses (serdi)" test "$bad" -eq 0

  listed=$(LV2_PATH="$RTJAM_LV2" lv2ls)
  missing=""
  for p in $PEDALS; do
    grep -qx "$URI_BASE/$p" <<<"$listed" || missing="$missing $p"
  done
  echo "     lv2ls: $(grep -c "^$URI_BASE/" <<<"$listed") rtjam plugins"
  check "LV2_PATH=\$RTJAM_LV2 lv2ls lists all 12 pedals${missing:+ (missing:$missing)}" test -z "$missing"

  exported=$(nm -D --defined-only "$BUNDLE/rtjam.so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | sort -u | tr '\n' ' ')
  echo "     exported: $exported"
  check "rtjam.so exports only lv2_descriptor" test "$exported" = "lv2_descriptor "

  bad=""
  for p in $PEDALS; do
    info=$(LV2_PATH="$RTJAM_LV2" lv2info "$URI_BASE/$p" 2>&1) || { bad="$bad $p"; continue; }
    n_presets=$(awk '/Presets:/ { on = 1; next } on && /^\t +[^ \t]/ { n++ } on && /^$/ { on = 0 } END { print n + 0 }' <<<"$info")
    grep -q 'Required Features' <<<"$info" && bad="$bad $p(required-features)"
    [ "$n_presets" -ge 2 ] || bad="$bad $p(presets=$n_presets)"
  done
  check "lv2info shows every pedal, >= 2 presets each, no required feature${bad:+ (bad:$bad)}" test -z "$bad"
fi
finish
