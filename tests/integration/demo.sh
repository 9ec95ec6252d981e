#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The demo, headless: tools/demo/demo.sh (what `make demo` runs after `make deps` and `make`)
# for 16 s with the dummy JACK backend. Its printed figures must hold: B hears A within 1 dB of
# A's send level, the server measures both round trips, and the mouth-to-ear latency is at most
# the README's 4 periods (5 while B's jitter for A is half a period or more). That latency must run in real time: a run whose window (the last 5
# status lines, whose figure is the median of the probe's last 5 bursts, 2 s apart, and the 2 s
# of B's jitter window before them: 12 s) holds a JACK xrun, or in which B's lateness allowance
# for A reached a period or more on loopback (this machine's scheduling, which B's buffer rightly
# covers with depth; net_room.sh), is
# discarded and the demo run again, at most DEMO_TRIES times; then the 4-period check is a skip
# with the counts, and the best disturbed run must still be within issue 11's 6 periods under
# load. Nothing it started may survive it.
. "$(dirname "$0")/../lv2/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TRIES=${DEMO_TRIES:-2}
PERIOD=64

need jackd jack_lsp jalv python3 || { finish; exit; }
unset JACK_DEFAULT_SERVER
dirty=()
for ((attempt = 1; attempt <= TRIES; attempt++)); do
  DEMO_SECONDS=16 DEMO_PIDFILE="$T_TMP/demo.pids" "$ROOT/tools/demo/demo.sh" >"$T_TMP/demo.out" 2>&1
  rc=$?
  sed 's/^/     /' "$T_TMP/demo.out" | tail -n 8
  python3 - "$T_TMP/demo.out" "$PERIOD" >"$T_TMP/figures" <<'PY'
import re, sys
period = int(sys.argv[2])
rows = [l for l in open(sys.argv[1]) if l.startswith("t=")]
last = rows[-5:]
def field(pattern, lines, conv=float):
    return [conv(m.group(1)) for l in lines for m in [re.search(pattern, l)] if m]
sent = field(r"A sends (-?[\d.]+) dB", last)
heard = field(r"B hears A at (-?[\d.]+) dB", last)
rtt = [l for l in last if re.search(r"server RTT A [\d.]+ ms, B [\d.]+ ms", l)]
periods = field(r"mouth-to-ear [\d.]+ ms \(\d+ frames, ([\d.]+) periods\)", last)
jitter = field(r"\(jitter ([\d.]+) ms\)", last)
diffs = sorted(round(abs(a - b), 2) for a, b in zip(sent, heard))
# xruns over the window: from the last line at least 12 s before the last one (or the first).
times = field(r"^t=\s*(\d+)s", rows, int)
xr = [m.group(1) for l in rows for m in [re.search(r"\| xruns (\S+)", l)]] if rows else []
xruns = -1
if rows and len(xr) == len(rows) and all(x.isdigit() for x in xr):
    k = max([i for i, t in enumerate(times) if t <= times[-1] - 12] or [0])
    xruns = int(xr[-1]) - int(xr[k])
print(len(rows), diffs[len(diffs) // 2] if diffs else 99, diffs[-1] if diffs else 99, len(rtt),
      min(periods) if periods else 0, max(periods) if periods else 0, len(periods),
      max(jitter) if len(jitter) == len(last) and last else 99, xruns)
PY
  read -r rows diff_med diff_max rtt_rows p_min p_max p_rows jit_max xruns <"$T_TMP/figures"
  echo "     run $attempt: $xruns xruns in the window, B's jitter for A up to $jit_max ms, mouth-to-ear $p_min..$p_max periods"
  # A run needs the 5 lines of its window (the demo's loop prints one about every second; a
  # machine too busy for that loop gives fewer, which is this machine's speed, not the demo's).
  # A line without a mouth-to-ear figure is a burst the probe (a JACK client too) did not
  # measure; a run needs 3 of the 5.
  clean=$(awk -v x="$xruns" -v j="$jit_max" -v p=$PERIOD -v r="$rows" -v n="$p_rows" 'BEGIN { print (r >= 5 && x == 0 && j < p / 48 && n >= 3) ? 1 : 0 }')
  [ "$rc" -ne 0 ] || [ "$clean" = 1 ] && break
  dirty+=("${rows}lines/${xruns}xruns/${jit_max}ms/${p_rows}figures")
  # The best disturbed run with 3 figures: even xruns do not excuse more than issue 11's 6
  # periods under two CPU hogs (a deeper buffer that also causes the xruns must not hide).
  if [ "$p_rows" -ge 3 ]; then
    loaded_best=$(awk -v a="${loaded_best:-}" -v b="$p_max" 'BEGIN { print (a == "" || b < a) ? b : a }')
  fi
done
check "the demo runs for 16 s and stops cleanly (exit $rc)" test "$rc" -eq 0
grep -Eq "^demo: player A's page, .*: http://127\.0\.0\.1:[0-9]+/$" "$T_TMP/demo.out"
check "the demo prints the URL of player A's page" test $? -eq 0
if [ "$rows" -ge 5 ]; then
  echo "     $rows status lines in 16 s"
  # The median line: the probe's 170-ms MLS burst every 2 s (-30 dBFS) can fall in A's meter
  # window and not in B's, or the other way round, on any one line.
  check "B hears A within 1 dB of A's send level (median of the last 5 lines: $diff_med dB; worst $diff_max dB)" \
    awk -v d="$diff_med" 'BEGIN { exit !(d <= 1.0) }'
  check "the server's round trip is shown for both players ($rtt_rows of the last 5 lines)" \
    test "$rtt_rows" -ge 4
else
  skip "the demo's figures (B's level of A, round trips): its last run printed only $rows status lines in 16 s, fewer than the 5 they are read from: this machine was too busy for the demo's 1-s loop"
fi
# The README's 4 periods hold while B's lateness for A stays under half a period; from half a
# period up to the window's limit of one, B's buffer rightly covers it with one more.
bound=$(awk -v j="$jit_max" -v p=$PERIOD 'BEGIN { print (j < p / 96) ? 4 : 5 }')
if [ "$rc" -ne 0 ] || [ "$clean" = 1 ]; then
  check "mouth-to-ear latency is at most $bound periods (the README's 4, 5 when B's jitter for A reaches half a period: $jit_max ms) on every one of the last 5 lines that has it ($p_rows lines: $p_min..$p_max periods)" \
    awk -v a="$p_min" -v b="$p_max" -v n="$p_rows" -v m="$bound" 'BEGIN { exit !(n >= 3 && a >= 1 && b <= m) }'
elif [ -n "${loaded_best:-}" ]; then
  check "mouth-to-ear latency in runs the machine disturbed is still at most issue 11's 6 periods under load (the best of them: $loaded_best periods)" \
    awk -v b="$loaded_best" 'BEGIN { exit !(b <= 6) }'
  skip "mouth-to-ear latency within the README's 4 periods: every one of $TRIES runs had xruns, a period or more of loopback lateness, or fewer than 3 mouth-to-ear figures in its window (status lines/xruns/B's jitter/mouth-to-ear figures: ${dirty[*]}): this machine could not run the demo in real time"
else
  skip "mouth-to-ear latency: every one of $TRIES runs had xruns, a period or more of loopback lateness, or fewer than 3 mouth-to-ear figures in its window (status lines/xruns/B's jitter/mouth-to-ear figures: ${dirty[*]}): this machine could not run the demo in real time"
fi
sleep 0.5
left=0
started=0
while read -r pid; do
  started=$((started + 1))
  kill -0 "$pid" 2>/dev/null && left=$((left + 1))
done <"$T_TMP/demo.pids"
check "no process of the demo is left ($left of the $started it started)" test "$left" -eq 0 -a "$started" -ge 5
finish
