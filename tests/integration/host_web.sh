#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# rtjam-host's web page in a real browser (chromium headless, chromium-driver, python3-selenium;
# the checks are in host/web_browser.py). A dummy JACK server, rtjam-broadcast, a 1 kHz tone and
# two hosts, A and B; everything on A goes through its page:
#   - the page is served by A on its websocket port, from web/ of the source tree (the host
#     runs from the build tree); path traversal gets a 404; `curl /` no longer hangs;
#   - join the room; B appears as a member with a latency figure; A's meter moves with the tone;
#   - insert a Boost, raise its Gain by 12 dB with the page's own control: B's output rises by
#     12 +- 0.5 dB; move, bypass and delete; save the board to a file, reload the page, load it;
#   - a refusal is shown; the tuner shows the tone's note; the click and the beat;
#   - access: a page of a foreign origin cannot open the websocket; host C, bound beyond
#     loopback with a token, refuses its page without the token and accepts it with it.
# Skips (with the reason) only where no browser can start. RTJAM_WEB_SHOTS=DIR keeps the
# desktop and phone screenshots there (docs/web-*.png are made so).
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/host/lib.sh"

export JACK_DEFAULT_SERVER="rtjam-host-web-$$"
BASE=$((24000 + RANDOM % 1500))
PORT=$BASE WS_A=$((BASE + 1)) WS_B=$((BASE + 2)) WS_C=$((BASE + 3))
TOKEN="web-$RANDOM$RANDOM"

need jackd jack_wait jack_lsp jack_connect jack_rec jalv sox curl || { finish; exit; }
# The Python that has selenium: Debian's python3-selenium is in /usr/bin/python3's path.
PY=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import selenium' 2>/dev/null; then
    PY=$p
    break
  fi
done
if [ -z "$PY" ] || ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  skip "the web page in a browser: chromium, chromium-driver or python3-selenium is not installed (make deps)"
  finish
  exit
fi

# The page's files from the command line alone (no JACK needed for HTTP).
start_jackd || { cat "$T_TMP/jackd.log"; not_ok "jackd starts"; finish; exit; }
start_server "$PORT"
start_tone sig && start_host hA "$WS_A" && start_host hB "$WS_B" ||
  { not_ok "the tone and both hosts start"; finish; exit; }
LAN_IP=$(hostname -I 2>/dev/null | awk '{ print $1 }')
[ -n "$LAN_IP" ] || LAN_IP=127.0.0.1
spawn "$RTJAM_BIN/rtjam-host" --jack-name hC --ws-port "$WS_C" --no-connect --web-bind 0.0.0.0 \
  --token "$TOKEN" >>"$T_TMP/hC.log" 2>&1
HOST_PID_hC=$SPAWNED

code=$(curl -s -m 5 -o "$T_TMP/index.html" -w '%{http_code} %{content_type}' "http://127.0.0.1:$WS_A/")
check "GET / on A's websocket port serves the page ($code)" grep -q 'src="app.js"' "$T_TMP/index.html"
for f in app.js style.css; do
  got=$(curl -s -m 5 -o "$T_TMP/$f" -w '%{http_code} %{content_type}' "http://127.0.0.1:$WS_A/$f")
  check "GET /$f: $got, the file of web/" cmp -s "$T_TMP/$f" "$HERE/../../web/$f"
done
for u in '/../../../etc/passwd' '/%2e%2e/%2e%2e/%2e%2e/etc/passwd' '/..%2f..%2f..%2fetc%2fpasswd'; do
  got=$(curl -s -m 5 --path-as-is -o "$T_TMP/trav" -w '%{http_code}' "http://127.0.0.1:$WS_A$u")
  check "path traversal $u is not served ($got)" test "$got" != 200 -a "$(grep -c root: "$T_TMP/trav")" = 0
done
grep -q "web page (from .*/web): open http://127.0.0.1:$WS_A/" "$T_TMP/hA.log"
check "A logs its page's URL and where it serves it from" test $? -eq 0
for ((i = 0; i < 50; i++)); do grep -q "open http" "$T_TMP/hC.log" && break; sleep 0.1; done
grep -q "web page .*: open http://.*:$WS_C/?token=$TOKEN" "$T_TMP/hC.log"
check "C (--web-bind 0.0.0.0 --token) logs its page's URL with the token" test $? -eq 0
"$RTJAM_BIN/rtjam-host" --web-bind 0.0.0.0 --ws-port "$WS_C" >"$T_TMP/notoken.log" 2>&1
rc=$?
check "--web-bind 0.0.0.0 without a token exits 2 ($rc) and says why" \
  test "$rc" -eq 2 -a "$(grep -c 'set --token' "$T_TMP/notoken.log")" = 1

"$PY" "$HERE/host/web_browser.py" --ws-a "$WS_A" --ws-b "$WS_B" --ws-c "$WS_C" --port "$PORT" \
  --lan-ip "$LAN_IP" --token "$TOKEN" --tmp "$T_TMP" --jackd-log "$T_TMP/jackd.log" \
  --shots "${RTJAM_WEB_SHOTS:-}" >"$T_TMP/py.out" 2>&1
rc=$?
cat "$T_TMP/py.out"
T_PASS=$((T_PASS + $(grep -c '^ok ' "$T_TMP/py.out")))
T_FAIL=$((T_FAIL + $(grep -c '^FAIL ' "$T_TMP/py.out")))
T_SKIP=$((T_SKIP + $(grep -c '^skip: ' "$T_TMP/py.out")))
if [ "$rc" -ne 77 ]; then
  grep -q "websocket from .* refused: Origin 'http://127.0.0.1:" "$T_TMP/hA.log"
  check "A logs the foreign Origin it refused" test $? -eq 0
  grep -q "websocket from .* refused: token missing or wrong" "$T_TMP/hC.log"
  check "C logs the handshake without the token it refused" test $? -eq 0
fi
for h in hA hB hC; do
  eval "pid=\$HOST_PID_$h"
  check "$h survives" kill -0 "$pid"
done
sanitizer_check "no sanitizer report" "$T_TMP/hA.log" "$T_TMP/hB.log" "$T_TMP/hC.log"
finish
