// SPDX-License-Identifier: ISC
/// The LV2 glue shared by every pedal: ports, smoothing, sub-blocks, in-place safety, input
/// and output guards, bypass crossfade and latency alignment (see pedal.h for the contract).

#include "pedal_lv2.h"

#include "dsp/denormal.h"
#include "dsp/onepole.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ttl/pedal_defs.h"

#include <lv2/core/lv2.h>
#include <lv2/core/lv2_util.h>
#include <lv2/log/log.h>
#include <lv2/log/logger.h>
#include <lv2/urid/urid.h>

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/// Ports per pedal that the glue can handle.
#define MAX_PORTS PEDAL_MAX_PORTS

/// Dry-path delay ring for pedals with latency, frames (a power of two > PEDAL_MAX_LATENCY).
#define DRY_RING 128u

typedef struct {
  const PedalClass* cls; ///< the pedal's DSP
  const PedalDef* def;   ///< the pedal's ports
  void* dsp;             ///< DSP state from cls->create()
  double rate;           ///< sample rate, Hz

  void* ports[MAX_PORTS];        ///< connected buffers (NULL until connected)
  DspSmoother smooth[MAX_PORTS]; ///< per-control smoother (unused for audio ports)
  float params[MAX_PORTS];       ///< values handed to the DSP (smoothed, clamped)
  uint32_t in_port;              ///< index of the audio input
  uint32_t out_port;             ///< index of the audio output
  int32_t latency_port;          ///< index of the latency output, or -1

  uint32_t latency;      ///< DSP latency, frames
  float mix;             ///< crossfade position: 0 = bypassed, 1 = on
  float mix_step;        ///< crossfade change per frame
  uint64_t frames;       ///< frames processed since activate(), for sub-block alignment
  bool first_run;        ///< the next run() snaps the smoothers and the crossfade
  bool dsp_live;         ///< the DSP state is current (false after a full bypass)
  uint32_t resets;       ///< times a faulty output reset the DSP (diagnostic)
  LV2_Log_Logger logger; ///< the host's log:log, or stderr when it gives none (non-RT only)

  float dry[PEDAL_BLOCK];   ///< guarded copy of the input sub-block
  float wet[PEDAL_BLOCK];   ///< DSP output of the sub-block
  float dry_ring[DRY_RING]; ///< dry history for latency alignment
  uint32_t dry_pos;         ///< next write index into dry_ring
} PedalInstance;

/// Sets up `logger` on the host's log:log feature; without it (or without urid:map, which the
/// log's message types need) lv2_log_*() print to stderr.
static void
init_logger(LV2_Log_Logger* const logger, const LV2_Feature* const* const features)
{
  LV2_URID_Map* map = NULL;
  LV2_Log_Log* log = NULL;
  lv2_features_query(features, LV2_URID__map, &map, false, LV2_LOG__log, &log, false, NULL);
  lv2_log_logger_init(logger, map, map ? log : NULL);
}

LV2_Handle
pedal_lv2_instantiate(const LV2_Descriptor* const descriptor, const double rate,
                      const char* const bundle_path, const LV2_Feature* const* const features)
{
  (void)bundle_path;
  LV2_Log_Logger logger; // every feature is optional: log:log and urid:map only for messages
  init_logger(&logger, features);
  if (!(rate >= 8000.0 && rate <= 384000.0)) {
    lv2_log_error(&logger, "%s: sample rate %g Hz is outside 8000..384000 Hz\n", descriptor->URI,
                  rate);
    return NULL;
  }
  const size_t base_len = strlen(PEDAL_URI_BASE);
  const PedalDef* const def = strncmp(descriptor->URI, PEDAL_URI_BASE, base_len) == 0
                                  ? pedal_defs_find(descriptor->URI + base_len)
                                  : NULL;
  if (!def || def->n_ports > MAX_PORTS) {
    lv2_log_error(&logger, "%s: not a pedal of this bundle\n", descriptor->URI);
    return NULL;
  }
  const PedalClass* const cls = pedal_classes[def - pedal_defs];

  PedalInstance* const self = calloc(1, sizeof *self);
  if (!self) {
    lv2_log_error(&logger, "%s: out of memory\n", descriptor->URI);
    return NULL;
  }
  self->logger = logger;
  self->cls = cls;
  self->def = def;
  self->rate = rate;
  self->latency_port = -1;
  self->dsp = cls->create(rate);
  if (!self->dsp) {
    lv2_log_error(&logger, "%s: out of memory for the DSP state at %g Hz\n", descriptor->URI, rate);
    free(self);
    return NULL;
  }
  self->latency = cls->latency ? cls->latency(self->dsp) : 0;
  if (self->latency > PEDAL_MAX_LATENCY) {
    lv2_log_error(&logger, "%s: latency %u frames exceeds %u\n", descriptor->URI,
                  (unsigned)self->latency, PEDAL_MAX_LATENCY);
    cls->destroy(self->dsp);
    free(self);
    return NULL;
  }
  for (uint32_t i = 0; i < def->n_ports; ++i) {
    const PedalPortDef* const port = &def->ports[i];
    switch (port->kind) {
    case PEDAL_PORT_ENABLE:
    case PEDAL_PORT_CONTROL:
      // One smoother step per sub-block: the time constant is in units of sub-blocks.
      dsp_smoother_init(&self->smooth[i], port->smooth_ms, rate / PEDAL_BLOCK, port->def);
      dsp_smoother_set_epsilon(&self->smooth[i], 1e-5 * (port->max - port->min));
      self->params[i] = port->def;
      break;
    case PEDAL_PORT_AUDIO_IN:
      self->in_port = i;
      break;
    case PEDAL_PORT_AUDIO_OUT:
      self->out_port = i;
      break;
    case PEDAL_PORT_LATENCY:
      self->latency_port = (int32_t)i;
      break;
    }
  }
  self->mix_step = (float)(1.0 / (PEDAL_BYPASS_MS * 1e-3 * rate));
  self->first_run = true;
  return (LV2_Handle)self;
}

void
pedal_lv2_connect_port(const LV2_Handle instance, const uint32_t port, void* const data)
{
  PedalInstance* const self = (PedalInstance*)instance;
  if (port < self->def->n_ports) {
    self->ports[port] = data;
  }
}

void
pedal_lv2_activate(const LV2_Handle instance)
{
  PedalInstance* const self = (PedalInstance*)instance;
  // Ports may not be connected yet (ecosystem.md §2.12): only flag, read them in run().
  self->first_run = true;
  self->frames = 0;
  self->dsp_live = false;
  self->dry_pos = 0;
  memset(self->dry_ring, 0, sizeof self->dry_ring);
}

void
pedal_lv2_deactivate(const LV2_Handle instance)
{
  (void)instance;
}

void
pedal_lv2_cleanup(const LV2_Handle instance)
{
  PedalInstance* const self = (PedalInstance*)instance;
  if (self) {
    self->cls->destroy(self->dsp);
    free(self);
  }
}

const void*
pedal_lv2_extension_data(const char* const uri)
{
  (void)uri;
  return NULL;
}

/// Reads the control ports into the smoothers' targets (NaN/inf -> default, clamped, enums and
/// toggles rounded). Snaps them when `snap`.
JAM_REALTIME static void
read_controls(PedalInstance* const self, const bool snap)
{
  const PedalDef* const def = self->def;
  for (uint32_t i = 0; i < def->n_ports; ++i) {
    const PedalPortDef* const port = &def->ports[i];
    if (port->kind != PEDAL_PORT_CONTROL && port->kind != PEDAL_PORT_ENABLE) {
      continue;
    }
    const float* const buf = (const float*)self->ports[i];
    float v = buf ? *buf : port->def;
    if (!isfinite(v)) {
      v = port->def;
    }
    if (port->kind == PEDAL_PORT_ENABLE) {
      v = v >= 0.5f ? 1.0f : 0.0f; // hosts may send any float for a toggle
    } else if (port->flags & (PEDAL_FLAG_INTEGER | PEDAL_FLAG_ENUM | PEDAL_FLAG_TOGGLED)) {
      v = roundf(v);
    }
    v = v < port->min ? port->min : v > port->max ? port->max : v;
    if (snap || port->smooth_ms <= 0.0f) {
      dsp_smoother_snap(&self->smooth[i], v);
      self->params[i] = v;
    } else {
      dsp_smoother_set_target(&self->smooth[i], v);
    }
  }
}

/// Advances every smoother by one sub-block.
JAM_REALTIME static void
step_controls(PedalInstance* const self)
{
  const PedalDef* const def = self->def;
  for (uint32_t i = 0; i < def->n_ports; ++i) {
    const PedalPortKind kind = def->ports[i].kind;
    if ((kind == PEDAL_PORT_CONTROL || kind == PEDAL_PORT_ENABLE) &&
        !dsp_smoother_is_settled(&self->smooth[i])) {
      self->params[i] = dsp_smoother_next(&self->smooth[i]);
    }
  }
}

/// Copies n input frames into self->dry with NaN/inf -> 0 and clamping; a NULL input is silence.
JAM_REALTIME static void
guard_input(PedalInstance* const self, const float* const in, const uint32_t n)
{
  if (!in) {
    memset(self->dry, 0, n * sizeof self->dry[0]);
    return;
  }
  dsp_clean_copy(n, in, self->dry, PEDAL_INPUT_LIMIT);
}

/// Replaces self->dry with the dry signal delayed by the pedal's latency (in place).
JAM_REALTIME static void
delay_dry(PedalInstance* const self, const uint32_t n)
{
  const uint32_t lat = self->latency;
  uint32_t pos = self->dry_pos;
  for (uint32_t i = 0; i < n; ++i) {
    self->dry_ring[pos] = self->dry[i];
    self->dry[i] = self->dry_ring[(pos - lat) & (DRY_RING - 1u)];
    pos = (pos + 1u) & (DRY_RING - 1u);
  }
  self->dry_pos = pos;
}

void
pedal_lv2_run(const LV2_Handle instance, const uint32_t n_samples)
{
  PedalInstance* const self = (PedalInstance*)instance;
  DspFtzGuard ftz;
  dsp_ftz_begin(&ftz);

  const bool first = self->first_run;
  read_controls(self, first);
  const float enable = self->params[0]; // port 0 is lv2:enabled, never smoothed
  if (first) {
    self->first_run = false;
    self->mix = enable;
  }
  if (self->latency_port >= 0 && self->ports[self->latency_port]) {
    *(float*)self->ports[self->latency_port] = (float)self->latency;
  }

  const float* const in = (const float*)self->ports[self->in_port];
  float* const out = (float*)self->ports[self->out_port];
  uint32_t done = 0;
  while (done < n_samples) {
    const uint32_t phase = (uint32_t)(self->frames % PEDAL_BLOCK);
    if (phase == 0 && self->frames > 0) {
      step_controls(self);
    }
    uint32_t len = PEDAL_BLOCK - phase;
    if (len > n_samples - done) {
      len = n_samples - done;
    }

    // Read the whole sub-block before writing any output: in and out may be one buffer.
    guard_input(self, in ? in + done : NULL, len);
    const bool run_dsp = self->mix > 0.0f || enable > 0.0f;
    if (run_dsp) {
      if (!self->dsp_live) {
        self->cls->reset(self->dsp, self->params);
        self->dsp_live = true;
      }
      self->cls->process(self->dsp, self->params, self->dry, self->wet, len);
      // NaN, inf or a runaway (|w| > PEDAL_OUTPUT_LIMIT): reset, and silence for this block.
      if (dsp_count_out_of_range(len, self->wet, PEDAL_OUTPUT_LIMIT) != 0) {
        self->cls->reset(self->dsp, self->params);
        memset(self->wet, 0, len * sizeof self->wet[0]);
        ++self->resets;
      }
    } else {
      self->dsp_live = false; // fully bypassed: the state goes stale, reset on re-enable
    }
    if (self->latency) {
      delay_dry(self, len);
    }

    if (out) {
      float mix = self->mix;
      if (!run_dsp) {
        memcpy(out + done, self->dry, len * sizeof *out);
      } else if (mix == 1.0f && enable == 1.0f) {
        memcpy(out + done, self->wet, len * sizeof *out);
      } else {
        const float step = enable > mix ? self->mix_step : -self->mix_step;
        for (uint32_t i = 0; i < len; ++i) {
          mix += step;
          mix = step > 0.0f ? (mix > enable ? enable : mix) : (mix < enable ? enable : mix);
          out[done + i] = self->dry[i] + mix * (self->wet[i] - self->dry[i]);
        }
        self->mix = mix;
      }
    } else if (run_dsp && self->mix != enable) {
      // No output connected: still move the crossfade on.
      const float delta = self->mix_step * (float)len;
      self->mix =
          enable > self->mix ? fminf(enable, self->mix + delta) : fmaxf(enable, self->mix - delta);
    }
    done += len;
    self->frames += len;
  }
  dsp_ftz_end(&ftz);
}
