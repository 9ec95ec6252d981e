// SPDX-License-Identifier: ISC
/// OctaveFuzz (pedals_spec.md §2.11, C voicing, "better" version): a hard clipper, then a
/// full-wave rectifying stage that doubles the frequency (the octave up), with the same drive.
///
///   HPF 190 -> LPF 6.5k -> clip(hard, drive) -> LPF 2.25k -> HPF 55 -> HPF 55
///   -> clip(oct, drive) -> DC blocker -> LPF 8.7k -> HPF 110
///   -> LS(150, +14) PK(730, +18, Q 1) HS(3k, treble), normalised -> level
///
/// The rectifier's large DC is removed by the stage's DC blocker (§5 item 13), not left to a
/// shared-state high-pass; the second 55 Hz high-pass is its own instance (§5 item 4). Every
/// filter between the stages is linear and time-invariant and the hard clipper is odd, so the
/// signal reaching the rectifier has half-wave symmetry and the rectified output holds only
/// even harmonics of the input: the fundamental vanishes, the octave dominates.

#include "dist.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

/// Gain-bandwidth product of the rectifier stage, Hz: slower than the other stages, because
/// the rectifier's V-shaped dips at each zero crossing are the widest-band feature of all
/// the curves (this keeps its aliases 65 dB down at full drive).
#define OCTAVE_RECTIFIER_GBW_HZ 60000.0

typedef struct {
  double rate;        ///< sample rate, Hz
  DspBiquad pre[2];   ///< HPF 190, LPF 6500
  DspBiquad mid[3];   ///< LPF 2250, HPF 55, HPF 55
  DspBiquad post[2];  ///< LPF 8700, HPF 110
  DistStage stage[2]; ///< hard clipper, rectifier
  DistTone tone;      ///< tone stage
  PedalRamp level;    ///< output gain, linear
} OctaveFuzz;

static void
fixed(DspBiquad* const f, const DspBiquadType type, const double hz, const double rate)
{
  dsp_biquad_init(f);
  const DspBiquadCoefs c = dsp_biquad_design(type, hz, M_SQRT1_2, 0.0, rate);
  dsp_biquad_set(f, &c);
}

static void*
octave_fuzz_create(const double rate)
{
  OctaveFuzz* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    fixed(&self->pre[0], DSP_BIQUAD_HIGHPASS, 190.0, rate);
    fixed(&self->pre[1], DSP_BIQUAD_LOWPASS, 6500.0, rate);
    fixed(&self->mid[0], DSP_BIQUAD_LOWPASS, 2250.0, rate);
    fixed(&self->mid[1], DSP_BIQUAD_HIGHPASS, 55.0, rate);
    fixed(&self->mid[2], DSP_BIQUAD_HIGHPASS, 55.0, rate);
    fixed(&self->post[0], DSP_BIQUAD_LOWPASS, 8700.0, rate);
    fixed(&self->post[1], DSP_BIQUAD_HIGHPASS, 110.0, rate);
    dist_stage_init(&self->stage[0], rate, DIST_GBW_HZ);
    dist_stage_init(&self->stage[1], rate, OCTAVE_RECTIFIER_GBW_HZ);
    // Up to 50 dB of drive into a hard clip and then a rectifier (whose output is at 2f) need
    // more than the 2x ADAA2 of the other drives: 4x with ADAA1 keeps the aliases 65 dB down.
    dsp_shaper_init(&self->stage[0].shaper, 4u, DSP_CLIP_HARD);
    dsp_shaper_init(&self->stage[1].shaper, 4u, DSP_CLIP_EVEN);
    dist_tone_init(&self->tone, rate);
  }
  return self;
}

static void
octave_fuzz_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static DistToneKnobs
knobs(const float* const params)
{
  const DistToneKnobs k = {
      150.0f, 14.0f, 730.0f, 18.0f, 1.0f, 3000.0f, params[PEDAL_OCTAVE_FUZZ_TREBLE]};
  return k;
}

JAM_REALTIME static void
octave_fuzz_reset(void* const dsp, const float* const params)
{
  OctaveFuzz* const self = (OctaveFuzz*)dsp;
  for (int i = 0; i < 2; ++i) {
    dsp_biquad_reset(&self->pre[i]);
    dsp_biquad_reset(&self->post[i]);
  }
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_reset(&self->mid[i]);
  }
  dist_stage_reset(&self->stage[0], params[PEDAL_OCTAVE_FUZZ_DRIVE], DIST_CLIP_HARD);
  dist_stage_reset(&self->stage[1], params[PEDAL_OCTAVE_FUZZ_DRIVE], DIST_CLIP_OCT);
  const DistToneKnobs k = knobs(params);
  dist_tone_reset(&self->tone, &k);
  pedal_ramp_snap(&self->level, dsp_db_to_gain(params[PEDAL_OCTAVE_FUZZ_LEVEL]));
}

JAM_REALTIME static void
octave_fuzz_process(void* const dsp, const float* const params, const float* const in,
                    float* const out, const uint32_t n)
{
  OctaveFuzz* const self = (OctaveFuzz*)dsp;
  const float drive = params[PEDAL_OCTAVE_FUZZ_DRIVE];
  dsp_biquad_process(&self->pre[0], n, in, out);
  dsp_biquad_process(&self->pre[1], n, out, out);
  dist_stage_process(&self->stage[0], drive, DIST_CLIP_HARD, n, out, out);
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_process(&self->mid[i], n, out, out);
  }
  dist_stage_process(&self->stage[1], drive, DIST_CLIP_OCT, n, out, out);
  dsp_biquad_process(&self->post[0], n, out, out);
  dsp_biquad_process(&self->post[1], n, out, out);
  const DistToneKnobs k = knobs(params);
  dist_tone_process(&self->tone, &k, n, out);
  pedal_ramp_gain(&self->level, dsp_db_to_gain(params[PEDAL_OCTAVE_FUZZ_LEVEL]), n, out, out);
}

const PedalClass pedal_octave_fuzz_class = {
    .create = octave_fuzz_create,
    .destroy = octave_fuzz_destroy,
    .reset = octave_fuzz_reset,
    .process = octave_fuzz_process,
};
