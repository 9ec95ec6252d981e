#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Every binary answers --version and -V with one line "NAME VERSION", the same VERSION for all,
# built from the VERSION file (plus git describe's suffix). rtjam-probe without a JACK server
# says so in one line, without libjack's own messages.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lv2/lib.sh"

base=$(cat "$ROOT/VERSION")
bins=(rtjam-broadcast rtjam-host rtjam-loadgen rtjam-netsim rtjam-probe rtjam-ctl rtjam-export)
first=""
for b in "${bins[@]}"; do
  long=$("$RTJAM_BIN/$b" --version 2>&1); rc1=$?
  short=$("$RTJAM_BIN/$b" -V 2>&1); rc2=$?
  v=${long#"$b "}
  check "$b --version prints '$b VERSION' and exits 0 ($long)" \
    test $rc1 -eq 0 -a "$v" != "$long" -a "$(wc -l <<<"$long")" -eq 1
  check "$b -V prints the same as --version" test $rc2 -eq 0 -a "$short" = "$long"
  check "$b's version starts with the VERSION file's $base" test "${v#"$base"}" != "$v"
  [ -n "$first" ] || first=$v
  check "$b's version is the same as ${bins[0]}'s ($first)" test "$v" = "$first"
done
# rtjam-probe with no JACK server: one clear line, status 2, nothing from libjack.
export JACK_DEFAULT_SERVER="rtjam-no-such-server-$$"
out=$("$RTJAM_BIN/rtjam-probe" --send a:in --receive b:out 2>&1); rc=$?
check "rtjam-probe without JACK exits 2" test $rc -eq 2
check "rtjam-probe without JACK says 'no JACK server is running' ($out)" \
  grep -q "no JACK server is running" <<<"$out"
check "rtjam-probe without JACK prints one line, none of libjack's" \
  test "$(wc -l <<<"$out")" -eq 1
finish
