// SPDX-License-Identifier: ISC
/// Reverb (pedals_spec.md §2.6): a plate reverb written from the topology Jon Dattorro
/// published ("Effect Design, Part 1: Reverberator and Other Filters", JAES 45(9), 1997),
/// not from the GPL-3 MVerb the original wrapped, with the settings the spec lists for the
/// original (size 0.75, 100 ms predelay, 9.3 kHz bandwidth and damping).
///
///   in -> predelay 100 ms -> LP1 9.3 kHz -> 4 input all-passes (142, 107, 379, 277 samples
///   at 29761 Hz; g 0.75, 0.75, 0.625, 0.625) -> the figure-8 tank:
///
///   left:  (diffused + decay·right_out) -> AP 672 (g -0.7) -> delay 4453 -> LP1 9.3 kHz
///          -> ·decay -> AP 1800 (g d2) -> delay 3720 -> left_out
///   right: (diffused + decay·left_out)  -> AP 908 (g -0.7) -> delay 4217 -> LP1 9.3 kHz
///          -> ·decay -> AP 2656 (g d2) -> delay 3163 -> right_out
///
///   d2 = clamp(decay + 0.15, 0.25, 0.5). Tank lengths are the paper's × 0.75 (the size),
///   all lengths scaled from 29761 Hz to the host rate.
///
/// The output is the paper's left tap sum, 0.6·(+R.delay1@266 + R.delay1@2974 - R.ap2@1913
/// + R.delay2@1996 - L.delay1@1990 - L.ap2@187 - L.delay2@1066), and
/// y = (1 - mix)·x + mix·plate. The paper's modulated tank all-passes are left fixed, which
/// keeps the decay exactly what the loop says: one trip round both halves takes
/// L = 0.75·21589/29761 s = 0.544 s and multiplies by decay⁴, so
///
///   RT60 = 60 dB / (-80·log10(decay) dB per trip) × 0.544 s = 0.408 s / -log10(decay)
///
/// (1.0 s at the default 0.4, 2.6 s at 0.7, 8.9 s at 0.9), below the damping corner.

#include "dsp/delayline.h"
#include "dsp/onepole.h"
#include "dsp/reverb.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/// The paper's sample rate, Hz.
#define PLATE_RATE 29761.0
/// Tank size (scales the tank and its taps).
#define PLATE_SIZE 0.75
/// Predelay, ms.
#define PLATE_PREDELAY_MS 100.0
/// Input bandwidth and tank damping corners, Hz.
#define PLATE_LP_HZ 9300.0
/// Output tap gain.
#define PLATE_OUT_GAIN 0.6f

/// Input diffuser lengths (at 29761 Hz) and gains.
static const unsigned in_len[4] = {142, 107, 379, 277};
static const float in_g[4] = {0.75f, 0.75f, 0.625f, 0.625f};

/// Tank element lengths at 29761 Hz before PLATE_SIZE: per side AP1, delay1, AP2, delay2.
static const unsigned tank_len[2][4] = {{672, 4453, 1800, 3720}, {908, 4217, 2656, 3163}};

/// Output taps: {side (0 L, 1 R), element (1 delay1, 2 AP2, 3 delay2), tap, sign}.
static const int taps[7][4] = {{1, 1, 266, 1},   {1, 1, 2974, 1}, {1, 2, 1913, -1}, {1, 3, 1996, 1},
                               {0, 1, 1990, -1}, {0, 2, 187, -1}, {0, 3, 1066, -1}};

typedef struct {
  DspReverbAllpass ap1; ///< decay diffusion 1
  DspDelayLine d1;      ///< first delay
  DspOnePole damp;      ///< damping low-pass
  DspReverbAllpass ap2; ///< decay diffusion 2
  DspDelayLine d2;      ///< second delay
  unsigned len_d1;      ///< first delay, samples
  unsigned len_d2;      ///< second delay, samples
} TankSide;

typedef struct {
  double rate;              ///< sample rate, Hz
  float* memory;            ///< every buffer
  size_t floats;            ///< size of memory, floats
  DspDelayLine predelay;    ///< predelay line
  unsigned predelay_len;    ///< samples
  DspOnePole bandwidth;     ///< input low-pass
  DspReverbAllpass diff[4]; ///< input diffusers
  TankSide side[2];         ///< left, right
  unsigned tap[7];          ///< output tap delays at this rate, samples
  PedalRamp mix;            ///< wet share
  PedalRamp decay;          ///< tank decay factor
} Reverb;

static unsigned
scaled(const double len, const double rate)
{
  const long n = lround(len * rate / PLATE_RATE);
  return n < 1 ? 1u : (unsigned)n;
}

/// Buffer size for a delay of `len` samples.
static size_t
size_for(const unsigned len)
{
  const size_t s = dsp_delayline_size_for((size_t)len + 1u);
  return s < 4 ? 4 : s;
}

static void
reverb_destroy(void* const dsp)
{
  Reverb* const self = (Reverb*)dsp;
  if (self) {
    free(self->memory);
    free(self);
  }
}

static void*
reverb_create(const double rate)
{
  Reverb* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->rate = rate;
  self->predelay_len = (unsigned)lround(PLATE_PREDELAY_MS * 1e-3 * rate);
  unsigned in[4], tl[2][4];
  size_t total = size_for(self->predelay_len);
  for (int i = 0; i < 4; ++i) {
    in[i] = scaled(in_len[i], rate);
    total += size_for(in[i]);
  }
  for (int s = 0; s < 2; ++s) {
    for (int e = 0; e < 4; ++e) {
      tl[s][e] = scaled(PLATE_SIZE * tank_len[s][e], rate);
      total += size_for(tl[s][e]);
    }
  }
  self->memory = calloc(total, sizeof *self->memory);
  if (!self->memory) {
    free(self);
    return NULL;
  }
  self->floats = total;
  float* m = self->memory;
  size_t sz = size_for(self->predelay_len);
  dsp_delayline_init(&self->predelay, m, sz);
  m += sz;
  for (int i = 0; i < 4; ++i) {
    sz = size_for(in[i]);
    dsp_reverb_allpass_init(&self->diff[i], m, sz, in[i], in_g[i]);
    m += sz;
  }
  for (int s = 0; s < 2; ++s) {
    TankSide* const t = &self->side[s];
    sz = size_for(tl[s][0]);
    dsp_reverb_allpass_init(&t->ap1, m, sz, tl[s][0], -0.7f);
    m += sz;
    sz = size_for(tl[s][1]);
    dsp_delayline_init(&t->d1, m, sz);
    t->len_d1 = tl[s][1];
    m += sz;
    sz = size_for(tl[s][2]);
    dsp_reverb_allpass_init(&t->ap2, m, sz, tl[s][2], 0.5f);
    m += sz;
    sz = size_for(tl[s][3]);
    dsp_delayline_init(&t->d2, m, sz);
    t->len_d2 = tl[s][3];
    m += sz;
    dsp_onepole_init(&t->damp, PLATE_LP_HZ, rate);
  }
  dsp_onepole_init(&self->bandwidth, PLATE_LP_HZ, rate);
  for (int k = 0; k < 7; ++k) {
    self->tap[k] = scaled(PLATE_SIZE * taps[k][2], rate);
  }
  return self;
}

JAM_REALTIME static void
reverb_reset(void* const dsp, const float* const p)
{
  Reverb* const self = (Reverb*)dsp;
  for (size_t i = 0; i < self->floats; ++i) {
    self->memory[i] = 0.0f;
  }
  dsp_onepole_reset(&self->bandwidth, 0.0f);
  dsp_onepole_reset(&self->side[0].damp, 0.0f);
  dsp_onepole_reset(&self->side[1].damp, 0.0f);
  pedal_ramp_snap(&self->mix, p[PEDAL_REVERB_MIX]);
  pedal_ramp_snap(&self->decay, p[PEDAL_REVERB_DECAY]);
}

/// Reads an output tap from one tank element.
JAM_REALTIME static float
tap(const Reverb* const self, const int k)
{
  const TankSide* const t = &self->side[taps[k][0]];
  const DspDelayLine* const line =
      taps[k][1] == 1 ? &t->d1 : (taps[k][1] == 2 ? &t->ap2.line : &t->d2);
  return (float)taps[k][3] * dsp_delayline_read(line, self->tap[k]);
}

JAM_REALTIME static void
reverb_process(void* const dsp, const float* const p, const float* const in, float* const out,
               const uint32_t n)
{
  Reverb* const self = (Reverb*)dsp;
  float mix[PEDAL_BLOCK], decay[PEDAL_BLOCK];
  pedal_ramp_fill(&self->mix, p[PEDAL_REVERB_MIX], n, mix);
  pedal_ramp_fill(&self->decay, p[PEDAL_REVERB_DECAY], n, decay);
  TankSide* const l = &self->side[0];
  TankSide* const r = &self->side[1];
  for (uint32_t i = 0; i < n; ++i) {
    const float g = decay[i];
    const float d2 = fminf(fmaxf(g + 0.15f, 0.25f), 0.5f);
    l->ap2.g = r->ap2.g = d2;
    // Input: predelay, bandwidth, diffusion.
    float x = dsp_delayline_read(&self->predelay, self->predelay_len - 1u);
    dsp_delayline_write(&self->predelay, in[i]);
    x = dsp_onepole_lowpass(&self->bandwidth, x);
    for (int k = 0; k < 4; ++k) {
      x = dsp_reverb_allpass_step(&self->diff[k], x);
    }
    // Tank: both outputs from the delay lines first, then both halves.
    const float l_out = dsp_delayline_read(&l->d2, l->len_d2 - 1u);
    const float r_out = dsp_delayline_read(&r->d2, r->len_d2 - 1u);
    TankSide* const sides[2] = {l, r};
    const float feed[2] = {x + g * r_out, x + g * l_out};
    for (int s = 0; s < 2; ++s) {
      TankSide* const t = sides[s];
      const float a = dsp_reverb_allpass_step(&t->ap1, feed[s]);
      const float b = dsp_delayline_read(&t->d1, t->len_d1 - 1u);
      dsp_delayline_write(&t->d1, a);
      const float c = g * dsp_onepole_lowpass(&t->damp, b);
      const float e = dsp_reverb_allpass_step(&t->ap2, c);
      dsp_delayline_write(&t->d2, e);
    }
    float wet = 0.0f;
    for (int k = 0; k < 7; ++k) {
      wet += tap(self, k);
    }
    out[i] = (1.0f - mix[i]) * in[i] + mix[i] * PLATE_OUT_GAIN * wet;
  }
  dsp_onepole_guard(&self->bandwidth);
  dsp_onepole_guard(&l->damp);
  dsp_onepole_guard(&r->damp);
}

const PedalClass pedal_reverb_class = {
    .create = reverb_create,
    .destroy = reverb_destroy,
    .reset = reverb_reset,
    .process = reverb_process,
};
