// SPDX-License-Identifier: ISC
// rtjam-host's LV2 world: lilv world, URID map, host features and the catalogue of rtjam
// pedals. Threads: main thread; the URID map from any thread (mutex).

#include "host/world_impl.h"

#include "log.h"

#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/parameters/parameters.h>
#include <lv2/port-props/port-props.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NET_PLUGIN_URI "https://rtjam.org/lv2/net"

// ---------------------------------------------------------------------------------------------
// URID map: a mutex-protected table; a URID is the index + 1.

static LV2_URID
map_uri(LV2_URID_Map_Handle handle, const char* uri)
{
  HostWorld* w = handle;
  LV2_URID id = 0;
  pthread_mutex_lock(&w->map_lock);
  for (uint32_t i = 0; i < w->n_uris; ++i) {
    if (!strcmp(w->uris[i], uri)) {
      id = i + 1;
      break;
    }
  }
  if (!id) {
    char** grown = realloc(w->uris, (w->n_uris + 1) * sizeof *grown);
    char* copy = strdup(uri);
    if (grown && copy) {
      w->uris = grown;
      w->uris[w->n_uris++] = copy;
      id = w->n_uris;
    } else {
      if (grown) {
        w->uris = grown;
      }
      free(copy);
    }
  }
  pthread_mutex_unlock(&w->map_lock);
  return id;
}

static const char*
unmap_uri(LV2_URID_Unmap_Handle handle, LV2_URID urid)
{
  HostWorld* w = handle;
  const char* uri = NULL;
  pthread_mutex_lock(&w->map_lock);
  if (urid > 0 && urid <= w->n_uris) {
    uri = w->uris[urid - 1];
  }
  pthread_mutex_unlock(&w->map_lock);
  return uri;
}

LV2_URID_Map*
host_world_urid_map(HostWorld* const world)
{
  return &world->map;
}

uint32_t
host_world_map(HostWorld* const world, const char* const uri)
{
  return map_uri(world, uri);
}

// ---------------------------------------------------------------------------------------------

static int
type_cmp(const void* a, const void* b)
{
  return strcmp(((const HostPedalType*)a)->name, ((const HostPedalType*)b)->name);
}

static void
load_catalogue(HostWorld* w)
{
  const LilvPlugins* all = lilv_world_get_all_plugins(w->world);
  LILV_FOREACH(plugins, i, all)
  {
    const LilvPlugin* p = lilv_plugins_get(all, i);
    LilvNodes* names = lilv_plugin_get_value(p, w->n.json_name);
    const LilvNode* name = names ? lilv_nodes_get_first(names) : NULL;
    if (name && lilv_node_is_string(name) && w->n_types < HOST_MAX_TYPES) {
      HostPedalType* t = &w->types[w->n_types++];
      snprintf(t->name, sizeof t->name, "%s", lilv_node_as_string(name));
      snprintf(t->uri, sizeof t->uri, "%s", lilv_node_as_uri(lilv_plugin_get_uri(p)));
      LilvNodes* comments = lilv_plugin_get_value(p, w->n.comment);
      const LilvNode* c = comments ? lilv_nodes_get_first(comments) : NULL;
      snprintf(t->comment, sizeof t->comment, "%s", c ? lilv_node_as_string(c) : "");
      lilv_nodes_free(comments);
    }
    lilv_nodes_free(names);
  }
  qsort(w->types, (size_t)w->n_types, sizeof w->types[0], type_cmp);
}

static const LilvPlugin*
net_plugin(LilvWorld* world)
{
  LilvNode* uri = lilv_new_uri(world, NET_PLUGIN_URI);
  const LilvPlugin* p =
      uri ? lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), uri) : NULL;
  lilv_node_free(uri);
  return p;
}

// Loads rtjam.lv2 from beside this binary, when lilv's search path (LV2_PATH, else its default
// ~/.lv2:/usr/local/lib/lv2:/usr/lib/lv2) holds no rtjam-net: <bindir>/../lv2 (the build
// tree's build/lv2, so that build/bin/rtjam-host runs without LV2_PATH, as it finds web/), then
// <bindir>/../lib/lv2 (an install under another prefix). Logs the bundle rtjam-net comes from.
static void
load_rtjam_bundle(HostWorld* w)
{
  char exe[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (!net_plugin(w->world) && n > 0) {
    exe[n] = '\0';
    char* slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
    }
    static const char* const rel[] = {"../lv2", "../lib/lv2"};
    for (size_t i = 0; slash && i < sizeof rel / sizeof rel[0] && !net_plugin(w->world); ++i) {
      char path[PATH_MAX + 32], dir[PATH_MAX];
      snprintf(path, sizeof path, "%s/%s/rtjam.lv2", exe, rel[i]);
      if (!realpath(path, dir)) {
        continue;
      }
      snprintf(path, sizeof path, "%s/manifest.ttl", dir);
      if (access(path, R_OK)) {
        continue;
      }
      snprintf(path, sizeof path, "%s/", dir); // a bundle URI ends in '/'
      LilvNode* bundle = lilv_new_file_uri(w->world, NULL, path);
      if (bundle) {
        lilv_world_load_bundle(w->world, bundle);
        lilv_node_free(bundle);
      }
    }
  }
  const LilvPlugin* net = net_plugin(w->world);
  if (net) {
    char* path = lilv_file_uri_parse(lilv_node_as_uri(lilv_plugin_get_bundle_uri(net)), NULL);
    jam_log(JAM_LOG_INFO, "host: rtjam.lv2 bundle: %s", path ? path : "?");
    lilv_free(path);
  }
}

HostWorld*
host_world_new(void)
{
  HostWorld* w = calloc(1, sizeof *w);
  if (!w) {
    return NULL;
  }
  pthread_mutex_init(&w->map_lock, NULL);
  w->world = lilv_world_new();
  w->worker = host_worker_new(HOST_WORK_RING);
  if (!w->world || !w->worker) {
    jam_log(JAM_LOG_ERROR, "host: cannot create the LV2 world: out of memory");
    host_world_free(w);
    return NULL;
  }
  lilv_world_load_all(w->world);
  load_rtjam_bundle(w);
  LilvWorld* lw = w->world;
  w->n.audio = lilv_new_uri(lw, LV2_CORE__AudioPort);
  w->n.control = lilv_new_uri(lw, LV2_CORE__ControlPort);
  w->n.atom = lilv_new_uri(lw, LV2_ATOM__AtomPort);
  w->n.input = lilv_new_uri(lw, LV2_CORE__InputPort);
  w->n.output = lilv_new_uri(lw, LV2_CORE__OutputPort);
  w->n.optional = lilv_new_uri(lw, LV2_CORE__connectionOptional);
  w->n.enabled = lilv_new_uri(lw, LV2_CORE__enabled);
  w->n.latency = lilv_new_uri(lw, LV2_CORE__reportsLatency);
  w->n.toggled = lilv_new_uri(lw, LV2_CORE__toggled);
  w->n.integer = lilv_new_uri(lw, LV2_CORE__integer);
  w->n.enumeration = lilv_new_uri(lw, LV2_CORE__enumeration);
  w->n.json_name = lilv_new_uri(lw, RTJAM_NS "jsonName");
  w->n.comment = lilv_new_uri(lw, "http://www.w3.org/2000/01/rdf-schema#comment");
  w->n.range_steps = lilv_new_uri(lw, LV2_PORT_PROPS__rangeSteps);
  w->n.unit = lilv_new_uri(lw, "http://lv2plug.in/ns/extensions/units#unit");

  w->map.handle = w;
  w->map.map = map_uri;
  w->unmap.handle = w;
  w->unmap.unmap = unmap_uri;
  w->map_feature = (LV2_Feature){LV2_URID__map, &w->map};
  w->unmap_feature = (LV2_Feature){LV2_URID__unmap, &w->unmap};
  w->bounded_feature = (LV2_Feature){LV2_BUF_SIZE__boundedBlockLength, NULL};
  w->block_min = 1;
  w->block_max = HOST_MAX_BLOCK;
  w->seq_size = HOST_ATOM_CAPACITY;
  w->sample_rate = HOST_SAMPLE_RATE;
  const LV2_URID int_t = map_uri(w, LV2_ATOM__Int);
  const LV2_URID float_t = map_uri(w, LV2_ATOM__Float);
  w->options[0] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,     map_uri(w, LV2_BUF_SIZE__minBlockLength),
                           sizeof(int32_t),      int_t, &w->block_min};
  w->options[1] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,     map_uri(w, LV2_BUF_SIZE__maxBlockLength),
                           sizeof(int32_t),      int_t, &w->block_max};
  w->options[2] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,     map_uri(w, LV2_BUF_SIZE__sequenceSize),
                           sizeof(int32_t),      int_t, &w->seq_size};
  w->options[3] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0,       map_uri(w, LV2_PARAMETERS__sampleRate),
                           sizeof(float),        float_t, &w->sample_rate};
  // nominalBlockLength is JACK's period once known (host_world_set_nominal_block); until then
  // the option is left out (its key 0 ends the list). It was block_max (1024), so rtjam-net
  // warned at every start of bursts and jitter buffers 21.3 ms deeper while JACK ran 128.
  w->nominal_urid = map_uri(w, LV2_BUF_SIZE__nominalBlockLength);
  w->options[4] =
      (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, 0, sizeof(int32_t), int_t, &w->block_nominal};
  w->options[5] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL};
  w->options_feature = (LV2_Feature){LV2_OPTIONS__options, w->options};
  atomic_init(&w->next_serial, 1);
  load_catalogue(w);
  return w;
}

void
host_world_set_nominal_block(HostWorld* const w, const uint32_t frames)
{
  w->block_nominal = (int32_t)(frames < (uint32_t)w->block_max ? frames : (uint32_t)w->block_max);
  w->options[4].key = frames ? w->nominal_urid : 0;
}

void
host_world_free(HostWorld* const w)
{
  if (!w) {
    return;
  }
  LilvNode** nodes = (LilvNode**)&w->n;
  for (size_t i = 0; i < sizeof w->n / sizeof(LilvNode*); ++i) {
    lilv_node_free(nodes[i]);
  }
  lilv_world_free(w->world);
  for (uint32_t i = 0; i < w->n_uris; ++i) {
    free(w->uris[i]);
  }
  free(w->uris);
  host_worker_free(w->worker);
  pthread_mutex_destroy(&w->map_lock);
  free(w);
}

int
host_world_pedal_types(const HostWorld* const w, const HostPedalType** const types)
{
  *types = w->types;
  return w->n_types;
}

LV2_URID
host_world_map_uri(HostWorld* const w, const char* const uri)
{
  return map_uri(w, uri);
}

const LilvPlugin*
host_world_find_plugin(HostWorld* w, const char* name, char* uri, size_t uri_size)
{
  if (!strchr(name, ':')) {
    for (int i = 0; i < w->n_types; ++i) {
      if (!strcmp(w->types[i].name, name)) {
        name = w->types[i].uri;
        break;
      }
    }
  }
  snprintf(uri, uri_size, "%s", name);
  if (!strchr(name, ':')) {
    return NULL; // neither a pedal's JSON name nor a URI
  }
  LilvNode* node = lilv_new_uri(w->world, name);
  const LilvPlugin* p =
      node ? lilv_plugins_get_by_uri(lilv_world_get_all_plugins(w->world), node) : NULL;
  lilv_node_free(node);
  return p;
}

int
host_world_has_plugin(HostWorld* const w, const char* const name)
{
  char uri[256];
  return host_world_find_plugin(w, name, uri, sizeof uri) != NULL;
}
