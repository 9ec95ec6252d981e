// SPDX-License-Identifier: ISC
/// Champ (pedals_spec.md §2.17, "better" version): a small Fender amp as a pedal: tone
/// controls, an exponential preamp clip, master, and the 1x12 cabinet of the Speaker Sim.
///
///   tone:    HS(2 kHz, treble, S 1) ∘ LS(200 Hz, bass, S 1)      (initialised from the knobs,
///            not the original's +1 dB, §5 item 6)
///   preamp:  v = expclip(g·v)/g, g = 10^(gain/20), expclip(u) = sign(u)(1 - e^-|u|), at 2x
///            with ADAA (dsp/shaper.h): unity gain for small signals, compression above 1/g
///   master:  10^(master/20)                                      (dB20, §5 item 1)
///   cabinet: HPF 90 (the original built it and never used it, §5 item 8) -> NOTCH(700 Hz,
///            Q 0.796) -> HS(800 Hz, +8 dB, S 0.707) -> LPF 4 kHz -> LPF 4 kHz (two
///            independent sections, §5 item 4)

#include "dsp/biquad.h"
#include "dsp/db.h"
#include "dsp/shaper.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;       ///< sample rate, Hz
  DspBiquad tone[2]; ///< LS 200, HS 2000
  float last[2];     ///< bass, treble (dB) the tone was designed for
  DspShaper clip;    ///< exponential clip at 2x
  DspBiquad cab[5];  ///< HPF 90, notch 700, HS 800, LPF 4k, LPF 4k
  PedalRamp drive;   ///< g, linear
  PedalRamp out;     ///< master / g, linear
} Champ;

static void*
champ_create(const double rate)
{
  Champ* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    dsp_biquad_init(&self->tone[0]);
    dsp_biquad_init(&self->tone[1]);
    dsp_shaper_init(&self->clip, 2u, DSP_CLIP_EXP);
    const DspBiquadCoefs k[5] = {
        dsp_biquad_design(DSP_BIQUAD_HIGHPASS, 90.0, M_SQRT1_2, 0.0, rate),
        dsp_biquad_design(DSP_BIQUAD_NOTCH, 700.0, 0.796, 0.0, rate),
        dsp_biquad_design(DSP_BIQUAD_HIGHSHELF, 800.0, M_SQRT1_2, 8.0, rate),
        dsp_biquad_design(DSP_BIQUAD_LOWPASS, 4000.0, M_SQRT1_2, 0.0, rate),
        dsp_biquad_design(DSP_BIQUAD_LOWPASS, 4000.0, M_SQRT1_2, 0.0, rate)};
    for (int i = 0; i < 5; ++i) {
      dsp_biquad_init(&self->cab[i]);
      dsp_biquad_set(&self->cab[i], &k[i]);
    }
  }
  return self;
}

static void
champ_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
design(Champ* const self, const float* const p, const unsigned ramp)
{
  const float bass = p[PEDAL_CHAMP_BASS], treble = p[PEDAL_CHAMP_TREBLE];
  if (ramp == 0 || bass != self->last[0]) {
    dsp_biquad_set_params(&self->tone[0], DSP_BIQUAD_LOWSHELF, 200.0, 1.0, bass, self->rate, ramp);
    self->last[0] = bass;
  }
  if (ramp == 0 || treble != self->last[1]) {
    dsp_biquad_set_params(&self->tone[1], DSP_BIQUAD_HIGHSHELF, 2000.0, 1.0, treble, self->rate,
                          ramp);
    self->last[1] = treble;
  }
}

JAM_REALTIME static void
champ_reset(void* const dsp, const float* const p)
{
  Champ* const self = (Champ*)dsp;
  design(self, p, 0);
  dsp_biquad_reset(&self->tone[0]);
  dsp_biquad_reset(&self->tone[1]);
  for (int i = 0; i < 5; ++i) {
    dsp_biquad_reset(&self->cab[i]);
  }
  dsp_shaper_reset(&self->clip);
  const float g = dsp_db_to_gain(p[PEDAL_CHAMP_GAIN]);
  pedal_ramp_snap(&self->drive, g);
  pedal_ramp_snap(&self->out, dsp_db_to_gain(p[PEDAL_CHAMP_MASTER]) / g);
}

JAM_REALTIME static void
champ_process(void* const dsp, const float* const p, const float* const in, float* const out,
              const uint32_t n)
{
  Champ* const self = (Champ*)dsp;
  design(self, p, n);
  dsp_biquad_process(&self->tone[0], n, in, out);
  dsp_biquad_process(&self->tone[1], n, out, out);
  const float g = dsp_db_to_gain(p[PEDAL_CHAMP_GAIN]);
  float drive[PEDAL_BLOCK] = {0.0f}; // all of it: the shaper is not inlined
  pedal_ramp_fill(&self->drive, g, n, drive);
  dsp_shaper_process(&self->clip, n, drive, out, out);
  pedal_ramp_gain(&self->out, dsp_db_to_gain(p[PEDAL_CHAMP_MASTER]) / g, n, out, out);
  for (int i = 0; i < 5; ++i) {
    dsp_biquad_process(&self->cab[i], n, out, out);
  }
}

const PedalClass pedal_champ_class = {
    .create = champ_create,
    .destroy = champ_destroy,
    .reset = champ_reset,
    .process = champ_process,
};
