#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The fuzz targets' seed corpora and regression inputs (tests/fuzz/corpus, tests/fuzz/regress),
# replayed through each harness built with the normal compiler and tests/fuzz/replay.c: every
# input that once crashed or broke an invariant stays a test. The harnesses' own invariants are
# checked in every build; memory errors and undefined behaviour only under SANITIZE=1 (gcc ASan
# + UBSan + float-cast-overflow), so without it that part is a skip. make fuzz runs the real
# fuzzers (clang, libFuzzer).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lv2/lib.sh"
root=$(cd "$here/../.." && pwd)
bins=${RTJAM_BUILD:-build}/fuzz-replay
for src in "$root"/tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  name=${name#fuzz_}
  bin=$bins/fuzz_$name
  if [ ! -x "$bin" ]; then
    not_ok "fuzz_$name: $bin not built (make check builds it)"
    continue
  fi
  files=()
  for d in corpus regress; do
    [ -d "$root/tests/fuzz/$d/$name" ] && files+=("$root/tests/fuzz/$d/$name"/*)
  done
  if [ ${#files[@]} -eq 0 ]; then
    not_ok "fuzz_$name: no seed corpus in tests/fuzz/corpus/$name"
    continue
  fi
  if out=$(RTJAM_LV2=${RTJAM_LV2:-} RTJAM_LOG=error "$bin" "${files[@]}" 2>&1); then
    ok "fuzz_$name: ${#files[@]} inputs replay clean ($(tail -1 <<<"$out"))"
  else
    not_ok "fuzz_$name: replay failed"
    tail -20 <<<"$out"
  fi
done
if [ "${SANITIZE:-}" != 1 ]; then
  skip "fuzz replay under ASan/UBSan: not a sanitizer build (make check SANITIZE=1 runs it)"
fi
finish
