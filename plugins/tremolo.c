// SPDX-License-Identifier: ISC
/// Tremelo (pedals_spec.md §2.8, "better" law): y = x·(1 - depth·(1 - sin φ)/2), so the gain
/// swings between 1 - depth and 1 and never rises above unity. Rate changes keep the phase;
/// depth is ramped per sample. The LFO starts at its peak (gain 1), so enabling is silent.

#include "dsp/lfo.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;     ///< sample rate, Hz
  DspLfo lfo;      ///< unit sine
  PedalRamp depth; ///< modulation depth 0..1
} Tremolo;

static void*
tremolo_create(const double rate)
{
  Tremolo* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    dsp_lfo_init(&self->lfo, DSP_LFO_SINE, 1.0, 1.0f, rate);
  }
  return self;
}

static void
tremolo_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
tremolo_reset(void* const dsp, const float* const params)
{
  Tremolo* const self = (Tremolo*)dsp;
  dsp_lfo_set_phase(&self->lfo, 0.25); // sin = 1: unity gain at the start
  dsp_lfo_set_rate(&self->lfo, params[PEDAL_TREMELO_RATE], self->rate);
  pedal_ramp_snap(&self->depth, params[PEDAL_TREMELO_DEPTH]);
}

JAM_REALTIME static void
tremolo_process(void* const dsp, const float* const params, const float* const in, float* const out,
                const uint32_t n)
{
  Tremolo* const self = (Tremolo*)dsp;
  float depth[PEDAL_BLOCK];
  dsp_lfo_set_rate(&self->lfo, params[PEDAL_TREMELO_RATE], self->rate);
  pedal_ramp_fill(&self->depth, params[PEDAL_TREMELO_DEPTH], n, depth);
  for (uint32_t i = 0; i < n; ++i) {
    const float s = dsp_lfo_next(&self->lfo);
    out[i] = in[i] * (1.0f - depth[i] * 0.5f * (1.0f - s));
  }
}

const PedalClass pedal_tremolo_class = {
    .create = tremolo_create,
    .destroy = tremolo_destroy,
    .reset = tremolo_reset,
    .process = tremolo_process,
};
