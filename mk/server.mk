# SPDX-License-Identifier: ISC
# rtjam-broadcast extras: the server's modules (every server/*.o but main.o) as an archive, so
# that tests/unit/test_server_*.c can link them. The pattern rule below has a shorter stem than
# the generic $(TBIN)/test_% rule, so GNU Make prefers it for those tests.

BCAST_LIB := $(B)/lib/libbcast.a
BCAST_OBJ := $(filter-out $(OBJ)/server/main.o,$(SERVER_OBJ))

$(BCAST_LIB): $(BCAST_OBJ)
	$(call say,AR,$@)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(TBIN)/test_server_%: $(OBJ)/tests/unit/test_server_%.o $(BCAST_LIB) $(LIBJAM)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) $(SERVER_LDLIBS) -o $@
