// SPDX-License-Identifier: ISC
/// The inside of rtjam-host's LV2 world, shared by host/world.c (world, URID map, catalogue)
/// and host/plugin.c (instances): not for other modules.

#ifndef HOST_WORLD_IMPL_H
#define HOST_WORLD_IMPL_H

#include "host/plugin.h"
#include "host/worker.h"

#include <lv2/options/options.h>
#include <lv2/urid/urid.h>

#include <pthread.h>
#include <stdatomic.h>

#define RTJAM_NS       "https://rtjam.org/ns/lv2#"
#define HOST_WORK_RING 65536 ///< bytes of each worker ring

struct HostWorldImpl {
  LilvWorld* world;
  pthread_mutex_t map_lock; ///< guards the URID table (plugins map from any thread)
  char** uris;              ///< URID i+1 -> uris[i]
  uint32_t n_uris;
  LV2_URID_Map map;
  LV2_URID_Unmap unmap;
  LV2_Feature map_feature;
  LV2_Feature unmap_feature;
  LV2_Feature options_feature;
  LV2_Feature bounded_feature;
  LV2_Options_Option options[6];
  int32_t block_min;
  int32_t block_max;
  int32_t block_nominal; ///< frames per JACK period, 0 while unknown (no option given then)
  LV2_URID nominal_urid; ///< bufsz:nominalBlockLength
  int32_t seq_size;
  float sample_rate;
  HostPedalType types[HOST_MAX_TYPES];
  int n_types;
  atomic_uint_fast64_t next_serial;
  HostWorker* worker;    ///< the worker's rings (host/worker.c)
  HostPlugin* live[256]; ///< plugins alive (main thread), for worker requests
  int n_live;
  struct {
    LilvNode* audio;
    LilvNode* control;
    LilvNode* atom;
    LilvNode* input;
    LilvNode* output;
    LilvNode* optional;
    LilvNode* enabled;
    LilvNode* latency;
    LilvNode* toggled;
    LilvNode* integer;
    LilvNode* enumeration;
    LilvNode* json_name;
    LilvNode* comment;
    LilvNode* range_steps;
    LilvNode* unit;
  } n;
};

/// The URID of a URI (thread-safe).
LV2_URID
host_world_map_uri(HostWorld* w, const char* uri);

/// The plugin a pedal's JSON name or a URI names (uri receives the URI), or NULL.
const LilvPlugin*
host_world_find_plugin(HostWorld* w, const char* name, char* uri, size_t uri_size);

#endif // HOST_WORLD_IMPL_H
