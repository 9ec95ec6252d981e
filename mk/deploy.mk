# SPDX-License-Identifier: ISC
# What `make install` puts around the binaries (docs/deploy.md): systemd units, the sysusers
# entry for the player box's user, the server's sysctl limits (socket buffers), default configs
# in $(SYSCONFDIR)/rtjam (never overwritten), man pages and the documentation. Installing into
# the running system (no DESTDIR), it also creates the user rtjam (systemd-sysusers) and applies
# the sysctl limits, as the packages' maintainer scripts do.
#
#   make install PREFIX=/usr SYSCONFDIR=/etc SYSTEMDUNITDIR=/lib/systemd/system DESTDIR=...

SYSCONFDIR     ?= /etc
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR    ?= $(PREFIX)/lib/sysusers.d
SYSCTLDIR      ?= $(PREFIX)/lib/sysctl.d
MANDIR         ?= $(PREFIX)/share/man
DOCDIR         ?= $(PREFIX)/share/doc/rtjam
JACKD          ?= /usr/bin/jackd

DEPLOY_UNITS   := $(sort $(wildcard deploy/*.service.in))
DEPLOY_CONFIGS := $(sort $(wildcard deploy/etc/*))
DEPLOY_DOCS    := README.md $(sort $(wildcard docs/*.md))
# Into the running system only (DESTDIR empty): the user rtjam of the units with User=rtjam
# (without it they fail with 217/USER), and the socket-buffer limits, now rather than at boot.
# A missing tool is skipped with a note; a sysctl refused (a container) only warns.
DEPLOY_LIVE = if command -v systemd-sysusers >/dev/null; then \
    echo "  systemd-sysusers $(SYSUSERSDIR)/rtjam.conf (the user rtjam)"; \
    systemd-sysusers $(SYSUSERSDIR)/rtjam.conf || exit 1; \
  else echo "  no systemd-sysusers: create the user rtjam (group audio) by hand"; fi && \
  { sysctl -q -p $(SYSCTLDIR)/60-rtjam-broadcast.conf 2>/dev/null || \
    echo "  sysctl -p $(SYSCTLDIR)/60-rtjam-broadcast.conf failed: applied at the next boot"; } &&

# host.json may hold rtjam-host's websocket token ("token"): installed 0640, and (as root,
# once the group exists) group rtjam, which rtjam-host.service reads it through
# (SupplementaryGroups=rtjam). A config installed earlier keeps its mode.
DEPLOY_HOST_JSON = if [ "$$(id -u)" = 0 ] && getent group rtjam >/dev/null; then \
    chgrp rtjam $(SYSCONFDIR)/rtjam/host.json || exit 1; fi &&

INSTALL_EXTRA += install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
    $(DESTDIR)$(SYSCTLDIR) $(DESTDIR)$(SYSCONFDIR)/rtjam $(DESTDIR)$(DOCDIR)/examples && \
  for u in $(DEPLOY_UNITS); do \
    deploy/subst.sh '$(BINDIR)' '$(SYSCONFDIR)' '$(JACKD)' <$$u >$(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$u .in) && \
    chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$(basename $$u .in) || exit 1; done && \
  install -m 0644 deploy/rtjam.sysusers $(DESTDIR)$(SYSUSERSDIR)/rtjam.conf && \
  install -m 0644 deploy/rtjam-broadcast.sysctl $(DESTDIR)$(SYSCTLDIR)/60-rtjam-broadcast.conf && \
  $(if $(DESTDIR),,$(DEPLOY_LIVE)) \
  for c in $(DEPLOY_CONFIGS); do d=$(DESTDIR)$(SYSCONFDIR)/rtjam/$$(basename $$c); \
    m=0644; case $$c in */host.json) m=0640 ;; esac; \
    [ -e $$d ] || install -m $$m $$c $$d || exit 1; done && \
  $(if $(DESTDIR),,$(DEPLOY_HOST_JSON)) \
  install -m 0644 $(DEPLOY_DOCS) $(DESTDIR)$(DOCDIR)/ && \
  install -m 0644 tools/demo/board.json $(DESTDIR)$(DOCDIR)/examples/board.json ;
UNINSTALL_EXTRA += rm -f $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(notdir $(DEPLOY_UNITS:.in=))) \
  $(DESTDIR)$(SYSUSERSDIR)/rtjam.conf $(DESTDIR)$(SYSCTLDIR)/60-rtjam-broadcast.conf && rm -rf $(DESTDIR)$(DOCDIR) ;
