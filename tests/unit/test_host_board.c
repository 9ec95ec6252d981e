// SPDX-License-Identifier: ISC
// rtjam-host board documents: nation board JSON in (pedals_spec.md §4.2), pedalInfo out (§5.8).

#include "host/board.h"

#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char* const k_doc =
    "{\"id\":56,\"name\":\"My Rig\",\"createdAt\":\"x\",\"config\":["
    "{\"index\":5,\"name\":\"Noise Gate\",\"settings\":["
    "{\"index\":0,\"name\":\"bypass\",\"type\":2,\"value\":false},"
    "{\"index\":1,\"name\":\"threshold\",\"type\":0,\"min\":-70,\"value\":-57.0}]},"
    "{\"index\":0,\"name\":\"Delay\",\"settings\":["
    "{\"index\":0,\"name\":\"bypass\",\"value\":true},"
    "{\"index\":1,\"name\":\"duration\",\"value\":\"320\"},"
    "{\"index\":2,\"value\":1},"
    "{\"index\":3,\"name\":\"level\",\"value\":\"loud\"}]}]}";

static void
a_nation_document_loads_in_array_order(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse(k_doc, d), JAM_SUCCESS);
  CHECK_INT(d->id, 56);
  CHECK_INT(d->n_pedals, 2);
  CHECK(!strcmp(d->pedals[0].name, "Noise Gate"), "first pedal %s", d->pedals[0].name);
  CHECK(!strcmp(d->pedals[1].name, "Delay"), "second pedal %s", d->pedals[1].name);
  free(d);
}

static void
settings_keep_names_values_and_booleans(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  host_board_doc_parse(k_doc, d);
  CHECK_INT(d->pedals[0].n_settings, 2);
  CHECK_INT(d->pedals[0].settings[0].is_bool, 1);
  CHECK_NEAR(d->pedals[0].settings[0].value, 0, 0);
  CHECK(!strcmp(d->pedals[0].settings[1].name, "threshold"), "name");
  // a Rust document (no "units"): the threshold's 10^(-57/10) in amplitude dB
  CHECK_INT(d->dialect, HOST_BOARD_RUST);
  CHECK_NEAR(d->pedals[0].settings[1].value, 20.0 * log10(pow(10.0, -57.0 / 10.0)), 1e-9);
  CHECK_INT(d->pedals[1].settings[0].is_bool, 1);
  CHECK_NEAR(d->pedals[1].settings[0].value, 1, 0);
  free(d);
}

static void
numeric_strings_are_values_and_nameless_or_bad_settings_are_skipped(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  host_board_doc_parse(k_doc, d);
  CHECK_INT(d->pedals[1].n_settings, 2); // bypass and duration; the nameless and "loud" skipped
  CHECK_NEAR(d->pedals[1].settings[1].value, 320, 0);
  free(d);
}

static void
a_document_without_config_is_rejected(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse("{\"id\":1}", d), JAM_ERR_PARSE);
  CHECK_INT(host_board_doc_parse("not json", d), JAM_ERR_PARSE);
  CHECK_INT(host_board_doc_parse(NULL, d), JAM_ERR_PARSE);
  CHECK_INT(d->id, -1);
  free(d);
}

static void
a_missing_id_reads_minus_one(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse("{\"config\":[]}", d), JAM_SUCCESS);
  CHECK_INT(d->id, -1);
  CHECK_INT(d->n_pedals, 0);
  free(d);
}

static void
pedals_beyond_the_board_limit_are_dropped(void)
{
  char text[8192] = "{\"config\":[";
  for (int i = 0; i < HOST_BOARD_MAX_PEDALS + 3; ++i) {
    strcat(text, i ? ",{\"name\":\"Boost\"}" : "{\"name\":\"Boost\"}");
  }
  strcat(text, "]}");
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse(text, d), JAM_SUCCESS);
  CHECK_INT(d->n_pedals, HOST_BOARD_MAX_PEDALS);
  free(d);
}

static void
a_set_effect_config_setting_parses_numbers_strings_and_booleans(void)
{
  HostSettingValue s;
  CHECK_INT(host_board_setting_parse("{\"name\":\"Gain\",\"value\":12}", &s), JAM_SUCCESS);
  CHECK(!strcmp(s.name, "Gain"), "name %s", s.name);
  CHECK_NEAR(s.value, 12, 0);
  CHECK_INT(s.is_bool, 0);
  CHECK_INT(host_board_setting_parse("{\"name\":\"Gain\",\"value\":\"-3.5\"}", &s), JAM_SUCCESS);
  CHECK_NEAR(s.value, -3.5, 0);
  CHECK_INT(host_board_setting_parse("{\"name\":\"anything\",\"value\":true}", &s), JAM_SUCCESS);
  CHECK_INT(s.is_bool, 1);
  CHECK_NEAR(s.value, 1, 0);
}

static void
an_invalid_setting_is_rejected(void)
{
  HostSettingValue s;
  CHECK_INT(host_board_setting_parse("{\"value\":1}", &s), JAM_ERR_PARSE);
  CHECK_INT(host_board_setting_parse("{\"name\":\"Gain\"}", &s), JAM_ERR_PARSE);
  CHECK_INT(host_board_setting_parse("{\"name\":\"Gain\",\"value\":[1]}", &s), JAM_ERR_PARSE);
  CHECK_INT(host_board_setting_parse("nope", &s), JAM_ERR_PARSE);
}

static HostBoardInfo*
sample_info(void)
{
  HostBoardInfo* b = calloc(1, sizeof *b);
  b->id = 164;
  b->n_pedals = 1;
  HostPedalInfo* p = &b->pedals[0];
  strcpy(p->name, "Boost");
  p->n_settings = 2;
  strcpy(p->settings[0].name, "bypass");
  p->settings[0].type = HOST_SETTING_FOOTSWITCH;
  p->settings[0].max = 1;
  p->settings[0].step = 1;
  p->settings[0].value = 1;
  strcpy(p->settings[1].name, "Gain");
  p->settings[1].max = 12;
  p->settings[1].step = 0.25;
  p->settings[1].value = 6;
  return b;
}

static void
pedal_info_has_the_spec_shape(void)
{
  HostBoardInfo* b = sample_info();
  cJSON* o = host_board_info_json(b, 1);
  CHECK_INT(cJSON_GetObjectItem(o, "boardId")->valueint, 164);
  CHECK_INT(cJSON_GetObjectItem(o, "channel")->valueint, 1);
  CHECK(!strcmp(cJSON_GetObjectItem(o, "name")->valuestring, "channel_1"), "name");
  const cJSON* e = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "effects"), 0);
  CHECK_INT(cJSON_GetObjectItem(e, "index")->valueint, 0);
  CHECK(!strcmp(cJSON_GetObjectItem(e, "name")->valuestring, "Boost"), "effect name");
  const cJSON* s = cJSON_GetObjectItem(e, "settings");
  CHECK_INT(cJSON_GetArraySize(s), 2);
  const cJSON* bypass = cJSON_GetArrayItem(s, 0);
  CHECK(!strcmp(cJSON_GetObjectItem(bypass, "name")->valuestring, "bypass"), "settings[0]");
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(bypass, "value")), "bypass is a JSON boolean");
  CHECK_INT(cJSON_GetObjectItem(bypass, "type")->valueint, 2);
  const cJSON* gain = cJSON_GetArrayItem(s, 1);
  CHECK_NEAR(cJSON_GetObjectItem(gain, "value")->valuedouble, 6, 0);
  CHECK_NEAR(cJSON_GetObjectItem(gain, "step")->valuedouble, 0.25, 0);
  CHECK_NEAR(cJSON_GetObjectItem(gain, "max")->valuedouble, 12, 0);
  CHECK(cJSON_IsArray(cJSON_GetObjectItem(gain, "labels")), "labels array");
  cJSON_Delete(o);
  free(b);
}

static void
a_saved_board_loads_back_as_the_same_document(void)
{
  HostBoardInfo* b = sample_info();
  cJSON* o = host_board_info_json(b, 0);
  char* text = cJSON_PrintUnformatted(o);
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse(text, d), JAM_SUCCESS);
  CHECK_INT(d->id, 164);
  CHECK_INT(d->n_pedals, 1);
  CHECK(!strcmp(d->pedals[0].name, "Boost"), "pedal");
  CHECK_INT(d->pedals[0].n_settings, 2);
  CHECK_INT(d->pedals[0].settings[0].is_bool, 1);
  CHECK_NEAR(d->pedals[0].settings[0].value, 1, 0);
  CHECK_NEAR(d->pedals[0].settings[1].value, 6, 0);
  free(d);
  free(text);
  cJSON_Delete(o);
  free(b);
}

// Regression: web/app.js boardDocument() wrote a "units" key on every setting, so its own saved
// board read as the C++ version's (no dB10 or Tube Screamer conversion): TubeDrive level -3
// came back as -1.5, drive 4 as 2, Tube Screamer output 1 as 1.025. A document shaped exactly as
// boardDocument() writes it now (pedalInfo's settings, no "units") loads back the same values.
static const char* const k_page_doc =
    "{\"id\":7,\"createdAt\":\"2024-01-01T00:00:00.000Z\",\"updatedAt\":\"2024-01-01T00:00:00."
    "000Z\","
    "\"name\":\"RTJam board 1: TubeDrive → Tube Screamer\",\"description\":null,\"program\":1,"
    "\"shared\":false,\"config\":["
    "{\"index\":0,\"name\":\"TubeDrive\",\"settings\":["
    "{\"index\":0,\"labels\":[],\"max\":1,\"min\":0,\"name\":\"bypass\",\"step\":1,\"type\":2,"
    "\"value\":false},"
    "{\"index\":1,\"labels\":[],\"max\":20,\"min\":0,\"name\":\"drive\",\"step\":0.25,\"type\":0,"
    "\"value\":4},"
    "{\"index\":2,\"labels\":[],\"max\":12,\"min\":-12,\"name\":\"treble\",\"step\":0.5,\"type\":0,"
    "\"value\":0},"
    "{\"index\":3,\"labels\":[],\"max\":12,\"min\":-30,\"name\":\"level\",\"step\":0.25,\"type\":0,"
    "\"value\":-3}]},"
    "{\"index\":1,\"name\":\"Tube Screamer\",\"settings\":["
    "{\"index\":0,\"labels\":[],\"max\":1,\"min\":0,\"name\":\"bypass\",\"step\":1,\"type\":2,"
    "\"value\":false},"
    "{\"index\":1,\"labels\":[],\"max\":120,\"min\":1,\"name\":\"drive\",\"step\":0.05,\"type\":0,"
    "\"value\":40},"
    "{\"index\":2,\"labels\":[],\"max\":1,\"min\":0,\"name\":\"tone\",\"step\":0.01,\"type\":0,"
    "\"value\":0.5},"
    "{\"index\":3,\"labels\":[],\"max\":1.5,\"min\":0,\"name\":\"output\",\"step\":0.01,\"type\":0,"
    "\"value\":1}]}]}";

static double
page_value(const HostBoardDoc* d, const int pedal, const int setting)
{
  const HostPedalDoc* p = &d->pedals[pedal];
  const HostBoardUnit u = host_board_unit(HOST_BOARD_RUST, p->name, p->settings[setting].name);
  return host_board_unit_to_original(u, p->settings[setting].value);
}

static void
a_board_saved_by_the_web_page_loads_back_the_same_values(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  CHECK_INT(host_board_doc_parse(k_page_doc, d), JAM_SUCCESS);
  CHECK_INT(d->dialect, HOST_BOARD_RUST);
  CHECK_INT(d->n_pedals, 2);
  // on the ports: level -3 dB10 = -6 dB, drive 4 = 8 dB, output 1 = 0 dB
  CHECK_NEAR(d->pedals[0].settings[3].value, -6, 1e-9);
  CHECK_NEAR(d->pedals[0].settings[1].value, 8, 1e-9);
  CHECK_NEAR(d->pedals[1].settings[3].value, 0, 1e-9);
  // and back in pedalInfo's units, what the page saved
  CHECK_NEAR(page_value(d, 0, 3), -3, 1e-9);
  CHECK_NEAR(page_value(d, 0, 1), 4, 1e-9);
  CHECK_NEAR(page_value(d, 1, 3), 1, 1e-9);
  CHECK_NEAR(page_value(d, 1, 1), 40, 1e-9);
  CHECK_NEAR(page_value(d, 1, 2), 0.5, 1e-9);
  free(d);
}

// Regression (issue 17): {"id":1e300} was cast to int64_t, undefined behaviour that only
// -fsanitize=float-cast-overflow reports. An id that is not an integer in range reads as absent.
static void
a_board_id_out_of_range_or_fractional_reads_as_absent(void)
{
  HostBoardDoc* d = malloc(sizeof *d);
  static const char* const docs[] = {
      "{\"id\":1e300,\"config\":[]}",
      "{\"id\":-1e300,\"config\":[]}",
      "{\"id\":9.3e18,\"config\":[]}",
      "{\"id\":2.5,\"config\":[]}",
  };
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; ++i) {
    CHECK_INT(host_board_doc_parse(docs[i], d), JAM_SUCCESS);
    CHECK(d->id == -1, "%s: id %lld", docs[i], (long long)d->id);
  }
  CHECK_INT(host_board_doc_parse("{\"id\":9007199254740992,\"config\":[]}", d), JAM_SUCCESS);
  CHECK_INT(d->id, 9007199254740992LL);
  free(d);
}

int
main(void)
{
  RUN(a_nation_document_loads_in_array_order);
  RUN(settings_keep_names_values_and_booleans);
  RUN(numeric_strings_are_values_and_nameless_or_bad_settings_are_skipped);
  RUN(a_document_without_config_is_rejected);
  RUN(a_missing_id_reads_minus_one);
  RUN(pedals_beyond_the_board_limit_are_dropped);
  RUN(a_set_effect_config_setting_parses_numbers_strings_and_booleans);
  RUN(an_invalid_setting_is_rejected);
  RUN(pedal_info_has_the_spec_shape);
  RUN(a_saved_board_loads_back_as_the_same_document);
  RUN(a_board_id_out_of_range_or_fractional_reads_as_absent);
  RUN(a_board_saved_by_the_web_page_loads_back_the_same_values);
  return jam_test_summary();
}
