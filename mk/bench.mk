# SPDX-License-Identifier: ISC
# Benchmarks (tests/bench/): they print figures and assert nothing timing-based.
#
#   make bench        every tests/bench/*.sh (bench-net first, then the others)
#   make bench-net    the jitter-buffer benchmark: RTJam vs Jamulus vs JackTrip, tests/bench/net_*.sh
#
# Scripts get the same environment as the tests (RTJAM_BIN, RTJAM_LV2, RTJAM_BUILD); the
# network benchmark writes its table to $(B)/bench/net_table.md. tests/bench/pedal_cpu.sh
# uses $(B)/tests/pedal-cpu, built with `all` (mk/lv2.mk).

BENCH_NET_SCRIPTS   := $(sort $(wildcard tests/bench/net_*.sh))
BENCH_OTHER_SCRIPTS := $(filter-out $(BENCH_NET_SCRIPTS),$(sort $(wildcard tests/bench/*.sh)))

.PHONY: bench bench-net
bench-net: all
	$(Q)for s in $(BENCH_NET_SCRIPTS); do $(TEST_ENV) bash $$s || exit 1; done

bench: bench-net
	$(Q)for s in $(BENCH_OTHER_SCRIPTS); do $(TEST_ENV) bash $$s || exit 1; done

# The systems the network benchmark compares RTJam with (Debian 12: jamulus 3.9.1,
# jacktrip 1.7.0), stress-ng for the runs with CPU hogs, and jack_rec / jack_iodelay from
# jackd2 (already in DEB_PACKAGES).
EXTRA_DEB_PACKAGES += jamulus jacktrip stress-ng
