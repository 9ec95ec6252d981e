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
/// item 5). Clipping stages: plugins/dist.h.

#include "dist.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;        ///< sample rate, Hz
  DspBiquad pre[2];   ///< HPF 80, LPF 3500
  DspBiquad mid[3];   ///< LPF 8250, HPF 100, HPF 100
  DspBiquad post[2];  ///< LPF 7000, HPF 30
  DistStage stage[2]; ///< the two clippers
  DistTone tone;      ///< tone stage
  PedalRamp level;    ///< output gain, linear
} MetalDrive;

static void
fixed(DspBiquad* const f, const DspBiquadType type, const double hz, const double rate)
{
  dsp_biquad_init(f);
  const DspBiquadCoefs c = dsp_biquad_design(type, hz, M_SQRT1_2, 0.0, rate);
  dsp_biquad_set(f, &c);
}

static void*
metal_drive_create(const double rate)
{
  MetalDrive* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    fixed(&self->pre[0], DSP_BIQUAD_HIGHPASS, 80.0, rate);
    fixed(&self->pre[1], DSP_BIQUAD_LOWPASS, 3500.0, rate);
    fixed(&self->mid[0], DSP_BIQUAD_LOWPASS, 8250.0, rate);
    fixed(&self->mid[1], DSP_BIQUAD_HIGHPASS, 100.0, rate);
    fixed(&self->mid[2], DSP_BIQUAD_HIGHPASS, 100.0, rate);
    fixed(&self->post[0], DSP_BIQUAD_LOWPASS, 7000.0, rate);
    fixed(&self->post[1], DSP_BIQUAD_HIGHPASS, 30.0, rate);
    dist_stage_init(&self->stage[0], rate, DIST_GBW_HZ);
    dist_stage_init(&self->stage[1], rate, DIST_GBW_HZ);
    dist_tone_init(&self->tone, rate);
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
  MetalDrive* const self = (MetalDrive*)dsp;
  for (int i = 0; i < 2; ++i) {
    dsp_biquad_reset(&self->pre[i]);
    dsp_biquad_reset(&self->post[i]);
    dist_stage_reset(&self->stage[i], params[PEDAL_METAL_DRIVE_DRIVE], DIST_CLIP_HARD);
  }
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_reset(&self->mid[i]);
  }
  const DistToneKnobs k = knobs(params);
  dist_tone_reset(&self->tone, &k);
  pedal_ramp_snap(&self->level, dsp_db_to_gain(params[PEDAL_METAL_DRIVE_LEVEL]));
}

JAM_REALTIME static void
metal_drive_process(void* const dsp, const float* const params, const float* const in,
                    float* const out, const uint32_t n)
{
  MetalDrive* const self = (MetalDrive*)dsp;
  const float drive = params[PEDAL_METAL_DRIVE_DRIVE];
  dsp_biquad_process(&self->pre[0], n, in, out);
  dsp_biquad_process(&self->pre[1], n, out, out);
  dist_stage_process(&self->stage[0], drive, DIST_CLIP_HARD, n, out, out);
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_process(&self->mid[i], n, out, out);
  }
  dist_stage_process(&self->stage[1], drive, DIST_CLIP_HARD, n, out, out);
  dsp_biquad_process(&self->post[0], n, out, out);
  dsp_biquad_process(&self->post[1], n, out, out);
  const DistToneKnobs k = knobs(params);
  dist_tone_process(&self->tone, &k, n, out);
  pedal_ramp_gain(&self->level, dsp_db_to_gain(params[PEDAL_METAL_DRIVE_LEVEL]), n, out, out);
}

const PedalClass pedal_metal_drive_class = {
    .create = metal_drive_create,
    .destroy = metal_drive_destroy,
    .reset = metal_drive_reset,
    .process = metal_drive_process,
};
