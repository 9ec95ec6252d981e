#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The suite under load (issue 10): N runs of `make check` and N of `make check SANITIZE=1`, the
# two series side by side, with two CPU hogs (stress-ng --cpu 2) running throughout. Each series
# builds once in a fresh clone of COMMIT; each run goes into its own network namespace (root).
#
#   tests/hog_runs.sh [-n N] [-d DIR] [COMMIT]      (defaults: 5, /tmp/rtjam-hog, HEAD)
#
# Prints one line per run (exit status, seconds, the suite's closing line, the load average) and
# keeps the test logs of a failed run in DIR/MODE-I-logs. Exits 1 if any run failed.
set -u
N=5 DIR=/tmp/rtjam-hog
while getopts "n:d:h" opt; do
  case $opt in
    n) N=$OPTARG ;; d) DIR=$OPTARG ;; *) sed -n '3,10p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
REPO=$(cd "$(dirname "$0")/.." && pwd)
COMMIT=$(git -C "$REPO" rev-parse --short "${1:-HEAD}") || exit 2
[ "$(id -u)" = 0 ] || { echo "hog_runs.sh: needs root (network namespaces)" >&2; exit 2; }
command -v stress-ng >/dev/null || { echo "hog_runs.sh: needs stress-ng (make deps)" >&2; exit 2; }
mkdir -p "$DIR"
for m in plain asan; do
  rm -rf "${DIR:?}/$m"
  git clone -q "$REPO" "$DIR/$m" && git -C "$DIR/$m" checkout -q "$COMMIT" || exit 1
done
echo "hog_runs: $COMMIT: building both clones ($(date -u +%H:%M))"
(cd "$DIR/plain" && make -j2 >"$DIR/plain-build.log" 2>&1) &
b1=$!
(cd "$DIR/asan" && make -j2 SANITIZE=1 >"$DIR/asan-build.log" 2>&1) &
b2=$!
if ! wait $b1 || ! wait $b2; then
  echo "hog_runs.sh: a build failed (see $DIR/*-build.log)" >&2
  exit 1
fi
stress-ng --cpu 2 --timeout 86400 >/dev/null 2>&1 &
hog=$!
trap 'kill $hog 2>/dev/null; wait $hog 2>/dev/null' EXIT
echo "hog_runs: $COMMIT: two CPU hogs (pid $hog), $N runs of each ($(date -u +%H:%M))"
series() {
  local mode=$1 san='' logs=build/test-logs i ns s rc fails=0
  [ "$mode" = asan ] && san=SANITIZE=1 logs=build/asan/test-logs
  for i in $(seq 1 "$N"); do
    ns=rtjam-hog-$$-$mode-$i
    ip netns add "$ns" && ip -n "$ns" link set lo up || return 1
    s=$(date +%s)
    (cd "$DIR/$mode" && ip netns exec "$ns" make check $san >"$DIR/$mode-$i.log" 2>&1)
    rc=$?
    ip netns del "$ns"
    [ $rc -eq 0 ] || { fails=$((fails + 1)); cp -r "$DIR/$mode/$logs" "$DIR/$mode-$i-logs"; }
    echo "$mode run $i: rc=$rc, $(($(date +%s) - s)) s: $(tail -n 1 "$DIR/$mode-$i.log") | load $(cut -d' ' -f1-3 /proc/loadavg) | $(date -u +%H:%M)"
  done
  return $((fails > 0))
}
series plain &
p1=$!
series asan &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
[ $r1 -eq 0 ] && [ $r2 -eq 0 ]
