// SPDX-License-Identifier: ISC
// dsp/compressor.h: the static curve against its formula (hard and soft knee), and the whole
// compressor's steady-state output level within 0.1 dB of the curve for sines.

#include "dsp/compressor.h"

#include "check.h"
#include "dsp/measure.h"

#define FS 48000.0

// The formula of the header comment, written out independently.
static double
reference_curve(const double in, const double t, const double r, const double w)
{
  if (2.0 * (in - t) < -w) {
    return in;
  }
  if (2.0 * (in - t) > w) {
    return t + (in - t) / r;
  }
  return in + (1.0 / r - 1.0) * (in - t + w / 2.0) * (in - t + w / 2.0) / (2.0 * w);
}

static void
hard_knee_curve_divides_the_excess_by_the_ratio(void)
{
  const DspCompressorCurve c = {-20.0f, 4.0f, 0.0f};
  CHECK_NEAR(dsp_compressor_curve_db(&c, -10.0f), -17.5, 1e-5);
  CHECK_NEAR(dsp_compressor_curve_db(&c, 0.0f), -15.0, 1e-5);
  CHECK_NEAR(dsp_compressor_curve_db(&c, -30.0f), -30.0, 1e-5);
  CHECK_NEAR(dsp_compressor_gain_db(&c, -20.0f), 0.0, 1e-5);
  const DspCompressorCurve lim = {-6.0f, INFINITY, 0.0f};
  CHECK_NEAR(dsp_compressor_curve_db(&lim, 0.0f), -6.0, 1e-5);
  const DspCompressorCurve unity = {-20.0f, 1.0f, 0.0f};
  CHECK_NEAR(dsp_compressor_gain_db(&unity, 0.0f), 0.0, 1e-6);
}

static void
soft_knee_curve_matches_the_formula_and_is_continuous(void)
{
  const DspCompressorCurve c = {-18.0f, 3.0f, 8.0f};
  for (int i = -600; i <= 0; ++i) {
    const double in = i / 10.0;
    CHECK_NEAR(dsp_compressor_curve_db(&c, (float)in), reference_curve(in, -18.0, 3.0, 8.0), 1e-4);
  }
  // At the threshold: T + (1/R - 1)(W/2)²/(2W) = -18 - (2/3)·16/16 = -18.6667.
  CHECK_NEAR(dsp_compressor_curve_db(&c, -18.0f), -18.0 - 2.0 / 3.0, 1e-5);
  // Knee edges meet the straight parts.
  CHECK_NEAR(dsp_compressor_curve_db(&c, -22.0f), -22.0, 1e-5);
  CHECK_NEAR(dsp_compressor_curve_db(&c, -14.0f), -18.0 + 4.0 / 3.0, 1e-5);
}

// Output level (dB) of a 1 kHz sine of the given peak level once the compressor settled.
static double
steady_output_db(DspCompressor* const comp, const double peak_db)
{
  static float buf[96000];
  dsp_measure_sine(96000, buf, 1000.0, pow(10.0, peak_db / 20.0), FS, 0.0);
  dsp_compressor_process(comp, 96000, buf, buf);
  return dsp_measure_tone_db(48000, buf + 48000, 1000.0, FS);
}

static void
compressor_output_level_follows_the_curve_within_0_1_db(void)
{
  const double levels[] = {-40.0, -24.0, -18.0, -12.0, -3.0};
  for (int i = 0; i < 5; ++i) {
    DspCompressor comp;
    // Peak detector: 0.1 ms attack, 2 s release (0.004 dB droop per 1 kHz cycle).
    dsp_compressor_init(&comp, DSP_ENVELOPE_PEAK, -18.0f, 4.0f, 6.0f, 3.0f, 0.1, 2000.0, FS);
    const double got = steady_output_db(&comp, levels[i]);
    const double want = reference_curve(levels[i], -18.0, 4.0, 6.0) + 3.0;
    printf("     input %6.1f dB: output %8.3f dB, curve %8.3f dB\n", levels[i], got, want);
    CHECK(fabs(got - want) <= 0.1, "input %g dB: output %.3f dB, curve %.3f dB", levels[i], got,
          want);
  }
}

static void
gain_meter_reports_the_applied_gain(void)
{
  DspCompressor comp;
  dsp_compressor_init(&comp, DSP_ENVELOPE_PEAK, -20.0f, 2.0f, 0.0f, 0.0f, 0.01, 5000.0, FS);
  for (int i = 0; i < 4800; ++i) {
    (void)dsp_compressor_step(&comp, 0.5f);
  }
  // Level -6.0206 dB, output -20 + 13.9794/2 = -13.0103 dB: gain -6.9897 dB.
  CHECK_NEAR(comp.gain_db, -6.9897, 0.01);
}

int
main(void)
{
  RUN(hard_knee_curve_divides_the_excess_by_the_ratio);
  RUN(soft_knee_curve_matches_the_formula_and_is_continuous);
  RUN(compressor_output_level_follows_the_curve_within_0_1_db);
  RUN(gain_meter_reports_the_applied_gain);
  return jam_test_summary();
}
