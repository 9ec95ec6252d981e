#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Man pages (man/man1/NAME.1, installed by make install) against the binaries:
#   - every binary has one, and it renders without warnings;
#   - every option that NAME --help lists is in the page;
#   - every /usr/share/doc/PACKAGE/FILE it names is one that package ships;
#   - where help2man is installed, regenerating the page (make man) changes nothing.
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lv2/lib.sh"

base=$(cat "$ROOT/VERSION")
for exe in "$RTJAM_BIN"/rtjam-*; do
  n=$(basename "$exe")
  page="$ROOT/man/man1/$n.1"
  if [ ! -f "$page" ]; then
    not_ok "$n has a man page (man/man1/$n.1; run make man)"
    continue
  fi
  ok "$n has a man page"
  text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$page")
  opts=$("$exe" --help | grep -E '^ +-' | grep -oE '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | tr -d ' ,' | sort -u)
  missing=""
  count=0
  for o in $opts; do
    count=$((count + 1))
    grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" <<<"$text" || missing="$missing $o"
  done
  check "all $count options of $n --help are in its man page${missing:+ (missing:$missing)}" \
    test -z "$missing" -a "$count" -gt 1
  # Documentation a page names in /usr/share/doc/PACKAGE/ is shipped there by that package
  # (debian/PACKAGE.docs; dh_compress adds .gz). make install's PREFIX/share/doc/rtjam is not
  # such a path.
  for d in $(grep -oE '/usr/share/doc/[a-z0-9-]+/[A-Za-z0-9_.-]*[A-Za-z0-9]' <<<"$text" | sort -u); do
    pkg=${d#/usr/share/doc/}; pkg=${pkg%%/*}; f=$(basename "$d" .gz)
    check "$n.1 names $d: package $pkg ships $f (debian/$pkg.docs)" \
      bash -c '[ -f "$1" ] && grep -qE "(^|/)$2\$" "$1"' _ "$ROOT/debian/$pkg.docs" "$f"
  done
  if command -v man >/dev/null; then
    warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    check "man -l $n.1 renders without warnings${warn:+ ($warn)}" test -z "$warn"
  else
    skip "$n.1 renders: no man here"
  fi
  if command -v help2man >/dev/null; then
    help2man --no-info --no-discard-stderr --section=1 --source=RTJam --manual="RTJam manual" \
      --version-string="$base" --include="$ROOT/man/$n.h2m" --output="$T_TMP/$n.1" "$exe" 2>/dev/null
    # The header comment and the .TH line carry the generation date.
    if diff <(grep -v '^\.TH\|^\.\\"' "$page") <(grep -v '^\.TH\|^\.\\"' "$T_TMP/$n.1") >"$T_TMP/$n.diff"; then
      ok "man/man1/$n.1 is what help2man makes of $n --help now"
    else
      not_ok "man/man1/$n.1 is out of date: run make man ($(head -c 300 "$T_TMP/$n.diff" | tr '\n' ' '))"
    fi
  else
    skip "$n.1 up to date: no help2man here (apt-get install help2man)"
  fi
done
finish
