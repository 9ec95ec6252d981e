// SPDX-License-Identifier: ISC
// Fuzz target: a session of commands from the websocket or the nation's chat room, parsed by
// host/cmd.c and run by the host's own dispatch (host/dispatch.c: the mixer model, the tuner
// switches, SetUpdateInterval, the board edits and their refusals) against a real rig: the lilv
// world from $RTJAM_LV2 (the rtjam pedals), the process graph with rtjam-net but no JACK
// (host/graph.c), and host/rig.c, so board edits (insert, delete, move, set, load) instantiate,
// rewire and free real plugins, and every reply is printed as JSON. Only the room join is a
// stand-in that records: the real one would resolve the fuzzed host name.

#include "fuzz.h"

#include "host/board.h"
#include "host/cmd.h"
#include "host/dispatch.h"
#include "host/graph.h"
#include "host/report.h"
#include "host/rig.h"

#include <stdio.h>
#include <stdlib.h>

static HostWorld* g_world;
static HostGraph* g_graph;
static HostRig* g_rig;
static HostOptions g_opt;
static HostDispatch g_dispatch;
static uint64_t g_now_us;

static JamStatus
op_set_net(void* const ctx, const char* const symbol, const float value)
{
  (void)ctx;
  return host_graph_set_net(g_graph, symbol, value);
}

static JamStatus
op_join(void* const ctx, const char* const server, const int port, const uint32_t client_id)
{
  (void)ctx;
  if (!server || port < 0 || port > 65535) {
    abort(); // the dispatch validates the room before it joins
  }
  (void)client_id;
  return JAM_SUCCESS;
}

static JamStatus
op_set_tuner(void* const ctx, const int channel, const int on)
{
  (void)ctx;
  return host_graph_set_tuner(g_graph, channel, on);
}

static JamStatus
op_insert(void* const ctx, const int board, const char* const name, const int pos, char* const err,
          const size_t size)
{
  (void)ctx;
  return host_rig_insert(g_rig, board, name, pos, err, size);
}

static JamStatus
op_remove(void* const ctx, const int board, const int index)
{
  (void)ctx;
  return host_rig_delete(g_rig, board, index);
}

static JamStatus
op_move(void* const ctx, const int board, const int from, const int to)
{
  (void)ctx;
  return host_rig_move(g_rig, board, from, to);
}

static JamStatus
op_set(void* const ctx, const int board, const int index, const HostSettingValue* const setting)
{
  (void)ctx;
  return host_rig_set(g_rig, board, index, setting);
}

static JamStatus
op_load(void* const ctx, const int board, const HostBoardDoc* const doc, char* const error,
        const size_t size)
{
  (void)ctx;
  return host_rig_load(g_rig, board, doc, error, size);
}

static cJSON*
op_pedal_info(void* const ctx)
{
  (void)ctx;
  return host_rig_pedal_info(g_rig);
}

static cJSON*
op_pedal_types(void* const ctx)
{
  (void)ctx;
  return NULL; // the catalogue's reply does not depend on the input
}

static void
op_send(void* const ctx, cJSON* const msg)
{
  (void)ctx;
  char* const text = msg ? cJSON_PrintUnformatted(msg) : NULL;
  free(text);
  cJSON_Delete(msg);
}

static uint64_t
op_now_us(void* const ctx)
{
  (void)ctx;
  return g_now_us += 1000;
}

static void
setup(void)
{
  const char* const lv2 = getenv("RTJAM_LV2");
  if (!lv2) {
    fprintf(stderr, "fuzz_host_cmd: set RTJAM_LV2 to the build's lv2 directory\n");
    abort();
  }
  char path[4096];
  snprintf(path, sizeof path, "%s:/usr/lib/lv2", lv2);
  setenv("LV2_PATH", path, 1);
  setenv("RTJAM_LOG", "error", 0);
  g_world = host_world_new();
  g_graph = g_world ? host_graph_new(g_world) : NULL;
  g_rig = g_graph ? host_rig_new(g_world, g_graph) : NULL;
  if (!g_rig) {
    abort();
  }
  const HostDispatchOps ops = {NULL,           op_set_net, op_join,  op_set_tuner, op_insert,
                               op_remove,      op_move,    op_set,   op_load,      op_pedal_info,
                               op_pedal_types, op_send,    op_now_us};
  host_dispatch_init(&g_dispatch, &ops, &g_opt);
}

// The input is one or more commands separated by newlines (a session of edits).
int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (!g_rig) {
    setup();
  }
  if (size > 65536) {
    return 0;
  }
  static HostBoardDoc empty;
  char err[256];
  host_rig_load(g_rig, 0, &empty, err, sizeof err);
  host_rig_load(g_rig, 1, &empty, err, sizeof err);
  const char* p = (const char*)data;
  const char* const end = p + size;
  int count = 0;
  while (p < end && count++ < 64) {
    const char* nl = memchr(p, '\n', (size_t)(end - p));
    const size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    host_dispatch_text(&g_dispatch, p, len, "fuzz");
    if (g_dispatch.update_ms < 150 || g_dispatch.update_ms > HOST_DISPATCH_IDLE_MS) {
      abort(); // SetUpdateInterval keeps the status interval in its range
    }
    HostReadings r;
    host_graph_collect(g_graph, &r); // frees the chains the edits retired
    p += len + (nl != NULL);
  }
  return 0;
}
