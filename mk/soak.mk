# SPDX-License-Identifier: ISC
# make soak SOAK_SECONDS=N: tests/integration/soak.sh for N s (default 600) in the SANITIZE=1
# build (ASan + LSan + UBSan + float-cast-overflow). make check runs the same script for 60 s
# in whatever build it checks. The report (tables and counts) is kept in $(BUILD)/asan/soak.txt.

SOAK_SECONDS ?= 600

.PHONY: soak soak-run
ifeq ($(SANITIZE),1)
soak-run: all
	$(Q)$(TEST_ENV) SOAK_SECONDS=$(SOAK_SECONDS) SOAK_REPORT=$(abspath $(B))/soak.txt \
	  RTJAM_TEST_TIMEOUT=$$(( $(SOAK_SECONDS) + 300 )) tests/run.sh tests/integration/soak.sh
else
soak:
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 soak-run SOAK_SECONDS=$(SOAK_SECONDS)
endif
