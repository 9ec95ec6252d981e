#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The soak: the whole system for SOAK_SECONDS (60 in make check; `make soak SOAK_SECONDS=600`
# runs it in the SANITIZE=1 build) under churn and faults:
#   - rtjam-broadcast with 4 rooms; independent Python peers joining and leaving rooms 2-4 every
#     2-6 s, a steady pair in room 2 and an observer in room 1;
#   - two rtjam-hosts in room 1: A (a 1 kHz tone in, board edits every second over its
#     websocket) through rtjam-netsim on cue, B direct and linked to the nation stand-in, whose
#     chat websocket is dropped every 10 s (B reconnects);
#   - on cue: 5-s outages (both ways, up only), 5 s of jitter + loss, and the server killed
#     (SIGKILL) and restarted once.
# Reports (soak/soak.py): the time to resume after each fault, RSS of every process after
# warm-up and at the end (flat within 10 %), packets lost outside the faults (0), and the count
# of sanitizer reports in every log (0; a build without sanitizers makes that a skip).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/host/lib.sh"
NATION="$HERE/nation/stand_in.py"
SOAK=${SOAK_SECONDS:-60}
export JACK_DEFAULT_SERVER="rtjam-soak-$$"
# A small quarantine lets ASan's RSS settle during the warm-up (a use-after-free is still caught
# while the freed block is among the last 1 MB freed).
export ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=1:${ASAN_OPTIONS:-}"
printf 'leak:libjack\nleak:libwebsockets\nleak:libserd\nleak:libsord\nleak:liblilv\n' >"$T_TMP/lsan.supp"
export LSAN_OPTIONS="suppressions=$T_TMP/lsan.supp:print_suppressions=0"
need jackd jack_wait jack_lsp jack_connect jalv python3 || { finish; exit; }

free_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
base=$((30000 + RANDOM % 2000)) # clear of the server tests (19100-19199), which may run at once (tests/run.sh)
R1=$base R2=$((base + 1)) R3=$((base + 2)) R4=$((base + 3)) RELAY=$((base + 4)) CTL=$((base + 5))
WS_A=$(free_port) WS_B=$(free_port) NP=$(free_port)

start_jackd || { cat "$T_TMP/jackd.log"; not_ok "jackd starts"; finish; exit; }
spawn python3 "$NATION" serve "$NP" >>"$T_TMP/nation.log" 2>&1
NATION_PID=$SPAWNED
spawn "$RTJAM_BIN/rtjam-netsim" --listen "127.0.0.1:$RELAY" --server "127.0.0.1:$R1" \
  --control "127.0.0.1:$CTL" >>"$T_TMP/netsim.log" 2>&1
NETSIM_PID=$SPAWNED
start_tone sig && start_host hA "$WS_A" --server 127.0.0.1 --port "$RELAY" --client-id 101 &&
  start_host hB "$WS_B" --server 127.0.0.1 --port "$R1" --client-id 102 \
    --nation-api "http://127.0.0.1:$NP/api/1/" --nation-ws "ws://127.0.0.1:$NP/primus" ||
  { not_ok "the tone and the hosts start"; cat "$T_TMP"/h?.log; finish; exit; }
jack_connect sig:out hA:in_1

# board edits on A every second, for the whole soak
timeout $((SOAK * 6 + 60)) python3 "$HERE/host/soak.py" "$WS_A" "$((SOAK - 2))" >"$T_TMP/edits.out" 2>"$T_TMP/edits.err" &
EDITS_PID=$!
T_PIDS+=("$EDITS_PID")

cat >"$T_TMP/soak.json" <<JSON
{"seconds": $SOAK, "rooms": [$R1, $R2, $R3, $R4], "control": $CTL, "relay": $RELAY, "status": "$T_TMP/status.json", "nation_port": $NP,
 "ws_a": $WS_A, "ws_b": $WS_B, "server_log": "$T_TMP/server.log", "result": "$T_TMP/result.json",
 "server_cmd": ["$RTJAM_BIN/rtjam-broadcast", "--port", "$R1", "--port", "$R2", "--port", "$R3",
                "--port", "$R4", "--status-file", "$T_TMP/status.json"],
 "pids": {"jackd": $JACKD_PID, "netsim": $NETSIM_PID, "nation": $NATION_PID,
          "hostA": $HOST_PID_hA, "hostB": $HOST_PID_hB, "tone": $TONE_PID}}
JSON
python3 "$HERE/soak/soak.py" "$T_TMP/soak.json" >"$T_TMP/soak.out" 2>&1
cat "$T_TMP/soak.out"
while read -r line; do
  case $line in
  ok\ *) T_PASS=$((T_PASS + 1)) ;;
  FAIL\ *) T_FAIL=$((T_FAIL + 1)) ;;
  esac
done <"$T_TMP/soak.out"
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$T_TMP/soak.out" || not_ok "soak.py ran to the end"

wait "$EDITS_PID"
read -r edits expected replies <"$T_TMP/edits.out"
sed 's/^/     edits: /' "$T_TMP/edits.err"
check "host A took all $((SOAK - 2)) board edits, one a second ($edits)" test "${edits:-0}" = $((SOAK - 2))
check "and answered every edit but SetEffectConfig with exactly one pedalInfo ($replies replies = $expected)" \
  test "${expected:-0}" -gt 0 -a "${replies:--1}" = "${expected:-0}"
# Stop the hosts and netsim with SIGTERM, so that their leak checks run.
for p in "$HOST_PID_hA" "$HOST_PID_hB" "$NETSIM_PID"; do kill -TERM "$p" 2>/dev/null; done
rcs=""
for p in "$HOST_PID_hA" "$HOST_PID_hB" "$NETSIM_PID"; do wait "$p"; rcs="$rcs $?"; done
check "the hosts and netsim exit 0 on SIGTERM (status$rcs)" test "$rcs" = " 0 0 0"
errors=$(cat "$T_TMP"/*.log 2>/dev/null | grep -cE 'ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|runtime error:')
echo "     sanitizer reports in every log: $errors"
echo "SANITIZER_ERRORS $errors" >>"$T_TMP/soak.out"
if [ "${SANITIZE:-}" = 1 ]; then
  check "0 sanitizer reports (ASan, LSan, UBSan) in any process's log" test "$errors" -eq 0
else
  skip "sanitizer reports: not a sanitizer build (make soak and make check SANITIZE=1 run it)"
fi
[ -n "${SOAK_REPORT:-}" ] && cp "$T_TMP/soak.out" "$SOAK_REPORT"
finish
