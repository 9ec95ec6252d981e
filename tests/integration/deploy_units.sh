#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The systemd units of deploy/ as make install writes them (paths pointing at this build):
#   - systemd-analyze verify is silent on every unit (syntax, executables, man pages);
#   - systemd-analyze security: exposure of the broadcast units 2.0 or less (figures printed);
#   - the real-time limits and restart policies the player box needs;
#   - RestrictAddressFamilies= allows what the binaries open: the families each unit needs, and
#     rtjam-broadcast --control-port and rtjam-host run in those families (restrict_af.py);
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
# Recording: ProtectSystem=strict leaves the state directory writable, and nothing else of the
# disk; --record-dir as the shipped config and docs/deploy.md show it must be in there.
check "rtjam-broadcast.service has StateDirectory=rtjam-broadcast (for --record-dir)" \
  grep -qx StateDirectory=rtjam-broadcast "$b"
check "rtjam-broadcast@.service has a state directory per instance, rtjam-broadcast/%i" \
  grep -qx 'StateDirectory=rtjam-broadcast/%i' "$U/rtjam-broadcast@.service"
check "broadcast.conf shows --record-dir in the state directory" \
  grep -q -- '--record-dir /var/lib/rtjam-broadcast\b' "$ROOT/deploy/etc/broadcast.conf"
for d in '--record-dir /var/lib/rtjam-broadcast`' '--record-dir /var/lib/rtjam-broadcast/NAME`'; do
  check "docs/deploy.md shows $d" grep -qF -- "$d" "$ROOT/docs/deploy.md"
done
# The status file is 0600 (UMask=0077, DynamicUser): the docs read it with sudo.
if grep -qx UMask=0077 "$b"; then
  bad=$(grep -nE '(^|[^o] )cat /run/rtjam-broadcast' "$ROOT/README.md" "$ROOT/docs/deploy.md")
  check "the docs read /run/rtjam-broadcast*/status.json (0600) with sudo${bad:+ ($bad)}" test -z "$bad"
fi
j="$U/rtjam-jackd.service"
for k in LimitRTPRIO=95 LimitMEMLOCK=infinity Restart=always User=rtjam; do
  check "rtjam-jackd.service has $k" grep -qx "$k" "$j"
done
h="$U/rtjam-host.service"
# SupplementaryGroups=rtjam: host.json is root:rtjam 0640 (it may hold the token).
for k in After=rtjam-jackd.service Restart=on-failure LimitRTPRIO=95 LimitMEMLOCK=infinity User=rtjam \
  SupplementaryGroups=rtjam; do
  check "rtjam-host.service has $k" grep -qE "^${k%%=*}=(.* )?${k#*=}( |\$)" "$h"
done
# RestrictAddressFamilies= (systemd.exec(5)): socket() of any other family fails with
# EAFNOSUPPORT. What the binaries open: UDP and TCP sockets (AF_INET, AF_INET6); AF_NETLINK for
# libwebsockets, which calls getifaddrs(3) (a netlink socket) when it binds a listener, even to
# 127.0.0.1, so the control websocket (rtjam-broadcast --control-port, rtjam-host's --ws-port)
# fails without it ("unable to getifaddrs: errno 97"); AF_UNIX for JACK's server sockets.
need_af() { # need_af UNIT FAMILY WHY
  local line
  line=$(grep '^RestrictAddressFamilies=' "$1" | tail -1)
  check "$(basename "$1") allows $2 ($3)" \
    bash -c '[ -z "$1" ] || grep -qw -- "$2" <<<"${1#*=}"' _ "$line" "$2"
}
for u in "$b" "$U/rtjam-broadcast@.service"; do
  need_af "$u" AF_INET "rooms, nation link"
  need_af "$u" AF_INET6 "rooms bind [::]"
  need_af "$u" AF_NETLINK "libwebsockets' getifaddrs for --control-port"
done
need_af "$h" AF_UNIX "JACK's server sockets"
need_af "$h" AF_INET "room, websocket"
need_af "$h" AF_INET6 "room, websocket"
need_af "$h" AF_NETLINK "libwebsockets' getifaddrs for the websocket"
need_af "$j" AF_UNIX "JACK's server sockets"
# The same, run: each binary in its unit's families, its websocket answering on loopback.
families() { grep '^RestrictAddressFamilies=' "$1" | tail -1 | cut -d= -f2; }
BASE=$((25600 + RANDOM % 300))
# ctl PORT OP...: rtjam-ctl to 127.0.0.1:PORT (it retries the connection for 10 s); sets out, rc.
ctl() {
  local port=$1
  shift
  out=$(env -u RTJAM_TOKEN "$RTJAM_BIN/rtjam-ctl" 127.0.0.1 "$port" "$@" 2>&1); rc=$?
}
if ! command -v python3 >/dev/null; then
  skip "rtjam-broadcast --control-port in the unit's address families: no python3 here"
  skip "rtjam-host's websocket in the unit's address families: no python3 here"
else
  AF="$HERE/deploy/restrict_af.py"
  fam=$(families "$b")
  spawn python3 "$AF" "$fam" "$RTJAM_BIN/rtjam-broadcast" --port "$BASE" \
    --control-port $((BASE + 1)) >"$T_TMP/bcast.log" 2>&1
  ctl $((BASE + 1)) send status reply 5
  check "rtjam-broadcast --control-port answers in the families of its unit ($fam): '$out'" \
    test $rc -eq 0
  check "and logs no getifaddrs error" bash -c "! grep getifaddrs '$T_TMP/bcast.log'"
  fam=$(families "$h")
  printf '{"jackName":"afhost","wsPort":%d,"noConnect":true}\n' $((BASE + 2)) >"$T_TMP/af-host.json"
  spawn env JACK_DEFAULT_SERVER="rtjam-deploy-units-$$" LV2_PATH="$RTJAM_LV2" python3 "$AF" "$fam" \
    "$RTJAM_BIN/rtjam-host" --config "$T_TMP/af-host.json" >"$T_TMP/host.log" 2>&1
  ctl $((BASE + 2)) send '{"param":1005}' expect pedalTypes 10
  check "rtjam-host's websocket answers in the families of its unit ($fam)" \
    bash -c '[ "$1" -eq 0 ] && grep -q pedalTypes <<<"$2"' _ "$rc" "$out"
fi

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
