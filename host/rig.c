// SPDX-License-Identifier: ISC
// The rig: pedal boards edited on the main thread, handed to the graph as new chains.

#include "host/rig.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
  int64_t id;                           ///< board id, −1 until loaded
  int n;                                ///< pedals
  HostPlugin* p[HOST_BOARD_MAX_PEDALS]; ///< in signal order
} HostRigBoard;

struct HostRigImpl {
  HostWorld* world;
  HostGraph* graph;
  HostRigBoard boards[HOST_BOARDS];
};

// Hands the board's new plugin list to the graph; `dropped` plugins are freed when the old
// chain comes back.
static JamStatus
commit(HostRig* rig, int k, HostPlugin* const* dropped, int n_dropped)
{
  HostChain* c = calloc(1, sizeof *c);
  if (!c) {
    return JAM_ERR_NO_MEMORY;
  }
  c->n = rig->boards[k].n;
  memcpy(c->p, rig->boards[k].p, sizeof c->p);
  HostChain* old = host_graph_chain(rig->graph, k);
  if (old) {
    for (int i = 0; i < n_dropped && old->n_dead < HOST_BOARD_MAX_PEDALS; ++i) {
      old->dead[old->n_dead++] = dropped[i];
    }
  }
  const JamStatus st = host_graph_set_chain(rig->graph, k, c);
  if (st != JAM_SUCCESS) {
    free(c);
    if (old) {
      old->n_dead -= n_dropped; // still in use; nothing handed over
    }
  }
  return st;
}

HostRig*
host_rig_new(HostWorld* const world, HostGraph* const graph)
{
  HostRig* rig = calloc(1, sizeof *rig);
  if (!rig) {
    return NULL;
  }
  rig->world = world;
  rig->graph = graph;
  for (int k = 0; k < HOST_BOARDS; ++k) {
    rig->boards[k].id = -1;
    if (commit(rig, k, NULL, 0) != JAM_SUCCESS) {
      free(rig);
      return NULL;
    }
  }
  return rig;
}

void
host_rig_free(HostRig* const rig)
{
  free(rig);
}

static int
valid(const HostRig* rig, int k)
{
  return rig && k >= 0 && k < HOST_BOARDS;
}

JamStatus
host_rig_insert(HostRig* const rig, const int k, const char* const name, int pos, char* const error,
                const size_t size)
{
  if (!valid(rig, k) || !name) {
    snprintf(error, size, "no board %d", k);
    return JAM_ERR_BAD_ARGUMENT;
  }
  HostRigBoard* b = &rig->boards[k];
  if (b->n >= HOST_BOARD_MAX_PEDALS) {
    snprintf(error, size, "board %d is full (%d pedals)", k, HOST_BOARD_MAX_PEDALS);
    return JAM_ERR_FULL;
  }
  HostPlugin* p = host_plugin_new(rig->world, name, error, size);
  if (!p) {
    return JAM_ERR_NOT_FOUND;
  }
  if (pos < 0 || pos > b->n) {
    pos = b->n;
  }
  memmove(&b->p[pos + 1], &b->p[pos], (size_t)(b->n - pos) * sizeof b->p[0]);
  b->p[pos] = p;
  ++b->n;
  const JamStatus st = commit(rig, k, NULL, 0);
  if (st != JAM_SUCCESS) {
    --b->n;
    memmove(&b->p[pos], &b->p[pos + 1], (size_t)(b->n - pos) * sizeof b->p[0]);
    host_plugin_free(p);
    snprintf(error, size, "engine busy");
  }
  return st;
}

JamStatus
host_rig_delete(HostRig* const rig, const int k, const int index)
{
  if (!valid(rig, k) || index < 0 || index >= rig->boards[k].n) {
    return JAM_ERR_NOT_FOUND;
  }
  HostRigBoard* b = &rig->boards[k];
  HostPlugin* p = b->p[index];
  memmove(&b->p[index], &b->p[index + 1], (size_t)(b->n - index - 1) * sizeof b->p[0]);
  --b->n;
  const JamStatus st = commit(rig, k, &p, 1);
  if (st != JAM_SUCCESS) {
    memmove(&b->p[index + 1], &b->p[index], (size_t)(b->n - index) * sizeof b->p[0]);
    b->p[index] = p;
    ++b->n;
  }
  return st;
}

JamStatus
host_rig_move(HostRig* const rig, const int k, const int from, const int to)
{
  if (!valid(rig, k) || from < 0 || from >= rig->boards[k].n || to < 0 || to >= rig->boards[k].n) {
    return JAM_ERR_NOT_FOUND;
  }
  if (from == to) {
    return JAM_SUCCESS;
  }
  HostRigBoard* b = &rig->boards[k];
  HostPlugin* saved[HOST_BOARD_MAX_PEDALS];
  memcpy(saved, b->p, sizeof saved);
  HostPlugin* p = b->p[from];
  if (from < to) {
    memmove(&b->p[from], &b->p[from + 1], (size_t)(to - from) * sizeof b->p[0]);
  } else {
    memmove(&b->p[to + 1], &b->p[to], (size_t)(from - to) * sizeof b->p[0]);
  }
  b->p[to] = p;
  const JamStatus st = commit(rig, k, NULL, 0);
  if (st != JAM_SUCCESS) {
    memcpy(b->p, saved, sizeof saved);
  }
  return st;
}

// Applies a setting to a plugin. Before the plugin is handed over (`direct`), its control
// storage is written directly; afterwards only through the graph.
static JamStatus
apply_setting(HostRig* rig, HostPlugin* p, const HostSettingValue* s, int direct)
{
  int k = s->is_bool ? 0 : host_plugin_setting(p, s->name);
  const char* alias = k < 0 ? host_board_setting_alias(p->info.name, s->name) : NULL;
  if (alias) { // a C++ board's name for it
    k = host_plugin_setting(p, alias);
  }
  if (k < 0) {
    return JAM_ERR_NOT_FOUND;
  }
  HostSettingInfo* info = &p->info.settings[k];
  const double before = info->value;
  double v = s->value;
  v = v < info->min ? info->min : v > info->max ? info->max : v;
  info->value = v;
  if (k == 0 && p->enable_port < 0) {
    atomic_store_explicit(
        &p->host_bypass, v >= 0.5,
        memory_order_relaxed); // no lv2:enabled port: the host bypasses (read by process)
    return JAM_SUCCESS;
  }
  const int port = p->setting_port[k];
  if (port < 0) {
    return JAM_ERR_NOT_FOUND;
  }
  const float pv = host_plugin_setting_port_value(p, k, v);
  if (direct) {
    p->controls[port] = pv;
    return JAM_SUCCESS;
  }
  const JamStatus st = host_graph_set_control(rig->graph, p, (uint32_t)port, pv);
  if (st != JAM_SUCCESS) {
    info->value = before; // pedalInfo reports what the pedal runs with, not what was refused
  }
  return st;
}

JamStatus
host_rig_set(HostRig* const rig, const int k, const int index, const HostSettingValue* const s)
{
  if (!valid(rig, k) || index < 0 || index >= rig->boards[k].n) {
    return JAM_ERR_NOT_FOUND;
  }
  // A SetEffectConfig value is in the units pedalInfo reports (host_board_info_json): the Rust
  // version's, or the C++ version's for a C++ setting name.
  HostPlugin* p = rig->boards[k].p[index];
  HostSettingValue v = *s;
  host_board_setting_to_port(
      p->info.name,
      host_board_setting_alias(p->info.name, s->name) ? HOST_BOARD_CPP : HOST_BOARD_RUST, &v);
  return apply_setting(rig, p, &v, 0);
}

// Warns about a setting a pedal does not have, naming the ones it has.
static void
warn_unknown_setting(int k, const HostPlugin* p, const char* name)
{
  char valid[1024] = "";
  size_t used = 0;
  for (int i = 0; i < p->info.n_settings && used < sizeof valid; ++i) {
    const int n = snprintf(valid + used, sizeof valid - used, "%s%s", i ? ", " : "",
                           p->info.settings[i].name);
    used += n > 0 ? (size_t)n : 0;
  }
  jam_log(JAM_LOG_WARN, "host: board %d: %s has no setting '%s' (its settings: %s)", k,
          p->info.name, name, valid);
}

static void
free_plugins(HostPlugin* const* p, int n)
{
  for (int i = 0; i < n; ++i) {
    host_plugin_free(p[i]);
  }
}

// Names in `out` the pedal types of `doc` this host lacks, each once, with the type that differs
// from it in case only: "'Tubedrive' (did you mean 'TubeDrive'?), 'Flanger 3000'".
// @return how many
static int
unknown_types(HostRig* const rig, const HostBoardDoc* const doc, char* const out, const size_t size)
{
  const HostPedalType* types = NULL;
  const int n_types = host_world_pedal_types(rig->world, &types);
  int n = 0;
  size_t used = 0;
  out[0] = '\0';
  for (int i = 0; i < doc->n_pedals; ++i) {
    const char* name = doc->pedals[i].name;
    int seen = host_world_has_plugin(rig->world, name);
    for (int j = 0; j < i && !seen; ++j) {
      seen = !strcmp(doc->pedals[j].name, name);
    }
    if (seen) {
      continue;
    }
    const char* like = NULL;
    for (int t = 0; t < n_types && !like; ++t) {
      like = strcasecmp(types[t].name, name) ? NULL : types[t].name;
    }
    const int w =
        snprintf(out + used, used < size ? size - used : 0, "%s'%s'%s%s%s", n ? ", " : "", name,
                 like ? " (did you mean '" : "", like ? like : "", like ? "'?)" : "");
    used += w > 0 ? (size_t)w : 0;
    ++n;
  }
  return n;
}

// Loads a document into board k. With `skipped` (a start-up board file), pedals whose type is
// not in the world or that cannot be instantiated are left out and named in `skipped`;
// without, any of them refuses the whole document.
static JamStatus
load(HostRig* const rig, const int k, const HostBoardDoc* const doc, char* const skipped,
     const size_t skipped_size, char* const error, const size_t size)
{
  if (!valid(rig, k)) {
    snprintf(error, size, "no board %d", k);
    return JAM_ERR_BAD_ARGUMENT;
  }
  char unknown[400];
  const int n_unknown = unknown_types(rig, doc, unknown, sizeof unknown);
  if (n_unknown &&
      !skipped) { // the whole board is refused, as the original's would have lost those pedals
    snprintf(error, size, "unknown pedal type%s %s (GetPedalTypes lists ours); board %d unchanged",
             n_unknown > 1 ? "s" : "", unknown, k);
    return JAM_ERR_NOT_FOUND;
  }
  size_t used = 0;
  if (skipped && skipped_size) {
    skipped[0] = '\0';
  }
  HostRigBoard nb = {doc->id, 0, {0}};
  for (int i = 0; i < doc->n_pedals && nb.n < HOST_BOARD_MAX_PEDALS; ++i) {
    const HostPedalDoc* pd = &doc->pedals[i];
    char err[512] = "not installed (GetPedalTypes lists ours)";
    HostPlugin* p = host_world_has_plugin(rig->world, pd->name)
                        ? host_plugin_new(rig->world, pd->name, err, sizeof err)
                        : NULL;
    if (!p && skipped) {
      const int w = snprintf(skipped + used, used < skipped_size ? skipped_size - used : 0,
                             "%spedal %d '%s' (%s)", used ? "; " : "", i, pd->name, err);
      used += w > 0 ? (size_t)w : 0;
      continue;
    }
    if (!p) { // a known pedal that cannot run now: the whole board is refused
      snprintf(error, size, "pedal %d (%s): %s; board %d unchanged", i, pd->name, err, k);
      free_plugins(nb.p, nb.n);
      return JAM_ERR_FULL;
    }
    for (int s = 0; s < pd->n_settings; ++s) {
      if (apply_setting(rig, p, &pd->settings[s], 1) != JAM_SUCCESS) {
        warn_unknown_setting(k, p, pd->settings[s].name);
      }
    }
    nb.p[nb.n++] = p;
  }
  HostRigBoard old = rig->boards[k];
  rig->boards[k] = nb;
  const JamStatus st = commit(rig, k, old.p, old.n);
  if (st != JAM_SUCCESS) {
    rig->boards[k] = old;
    free_plugins(nb.p, nb.n);
    snprintf(error, size, "the audio engine is busy with earlier changes; board %d unchanged", k);
  }
  return st;
}

JamStatus
host_rig_load(HostRig* const rig, const int k, const HostBoardDoc* const doc, char* const error,
              const size_t size)
{
  return load(rig, k, doc, NULL, 0, error, size);
}

JamStatus
host_rig_load_available(HostRig* const rig, const int k, const HostBoardDoc* const doc,
                        char* const skipped, const size_t skipped_size, char* const error,
                        const size_t size)
{
  return load(rig, k, doc, skipped, skipped_size, error, size);
}

void
host_rig_info(const HostRig* const rig, const int k, HostBoardInfo* const info)
{
  memset(info, 0, sizeof *info);
  info->id = -1;
  if (!valid(rig, k)) {
    return;
  }
  const HostRigBoard* b = &rig->boards[k];
  info->id = b->id;
  info->n_pedals = b->n;
  for (int i = 0; i < b->n; ++i) {
    info->pedals[i] = b->p[i]->info;
  }
}

cJSON*
host_rig_pedal_info(const HostRig* const rig)
{
  cJSON* arr = cJSON_CreateArray();
  HostBoardInfo* info = malloc(sizeof *info);
  if (!arr || !info) {
    cJSON_Delete(arr);
    free(info);
    return NULL;
  }
  for (int k = 0; k < HOST_BOARDS; ++k) {
    host_rig_info(rig, k, info);
    cJSON_AddItemToArray(arr, host_board_info_json(info, k));
  }
  free(info);
  return arr;
}
