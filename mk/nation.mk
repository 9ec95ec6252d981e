# SPDX-License-Identifier: ISC
# The rtjam-nation link (common/nation.c, nation_msg.c, lws_queue.c), shared by rtjam-host and
# rtjam-broadcast: libcurl for REST, libwebsockets for the chat room, cJSON for the messages.
# They live in libjam; only the programs that use them link the libraries.

NATION_PKGS := libwebsockets libcjson libcurl

EXTRA_CFLAGS_common += $(call pkg_cflags,$(NATION_PKGS))
EXTRA_CFLAGS_server += $(call pkg_cflags,$(NATION_PKGS))
SERVER_LDLIBS       += $(call pkg_libs,$(NATION_PKGS))
TEST_LDLIBS_nation_msg = $(call pkg_libs,$(NATION_PKGS))
TEST_LDLIBS_lws_queue  = $(call pkg_libs,$(NATION_PKGS))
TEST_LDLIBS_ws_bind    = $(call pkg_libs,$(NATION_PKGS))

$(COMMON_OBJ) $(SERVER_OBJ): | need-nation

.PHONY: need-nation
need-nation:
	$(call need_pkg,libwebsockets,libwebsockets-dev)
	$(call need_pkg,libcjson,libcjson-dev)
	$(call need_pkg,libcurl,libcurl4-openssl-dev)
