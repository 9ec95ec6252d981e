#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-host's command line and its refusals to run where it cannot work:
#   - --version, --help, a bad flag (status 2), a config file;
#   - no JACK server: it keeps running, says so once, retries every 2 s, answers commands;
#   - a JACK server at 44.1 kHz: a clear error naming both rates, no JACK ports;
#   - a server at 48 kHz then appears: the host connects on its own;
#   - a JACK client name in use: named as such (not "no JACK server"), taken once free;
#   - a --board0 file with a pedal this host lacks: it starts with the others, naming it;
#   - no LV2_PATH: the build tree's host finds rtjam.lv2 beside it (../lv2) and logs the bundle;
#   - a hung (SIGSTOPped) jackd: SIGTERM still stops the host (5 s watchdog; a second at once).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/host/lib.sh"

export JACK_DEFAULT_SERVER="rtjam-host-cli-$$"
BASE=$((21400 + RANDOM % 300))
WS=$((BASE + 400))

v=$("$RTJAM_BIN/rtjam-host" --version)
check "--version prints the version ($v)" test "${v#rtjam-host }" != "$v"
"$RTJAM_BIN/rtjam-host" --help | grep -q -- "--ws-port"
check "--help lists the options" test $? -eq 0
"$RTJAM_BIN/rtjam-host" --frobnicate >/dev/null 2>&1
check "an unknown flag exits with status 2" test $? -eq 2
"$RTJAM_BIN/rtjam-host" --client-id 0 >/dev/null 2>&1
check "a client id out of range exits with status 2" test $? -eq 2

need jackd jack_wait jack_lsp python3 || { finish; exit; }
# A config file sets the JACK name and the websocket port; no JACK server runs yet.
printf '{"jackName":"cfghost","wsPort":%d,"noConnect":true}\n' "$WS" >"$T_TMP/host.json"
spawn "$RTJAM_BIN/rtjam-host" --config "$T_TMP/host.json" >>"$T_TMP/h.log" 2>&1
HOST=$SPAWNED
types=$(ws "$WS" send '{"param":1005}' expect pedalTypes 10)
check "without JACK the host answers on the port of its config file" \
  test "$(jq_py "$types" '"Boost" in d["pedalTypes"]')" = True
sleep 2.5
check "and keeps running" kill -0 "$HOST"
n=$(grep -c "no JACK server running; retrying every 2 s" "$T_TMP/h.log")
check "it says once that no JACK server runs and that it retries ($n line)" test "$n" -eq 1

spawn jackd -n "$JACK_DEFAULT_SERVER" --no-realtime -d dummy -r 44100 -p 64 >>"$T_TMP/jackd.log" 2>&1
J44=$SPAWNED
jack_wait -w -t 10 >/dev/null 2>&1
sleep 2.5
grep -q "runs at 44100 Hz; rtjam needs 48000 Hz" "$T_TMP/h.log"
check "a 44.1 kHz server is refused with a clear error" test $? -eq 0
jack_lsp 2>/dev/null | grep -q "^cfghost:"
check "and the host registers no ports on it" test $? -ne 0
kill "$J44"
wait "$J44" 2>/dev/null

start_jackd || { not_ok "jackd starts at 48 kHz"; finish; exit; }
for ((i = 0; i < 50; i++)); do
  jack_lsp 2>/dev/null | grep -q "^cfghost:out_l" && break
  sleep 0.1
done
jack_lsp 2>/dev/null | grep -q "^cfghost:out_l"
check "when a 48 kHz server appears the host connects on its own (config name cfghost)" test $? -eq 0
grep -q "rtjam-net: the host's block is" "$T_TMP/h.log"
check "rtjam-net is not told of a 1024-frame block the host does not run" test $? -ne 0
if command -v jack_bufsize >/dev/null; then
  jack_bufsize 128 >/dev/null 2>&1
  for ((i = 0; i < 30; i++)); do
    grep -q "JACK period now 128 frames" "$T_TMP/h.log" && break
    sleep 0.1
  done
  grep -q "JACK period now 128 frames" "$T_TMP/h.log"
  check "a new JACK period becomes the plugins' nominal block" test $? -eq 0
fi

# A second host with the same JACK name: jack2 fails the exact-name open as it does when no
# server runs (status 0x21), and the host said "no JACK server running" forever. It now names
# the cause and the option, and takes the name once it is free.
spawn "$RTJAM_BIN/rtjam-host" --jack-name cfghost --ws-port $((WS + 2)) --no-connect \
  >>"$T_TMP/dup.log" 2>&1
DUP=$SPAWNED
sleep 3
grep -q "JACK client name 'cfghost' is in use (another rtjam-host?): give --jack-name NAME" \
  "$T_TMP/dup.log"
check "a JACK client name in use is named as such, with --jack-name" test $? -eq 0
grep -q "no JACK server running" "$T_TMP/dup.log"
check "not as a missing JACK server" test $? -ne 0
n=$(grep -c "is in use" "$T_TMP/dup.log")
check "once, not at every retry ($n line)" test "$n" -eq 1
jack_lsp 2>/dev/null | grep -q "probe"
check "the probe client is gone" test $? -ne 0
kill "$HOST"
wait "$HOST"
check "the first host exits with status 0 on SIGTERM" test $? -eq 0
for ((i = 0; i < 50; i++)); do
  jack_lsp 2>/dev/null | grep -q "^cfghost:out_l" && break
  sleep 0.1
done
jack_lsp 2>/dev/null | grep -q "^cfghost:out_l"
check "the second host takes the name once it is free" test $? -eq 0
HOST=$DUP

# A --board0 file naming a pedal this host lacks: the host starts with the others and names
# the one it skipped (it exited 1, a restart loop under systemd with no web page).
printf '{"id":7,"config":[{"name":"Boost"},{"name":"Flanger 3000"}]}\n' >"$T_TMP/board.json"
start_host skip $((WS + 1)) --board0 "$T_TMP/board.json"
check "a --board0 file with an uninstalled pedal does not stop the start" test $? -eq 0
info=$(ws $((WS + 1)) send '{"param":27}' expect pedalInfo 10)
got=$(jq_py "$info" '",".join(e["name"] for e in d["pedalInfo"][0]["effects"])')
check "board 0 runs the pedals it has ($got)" test "$got" = Boost
grep -q "skipped pedal 1 'Flanger 3000' (not installed" "$T_TMP/skip.log"
check "and the log names the pedal it skipped" test $? -eq 0

kill "$HOST"
wait "$HOST"
check "it exits with status 0 on SIGTERM" test $? -eq 0

# Without LV2_PATH, the binary of the build tree (README: build/bin/rtjam-host) finds rtjam.lv2
# beside it in ../lv2, as it finds web/; it exited with "no LV2 plugin ... named
# 'https://rtjam.org/lv2/net'". The log names the bundle used.
if [ -f "$RTJAM_BIN/../lv2/rtjam.lv2/manifest.ttl" ]; then
  saved_lv2_path=$LV2_PATH
  unset LV2_PATH
  start_host nopath $((WS + 4))
  check "without LV2_PATH the host in build/bin starts with rtjam-net from ../lv2" test $? -eq 0
  export LV2_PATH=$saved_lv2_path
  bundle=$(cd "$RTJAM_BIN/../lv2/rtjam.lv2" && pwd -P)
  grep -q "host: rtjam.lv2 bundle: $bundle/\?\$" "$T_TMP/nopath.log"
  check "and logs the bundle it uses ($bundle)" test $? -eq 0
  kill "$HOST_PID_nopath"
  wait "$HOST_PID_nopath"
  check "that host exits with status 0 on SIGTERM" test $? -eq 0
fi

# A hung jackd (SIGSTOP): jack_client_open blocks the main thread, and SIGTERM could not stop
# the host. The first signal now arms a 5 s watchdog; a second one exits at once.
kill -STOP "$JACKD_PID"
for sigs in "TERM" "TERM TERM"; do
  spawn "$RTJAM_BIN/rtjam-host" --jack-name hung --ws-port $((WS + 3)) --no-connect \
    >"$T_TMP/hung.log" 2>&1
  HUNG=$SPAWNED
  sleep 2 # in jack_client_open by now
  t0=$(date +%s.%N)
  for sig in $sigs; do
    kill -"$sig" "$HUNG"
    sleep 0.2
  done
  for ((i = 0; i < 80; i++)); do
    kill -0 "$HUNG" 2>/dev/null || break
    sleep 0.1
  done
  took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  if kill -0 "$HUNG" 2>/dev/null; then
    not_ok "with a hung jackd, SIG$sigs stops the host (still running after $took s)"
    kill -9 "$HUNG"
  elif [ "$sigs" = TERM ]; then
    grep -q "not stopped 5 s after the signal" "$T_TMP/hung.log"
    check "with a hung jackd, one SIGTERM stops the host within 5 s, saying why ($took s)" \
      awk -v t="$took" 'BEGIN { exit !(t <= 6.5) }'
  else
    grep -q "second signal while stopping: exiting now" "$T_TMP/hung.log"
    check "with a hung jackd, a second SIGTERM stops the host at once ($took s)" \
      awk -v t="$took" 'BEGIN { exit !(t <= 1.5) }'
  fi
  wait "$HUNG" 2>/dev/null
done
kill -CONT "$JACKD_PID"
finish
