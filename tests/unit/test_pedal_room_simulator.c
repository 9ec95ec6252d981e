// SPDX-License-Identifier: ISC
/// Room Simulator and Template Pedal. The room's response at 100 Hz, 1 kHz and 5 kHz against
/// its design, worked out here as a complex sum: H = (1 + Σ g·LPF(f)·e^(-j2πf·T)) / (1 + Σ g),
/// with the surface table of pedals_spec.md §2.19 and Butterworth low-passes (evaluated
/// from their cookbook coefficients); each surface really sets its own line (the original's
/// bug wrote every gain to the side line); the template passes its input bit for bit.

#include "tests/unit/check.h"

#include "dsp/biquad.h"
#include "tests/lv2/harness.h"

#include <complex.h>

static const double gains[4] = {0.9, 0.7, 0.4, 0.1};
static const double corners[4] = {1000.0, 700.0, 300.0, 100.0};

static double complex
lowpass(const double fc, const double f, const double fs)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, fc, M_SQRT1_2, 0.0, fs);
  const double complex z1 = cexp(-I * 2.0 * M_PI * f / fs);
  return (c.b0 + c.b1 * z1 + c.b2 * z1 * z1) / (1.0 + c.a1 * z1 + c.a2 * z1 * z1);
}

static double
design_db(const double f, const double fs, const double ms[3], const int surf[3])
{
  double complex h = 1.0;
  double sum = 1.0;
  for (int i = 0; i < 3; ++i) {
    h += gains[surf[i]] * lowpass(corners[surf[i]], f, fs) *
         cexp(-I * 2.0 * M_PI * f * ms[i] * 1e-3);
    sum += gains[surf[i]];
  }
  return 20.0 * log10(cabs(h) / sum);
}

static void
room_response_at_100_hz_1_khz_5_khz_matches_its_design_within_0_5_db(void)
{
  // Delays that are whole samples at 44.1 and 48 kHz (the reads interpolate between samples).
  static const double ms[3][3] = {{10.0, 10.0, 10.0}, {10.0, 20.0, 30.0}, {20.0, 10.0, 20.0}};
  static const int surf[3][3] = {{0, 0, 0}, {1, 2, 3}, {3, 0, 1}};
  static const double rates[] = {44100.0, 48000.0};
  static const double freqs[] = {100.0, 1000.0, 5000.0};
  for (int r = 0; r < 2; ++r) {
    for (int s = 0; s < 3; ++s) {
      for (int f = 0; f < 3; ++f) {
        Pedal p;
        CHECK(pedal_open(&p, "room-simulator", rates[r]) == 0, "open");
        pedal_set(&p, "side", (float)ms[s][0]);
        pedal_set(&p, "floor", (float)ms[s][1]);
        pedal_set(&p, "top", (float)ms[s][2]);
        pedal_set(&p, "sideSurface", (float)surf[s][0]);
        pedal_set(&p, "floorSurface", (float)surf[s][1]);
        pedal_set(&p, "topSurface", (float)surf[s][2]);
        const double want = design_db(freqs[f], rates[r], ms[s], surf[s]);
        const double got = harness_gain_db(&p, freqs[f], 0.1, 0.3);
        if (r == 1) {
          printf("     setting %d %5.0f Hz: %+6.2f dB (design %+6.2f)\n", s, freqs[f], got, want);
        }
        CHECK_NEAR(got, want, 0.5);
        pedal_close(&p);
      }
    }
  }
}

static void
low_frequency_gain_is_0_db_whatever_the_surfaces(void)
{
  // The original added the taps up to 3.9x (+11.8 dB); normalised, 5 Hz with 1 ms taps (1.8°
  // of phase) comes out at 0 dB for every surface.
  for (int s = 0; s < 4; ++s) {
    Pedal p;
    CHECK(pedal_open(&p, "room-simulator", 48000.0) == 0, "open");
    pedal_set(&p, "side", 1.0f);
    pedal_set(&p, "floor", 1.0f);
    pedal_set(&p, "top", 6.0f);
    pedal_set(&p, "sideSurface", (float)s);
    pedal_set(&p, "floorSurface", (float)s);
    pedal_set(&p, "topSurface", (float)s);
    CHECK_NEAR(harness_gain_db(&p, 5.0, 0.1, 0.5), 0.0, 0.1);
    pedal_close(&p);
  }
}

static void
template_passes_its_input_bit_for_bit(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "template", 44100.0) == 0, "open");
  pedal_set(&p, "knob1", 20.0f);
  pedal_set(&p, "knob3", -20.0f);
  const size_t n = 4410;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, 440.0, 0.7, 44100.0);
  pedal_run(&p, in, out, n);
  size_t diff = 0;
  for (size_t i = 0; i < n; ++i) {
    diff += in[i] != out[i];
  }
  CHECK(diff == 0, "%zu samples differ", diff);
  free(in);
  free(out);
  pedal_close(&p);
}

int
main(void)
{
  RUN(room_response_at_100_hz_1_khz_5_khz_matches_its_design_within_0_5_db);
  RUN(low_frequency_gain_is_0_db_whatever_the_surfaces);
  RUN(template_passes_its_input_bit_for_bit);
  return jam_test_summary();
}
