// SPDX-License-Identifier: ISC
// Mixer (rtjam_rust_spec.md §3.8, §10 tests 60, 70, 87) with the fixes: amplitude dB gains,
// index 24 refused, master meter on the real output. Levels are measured on output samples.

#include "check.h"
#include "mixer.h"

#include <math.h>

#define N 128

static JamMixer*
new_mixer(void)
{
  // A one-packet minimum depth: 128 samples put are played by the next 128-sample mix.
  JamMixer* m = jam_mixer_new(JAM_JITTER_DEFAULT_CAPACITY, N);
  CHECK(m != NULL, "new failed");
  return m;
}

// Puts one block of constant v on channel ch, mixes one block.
static void
feed_and_mix(JamMixer* m, size_t ch, float v, float* left, float* right)
{
  float in[N];
  for (int i = 0; i < N; ++i) {
    in[i] = v;
  }
  CHECK_INT(jam_mixer_add_to_channel(m, ch, in, N), JAM_SUCCESS);
  jam_mixer_get_mix(m, 0, left, right, N);
}

static void
fader_is_unity_at_centre_and_sqrt2_at_the_sides(void)
{
  JamMixerFader f;
  CHECK_INT(jam_mixer_fader_set(&f, 0.0), JAM_SUCCESS);
  CHECK_NEAR(f.left, 1.0, 0.0);
  CHECK_NEAR(f.right, 1.0, 0.0);
  jam_mixer_fader_set(&f, -1.0);
  CHECK_NEAR(f.left, 1.4142135624, 1e-10);
  CHECK_NEAR(f.right, 0.0, 0.0);
  jam_mixer_fader_set(&f, 1.0);
  CHECK_NEAR(f.left, 0.0, 0.0);
  CHECK_NEAR(f.right, 1.4142135624, 1e-10);
  jam_mixer_fader_set(&f, -7.0); // clamped
  CHECK_NEAR(f.val, -1.0, 0.0);
  CHECK_INT(jam_mixer_fader_set(&f, NAN), JAM_ERR_BAD_ARGUMENT);
  CHECK_NEAR(f.val, -1.0, 0.0);
}

static void
pan_at_0_5_is_constant_power_on_the_output(void)
{
  JamMixer* m = new_mixer();
  CHECK_INT(jam_mixer_set_channel_pan(m, 3, 0.5), JAM_SUCCESS);
  float l[N];
  float r[N];
  feed_and_mix(m, 3, 1.0f, l, r);
  CHECK_NEAR(l[0], sqrt(0.5), 1e-6); // 0.7071
  CHECK_NEAR(r[0], sqrt(1.5), 1e-6); // 1.2247
  CHECK_NEAR(l[N - 1] * l[N - 1] + r[N - 1] * r[N - 1], 2.0, 1e-6);
  jam_mixer_free(m);
}

static void
hard_left_and_hard_right_put_everything_on_one_side(void)
{
  // Separate mixers: an idle strip raises its own low water (the original's policy), so a
  // strip that was read empty would need a little more than one packet to start.
  JamMixer* m = new_mixer();
  jam_mixer_set_channel_pan(m, 2, -1.0);
  float l[N];
  float r[N];
  feed_and_mix(m, 2, 0.5f, l, r);
  CHECK_NEAR(l[7], 0.5 * sqrt(2.0), 1e-6);
  CHECK_NEAR(r[7], 0.0, 0.0);
  jam_mixer_free(m);
  m = new_mixer();
  jam_mixer_set_channel_pan(m, 4, 1.0);
  feed_and_mix(m, 4, 0.5f, l, r);
  CHECK_NEAR(l[7], 0.0, 0.0);
  CHECK_NEAR(r[7], 0.5 * sqrt(2.0), 1e-6);
  jam_mixer_free(m);
}

static void
minus_6_db_on_a_strip_gives_0_501187_amplitude(void)
{
  JamMixer* m = new_mixer();
  CHECK_INT(jam_mixer_set_channel_gain_db(m, 0, -6.0), JAM_SUCCESS);
  float l[N];
  float r[N];
  feed_and_mix(m, 0, 1.0f, l, r);
  CHECK_NEAR(l[0], 0.501187, 1e-6);
  CHECK_NEAR(r[N - 1], 0.501187, 1e-6);
  JamMixerChannelInfo info;
  CHECK_INT(jam_mixer_channel_info(m, 0, &info), JAM_SUCCESS);
  CHECK_NEAR(info.gain, 0.5011872336, 1e-10);
  CHECK_NEAR(info.gain_db, -6.0, 1e-12);
  jam_mixer_free(m);
}

static void
strip_gain_is_clamped_to_8_linear(void)
{
  JamMixer* m = new_mixer();
  JamMixerChannelInfo info;
  jam_mixer_set_channel_gain_db(m, 1, 30.0);
  jam_mixer_channel_info(m, 1, &info);
  CHECK_NEAR(info.gain, 8.0, 0.0);
  CHECK_NEAR(info.gain_db, 18.0618, 1e-4);
  jam_mixer_set_channel_gain_db(m, 1, -200.0);
  jam_mixer_channel_info(m, 1, &info);
  CHECK(info.gain >= 0.0 && info.gain < 1e-9, "gain %g", info.gain);
  CHECK_NEAR(info.gain_db, -60.0, 0.0);
  CHECK_INT(jam_mixer_set_channel_gain_db(m, 1, NAN), JAM_ERR_BAD_ARGUMENT);
  jam_mixer_free(m);
}

static void
mute_silences_the_strip_while_its_meter_still_reads_minus_6_db(void)
{
  JamMixer* m = new_mixer();
  CHECK_INT(jam_mixer_set_channel_mute(m, 6, 1), JAM_SUCCESS);
  float l[N];
  float r[N];
  for (int c = 0; c < 100; ++c) {
    feed_and_mix(m, 6, 0.5f, l, r);
  }
  double peak = 0.0;
  for (int i = 0; i < N; ++i) { // not fmax(): see tests/arm64/README.md (GCC 12 ICE)
    const double e = fabs(l[i]) > fabs(r[i]) ? fabs(l[i]) : fabs(r[i]);
    peak = e > peak ? e : peak;
  }
  CHECK_NEAR(peak, 0.0, 0.0);
  JamMixerChannelInfo info;
  jam_mixer_channel_info(m, 6, &info);
  CHECK_INT(info.mute, 1);
  CHECK_NEAR(info.power_avg, -6.0206, 1e-3); // post-gain, pre-mute
  CHECK_NEAR(info.power_peak, -6.0206, 1e-3);
  CHECK_NEAR(jam_mixer_master_power_avg(m), -60.0, 1e-9);
  jam_mixer_set_channel_mute(m, 6, 0);
  feed_and_mix(m, 6, 0.5f, l, r);
  CHECK_NEAR(l[0], 0.5, 0.0);
  jam_mixer_free(m);
}

static void
strip_meter_is_post_gain(void)
{
  JamMixer* m = new_mixer();
  jam_mixer_set_channel_gain_db(m, 8, -6.0);
  float l[N];
  float r[N];
  for (int c = 0; c < 100; ++c) {
    feed_and_mix(m, 8, 1.0f, l, r);
  }
  JamMixerChannelInfo info;
  jam_mixer_channel_info(m, 8, &info);
  CHECK_NEAR(info.power_avg, -6.0, 1e-3);
  jam_mixer_free(m);
}

static void
master_defaults_to_0_db_and_reads_back_minus_32(void)
{
  JamMixer* m = new_mixer();
  CHECK_NEAR(jam_mixer_master_db(m), 0.0, 0.0);
  CHECK_INT(jam_mixer_set_master_db(m, -32.0), JAM_SUCCESS);
  CHECK_NEAR(round(jam_mixer_master_db(m)), -32.0, 0.0);
  CHECK_NEAR(jam_mixer_master_db(m), -32.0, 1e-9);
  CHECK_INT(jam_mixer_set_master_db(m, NAN), JAM_ERR_BAD_ARGUMENT);
  jam_mixer_free(m);
}

static void
master_gain_scales_the_output_and_is_metered_once(void)
{
  JamMixer* m = new_mixer();
  jam_mixer_set_master_db(m, -6.0);
  float l[N];
  float r[N];
  for (int c = 0; c < 100; ++c) {
    feed_and_mix(m, 10, 0.5f, l, r);
  }
  CHECK_NEAR(l[0], 0.5 * 0.501187, 1e-6);
  CHECK_NEAR(r[0], 0.5 * 0.501187, 1e-6);
  // The output is 0.2506 on both sides: -6.02 - 6 = -12.02 dB. Master applied twice would
  // read -18.02 dB.
  CHECK_NEAR(jam_mixer_master_power_avg(m), -12.0206, 1e-3);
  CHECK_NEAR(jam_mixer_master_power_peak(m), -12.0206, 1e-3);
  jam_mixer_free(m);
}

static void
master_meter_measures_both_channels(void)
{
  JamMixer* m = new_mixer();
  jam_mixer_set_channel_pan(m, 12, -1.0);
  float l[N];
  float r[N];
  for (int c = 0; c < 100; ++c) {
    feed_and_mix(m, 12, 0.5f, l, r);
  }
  // Left 0.7071, right 0: mean square over both = 0.25, -6.02 dB (left alone: -3.01 dB).
  CHECK_NEAR(jam_mixer_master_power_avg(m), -6.0206, 1e-3);
  jam_mixer_free(m);
}

static void
strips_sum_into_the_bus(void)
{
  JamMixer* m = new_mixer();
  float in_a[N];
  float in_b[N];
  for (int i = 0; i < N; ++i) {
    in_a[i] = 0.25f;
    in_b[i] = -0.5f;
  }
  jam_mixer_add_to_channel(m, 0, in_a, N);
  jam_mixer_add_to_channel(m, 23, in_b, N);
  float l[N];
  float r[N];
  jam_mixer_get_mix(m, 0, l, r, N);
  CHECK_NEAR(l[5], -0.25, 1e-7);
  CHECK_NEAR(r[5], -0.25, 1e-7);
  jam_mixer_free(m);
}

static void
every_strip_buffer_is_read_every_cycle(void)
{
  JamMixer* m = new_mixer();
  float l[N];
  float r[N];
  for (int c = 0; c < 7; ++c) {
    jam_mixer_get_mix(m, 0, l, r, N);
  }
  for (size_t i = 0; i < JAM_MIXER_CHANNELS; ++i) {
    JamJitterStats s;
    jam_jitter_stats(jam_mixer_channel_jitter(m, i), &s);
    CHECK_INT(s.gets, 7);
  }
  jam_mixer_free(m);
}

static void
channel_index_24_is_refused_everywhere(void)
{
  JamMixer* m = new_mixer();
  float buf[N] = {0};
  float l[N];
  float r[N];
  JamMixerChannelInfo info;
  CHECK_INT(jam_mixer_add_to_channel(m, 24, buf, N), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_mixer_get_chan_mix(m, 24, l, r, N), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_mixer_set_channel_gain_db(m, 24, 0.0), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_mixer_set_channel_pan(m, 24, 0.0), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_mixer_set_channel_mute(m, 24, 1), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_mixer_channel_info(m, 24, &info), JAM_ERR_BAD_ARGUMENT);
  CHECK(jam_mixer_channel_jitter(m, 24) == NULL, "jitter 24");
  CHECK_INT(jam_mixer_add_to_channel(m, (size_t)-1, buf, N), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_mixer_add_to_channel(m, 23, buf, N), JAM_SUCCESS);
  CHECK_INT(jam_mixer_get_chan_mix(m, 23, l, r, N), JAM_SUCCESS);
  jam_mixer_free(m);
  jam_mixer_free(NULL);
}

typedef struct {
  unsigned calls;
  unsigned beat;
} ClickProbe;

static void
add_click(void* data, unsigned beat, float* left, float* right, size_t n)
{
  ClickProbe* p = data;
  p->calls += 1;
  p->beat = beat;
  for (size_t i = 0; i < n; ++i) {
    left[i] += 0.1f;
    right[i] += 0.2f;
  }
}

static void
click_hook_gets_the_beat_and_is_mixed_before_the_master(void)
{
  JamMixer* m = new_mixer();
  ClickProbe probe = {0, 0};
  jam_mixer_set_click(m, add_click, &probe);
  jam_mixer_set_master_db(m, -6.0);
  float l[N];
  float r[N];
  jam_mixer_get_mix(m, 3, l, r, N);
  CHECK_INT(probe.calls, 1);
  CHECK_INT(probe.beat, 3);
  CHECK_NEAR(l[0], 0.1 * 0.501187, 1e-6);
  CHECK_NEAR(r[N - 1], 0.2 * 0.501187, 1e-6);
  jam_mixer_set_click(m, NULL, NULL);
  jam_mixer_get_mix(m, 1, l, r, N);
  CHECK_INT(probe.calls, 1);
  CHECK_NEAR(l[0], 0.0, 0.0);
  jam_mixer_free(m);
}

static void
channel_mix_has_gain_and_pan_but_no_master(void)
{
  JamMixer* m = new_mixer();
  jam_mixer_set_master_db(m, -20.0);
  jam_mixer_set_channel_gain_db(m, 9, -6.0);
  jam_mixer_set_channel_pan(m, 9, 1.0);
  float in[N];
  for (int i = 0; i < N; ++i) {
    in[i] = 1.0f;
  }
  jam_mixer_add_to_channel(m, 9, in, N);
  float l[N];
  float r[N];
  CHECK_INT(jam_mixer_get_chan_mix(m, 9, l, r, N), JAM_SUCCESS);
  CHECK_NEAR(l[0], 0.0, 0.0);
  CHECK_NEAR(r[0], 0.501187 * sqrt(2.0), 1e-6);
  jam_mixer_free(m);
}

static void
depth_in_ms_is_average_depth_over_48(void)
{
  JamMixer* m = new_mixer();
  float l[N];
  float r[N];
  for (int c = 0; c < 1000; ++c) {
    feed_and_mix(m, 2, 0.1f, l, r);
  }
  JamMixerChannelInfo info;
  jam_mixer_channel_info(m, 2, &info);
  CHECK_NEAR(info.depth_ms, 128.0 / 48.0, 1e-9); // one packet: 2.667 ms
  jam_mixer_free(m);
}

static void
periods_longer_than_a_block_are_mixed_whole(void)
{
  enum { LONG = 2 * JAM_MIXER_BLOCK + 100 };
  JamMixer* m = jam_mixer_new(JAM_JITTER_DEFAULT_CAPACITY, 128);
  static float in[LONG];
  static float l[LONG];
  static float r[LONG];
  for (int i = 0; i < LONG; ++i) {
    in[i] = (float)i / LONG;
  }
  // A fixed target isolates the block splitting from the depth policy.
  CHECK_INT(jam_jitter_set_target(jam_mixer_channel_jitter(m, 0), 1, JAM_JITTER_DEFAULT_CAPACITY),
            JAM_SUCCESS);
  jam_mixer_add_to_channel(m, 0, in, LONG);
  jam_mixer_get_mix(m, 0, l, r, LONG);
  int wrong = 0;
  for (int i = 0; i < LONG; ++i) {
    wrong += (l[i] != in[i]) || (r[i] != in[i]);
  }
  CHECK_INT(wrong, 0);
  jam_mixer_free(m);
}

int
main(void)
{
  RUN(fader_is_unity_at_centre_and_sqrt2_at_the_sides);
  RUN(pan_at_0_5_is_constant_power_on_the_output);
  RUN(hard_left_and_hard_right_put_everything_on_one_side);
  RUN(minus_6_db_on_a_strip_gives_0_501187_amplitude);
  RUN(strip_gain_is_clamped_to_8_linear);
  RUN(mute_silences_the_strip_while_its_meter_still_reads_minus_6_db);
  RUN(strip_meter_is_post_gain);
  RUN(master_defaults_to_0_db_and_reads_back_minus_32);
  RUN(master_gain_scales_the_output_and_is_metered_once);
  RUN(master_meter_measures_both_channels);
  RUN(strips_sum_into_the_bus);
  RUN(every_strip_buffer_is_read_every_cycle);
  RUN(channel_index_24_is_refused_everywhere);
  RUN(click_hook_gets_the_beat_and_is_mixed_before_the_master);
  RUN(channel_mix_has_gain_and_pan_but_no_master);
  RUN(depth_in_ms_is_average_depth_over_48);
  RUN(periods_longer_than_a_block_are_mixed_whole);
  return jam_test_summary();
}
