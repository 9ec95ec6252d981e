// SPDX-License-Identifier: ISC
/// Bass DI: the tone curve at 100 Hz, 1 kHz and 5 kHz against the design (cookbook shelves
/// and peak, pedals_spec.md §2.3, with real dB), cuts that really cut, and the soft clip's
/// bound.

#include "tests/unit/check.h"

#include "dsp/biquad.h"
#include "tests/lv2/harness.h"

/// Small-signal design gain, dB: LS(70) + PK(180) + HS(350), all with 0.707, plus volume.
static double
design_db(const double f, const double fs, const float vol, const float bass, const float mid,
          const float treble)
{
  const DspBiquadCoefs k[3] = {
      dsp_biquad_design(DSP_BIQUAD_LOWSHELF, 70.0, M_SQRT1_2, bass, fs),
      dsp_biquad_design(DSP_BIQUAD_PEAK, 180.0, M_SQRT1_2, mid, fs),
      dsp_biquad_design(DSP_BIQUAD_HIGHSHELF, 350.0, M_SQRT1_2, treble, fs)};
  return dsp_biquad_magnitude_db(&k[0], f, fs) + dsp_biquad_magnitude_db(&k[1], f, fs) +
         dsp_biquad_magnitude_db(&k[2], f, fs) + vol;
}

static void
tone_curve_at_100_hz_1_khz_5_khz_matches_the_design_within_0_5_db(void)
{
  static const float settings[3][4] = {
      {0.0f, 0.0f, 0.0f, 0.0f}, {-3.0f, 12.0f, -6.0f, 8.0f}, {6.0f, -20.0f, 10.0f, -15.0f}};
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  static const double freqs[] = {100.0, 1000.0, 5000.0};
  for (int r = 0; r < 3; ++r) {
    for (int s = 0; s < 3; ++s) {
      const float* const v = settings[s];
      for (int f = 0; f < 3; ++f) {
        Pedal p;
        CHECK(pedal_open(&p, "bass-di", rates[r]) == 0, "open");
        pedal_set(&p, "Volume", v[0]);
        pedal_set(&p, "Bass", v[1]);
        pedal_set(&p, "Mid", v[2]);
        pedal_set(&p, "Treble", v[3]);
        const double want = design_db(freqs[f], rates[r], v[0], v[1], v[2], v[3]);
        const double got = harness_gain_db(&p, freqs[f], 1e-4, 0.3);
        if (r == 1) {
          printf("     vol %+5.1f bass %+5.1f mid %+5.1f treble %+5.1f: %5.0f Hz %+6.2f dB "
                 "(design %+6.2f)\n",
                 (double)v[0], (double)v[1], (double)v[2], (double)v[3], freqs[f], got, want);
        }
        CHECK_NEAR(got, want, 0.5);
        pedal_close(&p);
      }
    }
  }
}

static void
treble_cut_of_35_db_cuts_5_khz_by_more_than_30_db(void)
{
  // The original C code turned -35 into a +0.0 dB boost (pedals_spec.md §5 item 2).
  Pedal p;
  CHECK(pedal_open(&p, "bass-di", 48000.0) == 0, "open");
  pedal_set(&p, "Treble", -35.0f);
  const double got = harness_gain_db(&p, 5000.0, 1e-3, 0.3);
  CHECK(got < -30.0, "5 kHz at treble -35: %+.1f dB", got);
  pedal_close(&p);
}

static void
soft_clip_bounds_the_output_by_the_volume(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "bass-di", 48000.0) == 0, "open");
  pedal_set(&p, "Bass", 35.0f);
  pedal_set(&p, "Volume", 10.0f);
  const size_t n = 24000;
  float* const buf = harness_alloc(n);
  harness_sine(buf, n, 50.0, 1.0, 48000.0);
  pedal_run(&p, buf, buf, n);
  const double pk = harness_peak(buf + n / 2, n / 2);
  // u/(1+|u|) < 1, times 10^(10/20) = 3.162; the 2x half-band filters may ring by a few %.
  CHECK(pk < 3.162 * 1.05 && pk > 3.162 * 0.8, "peak %.3f", pk);
  free(buf);
  pedal_close(&p);
}

int
main(void)
{
  RUN(tone_curve_at_100_hz_1_khz_5_khz_matches_the_design_within_0_5_db);
  RUN(treble_cut_of_35_db_cuts_5_khz_by_more_than_30_db);
  RUN(soft_clip_bounds_the_output_by_the_volume);
  return jam_test_summary();
}
