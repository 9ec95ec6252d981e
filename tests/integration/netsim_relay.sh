#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-netsim as a real relay on loopback: a UDP echo server behind it, a client in front.
# Checks the measured round-trip delay and loss against the settings, and the exit counters.
set -u
BIN=${RTJAM_BIN:?}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
base=$((12000 + RANDOM % 2000))
echo_port=$base
relay_port=$((base + 1))

python3 "$(dirname "$0")/udp_echo.py" "$echo_port" 20 &
pids+=($!)
"$BIN/rtjam-netsim" --listen "127.0.0.1:$relay_port" --server "127.0.0.1:$echo_port" \
  --delay 10 --jitter 1 --loss 10 --seed 5 --duration 15 >"$tmp/netsim.out" 2>"$tmp/netsim.err" &
netsim=$!
pids+=($netsim)
sleep 0.3

python3 "$here/netsim_client.py" "$relay_port" >"$tmp/client.out"
cat "$tmp/client.out"
kill -TERM "$netsim"
wait "$netsim"
cat "$tmp/netsim.out"

python3 - "$tmp/client.out" "$tmp/netsim.out" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
dirs = {d["direction"]: d for d in map(json.loads, open(sys.argv[2]))}
passed = failed = 0
def check(cond, what):
    global passed, failed
    print(("ok   " if cond else "FAIL ") + what)
    passed += cond; failed += not cond
# Both directions lose 10%: 0.9 * 0.9 = 81% come back.
check(abs(res["returned"] / res["sent"] - 0.81) < 0.05, "round trip keeps 81%% ± 5%% (got %.1f%%)" % (100 * res["returned"] / res["sent"]))
check(19.0 < res["rtt_median_ms"] < 23.0, "median RTT is 20 ms + ~1 ms (got %.2f ms)" % res["rtt_median_ms"])
check(dirs["up"]["received"] == res["sent"], "relay saw every datagram sent (%d)" % dirs["up"]["received"])
check(abs(dirs["up"]["lost"] / dirs["up"]["received"] - 0.10) < 0.03, "upstream loss 10%% ± 3%% (got %.1f%%)" % (100 * dirs["up"]["lost"] / dirs["up"]["received"]))
check(dirs["down"]["sent"] == res["returned"], "client got exactly what the relay sent down")
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
