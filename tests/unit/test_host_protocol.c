// SPDX-License-Identifier: ISC
// rtjam-host's status messages against field lists written from rtjam_rust_spec.md §5.6–5.8
// and §12.1 (not from our code): every field of levelEvent (top level, the local player, a
// remote player), pedalInfo (board, effect, setting, bypass), pedalTypes and websockPing, with
// the original's name, JSON type and unit. Our own extra fields may be present; none of the
// original's may be missing or of another type.

#include "host/board.h"
#include "host/report.h"

#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_STRING, T_BOOL, T_NUMBER, T_WHOLE, T_ARRAY, T_OBJECT } FieldType;

typedef struct {
  const char* name;
  FieldType type;
} Field;

static const char* const k_type_names[] = {"string",       "bool",  "number",
                                           "whole number", "array", "object"};

static int
has_type(const cJSON* v, FieldType t)
{
  switch (t) {
  case T_STRING:
    return cJSON_IsString(v);
  case T_BOOL:
    return cJSON_IsBool(v);
  case T_NUMBER:
    return cJSON_IsNumber(v) && isfinite(v->valuedouble);
  case T_WHOLE:
    return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble);
  case T_ARRAY:
    return cJSON_IsArray(v);
  case T_OBJECT:
    return cJSON_IsObject(v);
  }
  return 0;
}

static void
check_fields(const char* what, const cJSON* o, const Field* fields, size_t n)
{
  CHECK(cJSON_IsObject(o), "%s is an object", what);
  for (size_t i = 0; i < n; ++i) {
    const cJSON* v = cJSON_GetObjectItemCaseSensitive(o, fields[i].name);
    CHECK(v != NULL, "%s: no \"%s\"", what, fields[i].name);
    CHECK(!v || has_type(v, fields[i].type), "%s: \"%s\" is not a %s", what, fields[i].name,
          k_type_names[fields[i].type]);
  }
}

// §5.6 levelEvent, top level.
static const Field k_level_event[] = {
    {"jamUnitToken", T_STRING},   {"connected", T_BOOL},
    {"git_hash", T_STRING},       {"masterLevel", T_NUMBER},
    {"peakMaster", T_NUMBER},     {"inputLeft", T_NUMBER},
    {"inputRight", T_NUMBER},     {"peakLeft", T_NUMBER},
    {"peakRight", T_NUMBER},      {"roomInputLeft", T_NUMBER},
    {"roomInputRight", T_NUMBER}, {"roomPeakLeft", T_NUMBER},
    {"roomPeakRight", T_NUMBER},  {"leftRoomMute", T_BOOL},
    {"rightRoomMute", T_BOOL},    {"inputLeftFreq", T_NUMBER},
    {"inputRightFreq", T_NUMBER}, {"leftTunerOn", T_BOOL},
    {"rightTunerOn", T_BOOL},     {"beat", T_WHOLE},
    {"metronomeMute", T_BOOL},    {"metronomeGain", T_NUMBER},
    {"jsonTimeStamp", T_WHOLE},   {"midiDevice", T_STRING},
    {"players", T_ARRAY},
};

// §5.6 LOCAL and REMOTE players: the same fields.
static const Field k_player[] = {
    {"clientId", T_WHOLE}, {"depth", T_NUMBER}, {"level0", T_WHOLE}, {"mute0", T_BOOL},
    {"fade0", T_NUMBER},   {"gain0", T_NUMBER}, {"peak0", T_WHOLE},  {"level1", T_WHOLE},
    {"mute1", T_BOOL},     {"fade1", T_NUMBER}, {"gain1", T_NUMBER}, {"peak1", T_WHOLE},
    {"drops", T_WHOLE},
};

// §5.8 pedalInfo: board, effect, setting.
static const Field k_board[] = {
    {"boardId", T_WHOLE}, {"channel", T_WHOLE}, {"name", T_STRING}, {"effects", T_ARRAY}};
static const Field k_effect[] = {{"index", T_WHOLE}, {"name", T_STRING}, {"settings", T_ARRAY}};
static const Field k_setting[] = {{"index", T_WHOLE}, {"name", T_STRING}, {"labels", T_ARRAY},
                                  {"min", T_NUMBER},  {"max", T_NUMBER},  {"step", T_NUMBER},
                                  {"type", T_WHOLE}};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
level_event_has_every_field_of_5_6_with_its_type_and_unit(void)
{
  HostReport s;
  memset(&s, 0, sizeof s);
  s.token = "rig";
  s.version = "0.1.0";
  s.beat = 2;
  s.local.client_id = 4294967295u; // ids are carried exactly, 32 bits
  s.local.ch[0].gain = 3.0;
  s.local.ch[1].gain = -60.0;
  s.local.ch[1].pan = -0.25;
  s.local.ch[1].mute = 1;
  s.local.depth_ms = host_report_local_depth_ms(55.0f, 48000.0); // a drive on board 0
  s.members[0].client_id = 16777217u;                            // 2^24 + 1: a float would round it
  s.members[0].depth_ms = 5.5;
  s.members[0].drops = 7;
  s.members[0].ch[0].level = -21.4;
  s.members[0].ch[0].peak = -12.6;
  s.members[0].ch[1].level = -80.0;
  s.members[0].ch[1].peak = -75.0;
  cJSON* m = host_report_level_event(&s);
  CHECK(m && !strcmp(cJSON_GetObjectItemCaseSensitive(m, "speaker")->valuestring, "UnitChatRobot"),
        "speaker UnitChatRobot");
  const cJSON* ev = cJSON_GetObjectItemCaseSensitive(m, "levelEvent");
  check_fields("levelEvent", ev, k_level_event, N(k_level_event));
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(ev, "jsonTimeStamp")->valuedouble, 0, 0);
  CHECK(!strcmp(cJSON_GetObjectItemCaseSensitive(ev, "midiDevice")->valuestring, "not supported"),
        "midiDevice");
  const cJSON* players = cJSON_GetObjectItemCaseSensitive(ev, "players");
  CHECK_INT(cJSON_GetArraySize(players), 2); // LOCAL, then the one occupied slot
  const cJSON* local = cJSON_GetArrayItem(players, 0);
  const cJSON* remote = cJSON_GetArrayItem(players, 1);
  check_fields("LOCAL", local, k_player, N(k_player));
  check_fields("REMOTE", remote, k_player, N(k_player));
  // Units (§5.6/§5.7): gain LINEAR = 10^(dB/10); fade = pan; level/peak whole dB >= -60.
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(local, "gain0")->valuedouble, 1.995262315, 1e-8);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(local, "gain1")->valuedouble, 1e-6, 1e-12);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(local, "fade1")->valuedouble, -0.25, 0);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(local, "mute1")), "local mute1");
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(local, "clientId")->valuedouble, 4294967295.0, 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "clientId")->valuedouble, 16777217.0, 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "depth")->valuedouble, 5.5, 0);
  // LOCAL depth: the ms by which the unit hears itself late (§5.6; ours: board 0's latency)
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(local, "depth")->valuedouble, 55.0 / 48.0, 1e-12);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "level0")->valuedouble, -21, 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "peak0")->valuedouble, -13, 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "level1")->valuedouble, -60, 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "peak1")->valuedouble, -60, 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "drops")->valuedouble, 7, 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(remote, "gain0")->valuedouble, 1.0, 0); // 0 dB
  cJSON_Delete(m);
}

static void
pedal_info_has_every_field_of_5_8_and_labels_on_enumerations(void)
{
  HostBoardInfo* b = calloc(1, sizeof *b);
  b->id = 164;
  b->n_pedals = 1;
  HostPedalInfo* p = &b->pedals[0];
  snprintf(p->name, sizeof p->name, "Speaker Sim");
  p->n_settings = 2;
  snprintf(p->settings[0].name, HOST_NAME_MAX, "bypass");
  p->settings[0].type = HOST_SETTING_FOOTSWITCH;
  p->settings[0].max = 1;
  p->settings[0].step = 1;
  HostSettingInfo* cab = &p->settings[1];
  snprintf(cab->name, HOST_NAME_MAX, "cabinetType");
  cab->type = HOST_SETTING_SELECTOR;
  cab->max = 3;
  cab->step = 1;
  cab->value = 2;
  cab->n_labels = 4;
  static const char* const labels[] = {"1x12", "2x12", "4x10", "4x12"};
  for (int i = 0; i < 4; ++i) {
    snprintf(cab->labels[i], HOST_LABEL_MAX, "%s", labels[i]);
  }
  cJSON* board = host_board_info_json(b, 1);
  check_fields("board", board, k_board, N(k_board));
  CHECK(!strcmp(cJSON_GetObjectItemCaseSensitive(board, "name")->valuestring, "channel_1"),
        "name channel_<k>");
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(board, "channel")->valuedouble, 1, 0);
  const cJSON* e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(board, "effects"), 0);
  check_fields("effect", e, k_effect, N(k_effect));
  const cJSON* settings = cJSON_GetObjectItemCaseSensitive(e, "settings");
  const cJSON* bypass = cJSON_GetArrayItem(settings, 0);
  check_fields("bypass setting", bypass, k_setting, N(k_setting));
  // settings[0] exactly: {"index":0,"labels":[],"max":1,"min":0,"name":"bypass","step":1,"type":2,
  // "value":<bool>}
  CHECK(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(bypass, "value")), "bypass value is a bool");
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(bypass, "labels")), 0);
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(bypass, "type")->valuedouble, 2, 0);
  const cJSON* sel = cJSON_GetArrayItem(settings, 1);
  check_fields("selector setting", sel, k_setting, N(k_setting));
  CHECK(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(sel, "value")), "selector value number");
  CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(sel, "type")->valuedouble, 1, 0);
  const cJSON* l = cJSON_GetObjectItemCaseSensitive(sel, "labels");
  CHECK_INT(cJSON_GetArraySize(l), 4);
  for (int i = 0; i < 4 && i < cJSON_GetArraySize(l); ++i) {
    const cJSON* li = cJSON_GetArrayItem(l, i);
    CHECK(cJSON_IsString(li) && !strcmp(li->valuestring, labels[i]), "label %d", i);
  }
  cJSON_Delete(board);
  free(b);
}

static void
pedal_types_are_the_originals_descriptions_in_key_order(void)
{
  // §12.1, written from the spec: name, description.
  static const char* const spec[][2] = {
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
  const char* names[20];
  const char* comments[20];
  for (int i = 0; i < 18; ++i) {
    names[i] = spec[i][0];
    comments[i] = "our own comment";
  }
  names[18] = "Boost"; // not the original's: our comment stays
  comments[18] = "Clean gain";
  cJSON* o = host_report_pedal_types(names, comments, 19);
  CHECK_INT(cJSON_GetArraySize(o), 19);
  for (int i = 0; i < 18; ++i) {
    const cJSON* v = cJSON_GetObjectItemCaseSensitive(o, spec[i][0]);
    CHECK(cJSON_IsString(v) && !strcmp(v->valuestring, spec[i][1]), "%s: %s, want %s", spec[i][0],
          v && cJSON_IsString(v) ? v->valuestring : "(none)", spec[i][1]);
  }
  const cJSON* boost = cJSON_GetObjectItemCaseSensitive(o, "Boost");
  CHECK(boost && !strcmp(boost->valuestring, "Clean gain"), "Boost keeps our description");
  const char* prev = "";
  for (const cJSON* it = o ? o->child : NULL; it; it = it->next) {
    CHECK(strcmp(prev, it->string) < 0, "keys sorted: %s after %s", it->string, prev);
    prev = it->string;
  }
  cJSON_Delete(o);
}

static void
websock_ping_is_the_originals(void)
{
  char* text = host_report_print(host_report_websock_ping());
  cJSON* m = text ? cJSON_Parse(text) : NULL;
  const cJSON* ping = cJSON_GetObjectItemCaseSensitive(m, "websockPing");
  CHECK(!strcmp(cJSON_GetObjectItemCaseSensitive(m, "speaker")->valuestring, "UnitChatRobot"),
        "speaker");
  CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ping, "isRust")), "isRust true");
  cJSON_Delete(m);
  free(text);
}

int
main(void)
{
  RUN(level_event_has_every_field_of_5_6_with_its_type_and_unit);
  RUN(pedal_info_has_every_field_of_5_8_and_labels_on_enumerations);
  RUN(pedal_types_are_the_originals_descriptions_in_key_order);
  RUN(websock_ping_is_the_originals);
  return jam_test_summary();
}
