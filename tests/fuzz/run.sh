#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# make fuzz: runs each libFuzzer target for N seconds from its seed corpus (tests/fuzz/corpus/
# NAME, copied into a work corpus under BUILD) with its dictionary (tests/fuzz/NAME.dict) if
# any, then replays the regression inputs (tests/fuzz/regress/NAME). A crash, a sanitizer report,
# a leak, a timeout or an out-of-memory is a finding: the input is kept under BUILD/fuzz-artifacts
# and the run fails. Prints one line per target (executions, corpus, coverage edges) and
# "N passed, N failed".
#   usage: tests/fuzz/run.sh BUILD SECONDS NAME...
set -u
build=$1 secs=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
passed=0 failed=0
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-corpus"
for name in "$@"; do
  bin=$build/fuzzer/fuzz_$name
  work=$build/fuzz-corpus/$name
  mkdir -p "$work"
  dict=()
  [ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
  log=$build/fuzz-artifacts/$name.log
  # -rss_limit_mb: one finding class is unbounded growth; -timeout: one input stuck for 10 s.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz-artifacts/$name-" "${dict[@]}" \
      "$work" "$here/corpus/$name" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(ls "$work" | wc -l)
  regress=0
  if [ $rc -eq 0 ] && [ -d "$here/regress/$name" ]; then
    files=("$here/regress/$name"/*)
    if [ -e "${files[0]}" ]; then
      "$bin" -runs=0 "${files[@]}" >>"$log" 2>&1 || rc=$?
      regress=${#files[@]}
    fi
  fi
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    printf 'ok   fuzz_%-12s %4ss  %10s execs  %5s edges  %5s corpus  %s regressions\n' \
      "$name" "$secs" "${execs:-?}" "${cov:-?}" "$corpus" "$regress"
  else
    failed=$((failed + 1))
    echo "FAIL fuzz_$name (exit $rc): finding in $build/fuzz-artifacts/, log $log"
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -5
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
