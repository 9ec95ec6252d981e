// SPDX-License-Identifier: ISC
/// Sigma Reverb (pedals_spec.md §2.5): the FV-1-style loop of two delay lines with Schroeder
/// all-pass diffusers. Per sample, with t = time:
///   a  = AP803(AP471(AP321(AP229(x))))                  input diffusion
///   D1 <- AP2565(AP1821(a + t·d2))                      branch 1 (4853 samples)
///   D2 <- LPF(HPF(AP1817(AP2114(t·d1))))               branch 2 (5888 samples)
///   y  = x + level·(d1 + d2)
/// Lengths are the spec's 48 kHz sample counts scaled by fs/48000 (§5 item 19). The loop
/// filters are Butterworth (Q 0.707: never above 0 dB), and time is capped at 0.95.
///
/// Exact decay: in the original, one trip round the loop (L = 19058 samples at 48 kHz, 0.397 s)
/// scales the signal by t², but the all-passes delay some frequencies up to (1+g)/(1-g) = 4
/// times their length, so the tail rings about 17 % longer than L·60/(-40·log10 t) and
/// unevenly. Here the loss t² is spread over every delay of the loop instead: with
/// γ = t^(2/L) per sample, each loop all-pass scales its stored sample by γ^N and the two
/// cross-feeds ("t·d") use c = γ^((D1+D2)/2). Every delay z^-k of the loop then carries γ^k,
/// which turns the loop's impulse response h(n) into γ^n·h(n): every mode decays at exactly
/// 60 dB per RT60 = L·60/(-40·log10 t) / fs seconds (2.0 s at 0.5, 3.8 s at 0.7, 27 s at 0.95),
/// save for the loop filters near their corners.

#include "dsp/biquad.h"
#include "dsp/delayline.h"
#include "dsp/reverb.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/// All-pass gain of every diffuser.
#define SIGMA_AP_GAIN 0.6f

/// All-pass lengths at 48 kHz: 4 input diffusers, 2 in branch 1, 2 in branch 2.
static const unsigned sigma_ap_len[8] = {229, 321, 471, 803, 1821, 2565, 2114, 1817};
/// Loop delay lengths at 48 kHz: D1, D2.
static const unsigned sigma_delay_len[2] = {4853, 5888};

typedef struct {
  double rate;            ///< sample rate, Hz
  float* memory;          ///< every line's buffer
  DspReverbAllpass ap[8]; ///< diffusers, in sigma_ap_len order
  DspDelayLine line[2];   ///< D1, D2
  unsigned len[2];        ///< D1, D2 lengths at this rate, samples
  DspBiquad hpf;          ///< loop high-pass (lowFreq)
  DspBiquad lpf;          ///< loop low-pass (highFreq)
  float last_low;         ///< lowFreq the HPF was designed for
  float last_high;        ///< highFreq the LPF was designed for
  unsigned loop_len;      ///< L: D1 + D2 + the four loop all-passes, samples
  float last_time;        ///< time the losses were computed for
  float ap_loss[4];       ///< γ^N of the loop all-passes (ap[4..7])
  PedalRamp cross;        ///< cross-feed gain c = γ^((D1+D2)/2)
  PedalRamp level;        ///< wet gain
} SigmaReverb;

static unsigned
scaled(const unsigned len48, const double rate)
{
  return (unsigned)lround(len48 * rate / 48000.0);
}

static void
sigma_reverb_destroy(void* const dsp)
{
  SigmaReverb* const self = (SigmaReverb*)dsp;
  if (self) {
    free(self->memory);
    free(self);
  }
}

static void*
sigma_reverb_create(const double rate)
{
  SigmaReverb* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->rate = rate;
  size_t sizes[10], total = 0;
  for (int i = 0; i < 8; ++i) {
    sizes[i] = dsp_delayline_size_for(scaled(sigma_ap_len[i], rate) + 1u);
    total += sizes[i];
    if (i >= 4) {
      self->loop_len += scaled(sigma_ap_len[i], rate);
    }
  }
  for (int i = 0; i < 2; ++i) {
    self->len[i] = scaled(sigma_delay_len[i], rate);
    sizes[8 + i] = dsp_delayline_size_for(self->len[i] + 1u);
    total += sizes[8 + i];
    self->loop_len += self->len[i];
  }
  self->memory = calloc(total, sizeof *self->memory);
  if (!self->memory) {
    sigma_reverb_destroy(self);
    return NULL;
  }
  float* p = self->memory;
  bool ok = true;
  for (int i = 0; i < 8; ++i) {
    ok &= dsp_reverb_allpass_init(&self->ap[i], p, sizes[i], scaled(sigma_ap_len[i], rate),
                                  SIGMA_AP_GAIN);
    p += sizes[i];
  }
  for (int i = 0; i < 2; ++i) {
    ok &= dsp_delayline_init(&self->line[i], p, sizes[8 + i]);
    p += sizes[8 + i];
  }
  if (!ok) {
    sigma_reverb_destroy(self);
    return NULL;
  }
  dsp_biquad_init(&self->hpf);
  dsp_biquad_init(&self->lpf);
  return self;
}

JAM_REALTIME static void
design(SigmaReverb* const self, const float low, const float high, const unsigned ramp)
{
  DspBiquadCoefs c;
  if (ramp == 0 || low != self->last_low) {
    c = dsp_biquad_design(DSP_BIQUAD_HIGHPASS, low, M_SQRT1_2, 0.0, self->rate);
    dsp_biquad_set_target(&self->hpf, &c, ramp);
    self->last_low = low;
  }
  if (ramp == 0 || high != self->last_high) {
    c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, high, M_SQRT1_2, 0.0, self->rate);
    dsp_biquad_set_target(&self->lpf, &c, ramp);
    self->last_high = high;
  }
}

/// Loop losses for a time knob value: the all-passes' γ^N; returns the cross-feed gain.
JAM_REALTIME static float
set_time(SigmaReverb* const self, const float time)
{
  // γ = t^(2/L); log form so that t = 0 gives 0 and no pow() of 0 to a fraction.
  const double log_g = time > 0.0f ? 2.0 * log((double)time) / self->loop_len : -INFINITY;
  for (int k = 0; k < 4; ++k) {
    self->ap_loss[k] = (float)exp(log_g * self->ap[4 + k].length);
  }
  self->last_time = time;
  return (float)exp(log_g * 0.5 * (self->len[0] + self->len[1]));
}

/// A loop all-pass whose stored sample loses `loss` (γ^N) per trip through its delay.
JAM_REALTIME static inline float
allpass_lossy(DspReverbAllpass* const ap, const float x, const float loss)
{
  const float m = loss * dsp_delayline_read(&ap->line, ap->length - 1u);
  const float v = x + ap->g * m;
  dsp_delayline_write(&ap->line, v);
  return m - ap->g * v;
}

JAM_REALTIME static void
sigma_reverb_reset(void* const dsp, const float* const params)
{
  SigmaReverb* const self = (SigmaReverb*)dsp;
  for (int i = 0; i < 8; ++i) {
    dsp_delayline_clear(&self->ap[i].line);
  }
  for (int i = 0; i < 2; ++i) {
    dsp_delayline_clear(&self->line[i]);
  }
  design(self, params[PEDAL_SIGMA_REVERB_LOW_FREQ], params[PEDAL_SIGMA_REVERB_HIGH_FREQ], 0);
  dsp_biquad_reset(&self->hpf);
  dsp_biquad_reset(&self->lpf);
  pedal_ramp_snap(&self->cross, set_time(self, params[PEDAL_SIGMA_REVERB_TIME]));
  pedal_ramp_snap(&self->level, params[PEDAL_SIGMA_REVERB_LEVEL]);
}

JAM_REALTIME static void
sigma_reverb_process(void* const dsp, const float* const params, const float* const in,
                     float* const out, const uint32_t n)
{
  SigmaReverb* const self = (SigmaReverb*)dsp;
  design(self, params[PEDAL_SIGMA_REVERB_LOW_FREQ], params[PEDAL_SIGMA_REVERB_HIGH_FREQ], n);
  const float time = params[PEDAL_SIGMA_REVERB_TIME];
  const float cross_target = time != self->last_time ? set_time(self, time) : self->cross.value;
  float c[PEDAL_BLOCK], level[PEDAL_BLOCK];
  pedal_ramp_fill(&self->cross, cross_target, n, c);
  pedal_ramp_fill(&self->level, params[PEDAL_SIGMA_REVERB_LEVEL], n, level);
  const float l4 = self->ap_loss[0], l5 = self->ap_loss[1];
  const float l6 = self->ap_loss[2], l7 = self->ap_loss[3];
  const unsigned l1 = self->len[0] - 1u, l2 = self->len[1] - 1u;
  for (uint32_t i = 0; i < n; ++i) {
    // Delay outputs: the samples written len writes ago (read before this sample's write).
    const float d1 = dsp_delayline_read(&self->line[0], l1);
    const float d2 = dsp_delayline_read(&self->line[1], l2);
    float a = in[i];
    for (int k = 0; k < 4; ++k) {
      a = dsp_reverb_allpass_step(&self->ap[k], a);
    }
    float b1 = allpass_lossy(&self->ap[4], a + c[i] * d2, l4);
    b1 = allpass_lossy(&self->ap[5], b1, l5);
    float b2 = allpass_lossy(&self->ap[6], c[i] * d1, l6);
    b2 = allpass_lossy(&self->ap[7], b2, l7);
    b2 = dsp_biquad_step(&self->lpf, dsp_biquad_step(&self->hpf, b2));
    dsp_delayline_write(&self->line[0], b1);
    dsp_delayline_write(&self->line[1], b2);
    out[i] = in[i] + level[i] * (d1 + d2);
  }
  dsp_biquad_guard(&self->hpf);
  dsp_biquad_guard(&self->lpf);
}

const PedalClass pedal_sigma_reverb_class = {
    .create = sigma_reverb_create,
    .destroy = sigma_reverb_destroy,
    .reset = sigma_reverb_reset,
    .process = sigma_reverb_process,
};
