// SPDX-License-Identifier: ISC
// Jitter buffer (rtjam_rust_spec.md §3.7, §10 tests 65-69 and (e)): fill then play,
// underrun then refill, overflow dropping only the excess, steady-state depth, the adaptive
// low water, the fixed policy and the capacity bounds.

#include "check.h"
#include "jitter.h"

#include <stdint.h>

// Appends n samples whose values are their running index (next, next+1, ...).
static void
put_ramp(JamJitter* j, float* next, size_t n)
{
  float buf[2048];
  for (size_t i = 0; i < n; ++i) {
    buf[i] = (*next)++;
  }
  jam_jitter_put(j, buf, n);
}

// True when out[0..n) is start, start+1, ...
static int
is_ramp(const float* out, size_t n, float start)
{
  for (size_t i = 0; i < n; ++i) {
    if (out[i] != start + (float)i) {
      return 0;
    }
  }
  return 1;
}

static int
is_silent(const float* out, size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    if (out[i] != 0.0f) {
      return 0;
    }
  }
  return 1;
}

static void
a_new_buffer_is_empty_filling_with_zero_average_depth(void)
{
  JamJitter* j = jam_jitter_new(JAM_JITTER_DEFAULT_CAPACITY, JAM_JITTER_DEFAULT_MIN_DEPTH);
  CHECK(j != NULL, "new failed");
  if (!j) {
    return;
  }
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(jam_jitter_fill(j), 0);
  CHECK_NEAR(jam_jitter_avg_depth(j), 0.0, 0.0);
  CHECK_INT(s.filling, 1);
  CHECK_INT(s.low_water, 512);
  CHECK_INT(s.high_water, 8192);
  CHECK_INT(s.capacity, 16384);
  CHECK_INT(s.policy, JAM_JITTER_ADAPTIVE);
  const float three[3] = {1, 2, 3};
  CHECK_INT(jam_jitter_put(j, three, 3), JAM_SUCCESS);
  CHECK_INT(jam_jitter_fill(j), 3);
  CHECK_INT(jam_jitter_put(j, NULL, 0), JAM_SUCCESS);
  CHECK_INT(jam_jitter_fill(j), 3);
  jam_jitter_free(j);
  jam_jitter_free(NULL);
}

static void
get_from_empty_returns_zeros_and_keeps_filling(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  float out[4] = {9, 9, 9, 9};
  CHECK_INT(jam_jitter_get(j, out, 4), 0);
  CHECK(is_silent(out, 4), "not silent");
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.filling, 1);
  CHECK_INT(s.underruns, 0); // not playing yet: no underrun
  CHECK_INT(s.gets, 1);
  jam_jitter_free(j);
}

static void
get_two_after_512_samples_plays_at_once(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  float in[512];
  for (int i = 0; i < 512; ++i) {
    in[i] = 0.2f;
  }
  jam_jitter_put(j, in, 512);
  CHECK_INT(jam_jitter_fill(j), 512);
  float out[2] = {0, 0};
  CHECK_INT(jam_jitter_get(j, out, 2), 2);
  CHECK_NEAR(out[0], 0.2f, 0.0);
  CHECK_NEAR(out[1], 0.2f, 0.0);
  CHECK_INT(jam_jitter_fill(j), 510);
  jam_jitter_free(j);
}

static void
fill_then_play_outputs_nothing_until_low_water_then_every_sample_in_order(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  float next = 1.0f;
  float out[128];
  // Reads 1-3 see 128, 256, 384 samples: below the low water of 512, silence.
  for (int c = 0; c < 3; ++c) {
    put_ramp(j, &next, 128);
    CHECK_INT(jam_jitter_get(j, out, 128), 0);
    CHECK(is_silent(out, 128), "read %d not silent", c + 1);
  }
  // Read 4 sees 512: play from sample 1, then every block follows in order.
  for (int c = 0; c < 20; ++c) {
    put_ramp(j, &next, 128);
    CHECK_INT(jam_jitter_get(j, out, 128), 128);
    CHECK(is_ramp(out, 128, 1.0f + 128.0f * (float)c), "block %d starts at %g", c, out[0]);
  }
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.fill, 384); // latency: 3 packets wait behind the one played
  CHECK_INT(s.underruns, 0);
  CHECK_INT(s.overruns, 0);
  CHECK_INT(s.dropped, 0);
  CHECK_INT(s.puts, 23);
  CHECK_INT(s.gets, 23);
  jam_jitter_free(j);
}

static void
underrun_then_refill_resumes_after_the_grown_low_water(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  float next = 0.0f;
  float out[128];
  for (int c = 0; c < 10; ++c) { // playing, 384 samples left after each read
    put_ramp(j, &next, 128);
    jam_jitter_get(j, out, 128);
  }
  // The sender stops: three more full blocks (896, 1024, 1152), then a dry read.
  for (int c = 0; c < 3; ++c) {
    CHECK_INT(jam_jitter_get(j, out, 128), 128);
    CHECK(is_ramp(out, 128, 896.0f + 128.0f * (float)c), "drain %d", c);
  }
  CHECK_INT(jam_jitter_get(j, out, 128), 0);
  CHECK(is_silent(out, 128), "dry read not silent");
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.underruns, 1);
  CHECK_INT(s.filling, 1);
  // That read found 0 < 512/4 samples: the envelope rose by a = 0.028632697, so the low
  // water is 512 + trunc(0.028632697 * 512) = 526.
  CHECK_INT(s.low_water, 526);
  // The sender resumes. The first read sees 128 < 526/4 = 131: the envelope rises again to
  // 0.0564, low water 540. So reads see 128, 256, 384, 512 (silent) and 640 plays.
  for (int c = 0; c < 4; ++c) {
    put_ramp(j, &next, 128);
    CHECK_INT(jam_jitter_get(j, out, 128), 0);
  }
  jam_jitter_stats(j, &s);
  CHECK_INT(s.low_water, 540);
  put_ramp(j, &next, 128);
  CHECK_INT(jam_jitter_get(j, out, 128), 128);
  CHECK(is_ramp(out, 128, 1280.0f), "resumed at %g", out[0]); // nothing lost
  jam_jitter_stats(j, &s);
  CHECK_INT(s.underruns, 1);
  CHECK_INT(s.fill, 512);
  CHECK_INT(s.dropped, 0);
  jam_jitter_free(j);
}

static void
a_short_read_returns_the_rest_then_silence_and_counts_an_underrun(void)
{
  JamJitter* j = jam_jitter_new(16384, 128);
  float next = 0.0f;
  float out[128];
  put_ramp(j, &next, 192);
  CHECK_INT(jam_jitter_get(j, out, 128), 128);
  CHECK_INT(jam_jitter_get(j, out, 128), 64);
  CHECK(is_ramp(out, 64, 128.0f), "partial");
  CHECK(is_silent(out + 64, 64), "tail not silent");
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.underruns, 1);
  CHECK_INT(s.fill, 0);
  jam_jitter_free(j);
}

static void
overflow_with_fixed_marks_drops_exactly_the_100_oldest(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  CHECK_INT(jam_jitter_set_target(j, 512, 1024), JAM_SUCCESS);
  float next = 0.0f;
  put_ramp(j, &next, 1024 + 100);
  float out[128];
  CHECK_INT(jam_jitter_get(j, out, 128), 128);
  CHECK(is_ramp(out, 128, 100.0f), "first sample %g, expected 100", out[0]);
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.overruns, 1);
  CHECK_INT(s.dropped, 100);
  CHECK_INT(s.fill, 1024 - 128);
  CHECK_INT(s.underruns, 0); // the original's overflow emptied the buffer instead
  CHECK_INT(jam_jitter_get(j, out, 128), 128);
  CHECK(is_ramp(out, 128, 228.0f), "second block %g", out[0]);
  jam_jitter_free(j);
}

static void
overflow_with_the_adaptive_marks_drops_exactly_the_excess(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  // First read of L = 1142: sigma = (1142 - 1142/500) / 500 = 2.2794, so
  // high water = 512 + 512 + trunc(8 * 2.2794) = 1042 and the excess is 100.
  float next = 0.0f;
  put_ramp(j, &next, 1142);
  float out[128];
  CHECK_INT(jam_jitter_get(j, out, 128), 128);
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.high_water, 1042);
  CHECK_INT(s.low_water, 512);
  CHECK_INT(s.overruns, 1);
  CHECK_INT(s.dropped, 100);
  CHECK(is_ramp(out, 128, 100.0f), "first sample %g, expected 100", out[0]);
  CHECK_INT(s.fill, 1042 - 128);
  jam_jitter_free(j);
}

// put n / get n for `cycles` periods; returns the average depth at the end.
static double
steady_state(size_t min_depth, size_t n, int cycles, JamJitterStats* s)
{
  JamJitter* j = jam_jitter_new(16384, min_depth);
  float in[256];
  float out[256];
  for (size_t i = 0; i < n; ++i) {
    in[i] = 0.25f;
  }
  for (int c = 0; c < cycles; ++c) {
    jam_jitter_put(j, in, n);
    jam_jitter_get(j, out, n);
  }
  jam_jitter_stats(j, s);
  const double avg = jam_jitter_avg_depth(j);
  jam_jitter_free(j);
  return avg;
}

static void
steady_128_in_128_out_averages_512_samples_with_the_default_depth(void)
{
  JamJitterStats s;
  CHECK_NEAR(steady_state(512, 128, 10000, &s), 512.0, 1e-9);
  CHECK_INT(s.gets, 10000);
  CHECK_INT(s.puts, 10000);
  CHECK_INT(s.underruns, 0);
  CHECK_INT(s.overruns, 0);
  CHECK_INT(s.dropped, 0);
  CHECK_INT(s.low_water, 512);
  CHECK_INT(s.high_water, 1024); // constant depth: sigma 0
}

static void
steady_state_with_a_one_packet_minimum_depth_holds_one_packet(void)
{
  JamJitterStats s;
  CHECK_NEAR(steady_state(128, 128, 10000, &s), 128.0, 1e-9); // 2.67 ms at 48 kHz
  CHECK_INT(s.underruns, 0);
  CHECK_INT(s.low_water, 128);
  CHECK_NEAR(steady_state(64, 64, 10000, &s), 64.0, 1e-9); // 1.33 ms
  CHECK_INT(s.underruns, 0);
  CHECK_INT(s.high_water, 128);
}

static void
a_period_longer_than_the_minimum_depth_never_overflows(void)
{
  // M = 64 read in 256-sample periods: the original's high water (M + low = 128) would drop
  // samples on every read; it is kept at low + n = 320 instead.
  JamJitterStats s;
  CHECK_NEAR(steady_state(64, 256, 1000, &s), 256.0, 1e-9);
  CHECK_INT(s.overruns, 0);
  CHECK_INT(s.underruns, 0);
  CHECK_INT(s.dropped, 0);
  CHECK_INT(s.high_water, 320);
}

static void
bursts_of_two_packets_every_other_period_play_without_underrun(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  float in[256] = {0};
  float out[128];
  for (int c = 0; c < 10000; ++c) {
    if (c % 2 == 0) {
      jam_jitter_put(j, in, 256);
    }
    jam_jitter_get(j, out, 128);
  }
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.underruns, 0);
  CHECK_INT(s.overruns, 0);
  CHECK_NEAR(s.avg_depth, (512.0 + 384.0) / 2.0, 1e-9); // reads see 512, 384, 512, ...
  jam_jitter_free(j);
}

static void
an_idle_channel_raises_the_low_water_to_1023_then_it_decays(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  float out[128];
  for (int c = 0; c < 375; ++c) {
    jam_jitter_get(j, out, 128);
  }
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.low_water, 1023); // 512 + trunc((1 - (1 - a)^375) * 512)
  // A stream arrives in 256-sample bursts: no read is near-starved (L >= 255), so after
  // the 375-read hold the low water decays toward 512 (r = 0.0057 per read).
  float in[256] = {0};
  for (int c = 0; c < 2000; ++c) {
    jam_jitter_put(j, in, 128);
    jam_jitter_get(j, out, 128);
  }
  jam_jitter_stats(j, &s);
  CHECK(s.low_water < 520 && s.low_water >= 512, "low water %zu", s.low_water);
  CHECK_INT(s.underruns, 0);
  jam_jitter_free(j);
}

static void
set_fill_drops_the_oldest_or_inserts_leading_silence(void)
{
  JamJitter* j = jam_jitter_new(1024, 64);
  CHECK_INT(jam_jitter_set_target(j, 1, 1024), JAM_SUCCESS);
  float next = 0.0f;
  put_ramp(j, &next, 300);
  CHECK_INT(jam_jitter_set_fill(j, 100), JAM_SUCCESS);
  CHECK_INT(jam_jitter_fill(j), 100);
  CHECK_INT(jam_jitter_set_fill(j, 150), JAM_SUCCESS);
  CHECK_INT(jam_jitter_set_fill(j, 1025), JAM_ERR_BAD_ARGUMENT);
  float out[150];
  CHECK_INT(jam_jitter_get(j, out, 150), 150);
  CHECK(is_silent(out, 50), "no leading silence");
  CHECK(is_ramp(out + 50, 100, 200.0f), "kept samples start at %g", out[50]);
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.dropped, 200);
  jam_jitter_free(j);
}

static void
a_put_beyond_capacity_keeps_the_newest_samples(void)
{
  JamJitter* j = jam_jitter_new(384, 128);
  CHECK(j != NULL, "capacity 3 x 128 refused");
  if (!j) {
    return;
  }
  float next = 0.0f;
  put_ramp(j, &next, 300);
  float buf[200];
  for (int i = 0; i < 200; ++i) {
    buf[i] = next++;
  }
  CHECK_INT(jam_jitter_put(j, buf, 200), JAM_ERR_FULL);
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.fill, 384);
  CHECK_INT(s.dropped, 116);
  jam_jitter_set_target(j, 1, 384);
  float out[384];
  CHECK_INT(jam_jitter_get(j, out, 384), 384);
  CHECK(is_ramp(out, 384, 116.0f), "oldest kept %g", out[0]);
  jam_jitter_free(j);
}

static void
bad_sizes_and_marks_are_refused(void)
{
  CHECK(jam_jitter_new(1000, 0) == NULL, "min depth 0 accepted");
  CHECK(jam_jitter_new(383, 128) == NULL, "capacity below 3 x min depth accepted");
  JamJitter* j = jam_jitter_new(384, 128);
  CHECK_INT(jam_jitter_set_min_depth(j, 129), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_jitter_set_min_depth(j, 0), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_jitter_set_min_depth(j, 64), JAM_SUCCESS);
  CHECK_INT(jam_jitter_set_target(j, 0, 10), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_jitter_set_target(j, 20, 10), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_jitter_set_target(j, 10, 385), JAM_ERR_BAD_ARGUMENT);
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.policy, JAM_JITTER_ADAPTIVE);
  CHECK_INT(s.min_depth, 64);
  jam_jitter_free(j);
}

static void
min_depth_change_applies_at_the_next_read_and_adaptive_comes_back(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  CHECK_INT(jam_jitter_set_target(j, 256, 2048), JAM_SUCCESS);
  float out[128];
  float in[128] = {0};
  jam_jitter_put(j, in, 128);
  jam_jitter_get(j, out, 128);
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.low_water, 256);
  CHECK_INT(s.high_water, 2048);
  jam_jitter_set_adaptive(j);
  CHECK_INT(jam_jitter_set_min_depth(j, 128), JAM_SUCCESS);
  jam_jitter_put(j, in, 128);
  CHECK_INT(jam_jitter_get(j, out, 128), 128); // 256 >= new low water 128: plays
  jam_jitter_stats(j, &s);
  CHECK_INT(s.low_water, 128);
  CHECK_INT(s.policy, JAM_JITTER_ADAPTIVE);
  jam_jitter_free(j);
}

static void
clear_resets_buffer_counters_and_marks(void)
{
  JamJitter* j = jam_jitter_new(16384, 512);
  float out[128];
  for (int c = 0; c < 50; ++c) {
    jam_jitter_get(j, out, 128);
  }
  float in[128] = {0};
  jam_jitter_put(j, in, 128);
  jam_jitter_clear(j);
  JamJitterStats s;
  jam_jitter_stats(j, &s);
  CHECK_INT(s.fill, 0);
  CHECK_INT(s.gets, 0);
  CHECK_INT(s.puts, 0);
  CHECK_INT(s.low_water, 512);
  CHECK_INT(s.filling, 1);
  CHECK_NEAR(s.avg_depth, 0.0, 0.0);
  jam_jitter_free(j);
}

int
main(void)
{
  RUN(a_new_buffer_is_empty_filling_with_zero_average_depth);
  RUN(get_from_empty_returns_zeros_and_keeps_filling);
  RUN(get_two_after_512_samples_plays_at_once);
  RUN(fill_then_play_outputs_nothing_until_low_water_then_every_sample_in_order);
  RUN(underrun_then_refill_resumes_after_the_grown_low_water);
  RUN(a_short_read_returns_the_rest_then_silence_and_counts_an_underrun);
  RUN(overflow_with_fixed_marks_drops_exactly_the_100_oldest);
  RUN(overflow_with_the_adaptive_marks_drops_exactly_the_excess);
  RUN(steady_128_in_128_out_averages_512_samples_with_the_default_depth);
  RUN(steady_state_with_a_one_packet_minimum_depth_holds_one_packet);
  RUN(a_period_longer_than_the_minimum_depth_never_overflows);
  RUN(bursts_of_two_packets_every_other_period_play_without_underrun);
  RUN(an_idle_channel_raises_the_low_water_to_1023_then_it_decays);
  RUN(set_fill_drops_the_oldest_or_inserts_leading_silence);
  RUN(a_put_beyond_capacity_keeps_the_newest_samples);
  RUN(bad_sizes_and_marks_are_refused);
  RUN(min_depth_change_applies_at_the_next_read_and_adaptive_comes_back);
  RUN(clear_resets_buffer_counters_and_marks);
  return jam_test_summary();
}
