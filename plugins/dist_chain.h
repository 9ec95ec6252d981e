// SPDX-License-Identifier: ISC
/// The two-clipper chain that MetalDrive and OctaveFuzz share (pedals_spec.md §2.11, C voicing,
/// "better" version): band-limit, clip, band-limit, clip, band-limit, then the normalised tone
/// stage and the level.
///
///   pre[0] -> pre[1] -> clip 1 (hard) -> mid[0..2] -> clip 2 -> post[0] -> post[1]
///   -> tone -> level
///
/// Every filter is a fixed Butterworth biquad, each its own instance (§5 item 4: the original
/// stepped one instance twice). A pedal gives its filters, the second clipper's curve and
/// gain-bandwidth product in a DistChainDesign; clipping stages and the tone: plugins/dist.h.

#ifndef PEDAL_DIST_CHAIN_H
#define PEDAL_DIST_CHAIN_H

#include "dist.h"

/// One fixed band-limiting filter.
typedef struct {
  DspBiquadType type; ///< DSP_BIQUAD_LOWPASS or DSP_BIQUAD_HIGHPASS
  double hz;          ///< corner
} DistFilterSpec;

/// What differs between the pedals built on the chain.
typedef struct {
  DistFilterSpec pre[2];  ///< before the first clipper
  DistFilterSpec mid[3];  ///< between the clippers
  DistFilterSpec post[2]; ///< after the second clipper
  DistClip clip2;         ///< the second clipper's curve
  double gbw2_hz;         ///< the second clipper's gain-bandwidth product
  float makeup_db;        ///< added to the level: the voicing's loudness at its defaults
} DistChainDesign;

typedef struct {
  DistClip clip2;     ///< from the design
  DspBiquad pre[2];   ///< band-limit before clip 1
  DspBiquad mid[3];   ///< between the clippers
  DspBiquad post[2];  ///< after clip 2
  DistStage stage[2]; ///< the two clippers
  DistTone tone;      ///< tone stage
  PedalRamp level;    ///< output gain, linear
  float makeup_db;    ///< from the design
} DistChain;

static inline void
dist_chain_init(DistChain* const self, const DistChainDesign* const d, const double rate)
{
  self->clip2 = d->clip2;
  self->makeup_db = d->makeup_db;
  for (int i = 0; i < 2; ++i) {
    dsp_biquad_init_butterworth(&self->pre[i], d->pre[i].type, d->pre[i].hz, rate);
    dsp_biquad_init_butterworth(&self->post[i], d->post[i].type, d->post[i].hz, rate);
  }
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_init_butterworth(&self->mid[i], d->mid[i].type, d->mid[i].hz, rate);
  }
  dist_stage_init(&self->stage[0], rate, DIST_GBW_HZ);
  dist_stage_init(&self->stage[1], rate, d->gbw2_hz);
  dist_tone_init(&self->tone, rate);
}

JAM_REALTIME static inline void
dist_chain_reset(DistChain* const self, const float drive_db, const DistToneKnobs* const k,
                 const float level_db)
{
  for (int i = 0; i < 2; ++i) {
    dsp_biquad_reset(&self->pre[i]);
    dsp_biquad_reset(&self->post[i]);
  }
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_reset(&self->mid[i]);
  }
  dist_stage_reset(&self->stage[0], drive_db, DIST_CLIP_HARD);
  dist_stage_reset(&self->stage[1], drive_db, self->clip2);
  dist_tone_reset(&self->tone, k);
  pedal_ramp_snap(&self->level, dsp_db_to_gain(level_db + self->makeup_db));
}

/// Processes n <= PEDAL_BLOCK frames (in == out allowed).
JAM_REALTIME static inline void
dist_chain_process(DistChain* const self, const float drive_db, const DistToneKnobs* const k,
                   const float level_db, const uint32_t n, const float* const in, float* const out)
{
  // Each stage's pole and DC blocker, and the tone's sections, run in the cascades around
  // the stages.
  DistStage* const s = self->stage;
  dist_stage_set(&s[0], drive_db, DIST_CLIP_HARD, n);
  dist_stage_set(&s[1], drive_db, self->clip2, n);
  dist_tone_design(&self->tone, k, n);
  DspBiquad* const pre[] = {&self->pre[0], &self->pre[1], &s[0].pole};
  DspBiquad* const mid[] = {&s[0].dc, &self->mid[0], &self->mid[1], &self->mid[2], &s[1].pole};
  DspBiquad* const post[] = {&s[1].dc,          &self->post[0],    &self->post[1],
                             &self->tone.eq[0], &self->tone.eq[1], &self->tone.eq[2]};
  dsp_biquad_process_chain(pre, 3, n, in, out);
  dist_stage_clip(&s[0], drive_db, DIST_CLIP_HARD, n, out);
  dsp_biquad_process_chain(mid, 5, n, out, out);
  dist_stage_clip(&s[1], drive_db, self->clip2, n, out);
  dsp_biquad_process_chain(post, 6, n, out, out);
  dist_tone_norm_gain(&self->tone, k, n, out);
  pedal_ramp_gain(&self->level, dsp_db_to_gain(level_db + self->makeup_db), n, out, out);
}

#endif // PEDAL_DIST_CHAIN_H
