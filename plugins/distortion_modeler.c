// SPDX-License-Identifier: ISC
/// DistortionModeler (pedals_spec.md §2.13, "better" version):
///
///   HPF(lowCut) -> clip(type, drive) -> LPF 5k -> clip(type, drive) -> LPF 5k
///   -> LS(bassFreq, bass) PK(midFreq, mid, Q 0.707) HS(trebleFreq, treble), normalised
///   y = level·v + dryLevel·x
///
/// The EQ takes real dB (the original turned every dB knob into a boost of 10^(v/20) dB, §5
/// item 2) and is normalised to a 0 dB maximum (plugins/dist.h); the clippers are 2x ADAA2
/// stages with DC blockers.

#include "dist.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;        ///< sample rate, Hz
  DspBiquad hpf;      ///< input high-pass (lowCut)
  float hpf_last[3];  ///< its cached design
  DspBiquad lpf[2];   ///< 5 kHz low-pass after each stage
  DistStage stage[2]; ///< the two clippers
  DistTone tone;      ///< tone stage
  PedalRamp level;    ///< distorted-path gain, linear
  PedalRamp dry;      ///< clean-path gain, linear
} DistortionModeler;

static void*
distortion_modeler_create(const double rate)
{
  DistortionModeler* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    dsp_biquad_init(&self->hpf);
    for (int i = 0; i < 2; ++i) {
      dsp_biquad_init_butterworth(&self->lpf[i], DSP_BIQUAD_LOWPASS, 5000.0, rate);
      dist_stage_init(&self->stage[i], rate, DIST_GBW_HZ);
    }
    dist_tone_init(&self->tone, rate);
  }
  return self;
}

static void
distortion_modeler_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static DistToneKnobs
knobs(const float* const p)
{
  const DistToneKnobs k = {p[PEDAL_DISTORTION_MODELER_BASS_FREQ],
                           p[PEDAL_DISTORTION_MODELER_BASS],
                           p[PEDAL_DISTORTION_MODELER_MID_FREQ],
                           p[PEDAL_DISTORTION_MODELER_MID],
                           (float)M_SQRT1_2,
                           p[PEDAL_DISTORTION_MODELER_TREBLE_FREQ],
                           p[PEDAL_DISTORTION_MODELER_TREBLE]};
  return k;
}

JAM_REALTIME static void
distortion_modeler_reset(void* const dsp, const float* const p)
{
  DistortionModeler* const self = (DistortionModeler*)dsp;
  dist_filter(&self->hpf, self->hpf_last, DSP_BIQUAD_HIGHPASS, p[PEDAL_DISTORTION_MODELER_LOW_CUT],
              (float)M_SQRT1_2, 0.0f, self->rate, 0);
  dsp_biquad_reset(&self->hpf);
  const DistClip clip = dist_clip_from(p[PEDAL_DISTORTION_MODELER_CLIP_TYPE]);
  for (int i = 0; i < 2; ++i) {
    dsp_biquad_reset(&self->lpf[i]);
    dist_stage_reset(&self->stage[i], p[PEDAL_DISTORTION_MODELER_DRIVE], clip);
  }
  const DistToneKnobs k = knobs(p);
  dist_tone_reset(&self->tone, &k);
  pedal_ramp_snap(&self->level, dsp_db_to_gain(p[PEDAL_DISTORTION_MODELER_LEVEL]));
  pedal_ramp_snap(&self->dry, dsp_db_to_gain(p[PEDAL_DISTORTION_MODELER_DRY_LEVEL]));
}

JAM_REALTIME static void
distortion_modeler_process(void* const dsp, const float* const p, const float* const in,
                           float* const out, const uint32_t n)
{
  DistortionModeler* const self = (DistortionModeler*)dsp;
  dist_filter(&self->hpf, self->hpf_last, DSP_BIQUAD_HIGHPASS, p[PEDAL_DISTORTION_MODELER_LOW_CUT],
              (float)M_SQRT1_2, 0.0f, self->rate, n);
  const DistClip clip = dist_clip_from(p[PEDAL_DISTORTION_MODELER_CLIP_TYPE]);
  const float drive = p[PEDAL_DISTORTION_MODELER_DRIVE];
  // Each stage's pole and DC blocker, and the tone's sections, run in the cascades around
  // the stages.
  dist_stage_set(&self->stage[0], drive, clip, n);
  dist_stage_set(&self->stage[1], drive, clip, n);
  const DistToneKnobs k = knobs(p);
  dist_tone_design(&self->tone, &k, n);
  DspBiquad* const pre[] = {&self->hpf, &self->stage[0].pole};
  DspBiquad* const mid[] = {&self->stage[0].dc, &self->lpf[0], &self->stage[1].pole};
  DspBiquad* const post[] = {&self->stage[1].dc, &self->lpf[1], &self->tone.eq[0],
                             &self->tone.eq[1], &self->tone.eq[2]};
  dsp_biquad_process_chain(pre, 2, n, in, out);
  dist_stage_clip(&self->stage[0], drive, clip, n, out);
  dsp_biquad_process_chain(mid, 3, n, out, out);
  dist_stage_clip(&self->stage[1], drive, clip, n, out);
  dsp_biquad_process_chain(post, 5, n, out, out);
  dist_tone_norm_gain(&self->tone, &k, n, out);
  float dry[PEDAL_BLOCK];
  pedal_ramp_fill(&self->dry, dsp_db_to_gain(p[PEDAL_DISTORTION_MODELER_DRY_LEVEL]), n, dry);
  pedal_ramp_gain(&self->level, dsp_db_to_gain(p[PEDAL_DISTORTION_MODELER_LEVEL]), n, out, out);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] += dry[i] * in[i];
  }
}

const PedalClass pedal_distortion_modeler_class = {
    .create = distortion_modeler_create,
    .destroy = distortion_modeler_destroy,
    .reset = distortion_modeler_reset,
    .process = distortion_modeler_process,
};
