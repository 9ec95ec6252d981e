# SPDX-License-Identifier: ISC
# Debian packages (debian/): rtjam-broadcast, rtjam-host, rtjam-lv2, rtjam-tools.
#
#   make deb         dpkg-buildpackage -us -uc -b on a copy of the tree in $(BUILD)/deb/src
#                    (without .git: GIT_HASH, the commit sent as gitHash, is passed along);
#                    the .debs and .changes land in $(BUILD)/deb/. In a git tree the copy's
#                    debian/changelog gets an entry of version VERSION+gitYYYYMMDD.HASH (the
#                    commit's date and hash, e.g. 0.1.0+git20261207.f3d7aaa), so that each
#                    commit's packages upgrade the last ones (`apt install ./rtjam-*.deb`
#                    keeps an installed package of the same version); the tree is untouched.
#   make check-deb   make deb, lintian (no errors allowed), and tests/deb/install.sh: the
#                    .debs installed with apt into a fresh debootstrap'ed Debian 12 root,
#                    where every binary must answer --version (root, network; minutes)
#
# Both are outside `make check` (slow, root, network). Tools: make deps (debhelper, lintian,
# dpkg-dev, fakeroot) and debootstrap.

DEB_OUT := $(BUILD)/deb
# The snapshot version (empty outside git: debian/changelog's own version, VERSION).
DEB_GIT_DATE := $(shell git log -1 --format=%cd --date=format:%Y%m%d 2>/dev/null)
DEB_SNAPSHOT := $(if $(DEB_GIT_DATE),$(BASE_VERSION)+git$(DEB_GIT_DATE).$(GIT_HASH))
# The debootstrap'ed roots of check-deb (a cached base, and a copy per run), outside the tree.
DEB_ROOTS ?= /var/tmp/rtjam-deb
# debian/rules runs `make check-unit` unless DEB_BUILD_OPTIONS has nocheck (the unit tests drive
# their own clocks, so they give the same answer on a loaded build machine).

.PHONY: deb check-deb
deb:
	@rm -rf $(DEB_OUT)/src && mkdir -p $(DEB_OUT)/src/rtjam
	$(Q)tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C $(DEB_OUT)/src/rtjam
	$(Q)rm -f $(DEB_OUT)/*.deb $(DEB_OUT)/*.changes $(DEB_OUT)/*.buildinfo
	$(if $(DEB_SNAPSHOT),$(Q)cd $(DEB_OUT)/src/rtjam && \
	  { printf 'rtjam (%s) bookworm; urgency=medium\n\n  * Snapshot of commit %s.\n\n -- %s  %s\n\n' \
	      '$(DEB_SNAPSHOT)' '$(GIT_HASH)' "$$(dpkg-parsechangelog -S Maintainer)" \
	      "$$(git -C $(CURDIR) log -1 --format=%cD)"; cat debian/changelog; } >debian/changelog.new && \
	  mv debian/changelog.new debian/changelog)
	$(Q)cd $(DEB_OUT)/src/rtjam && GIT_HASH=$(GIT_HASH) dpkg-buildpackage -us -uc -b
	$(Q)mv $(DEB_OUT)/src/*.deb $(DEB_OUT)/src/*.changes $(DEB_OUT)/src/*.buildinfo $(DEB_OUT)/
	@ls -1 $(DEB_OUT)/*.deb

check-deb: deb
	@echo "  LINT   lintian $(DEB_OUT)/*.changes"
	$(Q)lintian --fail-on error --info $(DEB_OUT)/*.changes
	$(Q)tests/deb/install.sh $(DEB_OUT) $(DEB_ROOTS)
