// SPDX-License-Identifier: ISC
/// MetalDrive (pedals_spec.md §2.11, C voicing, "better" version): two hard-clip stages with
/// the same drive, band-limited around each, then a normalised 3-band tone stage.
///
///   HPF 80 -> LPF 3.5k -> clip(hard, drive) -> LPF 8.25k -> HPF 100 -> HPF 100
///   -> clip(hard, drive) -> LPF 7k -> HPF 30 -> LS(100, bass) PK(800, mid, Q 0.7)
///   HS(2k, treble), normalised -> level
///
/// Every HPF/LPF is a Butterworth biquad (the spec's Q 1 peaks by +1.25 dB); the second 100 Hz
/// high-pass is its own instance (§5 item 4: the original stepped one instance twice). The
/// mid peak takes Q 0.7 because the original's Q 0.1 only worked with its Q·A variant (§5
/// item 5). The chain: plugins/dist_chain.h.

#include "dist_chain.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

static const DistChainDesign k_metal = {
    .pre = {{DSP_BIQUAD_HIGHPASS, 80.0}, {DSP_BIQUAD_LOWPASS, 3500.0}},
    .mid = {{DSP_BIQUAD_LOWPASS, 8250.0},
            {DSP_BIQUAD_HIGHPASS, 100.0},
            {DSP_BIQUAD_HIGHPASS, 100.0}},
    .post = {{DSP_BIQUAD_LOWPASS, 7000.0}, {DSP_BIQUAD_HIGHPASS, 30.0}},
    .clip2 = DIST_CLIP_HARD,
    .gbw2_hz = DIST_GBW_HZ,
};

static void*
metal_drive_create(const double rate)
{
  DistChain* const self = calloc(1, sizeof *self);
  if (self) {
    dist_chain_init(self, &k_metal, rate);
  }
  return self;
}

static void
metal_drive_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static DistToneKnobs
knobs(const float* const params)
{
  const DistToneKnobs k = {
      100.0f,  params[PEDAL_METAL_DRIVE_BASS],  800.0f, params[PEDAL_METAL_DRIVE_MID], 0.7f,
      2000.0f, params[PEDAL_METAL_DRIVE_TREBLE]};
  return k;
}

JAM_REALTIME static void
metal_drive_reset(void* const dsp, const float* const params)
{
  const DistToneKnobs k = knobs(params);
  dist_chain_reset(dsp, params[PEDAL_METAL_DRIVE_DRIVE], &k, params[PEDAL_METAL_DRIVE_LEVEL]);
}

JAM_REALTIME static void
metal_drive_process(void* const dsp, const float* const params, const float* const in,
                    float* const out, const uint32_t n)
{
  const DistToneKnobs k = knobs(params);
  dist_chain_process(dsp, params[PEDAL_METAL_DRIVE_DRIVE], &k, params[PEDAL_METAL_DRIVE_LEVEL], n,
                     in, out);
}

const PedalClass pedal_metal_drive_class = {
    .create = metal_drive_create,
    .destroy = metal_drive_destroy,
    .reset = metal_drive_reset,
    .process = metal_drive_process,
};
