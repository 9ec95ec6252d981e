#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-host soak: a board edit every second (insert, set, move, bypass, delete, load) on a host
# that is processing a tone in a room, 60 edits in a SANITIZE=1 build (ASan + UBSan + leak check
# at exit) or 20 otherwise (a slot lasts as long as the reply takes on a loaded machine). Then: the host still answers and processes audio, it exits
# cleanly on SIGTERM, and its log holds no sanitizer report.
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/host/lib.sh"

export JACK_DEFAULT_SERVER="rtjam-host-soak-$$"
BASE=$((21000 + RANDOM % 300))
PORT=$BASE WS_A=$((BASE + 400))
SECONDS_SOAK=20
[ "${SANITIZE:-}" = 1 ] && SECONDS_SOAK=60
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
# Leaks inside the system libraries we link (libjack, lilv's serd/sord caches) are theirs.
printf 'leak:libjack\nleak:libwebsockets\nleak:libserd\nleak:libsord\nleak:liblilv\n' >"$T_TMP/lsan.supp"
export LSAN_OPTIONS="suppressions=$T_TMP/lsan.supp:print_suppressions=0"

need jackd jack_wait jack_lsp jack_connect jalv python3 || { finish; exit; }
start_jackd || { cat "$T_TMP/jackd.log"; not_ok "jackd starts"; finish; exit; }
start_server "$PORT"
start_tone sig && start_host hA "$WS_A" --server 127.0.0.1 --port "$PORT" --client-id 101 ||
  { not_ok "the tone and the host start"; cat "$T_TMP/hA.log"; finish; exit; }
jack_connect sig:out hA:in_1

t0=$SECONDS
read -r edits expected replies <<<"$(timeout $((SECONDS_SOAK * 6 + 30)) python3 "$HERE/host/soak.py" "$WS_A" "$SECONDS_SOAK")"
echo "     $edits edits in $((SECONDS - t0)) s, $expected of them structural (not SetEffectConfig 28), $replies pedalInfo replies"
check "the host takes all $SECONDS_SOAK board edits, one a second ($edits)" test "${edits:-0}" = "$SECONDS_SOAK"
# docs/host.md: every command but SetEffectConfig (28) gets exactly one pedalInfo; 28 none.
check "and answers every edit but SetEffectConfig with exactly one pedalInfo, and 28 with none ($replies replies = $expected)" \
  test "${expected:-0}" -gt 0 -a "${replies:--1}" = "${expected:-0}"
ev=$(ws "$WS_A" send '{"param":1006,"iValue1":150}' until 'ev["inputLeft"] > -30 and ev["connected"]' 5)
check "after the soak it still processes the tone in the room (${ev%% *} s)" test "${ev%% *}" != timeout
kill -0 "$HOST_PID_hA" && kill "$HOST_PID_hA"
wait "$HOST_PID_hA"
rc=$?
check "it exits cleanly on SIGTERM (status $rc)" test "$rc" -eq 0
sanitizer_check "the sanitizers report nothing" "$T_TMP/hA.log"
finish
