// SPDX-License-Identifier: ISC
/// Tube Screamer (pedals_spec.md §2.15, the decoded Faust model), with an oversampled tanh
/// clipper and the real pedal's gain-bandwidth limit:
///
///   h = HP1(720 Hz)(x)                          first-order bilinear, prewarped (§3.6)
///   u = drive·LP1(664 kHz / drive)(h)           the 51 pF feedback capacitor's pole
///   v = tanh(u)                                 at 8x the host rate (dsp/oversample.h;
///                                               dsp_clip_tanh_fast, within 4e-7 of tanh)
///   v = 0.5·LP1(300 + 7250·tone)(LP1(800)(LP1(800)(v)))   every corner capped at 0.45·fs
///   y = v·10^(output/20)                        output in dB, -40..+20 (the spec's 0..2 knob
///       mapped 40·(knob - 1) dB up to 1 and 20·(knob - 1) dB above: the same range; its
///       +40 dB top would put a clipped signal at +34 dBFS)
///
/// The clipper output is bounded by ±1, so the output is bounded by ±0.5·10 (+14 dBFS).

#include "dsp/biquad.h"
#include "dsp/clip.h"
#include "dsp/db.h"
#include "dsp/onepole.h"
#include "dsp/oversample.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/// Oversampling factor of the clipper.
#define TS_OVERSAMPLE 8u
/// Gain-bandwidth product of the drive stage, Hz.
#define TS_GBW_HZ 664000.0
/// Input high-pass and the fixed double low-pass, Hz.
#define TS_HP_HZ 720.0
#define TS_LP_HZ 800.0

typedef struct {
  double rate;       ///< sample rate, Hz
  DspOversampler os; ///< clipper oversampler
  DspBiquad hp;      ///< HP1(720)
  DspOnePole gbw;    ///< drive stage pole
  DspBiquad lp[2];   ///< LP1(800) twice
  DspBiquad tone;    ///< LP1(tone)
  PedalRamp drive;   ///< drive gain, linear
  PedalRamp output;  ///< output gain, linear (includes the 0.5)
  float last_drive;  ///< drive the GBW pole was set for
  float last_tone;   ///< tone the tone filter was designed for
} TubeScreamer;

/// First-order bilinear low-pass (lowpass = true) or high-pass with prewarped corner fc, capped
/// at 0.45·rate: at or above rate/2, tan() turns negative and the pole leaves the unit circle
/// (the tone corner reaches 7550 Hz, above Nyquist at rates below 15.1 kHz).
static DspBiquadCoefs
first_order(const bool lowpass, double fc, const double rate)
{
  fc = fc < 0.45 * rate ? fc : 0.45 * rate;
  const double k = tan(M_PI * fc / rate);
  const double a1 = (k - 1.0) / (k + 1.0);
  DspBiquadCoefs c;
  if (lowpass) {
    c.b0 = c.b1 = k / (k + 1.0);
  } else {
    c.b0 = 1.0 / (k + 1.0);
    c.b1 = -c.b0;
  }
  c.b2 = 0.0;
  c.a1 = a1;
  c.a2 = 0.0;
  return c;
}

/// Output gain for the output control (dB), linear, with the stage's 0.5.
static float
output_gain(const float output_db)
{
  return 0.5f * dsp_db_to_gain(output_db);
}

static double
gbw_corner(const double drive, const double rate)
{
  const double fc = TS_GBW_HZ / drive;
  return fc < 0.45 * rate ? fc : 0.45 * rate;
}

static void*
tube_screamer_create(const double rate)
{
  TubeScreamer* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->rate = rate;
  (void)dsp_oversample_init(&self->os, TS_OVERSAMPLE);
  DspBiquadCoefs c = first_order(false, TS_HP_HZ, rate);
  dsp_biquad_init(&self->hp);
  dsp_biquad_set(&self->hp, &c);
  c = first_order(true, TS_LP_HZ, rate);
  for (int i = 0; i < 2; ++i) {
    dsp_biquad_init(&self->lp[i]);
    dsp_biquad_set(&self->lp[i], &c);
  }
  dsp_biquad_init(&self->tone);
  dsp_onepole_init(&self->gbw, gbw_corner(25.0, rate), rate);
  return self;
}

static void
tube_screamer_destroy(void* const dsp)
{
  free(dsp);
}

static uint32_t
tube_screamer_latency(const void* const dsp)
{
  return dsp_oversample_latency(&((const TubeScreamer*)dsp)->os);
}

JAM_REALTIME static void
follow(TubeScreamer* const self, const float* const params, const unsigned ramp)
{
  const float drive = params[PEDAL_TUBE_SCREAMER_DRIVE];
  const float tone = params[PEDAL_TUBE_SCREAMER_TONE];
  if (ramp == 0 || drive != self->last_drive) {
    dsp_onepole_set_hz(&self->gbw, gbw_corner(drive, self->rate), self->rate);
    self->last_drive = drive;
  }
  if (ramp == 0 || tone != self->last_tone) {
    const DspBiquadCoefs c = first_order(true, 300.0 + 7250.0 * tone, self->rate);
    dsp_biquad_set_target(&self->tone, &c, ramp);
    self->last_tone = tone;
  }
}

JAM_REALTIME static void
tube_screamer_reset(void* const dsp, const float* const params)
{
  TubeScreamer* const self = (TubeScreamer*)dsp;
  dsp_oversample_reset(&self->os);
  dsp_biquad_reset(&self->hp);
  dsp_biquad_reset(&self->lp[0]);
  dsp_biquad_reset(&self->lp[1]);
  dsp_biquad_reset(&self->tone);
  dsp_onepole_reset(&self->gbw, 0.0f);
  follow(self, params, 0);
  pedal_ramp_snap(&self->drive, params[PEDAL_TUBE_SCREAMER_DRIVE]);
  pedal_ramp_snap(&self->output, output_gain(params[PEDAL_TUBE_SCREAMER_OUTPUT]));
}

JAM_REALTIME static void
tube_screamer_process(void* const dsp, const float* const params, const float* const in,
                      float* const out, const uint32_t n)
{
  TubeScreamer* const self = (TubeScreamer*)dsp;
  follow(self, params, n);
  float drive[PEDAL_BLOCK], gain[PEDAL_BLOCK];
  pedal_ramp_fill(&self->drive, params[PEDAL_TUBE_SCREAMER_DRIVE], n, drive);
  pedal_ramp_fill(&self->output, output_gain(params[PEDAL_TUBE_SCREAMER_OUTPUT]), n, gain);
  dsp_biquad_process(&self->hp, n, in, out);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] = drive[i] * dsp_onepole_lowpass(&self->gbw, out[i]);
  }
  dsp_onepole_guard(&self->gbw);
  float hi[TS_OVERSAMPLE * PEDAL_BLOCK];
  dsp_oversample_up_block(&self->os, n, out, hi);
  dsp_clip_tanh_fast_process(TS_OVERSAMPLE * n, hi);
  dsp_oversample_down_block(&self->os, n, hi, out);
  dsp_biquad_process(&self->lp[0], n, out, out);
  dsp_biquad_process(&self->lp[1], n, out, out);
  dsp_biquad_process(&self->tone, n, out, out);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] *= gain[i];
  }
}

const PedalClass pedal_tube_screamer_class = {
    .create = tube_screamer_create,
    .destroy = tube_screamer_destroy,
    .reset = tube_screamer_reset,
    .process = tube_screamer_process,
    .latency = tube_screamer_latency,
};
