#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-loadgen: its command line (--help, refusals with exit 2), the --stalls probe of the
# machine (its report and its duration), and a short real run against rtjam-broadcast on
# loopback (2 rooms of 4: every jammer joins, each datagram reaches the 3 others, no loss); a
# run with no server (exit 1, delay figures n/a, not 0 us); --frames at the ends of the range the
# wire allows (8..249); a long run's progress lines, and SIGTERM/SIGINT stopping it with the
# results so far (they were lost). Ports 19125-19127.
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

# --frames: the wire allows up to 249 frames (28 + 4 x 249 = 1024 bytes); the help says so
# (it said "64 or 128" while 8..249 were taken).
out=$("$L" --help 2>&1)
grep -qE -- '--frames F +frames per packet, 8\.\.249' <<<"$out"
check $? "--help gives --frames 8..249"
for bad in "-f 7" "-f 250" "-f 0" "-f x" "-f -128"; do
  # shellcheck disable=SC2086
  out=$(timeout 5 "$L" $bad 2>&1); rc=$?
  [ $rc -eq 2 ] && grep -qF "bad or missing value" <<<"$out"
  check $? "'$bad' is refused with exit 2 (rc $rc)"
done

# No server: exit 1 and say so; the delay percentiles of no sample read n/a (they read 0 us).
out=$(timeout 20 "$L" -p 19127 -n 4 -t 0.5 -w 0.3 2>&1); rc=$?
res=$(grep '^RESULT ' <<<"$out")
echo "     $res"
val() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<"$res"; }
[ $rc -eq 1 ] && grep -qF "no server answered" <<<"$out"
check $? "no server: exit 1 and 'no server answered' (rc $rc)"
[ "$(val p50_us)" = n/a ] && [ "$(val p99_us)" = n/a ] && [ "$(val joined)" = 0 ] &&
  grep -qE 'p50 n/a us, p99 n/a us, p99\.9 n/a us' <<<"$out"
check $? "no server: p50_us=n/a p99_us=n/a joined=0 (p50 $(val p50_us), p99 $(val p99_us))"

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

# The frame range: 249 frames (1024-byte datagrams, the wire's largest) and 24 (2000 packets/s
# per jammer, the server's default --max-rate; 8 is sent, but the server drops past its rate).
val() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<"$res"; }
for f in 24 249; do
  out=$(timeout 20 "$L" -p 19125 -n 4 -f $f -t 0.5 -w 1 2>&1); rc=$?
  res=$(grep '^RESULT ' <<<"$out")
  [ $rc -eq 0 ] && [ "$(val frames)" = $f ] && [ "$(val joined)" = 4 ] &&
    awk -v l="$(val loss_pct)" 'BEGIN { exit !(l != "" && l < 1) }'
  check $? "--frames $f: 4 join, loss under 1 % (rc $rc; $res)"
done

# A long run: a progress line every 10 s on stderr; SIGTERM ends it with the results so far
# (exit 128 + 15), measured over the part of the window that ran.
"$L" -p 19125 -r 2 -n 4 -t 600 -w 1.5 >"$WORK/long.out" 2>"$WORK/long.err" &
lg=$!
sleep 11
kill -TERM $lg
wait $lg; rc=$?
res=$(grep '^RESULT ' "$WORK/long.out")
echo "     $res"
grep -m1 'rtjam-loadgen: 10 s: window' "$WORK/long.err" | sed 's/^/     /'
grep -qE '^rtjam-loadgen: 10 s: window [0-9]+ of 600 s; last 10 s: sent [0-9]+ pkt/s, received [0-9]+ pkt/s' "$WORK/long.err"
check $? "a progress line after 10 s on stderr"
[ $rc -eq 143 ] && [ -n "$res" ] && grep -qF "SIGTERM: stopping" "$WORK/long.err"
check $? "SIGTERM: results printed, exit 143 (rc $rc)"
awk -v w="$(val window_s)" -v j="$(val joined)" -v l="$(val loss_pct)" -v s="$(val sent_pps)" \
  'BEGIN { exit !(w > 8.5 && w < 11 && j == 8 && l != "" && l < 1 && s > 0.95 * 3000 && s < 1.05 * 3000) }'
check $? "SIGTERM: the 9.5 s that ran are measured (window $(val window_s) s, joined $(val joined), loss $(val loss_pct) %, sent $(val sent_pps)/s)"
# SIGINT in the warm-up: no window ran; the joins so far are reported, the figures are n/a.
"$L" -p 19125 -n 4 -t 600 -w 30 >"$WORK/int.out" 2>"$WORK/int.err" &
lg=$!
sleep 1.5
kill -INT $lg
wait $lg; rc=$?
res=$(grep '^RESULT ' "$WORK/int.out")
echo "     $res"
[ $rc -eq 130 ] && [ "$(val window_s)" = 0.000 ] && [ "$(val loss_pct)" = n/a ] &&
  [ "$(val p50_us)" = n/a ] && [ "$(val joined)" = 4 ]
check $? "SIGINT in the warm-up: exit 130, window 0, loss and delay n/a, 4 joined (rc $rc)"
stop_server "$SERVER_PID" >/dev/null 2>&1
finish
