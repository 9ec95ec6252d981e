// SPDX-License-Identifier: ISC
/// Distortion (pedals_spec.md §2.12, C's older design, "better" version):
///
///   HPF(150 Hz "Low" | 700 Hz "Mid") -> clip(type, drive) -> LPF 5k -> LPF 5k
///   -> clip(type, drive) -> LPF 5k -> LPF 5k
///   -> √(½(1 + tone))·HPF 3k + √(½(1 - tone))·LPF 2k      (equal-power crossfade)
///   y = level·(v + 0.01·x)                                 (the fixed "detail" dry path)
///
/// Each 5 kHz low-pass pair is two independent Butterworth sections, the 4th-order roll-off
/// the original meant (§5 item 4); the clippers are plugins/dist.h stages (2x ADAA2, DC
/// blocker, §5 item 13).

#include "dist.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
  double rate;        ///< sample rate, Hz
  DspBiquad hpf;      ///< input high-pass (mode)
  float hpf_last[3];  ///< its cached design
  DspBiquad lpf[4];   ///< 5 kHz low-passes, two after each stage
  DspBiquad bright;   ///< HPF 3 kHz (tone +1)
  DspBiquad dark;     ///< LPF 2 kHz (tone -1)
  DistStage stage[2]; ///< the two clippers
  PedalRamp wb;       ///< bright-branch gain √(½(1 + tone)), linear
  PedalRamp wd;       ///< dark-branch gain √(½(1 - tone)), linear
  PedalRamp level;    ///< output gain, linear
} Distortion;

static void*
distortion_create(const double rate)
{
  Distortion* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    dsp_biquad_init(&self->hpf);
    for (int i = 0; i < 4; ++i) {
      dsp_biquad_init_butterworth(&self->lpf[i], DSP_BIQUAD_LOWPASS, 5000.0, rate);
    }
    dsp_biquad_init_butterworth(&self->bright, DSP_BIQUAD_HIGHPASS, 3000.0, rate);
    dsp_biquad_init_butterworth(&self->dark, DSP_BIQUAD_LOWPASS, 2000.0, rate);
    dist_stage_init(&self->stage[0], rate, DIST_GBW_HZ);
    dist_stage_init(&self->stage[1], rate, DIST_GBW_HZ);
  }
  return self;
}

static void
distortion_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static float
hpf_hz(const float* const p)
{
  return p[PEDAL_DISTORTION_HPF_MODE] > 0.5f ? 700.0f : 150.0f;
}

JAM_REALTIME static void
distortion_reset(void* const dsp, const float* const p)
{
  Distortion* const self = (Distortion*)dsp;
  dist_filter(&self->hpf, self->hpf_last, DSP_BIQUAD_HIGHPASS, hpf_hz(p), (float)M_SQRT1_2, 0.0f,
              self->rate, 0);
  dsp_biquad_reset(&self->hpf);
  for (int i = 0; i < 4; ++i) {
    dsp_biquad_reset(&self->lpf[i]);
  }
  dsp_biquad_reset(&self->bright);
  dsp_biquad_reset(&self->dark);
  const DistClip clip = dist_clip_from(p[PEDAL_DISTORTION_CLIP_TYPE]);
  dist_stage_reset(&self->stage[0], p[PEDAL_DISTORTION_DRIVE], clip);
  dist_stage_reset(&self->stage[1], p[PEDAL_DISTORTION_DRIVE], clip);
  const float t = p[PEDAL_DISTORTION_TONE];
  pedal_ramp_snap(&self->wb, sqrtf(0.5f * (1.0f + t)));
  pedal_ramp_snap(&self->wd, sqrtf(0.5f * (1.0f - t)));
  pedal_ramp_snap(&self->level, dsp_db_to_gain(p[PEDAL_DISTORTION_LEVEL]));
}

JAM_REALTIME static void
distortion_process(void* const dsp, const float* const p, const float* const in, float* const out,
                   const uint32_t n)
{
  Distortion* const self = (Distortion*)dsp;
  // A mode change ramps the high-pass over a long sub-block-sized ramp (no click).
  dist_filter(&self->hpf, self->hpf_last, DSP_BIQUAD_HIGHPASS, hpf_hz(p), (float)M_SQRT1_2, 0.0f,
              self->rate, n);
  const DistClip clip = dist_clip_from(p[PEDAL_DISTORTION_CLIP_TYPE]);
  const float drive = p[PEDAL_DISTORTION_DRIVE];
  // Each stage's pole and DC blocker run in the cascades around it.
  dist_stage_set(&self->stage[0], drive, clip, n);
  dist_stage_set(&self->stage[1], drive, clip, n);
  DspBiquad* const pre[] = {&self->hpf, &self->stage[0].pole};
  DspBiquad* const mid[] = {&self->stage[0].dc, &self->lpf[0], &self->lpf[1], &self->stage[1].pole};
  DspBiquad* const post[] = {&self->stage[1].dc, &self->lpf[2], &self->lpf[3]};
  dsp_biquad_process_chain(pre, 2, n, in, out);
  dist_stage_clip(&self->stage[0], drive, clip, n, out);
  dsp_biquad_process_chain(mid, 4, n, out, out);
  dist_stage_clip(&self->stage[1], drive, clip, n, out);
  dsp_biquad_process_chain(post, 3, n, out, out);
  float b[PEDAL_BLOCK], d[PEDAL_BLOCK];
  const float t = fminf(fmaxf(p[PEDAL_DISTORTION_TONE], -1.0f), 1.0f);
  dsp_biquad_process_pair(&self->bright, &self->dark, n, out, b, d);
  pedal_ramp_gain(&self->wb, sqrtf(0.5f * (1.0f + t)), n, b, b);
  pedal_ramp_gain(&self->wd, sqrtf(0.5f * (1.0f - t)), n, d, d);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] = b[i] + d[i] + 0.01f * in[i];
  }
  pedal_ramp_gain(&self->level, dsp_db_to_gain(p[PEDAL_DISTORTION_LEVEL]), n, out, out);
}

const PedalClass pedal_distortion_class = {
    .create = distortion_create,
    .destroy = distortion_destroy,
    .reset = distortion_reset,
    .process = distortion_process,
};
