// SPDX-License-Identifier: ISC
/// Second-order IIR sections: RBJ Audio-EQ-Cookbook designs (the correct cookbook formulas),
/// transposed direct form II processing, the analytic magnitude response, and linear
/// coefficient ramps for click-free parameter changes (STYLE.md item 13).
///
/// Coefficients and state are double (input and output are float): TDF-II in float loses
/// about 30 dB of noise floor for low corners at 96/192 kHz, and the cost on x86-64 and
/// aarch64 is the same. State is kept across coefficient changes, never cleared by a design.
///
/// dsp_biquad_design_legacy() reproduces the original pedals' variant (pedals_spec.md §3.1: α
/// divided by A for peak/notch/band-pass/all-pass) for voicings tuned with it (§5 item 5).

#ifndef DSP_BIQUAD_H
#define DSP_BIQUAD_H

#include "common/rt.h"
#include "dsp/simd.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/// Filter shapes. The meaning of `q` and `gain_db` in dsp_biquad_design() depends on the type.
typedef enum {
  DSP_BIQUAD_LOWPASS,   ///< 12 dB/oct low-pass; -3.01 dB at f0 when q = 1/√2; gain ignored
  DSP_BIQUAD_HIGHPASS,  ///< 12 dB/oct high-pass; -3.01 dB at f0 when q = 1/√2; gain ignored
  DSP_BIQUAD_BANDPASS,  ///< band-pass with a constant 0 dB peak at f0, bandwidth f0/q; gain ignored
  DSP_BIQUAD_NOTCH,     ///< zero at f0, 0 dB at DC and Nyquist, width f0/q; gain ignored
  DSP_BIQUAD_PEAK,      ///< peaking EQ: exactly gain_db at f0, 0 dB at DC and Nyquist
  DSP_BIQUAD_LOWSHELF,  ///< gain_db at DC, 0 dB at Nyquist, gain_db/2 at f0; q = slope S <= 1
  DSP_BIQUAD_HIGHSHELF, ///< 0 dB at DC, gain_db at Nyquist, gain_db/2 at f0; q = slope S <= 1
  DSP_BIQUAD_ALLPASS,   ///< 0 dB everywhere, -180° at f0; gain ignored
} DspBiquadType;

/// Normalised coefficients (a0 = 1): H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2).
typedef struct {
  double b0; ///< feed-forward, z^0 (unitless)
  double b1; ///< feed-forward, z^-1
  double b2; ///< feed-forward, z^-2
  double a1; ///< feedback, z^-1 (sign as in the denominator above)
  double a2; ///< feedback, z^-2
} DspBiquadCoefs;

/// Default coefficient ramp for parameter changes, samples (x42 sub-block size).
#define DSP_BIQUAD_RAMP 32u

/// One biquad section with its state; embed by value, no allocation.
typedef struct {
  DspBiquadCoefs c;      ///< coefficients in use (moving while ramp > 0)
  DspBiquadCoefs step;   ///< per-sample increment of c while ramping
  DspBiquadCoefs target; ///< coefficients at the end of the ramp (== c when settled)
  unsigned ramp;         ///< samples left in the current ramp; 0 when settled
  double z1;             ///< TDF-II state 1 (signal units)
  double z2;             ///< TDF-II state 2 (signal units)
} DspBiquad;

/// Coefficients that pass the signal unchanged (b0 = 1, all others 0).
JAM_REALTIME static inline DspBiquadCoefs
dsp_biquad_identity(void)
{
  const DspBiquadCoefs c = {1.0, 0.0, 0.0, 0.0, 0.0};
  return c;
}

JAM_REALTIME static inline DspBiquadCoefs
dsp_biquad_design_impl_(const DspBiquadType type, double f0_hz, double q, const double gain_db,
                        const double fs_hz, const bool legacy)
{
  // Keep the design stable for any input: 0 < f0 < fs/2, q > 0 (pedals_spec.md §5 item 11).
  const double nyq = 0.5 * fs_hz;
  if (!(f0_hz >= 1e-4 * nyq)) {
    f0_hz = 1e-4 * nyq; // also catches NaN
  }
  if (f0_hz > 0.9999 * nyq) {
    f0_hz = 0.9999 * nyq;
  }
  if (!(q >= 1e-3)) {
    q = 1e-3;
  }
  const double g = isfinite(gain_db) ? gain_db : 0.0;
  const double w0 = 2.0 * M_PI * f0_hz / fs_hz;
  const double cw = cos(w0);
  const double sw = sin(w0);
  const double A = pow(10.0, g / 40.0); // sqrt of the linear amplitude gain
  const double alpha = legacy ? sw / (2.0 * q * A) : sw / (2.0 * q);
  double b0 = 1.0, b1 = 0.0, b2 = 0.0, a0 = 1.0, a1 = 0.0, a2 = 0.0;

  switch (type) {
  case DSP_BIQUAD_LOWPASS:
    b0 = b2 = 0.5 * (1.0 - cw);
    b1 = 1.0 - cw;
    a0 = 1.0 + alpha;
    a1 = -2.0 * cw;
    a2 = 1.0 - alpha;
    break;
  case DSP_BIQUAD_HIGHPASS:
    b0 = b2 = 0.5 * (1.0 + cw);
    b1 = -(1.0 + cw);
    a0 = 1.0 + alpha;
    a1 = -2.0 * cw;
    a2 = 1.0 - alpha;
    break;
  case DSP_BIQUAD_BANDPASS:
    b0 = alpha;
    b1 = 0.0;
    b2 = -alpha;
    a0 = 1.0 + alpha;
    a1 = -2.0 * cw;
    a2 = 1.0 - alpha;
    break;
  case DSP_BIQUAD_NOTCH:
    b0 = b2 = 1.0;
    b1 = -2.0 * cw;
    a0 = 1.0 + alpha;
    a1 = -2.0 * cw;
    a2 = 1.0 - alpha;
    break;
  case DSP_BIQUAD_ALLPASS:
    b0 = 1.0 - alpha;
    b1 = -2.0 * cw;
    b2 = 1.0 + alpha;
    a0 = 1.0 + alpha;
    a1 = -2.0 * cw;
    a2 = 1.0 - alpha;
    break;
  case DSP_BIQUAD_PEAK:
    b0 = 1.0 + alpha * A;
    b1 = -2.0 * cw;
    b2 = 1.0 - alpha * A;
    a0 = 1.0 + alpha / A;
    a1 = -2.0 * cw;
    a2 = 1.0 - alpha / A;
    break;
  case DSP_BIQUAD_LOWSHELF:
  case DSP_BIQUAD_HIGHSHELF: {
    // Shelf-slope form: q is S, at most 1 (the steepest monotonic shelf); larger S would
    // overshoot and, near its limit, put the poles on the unit circle.
    const double s = q < 1.0 ? q : 1.0;
    const double sa = 0.5 * sw * sqrt((A + 1.0 / A) * (1.0 / s - 1.0) + 2.0);
    const double k = 2.0 * sqrt(A) * sa;
    if (type == DSP_BIQUAD_LOWSHELF) {
      b0 = A * ((A + 1.0) - (A - 1.0) * cw + k);
      b1 = 2.0 * A * ((A - 1.0) - (A + 1.0) * cw);
      b2 = A * ((A + 1.0) - (A - 1.0) * cw - k);
      a0 = (A + 1.0) + (A - 1.0) * cw + k;
      a1 = -2.0 * ((A - 1.0) + (A + 1.0) * cw);
      a2 = (A + 1.0) + (A - 1.0) * cw - k;
    } else {
      b0 = A * ((A + 1.0) + (A - 1.0) * cw + k);
      b1 = -2.0 * A * ((A - 1.0) + (A + 1.0) * cw);
      b2 = A * ((A + 1.0) + (A - 1.0) * cw - k);
      a0 = (A + 1.0) - (A - 1.0) * cw + k;
      a1 = 2.0 * ((A - 1.0) - (A + 1.0) * cw);
      a2 = (A + 1.0) - (A - 1.0) * cw - k;
    }
    break;
  }
  }
  const DspBiquadCoefs c = {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
  return c;
}

/// Designs a cookbook biquad. Real-time safe (no allocation, lock or I/O) but it calls cos,
/// sin and pow (20 ns on x86-64, under 1 µs anywhere): call it when a parameter changed, or
/// once per 32-sample sub-block.
/// @param type    filter shape
/// @param f0_hz   corner, centre or shelf midpoint frequency, Hz; clamped to (0, fs/2)
/// @param q       quality factor (bandwidth f0/q for band-pass/notch), or the shelf slope S for
///                shelves (clamped to <= 1, the steepest monotonic shelf); clamped to >= 0.001
/// @param gain_db peak or shelf gain, dB (peak and shelves only)
/// @param fs_hz   sample rate, Hz
/// @return normalised coefficients (a0 = 1)
JAM_REALTIME static inline DspBiquadCoefs
dsp_biquad_design(const DspBiquadType type, const double f0_hz, const double q,
                  const double gain_db, const double fs_hz)
{
  return dsp_biquad_design_impl_(type, f0_hz, q, gain_db, fs_hz, false);
}

/// Designs with the original pedals' variant (pedals_spec.md §3.1): for peak, notch, band-pass
/// and all-pass α = sin(w0)/(2·q·A), so the effective Q is q·10^(gain_db/40). The other types
/// are identical to dsp_biquad_design(). For faithful voicings only.
JAM_REALTIME static inline DspBiquadCoefs
dsp_biquad_design_legacy(const DspBiquadType type, const double f0_hz, const double q,
                         const double gain_db, const double fs_hz)
{
  return dsp_biquad_design_impl_(type, f0_hz, q, gain_db, fs_hz, true);
}

/// Analytic magnitude |H(e^jw)| of a coefficient set, dB, at f_hz for sample rate fs_hz.
/// Floored at -300 dB (a notch at its centre).
static inline double
dsp_biquad_magnitude_db(const DspBiquadCoefs* const c, const double f_hz, const double fs_hz)
{
  const double w = 2.0 * M_PI * f_hz / fs_hz;
  const double c1 = cos(w), s1 = sin(w), c2 = cos(2.0 * w), s2 = sin(2.0 * w);
  const double nr = c->b0 + c->b1 * c1 + c->b2 * c2;
  const double ni = c->b1 * s1 + c->b2 * s2;
  const double dr = 1.0 + c->a1 * c1 + c->a2 * c2;
  const double di = c->a1 * s1 + c->a2 * s2;
  const double num = nr * nr + ni * ni;
  const double den = dr * dr + di * di;
  return 10.0 * log10(fmax(num, 1e-30) / den);
}

/// Initialises as an identity filter with zero state.
static inline void
dsp_biquad_init(DspBiquad* const self)
{
  self->c = self->target = dsp_biquad_identity();
  self->step = (DspBiquadCoefs){0.0, 0.0, 0.0, 0.0, 0.0};
  self->ramp = 0;
  self->z1 = self->z2 = 0.0;
}

/// Clears the state (silence in, silence out); keeps the coefficients.
JAM_REALTIME static inline void
dsp_biquad_reset(DspBiquad* const self)
{
  self->z1 = self->z2 = 0.0;
}

/// Switches to new coefficients at once, keeping the state (for the first setting, or when
/// the filter is silent).
JAM_REALTIME static inline void
dsp_biquad_set(DspBiquad* const self, const DspBiquadCoefs* const c)
{
  self->c = self->target = *c;
  self->ramp = 0;
}

/// A first-order section, H(z) = (b0 + b1·z^-1)/(1 + a1·z^-1), to run a one-pole filter (the
/// low-pass y += c·(x - y) of dsp/onepole.h: b0 = c, a1 = c - 1; the DC blocker of
/// dsp/dcblock.h: b0 = g, b1 = -g, a1 = -R) in a dsp_biquad_process_cascade() with others.
JAM_REALTIME static inline DspBiquadCoefs
dsp_biquad_first_order(const double b0, const double b1, const double a1)
{
  const DspBiquadCoefs c = {b0, b1, 0.0, a1, 0.0};
  return c;
}

/// Initialises with fixed coefficients: a Butterworth (Q 1/√2) low- or high-pass at hz, the
/// band-limiting filter of the drives' gain stages.
static inline void
dsp_biquad_init_butterworth(DspBiquad* const self, const DspBiquadType type, const double hz,
                            const double rate)
{
  dsp_biquad_init(self);
  const DspBiquadCoefs c = dsp_biquad_design(type, hz, M_SQRT1_2, 0.0, rate);
  dsp_biquad_set(self, &c);
}

/// Ramps the coefficients linearly to `c` over `ramp_samples` samples (DSP_BIQUAD_RAMP is a
/// good default); 0 switches at once. A new target during a ramp starts from where the ramp
/// is. Every point on the way between two stable sections is stable (the stability triangle in
/// (a1, a2) is convex).
JAM_REALTIME static inline void
dsp_biquad_set_target(DspBiquad* const self, const DspBiquadCoefs* const c,
                      const unsigned ramp_samples)
{
  if (ramp_samples == 0) {
    dsp_biquad_set(self, c);
    return;
  }
  const double inv = 1.0 / (double)ramp_samples;
  self->target = *c;
  self->step.b0 = (c->b0 - self->c.b0) * inv;
  self->step.b1 = (c->b1 - self->c.b1) * inv;
  self->step.b2 = (c->b2 - self->c.b2) * inv;
  self->step.a1 = (c->a1 - self->c.a1) * inv;
  self->step.a2 = (c->a2 - self->c.a2) * inv;
  self->ramp = ramp_samples;
}

/// Designs and ramps in one call (see dsp_biquad_design() for the cost).
JAM_REALTIME static inline void
dsp_biquad_set_params(DspBiquad* const self, const DspBiquadType type, const double f0_hz,
                      const double q, const double gain_db, const double fs_hz,
                      const unsigned ramp_samples)
{
  const DspBiquadCoefs c = dsp_biquad_design(type, f0_hz, q, gain_db, fs_hz);
  dsp_biquad_set_target(self, &c, ramp_samples);
}

/// True while a coefficient ramp is in progress.
JAM_REALTIME static inline bool
dsp_biquad_is_ramping(const DspBiquad* const self)
{
  return self->ramp > 0;
}

/// Advances the coefficient ramp by one sample.
JAM_REALTIME static inline void
dsp_biquad_ramp_tick_(DspBiquad* const self)
{
  if (--self->ramp == 0) {
    self->c = self->target;
  } else {
    self->c.b0 += self->step.b0;
    self->c.b1 += self->step.b1;
    self->c.b2 += self->step.b2;
    self->c.a1 += self->step.a1;
    self->c.a2 += self->step.a2;
  }
}

/// Filters one sample (for per-sample chains, e.g. around a clipper). Call
/// dsp_biquad_guard() once per block when using only this function.
JAM_REALTIME static inline float
dsp_biquad_step(DspBiquad* const self, const float in)
{
  if (self->ramp > 0) {
    dsp_biquad_ramp_tick_(self);
  }
  const double x = in;
  const double y = self->c.b0 * x + self->z1;
  self->z1 = (self->c.b1 * x + self->z2) - self->c.a1 * y;
  self->z2 = self->c.b2 * x - self->c.a2 * y;
  return (float)y;
}

/// End-of-block state guard: zeroes state that is not finite (NaN recovery) or below 1e-20
/// (so silence decays to an exact 0 instead of through subnormals).
JAM_REALTIME static inline void
dsp_biquad_guard(DspBiquad* const self)
{
  const double z1 = self->z1, z2 = self->z2;
  if (!isfinite(z1) || !isfinite(z2)) {
    self->z1 = self->z2 = 0.0;
    return;
  }
  if (fabs(z1) < 1e-20) {
    self->z1 = 0.0;
  }
  if (fabs(z2) < 1e-20) {
    self->z2 = 0.0;
  }
}

/// Filters n samples; in == out (in place) is allowed. Applies dsp_biquad_guard() at the end.
JAM_REALTIME static inline void
dsp_biquad_process(DspBiquad* const self, const size_t n, const float* const in, float* const out)
{
  size_t i = 0;
  while (i < n && self->ramp > 0) {
    out[i] = dsp_biquad_step(self, in[i]);
    ++i;
  }
  const double b0 = self->c.b0, b1 = self->c.b1, b2 = self->c.b2;
  const double a1 = self->c.a1, a2 = self->c.a2;
  double z1 = self->z1, z2 = self->z2;
  for (; i < n; ++i) {
    const double x = in[i];
    const double y = b0 * x + z1;
    z1 = (b1 * x + z2) - a1 * y;
    z2 = b2 * x - a2 * y;
    out[i] = (float)y;
  }
  self->z1 = z1;
  self->z2 = z2;
  dsp_biquad_guard(self);
}

/// One TDF-II step of a section with its coefficients and state held by the caller (locals,
/// so that a loop over several sections keeps them in registers). The output stays double:
/// the next section of a cascade takes it unrounded.
JAM_REALTIME static inline double
dsp_biquad_tick_(const DspBiquadCoefs c, double* const z1, double* const z2, const double x)
{
  const double y = c.b0 * x + *z1;
  *z1 = (c.b1 * x + *z2) - c.a1 * y;
  *z2 = c.b2 * x - c.a2 * y;
  return y;
}

/// True when n samples are all zero (stops at the first that is not: a signal costs a compare).
JAM_REALTIME static inline bool
dsp_biquad_silent_(const size_t n, const float* const in)
{
  for (size_t i = 0; i < n; ++i) {
    if (in[i] != 0.0f) {
      return false;
    }
  }
  return true;
}

/// True for a settled first-order section with no second-order state (b2 = a2 = 0, z2 = 0: a
/// gain-bandwidth pole or DC blocker of plugins/dist.h): its TDF-II step reduces to
/// y = b0·x + z1, z1 = b1·x - a1·y, the same values as the full step (whose z2 would be b2·x -
/// a2·y = ±0, and b1·x ± 0 = b1·x), in five operations instead of nine.
JAM_REALTIME static inline bool
dsp_biquad_is_first_order_(const DspBiquad* const self)
{
  return self->c.b2 == 0.0 && self->c.a2 == 0.0 && self->z2 == 0.0;
}

/// Section j of a group on one sample (bit j of `fo` marks a first-order section).
DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_biquad_group_tick_(const DspBiquadCoefs* const c, double* const z1, double* const z2,
                       const unsigned j, const unsigned fo, const double v)
{
  if ((fo >> j) & 1u) {
    const double y = c[j].b0 * v + z1[j];
    z1[j] = c[j].b1 * v - c[j].a1 * y;
    return y;
  }
  return dsp_biquad_tick_(c[j], &z1[j], &z2[j], v);
}

/// k (a constant at the call, 2 to 6) settled sections in series over n samples in one loop,
/// coefficients and state in registers. Bit j of `fo` (a constant at the call) marks section j
/// as first order (dsp_biquad_is_first_order_()): its step drops the z2 terms.
///
/// Software-pipelined: step t runs section j on sample t - j, taking what section j - 1 gave
/// at step t - 1, so the sections of one step do not wait for each other (a sample through k
/// sections in series is a chain of k multiply-adds, which the processor could not overlap
/// with enough of the next samples); each section sees the same inputs in the same order, so
/// the output is the same bit for bit. The first k - 1 steps fill the pipeline, the last k - 1
/// drain it.
DSP_ALWAYS_INLINE JAM_REALTIME static inline void
dsp_biquad_group_k_(DspBiquad* const* const s, const unsigned k, const unsigned fo, const size_t n,
                    const float* const in, float* const out)
{
  DspBiquadCoefs c[6];
  double z1[6], z2[6];
  double v[6] = {0.0}; // v[j]: the input waiting for section j (section j - 1's last output)
#pragma GCC unroll 6
  for (unsigned j = 0; j < k; ++j) {
    c[j] = s[j]->c;
    z1[j] = s[j]->z1;
    z2[j] = s[j]->z2;
  }
  if (n < k) { // too short to fill the pipeline: sample by sample
    for (size_t i = 0; i < n; ++i) {
      double u = in[i];
#pragma GCC unroll 6
      for (unsigned j = 0; j < k; ++j) {
        u = dsp_biquad_group_tick_(c, z1, z2, j, fo, u);
      }
      out[i] = (float)u;
    }
  } else {
    // Fill: step t < k - 1 runs sections 0..t.
#pragma GCC unroll 6
    for (unsigned t = 0; t + 1 < k; ++t) {
#pragma GCC unroll 6
      for (unsigned j = t + 1; j-- > 0;) {
        v[j + 1] = dsp_biquad_group_tick_(c, z1, z2, j, fo, j == 0 ? (double)in[t] : v[j]);
      }
    }
    // Steady state: every section, the last one's output is sample t - (k - 1).
    for (size_t t = k - 1; t < n; ++t) {
      out[t - (k - 1)] = (float)dsp_biquad_group_tick_(c, z1, z2, k - 1, fo, v[k - 1]);
#pragma GCC unroll 6
      for (unsigned j = k - 1; j-- > 0;) {
        v[j + 1] = dsp_biquad_group_tick_(c, z1, z2, j, fo, j == 0 ? (double)in[t] : v[j]);
      }
    }
    // Drain: step n + d (d < k - 1) runs sections d + 1..k - 1.
#pragma GCC unroll 6
    for (unsigned d = 0; d + 1 < k; ++d) {
      out[n - (k - 1) + d] = (float)dsp_biquad_group_tick_(c, z1, z2, k - 1, fo, v[k - 1]);
#pragma GCC unroll 6
      for (unsigned j = k - 1; j-- > d + 1;) {
        v[j + 1] = dsp_biquad_group_tick_(c, z1, z2, j, fo, v[j]);
      }
    }
  }
#pragma GCC unroll 6
  for (unsigned j = 0; j < k; ++j) {
    s[j]->z1 = z1[j];
    s[j]->z2 = z2[j];
    dsp_biquad_guard(s[j]);
  }
}

/// dsp_biquad_group_k_() for k sections with the first-order marks of the first and the last
/// (the places of the distortions' poles and DC blockers); a first-order section elsewhere
/// takes the full step.
DSP_ALWAYS_INLINE JAM_REALTIME static inline void
dsp_biquad_group_ends_(DspBiquad* const* const s, const unsigned k, const size_t n,
                       const float* const in, float* const out)
{
  const unsigned first = dsp_biquad_is_first_order_(s[0]) ? 1u : 0u;
  const unsigned last = dsp_biquad_is_first_order_(s[k - 1]) ? 2u : 0u;
  const unsigned top = 1u << (k - 1);
  switch (first | last) {
  case 0u:
    dsp_biquad_group_k_(s, k, 0u, n, in, out);
    return;
  case 1u:
    dsp_biquad_group_k_(s, k, 1u, n, in, out);
    return;
  case 2u:
    dsp_biquad_group_k_(s, k, top, n, in, out);
    return;
  default:
    dsp_biquad_group_k_(s, k, 1u | top, n, in, out);
    return;
  }
}

/// Sections s[0..g-1] (g <= 6) in series: in one loop when g > 1 and all are settled (one
/// section's recursion is a chain of dependent multiply-adds, and running several in one
/// loop lets the others fill its latency), else one at a time; nothing to do for silence
/// into sections at rest.
DSP_SIMD_CLONES JAM_REALTIME static inline void
dsp_biquad_group_(DspBiquad* const* const s, const size_t g, const size_t n, const float* const in,
                  float* const out)
{
  bool ramping = false, clear = true;
  for (size_t j = 0; j < g; ++j) {
    ramping |= s[j]->ramp > 0;
    clear &= s[j]->z1 == 0.0 && s[j]->z2 == 0.0;
  }
  if (clear && !ramping && dsp_biquad_silent_(n, in)) {
    // Zero state and silence in: zeros out, the state stays zero (exact).
    if (in != out) {
      memset(out, 0, n * sizeof *out);
    }
    return;
  }
  if (g == 1 || ramping) {
    for (size_t j = 0; j < g; ++j) {
      dsp_biquad_process(s[j], n, j == 0 ? in : out, out);
    }
  } else if (g == 2) {
    dsp_biquad_group_ends_(s, 2u, n, in, out);
  } else if (g == 3) {
    dsp_biquad_group_ends_(s, 3u, n, in, out);
  } else if (g == 4) {
    dsp_biquad_group_ends_(s, 4u, n, in, out);
  } else if (g == 5) {
    dsp_biquad_group_ends_(s, 5u, n, in, out);
  } else {
    dsp_biquad_group_ends_(s, 6u, n, in, out);
  }
}

/// Sections per pass of a cascade of `left` sections: all of them up to 6, else 4 (no single
/// section left alone).
JAM_REALTIME static inline size_t
dsp_biquad_group_size_(const size_t left)
{
  return left <= 6 ? left : 4;
}

/// Filters n samples through `count` sections in series (sections[0] first), as
/// dsp_biquad_process() on each in turn but up to six settled sections per pass over the
/// block: one section's recursion is a chain of dependent multiply-adds, and running several
/// in one loop lets the others fill its latency. Between the sections of a pass the signal
/// stays double instead of being rounded to float (so the result differs from one section at
/// a time by float rounding only, and is closer to exact). A group with a ramping section runs
/// section by section. in == out is allowed; guards every section at the end.
JAM_REALTIME static inline void
dsp_biquad_process_cascade(DspBiquad* const sections, const size_t count, const size_t n,
                           const float* const in, float* const out)
{
  if (count == 0 && in != out) {
    memcpy(out, in, n * sizeof *out);
  }
  const float* src = in;
  for (size_t k = 0; k < count;) {
    const size_t g = dsp_biquad_group_size_(count - k);
    DspBiquad* s[6];
    for (size_t j = 0; j < g; ++j) {
      s[j] = &sections[k + j];
    }
    dsp_biquad_group_(s, g, n, src, out);
    src = out;
    k += g;
  }
}

/// True for a section that is exactly a wire: at rest (zero state, no ramp) with unity
/// coefficients, b0 = 1, b1 = a1, b2 = a2 (a shelf or peak at 0 dB is designed so, bit for bit).
/// Its output is then its input and its state stays zero, so a chain may leave it out.
JAM_REALTIME static inline bool
dsp_biquad_is_wire_(const DspBiquad* const self)
{
  return self->ramp == 0 && self->z1 == 0.0 && self->z2 == 0.0 && self->c.b0 == 1.0 &&
         self->c.b1 == self->c.a1 && self->c.b2 == self->c.a2;
}

/// Largest number of sections of dsp_biquad_process_chain().
#define DSP_BIQUAD_CHAIN_MAX 8u

/// dsp_biquad_process_cascade() over count <= DSP_BIQUAD_CHAIN_MAX sections held apart (an
/// array of pointers: the gain-bandwidth pole and DC blocker of a clipping stage next to a
/// pedal's own filters, each run in one cascade pass with its neighbours). The same grouping
/// and arithmetic, over the sections that are not a wire at rest (dsp_biquad_is_wire_(): a tone
/// band at 0 dB costs nothing; the output is the same, bit for bit, as the cascade of the
/// others).
JAM_REALTIME static inline void
dsp_biquad_process_chain(DspBiquad* const* const sections, const size_t count, const size_t n,
                         const float* const in, float* const out)
{
  DspBiquad* live[DSP_BIQUAD_CHAIN_MAX];
  size_t m = 0;
  for (size_t k = 0; k < count && k < DSP_BIQUAD_CHAIN_MAX; ++k) {
    if (!dsp_biquad_is_wire_(sections[k])) {
      live[m++] = sections[k];
    }
  }
  if (m == 0 && in != out) {
    memcpy(out, in, n * sizeof *out);
  }
  const float* src = in;
  for (size_t k = 0; k < m;) {
    const size_t g = dsp_biquad_group_size_(m - k);
    dsp_biquad_group_(&live[k], g, n, src, out);
    src = out;
    k += g;
  }
}

/// Two sections on one input (the branches of a crossover): out_p = p(in), out_q = q(in), in
/// one loop when both are settled (two independent recursions fill each other's latency), as
/// dsp_biquad_process() on each otherwise; the same output either way. in may be out_p or
/// out_q.
JAM_REALTIME static inline void
dsp_biquad_process_pair(DspBiquad* const p, DspBiquad* const q, const size_t n,
                        const float* const in, float* const out_p, float* const out_q)
{
  if (p->ramp > 0 || q->ramp > 0) {
    if (in == out_p) { // q first, while the input is still there
      dsp_biquad_process(q, n, in, out_q);
      dsp_biquad_process(p, n, in, out_p);
    } else {
      dsp_biquad_process(p, n, in, out_p);
      dsp_biquad_process(q, n, in, out_q);
    }
    return;
  }
  const DspBiquadCoefs cp = p->c, cq = q->c;
  double p1 = p->z1, p2 = p->z2, q1 = q->z1, q2 = q->z2;
  for (size_t i = 0; i < n; ++i) {
    const double x = in[i];
    const double u = dsp_biquad_tick_(cp, &p1, &p2, x);
    const double v = dsp_biquad_tick_(cq, &q1, &q2, x);
    out_p[i] = (float)u;
    out_q[i] = (float)v;
  }
  p->z1 = p1;
  p->z2 = p2;
  q->z1 = q1;
  q->z2 = q2;
  dsp_biquad_guard(p);
  dsp_biquad_guard(q);
}

#endif // DSP_BIQUAD_H
