// SPDX-License-Identifier: ISC
/// OctaveFuzz (pedals_spec.md §2.11, C voicing, "better" version): a hard clipper, then a
/// full-wave rectifying stage that doubles the frequency (the octave up), with the same drive.
///
///   HPF 190 -> LPF 6.5k -> clip(hard, drive) -> LPF 2.25k -> HPF 55 -> HPF 55
///   -> clip(oct, drive) -> DC blocker -> LPF 8.7k -> HPF 110
///   -> LS(150, +14) PK(730, +18, Q 1) HS(3k, treble), normalised -> +18 dB -> level
///
/// The rectifier's large DC is removed by the stage's DC blocker (§5 item 13), not left to a
/// shared-state high-pass; the second 55 Hz high-pass is its own instance (§5 item 4). Every
/// filter between the stages is linear and time-invariant and the hard clipper is odd, so the
/// signal reaching the rectifier has half-wave symmetry and the rectified output holds only
/// even harmonics of the input: the fundamental vanishes, the octave dominates. The chain:
/// plugins/dist_chain.h.

#include "dist_chain.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

/// Gain-bandwidth product of the rectifier stage, Hz: slower than the other stages, because
/// the rectifier's V-shaped dips at each zero crossing are the widest-band feature of all
/// the curves (this keeps its aliases 65 dB down at full drive).
#define OCTAVE_RECTIFIER_GBW_HZ 60000.0

static const DistChainDesign k_octave = {
    .pre = {{DSP_BIQUAD_HIGHPASS, 190.0}, {DSP_BIQUAD_LOWPASS, 6500.0}},
    .mid = {{DSP_BIQUAD_LOWPASS, 2250.0}, {DSP_BIQUAD_HIGHPASS, 55.0}, {DSP_BIQUAD_HIGHPASS, 55.0}},
    .post = {{DSP_BIQUAD_LOWPASS, 8700.0}, {DSP_BIQUAD_HIGHPASS, 110.0}},
    .clip2 = DIST_CLIP_OCT,
    .gbw2_hz = OCTAVE_RECTIFIER_GBW_HZ,
    // The rectified wave's mean is taken out by the DC blocker, and the tone stage is
    // normalised to its +18 dB peak: at its defaults the pedal played a pluck 20 dB quieter
    // than it came in. 18 dB of make-up bring it within 5 dB (test_pedal_levels.c).
    .makeup_db = 18.0f,
};

static void*
octave_fuzz_create(const double rate)
{
  DistChain* const self = calloc(1, sizeof *self);
  if (self) {
    dist_chain_init(self, &k_octave, rate);
    // Up to 50 dB of drive into the hard clip needs more than the 2x ADAA2 of the other drives
    // (-57 dB): 4x with ADAA2 keeps the aliases 73 dB down; the rectifier keeps the chain's
    // 2x ADAA2 (tests/unit/test_pedal_distortions.c).
    dsp_shaper_init(&self->stage[0].shaper, 4u, DSP_CLIP_HARD);
    dsp_shaper_set_order(&self->stage[0].shaper, 2u);
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
  const DistToneKnobs k = knobs(params);
  dist_chain_reset(dsp, params[PEDAL_OCTAVE_FUZZ_DRIVE], &k, params[PEDAL_OCTAVE_FUZZ_LEVEL]);
}

JAM_REALTIME static void
octave_fuzz_process(void* const dsp, const float* const params, const float* const in,
                    float* const out, const uint32_t n)
{
  const DistToneKnobs k = knobs(params);
  dist_chain_process(dsp, params[PEDAL_OCTAVE_FUZZ_DRIVE], &k, params[PEDAL_OCTAVE_FUZZ_LEVEL], n,
                     in, out);
}

const PedalClass pedal_octave_fuzz_class = {
    .create = octave_fuzz_create,
    .destroy = octave_fuzz_destroy,
    .reset = octave_fuzz_reset,
    .process = octave_fuzz_process,
};
