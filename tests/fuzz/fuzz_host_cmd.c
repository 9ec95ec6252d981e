// SPDX-License-Identifier: ISC
// Fuzz target: a command from the websocket or the nation's chat room, parsed by host/cmd.c and
// run against a real rig: the lilv world from $RTJAM_LV2 (the rtjam pedals), the engine with
// rtjam-net but no JACK connection, and host/rig.c, so board edits (insert, delete, move, set,
// load) instantiate, rewire and free real plugins, and every edit is followed by the pedalInfo
// reply. The mixer edits go to rtjam-net's ports through host_engine_set_net.
//
// What this cannot reach: handle_command() and handle_board_edit() are static in host/main.c,
// so the switch below mirrors them (same calls, same clamps). When the dispatch moves out of
// main.c (issue 10), call it here instead and delete the mirror. RoomChange and Disconnect are
// left out: host_engine_join would resolve the fuzzed host name.

#include "fuzz.h"

#include "host/board.h"
#include "host/cmd.h"
#include "host/engine.h"
#include "host/report.h"
#include "host/rig.h"
#include "host/tuner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static HostWorld* g_world;
static HostEngine* g_engine;
static HostRig* g_rig;

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
  const HostEngineOptions opt = {"fuzz", 0, 0};
  g_engine = g_world ? host_engine_new(g_world, &opt) : NULL;
  g_rig = g_engine ? host_rig_new(g_world, g_engine) : NULL;
  if (!g_rig) {
    abort();
  }
}

static double
clamp(const double v, const double lo, const double hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

static void
reply_pedal_info(void)
{
  cJSON* const info = host_report_wrap("pedalInfo", host_rig_pedal_info(g_rig));
  char* const text = info ? cJSON_PrintUnformatted(info) : NULL;
  free(text);
  cJSON_Delete(info);
}

static void
board_edit(const HostCmd* const c)
{
  const int board = (int)c->ivalue1;
  if (c->ivalue1 < 0 || c->ivalue1 >= 2) {
    return;
  }
  char err[512];
  switch (c->param) {
  case HOST_CMD_INSERT_PEDAL:
    host_rig_insert(g_rig, board, c->svalue, (int)c->ivalue2, err, sizeof err);
    break;
  case HOST_CMD_DELETE_PEDAL:
    host_rig_delete(g_rig, board, (int)c->ivalue2);
    break;
  case HOST_CMD_MOVE_PEDAL:
    host_rig_move(g_rig, board, (int)c->ivalue2, (int)lround(c->fvalue));
    break;
  case HOST_CMD_SET_EFFECT_CONFIG: {
    HostSettingValue s;
    if (host_board_setting_parse(c->svalue, &s) == JAM_SUCCESS) {
      host_rig_set(g_rig, board, (int)c->ivalue2, &s);
    }
    return;
  }
  case HOST_CMD_LOAD_BOARD: {
    HostBoardDoc* const doc = malloc(sizeof *doc);
    int skipped = 0;
    if (doc && host_board_doc_parse(c->svalue, doc) == JAM_SUCCESS) {
      host_rig_load(g_rig, board, doc, &skipped);
    }
    free(doc);
    break;
  }
  default:
    return;
  }
  reply_pedal_info();
}

static void
set_gain(const int ch, const double db)
{
  char sym[32];
  if (ch < 2) {
    host_engine_set_net(g_engine, "monitor", (float)clamp(db, -60, 12));
    return;
  }
  snprintf(sym, sizeof sym, "gain_%02d", ch / 2);
  host_engine_set_net(g_engine, sym, (float)clamp(db, -60, 12));
}

static void
dispatch(const HostCmd* const c)
{
  if (host_cmd_refusal(c->param)) {
    return;
  }
  if (c->param >= 0 && c->param <= 13) {
    set_gain(c->param, c->fvalue);
    return;
  }
  char sym[32];
  const int ch_ok = c->ivalue1 >= 0 && c->ivalue1 < 24;
  switch (c->param) {
  case HOST_CMD_MASTER_VOL:
    host_engine_set_net(g_engine, "master", (float)clamp(c->fvalue, -60, 12));
    break;
  case HOST_CMD_SET_EFFECT_CONFIG:
  case HOST_CMD_INSERT_PEDAL:
  case HOST_CMD_DELETE_PEDAL:
  case HOST_CMD_MOVE_PEDAL:
  case HOST_CMD_LOAD_BOARD:
    board_edit(c);
    break;
  case HOST_CMD_GET_CONFIG_JSON:
    reply_pedal_info();
    break;
  case HOST_CMD_TUNE_CHANNEL:
    if (c->ivalue1 == 0 || c->ivalue1 == 1) {
      HostTuner t;
      host_tuner_init(&t, 48000.0);
      host_engine_set_tuner(g_engine, (int)c->ivalue1, c->ivalue2 == 1);
    }
    break;
  case HOST_CMD_SET_FADER:
    if (ch_ok && c->ivalue1 >= 2) {
      snprintf(sym, sizeof sym, "pan_%02d", (int)c->ivalue1 / 2);
      host_engine_set_net(g_engine, sym, (float)clamp(c->fvalue, -1, 1));
    }
    break;
  case HOST_CMD_MUTE_TO_ROOM:
    if (c->ivalue1 == 0 || c->ivalue1 == 1) {
      snprintf(sym, sizeof sym, "room_mute_%d", (int)c->ivalue1 + 1);
      host_engine_set_net(g_engine, sym, c->ivalue2 == 1 ? 1.0f : 0.0f);
    }
    break;
  case HOST_CMD_CHANNEL_MUTE:
    if (ch_ok) {
      snprintf(sym, sizeof sym, "mute_%02d", (int)c->ivalue1 / 2);
      host_engine_set_net(g_engine, c->ivalue1 < 2 ? "monitor_mute" : sym,
                          c->ivalue2 == 1 ? 1.0f : 0.0f);
    }
    break;
  case HOST_CMD_CHANNEL_GAIN:
    if (ch_ok) {
      set_gain((int)c->ivalue1, c->fvalue);
    }
    break;
  case HOST_CMD_METRONOME_GAIN:
    host_engine_set_net(g_engine, "click", (float)clamp(c->fvalue, -60, 12));
    break;
  case HOST_CMD_METRONOME_MUTE:
    host_engine_set_net(g_engine, "click_mute", c->ivalue1 == 1 ? 1.0f : 0.0f);
    break;
  case HOST_CMD_SET_UPDATE_INTERVAL: {
    const int ms = host_cmd_update_interval_ms(c->ivalue1);
    if (ms < 150 || ms > 2000) {
      abort();
    }
    break;
  }
  default:
    break;
  }
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
  int skipped = 0;
  host_rig_load(g_rig, 0, &empty, &skipped);
  host_rig_load(g_rig, 1, &empty, &skipped);
  const char* p = (const char*)data;
  const char* const end = p + size;
  int count = 0;
  while (p < end && count++ < 64) {
    const char* nl = memchr(p, '\n', (size_t)(end - p));
    const size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    HostCmd c;
    if (host_cmd_parse(p, len, &c) == JAM_SUCCESS) {
      if (!c.svalue || strlen(c.svalue) > HOST_CMD_SVALUE_MAX) {
        abort(); // a parsed command always has an sValue, at most the limit
      }
      dispatch(&c);
      host_cmd_clear(&c);
    }
    HostReadings r;
    host_engine_collect(g_engine, &r); // frees the chains the edits retired
    p += len + (nl != NULL);
  }
  return 0;
}
