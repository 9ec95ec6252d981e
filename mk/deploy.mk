# SPDX-License-Identifier: ISC
# What `make install` puts around the binaries (docs/deploy.md): systemd units, the sysusers
# entry for the player box's user, default configs in $(SYSCONFDIR)/rtjam (never overwritten),
# man pages and the documentation.
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

INSTALL_EXTRA += install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
    $(DESTDIR)$(SYSCONFDIR)/rtjam $(DESTDIR)$(DOCDIR)/examples && \
  for u in $(DEPLOY_UNITS); do \
    deploy/subst.sh '$(BINDIR)' '$(SYSCONFDIR)' '$(JACKD)' <$$u >$(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$u .in) && \
    chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$u .in) || exit 1; done && \
  install -m 0644 deploy/rtjam.sysusers $(DESTDIR)$(SYSUSERSDIR)/rtjam.conf && \
  for c in $(DEPLOY_CONFIGS); do d=$(DESTDIR)$(SYSCONFDIR)/rtjam/$$(basename $$c); \
    [ -e $$d ] || install -m 0644 $$c $$d || exit 1; done && \
  install -m 0644 $(DEPLOY_DOCS) $(DESTDIR)$(DOCDIR)/ && \
  install -m 0644 tools/demo/board.json $(DESTDIR)$(DOCDIR)/examples/board.json ;
UNINSTALL_EXTRA += rm -f $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(notdir $(DEPLOY_UNITS:.in=))) \
  $(DESTDIR)$(SYSUSERSDIR)/rtjam.conf && rm -rf $(DESTDIR)$(DOCDIR) ;
