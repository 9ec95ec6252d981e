#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tests/deb/install.sh DIR [ROOTS]: installs the .debs of DIR (make deb) with apt into a fresh
# Debian 12 root made by debootstrap (minbase; cached as ROOTS/bookworm-base, default
# /var/tmp/rtjam-deb, and copied to ROOTS/bookworm-root for each run), and
# checks every binary there: --version (the package's version), the units and configs in place,
# the user rtjam. Needs root and the network (debootstrap, apt). Run by `make check-deb`.
# First, without root: the maintainer scripts start enabled services again after an upgrade.
set -u
DIR=$(cd "${1:?usage: install.sh DEB-DIR}" && pwd)
SUITE=${RTJAM_DEB_SUITE:-bookworm}
MIRROR=${RTJAM_DEB_MIRROR:-http://deb.debian.org/debian}
ROOTS=${2:-/var/tmp/rtjam-deb}
BASE="$ROOTS/$SUITE-base"
ROOT="$ROOTS/$SUITE-root"
pass=0 fail=0 skipped=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
not_ok() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local n=$1; shift; if "$@"; then ok "$n"; else not_ok "$n"; fi; }
finish() {
  umount "$ROOT/proc" 2>/dev/null
  if [ "$skipped" -gt 0 ]; then
    echo "$pass passed, $fail failed, $skipped skipped"
  else
    echo "$pass passed, $fail failed"
  fi
  [ "$fail" -eq 0 ]
  exit
}
debs=()
for d in "$DIR"/*.deb; do
  case "$d" in *-dbgsym_*) ;; *) debs+=("$d") ;; esac
done
check "make deb made the four packages (${#debs[@]})" test "${#debs[@]}" -eq 4
[ "${#debs[@]}" -gt 0 ] || finish
# Each commit's packages have their own version, above the last commit's (apt keeps an
# installed package of the same version): VERSION+gitYYYYMMDD.HASH, made in a git tree.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
ver=$(dpkg-deb -f "${debs[0]}" Version)
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
  want_ver="$(cat "$SRC/VERSION")+git$(git -C "$SRC" log -1 --format=%cd --date=format:%Y%m%d).$(git -C "$SRC" rev-parse --short HEAD)"
  check "the packages' version is the commit's snapshot $want_ver ($ver)" test "$ver" = "$want_ver"
  check "debian/changelog of the tree is left as it was" git -C "$SRC" diff --quiet HEAD -- debian/changelog
else
  skip "the packages' snapshot version: $SRC is not a git tree"
  skip "debian/changelog left as it was: not a git tree"
fi

# The maintainer scripts (no root needed): after an upgrade, which stops the services, the
# postinst starts again those that are enabled (deb-systemd-invoke starts no disabled unit), so
# an enabled Pi plays again; --no-start would leave it silent.
for p in rtjam-broadcast:rtjam-broadcast.service rtjam-host:rtjam-host.service \
  rtjam-host:rtjam-jackd.service; do
  deb=("$DIR/${p%%:*}"_*.deb)
  script=$(dpkg-deb -I "${deb[0]}" postinst 2>/dev/null)
  check "${p%%:*}'s postinst restarts ${p#*:} after an upgrade" \
    grep -qE "deb-systemd-invoke .*'${p#*:}'" <<<"$script"
done
# rtjam-ctl is in rtjam-tools, which a server-only VPS gets with rtjam-broadcast (its man page
# and docs/server.md drive --control-port with it) and the Pi with rtjam-host.
deb=("$DIR"/rtjam-tools_*.deb)
check "rtjam-tools ships rtjam-ctl" bash -c "dpkg-deb -c '${deb[0]}' 2>/dev/null | grep -q '/usr/bin/rtjam-ctl\$'"
for p in rtjam-broadcast:Recommends rtjam-host:Depends; do
  deb=("$DIR/${p%%:*}"_*.deb)
  check "${p%%:*} ${p#*:}: rtjam-tools (rtjam-ctl)" \
    bash -c "dpkg-deb -f '${deb[0]}' '${p#*:}' | grep -qw rtjam-tools"
done
deb=("$DIR"/rtjam-host_*.deb)
host_postinst=$(dpkg-deb -I "${deb[0]}" postinst 2>/dev/null)
check "rtjam-host's postinst makes host.json (it may hold the token) root:rtjam 0640" \
  bash -c 'grep -q "chown root:rtjam /etc/rtjam/host.json" <<<"$1" && grep -q "chmod 0640 /etc/rtjam/host.json" <<<"$1"' _ "$host_postinst"
check "rtjam-host's postinst enables only units enabled before (--no-enable)" \
  test "$(grep -c 'deb-systemd-helper enable' <<<"$host_postinst")" -eq \
  "$(grep -c 'deb-systemd-helper --quiet was-enabled' <<<"$host_postinst")"

if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null; then
  echo "skip: deb install: needs root and debootstrap (apt-get install debootstrap)"
  skipped=1
  finish
fi

if [ ! -x "$BASE/bin/sh" ]; then
  echo "     debootstrap --variant=minbase $SUITE $BASE (once; minutes)"
  rm -rf "$BASE.tmp" && mkdir -p "$ROOTS"
  debootstrap --variant=minbase "$SUITE" "$BASE.tmp" "$MIRROR" >"$ROOTS/debootstrap.log" 2>&1 &&
    mv "$BASE.tmp" "$BASE" || { not_ok "debootstrap (see $ROOTS/debootstrap.log)"; finish; }
fi
rm -rf "$ROOT" && cp -a "$BASE" "$ROOT"
mkdir -p "$ROOT/tmp/debs" && cp "${debs[@]}" "$ROOT/tmp/debs/"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc"
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }

check "rtjam-broadcast runs nowhere before the install" bash -c "! chroot '$ROOT' sh -c 'command -v rtjam-broadcast'"
in_root sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/debs/*.deb' \
  >"$DIR/install.log" 2>&1
check "apt installs the four packages and their Depends in a fresh $SUITE root (log: $DIR/install.log)" test $? -eq 0

want=$(dpkg-deb -f "$(ls "$DIR"/rtjam-broadcast_*.deb)" Version)
out=$(in_root rtjam-broadcast --version 2>&1)
check "rtjam-broadcast --version in the fresh root: '$out' (package $want)" test "$out" = "rtjam-broadcast $want"
for b in rtjam-broadcast rtjam-host rtjam-ctl rtjam-probe rtjam-netsim rtjam-loadgen rtjam-export; do
  l=$(in_root "$b" --version 2>&1)
  s=$(in_root "$b" -V 2>&1)
  check "$b --version and -V there: '$l'" test "$l" = "$b $want" -a "$s" = "$l"
done
for f in /lib/systemd/system/rtjam-broadcast.service /lib/systemd/system/rtjam-broadcast@.service \
  /lib/systemd/system/rtjam-jackd.service /lib/systemd/system/rtjam-host.service \
  /usr/lib/sysctl.d/60-rtjam-broadcast.conf \
  /etc/rtjam/broadcast.conf /etc/rtjam/jackd.conf /etc/rtjam/host.json \
  /usr/lib/lv2/rtjam.lv2/manifest.ttl /usr/lib/lv2/rtjam.lv2/rtjam.so \
  /usr/share/man/man1/rtjam-broadcast.1.gz /usr/share/man/man1/rtjam-host.1.gz; do
  check "installed: $f" test -e "$ROOT$f"
done
check "rtjam-ctl comes from rtjam-tools" bash -c "chroot '$ROOT' dpkg -S /usr/bin/rtjam-ctl | grep -q '^rtjam-tools:'"
check "the user rtjam exists, in group audio" bash -c "chroot '$ROOT' id -nG rtjam | grep -qw audio"
check "host.json (it may hold the token) is 0640 root:rtjam" \
  test "$(chroot "$ROOT" stat -c '%a %U:%G' /etc/rtjam/host.json 2>/dev/null)" = "640 root:rtjam"
check "rtjam-host finds its config" bash -c "chroot '$ROOT' rtjam-host --config /etc/rtjam/host.json --version >/dev/null"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -q rtjam-broadcast rtjam-host rtjam-tools rtjam-lv2' \
  >>"$DIR/install.log" 2>&1
check "apt removes them again" test $? -eq 0
finish
