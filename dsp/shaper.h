// SPDX-License-Identifier: ISC
/// The oversampled nonlinear section shared by the distortion pedals: y = shape(gain·x) run at
/// 2x or 4x the base rate, fs <-> 2fs through the IIR half-band filters of dsp/halfband.h and
/// at 4x 2fs <-> 4fs through a short FIR half-band (dsp/oversample.h's stage), with the
/// first-order anti-derivative anti-aliasing (ADAA1, Parker et al., DAFx 2016) of the
/// shape at the high rate:
///
///   y[m] = (F1(u[m]) - F1(u[m-1])) / (u[m] - u[m-1]),  u = gain·x at the high rate
///
/// ADAA1 averages the shape over each high-rate interval, which attenuates the harmonics that
/// would fold back by about 6 dB per octave on top of the half-band stopband. It costs one
/// F1 per high-rate sample (a log1p for the rational shapes, nothing for the hard clip).
/// dsp_shaper_set_order(2) uses the 2nd-order DspClipAdaa of dsp/clip.h instead (vectorised
/// over runs of 64): more rejection per octave, so 2x ADAA2 costs less than 4x ADAA1 for the
/// same aliasing.
/// The gain is linear-ramped per base sample by the caller (gain[] array). Each stage runs over
/// a pass of up to 64 samples (block half-band filters, one ADAA loop per shape).

#ifndef DSP_SHAPER_H
#define DSP_SHAPER_H

#include "common/rt.h"
#include "dsp/clip.h"
#include "dsp/halfband.h"
#include "dsp/oversample.h"
#include "dsp/simd.h"

#include <math.h>
#include <stddef.h>

/// Largest oversampling factor of a shaper.
#define DSP_SHAPER_MAX_FACTOR 4u

/// The oversampled shaper.
typedef struct {
  DspHalfband up;         ///< interpolator fs -> 2fs
  DspHalfband down;       ///< decimator 2fs -> fs
  DspOversampleStage fir; ///< 2fs <-> 4fs at 4x: FIR half-bands (dsp/oversample.h's stage 2)
  unsigned factor;        ///< 2 or 4
  DspClipShape shape;     ///< waveshape
  double u1;              ///< previous high-rate input of the shape (signal units)
  double f1_1;            ///< F1(u1)
  unsigned order;         ///< anti-derivative order: 1 (ADAA1, below) or 2 (DspClipAdaa)
  DspClipAdaa adaa2;      ///< second-order state (order 2)
} DspShaper;

/// Half-band design of fs <-> 2fs: passes 0.48·fs and stops from 0.52·fs (the IIR's narrow
/// transition for few multiplies). At 4x, 2fs <-> 4fs runs the 25-tap linear-phase FIR
/// half-bands of dsp/oversample.h's second stage (flat to 0.52·fs, 90 dB from 1.48·fs, which
/// is all that stage has to stop): no recursion, so -O2 vectorises them, where an IIR
/// half-band at 2fs costs a chain of dependent multiply-adds per sample. It adds 6 base
/// samples of delay (24 at 4fs for the round trip).
#define DSP_SHAPER_COEFS_0      8u
#define DSP_SHAPER_TRANSITION_0 0.02
/// Index of the FIR stage in dsp/oversample.h's design (25 taps).
#define DSP_SHAPER_FIR_STAGE 1u

/// Initialises for factor 2 or 4 (anything else gives 2) and a shape. Not real-time (designs
/// the filters): call from instantiate().
static inline void
dsp_shaper_init(DspShaper* const self, const unsigned factor, const DspClipShape shape)
{
  self->factor = factor == 4u ? 4u : 2u;
  self->shape = shape;
  dsp_halfband_design(&self->up, DSP_SHAPER_COEFS_0, DSP_SHAPER_TRANSITION_0);
  dsp_halfband_design(&self->down, DSP_SHAPER_COEFS_0, DSP_SHAPER_TRANSITION_0);
  dsp_oversample_stage_init_(&self->fir, DSP_SHAPER_FIR_STAGE);
  self->u1 = 0.0;
  self->f1_1 = 0.0;
  self->order = 1u;
  dsp_clip_adaa_init(&self->adaa2, shape);
}

/// Selects the anti-derivative order: 1 (default; half a high-rate sample of delay, a
/// cos(w/2) small-signal response, w = 2πf/(factor·fs)) or 2 (one high-rate sample
/// of delay, (1 + 2·cos w)/3; about 12 dB more alias rejection per octave of oversampling,
/// dearer per sample).
static inline void
dsp_shaper_set_order(DspShaper* const self, const unsigned order)
{
  self->order = order == 2u ? 2u : 1u;
}

/// Clears the state.
JAM_REALTIME static inline void
dsp_shaper_reset(DspShaper* const self)
{
  dsp_halfband_reset(&self->up);
  dsp_halfband_reset(&self->down);
  memset(self->fir.up_buf, 0, sizeof self->fir.up_buf);
  memset(self->fir.dn_buf, 0, sizeof self->fir.dn_buf);
  self->u1 = 0.0;
  self->f1_1 = dsp_clip_F1_(self->shape, 0.0);
  self->adaa2.shape = self->shape;
  dsp_clip_adaa_reset(&self->adaa2);
}

/// Changes the shape (the ADAA history is re-based, no click beyond the shape change itself).
JAM_REALTIME static inline void
dsp_shaper_set_shape(DspShaper* const self, const DspClipShape shape)
{
  if (shape != self->shape) {
    self->shape = shape;
    self->f1_1 = dsp_clip_F1_(shape, self->u1);
    self->adaa2.shape = shape;
    self->adaa2.f2_1 = dsp_clip_F2_(shape, self->adaa2.x1);
    self->adaa2.f2_2 = dsp_clip_F2_(shape, self->adaa2.x2);
  }
}

/// ADAA1 of one high-rate sample, for a shape given apart (constant at the call).
DSP_ALWAYS_INLINE JAM_REALTIME static inline float
dsp_shaper_adaa_(DspShaper* const self, const float in, const DspClipShape shape)
{
  const double u = (double)dsp_clip_hard(in, 1e6f);
  const double f1 = u == self->u1 ? self->f1_1 : dsp_clip_F1_(shape, u); // held: the same F1
  const double du = u - self->u1;
  double y;
  if (fabs(du) > 1e-5 * (1.0 + fabs(u))) {
    y = (f1 - self->f1_1) / du;
  } else {
    y = dsp_clip_f_(shape, 0.5 * (u + self->u1));
  }
  self->u1 = u;
  self->f1_1 = f1;
  return (float)y;
}

/// ADAA1 of n high-rate samples in place, one loop per shape (a held input at once).
JAM_REALTIME static inline void
dsp_shaper_adaa_block_(DspShaper* const self, const size_t n, float* const buf)
{
  // A held input (silence, a constant) gives f of it, the step's limit form, and leaves the
  // state as it is.
  size_t held = 0; // stops at the first change: a signal costs a compare or two
  while (held < n && (double)dsp_clip_hard(buf[held], 1e6f) == self->u1) {
    ++held;
  }
  if (held == n) {
    const float y = (float)dsp_clip_f_(self->shape, self->u1);
    for (size_t i = 0; i < n; ++i) {
      buf[i] = y;
    }
    return;
  }
#define DSP_SHAPER_ADAA_LOOP_(shape)                                                               \
  for (size_t i = 0; i < n; ++i) {                                                                 \
    buf[i] = dsp_shaper_adaa_(self, buf[i], shape);                                                \
  }                                                                                                \
  break
  DSP_CLIP_FOR_EACH_SHAPE(self->shape, DSP_SHAPER_ADAA_LOOP_)
#undef DSP_SHAPER_ADAA_LOOP_
}

/// Clears the FIR stage's history if it holds anything not finite (its input guard: the
/// IIR stages reset themselves the same way).
JAM_REALTIME static inline void
dsp_shaper_fir_guard_(DspOversampleStage* const st)
{
  bool finite = true;
  for (unsigned i = 0; i < st->hist; ++i) {
    finite = finite && isfinite(st->up_buf[i]) && isfinite(st->dn_buf[0][i]) &&
             isfinite(st->dn_buf[1][i]);
  }
  if (!finite) {
    memset(st->up_buf, 0, sizeof st->up_buf);
    memset(st->dn_buf, 0, sizeof st->dn_buf);
  }
}

/// Base samples per pass of dsp_shaper_process() (its buffers are on the stack; the pedals'
/// sub-blocks are 64 frames).
#define DSP_SHAPER_CHUNK 64u

/// True when n input samples are all zero and every state is zero: every stage then gives
/// exactly zero and keeps its state (each shape has f(0) = 0), so a silent shaper skips its
/// work. A signal costs a compare or two (the scan stops at the first non-zero sample).
JAM_REALTIME static inline bool
dsp_shaper_idle_(const DspShaper* const self, const size_t n, const float* const in)
{
  for (size_t i = 0; i < n; ++i) {
    if (in[i] != 0.0f) {
      return false;
    }
  }
  const DspClipAdaa* const a = &self->adaa2;
  bool clear = self->u1 == 0.0 && self->f1_1 == 0.0 && a->x1 == 0.0 && a->x2 == 0.0 &&
               a->x3 == 0.0 && a->f2_1 == 0.0 && a->f2_2 == 0.0;
  clear = clear && dsp_halfband_is_clear(&self->up) && dsp_halfband_is_clear(&self->down);
  if (!clear || self->factor != 4u) {
    return clear;
  }
  const DspOversampleStage* const f = &self->fir;
  int held = 0; // one OR over the three histories (a loop -O2 vectorises)
  for (unsigned i = 0; i < f->hist; ++i) {
    held |= (f->up_buf[i] != 0.0f) | (f->dn_buf[0][i] != 0.0f) | (f->dn_buf[1][i] != 0.0f);
  }
  return held == 0;
}

/// Processes n samples: out[i] = shape(gain[i]·in[i]) at the high rate. In place allowed. In
/// passes of up to DSP_SHAPER_CHUNK samples, each stage over the whole pass: interpolate
/// (half-band state in registers), shape (one loop per shape: the anti-derivatives inlined),
/// decimate. Silence into a settled shaper is zeros at once (dsp_shaper_idle_()).
JAM_REALTIME static inline void
dsp_shaper_process(DspShaper* const self, const size_t n, const float* const gain,
                   const float* const in, float* const out)
{
  if (dsp_shaper_idle_(self, n, in)) {
    for (size_t i = 0; i < n; ++i) {
      out[i] = 0.0f;
    }
    return;
  }
  float a[2 * DSP_SHAPER_CHUNK], b[4 * DSP_SHAPER_CHUNK];
  for (size_t done = 0; done < n; done += DSP_SHAPER_CHUNK) {
    const size_t m = n - done < DSP_SHAPER_CHUNK ? n - done : DSP_SHAPER_CHUNK;
    for (size_t i = 0; i < m; ++i) {
      b[i] = gain[done + i] * in[done + i];
    }
    dsp_halfband_up_block(&self->up, m, b, a);
    if (self->factor == 2u && self->order == 2u) {
      dsp_clip_adaa_process(&self->adaa2, 2 * m, a, a);
    } else if (self->factor == 2u) {
      dsp_shaper_adaa_block_(self, 2 * m, a);
    } else {
      dsp_oversample_stage_up_(&self->fir, (unsigned)(2 * m), a, b);
      if (self->order == 2u) {
        dsp_clip_adaa_process(&self->adaa2, 4 * m, b, b);
      } else {
        dsp_shaper_adaa_block_(self, 4 * m, b);
      }
      dsp_oversample_stage_down_(&self->fir, (unsigned)(2 * m), b, a);
    }
    dsp_halfband_down_block(&self->down, m, a, out + done);
  }
  dsp_halfband_guard(&self->up);
  dsp_halfband_guard(&self->down);
  if (self->factor == 4u) {
    dsp_shaper_fir_guard_(&self->fir);
  }
  if (!isfinite(self->u1) || !isfinite(self->f1_1)) {
    self->u1 = 0.0;
    self->f1_1 = dsp_clip_F1_(self->shape, 0.0);
  }
}

#endif // DSP_SHAPER_H
