#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Commands the docs show, as a new user copies them:
#   - no doc, man page source or printed hint sets a relative LV2_PATH: lilv takes a relative
#     entry for a URI ("attempt to map invalid URI 'build/lv2/rtjam.lv2/'") and lv2ls, jalv
#     and lv2file crash; the docs say LV2_PATH=$PWD/build/lv2;
#   - README's one-test command (make check-one T=...) exists, and its demo length is demo.sh's;
#   - docs/deploy.md and docs/server.md give README's measured jammers per core (with GSO);
#   - README's Ardour/jalv quick start names rtjam-net's room controls and outputs as the
#     bundle's rtjam-net.ttl has them.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lv2/lib.sh"

cd "$ROOT" || exit 1
files=$(git ls-files 'README.md' 'docs/*' 'man/*' 'debian/*' 'tests/*.sh' 'tools/*' 'mk/*.mk' \
  'Makefile' 2>/dev/null)
[ -n "$files" ] || files=$(find README.md docs man debian tests tools mk Makefile -type f 2>/dev/null)
# LV2_PATH=VALUE where VALUE (after an optional quote) starts with none of / $ ~ (or \$ in a
# message).
bad=$(grep -nE "LV2_PATH=[\"']?[^\"'\$/~\\[:space:]]" $files 2>/dev/null | grep -v '^tests/integration/docs_commands.sh:')
check "no doc shows a relative LV2_PATH${bad:+ (found: $(echo "$bad" | cut -d: -f1,2 | tr '\n' ' '))}" \
  test -z "$bad"
n=$(grep -c 'LV2_PATH=\$PWD/build/lv2' README.md docs/pedals.md | awk -F: '{ s += $2 } END { print s }')
check "README.md and docs/pedals.md show LV2_PATH=\$PWD/build/lv2 ($n times)" test "$n" -ge 4

grep -q 'make check-one T=tests/integration/demo.sh' README.md &&
  make -n -C "$ROOT" check-one T=tests/integration/demo.sh 2>/dev/null | grep -q 'tests/run.sh tests/integration/demo.sh'
check "README's 'make check-one T=tests/integration/demo.sh' runs that test through tests/run.sh" test $? -eq 0
secs=$(grep -oE 'DEMO_SECONDS=[0-9]+' tests/integration/demo.sh | head -1 | cut -d= -f2)
tr '\n' ' ' <README.md | grep -qE "runs it headless for about ${secs:-?} s"
check "README gives the demo test's length as demo.sh runs it (${secs:-?} s)" test $? -eq 0

# flat FILE: the file on one line, runs of blanks squeezed (a phrase may wrap).
flat() { tr '\n' ' ' <"$1" | tr -s ' '; }
per_core=$(flat README.md | grep -oE '0 loss to [0-9]+ jammers per core' | head -1 | grep -oE '[0-9]+ jammers' | cut -d' ' -f1)
flat docs/deploy.md | grep -q "one core carries ${per_core:-?} jammers with 0 loss" &&
  flat docs/server.md | grep -q "0 loss to ${per_core:-?} jammers per core"
check "docs/deploy.md and docs/server.md give README's ${per_core:-?} jammers per core with GSO" test $? -eq 0

quick=$(sed -n '/^### In Ardour or jalv/,/^## /p' README.md)
missing=""
for sym in room_ip_1 room_ip_4 room_port room_client_id out_l out_r player_01 player_22; do
  grep -q "$sym" <<<"$quick" && grep -q "lv2:symbol \"$sym\"" "$RTJAM_LV2/rtjam.lv2/rtjam-net.ttl" ||
    missing="$missing $sym"
done
check "README's Ardour/jalv quick start names the room controls and outputs of rtjam-net.ttl${missing:+ (missing:$missing)}" \
  test -n "$quick" -a -z "$missing"
finish
