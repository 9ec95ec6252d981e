#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The demo, headless: tools/demo/demo.sh (what `make demo` runs after `make deps` and `make`)
# for 20 s with the dummy JACK backend. Its printed figures must be plausible: B hears A within
# 1 dB of A's send level, the server measures both round trips, and the mouth-to-ear latency is
# between 1 and 10 periods. Nothing it started may survive it.
. "$(dirname "$0")/../lv2/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

need jackd jack_lsp jalv python3 || { finish; exit; }
unset JACK_DEFAULT_SERVER
DEMO_SECONDS=20 "$ROOT/tools/demo/demo.sh" >"$T_TMP/demo.out" 2>&1
rc=$?
sed 's/^/     /' "$T_TMP/demo.out" | tail -n 8
check "the demo runs for 20 s and stops cleanly (exit $rc)" test "$rc" -eq 0
python3 - "$T_TMP/demo.out" >"$T_TMP/figures" <<'PY'
import re, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("t=")]
last = rows[-5:]
sent = [float(m.group(1)) for l in last for m in [re.search(r"A sends (-?[\d.]+) dB", l)] if m]
heard = [float(m.group(1)) for l in last for m in [re.search(r"B hears A at (-?[\d.]+) dB", l)] if m]
rtt = [l for l in last if re.search(r"server RTT A [\d.]+ ms, B [\d.]+ ms", l)]
periods = [float(m.group(1)) for l in last for m in [re.search(r"mouth-to-ear [\d.]+ ms \(\d+ frames, ([\d.]+) periods\)", l)] if m]
diffs = sorted(round(abs(a - b), 2) for a, b in zip(sent, heard))
print(len(rows), diffs[len(diffs) // 2] if diffs else 99, diffs[-1] if diffs else 99, len(rtt),
      min(periods) if periods else 0, max(periods) if periods else 0)
PY
read -r rows diff_med diff_max rtt_rows p_min p_max <"$T_TMP/figures"
check "it printed a status line at least every 2.5 s ($rows lines in 20 s)" test "$rows" -ge 8
# The median line: the probe's 170-ms MLS burst every 2 s (-30 dBFS) can fall in A's meter
# window and not in B's, or the other way round, on any one line.
check "B hears A within 1 dB of A's send level (median of the last 5 lines: $diff_med dB; worst $diff_max dB)" \
  awk -v d="$diff_med" 'BEGIN { exit !(d <= 1.0) }'
check "the server's round trip is shown for both players ($rtt_rows of the last 5 lines)" \
  test "$rtt_rows" -ge 4
check "mouth-to-ear latency is between 1 and 10 periods ($p_min..$p_max)" \
  awk -v a="$p_min" -v b="$p_max" 'BEGIN { exit !(a >= 1 && b <= 10) }'
sleep 0.5
left=$(pgrep -f 'rtjam-demo-|rtjamA|rtjamB|rtjamTone' | wc -l)
check "no process of the demo is left ($left)" test "$left" -eq 0
finish
