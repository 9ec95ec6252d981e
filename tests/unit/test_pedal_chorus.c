// SPDX-License-Identifier: ISC
/// Chorus: transparent at depth 0, a static voice at exactly `duration` when the drift is at
/// its minimum, and a voice whose delay swings by ±A at the LFO rate.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

static void
depth_0_passes_the_input_unchanged(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "chorus", 48000.0) == 0, "open");
  pedal_set(&p, "depth", 0.0f);
  const size_t n = 9600;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, 1000.0, 0.5, 48000.0);
  pedal_run(&p, in, out, n);
  CHECK(memcmp(in, out, n * sizeof *in) == 0, "output differs from input");
  free(in);
  free(out);
  pedal_close(&p);
}

static void
without_drift_the_voice_is_the_input_delayed_by_duration(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "chorus", 48000.0) == 0, "open");
  pedal_set(&p, "drift", -50.0f);
  pedal_set(&p, "duration", 12.5f); // 600 samples
  pedal_set(&p, "depth", 0.6f);
  float buf[2048] = {0};
  buf[0] = 1.0f;
  pedal_run(&p, buf, buf, 2048);
  CHECK_NEAR(buf[0], 1.0 - 0.3, 1e-6);
  CHECK_NEAR(buf[600], 0.6, 1e-6);
  CHECK_NEAR(buf[599], 0.0, 1e-6);
  CHECK_NEAR(buf[601], 0.0, 1e-6);
  pedal_close(&p);
}

static void
the_voice_delay_swings_by_plus_minus_a_at_the_lfo_rate(void)
{
  // drift -12 dB: A = 10^(-12/20) - 10^(-50/20) = 0.2480; duration 10 ms: 480 ± 119 samples.
  // Feed clicks every 50 ms and find each echo: its delay follows 480·(1 + A·sin(2π·2·t)).
  Pedal p;
  CHECK(pedal_open(&p, "chorus", 48000.0) == 0, "open");
  pedal_set(&p, "drift", -12.0f);
  pedal_set(&p, "duration", 10.0f);
  pedal_set(&p, "rate", 2.0f);
  pedal_set(&p, "depth", 0.5f);
  const size_t n = 48000, period = 2400;
  float* const buf = harness_alloc(n);
  for (size_t i = 0; i < n; i += period) {
    buf[i] = 1.0f;
  }
  pedal_run(&p, buf, buf, n);
  const double a = pow(10.0, -12.0 / 20.0) - pow(10.0, -50.0 / 20.0);
  double worst = 0.0, lo = 1e9, hi = 0.0;
  for (size_t click = 0; click + period < n; click += period) {
    size_t best = click + 1;
    for (size_t i = click + 1; i < click + period; ++i) {
      if (fabsf(buf[i]) > fabsf(buf[best])) {
        best = i;
      }
    }
    const double got = (double)(best - click);
    // The echo of a click written at t0 is read when d(t) = t - t0: solve by iteration.
    double t = (double)click + 480.0;
    for (int it = 0; it < 20; ++it) {
      t = (double)click + 480.0 * (1.0 + a * sin(2.0 * M_PI * 2.0 * t / 48000.0));
    }
    worst = fmax(worst, fabs(got - (t - (double)click)));
    lo = fmin(lo, got);
    hi = fmax(hi, got);
  }
  printf("     echo delay %.0f..%.0f samples (design 480 ± %.0f)\n", lo, hi, 480.0 * a);
  CHECK(worst <= 1.0, "echo off its design by %g samples", worst);
  CHECK(hi - lo > 1.8 * 480.0 * a, "swing only %g samples", hi - lo);
  free(buf);
  pedal_close(&p);
}

int
main(void)
{
  RUN(depth_0_passes_the_input_unchanged);
  RUN(without_drift_the_voice_is_the_input_delayed_by_duration);
  RUN(the_voice_delay_swings_by_plus_minus_a_at_the_lfo_rate);
  return jam_test_summary();
}
