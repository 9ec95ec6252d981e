// SPDX-License-Identifier: ISC
/// Boost: real amplitude dB at every rate, smoothed gain changes, clamped range.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

static void
gain_0_db_is_unity_at_1khz_within_0_1_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "boost", 48000.0) == 0, "open");
  CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.25, 0.1), 0.0, 0.1);
  pedal_close(&p);
}

static void
gain_6_and_12_db_measure_6_and_12_db_at_every_rate(void)
{
  static const double rates[] = {44100.0, 48000.0, 96000.0, 192000.0};
  for (int r = 0; r < 4; ++r) {
    for (float g = 6.0f; g <= 12.0f; g += 6.0f) {
      Pedal p;
      CHECK(pedal_open(&p, "boost", rates[r]) == 0, "open");
      pedal_set(&p, "Gain", g);
      CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.1, 0.1), g, 0.01);
      pedal_close(&p);
    }
  }
}

static void
a_gain_change_ramps_without_a_step_and_settles_within_150_ms(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "boost", 48000.0) == 0, "open");
  const size_t n = 48000;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  for (size_t i = 0; i < n; ++i) {
    in[i] = 0.25f; // DC shows the gain curve directly
  }
  pedal_run(&p, in, out, 4800);
  pedal_set(&p, "Gain", 12.0f);
  pedal_run(&p, in + 4800, out + 4800, n - 4800);
  double max_step = 0.0;
  for (size_t i = 1; i < n; ++i) {
    max_step = fmax(max_step, fabs((double)out[i] - out[i - 1]));
  }
  // A jump would be 0.25 * (3.98 - 1) = 0.75 in one sample.
  CHECK(max_step < 0.002, "largest step between samples %g", max_step);
  const double after = out[4800 + 7200] / 0.25; // 150 ms after the change
  CHECK_NEAR(harness_db(after), 12.0, 0.05);
  free(in);
  free(out);
  pedal_close(&p);
}

static void
an_out_of_range_gain_is_clamped_to_12_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "boost", 48000.0) == 0, "open");
  pedal_set(&p, "Gain", 100.0f);
  CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.01, 0.1), 12.0, 0.01);
  pedal_close(&p);
}

int
main(void)
{
  RUN(gain_0_db_is_unity_at_1khz_within_0_1_db);
  RUN(gain_6_and_12_db_measure_6_and_12_db_at_every_rate);
  RUN(a_gain_change_ramps_without_a_step_and_settles_within_150_ms);
  RUN(an_out_of_range_gain_is_clamped_to_12_db);
  return jam_test_summary();
}
