#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-probe's command line: values that are not finite, out of range, empty or that would wrap
# when narrowed are refused with exit 2 and the reason, before any JACK client is opened (it took
# --level nan, -i nan, -i 1e12, -l '', -n 4294967297 (1 after wrapping), --order 4294967304 (8)
# and --min-correlation 7). Values in range get past the checks: with no JACK server they stop at
# "no JACK server". No ports, no jackd.
. "$(dirname "$0")/peer/server_lib.sh"
P="$RTJAM_BIN/rtjam-probe"
export JACK_DEFAULT_SERVER="rtjam-probe-cli-none-$$"
export JACK_NO_START_SERVER=1

out=$("$P" --help 2>&1); rc=$?
[ $rc -eq 0 ] && grep -q '^Usage: rtjam-probe' <<<"$out" && grep -qF '0 < X <= 1' <<<"$out"
check $? "--help prints the usage with the ranges and exits 0"

refuse() { # refuse OPTION VALUE
  local out rc
  out=$(timeout 5 "$P" -s a:in -r b:out "$1" "$2" 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF -- "invalid value '$2' for --" <<<"$out" && grep -qF "must be" <<<"$out"
  check $? "$1 '$2' is refused with exit 2 and the reason (rc $rc: $out)"
}
for v in nan -nan inf '' 1 -121 1e400 x -20dB; do refuse --level "$v"; done
for v in nan inf 1e12 -1 3601 ''; do refuse -i "$v"; done
for v in 0 -1 101 4294967297 4294967296 1.5 '' 9999999999999999999999; do refuse -n "$v"; done
for v in 7 19 4294967304 -4294967288 8.0 ''; do refuse --order "$v"; done
for v in 7 0 -0.5 nan 1.0001 ''; do refuse --min-correlation "$v"; done
for v in 0 -5 nan inf 10001 ''; do refuse -m "$v"; done

accept() { # accept ARGS...: passes the checks, then finds no JACK server
  local out rc
  out=$(timeout 5 "$P" -s a:in -r b:out "$@" 2>&1); rc=$?
  [ $rc -eq 2 ] && ! grep -qF "invalid value" <<<"$out" && grep -qF "no JACK server" <<<"$out"
  check $? "'$*' passes the checks (rc $rc: $out)"
}
accept --level -20 -i 0.5 -n 3
accept --level 0 -i 0 -n 100 --order 18 --min-correlation 1 -m 10000
accept --level -120 -i 3600 -n 1 --order 8 --min-correlation 0.01 -m 0.5
finish
