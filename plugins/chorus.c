// SPDX-License-Identifier: ISC
/// Chorus (pedals_spec.md §2.10, R's version with an interpolated read, §5 item 15):
/// y = (1 - depth/2)·x + depth·x(t - D·(1 + A·sin φ)), no feedback. A = 10^(drift/20) minus
/// the value at the knob's minimum, so the minimum is a static delay. The delay is read with
/// cubic interpolation, so the modulation is smooth rather than grainy.

#include "dsp/db.h"
#include "dsp/delayline.h"
#include "dsp/lfo.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <stdint.h>
#include <stdlib.h>

/// Longest delay, s: 20 ms · (1 + 0.5) plus margin.
#define CHORUS_MAX_S 0.04

typedef struct {
  double rate;       ///< sample rate, Hz
  float* buf;        ///< delay memory
  DspDelayLine line; ///< ring over buf
  DspLfo lfo;        ///< unit sine
  PedalRamp time;    ///< centre delay, samples
  PedalRamp depth;   ///< modulation depth A (fraction of the delay)
  PedalRamp wet;     ///< wet gain (depth knob)
} Chorus;

static void
chorus_destroy(void* const dsp)
{
  Chorus* const self = (Chorus*)dsp;
  if (self) {
    free(self->buf);
    free(self);
  }
}

static void*
chorus_create(const double rate)
{
  Chorus* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->rate = rate;
  const size_t size = dsp_delayline_size_for((size_t)(CHORUS_MAX_S * rate) + 4u);
  self->buf = calloc(size, sizeof *self->buf);
  if (!self->buf || !dsp_delayline_init(&self->line, self->buf, size)) {
    chorus_destroy(self);
    return NULL;
  }
  dsp_lfo_init(&self->lfo, DSP_LFO_SINE, 1.0, 1.0f, rate);
  return self;
}

static float
drift_depth(const float drift_db)
{
  const float a = dsp_db_to_gain(drift_db) - dsp_db_to_gain(-50.0f);
  return a > 0.0f ? a : 0.0f;
}

JAM_REALTIME static void
chorus_reset(void* const dsp, const float* const params)
{
  Chorus* const self = (Chorus*)dsp;
  dsp_delayline_clear(&self->line);
  dsp_lfo_set_phase(&self->lfo, 0.0);
  dsp_lfo_set_rate(&self->lfo, params[PEDAL_CHORUS_RATE], self->rate);
  pedal_ramp_snap(&self->time, (float)(params[PEDAL_CHORUS_DURATION] * 1e-3 * self->rate));
  pedal_ramp_snap(&self->depth, drift_depth(params[PEDAL_CHORUS_DRIFT]));
  pedal_ramp_snap(&self->wet, params[PEDAL_CHORUS_DEPTH]);
}

JAM_REALTIME static void
chorus_process(void* const dsp, const float* const params, const float* const in, float* const out,
               const uint32_t n)
{
  Chorus* const self = (Chorus*)dsp;
  dsp_lfo_set_rate(&self->lfo, params[PEDAL_CHORUS_RATE], self->rate);
  float time[PEDAL_BLOCK], depth[PEDAL_BLOCK], wet[PEDAL_BLOCK];
  pedal_ramp_fill(&self->time, (float)(params[PEDAL_CHORUS_DURATION] * 1e-3 * self->rate), n, time);
  pedal_ramp_fill(&self->depth, drift_depth(params[PEDAL_CHORUS_DRIFT]), n, depth);
  pedal_ramp_fill(&self->wet, params[PEDAL_CHORUS_DEPTH], n, wet);
  for (uint32_t i = 0; i < n; ++i) {
    dsp_delayline_write(&self->line, in[i]);
    const double d = (double)time[i] * (1.0 + (double)(depth[i] * dsp_lfo_next(&self->lfo)));
    const float tap = dsp_delayline_read_cubic(&self->line, d);
    out[i] = (1.0f - 0.5f * wet[i]) * in[i] + wet[i] * tap;
  }
}

const PedalClass pedal_chorus_class = {
    .create = chorus_create,
    .destroy = chorus_destroy,
    .reset = chorus_reset,
    .process = chorus_process,
};
