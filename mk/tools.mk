# SPDX-License-Identifier: ISC
# Unit tests of tool modules link the tool's objects (everything but its main.c).
$(TBIN)/test_netsim: $(OBJ)/tools/netsim/impair.o $(OBJ)/tools/netsim/queue.o
$(TBIN)/test_probe: $(OBJ)/tools/probe/correlate.o

# rtjam-probe is a JACK client.
TOOL_LDLIBS_probe = $(call pkg_libs,jack)
$(BIN)/rtjam-probe: | need-jack
.PHONY: need-jack
need-jack:
	$(call need_pkg,jack,libjack-jackd2-dev)
$(TBIN)/test_netsim_control: $(OBJ)/tools/netsim/control.o $(OBJ)/tools/netsim/impair.o
