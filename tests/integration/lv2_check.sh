#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Runs the lilv plugin checker (tests/lv2/lv2check.c) on the bundle: metadata against the
# table and the generated enums; at 44.1, 48 and 96 kHz no heap call in run(), block sizes
# 1/64/128/ragged, in place, hostile input, every control at min and max, bounded decay.
# Its own "N passed, N failed" line is this script's summary.
set -u
: "${RTJAM_BUILD:?}" "${RTJAM_LV2:?}"
checker="$RTJAM_BUILD/tests/rtjam-lv2check"
if [ "${SANITIZE:-}" = 1 ]; then
  # lilv and its libraries are not instrumented; their allocations are fine.
  export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"
fi
LV2_PATH="$RTJAM_LV2" exec "$checker"
