// SPDX-License-Identifier: ISC
// dsp/envelope.h: follower attack and release times (63 % / 37 % points), RMS level of a sine,
// peak-hold timing and the attack-hold-release gate gain.

#include "dsp/envelope.h"

#include "check.h"
#include "dsp/measure.h"

#define FS 48000.0

static void
peak_follower_attack_reaches_63_percent_in_attack_ms(void)
{
  DspEnvelope env;
  dsp_envelope_init(&env, DSP_ENVELOPE_PEAK, 10.0, 100.0, FS);
  float y = 0.0f;
  for (int i = 0; i < 480; ++i) {                      // 10 ms
    y = dsp_envelope_step(&env, i & 1 ? 1.0f : -1.0f); // rectified: |x| = 1
  }
  CHECK_NEAR(y, 1.0 - exp(-1.0), 1e-4);
}

static void
peak_follower_release_falls_to_37_percent_in_release_ms(void)
{
  DspEnvelope env;
  dsp_envelope_init(&env, DSP_ENVELOPE_PEAK, 1.0, 100.0, FS);
  for (int i = 0; i < 4800; ++i) {
    (void)dsp_envelope_step(&env, 0.5f);
  }
  CHECK_NEAR(env.y, 0.5, 1e-6);
  float y = 0.0f;
  for (int i = 0; i < 4800; ++i) { // 100 ms
    y = dsp_envelope_step(&env, 0.0f);
  }
  CHECK_NEAR(y, 0.5 * exp(-1.0), 1e-4);
}

static void
rms_follower_reads_0_7071_for_a_unit_sine(void)
{
  static float sine[96000];
  DspEnvelope env;
  dsp_envelope_init(&env, DSP_ENVELOPE_RMS, 50.0, 50.0, FS);
  dsp_measure_sine(96000, sine, 1000.0, 1.0, FS, 0.0);
  double sum = 0.0, lo = 1.0, hi = 0.0;
  for (int i = 0; i < 96000; ++i) {
    const double y = dsp_envelope_step(&env, sine[i]);
    if (i >= 48000) {
      sum += y;
      lo = fmin(lo, y);
      hi = fmax(hi, y);
    }
  }
  CHECK_NEAR(sum / 48000.0, M_SQRT1_2, 0.001);
  CHECK(hi - lo < 0.005, "ripple %g", hi - lo);
  CHECK_NEAR(20.0 * log10(sum / 48000.0), -3.0103, 0.01);
}

static void
peak_detector_holds_then_releases(void)
{
  DspPeakDetector pd;
  dsp_peak_init(&pd, 10.0, 50.0, FS); // hold 480 samples, release tau 2400 samples
  (void)dsp_peak_step(&pd, -0.8f);
  float y = 0.0f;
  for (int i = 0; i < 480; ++i) {
    y = dsp_peak_step(&pd, 0.1f);
  }
  CHECK(y == 0.8f, "held at %.9g", y);
  for (int i = 0; i < 2400; ++i) {
    y = dsp_peak_step(&pd, 0.0f);
  }
  CHECK_NEAR(y, 0.8 * exp(-1.0), 1e-4);
}

static void
gate_gain_opens_with_attack_and_closes_after_hold_and_release(void)
{
  DspAhr g;
  dsp_ahr_init(&g, 1.0, 20.0, 10.0, FS); // attack 48, hold 960, release 480 samples
  float v = 0.0f;
  for (int i = 0; i < 48; ++i) {
    v = dsp_ahr_step(&g, true);
  }
  CHECK_NEAR(v, 1.0 - exp(-1.0), 1e-4);
  for (int i = 0; i < 2000; ++i) {
    v = dsp_ahr_step(&g, true);
  }
  CHECK(v == 1.0f, "fully open: %.9g", v);
  for (int i = 0; i < 960; ++i) {
    v = dsp_ahr_step(&g, false);
  }
  CHECK(v == 1.0f, "held open for 20 ms: %.9g", v);
  for (int i = 0; i < 480; ++i) {
    v = dsp_ahr_step(&g, false);
  }
  CHECK_NEAR(v, exp(-1.0), 1e-4);
  for (int i = 0; i < 48000 && v != 0.0f; ++i) {
    v = dsp_ahr_step(&g, false);
  }
  CHECK(v == 0.0f, "closed to exactly 0: %.9g", v);
}

static void
follower_recovers_from_nan_at_the_block_end(void)
{
  DspEnvelope env;
  dsp_envelope_init(&env, DSP_ENVELOPE_PEAK, 1.0, 10.0, FS);
  float buf[16] = {0.5f, NAN, 0.5f};
  dsp_envelope_process(&env, 16, buf, NULL);
  CHECK(env.y == 0.0, "state reset: %g", env.y);
}

int
main(void)
{
  RUN(peak_follower_attack_reaches_63_percent_in_attack_ms);
  RUN(peak_follower_release_falls_to_37_percent_in_release_ms);
  RUN(rms_follower_reads_0_7071_for_a_unit_sine);
  RUN(peak_detector_holds_then_releases);
  RUN(gate_gain_opens_with_attack_and_closes_after_hold_and_release);
  RUN(follower_recovers_from_nan_at_the_block_end);
  return jam_test_summary();
}
