// SPDX-License-Identifier: ISC
/// 2x/4x/8x oversampling for nonlinear stages: cascaded polyphase FIR interpolators and
/// decimators (Kaiser-windowed sinc, linear phase), designed at init, embedded by value.
///
/// Design, with fs the base rate: the stage-1 decimator (2fs -> fs) is flat (< 0.001 dB) to
/// 0.375·fs (18 kHz at 48 kHz) and attenuates >= 90 dB from 0.5·fs up, so nothing folds back
/// into the base band, not even into 20-24 kHz. Every other filter is a half-band (cutoff at a
/// quarter of its rate, every second tap exactly 0) of its stage's length (95, 25, 17 taps):
/// the stage-1 interpolator only has to remove the images of a base band that the drives have
/// already low-passed (>= 90 dB from 0.56·fs), and stages 2 and 3 (2fs <-> 4fs <-> 8fs) only
/// images and aliases around their new Nyquist. A full round trip (up, then down) is a pure
/// delay of dsp_oversample_latency() base samples, an integer for every factor, which drive
/// pedals report on their LV2 latency port and use to align a dry path.
///
/// Per block of n <= DSP_OVERSAMPLE_MAX_BLOCK base samples: dsp_oversample_up_block() fills
/// factor·n samples at the high rate; process them (clip, filters designed for factor·fs);
/// dsp_oversample_down_block() returns n samples. The filters run over whole blocks, several
/// outputs at once, with only the non-zero taps, two symmetric taps per multiply (the compiler
/// vectorises the inner loop), which is what makes the 8x drives cheap: per base sample, 25 +
/// 2·7 + 4·5 multiplies up and 48 + 2·7 + 4·5 down. dsp_oversample_up()/down() do one sample
/// (tests).
///
/// Oversampling alone is not enough for hard drive: a 5 kHz sine clipped into a near-square
/// wave at 4x still aliases at -32 dB (harmonics near 4·fs fold back). Clip with DspClipAdaa
/// (dsp/clip.h) at the high rate: then every alias stays below -73 dB at 4x for any drive
/// (tests/unit/test_dsp_oversample.c). ADAA adds DSP_CLIP_ADAA_DELAY high-rate samples
/// (1/factor of a base sample), which the latency below does not include.
///
/// Latency at 2x/4x/8x: 47/53/55 base samples (0.98/1.10/1.15 ms at 48 kHz).

#ifndef DSP_OVERSAMPLE_H
#define DSP_OVERSAMPLE_H

#include "common/rt.h"
#include "dsp/simd.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/// Largest oversampling factor.
#define DSP_OVERSAMPLE_MAX_FACTOR 8u
/// Largest number of cascaded 2x stages (log2 of the largest factor).
#define DSP_OVERSAMPLE_MAX_STAGES 3u
/// Largest filter length of one stage, taps.
#define DSP_OVERSAMPLE_MAX_TAPS 128u
/// Largest block of the block functions, base samples (pedals run 64-frame sub-blocks).
#define DSP_OVERSAMPLE_MAX_BLOCK 64u
/// Largest block at the low-rate side of one stage, samples.
#define DSP_OVERSAMPLE_MAX_STAGE_BLOCK (DSP_OVERSAMPLE_MAX_BLOCK * DSP_OVERSAMPLE_MAX_FACTOR / 2u)
/// Largest history of one stage filter, samples of one polyphase branch.
#define DSP_OVERSAMPLE_MAX_HIST (DSP_OVERSAMPLE_MAX_TAPS / 2u + 1u)
/// Passband edge of the whole chain, fraction of the base rate (0.375·fs: 18 kHz at 48 kHz).
#define DSP_OVERSAMPLE_PASSBAND 0.375
/// Kaiser window β of every stage (about 90 dB stopband).
#define DSP_OVERSAMPLE_KAISER_BETA 9.0

/// Filter length of stage `index` (0..2), taps. Chosen so that the stopbands reach 90 dB and
/// the round trip is an integer number of base samples: (N1-1)/2 + (N2-1)/4 + (N3-1)/8.
static inline unsigned
dsp_oversample_taps_(const unsigned index)
{
  return index == 0 ? 95u : index == 1 ? 25u : 17u;
}

/// The non-zero taps of one filter (or polyphase branch) as symmetric pairs: out[i] = sum_j
/// c[j]·(x[a[j] + i] + x[b[j] + i]), x a stage buffer. A linear-phase filter has h[k] =
/// h[N-1-k], so a pair costs one multiply for two taps; the middle tap of an odd count is a
/// pair with a[j] = b[j] and half its coefficient (exact: a power of two).
typedef struct {
  float c[DSP_OVERSAMPLE_MAX_TAPS];    ///< coefficient of each pair
  unsigned a[DSP_OVERSAMPLE_MAX_TAPS]; ///< offset of its first sample in the buffer
  unsigned b[DSP_OVERSAMPLE_MAX_TAPS]; ///< offset of its second sample
  unsigned n;                          ///< pairs
} DspOversampleTaps;

/// One 2x stage: a polyphase interpolator and a decimator of the same length, each kept as
/// its non-zero taps with the offset of the sample each one multiplies.
typedef struct {
  float h[DSP_OVERSAMPLE_MAX_TAPS];  ///< decimator impulse response, DC gain 1
  float hu[DSP_OVERSAMPLE_MAX_TAPS]; ///< interpolator impulse response, DC gain 1
  DspOversampleTaps up[2];           ///< interpolator branches (2·hu), offsets into up_buf
  DspOversampleTaps dn;              ///< decimator (h), offsets into dn_buf
  float up_buf[DSP_OVERSAMPLE_MAX_HIST + DSP_OVERSAMPLE_MAX_STAGE_BLOCK];    ///< low-rate input
  float dn_buf[2][DSP_OVERSAMPLE_MAX_HIST + DSP_OVERSAMPLE_MAX_STAGE_BLOCK]; ///< even, odd
  unsigned taps;                                                             ///< filter length N
  unsigned hist; ///< history kept in each buffer, samples
} DspOversampleStage;

/// An oversampler of factor 1, 2, 4 or 8; embed by value (about 28 KB).
typedef struct {
  DspOversampleStage stage[DSP_OVERSAMPLE_MAX_STAGES]; ///< stage[0] is fs <-> 2fs
  unsigned factor;                                     ///< oversampling factor: 1, 2, 4 or 8
  unsigned stages;                                     ///< log2(factor)
  unsigned latency;                                    ///< round-trip delay, base-rate samples
} DspOversampler;

static inline double
dsp_oversample_i0_(const double x)
{
  // Modified Bessel function of the first kind, order 0: sum of ((x/2)^k / k!)^2.
  double sum = 1.0, term = 1.0;
  for (int k = 1; k < 200; ++k) {
    const double f = x / (2.0 * k);
    term *= f * f;
    sum += term;
    if (term < 1e-17 * sum) {
      break;
    }
  }
  return sum;
}

/// Kaiser-windowed sinc low-pass of n taps with cutoff fc (cycles/sample), normalised to a DC
/// gain of 1. fc = 0.25 gives a half-band filter: the taps an even non-zero distance from the
/// centre are set to exactly 0 (the sinc's zeros), so that the block filters skip them.
static inline void
dsp_oversample_design_(float* const h, const unsigned n, const double fc, const double beta)
{
  const double m = 0.5 * (double)(n - 1);
  const double i0b = dsp_oversample_i0_(beta);
  const bool half = fc == 0.25;
  double hd[DSP_OVERSAMPLE_MAX_TAPS];
  double sum = 0.0;
  for (unsigned i = 0; i < n; ++i) {
    const double t = (double)i - m;
    const double sinc = t == 0.0 ? 2.0 * fc : sin(2.0 * M_PI * fc * t) / (M_PI * t);
    const double r = m > 0.0 ? t / m : 0.0;
    const double w = dsp_oversample_i0_(beta * sqrt(fmax(0.0, 1.0 - r * r))) / i0b;
    const bool zero = half && t != 0.0 && fmod(fabs(t), 2.0) == 0.0;
    hd[i] = zero ? 0.0 : sinc * w;
    sum += hd[i];
  }
  for (unsigned i = 0; i < n; ++i) {
    h[i] = (float)(hd[i] / sum);
  }
}

/// Pairs the n taps (c[t], off[t]), listed in filter order, from the ends inwards: tap t with
/// tap n-1-t when their coefficients are equal (always, for these symmetric designs), else
/// each alone.
static inline void
dsp_oversample_pair_(DspOversampleTaps* const taps, const float* const c, const unsigned* const off,
                     const unsigned n)
{
  taps->n = 0;
  for (unsigned t = 0; t < (n + 1u) / 2u; ++t) {
    const unsigned u = n - 1u - t;
    if (t != u && c[t] == c[u]) {
      taps->c[taps->n] = c[t];
      taps->a[taps->n] = off[t];
      taps->b[taps->n++] = off[u];
      continue;
    }
    taps->c[taps->n] = 0.5f * c[t];
    taps->a[taps->n] = taps->b[taps->n] = off[t];
    ++taps->n;
    if (t != u) {
      taps->c[taps->n] = 0.5f * c[u];
      taps->a[taps->n] = taps->b[taps->n] = off[u];
      ++taps->n;
    }
  }
}

static inline void
dsp_oversample_stage_init_(DspOversampleStage* const st, const unsigned index)
{
  // Stage s runs at R = 2^(s+1)·fs. Its decimator must pass 0..P·fs and stop everything that
  // would land in 0..fs/2 after the remaining decimations: from R/2 - fs/2 up. A half-band
  // (cutoff R/4, stopband from R/4 + its half transition width) does that for s >= 1.
  const double r = (double)(2u << index); // high rate in units of fs
  const double pass = DSP_OVERSAMPLE_PASSBAND;
  const double stop = 0.5 * r - 0.5;
  const unsigned n = dsp_oversample_taps_(index);
  memset(st, 0, sizeof *st);
  st->taps = n;
  st->hist = (n + 1u) / 2u;
  dsp_oversample_design_(st->h, n, index == 0 ? 0.5 * (pass + stop) / r : 0.25,
                         DSP_OVERSAMPLE_KAISER_BETA);
  dsp_oversample_design_(st->hu, n, 0.25, DSP_OVERSAMPLE_KAISER_BETA);
  float c[DSP_OVERSAMPLE_MAX_TAPS];
  unsigned off[DSP_OVERSAMPLE_MAX_TAPS];
  // Interpolator: out[2i+p] = sum_j 2·hu[2j+p]·x[i-j]; up_buf[hist + i] holds x[i].
  for (unsigned p = 0; p < 2u; ++p) {
    unsigned nt = 0;
    for (unsigned k = p; k < n; k += 2u) {
      if (st->hu[k] != 0.0f) {
        c[nt] = 2.0f * st->hu[k]; // zero stuffing halves the gain
        off[nt++] = st->hist - (k >> 1);
      }
    }
    dsp_oversample_pair_(&st->up[p], c, off, nt);
  }
  // Decimator: out[i] = sum_k h[k]·z[2i + d - k], with the output phase d = (N-1) mod 2 that
  // makes the round trip even; dn_buf[0][hist + q] holds z[2q], dn_buf[1][hist + q] z[2q+1].
  const int d = (int)((n - 1u) & 1u);
  const unsigned odd_base = (unsigned)(sizeof st->dn_buf[0] / sizeof st->dn_buf[0][0]);
  unsigned nt = 0;
  for (unsigned k = 0; k < n; ++k) {
    if (st->h[k] != 0.0f) {
      const int t = d - (int)k + 2 * (int)n; // + 2n keeps it positive: same parity
      const int odd = t & 1;
      const int q = (t - odd) / 2 - (int)n; // z[2i + d - k] = z[2(i + q) + odd]
      c[nt] = st->h[k];
      off[nt++] = (unsigned)odd * odd_base + (unsigned)((int)st->hist + q);
    }
  }
  dsp_oversample_pair_(&st->dn, c, off, nt);
}

/// Round trip of one stage in samples of its high rate: (N-1)/2 each way, minus the decimator's
/// output phase d = (N-1) mod 2 (which makes it even).
static inline unsigned
dsp_oversample_stage_delay_(const unsigned taps)
{
  return (taps - 1u) - ((taps - 1u) & 1u);
}

/// Initialises for factor 1, 2, 4 or 8 (designs the filters: call from instantiate(), not
/// run()). Returns false for any other factor, leaving a factor-1 pass-through.
static inline bool
dsp_oversample_init(DspOversampler* const self, const unsigned factor)
{
  memset(self, 0, sizeof *self);
  self->factor = 1;
  unsigned stages = 0;
  switch (factor) {
  case 1u:
    stages = 0;
    break;
  case 2u:
    stages = 1;
    break;
  case 4u:
    stages = 2;
    break;
  case 8u:
    stages = 3;
    break;
  default:
    return false;
  }
  unsigned delay8 = 0; // round trip in units of fs/8 samples... expressed at 8·fs
  for (unsigned s = 0; s < stages; ++s) {
    dsp_oversample_stage_init_(&self->stage[s], s);
    delay8 += dsp_oversample_stage_delay_(self->stage[s].taps) * (4u >> s);
  }
  self->factor = factor;
  self->stages = stages;
  self->latency = delay8 / 8u; // exact: the lengths are chosen so that delay8 % 8 == 0
  return true;
}

/// Clears the filter histories (silence in, silence out after the latency).
static inline void
dsp_oversample_reset(DspOversampler* const self)
{
  for (unsigned s = 0; s < self->stages; ++s) {
    DspOversampleStage* const st = &self->stage[s];
    memset(st->up_buf, 0, sizeof st->up_buf);
    memset(st->dn_buf, 0, sizeof st->dn_buf);
  }
}

/// Oversampling factor (1, 2, 4 or 8).
JAM_REALTIME static inline unsigned
dsp_oversample_factor(const DspOversampler* const self)
{
  return self->factor;
}

/// Round-trip latency (up then down) in base-rate samples: 0 at 1x; report it on the
/// plugin's latency port.
JAM_REALTIME static inline unsigned
dsp_oversample_latency(const DspOversampler* const self)
{
  return self->latency;
}

/// Lanes of the block filter: outputs computed together, one accumulator each, in four
/// quarters of 8 (32: four vectors in flight with AVX2, eight with SSE2, enough to hide the
/// latency of the additions; each quarter is a loop of a constant count that -O2 vectorises
/// and keeps in registers).
#define DSP_OVERSAMPLE_LANES   32u
#define DSP_OVERSAMPLE_QUARTER 8u

/// out[i·stride] = sum_j c[j]·(buf[a[j] + i] + buf[b[j] + i]) for i < m (DspOversampleTaps),
/// each sum in the order of j. The lane loops have no dependency between lanes: they
/// vectorise.
DSP_SIMD_CLONES JAM_REALTIME static inline void
dsp_oversample_fir_(const DspOversampleTaps* const taps, const float* const buf, const unsigned m,
                    float* const out, const unsigned stride)
{
  enum { Q = DSP_OVERSAMPLE_QUARTER };
  const float* const c = taps->c;
  const unsigned* const ta = taps->a;
  const unsigned* const tb = taps->b;
  const unsigned nt = taps->n;
  unsigned i = 0;
  for (; i + DSP_OVERSAMPLE_LANES <= m; i += DSP_OVERSAMPLE_LANES) {
    float a0[Q] = {0.0f}, a1[Q] = {0.0f}, a2[Q] = {0.0f}, a3[Q] = {0.0f};
    for (unsigned j = 0; j < nt; ++j) {
      const float cj = c[j];
      const float* const x = buf + ta[j] + i;
      const float* const y = buf + tb[j] + i;
      for (unsigned l = 0; l < Q; ++l) {
        a0[l] += cj * (x[l] + y[l]);
      }
      for (unsigned l = 0; l < Q; ++l) {
        a1[l] += cj * (x[Q + l] + y[Q + l]);
      }
      for (unsigned l = 0; l < Q; ++l) {
        a2[l] += cj * (x[2 * Q + l] + y[2 * Q + l]);
      }
      for (unsigned l = 0; l < Q; ++l) {
        a3[l] += cj * (x[3 * Q + l] + y[3 * Q + l]);
      }
    }
    for (unsigned l = 0; l < Q; ++l) {
      out[(i + l) * stride] = a0[l];
      out[(i + Q + l) * stride] = a1[l];
      out[(i + 2 * Q + l) * stride] = a2[l];
      out[(i + 3 * Q + l) * stride] = a3[l];
    }
  }
  for (; i < m; ++i) {
    float acc = 0.0f;
    for (unsigned j = 0; j < nt; ++j) {
      acc += c[j] * (buf[ta[j] + i] + buf[tb[j] + i]);
    }
    out[i * stride] = acc;
  }
}

/// One stage up: m low-rate samples in -> 2m out (in == out allowed: the input is copied
/// into the history first).
JAM_REALTIME static inline void
dsp_oversample_stage_up_(DspOversampleStage* const st, const unsigned m, const float* const in,
                         float* const out)
{
  float* const b = st->up_buf;
  memcpy(b + st->hist, in, m * sizeof *b);
  for (unsigned p = 0; p < 2; ++p) {
    dsp_oversample_fir_(&st->up[p], b, m, out + p, 2u);
  }
  memmove(b, b + m, st->hist * sizeof *b);
}

/// One stage down: 2m high-rate samples in -> m out (in == out allowed).
JAM_REALTIME static inline void
dsp_oversample_stage_down_(DspOversampleStage* const st, const unsigned m, const float* const in,
                           float* const out)
{
  float* const e = st->dn_buf[0];
  float* const o = st->dn_buf[1];
  const unsigned h = st->hist;
  unsigned q = 0;
  for (; q + 8u <= m; q += 8u) { // runs of 8: a constant count, which -O2 vectorises
    for (unsigned l = 0; l < 8u; ++l) {
      e[h + q + l] = in[2u * (q + l)];
      o[h + q + l] = in[2u * (q + l) + 1u];
    }
  }
  for (; q < m; ++q) {
    e[h + q] = in[2u * q];
    o[h + q] = in[2u * q + 1u];
  }
  dsp_oversample_fir_(&st->dn, e, m, out, 1u);
  memmove(e, e + m, h * sizeof *e);
  memmove(o, o + m, h * sizeof *o);
}

/// Interpolates n <= DSP_OVERSAMPLE_MAX_BLOCK base samples into factor·n high-rate samples
/// (in time order); in and hi must not overlap.
JAM_REALTIME static inline void
dsp_oversample_up_block(DspOversampler* const self, const unsigned n, const float* const in,
                        float* const hi)
{
  if (self->stages == 0) {
    memcpy(hi, in, n * sizeof *hi);
    return;
  }
  dsp_oversample_stage_up_(&self->stage[0], n, in, hi);
  unsigned m = 2u * n;
  for (unsigned s = 1; s < self->stages; ++s) {
    dsp_oversample_stage_up_(&self->stage[s], m, hi, hi);
    m *= 2u;
  }
}

/// Decimates factor·n high-rate samples (n <= DSP_OVERSAMPLE_MAX_BLOCK, in time order) into
/// n base samples. hi is used as scratch: its contents are lost.
JAM_REALTIME static inline void
dsp_oversample_down_block(DspOversampler* const self, const unsigned n, float* const hi,
                          float* const out)
{
  if (self->stages == 0) {
    memcpy(out, hi, n * sizeof *out);
    return;
  }
  unsigned m = self->factor * n / 2u;
  for (unsigned s = self->stages; s-- > 1;) {
    dsp_oversample_stage_down_(&self->stage[s], m, hi, hi);
    m /= 2u;
  }
  dsp_oversample_stage_down_(&self->stage[0], n, hi, out);
}

/// Interpolates one base-rate sample into `factor` high-rate samples (out[0] is the earliest).
JAM_REALTIME static inline void
dsp_oversample_up(DspOversampler* const self, const float x, float* const out)
{
  dsp_oversample_up_block(self, 1u, &x, out);
}

/// Decimates `factor` high-rate samples (in[0] the earliest) into one base-rate sample.
JAM_REALTIME static inline float
dsp_oversample_down(DspOversampler* const self, const float* const in)
{
  float a[DSP_OVERSAMPLE_MAX_FACTOR];
  memcpy(a, in, self->factor * sizeof *a);
  float y = 0.0f;
  dsp_oversample_down_block(self, 1u, a, &y);
  return y;
}

#endif // DSP_OVERSAMPLE_H
