# SPDX-License-Identifier: ISC
# Unit tests of tool modules link the tool's objects (everything but its main.c).
$(TBIN)/test_netsim: $(OBJ)/tools/netsim/impair.o $(OBJ)/tools/netsim/queue.o
