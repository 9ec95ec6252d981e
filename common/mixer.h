// SPDX-License-Identifier: ISC
/// The room mixer (rtjam_rust_spec.md §3.8): 24 mono channel strips, each with its own
/// jitter buffer, amplitude gain, constant-power pan, mute and level meter, summed into a
/// stereo bus with a master gain and a master meter. Channels 0/1 are the local player,
/// 2..23 the remote players (see channel_map.h).
///
/// Fixes of §11.19 and §3.8: gains are amplitude dB (10^(dB/20)); every channel index is
/// checked (i >= 24 is refused with JAM_ERR_BAD_ARGUMENT); the master meter measures the
/// real output once, both channels, with master gain applied once.
///
/// The click track is not built in: jam_mixer_set_click() installs a hook that adds a click
/// to the bus before the master gain, given the beat passed to jam_mixer_get_mix().
///
/// Allocation-free after jam_mixer_new. Not thread-safe: call every function from one thread
/// (the audio thread, applying control changes between periods).

#ifndef JAM_MIXER_H
#define JAM_MIXER_H

#include "jitter.h"
#include "rt.h"
#include "status.h"

#include <stddef.h>

#define JAM_MIXER_CHANNELS    24u   ///< strips
#define JAM_MIXER_BLOCK       1024u ///< frames: larger periods are mixed in blocks of this size
#define JAM_MIXER_GAIN_MAX    8.0   ///< linear: strip and master gains are clamped to [0, 8]
#define JAM_MIXER_SAMPLE_RATE 48000 ///< Hz, for depths in ms

/// Constant-power pan: left = sqrt(1 - v), right = sqrt(1 + v), so left² + right² = 2.
/// Centre gives 1.0 on both sides (unity), hard left sqrt(2) and 0.
typedef struct {
  double val;   ///< pan position, -1 (left) .. 1 (right)
  double left;  ///< linear amplitude factor, 0..sqrt(2)
  double right; ///< linear amplitude factor, 0..sqrt(2)
} JamMixerFader;

/// Sets the pan position, clamped to [-1, 1]. @return JAM_ERR_BAD_ARGUMENT for NaN
JAM_REALTIME JamStatus
jam_mixer_fader_set(JamMixerFader* self, double v);

/// Adds a click (or any beat-synchronous signal) to the bus; called once per mixed block
/// after the strips and before the master gain. Runs on the audio thread.
/// @param beat  the value given to jam_mixer_get_mix (the metronome beat, 0..3)
/// @param n     frames in left and right
typedef void (*JamMixerHook)(void* data, unsigned beat, float* left, float* right, size_t n);

/// One strip's settings and readings.
typedef struct {
  double gain;       ///< linear amplitude, 0..8
  double gain_db;    ///< amplitude dB, -60..18.06
  double pan;        ///< -1..1
  int mute;          ///< 1 if muted
  double power_avg;  ///< dB, smoothed level, post-gain, pre-mute, pre-pan, -60..100
  double power_peak; ///< dB, smoothed peak level, -60..100
  double depth_ms;   ///< ms, average jitter-buffer depth / 48
} JamMixerChannelInfo;

typedef struct JamMixerImpl JamMixer;

/// Allocates a mixer: 24 strips at 0 dB, centre, unmuted; master 0 dB; no click hook.
/// @param jitter_capacity  samples per strip FIFO (see jam_jitter_new)
/// @param min_depth        samples, the jitter buffers' minimum depth M
/// @return NULL on a bad argument or allocation failure
JamMixer*
jam_mixer_new(size_t jitter_capacity, size_t min_depth);

/// Frees a mixer; NULL is a no-op.
void
jam_mixer_free(JamMixer* self);

/// Sets the master gain in amplitude dB (linear clamped to [0, 8]).
/// @return JAM_ERR_BAD_ARGUMENT for NaN
JamStatus
jam_mixer_set_master_db(JamMixer* self, double db);

/// The master gain in amplitude dB (-60..18.06). 0 dB by default.
double
jam_mixer_master_db(const JamMixer* self);

/// The master meter's smoothed average level in dB (-60..100).
double
jam_mixer_master_power_avg(const JamMixer* self);

/// The master meter's smoothed peak level in dB (-60..100).
double
jam_mixer_master_power_peak(const JamMixer* self);

/// Sets strip i's gain in amplitude dB; the linear gain is clamped to [0, 8].
/// @return JAM_ERR_BAD_ARGUMENT for i >= 24 or NaN
JamStatus
jam_mixer_set_channel_gain_db(JamMixer* self, size_t i, double db);

/// Sets strip i's pan position (-1..1, clamped).
/// @return JAM_ERR_BAD_ARGUMENT for i >= 24 or NaN
JamStatus
jam_mixer_set_channel_pan(JamMixer* self, size_t i, double v);

/// Mutes (non-zero) or unmutes strip i. The meter keeps reading a muted strip.
/// @return JAM_ERR_BAD_ARGUMENT for i >= 24
JamStatus
jam_mixer_set_channel_mute(JamMixer* self, size_t i, int mute);

/// Reads strip i's settings and meters.
/// @return JAM_ERR_BAD_ARGUMENT for i >= 24
JamStatus
jam_mixer_channel_info(const JamMixer* self, size_t i, JamMixerChannelInfo* info);

/// The jitter buffer of strip i, for statistics and policy (NULL for i >= 24).
JamJitter*
jam_mixer_channel_jitter(JamMixer* self, size_t i);

/// Appends n samples to strip i's jitter buffer.
/// @return JAM_ERR_BAD_ARGUMENT for i >= 24, JAM_ERR_FULL if samples were dropped
JAM_REALTIME JamStatus
jam_mixer_add_to_channel(JamMixer* self, size_t i, const float* samples, size_t n);

/// Installs (or, with NULL, removes) the click hook. Not while get_mix runs.
void
jam_mixer_set_click(JamMixer* self, JamMixerHook hook, void* data);

/// Mixes one period into left and right (overwritten): every strip reads n samples from its
/// jitter buffer (empty or not), is metered post-gain, and unless muted is added with gain
/// and pan; then the click hook runs; then the master gain; then the master meter reads the
/// output, both channels. Periods above JAM_MIXER_BLOCK frames are mixed in blocks.
/// @param beat  passed to the click hook
JAM_REALTIME void
jam_mixer_get_mix(JamMixer* self, unsigned beat, float* left, float* right, size_t n);

/// Mixes strip i alone into left and right (overwritten): gain, pan and mute, no master gain
/// and no click. It consumes strip i's buffer, so do not also mix that strip with get_mix in
/// the same period.
/// @return JAM_ERR_BAD_ARGUMENT for i >= 24 (outputs untouched)
JAM_REALTIME JamStatus
jam_mixer_get_chan_mix(JamMixer* self, size_t i, float* left, float* right, size_t n);

#endif // JAM_MIXER_H
