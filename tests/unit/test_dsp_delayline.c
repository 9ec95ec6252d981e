// SPDX-License-Identifier: ISC
// dsp/delayline.h: exact integer delays up to size - 1, fractional interpolation error against
// the analytic bound for a sine, clamping and buffer validation.

#include "dsp/delayline.h"

#include "check.h"

#define FS 48000.0

static float ring[1024];

static void
integer_delays_are_exact_to_the_sample(void)
{
  DspDelayLine dl;
  CHECK(dsp_delayline_init(&dl, ring, 1024), "1024 is a power of two");
  const size_t delays[] = {0, 1, 7, 100, 1023};
  for (int n = 0; n < 3000; ++n) {
    dsp_delayline_write(&dl, (float)n);
    for (int k = 0; k < 5; ++k) {
      const float want = (size_t)n >= delays[k] ? (float)(n - (int)delays[k]) : 0.0f;
      if (dsp_delayline_read(&dl, delays[k]) != want) {
        CHECK(0, "n %d delay %zu: got %g want %g", n, delays[k], dsp_delayline_read(&dl, delays[k]),
              want);
        return;
      }
    }
  }
  // Interpolating reads at integer delays are exact too.
  CHECK(dsp_delayline_read_linear(&dl, 37.0) == 2999.0f - 37.0f, "linear at 37");
  CHECK(dsp_delayline_read_cubic(&dl, 37.0) == 2999.0f - 37.0f, "cubic at 37");
  CHECK(dsp_delayline_read_cubic(&dl, 0.0) == 2999.0f, "cubic at 0");
}

static void
delays_beyond_the_buffer_are_clamped(void)
{
  DspDelayLine dl;
  (void)dsp_delayline_init(&dl, ring, 1024);
  for (int n = 0; n < 2048; ++n) {
    dsp_delayline_write(&dl, (float)n);
  }
  CHECK(dsp_delayline_read(&dl, 5000) == 2047.0f - 1023.0f, "clamped to 1023");
  CHECK(dsp_delayline_read_linear(&dl, 1e9) == 2047.0f - 1023.0f, "linear clamped");
  CHECK(dsp_delayline_read_linear(&dl, -3.0) == 2047.0f, "negative reads delay 0");
  CHECK(dsp_delayline_read_linear(&dl, NAN) == 2047.0f, "NaN reads delay 0");
  CHECK(dsp_delayline_read_cubic(&dl, 1e9) == 2047.0f - 1021.0f, "cubic clamped to 1021");
}

// Largest |read - exact| over 2000 samples of a unit sine of f_hz delayed by `delay`.
static double
interpolation_error(const double f_hz, const double delay, const int cubic)
{
  DspDelayLine dl;
  (void)dsp_delayline_init(&dl, ring, 1024);
  const double w = 2.0 * M_PI * f_hz / FS;
  double worst = 0.0;
  for (int n = 0; n < 3000; ++n) {
    dsp_delayline_write(&dl, (float)sin(w * n));
    const double got =
        cubic ? dsp_delayline_read_cubic(&dl, delay) : dsp_delayline_read_linear(&dl, delay);
    if (n >= 1000) {
      worst = fmax(worst, fabs(got - sin(w * (n - delay))));
    }
  }
  return worst;
}

static void
linear_interpolation_error_meets_its_bound(void)
{
  // At half a sample the linear read is cos(w/2)·(the mid-point sine): the error is at most
  // 1 - cos(w/2) = 0.00214 (-53 dB) at 1 kHz, 0.0338 at 8 kHz.
  const double b1k = 1.0 - cos(M_PI * 1000.0 / FS);
  const double e1k = interpolation_error(1000.0, 10.5, 0);
  CHECK(e1k <= b1k + 1e-6 && e1k >= 0.9 * b1k, "1 kHz: error %g, bound %g", e1k, b1k);
  const double b8k = 1.0 - cos(M_PI * 8000.0 / FS);
  const double e8k = interpolation_error(8000.0, 250.5, 0);
  CHECK(e8k <= b8k + 1e-6, "8 kHz: error %g, bound %g", e8k, b8k);
  CHECK(interpolation_error(1000.0, 10.25, 0) <= b1k, "quarter sample within the bound");
}

static void
cubic_interpolation_error_is_below_minus_100_db_at_1_khz(void)
{
  // 4-point Lagrange at t = 0.5: |H| = 9/8·cos(w/2) - 1/8·cos(3w/2) = 1 - 7e-6 at 1 kHz.
  const double e1k = interpolation_error(1000.0, 10.5, 1);
  CHECK(e1k < 1e-5, "1 kHz: error %g", e1k);
  const double e8k = interpolation_error(8000.0, 250.5, 1);
  const double w = 2.0 * M_PI * 8000.0 / FS;
  const double bound = 1.0 - (9.0 / 8.0 * cos(w / 2.0) - 1.0 / 8.0 * cos(1.5 * w));
  CHECK(e8k <= bound + 1e-6, "8 kHz: error %g, bound %g", e8k, bound);
  CHECK(e8k * 4.0 < interpolation_error(8000.0, 250.5, 0), "cubic beats linear 4x");
}

static void
fractional_reads_move_smoothly_with_the_delay(void)
{
  DspDelayLine dl;
  (void)dsp_delayline_init(&dl, ring, 1024);
  for (int n = 0; n < 1024; ++n) {
    dsp_delayline_write(&dl, (float)sin(0.05 * n));
  }
  // Sweep the delay from 100 to 101 in 1/64 steps: each step changes the read by at most
  // the sine's slope times the step (plus rounding).
  float prev = dsp_delayline_read_cubic(&dl, 100.0);
  double worst = 0.0;
  for (int k = 1; k <= 64; ++k) {
    const float v = dsp_delayline_read_cubic(&dl, 100.0 + k / 64.0);
    worst = fmax(worst, fabs((double)v - prev));
    prev = v;
  }
  CHECK(worst <= 0.05 / 64.0 * 1.01 + 1e-6, "largest step %g", worst);
  CHECK(prev == dsp_delayline_read(&dl, 101), "ends exactly on sample 101");
}

static void
init_rejects_sizes_that_are_not_powers_of_two(void)
{
  DspDelayLine dl;
  CHECK(!dsp_delayline_init(&dl, ring, 1000), "1000 rejected");
  CHECK(!dsp_delayline_init(&dl, ring, 2), "2 rejected (too small)");
  CHECK(!dsp_delayline_init(&dl, NULL, 1024), "NULL rejected");
  CHECK(dsp_delayline_init(&dl, ring, 4), "4 accepted");
  CHECK_INT(dsp_delayline_size_for(96000), 131072);
  CHECK_INT(dsp_delayline_size_for(1024), 1024);
  CHECK_INT(dsp_delayline_size_for(1025), 2048);
}

int
main(void)
{
  RUN(integer_delays_are_exact_to_the_sample);
  RUN(delays_beyond_the_buffer_are_clamped);
  RUN(linear_interpolation_error_meets_its_bound);
  RUN(cubic_interpolation_error_is_below_minus_100_db_at_1_khz);
  RUN(fractional_reads_move_smoothly_with_the_delay);
  RUN(init_rejects_sizes_that_are_not_powers_of_two);
  return jam_test_summary();
}
