// SPDX-License-Identifier: ISC
/// One-pole filters and the parameter smoother: y += c·(x - y) per sample.
///
/// The coefficient is c = 1 - exp(-2π·fc/fs) for a corner frequency, or c = 1 - exp(-1/(τ·fs))
/// for a time constant τ, so τ is the real 63 % time (not the "Darius" c(T) of
/// pedals_spec.md §3.2, whose real time constant is 0.2327·T). State is double.

#ifndef DSP_ONEPOLE_H
#define DSP_ONEPOLE_H

#include "common/rt.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/// Per-sample coefficient for a corner frequency: 1 - exp(-2π·fc/fs). fc <= 0 gives 0 (frozen),
/// fc >= fs gives ~1.
JAM_REALTIME static inline double
dsp_onepole_coef_hz(const double fc_hz, const double fs_hz)
{
  return fc_hz > 0.0 ? 1.0 - exp(-2.0 * M_PI * fc_hz / fs_hz) : 0.0;
}

/// Per-sample coefficient for a time constant (time to cover 63.2 % of a step), ms.
/// tau <= 0 gives 1 (no smoothing).
JAM_REALTIME static inline double
dsp_onepole_coef_ms(const double tau_ms, const double fs_hz)
{
  return tau_ms > 0.0 ? 1.0 - exp(-1000.0 / (tau_ms * fs_hz)) : 1.0;
}

/// Analytic magnitude, dB, of the one-pole low-pass c / (1 - (1-c) z^-1) at f_hz.
static inline double
dsp_onepole_lowpass_db(const double c, const double f_hz, const double fs_hz)
{
  const double w = 2.0 * M_PI * f_hz / fs_hz;
  const double p = 1.0 - c;
  return 20.0 * log10(c) - 10.0 * log10(1.0 - 2.0 * p * cos(w) + p * p);
}

/// Analytic magnitude, dB, of the complementary high-pass x - lowpass(x) at f_hz:
/// (1-c)(1 - z^-1) / (1 - (1-c) z^-1).
static inline double
dsp_onepole_highpass_db(const double c, const double f_hz, const double fs_hz)
{
  const double w = 2.0 * M_PI * f_hz / fs_hz;
  const double p = 1.0 - c;
  return 20.0 * log10(p) + 10.0 * log10(2.0 - 2.0 * cos(w) + 1e-300) -
         10.0 * log10(1.0 - 2.0 * p * cos(w) + p * p);
}

/// One-pole low-pass / high-pass (the high-pass output is x minus the low-pass output).
typedef struct {
  double c; ///< per-sample coefficient, 0..1
  double y; ///< low-pass state (signal units)
} DspOnePole;

/// Initialises with corner fc_hz at fs_hz and zero state.
static inline void
dsp_onepole_init(DspOnePole* const self, const double fc_hz, const double fs_hz)
{
  self->c = dsp_onepole_coef_hz(fc_hz, fs_hz);
  self->y = 0.0;
}

/// Changes the corner, keeping the state.
JAM_REALTIME static inline void
dsp_onepole_set_hz(DspOnePole* const self, const double fc_hz, const double fs_hz)
{
  self->c = dsp_onepole_coef_hz(fc_hz, fs_hz);
}

/// Sets the state (e.g. to the first input, to start without a transient).
JAM_REALTIME static inline void
dsp_onepole_reset(DspOnePole* const self, const float value)
{
  self->y = value;
}

/// Low-pass one sample.
JAM_REALTIME static inline float
dsp_onepole_lowpass(DspOnePole* const self, const float x)
{
  self->y += self->c * ((double)x - self->y);
  return (float)self->y;
}

/// High-pass one sample: x - lowpass(x).
JAM_REALTIME static inline float
dsp_onepole_highpass(DspOnePole* const self, const float x)
{
  self->y += self->c * ((double)x - self->y);
  return (float)((double)x - self->y);
}

/// Zeroes non-finite state and state below 1e-20 (end of block).
JAM_REALTIME static inline void
dsp_onepole_guard(DspOnePole* const self)
{
  if (!isfinite(self->y) || fabs(self->y) < 1e-20) {
    self->y = 0.0;
  }
}

/// Low-passes n samples; in place allowed.
JAM_REALTIME static inline void
dsp_onepole_process_lowpass(DspOnePole* const self, const size_t n, const float* const in,
                            float* const out)
{
  const double c = self->c;
  double y = self->y;
  for (size_t i = 0; i < n; ++i) {
    y += c * ((double)in[i] - y);
    out[i] = (float)y;
  }
  self->y = y;
  dsp_onepole_guard(self);
}

/// High-passes n samples; in place allowed.
JAM_REALTIME static inline void
dsp_onepole_process_highpass(DspOnePole* const self, const size_t n, const float* const in,
                             float* const out)
{
  const double c = self->c;
  double y = self->y;
  for (size_t i = 0; i < n; ++i) {
    const double x = in[i];
    y += c * (x - y);
    out[i] = (float)(x - y);
  }
  self->y = y;
  dsp_onepole_guard(self);
}

/// Default snapping distance of the smoother (absolute, in the parameter's units).
#define DSP_SMOOTHER_EPSILON 1e-6

/// Parameter smoother: y += c·(target - y) per sample, snapping to exactly the target once
/// |target - y| <= epsilon, so a settled smoother returns the target bit for bit and its
/// state never goes subnormal.
typedef struct {
  double c;       ///< per-sample coefficient, 0..1 (1 = no smoothing)
  double y;       ///< current value (parameter units)
  double target;  ///< value being approached (parameter units)
  double epsilon; ///< snapping distance (parameter units), DSP_SMOOTHER_EPSILON by default
} DspSmoother;

/// Initialises at `value` (settled) with time constant tau_ms at fs_hz.
static inline void
dsp_smoother_init(DspSmoother* const self, const double tau_ms, const double fs_hz,
                  const double value)
{
  self->c = dsp_onepole_coef_ms(tau_ms, fs_hz);
  self->y = self->target = value;
  self->epsilon = DSP_SMOOTHER_EPSILON;
}

/// Changes the time constant, ms (keeps the value and the target).
JAM_REALTIME static inline void
dsp_smoother_set_time(DspSmoother* const self, const double tau_ms, const double fs_hz)
{
  self->c = dsp_onepole_coef_ms(tau_ms, fs_hz);
}

/// Sets the snapping distance (parameter units); use a larger one for parameters in Hz.
JAM_REALTIME static inline void
dsp_smoother_set_epsilon(DspSmoother* const self, const double epsilon)
{
  self->epsilon = epsilon;
}

/// Sets the value to approach. NaN or ±inf is ignored.
JAM_REALTIME static inline void
dsp_smoother_set_target(DspSmoother* const self, const double target)
{
  if (isfinite(target)) {
    self->target = target;
  }
}

/// Jumps to `value` at once (value and target), e.g. at activate().
JAM_REALTIME static inline void
dsp_smoother_snap(DspSmoother* const self, const double value)
{
  if (isfinite(value)) {
    self->y = self->target = value;
  }
}

/// True when the value equals the target exactly.
JAM_REALTIME static inline bool
dsp_smoother_is_settled(const DspSmoother* const self)
{
  return self->y == self->target;
}

/// Advances one sample and returns the new value.
JAM_REALTIME static inline float
dsp_smoother_next(DspSmoother* const self)
{
  const double d = self->target - self->y;
  const double next = self->y + self->c * d;
  // Snap within epsilon, and also when the step no longer changes y (huge values, tiny c).
  self->y = (fabs(d) <= self->epsilon || next == self->y) ? self->target : next;
  return (float)self->y;
}

/// Writes the next n values to out (one per sample); a settled smoother just fills.
JAM_REALTIME static inline void
dsp_smoother_fill(DspSmoother* const self, const size_t n, float* const out)
{
  size_t i = 0;
  while (i < n && self->y != self->target) {
    out[i++] = dsp_smoother_next(self);
  }
  const float v = (float)self->y;
  for (; i < n; ++i) {
    out[i] = v;
  }
}

/// Advances n samples without output and returns the value after them (for parameters that
/// are recomputed once per sub-block, e.g. filter coefficients every 64 samples).
JAM_REALTIME static inline float
dsp_smoother_skip(DspSmoother* const self, const size_t n)
{
  for (size_t i = 0; i < n && self->y != self->target; ++i) {
    (void)dsp_smoother_next(self);
  }
  return (float)self->y;
}

#endif // DSP_ONEPOLE_H
