# SPDX-License-Identifier: ISC
# Unit tests of the network stage's modules link their objects directly (no LV2 host needed).
NET_TEST_OBJ = $(addprefix $(OBJ)/plugins/net/,link.o)
$(TBIN)/test_net_link: $(NET_TEST_OBJ)
