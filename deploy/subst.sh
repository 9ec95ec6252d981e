#!/bin/sh
# SPDX-License-Identifier: ISC
# deploy/subst.sh BINDIR SYSCONFDIR JACKD < UNIT.in > UNIT
# Fills in a unit template: the paths, and the sandbox of deploy/hardening.conf at @HARDENING@.
# Used by `make install` and by tests/integration/deploy_units.sh.
set -eu
here=$(dirname "$0")
sed -e "s|@BINDIR@|$1|g; s|@SYSCONFDIR@|$2|g; s|@JACKD@|$3|g" \
  -e "/^@HARDENING@\$/{r $here/hardening.conf" -e "d}"
