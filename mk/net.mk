# SPDX-License-Identifier: ISC
# Unit tests of the network stage's modules link their objects directly (no LV2 host needed).
NET_TEST_OBJ = $(addprefix $(OBJ)/plugins/net/,link.o stream.o click.o engine.o)
$(TBIN)/test_net_link $(TBIN)/test_net_stream $(TBIN)/test_net_engine: $(NET_TEST_OBJ)
