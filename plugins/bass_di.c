// SPDX-License-Identifier: ISC
/// Bass DI (pedals_spec.md §2.3, "better" version):
///
///   y = volume · soft( HS(350 Hz, treble, S 0.707) ∘ PK(180 Hz, mid, Q 0.707)
///                      ∘ LS(70 Hz, bass, S 0.707) applied to x )
///
/// The EQ gains are real dB (cut and boost, §5 item 2; the original C code could only boost);
/// the peak is the plain cookbook design (§5 item 5); volume is 10^(v/20) (§5 item 1). The
/// soft clip u/(1 + |u|) runs at 2x with anti-derivative anti-aliasing (dsp/shaper.h) and
/// bounds the output by ±volume (±3.2 at +10 dB).

#include "dsp/biquad.h"
#include "dsp/db.h"
#include "dsp/shaper.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;      ///< sample rate, Hz
  DspBiquad eq[3];  ///< LS 70 Hz, PK 180 Hz, HS 350 Hz
  DspShaper clip;   ///< soft clip at 2x
  PedalRamp volume; ///< output gain, linear
  float last[3];    ///< bass, mid, treble (dB) the EQ was designed for
} BassDi;

static void*
bass_di_create(const double rate)
{
  BassDi* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    for (int i = 0; i < 3; ++i) {
      dsp_biquad_init(&self->eq[i]);
    }
    dsp_shaper_init(&self->clip, 2u, DSP_CLIP_SOFT);
  }
  return self;
}

static void
bass_di_destroy(void* const dsp)
{
  free(dsp);
}

/// Designs the three EQ sections for the knobs, ramping over `ramp` samples (0 = at once).
JAM_REALTIME static void
design(BassDi* const self, const float* const params, const unsigned ramp)
{
  const float g[3] = {params[PEDAL_BASS_DI_BASS], params[PEDAL_BASS_DI_MID],
                      params[PEDAL_BASS_DI_TREBLE]};
  static const DspBiquadType types[3] = {DSP_BIQUAD_LOWSHELF, DSP_BIQUAD_PEAK,
                                         DSP_BIQUAD_HIGHSHELF};
  static const double freqs[3] = {70.0, 180.0, 350.0};
  for (int i = 0; i < 3; ++i) {
    if (ramp == 0 || g[i] != self->last[i]) {
      dsp_biquad_set_params(&self->eq[i], types[i], freqs[i], M_SQRT1_2, g[i], self->rate, ramp);
      self->last[i] = g[i];
    }
  }
}

JAM_REALTIME static void
bass_di_reset(void* const dsp, const float* const params)
{
  BassDi* const self = (BassDi*)dsp;
  design(self, params, 0);
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_reset(&self->eq[i]);
  }
  dsp_shaper_reset(&self->clip);
  pedal_ramp_snap(&self->volume, dsp_db_to_gain(params[PEDAL_BASS_DI_VOLUME]));
}

JAM_REALTIME static void
bass_di_process(void* const dsp, const float* const params, const float* const in, float* const out,
                const uint32_t n)
{
  BassDi* const self = (BassDi*)dsp;
  design(self, params, n);
  dsp_biquad_process(&self->eq[0], n, in, out);
  dsp_biquad_process(&self->eq[1], n, out, out);
  dsp_biquad_process(&self->eq[2], n, out, out);
  float unity[PEDAL_BLOCK];
  for (uint32_t i = 0; i < PEDAL_BLOCK; ++i) { // all of it: the shaper is not inlined
    unity[i] = 1.0f;
  }
  dsp_shaper_process(&self->clip, n, unity, out, out);
  pedal_ramp_gain(&self->volume, dsp_db_to_gain(params[PEDAL_BASS_DI_VOLUME]), n, out, out);
}

const PedalClass pedal_bass_di_class = {
    .create = bass_di_create,
    .destroy = bass_di_destroy,
    .reset = bass_di_reset,
    .process = bass_di_process,
};
