// SPDX-License-Identifier: ISC
// dsp/denormal.h: flushing below 1e-15, resetting non-finite values, buffer sanitising, and
// the FTZ guard that restores the caller's floating-point mode.

#include "dsp/denormal.h"

#include "check.h"

#include <float.h>

static void
values_below_1e_15_flush_to_zero(void)
{
  CHECK(dsp_flush(1e-16f) == 0.0f, "1e-16");
  CHECK(dsp_flush(-9e-16f) == 0.0f, "-9e-16");
  CHECK(dsp_flush(FLT_MIN * 0.25f) == 0.0f, "subnormal");
  CHECK(dsp_flush(2e-15f) == 2e-15f, "2e-15 kept");
  CHECK(dsp_flush(-0.5f) == -0.5f, "-0.5 kept");
  CHECK(dsp_flush_d(1e-300) == 0.0, "double 1e-300");
  CHECK(dsp_flush_d(3e-15) == 3e-15, "double 3e-15 kept");
}

static void
non_finite_values_reset_to_zero(void)
{
  CHECK(dsp_sanitize(NAN) == 0.0f, "NaN");
  CHECK(dsp_sanitize(INFINITY) == 0.0f, "inf");
  CHECK(dsp_sanitize(-INFINITY) == 0.0f, "-inf");
  CHECK(dsp_sanitize(1e30f) == 1e30f, "1e30 is finite: kept");
  CHECK(dsp_sanitize_d(NAN) == 0.0, "double NaN");
  float buf[6] = {0.5f, NAN, 1e-20f, INFINITY, -0.25f, -INFINITY};
  CHECK_INT(dsp_sanitize_buffer(6, buf), 3);
  const float want[6] = {0.5f, 0.0f, 0.0f, 0.0f, -0.25f, 0.0f};
  CHECK_BYTES(buf, want, sizeof want);
}

static void
out_of_range_counts_nan_inf_and_samples_beyond_the_limit(void)
{
  // The pedals' output guard (limit 1e4, +80 dBFS): a runaway filter's 3e38 is caught as well as
  // NaN and inf; the limit itself and everything inside it are not.
  const float buf[9] = {0.0f, -1e4f, 1e4f, 9999.0f, 1.0001e4f, -3e38f, NAN, INFINITY, -INFINITY};
  CHECK_INT(dsp_count_out_of_range(9, buf, 1e4f), 5);
  CHECK_INT(dsp_count_out_of_range(4, buf, 1e4f), 0);
  CHECK_INT(dsp_count_out_of_range(6, buf, 1e4f), 2);
  CHECK_INT(dsp_count_out_of_range(1, buf + 6, 1e4f), 1);
  CHECK_INT(dsp_count_out_of_range(0, buf + 6, 1e4f), 0);
}

static float
scaled(const float x, const float k)
{
  volatile float a = x, b = k; // keep the multiply at run time
  return a * b;
}

static void
ftz_guard_flushes_inside_and_restores_after(void)
{
  const float before = scaled(FLT_MIN, 0.25f);
  DspFtzGuard guard;
  dsp_ftz_begin(&guard);
  const float inside = scaled(FLT_MIN, 0.25f);
  dsp_ftz_end(&guard);
  const float after = scaled(FLT_MIN, 0.25f);
  CHECK(before != 0.0f, "subnormal before: %g", before);
#if defined(__SSE__) || defined(__aarch64__) || (defined(__arm__) && defined(__ARM_FP))
  CHECK(inside == 0.0f, "flushed inside: %g", inside);
#else
  (void)inside;
#endif
  CHECK(after == before, "mode restored: %g", after);
}

int
main(void)
{
  RUN(values_below_1e_15_flush_to_zero);
  RUN(non_finite_values_reset_to_zero);
  RUN(out_of_range_counts_nan_inf_and_samples_beyond_the_limit);
  RUN(ftz_guard_flushes_inside_and_restores_after);
  return jam_test_summary();
}
