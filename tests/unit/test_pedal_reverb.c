// SPDX-License-Identifier: ISC
/// Reverb (the Dattorro plate): RT60 measured by Schroeder backward integration of the
/// impulse response (1 kHz octave band, T30) against the loop's design figure, worked out
/// here from the published lengths: one trip round the figure-8 tank passes 8 elements,
/// 0.75 × (672 + 4453 + 1800 + 3720 + 908 + 4217 + 2656 + 3163) samples at 29761 Hz, and
/// 4 decay multipliers, so RT60 = 60 / (-80·log10(decay)) × L. Then the 100 ms predelay and
/// the dry path at mix 0.

#include "tests/unit/check.h"

#include "dsp/biquad.h"
#include "tests/lv2/harness.h"

/// Design RT60, s.
static double
design_rt60(const double decay)
{
  const double loop_s = 0.75 * (672 + 4453 + 1800 + 3720 + 908 + 4217 + 2656 + 3163) / 29761.0;
  return 60.0 / (-80.0 * log10(decay)) * loop_s;
}

/// RT60 from an impulse response: octave band at 1 kHz (two band-passes, Q 1.41), Schroeder
/// energy decay curve, straight line between -5 and -35 dB, times 2.
static double
measured_rt60(const float* const h, const size_t n, const double fs)
{
  float* const b = harness_alloc(n);
  DspBiquad bp[2];
  for (int i = 0; i < 2; ++i) {
    dsp_biquad_init(&bp[i]);
    const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_BANDPASS, 1000.0, 1.41, 0.0, fs);
    dsp_biquad_set(&bp[i], &c);
  }
  dsp_biquad_process(&bp[0], n, h, b);
  dsp_biquad_process(&bp[1], n, b, b);
  double* const edc = calloc(n, sizeof *edc);
  double acc = 0.0;
  for (size_t i = n; i-- > 0;) {
    acc += (double)b[i] * b[i];
    edc[i] = acc;
  }
  double t5 = -1.0, t35 = -1.0;
  for (size_t i = 0; i < n; ++i) {
    const double db = 10.0 * log10(edc[i] / edc[0] + 1e-300);
    if (t5 < 0.0 && db <= -5.0) {
      t5 = (double)i / fs;
    }
    if (t35 < 0.0 && db <= -35.0) {
      t35 = (double)i / fs;
      break;
    }
  }
  free(edc);
  free(b);
  return t5 >= 0.0 && t35 > t5 ? 2.0 * (t35 - t5) : -1.0;
}

static void
rt60_matches_the_loop_design_within_10_percent(void)
{
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  static const float decays[] = {0.4f, 0.7f};
  for (int r = 0; r < 3; ++r) {
    for (int d = 0; d < 2; ++d) {
      const double want = design_rt60(decays[d]);
      Pedal p;
      CHECK(pedal_open(&p, "reverb", rates[r]) == 0, "open");
      pedal_set(&p, "decay", decays[d]);
      pedal_set(&p, "mix", 0.5f);
      const size_t n = (size_t)((0.2 + 1.5 * want) * rates[r]);
      float* const buf = harness_alloc(n);
      float* const out = harness_alloc(n);
      float silence[64] = {0};
      pedal_run(&p, silence, silence, 64); // the smoothers settle on the first run
      buf[0] = 1.0f;
      pedal_run(&p, buf, out, n);
      out[0] = 0.0f; // the dry impulse
      const double got = measured_rt60(out, n, rates[r]);
      printf("     %6.0f Hz, decay %.1f: RT60 %.2f s (design %.2f s)\n", rates[r],
             (double)decays[d], got, want);
      CHECK(fabs(got - want) <= 0.1 * want, "RT60 %.3f s, design %.3f s", got, want);
      free(buf);
      free(out);
      pedal_close(&p);
    }
  }
}

static void
plate_starts_after_the_100_ms_predelay(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "reverb", 48000.0) == 0, "open");
  pedal_set(&p, "mix", 0.5f);
  const size_t n = 9600;
  float* const buf = harness_alloc(n);
  float silence[64] = {0};
  pedal_run(&p, silence, silence, 64);
  buf[0] = 1.0f;
  pedal_run(&p, buf, buf, n);
  CHECK_NEAR(buf[0], 0.5, 1e-6);
  CHECK(harness_peak(buf + 1, 4799) == 0.0, "wet output before 100 ms");
  CHECK(harness_peak(buf + 4800, n - 4800) > 1e-4, "no plate after 100 ms");
  free(buf);
  pedal_close(&p);
}

static void
mix_0_passes_the_dry_signal_unchanged(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "reverb", 48000.0) == 0, "open");
  pedal_set(&p, "mix", 0.0f);
  CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.5, 0.5), 0.0, 0.01);
  pedal_close(&p);
}

int
main(void)
{
  RUN(rt60_matches_the_loop_design_within_10_percent);
  RUN(plate_starts_after_the_100_ms_predelay);
  RUN(mix_0_passes_the_dry_signal_unchanged);
  return jam_test_summary();
}
