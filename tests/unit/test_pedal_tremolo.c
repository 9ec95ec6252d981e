// SPDX-License-Identifier: ISC
/// Tremelo: the gain swings between 1 - depth and exactly 1 at the set rate.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

/// Runs DC 1.0 through the pedal: the output is the gain curve.
static float*
gain_curve(Pedal* const p, const size_t n)
{
  float* const buf = harness_alloc(n);
  for (size_t i = 0; i < n; ++i) {
    buf[i] = 1.0f;
  }
  pedal_run(p, buf, buf, n);
  return buf;
}

static void
depth_sets_the_minimum_gain_and_the_maximum_is_unity(void)
{
  static const float depths[] = {0.0f, 0.4f, 1.0f};
  for (int d = 0; d < 3; ++d) {
    Pedal p;
    CHECK(pedal_open(&p, "tremolo", 48000.0) == 0, "open");
    pedal_set(&p, "depth", depths[d]);
    pedal_set(&p, "rate", 5.0f);
    const size_t n = 48000;
    float* const g = gain_curve(&p, n);
    double lo = 2.0, hi = -1.0;
    for (size_t i = 0; i < n; ++i) { // not fmin/fmax: see tests/arm64/README.md (GCC 12 ICE)
      const double v = g[i];
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    CHECK_NEAR(hi, 1.0, 1e-6);
    CHECK_NEAR(lo, 1.0 - depths[d], 1e-4);
    free(g);
    pedal_close(&p);
  }
}

static void
the_gain_cycles_at_the_set_rate_within_0_1_percent(void)
{
  static const float rates[] = {0.5f, 1.2f, 6.5f};
  static const double fs[] = {44100.0, 48000.0, 96000.0};
  for (int r = 0; r < 3; ++r) {
    Pedal p;
    CHECK(pedal_open(&p, "tremolo", fs[r]) == 0, "open");
    pedal_set(&p, "depth", 0.5f);
    pedal_set(&p, "rate", rates[r]);
    const size_t n = (size_t)(8.0 * fs[r]);
    float* const g = gain_curve(&p, n);
    // Upward crossings of the mid gain 0.75, interpolated: rate = crossings / elapsed.
    double first = -1.0, last = -1.0;
    int count = 0;
    for (size_t i = 1; i < n; ++i) {
      if (g[i - 1] < 0.75f && g[i] >= 0.75f) {
        const double t = (double)(i - 1) + (0.75 - g[i - 1]) / (g[i] - g[i - 1]);
        if (first < 0.0) {
          first = t;
        }
        last = t;
        ++count;
      }
    }
    const double got = (count - 1) / ((last - first) / fs[r]);
    CHECK_NEAR(got, rates[r], 0.001 * rates[r]);
    free(g);
    pedal_close(&p);
  }
}

static void
depth_40_percent_dips_by_4_4_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "tremolo", 48000.0) == 0, "open");
  float* const g = gain_curve(&p, 48000 * 2);
  double lo = 2.0;
  for (size_t i = 0; i < 48000 * 2; ++i) { // not fmin(): see tests/arm64/README.md
    const double v = g[i];
    lo = v < lo ? v : lo;
  }
  CHECK_NEAR(harness_db(lo), 20.0 * log10(0.6), 0.01);
  free(g);
  pedal_close(&p);
}

int
main(void)
{
  RUN(depth_sets_the_minimum_gain_and_the_maximum_is_unity);
  RUN(the_gain_cycles_at_the_set_rate_within_0_1_percent);
  RUN(depth_40_percent_dips_by_4_4_db);
  return jam_test_summary();
}
