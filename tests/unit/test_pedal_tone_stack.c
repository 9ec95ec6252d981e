// SPDX-License-Identifier: ISC
/// Tone Stack: flat at 0/0/0, and the response at 100 Hz, 1 kHz and 5 kHz within 0.5 dB of
/// its design (LS 200 Hz S 1, PK 700 Hz Q 2, HS 2 kHz S 1; RBJ cookbook) at every rate.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"
// harness.h first: design.h measures through a Pedal.
#include "tests/lv2/design.h"

static double
design_db(const double bass, const double mid, const double treble, const double f, const double fs)
{
  // pedals_spec.md §2.1 (R) with the plain cookbook peak (§5 item 5), written in the test
  // (tests/lv2/design.h), not taken from dsp/biquad.h.
  return design_rbj_db(D_LS, 200.0, 1.0, bass, f, fs) +
         design_rbj_db(D_PK, 700.0, 2.0, mid, f, fs) +
         design_rbj_db(D_HS, 2000.0, 1.0, treble, f, fs);
}

static void
all_knobs_at_0_db_are_flat_within_0_1_db(void)
{
  static const double freqs[] = {100.0, 1000.0, 5000.0};
  for (int i = 0; i < 3; ++i) {
    Pedal p;
    CHECK(pedal_open(&p, "tone-stack", 48000.0) == 0, "open");
    CHECK_NEAR(harness_gain_db(&p, freqs[i], 0.25, 0.2), 0.0, 0.1);
    pedal_close(&p);
  }
}

static void
response_at_100_hz_1_khz_5_khz_is_within_0_5_db_of_the_design(void)
{
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  static const float settings[][3] = {
      {10.0f, -6.0f, 8.0f}, {-20.0f, 20.0f, -20.0f}, {20.0f, -20.0f, 20.0f}};
  static const double freqs[] = {100.0, 1000.0, 5000.0};
  for (int r = 0; r < 3; ++r) {
    for (int s = 0; s < 3; ++s) {
      for (int f = 0; f < 3; ++f) {
        Pedal p;
        CHECK(pedal_open(&p, "tone-stack", rates[r]) == 0, "open");
        pedal_set(&p, "bass", settings[s][0]);
        pedal_set(&p, "mid", settings[s][1]);
        pedal_set(&p, "treble", settings[s][2]);
        const double want =
            design_db(settings[s][0], settings[s][1], settings[s][2], freqs[f], rates[r]);
        const double got = harness_gain_db(&p, freqs[f], 0.01, 0.2);
        if (r == 1) {
          printf("     bass %+5.1f mid %+5.1f treble %+5.1f: %5.0f Hz %+7.2f dB (design %+7.2f)\n",
                 (double)settings[s][0], (double)settings[s][1], (double)settings[s][2], freqs[f],
                 got, want);
        }
        CHECK_NEAR(got, want, 0.5);
        pedal_close(&p);
      }
    }
  }
}

int
main(void)
{
  RUN(all_knobs_at_0_db_are_flat_within_0_1_db);
  RUN(response_at_100_hz_1_khz_5_khz_is_within_0_5_db_of_the_design);
  return jam_test_summary();
}
