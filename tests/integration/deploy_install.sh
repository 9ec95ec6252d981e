#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# `make install` of this build (nothing is rebuilt: the build's own version and output tree):
#   - into DESTDIR (a staging tree, as the packages do): the units, the sysusers entry, the
#     server's sysctl limits and the configs in place, nothing done to the running system;
#   - the sysctl limits raise net.core.rmem_max and wmem_max to the socket buffers
#     rtjam-broadcast asks for (server/options.h), which it cannot force when sandboxed;
#   - into the running system (DESTDIR empty; `make -n`, nothing is run): the user rtjam is
#     created with systemd-sysusers, which the units with User=rtjam need (else 217/USER), and
#     the sysctl limits are applied.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lv2/lib.sh"

# The build's version and web directory (compiled in): the same here, so nothing is rebuilt.
read -r version hash <"$RTJAM_BUILD/gen/version.txt"
webdir=$(cat "$RTJAM_BUILD/gen/webdir.txt")
B=$(cd "$RTJAM_BUILD" && pwd)
mk() {
  make -C "$ROOT" --no-print-directory B="$B" VERSION="$version" GIT_HASH="$hash" WEBDIR="$webdir" "$@"
}

# A systemd-sysusers and a sysctl that only log their arguments.
mkdir -p "$T_TMP/fake"
for t in systemd-sysusers sysctl; do
  printf '#!/bin/sh\necho "%s $*" >>%s/live.log\n' "$t" "$T_TMP" >"$T_TMP/fake/$t"
  chmod +x "$T_TMP/fake/$t"
done
D="$T_TMP/root"
PATH="$T_TMP/fake:$PATH" mk install DESTDIR="$D" PREFIX=/usr SYSCONFDIR=/etc \
  SYSTEMDUNITDIR=/lib/systemd/system >"$T_TMP/install.log" 2>&1
check "make install DESTDIR=... succeeds (log: $T_TMP/install.log)" test $? -eq 0
check "no compiler ran (the build was up to date)" bash -c "! grep -E '^  (CC|LD) ' '$T_TMP/install.log'"
for f in /usr/bin/rtjam-broadcast /lib/systemd/system/rtjam-host.service \
  /usr/lib/sysusers.d/rtjam.conf /usr/lib/sysctl.d/60-rtjam-broadcast.conf /etc/rtjam/host.json /etc/rtjam/broadcast.conf; do
  check "installed: $f" test -f "$D$f"
done
m=$(stat -c %a "$D/etc/rtjam/host.json" 2>/dev/null)
check "host.json (it may hold the websocket token) is installed 0640 ($m)" test "$m" = 640
for f in broadcast.conf jackd.conf; do
  m=$(stat -c %a "$D/etc/rtjam/$f" 2>/dev/null)
  check "$f is installed 0644 ($m)" test "$m" = 644
done
check "with DESTDIR, nothing is done to the running system (no sysusers, no sysctl)" \
  test ! -e "$T_TMP/live.log"
# The buffers the server asks for (SO_RCVBUF by default, SO_SNDBUF), and what the file allows.
want=$(grep -oE 'define BCAST_SOCKET_BUFFER +[0-9]+' "$ROOT/server/options.h" | grep -oE '[0-9]+$')
for k in rmem_max wmem_max; do
  got=$(sed -n "s/^net\.core\.$k *= *\([0-9]*\)\$/\1/p" "$D/usr/lib/sysctl.d/60-rtjam-broadcast.conf" 2>/dev/null)
  check "60-rtjam-broadcast.conf sets net.core.$k to at least the server's ${want:-?} bytes (${got:-none})" \
    test "${got:-0}" -ge "${want:-1}"
done

live=$(mk -n install PREFIX=/usr SYSCONFDIR=/etc 2>&1)
check "make install without DESTDIR creates the user rtjam: systemd-sysusers on the installed entry" \
  grep -q 'systemd-sysusers /usr/lib/sysusers.d/rtjam.conf' <<<"$live"
check "and gives host.json to the group rtjam" grep -q 'chgrp rtjam /etc/rtjam/host.json' <<<"$live"
check "and applies the sysctl limits" grep -q 'sysctl -q -p /usr/lib/sysctl.d/60-rtjam-broadcast.conf' <<<"$live"
finish
