#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# No hijacking (issue 15): one IP holds at most --max-per-ip slots, a live ClientId cannot be
# taken by another source, 1000 refused sources give a bounded number of log lines, and
# --rcvbuf sets the receive buffer. Ports 19161-19163.
. "$(dirname "$0")/peer/server_lib.sh"

for mode in $GSO_MODES; do
  echo "# mode: $mode"
  n=0
  for test in ip dup flood; do
    n=$((n + 1))
    port=$((19160 + n))
    rm -f "$WORK/status.json" "$WORK/server.log"
    args=(--port "$port" --status-file "$WORK/status.json")
    [ "$test" = flood ] && args+=(--max-players 1)
    # shellcheck disable=SC2046
    start_server "$WORK/server.log" "${args[@]}" $(gso_flag "$mode") ||
      { echo "0 passed, 1 failed"; exit 1; }
    run_py test_hijack.py "$test" "$port" "$WORK/status.json" "$WORK/server.log"
    stop_server "$SERVER_PID"
    check $? "[$mode/$test] the server exits 0 on SIGTERM"
  done
done

# --rcvbuf: the kernel grants at least min(asked, net.core.rmem_max) (all of it with
# CAP_NET_ADMIN); the server logs what it got.
asked=1048576
rmem_max=$(cat /proc/sys/net/core/rmem_max 2>/dev/null || echo 0)
expect=$((asked < rmem_max ? asked : rmem_max))
start_server "$WORK/rcvbuf.log" --port 19161 --rcvbuf "$asked" ||
  { echo "0 passed, 1 failed"; exit 1; }
got=$(sed -nE 's/.*room 19161: receive buffer ([0-9]+) bytes.*/\1/p' "$WORK/rcvbuf.log" | head -n1)
echo "# --rcvbuf $asked: granted ${got:-none} (rmem_max $rmem_max)"
[ -n "$got" ] && [ "$got" -ge "$expect" ]
check $? "--rcvbuf $asked: the log shows a receive buffer of at least $expect bytes"
stop_server "$SERVER_PID"
"$RTJAM_BIN/rtjam-broadcast" --rcvbuf 100 >"$WORK/bad.log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q -- "--rcvbuf 100: must be" "$WORK/bad.log"
check $? "--rcvbuf 100 is refused with the reason (exit $rc)"
finish
