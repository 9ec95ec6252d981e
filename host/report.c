// SPDX-License-Identifier: ISC
// levelEvent and the other status messages of rtjam-host.

#include "host/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double
whole_db(const double db)
{
  const double v = isfinite(db) ? round(db) : -60.0;
  return v < -60.0 ? -60.0 : v;
}

double
host_report_local_depth_ms(const float latency_frames, const double rate_hz)
{
  if (!(latency_frames > 0.0f) || !(rate_hz > 0.0)) {
    return 0.0; // none, or a NaN from a plugin's port
  }
  const double frames = latency_frames < rate_hz ? (double)latency_frames : rate_hz;
  return 1000.0 * frames / rate_hz;
}

double
host_report_original_gain(const double db)
{
  return isfinite(db) ? pow(10.0, db / 10.0) : 0.0;
}

static void
add_channel(cJSON* o, const int k, const HostReportChannel* c)
{
  static const char* const keys[2][6] = {
      {"level0", "peak0", "gain0", "fade0", "mute0", "gainDb0"},
      {"level1", "peak1", "gain1", "fade1", "mute1", "gainDb1"},
  };
  cJSON_AddNumberToObject(o, keys[k][0], whole_db(c->level));
  cJSON_AddNumberToObject(o, keys[k][1], whole_db(c->peak));
  cJSON_AddNumberToObject(o, keys[k][2], host_report_original_gain(c->gain));
  cJSON_AddNumberToObject(o, keys[k][3], c->pan);
  cJSON_AddBoolToObject(o, keys[k][4], c->mute);
  cJSON_AddNumberToObject(o, keys[k][5], c->gain); // ours: the dB as set
}

static cJSON*
member_json(const HostReportMember* m, const double rtt_ms, const int channel)
{
  cJSON* o = cJSON_CreateObject();
  cJSON* lat = cJSON_CreateObject();
  if (!o || !lat) {
    cJSON_Delete(o);
    cJSON_Delete(lat);
    return NULL;
  }
  cJSON_AddNumberToObject(o, "clientId", m->client_id);
  cJSON_AddNumberToObject(o, "depth", m->depth_ms);
  add_channel(o, 0, &m->ch[0]);
  add_channel(o, 1, &m->ch[1]);
  cJSON_AddNumberToObject(o, "drops", m->drops);
  cJSON_AddNumberToObject(o, "channel", channel); // ours: its first mixer channel (§5.5)
  cJSON_AddNumberToObject(lat, "rttMs", rtt_ms);
  cJSON_AddNumberToObject(lat, "depthMs", m->depth_ms);
  cJSON_AddNumberToObject(lat, "jitterMs", m->jitter_ms);
  cJSON_AddNumberToObject(lat, "totalMs", rtt_ms + m->depth_ms);
  cJSON_AddItemToObject(o, "latency", lat);
  return o;
}

cJSON*
host_report_level_event(const HostReport* const s)
{
  cJSON* ev = cJSON_CreateObject();
  cJSON* players = cJSON_CreateArray();
  if (!ev || !players) {
    cJSON_Delete(ev);
    cJSON_Delete(players);
    return NULL;
  }
  cJSON_AddStringToObject(ev, "jamUnitToken", s->token ? s->token : "");
  cJSON_AddBoolToObject(ev, "connected", s->connected);
  cJSON_AddStringToObject(ev, "git_hash", s->version ? s->version : "");
  cJSON_AddNumberToObject(ev, "masterLevel", s->master_level);
  cJSON_AddNumberToObject(ev, "peakMaster", s->master_peak);
  cJSON_AddNumberToObject(ev, "inputLeft", s->input_level[0]);
  cJSON_AddNumberToObject(ev, "inputRight", s->input_level[1]);
  cJSON_AddNumberToObject(ev, "peakLeft", s->input_peak[0]);
  cJSON_AddNumberToObject(ev, "peakRight", s->input_peak[1]);
  cJSON_AddNumberToObject(ev, "roomInputLeft", s->room_level[0]);
  cJSON_AddNumberToObject(ev, "roomInputRight", s->room_level[1]);
  cJSON_AddNumberToObject(ev, "roomPeakLeft", s->room_peak[0]);
  cJSON_AddNumberToObject(ev, "roomPeakRight", s->room_peak[1]);
  cJSON_AddBoolToObject(ev, "leftRoomMute", s->room_mute[0]);
  cJSON_AddBoolToObject(ev, "rightRoomMute", s->room_mute[1]);
  cJSON_AddNumberToObject(ev, "inputLeftFreq", s->tuner_hz[0]);
  cJSON_AddNumberToObject(ev, "inputRightFreq", s->tuner_hz[1]);
  cJSON_AddBoolToObject(ev, "leftTunerOn", s->tuner_on[0]);
  cJSON_AddBoolToObject(ev, "rightTunerOn", s->tuner_on[1]);
  cJSON_AddNumberToObject(ev, "beat", s->beat);
  cJSON_AddBoolToObject(ev, "metronomeMute", s->click_mute);
  cJSON_AddNumberToObject(ev, "metronomeGain", s->click_gain);
  cJSON_AddNumberToObject(ev, "jsonTimeStamp", 0);
  cJSON_AddStringToObject(ev, "midiDevice", "not supported");
  cJSON_AddNumberToObject(ev, "rttMs", s->rtt_ms);
  cJSON_AddNumberToObject(ev, "lost", s->lost);
  cJSON_AddNumberToObject(ev, "underruns", s->underruns);
  cJSON_AddNumberToObject(ev, "xruns", s->xruns);
  cJSON_AddNumberToObject(ev, "dropped", s->dropped);
  cJSON_AddBoolToObject(ev, "audioRunning", s->audio_running);
  // Ours: the room as set (server "" when none), for the page's room form.
  cJSON_AddStringToObject(ev, "roomServer", s->room_server ? s->room_server : "");
  cJSON_AddNumberToObject(ev, "roomPort", s->room_port);
  cJSON_AddNumberToObject(ev, "roomClientId", s->room_client_id);
  cJSON_AddItemToArray(players, member_json(&s->local, 0.0, 0));
  for (int k = 0; k < HOST_REPORT_SLOTS; ++k) {
    if (s->members[k].client_id) {
      cJSON_AddItemToArray(players, member_json(&s->members[k], s->rtt_ms, 2 * (k + 1)));
    }
  }
  cJSON_AddItemToObject(ev, "players", players);
  return host_report_wrap("levelEvent", ev);
}

// The original's descriptions (rtjam_rust_spec.md §12.1), by type name.
static const struct {
  const char* name;
  const char* description;
} k_original_descriptions[] = {
    {"Template Pedal", "Sample pedal template"},
    {"Tone Stack", "Tone controls (3 band)"},
    {"Noise Gate", "Noise Gate"},
    {"Bass DI", "Bass Guitar Tone Shaping"},
    {"Speaker Sim", "Speaker Cabinet Simulator"},
    {"Sigma Reverb", "Sigma Reverb"},
    {"Compressor", "Compressor Pedal"},
    {"Tremelo", "Tremelo ala Fender"},
    {"Delay", "Delay Pedal"},
    {"TubeDrive", "Tube Overdrive"},
    {"Tube Screamer", "Tube Overdrive Modeled From The Classic"},
    {"SoulDrive", "Soul Overdrive"},
    {"Chorus", "Chorus"},
    {"Bass Envelope", "Bass Envelope Filter Pedal"},
    {"Guitar Envelope", "Guitar Envelope Filter Pedal (auto-wah)"},
    {"Champ", "Fender Champ"},
    {"Princeton", "Fender Princeton"},
    {"Room Simulator", "Room Simulator for rich sound"},
};

const char*
host_report_pedal_description(const char* const name, const char* const fallback)
{
  for (size_t i = 0; i < sizeof k_original_descriptions / sizeof k_original_descriptions[0]; ++i) {
    if (!strcmp(name, k_original_descriptions[i].name)) {
      return k_original_descriptions[i].description;
    }
  }
  return fallback ? fallback : "";
}

cJSON*
host_report_pedal_types(const char* const* names, const char* const* comments, const int n)
{
  cJSON* o = cJSON_CreateObject();
  // Keys in byte order, as the original's serde_json map prints them.
  const char* last = NULL;
  for (int done = 0; o && done < n; ++done) {
    int best = -1;
    for (int i = 0; i < n; ++i) {
      if ((!last || strcmp(names[i], last) > 0) &&
          (best < 0 || strcmp(names[i], names[best]) < 0)) {
        best = i;
      }
    }
    if (best < 0) {
      break;
    }
    cJSON_AddStringToObject(o, names[best],
                            host_report_pedal_description(names[best], comments[best]));
    last = names[best];
  }
  return o;
}

cJSON*
host_report_wrap(const char* const key, cJSON* const payload)
{
  cJSON* o = cJSON_CreateObject();
  if (!o || !payload) {
    cJSON_Delete(o);
    cJSON_Delete(payload);
    return NULL;
  }
  cJSON_AddStringToObject(o, "speaker", "UnitChatRobot");
  cJSON_AddItemToObject(o, key, payload);
  return o;
}

cJSON*
host_report_websock_ping(void)
{
  cJSON* ping = cJSON_CreateObject();
  if (ping) {
    cJSON_AddBoolToObject(ping, "isRust", 1);
  }
  return host_report_wrap("websockPing", ping);
}

cJSON*
host_report_refusal(const int32_t param, const char* const reason)
{
  cJSON* r = cJSON_CreateObject();
  if (r) {
    cJSON_AddNumberToObject(r, "param", param);
    cJSON_AddStringToObject(r, "reason", reason ? reason : "");
  }
  return host_report_wrap("refused", r);
}

char*
host_report_print(cJSON* const msg)
{
  char* text = msg ? cJSON_PrintUnformatted(msg) : NULL;
  cJSON_Delete(msg);
  return text;
}
