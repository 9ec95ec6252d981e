// SPDX-License-Identifier: ISC
/// Compressor (pedals_spec.md §2.7, "better" version): feed-forward, hard knee, rectified peak
/// detector with real attack/release time constants, 20·log10 levels with a floor:
/// G = (1/ratio - 1)·(L - T) dB above the threshold T, 0 below; y = x·10^(G/20)·10^(level/20).
/// The make-up gain is ramped per sample, and so are threshold and ratio: the glue smooths the
/// knobs once per 64-frame block, and a curve stepped per block zippered at 750 Hz (a threshold
/// sweep stepped the gain by 0.16 dB every 64 samples).

#include "dsp/compressor.h"
#include "dsp/db.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;         ///< sample rate, Hz
  DspCompressor comp;  ///< detector and static curve (make-up 0: applied by `makeup`)
  PedalRamp makeup;    ///< make-up gain, linear
  PedalRamp threshold; ///< dB
  PedalRamp ratio;     ///< the curve's ratio
  float times[2];      ///< attack, release (ms) the detector was set for
} Compressor;

static void*
compressor_create(const double rate)
{
  Compressor* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    dsp_compressor_init(&self->comp, DSP_ENVELOPE_PEAK, -20.0f, 4.0f, 0.0f, 0.0f, 20.0, 120.0,
                        rate);
  }
  return self;
}

static void
compressor_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
set_params(Compressor* const self, const float* const params)
{
  const float a = params[PEDAL_COMPRESSOR_ATTACK], r = params[PEDAL_COMPRESSOR_RELEASE];
  if (a != self->times[0] || r != self->times[1]) {
    dsp_envelope_set_times(&self->comp.detector, a, r, self->rate);
    self->times[0] = a;
    self->times[1] = r;
  }
}

JAM_REALTIME static void
compressor_reset(void* const dsp, const float* const params)
{
  Compressor* const self = (Compressor*)dsp;
  self->times[0] = -1.0f;
  set_params(self, params);
  dsp_envelope_reset(&self->comp.detector);
  pedal_ramp_snap(&self->makeup, dsp_db_to_gain(params[PEDAL_COMPRESSOR_LEVEL]));
  pedal_ramp_snap(&self->threshold, params[PEDAL_COMPRESSOR_THRESHOLD]);
  pedal_ramp_snap(&self->ratio, params[PEDAL_COMPRESSOR_RATIO]);
}

JAM_REALTIME static void
compressor_process(void* const dsp, const float* const params, const float* const in,
                   float* const out, const uint32_t n)
{
  Compressor* const self = (Compressor*)dsp;
  set_params(self, params);
  float makeup[PEDAL_BLOCK];
  float threshold[PEDAL_BLOCK];
  float ratio[PEDAL_BLOCK];
  pedal_ramp_fill(&self->makeup, dsp_db_to_gain(params[PEDAL_COMPRESSOR_LEVEL]), n, makeup);
  pedal_ramp_fill(&self->threshold, params[PEDAL_COMPRESSOR_THRESHOLD], n, threshold);
  pedal_ramp_fill(&self->ratio, params[PEDAL_COMPRESSOR_RATIO], n, ratio);
  for (uint32_t i = 0; i < n; ++i) {
    self->comp.curve.threshold_db = threshold[i];
    self->comp.curve.ratio = ratio[i];
    out[i] = in[i] * dsp_compressor_step(&self->comp, in[i]) * makeup[i];
  }
  dsp_envelope_guard(&self->comp.detector);
}

const PedalClass pedal_compressor_class = {
    .create = compressor_create,
    .destroy = compressor_destroy,
    .reset = compressor_reset,
    .process = compressor_process,
};
