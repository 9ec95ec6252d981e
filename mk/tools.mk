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

# rtjam-ctl: the websocket control client (tools/ws/rtjam_ws.py) with the build's version.
$(BIN)/rtjam-ctl: tools/ws/rtjam_ws.py $(VERSION_STAMP)
	$(call say,GEN,$@)
	@mkdir -p $(dir $@)
	$(Q)sed -e 's/@VERSION@/$(VERSION)/' -e '1s|^#!/usr/bin/env python3$$|#!/usr/bin/python3|' $< >$@.tmp && chmod 0755 $@.tmp && mv $@.tmp $@
EXTRA_BINS += $(BIN)/rtjam-ctl
$(TBIN)/test_netsim_stall: $(OBJ)/tools/netsim/stall.o
$(TBIN)/test_netsim_control: $(OBJ)/tools/netsim/control.o $(OBJ)/tools/netsim/impair.o
