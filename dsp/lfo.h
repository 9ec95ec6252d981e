// SPDX-License-Identifier: ISC
/// Low-frequency oscillator: sine or triangle from a phase accumulator in cycles (double, so
/// the rate stays exact over hours). Output is bipolar, depth·shape(phase) in [-depth, +depth];
/// both shapes start at 0 rising (phase 0) and peak at phase 0.25.

#ifndef DSP_LFO_H
#define DSP_LFO_H

#include "common/rt.h"

#include <math.h>

/// Waveform.
typedef enum {
  DSP_LFO_SINE,     ///< sin(2π·phase)
  DSP_LFO_TRIANGLE, ///< piecewise linear, same phase and peaks as the sine
} DspLfoShape;

/// LFO state; embed by value.
typedef struct {
  double phase;      ///< current phase, cycles, in [0, 1)
  double increment;  ///< phase step per sample, cycles (rate_hz / fs_hz)
  float depth;       ///< output amplitude (units of the modulated quantity)
  DspLfoShape shape; ///< waveform
} DspLfo;

/// Initialises at phase 0.
static inline void
dsp_lfo_init(DspLfo* const self, const DspLfoShape shape, const double rate_hz, const float depth,
             const double fs_hz)
{
  self->phase = 0.0;
  self->increment = rate_hz / fs_hz;
  self->depth = depth;
  self->shape = shape;
}

/// Changes the rate, Hz, keeping the phase (no click).
JAM_REALTIME static inline void
dsp_lfo_set_rate(DspLfo* const self, const double rate_hz, const double fs_hz)
{
  const double inc = rate_hz / fs_hz;
  self->increment = (isfinite(inc) && inc > 0.0 && inc < 0.5) ? inc : 0.0;
}

/// Changes the depth (output amplitude).
JAM_REALTIME static inline void
dsp_lfo_set_depth(DspLfo* const self, const float depth)
{
  self->depth = depth;
}

/// Sets the phase, cycles (wrapped into [0, 1)); e.g. 0.25 for a second voice 90° ahead.
JAM_REALTIME static inline void
dsp_lfo_set_phase(DspLfo* const self, const double phase_cycles)
{
  const double p = phase_cycles - floor(phase_cycles);
  self->phase = (p >= 0.0 && p < 1.0) ? p : 0.0;
}

/// Unit-amplitude waveform at a phase in cycles [0, 1).
JAM_REALTIME static inline float
dsp_lfo_shape_at(const DspLfoShape shape, const double phase)
{
  switch (shape) {
  case DSP_LFO_SINE:
    return (float)sin(2.0 * M_PI * phase);
  case DSP_LFO_TRIANGLE:
    if (phase < 0.25) {
      return (float)(4.0 * phase);
    }
    if (phase < 0.75) {
      return (float)(2.0 - 4.0 * phase);
    }
    return (float)(4.0 * phase - 4.0);
  }
  return 0.0f;
}

/// Returns depth·shape(phase), then advances the phase by one sample.
JAM_REALTIME static inline float
dsp_lfo_next(DspLfo* const self)
{
  const float v = self->depth * dsp_lfo_shape_at(self->shape, self->phase);
  double p = self->phase + self->increment;
  if (p >= 1.0) {
    p -= 1.0; // subtract, not reset: keeps the exact average rate
  }
  self->phase = p;
  return v;
}

/// Advances the phase by n samples without output (e.g. a control-rate LFO read once per
/// sub-block).
JAM_REALTIME static inline void
dsp_lfo_skip(DspLfo* const self, const unsigned n)
{
  const double p = self->phase + self->increment * (double)n;
  self->phase = p - floor(p);
}

#endif // DSP_LFO_H
