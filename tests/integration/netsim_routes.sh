#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-netsim's client table (64 mappings) over time: with all 64 taken, a new client's
# datagrams are dropped, counted and logged (they were dropped silently); once mappings have been
# idle --route-idle seconds, new clients take the least recently used ones (routes never expired,
# so a relay in front of a server lost every client after its 64th restart), while clients still
# sending keep theirs.
set -u
BIN=${RTJAM_BIN:?}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
base=$((14000 + RANDOM % 2000))
echo_port=$base
relay_port=$((base + 1))

python3 "$(dirname "$0")/udp_echo.py" "$echo_port" 30 &
pids+=($!)
"$BIN/rtjam-netsim" --listen "127.0.0.1:$relay_port" --server "127.0.0.1:$echo_port" \
  --route-idle 3 --duration 30 >"$tmp/netsim.out" 2>"$tmp/netsim.err" &
netsim=$!
pids+=("$netsim")
sleep 0.3

python3 - "$relay_port" >"$tmp/client.out" <<'PY'
import json, socket, sys, time
port = int(sys.argv[1])
def client():
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.bind(("127.0.0.1", 0))
    c.settimeout(0.3)
    return c
def answered(c):
    c.sendto(b"x" * 540, ("127.0.0.1", port))
    try:
        c.recvfrom(2048)
        return 1
    except socket.timeout:
        return 0
first = [client() for _ in range(64)]
res = {"first": sum(answered(c) for c in first)}
late = [client() for _ in range(6)]  # 6 x 0.3 s timeouts: 1.8 s, under --route-idle
res["full"] = sum(answered(c) for c in late)  # no mapping idle yet: refused
# Clients 0..9 keep sending while the other 54 fall idle past --route-idle.
end = time.monotonic() + 3.5
while time.monotonic() < end:
    for c in first[:10]:
        answered(c)
    time.sleep(0.2)
res["reused"] = sum(answered(c) for c in late)  # they take idle mappings now
res["kept"] = sum(answered(c) for c in first[:10])  # the busy ones were not taken
print(json.dumps(res))
PY
cat "$tmp/client.out"
kill -TERM "$netsim"
wait "$netsim"
cat "$tmp/netsim.out"
grep -E "dropping|more datagrams|takes the mapping" "$tmp/netsim.err" | head -3

python3 - "$tmp/client.out" "$tmp/netsim.out" "$tmp/netsim.err" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
dirs = {d["direction"]: d for d in map(json.loads, open(sys.argv[2]))}
log = open(sys.argv[3]).read()
passed = failed = 0
def check(cond, what):
    global passed, failed
    print(("ok   " if cond else "FAIL ") + what)
    passed += cond; failed += not cond
up = dirs["up"]
check(res["first"] == 64, "the first 64 clients are relayed (%d)" % res["first"])
check(res["full"] == 0, "with 64 busy mappings, 6 new clients are not (%d answered)" % res["full"])
check(res["reused"] == 6, "after --route-idle, the 6 new clients take idle mappings (%d answered)" % res["reused"])
check(res["kept"] == 10, "the 10 clients that kept sending keep their mappings (%d answered)" % res["kept"])
check(up["route_refused"] == 6, "route_refused counts the 6 dropped datagrams (%d)" % up["route_refused"])
check(up["routes_reused"] == 6 and up["clients"] == 70, "routes_reused 6, clients 70 (%d, %d)" % (up["routes_reused"], up["clients"]))
check(log.count("dropping datagrams from new client") == 1, "the first refusal is logged once, with its address")
check("takes the mapping of" in log, "a reuse is logged")
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
