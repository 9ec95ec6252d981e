# SPDX-License-Identifier: ISC
# RTJam: one entry point for build, check, install, lint, deps (and later demo, bench).
#
#   make                 build everything into build/
#   make check           build and run every test; closes with "N passed, N failed"
#   make check SANITIZE=1        the same under ASan + UBSan + float-cast-overflow (build/asan/)
#   make check SANITIZE=thread   unit tests under TSan (objects in build/tsan/)
#   make fuzz FUZZ_SECONDS=60    every libFuzzer target (clang) for N s each; make fuzz-cov
#   make soak SOAK_SECONDS=600   the whole system under churn and faults, ASan + LSan (60 s in check)
#   make install PREFIX=/usr/local DESTDIR=...
#   make deps            install the Debian packages (root, non-interactive)
#   V=1                  show the commands

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LV2DIR     ?= $(PREFIX)/lib/lv2
PKG_CONFIG ?= pkg-config
CC         ?= cc
CFLAGS     ?= -O2 -g

# Cross builds: make CROSS=aarch64-linux-gnu- (mk/cross.mk: the compiler, ar, pkg-config on the
# sysroot of `make deps-cross`). Programs that run during the build (the Turtle generators)
# are always compiled with BUILD_CC, the build machine's compiler.
BUILD_CC   ?= cc
ifneq ($(CROSS),)
  ifeq ($(origin CC),default)
    CC := $(CROSS)gcc
  endif
  ifeq ($(origin AR),default)
    AR := $(CROSS)ar
  endif
endif

# The version every binary prints (--version, -V): `git describe` of a v* tag ("0.2.0",
# "0.2.0-3-gabc1234"), or the VERSION file plus the commit when no tag exists yet
# ("0.1.0-g1fccdc4"), "-dirty" for uncommitted changes; without git, the VERSION file alone.
# Packagers pass the package's version: make VERSION=0.1.0-1 (debian/rules does).
BASE_VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
ifeq ($(origin VERSION),undefined)
  GIT_DESCRIBE := $(shell git describe --tags --match 'v[0-9]*' --always --dirty 2>/dev/null)
  VERSION := $(if $(GIT_DESCRIBE),$(if $(filter v%,$(GIT_DESCRIBE)),$(patsubst v%,%,$(GIT_DESCRIBE)),$(BASE_VERSION)-g$(GIT_DESCRIBE)),$(BASE_VERSION))
endif
# The commit the build comes from (`git rev-parse --short HEAD`), sent to rtjam-nation as
# gitHash as the original units send theirs; outside a git tree (a .deb built from a tarball)
# the version instead. Packagers may pass GIT_HASH=...
GIT_HASH ?= $(shell git rev-parse --short HEAD 2>/dev/null)
ifeq ($(strip $(GIT_HASH)),)
  override GIT_HASH := $(VERSION)
endif

# Required flags: added on top of the user's CFLAGS (STYLE.md item 15).
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wcast-qual -Wwrite-strings \
            -Wstrict-prototypes -Wmissing-prototypes -Wswitch-enum -Wpointer-arith \
            -Wvla -Wformat=2 -Wundef
override CFLAGS   += -std=c11 -D_GNU_SOURCE -fPIC $(WARNINGS) -MMD -MP -Icommon -I.
override LDLIBS   += -lm -lpthread

# BUILD: the output tree (parallel work trees may use their own, e.g. BUILD=build/alt).
BUILD ?= build
ifeq ($(SANITIZE),1)
  B := $(BUILD)/asan
  override CFLAGS  += -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all
  override LDFLAGS += -fsanitize=address,undefined,float-cast-overflow
else ifeq ($(SANITIZE),fuzz)
  # libFuzzer targets (tests/fuzz/, mk/fuzz.mk): clang, ASan + UBSan + float-cast-overflow.
  B  := $(BUILD)/fuzz
  CC := clang
  override CFLAGS  += -fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow \
                      -fno-omit-frame-pointer -fno-sanitize-recover=all
  override LDFLAGS += -fsanitize=address,undefined,float-cast-overflow
else ifeq ($(SANITIZE),fuzzcov)
  # The same targets with source-based coverage, to replay a corpus for llvm-cov.
  B  := $(BUILD)/fuzzcov
  CC := clang
  override CFLAGS  += -fsanitize=fuzzer-no-link -fprofile-instr-generate -fcoverage-mapping
  override LDFLAGS += -fprofile-instr-generate -fcoverage-mapping
else ifeq ($(SANITIZE),thread)
  B := $(BUILD)/tsan
  override CFLAGS  += -fsanitize=thread -fno-omit-frame-pointer
  override LDFLAGS += -fsanitize=thread
else
  B := $(BUILD)
endif

ifeq ($(V),1)
  Q :=
  say = @true
else
  Q := @
  say = @printf '  %-6s %s\n' $(1) $(2)
endif

BIN  := $(B)/bin
VERSION_STAMP := $(B)/gen/version.txt
OBJ  := $(B)/obj
TBIN := $(B)/tests

# pkg-config, evaluated lazily so that `make deps` works before anything is installed.
# $(call pkg,NAME,DEBIAN-PACKAGE) fails the build with the package to install.
pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)
need_pkg   = @$(PKG_CONFIG) --exists $(1) || { echo "missing pkg-config module '$(1)': apt-get install $(2) (or run 'make deps')" >&2; exit 1; }

# ---------------------------------------------------------------------------
# common/: libjam, the core library (depends on nothing of ours)
COMMON_SRC := $(sort $(wildcard common/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(OBJ)/%.o)
LIBJAM     := $(B)/lib/libjam.a

# server/: rtjam-broadcast
SERVER_SRC := $(sort $(wildcard server/*.c))
SERVER_OBJ := $(SERVER_SRC:%.c=$(OBJ)/%.o)
SERVER_BIN := $(if $(SERVER_SRC),$(BIN)/rtjam-broadcast)

# tools/NAME.c or tools/NAME/*.c: build/bin/rtjam-NAME
TOOL_NAMES := $(sort $(basename $(notdir $(wildcard tools/*.c))) $(notdir $(patsubst %/,%,$(dir $(wildcard tools/*/*.c)))))
TOOL_BINS  := $(TOOL_NAMES:%=$(BIN)/rtjam-%)

# tests/unit/test_*.c: one binary each, linked with libjam
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(TBIN)/%)

# Extra per-area rules (plugins, host, ...) live beside their sources.
-include $(wildcard mk/*.mk)

ALL_BINS := $(SERVER_BIN) $(TOOL_BINS) $(EXTRA_BINS)

.SECONDARY:
.PHONY: all check check-unit check-integration check-one install uninstall clean lint format deps help demo
.DEFAULT_GOAL := all

all: $(LIBJAM) $(ALL_BINS) $(EXTRA_TARGETS)

help:
	@sed -n '2,13p' Makefile | sed 's/^# \{0,1\}//'

$(OBJ)/%.o: %.c
	$(call say,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(EXTRA_CFLAGS_$(firstword $(subst /, ,$*))) -c $< -o $@

# Only common/version.c sees the version; it is recompiled when the version changes
# (VERSION_STAMP is defined above, before mk/*.mk use it).
$(VERSION_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(VERSION) $(GIT_HASH)' | cmp -s - $@ || echo '$(VERSION) $(GIT_HASH)' > $@
$(OBJ)/common/version.o: $(VERSION_STAMP)
$(OBJ)/common/version.o: override CPPFLAGS += -DRTJAM_VERSION='"$(VERSION)"' -DRTJAM_GIT_HASH='"$(GIT_HASH)"'

.PHONY: FORCE version
FORCE:
version:
	@echo $(VERSION)

$(LIBJAM): $(COMMON_OBJ)
	$(call say,AR,$@)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN)/rtjam-broadcast: $(SERVER_OBJ) $(LIBJAM)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) $(SERVER_LDLIBS) -o $@

# A tool is either tools/NAME.c or every .c in tools/NAME/.
.SECONDEXPANSION:
$(BIN)/rtjam-%: $$(addprefix $(OBJ)/,$$(addsuffix .o,$$(basename $$(wildcard tools/$$*.c tools/$$*/*.c)))) $(LIBJAM)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) $(TOOL_LDLIBS_$*) -o $@

# Extra objects a test needs are added as prerequisites in mk/*.mk; archives go last.
$(TBIN)/test_%: $(OBJ)/tests/unit/test_%.o $(LIBJAM)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) $(TEST_LDLIBS_$*) -o $@

# ---------------------------------------------------------------------------
# Tests. tests/run.sh runs every unit binary and every integration script,
# sums their "N passed, N failed" lines and prints the closing total.
TEST_ENV = RTJAM_BUILD=$(B) RTJAM_BIN=$(abspath $(BIN)) RTJAM_LV2=$(abspath $(B)/lv2) SANITIZE=$(SANITIZE)

check: all $(UNIT_BINS)
	$(Q)$(TEST_ENV) tests/run.sh $(UNIT_BINS) $(if $(filter thread,$(SANITIZE)),,$(sort $(wildcard tests/integration/*.sh)))

check-unit: all $(UNIT_BINS)
	$(Q)$(TEST_ENV) tests/run.sh $(UNIT_BINS)

check-integration: all
	$(Q)$(TEST_ENV) tests/run.sh $(sort $(wildcard tests/integration/*.sh))

# One test or a few, with the environment tests/run.sh needs:
#   make check-one T=tests/integration/demo.sh      make check-one T="build/tests/test_clock ..."
check-one: all $(filter $(TBIN)/%,$(T))
	$(if $(strip $(T)),,$(error give the test(s): make check-one T=tests/integration/NAME.sh))
	$(Q)$(TEST_ENV) tests/run.sh $(T)

# The demo: installs what is missing (deps-demo: no test or benchmark tools), builds, and runs two players in a room (Ctrl-C stops;
# DEMO_SECONDS=N stops by itself).
demo:
	$(Q)$(MAKE) --no-print-directory deps-demo
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(TEST_ENV) tools/demo/demo.sh

# ---------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR)
	$(if $(ALL_BINS),install -m 0755 $(ALL_BINS) $(DESTDIR)$(BINDIR)/)
	$(INSTALL_EXTRA)

uninstall:
	$(if $(ALL_BINS),rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(ALL_BINS))))
	$(UNINSTALL_EXTRA)

clean:
	rm -rf build

# ---------------------------------------------------------------------------
LINT_SRC = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

format:
	clang-format -i $(LINT_SRC)

# clang-format (dry run), cppcheck, and every public header of common/ and dsp/ compiled on
# its own (each must include what it uses).
lint:
	@echo "  LINT   clang-format --dry-run --Werror ($(words $(LINT_SRC)) files)"
	$(Q)clang-format --dry-run --Werror $(LINT_SRC)
	@echo "  LINT   cppcheck"
	$(Q)cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,performance,portability \
	  --inline-suppr --suppressions-list=.cppcheck-suppressions -D__GNUC__ -Icommon -I. $(LINT_SRC)
	@echo "  LINT   headers compile standalone"
	$(Q)for h in common/*.h dsp/*.h; do \
	  echo "#include \"$$h\"" | $(CC) -std=c11 -D_GNU_SOURCE $(WARNINGS) -Icommon -I. \
	    -fsyntax-only -x c - || { echo "$$h does not compile on its own" >&2; exit 1; }; done
	@echo "  LINT   clean"

# Debian packages, in tiers (Debian 12 names). `make deps` is the one command for a developer
# machine; a Pi or a VPS that only runs RTJam needs `make deps-runtime` (the same libraries the
# .debs depend on). All targets are idempotent and run apt-get only for what is missing (root).
#   deps-runtime  run the binaries: shared libraries, JACK, Python (rtjam-ctl)
#   deps-build    also build them: compiler, pkg-config, headers
#   deps-demo     also run `make demo`: the LV2 host and test-tone plugin it plays through
#   deps          also test, lint, benchmark and package: everything below
DEB_RUNTIME_PACKAGES := jackd2 libjack-jackd2-0 liblilv-0-0 libwebsockets17 libcjson1 libcurl4 python3
DEB_BUILD_PACKAGES   := build-essential pkg-config git \
  libjack-jackd2-dev lv2-dev liblilv-dev libwebsockets-dev libcjson-dev libcurl4-openssl-dev
DEB_DEMO_PACKAGES    := jalv x42-plugins procps psmisc
DEB_PACKAGES := $(DEB_RUNTIME_PACKAGES) $(DEB_BUILD_PACKAGES) $(DEB_DEMO_PACKAGES) \
  lilv-utils lv2file lv2proc sordi serdi lv2-examples mda-lv2 sox espeak-ng \
  clang-format cppcheck valgrind iproute2 stress-ng \
  help2man man-db systemd debhelper dpkg-dev fakeroot lintian \
  chromium chromium-driver python3-selenium

# $(call apt_install,PACKAGES,TARGET): installs those of PACKAGES that are missing.
define apt_install
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then echo "make $(2): all packages already installed"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then echo "make $(2): missing $$missing; run as root (it calls apt-get)" >&2; exit 1; fi; \
	echo "make $(2): installing:" $$missing; \
	echo "jackd2 jackd/tweak_rt_limits boolean false" | debconf-set-selections && \
	DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing
endef

.PHONY: deps-runtime deps-build deps-demo
deps:
	$(call apt_install,$(sort $(DEB_PACKAGES) $(EXTRA_DEB_PACKAGES)),deps)
deps-runtime:
	$(call apt_install,$(DEB_RUNTIME_PACKAGES),deps-runtime)
deps-build:
	$(call apt_install,$(DEB_RUNTIME_PACKAGES) $(DEB_BUILD_PACKAGES),deps-build)
deps-demo:
	$(call apt_install,$(DEB_RUNTIME_PACKAGES) $(DEB_BUILD_PACKAGES) $(DEB_DEMO_PACKAGES),deps-demo)

-include $(shell find $(B) -name '*.d' -type f 2>/dev/null)
