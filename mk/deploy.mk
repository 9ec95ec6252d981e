# SPDX-License-Identifier: ISC
# What `make install` puts around the binaries (docs/deploy.md): systemd units, the sysusers
# entry for the player box's user, default configs in $(SYSCONFDIR)/rtjam (never overwritten),
# man pages and the documentation. Installing into the running system (no DESTDIR), it also
# creates the user rtjam (systemd-sysusers), as the package's maintainer script does.
#
#   make install PREFIX=/usr SYSCONFDIR=/etc SYSTEMDUNITDIR=/lib/systemd/system DESTDIR=...

SYSCONFDIR     ?= /etc
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR    ?= $(PREFIX)/lib/sysusers.d
MANDIR         ?= $(PREFIX)/share/man
DOCDIR         ?= $(PREFIX)/share/doc/rtjam
JACKD          ?= /usr/bin/jackd

DEPLOY_UNITS   := $(sort $(wildcard deploy/*.service.in))
DEPLOY_CONFIGS := $(sort $(wildcard deploy/etc/*))
DEPLOY_DOCS    := README.md $(sort $(wildcard docs/*.md))
# Into the running system only (DESTDIR empty): the user rtjam of the units with User=rtjam
# (without it they fail with 217/USER). Without systemd-sysusers, a note.
DEPLOY_LIVE = if command -v systemd-sysusers >/dev/null; then \
    echo "  systemd-sysusers $(SYSUSERSDIR)/rtjam.conf (the user rtjam)"; \
    systemd-sysusers $(SYSUSERSDIR)/rtjam.conf || exit 1; \
  else echo "  no systemd-sysusers: create the user rtjam (group audio) by hand"; fi &&

INSTALL_EXTRA += install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
    $(DESTDIR)$(SYSCONFDIR)/rtjam $(DESTDIR)$(DOCDIR)/examples && \
  for u in $(DEPLOY_UNITS); do \
    deploy/subst.sh '$(BINDIR)' '$(SYSCONFDIR)' '$(JACKD)' <$$u >$(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$u .in) && \
    chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$u .in) || exit 1; done && \
  install -m 0644 deploy/rtjam.sysusers $(DESTDIR)$(SYSUSERSDIR)/rtjam.conf && \
  $(if $(DESTDIR),,$(DEPLOY_LIVE)) \
  for c in $(DEPLOY_CONFIGS); do d=$(DESTDIR)$(SYSCONFDIR)/rtjam/$$(basename $$c); \
    [ -e $$d ] || install -m 0644 $$c $$d || exit 1; done && \
  install -m 0644 $(DEPLOY_DOCS) $(DESTDIR)$(DOCDIR)/ && \
  install -m 0644 tools/demo/board.json $(DESTDIR)$(DOCDIR)/examples/board.json ;
UNINSTALL_EXTRA += rm -f $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(notdir $(DEPLOY_UNITS:.in=))) \
  $(DESTDIR)$(SYSUSERSDIR)/rtjam.conf && rm -rf $(DESTDIR)$(DOCDIR) ;
