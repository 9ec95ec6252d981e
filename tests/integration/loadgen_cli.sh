#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-loadgen: its command line (--help, refusals with exit 2), the --stalls probe of the
# machine (its report and its duration), and a short real run against rtjam-broadcast on
# loopback (2 rooms of 4: every jammer joins, each datagram reaches the 3 others, no loss).
# Ports 19125-19126.
. "$(dirname "$0")/peer/server_lib.sh"
L="$RTJAM_BIN/rtjam-loadgen"

out=$("$L" --help 2>&1); rc=$?
[ $rc -eq 0 ] && grep -q '^Usage: rtjam-loadgen' <<<"$out" && grep -q -- '--stalls SECONDS' <<<"$out"
check $? "--help prints the usage with --stalls and exits 0"

for bad in "--stalls 0" "--stalls -1" "--stalls x" "--stalls 3601" "--stalls"; do
  # shellcheck disable=SC2086
  out=$(timeout 5 "$L" $bad 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF -- "--stalls" <<<"$out" && grep -qF "must be a number of seconds" <<<"$out"
  check $? "'$bad' is refused with exit 2 and the reason (rc $rc: $out)"
done

# The probe spins for the time asked and reports the gaps in a RESULT line whose counts are
# nested (over 1 ms <= over 200 us <= over 50 us) and whose longest gap is below the span.
t0=$(date +%s%N)
out=$("$L" --stalls 0.5 2>&1); rc=$?
t1=$(date +%s%N)
res=$(grep '^RESULT ' <<<"$out")
echo "     $res"
val() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<"$res"; }
[ $rc -eq 0 ] && [ "$(val seconds)" = 0.5 ]
check $? "--stalls 0.5 spins 0.5 s (RESULT seconds=$(val seconds))"
ms=$(((t1 - t0) / 1000000))
[ "$ms" -ge 500 ] && [ "$ms" -lt 3000 ]
check $? "--stalls 0.5 returns after 0.5-3 s ($ms ms)"
awk -v a="$(val over50)" -v b="$(val over200)" -v c="$(val over1000)" -v l="$(val longest_us)" \
  -v p="$(val lost_pct)" 'BEGIN { exit !(a != "" && c <= b && b <= a && l < 500000 && p >= 0 && p < 100) }'
check $? "the stall counts are nested and bounded (over50 $(val over50) >= over200 $(val over200) >= over1ms $(val over1000); longest $(val longest_us) us; lost $(val lost_pct) %)"

# A real run: 2 rooms of 4 for 1 s after a 1 s warm-up.
start_server "$WORK/srv.log" --port 19125 --port 19126 ||
  { check 1 "the server starts"; finish; exit; }
out=$(timeout 20 "$L" -p 19125 -r 2 -n 4 -t 1 -w 1 -P "$SERVER_PID" 2>&1); rc=$?
res=$(grep '^RESULT ' <<<"$out")
echo "     $res"
[ $rc -eq 0 ] && [ "$(val total)" = 8 ] && [ "$(val joined)" = 8 ]
check $? "8 jammers in 2 rooms all join (joined=$(val joined), rc $rc)"
# 128 frames at 48 kHz: 375 datagrams/s per jammer, each forwarded to the 3 others.
awk -v s="$(val sent_pps)" -v f="$(val fwd_pps)" \
  'BEGIN { exit !(s >= 0.95 * 3000 && s <= 1.05 * 3000 && f >= 0.99 * 3 * s && f <= 1.01 * 3 * s) }'
check $? "8 x 375 datagrams/s sent, each forwarded to 3 members (sent $(val sent_pps)/s, forwarded $(val fwd_pps)/s)"
awk -v l="$(val loss_pct)" 'BEGIN { exit !(l != "" && l < 0.1) }'
check $? "no loss at 8 jammers (loss $(val loss_pct) %)"
stop_server "$SERVER_PID" >/dev/null 2>&1
finish
