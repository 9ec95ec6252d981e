#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The rtjam.lv2 bundle as hosts see it: lv2_validate reports 0 errors, every .ttl parses,
# LV2_PATH=$RTJAM_LV2 lv2ls lists every pedal, rtjam.so exports only lv2_descriptor, and
# lv2info shows each pedal with its presets and no required feature; and what lv2lint warns
# about (lv2lint is not packaged in Debian, tests/lv2/metadata.py reads the same properties
# through serdi): every plugin has a shortdesc, a homepage and a maintainer with an e-mail
# address and a homepage, logs through log:log, names the options it supports; every control
# port has a unit (but switches, choices, counts and ids); every atom:Int patch parameter has
# a range and a default; rtjam-net has >= 2 presets.
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

  info=$(LV2_PATH="$RTJAM_LV2" lv2info "$URI_BASE/net" 2>&1)
  n_presets=$(awk '/Presets:/ { on = 1; next } on && /^\t +[^ \t]/ { n++ } on && /^$/ { on = 0 } END { print n + 0 }' <<<"$info")
  presets=$(awk '/Presets:/ { on = 1; next } on && /^\t +[^ \t]/ { sub(/^[ \t]+/, ""); printf "%s; ", $0 } on && /^$/ { on = 0 }' <<<"$info")
  echo "     rtjam-net presets: $presets"
  check "lv2info shows rtjam-net with >= 2 presets (got $n_presets)" test "$n_presets" -ge 2
fi

# The lv2lint warnings, counted (lv2lint cannot run here: no Debian package, and its sources
# are not reachable from this machine).
if need serdi python3; then
  if python3 "$(dirname "$0")/../lv2/metadata.py" "$BUNDLE" >"$T_TMP/metadata.txt"; then
    read -r _ n_plugins < <(grep '^plugins ' "$T_TMP/metadata.txt")
    read -r _ n_control < <(grep '^control_ports ' "$T_TMP/metadata.txt")
    read -r _ n_params < <(grep '^int_parameters ' "$T_TMP/metadata.txt")
    echo "     metadata: $n_plugins plugins, $n_control control ports, $n_params atom:Int/Float parameters"
    check "metadata: all 26 plugins (25 pedals and rtjam-net) are read" test "$n_plugins" = 26
    while read -r key n offenders; do
      case $key in
      no_maintainer) what="plugins without a doap:maintainer" ;;
      no_mbox) what="plugins whose maintainer has no foaf:mbox" ;;
      no_author_homepage) what="plugins whose maintainer has no foaf:homepage" ;;
      no_homepage) what="plugins without a doap:homepage" ;;
      no_shortdesc) what="plugins without a doap:shortdesc" ;;
      no_log) what="plugins without log:log among their features" ;;
      options_unsupported) what="plugins with opts:options but no opts:supportedOption" ;;
      no_unit) what="control ports (of $n_control) without units:unit, not toggled/enum/integer" ;;
      param_no_range) what="atom:Int/Float patch parameters (of $n_params) without min/max/default" ;;
      *) continue ;;
      esac
      check "metadata: $n $what${offenders:+ ($offenders)}" test "$n" -eq 0
    done <"$T_TMP/metadata.txt"
    check "metadata: rtjam-net's 2 atom:Int patch parameters are counted (got $n_params)" \
      test "$n_params" = 2
  else
    not_ok "tests/lv2/metadata.py reads the bundle"
  fi
fi
finish
