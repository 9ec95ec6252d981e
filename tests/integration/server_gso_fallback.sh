#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The GSO fallback with real processes: in a private network namespace whose lo has a 500-byte
# MTU, the kernel refuses GSO sends of 540-byte segments (EMSGSIZE or EINVAL); the server re-sends them one
# by one, counts and logs it, and members receive every packet byte for byte. Skipped without
# root or `ip netns`. Port 19191.
. "$(dirname "$0")/peer/server_lib.sh"

NS="rtjam-gso-$$"
if [ "$(id -u)" != 0 ] || ! ip netns add "$NS" 2>/dev/null ||
  ! ip netns exec "$NS" true 2>/dev/null; then
  ip netns del "$NS" 2>/dev/null
  echo "skip: server_gso_fallback: needs root and working 'ip netns add/exec' (iproute2)"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
trap 'cleanup; ip netns del "$NS" 2>/dev/null' EXIT
ip -n "$NS" link set lo mtu 500 up

# `ip netns exec` execs the server in place, so $! is the server's own PID.
ip netns exec "$NS" "$RTJAM_BIN/rtjam-broadcast" --port 19191 --status-file "$WORK/status.json" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
SERVER_PIDS+=("$SERVER_PID")
for _ in $(seq 1 100); do grep -q ' ready: ' "$WORK/server.log" 2>/dev/null && break; sleep 0.05; done
grep -q 'GSO (UDP_SEGMENT): on' "$WORK/server.log"
check $? "the start-up probe (100-byte segments) finds GSO working under a 500-byte MTU"

out="$WORK/py.out"
ip netns exec "$NS" python3 -B "$PEER_DIR/test_gso_fallback.py" 19191 "$WORK/status.json" \
  "$WORK/server.log" "$SERVER_PID" | tee "$out"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
if [ -n "$line" ]; then
  PY_PASSED=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
  PY_FAILED=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
else
  PY_FAILED=1
  echo "FAIL test_gso_fallback.py printed no summary"
fi
stop_server "$SERVER_PID"
check $? "the server exits 0 on SIGTERM"
finish
