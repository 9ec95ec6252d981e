#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Forged source addresses (raw IPv4, root only) inside a private network namespace holding only
# lo: a victim whose address is forged gets at most the 28-byte challenges, never the room's
# audio; challenges to an unroutable address fail with ENETUNREACH, are counted and logged, and
# the server keeps serving. Skipped, with the reason, without root or `ip netns`. Port 19181.
. "$(dirname "$0")/peer/server_lib.sh"

NS="rtjam-srv-$$"
# Both halves are probed: in a chroot `ip netns add` works but `ip netns exec` cannot remount.
if [ "$(id -u)" != 0 ] || ! ip netns add "$NS" 2>/dev/null ||
  ! ip netns exec "$NS" true 2>/dev/null; then
  ip netns del "$NS" 2>/dev/null
  skip "every forged-source check: needs root and a working 'ip netns add/exec' (iproute2)"
  finish
  exit 0
fi
trap 'cleanup; ip netns del "$NS" 2>/dev/null' EXIT
ip -n "$NS" link set lo up

for mode in $GSO_MODES; do
  echo "# mode: $mode"
  rm -f "$WORK/status.json" "$WORK/server.log"
  # shellcheck disable=SC2046
  # `ip netns exec` execs the server in place, so $! is the server's own PID.
  ip netns exec "$NS" "$RTJAM_BIN/rtjam-broadcast" --port 19181 --status-file "$WORK/status.json" \
    $(gso_flag "$mode") >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  for _ in $(seq 1 100); do grep -q ' ready: ' "$WORK/server.log" 2>/dev/null && break; sleep 0.05; done

  out="$WORK/py.out"
  ip netns exec "$NS" python3 -B "$PEER_DIR/test_spoofed.py" 19181 "$WORK/status.json" \
    "$WORK/server.log" | tee "$out"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  if [ -n "$line" ]; then
    PY_PASSED=$((PY_PASSED + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
    PY_FAILED=$((PY_FAILED + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
  else
    PY_FAILED=$((PY_FAILED + 1))
    echo "FAIL test_spoofed.py printed no summary"
  fi
  stop_server "$SERVER_PID"
  check $? "[$mode] the server exits 0 on SIGTERM"
done
finish
