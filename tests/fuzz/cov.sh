#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# make fuzz-cov: replays each target's corpus (the seeds plus what `make fuzz` grew under
# FUZZBUILD/fuzz-corpus) through the coverage build, and prints llvm-cov's line and region
# coverage of the sources that target is about.
#   usage: tests/fuzz/cov.sh COVBUILD FUZZBUILD NAME...
set -u
build=$1 fuzzbuild=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# The sources each target is meant to cover (the rest of the binary is not counted).
srcs() {
  case $1 in
  packet) echo common/packet.c ;;
  server_room) echo server/room.c server/cookie.c server/members.c server/ratelimit.c server/txq.c common/player.c ;;
  server_control) echo server/control.c server/recorder.c ;;
  take) echo tools/export/take.c ;;
  host_cmd) echo host/cmd.c host/dispatch.c host/mix.c host/rig.c host/board.c ;;
  board) echo host/board.c ;;
  nation) echo common/nation_msg.c ;;
  net_stream) echo plugins/net/stream.c ;;
  *) echo "" ;;
  esac
}
printf '%-12s %8s %8s %8s  %s\n' target lines regions funcs files
for name in "$@"; do
  bin=$build/fuzzer/fuzz_$name
  prof=$build/cov-$name
  rm -rf "$prof" && mkdir -p "$prof"
  dirs=("$here/corpus/$name")
  [ -d "$fuzzbuild/fuzz-corpus/$name" ] && dirs+=("$fuzzbuild/fuzz-corpus/$name")
  LLVM_PROFILE_FILE="$prof/%p.profraw" "$bin" -runs=0 "${dirs[@]}" >"$prof/log" 2>&1 || {
    echo "fuzz_$name: replay failed (see $prof/log)"; continue; }
  llvm-profdata merge -sparse "$prof"/*.profraw -o "$prof/merged.profdata"
  # shellcheck disable=SC2046
  llvm-cov report "$bin" -instr-profile="$prof/merged.profdata" $(srcs "$name") >"$prof/report" 2>&1
  tot=$(grep '^TOTAL' "$prof/report")
  if [ -z "$tot" ]; then # one file: no TOTAL line
    tot=$(grep -E '^(common|server|host|plugins)/' "$prof/report" | tail -1)
  fi
  # columns: Filename Regions Missed Cover Functions Missed Executed Lines Missed Cover ...
  read -r _ _ _ rcov _ _ fcov _ _ lcov _ <<<"$tot"
  printf '%-12s %8s %8s %8s  %s\n' "$name" "$lcov" "$rcov" "$fcov" "$(srcs "$name")"
done
