// SPDX-License-Identifier: ISC
// dsp/lfo.h: frequency from zero crossings, depth, triangle shape, and phase continuity when
// the rate changes.

#include "dsp/lfo.h"

#include "check.h"

#define FS 48000.0

// Measures the frequency from the first and last rising zero crossing over `seconds`,
// with linear interpolation between samples; also returns the extremes.
static double
measure_rate(DspLfo* const lfo, const double seconds, float* const lo, float* const hi)
{
  const long n = (long)(seconds * FS);
  float prev = dsp_lfo_next(lfo);
  double first = -1.0, last = -1.0;
  int crossings = 0;
  *lo = *hi = prev;
  for (long i = 1; i < n; ++i) {
    const float v = dsp_lfo_next(lfo);
    if (prev < 0.0f && v >= 0.0f) {
      const double t = (double)(i - 1) + (double)prev / ((double)prev - v);
      if (first < 0.0) {
        first = t;
      } else {
        ++crossings;
      }
      last = t;
    }
    *lo = fminf(*lo, v);
    *hi = fmaxf(*hi, v);
    prev = v;
  }
  return crossings > 0 ? crossings * FS / (last - first) : 0.0;
}

static void
sine_rate_matches_the_setting(void)
{
  const double rates[] = {0.1, 2.0, 5.5, 13.0};
  for (int i = 0; i < 4; ++i) {
    DspLfo lfo;
    dsp_lfo_init(&lfo, DSP_LFO_SINE, rates[i], 1.0f, FS);
    float lo = 0.0f, hi = 0.0f;
    const double f = measure_rate(&lfo, 25.0, &lo, &hi);
    CHECK(fabs(f - rates[i]) <= 1e-5 * rates[i], "rate %g: measured %.8f Hz", rates[i], f);
  }
}

static void
sine_swings_between_minus_and_plus_depth(void)
{
  DspLfo lfo;
  dsp_lfo_init(&lfo, DSP_LFO_SINE, 3.0, 0.25f, FS);
  float lo = 0.0f, hi = 0.0f;
  (void)measure_rate(&lfo, 2.0, &lo, &hi);
  CHECK_NEAR(hi, 0.25, 1e-6);
  CHECK_NEAR(lo, -0.25, 1e-6);
}

static void
triangle_has_the_same_rate_and_straight_sides(void)
{
  DspLfo lfo;
  dsp_lfo_init(&lfo, DSP_LFO_TRIANGLE, 4.0, 2.0f, FS);
  float lo = 0.0f, hi = 0.0f;
  const double f = measure_rate(&lfo, 10.0, &lo, &hi);
  CHECK_NEAR(f, 4.0, 4e-5);
  CHECK_NEAR(hi, 2.0, 1e-3);
  CHECK_NEAR(lo, -2.0, 1e-3);
  // At phase 1/8 the triangle is half the depth; the sine would be 0.707.
  CHECK_NEAR(dsp_lfo_shape_at(DSP_LFO_TRIANGLE, 0.125), 0.5, 1e-7);
  CHECK_NEAR(dsp_lfo_shape_at(DSP_LFO_TRIANGLE, 0.5), 0.0, 1e-7);
  CHECK_NEAR(dsp_lfo_shape_at(DSP_LFO_TRIANGLE, 0.875), -0.5, 1e-7);
  CHECK_NEAR(dsp_lfo_shape_at(DSP_LFO_SINE, 0.125), M_SQRT1_2, 1e-7);
}

static void
changing_the_rate_keeps_the_phase(void)
{
  DspLfo lfo;
  dsp_lfo_init(&lfo, DSP_LFO_SINE, 1.0, 1.0f, FS);
  for (int i = 0; i < 10000; ++i) {
    (void)dsp_lfo_next(&lfo);
  }
  const double phase = lfo.phase;
  dsp_lfo_set_rate(&lfo, 7.0, FS);
  CHECK(lfo.phase == phase, "phase kept");
  CHECK_NEAR(lfo.increment, 7.0 / FS, 1e-15);
  dsp_lfo_set_rate(&lfo, NAN, FS);
  CHECK(lfo.increment == 0.0, "NaN rate freezes the LFO");
}

static void
skip_advances_like_next(void)
{
  DspLfo a, b;
  dsp_lfo_init(&a, DSP_LFO_SINE, 3.3, 1.0f, FS);
  dsp_lfo_init(&b, DSP_LFO_SINE, 3.3, 1.0f, FS);
  for (int i = 0; i < 100000; ++i) {
    (void)dsp_lfo_next(&a);
  }
  dsp_lfo_skip(&b, 100000);
  CHECK_NEAR(a.phase, b.phase, 1e-9);
  dsp_lfo_set_phase(&b, -0.25);
  CHECK_NEAR(b.phase, 0.75, 1e-15);
}

int
main(void)
{
  RUN(sine_rate_matches_the_setting);
  RUN(sine_swings_between_minus_and_plus_depth);
  RUN(triangle_has_the_same_rate_and_straight_sides);
  RUN(changing_the_rate_keeps_the_phase);
  RUN(skip_advances_like_next);
  return jam_test_summary();
}
