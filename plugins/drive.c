// SPDX-License-Identifier: ISC
/// The distortion base of TubeDrive and SoulDrive: see drive.h for the chain. The linear
/// filters on each side of the clipper, the gain-bandwidth pole and the DC blocker included,
/// run as one biquad cascade each (dsp_biquad_process_cascade).

#include "drive.h"

#include "dsp/biquad.h"
#include "dsp/clip.h"
#include "dsp/db.h"
#include "dsp/dcblock.h"
#include "dsp/onepole.h"
#include "dsp/oversample.h"
#include "pedal.h"
#include "ramp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/// DC blocker corner after the clipper, Hz.
#define DRIVE_DC_HZ 10.0

/// Dry-path delay ring, frames (a power of two > the oversampler's latency).
#define DRIVE_DRY_RING 128u

struct DriveImpl {
  DriveVoicing v;                 ///< voicing
  double rate;                    ///< sample rate, Hz
  DspOversampler os;              ///< clipper oversampler
  DspBiquad pre[4];               ///< HPF, LPF, PK, the drive stage's gain-bandwidth pole
  DspBiquad post[5];              ///< DC blocker, HPF, LPF, LS, tilt
  PedalRamp gain;                 ///< drive gain, linear
  PedalRamp level;                ///< output gain, linear
  float last_drive;               ///< drive (dB) the GBW pole was set for
  float last_treble;              ///< treble (dB) the tilt was designed for
  float tilt_gain;                ///< 10^(-max(treble, 0)/20) for last_treble
  float dry_ring[DRIVE_DRY_RING]; ///< dry history (latency alignment)
  uint32_t dry_pos;               ///< next write index into dry_ring
};

/// Corner of the drive stage's pole for a gain, Hz (clamped below Nyquist).
static double
gbw_corner(const double gain, const double rate)
{
  const double fc = DRIVE_GBW_HZ / gain;
  return fc < 0.45 * rate ? fc : 0.45 * rate;
}

/// The drive stage's gain-bandwidth pole for a gain: dsp/onepole.h's low-pass as a section.
static DspBiquadCoefs
gbw_coefs(const double gain, const double rate)
{
  const double c = dsp_onepole_coef_hz(gbw_corner(gain, rate), rate);
  return dsp_biquad_first_order(c, 0.0, c - 1.0);
}

static DspBiquadCoefs
tilt_coefs(const DriveVoicing* const v, const float treble_db, const double rate)
{
  return dsp_biquad_design(DSP_BIQUAD_HIGHSHELF, v->treble_hz, M_SQRT1_2, treble_db, rate);
}

static float
tilt_gain(const float treble_db)
{
  return treble_db > 0.0f ? dsp_db_to_gain(-treble_db) : 1.0f;
}

Drive*
drive_new(const DriveVoicing* const voicing, const double rate)
{
  Drive* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->v = *voicing;
  self->rate = rate;
  (void)dsp_oversample_init(&self->os, DRIVE_OVERSAMPLE);
  const DriveVoicing* const v = &self->v;
  DspBiquadCoefs c;
  c = dsp_biquad_design(DSP_BIQUAD_HIGHPASS, v->hpf1_hz, M_SQRT1_2, 0.0, rate);
  dsp_biquad_init(&self->pre[0]);
  dsp_biquad_set(&self->pre[0], &c);
  c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, v->lpf1_hz, M_SQRT1_2, 0.0, rate);
  dsp_biquad_init(&self->pre[1]);
  dsp_biquad_set(&self->pre[1], &c);
  c = dsp_biquad_design(DSP_BIQUAD_PEAK, v->mid_hz, v->mid_q, v->mid_db, rate);
  dsp_biquad_init(&self->pre[2]);
  dsp_biquad_set(&self->pre[2], &c);
  c = gbw_coefs(1.0, rate);
  dsp_biquad_init(&self->pre[3]);
  dsp_biquad_set(&self->pre[3], &c);
  DspDcBlock dc;
  dsp_dcblock_init(&dc, DRIVE_DC_HZ, rate);
  c = dsp_biquad_first_order(dc.g, -dc.g, -dc.r);
  dsp_biquad_init(&self->post[0]);
  dsp_biquad_set(&self->post[0], &c);
  c = dsp_biquad_design(DSP_BIQUAD_HIGHPASS, v->hpf2_hz, M_SQRT1_2, 0.0, rate);
  dsp_biquad_init(&self->post[1]);
  dsp_biquad_set(&self->post[1], &c);
  c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, v->lpf2_hz, M_SQRT1_2, 0.0, rate);
  dsp_biquad_init(&self->post[2]);
  dsp_biquad_set(&self->post[2], &c);
  c = dsp_biquad_design(DSP_BIQUAD_LOWSHELF, v->low_hz, M_SQRT1_2, v->low_db, rate);
  dsp_biquad_init(&self->post[3]);
  dsp_biquad_set(&self->post[3], &c);
  dsp_biquad_init(&self->post[4]);
  return self;
}

void
drive_free(Drive* const self)
{
  free(self);
}

uint32_t
drive_latency(const Drive* const self)
{
  return dsp_oversample_latency(&self->os);
}

/// Follows the drive and treble knobs (once per sub-block).
JAM_REALTIME static void
follow(Drive* const self, const float drive_db, const float treble_db, const unsigned ramp)
{
  if (ramp == 0 || drive_db != self->last_drive) {
    const DspBiquadCoefs c = gbw_coefs(dsp_db_to_gain_d(drive_db), self->rate);
    dsp_biquad_set(&self->pre[3], &c); // at once, as the one-pole it models
    self->last_drive = drive_db;
  }
  if (ramp == 0 || treble_db != self->last_treble) {
    const DspBiquadCoefs c = tilt_coefs(&self->v, treble_db, self->rate);
    dsp_biquad_set_target(&self->post[4], &c, ramp);
    self->last_treble = treble_db;
    self->tilt_gain = tilt_gain(treble_db);
  }
}

void
drive_reset(Drive* const self, const float drive_db, const float treble_db, const float level_db)
{
  for (int i = 0; i < 4; ++i) {
    dsp_biquad_reset(&self->pre[i]);
  }
  for (int i = 0; i < 5; ++i) {
    dsp_biquad_reset(&self->post[i]);
  }
  dsp_oversample_reset(&self->os);
  follow(self, drive_db, treble_db, 0);
  pedal_ramp_snap(&self->gain, dsp_db_to_gain(drive_db));
  pedal_ramp_snap(&self->level, dsp_db_to_gain(level_db));
  for (uint32_t i = 0; i < DRIVE_DRY_RING; ++i) {
    self->dry_ring[i] = 0.0f;
  }
  self->dry_pos = 0;
}

void
drive_process(Drive* const self, const float drive_db, const float treble_db, const float level_db,
              const float* const in, float* const out, const uint32_t n)
{
  follow(self, drive_db, treble_db, n);
  float gain[PEDAL_BLOCK], level[PEDAL_BLOCK];
  pedal_ramp_fill(&self->gain, dsp_db_to_gain(drive_db), n, gain);
  pedal_ramp_fill(&self->level, dsp_db_to_gain(level_db), n, level);

  // Pre-emphasis and the drive stage at the base rate (linear, so before upsampling).
  dsp_biquad_process_cascade(self->pre, 4, n, in, out);
  for (uint32_t i = 0; i < n; ++i) {
    out[i] *= gain[i];
  }

  // The clipper at DRIVE_OVERSAMPLE x, over the whole block.
  float hi[DRIVE_OVERSAMPLE * PEDAL_BLOCK];
  dsp_oversample_up_block(&self->os, n, out, hi);
  dsp_clip_tanh_fast_process(DRIVE_OVERSAMPLE * n, hi);
  dsp_oversample_down_block(&self->os, n, hi, out);

  // Post filters, tone tilt, clean path and level.
  dsp_biquad_process_cascade(self->post, 5, n, out, out);
  const uint32_t lat = dsp_oversample_latency(&self->os);
  const float tilt = self->tilt_gain, dry = self->v.dry;
  uint32_t pos = self->dry_pos;
  for (uint32_t i = 0; i < n; ++i) {
    self->dry_ring[pos] = in[i];
    const float x = self->dry_ring[(pos - lat) & (DRIVE_DRY_RING - 1u)];
    pos = (pos + 1u) & (DRIVE_DRY_RING - 1u);
    out[i] = level[i] * (tilt * out[i] + dry * x);
  }
  self->dry_pos = pos;
}
