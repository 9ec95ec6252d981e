// SPDX-License-Identifier: ISC
// dsp/onepole.h: one-pole corner and time constant against the analytic response, the
// complementary high-pass, and the parameter smoother (5 time constants, exact snapping).

#include "dsp/onepole.h"

#include "check.h"
#include "dsp/measure.h"

#define FS 48000.0

static float sig_in[96000];
static float sig_out[96000];

static double
measured_lowpass_db(const double fc, const double f)
{
  DspOnePole lp;
  dsp_onepole_init(&lp, fc, FS);
  dsp_measure_sine(96000, sig_in, f, 0.5, FS, 0.0);
  dsp_onepole_process_lowpass(&lp, 96000, sig_in, sig_out);
  return 20.0 *
         log10(dsp_measure_rms(48000, sig_out + 48000) / dsp_measure_rms(48000, sig_in + 48000));
}

static void
lowpass_is_minus_3_db_at_its_corner(void)
{
  const double c = dsp_onepole_coef_hz(100.0, FS);
  CHECK_NEAR(c, 1.0 - exp(-2.0 * M_PI * 100.0 / FS), 1e-15);
  // fc << fs: the matched-pole one-pole is within 0.01 dB of the analog -3.01 dB.
  CHECK_NEAR(dsp_onepole_lowpass_db(c, 100.0, FS), -3.0103, 0.01);
  CHECK_NEAR(measured_lowpass_db(100.0, 100.0), dsp_onepole_lowpass_db(c, 100.0, FS), 0.005);
  CHECK_NEAR(measured_lowpass_db(100.0, 1000.0), dsp_onepole_lowpass_db(c, 1000.0, FS), 0.005);
  // One decade up: -20 dB slope.
  CHECK_NEAR(measured_lowpass_db(100.0, 1000.0), -20.04, 0.05);
}

static void
highpass_is_the_exact_complement_of_the_lowpass(void)
{
  DspOnePole a, b;
  dsp_onepole_init(&a, 300.0, FS);
  dsp_onepole_init(&b, 300.0, FS);
  dsp_measure_sine(4800, sig_in, 440.0, 0.8, FS, 0.3);
  float lp[4800], hp[4800];
  dsp_onepole_process_lowpass(&a, 4800, sig_in, lp);
  dsp_onepole_process_highpass(&b, 4800, sig_in, hp);
  double worst = 0.0;
  for (int i = 0; i < 4800; ++i) { // not fmax(): see tests/arm64/README.md (GCC 12 ICE)
    const double e = fabs((double)lp[i] + hp[i] - sig_in[i]);
    worst = e > worst ? e : worst;
  }
  CHECK(worst < 1e-6, "lp + hp - x: %g", worst);
  // The complement's corner sits 0.17 dB below -3.01 dB (its (1-c) factor): check the
  // measured gain against its own analytic response.
  const double c = dsp_onepole_coef_hz(300.0, FS);
  CHECK_NEAR(dsp_onepole_highpass_db(c, 300.0, FS), -3.18, 0.01);
  DspOnePole h;
  dsp_onepole_init(&h, 300.0, FS);
  dsp_measure_sine(96000, sig_in, 300.0, 0.5, FS, 0.0);
  dsp_onepole_process_highpass(&h, 96000, sig_in, sig_out);
  CHECK_NEAR(20.0 * log10(dsp_measure_rms(48000, sig_out + 48000) /
                          dsp_measure_rms(48000, sig_in + 48000)),
             dsp_onepole_highpass_db(c, 300.0, FS), 0.005);
}

static void
time_constant_covers_63_percent_of_a_step(void)
{
  // tau 10 ms at 48 kHz = 480 samples: 1 - e^-1 = 0.63212 after 480 steps.
  DspOnePole lp = {dsp_onepole_coef_ms(10.0, FS), 0.0};
  float y = 0.0f;
  for (int i = 0; i < 480; ++i) {
    y = dsp_onepole_lowpass(&lp, 1.0f);
  }
  CHECK_NEAR(y, 1.0 - exp(-1.0), 1e-6);
}

static void
smoother_is_within_e_minus_5_after_5_time_constants(void)
{
  DspSmoother sm;
  dsp_smoother_init(&sm, 20.0, FS, 0.0);
  dsp_smoother_set_target(&sm, 1.0);
  float v = 0.0f, prev = 0.0f;
  int monotonic = 1;
  for (int i = 0; i < 5 * 960; ++i) {
    v = dsp_smoother_next(&sm);
    monotonic &= v >= prev;
    prev = v;
  }
  CHECK_NEAR(v, 1.0 - exp(-5.0), 1e-5); // 0.99326
  CHECK(monotonic, "no overshoot or ripple");
  CHECK(!dsp_smoother_is_settled(&sm), "not snapped yet");
}

static void
smoother_snaps_exactly_to_the_target(void)
{
  // Snaps once |target - y| <= 1e-6: after tau·ln(step / 1e-6) = 480·ln(2.5e6) = 7062 samples.
  DspSmoother sm;
  dsp_smoother_init(&sm, 10.0, FS, 0.5);
  dsp_smoother_set_target(&sm, 3.0);
  int steps = 0;
  while (!dsp_smoother_is_settled(&sm) && steps < 100000) {
    (void)dsp_smoother_next(&sm);
    ++steps;
  }
  CHECK(steps >= 7000 && steps <= 7100, "snapped after %d samples", steps);
  CHECK(dsp_smoother_next(&sm) == 3.0f, "value is the target bit for bit");
  CHECK(sm.y == 3.0, "state %.17g", sm.y);
  float buf[64];
  dsp_smoother_fill(&sm, 64, buf);
  for (int i = 0; i < 64; ++i) {
    CHECK(buf[i] == 3.0f, "buf[%d] %.9g", i, buf[i]);
  }
}

static void
smoother_with_a_long_time_constant_still_snaps(void)
{
  // 2 s at 192 kHz (c = 2.6e-6) toward 20 kHz from 20 Hz: converges and snaps.
  DspSmoother sm;
  dsp_smoother_init(&sm, 2000.0, 192000.0, 20.0);
  dsp_smoother_set_target(&sm, 20000.0);
  long steps = 0;
  while (!dsp_smoother_is_settled(&sm) && steps < 20000000) {
    (void)dsp_smoother_next(&sm);
    ++steps;
  }
  // tau·fs·ln(19980 / 1e-6) = 384000 · 23.72 = 9.1e6 samples.
  CHECK(steps > 8800000 && steps < 9400000, "snapped after %ld samples", steps);
}

static void
smoother_ignores_non_finite_targets(void)
{
  DspSmoother sm;
  dsp_smoother_init(&sm, 5.0, FS, 0.25);
  dsp_smoother_set_target(&sm, NAN);
  dsp_smoother_set_target(&sm, INFINITY);
  dsp_smoother_snap(&sm, NAN);
  CHECK(dsp_smoother_next(&sm) == 0.25f, "still 0.25");
  CHECK(sm.target == 0.25, "target %g", sm.target);
}

static void
smoother_skip_advances_like_next(void)
{
  DspSmoother a, b;
  dsp_smoother_init(&a, 5.0, FS, 0.0);
  dsp_smoother_init(&b, 5.0, FS, 0.0);
  dsp_smoother_set_target(&a, -2.0);
  dsp_smoother_set_target(&b, -2.0);
  float v = 0.0f;
  for (int i = 0; i < 32; ++i) {
    v = dsp_smoother_next(&a);
  }
  CHECK(dsp_smoother_skip(&b, 32) == v, "skip(32) equals 32 next()");
}

int
main(void)
{
  RUN(lowpass_is_minus_3_db_at_its_corner);
  RUN(highpass_is_the_exact_complement_of_the_lowpass);
  RUN(time_constant_covers_63_percent_of_a_step);
  RUN(smoother_is_within_e_minus_5_after_5_time_constants);
  RUN(smoother_snaps_exactly_to_the_target);
  RUN(smoother_with_a_long_time_constant_still_snaps);
  RUN(smoother_ignores_non_finite_targets);
  RUN(smoother_skip_advances_like_next);
  return jam_test_summary();
}
