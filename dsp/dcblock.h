// SPDX-License-Identifier: ISC
/// DC blocker: a one-pole, one-zero high-pass with its zero at DC,
/// H(z) = g·(1 - z^-1)/(1 - R·z^-1), R = exp(-2π·fc/fs), g = (1 + R)/2 (exactly 0 dB at
/// Nyquist). At the default 5 Hz corner: -3 dB at 5 Hz, -0.011 dB at 100 Hz, DC removed
/// completely in steady state, at any sample rate. State is double.

#ifndef DSP_DCBLOCK_H
#define DSP_DCBLOCK_H

#include "common/rt.h"

#include <math.h>
#include <stddef.h>

/// Default corner frequency, Hz.
#define DSP_DCBLOCK_DEFAULT_HZ 5.0

/// DC blocker state; embed by value.
typedef struct {
  double r;  ///< pole radius exp(-2π·fc/fs), 0..1
  double g;  ///< gain (1 + r)/2, unitless
  double x1; ///< previous input (signal units)
  double y1; ///< previous output (signal units)
} DspDcBlock;

/// Initialises with corner fc_hz (use DSP_DCBLOCK_DEFAULT_HZ) at fs_hz, zero state.
static inline void
dsp_dcblock_init(DspDcBlock* const self, const double fc_hz, const double fs_hz)
{
  self->r = exp(-2.0 * M_PI * fc_hz / fs_hz);
  self->g = 0.5 * (1.0 + self->r);
  self->x1 = self->y1 = 0.0;
}

/// Clears the state.
JAM_REALTIME static inline void
dsp_dcblock_reset(DspDcBlock* const self)
{
  self->x1 = self->y1 = 0.0;
}

/// Analytic magnitude, dB, at f_hz.
static inline double
dsp_dcblock_magnitude_db(const DspDcBlock* const self, const double f_hz, const double fs_hz)
{
  const double w = 2.0 * M_PI * f_hz / fs_hz;
  const double num = 2.0 - 2.0 * cos(w);
  const double den = 1.0 - 2.0 * self->r * cos(w) + self->r * self->r;
  return 20.0 * log10(self->g) + 10.0 * log10(fmax(num, 1e-300) / den);
}

/// Filters one sample (call dsp_dcblock_guard() once per block when using only this).
JAM_REALTIME static inline float
dsp_dcblock_step(DspDcBlock* const self, const float in)
{
  const double x = in;
  self->y1 = self->g * (x - self->x1) + self->r * self->y1;
  self->x1 = x;
  return (float)self->y1;
}

/// Zeroes non-finite state and output state below 1e-20.
JAM_REALTIME static inline void
dsp_dcblock_guard(DspDcBlock* const self)
{
  if (!isfinite(self->x1) || !isfinite(self->y1)) {
    self->x1 = self->y1 = 0.0;
  } else if (fabs(self->y1) < 1e-20) {
    self->y1 = 0.0;
  }
}

/// Filters n samples; in place allowed.
JAM_REALTIME static inline void
dsp_dcblock_process(DspDcBlock* const self, const size_t n, const float* const in, float* const out)
{
  const double r = self->r, g = self->g;
  double x1 = self->x1, y1 = self->y1;
  for (size_t i = 0; i < n; ++i) {
    const double x = in[i];
    y1 = g * (x - x1) + r * y1;
    x1 = x;
    out[i] = (float)y1;
  }
  self->x1 = x1;
  self->y1 = y1;
  dsp_dcblock_guard(self);
}

#endif // DSP_DCBLOCK_H
