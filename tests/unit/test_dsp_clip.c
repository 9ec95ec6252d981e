// SPDX-License-Identifier: ISC
// dsp/clip.h: every shape bounded for any input (±1e30, ±inf), NaN -> 0, unit slope at 0,
// the rational curve against tanh, and the ADAA clippers against their static curves.

#include "dsp/clip.h"

#include "check.h"

static const float extremes[] = {0.0f,   1e-30f, -1e-30f, 0.3f,     -0.3f,    1.0f,  -1.0f,
                                 2.9f,   -3.1f,  10.0f,   -10.0f,   1e6f,     -1e6f, 1e30f,
                                 -1e30f, 3e38f,  -3e38f,  INFINITY, -INFINITY};
#define N_EXTREMES ((int)(sizeof extremes / sizeof extremes[0]))

static const DspClipShape shapes[] = {DSP_CLIP_HARD, DSP_CLIP_SOFT, DSP_CLIP_RATIONAL,
                                      DSP_CLIP_ASYM, DSP_CLIP_EVEN, DSP_CLIP_EXP};

static void
range_of(const DspClipShape shape, float* const lo, float* const hi)
{
  *hi = 1.0f;
  *lo = shape == DSP_CLIP_ASYM ? -1.0f / 3.0f : shape == DSP_CLIP_EVEN ? 0.0f : -1.0f;
}

static void
every_shape_is_bounded_for_any_input(void)
{
  for (int k = 0; k < 6; ++k) {
    float lo = 0.0f, hi = 0.0f;
    range_of(shapes[k], &lo, &hi);
    for (int i = 0; i < N_EXTREMES; ++i) {
      const float y = dsp_clip_apply(shapes[k], extremes[i]);
      CHECK(y >= lo && y <= hi, "shape %d at %g: %g", (int)shapes[k], extremes[i], y);
    }
  }
  for (int i = 0; i < N_EXTREMES; ++i) {
    const float t = dsp_clip_tanh(extremes[i]);
    CHECK(fabsf(t) <= 1.0f, "tanh at %g: %g", extremes[i], t);
    const float h = dsp_clip_hard(extremes[i], 0.5f);
    CHECK(fabsf(h) <= 0.5f, "hard 0.5 at %g: %g", extremes[i], h);
  }
  CHECK(dsp_clip_soft(1e30f) == 1.0f, "soft(1e30) = 1");
  CHECK(dsp_clip_soft(-1e30f) == -1.0f, "soft(-1e30) = -1");
  CHECK(dsp_clip_tanh(1e30f) == 1.0f, "tanh(1e30) = 1");
  CHECK(dsp_clip_rational(-1e30f) == -1.0f, "rational(-1e30) = -1");
  CHECK(dsp_clip_hard(0.7f, 0.5f) == 0.5f, "hard(0.7, 0.5) = 0.5");
}

static void
nan_input_gives_zero(void)
{
  for (int k = 0; k < 6; ++k) {
    CHECK(dsp_clip_apply(shapes[k], NAN) == 0.0f, "shape %d", (int)shapes[k]);
  }
  CHECK(dsp_clip_tanh(NAN) == 0.0f, "tanh");
  CHECK(dsp_clip_hard(-NAN, 0.5f) == 0.0f, "hard");
}

static void
odd_shapes_have_unit_slope_at_zero(void)
{
  const DspClipShape odd[] = {DSP_CLIP_HARD, DSP_CLIP_SOFT, DSP_CLIP_RATIONAL, DSP_CLIP_ASYM,
                              DSP_CLIP_EXP};
  for (int k = 0; k < 5; ++k) {
    CHECK_NEAR(dsp_clip_apply(odd[k], 1e-3f) / 1e-3f, 1.0, 0.004);
    CHECK_NEAR(dsp_clip_apply(odd[k], -1e-3f) / -1e-3f, 1.0, 0.004);
  }
  CHECK_NEAR(dsp_clip_tanh(1e-3f) / 1e-3f, 1.0, 1e-5);
}

static void
fast_tanh_stays_within_4e_7_of_tanh_and_is_bounded_odd_and_nan_safe(void)
{
  double worst = 0.0;
  for (int i = -120000; i <= 120000; ++i) {
    const float x = (float)i / 10000.0f;
    const float y = dsp_clip_tanh_fast(x);
    const double e = fabs((double)y - tanh((double)x)); // not fmax(): tests/arm64/README.md
    worst = e > worst ? e : worst;
    CHECK(y == -dsp_clip_tanh_fast(-x), "odd at %g", (double)x);
  }
  printf("     largest difference from tanh %.3g\n", worst);
  CHECK(worst <= 4e-7, "largest difference %g", worst);
  for (int i = 0; i < N_EXTREMES; ++i) {
    const float t = dsp_clip_tanh_fast(extremes[i]);
    CHECK(fabsf(t) <= 1.0f, "at %g: %g", extremes[i], t);
  }
  CHECK(dsp_clip_tanh_fast(1e30f) == 1.0f && dsp_clip_tanh_fast(-INFINITY) == -1.0f, "limits");
  CHECK(dsp_clip_tanh_fast(NAN) == 0.0f, "NaN");
  CHECK_NEAR(dsp_clip_tanh_fast(1e-3f) / 1e-3f, 1.0, 1e-5);
  float buf[3] = {0.5f, NAN, -20.0f};
  dsp_clip_tanh_fast_process(3, buf);
  CHECK(buf[0] == dsp_clip_tanh_fast(0.5f) && buf[1] == 0.0f && buf[2] == -1.0f, "block");
}

static void
rational_clip_stays_within_0_024_of_tanh(void)
{
  double worst = 0.0;
  for (int i = -6000; i <= 6000; ++i) {
    const float x = (float)i / 1000.0f;
    worst = fmax(worst, fabs((double)dsp_clip_rational(x) - tanh(x)));
  }
  CHECK(worst <= 0.024, "largest difference %g", worst);
  CHECK(dsp_clip_rational(3.0f) == 1.0f, "reaches 1 at 3");
  CHECK_NEAR(dsp_clip_rational(2.999f), 1.0, 1e-6); // joins with zero slope
}

static void
asymmetric_clip_limits_at_one_and_minus_a_third(void)
{
  CHECK_NEAR(dsp_clip_asym(1.0f), 0.5, 1e-7);
  CHECK_NEAR(dsp_clip_asym(-1.0f), -0.25, 1e-7);
  CHECK_NEAR(dsp_clip_asym(-1e6f), -1.0 / 3.0, 1e-6);
  CHECK_NEAR(dsp_clip_even(-1.0f), 0.5, 1e-7);
  CHECK_NEAR(dsp_clip_exp(1.0f), 1.0 - exp(-1.0), 1e-7);
}

static void
adaa_follows_the_static_curve_one_sample_late_on_slow_input(void)
{
  // For a slowly varying input the triangular-kernel average is f(x[n-1]) + O(dx²) where f
  // is smooth:
  // a 2 Hz sine of amplitude 4 at 48 kHz (|dx| < 0.0011) checks F1 and F2 of each shape.
  for (int k = 0; k < 6; ++k) {
    DspClipAdaa c;
    dsp_clip_adaa_init(&c, shapes[k]);
    double worst = 0.0, prev_x = 0.0;
    for (int n = 0; n < 48000; ++n) {
      const float x = (float)(4.0 * sin(2.0 * M_PI * 2.0 * n / 48000.0));
      const float y = dsp_clip_adaa_step(&c, x);
      if (n >= 2) { // once the history holds real input
        worst = fmax(worst, fabs((double)y - dsp_clip_apply(shapes[k], (float)prev_x)));
      }
      prev_x = x;
    }
    // Smooth shapes: O(dx²). Hard (kinks at ±1) and even (kink at 0): the kernel average of
    // a kink is off by up to dx/3 = 0.000349 at the kink itself.
    const int kinked = shapes[k] == DSP_CLIP_HARD || shapes[k] == DSP_CLIP_EVEN;
    const double bound = kinked ? 4.0 * 2.0 * M_PI * 2.0 / 48000.0 / 3.0 + 1e-6 : 2e-5;
    CHECK(worst < bound, "shape %d: largest difference %g", (int)shapes[k], worst);
  }
}

static void
adaa_is_bounded_and_nan_safe(void)
{
  for (int k = 0; k < 6; ++k) {
    float lo = 0.0f, hi = 0.0f;
    range_of(shapes[k], &lo, &hi);
    DspClipAdaa c;
    dsp_clip_adaa_init(&c, shapes[k]);
    unsigned seed = 12345u;
    int bad = 0;
    for (int n = 0; n < 20000; ++n) {
      seed = seed * 1664525u + 1013904223u;
      float x = 0.0f;
      if (n % 7 == 0) {
        x = extremes[(seed >> 8) % N_EXTREMES] * ((seed & 1u) ? 1.0f : -1.0f);
      } else if (n % 11 == 0) {
        x = NAN;
      } else {
        x = ((float)((seed >> 9) & 0xffff) / 32768.0f - 1.0f) * 50.0f;
      }
      const float y = dsp_clip_adaa_step(&c, x);
      bad += !(y >= lo && y <= hi);
    }
    CHECK(bad == 0, "shape %d: %d samples out of range", (int)shapes[k], bad);
  }
}

static void
adaa_hard_clip_is_exact_in_saturation_and_in_the_linear_zone(void)
{
  DspClipAdaa c;
  dsp_clip_adaa_init(&c, DSP_CLIP_HARD);
  (void)dsp_clip_adaa_step(&c, 5.0f);
  (void)dsp_clip_adaa_step(&c, 7.0f);
  CHECK(dsp_clip_adaa_step(&c, 500.0f) == 1.0f, "saturated: exactly 1");
  dsp_clip_adaa_reset(&c);
  (void)dsp_clip_adaa_step(&c, 0.25f);
  (void)dsp_clip_adaa_step(&c, 0.5f);
  CHECK_NEAR(dsp_clip_adaa_step(&c, -0.15f), 0.2, 1e-7); // mean of the last three
}

static void
adaa_held_input_gives_the_static_curve(void)
{
  // A held input reuses its F2 and skips the divided differences (the limit forms): the
  // output settles on f(x) exactly, and back to f(0) after the input returns to silence.
  for (int k = 0; k < 6; ++k) {
    DspClipAdaa c;
    dsp_clip_adaa_init(&c, shapes[k]);
    float buf[16];
    for (int i = 0; i < 16; ++i) {
      buf[i] = i < 8 ? 0.7f : 0.0f;
    }
    dsp_clip_adaa_process(&c, 16, buf, buf);
    CHECK_NEAR(buf[7], dsp_clip_apply(shapes[k], 0.7f), 1e-6);
    CHECK_NEAR(buf[15], dsp_clip_apply(shapes[k], 0.0f), 1e-7);
  }
}

static void
adaa_block_paths_give_the_step_output(void)
{
  // Runs of 64 that stay within ±1 (hard clip) or hold one value (the other shapes) take the
  // block paths; the others (and the runs that follow them) the step: every shape must give
  // the step's output exactly.
  for (int k = 0; k < 6; ++k) {
    DspClipAdaa a, b;
    dsp_clip_adaa_init(&a, shapes[k]);
    dsp_clip_adaa_init(&b, shapes[k]);
    int differ = 0;
    for (int run = 0; run < 12; ++run) {
      float buf[64];
      const double amp = run == 3 || run == 4 ? 3.0 : (run == 6 ? 1.0 : 0.9);
      for (int i = 0; i < 64; ++i) {
        const float held = run < 9 ? 0.0f : 0.7f;
        buf[i] = run == 7 || run == 8 || run >= 9
                     ? held
                     : (float)(amp * sin(2.0 * M_PI * 440.0 * (64 * run + i) / 96000.0));
      }
      buf[5] = run == 6 ? 1.0f : buf[5];
      float y[64];
      for (int i = 0; i < 64; ++i) {
        y[i] = dsp_clip_adaa_step(&b, buf[i]);
      }
      dsp_clip_adaa_process(&a, 64, buf, buf);
      for (int i = 0; i < 64; ++i) {
        differ += buf[i] != y[i];
      }
    }
    CHECK(differ == 0, "shape %d: %d samples differ", (int)shapes[k], differ);
  }
}

int
main(void)
{
  RUN(every_shape_is_bounded_for_any_input);
  RUN(nan_input_gives_zero);
  RUN(odd_shapes_have_unit_slope_at_zero);
  RUN(rational_clip_stays_within_0_024_of_tanh);
  RUN(fast_tanh_stays_within_4e_7_of_tanh_and_is_bounded_odd_and_nan_safe);
  RUN(asymmetric_clip_limits_at_one_and_minus_a_third);
  RUN(adaa_follows_the_static_curve_one_sample_late_on_slow_input);
  RUN(adaa_is_bounded_and_nan_safe);
  RUN(adaa_hard_clip_is_exact_in_saturation_and_in_the_linear_zone);
  RUN(adaa_held_input_gives_the_static_curve);
  RUN(adaa_block_paths_give_the_step_output);
  return jam_test_summary();
}
