// SPDX-License-Identifier: ISC
// The original's board units (host/board_units.c): boards saved by the Rust and the C++ version
// (pedals_spec.md §4.2) load with each setting in our ports' units, and pedalInfo writes them
// back in the Rust version's. Every expected number is computed here from the spec's own laws
// (§0, §1.3, §2.15, §3.2, Appendix A.1), never from the module's table.

#include "host/board.h"

#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/// An R ("dB10") knob as amplitude dB: its gain 10^(v/10), in dB.
static double
r_db(const double v)
{
  return 20.0 * log10(pow(10.0, v / 10.0));
}

/// The value of setting `name` of pedal `i` of a parsed document, NAN when absent.
static double
doc_value(const HostBoardDoc* d, const int i, const char* name)
{
  for (int k = 0; i < d->n_pedals && k < d->pedals[i].n_settings; ++k) {
    if (!strcmp(d->pedals[i].settings[k].name, name)) {
      return d->pedals[i].settings[k].value;
    }
  }
  return NAN;
}

static HostBoardDoc*
parse(const char* json)
{
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse(json, d), JAM_SUCCESS);
  return d;
}

// Every dB knob of the Rust version (pedals_spec.md §1.3, "R dB10"), at a value of its range.
static const char* const k_rust_db10 =
    "{\"id\":7,\"config\":["
    "{\"name\":\"Noise Gate\",\"settings\":[{\"name\":\"threshold\",\"type\":0,\"value\":-50}]},"
    "{\"name\":\"Compressor\",\"settings\":[{\"name\":\"threshold\",\"value\":-20},"
    "{\"name\":\"level\",\"value\":3}]},"
    "{\"name\":\"Bass DI\",\"settings\":[{\"name\":\"Volume\",\"value\":-2.5}]},"
    "{\"name\":\"Speaker Sim\",\"settings\":[{\"name\":\"Level\",\"value\":4}]},"
    "{\"name\":\"Delay\",\"settings\":[{\"name\":\"drift\",\"value\":-28}]},"
    "{\"name\":\"Chorus\",\"settings\":[{\"name\":\"drift\",\"value\":-12}]},"
    "{\"name\":\"TubeDrive\",\"settings\":[{\"name\":\"drive\",\"value\":9},"
    "{\"name\":\"level\",\"value\":-4}]},"
    "{\"name\":\"SoulDrive\",\"settings\":[{\"name\":\"drive\",\"value\":15.5},"
    "{\"name\":\"level\",\"value\":-6}]},"
    "{\"name\":\"Bass Envelope\",\"settings\":[{\"name\":\"level\",\"value\":1.5},"
    "{\"name\":\"dry level\",\"value\":-30}]},"
    "{\"name\":\"Guitar Envelope\",\"settings\":[{\"name\":\"level\",\"value\":-3},"
    "{\"name\":\"dry level\",\"value\":-20}]},"
    "{\"name\":\"Champ\",\"settings\":[{\"name\":\"gain\",\"value\":7},"
    "{\"name\":\"master\",\"value\":-1.5}]}]}";

static const struct {
  int pedal;
  const char* name;
  double saved; // the document's value
} k_rust_db10_settings[] = {
    {0, "threshold", -50}, {1, "threshold", -20}, {1, "level", 3},       {2, "Volume", -2.5},
    {3, "Level", 4},       {4, "drift", -28},     {5, "drift", -12},     {6, "drive", 9},
    {6, "level", -4},      {7, "drive", 15.5},    {7, "level", -6},      {8, "level", 1.5},
    {8, "dry level", -30}, {9, "level", -3},      {9, "dry level", -20}, {10, "gain", 7},
    {10, "master", -1.5},
};

static void
a_rust_boards_db_knobs_land_as_the_amplitude_db_of_their_power_law(void)
{
  HostBoardDoc* d = parse(k_rust_db10);
  CHECK_INT(d->dialect, HOST_BOARD_RUST);
  for (size_t k = 0; k < sizeof k_rust_db10_settings / sizeof k_rust_db10_settings[0]; ++k) {
    const double got = doc_value(d, k_rust_db10_settings[k].pedal, k_rust_db10_settings[k].name);
    const double want = r_db(k_rust_db10_settings[k].saved);
    CHECK(fabs(got - want) < 1e-9, "%s %s: saved %g, want %g dB, got %g",
          d->pedals[k_rust_db10_settings[k].pedal].name, k_rust_db10_settings[k].name,
          k_rust_db10_settings[k].saved, want, got);
  }
  free(d);
}

static void
the_tube_screamers_output_lands_as_the_db_of_its_gain(void)
{
  // §2.15: y = v·10^(2·(output − 1)); our port is the dB of that gain.
  static const double outputs[] = {0.0, 0.25, 0.8, 1.0, 1.5, 2.0};
  for (size_t k = 0; k < sizeof outputs / sizeof outputs[0]; ++k) {
    char json[256];
    snprintf(
        json, sizeof json,
        "{\"config\":[{\"name\":\"Tube Screamer\",\"settings\":[{\"name\":\"drive\","
        "\"value\":40},{\"name\":\"tone\",\"value\":0.5},{\"name\":\"output\",\"value\":%g}]}]}",
        outputs[k]);
    HostBoardDoc* d = parse(json);
    CHECK_NEAR(doc_value(d, 0, "output"), 20.0 * log10(pow(10.0, 2.0 * (outputs[k] - 1.0))), 1e-9);
    CHECK_NEAR(doc_value(d, 0, "drive"), 40.0, 0); // a linear gain, as our port takes it
    CHECK_NEAR(doc_value(d, 0, "tone"), 0.5, 0);
    free(d);
  }
}

// pedals_spec.md Appendix A.1: a "Darius" time T and the real time constant of its one-pole.
static const struct {
  double t_ms, tau_ms, tol;
} k_darius[] = {
    {2, 0.455, 0.011}, {10, 2.32, 0.01},  {20, 4.64, 0.01},
    {100, 23.3, 0.05}, {120, 27.9, 0.05}, {250, 58.2, 0.05},
};

static void
times_of_both_versions_land_as_the_real_time_constants_of_their_one_pole(void)
{
  // The same document as the Rust version (no "units") and the C++ version ("units" 0 = msec)
  // saves it: the detectors of both take c(T), so both convert.
  static const char* const units[2] = {"", "\"units\":0,"};
  static const char* const pedals[] = {"Noise Gate", "Compressor", "Bass Envelope",
                                       "Guitar Envelope"};
  for (int v = 0; v < 2; ++v) {
    for (size_t p = 0; p < sizeof pedals / sizeof pedals[0]; ++p) {
      for (size_t k = 0; k + 1 < sizeof k_darius / sizeof k_darius[0]; ++k) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"config\":[{\"name\":\"%s\",\"settings\":[{\"name\":\"attack\",%s"
                 "\"value\":%g},{\"name\":\"release\",%s\"value\":%g}]}]}",
                 pedals[p], units[v], k_darius[k].t_ms, units[v], k_darius[k + 1].t_ms);
        HostBoardDoc* d = parse(json);
        CHECK_INT(d->dialect, v ? HOST_BOARD_CPP : HOST_BOARD_RUST);
        const double a = doc_value(d, 0, "attack"), r = doc_value(d, 0, "release");
        CHECK(fabs(a - k_darius[k].tau_ms) <= k_darius[k].tol &&
                  fabs(r - k_darius[k + 1].tau_ms) <= k_darius[k + 1].tol,
              "%s (%s): attack %g ms -> %g (want %g), release %g ms -> %g (want %g)", pedals[p],
              v ? "C++" : "Rust", k_darius[k].t_ms, a, k_darius[k].tau_ms, k_darius[k + 1].t_ms, r,
              k_darius[k + 1].tau_ms);
        free(d);
      }
    }
  }
  // The gate's hold is a plain sample count (T·48000): no conversion.
  HostBoardDoc* d = parse("{\"config\":[{\"name\":\"Noise Gate\",\"settings\":"
                          "[{\"name\":\"hold\",\"value\":40}]}]}");
  CHECK_NEAR(doc_value(d, 0, "hold"), 40.0, 0);
  free(d);
}

static void
a_cpp_board_keeps_its_db20_knobs_under_either_spelling(void)
{
  // C++ names ("low", "filter level") and its "units" key; its dB knobs are 10^(v/20) already.
  HostBoardDoc* d = parse(
      "{\"id\":8,\"config\":["
      "{\"name\":\"Noise Gate\",\"settings\":[{\"name\":\"threshold\",\"units\":1,\"value\":-50}]},"
      "{\"name\":\"Tone Stack\",\"settings\":[{\"name\":\"low\",\"units\":1,\"value\":-4}]},"
      "{\"name\":\"Guitar Envelope\",\"settings\":[{\"name\":\"filter level\",\"units\":1,"
      "\"value\":3},{\"name\":\"dry level\",\"units\":1,\"value\":-20}]},"
      "{\"name\":\"TubeDrive\",\"settings\":[{\"name\":\"drive\",\"units\":1,\"value\":60},"
      "{\"name\":\"level\",\"units\":1,\"value\":-40}]},"
      "{\"name\":\"Boost\",\"settings\":[{\"name\":\"Gain\",\"units\":1,\"value\":6}]}]}");
  CHECK_INT(d->dialect, HOST_BOARD_CPP);
  CHECK_NEAR(doc_value(d, 0, "threshold"), -50.0, 0);
  CHECK_NEAR(doc_value(d, 1, "low"), -4.0, 0);
  CHECK_NEAR(doc_value(d, 2, "filter level"), 3.0, 0);
  CHECK_NEAR(doc_value(d, 2, "dry level"), -20.0, 0);
  CHECK_NEAR(doc_value(d, 3, "drive"), 60.0, 0);
  CHECK_NEAR(doc_value(d, 3, "level"), -40.0, 0);
  CHECK_NEAR(doc_value(d, 4, "Gain"), 6.0, 0);
  free(d);
  // A C++ name alone (no "units") marks the document too: its gate threshold stays dB20.
  d = parse("{\"config\":[{\"name\":\"Noise Gate\",\"settings\":[{\"name\":\"threshold\","
            "\"value\":-50}]},{\"name\":\"Bass Envelope\",\"settings\":[{\"name\":"
            "\"filter level\",\"value\":2}]}]}");
  CHECK_INT(d->dialect, HOST_BOARD_CPP);
  CHECK_NEAR(doc_value(d, 0, "threshold"), -50.0, 0);
  CHECK_NEAR(doc_value(d, 1, "filter level"), 2.0, 0);
  free(d);
}

static void
settings_stored_as_our_ports_take_them_are_unchanged(void)
{
  // Real dB into biquads ("dBq"), linear gains, Hz, ms delays, enumerations, Princeton's raw knobs.
  HostBoardDoc* d =
      parse("{\"config\":["
            "{\"name\":\"Tone Stack\",\"settings\":[{\"name\":\"bass\",\"value\":-7.5}]},"
            "{\"name\":\"Bass DI\",\"settings\":[{\"name\":\"Treble\",\"value\":12}]},"
            "{\"name\":\"Delay\",\"settings\":[{\"name\":\"duration\",\"value\":320},"
            "{\"name\":\"feedback\",\"value\":0.3},{\"name\":\"delayMode\",\"value\":2}]},"
            "{\"name\":\"Sigma Reverb\",\"settings\":[{\"name\":\"lowFreq\",\"value\":90}]},"
            "{\"name\":\"Princeton\",\"settings\":[{\"name\":\"master\",\"value\":0.4}]},"
            "{\"name\":\"Room Simulator\",\"settings\":[{\"name\":\"side\",\"value\":12.5}]},"
            "{\"name\":\"Template Pedal\",\"settings\":[{\"name\":\"knob 1\",\"value\":-3}]},"
            "{\"name\":\"TubeDrive\",\"settings\":[{\"name\":\"treble\",\"value\":25}]},"
            "{\"name\":\"Bass Envelope\",\"settings\":[{\"name\":\"frequency\",\"value\":150},"
            "{\"name\":\"bypass\",\"value\":true}]}]}");
  CHECK_NEAR(doc_value(d, 0, "bass"), -7.5, 0);
  CHECK_NEAR(doc_value(d, 1, "Treble"), 12.0, 0);
  CHECK_NEAR(doc_value(d, 2, "duration"), 320.0, 0);
  CHECK_NEAR(doc_value(d, 2, "feedback"), 0.3, 0);
  CHECK_NEAR(doc_value(d, 2, "delayMode"), 2.0, 0);
  CHECK_NEAR(doc_value(d, 3, "lowFreq"), 90.0, 0);
  CHECK_NEAR(doc_value(d, 4, "master"), 0.4, 0);
  CHECK_NEAR(doc_value(d, 5, "side"), 12.5, 0);
  CHECK_NEAR(doc_value(d, 6, "knob 1"), -3.0, 0);
  CHECK_NEAR(doc_value(d, 7, "treble"), 25.0, 0);
  CHECK_NEAR(doc_value(d, 8, "frequency"), 150.0, 0);
  CHECK_NEAR(doc_value(d, 8, "bypass"), 1.0, 0);
  free(d);
}

/// pedalInfo of a document's values as a live board would hold them (no clamping: ranges wide).
static cJSON*
info_json_of(const HostBoardDoc* d)
{
  HostBoardInfo* info = calloc(1, sizeof *info);
  info->id = d->id;
  info->n_pedals = d->n_pedals;
  for (int i = 0; i < d->n_pedals; ++i) {
    snprintf(info->pedals[i].name, HOST_NAME_MAX, "%s", d->pedals[i].name);
    info->pedals[i].n_settings = d->pedals[i].n_settings;
    for (int k = 0; k < d->pedals[i].n_settings; ++k) {
      HostSettingInfo* s = &info->pedals[i].settings[k];
      snprintf(s->name, HOST_NAME_MAX, "%s", d->pedals[i].settings[k].name);
      s->type = HOST_SETTING_CONTINUOUS;
      s->min = -40.0;
      s->max = 20.0;
      s->step = 0.5;
      s->value = d->pedals[i].settings[k].value;
    }
  }
  cJSON* o = host_board_info_json(info, 0);
  free(info);
  return o;
}

static const cJSON*
json_setting(const cJSON* board, const int i, const char* name)
{
  const cJSON* s = NULL;
  cJSON_ArrayForEach(
      s,
      cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(board, "effects"), i), "settings"))
  {
    if (!strcmp(cJSON_GetObjectItem(s, "name")->valuestring, name)) {
      return s;
    }
  }
  return NULL;
}

static void
pedal_info_saves_in_the_rust_versions_units_and_loads_back_the_same(void)
{
  HostBoardDoc* d = parse(k_rust_db10);
  cJSON* board = info_json_of(d);
  CHECK(board != NULL, "pedalInfo board");
  for (size_t k = 0; board && k < sizeof k_rust_db10_settings / sizeof k_rust_db10_settings[0];
       ++k) {
    const cJSON* s =
        json_setting(board, k_rust_db10_settings[k].pedal, k_rust_db10_settings[k].name);
    CHECK(s != NULL, "setting %s", k_rust_db10_settings[k].name);
    if (!s) {
      continue;
    }
    // the document's own value, and the port's range and step in the same units (halved)
    CHECK_NEAR(cJSON_GetObjectItem(s, "value")->valuedouble, k_rust_db10_settings[k].saved, 1e-9);
    CHECK_NEAR(cJSON_GetObjectItem(s, "min")->valuedouble, -20.0, 1e-9);
    CHECK_NEAR(cJSON_GetObjectItem(s, "max")->valuedouble, 10.0, 1e-9);
    CHECK_NEAR(cJSON_GetObjectItem(s, "step")->valuedouble, 0.25, 1e-9);
  }
  // and the saved board loads back to the same port values
  char* text = board ? cJSON_PrintUnformatted(board) : NULL;
  HostBoardDoc* again = text ? parse(text) : NULL;
  for (int i = 0; again && i < d->n_pedals; ++i) {
    for (int k = 0; k < d->pedals[i].n_settings; ++k) {
      CHECK_NEAR(again->pedals[i].settings[k].value, d->pedals[i].settings[k].value, 1e-9);
    }
  }
  free(again);
  free(text);
  cJSON_Delete(board);
  free(d);

  // The Tube Screamer's output and a Darius time go back to the original's knob.
  d = parse("{\"config\":[{\"name\":\"Tube Screamer\",\"settings\":[{\"name\":\"output\","
            "\"value\":0.8}]},{\"name\":\"Compressor\",\"settings\":[{\"name\":\"attack\","
            "\"value\":20}]}]}");
  board = info_json_of(d);
  const cJSON* out = json_setting(board, 0, "output");
  const cJSON* att = json_setting(board, 1, "attack");
  CHECK(out && att, "output and attack in pedalInfo");
  if (out && att) {
    CHECK_NEAR(cJSON_GetObjectItem(out, "value")->valuedouble, 0.8, 1e-9);
    CHECK_NEAR(cJSON_GetObjectItem(out, "min")->valuedouble, 1.0 + -40.0 / 40.0, 1e-9); // 0
    CHECK_NEAR(cJSON_GetObjectItem(out, "max")->valuedouble, 1.0 + 20.0 / 40.0, 1e-9);  // 1.5
    CHECK_NEAR(cJSON_GetObjectItem(att, "value")->valuedouble, 20.0, 1e-9);
  }
  cJSON_Delete(board);
  free(d);
}

static void
a_cpp_board_saves_in_the_rust_versions_units(void)
{
  // A C++ board's TubeDrive level of -40 dB (dB20) is -20 on the Rust version's dB10 knob.
  HostBoardDoc* d = parse("{\"config\":[{\"name\":\"TubeDrive\",\"settings\":[{\"name\":"
                          "\"level\",\"units\":1,\"value\":-40}]}]}");
  cJSON* board = info_json_of(d);
  const cJSON* s = json_setting(board, 0, "level");
  CHECK(s != NULL, "level in pedalInfo");
  if (s) {
    CHECK_NEAR(r_db(cJSON_GetObjectItem(s, "value")->valuedouble), -40.0, 1e-9);
  }
  cJSON_Delete(board);
  free(d);
}

int
main(void)
{
  RUN(a_rust_boards_db_knobs_land_as_the_amplitude_db_of_their_power_law);
  RUN(the_tube_screamers_output_lands_as_the_db_of_its_gain);
  RUN(times_of_both_versions_land_as_the_real_time_constants_of_their_one_pole);
  RUN(a_cpp_board_keeps_its_db20_knobs_under_either_spelling);
  RUN(settings_stored_as_our_ports_take_them_are_unchanged);
  RUN(pedal_info_saves_in_the_rust_versions_units_and_loads_back_the_same);
  RUN(a_cpp_board_saves_in_the_rust_versions_units);
  return jam_test_summary();
}
