// SPDX-License-Identifier: ISC
/// Signal measurements for tests and analysis tools (not for run()): sine generation, RMS and
/// single-bin DFT (Goertzel) levels. Double precision throughout.

#ifndef DSP_MEASURE_H
#define DSP_MEASURE_H

#include <math.h>
#include <stddef.h>

/// Writes amp·sin(2π·f·i/fs + phase) for i = 0..n-1.
static inline void
dsp_measure_sine(const size_t n, float* const out, const double f_hz, const double amp,
                 const double fs_hz, const double phase_rad)
{
  for (size_t i = 0; i < n; ++i) {
    out[i] = (float)(amp * sin(2.0 * M_PI * f_hz * (double)i / fs_hz + phase_rad));
  }
}

/// Root mean square of n samples (0 for n = 0).
static inline double
dsp_measure_rms(const size_t n, const float* const x)
{
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) {
    sum += (double)x[i] * (double)x[i];
  }
  return n ? sqrt(sum / (double)n) : 0.0;
}

/// Peak amplitude of the component at f_hz (Goertzel, rectangular window): exact for a sine
/// with a whole number of cycles in the n samples, in signal units (a unit sine gives 1).
static inline double
dsp_measure_tone(const size_t n, const float* const x, const double f_hz, const double fs_hz)
{
  const double w = 2.0 * M_PI * f_hz / fs_hz;
  const double k = 2.0 * cos(w);
  double s1 = 0.0, s2 = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double s0 = (double)x[i] + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double re = s1 - s2 * cos(w);
  const double im = s2 * sin(w);
  const double mag = sqrt(re * re + im * im);
  return (f_hz == 0.0 ? 1.0 : 2.0) * mag / (double)n;
}

/// 20·log10 of dsp_measure_tone(), floored at -400 dB.
static inline double
dsp_measure_tone_db(const size_t n, const float* const x, const double f_hz, const double fs_hz)
{
  return 20.0 * log10(fmax(dsp_measure_tone(n, x, f_hz, fs_hz), 1e-20));
}

#endif // DSP_MEASURE_H
