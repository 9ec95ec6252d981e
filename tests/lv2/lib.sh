# SPDX-License-Identifier: ISC
# Shared helpers for tests/integration/lv2_*.sh (sourced, not run): result counting, cleanup of
# every process started (by PID, in a trap), a private temp directory, and the environment for
# running external LV2 hosts on our bundle (also when it is built with ASan).

set -u

T_PASS=0
T_FAIL=0
T_SKIP=0
T_PIDS=()

ok() { echo "ok   $*"; T_PASS=$((T_PASS + 1)); }
not_ok() { echo "FAIL $*"; T_FAIL=$((T_FAIL + 1)); }
# skip NAME: REASON: a check that cannot run here, and why (tests/run.sh lists it).
skip() { echo "skip: $*"; T_SKIP=$((T_SKIP + 1)); }

# sanitizer_check NAME LOG...: with SANITIZE=1, a check that the logs hold no ASan, LSan or
# UBSan report; in a build without sanitizers there is nothing to check, so it is a skip.
sanitizer_check() {
  local name=$1
  shift
  if [ "${SANITIZE:-}" != 1 ]; then
    skip "$name: this build has no sanitizers (run make check SANITIZE=1)"
  elif grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:" "$@"; then
    not_ok "$name"
  else
    ok "$name"
  fi
}

# check NAME COMMAND...: one test, passing when the command succeeds.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# Prints the closing line and returns non-zero on any failure.
finish() {
  if [ "$T_SKIP" -gt 0 ]; then
    echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
  else
    echo "$T_PASS passed, $T_FAIL failed"
  fi
  [ "$T_FAIL" -eq 0 ]
}

# spawn CMD...: starts a background process and remembers its PID for the cleanup.
# The PID is in $SPAWNED.
spawn() {
  "$@" &
  SPAWNED=$!
  T_PIDS+=("$SPAWNED")
}

# spawn_jackd RATE PERIOD: a dummy-backend jackd named $JACK_DEFAULT_SERVER, logging to
# $T_TMP/jackd.log, real-time (-R) where permitted, as on a player's box; else --no-realtime
# (RTJAM_JACK_RT=0 forces that). Without real-time scheduling every busy process on the machine
# delays the dummy driver's cycles by milliseconds, which the adaptive jitter buffers then
# measure and follow. Waits until the server is up; its PID is in $SPAWNED (and $JACKD_PID).
spawn_jackd() {
  local rate=$1 period=$2
  if [ "${RTJAM_JACK_RT:-1}" != 0 ]; then
    spawn jackd -n "$JACK_DEFAULT_SERVER" -R -P 70 -d dummy -r "$rate" -p "$period" \
      >>"$T_TMP/jackd.log" 2>&1
    JACKD_PID=$SPAWNED
    jack_wait -w -t 5 >/dev/null 2>&1 && return 0
    kill "$JACKD_PID" 2>/dev/null
    wait "$JACKD_PID" 2>/dev/null
    echo "     (no real-time scheduling here: jackd runs with --no-realtime)"
    RTJAM_JACK_RT=0
  fi
  spawn jackd -n "$JACK_DEFAULT_SERVER" --no-realtime -d dummy -r "$rate" -p "$period" \
    >>"$T_TMP/jackd.log" 2>&1
  JACKD_PID=$SPAWNED
  jack_wait -w -t 10 >/dev/null 2>&1
}

# jack_xruns [LOG]: how many times so far the JACK server (its log, $T_TMP/jackd.log by
# default) missed a cycle: a cycle whose clients did not finish in time ("JackEngine::XRun:
# client = ... was not finished") or a cycle of the dummy driver itself woken 250 us or more
# late ("JackTimedDriver::Process XRun = N usec"; a few us late is the timer's own noise). A
# measurement that must run in real time takes the count before and after its window, and
# discards the run when it changed: it measured the machine, not the product.
jack_xruns() {
  awk '/JackEngine::XRun/ { n++ }
       /JackTimedDriver::Process XRun = / { for (i = 1; i < NF; i++) if ($i == "=" && $(i + 1) >= 250) n++ }
       END { print n + 0 }' "${1:-$T_TMP/jackd.log}" 2>/dev/null || echo 0
}

# jack_lost_cycles [LOG]: how many cycles so far some client did not finish in time
# ("JackEngine::XRun"): the cycles in which a recording can lose or repeat a period. (A cycle of
# the driver woken late runs late but whole: a recording keeps every sample.)
jack_lost_cycles() {
  awk '/JackEngine::XRun/ { n++ } END { print n + 0 }' "${1:-$T_TMP/jackd.log}" 2>/dev/null || echo 0
}

# jack_connect SRC DST / jack_disconnect SRC DST: JACK's own tools, taken again until the
# connection is there (or gone), at most 20 times over about 4 s. On a loaded machine the
# server can answer a request after the tool gave up ("cannot connect client, already
# connected?"), having made the connection or not: what counts is what `jack_lsp -c` shows.
jack_connected() {
  jack_lsp -c "$1" 2>/dev/null |
    awk -v s="$1" -v d="$2" '/^[^ \t]/ { cur = $0 } /^[ \t]/ && cur == s && $1 == d { f = 1 } END { exit !f }'
}
jack_connect() {
  local i
  for ((i = 0; i < 20; i++)); do
    command jack_connect "$1" "$2" >/dev/null 2>&1
    jack_connected "$1" "$2" && return 0
    sleep 0.2
  done
  echo "jack_connect $1 $2: no connection after 20 tries" >&2
  return 1
}
jack_disconnect() {
  local i
  for ((i = 0; i < 20; i++)); do
    command jack_disconnect "$1" "$2" >/dev/null 2>&1
    jack_connected "$1" "$2" || return 0
    sleep 0.2
  done
  echo "jack_disconnect $1 $2: still connected after 20 tries" >&2
  return 1
}

# record_clean FILE SECONDS PORT...: jack_rec of the ports into FILE, taken again (at most
# RECORD_TRIES times, 3 by default) while JACK logged a lost cycle during the recording: a period
# lost or repeated in it is this machine's stall, not the product's level. Prints the counts of
# the runs ("0" or e.g. "2 1 0"); non-zero when every run had some.
record_clean() {
  local file=$1 secs=$2 counts="" x0 x i
  shift 2
  for ((i = 1; i <= ${RECORD_TRIES:-3}; i++)); do
    x0=$(jack_lost_cycles)
    timeout $((secs + 18)) jack_rec -f "$file" -d "$secs" "$@" >/dev/null 2>&1
    x=$(($(jack_lost_cycles) - x0))
    # A recording jack_rec could not make (or cut short) counts as one with a lost cycle.
    [ "$(soxi -s "$file" 2>/dev/null || echo 0)" -ge $((secs * 43200)) ] || x=$((x + 1))
    counts="$counts${counts:+ }$x"
    if [ "$x" -eq 0 ]; then
      echo "$counts"
      return 0
    fi
  done
  echo "$counts"
  return 1
}

# Kills every spawned process (newest first), then removes the temp directory.
# One at a time, newest first, each waited for (SIGKILL after 3 s): JACK clients are gone
# before their jackd stops, so jackd releases its slot in the JACK registry (it holds 8, and a
# server killed with clients attached can leave its slot behind; tests/lib/jack_reclaim.py
# frees slots of dead servers as a safety net).
lv2_cleanup() {
  local i j pid
  for ((i = ${#T_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${T_PIDS[i]}
    kill "$pid" 2>/dev/null || continue
    for ((j = 0; j < 30; j++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  python3 "$(dirname "${BASH_SOURCE[0]}")/../lib/jack_reclaim.py" >/dev/null 2>&1
  [ -n "${T_TMP:-}" ] && rm -rf "$T_TMP"
}
trap lv2_cleanup EXIT
trap 'exit 130' INT TERM

: "${RTJAM_LV2:?RTJAM_LV2 must name the directory holding rtjam.lv2 (run through make check)}"
BUNDLE="$RTJAM_LV2/rtjam.lv2"
URI_BASE="https://rtjam.org/lv2"
PEDALS="noise-gate compressor boost tone-stack tube-drive tube-screamer soul-drive speaker-sim delay chorus tremolo sigma-reverb"
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rtjam-lv2.XXXXXX")

# HOST_ENV: the command prefix that runs an external LV2 host on our bundle. In a SANITIZE=1
# build rtjam.so needs the ASan/UBSan runtimes, which the host binary does not load: preload
# them (leak checking off, the hosts are not ours). It is `env ...` or nothing, so a host
# started in the background with it is its own process ($! is its PID, and killing it works).
HOST_ENV=()
if [ "${SANITIZE:-}" = 1 ]; then
  HOST_ENV=(env "LD_PRELOAD=$(${CC:-cc} -print-file-name=libasan.so):$(${CC:-cc} -print-file-name=libubsan.so)"
            "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0:${ASAN_OPTIONS:-}")
fi

# host CMD...: runs an external LV2 host on our bundle, in the foreground.
host() {
  "${HOST_ENV[@]}" "$@"
}

# start_jalv NAME URI [jalv options...]: runs jalv in the background with a FIFO on stdin
# (write commands to fd ${JALV_FD[NAME]}); waits until its JACK ports exist.
declare -A JALV_FD
start_jalv() {
  local name=$1 uri=$2
  shift 2
  local fd
  mkfifo "$T_TMP/$name.fifo"
  exec {fd}<>"$T_TMP/$name.fifo" # read-write: opening never blocks, and jalv's stdin stays open
  JALV_FD[$name]=$fd
  # The redirections belong to the background command itself: a background command without
  # its own stdin redirection would get /dev/null, and jalv would exit at once.
  "${HOST_ENV[@]}" stdbuf -oL jalv -x -n "$name" "$@" "$uri" <"$T_TMP/$name.fifo" \
    >"$T_TMP/$name.log" 2>&1 &
  T_PIDS+=("$!")
  local i
  for ((i = 0; i < 100; i++)); do
    jack_lsp 2>/dev/null | grep -q "^$name:" && return 0
    sleep 0.1
  done
  echo "jalv $name did not start:"
  cat "$T_TMP/$name.log"
  return 1
}

# need TOOL...: true when every tool is on PATH; otherwise reports a skip.
need() {
  local t
  for t in "$@"; do
    if ! command -v "$t" >/dev/null 2>&1; then
      skip "$t: not installed (make deps)"
      return 1
    fi
  done
}

# rms_db FILE [CHANNEL]: the RMS level in dBFS that sox reports.
rms_db() {
  sox "$1" -n ${2:+remix $2} stats 2>&1 | awk '/^RMS lev dB/ { print $4; exit }'
}

# peak_db FILE: the peak level in dBFS that sox reports.
peak_db() {
  sox "$1" -n stats 2>&1 | awk '/^Pk lev dB/ { print $4; exit }'
}

# near A B TOL: |A - B| <= TOL (floats).
near() {
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'
}

# below A B: A < B (floats).
below() {
  awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}
