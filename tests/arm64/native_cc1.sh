#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The Pi's own compiler on this machine: Debian 12's native arm64 cc1 (cpp-12:arm64, unpacked
# with dpkg-deb -x, not installed) run under qemu-aarch64 on sources preprocessed by the cross
# compiler. Compiles tests/arm64/gcc12-fmax-ice.c (must ICE: the compiler bug is still there)
# and the seven unit tests that used to hit it (must compile). Needs make deps-cross, the
# network (apt-get download) and a few minutes. Run by `make check-arm64-native-gcc`.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${RTJAM_NATIVE_GCC_DIR:-/var/tmp/rtjam-native-gcc}
pass=0 fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
not_ok() { echo "FAIL $*"; fail=$((fail + 1)); }
mkdir -p "$W" && chmod 0755 "$W"
CC1="$W/root/usr/lib/gcc/aarch64-linux-gnu/12/cc1"
if [ ! -x "$CC1" ]; then
  (cd "$W" && apt-get download -q cpp-12:arm64 libisl23:arm64 libmpc3:arm64 libmpfr6:arm64) >/dev/null 2>&1 ||
    { not_ok "apt-get download cpp-12:arm64 and its libraries"; echo "$pass passed, $fail failed"; exit 1; }
  for d in "$W"/*.deb; do dpkg-deb -x "$d" "$W/root"; done
fi
QEMU=$(command -v qemu-aarch64-static qemu-aarch64 | head -1)
B=${RTJAM_BUILD:-build}/arm64
inc="-std=c11 -D_GNU_SOURCE -I$ROOT/common -I$ROOT -I$ROOT/tests/unit -I$ROOT/$B/gen/lv2 -I$ROOT/plugins -I$ROOT/ttl -idirafter /usr/include"
# cc1 FILE: 0 when it compiles; prints the ICE line if any.
cc1() {
  aarch64-linux-gnu-gcc -E $inc "$1" -o "$W/x.i" || return 2
  QEMU_LD_PREFIX=/ QEMU_SET_ENV=LD_LIBRARY_PATH="$W/root/usr/lib/aarch64-linux-gnu" \
    "$QEMU" "$CC1" -fpreprocessed -quiet -O2 -g -fPIC "$W/x.i" -o "$W/x.s" >"$W/x.log" 2>&1
}
cc1 "$ROOT/tests/arm64/gcc12-fmax-ice.c"
if grep -q "internal compiler error: in vect_transform_reduction" "$W/x.log"; then
  ok "the native cc1 still ICEs on tests/arm64/gcc12-fmax-ice.c (the bug is the compiler's)"
else
  not_ok "the native cc1 compiles the reproducer: the bug is gone, tests/arm64/README.md is stale"
fi
for t in dsp_onepole dsp_oversample mixer pedal_delay pedal_drives pedal_tremolo pedal_tube_screamer; do
  if cc1 "$ROOT/tests/unit/test_$t.c"; then ok "native cc1 -O2 compiles test_$t.c"
  else not_ok "native cc1 -O2 on test_$t.c: $(grep -m1 'error' "$W/x.log")"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
