// SPDX-License-Identifier: ISC
/// Cheap 2x/4x oversampling with polyphase IIR half-band filters: two parallel chains of
/// first-order all-pass sections in z^-2 (Valenzuela and Constantinides, 1983; the elliptic
/// design of Laurent de Soras's "hiir", written here from the published formulas).
///
///   H(z) = ½·[A0(z²) + z⁻¹·A1(z²)],  Ak(z) = Π (a_i + z⁻¹)/(1 + a_i·z⁻¹)
///
/// The coefficients are sorted; even-indexed ones form path 0, odd ones path 1. Interpolation
/// of x[n] gives the two high-rate samples path0(x), path1(x); decimation of (v0, v1) gives
/// ½·(path0(v1) + path1(v0)). Each section costs one multiply per path sample, so a 2x round
/// trip with 8 coefficients is 16 multiplies per base sample, against 73 for the 95-tap stage
/// of dsp/oversample.h (its non-zero taps, two symmetric ones per multiply). The price is a
/// non-linear phase (a few samples of group delay, growing towards the band edge); pedals whose
/// clean path is mixed with the oversampled one use dsp_halfband_delay_samples() to align it.
///
/// dsp_halfband_up_block()/down_block() do the same over a block, both paths side by side in
/// one 2-double vector and the state in registers for the whole block: each section's
/// recursion then costs its three operations instead of a store and a reload per sample. The
/// block loop is software-pipelined (section j on sample t - j at step t), so that one
/// sample's chain through the sections does not hold up the next: the same output bit for bit.

#ifndef DSP_HALFBAND_H
#define DSP_HALFBAND_H

#include "common/rt.h"
#include "dsp/simd.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/// Largest number of all-pass coefficients of one half-band filter.
#define DSP_HALFBAND_MAX_COEFS 12u

/// One half-band filter (used either as interpolator or as decimator).
typedef struct {
  double a[DSP_HALFBAND_MAX_COEFS];  ///< all-pass coefficients, sorted, 0 < a < 1
  double x1[DSP_HALFBAND_MAX_COEFS]; ///< previous input of each section (signal units)
  double y1[DSP_HALFBAND_MAX_COEFS]; ///< previous output of each section
  unsigned n;                        ///< number of coefficients
  bool fused;                        ///< sections in fused multiply-adds (dsp_halfband_fused_())
} DspHalfband;

/// Whether the block filters below run their sections in fused multiply-adds on this machine:
/// GCC contracts them (DSP_FP_CONTRACT) where the code runs with FMA, that is on aarch64, and
/// on x86 in the x86-64-v3 and v4 clones of dsp/simd.h (AVX2 with FMA), or everywhere when
/// the build targets FMA. A section (a·v + x1) - a·y1 is then fma(-a, y1, fma(a, v, x1)):
/// its recursion through y1 is one 4-cycle operation instead of a multiply then a subtraction,
/// which halves the time of a half-band filter (that recursion bounds it). The per-sample
/// path takes the same form on the same machine, so the two give the same output bit for bit.
static inline bool
dsp_halfband_fused_(void)
{
#if defined(__aarch64__) || defined(__FMA__)
  return true;
#elif defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                           \
    !defined(__SANITIZE_THREAD__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

/// One all-pass section of the per-sample path: (a·v + x1) - a·y1, fused as the block filters
/// on this machine (dsp_halfband_fused_()).
JAM_REALTIME static inline double
dsp_halfband_allpass_(const double a, const double v, const double x1, const double y1,
                      const bool fused)
{
  return fused ? fma(-a, y1, fma(a, v, x1)) : (a * v + x1) - a * y1;
}

/// Sum of a theta-function series term for the design (hiir's numerator).
static inline double
dsp_halfband_acc_num_(const double q, const int order, const int c)
{
  double acc = 0.0, term = 0.0;
  int i = 0, sign = 1;
  do {
    term = pow(q, (double)(i * (i + 1))) * sin((double)((2 * i + 1) * c) * M_PI / order) * sign;
    acc += term;
    sign = -sign;
    ++i;
  } while (fabs(term) > 1e-100 && i < 100);
  return acc;
}

/// Sum of a theta-function series term for the design (hiir's denominator).
static inline double
dsp_halfband_acc_den_(const double q, const int order, const int c)
{
  double acc = 0.0, term = 0.0;
  int i = 1, sign = -1;
  do {
    term = pow(q, (double)(i * i)) * cos((double)(2 * i * c) * M_PI / order) * sign;
    acc += term;
    sign = -sign;
    ++i;
  } while (fabs(term) > 1e-100 && i < 100);
  return acc;
}

/// Designs an elliptic half-band filter of n coefficients (n <= DSP_HALFBAND_MAX_COEFS) whose
/// transition band is `transition` wide, as a fraction of the high rate, centred on a quarter
/// of it (0 < transition < 0.5): it passes up to (0.25 - transition/2)·rate. Clears the state.
/// Not real-time (pow, sin, cos): call from instantiate().
static inline void
dsp_halfband_design(DspHalfband* const self, const unsigned n, const double transition)
{
  memset(self, 0, sizeof *self);
  self->n = n > DSP_HALFBAND_MAX_COEFS ? DSP_HALFBAND_MAX_COEFS : n;
  self->fused = dsp_halfband_fused_();
  double k = tan((1.0 - 2.0 * transition) * M_PI / 4.0);
  k *= k;
  const double kk = pow(1.0 - k * k, 0.25);
  const double e = 0.5 * (1.0 - kk) / (1.0 + kk);
  const double e4 = e * e * e * e;
  const double q = e * (1.0 + e4 * (2.0 + e4 * (15.0 + 150.0 * e4)));
  const int order = 2 * (int)self->n + 1;
  for (unsigned i = 0; i < self->n; ++i) {
    const int c = (int)i + 1;
    const double num = dsp_halfband_acc_num_(q, order, c) * pow(q, 0.25);
    const double den = dsp_halfband_acc_den_(q, order, c) + 0.5;
    const double ww = num / den, w2 = ww * ww;
    const double x = sqrt((1.0 - w2 * k) * (1.0 - w2 / k)) / (1.0 + w2);
    self->a[i] = (1.0 - x) / (1.0 + x);
  }
}

/// Clears the state.
JAM_REALTIME static inline void
dsp_halfband_reset(DspHalfband* const self)
{
  memset(self->x1, 0, sizeof self->x1);
  memset(self->y1, 0, sizeof self->y1);
}

/// Runs s0 through path 0 and s1 through path 1 (one sample each, at the base rate of the
/// paths).
JAM_REALTIME static inline void
dsp_halfband_paths_(DspHalfband* const self, double* const s0, double* const s1)
{
  double u0 = *s0, u1 = *s1;
  const unsigned n = self->n;
  const bool f = self->fused;
  for (unsigned i = 0; i + 1 < n; i += 2) {
    const double v0 = dsp_halfband_allpass_(self->a[i], u0, self->x1[i], self->y1[i], f);
    const double v1 =
        dsp_halfband_allpass_(self->a[i + 1], u1, self->x1[i + 1], self->y1[i + 1], f);
    self->x1[i] = u0;
    self->y1[i] = v0;
    self->x1[i + 1] = u1;
    self->y1[i + 1] = v1;
    u0 = v0;
    u1 = v1;
  }
  if (n & 1u) {
    const unsigned i = n - 1;
    const double v0 = dsp_halfband_allpass_(self->a[i], u0, self->x1[i], self->y1[i], f);
    self->x1[i] = u0;
    self->y1[i] = v0;
    u0 = v0;
  }
  *s0 = u0;
  *s1 = u1;
}

/// Interpolates one sample into two (out[0] first in time).
JAM_REALTIME static inline void
dsp_halfband_up(DspHalfband* const self, const float x, float* const out)
{
  double s0 = x, s1 = x;
  dsp_halfband_paths_(self, &s0, &s1);
  out[0] = (float)s0;
  out[1] = (float)s1;
}

/// Decimates two samples (in[0] first in time) into one.
JAM_REALTIME static inline float
dsp_halfband_down(DspHalfband* const self, const float* const in)
{
  double s0 = in[1], s1 = in[0];
  dsp_halfband_paths_(self, &s0, &s1);
  return (float)(0.5 * (s0 + s1));
}

/// Two doubles, path 0 and path 1 of a half-band filter side by side (GCC/clang vector
/// extension: SSE2 or NEON registers, the same IEEE operations as two scalars).
typedef double DspHalfbandPair __attribute__((vector_size(16)));

/// One section pair on one sample: (a·v + x1) - a·y1, state updated.
DSP_ALWAYS_INLINE JAM_REALTIME static inline DspHalfbandPair
dsp_halfband_section_(const DspHalfbandPair a, DspHalfbandPair* const x1, DspHalfbandPair* const y1,
                      const DspHalfbandPair v)
{
  const DspHalfbandPair w = (a * v + *x1) - a * *y1;
  *x1 = v;
  *y1 = w;
  return w;
}

/// Runs n samples u[t] = {path-0 input, path-1 input} through np section pairs in place, the
/// state in registers for the whole block (np a constant at the call; the section loop is
/// unrolled). The same arithmetic as dsp_halfband_paths_(), in the same order.
DSP_ALWAYS_INLINE JAM_REALTIME static inline void
dsp_halfband_block_(DspHalfband* const self, const size_t n, DspHalfbandPair* const u,
                    const unsigned np)
{
  DspHalfbandPair a[DSP_HALFBAND_MAX_COEFS / 2], x1[DSP_HALFBAND_MAX_COEFS / 2],
      y1[DSP_HALFBAND_MAX_COEFS / 2];
#pragma GCC unroll 6
  for (unsigned j = 0; j < np; ++j) {
    a[j] = (DspHalfbandPair){self->a[2 * j], self->a[2 * j + 1]};
    x1[j] = (DspHalfbandPair){self->x1[2 * j], self->x1[2 * j + 1]};
    y1[j] = (DspHalfbandPair){self->y1[2 * j], self->y1[2 * j + 1]};
  }
  if (n < np) { // too short to fill the pipeline below: sample by sample
    for (size_t t = 0; t < n; ++t) {
      DspHalfbandPair v = u[t];
#pragma GCC unroll 6
      for (unsigned j = 0; j < np; ++j) {
        v = dsp_halfband_section_(a[j], &x1[j], &y1[j], v);
      }
      u[t] = v;
    }
  } else {
    // Software-pipelined: step t runs section j on sample t - j, on what section j - 1 gave at
    // step t - 1 (v[j]), so the sections of a step do not wait for each other; each section
    // sees the same inputs in the same order (bit for bit the same output).
    DspHalfbandPair v[DSP_HALFBAND_MAX_COEFS / 2];
#pragma GCC unroll 6
    for (unsigned t = 0; t + 1 < np; ++t) { // fill: step t runs sections 0..t
#pragma GCC unroll 6
      for (unsigned j = t + 1; j-- > 0;) {
        v[j + 1] = dsp_halfband_section_(a[j], &x1[j], &y1[j], j == 0 ? u[t] : v[j]);
      }
    }
    for (size_t t = np - 1; t < n; ++t) {
      const DspHalfbandPair last =
          dsp_halfband_section_(a[np - 1], &x1[np - 1], &y1[np - 1], np == 1 ? u[t] : v[np - 1]);
#pragma GCC unroll 6
      for (unsigned j = np - 1; j-- > 0;) {
        v[j + 1] = dsp_halfband_section_(a[j], &x1[j], &y1[j], j == 0 ? u[t] : v[j]);
      }
      u[t - (np - 1)] = last;
    }
#pragma GCC unroll 6
    for (unsigned d = 0; d + 1 < np; ++d) { // drain: step n + d runs sections d + 1..np - 1
      u[n - (np - 1) + d] = dsp_halfband_section_(a[np - 1], &x1[np - 1], &y1[np - 1], v[np - 1]);
#pragma GCC unroll 6
      for (unsigned j = np - 1; j-- > d + 1;) {
        v[j + 1] = dsp_halfband_section_(a[j], &x1[j], &y1[j], v[j]);
      }
    }
  }
#pragma GCC unroll 6
  for (unsigned j = 0; j < np; ++j) {
    self->x1[2 * j] = x1[j][0];
    self->x1[2 * j + 1] = x1[j][1];
    self->y1[2 * j] = y1[j][0];
    self->y1[2 * j + 1] = y1[j][1];
  }
}

/// Runs n pairs through the filter: one loop per even coefficient count (state in
/// registers), the per-sample path for an odd count. Compiled for AVX2 and AVX-512 too, its
/// sections contracted into fused multiply-adds where the code runs with FMA
/// (dsp_halfband_fused_()).
DSP_SIMD_CLONES DSP_FP_CONTRACT JAM_REALTIME static inline void
dsp_halfband_pairs_(DspHalfband* const self, const size_t n, DspHalfbandPair* const u)
{
  switch (self->n) {
  case 2u:
    dsp_halfband_block_(self, n, u, 1u);
    return;
  case 4u:
    dsp_halfband_block_(self, n, u, 2u);
    return;
  case 6u:
    dsp_halfband_block_(self, n, u, 3u);
    return;
  case 8u:
    dsp_halfband_block_(self, n, u, 4u);
    return;
  case 10u:
    dsp_halfband_block_(self, n, u, 5u);
    return;
  case 12u:
    dsp_halfband_block_(self, n, u, 6u);
    return;
  default:
    for (size_t t = 0; t < n; ++t) {
      double s0 = u[t][0], s1 = u[t][1];
      dsp_halfband_paths_(self, &s0, &s1);
      u[t] = (DspHalfbandPair){s0, s1};
    }
    return;
  }
}

/// Largest block of dsp_halfband_up_block()/down_block(), samples at the low rate.
#define DSP_HALFBAND_MAX_BLOCK 128u

/// Interpolates n <= DSP_HALFBAND_MAX_BLOCK samples into 2n (as dsp_halfband_up() on each).
JAM_REALTIME static inline void
dsp_halfband_up_block(DspHalfband* const self, const size_t n, const float* const in,
                      float* const out)
{
  DspHalfbandPair u[DSP_HALFBAND_MAX_BLOCK];
  for (size_t t = 0; t < n; ++t) {
    u[t] = (DspHalfbandPair){in[t], in[t]};
  }
  dsp_halfband_pairs_(self, n, u);
  for (size_t t = 0; t < n; ++t) {
    out[2 * t] = (float)u[t][0];
    out[2 * t + 1] = (float)u[t][1];
  }
}

/// Decimates 2n samples into n <= DSP_HALFBAND_MAX_BLOCK (as dsp_halfband_down() on each
/// pair); in == out allowed.
JAM_REALTIME static inline void
dsp_halfband_down_block(DspHalfband* const self, const size_t n, const float* const in,
                        float* const out)
{
  DspHalfbandPair u[DSP_HALFBAND_MAX_BLOCK];
  for (size_t t = 0; t < n; ++t) {
    u[t] = (DspHalfbandPair){in[2 * t + 1], in[2 * t]};
  }
  dsp_halfband_pairs_(self, n, u);
  for (size_t t = 0; t < n; ++t) {
    out[t] = (float)(0.5 * (u[t][0] + u[t][1]));
  }
}

/// True when every state variable is exactly zero (after silence, the guard below gets there).
JAM_REALTIME static inline bool
dsp_halfband_is_clear(const DspHalfband* const self)
{
  bool clear = true;
  for (unsigned i = 0; i < self->n; ++i) {
    clear &= self->x1[i] == 0.0 && self->y1[i] == 0.0;
  }
  return clear;
}

/// Zeroes state that is not finite or below 1e-20 (end of block).
JAM_REALTIME static inline void
dsp_halfband_guard(DspHalfband* const self)
{
  for (unsigned i = 0; i < self->n; ++i) {
    if (!isfinite(self->x1[i]) || !isfinite(self->y1[i])) {
      dsp_halfband_reset(self);
      return;
    }
    if (fabs(self->y1[i]) < 1e-20 && fabs(self->x1[i]) < 1e-20) {
      self->x1[i] = self->y1[i] = 0.0;
    }
  }
}

#endif // DSP_HALFBAND_H
