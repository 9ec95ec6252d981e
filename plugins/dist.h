// SPDX-License-Identifier: ISC
/// Building blocks of the issue-16 distortion pedals (MetalDrive, OctaveFuzz,
/// DistortionSuperModeler, Distortion, DistortionModeler; pedals_spec.md §2.11-2.13):
///
/// - DistStage, one clipping stage: u = g·LP1(GBW/g)(x) (an op-amp gain stage whose gain
///   falls above its gain-bandwidth product), y = clip(u) through the shared oversampled
///   anti-aliased shaper (dsp/shaper.h: 2x IIR half-band with 2nd-order ADAA by default), then
///   a DC blocker (§5 item 13). clip is one of the spec's four curves (§3.3): hard (clamp to
///   ±0.5), tube (u/(1+|u|)), brit (asymmetric), oct (full-wave |u|/(1+|u|)).
/// - DistTone, the 3-band tone stage LS ∘ PK ∘ HS with real dB (§5 item 2), normalised by
///   10^(-Σ max(gain, 0)/20) so that it never rises above 0 dB: the output stays bounded
///   whatever the knobs (§5 item 12). Boosting one band lowers the others instead.
/// - dist_filter(): a biquad whose design follows a knob, ramped per sub-block.
///
/// The gain-bandwidth limit (150 kHz: a drive of 40 dB rolls off above 1.5 kHz, like a
/// feedback capacitor across an op-amp clipper) keeps the slope of the clipper's input
/// finite; with 2x ADAA2 that keeps the aliases of a 5 kHz sine at any drive 73 dB or more
/// below the fundamental (tests/unit/test_pedal_distortions.c), at about 60 % of the cost of
/// 4x ADAA1 (OctaveFuzz runs its first, hard clipper at 4x ADAA2: its 50 dB of drive leave
/// -57 dB at 2x). Without the limit, ADAA1 at 4x leaves -51 dB and at 2x -36 dB for a hard
/// clip at high drive.

#ifndef PEDAL_DIST_H
#define PEDAL_DIST_H

#include "common/rt.h"
#include "dsp/biquad.h"
#include "dsp/clip.h"
#include "dsp/db.h"
#include "dsp/dcblock.h"
#include "dsp/onepole.h"
#include "dsp/shaper.h"
#include "pedal.h"
#include "ramp.h"

#include <math.h>
#include <stdint.h>

/// Gain-bandwidth product of a drive stage, Hz.
#define DIST_GBW_HZ 150000.0

/// Oversampling factor of the clippers (with 2nd-order ADAA).
#define DIST_OVERSAMPLE 2u

/// DC blocker corner after a clipper, Hz.
#define DIST_DC_HZ 10.0

/// The four clip curves of the spec, in the order of the `clipType` labels.
typedef enum {
  DIST_CLIP_HARD, ///< clamp to ±0.5
  DIST_CLIP_TUBE, ///< u/(1+|u|)
  DIST_CLIP_BRIT, ///< u/(1+u) above 0, u/(1+3|u|) below
  DIST_CLIP_OCT,  ///< |u|/(1+|u|), one octave up
} DistClip;

/// One clipping stage. Its gain-bandwidth pole and DC blocker are first-order biquad sections
/// that the pedal runs in its own filter cascades, next to the filters before and after the
/// stage (dsp_biquad_process_chain(): one recursion's latency hides another's); the stage
/// itself runs the gain, the oversampled clipper and the output scale (dist_stage_clip()).
typedef struct {
  double rate;      ///< sample rate, Hz
  DspBiquad pole;   ///< gain-bandwidth pole LP1(GBW/g), first order: before the stage
  DspShaper shaper; ///< oversampled ADAA clipper
  DspBiquad dc;     ///< DC blocker (dsp/dcblock.h's), first order: after the stage
  PedalRamp gain;   ///< drive gain, linear
  PedalRamp out;    ///< output scale (0.5 for hard), linear
  float last_db;    ///< drive (dB) the pole was set for
  double gbw_hz;    ///< gain-bandwidth product, Hz
} DistStage;

JAM_REALTIME static inline DspClipShape
dist_shape_(const DistClip clip)
{
  switch (clip) {
  case DIST_CLIP_HARD:
    return DSP_CLIP_HARD;
  case DIST_CLIP_TUBE:
    return DSP_CLIP_SOFT;
  case DIST_CLIP_BRIT:
    return DSP_CLIP_ASYM;
  case DIST_CLIP_OCT:
    return DSP_CLIP_EVEN;
  }
  return DSP_CLIP_SOFT;
}

/// Clip type from a control value (rounded by the glue; clamped here).
JAM_REALTIME static inline DistClip
dist_clip_from(const float v)
{
  return v <= 0.5f ? DIST_CLIP_HARD
                   : (v <= 1.5f ? DIST_CLIP_TUBE : (v <= 2.5f ? DIST_CLIP_BRIT : DIST_CLIP_OCT));
}

/// Corner of the gain-bandwidth pole for a drive gain, Hz (below 0.45·fs).
JAM_REALTIME static inline double
dist_gbw_hz(const double gbw, const double gain, const double rate)
{
  const double fc = gbw / (gain > 1.0 ? gain : 1.0);
  return fc < 0.45 * rate ? fc : 0.45 * rate;
}

/// The gain-bandwidth pole for a drive gain: dsp/onepole.h's low-pass y += c·(x - y) as a
/// first-order section.
JAM_REALTIME static inline DspBiquadCoefs
dist_pole_coefs_(const DistStage* const self, const double gain)
{
  const double c = dsp_onepole_coef_hz(dist_gbw_hz(self->gbw_hz, gain, self->rate), self->rate);
  return dsp_biquad_first_order(c, 0.0, c - 1.0);
}

/// Initialises with a gain-bandwidth product (DIST_GBW_HZ unless a voicing needs a slower
/// stage), Hz. Instantiate thread: designs the oversampling filters.
static inline void
dist_stage_init(DistStage* const self, const double rate, const double gbw_hz)
{
  self->rate = rate;
  self->gbw_hz = gbw_hz;
  dsp_biquad_init(&self->pole);
  const DspBiquadCoefs p = dist_pole_coefs_(self, 1.0);
  dsp_biquad_set(&self->pole, &p);
  dsp_shaper_init(&self->shaper, DIST_OVERSAMPLE, DSP_CLIP_SOFT);
  dsp_shaper_set_order(&self->shaper, 2u);
  DspDcBlock dc;
  dsp_dcblock_init(&dc, DIST_DC_HZ, rate);
  const DspBiquadCoefs d = dsp_biquad_first_order(dc.g, -dc.g, -dc.r);
  dsp_biquad_init(&self->dc);
  dsp_biquad_set(&self->dc, &d);
  self->last_db = 0.0f;
}

/// Clears the state and jumps to the knob values.
JAM_REALTIME static inline void
dist_stage_reset(DistStage* const self, const float drive_db, const DistClip clip)
{
  dsp_biquad_reset(&self->pole);
  dsp_shaper_set_shape(&self->shaper, dist_shape_(clip));
  dsp_shaper_reset(&self->shaper);
  dsp_biquad_reset(&self->dc);
  const float g = dsp_db_to_gain(drive_db);
  const DspBiquadCoefs p = dist_pole_coefs_(self, g);
  dsp_biquad_set(&self->pole, &p);
  self->last_db = drive_db;
  // hard = clamp(u, ±0.5) = 0.5·clamp(2u, ±1) (pedals_spec.md §3.3): slope 1 at 0
  pedal_ramp_snap(&self->gain, clip == DIST_CLIP_HARD ? 2.0f * g : g);
  pedal_ramp_snap(&self->out, clip == DIST_CLIP_HARD ? 0.5f : 1.0f);
}

/// Follows the knobs for a block of n samples, before the pedal's cascades run: a new drive
/// ramps the pole over the block, a new curve takes effect at once.
JAM_REALTIME static inline void
dist_stage_set(DistStage* const self, const float drive_db, const DistClip clip, const uint32_t n)
{
  if (drive_db != self->last_db) {
    const DspBiquadCoefs p = dist_pole_coefs_(self, dsp_db_to_gain(drive_db));
    dsp_biquad_set_target(&self->pole, &p, n);
    self->last_db = drive_db;
  }
  dsp_shaper_set_shape(&self->shaper, dist_shape_(clip));
}

/// The stage between its pole and its DC blocker, n <= PEDAL_BLOCK samples in place: gain,
/// oversampled clipper, output scale (after dist_stage_set()).
JAM_REALTIME static inline void
dist_stage_clip(DistStage* const self, const float drive_db, const DistClip clip, const uint32_t n,
                float* const buf)
{
  const float g = dsp_db_to_gain(drive_db);
  float gain[PEDAL_BLOCK] = {0.0f}; // (GCC 12 cannot see the fill below cover n)
  pedal_ramp_fill(&self->gain, clip == DIST_CLIP_HARD ? 2.0f * g : g, n, gain);
  dsp_shaper_process(&self->shaper, n, gain, buf, buf);
  pedal_ramp_gain(&self->out, clip == DIST_CLIP_HARD ? 0.5f : 1.0f, n, buf, buf);
}

/// Designs `f` for a knob-driven filter when a parameter changed (or at once when ramp is 0),
/// ramping the coefficients over `ramp` samples. `last` caches {f0, q, gain}.
JAM_REALTIME static inline void
dist_filter(DspBiquad* const f, float* const last, const DspBiquadType type, const float f0,
            const float q, const float gain_db, const double rate, const unsigned ramp)
{
  if (ramp == 0 || last[0] != f0 || last[1] != q || last[2] != gain_db) {
    dsp_biquad_set_params(f, type, f0, q, gain_db, rate, ramp);
    last[0] = f0;
    last[1] = q;
    last[2] = gain_db;
  }
}

/// The normalised 3-band tone stage.
typedef struct {
  DspBiquad eq[3];  ///< LS, PK, HS
  float last[3][3]; ///< cached designs
  PedalRamp norm;   ///< normalisation gain, linear
  double rate;      ///< sample rate, Hz
} DistTone;

/// Knob values of a tone stage.
typedef struct {
  float bass_hz, bass_db;      ///< low shelf (S 0.707)
  float mid_hz, mid_db, mid_q; ///< peak
  float treble_hz, treble_db;  ///< high shelf (S 0.707)
} DistToneKnobs;

/// 10^(-Σ max(gain, 0)/20).
JAM_REALTIME static inline float
dist_tone_norm(const DistToneKnobs* const k)
{
  const float boost = fmaxf(k->bass_db, 0.0f) + fmaxf(k->mid_db, 0.0f) + fmaxf(k->treble_db, 0.0f);
  return dsp_db_to_gain(-boost);
}

static inline void
dist_tone_init(DistTone* const self, const double rate)
{
  self->rate = rate;
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_init(&self->eq[i]);
  }
}

/// Designs the three sections for the knobs (ramping over `ramp` samples), for a pedal that
/// runs self->eq in its own cascade and then dist_tone_norm_gain().
JAM_REALTIME static inline void
dist_tone_design(DistTone* const self, const DistToneKnobs* const k, const unsigned ramp)
{
  dist_filter(&self->eq[0], self->last[0], DSP_BIQUAD_LOWSHELF, k->bass_hz, (float)M_SQRT1_2,
              k->bass_db, self->rate, ramp);
  dist_filter(&self->eq[1], self->last[1], DSP_BIQUAD_PEAK, k->mid_hz, k->mid_q, k->mid_db,
              self->rate, ramp);
  dist_filter(&self->eq[2], self->last[2], DSP_BIQUAD_HIGHSHELF, k->treble_hz, (float)M_SQRT1_2,
              k->treble_db, self->rate, ramp);
}

JAM_REALTIME static inline void
dist_tone_reset(DistTone* const self, const DistToneKnobs* const k)
{
  dist_tone_design(self, k, 0);
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_reset(&self->eq[i]);
  }
  pedal_ramp_snap(&self->norm, dist_tone_norm(k));
}

/// The normalisation gain after the sections, n samples in place.
JAM_REALTIME static inline void
dist_tone_norm_gain(DistTone* const self, const DistToneKnobs* const k, const uint32_t n,
                    float* const buf)
{
  pedal_ramp_gain(&self->norm, dist_tone_norm(k), n, buf, buf);
}

#endif // PEDAL_DIST_H
