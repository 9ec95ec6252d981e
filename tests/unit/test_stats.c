// SPDX-License-Identifier: ISC
// MovingAverage and StreamTimeStat (rtjam_rust_spec.md §3.2, §10 tests 17-18), the sigma
// quirk against a real standard deviation, and window bounds.

#include "check.h"
#include "stats.h"

static void
a_new_stream_stat_has_mean_zero(void)
{
  JamStreamStat s;
  CHECK_INT(jam_stream_stat_init(&s, 100), JAM_SUCCESS);
  CHECK_NEAR(jam_stream_stat_mean(&s), 0.0, 0.0);
  CHECK_NEAR(jam_stream_stat_sigma(&s), 0.0, 0.0);
  CHECK_NEAR(jam_stream_stat_stddev(&s), 0.0, 0.0);
}

static void
window_two_ramps_through_the_initial_zero_then_settles(void)
{
  JamStreamStat s;
  CHECK_INT(jam_stream_stat_init(&s, 2), JAM_SUCCESS);
  jam_stream_stat_add(&s, 1.0);
  CHECK_NEAR(jam_stream_stat_mean(&s), 0.5, 1e-15);
  jam_stream_stat_add(&s, 1.0);
  jam_stream_stat_add(&s, 1.0);
  CHECK(jam_stream_stat_mean(&s) > 0.999, "mean %g", jam_stream_stat_mean(&s));
  CHECK(jam_stream_stat_sigma(&s) < 0.01, "sigma %g", jam_stream_stat_sigma(&s));
}

static void
moving_average_of_two_reaches_one_after_two_adds(void)
{
  JamMovingAverage m;
  CHECK_INT(jam_moving_average_init(&m, 2), JAM_SUCCESS);
  jam_moving_average_add(&m, 1.0);
  CHECK_NEAR(jam_moving_average_mean(&m), 0.5, 0.0);
  jam_moving_average_add(&m, 1.0);
  CHECK(jam_moving_average_mean(&m) > 0.99999, "mean %g", jam_moving_average_mean(&m));
}

static void
moving_average_forgets_values_older_than_the_window(void)
{
  JamMovingAverage m;
  CHECK_INT(jam_moving_average_init(&m, 4), JAM_SUCCESS);
  for (int i = 1; i <= 10; ++i) {
    jam_moving_average_add(&m, (double)i);
  }
  CHECK_NEAR(jam_moving_average_mean(&m), (7 + 8 + 9 + 10) / 4.0, 1e-12);
}

static void
sigma_is_the_stddev_divided_by_sqrt_window_as_in_the_original(void)
{
  // Alternate 0 and 10 in a window of 100, long after the ramp: the deviations from the
  // running mean (about 5) are +-5, so dev.total = 100 * 25 and sigma = sqrt(2500) / 100.
  JamStreamStat s;
  CHECK_INT(jam_stream_stat_init(&s, 100), JAM_SUCCESS);
  for (int i = 0; i < 1000; ++i) {
    jam_stream_stat_add(&s, (i % 2) ? 10.0 : 0.0);
  }
  CHECK_NEAR(jam_stream_stat_mean(&s), 5.0, 1e-9);
  CHECK_NEAR(jam_stream_stat_sigma(&s), 0.5, 0.001);
  CHECK_NEAR(jam_stream_stat_stddev(&s), 5.0, 1e-9);
}

static void
stddev_counts_only_values_actually_added(void)
{
  JamStreamStat s;
  CHECK_INT(jam_stream_stat_init(&s, 100), JAM_SUCCESS);
  const double v[4] = {2.0, 4.0, 4.0, 6.0}; // mean 4, population variance 2
  for (int i = 0; i < 4; ++i) {
    jam_stream_stat_add(&s, v[i]);
  }
  CHECK_NEAR(jam_stream_stat_stddev(&s), sqrt(2.0), 1e-12);
  CHECK_NEAR(jam_stream_stat_mean(&s), 16.0 / 100.0, 1e-12); // the original's ramped mean
}

static void
sigma_stays_finite_and_zero_for_a_constant_stream(void)
{
  JamStreamStat s;
  CHECK_INT(jam_stream_stat_init(&s, 500), JAM_SUCCESS);
  for (int i = 0; i < 100000; ++i) {
    jam_stream_stat_add(&s, (i < 50000) ? 0.1 * (i % 7) : 512.0);
  }
  CHECK(isfinite(jam_stream_stat_sigma(&s)), "sigma %g", jam_stream_stat_sigma(&s));
  CHECK_NEAR(jam_stream_stat_sigma(&s), 0.0, 0.0);
  CHECK_NEAR(jam_stream_stat_mean(&s), 512.0, 0.0);
}

static void
clear_restarts_the_ramp_with_the_same_window(void)
{
  JamStreamStat s;
  CHECK_INT(jam_stream_stat_init(&s, 2), JAM_SUCCESS);
  jam_stream_stat_add(&s, 7.0);
  jam_stream_stat_add(&s, 7.0);
  jam_stream_stat_clear(&s);
  CHECK_NEAR(jam_stream_stat_mean(&s), 0.0, 0.0);
  jam_stream_stat_add(&s, 1.0);
  CHECK_NEAR(jam_stream_stat_mean(&s), 0.5, 0.0);
}

static void
window_zero_and_one_past_the_maximum_are_refused(void)
{
  JamMovingAverage m;
  CHECK_INT(jam_moving_average_init(&m, 0), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_moving_average_init(&m, JAM_STATS_MAX_WINDOW + 1), JAM_ERR_BAD_ARGUMENT);
  jam_moving_average_add(&m, 3.0); // a refused average stays inert
  CHECK_NEAR(jam_moving_average_mean(&m), 0.0, 0.0);
  CHECK_INT(jam_moving_average_init(&m, JAM_STATS_MAX_WINDOW), JAM_SUCCESS);
  CHECK_INT(JAM_STATS_MAX_WINDOW, 500);
}

int
main(void)
{
  RUN(a_new_stream_stat_has_mean_zero);
  RUN(window_two_ramps_through_the_initial_zero_then_settles);
  RUN(moving_average_of_two_reaches_one_after_two_adds);
  RUN(moving_average_forgets_values_older_than_the_window);
  RUN(sigma_is_the_stddev_divided_by_sqrt_window_as_in_the_original);
  RUN(stddev_counts_only_values_actually_added);
  RUN(sigma_stays_finite_and_zero_for_a_constant_stream);
  RUN(clear_restarts_the_ramp_with_the_same_window);
  RUN(window_zero_and_one_past_the_maximum_are_refused);
  return jam_test_summary();
}
