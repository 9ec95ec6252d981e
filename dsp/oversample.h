// SPDX-License-Identifier: ISC
/// 2x/4x/8x oversampling for nonlinear stages: cascaded polyphase FIR interpolators and
/// decimators (Kaiser-windowed sinc, linear phase), designed at init, embedded by value.
///
/// Design, with fs the base rate: stage 1 (fs <-> 2fs) is flat (< 0.001 dB) to 0.375·fs
/// (18 kHz at 48 kHz) and attenuates >= 90 dB from 0.5·fs up, so nothing folds back into the
/// base band, not even into 20-24 kHz. Stages 2 and 3 (2fs <-> 4fs <-> 8fs) only have to
/// remove images around their new Nyquist and are short. A full round trip (up, then down) is
/// a pure delay of dsp_oversample_latency() base samples, an integer for every factor, which
/// drive pedals report on their LV2 latency port and use to align a dry path.
///
/// Per base sample: dsp_oversample_up(x, buf) fills `factor` samples at the high rate; process
/// them (clip, filters designed for factor·fs); dsp_oversample_down(buf) returns one sample.
///
/// Oversampling alone is not enough for hard drive: a 5 kHz sine clipped into a near-square
/// wave at 4x still aliases at -32 dB (harmonics near 4·fs fold back). Clip with DspClipAdaa
/// (dsp/clip.h) at the high rate: then every alias stays below -73 dB at 4x for any drive
/// (tests/unit/test_dsp_oversample.c). ADAA adds DSP_CLIP_ADAA_DELAY high-rate samples
/// (1/factor of a base sample), which the latency below does not include.
///
/// Latency at 2x/4x/8x: 47/53/55 base samples (0.98/1.10/1.15 ms at 48 kHz). Cost with an
/// ADAA clipper, x86-64 -O2: about 110/150/205 ns per base sample (0.5-1 % of a core at 48 kHz).

#ifndef DSP_OVERSAMPLE_H
#define DSP_OVERSAMPLE_H

#include "common/rt.h"

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

/// One 2x stage: interpolator and decimator sharing a design.
typedef struct {
  float h[DSP_OVERSAMPLE_MAX_TAPS];                 ///< impulse response, DC gain 1
  float phase[2][DSP_OVERSAMPLE_MAX_TAPS / 2];      ///< 2·h split into even and odd taps
  float up_hist[DSP_OVERSAMPLE_MAX_TAPS];           ///< input history at the low rate, doubled ring
  float down_hist[2 * DSP_OVERSAMPLE_MAX_TAPS + 2]; ///< input history at the high rate, doubled
  unsigned taps;                                    ///< filter length N
  unsigned phase_len[2];                            ///< taps in each polyphase branch
  unsigned up_len;                                  ///< up_hist ring length (ceil(N/2))
  unsigned up_pos;                                  ///< index of the newest low-rate sample
  unsigned down_len;                                ///< down_hist ring length (N + 1)
  unsigned down_pos;                                ///< index of the newest high-rate sample
} DspOversampleStage;

/// An oversampler of factor 1, 2, 4 or 8; embed by value (about 8 KB).
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
/// gain of 1.
static inline void
dsp_oversample_design_(float* const h, const unsigned n, const double fc, const double beta)
{
  const double m = 0.5 * (double)(n - 1);
  const double i0b = dsp_oversample_i0_(beta);
  double hd[DSP_OVERSAMPLE_MAX_TAPS];
  double sum = 0.0;
  for (unsigned i = 0; i < n; ++i) {
    const double t = (double)i - m;
    const double sinc = t == 0.0 ? 2.0 * fc : sin(2.0 * M_PI * fc * t) / (M_PI * t);
    const double r = m > 0.0 ? t / m : 0.0;
    const double w = dsp_oversample_i0_(beta * sqrt(fmax(0.0, 1.0 - r * r))) / i0b;
    hd[i] = sinc * w;
    sum += hd[i];
  }
  for (unsigned i = 0; i < n; ++i) {
    h[i] = (float)(hd[i] / sum);
  }
}

static inline void
dsp_oversample_stage_init_(DspOversampleStage* const st, const unsigned index)
{
  // Stage s runs at R = 2^(s+1)·fs. It must pass 0..P·fs and stop everything that would land
  // in 0..fs/2 after the remaining decimations: from R/2 - fs/2 up.
  const double r = (double)(2u << index); // high rate in units of fs
  const double pass = DSP_OVERSAMPLE_PASSBAND;
  const double stop = 0.5 * r - 0.5;
  const unsigned n = dsp_oversample_taps_(index);
  memset(st, 0, sizeof *st);
  st->taps = n;
  dsp_oversample_design_(st->h, n, 0.5 * (pass + stop) / r, DSP_OVERSAMPLE_KAISER_BETA);
  st->phase_len[0] = (n + 1) / 2;
  st->phase_len[1] = n / 2;
  for (unsigned i = 0; i < n; ++i) {
    st->phase[i & 1u][i >> 1] = 2.0f * st->h[i]; // zero stuffing halves the gain
  }
  st->up_len = (n + 1) / 2;
  st->down_len = n + 1;
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
    memset(st->up_hist, 0, sizeof st->up_hist);
    memset(st->down_hist, 0, sizeof st->down_hist);
    st->up_pos = st->down_pos = 0;
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

JAM_REALTIME static inline void
dsp_oversample_stage_up_(DspOversampleStage* const st, const float x, float* const out)
{
  const unsigned len = st->up_len;
  st->up_pos = st->up_pos == 0 ? len - 1 : st->up_pos - 1;
  st->up_hist[st->up_pos] = x;
  st->up_hist[st->up_pos + len] = x;
  const float* const w = &st->up_hist[st->up_pos]; // w[j] = x[n - j]
  for (unsigned p = 0; p < 2; ++p) {
    const float* const c = st->phase[p];
    float acc = 0.0f;
    for (unsigned j = 0; j < st->phase_len[p]; ++j) {
      acc += c[j] * w[j];
    }
    out[p] = acc;
  }
}

JAM_REALTIME static inline float
dsp_oversample_stage_down_(DspOversampleStage* const st, const float* const in)
{
  const unsigned len = st->down_len;
  for (unsigned k = 0; k < 2; ++k) {
    st->down_pos = st->down_pos == 0 ? len - 1 : st->down_pos - 1;
    st->down_hist[st->down_pos] = in[k];
    st->down_hist[st->down_pos + len] = in[k];
  }
  // Output phase d = (N-1) mod 2: d = 1 starts at the newest sample, d = 0 one older.
  const unsigned d = (st->taps - 1u) & 1u;
  const float* const w = &st->down_hist[st->down_pos + (1u - d)];
  float acc = 0.0f;
  for (unsigned k = 0; k < st->taps; ++k) {
    acc += st->h[k] * w[k];
  }
  return acc;
}

/// Interpolates one base-rate sample into `factor` high-rate samples (out[0] is the earliest).
JAM_REALTIME static inline void
dsp_oversample_up(DspOversampler* const self, const float x, float* const out)
{
  if (self->stages == 0) {
    out[0] = x;
    return;
  }
  float a[DSP_OVERSAMPLE_MAX_FACTOR] = {0.0f};
  float b[DSP_OVERSAMPLE_MAX_FACTOR] = {0.0f};
  a[0] = x;
  unsigned n = 1;
  for (unsigned s = 0; s < self->stages; ++s) {
    for (unsigned i = 0; i < n; ++i) { // oldest first: the stage history is chronological
      dsp_oversample_stage_up_(&self->stage[s], a[i], &b[2 * i]);
    }
    n *= 2;
    memcpy(a, b, n * sizeof *a);
  }
  memcpy(out, a, n * sizeof *a);
}

/// Decimates `factor` high-rate samples (in[0] the earliest) into one base-rate sample.
JAM_REALTIME static inline float
dsp_oversample_down(DspOversampler* const self, const float* const in)
{
  if (self->stages == 0) {
    return in[0];
  }
  float a[DSP_OVERSAMPLE_MAX_FACTOR];
  unsigned n = self->factor;
  memcpy(a, in, n * sizeof *a);
  for (unsigned s = self->stages; s-- > 0;) {
    for (unsigned i = 0; i < n / 2; ++i) {
      a[i] = dsp_oversample_stage_down_(&self->stage[s], &a[2 * i]);
    }
    n /= 2;
  }
  return a[0];
}

#endif // DSP_OVERSAMPLE_H
