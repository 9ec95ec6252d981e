// SPDX-License-Identifier: ISC
// Fuzz target: the board loader (host_board_doc_parse, a nation board document, and
// host_board_setting_parse, a SetEffectConfig sValue). A parsed document is written back as a
// pedalInfo object and must load again with the same pedals and settings. The first byte picks
// the parser.

#include "fuzz.h"

#include "host/board.h"

#include <math.h>
#include <stdlib.h>

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (size < 1 || size > 65536) {
    return 0;
  }
  char* const text = malloc(size);
  if (!text) {
    return 0;
  }
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  if (data[0] & 1) {
    HostSettingValue s;
    if (host_board_setting_parse(text, &s) == JAM_SUCCESS && !isfinite(s.value)) {
      abort(); // a setting value is always finite
    }
    free(text);
    return 0;
  }
  HostBoardDoc* const doc = malloc(sizeof *doc);
  HostBoardDoc* const back = malloc(sizeof *back);
  HostBoardInfo* const info = malloc(sizeof *info);
  if (doc && back && info && host_board_doc_parse(text, doc) == JAM_SUCCESS) {
    if (doc->n_pedals < 0 || doc->n_pedals > HOST_BOARD_MAX_PEDALS) {
      abort();
    }
    // The document as a live board reports it: every setting a continuous knob.
    memset(info, 0, sizeof *info);
    info->id = doc->id;
    info->n_pedals = doc->n_pedals;
    for (int i = 0; i < doc->n_pedals; ++i) {
      memcpy(info->pedals[i].name, doc->pedals[i].name, HOST_NAME_MAX);
      info->pedals[i].n_settings = doc->pedals[i].n_settings;
      for (int k = 0; k < doc->pedals[i].n_settings; ++k) {
        const HostSettingValue* const v = &doc->pedals[i].settings[k];
        HostSettingInfo* const si = &info->pedals[i].settings[k];
        memcpy(si->name, v->name, HOST_NAME_MAX);
        si->value = v->value;
        si->max = 1.0;
        if (!isfinite(v->value)) {
          abort();
        }
      }
    }
    cJSON* const json = host_board_info_json(info, 0);
    char* const out = json ? cJSON_PrintUnformatted(json) : NULL;
    if (out) {
      if (host_board_doc_parse(out, back) != JAM_SUCCESS || back->n_pedals != doc->n_pedals) {
        abort(); // what we write, we read back
      }
      for (int i = 0; i < doc->n_pedals; ++i) {
        if (strcmp(back->pedals[i].name, doc->pedals[i].name) != 0) {
          abort();
        }
      }
    }
    free(out);
    cJSON_Delete(json);
  }
  free(info);
  free(back);
  free(doc);
  free(text);
  return 0;
}
