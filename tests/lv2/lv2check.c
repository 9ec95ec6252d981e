// SPDX-License-Identifier: ISC
/// rtjam-lv2check: loads every rtjam.lv2 plugin through lilv (LV2_PATH) and checks it the way
/// lv2lint would, plus our own real-time rules:
///
/// - metadata: the installed Turtle matches ttl/pedal_defs.c and the generated port enums
///   (index, symbol, direction and type, minimum/maximum/default, JSON name, enumeration
///   labels, lv2:enabled and lv2:latency designations), no required feature, >= 2 presets whose
///   values are in range;
/// - at 44.1, 48 and 96 kHz: no heap call inside run() (malloc & co. are interposed in this
///   executable, or counted through ASan's hooks in a sanitizer build); output identical for
///   block sizes 1, 64, 128 and a ragged sequence; in-place output equal to out-of-place
///   output; finite output for NaN, inf, denormal and full-scale input, and with every
///   control at its minimum and at its maximum; a peak below +24 dBFS for full-scale input;
///   an output that does not grow after the input stops.
///
/// Usage: rtjam-lv2check [SLUG...]   (default: every pedal). Prints "N passed, N failed".

#include "pedal_defs.h"
#include "pedal_ports.h"

#include <lilv/lilv.h>
#include <lv2/core/lv2.h>
#include <lv2/urid/urid.h>

#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Heap accounting. Calls are counted only while `in_run` is set (around lilv_instance_run).

static volatile int in_run;      ///< set around run()
static volatile long heap_calls; ///< heap calls seen while in_run

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The sanitizer owns malloc: count through its hooks instead (declared here because GCC does
// not ship sanitizer/allocator_interface.h; libasan and libtsan export the function).
int
__sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, size_t),
                                          void (*free_hook)(const volatile void*));

static void
hook_malloc(const volatile void* const ptr, const size_t size)
{
  (void)ptr;
  (void)size;
  if (in_run) {
    ++heap_calls;
  }
}

static void
hook_free(const volatile void* const ptr)
{
  (void)ptr;
  if (in_run) {
    ++heap_calls;
  }
}

static void
heap_hooks_install(void)
{
  __sanitizer_install_malloc_and_free_hooks(hook_malloc, hook_free);
}
#else
// glibc's own entry points; our definitions below interpose over every shared object's calls
// (the executable is linked with -rdynamic so that dlopen'ed plugins bind to them too).
extern void*
__libc_malloc(size_t size);
extern void*
__libc_calloc(size_t n, size_t size);
extern void*
__libc_realloc(void* ptr, size_t size);
extern void
__libc_free(void* ptr);
extern void*
__libc_memalign(size_t align, size_t size);

void*
malloc(const size_t size)
{
  if (in_run) {
    ++heap_calls;
  }
  return __libc_malloc(size);
}

void*
calloc(const size_t n, const size_t size)
{
  if (in_run) {
    ++heap_calls;
  }
  return __libc_calloc(n, size);
}

void*
realloc(void* const ptr, const size_t size)
{
  if (in_run) {
    ++heap_calls;
  }
  return __libc_realloc(ptr, size);
}

void
free(void* const ptr)
{
  if (in_run) {
    ++heap_calls;
  }
  __libc_free(ptr);
}

int
posix_memalign(void** const out, const size_t align, const size_t size)
{
  if (in_run) {
    ++heap_calls;
  }
  void* const p = __libc_memalign(align, size);
  if (!p) {
    return 12; // ENOMEM
  }
  *out = p;
  return 0;
}

void*
aligned_alloc(const size_t align, const size_t size)
{
  if (in_run) {
    ++heap_calls;
  }
  return __libc_memalign(align, size);
}

void*
memalign(const size_t align, const size_t size)
{
  if (in_run) {
    ++heap_calls;
  }
  return __libc_memalign(align, size);
}

static void
heap_hooks_install(void)
{
}
#endif

// ---------------------------------------------------------------------------------------------
// Results

static int n_passed;
static int n_failed;
static int cur_failed;
static char cur_name[256];

static void
test_begin(const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  vsnprintf(cur_name, sizeof cur_name, fmt, args);
  va_end(args);
  cur_failed = 0;
}

__attribute__((format(printf, 1, 2))) static void
fail(const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  fprintf(stderr, "  %s: FAIL: ", cur_name);
  vfprintf(stderr, fmt, args);
  fputc('\n', stderr);
  va_end(args);
  ++cur_failed;
}

static void
test_end(void)
{
  if (cur_failed) {
    ++n_failed;
    printf("FAIL %s\n", cur_name);
  } else {
    ++n_passed;
    printf("ok   %s\n", cur_name);
  }
  fflush(stdout);
}

// ---------------------------------------------------------------------------------------------
// A tiny URID map for lilv_state (presets).

typedef struct {
  char* uris[256]; ///< URI of URID i + 1
  uint32_t n;      ///< mapped URIs
} UridMap;

static LV2_URID
urid_map(LV2_URID_Map_Handle const handle, const char* const uri)
{
  UridMap* const m = (UridMap*)handle;
  for (uint32_t i = 0; i < m->n; ++i) {
    if (!strcmp(m->uris[i], uri)) {
      return i + 1;
    }
  }
  if (m->n >= 256) {
    return 0;
  }
  const size_t len = strlen(uri) + 1;
  m->uris[m->n] = malloc(len);
  if (!m->uris[m->n]) {
    return 0;
  }
  memcpy(m->uris[m->n], uri, len);
  return ++m->n;
}

static const char*
urid_unmap(LV2_URID_Unmap_Handle const handle, const LV2_URID urid)
{
  UridMap* const m = (UridMap*)handle;
  return urid >= 1 && urid <= m->n ? m->uris[urid - 1] : NULL;
}

// ---------------------------------------------------------------------------------------------
// Metadata

typedef struct {
  LilvWorld* world;
  LilvNode* input;
  LilvNode* output;
  LilvNode* audio;
  LilvNode* control;
  LilvNode* json_name;
  LilvNode* enabled;
  LilvNode* latency;
  LilvNode* preset;
  LV2_URID_Map map;
  LV2_URID_Unmap unmap;
  UridMap urids;
} Ctx;

typedef struct {
  const PedalDef* def;
  int n_presets;
  int bad_values;
} PresetScan;

static void
preset_value(const char* const symbol, void* const user, const void* const value,
             const uint32_t size, const uint32_t type)
{
  (void)type;
  PresetScan* const scan = (PresetScan*)user;
  const int index = pedal_defs_port_index(scan->def, symbol);
  if (index < 0 || size != sizeof(float)) {
    ++scan->bad_values;
    return;
  }
  const PedalPortDef* const port = &scan->def->ports[index];
  const float v = *(const float*)value;
  if (port->kind != PEDAL_PORT_CONTROL || !(v >= port->min && v <= port->max)) {
    fail("preset value %s = %g outside [%g, %g]", symbol, (double)v, (double)port->min,
         (double)port->max);
    ++scan->bad_values;
  }
}

static bool
port_is(const LilvPlugin* const p, const LilvPort* const port, const LilvNode* const cls)
{
  return lilv_port_is_a(p, port, cls);
}

static void
check_metadata(Ctx* const ctx, const LilvPlugin* const p, const PedalDef* const def)
{
  test_begin("%s metadata", def->slug);
  const uint32_t n = lilv_plugin_get_num_ports(p);
  if (n != def->n_ports) {
    fail("%u ports in the TTL, %zu in the table", n, def->n_ports);
    test_end();
    return;
  }
  float mins[32], maxs[32], defs[32];
  lilv_plugin_get_port_ranges_float(p, mins, maxs, defs);
  for (uint32_t i = 0; i < n; ++i) {
    const PedalPortDef* const want = &def->ports[i];
    const LilvPort* const port = lilv_plugin_get_port_by_index(p, i);
    const char* const sym = lilv_node_as_string(lilv_port_get_symbol(p, port));
    if (strcmp(sym, want->symbol) != 0) {
      fail("port %u symbol '%s', table '%s'", i, sym, want->symbol);
      continue;
    }
    const bool is_in = port_is(p, port, ctx->input), is_out = port_is(p, port, ctx->output);
    const bool is_audio = port_is(p, port, ctx->audio);
    const bool is_ctl = port_is(p, port, ctx->control);
    bool kind_ok = false;
    switch (want->kind) {
    case PEDAL_PORT_ENABLE:
    case PEDAL_PORT_CONTROL:
      kind_ok = is_in && is_ctl;
      break;
    case PEDAL_PORT_AUDIO_IN:
      kind_ok = is_in && is_audio;
      break;
    case PEDAL_PORT_AUDIO_OUT:
      kind_ok = is_out && is_audio;
      break;
    case PEDAL_PORT_LATENCY:
      kind_ok = is_out && is_ctl;
      break;
    }
    if (!kind_ok) {
      fail("port %s has the wrong direction or type", sym);
    }
    if (want->kind == PEDAL_PORT_ENABLE || want->kind == PEDAL_PORT_CONTROL) {
      if (mins[i] != want->min || maxs[i] != want->max || defs[i] != want->def) {
        fail("port %s range [%g, %g] default %g, table [%g, %g] default %g", sym, (double)mins[i],
             (double)maxs[i], (double)defs[i], (double)want->min, (double)want->max,
             (double)want->def);
      }
      LilvNodes* const names = lilv_port_get_value(p, port, ctx->json_name);
      const LilvNode* const name = names ? lilv_nodes_get_first(names) : NULL;
      if (!name || strcmp(lilv_node_as_string(name), want->json) != 0) {
        fail("port %s JSON name '%s', table '%s'", sym, name ? lilv_node_as_string(name) : "",
             want->json);
      }
      lilv_nodes_free(names);
      if (want->labels) {
        LilvScalePoints* const points = lilv_port_get_scale_points(p, port);
        size_t count = 0;
        LILV_FOREACH(scale_points, it, points)
        {
          const LilvScalePoint* const sp = lilv_scale_points_get(points, it);
          const int v = (int)lilv_node_as_float(lilv_scale_point_get_value(sp));
          const char* const label = lilv_node_as_string(lilv_scale_point_get_label(sp));
          if (v < 0 || !want->labels[v] || strcmp(want->labels[v], label) != 0) {
            fail("port %s scale point %d '%s' not in the table", sym, v, label);
          }
          ++count;
        }
        size_t want_count = 0;
        while (want->labels[want_count]) {
          ++want_count;
        }
        if (count != want_count) {
          fail("port %s has %zu scale points, table %zu", sym, count, want_count);
        }
        lilv_scale_points_free(points);
      }
    }
  }
  // Designations: port 0 is lv2:enabled; the latency port, if any, is the latency port.
  const LilvPort* const en = lilv_plugin_get_port_by_designation(p, ctx->input, ctx->enabled);
  if (!en || lilv_port_get_index(p, en) != 0) {
    fail("no lv2:enabled input at index 0");
  }
  const int lat_index = pedal_defs_port_index(def, "latency");
  if (lat_index >= 0) {
    if (!lilv_plugin_has_latency(p) ||
        lilv_plugin_get_latency_port_index(p) != (uint32_t)lat_index) {
      fail("latency port %d not reported by lilv", lat_index);
    }
  } else if (lilv_plugin_has_latency(p)) {
    fail("reports latency but the table has no latency port");
  }
  // No required features: lv2file, lv2apply and simple hosts give none.
  LilvNodes* const req = lilv_plugin_get_required_features(p);
  if (lilv_nodes_size(req) != 0) {
    fail("%u required features", lilv_nodes_size(req));
  }
  lilv_nodes_free(req);
  // Plugin JSON name.
  LilvNodes* const pname = lilv_plugin_get_value(p, ctx->json_name);
  if (!pname || strcmp(lilv_node_as_string(lilv_nodes_get_first(pname)), def->json) != 0) {
    fail("plugin JSON name differs from '%s'", def->json);
  }
  lilv_nodes_free(pname);
  // Presets: at least two, every value in range.
  PresetScan scan = {def, 0, 0};
  LilvNodes* const presets = lilv_plugin_get_related(p, ctx->preset);
  LILV_FOREACH(nodes, it, presets)
  {
    const LilvNode* const preset = lilv_nodes_get(presets, it);
    lilv_world_load_resource(ctx->world, preset);
    LilvState* const state = lilv_state_new_from_world(ctx->world, &ctx->map, preset);
    if (!state) {
      fail("preset %s does not load", lilv_node_as_string(preset));
      continue;
    }
    lilv_state_emit_port_values(state, preset_value, &scan);
    lilv_state_free(state);
    ++scan.n_presets;
  }
  lilv_nodes_free(presets);
  if (scan.n_presets < 2) {
    fail("%d presets, want >= 2", scan.n_presets);
  }
  test_end();
}

/// The generated enums (pedal_ports.h) against the installed TTL, one test for all.
static void
check_enums(Ctx* const ctx, const LilvPlugins* const plugins)
{
  test_begin("generated port enums match the TTL");
  int count = 0;
#define CHECK_ENUM(def_index, symbol, value)                                                       \
  do {                                                                                             \
    char uri_[256];                                                                                \
    snprintf(uri_, sizeof uri_, "%s%s", PEDAL_URI_BASE, pedal_defs[def_index].slug);               \
    LilvNode* const u_ = lilv_new_uri(ctx->world, uri_);                                           \
    const LilvPlugin* const p_ = lilv_plugins_get_by_uri(plugins, u_);                             \
    LilvNode* const s_ = lilv_new_string(ctx->world, symbol);                                      \
    const LilvPort* const port_ = p_ ? lilv_plugin_get_port_by_symbol(p_, s_) : NULL;              \
    if (!port_ || lilv_port_get_index(p_, port_) != (uint32_t)(value)) {                           \
      fail("%s: enum for '%s' is %d, TTL index %d", uri_, symbol, (int)(value),                    \
           port_ ? (int)lilv_port_get_index(p_, port_) : -1);                                      \
    }                                                                                              \
    lilv_node_free(s_);                                                                            \
    lilv_node_free(u_);                                                                            \
    ++count;                                                                                       \
  } while (0);
  PEDAL_PORT_ENUMS(CHECK_ENUM)
#undef CHECK_ENUM
  if (count == 0) {
    fail("no enums");
  }
  test_end();
}

// ---------------------------------------------------------------------------------------------
// Running

#define MAX_FRAMES (96000u * 3u)

typedef struct {
  const LilvPlugin* plugin;
  const PedalDef* def;
  double rate;
  float controls[32]; ///< value of each control input (index = port index)
  float latency_out;  ///< latency output port
  uint32_t in_port;
  uint32_t out_port;
} Rig;

/// Runs `n` frames of `in` through a fresh instance into `out` (which may equal `in`), with
/// the given block schedule (cycled; 0-terminated). Returns heap calls inside run(), or -1.
static long
run_plugin(Rig* const rig, const float* const in, float* const out, const uint32_t n,
           const uint32_t* const schedule, const float* const controls_after,
           const uint32_t switch_at)
{
  LilvInstance* const inst = lilv_plugin_instantiate(rig->plugin, rig->rate, NULL);
  if (!inst) {
    fail("instantiate at %.0f Hz failed", rig->rate);
    return -1;
  }
  float controls[32];
  memcpy(controls, rig->controls, sizeof controls);
  for (uint32_t i = 0; i < rig->def->n_ports; ++i) {
    const PedalPortKind kind = rig->def->ports[i].kind;
    if (kind == PEDAL_PORT_ENABLE || kind == PEDAL_PORT_CONTROL) {
      lilv_instance_connect_port(inst, i, &controls[i]);
    } else if (kind == PEDAL_PORT_LATENCY) {
      lilv_instance_connect_port(inst, i, &rig->latency_out);
    }
  }
  lilv_instance_activate(inst);
  const long before = heap_calls;
  uint32_t done = 0, k = 0;
  while (done < n) {
    uint32_t len = schedule[k];
    k = schedule[k + 1] ? k + 1 : 0;
    if (len > n - done) {
      len = n - done;
    }
    if (controls_after && done >= switch_at) {
      memcpy(controls, controls_after, sizeof controls);
    }
    lilv_instance_connect_port(inst, rig->in_port, (void*)(uintptr_t)(in + done));
    lilv_instance_connect_port(inst, rig->out_port, out + done);
    in_run = 1;
    lilv_instance_run(inst, len);
    in_run = 0;
    done += len;
  }
  const long calls = heap_calls - before;
  lilv_instance_deactivate(inst);
  lilv_instance_free(inst);
  return calls;
}

static uint32_t rng_state = 12345u;

static float
noise(void)
{
  rng_state = rng_state * 1664525u + 1013904223u;
  return (float)((int32_t)rng_state) * (1.0f / 2147483648.0f);
}

/// A guitar-like test signal: 220 Hz at -12 dBFS with harmonics, a 3 kHz partial, noise.
static void
fill_music(float* const buf, const uint32_t n, const double rate, const float gain)
{
  for (uint32_t i = 0; i < n; ++i) {
    const double t = (double)i / rate;
    const double env = 0.6 + 0.4 * sin(2.0 * M_PI * 1.5 * t);
    const double v = 0.25 * sin(2.0 * M_PI * 220.0 * t) + 0.08 * sin(2.0 * M_PI * 660.0 * t) +
                     0.03 * sin(2.0 * M_PI * 3000.0 * t);
    buf[i] = gain * (float)(env * v) + 0.003f * noise();
  }
}

static float
peak(const float* const buf, const uint32_t n)
{
  float p = 0.0f;
  for (uint32_t i = 0; i < n; ++i) {
    const float a = fabsf(buf[i]);
    if (!(a <= p)) {
      p = a; // NaN propagates
    }
  }
  return p;
}

static double
rms(const float* const buf, const uint32_t n)
{
  double s = 0.0;
  for (uint32_t i = 0; i < n; ++i) {
    s += (double)buf[i] * buf[i];
  }
  return n ? sqrt(s / n) : 0.0;
}

static uint32_t
count_nonfinite(const float* const buf, const uint32_t n)
{
  uint32_t c = 0;
  for (uint32_t i = 0; i < n; ++i) {
    c += !isfinite(buf[i]);
  }
  return c;
}

static void
defaults(Rig* const rig)
{
  for (uint32_t i = 0; i < rig->def->n_ports; ++i) {
    rig->controls[i] = rig->def->ports[i].def;
  }
}

static const uint32_t sched_1[] = {1, 0};
static const uint32_t sched_64[] = {64, 0};
static const uint32_t sched_128[] = {128, 0};
static const uint32_t sched_ragged[] = {1, 7, 64, 3, 128, 33, 2, 100, 31, 17, 256, 5, 0};

static float buf_in[MAX_FRAMES];
static float buf_ref[MAX_FRAMES];
static float buf_out[MAX_FRAMES];

static void
check_blocks(Rig* const rig)
{
  test_begin("%s @%.0f: block sizes 1/64/128/ragged, in place, no heap in run()", rig->def->slug,
             rig->rate);
  const uint32_t n = (uint32_t)(rig->rate / 2); // 0.5 s
  defaults(rig);
  fill_music(buf_in, n, rig->rate, 1.0f);
  long calls = run_plugin(rig, buf_in, buf_ref, n, sched_64, NULL, 0);
  if (count_nonfinite(buf_ref, n) || rms(buf_ref, n) < 1e-4) {
    fail("64-frame output is not finite or silent (rms %g)", rms(buf_ref, n));
  }
  const uint32_t* const scheds[] = {sched_1, sched_128, sched_ragged};
  const char* const names[] = {"1", "128", "ragged"};
  for (int s = 0; s < 3; ++s) {
    calls += run_plugin(rig, buf_in, buf_out, n, scheds[s], NULL, 0);
    float worst = 0.0f;
    for (uint32_t i = 0; i < n; ++i) {
      worst = fmaxf(worst, fabsf(buf_out[i] - buf_ref[i]));
    }
    if (!(worst <= 1e-6f)) {
      fail("block size %s differs from 64 by up to %g", names[s], (double)worst);
    }
  }
  // In place: the input buffer is the output buffer (as Ardour does).
  memcpy(buf_out, buf_in, n * sizeof *buf_out);
  calls += run_plugin(rig, buf_out, buf_out, n, sched_ragged, NULL, 0);
  float worst = 0.0f;
  for (uint32_t i = 0; i < n; ++i) {
    worst = fmaxf(worst, fabsf(buf_out[i] - buf_ref[i]));
  }
  if (!(worst <= 1e-6f)) {
    fail("in-place output differs from out-of-place by up to %g", (double)worst);
  }
  if (calls != 0) {
    fail("%ld heap calls inside run()", calls);
  }
  test_end();
}

static void
check_hostile(Rig* const rig)
{
  test_begin("%s @%.0f: NaN, inf, denormal and full-scale input", rig->def->slug, rig->rate);
  defaults(rig);
  const uint32_t seg = (uint32_t)(rig->rate / 10);
  const uint32_t n = 8 * seg;
  fill_music(buf_in, n, rig->rate, 1.0f);
  for (uint32_t i = seg; i < seg + 64; ++i) {
    buf_in[i] = NAN;
  }
  for (uint32_t i = seg + 64; i < seg + 128; ++i) {
    buf_in[i] = (i & 1) ? INFINITY : -INFINITY;
  }
  for (uint32_t i = 2 * seg; i < 3 * seg; ++i) {
    buf_in[i] = (i & 1) ? 1e-40f : -1e-42f; // subnormal floats
  }
  for (uint32_t i = 3 * seg; i < 5 * seg; ++i) {
    buf_in[i] = ((i / 37) & 1) ? 1.0f : -1.0f; // full-scale square
  }
  for (uint32_t i = 5 * seg; i < 6 * seg; ++i) {
    buf_in[i] = noise(); // full-scale noise
  }
  const long calls = run_plugin(rig, buf_in, buf_out, n, sched_ragged, NULL, 0);
  const uint32_t bad = count_nonfinite(buf_out, n);
  if (bad) {
    fail("%u non-finite output samples", bad);
  }
  const float pk = peak(buf_out, n);
  if (!(pk < 15.85f)) {
    fail("peak %.1f dBFS >= +24 dBFS", 20.0 * log10(pk));
  }
  if (rms(buf_out + 7 * seg, seg) < 1e-4) {
    fail("silent after the hostile input (no recovery)");
  }
  if (calls != 0) {
    fail("%ld heap calls inside run()", calls);
  }
  test_end();
}

/// Runs full-scale input with the given control values (then switches to `after` halfway),
/// then silence, and checks finiteness, the +24 dBFS bound and that the tail does not grow.
static void
run_extreme(Rig* const rig, const float* const after, const char* const what)
{
  const uint32_t loud = (uint32_t)(rig->rate * 0.4);
  const uint32_t quiet = (uint32_t)(rig->rate * 1.6);
  const uint32_t n = loud + quiet;
  for (uint32_t i = 0; i < loud; ++i) {
    const double t = (double)i / rig->rate;
    buf_in[i] = i < loud / 2 ? (float)sin(2.0 * M_PI * 997.0 * t) : noise();
  }
  memset(buf_in + loud, 0, quiet * sizeof *buf_in);
  const long calls = run_plugin(rig, buf_in, buf_out, n, sched_128, after, loud / 4);
  const uint32_t bad = count_nonfinite(buf_out, n);
  if (bad) {
    fail("%s: %u non-finite output samples", what, bad);
    return;
  }
  const float pk = peak(buf_out, n);
  if (!(pk < 15.85f)) {
    fail("%s: peak %.1f dBFS >= +24 dBFS", what, 20.0 * log10(pk));
  }
  const uint32_t w = (uint32_t)(rig->rate * 0.25);
  const double head = rms(buf_out + loud, w), tail = rms(buf_out + n - w, w);
  if (!(tail <= head * 1.0001 + 1e-9)) {
    fail("%s: output grows after the input stops (%.1f -> %.1f dBFS rms)", what,
         20.0 * log10(head + 1e-30), 20.0 * log10(tail + 1e-30));
  }
  if (calls != 0) {
    fail("%s: %ld heap calls inside run()", what, calls);
  }
}

static void
check_extremes(Rig* const rig)
{
  test_begin("%s @%.0f: every control at min and max, bounded and decaying", rig->def->slug,
             rig->rate);
  const PedalDef* const def = rig->def;
  float lo[32], hi[32];
  defaults(rig);
  memcpy(lo, rig->controls, sizeof lo);
  memcpy(hi, rig->controls, sizeof hi);
  for (uint32_t i = 1; i < def->n_ports; ++i) {
    if (def->ports[i].kind == PEDAL_PORT_CONTROL) {
      lo[i] = def->ports[i].min;
      hi[i] = def->ports[i].max;
    }
  }
  char what[128];
  // All at min, all at max, min -> max and max -> min in the middle of the run.
  memcpy(rig->controls, lo, sizeof lo);
  run_extreme(rig, NULL, "all min");
  memcpy(rig->controls, hi, sizeof hi);
  run_extreme(rig, NULL, "all max");
  memcpy(rig->controls, lo, sizeof lo);
  run_extreme(rig, hi, "all min -> max");
  memcpy(rig->controls, hi, sizeof hi);
  run_extreme(rig, lo, "all max -> min");
  // One control at a time at its extremes, the others at their defaults.
  for (uint32_t i = 1; i < def->n_ports; ++i) {
    if (def->ports[i].kind != PEDAL_PORT_CONTROL) {
      continue;
    }
    defaults(rig);
    rig->controls[i] = def->ports[i].min;
    snprintf(what, sizeof what, "%s min", def->ports[i].symbol);
    run_extreme(rig, NULL, what);
    defaults(rig);
    rig->controls[i] = def->ports[i].max;
    snprintf(what, sizeof what, "%s max", def->ports[i].symbol);
    run_extreme(rig, NULL, what);
  }
  test_end();
}

/// The heap counter must see calls made from another shared object (as the plugin is).
static void
check_heap_counter(void)
{
  test_begin("heap counter sees allocations made inside a shared library");
  const long before = heap_calls;
  in_run = 1;
  char* volatile s = strdup("rtjam"); // libc's strdup calls malloc through the PLT
  free(s);
  in_run = 0;
  if (heap_calls - before < 2) {
    fail("counted %ld calls for strdup + free, want >= 2", heap_calls - before);
  }
  test_end();
}

int
main(int argc, char** argv)
{
  heap_hooks_install();
  check_heap_counter();

  Ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.world = lilv_world_new();
  lilv_world_load_all(ctx.world);
  ctx.input = lilv_new_uri(ctx.world, LV2_CORE__InputPort);
  ctx.output = lilv_new_uri(ctx.world, LV2_CORE__OutputPort);
  ctx.audio = lilv_new_uri(ctx.world, LV2_CORE__AudioPort);
  ctx.control = lilv_new_uri(ctx.world, LV2_CORE__ControlPort);
  ctx.json_name = lilv_new_uri(ctx.world, PEDAL_NS "jsonName");
  ctx.enabled = lilv_new_uri(ctx.world, LV2_CORE__enabled);
  ctx.latency = lilv_new_uri(ctx.world, LV2_CORE__latency);
  ctx.preset = lilv_new_uri(ctx.world, "http://lv2plug.in/ns/ext/presets#Preset");
  ctx.map.handle = &ctx.urids;
  ctx.map.map = urid_map;
  ctx.unmap.handle = &ctx.urids;
  ctx.unmap.unmap = urid_unmap;

  const LilvPlugins* const plugins = lilv_world_get_all_plugins(ctx.world);

  // Every pedal of the table must be found (the bundle may hold other plugins, e.g. rtjam-net).
  test_begin("lilv finds every pedal of the table (LV2_PATH)");
  for (size_t d = 0; d < pedal_defs_count; ++d) {
    char uri[256];
    snprintf(uri, sizeof uri, "%s%s", PEDAL_URI_BASE, pedal_defs[d].slug);
    LilvNode* const node = lilv_new_uri(ctx.world, uri);
    if (!lilv_plugins_get_by_uri(plugins, node)) {
      fail("lilv does not find %s (LV2_PATH=%s)", uri,
           getenv("LV2_PATH") ? getenv("LV2_PATH") : "(unset)");
    }
    lilv_node_free(node);
  }
  test_end();
  check_enums(&ctx, plugins);

  static const double rates[] = {44100.0, 48000.0, 96000.0};
  for (size_t d = 0; d < pedal_defs_count; ++d) {
    const PedalDef* const def = &pedal_defs[d];
    if (argc > 1) {
      bool wanted = false;
      for (int a = 1; a < argc; ++a) {
        wanted |= !strcmp(argv[a], def->slug);
      }
      if (!wanted) {
        continue;
      }
    }
    char uri[256];
    snprintf(uri, sizeof uri, "%s%s", PEDAL_URI_BASE, def->slug);
    LilvNode* const node = lilv_new_uri(ctx.world, uri);
    const LilvPlugin* const p = lilv_plugins_get_by_uri(plugins, node);
    lilv_node_free(node);
    if (!p) {
      test_begin("%s found", def->slug);
      fail("lilv does not find %s", uri);
      test_end();
      continue;
    }
    check_metadata(&ctx, p, def);
    Rig rig;
    memset(&rig, 0, sizeof rig);
    rig.plugin = p;
    rig.def = def;
    rig.in_port = (uint32_t)pedal_defs_port_index(def, "in");
    rig.out_port = (uint32_t)pedal_defs_port_index(def, "out");
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; ++r) {
      rig.rate = rates[r];
      check_blocks(&rig);
      check_hostile(&rig);
      check_extremes(&rig);
    }
  }

  lilv_node_free(ctx.input);
  lilv_node_free(ctx.output);
  lilv_node_free(ctx.audio);
  lilv_node_free(ctx.control);
  lilv_node_free(ctx.json_name);
  lilv_node_free(ctx.enabled);
  lilv_node_free(ctx.latency);
  lilv_node_free(ctx.preset);
  lilv_world_free(ctx.world);
  for (uint32_t i = 0; i < ctx.urids.n; ++i) {
    free(ctx.urids.uris[i]);
  }
  printf("%d passed, %d failed\n", n_passed, n_failed);
  return n_failed ? 1 : 0;
}
