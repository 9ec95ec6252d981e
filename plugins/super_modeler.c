// SPDX-License-Identifier: ISC
/// DistortionSuperModeler (pedals_spec.md §2.11 with every parameter on a knob, "better"
/// version):
///
///   HPF(hpf1) -> LPF(lpf1) -> clip(clip1, drive1) -> LPF(lpf2) -> HPF(hpf2)
///   [stages = 2: -> HPF(hpf2), its own instance -> clip(clip2, drive2) -> LPF(lpf3)
///    -> HPF(hpf3)]
///   -> LS(bassFreq, bass) PK(midFreq, mid, midQ) HS(trebleFreq, treble), normalised
///   y = level·v + dryLevel·x
///
/// Filters are Butterworth and cookbook designs with real dB (§5 items 2, 4); the clippers
/// are plugins/dist.h stages (2x ADAA2, DC blocker); every knob ramps. The clean path is
/// added as is (the IIR oversampling adds only a fraction of a sample of phase below 5 kHz).

#include "dist.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;        ///< sample rate, Hz
  DspBiquad f[7];     ///< HPF1, LPF1, LPF2, HPF2, HPF2', LPF3, HPF3
  float last[7][3];   ///< cached designs
  DistStage stage[2]; ///< the two clippers
  DistTone tone;      ///< tone stage
  PedalRamp level;    ///< distorted-path gain, linear
  PedalRamp dry;      ///< clean-path gain, linear
} SuperModeler;

static void*
super_modeler_create(const double rate)
{
  SuperModeler* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    for (int i = 0; i < 7; ++i) {
      dsp_biquad_init(&self->f[i]);
    }
    dist_stage_init(&self->stage[0], rate, DIST_GBW_HZ);
    dist_stage_init(&self->stage[1], rate, DIST_GBW_HZ);
    dist_tone_init(&self->tone, rate);
  }
  return self;
}

static void
super_modeler_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
design(SuperModeler* const self, const float* const p, const unsigned ramp)
{
  static const DspBiquadType types[7] = {
      DSP_BIQUAD_HIGHPASS, DSP_BIQUAD_LOWPASS, DSP_BIQUAD_LOWPASS, DSP_BIQUAD_HIGHPASS,
      DSP_BIQUAD_HIGHPASS, DSP_BIQUAD_LOWPASS, DSP_BIQUAD_HIGHPASS};
  const float hz[7] = {
      p[PEDAL_DISTORTION_SUPER_MODELER_HPF1FREQ], p[PEDAL_DISTORTION_SUPER_MODELER_LPF1FREQ],
      p[PEDAL_DISTORTION_SUPER_MODELER_LPF2FREQ], p[PEDAL_DISTORTION_SUPER_MODELER_HPF2FREQ],
      p[PEDAL_DISTORTION_SUPER_MODELER_HPF2FREQ], p[PEDAL_DISTORTION_SUPER_MODELER_LPF3FREQ],
      p[PEDAL_DISTORTION_SUPER_MODELER_HPF3FREQ]};
  for (int i = 0; i < 7; ++i) {
    dist_filter(&self->f[i], self->last[i], types[i], hz[i], (float)M_SQRT1_2, 0.0f, self->rate,
                ramp);
  }
}

JAM_REALTIME static DistToneKnobs
knobs(const float* const p)
{
  const DistToneKnobs k = {
      p[PEDAL_DISTORTION_SUPER_MODELER_BASS_FREQ], p[PEDAL_DISTORTION_SUPER_MODELER_BASS],
      p[PEDAL_DISTORTION_SUPER_MODELER_MID_FREQ],  p[PEDAL_DISTORTION_SUPER_MODELER_MID],
      p[PEDAL_DISTORTION_SUPER_MODELER_MID_Q],     p[PEDAL_DISTORTION_SUPER_MODELER_TREBLE_FREQ],
      p[PEDAL_DISTORTION_SUPER_MODELER_TREBLE]};
  return k;
}

JAM_REALTIME static void
super_modeler_reset(void* const dsp, const float* const p)
{
  SuperModeler* const self = (SuperModeler*)dsp;
  design(self, p, 0);
  for (int i = 0; i < 7; ++i) {
    dsp_biquad_reset(&self->f[i]);
  }
  dist_stage_reset(&self->stage[0], p[PEDAL_DISTORTION_SUPER_MODELER_DRIVE1],
                   dist_clip_from(p[PEDAL_DISTORTION_SUPER_MODELER_CLIP1TYPE]));
  dist_stage_reset(&self->stage[1], p[PEDAL_DISTORTION_SUPER_MODELER_DRIVE2],
                   dist_clip_from(p[PEDAL_DISTORTION_SUPER_MODELER_CLIP2TYPE]));
  const DistToneKnobs k = knobs(p);
  dist_tone_reset(&self->tone, &k);
  pedal_ramp_snap(&self->level, dsp_db_to_gain(p[PEDAL_DISTORTION_SUPER_MODELER_LEVEL]));
  pedal_ramp_snap(&self->dry, dsp_db_to_gain(p[PEDAL_DISTORTION_SUPER_MODELER_DRY_LEVEL]));
}

JAM_REALTIME static void
super_modeler_process(void* const dsp, const float* const p, const float* const in,
                      float* const out, const uint32_t n)
{
  SuperModeler* const self = (SuperModeler*)dsp;
  design(self, p, n);
  // Each stage's pole and DC blocker, and the tone's sections, run in the cascades around
  // the stages.
  const float drive1 = p[PEDAL_DISTORTION_SUPER_MODELER_DRIVE1];
  const float drive2 = p[PEDAL_DISTORTION_SUPER_MODELER_DRIVE2];
  const DistClip clip1 = dist_clip_from(p[PEDAL_DISTORTION_SUPER_MODELER_CLIP1TYPE]);
  const DistClip clip2 = dist_clip_from(p[PEDAL_DISTORTION_SUPER_MODELER_CLIP2TYPE]);
  DistStage* const s = self->stage;
  dist_stage_set(&s[0], drive1, clip1, n);
  const DistToneKnobs k = knobs(p);
  dist_tone_design(&self->tone, &k, n);
  DspBiquad* const eq[] = {&self->tone.eq[0], &self->tone.eq[1], &self->tone.eq[2]};
  DspBiquad* const pre[] = {&self->f[0], &self->f[1], &s[0].pole};
  dsp_biquad_process_chain(pre, 3, n, in, out);
  dist_stage_clip(&s[0], drive1, clip1, n, out);
  if (p[PEDAL_DISTORTION_SUPER_MODELER_STAGES] > 1.5f) {
    dist_stage_set(&s[1], drive2, clip2, n);
    DspBiquad* const mid[] = {&s[0].dc, &self->f[2], &self->f[3], &self->f[4], &s[1].pole};
    DspBiquad* const post[] = {&s[1].dc, &self->f[5], &self->f[6], eq[0], eq[1], eq[2]};
    dsp_biquad_process_chain(mid, 5, n, out, out);
    dist_stage_clip(&s[1], drive2, clip2, n, out);
    dsp_biquad_process_chain(post, 6, n, out, out);
  } else {
    DspBiquad* const post[] = {&s[0].dc, &self->f[2], &self->f[3], eq[0], eq[1], eq[2]};
    dsp_biquad_process_chain(post, 6, n, out, out);
  }
  dist_tone_norm_gain(&self->tone, &k, n, out);
  float dry[PEDAL_BLOCK];
  pedal_ramp_fill(&self->dry, dsp_db_to_gain(p[PEDAL_DISTORTION_SUPER_MODELER_DRY_LEVEL]), n, dry);
  pedal_ramp_gain(&self->level, dsp_db_to_gain(p[PEDAL_DISTORTION_SUPER_MODELER_LEVEL]), n, out,
                  out);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] += dry[i] * in[i];
  }
}

const PedalClass pedal_distortion_super_modeler_class = {
    .create = super_modeler_create,
    .destroy = super_modeler_destroy,
    .reset = super_modeler_reset,
    .process = super_modeler_process,
};
