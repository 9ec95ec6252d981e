// SPDX-License-Identifier: ISC
// rtjam-host's command dispatch. See dispatch.h.

#include "host/dispatch.h"

#include "host/engine.h"
#include "host/plugin.h"
#include "host/report.h"

#include "log.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*Handler)(HostDispatch* d, const HostCmd* c);

static void
refuse(HostDispatch* const d, const int32_t param, const char* const reason)
{
  char shown[512]; // a reason may quote the command (a pedal type, a setting name)
  jam_log_printable(reason, strlen(reason), shown, sizeof shown);
  jam_log(JAM_LOG_WARN, "host: command %d refused: %s", param, shown);
  d->ops.send(d->ops.ctx, host_report_refusal(param, reason));
}

// Why a write to the audio engine failed, for a refusal: a full to-RT ring means the process
// thread is not draining it (JACK stalled or hung), not that the command was wrong.
static const char*
engine_reason(const JamStatus st)
{
  return st == JAM_ERR_FULL ? "audio engine not draining its queue; not applied" : jam_strerror(st);
}

// Refuses a command the engine did not take (`st`). While its queue stays full every such
// command is refused to the client, but logged once: a flood would log thousands of lines.
static void
engine_refuse(HostDispatch* const d, const int32_t param, const JamStatus st, const char* const why)
{
  if (st == JAM_ERR_FULL && d->engine_full) {
    d->ops.send(d->ops.ctx, host_report_refusal(param, why));
    return;
  }
  d->engine_full = st == JAM_ERR_FULL;
  refuse(d, param, why);
}

// Writes a mixer change to rtjam-net. The mixer model already holds the new value: when the
// engine does not take the write, the model goes back to what it was before the command
// (mix_before, kept by host_dispatch_command), so levelEvent never reports a value that was not
// applied, and the command is refused with the reason.
static void
set_net(HostDispatch* const d, const HostCmd* const c, const char* const what, const HostNetWrite w)
{
  const JamStatus st = d->ops.set_net(d->ops.ctx, w.symbol, w.value);
  if (st != JAM_SUCCESS) {
    d->mix = d->mix_before;
    char why[160];
    snprintf(why, sizeof why, "%s: %s", what, engine_reason(st));
    engine_refuse(d, c->param, st, why);
  } else {
    d->engine_full = 0;
  }
}

static void
send_pedal_info(HostDispatch* const d)
{
  d->ops.send(d->ops.ctx, host_report_wrap("pedalInfo", d->ops.pedal_info(d->ops.ctx)));
}

// ---------------------------------------------------------------------------------------------
// Mixer

static void
chan_gain_deprecated(HostDispatch* const d, const HostCmd* const c) // ChanGain1..14 (params 0..13)
{
  set_net(d, c, "ChanGain", host_mix_set_gain(&d->mix, c->param, c->fvalue));
}

static void
master_vol(HostDispatch* const d, const HostCmd* const c)
{
  set_net(d, c, "MasterVol", host_mix_set_master(&d->mix, c->fvalue));
}

static void
set_fader(HostDispatch* const d, const HostCmd* const c)
{
  if (!host_mix_valid_channel(c->ivalue1)) {
    refuse(d, c->param, "SetFader: channel must be 0..23");
  } else {
    set_net(d, c, "SetFader", host_mix_set_pan(&d->mix, (int)c->ivalue1, c->fvalue));
  }
}

static void
mute_to_room(HostDispatch* const d, const HostCmd* const c)
{
  if (c->ivalue1 < 0 || c->ivalue1 > 1) { // the original checked < 24 on a 2-entry array
    refuse(d, c->param, "MuteToRoom: input must be 0 or 1");
    return;
  }
  set_net(d, c, "MuteToRoom", host_mix_set_room_mute(&d->mix, (int)c->ivalue1, c->ivalue2 == 1));
}

static void
channel_mute(HostDispatch* const d, const HostCmd* const c)
{
  if (!host_mix_valid_channel(c->ivalue1)) {
    refuse(d, c->param, "ChannelMute: channel must be 0..23");
  } else {
    set_net(d, c, "ChannelMute", host_mix_set_mute(&d->mix, (int)c->ivalue1, c->ivalue2 == 1));
  }
}

static void
channel_gain(HostDispatch* const d, const HostCmd* const c)
{
  if (!host_mix_valid_channel(c->ivalue1)) {
    refuse(d, c->param, "ChannelGain: channel must be 0..23");
  } else {
    set_net(d, c, "ChannelGain", host_mix_set_gain(&d->mix, (int)c->ivalue1, c->fvalue));
  }
}

static void
metronome_gain(HostDispatch* const d, const HostCmd* const c)
{
  set_net(d, c, "MetronomeGain", host_mix_set_click(&d->mix, c->fvalue));
}

static void
metronome_mute(HostDispatch* const d, const HostCmd* const c)
{
  set_net(d, c, "MetronomeMute", host_mix_set_click_mute(&d->mix, c->ivalue1 == 1));
}

// ---------------------------------------------------------------------------------------------
// Room, tuner, status

static void
room_change(HostDispatch* const d, const HostCmd* const c)
{
  if (!c->svalue[0] || c->ivalue1 <= 0 || c->ivalue1 > 65535) {
    refuse(d, c->param, "RoomChange needs sValue = server and iValue1 = port 1..65535");
    return;
  }
  if (c->ivalue2 < 0 || c->ivalue2 > (int64_t)UINT32_MAX) {
    refuse(d, c->param, "RoomChange: iValue2 (client id) must be 0..4294967295");
    return;
  }
  HostOptions* o = d->opt;
  const JamStatus st = d->ops.join(d->ops.ctx, c->svalue, (int)c->ivalue1, (uint32_t)c->ivalue2);
  if (st != JAM_SUCCESS) { // the room settings stay those of the room rtjam-net is in
    char why[160];
    snprintf(why, sizeof why, "RoomChange: %s", engine_reason(st));
    engine_refuse(d, c->param, st, why);
    return;
  }
  d->engine_full = 0;
  snprintf(o->server, sizeof o->server, "%s", c->svalue);
  o->port = (int)c->ivalue1;
  o->client_id = (long)(uint32_t)c->ivalue2;
  jam_log(JAM_LOG_INFO, "host: joining %s:%d as client %ld", o->server, o->port, o->client_id);
}

static void
disconnect(HostDispatch* const d, const HostCmd* const c)
{
  const JamStatus st = d->ops.join(d->ops.ctx, "", 0, 0);
  if (st != JAM_SUCCESS) {
    char why[160];
    snprintf(why, sizeof why, "Disconnect: %s", engine_reason(st));
    engine_refuse(d, c->param, st, why);
    return;
  }
  d->engine_full = 0;
  jam_log(JAM_LOG_INFO, "host: leaving the room");
  d->opt->server[0] = '\0';
}

static void
get_config_json(HostDispatch* const d, const HostCmd* const c)
{
  (void)c;
  send_pedal_info(d);
}

static void
tune_channel(HostDispatch* const d, const HostCmd* const c)
{
  if (c->ivalue1 < 0 || c->ivalue1 > 1) {
    refuse(d, c->param, "TuneChannel: channel must be 0 or 1");
    return;
  }
  const JamStatus st = d->ops.set_tuner(d->ops.ctx, (int)c->ivalue1, c->ivalue2 == 1);
  if (st != JAM_SUCCESS) { // tunerOn keeps reporting what the engine does
    char why[160];
    snprintf(why, sizeof why, "TuneChannel: %s", engine_reason(st));
    engine_refuse(d, c->param, st, why);
    return;
  }
  d->engine_full = 0;
  d->tuner_on[c->ivalue1] = c->ivalue2 == 1;
  host_tuner_init(&d->tuner[c->ivalue1], HOST_SAMPLE_RATE);
}

static void
keep_alive(HostDispatch* const d, const HostCmd* const c)
{
  (void)d;
  (void)c;
}

static void
get_pedal_types(HostDispatch* const d, const HostCmd* const c)
{
  (void)c;
  d->ops.send(d->ops.ctx, host_report_wrap("pedalTypes", d->ops.pedal_types(d->ops.ctx)));
}

static void
set_update_interval(HostDispatch* const d, const HostCmd* const c)
{
  d->update_ms = host_cmd_update_interval_ms(c->ivalue1);
  d->interval_set_us = d->ops.now_us(d->ops.ctx);
}

// ---------------------------------------------------------------------------------------------
// Boards: iValue1 is the board; every edit but SetEffectConfig replies pedalInfo (§5.7)

static int
board_of(HostDispatch* const d, const HostCmd* const c)
{
  if (c->ivalue1 < 0 || c->ivalue1 >= HOST_BOARDS) { // checked before narrowing to int
    refuse(d, c->param, "board must be 0 or 1");
    return -1;
  }
  return (int)c->ivalue1;
}

// A pedal index or position from an iValue: −1 (out of every board's range) when it does not
// fit an int, so that 2^32 + 1 cannot wrap to 1.
static int
index_of(const int64_t v)
{
  return v >= 0 && v <= INT_MAX ? (int)v : -1;
}

static void
insert_pedal(HostDispatch* const d, const HostCmd* const c)
{
  const int board = board_of(d, c);
  if (board < 0) {
    return;
  }
  char err[512] = "";
  const int pos = c->ivalue2 > INT_MAX ? INT_MAX : index_of(c->ivalue2); // past the end appends
  if (d->ops.insert(d->ops.ctx, board, c->svalue, pos, err, sizeof err) != JAM_SUCCESS) {
    refuse(d, c->param, err); // logs it too; pedalInfo (unchanged) follows, as in §5.7
  }
  send_pedal_info(d);
}

static void
delete_pedal(HostDispatch* const d, const HostCmd* const c)
{
  const int board = board_of(d, c);
  if (board < 0) {
    return;
  }
  const JamStatus st = d->ops.remove(d->ops.ctx, board, index_of(c->ivalue2));
  if (st != JAM_SUCCESS) {
    char why[160];
    if (st == JAM_ERR_NOT_FOUND) {
      snprintf(why, sizeof why, "DeletePedal: board %d has no pedal %lld", board,
               (long long)c->ivalue2);
    } else {
      snprintf(why, sizeof why, "DeletePedal: board %d pedal %lld: %s", board,
               (long long)c->ivalue2, jam_strerror(st));
    }
    refuse(d, c->param, why); // pedalInfo (unchanged) follows, as for every edit
  }
  send_pedal_info(d);
}

static void
move_pedal(HostDispatch* const d, const HostCmd* const c)
{
  const int board = board_of(d, c);
  if (board < 0) {
    return;
  }
  const double to = c->fvalue; // lround of a value beyond long is undefined: range first
  const JamStatus st = d->ops.move(d->ops.ctx, board, index_of(c->ivalue2),
                                   to > -1.0 && to < (double)INT_MAX ? (int)lround(to) : -1);
  if (st != JAM_SUCCESS) {
    char why[160];
    if (st == JAM_ERR_NOT_FOUND) {
      snprintf(why, sizeof why, "MovePedal: board %d: no pedal %lld, or no position %g", board,
               (long long)c->ivalue2, to);
    } else {
      snprintf(why, sizeof why, "MovePedal: board %d pedal %lld to %g: %s", board,
               (long long)c->ivalue2, to, jam_strerror(st));
    }
    refuse(d, c->param, why);
  }
  send_pedal_info(d);
}

static void
set_effect_config(HostDispatch* const d, const HostCmd* const c)
{
  const int board = board_of(d, c);
  if (board < 0) {
    return;
  }
  HostSettingValue s;
  // Applied without a reply (§5.7); what cannot be applied is refused with the reason.
  if (host_board_setting_parse(c->svalue, &s) != JAM_SUCCESS) {
    refuse(d, c->param, "SetEffectConfig: sValue is not a setting ({\"name\":...,\"value\":...})");
    return;
  }
  const JamStatus st = d->ops.set(d->ops.ctx, board, index_of(c->ivalue2), &s);
  if (st != JAM_SUCCESS) {
    char why[256];
    if (st == JAM_ERR_NOT_FOUND) {
      snprintf(why, sizeof why, "SetEffectConfig: board %d pedal %lld has no setting '%.64s'",
               board, (long long)c->ivalue2, s.name);
    } else { // the setting exists, the engine did not take it (the pedal keeps its value)
      snprintf(why, sizeof why, "SetEffectConfig: board %d pedal %lld setting '%.64s': %s", board,
               (long long)c->ivalue2, s.name, engine_reason(st));
    }
    engine_refuse(d, c->param, st, why);
  } else {
    d->engine_full = 0;
  }
}

static void
load_board(HostDispatch* const d, const HostCmd* const c)
{
  const int board = board_of(d, c);
  if (board < 0) {
    return;
  }
  HostBoardDoc* doc = malloc(sizeof *doc);
  if (!doc) {
    return;
  }
  char err[600] = "";
  if (host_board_doc_parse(c->svalue, doc) != JAM_SUCCESS) {
    refuse(d, c->param, "LoadBoard: sValue is not a board document");
  } else if (d->ops.load(d->ops.ctx, board, doc, err, sizeof err) == JAM_SUCCESS) {
    jam_log(JAM_LOG_INFO, "host: board %d: loaded board %lld (%d pedals)", board,
            (long long)doc->id, doc->n_pedals);
  } else {
    char reason[700];
    snprintf(reason, sizeof reason, "LoadBoard: %s", err);
    refuse(d, c->param, reason);
  }
  free(doc);
  send_pedal_info(d);
}

// ---------------------------------------------------------------------------------------------

// The handlers by command number. Commands host_cmd_refusal refuses have none; ChanGain1..14
// (params 0..13) share one.
static const struct {
  HostCmdParam param;
  Handler fn;
} k_handlers[] = {
    {HOST_CMD_MASTER_VOL, master_vol},
    {HOST_CMD_ROOM_CHANGE, room_change},
    {HOST_CMD_DISCONNECT, disconnect},
    {HOST_CMD_GET_CONFIG_JSON, get_config_json},
    {HOST_CMD_SET_EFFECT_CONFIG, set_effect_config},
    {HOST_CMD_INSERT_PEDAL, insert_pedal},
    {HOST_CMD_DELETE_PEDAL, delete_pedal},
    {HOST_CMD_MOVE_PEDAL, move_pedal},
    {HOST_CMD_LOAD_BOARD, load_board},
    {HOST_CMD_TUNE_CHANNEL, tune_channel},
    {HOST_CMD_SET_FADER, set_fader},
    {HOST_CMD_MUTE_TO_ROOM, mute_to_room},
    {HOST_CMD_KEEP_ALIVE, keep_alive},
    {HOST_CMD_CHANNEL_MUTE, channel_mute},
    {HOST_CMD_CHANNEL_GAIN, channel_gain},
    {HOST_CMD_METRONOME_GAIN, metronome_gain},
    {HOST_CMD_METRONOME_MUTE, metronome_mute},
    {HOST_CMD_GET_PEDAL_TYPES, get_pedal_types},
    {HOST_CMD_SET_UPDATE_INTERVAL, set_update_interval},
};

static Handler
handler_of(const int32_t param)
{
  if (param >= 0 && param <= 13) {
    return chan_gain_deprecated;
  }
  for (size_t i = 0; i < sizeof k_handlers / sizeof k_handlers[0]; ++i) {
    if ((int32_t)k_handlers[i].param == param) {
      return k_handlers[i].fn;
    }
  }
  return NULL;
}

void
host_dispatch_init(HostDispatch* const d, const HostDispatchOps* const ops, HostOptions* const opt)
{
  memset(d, 0, sizeof *d);
  d->ops = *ops;
  d->opt = opt;
  host_mix_init(&d->mix);
  d->update_ms = HOST_DISPATCH_IDLE_MS;
}

void
host_dispatch_command(HostDispatch* const d, const HostCmd* const c)
{
  const char* why = host_cmd_refusal(c->param);
  const Handler fn = why ? NULL : handler_of(c->param);
  if (!fn) {
    refuse(d, c->param, why ? why : "refused");
    return;
  }
  d->mix_before = d->mix;
  fn(d, c);
}

void
host_dispatch_text(HostDispatch* const d, const char* const text, const size_t len,
                   const char* const from)
{
  HostCmd c;
  const JamStatus st = host_cmd_parse(text, len, &c);
  if (st == JAM_SUCCESS) {
    jam_log(JAM_LOG_DEBUG, "host: command %d from %s", c.param, from);
    host_dispatch_command(d, &c);
  } else {
    jam_log(JAM_LOG_WARN, "host: command JSON from %s rejected: %s", from, jam_strerror(st));
    d->ops.send(d->ops.ctx, host_report_refusal(-1, "not a command: {\"param\":N,...} expected"));
  }
  host_cmd_clear(&c);
}
