// SPDX-License-Identifier: ISC
/// Delay (pedals_spec.md §2.9, "better" version): a fractional (cubic) read at
/// D·(1 + A·sin φ), y = x + level·tap, and a feedback loop buf = x + clip(0.98·fb·F(tap)) with
/// a Butterworth (Q 0.707, never above 0 dB) loop filter F and a tanh soft clip, so the loop
/// gain stays below 1 and the repeats stay bounded at any setting (§5 item 10).
///
/// A = 10^(drift/20) - 10^(-60/20): the drift knob's minimum turns the modulation off, so the
/// delay is exact to the sample there. The time glides (smoothed by the glue, then ramped per
/// sample), like a tape delay, instead of jumping.

#include "dsp/biquad.h"
#include "dsp/clip.h"
#include "dsp/db.h"
#include "dsp/delayline.h"
#include "dsp/lfo.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/// Loop gain at feedback 1: keeps the loop (whose filter peaks at 0 dB) decaying.
#define DELAY_LOOP_SCALE 0.98f
/// Longest delay the buffer holds, s: 500 ms · (1 + 0.056) plus interpolation margin.
#define DELAY_MAX_S 0.6

typedef struct {
  double rate;        ///< sample rate, Hz
  float* buf;         ///< delay memory
  DspDelayLine line;  ///< ring over buf
  DspBiquad filter;   ///< loop filter
  DspLfo lfo;         ///< unit sine for the drift
  PedalRamp time;     ///< delay time, samples
  PedalRamp depth;    ///< drift depth A (fraction of the time)
  PedalRamp feedback; ///< loop gain
  PedalRamp level;    ///< wet gain
  int mode;           ///< delayMode the filter was designed for, -1 = none
} Delay;

static void
delay_destroy(void* const dsp)
{
  Delay* const self = (Delay*)dsp;
  if (self) {
    free(self->buf);
    free(self);
  }
}

static void*
delay_create(const double rate)
{
  Delay* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->rate = rate;
  const size_t size = dsp_delayline_size_for((size_t)(DELAY_MAX_S * rate) + 4u);
  self->buf = calloc(size, sizeof *self->buf);
  if (!self->buf || !dsp_delayline_init(&self->line, self->buf, size)) {
    delay_destroy(self);
    return NULL;
  }
  dsp_biquad_init(&self->filter);
  dsp_lfo_init(&self->lfo, DSP_LFO_SINE, 1.0, 1.0f, rate);
  self->mode = -1;
  return self;
}

static float
drift_depth(const float drift_db)
{
  const float a = dsp_db_to_gain(drift_db) - dsp_db_to_gain(-60.0f);
  return a > 0.0f ? a : 0.0f;
}

JAM_REALTIME static void
set_mode(Delay* const self, const int mode, const unsigned ramp)
{
  DspBiquadCoefs c;
  switch (mode) {
  case 1: // Ana
    c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 1250.0, M_SQRT1_2, 0.0, self->rate);
    break;
  case 2: // HPF
    c = dsp_biquad_design(DSP_BIQUAD_HIGHPASS, 1250.0, M_SQRT1_2, 0.0, self->rate);
    break;
  default: // Dig
    c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 10000.0, M_SQRT1_2, 0.0, self->rate);
    break;
  }
  dsp_biquad_set_target(&self->filter, &c, ramp);
  self->mode = mode;
}

JAM_REALTIME static void
delay_reset(void* const dsp, const float* const params)
{
  Delay* const self = (Delay*)dsp;
  dsp_delayline_clear(&self->line);
  set_mode(self, (int)params[PEDAL_DELAY_DELAY_MODE], 0);
  dsp_biquad_reset(&self->filter);
  dsp_lfo_set_phase(&self->lfo, 0.0);
  dsp_lfo_set_rate(&self->lfo, params[PEDAL_DELAY_RATE], self->rate);
  pedal_ramp_snap(&self->time, (float)(params[PEDAL_DELAY_DURATION] * 1e-3 * self->rate));
  pedal_ramp_snap(&self->depth, drift_depth(params[PEDAL_DELAY_DRIFT]));
  pedal_ramp_snap(&self->feedback, params[PEDAL_DELAY_FEEDBACK] * DELAY_LOOP_SCALE);
  pedal_ramp_snap(&self->level, params[PEDAL_DELAY_LEVEL]);
}

JAM_REALTIME static void
delay_process(void* const dsp, const float* const params, const float* const in, float* const out,
              const uint32_t n)
{
  Delay* const self = (Delay*)dsp;
  const int mode = (int)params[PEDAL_DELAY_DELAY_MODE];
  if (mode != self->mode) {
    set_mode(self, mode, PEDAL_BLOCK);
  }
  dsp_lfo_set_rate(&self->lfo, params[PEDAL_DELAY_RATE], self->rate);
  float time[PEDAL_BLOCK], depth[PEDAL_BLOCK], fb[PEDAL_BLOCK], level[PEDAL_BLOCK];
  pedal_ramp_fill(&self->time, (float)(params[PEDAL_DELAY_DURATION] * 1e-3 * self->rate), n, time);
  pedal_ramp_fill(&self->depth, drift_depth(params[PEDAL_DELAY_DRIFT]), n, depth);
  pedal_ramp_fill(&self->feedback, params[PEDAL_DELAY_FEEDBACK] * DELAY_LOOP_SCALE, n, fb);
  pedal_ramp_fill(&self->level, params[PEDAL_DELAY_LEVEL], n, level);
  for (uint32_t i = 0; i < n; ++i) {
    const double d = (double)time[i] * (1.0 + (double)(depth[i] * dsp_lfo_next(&self->lfo)));
    // Read before writing this sample: delay d is the sample written d - 1 writes ago.
    const float tap = dsp_delayline_read_cubic(&self->line, d - 1.0);
    const float loop = dsp_clip_tanh(fb[i] * dsp_biquad_step(&self->filter, tap));
    dsp_delayline_write(&self->line, in[i] + loop);
    out[i] = in[i] + level[i] * tap;
  }
  dsp_biquad_guard(&self->filter);
}

const PedalClass pedal_delay_class = {
    .create = delay_create,
    .destroy = delay_destroy,
    .reset = delay_reset,
    .process = delay_process,
};
