// SPDX-License-Identifier: ISC
// rtjam-host's command dispatch (host/dispatch.c) and mixer model (host/mix.c), from command
// text to what reaches the engine, the rig and the clients:
//   - with recording doubles for HostDispatchOps (no JACK, no LV2): SetEffectConfig, SetFader
//     with clamping, refusals and their reasons;
//   - SetFader's pan, as written to rtjam-net's pan port, through a network-stage engine in a
//     test-driven room (net_room.h): the room mix's left and right follow the spec's law;
//   - with the real engine (not connected to JACK) and rig on real rtjam pedals ($RTJAM_LV2):
//     SetEffectConfig changes the right pedal's right control, SetFader the right pan port.

#include "host/dispatch.h"
#include "host/graph.h"
#include "host/rig.h"

#include "check.h"
#include "net_room.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Recording doubles

enum { MAX_CALLS = 64 };

typedef struct {
  int n_net; // set_net calls
  char net_symbol[MAX_CALLS][24];
  float net_value[MAX_CALLS];
  int n_set; // rig set calls
  int set_board;
  int set_index;
  HostSettingValue set_value;
  int n_join;
  char join_server[256];
  int join_port;
  uint32_t join_id;
  int n_board_edits;       // insert, remove, move, load
  int edit_index;          // the last remove's index, or move's from
  int edit_to;             // the last move's to
  int n_sent;              // messages sent
  cJSON* last;             // the last message sent (owned)
  char last_refusal[600];  // the reason of the last refusal sent, even if others followed
  JamStatus engine_status; // what set_net, join and set_tuner return (a full ring: JAM_ERR_FULL)
} Rec;

static Rec g_rec;

static JamStatus
rec_set_net(void* ctx, const char* symbol, float value)
{
  Rec* r = ctx;
  if (r->n_net < MAX_CALLS) {
    snprintf(r->net_symbol[r->n_net], sizeof r->net_symbol[0], "%s", symbol);
    r->net_value[r->n_net] = value;
  }
  ++r->n_net;
  return r->engine_status;
}

static JamStatus
rec_join(void* ctx, const char* server, int port, uint32_t client_id)
{
  Rec* r = ctx;
  ++r->n_join;
  snprintf(r->join_server, sizeof r->join_server, "%s", server);
  r->join_port = port;
  r->join_id = client_id;
  return r->engine_status;
}

static JamStatus
rec_set_tuner(void* ctx, int channel, int on)
{
  (void)channel;
  (void)on;
  return ((Rec*)ctx)->engine_status;
}

static JamStatus
rec_insert(void* ctx, int board, const char* name, int pos, char* err, size_t size)
{
  (void)board;
  (void)name;
  (void)pos;
  (void)err;
  (void)size;
  ++((Rec*)ctx)->n_board_edits;
  return JAM_SUCCESS;
}

static JamStatus
rec_remove(void* ctx, int board, int index)
{
  (void)board;
  ((Rec*)ctx)->edit_index = index;
  ++((Rec*)ctx)->n_board_edits;
  return JAM_SUCCESS;
}

static JamStatus
rec_move(void* ctx, int board, int from, int to)
{
  (void)board;
  ((Rec*)ctx)->edit_index = from;
  ((Rec*)ctx)->edit_to = to;
  ++((Rec*)ctx)->n_board_edits;
  return JAM_SUCCESS;
}

static JamStatus
rec_set(void* ctx, int board, int index, const HostSettingValue* setting)
{
  Rec* r = ctx;
  ++r->n_set;
  r->set_board = board;
  r->set_index = index;
  r->set_value = *setting;
  return JAM_SUCCESS;
}

static JamStatus
rec_load(void* ctx, int board, const HostBoardDoc* doc, char* err, size_t size)
{
  (void)board;
  (void)doc;
  (void)err;
  (void)size;
  ++((Rec*)ctx)->n_board_edits;
  return JAM_SUCCESS;
}

static cJSON*
rec_pedal_info(void* ctx)
{
  (void)ctx;
  return cJSON_CreateArray();
}

static cJSON*
rec_pedal_types(void* ctx)
{
  (void)ctx;
  return cJSON_CreateObject();
}

static void
rec_send(void* ctx, cJSON* msg)
{
  Rec* r = ctx;
  ++r->n_sent;
  const cJSON* why =
      cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(msg, "refused"), "reason");
  if (cJSON_IsString(why)) {
    snprintf(r->last_refusal, sizeof r->last_refusal, "%s", why->valuestring);
  }
  cJSON_Delete(r->last);
  r->last = msg;
}

static uint64_t
rec_now_us(void* ctx)
{
  (void)ctx;
  return 5000000u;
}

static const HostDispatchOps k_rec_ops = {.ctx = &g_rec,
                                          .set_net = rec_set_net,
                                          .join = rec_join,
                                          .set_tuner = rec_set_tuner,
                                          .insert = rec_insert,
                                          .remove = rec_remove,
                                          .move = rec_move,
                                          .set = rec_set,
                                          .load = rec_load,
                                          .pedal_info = rec_pedal_info,
                                          .pedal_types = rec_pedal_types,
                                          .send = rec_send,
                                          .now_us = rec_now_us};

static HostOptions g_opt;
static HostDispatch g_d;

static void
fresh(void)
{
  cJSON_Delete(g_rec.last);
  memset(&g_rec, 0, sizeof g_rec);
  memset(&g_opt, 0, sizeof g_opt);
  host_dispatch_init(&g_d, &k_rec_ops, &g_opt);
}

// Runs one command text; the message it sends, if any, is then g_rec.last (else NULL).
static void
command(const char* text)
{
  cJSON_Delete(g_rec.last);
  g_rec.last = NULL;
  host_dispatch_text(&g_d, text, strlen(text), "the test");
}

// The refusal last sent: its param and reason ("" and -2 when the last message is not one).
static const char*
refusal(int* param)
{
  const cJSON* r = cJSON_GetObjectItemCaseSensitive(g_rec.last, "refused");
  const cJSON* p = cJSON_GetObjectItemCaseSensitive(r, "param");
  const cJSON* why = cJSON_GetObjectItemCaseSensitive(r, "reason");
  *param = cJSON_IsNumber(p) ? p->valueint : -2;
  return cJSON_IsString(why) ? why->valuestring : "";
}

// ---------------------------------------------------------------------------------------------
// SetEffectConfig (28): iValue1 board, iValue2 pedal, sValue {"name":..,"value":..}

static void
set_effect_config_reaches_the_named_setting_of_the_given_pedal_without_a_reply(void)
{
  fresh();
  command("{\"param\":28,\"iValue1\":1,\"iValue2\":2,"
          "\"sValue\":\"{\\\"name\\\":\\\"Gain\\\",\\\"value\\\":7.5}\"}");
  CHECK_INT(g_rec.n_set, 1);
  CHECK_INT(g_rec.set_board, 1);
  CHECK_INT(g_rec.set_index, 2);
  CHECK(!strcmp(g_rec.set_value.name, "Gain"), "setting name '%s'", g_rec.set_value.name);
  CHECK_NEAR(g_rec.set_value.value, 7.5, 0.0);
  CHECK_INT(g_rec.set_value.is_bool, 0);
  CHECK_INT(g_rec.n_sent, 0); // no reply (§5.7)
  CHECK_INT(g_rec.n_board_edits, 0);
  CHECK_INT(g_rec.n_net, 0);

  // A boolean value (it sets bypass, §5.8), on board 0 pedal 0; a numeric string.
  command("{\"param\":28,\"iValue1\":0,\"iValue2\":0,"
          "\"sValue\":\"{\\\"name\\\":\\\"bypass\\\",\\\"value\\\":true}\"}");
  CHECK_INT(g_rec.n_set, 2);
  CHECK_INT(g_rec.set_board, 0);
  CHECK_INT(g_rec.set_index, 0);
  CHECK_INT(g_rec.set_value.is_bool, 1);
  CHECK_NEAR(g_rec.set_value.value, 1.0, 0.0);
  command("{\"param\":28,\"iValue1\":0,\"iValue2\":3,"
          "\"sValue\":\"{\\\"name\\\":\\\"Level\\\",\\\"value\\\":\\\"-4.25\\\"}\"}");
  CHECK_INT(g_rec.n_set, 3);
  CHECK_INT(g_rec.set_index, 3);
  CHECK_NEAR(g_rec.set_value.value, -4.25, 0.0);
  CHECK_INT(g_rec.n_sent, 0);
}

static void
set_effect_config_with_invalid_json_or_a_bad_board_is_refused(void)
{
  fresh();
  command("{\"param\":28,\"iValue1\":0,\"iValue2\":0,\"sValue\":\"{not json\"}");
  CHECK_INT(g_rec.n_set, 0);
  CHECK_INT(g_rec.n_sent, 1); // the original ignored it silently (§5.7); refused with the reason
  CHECK(g_rec.last_refusal[0] &&
            strstr(g_rec.last_refusal, "SetEffectConfig: sValue is not a setting"),
        "refusal: %s", g_rec.last_refusal);
  command("{\"param\":28,\"iValue1\":2,\"iValue2\":0,"
          "\"sValue\":\"{\\\"name\\\":\\\"Gain\\\",\\\"value\\\":1}\"}");
  CHECK_INT(g_rec.n_set, 0);
  int param = 0;
  const char* why = refusal(&param);
  CHECK_INT(param, 28);
  CHECK(!strcmp(why, "board must be 0 or 1"), "reason '%s'", why);
}

// ---------------------------------------------------------------------------------------------
// SetFader (35): iValue1 channel, fValue pan, clamped to -1..1

static void
set_fader_writes_the_channels_own_pan_port_clamped_and_keeps_it_for_level_event(void)
{
  // Every channel has its own pan (issue 12): 0/1 the local inputs (monitor_pan_1/2), 2..23 the
  // remote channels 1..22 (chan_pan_01..22; remote slot k has channels 2k and 2k+1, §5.5).
  static const struct {
    int ch;
    double pan;
    const char* symbol;
    double want;
  } cases[] = {
      {0, 0.5, "monitor_pan_1", 0.5},   {1, -2.0, "monitor_pan_2", -1.0},
      {2, -1.0, "chan_pan_01", -1.0},   {3, 1.0, "chan_pan_02", 1.0},
      {4, 0.5, "chan_pan_03", 0.5},     {23, 0.25, "chan_pan_22", 0.25},
      {6, 3.0, "chan_pan_05", 1.0},     {7, -7.0, "chan_pan_06", -1.0},
      {9, -0.25, "chan_pan_08", -0.25},
  };
  fresh();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
    char text[128];
    snprintf(text, sizeof text, "{\"param\":35,\"iValue1\":%d,\"fValue\":%g}", cases[k].ch,
             cases[k].pan);
    const int before = g_rec.n_net;
    const double other = g_d.mix.pan[cases[k].ch ^ 1];
    command(text);
    CHECK(g_rec.n_net == before + 1, "SetFader ch %d: %d port writes", cases[k].ch,
          g_rec.n_net - before);
    CHECK(!strcmp(g_rec.net_symbol[before], cases[k].symbol), "SetFader ch %d wrote '%s', want %s",
          cases[k].ch, g_rec.net_symbol[before], cases[k].symbol);
    CHECK(g_rec.net_value[before] == (float)cases[k].want,
          "SetFader ch %d pan %g wrote %g, want %g", cases[k].ch, cases[k].pan,
          (double)g_rec.net_value[before], cases[k].want);
    CHECK(g_d.mix.pan[cases[k].ch] == cases[k].want && g_d.mix.pan[cases[k].ch ^ 1] == other,
          "SetFader ch %d: mix pan %g (want %g), its pair's %g (want %g, unchanged)", cases[k].ch,
          g_d.mix.pan[cases[k].ch], cases[k].want, g_d.mix.pan[cases[k].ch ^ 1], other);
  }
  CHECK_INT(g_rec.n_sent, 0);
}

static void
set_fader_refuses_channels_out_of_range_with_their_reason(void)
{
  static const struct {
    const char* text;
    const char* reason;
  } cases[] = {
      {"{\"param\":35,\"iValue1\":24,\"fValue\":0.5}", "SetFader: channel must be 0..23"},
      {"{\"param\":35,\"iValue1\":-1,\"fValue\":0.5}", "SetFader: channel must be 0..23"},
  };
  fresh();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
    command(cases[k].text);
    int param = 0;
    const char* why = refusal(&param);
    CHECK(param == 35 && !strcmp(why, cases[k].reason), "%s: refused %d '%s', want 35 '%s'",
          cases[k].text, param, why, cases[k].reason);
  }
  CHECK_INT(g_rec.n_sent, 2);
  CHECK_INT(g_rec.n_net, 0);
}

// ---------------------------------------------------------------------------------------------
// Other refusals, and a few mixer commands

static void
refusals_carry_their_reason_and_reach_nothing(void)
{
  static const struct {
    const char* text;
    int param;
    const char* reason;
  } cases[] = {
      {"{\"param\":1004,\"sValue\":\"rm -rf /\"}", 1004,
       "RandomCommand (1004) would run an arbitrary program: refused"},
      {"{\"param\":9999}", 9999, "Reboot/ShutdownDevice (9998/9999) exit the process: refused"},
      {"{\"param\":77}", 77, "unknown or unsupported command"},
      {"not json", -1, "not a command: {\"param\":N,...} expected"},
      {"{\"param\":21,\"sValue\":\"\",\"iValue1\":7891}", 21,
       "RoomChange needs sValue = server and iValue1 = port 1..65535"},
      {"{\"param\":36,\"iValue1\":2,\"iValue2\":1}", 36, "MuteToRoom: input must be 0 or 1"},
      {"{\"param\":39,\"iValue1\":24,\"iValue2\":1}", 39, "ChannelMute: channel must be 0..23"},
      {"{\"param\":40,\"iValue1\":-3,\"fValue\":1}", 40, "ChannelGain: channel must be 0..23"},
      {"{\"param\":33,\"iValue1\":2,\"iValue2\":1}", 33, "TuneChannel: channel must be 0 or 1"},
      {"{\"param\":29,\"iValue1\":5,\"sValue\":\"Boost\"}", 29, "board must be 0 or 1"},
      // Numbers beyond int are range-checked before narrowing: 2^32 is not board 0.
      {"{\"param\":32,\"iValue1\":4294967296,\"sValue\":\"{}\"}", 32, "board must be 0 or 1"},
      {"{\"param\":30,\"iValue1\":-4294967296,\"iValue2\":0}", 30, "board must be 0 or 1"},
      {"{\"param\":21,\"sValue\":\"x\",\"iValue1\":7891,\"iValue2\":4294967297}", 21,
       "RoomChange: iValue2 (client id) must be 0..4294967295"},
      {"{\"param\":21,\"sValue\":\"x\",\"iValue1\":7891,\"iValue2\":-1}", 21,
       "RoomChange: iValue2 (client id) must be 0..4294967295"},
  };
  fresh();
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
    const int before = g_rec.n_sent;
    command(cases[k].text);
    int param = 0;
    const char* why = refusal(&param);
    CHECK(g_rec.n_sent == before + 1 && param == cases[k].param && !strcmp(why, cases[k].reason),
          "%s: refused %d '%s', want %d '%s'", cases[k].text, param, why, cases[k].param,
          cases[k].reason);
  }
  CHECK_INT(g_rec.n_net + g_rec.n_set + g_rec.n_join + g_rec.n_board_edits, 0);
}

static void
pedal_indexes_beyond_int_reach_the_rig_as_out_of_range_not_wrapped(void)
{
  fresh();
  command("{\"param\":30,\"iValue1\":0,\"iValue2\":4294967297}"); // 2^32 + 1, not 1
  CHECK_INT(g_rec.edit_index, -1);
  command("{\"param\":31,\"iValue1\":0,\"iValue2\":1,\"fValue\":1e300}");
  CHECK_INT(g_rec.edit_index, 1);
  CHECK_INT(g_rec.edit_to, -1);
  command("{\"param\":31,\"iValue1\":0,\"iValue2\":4294967296,\"fValue\":1.4}");
  CHECK_INT(g_rec.edit_index, -1);
  CHECK_INT(g_rec.edit_to, 1);
  command("{\"param\":28,\"iValue1\":0,\"iValue2\":4294967298,"
          "\"sValue\":\"{\\\"name\\\":\\\"Gain\\\",\\\"value\\\":1}\"}");
  CHECK_INT(g_rec.n_set, 1);
  CHECK_INT(g_rec.set_index, -1);
}

static void
mixer_commands_clamp_and_write_their_ports(void)
{
  fresh();
  CHECK_NEAR(g_d.mix.click_db, -12.0, 0.0); // the start state
  CHECK_INT(g_d.mix.click_mute, 1);
  command("{\"param\":40,\"iValue1\":5,\"fValue\":20}"); // ChannelGain: remote ch 4, clamped
  command("{\"param\":3,\"fValue\":-80}");               // ChanGain4 (deprecated): remote ch 2
  command("{\"param\":14,\"fValue\":-3}");               // MasterVol
  command("{\"param\":39,\"iValue1\":1,\"iValue2\":1}"); // ChannelMute: local input 2
  command("{\"param\":36,\"iValue1\":1,\"iValue2\":1}"); // MuteToRoom: input 2
  command("{\"param\":41,\"fValue\":-70}");              // MetronomeGain, clamped to -60
  static const struct {
    const char* symbol;
    float value;
  } want[] = {{"chan_gain_04", 12.0f},  {"chan_gain_02", -60.0f}, {"master", -3.0f},
              {"monitor_mute_2", 1.0f}, {"room_mute_2", 1.0f},    {"click", -60.0f}};
  CHECK_INT(g_rec.n_net, 6);
  for (int k = 0; k < 6 && k < g_rec.n_net; ++k) {
    CHECK(!strcmp(g_rec.net_symbol[k], want[k].symbol) && g_rec.net_value[k] == want[k].value,
          "write %d: %s = %g, want %s = %g", k, g_rec.net_symbol[k], (double)g_rec.net_value[k],
          want[k].symbol, (double)want[k].value);
  }
  CHECK_NEAR(g_d.mix.gain_db[4], 0.0, 0.0); // the other channel of the pair keeps its own
  CHECK_NEAR(g_d.mix.gain_db[5], 12.0, 0.0);
  CHECK_NEAR(g_d.mix.gain_db[3], -60.0, 0.0);
  CHECK_NEAR(g_d.mix.gain_db[2], 0.0, 0.0);
  CHECK_INT(g_d.mix.mute[1], 1);
  CHECK_INT(g_d.mix.mute[0], 0);
  CHECK_INT(g_d.mix.room_mute[1], 1);
  command("{\"param\":21,\"sValue\":\"jam.example\",\"iValue1\":7891,\"iValue2\":4242}");
  CHECK_INT(g_rec.n_join, 1);
  CHECK(!strcmp(g_rec.join_server, "jam.example") && g_rec.join_port == 7891 &&
            g_rec.join_id == 4242,
        "joined %s:%d as %u", g_rec.join_server, g_rec.join_port, g_rec.join_id);
  CHECK(!strcmp(g_opt.server, "jam.example"), "options keep the room: '%s'", g_opt.server);
  command("{\"param\":1006,\"iValue1\":100}"); // SetUpdateInterval, clamped to 150
  CHECK_INT(g_d.update_ms, 150);
  CHECK_INT(g_d.interval_set_us, 5000000);
  CHECK_INT(g_rec.n_sent, 0);
}

// ---------------------------------------------------------------------------------------------
// An engine that does not take a write (its to-RT ring full: JACK stalled)

// Regression: the mixer commands, RoomChange, Disconnect and TuneChannel ignored the engine's
// status, so with the ring full the mixer model (and levelEvent) showed a value never applied,
// and nothing told the user. Now each is refused with the reason and the model keeps the value
// the engine runs with.
static void
commands_the_engine_does_not_take_are_refused_and_leave_the_model_as_it_was(void)
{
  fresh();
  command("{\"param\":40,\"iValue1\":0,\"fValue\":-6}"); // applied
  CHECK_NEAR(g_d.mix.gain_db[0], -6.0, 0.0);
  command("{\"param\":21,\"sValue\":\"jam.example\",\"iValue1\":7891,\"iValue2\":1}");
  CHECK(!strcmp(g_opt.server, "jam.example"), "joined: '%s'", g_opt.server);
  g_rec.engine_status = JAM_ERR_FULL;
  static const struct {
    const char* text;
    const char* reason;
  } cases[] = {
      {"{\"param\":40,\"iValue1\":0,\"fValue\":-60}", "ChannelGain: audio engine not draining"},
      {"{\"param\":3,\"fValue\":-60}", "ChanGain: audio engine not draining"},
      {"{\"param\":14,\"fValue\":-60}", "MasterVol: audio engine not draining"},
      {"{\"param\":35,\"iValue1\":5,\"fValue\":0.5}", "SetFader: audio engine not draining"},
      {"{\"param\":36,\"iValue1\":0,\"iValue2\":1}", "MuteToRoom: audio engine not draining"},
      {"{\"param\":39,\"iValue1\":1,\"iValue2\":1}", "ChannelMute: audio engine not draining"},
      {"{\"param\":41,\"fValue\":0}", "MetronomeGain: audio engine not draining"},
      {"{\"param\":42,\"iValue1\":0}", "MetronomeMute: audio engine not draining"},
      {"{\"param\":21,\"sValue\":\"other.example\",\"iValue1\":1,\"iValue2\":2}",
       "RoomChange: audio engine not draining"},
      {"{\"param\":22}", "Disconnect: audio engine not draining"},
      {"{\"param\":33,\"iValue1\":0,\"iValue2\":1}", "TuneChannel: audio engine not draining"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
    g_rec.last_refusal[0] = '\0';
    command(cases[k].text);
    CHECK(strstr(g_rec.last_refusal, cases[k].reason) != NULL, "%s: refusal '%s', want '%s'",
          cases[k].text, g_rec.last_refusal, cases[k].reason);
  }
  HostMix start;
  host_mix_init(&start);
  start.gain_db[0] = -6.0;
  CHECK(!memcmp(&g_d.mix, &start, sizeof start), "the mixer model changed with nothing applied");
  CHECK(!strcmp(g_opt.server, "jam.example") && g_opt.port == 7891 && g_opt.client_id == 1,
        "room settings: %s:%d as %ld", g_opt.server, g_opt.port, g_opt.client_id);
  CHECK_INT(g_d.tuner_on[0], 0);
}

// ---------------------------------------------------------------------------------------------
// SetFader through to the room mix: the pan the dispatch writes to rtjam-net's chan_pan_01 port
// is remote channel 1's pan (net_lv2.c: chan_pan_kk -> chan_pan[k-1]); B's mix of A follows the
// spec's law, channel by channel.

static void
set_fader_pans_the_room_mix_by_the_constant_power_law(void)
{
  Session s;
  const int ok = session_open(&s);
  CHECK(ok, "setup");
  if (!ok) {
    session_close(&s);
    return;
  }
  Phase ph;
  session_run(&s, 100, &ph);
  CHECK_INT(ph.rb.client_id[0], 101); // A is B's player 1: mixer channels 2 and 3
  // Channel 2 is A's first channel (its tone); the last step pans channel 3, A's silent second
  // channel, hard right: A's tone must stay where channel 2's pan put it (centre).
  // Law steps pan both of A's channels (2 and 3) alike, so that the far side is silent.
  static const struct {
    int ch, both;
    double pan, tone_pan;
  } steps[] = {
      {2, 1, -1.0, -1.0}, {2, 1, 1.0, 1.0}, {2, 1, 0.5, 0.5}, {2, 1, 0.0, 0.0}, {3, 0, 1.0, 0.0}};
  fresh();
  for (size_t k = 0; k < sizeof steps / sizeof steps[0]; ++k) {
    char text[128];
    snprintf(text, sizeof text, "{\"param\":35,\"iValue1\":%d,\"fValue\":%g}", steps[k].ch,
             steps[k].pan);
    const int before = g_rec.n_net;
    command(text);
    unsigned port = 0;
    const int one = g_rec.n_net == before + 1 &&
                    sscanf(g_rec.net_symbol[before], "chan_pan_%02u", &port) == 1 && port >= 1 &&
                    port <= NET_ENGINE_PLAYER_OUTS;
    CHECK(one, "SetFader %s: one pan port write", text);
    if (!one) {
      continue;
    }
    s.cb.chan_pan[port - 1] = g_rec.net_value[before];
    if (steps[k].both) { // and A's second channel alike
      snprintf(text, sizeof text, "{\"param\":35,\"iValue1\":%d,\"fValue\":%g}", steps[k].ch + 1,
               steps[k].pan);
      command(text);
      s.cb.chan_pan[port] = g_rec.net_value[g_rec.n_net - 1];
    }
    session_run(&s, 50 + MEASURE, &ph);
    const double p = steps[k].tone_pan;
    const double want_l = 10.0 * log10(1.0 - p + 1e-30); // power: |sqrt(1 - p)|^2
    const double want_r = 10.0 * log10(1.0 + p + 1e-30);
    const double got_l = ph.b_left_db - ph.in_db;
    const double got_r = ph.b_right_db - ph.in_db;
    CHECK(want_l < -100.0 ? got_l < -80.0 : fabs(got_l - want_l) <= 0.05,
          "SetFader pan %+.2f: left %+.3f dB against the input, the law says %+.3f dB", p, got_l,
          want_l);
    CHECK(want_r < -100.0 ? got_r < -80.0 : fabs(got_r - want_r) <= 0.05,
          "SetFader pan %+.2f: right %+.3f dB against the input, the law says %+.3f dB", p, got_r,
          want_r);
  }
  session_close(&s);
}

// ---------------------------------------------------------------------------------------------
// The real engine and rig, bound as host/main.c binds them.

typedef struct {
  HostGraph* engine;
  HostRig* rig;
} Real;

static JamStatus
real_set_net(void* ctx, const char* symbol, float value)
{
  return host_graph_set_net(((Real*)ctx)->engine, symbol, value);
}

static JamStatus
real_set_tuner(void* ctx, int channel, int on)
{
  return host_graph_set_tuner(((Real*)ctx)->engine, channel, on);
}

static JamStatus
real_insert(void* ctx, int board, const char* name, int pos, char* err, size_t size)
{
  return host_rig_insert(((Real*)ctx)->rig, board, name, pos, err, size);
}

static JamStatus
real_remove(void* ctx, int board, int index)
{
  return host_rig_delete(((Real*)ctx)->rig, board, index);
}

static JamStatus
real_move(void* ctx, int board, int from, int to)
{
  return host_rig_move(((Real*)ctx)->rig, board, from, to);
}

static JamStatus
real_set(void* ctx, int board, int index, const HostSettingValue* setting)
{
  return host_rig_set(((Real*)ctx)->rig, board, index, setting);
}

static JamStatus
real_load(void* ctx, int board, const HostBoardDoc* doc, char* err, size_t size)
{
  return host_rig_load(((Real*)ctx)->rig, board, doc, err, size);
}

static cJSON*
real_pedal_info(void* ctx)
{
  return host_rig_pedal_info(((Real*)ctx)->rig);
}

static void
real_send(void* ctx, cJSON* msg)
{
  (void)ctx;
  rec_send(&g_rec, msg);
}

static Real g_real;

// The control value of setting `name` of pedal `index` on `board`: the rig's record (pedalInfo)
// and the plugin instance's port. @return 0 when the setting is not there
static int
pedal_setting(int board, int index, const char* name, double* info_value, float* port_value)
{
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_real.rig, board, info);
  const HostChain* chain = host_graph_chain(g_real.engine, board);
  int found = 0;
  for (int k = 0; index < info->n_pedals && k < info->pedals[index].n_settings; ++k) {
    if (!strcmp(info->pedals[index].settings[k].name, name) && chain && index < chain->n) {
      const HostPlugin* p = chain->p[index];
      *info_value = info->pedals[index].settings[k].value;
      *port_value = p->setting_port[k] >= 0 ? p->controls[p->setting_port[k]] : NAN;
      found = 1;
    }
  }
  free(info);
  return found;
}

static void
set_effect_config_changes_the_right_control_of_a_real_pedal(void)
{
  fresh();
  HostDispatchOps ops = k_rec_ops;
  ops.ctx = &g_real;
  ops.set_net = real_set_net;
  ops.set_tuner = real_set_tuner;
  ops.insert = real_insert;
  ops.remove = real_remove;
  ops.move = real_move;
  ops.set = real_set;
  ops.load = real_load;
  ops.pedal_info = real_pedal_info;
  ops.send = real_send;
  host_dispatch_init(&g_d, &ops, &g_opt);
  command("{\"param\":29,\"iValue1\":1,\"iValue2\":0,\"sValue\":\"Boost\"}");
  command("{\"param\":29,\"iValue1\":1,\"iValue2\":1,\"sValue\":\"Noise Gate\"}");
  command("{\"param\":29,\"iValue1\":1,\"iValue2\":2,\"sValue\":\"Tone Stack\"}");
  CHECK_INT(g_rec.n_sent, 3); // pedalInfo after each insert
  command("{\"param\":28,\"iValue1\":1,\"iValue2\":2,"
          "\"sValue\":\"{\\\"name\\\":\\\"mid\\\",\\\"value\\\":-7.5}\"}");
  CHECK_INT(g_rec.n_sent, 3); // no reply
  static const struct {
    int pedal;
    const char* name;
    double want;
  } settings[] = {{2, "mid", -7.5}, {2, "treble", 0.0}, {2, "bass", 0.0}, {0, "Gain", 0.0}};
  for (size_t k = 0; k < sizeof settings / sizeof settings[0]; ++k) {
    double info = NAN;
    float port = NAN;
    const int found = pedal_setting(1, settings[k].pedal, settings[k].name, &info, &port);
    CHECK(found && info == settings[k].want && port == (float)settings[k].want,
          "board 1 pedal %d '%s': pedalInfo %g, port %g, want %g (found %d)", settings[k].pedal,
          settings[k].name, info, (double)port, settings[k].want, found);
  }
  // Board 0 is untouched by a board-1 command.
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_real.rig, 0, info);
  CHECK_INT(info->n_pedals, 0);
  free(info);

  // SetFader reaches rtjam-net's pan port of the right channel: mixer channel 5 is remote
  // channel 4 (slot 2's second), and its pair (channel 4) keeps its own.
  command("{\"param\":35,\"iValue1\":5,\"fValue\":0.5}");
  const HostPlugin* net = host_graph_net(g_real.engine);
  const int p2 = net ? host_plugin_port(net, "chan_pan_04") : -1;
  const int p1 = net ? host_plugin_port(net, "chan_pan_03") : -1;
  CHECK(p1 >= 0 && p2 >= 0, "rtjam-net has chan_pan_03 and chan_pan_04");
  if (p1 >= 0 && p2 >= 0) {
    CHECK_NEAR(net->controls[p2], 0.5, 0.0);
    CHECK_NEAR(net->controls[p1], 0.0, 0.0);
  }
  HostReadings r;
  host_graph_collect(g_real.engine, &r);

  // Regression: LoadBoard with a misspelled type emptied the board and replied pedalInfo only.
  // Now it is refused with the unknown type named, and pedalInfo shows the old board.
  const int sent = g_rec.n_sent;
  command("{\"param\":32,\"iValue1\":1,\"sValue\":\"{\\\"id\\\":8,\\\"config\\\":["
          "{\\\"name\\\":\\\"Tubedrive\\\"}]}\"}");
  CHECK_INT(g_rec.n_sent, sent + 2); // the refusal, then pedalInfo
  CHECK(strstr(g_rec.last_refusal, "LoadBoard: unknown pedal type 'Tubedrive' (did you mean "
                                   "'TubeDrive'?)") &&
            strstr(g_rec.last_refusal, "board 1 unchanged"),
        "refusal: %s", g_rec.last_refusal);
  const cJSON* b1 =
      cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g_rec.last, "pedalInfo"), 1);
  const cJSON* fx = cJSON_GetObjectItemCaseSensitive(b1, "effects");
  CHECK_INT(cJSON_GetArraySize(fx), 3);
  const cJSON* first = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(fx, 0), "name");
  CHECK(cJSON_IsString(first) && !strcmp(first->valuestring, "Boost"), "board 1 starts with %s",
        cJSON_IsString(first) ? first->valuestring : "?");

  // Edits that cannot be applied are refused with the reason (before, DeletePedal 5 and
  // MovePedal to 7 on a 3-pedal board only sent the unchanged pedalInfo, and a SetEffectConfig
  // with an unknown setting or bad JSON sent nothing).
  int before = g_rec.n_sent;
  command("{\"param\":30,\"iValue1\":1,\"iValue2\":5}");
  CHECK_INT(g_rec.n_sent, before + 2); // the refusal, then pedalInfo
  CHECK(strstr(g_rec.last_refusal, "DeletePedal: board 1 has no pedal 5"), "refusal: %s",
        g_rec.last_refusal);
  before = g_rec.n_sent;
  command("{\"param\":31,\"iValue1\":1,\"iValue2\":0,\"fValue\":7}");
  CHECK_INT(g_rec.n_sent, before + 2);
  CHECK(strstr(g_rec.last_refusal, "MovePedal: board 1: no pedal 0, or no position 7"),
        "refusal: %s", g_rec.last_refusal);
  before = g_rec.n_sent;
  command("{\"param\":28,\"iValue1\":1,\"iValue2\":2,"
          "\"sValue\":\"{\\\"name\\\":\\\"levle\\\",\\\"value\\\":3}\"}");
  CHECK_INT(g_rec.n_sent, before + 1); // the refusal alone: SetEffectConfig has no pedalInfo
  CHECK(strstr(g_rec.last_refusal, "SetEffectConfig: board 1 pedal 2 has no setting 'levle'"),
        "refusal: %s", g_rec.last_refusal);
  before = g_rec.n_sent;
  command("{\"param\":28,\"iValue1\":1,\"iValue2\":2,\"sValue\":\"not json\"}");
  CHECK_INT(g_rec.n_sent, before + 1);
  CHECK(strstr(g_rec.last_refusal, "SetEffectConfig: sValue is not a setting"), "refusal: %s",
        g_rec.last_refusal);

  // Regression: with the to-RT ring full (a live graph whose process thread does not run, as
  // with a hung jackd) a SetEffectConfig was refused as "has no setting 'mid' (no room left)",
  // and pedalInfo kept the value never applied; a ChannelGain was dropped silently.
  host_graph_set_live(g_real.engine, 1);
  HostPlugin* filler = host_graph_net(g_real.engine);
  const int master = host_plugin_port(filler, "master");
  int n_fill = 0;
  while (host_graph_set_control(g_real.engine, filler, (uint32_t)master, 0.0f) == JAM_SUCCESS &&
         n_fill < 100000) {
    ++n_fill;
  }
  CHECK(n_fill > 0 && n_fill < 100000, "ring filled after %d messages", n_fill);
  command("{\"param\":28,\"iValue1\":1,\"iValue2\":2,"
          "\"sValue\":\"{\\\"name\\\":\\\"mid\\\",\\\"value\\\":3}\"}");
  CHECK(strstr(g_rec.last_refusal, "setting 'mid': audio engine not draining its queue") &&
            !strstr(g_rec.last_refusal, "has no setting"),
        "refusal: %s", g_rec.last_refusal);
  double mid = NAN;
  float mid_port = NAN;
  CHECK(pedal_setting(1, 2, "mid", &mid, &mid_port) && mid == -7.5,
        "pedalInfo mid %g after a refused SetEffectConfig, want -7.5", mid);
  command("{\"param\":40,\"iValue1\":0,\"fValue\":-60}");
  CHECK(strstr(g_rec.last_refusal, "ChannelGain: audio engine not draining its queue"),
        "refusal: %s", g_rec.last_refusal);
  CHECK_NEAR(g_d.mix.gain_db[0], 0.0, 0.0);
  host_graph_set_live(g_real.engine, 0); // drains the ring here
}

int
main(void)
{
  RUN(set_effect_config_reaches_the_named_setting_of_the_given_pedal_without_a_reply);
  RUN(set_effect_config_with_invalid_json_or_a_bad_board_is_refused);
  RUN(set_fader_writes_the_channels_own_pan_port_clamped_and_keeps_it_for_level_event);
  RUN(set_fader_refuses_channels_out_of_range_with_their_reason);
  RUN(refusals_carry_their_reason_and_reach_nothing);
  RUN(pedal_indexes_beyond_int_reach_the_rig_as_out_of_range_not_wrapped);
  RUN(mixer_commands_clamp_and_write_their_ports);
  RUN(commands_the_engine_does_not_take_are_refused_and_leave_the_model_as_it_was);
  RUN(set_fader_pans_the_room_mix_by_the_constant_power_law);

  const char* lv2 = getenv("RTJAM_LV2");
  if (!lv2) {
    jam_test_skip("set_effect_config_changes_the_right_control_of_a_real_pedal",
                  "RTJAM_LV2 not set (run through make check-unit)");
  } else {
    char path[4096];
    snprintf(path, sizeof path, "%s:/usr/lib/lv2", lv2);
    setenv("LV2_PATH", path, 1);
    HostWorld* world = host_world_new();
    g_real.engine = world ? host_graph_new(world) : NULL;
    g_real.rig = g_real.engine ? host_rig_new(world, g_real.engine) : NULL;
    if (g_real.rig) {
      RUN(set_effect_config_changes_the_right_control_of_a_real_pedal);
    } else {
      fprintf(stderr, "FAIL: world, engine (rtjam-net) and rig from %s\n", lv2);
      ++jam_tests_failed;
    }
    host_rig_free(g_real.rig);
    host_graph_free(g_real.engine);
    host_world_free(world);
  }
  cJSON_Delete(g_rec.last);
  return jam_test_summary();
}
