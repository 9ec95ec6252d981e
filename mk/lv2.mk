# SPDX-License-Identifier: ISC
# The rtjam.lv2 bundle: generated Turtle and port enums, rtjam.so, the lilv check tool.
#
#   $(B)/lv2/rtjam.lv2/   manifest.ttl, SLUG.ttl, SLUG-presets.ttl per pedal, rtjam.so
#   $(B)/gen/lv2/         pedal_ports.h (port enums) generated with the Turtle
#   $(B)/tests/rtjam-lv2check   lilv-based plugin checker (tests/integration/lv2_check.sh)
#
# One source (ttl/pedal_defs.c) -> rtjam-ttlgen -> Turtle + pedal_ports.h (STYLE.md item 16).

LV2_BUNDLE := $(B)/lv2/rtjam.lv2
LV2_GEN    := $(B)/gen/lv2
LV2_TTLGEN := $(B)/gen/rtjam-ttlgen
LV2_STAMP  := $(LV2_GEN)/ttl.stamp
LV2_HEADER := $(LV2_GEN)/pedal_ports.h
LV2_SO     := $(LV2_BUNDLE)/rtjam.so
LV2_CHECK  := $(TBIN)/rtjam-lv2check

# LV2 versions from the VERSION file (x42's rule: even minor and micro for releases): 0.1.0 -> 2.0.
LV2_MINOR := $(shell echo $$((2 * $(word 2,$(subst ., ,$(BASE_VERSION))))))
LV2_MICRO := $(shell echo $$((2 * $(word 3,$(subst ., ,$(BASE_VERSION))))))

LV2_DEFS_OBJ   := $(OBJ)/ttl/pedal_defs.o
LV2_PLUGIN_SRC := $(sort $(wildcard plugins/*.c))
LV2_PLUGIN_OBJ := $(LV2_PLUGIN_SRC:%.c=$(OBJ)/%.o) $(LV2_DEFS_OBJ)

# Everything in rtjam.so is hidden except lv2_descriptor (LV2_SYMBOL_EXPORT).
# -fno-trapping-math: no pedal enables floating-point traps, and without it -O2 cannot turn a
# compare-and-select (a clamp, NaN -> 0) into branch-free code, so such loops (the drives'
# dsp_clip_tanh_fast_process) are not vectorised. NaN and inf keep their IEEE meaning.
# -fvect-cost-model=dynamic: -O2's default (very cheap) model vectorises no loop whose length
# is only known at run time; this one does, with a scalar epilogue. Neither flag reorders
# floating-point arithmetic.
# (GCC only: clang has no such option and vectorises these loops at -O2 anyway.)
LV2_VECT_FLAG := $(shell $(CC) -fvect-cost-model=dynamic -x c -fsyntax-only /dev/null \
  >/dev/null 2>&1 && echo -fvect-cost-model=dynamic)
EXTRA_CFLAGS_plugins += -fvisibility=hidden -fno-trapping-math $(LV2_VECT_FLAG) -I$(LV2_GEN) \
  -Iplugins $(call pkg_cflags,lv2)
EXTRA_CFLAGS_ttl     += -fvisibility=hidden -Ittl

# The generators run on the build machine: their objects are compiled again with BUILD_CC
# (no sanitizer, no cross compiler) into $(B)/gen/obj.
GEN_OBJ := $(B)/gen/obj
$(GEN_OBJ)/%.o: %.c
	$(call say,HOSTCC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(BUILD_CC) -O2 -std=c11 -D_GNU_SOURCE $(WARNINGS) -MMD -MP -Icommon -I. -Ittl -c $< -o $@

$(LV2_TTLGEN): $(GEN_OBJ)/ttl/ttlgen.o $(GEN_OBJ)/ttl/pedal_defs.o
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(BUILD_CC) $^ -lm -o $@

# The generator writes the whole bundle's Turtle and the header; the header is only replaced
# when it changes, so editing a comment in the table does not rebuild every plugin.
$(LV2_STAMP): $(LV2_TTLGEN)
	$(call say,GEN,$(LV2_BUNDLE))
	@mkdir -p $(LV2_BUNDLE) $(LV2_GEN)
	$(Q)rm -f $(LV2_BUNDLE)/*.ttl
	$(Q)$(LV2_TTLGEN) $(LV2_BUNDLE) $(LV2_HEADER).tmp $(LV2_MINOR) $(LV2_MICRO) rtjam.so
	$(Q)if cmp -s $(LV2_HEADER).tmp $(LV2_HEADER); then rm -f $(LV2_HEADER).tmp; \
	    else mv $(LV2_HEADER).tmp $(LV2_HEADER); fi
	$(Q)touch $@

$(LV2_HEADER): $(LV2_STAMP)
	@test -f $@

$(LV2_PLUGIN_SRC:%.c=$(OBJ)/%.o): $(LV2_HEADER) | need-lv2

$(LV2_SO): $(LV2_PLUGIN_OBJ) $(LV2_STAMP)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -shared $(LDFLAGS) $(LV2_PLUGIN_OBJ) -lm -o $@

# Unit tests of the pedals (tests/unit/test_pedal_*.c) link the plugin objects and call
# lv2_descriptor() directly; they include the generated header.
LV2_UNIT_BINS := $(patsubst tests/unit/%.c,$(TBIN)/%,$(wildcard tests/unit/test_pedal_*.c))
$(LV2_UNIT_BINS): $(LV2_PLUGIN_OBJ)
$(LV2_UNIT_BINS:$(TBIN)/%=$(OBJ)/tests/unit/%.o): $(LV2_HEADER)
$(LV2_UNIT_BINS:$(TBIN)/%=$(OBJ)/tests/unit/%.o): \
  override CFLAGS += -I$(LV2_GEN) -Iplugins -Ittl $(call pkg_cflags,lv2)

# The CPU-time benchmark of the pedals' run() (tests/bench/pedal_cpu.c, pedal_cpu.sh) links
# them the same way.
PEDAL_CPU := $(TBIN)/pedal-cpu
$(OBJ)/tests/bench/pedal_cpu.o: $(LV2_HEADER)
$(OBJ)/tests/bench/pedal_cpu.o: override CFLAGS += -I$(LV2_GEN) -Iplugins -Ittl $(call pkg_cflags,lv2)
$(PEDAL_CPU): $(OBJ)/tests/bench/pedal_cpu.o $(LV2_PLUGIN_OBJ)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -lm -o $@

# The lilv checker: loads the installed-style bundle from $(B)/lv2 and runs every plugin.
$(OBJ)/tests/lv2/lv2check.o: $(LV2_HEADER) | need-lv2
$(OBJ)/tests/lv2/lv2check.o: override CFLAGS += -I$(LV2_GEN) -Ittl $(call pkg_cflags,lilv-0)
$(LV2_CHECK): $(OBJ)/tests/lv2/lv2check.o $(LV2_DEFS_OBJ)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -rdynamic $^ $(LDLIBS) $(call pkg_libs,lilv-0) -ldl -o $@

.PHONY: need-lv2 lv2
need-lv2:
	$(call need_pkg,lv2,lv2-dev)
	$(call need_pkg,lilv-0,liblilv-dev)

lv2: $(LV2_SO) $(LV2_CHECK)

EXTRA_TARGETS += $(LV2_SO) $(LV2_CHECK) $(PEDAL_CPU)

INSTALL_EXTRA += install -d $(DESTDIR)$(LV2DIR)/rtjam.lv2 && \
  install -m 0644 $(LV2_BUNDLE)/*.ttl $(DESTDIR)$(LV2DIR)/rtjam.lv2/ && \
  install -m 0755 $(LV2_SO) $(DESTDIR)$(LV2DIR)/rtjam.lv2/ ;
UNINSTALL_EXTRA += rm -rf $(DESTDIR)$(LV2DIR)/rtjam.lv2 ;

# Hosts and comparison plugins for the LV2 tests and lv2bench figures (the rest of the LV2
# tool chain is in the Makefile's DEB_PACKAGES).
EXTRA_DEB_PACKAGES += ardour guitarix-lv2
