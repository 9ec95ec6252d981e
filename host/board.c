// SPDX-License-Identifier: ISC
// Board documents: nation board JSON in, pedalInfo JSON out.

#include "host/board.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
copy_name(char* const dst, const char* const src)
{
  snprintf(dst, HOST_NAME_MAX, "%s", src ? src : "");
}

// A value: a boolean (0/1, is_bool), a number, or a numeric string. Returns 0 on success.
static int
read_value(const cJSON* v, HostSettingValue* s)
{
  s->is_bool = 0;
  if (cJSON_IsBool(v)) {
    s->is_bool = 1;
    s->value = cJSON_IsTrue(v) ? 1.0 : 0.0;
    return 0;
  }
  if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
    s->value = v->valuedouble;
    return 0;
  }
  if (cJSON_IsString(v) && v->valuestring) {
    char* end = NULL;
    const double d = strtod(v->valuestring, &end);
    if (end != v->valuestring && *end == '\0' && isfinite(d)) {
      s->value = d;
      return 0;
    }
  }
  return -1;
}

static int
read_setting(const cJSON* obj, HostSettingValue* s)
{
  const cJSON* name = cJSON_GetObjectItemCaseSensitive(obj, "name");
  if (!cJSON_IsString(name) || !name->valuestring) {
    return -1;
  }
  copy_name(s->name, name->valuestring);
  return read_value(cJSON_GetObjectItemCaseSensitive(obj, "value"), s);
}

JamStatus
host_board_doc_parse(const char* const text, HostBoardDoc* const doc)
{
  memset(doc, 0, sizeof *doc);
  doc->id = -1;
  cJSON* root = text ? cJSON_Parse(text) : NULL;
  const cJSON* config = cJSON_GetObjectItemCaseSensitive(root, "config");
  if (!cJSON_IsObject(root) || !cJSON_IsArray(config)) {
    cJSON_Delete(root);
    return JAM_ERR_PARSE;
  }
  const cJSON* id = cJSON_GetObjectItemCaseSensitive(root, "id");
  // Only a whole number within ±2^63 converts: casting 1e300 or NaN to int64_t is undefined
  // behaviour (found by libFuzzer, issue 17). Anything else reads as absent (−1).
  if (cJSON_IsNumber(id) && id->valuedouble == floor(id->valuedouble) &&
      fabs(id->valuedouble) < 9.2e18) {
    doc->id = (int64_t)id->valuedouble;
  }
  int cpp = 0;
  const cJSON* pedal = NULL;
  cJSON_ArrayForEach(pedal, config)
  {
    const cJSON* name = cJSON_GetObjectItemCaseSensitive(pedal, "name");
    if (!cJSON_IsString(name) || !name->valuestring || doc->n_pedals >= HOST_BOARD_MAX_PEDALS) {
      continue;
    }
    HostPedalDoc* p = &doc->pedals[doc->n_pedals++];
    copy_name(p->name, name->valuestring);
    const cJSON* setting = NULL;
    cJSON_ArrayForEach(setting, cJSON_GetObjectItemCaseSensitive(pedal, "settings"))
    {
      if (cJSON_HasObjectItem(setting, "units")) {
        cpp = 1; // only the C++ version writes "units" (pedals_spec.md §4.2)
      }
      if (p->n_settings < HOST_PEDAL_MAX_SETTINGS &&
          read_setting(setting, &p->settings[p->n_settings]) == 0) {
        cpp |= host_board_setting_alias(p->name, p->settings[p->n_settings].name) != NULL;
        ++p->n_settings;
      }
    }
  }
  cJSON_Delete(root);
  doc->dialect = cpp ? HOST_BOARD_CPP : HOST_BOARD_RUST;
  for (int i = 0; i < doc->n_pedals; ++i) {
    for (int k = 0; k < doc->pedals[i].n_settings; ++k) {
      host_board_setting_to_port(doc->pedals[i].name, doc->dialect, &doc->pedals[i].settings[k]);
    }
  }
  return JAM_SUCCESS;
}

JamStatus
host_board_setting_parse(const char* const text, HostSettingValue* const setting)
{
  memset(setting, 0, sizeof *setting);
  cJSON* root = text ? cJSON_Parse(text) : NULL;
  const int bad = !cJSON_IsObject(root) || read_setting(root, setting) != 0;
  cJSON_Delete(root);
  return bad ? JAM_ERR_PARSE : JAM_SUCCESS;
}

// Setting names the C++ version's boards use where ours (the Rust version's) differ
// (pedals_spec.md §1.3).
static const struct {
  const char* pedal;
  const char* cpp;
  const char* ours;
} k_setting_aliases[] = {
    {"Tone Stack", "low", "bass"},
    {"Bass Envelope", "filter level", "level"},
    {"Guitar Envelope", "filter level", "level"},
};

const char*
host_board_setting_alias(const char* const pedal, const char* const name)
{
  for (size_t i = 0; i < sizeof k_setting_aliases / sizeof k_setting_aliases[0]; ++i) {
    if (!strcmp(pedal, k_setting_aliases[i].pedal) && !strcmp(name, k_setting_aliases[i].cpp)) {
      return k_setting_aliases[i].ours;
    }
  }
  return NULL;
}

void
host_board_setting_to_port(const char* const pedal, const HostBoardDialect dialect,
                           HostSettingValue* const setting)
{
  if (setting->is_bool) {
    return;
  }
  const char* alias = host_board_setting_alias(pedal, setting->name);
  setting->value = host_board_unit_to_port(
      host_board_unit(dialect, pedal, alias ? alias : setting->name), setting->value);
}

// A setting of pedal type `pedal` in the Rust version's units (host/board_units.h).
static cJSON*
setting_json(const char* pedal, const HostSettingInfo* s, const int index)
{
  const HostBoardUnit u = host_board_unit(HOST_BOARD_RUST, pedal, s->name);
  cJSON* o = cJSON_CreateObject();
  if (!o) {
    return NULL;
  }
  cJSON_AddNumberToObject(o, "index", index);
  cJSON* labels = cJSON_CreateArray();
  for (int k = 0; labels && k < s->n_labels; ++k) {
    cJSON_AddItemToArray(labels, cJSON_CreateString(s->labels[k]));
  }
  cJSON_AddItemToObject(o, "labels", labels);
  cJSON_AddNumberToObject(o, "max", host_board_unit_to_original(u, s->max));
  cJSON_AddNumberToObject(o, "min", host_board_unit_to_original(u, s->min));
  cJSON_AddStringToObject(o, "name", s->name);
  cJSON_AddNumberToObject(o, "step", host_board_unit_step_to_original(u, s->step));
  cJSON_AddNumberToObject(o, "type", (double)s->type);
  // Ours: the port's units:unit, for the web page; "" where the value is on the original's own
  // scale (board_units.h), which no unit symbol names.
  const int same = u.law == HOST_BOARD_UNIT_AFFINE && u.scale == 1.0 && u.offset == 0.0;
  cJSON_AddStringToObject(o, "unit", same ? s->unit : "");
  if (s->type == HOST_SETTING_FOOTSWITCH) {
    cJSON_AddBoolToObject(o, "value", s->value >= 0.5);
  } else {
    cJSON_AddNumberToObject(o, "value", host_board_unit_to_original(u, s->value));
  }
  return o;
}

static cJSON*
effects_json(const HostBoardInfo* board)
{
  cJSON* effects = cJSON_CreateArray();
  for (int i = 0; effects && i < board->n_pedals; ++i) {
    const HostPedalInfo* p = &board->pedals[i];
    cJSON* e = cJSON_CreateObject();
    cJSON* settings = cJSON_CreateArray();
    if (!e || !settings) {
      cJSON_Delete(e);
      cJSON_Delete(settings);
      cJSON_Delete(effects);
      return NULL;
    }
    cJSON_AddNumberToObject(e, "index", i);
    cJSON_AddStringToObject(e, "name", p->name);
    for (int k = 0; k < p->n_settings; ++k) {
      cJSON_AddItemToArray(settings, setting_json(p->name, &p->settings[k], k));
    }
    cJSON_AddItemToObject(e, "settings", settings);
    cJSON_AddItemToArray(effects, e);
  }
  return effects;
}

cJSON*
host_board_info_json(const HostBoardInfo* const board, const int channel)
{
  cJSON* o = cJSON_CreateObject();
  cJSON* effects = effects_json(board);
  cJSON* config = effects ? cJSON_Duplicate(effects, 1) : NULL;
  if (!o || !effects || !config) {
    cJSON_Delete(o);
    cJSON_Delete(effects);
    cJSON_Delete(config);
    return NULL;
  }
  char name[32];
  snprintf(name, sizeof name, "channel_%d", channel);
  cJSON_AddNumberToObject(o, "boardId", (double)board->id);
  cJSON_AddNumberToObject(o, "channel", channel);
  cJSON_AddStringToObject(o, "name", name);
  cJSON_AddItemToObject(o, "effects", effects);
  cJSON_AddNumberToObject(o, "id", (double)board->id);
  cJSON_AddItemToObject(o, "config", config);
  return o;
}
