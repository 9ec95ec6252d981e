# SPDX-License-Identifier: ISC
# Debian packages (debian/): rtjam-broadcast, rtjam-host, rtjam-lv2, rtjam-tools.
#
#   make deb         dpkg-buildpackage -us -uc -b on a copy of the tree in $(BUILD)/deb/src
#                    (without .git: GIT_HASH, the commit sent as gitHash, is passed along);
#                    the .debs and .changes land in $(BUILD)/deb/
#   make check-deb   make deb, lintian (no errors allowed), and tests/deb/install.sh: the
#                    .debs installed with apt into a fresh debootstrap'ed Debian 12 root,
#                    where every binary must answer --version (root, network; minutes)
#
# Both are outside `make check` (slow, root, network). Tools: make deps (debhelper, lintian,
# dpkg-dev, fakeroot) and debootstrap.

DEB_OUT := $(BUILD)/deb
# The debootstrap'ed roots of check-deb (a cached base, and a copy per run), outside the tree.
DEB_ROOTS ?= /var/tmp/rtjam-deb
# debian/rules runs `make check-unit` unless DEB_BUILD_OPTIONS has nocheck (the unit tests drive
# their own clocks, so they give the same answer on a loaded build machine).

.PHONY: deb check-deb
deb:
	@rm -rf $(DEB_OUT)/src && mkdir -p $(DEB_OUT)/src/rtjam
	$(Q)tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C $(DEB_OUT)/src/rtjam
	$(Q)rm -f $(DEB_OUT)/*.deb $(DEB_OUT)/*.changes $(DEB_OUT)/*.buildinfo
	$(Q)cd $(DEB_OUT)/src/rtjam && GIT_HASH=$(GIT_HASH) dpkg-buildpackage -us -uc -b
	$(Q)mv $(DEB_OUT)/src/*.deb $(DEB_OUT)/src/*.changes $(DEB_OUT)/src/*.buildinfo $(DEB_OUT)/
	@ls -1 $(DEB_OUT)/*.deb

check-deb: deb
	@echo "  LINT   lintian $(DEB_OUT)/*.changes"
	$(Q)lintian --fail-on error --info $(DEB_OUT)/*.changes
	$(Q)tests/deb/install.sh $(DEB_OUT) $(DEB_ROOTS)
