// SPDX-License-Identifier: ISC
// The room mixer (rtjam_rust_spec.md §3.8): fader, channel strips and the stereo bus.

#include "mixer.h"

#include "meter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/// One mono channel: jitter buffer → meter (post-gain) → mute → gain and pan into the bus.
typedef struct {
  JamJitter* jitter;   ///< owned
  JamMixerFader fader; ///< pan
  double gain;         ///< linear amplitude, 0..8
  int mute;            ///< 1 if muted
  JamPowerMeter level; ///< dB, post-gain, pre-mute, pre-pan
} Strip;

struct JamMixerImpl {
  Strip strips[JAM_MIXER_CHANNELS];
  double master;                  ///< linear amplitude, 0..8
  JamPowerMeter master_level;     ///< dB, of the final output, both channels
  JamMixerHook click;             ///< NULL: no click
  void* click_data;               ///< passed to click
  float scratch[JAM_MIXER_BLOCK]; ///< one strip's samples for the current block
};

JamStatus
jam_mixer_fader_set(JamMixerFader* const self, const double v)
{
  if (isnan(v)) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->val = v < -1.0 ? -1.0 : (v > 1.0 ? 1.0 : v);
  self->left = sqrt(1.0 - self->val);
  self->right = sqrt(1.0 + self->val);
  return JAM_SUCCESS;
}

// Linear gain of an amplitude dB value, clamped to [0, 8].
static double
gain_from_db(const double db)
{
  const double lin = jam_db_to_lin(db);
  return lin < JAM_MIXER_GAIN_MAX ? lin : JAM_MIXER_GAIN_MAX;
}

JamMixer*
jam_mixer_new(const size_t jitter_capacity, const size_t min_depth)
{
  JamMixer* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  for (size_t i = 0; i < JAM_MIXER_CHANNELS; ++i) {
    Strip* const s = &self->strips[i];
    s->jitter = jam_jitter_new(jitter_capacity, min_depth);
    if (!s->jitter) {
      jam_mixer_free(self);
      return NULL;
    }
    (void)jam_mixer_fader_set(&s->fader, 0.0);
    s->gain = 1.0;
    jam_power_meter_init(&s->level);
  }
  self->master = 1.0;
  jam_power_meter_init(&self->master_level);
  return self;
}

void
jam_mixer_free(JamMixer* const self)
{
  if (!self) {
    return;
  }
  for (size_t i = 0; i < JAM_MIXER_CHANNELS; ++i) {
    jam_jitter_free(self->strips[i].jitter);
  }
  free(self);
}

JamStatus
jam_mixer_set_master_db(JamMixer* const self, const double db)
{
  if (isnan(db)) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->master = gain_from_db(db);
  return JAM_SUCCESS;
}

double
jam_mixer_master_db(const JamMixer* const self)
{
  return jam_lin_to_db(self->master);
}

double
jam_mixer_master_power_avg(const JamMixer* const self)
{
  return jam_power_meter_avg(&self->master_level);
}

double
jam_mixer_master_power_peak(const JamMixer* const self)
{
  return jam_power_meter_peak(&self->master_level);
}

JamStatus
jam_mixer_set_channel_gain_db(JamMixer* const self, const size_t i, const double db)
{
  if (i >= JAM_MIXER_CHANNELS || isnan(db)) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->strips[i].gain = gain_from_db(db);
  return JAM_SUCCESS;
}

JamStatus
jam_mixer_set_channel_pan(JamMixer* const self, const size_t i, const double v)
{
  if (i >= JAM_MIXER_CHANNELS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  return jam_mixer_fader_set(&self->strips[i].fader, v);
}

JamStatus
jam_mixer_set_channel_mute(JamMixer* const self, const size_t i, const int mute)
{
  if (i >= JAM_MIXER_CHANNELS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->strips[i].mute = mute ? 1 : 0;
  return JAM_SUCCESS;
}

JamStatus
jam_mixer_channel_info(const JamMixer* const self, const size_t i, JamMixerChannelInfo* const info)
{
  if (i >= JAM_MIXER_CHANNELS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  const Strip* const s = &self->strips[i];
  info->gain = s->gain;
  info->gain_db = jam_lin_to_db(s->gain);
  info->pan = s->fader.val;
  info->mute = s->mute;
  info->power_avg = jam_power_meter_avg(&s->level);
  info->power_peak = jam_power_meter_peak(&s->level);
  info->depth_ms = jam_jitter_avg_depth(s->jitter) / (JAM_MIXER_SAMPLE_RATE / 1000.0);
  return JAM_SUCCESS;
}

JamJitter*
jam_mixer_channel_jitter(JamMixer* const self, const size_t i)
{
  return i < JAM_MIXER_CHANNELS ? self->strips[i].jitter : NULL;
}

JamStatus
jam_mixer_add_to_channel(JamMixer* const self, const size_t i, const float* const samples,
                         const size_t n)
{
  if (i >= JAM_MIXER_CHANNELS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  return jam_jitter_put(self->strips[i].jitter, samples, n);
}

void
jam_mixer_set_click(JamMixer* const self, const JamMixerHook hook, void* const data)
{
  self->click = hook;
  self->click_data = data;
}

// Reads n (<= JAM_MIXER_BLOCK) samples of strip s, meters them and adds them to the bus.
static void
strip_mix_into(Strip* const s, float* const scratch, float* const left, float* const right,
               const size_t n)
{
  (void)jam_jitter_get(s->jitter, scratch, n);
  jam_power_meter_add(&s->level, scratch, n, s->gain);
  if (s->mute) {
    return;
  }
  const float gl = (float)(s->gain * s->fader.left);
  const float gr = (float)(s->gain * s->fader.right);
  for (size_t k = 0; k < n; ++k) {
    left[k] += gl * scratch[k];
    right[k] += gr * scratch[k];
  }
}

// Mixes one block of n <= JAM_MIXER_BLOCK frames.
static void
mix_block(JamMixer* const self, const unsigned beat, float* const left, float* const right,
          const size_t n)
{
  memset(left, 0, n * sizeof *left);
  memset(right, 0, n * sizeof *right);
  for (size_t i = 0; i < JAM_MIXER_CHANNELS; ++i) {
    strip_mix_into(&self->strips[i], self->scratch, left, right, n);
  }
  if (self->click) {
    self->click(self->click_data, beat, left, right, n);
  }
  const float master = (float)self->master;
  for (size_t k = 0; k < n; ++k) {
    left[k] *= master;
    right[k] *= master;
  }
  jam_power_meter_add_stereo(&self->master_level, left, right, n, 1.0);
}

void
jam_mixer_get_mix(JamMixer* const self, const unsigned beat, float* const left, float* const right,
                  const size_t n)
{
  for (size_t done = 0; done < n; done += JAM_MIXER_BLOCK) {
    const size_t len = (n - done < JAM_MIXER_BLOCK) ? n - done : JAM_MIXER_BLOCK;
    mix_block(self, beat, left + done, right + done, len);
  }
}

JamStatus
jam_mixer_get_chan_mix(JamMixer* const self, const size_t i, float* const left, float* const right,
                       const size_t n)
{
  if (i >= JAM_MIXER_CHANNELS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  for (size_t done = 0; done < n; done += JAM_MIXER_BLOCK) {
    const size_t len = (n - done < JAM_MIXER_BLOCK) ? n - done : JAM_MIXER_BLOCK;
    memset(left + done, 0, len * sizeof *left);
    memset(right + done, 0, len * sizeof *right);
    strip_mix_into(&self->strips[i], self->scratch, left + done, right + done, len);
  }
  return JAM_SUCCESS;
}
