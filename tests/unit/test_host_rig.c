// SPDX-License-Identifier: ISC
// rtjam-host rig: live board edits on real rtjam pedals (lilv world from $RTJAM_LV2), with the
// engine not connected to JACK, so each new chain is installed at once and retired chains are
// freed by host_graph_collect (ASan checks that nothing leaks or is used after free).

#include "host/graph.h"
#include "host/rig.h"

#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static HostWorld* g_world;
static HostGraph* g_engine;
static HostRig* g_rig;

static void
names(int board, char* out, size_t size)
{
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, board, info);
  out[0] = '\0';
  for (int i = 0; i < info->n_pedals; ++i) {
    strncat(out, i ? "," : "", size - strlen(out) - 1);
    strncat(out, info->pedals[i].name, size - strlen(out) - 1);
  }
  free(info);
}

static void
collect(void)
{
  HostReadings r;
  host_graph_collect(g_engine, &r);
}

static void
inserted_pedals_appear_in_order_and_in_the_engine_chain(void)
{
  char err[256];
  CHECK_INT(host_rig_insert(g_rig, 0, "Boost", 0, err, sizeof err), JAM_SUCCESS);
  CHECK_INT(host_rig_insert(g_rig, 0, "Tone Stack", 9, err, sizeof err), JAM_SUCCESS);
  CHECK_INT(host_rig_insert(g_rig, 0, "Delay", 9, err, sizeof err), JAM_SUCCESS);
  char n[512];
  names(0, n, sizeof n);
  CHECK(!strcmp(n, "Boost,Tone Stack,Delay"), "board 0 = %s", n);
  const HostChain* c = host_graph_chain(g_engine, 0);
  CHECK(c && c->n == 3, "engine chain has 3 plugins");
  CHECK(c && !strcmp(c->p[2]->info.name, "Delay"), "chain order");
  collect();
}

static void
move_is_a_real_move_not_a_swap(void)
{
  CHECK_INT(host_rig_move(g_rig, 0, 0, 2), JAM_SUCCESS);
  char n[512];
  names(0, n, sizeof n);
  CHECK(!strcmp(n, "Tone Stack,Delay,Boost"), "after move 0->2: %s", n); // a swap: Delay,..,Boost
  CHECK_INT(host_rig_move(g_rig, 0, 2, 0), JAM_SUCCESS);
  names(0, n, sizeof n);
  CHECK(!strcmp(n, "Boost,Tone Stack,Delay"), "after move 2->0: %s", n);
  CHECK_INT(host_rig_move(g_rig, 0, 0, 3), JAM_ERR_NOT_FOUND);
  collect();
}

static void
delete_removes_one_pedal_and_out_of_range_is_refused(void)
{
  CHECK_INT(host_rig_delete(g_rig, 0, 1), JAM_SUCCESS);
  char n[512];
  names(0, n, sizeof n);
  CHECK(!strcmp(n, "Boost,Delay"), "after delete 1: %s", n);
  CHECK_INT(host_rig_delete(g_rig, 0, 2), JAM_ERR_NOT_FOUND);
  CHECK_INT(host_rig_delete(g_rig, 5, 0), JAM_ERR_NOT_FOUND);
  CHECK_INT(host_graph_chain(g_engine, 0)->n, 2);
  collect();
}

static void
settings_are_clamped_and_a_boolean_sets_bypass_on_lv2_enabled(void)
{
  HostSettingValue s = {"Gain", 20.0, 0};
  CHECK_INT(host_rig_set(g_rig, 0, 0, &s), JAM_SUCCESS);
  const HostPlugin* boost = host_graph_chain(g_engine, 0)->p[0];
  const int k = host_plugin_setting(boost, "gain"); // case-insensitive fallback
  CHECK(k > 0, "Boost has a Gain setting");
  CHECK_NEAR(boost->info.settings[k].value, 12.0, 0); // clamped to the port maximum
  CHECK_NEAR(boost->controls[boost->setting_port[k]], 12.0f, 0);
  HostSettingValue b = {"anything", 1.0, 1};
  CHECK_INT(host_rig_set(g_rig, 0, 0, &b), JAM_SUCCESS);
  CHECK(boost->enable_port >= 0, "rtjam pedals have lv2:enabled");
  CHECK_NEAR(boost->controls[boost->enable_port], 0.0f, 0); // bypass = !enabled
  HostSettingValue bad = {"no such knob", 1.0, 0};
  CHECK_INT(host_rig_set(g_rig, 0, 0, &bad), JAM_ERR_NOT_FOUND);
}

static void
an_unknown_pedal_is_refused_with_a_reason(void)
{
  char err[256] = "";
  CHECK_INT(host_rig_insert(g_rig, 1, "Flanger 3000", 0, err, sizeof err), JAM_ERR_NOT_FOUND);
  CHECK(strstr(err, "Flanger 3000") != NULL, "reason: %s", err);
}

static void
a_board_document_replaces_the_board(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse("{\"id\":9,\"config\":[{\"name\":\"Noise Gate\"},"
                                 "{\"name\":\"Compressor\","
                                 "\"settings\":[{\"name\":\"bypass\",\"value\":true}]}]}",
                                 d),
            JAM_SUCCESS);
  char err[600] = "";
  CHECK_INT(host_rig_load(g_rig, 0, d, err, sizeof err), JAM_SUCCESS);
  char n[512];
  names(0, n, sizeof n);
  CHECK(!strcmp(n, "Noise Gate,Compressor"), "board 0 = %s", n);
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, 0, info);
  CHECK_INT(info->id, 9);
  CHECK_NEAR(info->pedals[1].settings[0].value, 1.0, 0); // Compressor bypassed
  free(info);
  free(d);
  collect();
}

// Regression: a misspelled or unknown type was skipped and the board replaced anyway, so a
// LoadBoard of [Tubedrive, Flanger 3000] emptied the board. Now nothing changes and the reason
// names every unknown type (and the type it differs from in case only).
static void
a_board_with_an_unknown_pedal_type_is_refused_whole_and_the_old_one_stays(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  char err[600] = "";
  CHECK_INT(host_board_doc_parse("{\"id\":3,\"config\":[{\"name\":\"Boost\"},"
                                 "{\"name\":\"Tone Stack\"}]}",
                                 d),
            JAM_SUCCESS);
  CHECK_INT(host_rig_load(g_rig, 0, d, err, sizeof err), JAM_SUCCESS);
  CHECK_INT(host_board_doc_parse("{\"id\":4,\"config\":[{\"name\":\"Tubedrive\"},"
                                 "{\"name\":\"Noise Gate\"},{\"name\":\"Flanger 3000\"},"
                                 "{\"name\":\"Tubedrive\"}]}",
                                 d),
            JAM_SUCCESS);
  CHECK_INT(host_rig_load(g_rig, 0, d, err, sizeof err), JAM_ERR_NOT_FOUND);
  CHECK(!strcmp(err, "unknown pedal types 'Tubedrive' (did you mean 'TubeDrive'?), 'Flanger "
                     "3000' (GetPedalTypes lists ours); board 0 unchanged"),
        "reason: %s", err);
  char n[512];
  names(0, n, sizeof n);
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, 0, info);
  CHECK(!strcmp(n, "Boost,Tone Stack") && info->id == 3,
        "board 0 = %s, id %lld (want Boost,"
        "Tone Stack, 3)",
        n, (long long)info->id);
  free(info);
  free(d);
  collect();
}

// The pedalInfo value and the port value of a setting of board b's pedal i.
static int
setting_of(int b, int i, const char* name, double* info_value, float* port_value)
{
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, b, info);
  const HostChain* c = host_graph_chain(g_engine, b);
  int found = 0;
  for (int k = 0; i < info->n_pedals && k < info->pedals[i].n_settings; ++k) {
    if (!strcmp(info->pedals[i].settings[k].name, name) && c && i < c->n) {
      const HostPlugin* p = c->p[i];
      *info_value = info->pedals[i].settings[k].value;
      *port_value = p->setting_port[k] >= 0 ? p->controls[p->setting_port[k]] : NAN;
      found = 1;
    }
  }
  free(info);
  return found;
}

// Boards in the original's format (rtjam_rust_spec.md §12.2: id, config[].name,
// settings[].name/value and the keys that are ignored), one saved by the Rust version and one by
// the C++ version (Tone Stack "low", pedals_spec.md §1.3): every setting lands, in pedalInfo and
// on the plugin's port. The expected values are the documents' own, but for the Rust version's
// dB10 knobs (Speaker Sim Level, Delay drift, Champ gain): 10^(v/10) is 2v amplitude dB.
static void
original_boards_load_completely_with_rust_and_cpp_setting_names(void)
{
  static const char* const docs[2] = {
      // Rust names
      "{\"id\":164,\"name\":\"Rust board\",\"description\":null,\"program\":1,"
      "\"config\":[{\"index\":0,\"name\":\"Tone Stack\",\"settings\":["
      "{\"index\":0,\"labels\":[],\"max\":1,\"min\":0,\"name\":\"bypass\",\"step\":1,"
      "\"type\":2,\"value\":false},"
      "{\"index\":1,\"name\":\"treble\",\"value\":3},{\"index\":2,\"name\":\"mid\","
      "\"value\":-2},{\"index\":3,\"name\":\"bass\",\"value\":5}]},"
      "{\"index\":1,\"name\":\"Speaker Sim\",\"settings\":[{\"name\":\"Level\",\"value\":3},"
      "{\"name\":\"cabinetType\",\"value\":2}]},"
      "{\"index\":2,\"name\":\"Delay\",\"settings\":[{\"name\":\"duration\",\"value\":300},"
      "{\"name\":\"feedback\",\"value\":0.3},{\"name\":\"level\",\"value\":0.4},"
      "{\"name\":\"drift\",\"value\":-30},{\"name\":\"rate\",\"value\":2},"
      "{\"name\":\"delayMode\",\"value\":1}]},"
      "{\"index\":3,\"name\":\"Champ\",\"settings\":[{\"name\":\"gain\",\"value\":3}]}]}",
      // C++ names (and a C++-only pedal type, Boost)
      "{\"id\":165,\"name\":\"C++ board\",\"config\":[{\"index\":0,\"name\":\"Tone Stack\","
      "\"settings\":[{\"index\":0,\"name\":\"bypass\",\"type\":2,\"units\":4,\"value\":true},"
      "{\"index\":1,\"name\":\"treble\",\"units\":1,\"value\":3},{\"index\":2,\"name\":\"mid\","
      "\"value\":-2},{\"index\":3,\"name\":\"low\",\"value\":5}]},"
      "{\"index\":1,\"name\":\"Boost\",\"settings\":[{\"name\":\"Gain\",\"value\":6}]},"
      "{\"index\":2,\"name\":\"MetalDrive\",\"settings\":[{\"name\":\"drive\",\"value\":20}]}]}",
  };
  static const struct {
    int doc, pedal;
    const char* name;
    double want;
  } lands[] = {
      {0, 0, "bypass", 0},     {0, 0, "treble", 3},     {0, 0, "mid", -2},
      {0, 0, "bass", 5},       {0, 1, "Level", 6},      {0, 1, "cabinetType", 2},
      {0, 2, "duration", 300}, {0, 2, "feedback", 0.3}, {0, 2, "level", 0.4},
      {0, 2, "drift", -60},    {0, 2, "rate", 2},       {0, 2, "delayMode", 1},
      {1, 0, "bypass", 1},     {1, 0, "treble", 3},     {1, 0, "mid", -2},
      {1, 0, "bass", 5},       {1, 1, "Gain", 6},       {0, 3, "gain", 6},
      {1, 2, "drive", 20},
  };
  static const int want_pedals[2] = {4, 3};
  HostBoardDoc* d = malloc(sizeof *d);
  for (int doc = 0; doc < 2; ++doc) {
    char err[600] = "";
    CHECK_INT(host_board_doc_parse(docs[doc], d), JAM_SUCCESS);
    CHECK_INT(host_rig_load(g_rig, 1, d, err, sizeof err), JAM_SUCCESS);
    HostBoardInfo* info = malloc(sizeof *info);
    host_rig_info(g_rig, 1, info);
    CHECK_INT(info->n_pedals, want_pedals[doc]);
    CHECK_INT(info->id, 164 + doc);
    free(info);
    for (size_t k = 0; k < sizeof lands / sizeof lands[0]; ++k) {
      if (lands[k].doc != doc) {
        continue;
      }
      double v = NAN;
      float port = NAN;
      const int found = setting_of(1, lands[k].pedal, lands[k].name, &v, &port);
      // bypass is reported as set; its port is lv2:enabled, the inverse
      const double want_port =
          !strcmp(lands[k].name, "bypass") ? 1.0 - lands[k].want : lands[k].want;
      CHECK(found && fabs(v - lands[k].want) < 1e-6 && fabs((double)port - want_port) < 1e-6,
            "board %d pedal %d '%s': pedalInfo %g, port %g, want %g (found %d)", doc,
            lands[k].pedal, lands[k].name, v, (double)port, lands[k].want, found);
    }
    collect();
  }
  free(d);
}

// The original's units on real pedals (host/board_units.c): a Rust board's dB10 knobs, Tube
// Screamer output and Darius times reach the ports converted; a C++ board's dB20 knobs do not;
// pedalInfo gives the Rust board's own values back, SetEffectConfig takes them in those units,
// and the saved pedalInfo board loads back onto the same ports. Expected port values come from
// the spec's laws (pedals_spec.md §0, §2.15, §3.2), computed here.
static double
r_db(const double v)
{
  return 20.0 * log10(pow(10.0, v / 10.0));
}

static double
darius_tau_ms(const double t_ms)
{
  const double c = 27.0 * (1.0 - exp(-1.0 / (2.0 * M_PI * t_ms / 1000.0 * 48000.0)));
  return -1000.0 / (48000.0 * log(1.0 - c));
}

/// The "value" of setting `name` of pedal i of board b in pedalInfo, NAN when absent.
static double
pedal_info_value(const cJSON* pedal_info, int b, int i, const char* name)
{
  const cJSON* effects = cJSON_GetObjectItem(cJSON_GetArrayItem(pedal_info, b), "effects");
  const cJSON* s = NULL;
  cJSON_ArrayForEach(s, cJSON_GetObjectItem(cJSON_GetArrayItem(effects, i), "settings"))
  {
    if (!strcmp(cJSON_GetObjectItem(s, "name")->valuestring, name)) {
      return cJSON_GetObjectItem(s, "value")->valuedouble;
    }
  }
  return NAN;
}

static void
original_units_reach_the_ports_and_pedal_info_gives_them_back(void)
{
  static const char* const rust =
      "{\"id\":170,\"config\":["
      "{\"name\":\"Noise Gate\",\"settings\":[{\"name\":\"threshold\",\"value\":-30},"
      "{\"name\":\"attack\",\"value\":20},{\"name\":\"release\",\"value\":400}]},"
      "{\"name\":\"Tube Screamer\",\"settings\":[{\"name\":\"output\",\"value\":0.8}]},"
      "{\"name\":\"TubeDrive\",\"settings\":[{\"name\":\"drive\",\"value\":9},"
      "{\"name\":\"level\",\"value\":-4}]},"
      "{\"name\":\"Guitar Envelope\",\"settings\":[{\"name\":\"level\",\"value\":2},"
      "{\"name\":\"dry level\",\"value\":-25},{\"name\":\"release\",\"value\":250}]}]}";
  static const struct {
    int pedal;
    const char* name;
    double saved;
  } rs[] = {
      {0, "threshold", -30}, {0, "attack", 20},     {0, "release", 400},
      {1, "output", 0.8},    {2, "drive", 9},       {2, "level", -4},
      {3, "level", 2},       {3, "dry level", -25}, {3, "release", 250},
  };
  const double want[] = {r_db(-30),
                         darius_tau_ms(20),
                         darius_tau_ms(400),
                         20.0 * log10(pow(10.0, 2.0 * (0.8 - 1.0))),
                         r_db(9),
                         r_db(-4),
                         r_db(2),
                         r_db(-25),
                         darius_tau_ms(250)};
  HostBoardDoc* d = malloc(sizeof *d);
  char err[600] = "";
  CHECK_INT(host_board_doc_parse(rust, d), JAM_SUCCESS);
  CHECK_INT(host_rig_load(g_rig, 1, d, err, sizeof err), JAM_SUCCESS);
  cJSON* saved = host_rig_pedal_info(g_rig);
  for (size_t k = 0; k < sizeof rs / sizeof rs[0]; ++k) {
    double v = NAN;
    float port = NAN;
    const int found = setting_of(1, rs[k].pedal, rs[k].name, &v, &port);
    CHECK(found && fabs((double)port - want[k]) < 1e-4 * (1.0 + fabs(want[k])),
          "pedal %d '%s': saved %g, want port %g, got %g", rs[k].pedal, rs[k].name, rs[k].saved,
          want[k], (double)port);
    CHECK_NEAR(pedal_info_value(saved, 1, rs[k].pedal, rs[k].name), rs[k].saved, 1e-6);
  }
  collect();

  // SetEffectConfig speaks pedalInfo's units: TubeDrive level -2 (dB10) is -4 dB on the port.
  HostSettingValue sv = {.name = "level", .value = -2.0};
  CHECK_INT(host_rig_set(g_rig, 1, 2, &sv), JAM_SUCCESS);
  double v = NAN;
  float port = NAN;
  CHECK(setting_of(1, 2, "level", &v, &port), "TubeDrive level");
  CHECK_NEAR(port, r_db(-2), 1e-4);
  collect();

  // The saved board (pedalInfo's board 1) loads back onto the same ports.
  char* text = cJSON_PrintUnformatted(cJSON_GetArrayItem(saved, 1));
  CHECK_INT(host_board_doc_parse(text, d), JAM_SUCCESS);
  CHECK_INT(host_rig_load(g_rig, 1, d, err, sizeof err), JAM_SUCCESS);
  for (size_t k = 0; k < sizeof rs / sizeof rs[0]; ++k) {
    CHECK(setting_of(1, rs[k].pedal, rs[k].name, &v, &port) &&
              fabs((double)port - want[k]) < 1e-4 * (1.0 + fabs(want[k])),
          "reloaded pedal %d '%s': want port %g, got %g", rs[k].pedal, rs[k].name, want[k],
          (double)port);
  }
  free(text);
  cJSON_Delete(saved);
  collect();

  // A C++ board: dB20 knobs land as they are; its times are Darius too; C++ names.
  static const char* const cpp =
      "{\"id\":171,\"config\":["
      "{\"name\":\"Noise Gate\",\"settings\":[{\"name\":\"threshold\",\"units\":1,"
      "\"value\":-50},{\"name\":\"attack\",\"units\":0,\"value\":10}]},"
      "{\"name\":\"Bass Envelope\",\"settings\":[{\"name\":\"filter level\",\"units\":1,"
      "\"value\":3},{\"name\":\"dry level\",\"units\":1,\"value\":-40}]}]}";
  CHECK_INT(host_board_doc_parse(cpp, d), JAM_SUCCESS);
  CHECK_INT(host_rig_load(g_rig, 1, d, err, sizeof err), JAM_SUCCESS);
  CHECK(setting_of(1, 0, "threshold", &v, &port) && fabs(port - -50.0) < 1e-4, "gate %g", port);
  CHECK(setting_of(1, 0, "attack", &v, &port) && fabs(port - darius_tau_ms(10)) < 1e-4,
        "attack %g, want %g", port, darius_tau_ms(10));
  CHECK(setting_of(1, 1, "level", &v, &port) && fabs(port - 3.0) < 1e-4, "level %g", port);
  CHECK(setting_of(1, 1, "dry level", &v, &port) && fabs(port - -40.0) < 1e-4, "dry %g", port);
  free(d);
  collect();
}

// Enumerations carry their labels (pedals_spec.md §1.3), so a UI can name the selector.
static void
enumerations_carry_their_labels_in_value_order(void)
{
  char err[256] = "";
  CHECK_INT(host_rig_insert(g_rig, 0, "Speaker Sim", 0, err, sizeof err), JAM_SUCCESS);
  CHECK_INT(host_rig_insert(g_rig, 0, "Delay", 1, err, sizeof err), JAM_SUCCESS);
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, 0, info);
  static const struct {
    int pedal;
    const char* name;
    const char* labels[4];
    int n;
  } want[] = {{0, "cabinetType", {"1x12", "2x12", "4x10", "4x12"}, 4},
              {1, "delayMode", {"Dig", "Ana", "HPF"}, 3}};
  for (size_t w = 0; w < 2; ++w) {
    const HostPedalInfo* p = &info->pedals[want[w].pedal];
    int found = 0;
    for (int k = 0; k < p->n_settings; ++k) {
      const HostSettingInfo* s = &p->settings[k];
      if (strcmp(s->name, want[w].name)) {
        continue;
      }
      found = 1;
      CHECK_INT(s->n_labels, want[w].n);
      for (int i = 0; i < want[w].n && i < s->n_labels; ++i) {
        CHECK(!strcmp(s->labels[i], want[w].labels[i]), "%s label %d: %s, want %s", s->name, i,
              s->labels[i], want[w].labels[i]);
      }
    }
    CHECK(found, "%s has %s", p->name, want[w].name);
  }
  free(info);
  host_rig_delete(g_rig, 0, 1);
  host_rig_delete(g_rig, 0, 0);
  collect();
}

// Fills the world's instance table with Boosts until one more fails, then frees `room` of them.
static int
hold_instances(HostPlugin** held, int cap, int room)
{
  int n = 0;
  char err[256];
  while (n < cap && (held[n] = host_plugin_new(g_world, "Boost", err, sizeof err)) != NULL) {
    ++n;
  }
  for (int i = 0; i < room && n > 0; ++i) {
    host_plugin_free(held[--n]);
  }
  return n;
}

static void
a_board_that_cannot_be_instantiated_whole_is_refused_and_the_old_one_stays(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  char err[600] = "";
  CHECK_INT(host_board_doc_parse("{\"id\":5,\"config\":[{\"name\":\"Tone Stack\"}]}", d),
            JAM_SUCCESS);
  CHECK_INT(host_rig_load(g_rig, 1, d, err, sizeof err), JAM_SUCCESS);
  collect();
  static HostPlugin* held[512];
  const int n_held = hold_instances(held, 512, 2); // room for two more instances only
  CHECK(n_held > 0 && n_held < 512, "held %d instances", n_held);
  CHECK_INT(host_board_doc_parse("{\"id\":6,\"config\":[{\"name\":\"Boost\"},"
                                 "{\"name\":\"Noise Gate\"},"
                                 "{\"name\":\"Compressor\"}]}",
                                 d),
            JAM_SUCCESS);
  CHECK_INT(host_rig_load(g_rig, 1, d, err, sizeof err), JAM_ERR_FULL);
  CHECK(strstr(err, "pedal 2 (Compressor): too many plugin instances alive") &&
            strstr(err, "board 1 unchanged"),
        "reason: %s", err);
  char n[512];
  names(1, n, sizeof n);
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, 1, info);
  CHECK(!strcmp(n, "Tone Stack") && info->id == 5, "board 1 = %s, id %lld (want Tone Stack, 5)", n,
        (long long)info->id);
  for (int i = 0; i < n_held; ++i) {
    host_plugin_free(held[i]);
  }
  // With room again the same document loads whole.
  CHECK_INT(host_rig_load(g_rig, 1, d, err, sizeof err), JAM_SUCCESS);
  names(1, n, sizeof n);
  CHECK(!strcmp(n, "Boost,Noise Gate,Compressor"), "board 1 = %s", n);
  free(info);
  free(d);
  collect();
}

// A board file given at start (--board0/1) with pedals this host lacks: the others load and
// the skipped ones are named (before, the whole file was refused and the host exited 1).
static void
a_start_board_skips_the_pedals_it_lacks_and_names_them(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  char err[600] = "", skipped[1024] = "x";
  CHECK_INT(host_board_doc_parse("{\"id\":7,\"config\":[{\"name\":\"Boost\"},"
                                 "{\"name\":\"Flanger 3000\"},{\"name\":\"Tone Stack\"},"
                                 "{\"name\":\"http://example.org/not-installed\"}]}",
                                 d),
            JAM_SUCCESS);
  CHECK_INT(host_rig_load_available(g_rig, 1, d, skipped, sizeof skipped, err, sizeof err),
            JAM_SUCCESS);
  char n[512];
  names(1, n, sizeof n);
  CHECK(!strcmp(n, "Boost,Tone Stack"), "board 1 = %s", n);
  CHECK(strstr(skipped, "pedal 1 'Flanger 3000' (not installed") &&
            strstr(skipped, "pedal 3 'http://example.org/not-installed'"),
        "skipped: %s", skipped);
  CHECK_INT(host_board_doc_parse("{\"id\":8,\"config\":[{\"name\":\"Flanger 3000\"}]}", d),
            JAM_SUCCESS);
  CHECK_INT(host_rig_load_available(g_rig, 1, d, skipped, sizeof skipped, err, sizeof err),
            JAM_SUCCESS);
  names(1, n, sizeof n);
  CHECK(!strcmp(n, ""), "board 1 = '%s', want empty", n);
  CHECK_INT(host_board_doc_parse("{\"id\":9,\"config\":[{\"name\":\"Boost\"}]}", d), JAM_SUCCESS);
  CHECK_INT(host_rig_load_available(g_rig, 1, d, skipped, sizeof skipped, err, sizeof err),
            JAM_SUCCESS);
  CHECK(!strcmp(skipped, ""), "nothing skipped: '%s'", skipped);
  HostBoardDoc* empty = calloc(1, sizeof *empty);
  host_rig_load(g_rig, 1, empty, err, sizeof err);
  free(empty);
  free(d);
  collect();
}

int
main(void)
{
  const char* lv2 = getenv("RTJAM_LV2");
  if (!lv2) {
    jam_test_skip("every rig test", "RTJAM_LV2 is not set (run through make check)");
    return jam_test_summary();
  }
  char path[4096];
  snprintf(path, sizeof path, "%s:/usr/lib/lv2", lv2);
  setenv("LV2_PATH", path, 1);
  g_world = host_world_new();
  g_engine = g_world ? host_graph_new(g_world) : NULL;
  g_rig = g_engine ? host_rig_new(g_world, g_engine) : NULL;
  CHECK(g_rig != NULL, "world, engine (rtjam-net) and rig are created");
  if (g_rig) {
    RUN(inserted_pedals_appear_in_order_and_in_the_engine_chain);
    RUN(move_is_a_real_move_not_a_swap);
    RUN(delete_removes_one_pedal_and_out_of_range_is_refused);
    RUN(settings_are_clamped_and_a_boolean_sets_bypass_on_lv2_enabled);
    RUN(an_unknown_pedal_is_refused_with_a_reason);
    RUN(a_board_document_replaces_the_board);
    RUN(a_board_with_an_unknown_pedal_type_is_refused_whole_and_the_old_one_stays);
    RUN(a_start_board_skips_the_pedals_it_lacks_and_names_them);
    RUN(a_board_that_cannot_be_instantiated_whole_is_refused_and_the_old_one_stays);
    RUN(original_boards_load_completely_with_rust_and_cpp_setting_names);
    RUN(enumerations_carry_their_labels_in_value_order);
    RUN(original_units_reach_the_ports_and_pedal_info_gives_them_back);
  } else {
    ++jam_tests_failed;
  }
  host_rig_free(g_rig);
  host_graph_free(g_engine);
  host_world_free(g_world);
  return jam_test_summary();
}
