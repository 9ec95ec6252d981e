# SPDX-License-Identifier: ISC
# rtjam-net, the network stage: its Turtle and port enums (generated from ttl/net_defs.c,
# appended to the bundle's manifest after the pedals'), its objects in rtjam.so, and the unit
# tests of its modules (which link the objects directly, no LV2 host needed).

NET_TTLGEN  := $(B)/gen/rtjam-net-ttlgen
NET_STAMP   := $(LV2_GEN)/net.stamp
NET_HEADER  := $(LV2_GEN)/net_ports.h
NET_LV2_SRC := $(sort $(wildcard plugins/net/*.c))
NET_LV2_OBJ := $(NET_LV2_SRC:%.c=$(OBJ)/%.o) $(OBJ)/ttl/net_defs.o

$(NET_TTLGEN): $(GEN_OBJ)/ttl/net_ttlgen.o $(GEN_OBJ)/ttl/net_defs.o
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(BUILD_CC) $^ -lm -o $@

# Runs after the pedals' generator, which rewrites manifest.ttl.
$(NET_STAMP): $(NET_TTLGEN) $(LV2_STAMP)
	$(call say,GEN,$(LV2_BUNDLE)/rtjam-net.ttl)
	@mkdir -p $(LV2_BUNDLE) $(LV2_GEN)
	$(Q)$(NET_TTLGEN) $(LV2_BUNDLE) $(NET_HEADER).tmp $(LV2_MINOR) $(LV2_MICRO) rtjam.so
	$(Q)if cmp -s $(NET_HEADER).tmp $(NET_HEADER); then rm -f $(NET_HEADER).tmp; \
	    else mv $(NET_HEADER).tmp $(NET_HEADER); fi
	$(Q)touch $@

$(NET_HEADER): $(NET_STAMP)
	@test -f $@

$(OBJ)/plugins/net/net_lv2.o: $(NET_HEADER) | need-lv2

NET_TEST_OBJ = $(addprefix $(OBJ)/plugins/net/,link.o stream.o click.o engine.o conceal.o depth_policy.o tsm.o cycle.o)
$(TBIN)/test_net_link $(TBIN)/test_net_stream $(TBIN)/test_net_engine: $(NET_TEST_OBJ)
# The LV2 glue itself (log:log, options), linked without a host.
$(TBIN)/test_net_lv2: $(NET_TEST_OBJ) $(OBJ)/plugins/net/net_lv2.o $(OBJ)/ttl/net_defs.o
$(OBJ)/tests/unit/test_net_lv2.o: $(NET_HEADER)
$(OBJ)/tests/unit/test_net_lv2.o: override CFLAGS += -I$(LV2_GEN) $(call pkg_cflags,lv2)

# The network stage lives in rtjam.so with the pedals. libjam's symbols stay hidden: only
# lv2_descriptor is exported.
LV2_PLUGIN_OBJ += $(NET_LV2_OBJ) $(LIBJAM)
$(LV2_SO): $(NET_LV2_OBJ) $(NET_STAMP) $(LIBJAM)
$(LV2_SO): override LDFLAGS += -Wl,--exclude-libs,ALL -pthread

$(TBIN)/test_net_conceal: $(OBJ)/plugins/net/conceal.o
$(TBIN)/test_net_depth_policy: $(OBJ)/plugins/net/depth_policy.o
$(TBIN)/test_net_cycle: $(OBJ)/plugins/net/cycle.o
$(TBIN)/test_net_tsm: $(OBJ)/plugins/net/tsm.o
# The stream on the benchmark's paths: rtjam-netsim's impairment model makes the traces.
$(TBIN)/test_net_paths: $(NET_TEST_OBJ) $(OBJ)/tools/netsim/impair.o $(OBJ)/tools/netsim/stall.o
