// SPDX-License-Identifier: ISC
// rtjam-host's plugin instances: instantiation, ports, settings, run, and the worker's binding
// (schedule_work/respond on host/worker.c's rings). The world is host/world.c.
// Threads: main thread, except the JAM_REALTIME functions (JACK process callback).

#include "host/plugin.h"
#include "host/world_impl.h"

#include "log.h"
#include "host/worker.h"

#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>
#include <lv2/port-props/port-props.h>
#include <lv2/urid/urid.h>
#include <lv2/worker/worker.h>

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// ---------------------------------------------------------------------------------------------
// Worker: requests from run() (process thread) to the main thread, responses back.

static LV2_Worker_Status
worker_status(const JamStatus st)
{
  return st == JAM_SUCCESS ? LV2_WORKER_SUCCESS : LV2_WORKER_ERR_NO_SPACE;
}

JAM_REALTIME static LV2_Worker_Status
schedule_work(LV2_Worker_Schedule_Handle handle, uint32_t size, const void* data)
{
  HostPlugin* p = handle;
  return worker_status(host_worker_request(p->world->worker, p->serial, p, size, data));
}

static LV2_Worker_Status
respond(LV2_Worker_Respond_Handle handle, uint32_t size, const void* data)
{
  const HostPlugin* p = handle;
  return worker_status(host_worker_respond(p->world->worker, p->serial, size, data));
}

// A request, on the main thread: run by its plugin if that is still alive (same serial).
static void
do_work(void* ctx, uint64_t serial, void* target, uint32_t size, const void* data)
{
  HostWorld* w = ctx;
  for (int i = 0; i < w->n_live; ++i) {
    HostPlugin* p = w->live[i];
    if (p == target && p->serial == serial && p->worker_iface) {
      const LV2_Worker_Interface* iface = p->worker_iface;
      iface->work(lilv_instance_get_handle(p->instance), respond, p, size, data);
    }
  }
}

void
host_world_run_worker(HostWorld* const w)
{
  host_worker_take_requests(w->worker, do_work, w);
}

typedef struct {
  HostPlugin* const* plugins;
  int n;
} HostDeliverCtx;

// A response, on the process thread: to the running plugin with that serial.
JAM_REALTIME static void
deliver(void* ctx, uint64_t serial, void* target, uint32_t size, const void* data)
{
  (void)target;
  const HostDeliverCtx* d = ctx;
  for (int i = 0; i < d->n; ++i) {
    HostPlugin* p = d->plugins[i];
    if (p && p->serial == serial && p->worker_iface) {
      const LV2_Worker_Interface* iface = p->worker_iface;
      iface->work_response(lilv_instance_get_handle(p->instance), size, data);
    }
  }
}

uint32_t
host_world_dropped(const HostWorld* const w)
{
  return w ? host_worker_dropped(w->worker) : 0u;
}

JAM_REALTIME void
host_world_deliver_work(HostWorld* const w, HostPlugin* const* const plugins, const int n)
{
  HostDeliverCtx d = {plugins, n};
  host_worker_take_responses(w->worker, deliver, &d);
  for (int i = 0; i < n; ++i) {
    const LV2_Worker_Interface* iface = plugins[i] ? plugins[i]->worker_iface : NULL;
    if (iface && iface->end_run) {
      iface->end_run(lilv_instance_get_handle(plugins[i]->instance));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Instances

static int
feature_supported(const char* uri)
{
  static const char* const ok[] = {
      LV2_URID__map,           LV2_URID__unmap,
      LV2_OPTIONS__options,    LV2_BUF_SIZE__boundedBlockLength,
      LV2_WORKER__schedule,    LV2_CORE__isLive,
      LV2_CORE__hardRTCapable,
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; ++i) {
    if (!strcmp(uri, ok[i])) {
      return 1;
    }
  }
  return 0;
}

// An enumeration's lv2:scalePoint labels, ordered by value (a selector's value v names labels[v
// - min], as the original's labels index its values).
static void
describe_labels(const HostPlugin* p, const LilvPort* port, HostSettingInfo* s)
{
  LilvScalePoints* points = lilv_port_get_scale_points(p->plugin, port);
  float values[HOST_SETTING_MAX_LABELS] = {0};
  LILV_FOREACH(scale_points, i, points)
  {
    const LilvScalePoint* sp = lilv_scale_points_get(points, i);
    const float v = lilv_node_as_float(lilv_scale_point_get_value(sp));
    if (s->n_labels >= HOST_SETTING_MAX_LABELS) {
      break;
    }
    int at = s->n_labels++; // insertion sort by value
    while (at > 0 && values[at - 1] > v) {
      values[at] = values[at - 1];
      memcpy(s->labels[at], s->labels[at - 1], sizeof s->labels[at]);
      --at;
    }
    values[at] = v;
    snprintf(s->labels[at], sizeof s->labels[at], "%s",
             lilv_node_as_string(lilv_scale_point_get_label(sp)));
  }
  lilv_scale_points_free(points);
}

// The symbol of a port's units:unit (units:db -> "dB"), "" when it has none we know.
static void
describe_unit(HostPlugin* p, const LilvPort* port, HostSettingInfo* s)
{
  static const char* const k_units[][2] = {
      {"db", "dB"},        {"ms", "ms"},
      {"s", "s"},          {"hz", "Hz"},
      {"khz", "kHz"},      {"pc", "%"},
      {"bpm", "bpm"},      {"beat", "beats"},
      {"frame", "frames"}, {"semitone12TET", "st"},
      {"cent", "ct"},
  };
  static const char ns[] = "http://lv2plug.in/ns/extensions/units#";
  s->unit[0] = '\0';
  LilvNodes* units = lilv_port_get_value(p->plugin, port, p->world->n.unit);
  const LilvNode* u = units ? lilv_nodes_get_first(units) : NULL;
  const char* uri = u && lilv_node_is_uri(u) ? lilv_node_as_uri(u) : "";
  if (!strncmp(uri, ns, sizeof ns - 1)) {
    for (size_t i = 0; i < sizeof k_units / sizeof k_units[0]; ++i) {
      if (!strcmp(uri + sizeof ns - 1, k_units[i][0])) {
        snprintf(s->unit, sizeof s->unit, "%s", k_units[i][1]);
      }
    }
  }
  lilv_nodes_free(units);
}

static void
describe_setting(HostPlugin* p, const LilvPort* port, uint32_t index, float min, float max)
{
  HostWorld* w = p->world;
  HostPedalInfo* info = &p->info;
  if (info->n_settings >= HOST_PEDAL_MAX_SETTINGS) {
    return;
  }
  const int is_enable = (int)index == p->enable_port;
  HostSettingInfo* s = is_enable ? &info->settings[0] : &info->settings[info->n_settings];
  LilvNodes* names = lilv_port_get_value(p->plugin, port, w->n.json_name);
  const LilvNode* jn = names ? lilv_nodes_get_first(names) : NULL;
  snprintf(s->name, sizeof s->name, "%s",
           is_enable ? "bypass"
           : jn      ? lilv_node_as_string(jn)
                     : lilv_node_as_string(lilv_port_get_symbol(p->plugin, port)));
  lilv_nodes_free(names);
  s->min = min;
  s->max = max;
  s->step = 0.0;
  s->type = HOST_SETTING_CONTINUOUS;
  if (lilv_port_has_property(p->plugin, port, w->n.toggled)) {
    s->type = HOST_SETTING_FOOTSWITCH;
    s->step = 1.0;
  } else if (lilv_port_has_property(p->plugin, port, w->n.integer) ||
             lilv_port_has_property(p->plugin, port, w->n.enumeration)) {
    s->type = HOST_SETTING_SELECTOR;
    s->step = 1.0;
  } else {
    LilvNodes* steps = lilv_port_get_value(p->plugin, port, w->n.range_steps);
    const LilvNode* st = steps ? lilv_nodes_get_first(steps) : NULL;
    const float n_steps = st ? lilv_node_as_float(st) : 0.0f;
    s->step = n_steps > 1.0f ? (max - min) / (n_steps - 1.0f) : 0.0;
    lilv_nodes_free(steps);
  }
  describe_unit(p, port, s);
  s->n_labels = 0;
  if (!is_enable && lilv_port_has_property(p->plugin, port, w->n.enumeration)) {
    describe_labels(p, port, s);
  }
  if (is_enable) {
    s->type = HOST_SETTING_FOOTSWITCH;
    s->min = 0;
    s->max = 1;
    s->step = 1;
    s->value = p->controls[index] >= 0.5f ? 0.0 : 1.0; // bypass = !enabled
    p->setting_port[0] = (int)index;
  } else {
    s->value = p->controls[index];
    p->setting_port[info->n_settings] = (int)index;
    ++info->n_settings;
  }
}

static int
register_live(HostWorld* w, HostPlugin* p)
{
  if (w->n_live >= (int)(sizeof w->live / sizeof w->live[0])) {
    return -1;
  }
  w->live[w->n_live++] = p;
  return 0;
}

HostPlugin*
host_plugin_new(HostWorld* const w, const char* const name, char* const error,
                const size_t error_size)
{
  char uri[256];
  const LilvPlugin* lp = host_world_find_plugin(w, name, uri, sizeof uri);
  if (!lp) {
    snprintf(error, error_size, "no LV2 plugin or rtjam pedal named '%s'", name);
    return NULL;
  }
  LilvNodes* req = lilv_plugin_get_required_features(lp);
  LILV_FOREACH(nodes, i, req)
  {
    const char* f = lilv_node_as_uri(lilv_nodes_get(req, i));
    if (!feature_supported(f)) {
      snprintf(error, error_size, "%s needs the unsupported feature %s", uri, f);
      lilv_nodes_free(req);
      return NULL;
    }
  }
  lilv_nodes_free(req);

  HostPlugin* p = calloc(1, sizeof *p);
  const uint32_t n = lilv_plugin_get_num_ports(lp);
  if (!p) {
    snprintf(error, error_size, "out of memory");
    return NULL;
  }
  p->kinds = calloc(n ? n : 1, sizeof *p->kinds);
  p->controls = calloc(n ? n : 1, sizeof *p->controls);
  p->atoms = calloc(n ? n : 1, sizeof *p->atoms);
  p->world = w;
  p->plugin = lp;
  p->n_ports = n;
  p->audio_in = p->audio_out = p->enable_port = p->latency_port = -1;
  p->serial = atomic_fetch_add(&w->next_serial, 1);
  p->urid_sequence = host_world_map_uri(w, LV2_ATOM__Sequence);
  p->urid_chunk = host_world_map_uri(w, LV2_ATOM__Chunk);
  snprintf(p->uri, sizeof p->uri, "%s", uri);
  for (int k = 0; k < HOST_PEDAL_MAX_SETTINGS; ++k) {
    p->setting_port[k] = -1;
  }
  float* mins = calloc(n ? n : 1, sizeof(float));
  float* maxs = calloc(n ? n : 1, sizeof(float));
  float* defs = calloc(n ? n : 1, sizeof(float));
  p->silence = calloc(HOST_MAX_BLOCK, sizeof(float));
  p->sink = calloc(HOST_MAX_BLOCK, sizeof(float));
  if (!p->kinds || !p->controls || !p->atoms || !mins || !maxs || !defs || !p->silence ||
      !p->sink) {
    snprintf(error, error_size, "out of memory");
    goto fail;
  }
  lilv_plugin_get_port_ranges_float(lp, mins, maxs, defs);

  // Name: the JSON name, or the URI's tail.
  LilvNodes* names = lilv_plugin_get_value(lp, w->n.json_name);
  const LilvNode* jn = names ? lilv_nodes_get_first(names) : NULL;
  snprintf(p->info.name, sizeof p->info.name, "%s", jn ? lilv_node_as_string(jn) : uri);
  lilv_nodes_free(names);

  const LilvPort* enable = lilv_plugin_get_port_by_designation(lp, w->n.input, w->n.enabled);
  p->enable_port = enable ? (int)lilv_port_get_index(lp, enable) : -1;
  LilvNode* latency_designation = lilv_new_uri(w->world, LV2_CORE__latency);
  const LilvPort* lat = lilv_plugin_get_port_by_designation(lp, w->n.output, latency_designation);
  lilv_node_free(latency_designation);
  p->info.n_settings = 1; // settings[0] is bypass
  snprintf(p->info.settings[0].name, HOST_NAME_MAX, "bypass");
  p->info.settings[0].type = HOST_SETTING_FOOTSWITCH;
  p->info.settings[0].max = 1;
  p->info.settings[0].step = 1;

  for (uint32_t i = 0; i < n; ++i) {
    const LilvPort* port = lilv_plugin_get_port_by_index(lp, i);
    const int in = lilv_port_is_a(lp, port, w->n.input);
    const int out = lilv_port_is_a(lp, port, w->n.output);
    if (lilv_port_is_a(lp, port, w->n.audio) && (in || out)) {
      p->kinds[i] = in ? HOST_PORT_AUDIO_IN : HOST_PORT_AUDIO_OUT;
      if (in && p->audio_in < 0) {
        p->audio_in = (int)i;
      }
      if (out && p->audio_out < 0) {
        p->audio_out = (int)i;
      }
    } else if (lilv_port_is_a(lp, port, w->n.control) && (in || out)) {
      p->kinds[i] = in ? HOST_PORT_CONTROL_IN : HOST_PORT_CONTROL_OUT;
      p->controls[i] = isnan(defs[i]) ? (isnan(mins[i]) ? 0.0f : mins[i]) : defs[i];
      if (out && lilv_port_has_property(lp, port, w->n.latency)) {
        p->latency_port = (int)i;
      }
    } else if (lilv_port_is_a(lp, port, w->n.atom) && (in || out)) {
      p->kinds[i] = in ? HOST_PORT_ATOM_IN : HOST_PORT_ATOM_OUT;
      p->atoms[i] = calloc(1, HOST_ATOM_CAPACITY);
      if (!p->atoms[i]) {
        snprintf(error, error_size, "out of memory");
        goto fail;
      }
    } else if (!lilv_port_has_property(lp, port, w->n.optional)) {
      snprintf(error, error_size, "%s: port %s has an unsupported type", uri,
               lilv_node_as_string(lilv_port_get_symbol(lp, port)));
      goto fail;
    }
  }
  if (p->latency_port < 0 && lat &&
      p->kinds[lilv_port_get_index(lp, lat)] == HOST_PORT_CONTROL_OUT) {
    p->latency_port = (int)lilv_port_get_index(lp, lat); // lv2:designation lv2:latency
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (p->kinds[i] == HOST_PORT_CONTROL_IN) {
      const LilvPort* port = lilv_plugin_get_port_by_index(lp, i);
      describe_setting(p, port, i, isnan(mins[i]) ? 0.0f : mins[i],
                       isnan(maxs[i]) ? 1.0f : maxs[i]);
    }
  }

  // The schedule struct must outlive the instance: a heap block owned by p.
  LV2_Worker_Schedule* sched = malloc(sizeof *sched);
  if (!sched) {
    snprintf(error, error_size, "out of memory");
    goto fail;
  }
  *sched = (LV2_Worker_Schedule){p, schedule_work};
  p->sched = sched;
  LV2_Feature schedule_feature = {LV2_WORKER__schedule, sched};
  const LV2_Feature* features[] = {&w->map_feature,     &w->unmap_feature, &w->options_feature,
                                   &w->bounded_feature, &schedule_feature, NULL};
  p->instance = lilv_plugin_instantiate(lp, HOST_SAMPLE_RATE, features);
  if (!p->instance) {
    snprintf(error, error_size, "%s failed to instantiate", uri);
    goto fail;
  }
  p->worker_iface = lilv_instance_get_extension_data(p->instance, LV2_WORKER__interface);
  for (uint32_t i = 0; i < n; ++i) {
    switch (p->kinds[i]) {
    case HOST_PORT_CONTROL_IN:
    case HOST_PORT_CONTROL_OUT:
      lilv_instance_connect_port(p->instance, i, &p->controls[i]);
      break;
    case HOST_PORT_ATOM_IN:
    case HOST_PORT_ATOM_OUT:
      lilv_instance_connect_port(p->instance, i, p->atoms[i]);
      break;
    case HOST_PORT_AUDIO_IN: // the first one is connected every cycle; others hear silence
      lilv_instance_connect_port(p->instance, i, p->silence);
      break;
    case HOST_PORT_AUDIO_OUT: // the first one is connected every cycle; others write here
      lilv_instance_connect_port(p->instance, i, p->sink);
      break;
    case HOST_PORT_OTHER:
      lilv_instance_connect_port(p->instance, i, NULL);
      break;
    }
  }
  host_plugin_reset_atoms(p);
  lilv_instance_activate(p->instance);
  if (register_live(w, p)) {
    snprintf(error, error_size, "too many plugin instances alive (%d)", w->n_live);
    goto fail;
  }
  free(mins);
  free(maxs);
  free(defs);
  return p;

fail:
  free(mins);
  free(maxs);
  free(defs);
  host_plugin_free(p);
  return NULL;
}

void
host_plugin_free(HostPlugin* const p)
{
  if (!p) {
    return;
  }
  HostWorld* w = p->world;
  for (int i = 0; i < w->n_live; ++i) {
    if (w->live[i] == p) {
      w->live[i] = w->live[--w->n_live];
      break;
    }
  }
  if (p->instance) {
    lilv_instance_deactivate(p->instance);
    lilv_instance_free(p->instance);
  }
  for (uint32_t i = 0; p->atoms && i < p->n_ports; ++i) {
    free(p->atoms[i]);
  }
  free(p->sched);
  free(p->silence);
  free(p->sink);
  free(p->atoms);
  free(p->controls);
  free(p->kinds);
  free(p);
}

int
host_plugin_port(const HostPlugin* const p, const char* const symbol)
{
  LilvNode* sym = lilv_new_string(p->world->world, symbol);
  const LilvPort* port = lilv_plugin_get_port_by_symbol(p->plugin, sym);
  lilv_node_free(sym);
  return port ? (int)lilv_port_get_index(p->plugin, port) : -1;
}

int
host_plugin_setting(const HostPlugin* const p, const char* const name)
{
  for (int k = 0; k < p->info.n_settings; ++k) {
    if (!strcmp(p->info.settings[k].name, name)) {
      return k;
    }
  }
  for (int k = 0; k < p->info.n_settings; ++k) {
    if (!strcasecmp(p->info.settings[k].name, name)) {
      return k;
    }
  }
  return -1;
}

float
host_plugin_setting_port_value(const HostPlugin* const p, const int k, const double value)
{
  const HostSettingInfo* s = &p->info.settings[k];
  double v = value < s->min ? s->min : value > s->max ? s->max : value;
  if (k == 0) {
    return v >= 0.5 ? 0.0f : 1.0f; // bypass on = enabled off
  }
  return (float)v;
}

JAM_REALTIME void
host_plugin_reset_atoms(HostPlugin* const p)
{
  for (uint32_t i = 0; i < p->n_ports; ++i) {
    if (p->kinds[i] == HOST_PORT_ATOM_IN) {
      LV2_Atom_Sequence* seq = p->atoms[i];
      seq->atom.size = sizeof(LV2_Atom_Sequence_Body);
      seq->atom.type = p->urid_sequence;
      seq->body.unit = 0;
      seq->body.pad = 0;
    } else if (p->kinds[i] == HOST_PORT_ATOM_OUT) {
      LV2_Atom* a = p->atoms[i];
      a->size = HOST_ATOM_CAPACITY - sizeof(LV2_Atom);
      a->type = p->urid_chunk;
    }
  }
}

JAM_REALTIME void
host_plugin_run_mono(HostPlugin* const p, const float* const in, float* const out, const uint32_t n)
{
  if (atomic_load_explicit(&p->host_bypass, memory_order_relaxed) || p->audio_in < 0 ||
      p->audio_out < 0) {
    if (in != out) {
      memcpy(out, in, n * sizeof *out);
    }
    return;
  }
  lilv_instance_connect_port(p->instance, (uint32_t)p->audio_in, (void*)(uintptr_t)in);
  lilv_instance_connect_port(p->instance, (uint32_t)p->audio_out, out);
  host_plugin_reset_atoms(p);
  lilv_instance_run(p->instance, n);
}

JAM_REALTIME float
host_plugin_latency(const HostPlugin* const p)
{
  return p->latency_port >= 0 ? p->controls[p->latency_port] : 0.0f;
}
