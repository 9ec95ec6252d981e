// SPDX-License-Identifier: ISC
/// Static waveshapers (clippers) for drive pedals. Every function is bounded for any input,
/// including ±1e30 and ±inf, and maps NaN to 0, so one bad sample cannot poison the state
/// that follows (still run the denormal/NaN guards on state, dsp/denormal.h).
///
/// Clipping creates harmonics above Nyquist: run these inside dsp/oversample.h, and follow the
/// asymmetric and even shapes (which create DC) with dsp/dcblock.h. For heavy drive, use the
/// anti-derivative anti-aliased form (DspClipAdaa, 2nd order) at the oversampled rate: plain
/// hard clipping of a 5 kHz sine at 4x leaves aliases at -32 dB at high drive, ADAA2 at 4x keeps
/// them below -70 dB at any drive.

#ifndef DSP_CLIP_H
#define DSP_CLIP_H

#include "common/rt.h"
#include "dsp/log1p.h"
#include "dsp/simd.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/// Clamps to [-limit, +limit]; NaN gives 0. limit must be >= 0.
JAM_REALTIME static inline float
dsp_clip_hard(const float x, const float limit)
{
  if (x > limit) {
    return limit;
  }
  if (x < -limit) {
    return -limit;
  }
  return x == x ? x : 0.0f; // NaN fails every comparison
}

/// tanh soft clip: slope 1 at 0, bounded by ±1 (reached exactly for |x| > ~9).
JAM_REALTIME static inline float
dsp_clip_tanh(const float x)
{
  return tanhf(dsp_clip_hard(x, 20.0f));
}

/// tanh without a libm call, for the 8x drives' clippers (8 per base sample): the rational
/// [13/6] approximation of Eigen's float tanh, x·P(x²)/Q(x²) on |x| <= 7.9053 and ±1 outside.
/// Within 4e-7 of tanh everywhere (tests/unit/test_dsp_clip.c), odd, bounded by ±1, NaN gives 0;
/// no branch in the arithmetic, so a loop over a block of it vectorises.
JAM_REALTIME static inline float
dsp_clip_tanh_fast(const float x)
{
  // Clamps written as selects (minps/maxps when vectorised); NaN passes them and is zeroed
  // at the end. Beyond ±7.9053 tanh rounds to ±1 in float.
  const float c = 7.90531110763549805f;
  float u = x < -c ? -c : x;
  u = u > c ? c : u;
  const float u2 = u * u;
  float p = -2.76076847742355e-16f;
  p = p * u2 + 2.00018790482477e-13f;
  p = p * u2 - 8.60467152213735e-11f;
  p = p * u2 + 5.12229709037114e-08f;
  p = p * u2 + 1.48572235717979e-05f;
  p = p * u2 + 6.37261928875436e-04f;
  p = p * u2 + 4.89352455891786e-03f;
  float q = 1.19825839466702e-06f;
  q = q * u2 + 1.18534705686654e-04f;
  q = q * u2 + 2.26843463243900e-03f;
  q = q * u2 + 4.89352518554385e-03f;
  float y = u * p / q;
  y = y < -1.0f ? -1.0f : y;
  y = y > 1.0f ? 1.0f : y;
  return x == x ? y : 0.0f;
}

/// dsp_clip_tanh_fast() of n samples in place. In runs of 8: a loop of a constant count is
/// one that -O2's vectoriser takes (it adds no scalar epilogue); the compare-and-selects need
/// -fno-trapping-math to become branch-free (the plugins build with it).
DSP_SIMD_CLONES JAM_REALTIME static inline void
dsp_clip_tanh_fast_process(const size_t n, float* const buf)
{
  size_t i = 0;
  for (; i + 8u <= n; i += 8u) {
    for (size_t l = 0; l < 8u; ++l) {
      buf[i + l] = dsp_clip_tanh_fast(buf[i + l]);
    }
  }
  for (; i < n; ++i) {
    buf[i] = dsp_clip_tanh_fast(buf[i]);
  }
}

/// Cheap rational soft clip: the [3/2] Padé approximant of tanh, x·(27 + x²)/(27 + 9x²),
/// on |x| <= 3 and ±1 outside. Slope 1 at 0 and 0 at ±3, so the curve joins the limit
/// smoothly; it stays within 0.024 of tanh. No transcendental call.
JAM_REALTIME static inline float
dsp_clip_rational(const float x)
{
  const float u = dsp_clip_hard(x, 3.0f);
  const float u2 = u * u;
  return u * (27.0f + u2) / (27.0f + 9.0f * u2);
}

/// Soft clip x / (1 + |x|) ("tube" in pedals_spec.md §3.3): slope 1 at 0, bounded by ±1,
/// approached slowly (0.5 at x = 1, 0.9 at x = 9).
JAM_REALTIME static inline float
dsp_clip_soft(const float x)
{
  const float u = dsp_clip_hard(x, 1e9f); // keeps inf/inf out; 1e9/(1+1e9) rounds to 1
  return u / (1.0f + fabsf(u));
}

/// Asymmetric tube-like clip ("brit", pedals_spec.md §3.3): x/(1+x) for x >= 0,
/// x/(1+3|x|) for x < 0. Output in (-1/3, 1); slope 1 at 0; creates even harmonics and DC.
JAM_REALTIME static inline float
dsp_clip_asym(const float x)
{
  const float u = dsp_clip_hard(x, 1e9f);
  return u >= 0.0f ? u / (1.0f + u) : u / (1.0f - 3.0f * u);
}

/// Even (full-wave) clip |x|/(1+|x|) ("oct"): doubles the frequency; output in [0, 1); large DC.
JAM_REALTIME static inline float
dsp_clip_even(const float x)
{
  const float a = fabsf(dsp_clip_hard(x, 1e9f));
  return a / (1.0f + a);
}

/// Exponential clip sign(x)·(1 - e^-|x|) (R's Champ): slope 1 at 0, bounded by ±1.
JAM_REALTIME static inline float
dsp_clip_exp(const float x)
{
  const float u = dsp_clip_hard(x, 100.0f);
  return u >= 0.0f ? -expm1f(-u) : expm1f(u);
}

/// Shapes available to dsp_clip_apply() and the anti-aliased DspClipAdaa.
typedef enum {
  DSP_CLIP_HARD,     ///< clamp to ±1 (for the ±0.5 "hard" of the pedals, use 0.5·hard(2x))
  DSP_CLIP_SOFT,     ///< x/(1+|x|), range (-1, 1)
  DSP_CLIP_RATIONAL, ///< Padé tanh, range [-1, 1] (the tanh-like choice for ADAA)
  DSP_CLIP_ASYM,     ///< x/(1+x) above 0, x/(1+3|x|) below, range (-1/3, 1)
  DSP_CLIP_EVEN,     ///< |x|/(1+|x|), range [0, 1)
  DSP_CLIP_EXP,      ///< sign(x)(1 - e^-|x|), range (-1, 1)
} DspClipShape;

/// Memoryless clip of one sample with a shape chosen at run time.
JAM_REALTIME static inline float
dsp_clip_apply(const DspClipShape shape, const float x)
{
  switch (shape) {
  case DSP_CLIP_HARD:
    return dsp_clip_hard(x, 1.0f);
  case DSP_CLIP_SOFT:
    return dsp_clip_soft(x);
  case DSP_CLIP_RATIONAL:
    return dsp_clip_rational(x);
  case DSP_CLIP_ASYM:
    return dsp_clip_asym(x);
  case DSP_CLIP_EVEN:
    return dsp_clip_even(x);
  case DSP_CLIP_EXP:
    return dsp_clip_exp(x);
  }
  return 0.0f;
}

// f, its anti-derivative F1 and second anti-derivative F2 (all 0 at x = 0), in double.
DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_clip_f_(const DspClipShape shape, const double x)
{
  const double a = fabs(x), s = x < 0.0 ? -1.0 : 1.0;
  switch (shape) {
  case DSP_CLIP_HARD:
    return a <= 1.0 ? x : s;
  case DSP_CLIP_SOFT:
    return x / (1.0 + a);
  case DSP_CLIP_RATIONAL:
    return a <= 3.0 ? x * (27.0 + x * x) / (27.0 + 9.0 * x * x) : s;
  case DSP_CLIP_ASYM:
    return x >= 0.0 ? x / (1.0 + x) : x / (1.0 - 3.0 * x);
  case DSP_CLIP_EVEN:
    return a / (1.0 + a);
  case DSP_CLIP_EXP:
    return -s * expm1(-a);
  }
  return 0.0;
}

DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_clip_F1_(const DspClipShape shape, const double x)
{
  const double a = fabs(x), s = x < 0.0 ? -1.0 : 1.0;
  switch (shape) {
  case DSP_CLIP_HARD:
    return a <= 1.0 ? 0.5 * x * x : a - 0.5;
  case DSP_CLIP_SOFT:
    return a - log1p(a);
  case DSP_CLIP_RATIONAL: {
    const double b = a <= 3.0 ? a : 3.0;
    const double v = b * b / 18.0 + (4.0 / 3.0) * log1p(b * b / 3.0);
    return v + (a - b);
  }
  case DSP_CLIP_ASYM:
    return x >= 0.0 ? x - log1p(x) : -x / 3.0 - log1p(-3.0 * x) / 9.0;
  case DSP_CLIP_EVEN:
    return s * (a - log1p(a));
  case DSP_CLIP_EXP:
    return a + expm1(-a);
  }
  return 0.0;
}

DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_clip_F2_(const DspClipShape shape, const double x)
{
  const double a = fabs(x), s = x < 0.0 ? -1.0 : 1.0;
  switch (shape) {
  case DSP_CLIP_HARD:
    return a <= 1.0 ? x * x * x / 6.0 : s * (0.5 * a * a - 0.5 * a + 1.0 / 6.0);
  case DSP_CLIP_SOFT:
    return s * (0.5 * a * a + a - (1.0 + a) * dsp_log1p(a));
  case DSP_CLIP_RATIONAL: {
    const double b = a <= 3.0 ? a : 3.0;
    const double r3 = 1.7320508075688772; // sqrt(3)
    const double f2b = b * b * b / 54.0 + (4.0 / 3.0) * (b * dsp_log1p(b * b / 3.0) - 2.0 * b +
                                                         2.0 * r3 * atan(b / r3));
    const double f1b = b * b / 18.0 + (4.0 / 3.0) * dsp_log1p(b * b / 3.0);
    const double e = a - b; // beyond ±3: f = ±1, F1 grows by e, F2 by F1(3)·e + e²/2
    return s * (f2b + f1b * e + 0.5 * e * e);
  }
  case DSP_CLIP_ASYM: { // one log1p for both sides: v = x above 0, -3x below
    const double v = x >= 0.0 ? x : -3.0 * x, l = dsp_log1p(v);
    return x >= 0.0 ? 0.5 * x * x + x - (1.0 + x) * l : -x * x / 6.0 + ((1.0 + v) * l - v) / 27.0;
  }
  case DSP_CLIP_EVEN:
    return 0.5 * a * a + a - (1.0 + a) * dsp_log1p(a);
  case DSP_CLIP_EXP:
    return s * (0.5 * a * a - a - expm1(-a));
  }
  return 0.0;
}

/// Lower and upper bound of a shape's output.
DSP_ALWAYS_INLINE JAM_REALTIME static inline void
dsp_clip_range_(const DspClipShape shape, double* const lo, double* const hi)
{
  *hi = 1.0;
  switch (shape) {
  case DSP_CLIP_HARD:
  case DSP_CLIP_SOFT:
  case DSP_CLIP_RATIONAL:
  case DSP_CLIP_EXP:
    *lo = -1.0;
    return;
  case DSP_CLIP_ASYM:
    *lo = -1.0 / 3.0;
    return;
  case DSP_CLIP_EVEN:
    *lo = 0.0;
    return;
  }
  *lo = -1.0;
}

/// Second-order anti-derivative anti-aliased clipper (Parker, Zavalishin and Le Bivic, DAFx
/// 2016): the output is f averaged over the last two input intervals with a triangular
/// kernel, computed exactly from F2. It attenuates the aliases of the clipper by about 12 dB
/// per octave of oversampling on top of the oversampler, stays within f's range, and delays
/// the signal by exactly one sample of the rate it runs at (also a gentle sinc² low-pass:
/// -0.3 dB at 20 kHz when run at 4·48 kHz). State is double.
typedef struct {
  double x1;          ///< previous input (signal units)
  double x2;          ///< input before that
  double x3;          ///< input before that (for the tolerance of the older difference)
  double f2_1;        ///< F2(x1)
  double f2_2;        ///< F2(x2)
  DspClipShape shape; ///< waveshape
} DspClipAdaa;

/// Resets the history (as if the input had been 0).
JAM_REALTIME static inline void
dsp_clip_adaa_reset(DspClipAdaa* const self)
{
  self->x1 = self->x2 = self->x3 = 0.0;
  self->f2_1 = self->f2_2 = 0.0;
}

/// Initialises for a shape with zero history.
static inline void
dsp_clip_adaa_init(DspClipAdaa* const self, const DspClipShape shape)
{
  self->shape = shape;
  dsp_clip_adaa_reset(self);
}

/// Delay that the ADAA clipper adds, in samples of the rate it runs at.
#define DSP_CLIP_ADAA_DELAY 1u

/// The divided difference (F2(a) - F2(b)) / (a - b) of the inputs a, b (F2 values fa, fb) with
/// c the input before b; its limit F1 of the midpoint when a and b are within the tolerance.
DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_clip_adaa_d_(const DspClipShape shape, const double a, const double b, const double c,
                 const double fa, const double fb)
{
  // Divided differences lose about eps·|F2| / (dx)^2: keep dx above a tolerance that grows
  // with the signal, and use the limit forms below it.
  const double tol = 1e-5 * (1.0 + fabs(a) + fabs(b) + fabs(c));
  return fabs(a - b) < tol ? dsp_clip_F1_(shape, 0.5 * (a + b)) : (fa - fb) / (a - b);
}

/// The general case of one output from the inputs x0 (newest) .. x3 and F2 of x0 .. x2:
///
///   y = 2/(x0 - x2)·[(g0 - g1)/(x0 - x1) - (g1 - g2)/(x1 - x2)]
///     = 2·[(g0 - g1)·(x1 - x2) - (g1 - g2)·(x0 - x1)] / [(x0 - x1)·(x1 - x2)·(x0 - x2)]
///
/// in its one-division form when all three differences are above the tolerances (returns
/// true and sets *y), else false. dsp_clip_adaa_run_() inlines the same arithmetic.
DSP_ALWAYS_INLINE JAM_REALTIME static inline bool
dsp_clip_adaa_fast_(const double x0, const double x1, const double x2, const double x3,
                    const double g0, const double g1, const double g2, double* const y)
{
  const double d01 = x0 - x1, d12 = x1 - x2, d02 = x0 - x2;
  const double tol = 1e-5 * (1.0 + fabs(x0) + fabs(x1) + fabs(x2));
  const double tol1 = 1e-5 * (1.0 + fabs(x1) + fabs(x2) + fabs(x3));
  if (!(fabs(d02) >= tol && fabs(d01) >= tol && fabs(d12) >= tol1)) {
    return false;
  }
  *y = 2.0 * ((g0 - g1) * d12 - (g1 - g2) * d01) / (d01 * d12 * d02);
  return true;
}

/// The general case when dsp_clip_adaa_fast_() declines: two divided differences with their
/// limit forms (dsp_clip_adaa_d_()), or, with x0 and x2 (nearly) equal, the limit in x0 - x2.
DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_clip_adaa_slow_(const DspClipShape shape, const double x0, const double x1, const double x2,
                    const double x3, const double g0, const double g1, const double g2)
{
  const double tol = 1e-5 * (1.0 + fabs(x0) + fabs(x1) + fabs(x2));
  if (fabs(x0 - x2) >= tol) {
    const double d01 = dsp_clip_adaa_d_(shape, x0, x1, x2, g0, g1);
    const double d12 = dsp_clip_adaa_d_(shape, x1, x2, x3, g1, g2);
    return 2.0 * (d01 - d12) / (x0 - x2);
  }
  const double xbar = 0.5 * (x0 + x2);
  const double delta = xbar - x1;
  if (fabs(delta) < tol) {
    return dsp_clip_f_(shape, 0.5 * (xbar + x1));
  }
  return 2.0 / delta * (dsp_clip_F1_(shape, xbar) + (g1 - dsp_clip_F2_(shape, xbar)) / delta);
}

/// The general case: dsp_clip_adaa_fast_(), else dsp_clip_adaa_slow_().
DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_clip_adaa_general_(const DspClipShape shape, const double x0, const double x1, const double x2,
                       const double x3, const double g0, const double g1, const double g2)
{
  double y = 0.0;
  return dsp_clip_adaa_fast_(x0, x1, x2, x3, g0, g1, g2, &y)
             ? y
             : dsp_clip_adaa_slow_(shape, x0, x1, x2, x3, g0, g1, g2);
}

/// dsp_clip_adaa_step() for a shape given apart (a constant at the call: the shape's switches
/// fold away).
DSP_ALWAYS_INLINE JAM_REALTIME static inline float
dsp_clip_adaa_step_(DspClipAdaa* const self, const float in, const DspClipShape shape)
{
  const double x0 = (double)dsp_clip_hard(in, 1e6f);
  const double x1 = self->x1, x2 = self->x2;
  // A repeated input (silence, a held level, the ±1e6 limit) repeats its F2 bit for bit.
  const double f2_0 = x0 == x1 ? self->f2_1 : dsp_clip_F2_(shape, x0);
  double y = 0.0;
  if (shape == DSP_CLIP_HARD &&
      ((x0 >= 1.0 && x1 >= 1.0 && x2 >= 1.0) || (x0 <= -1.0 && x1 <= -1.0 && x2 <= -1.0))) {
    y = x0 > 0.0 ? 1.0 : -1.0; // all three saturated: exact
  } else if (shape == DSP_CLIP_HARD && fabs(x0) <= 1.0 && fabs(x1) <= 1.0 && fabs(x2) <= 1.0) {
    y = (x0 + x1 + x2) / 3.0; // all three linear: exact
  } else {
    y = dsp_clip_adaa_general_(shape, x0, x1, x2, self->x3, f2_0, self->f2_1, self->f2_2);
  }
  self->x3 = x2;
  self->x2 = x1;
  self->x1 = x0;
  self->f2_2 = self->f2_1;
  self->f2_1 = f2_0;
  double lo = 0.0, hi = 0.0;
  dsp_clip_range_(shape, &lo, &hi);
  return (float)(y < lo ? lo : (y > hi ? hi : y)); // rounding can step a hair outside
}

/// Clips one sample with 2nd-order ADAA. NaN input counts as 0 and |x| is limited to 1e6, so
/// the output is always within the shape's range.
JAM_REALTIME static inline float
dsp_clip_adaa_step(DspClipAdaa* const self, const float in)
{
  return dsp_clip_adaa_step_(self, in, self->shape);
}

/// Runs LOOP(shape) in a switch on `shape`, once per shape, each with the shape a constant:
/// one copy of a per-sample loop per shape, its shape switches folded away (LOOP ends its
/// case itself).
#define DSP_CLIP_FOR_EACH_SHAPE(shape, LOOP)                                                       \
  switch (shape) {                                                                                 \
  case DSP_CLIP_HARD:                                                                              \
    LOOP(DSP_CLIP_HARD);                                                                           \
  case DSP_CLIP_SOFT:                                                                              \
    LOOP(DSP_CLIP_SOFT);                                                                           \
  case DSP_CLIP_RATIONAL:                                                                          \
    LOOP(DSP_CLIP_RATIONAL);                                                                       \
  case DSP_CLIP_ASYM:                                                                              \
    LOOP(DSP_CLIP_ASYM);                                                                           \
  case DSP_CLIP_EVEN:                                                                              \
    LOOP(DSP_CLIP_EVEN);                                                                           \
  case DSP_CLIP_EXP:                                                                               \
    LOOP(DSP_CLIP_EXP);                                                                            \
  }

/// A held input (silence, a constant level) over a run: when the history and every input of
/// the run equal x1, each output is f(x1), the value of the step's limit form there, and only
/// the history moves (as the step moves it). Returns false, having done nothing, otherwise.
/// Not for the hard clip, whose step gives the mean of three inputs in its linear zone.
JAM_REALTIME static inline bool
dsp_clip_adaa_held_(DspClipAdaa* const self, const size_t n, const float* const in,
                    float* const out)
{
  const double x = self->x1;
  if (n == 0 || self->x2 != x) {
    return false;
  }
  size_t held = 0; // stops at the first change: a signal costs a compare or two
  while (held < n && (double)dsp_clip_hard(in[held], 1e6f) == x) {
    ++held;
  }
  if (held < n) {
    return false;
  }
  double lo = 0.0, hi = 0.0;
  dsp_clip_range_(self->shape, &lo, &hi);
  const double y = dsp_clip_f_(self->shape, x);
  const float v = (float)(y < lo ? lo : (y > hi ? hi : y));
  for (size_t i = 0; i < n; ++i) {
    out[i] = v;
  }
  self->x3 = x;
  self->f2_2 = self->f2_1;
  return true;
}

/// Largest run of dsp_clip_adaa_run_().
#define DSP_CLIP_ADAA_RUN 64u

/// The step over a run of n <= DSP_CLIP_ADAA_RUN samples of a shape given apart, stage by stage
/// over arrays instead of sample by sample, so that -O2 vectorises each stage (F2 of every
/// input, then every output in dsp_clip_adaa_fast_()'s one-division form, its tests as
/// selects): the same arithmetic as the step, so bit for bit the same output and state. The
/// rare ill-conditioned samples (a difference below the step's tolerance) are flagged in the
/// vector loop and redone by dsp_clip_adaa_slow_() afterwards.
DSP_ALWAYS_INLINE JAM_REALTIME static inline void
dsp_clip_adaa_run_(DspClipAdaa* const self, const size_t n, const float* const in, float* const out,
                   const DspClipShape shape)
{
  // x[k]: inputs with 3 samples of history in front (x3, x2, x1), g[k] = F2(x[k]) (g[0] unused).
  double x[DSP_CLIP_ADAA_RUN + 3], g[DSP_CLIP_ADAA_RUN + 3];
  x[0] = self->x3;
  x[1] = self->x2;
  x[2] = self->x1;
  g[0] = 0.0;
  g[1] = self->f2_2;
  g[2] = self->f2_1;
  for (size_t i = 0; i < n; ++i) {
    x[i + 3] = (double)dsp_clip_hard(in[i], 1e6f);
  }
  for (size_t i = 0; i < n; ++i) {
    // A repeated input repeats its F2 bit for bit in the step too (F2 is a function).
    g[i + 3] = dsp_clip_F2_(shape, x[i + 3]);
  }
  double lo = 0.0, hi = 0.0;
  dsp_clip_range_(shape, &lo, &hi);
  int any_bad = 0; // a sample for dsp_clip_adaa_slow_()
  for (size_t i = 0; i < n; ++i) {
    const double x0 = x[i + 3], x1 = x[i + 2], x2 = x[i + 1], x3 = x[i];
    const double d01 = x0 - x1, d12 = x1 - x2, d02 = x0 - x2;
    const double tol = 1e-5 * (1.0 + fabs(x0) + fabs(x1) + fabs(x2));
    const double tol1 = 1e-5 * (1.0 + fabs(x1) + fabs(x2) + fabs(x3));
    const int bad = (fabs(d02) < tol) | (fabs(d01) < tol) | (fabs(d12) < tol1);
    const double y = 2.0 * ((g[i + 3] - g[i + 2]) * d12 - (g[i + 2] - g[i + 1]) * d01) /
                     (bad ? 1.0 : d01 * d12 * d02);
    any_bad |= bad;
    out[i] = (float)(y < lo ? lo : (y > hi ? hi : y));
  }
  for (size_t i = 0; any_bad && i < n; ++i) {
    double y = 0.0;
    if (!dsp_clip_adaa_fast_(x[i + 3], x[i + 2], x[i + 1], x[i], g[i + 3], g[i + 2], g[i + 1],
                             &y)) {
      y = dsp_clip_adaa_slow_(shape, x[i + 3], x[i + 2], x[i + 1], x[i], g[i + 3], g[i + 2],
                              g[i + 1]);
      out[i] = (float)(y < lo ? lo : (y > hi ? hi : y));
    }
  }
  self->x3 = x[n];
  self->x2 = x[n + 1];
  self->x1 = x[n + 2];
  self->f2_2 = g[n + 1];
  self->f2_1 = g[n + 2];
}

/// The hard clip over a run of n <= DSP_CLIP_ADAA_RUN samples. Its step has exact cases that
/// need no division (all three inputs within ±1: their mean; all three saturated on one side:
/// ±1); at any drive they are nearly every sample, so one vectorised loop gives them and the
/// few others (a window across ±1, a couple of samples per crossing) take the step's general
/// arithmetic one by one: bit for bit the step's output and state.
DSP_SIMD_CLONES JAM_REALTIME static inline void
dsp_clip_adaa_run_hard_(DspClipAdaa* const self, const size_t n, const float* const in,
                        float* const out)
{
  double x[DSP_CLIP_ADAA_RUN + 3];
  double other[DSP_CLIP_ADAA_RUN]; // 1.0 where the step's general case applies
  x[0] = self->x3;
  x[1] = self->x2;
  x[2] = self->x1;
  for (size_t i = 0; i < n; ++i) {
    x[i + 3] = (double)dsp_clip_hard(in[i], 1e6f);
  }
  for (size_t i = 0; i < n; ++i) {
    // Selects only, every flag a double (-O2 vectorises this loop; int flags or a reduction
    // in it defeat its if-conversion).
    const double x0 = x[i + 3], x1 = x[i + 2], x2 = x[i + 1];
    const double lo01 = x0 < x1 ? x0 : x1, hi01 = x0 > x1 ? x0 : x1;
    const double lo = lo01 < x2 ? lo01 : x2, hi = hi01 > x2 ? hi01 : x2;
    const double mean = (x0 + x1 + x2) / 3.0;
    double y = hi <= -1.0 ? -1.0 : mean; // all three saturated below
    y = lo >= 1.0 ? 1.0 : y;             // all three saturated above
    const double up = lo >= 1.0 ? 0.0 : 1.0;
    const double down = hi <= -1.0 ? 0.0 : up;
    const double lin = lo >= -1.0 ? (hi <= 1.0 ? 0.0 : 1.0) : 1.0;
    other[i] = down < lin ? down : lin;
    out[i] = (float)(y < -1.0 ? -1.0 : (y > 1.0 ? 1.0 : y));
  }
  for (size_t i = 0; i < n; ++i) {
    if (other[i] == 0.0) {
      continue;
    }
    // The step's general case (its F2 values recomputed: F2 is a function).
    const double x0 = x[i + 3], x1 = x[i + 2], x2 = x[i + 1];
    const double y =
        dsp_clip_adaa_general_(DSP_CLIP_HARD, x0, x1, x2, x[i], dsp_clip_F2_(DSP_CLIP_HARD, x0),
                               dsp_clip_F2_(DSP_CLIP_HARD, x1), dsp_clip_F2_(DSP_CLIP_HARD, x2));
    out[i] = (float)(y < -1.0 ? -1.0 : (y > 1.0 ? 1.0 : y));
  }
  self->x3 = x[n];
  self->x2 = x[n + 1];
  self->x1 = x[n + 2];
  self->f2_2 = dsp_clip_F2_(DSP_CLIP_HARD, x[n + 1]);
  self->f2_1 = dsp_clip_F2_(DSP_CLIP_HARD, x[n + 2]);
}

/// dsp_clip_adaa_run_() of the rational curves of the distortions, compiled for AVX2 too
/// (dsp/simd.h).
#define DSP_CLIP_ADAA_RUN_FN_(name, shape)                                                         \
  DSP_SIMD_CLONES JAM_REALTIME static inline void name(DspClipAdaa* const self, const size_t n,    \
                                                       const float* const in, float* const out)    \
  {                                                                                                \
    dsp_clip_adaa_run_(self, n, in, out, shape);                                                   \
  }
DSP_CLIP_ADAA_RUN_FN_(dsp_clip_adaa_run_soft_, DSP_CLIP_SOFT)
DSP_CLIP_ADAA_RUN_FN_(dsp_clip_adaa_run_asym_, DSP_CLIP_ASYM)
DSP_CLIP_ADAA_RUN_FN_(dsp_clip_adaa_run_even_, DSP_CLIP_EVEN)
#undef DSP_CLIP_ADAA_RUN_FN_

/// Clips n samples with ADAA; in place allowed. The same as dsp_clip_adaa_step() on each, in
/// runs of up to 64: the hard clip's in dsp_clip_adaa_run_hard_(), another shape's held input
/// in dsp_clip_adaa_held_(), the others in dsp_clip_adaa_run_() (the step itself for the
/// shapes without one).
JAM_REALTIME static inline void
dsp_clip_adaa_process(DspClipAdaa* const self, const size_t n, const float* const in,
                      float* const out)
{
  for (size_t done = 0; done < n; done += DSP_CLIP_ADAA_RUN) {
    const size_t m = n - done < DSP_CLIP_ADAA_RUN ? n - done : DSP_CLIP_ADAA_RUN;
    if (self->shape != DSP_CLIP_HARD && dsp_clip_adaa_held_(self, m, in + done, out + done)) {
      continue;
    }
    switch (self->shape) {
    case DSP_CLIP_HARD:
      dsp_clip_adaa_run_hard_(self, m, in + done, out + done);
      break;
    case DSP_CLIP_SOFT:
      dsp_clip_adaa_run_soft_(self, m, in + done, out + done);
      break;
    case DSP_CLIP_ASYM:
      dsp_clip_adaa_run_asym_(self, m, in + done, out + done);
      break;
    case DSP_CLIP_EVEN:
      dsp_clip_adaa_run_even_(self, m, in + done, out + done);
      break;
    case DSP_CLIP_RATIONAL:
    case DSP_CLIP_EXP: // atan, expm1: the step
      for (size_t i = 0; i < m; ++i) {
        out[done + i] = dsp_clip_adaa_step(self, in[done + i]);
      }
      break;
    }
  }
}

#endif // DSP_CLIP_H
