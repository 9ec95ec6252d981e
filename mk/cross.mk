# SPDX-License-Identifier: ISC
# arm64 (the Raspberry Pi) from an amd64 Debian 12 machine. See tests/arm64/README.md.
#
#   make deps-cross     the cross compiler, qemu-user, the arm64 libraries (root)
#   make CROSS=aarch64-linux-gnu- [BUILD=build/arm64]   a cross build
#   make check-arm64    cross build into $(BUILD)/arm64 and run every unit test under qemu-aarch64
#
# libwebsockets-dev cannot be installed for arm64 beside the amd64 one: both ship
# /usr/include/lws_config.h (which differs between the two). deps-cross therefore installs
# every other -dev package for arm64 the Debian way (multiarch), and unpacks
# libwebsockets-dev:arm64 with dpkg-deb -x into CROSS_SYSROOT, outside dpkg's database, so
# the amd64 package stays as it is; its own dependencies (libssl-dev, libcap-dev...) install
# for arm64 normally. A cross build reads pkg-config files from CROSS_SYSROOT first (its
# libwebsockets.pc points there), then from /usr/lib/<triplet>/pkgconfig.

CROSS_TRIPLET := $(patsubst %-,%,$(or $(CROSS),aarch64-linux-gnu-))
CROSS_DEBARCH := $(if $(filter aarch64%,$(CROSS_TRIPLET)),arm64,$(if $(filter arm%,$(CROSS_TRIPLET)),armhf,$(CROSS_TRIPLET)))
CROSS_SYSROOT ?= /opt/rtjam-cross/$(CROSS_TRIPLET)
QEMU_AARCH64  ?= $(firstword $(shell command -v qemu-aarch64-static qemu-aarch64 2>/dev/null))

ifneq ($(CROSS),)
  ifneq ($(origin PKG_CONFIG),command line)
    PKG_CONFIG := env PKG_CONFIG_LIBDIR=$(CROSS_SYSROOT)/usr/lib/$(CROSS_TRIPLET)/pkgconfig:/usr/lib/$(CROSS_TRIPLET)/pkgconfig:/usr/share/pkgconfig pkg-config
  endif
endif

DEB_CROSS_PACKAGES := crossbuild-essential-arm64 qemu-user-static \
  libjack-jackd2-dev:arm64 liblilv-dev:arm64 libcjson-dev:arm64 libcurl4-openssl-dev:arm64 \
  libwebsockets17:arm64 libcap-dev:arm64 libssl-dev:arm64 libuv1-dev:arm64 libev-dev:arm64 \
  zlib1g-dev:arm64 lv2-dev

.PHONY: deps-cross check-arm64 check-qemu check-arm64-ice
deps-cross:
	@if ! dpkg --print-foreign-architectures | grep -qx arm64; then \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps-cross: run as root (dpkg --add-architecture arm64)" >&2; exit 1; fi; \
	  echo "make deps-cross: dpkg --add-architecture arm64"; dpkg --add-architecture arm64 && \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q; fi
	$(call apt_install,$(DEB_CROSS_PACKAGES),deps-cross)
	@pc=$(CROSS_SYSROOT)/usr/lib/aarch64-linux-gnu/pkgconfig/libwebsockets.pc; \
	want=$$(dpkg-query -W -f='$${Version}' libwebsockets17:arm64); \
	if [ -f $$pc ] && [ "$$(cat $(CROSS_SYSROOT)/version 2>/dev/null)" = "$$want" ]; then \
	  echo "make deps-cross: libwebsockets-dev:arm64 $$want already in $(CROSS_SYSROOT)"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ] && ! mkdir -p $(CROSS_SYSROOT) 2>/dev/null; then \
	  echo "make deps-cross: cannot write $(CROSS_SYSROOT) (run as root, or set CROSS_SYSROOT)" >&2; exit 1; fi; \
	echo "make deps-cross: libwebsockets-dev:arm64 $$want -> $(CROSS_SYSROOT) (dpkg-deb -x)"; \
	tmp=$$(mktemp -d) && chmod 0755 $$tmp && (cd $$tmp && apt-get download -q "libwebsockets-dev:arm64=$$want") && \
	rm -rf $(CROSS_SYSROOT) && mkdir -p $(CROSS_SYSROOT) && \
	dpkg-deb -x $$tmp/libwebsockets-dev_*_arm64.deb $(CROSS_SYSROOT) && rm -rf $$tmp && \
	sed -i 's|^prefix=.*|prefix=$(CROSS_SYSROOT)/usr|' $$pc && \
	ln -sf /usr/lib/aarch64-linux-gnu/$$(readlink $(CROSS_SYSROOT)/usr/lib/aarch64-linux-gnu/libwebsockets.so) \
	  $(CROSS_SYSROOT)/usr/lib/aarch64-linux-gnu/libwebsockets.so && \
	echo "$$want" >$(CROSS_SYSROOT)/version

# The unit tests of the arm64 build under qemu-user: one wrapper script per test (tests/run.sh
# runs them like native binaries).
#
# QEMU_LD_PREFIX is / (Debian's multiarch libc6:arm64, which the :arm64 packages above bring),
# NOT /usr/aarch64-linux-gnu (the cross toolchain's libc6-arm64-cross). With the latter, qemu
# takes ld-linux-aarch64.so.1 from the cross libc (2.36-8cross1) but libc.so.6 from
# /lib/aarch64-linux-gnu (2.36-9+deb12u*: the prefix has no lib/aarch64-linux-gnu, so qemu
# falls back to the real path). The two builds disagree on glibc's private loader state, and
# the first pthread_create waits forever on a futex: every threaded test "hangs under qemu",
# while single-threaded ones pass. One consistent libc (either one) fixes it.
QEMU_LD_PREFIX ?= $(if $(wildcard /lib/ld-linux-aarch64.so.1),/,/usr/$(CROSS_TRIPLET))
check-arm64:
	$(Q)$(MAKE) --no-print-directory CROSS=aarch64-linux-gnu- BUILD=$(BUILD)/arm64 check-qemu

QEMU_WRAP := $(B)/qemu
check-qemu: all $(UNIT_BINS)
	@test -n "$(QEMU_AARCH64)" || { echo "check-arm64: no qemu-aarch64 (make deps-cross)" >&2; exit 1; }
	@mkdir -p $(QEMU_WRAP)
	@for t in $(UNIT_BINS); do \
	  printf '#!/bin/sh\nexport QEMU_LD_PREFIX=%s\nexec %s %s "$$@"\n' $(QEMU_LD_PREFIX) \
	    '$(QEMU_AARCH64)' $(abspath $$t) >$(QEMU_WRAP)/$$(basename $$t) && chmod +x $(QEMU_WRAP)/$$(basename $$t); done
	@file -b $(firstword $(UNIT_BINS)) | cut -d, -f1-2
	$(Q)$(TEST_ENV) tests/run.sh $(addprefix $(QEMU_WRAP)/,$(notdir $(UNIT_BINS)))

# Does this cross compiler still have the GCC 12.2 fmax-reduction ICE? (informational)
check-arm64-ice:
	@if $(or $(CROSS),aarch64-linux-gnu-)gcc -O2 -c tests/arm64/gcc12-fmax-ice.c -o /dev/null 2>/dev/null; \
	then echo "$(or $(CROSS),aarch64-linux-gnu-)gcc: no ICE on tests/arm64/gcc12-fmax-ice.c"; \
	else echo "$(or $(CROSS),aarch64-linux-gnu-)gcc: still has the vect_transform_reduction ICE (our sources avoid it)"; fi

# Debian 12's native arm64 compiler (cc1 of cpp-12:arm64) under qemu on the reproducer and the
# seven tests that used to hit its ICE (minutes; needs check-arm64's generated headers).
.PHONY: check-arm64-native-gcc
check-arm64-native-gcc:
	$(Q)$(MAKE) --no-print-directory CROSS=aarch64-linux-gnu- BUILD=$(BUILD)/arm64 lv2
	$(Q)RTJAM_BUILD=$(BUILD) tests/arm64/native_cc1.sh
