# SPDX-License-Identifier: ISC
# rtjam-host, the lilv host that runs a player's rig (host/*.c -> build/bin/rtjam-host).
# Its modules except main.o also go into libhost.a for tests/unit/test_host_*.c.

HOST_SRC  := $(sort $(wildcard host/*.c))
HOST_OBJ  := $(HOST_SRC:%.c=$(OBJ)/%.o)
HOST_LIB  := $(B)/lib/libhost.a
HOST_BIN  := $(if $(HOST_SRC),$(BIN)/rtjam-host)
HOST_PKGS := lilv-0 lv2 jack libwebsockets libcjson libcurl

EXTRA_BINS += $(HOST_BIN)
# (its packages are in the Makefile's DEB_BUILD_PACKAGES)
EXTRA_CFLAGS_host += $(call pkg_cflags,$(HOST_PKGS))
EXTRA_CFLAGS_tests += $(call pkg_cflags,$(HOST_PKGS))

$(HOST_OBJ): | need-host

.PHONY: need-host
need-host:
	$(call need_pkg,lilv-0,liblilv-dev)
	$(call need_pkg,lv2,lv2-dev)
	$(call need_pkg,jack,libjack-jackd2-dev)
	$(call need_pkg,libwebsockets,libwebsockets-dev)
	$(call need_pkg,libcjson,libcjson-dev)
	$(call need_pkg,libcurl,libcurl4-openssl-dev)

# rtjam-net's port table (ttl/net_defs.c) binds the host to the plugin's ports.
$(HOST_LIB): $(filter-out $(OBJ)/host/main.o,$(HOST_OBJ)) $(OBJ)/ttl/net_defs.o
	$(call say,AR,$@)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN)/rtjam-host: $(OBJ)/host/main.o $(HOST_LIB) $(LIBJAM)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) $(call pkg_libs,$(HOST_PKGS)) -o $@

# Unit tests of the host's modules (no JACK, no LV2 world needed). Extra objects a test needs
# are added as prerequisites below; archives go last.
$(TBIN)/test_host_%: $(OBJ)/tests/unit/test_host_%.o $(HOST_LIB) $(LIBJAM)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) $(call pkg_libs,$(HOST_PKGS)) -o $@

# The dispatch test runs SetFader's pan through rtjam-net's engine (tests/unit/net_room.h).
$(TBIN)/test_host_dispatch: $(addprefix $(OBJ)/plugins/net/,link.o stream.o click.o engine.o conceal.o depth_policy.o tsm.o cycle.o)

# The web page (web/): installed to $(WEBDIR); host/web.c looks there, and in the source tree's
# web/ when it runs from this build's bin/ (docs/host.md "Web page").
WEBDIR ?= $(PREFIX)/share/rtjam/web
WEB_FILES := $(sort $(wildcard web/*.html web/*.js web/*.css))
$(OBJ)/host/web.o: override CPPFLAGS += -DRTJAM_WEB_DIR='"$(WEBDIR)"' \
  -DRTJAM_SRC_WEB_DIR='"$(abspath web)"' -DRTJAM_BUILD_BIN_DIR='"$(abspath $(BIN))"'
# Rebuilt when WEBDIR changes (make PREFIX=/usr install after a plain make).
WEBDIR_STAMP := $(B)/gen/webdir.txt
$(WEBDIR_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(WEBDIR)' | cmp -s - $@ || echo '$(WEBDIR)' > $@
$(OBJ)/host/web.o: mk/host.mk $(WEBDIR_STAMP)
INSTALL_EXTRA += install -d $(DESTDIR)$(WEBDIR) && install -m 0644 $(WEB_FILES) $(DESTDIR)$(WEBDIR)/ ;
UNINSTALL_EXTRA += rm -f $(addprefix $(DESTDIR)$(WEBDIR)/,$(notdir $(WEB_FILES))) ;
