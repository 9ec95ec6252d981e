// SPDX-License-Identifier: ISC
// rtjam-broadcast's messages to its rtjam-nation room (§4.8), built with cJSON.

#include "nation_report.h"

#include <cJSON.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPEAKER "RoomChatRobot"

int
bcast_nation_f64(const double v, char* const out, const size_t cap)
{
  if (!isfinite(v)) {
    return snprintf(out, cap, "null");
  }
  int n = snprintf(out, cap, "%.3f", v);
  if (n < 0 || (size_t)n >= cap) {
    return n;
  }
  // Trailing zeros go, but one digit stays after the point: 12.500 -> 12.5, 12.000 -> 12.0.
  while (n > 2 && out[n - 1] == '0' && out[n - 2] != '.') {
    out[--n] = '\0';
  }
  return n;
}

// Adds an f64 as a raw number (cJSON would print 12.0 as 12).
static cJSON*
add_f64(cJSON* const o, const char* const key, const double v)
{
  char text[64];
  bcast_nation_f64(v, text, sizeof text);
  return o ? cJSON_AddRawToObject(o, key, text) : NULL;
}

// Adds an integer as a raw number (cJSON would print 1700000000000000 as 1.7e+15).
static cJSON*
add_u64(cJSON* const o, const char* const key, const uint64_t v)
{
  char text[32];
  snprintf(text, sizeof text, "%llu", (unsigned long long)v);
  return o ? cJSON_AddRawToObject(o, key, text) : NULL;
}

static cJSON*
f64_item(const double v)
{
  char text[64];
  bcast_nation_f64(v, text, sizeof text);
  return cJSON_CreateRaw(text);
}

// Prints and deletes; NULL in, NULL out; `ok` 0 deletes and returns NULL.
static char*
finish(cJSON* const o, const int ok)
{
  char* const text = o && ok ? cJSON_PrintUnformatted(o) : NULL;
  cJSON_Delete(o);
  return text;
}

char*
bcast_nation_latency(const BcastRoomStatus* const st, const int mix_mode,
                     const unsigned long update_count)
{
  cJSON* const o = cJSON_CreateObject();
  cJSON* const list = cJSON_CreateArray();
  int ok = o && list && cJSON_AddStringToObject(o, "speaker", SPEAKER) &&
           cJSON_AddBoolToObject(o, "mode", mix_mode != 0);
  for (uint32_t i = 0; ok && i < st->member_count; ++i) {
    cJSON* const pair = cJSON_CreateArray();
    ok = pair && cJSON_AddItemToArray(list, pair) &&
         cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)st->members[i].client_id)) &&
         cJSON_AddItemToArray(pair, f64_item(round(st->members[i].latency_ms * 1000.0) / 1000.0));
  }
  if (!ok || !cJSON_AddItemToObject(o, "latency", list)) {
    cJSON_Delete(list);
    return finish(o, 0);
  }
  ok = add_u64(o, "update_count", update_count) &&
       cJSON_AddNumberToObject(o, "tempo", (double)st->tempo_bpm);
  return finish(o, ok);
}

char*
bcast_nation_packet_stat(const BcastEvent* const ev, const char* const room_token,
                         const uint64_t keep_alive_us)
{
  char addr[BCAST_ADDR_TEXT_SIZE];
  bcast_addr_format(&ev->addr, addr, sizeof addr);
  cJSON* const o = cJSON_CreateObject();
  cJSON* const stats = cJSON_CreateObject();
  cJSON* const hist = cJSON_CreateArray();
  cJSON* const lat = cJSON_CreateArray();
  int ok = o && stats && hist && lat;
  for (unsigned i = 0; ok && i < BCAST_HIST_BUCKETS; ++i) {
    ok = cJSON_AddItemToArray(hist, cJSON_CreateNumber((double)ev->hist[i]));
  }
  for (unsigned i = 0; ok && i < ev->latency_count && i < BCAST_EVENT_LATENCY_HIST; ++i) {
    ok = cJSON_AddItemToArray(lat, f64_item(ev->latency_hist[i]));
  }
  ok = ok && cJSON_AddStringToObject(stats, "address", addr) &&
       cJSON_AddNumberToObject(stats, "client_id", (double)ev->client_id) &&
       add_u64(stats, "keep_alive", keep_alive_us) &&
       cJSON_AddNumberToObject(stats, "seq", (double)ev->seq) && add_u64(stats, "drops", ev->drops);
  if (!ok || !cJSON_AddItemToObject(stats, "hist", hist)) {
    cJSON_Delete(hist);
    cJSON_Delete(lat);
    cJSON_Delete(stats);
    return finish(o, 0);
  }
  ok = add_u64(stats, "packet_count", ev->packets) != NULL;
  if (!ok || !cJSON_AddItemToObject(stats, "latency_hist", lat)) {
    cJSON_Delete(lat);
    cJSON_Delete(stats);
    return finish(o, 0);
  }
  if (!cJSON_AddStringToObject(o, "roomToken", room_token) ||
      !cJSON_AddItemToObject(o, "stats", stats)) {
    cJSON_Delete(stats);
    return finish(o, 0);
  }
  return finish(o, cJSON_AddStringToObject(o, "action", "packetStatCreate") != NULL);
}

// {"speaker":"RoomChatRobot","<key>":<value>}; value is always taken.
static char*
speak(const char* const key, cJSON* const value)
{
  cJSON* const o = cJSON_CreateObject();
  if (!o || !value || !cJSON_AddStringToObject(o, "speaker", SPEAKER) ||
      !cJSON_AddItemToObject(o, key, value)) {
    cJSON_Delete(value);
    return finish(o, 0);
  }
  return finish(o, 1);
}

// {"name":N,"date":D,"size":S} plus "capacity" when capacity >= 0.
static cJSON*
file_item(const char* const name, const char* const date, const uint64_t size,
          const double capacity)
{
  cJSON* const f = cJSON_CreateObject();
  const int ok = f && cJSON_AddStringToObject(f, "name", name) &&
                 cJSON_AddStringToObject(f, "date", date) && add_u64(f, "size", size) &&
                 (capacity < 0 || add_f64(f, "capacity", capacity));
  if (!ok) {
    cJSON_Delete(f);
    return NULL;
  }
  return f;
}

// {"state":S,"offset":O,"file":F} ("offset" only when offset >= 0); file is always taken.
static cJSON*
state_item(const char* const state, const int offset, cJSON* const file)
{
  cJSON* const s = cJSON_CreateObject();
  if (!s || !file || !cJSON_AddStringToObject(s, "state", state) ||
      (offset >= 0 && !cJSON_AddNumberToObject(s, "offset", offset)) ||
      !cJSON_AddItemToObject(s, "file", file)) {
    cJSON_Delete(file);
    cJSON_Delete(s);
    return NULL;
  }
  return s;
}

char*
bcast_nation_recording_status(const int recording, const char* const date, const uint64_t size,
                              const uint64_t budget)
{
  const double capacity = budget ? (double)size * 100.0 / (double)budget : 0.0;
  return speak("recordingStatus", state_item(recording ? "recording" : "idle", -1,
                                             file_item("audio.dmp", date, size, capacity)));
}

char*
bcast_nation_list_recordings(const char* const list_json)
{
  cJSON* const list = cJSON_Parse(list_json);
  if (!cJSON_IsArray(list)) {
    cJSON_Delete(list);
    return NULL;
  }
  return speak("listRecordings", list);
}

char*
bcast_nation_playback_idle(void)
{
  return speak("playbackStatus", state_item("idle", 0, file_item("", "", 0, -1.0)));
}

char*
bcast_nation_playback_status(const int paused, const unsigned offset, const char* const name,
                             const char* const date, const uint64_t size, const uint64_t budget)
{
  const double capacity = budget ? (double)size * 100.0 / (double)budget : 0.0;
  const unsigned percent = offset > 100u ? 100u : offset;
  return speak("playbackStatus", state_item(paused ? "paused" : "playing", (int)percent,
                                            file_item(name, date, size, capacity)));
}

char*
bcast_nation_refused(const int param, const char* const reason)
{
  cJSON* const r = cJSON_CreateObject();
  if (!r || !cJSON_AddNumberToObject(r, "param", param) ||
      !cJSON_AddStringToObject(r, "reason", reason)) {
    cJSON_Delete(r);
    return NULL;
  }
  return speak("refused", r);
}

char*
bcast_nation_answer(const int param, const char* const reply)
{
  cJSON* const r = cJSON_CreateObject();
  if (!r || !cJSON_AddNumberToObject(r, "param", param) ||
      !cJSON_AddStringToObject(r, "reply", reply)) {
    cJSON_Delete(r);
    return NULL;
  }
  return speak("answer", r);
}
