#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The systemd units of deploy/ as make install writes them (paths pointing at this build):
#   - systemd-analyze verify is silent on every unit (syntax, executables, man pages);
#   - systemd-analyze security: exposure of the broadcast units 2.0 or less (figures printed);
#   - the real-time limits and restart policies the player box needs;
#   - the default configs in deploy/etc are accepted by the programs that read them.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lv2/lib.sh"

U="$T_TMP/units"
mkdir -p "$U" "$T_TMP/etc/rtjam"
cp "$ROOT"/deploy/etc/* "$T_TMP/etc/rtjam/"
JACKD=$(command -v jackd || echo /usr/bin/jackd)
for in in "$ROOT"/deploy/*.service.in; do
  "$ROOT/deploy/subst.sh" "$RTJAM_BIN" "$T_TMP/etc" "$JACKD" <"$in" >"$U/$(basename "$in" .in)"
done
units=("$U"/*.service)
check "deploy/ has the four units (${#units[@]})" test "${#units[@]}" -eq 4
check "no @PLACEHOLDER@ is left in a unit" bash -c "! grep -n '@[A-Z]*@' $U/*.service"

if ! command -v systemd-analyze >/dev/null; then
  skip "systemd-analyze verify: no systemd-analyze here (apt-get install systemd, or make deps)"
  skip "systemd-analyze security: no systemd-analyze here"
else
  # Documentation=man:... is checked against our pages, then the system's (jackd(1)).
  export MANPATH="$ROOT/man:"
  man_opt=()
  command -v man >/dev/null || man_opt=(--man=no)
  for u in "${units[@]}"; do
    out=$(systemd-analyze verify "${man_opt[@]}" "$u" 2>&1); rc=$?
    check "systemd-analyze verify $(basename "$u") is clean${out:+ ($out)}" test $rc -eq 0 -a -z "$out"
  done
  for u in "${units[@]}"; do
    n=$(basename "$u")
    line=$(systemd-analyze security --offline=true "$u" 2>&1 | grep 'Overall exposure level')
    fig=$(grep -oE '[0-9]+\.[0-9]+' <<<"$line" | tail -1)
    echo "     systemd-analyze security $n: ${fig:-?}"
    case "$n" in
      rtjam-broadcast*)
        check "$n: exposure ${fig:-?} <= 2.0" awk -v f="${fig:-99}" 'BEGIN { exit !(f <= 2.0) }' ;;
    esac
    if [ "$n" = rtjam-broadcast.service ]; then
      check "the README states this exposure (${fig:-?})" grep -q "exposure ${fig:-?} (OK)" "$ROOT/README.md"
    fi
  done
fi

b="$U/rtjam-broadcast.service"
for k in DynamicUser=yes CapabilityBoundingSet= NoNewPrivileges=yes ProtectSystem=strict Restart=always; do
  check "rtjam-broadcast.service has $k" grep -qx "$k" "$b"
done
j="$U/rtjam-jackd.service"
for k in LimitRTPRIO=95 LimitMEMLOCK=infinity Restart=always User=rtjam; do
  check "rtjam-jackd.service has $k" grep -qx "$k" "$j"
done
h="$U/rtjam-host.service"
for k in After=rtjam-jackd.service Restart=on-failure LimitRTPRIO=95 LimitMEMLOCK=infinity User=rtjam; do
  check "rtjam-host.service has $k" grep -qE "^${k%%=*}=(.* )?${k#*=}( |\$)" "$h"
done
# Every ${VAR} of jackd's command line is set in jackd.conf.
for v in $(grep '^ExecStart=' "$j" | grep -oE '\$\{?RTJAM_[A-Z_]+' | tr -d '${' | sort -u); do
  check "jackd.conf sets $v" grep -q "^$v=" "$ROOT/deploy/etc/jackd.conf"
done
check "the sysusers entry creates the user rtjam in group audio" \
  grep -qx 'm rtjam audio' "$ROOT/deploy/rtjam.sysusers"

# The default configs are accepted as they are.
( . "$ROOT/deploy/etc/broadcast.conf"
  # shellcheck disable=SC2086 # the service splits it the same way
  "$RTJAM_BIN/rtjam-broadcast" $RTJAM_BROADCAST_OPTS --status-file /run/x --version >/dev/null )
check "rtjam-broadcast accepts the options of broadcast.conf" test $? -eq 0
"$RTJAM_BIN/rtjam-host" --config "$ROOT/deploy/etc/host.json" --version >/dev/null 2>&1
check "rtjam-host accepts host.json" test $? -eq 0
finish
