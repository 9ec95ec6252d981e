# SPDX-License-Identifier: ISC
# libFuzzer targets (tests/fuzz/fuzz_*.c), see tests/fuzz/README.md.
#
#   make fuzz FUZZ_SECONDS=N   builds them with clang (SANITIZE=fuzz: ASan + UBSan +
#                              float-cast-overflow) and runs each for N s from its seed corpus,
#                              with its dictionary; fails on any finding
#   make fuzz-cov              replays each target's corpus in a coverage build; llvm-cov report
#
# Every normal build also links each harness with tests/fuzz/replay.c (a main() that feeds it
# files), and tests/integration/fuzz_replay.sh replays the seed corpora and the regression
# inputs (tests/fuzz/regress/) through them in `make check`, with gcc's sanitizers under
# SANITIZE=1.

FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_SECONDS ?= 10
# Literal paths: mk/host.mk and mk/server.mk, which name these archives, are read after this file.
FUZZ_LIBS    := $(B)/lib/libhost.a $(B)/lib/libbcast.a \
                $(addprefix $(OBJ)/plugins/net/,stream.o conceal.o depth_policy.o tsm.o) \
                $(OBJ)/tools/export/take.o $(LIBJAM)

# Replay binaries (any compiler): one per harness.
FUZZ_REPLAY_BINS := $(FUZZ_NAMES:%=$(B)/fuzz-replay/fuzz_%)
$(B)/fuzz-replay/fuzz_%: $(OBJ)/tests/fuzz/fuzz_%.o $(OBJ)/tests/fuzz/replay.o $(FUZZ_LIBS)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) $(call pkg_libs,$(HOST_PKGS)) -o $@

ifneq ($(filter thread fuzz fuzzcov,$(SANITIZE)),)
else
check: $(FUZZ_REPLAY_BINS)
endif

# libFuzzer binaries (SANITIZE=fuzz or fuzzcov only).
FUZZ_BINS := $(FUZZ_NAMES:%=$(B)/fuzzer/fuzz_%)
$(B)/fuzzer/fuzz_%: $(OBJ)/tests/fuzz/fuzz_%.o $(FUZZ_LIBS)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -fsanitize=fuzzer $(LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) $(call pkg_libs,$(HOST_PKGS)) -o $@

.PHONY: fuzz fuzz-run fuzz-cov fuzz-cov-run
ifeq ($(SANITIZE),fuzz)
fuzz-run: $(FUZZ_BINS)
	$(Q)RTJAM_LV2=$(abspath $(BUILD)/lv2) tests/fuzz/run.sh $(B) $(FUZZ_SECONDS) $(FUZZ_NAMES)
else ifeq ($(SANITIZE),fuzzcov)
fuzz-cov-run: $(FUZZ_BINS)
	$(Q)RTJAM_LV2=$(abspath $(BUILD)/lv2) tests/fuzz/cov.sh $(B) $(BUILD)/fuzz $(FUZZ_NAMES)
else
# The LV2 bundle of the normal build serves the host command target (real pedals).
fuzz:
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory SANITIZE=fuzz fuzz-run FUZZ_SECONDS=$(FUZZ_SECONDS)

fuzz-cov:
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory SANITIZE=fuzzcov fuzz-cov-run
endif

# libclang-rt-14-dev holds libFuzzer and the sanitizer runtimes: only a Recommends of clang-14,
# which make deps (--no-install-recommends) would skip. llvm: llvm-cov, llvm-profdata.
EXTRA_DEB_PACKAGES += clang libclang-rt-14-dev llvm
