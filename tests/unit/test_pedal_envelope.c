// SPDX-License-Identifier: ISC
/// Bass Envelope and Guitar Envelope: the sweep against the input level. A steady sine of
/// amplitude A holds the detector at A, so the pedal is a fixed 4-pole filter at
/// fc = frequency + 200·sensitivity·A; its gain at the probe frequency is computed here from
/// the analog prototypes under the prewarped bilinear transform (not from the plugin's code):
///   LP 1/D, BP (s/Q)/D, HP s²/D, D = s² + s/Q + 1, s = j·tan(πf/fs)/tan(πfc/fs),
/// one section with Q = resonance and one with Q = 1/√2, times the design's normalisation
/// (1/√Q for LP/HP, 4·√(Q/2) for BP), plus the clean path.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

#include <complex.h>

/// One analog section at the probe: type 0 LP, 1 BP, 2 HP.
static double complex
section(const int type, const double f, const double fc, const double q, const double fs)
{
  const double w = tan(M_PI * f / fs) / tan(M_PI * fc / fs);
  const double complex s = I * w;
  const double complex d = s * s + s / q + 1.0;
  return type == 0 ? 1.0 / d : (type == 1 ? (s / q) / d : (s * s) / d);
}

/// Expected gain, dB, of the pedal for a steady sine of amplitude a at f.
static double
expected_db(const int type, const double f, const double a, const double freq, const double sens,
            const double q, const double dry_db, const double fs)
{
  double fc = freq + 200.0 * sens * a;
  fc = fc < 20.0 ? 20.0 : (fc > 0.45 * fs ? 0.45 * fs : fc);
  const double norm = type == 1 ? 4.0 * sqrt(0.5 * q) : 1.0 / sqrt(q); // BP: +12 dB make-up
  const double complex h =
      norm * section(type, f, fc, q, fs) * section(type, f, fc, M_SQRT1_2, fs) +
      pow(10.0, dry_db / 20.0);
  return 20.0 * log10(cabs(h));
}

static void
lowpass_cutoff_rises_with_the_input_level_as_designed_within_0_5_db(void)
{
  static const char* const slugs[] = {"bass-envelope", "guitar-envelope"};
  static const double levels[] = {0.02, 0.05, 0.1, 0.3};
  for (int s = 0; s < 2; ++s) {
    double first = 0.0, last = 0.0;
    for (int k = 0; k < 4; ++k) {
      Pedal p;
      CHECK(pedal_open(&p, slugs[s], 48000.0) == 0, "open");
      pedal_set(&p, "type", 0.0f);
      pedal_set(&p, "frequency", 100.0f);
      pedal_set(&p, "sensitivity", 50.0f);
      pedal_set(&p, "resonance", 2.0f);
      pedal_set(&p, "dryLevel", -80.0f);
      const double got = harness_gain_db(&p, 1000.0, levels[k], 0.6);
      const double want = expected_db(0, 1000.0, levels[k], 100.0, 50.0, 2.0, -80.0, 48000.0);
      printf("     %s: A %.2f -> fc %5.0f Hz: 1 kHz gain %+6.2f dB (design %+6.2f)\n", slugs[s],
             levels[k], 100.0 + 1e4 * levels[k], got, want);
      CHECK_NEAR(got, want, 0.5);
      if (k == 0) {
        first = got;
      }
      last = got;
      pedal_close(&p);
    }
    CHECK(last - first > 30.0, "the sweep opens the 1 kHz band by only %.1f dB", last - first);
  }
}

static void
bandpass_and_highpass_sit_where_the_level_puts_them_at_every_rate(void)
{
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  for (int r = 0; r < 3; ++r) {
    for (int type = 1; type <= 2; ++type) {
      static const double probes[] = {300.0, 600.0, 1200.0};
      for (int k = 0; k < 3; ++k) {
        Pedal p;
        CHECK(pedal_open(&p, "guitar-envelope", rates[r]) == 0, "open");
        pedal_set(&p, "type", (float)type);
        pedal_set(&p, "frequency", 100.0f);
        pedal_set(&p, "sensitivity", 20.0f);
        pedal_set(&p, "resonance", 6.0f);
        pedal_set(&p, "level", 0.0f);
        pedal_set(&p, "dryLevel", -80.0f);
        // A = 0.125: fc = 100 + 4000·0.125 = 600 Hz.
        const double got = harness_gain_db(&p, probes[k], 0.125, 0.6);
        const double want = expected_db(type, probes[k], 0.125, 100.0, 20.0, 6.0, -80.0, rates[r]);
        CHECK_NEAR(got, want, 0.5);
        pedal_close(&p);
      }
    }
  }
}

static void
cutoff_is_clamped_below_nyquist_at_full_sensitivity(void)
{
  // fc would be 100 + 20000·1 = 20.1 kHz: at 44.1 kHz it is held at 0.45·fs = 19.8 kHz.
  Pedal p;
  CHECK(pedal_open(&p, "bass-envelope", 44100.0) == 0, "open");
  pedal_set(&p, "type", 0.0f);
  pedal_set(&p, "frequency", 100.0f);
  pedal_set(&p, "sensitivity", 100.0f);
  pedal_set(&p, "resonance", 1.0f);
  const double got = harness_gain_db(&p, 5000.0, 1.0, 0.6);
  CHECK_NEAR(got, expected_db(0, 5000.0, 1.0, 100.0, 100.0, 1.0, -80.0, 44100.0), 0.5);
  pedal_close(&p);
}

int
main(void)
{
  RUN(lowpass_cutoff_rises_with_the_input_level_as_designed_within_0_5_db);
  RUN(bandpass_and_highpass_sit_where_the_level_puts_them_at_every_rate);
  RUN(cutoff_is_clamped_below_nyquist_at_full_sensitivity);
  return jam_test_summary();
}
