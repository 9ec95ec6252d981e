// SPDX-License-Identifier: ISC
/// Topology-preserving state-variable filter (Zavalishin's TPT SVF, in Simper's trapezoidal
/// form): low-pass, band-pass and high-pass outputs of one 2nd-order section whose cutoff can
/// move every sample without clicks or instability (pedals_spec.md §2.16 "better").
///
/// Its responses are those of the analog prototypes 1/D, k·s/D and s²/D, D = s² + k·s + 1,
/// k = 1/Q, under the bilinear transform prewarped at the cutoff:
/// s = (1/g)·(z - 1)/(z + 1), g = tan(π·fc/fs). The band-pass output here is k·s/D, so its
/// peak is 0 dB at fc for any Q.

#ifndef DSP_SVF_H
#define DSP_SVF_H

#include "common/rt.h"

#include <math.h>

/// Output of the filter.
typedef enum {
  DSP_SVF_LOWPASS,  ///< 1/D: 0 dB at DC, Q at fc
  DSP_SVF_BANDPASS, ///< k·s/D: 0 dB at fc
  DSP_SVF_HIGHPASS, ///< s²/D: 0 dB at Nyquist, Q at fc
} DspSvfType;

/// One section; embed by value.
typedef struct {
  double g;   ///< tan(π·fc/fs)
  double k;   ///< 1/Q
  double a1;  ///< 1/(1 + g(g + k))
  double ic1; ///< first integrator state (signal units)
  double ic2; ///< second integrator state (signal units)
} DspSvf;

/// Sets cutoff (clamped to [1 Hz, 0.49·fs]) and Q (clamped to [0.1, 100]); keeps the state.
/// One tan() per call.
JAM_REALTIME static inline void
dsp_svf_set(DspSvf* const self, double fc_hz, double q, const double fs_hz)
{
  fc_hz = fc_hz < 1.0 ? 1.0 : (fc_hz > 0.49 * fs_hz ? 0.49 * fs_hz : fc_hz);
  q = q < 0.1 ? 0.1 : (q > 100.0 ? 100.0 : q);
  self->g = tan(M_PI * fc_hz / fs_hz);
  self->k = 1.0 / q;
  self->a1 = 1.0 / (1.0 + self->g * (self->g + self->k));
}

/// Clears the state.
JAM_REALTIME static inline void
dsp_svf_reset(DspSvf* const self)
{
  self->ic1 = self->ic2 = 0.0;
}

/// Filters one sample, returning the chosen output.
JAM_REALTIME static inline float
dsp_svf_step(DspSvf* const self, const DspSvfType type, const float in)
{
  const double v0 = in;
  const double a2 = self->g * self->a1;
  const double v3 = v0 - self->ic2;
  const double v1 = self->a1 * self->ic1 + a2 * v3;
  const double v2 = self->ic2 + self->g * v1;
  self->ic1 = 2.0 * v1 - self->ic1;
  self->ic2 = 2.0 * v2 - self->ic2;
  switch (type) {
  case DSP_SVF_LOWPASS:
    return (float)v2;
  case DSP_SVF_BANDPASS:
    return (float)(self->k * v1);
  case DSP_SVF_HIGHPASS:
    return (float)(v0 - self->k * v1 - v2);
  }
  return 0.0f;
}

/// Zeroes state that is not finite or below 1e-20 (end of block).
JAM_REALTIME static inline void
dsp_svf_guard(DspSvf* const self)
{
  if (!isfinite(self->ic1) || !isfinite(self->ic2)) {
    self->ic1 = self->ic2 = 0.0;
    return;
  }
  if (fabs(self->ic1) < 1e-20) {
    self->ic1 = 0.0;
  }
  if (fabs(self->ic2) < 1e-20) {
    self->ic2 = 0.0;
  }
}

#endif // DSP_SVF_H
