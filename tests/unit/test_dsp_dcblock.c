// SPDX-License-Identifier: ISC
// dsp/dcblock.h: DC removed by far more than 40 dB, 100 Hz passed within 0.1 dB at every
// common rate, the 5 Hz corner, and NaN recovery.

#include "dsp/dcblock.h"

#include "check.h"
#include "dsp/measure.h"

static float sig_in[2 * 192000];
static float sig_out[2 * 192000];

static void
dc_is_removed_by_more_than_40_db(void)
{
  DspDcBlock dc;
  dsp_dcblock_init(&dc, DSP_DCBLOCK_DEFAULT_HZ, 48000.0);
  for (int i = 0; i < 96000; ++i) {
    sig_in[i] = 0.5f;
  }
  dsp_dcblock_process(&dc, 96000, sig_in, sig_out);
  // Last 0.5 s: the step has decayed for 1.5 s = 47 time constants of the 5 Hz pole.
  const double rms = dsp_measure_rms(24000, sig_out + 72000);
  const double atten_db = 20.0 * log10(0.5 / fmax(rms, 1e-30));
  printf("     DC attenuation after 1.5 s: %.1f dB\n", atten_db);
  CHECK(atten_db > 40.0, "DC attenuation %.1f dB", atten_db);
  CHECK(fabs(dsp_dcblock_magnitude_db(&dc, 0.0, 48000.0)) > 200.0, "zero at DC");
}

static void
dc_offset_under_a_sine_is_removed_and_the_sine_kept(void)
{
  DspDcBlock dc;
  dsp_dcblock_init(&dc, DSP_DCBLOCK_DEFAULT_HZ, 48000.0);
  dsp_measure_sine(96000, sig_in, 440.0, 0.3, 48000.0, 0.0);
  for (int i = 0; i < 96000; ++i) {
    sig_in[i] += 0.2f; // the DC an asymmetric clipper leaves
  }
  dsp_dcblock_process(&dc, 96000, sig_in, sig_out);
  double mean = 0.0;
  for (int i = 48000; i < 96000; ++i) {
    mean += sig_out[i];
  }
  mean /= 48000.0;
  CHECK(fabs(mean) < 0.002, "mean %g (0.2 before: > 40 dB down)", mean);
  CHECK_NEAR(dsp_measure_tone(48000, sig_out + 48000, 440.0, 48000.0), 0.3, 0.3 * 0.0012);
}

static void
passes_100_hz_within_0_1_db_at_every_rate(void)
{
  const double rates[] = {44100.0, 48000.0, 96000.0, 192000.0};
  for (int r = 0; r < 4; ++r) {
    const double fs = rates[r];
    const size_t n = (size_t)fs; // 1 s settle + 1 s measure, whole cycles of 100 Hz
    DspDcBlock dc;
    dsp_dcblock_init(&dc, DSP_DCBLOCK_DEFAULT_HZ, fs);
    dsp_measure_sine(2 * n, sig_in, 100.0, 0.5, fs, 0.0);
    dsp_dcblock_process(&dc, 2 * n, sig_in, sig_out);
    const double db =
        20.0 * log10(dsp_measure_rms(n, sig_out + n) / dsp_measure_rms(n, sig_in + n));
    CHECK(fabs(db) < 0.1, "fs %g: 100 Hz at %.4f dB", fs, db);
    CHECK_NEAR(db, dsp_dcblock_magnitude_db(&dc, 100.0, fs), 0.001);
    CHECK_NEAR(db, -0.0108, 0.002); // 10·log10(1 / (1 + (5/100)²)), warping negligible
  }
}

static void
corner_is_minus_3_db_at_5_hz_and_nyquist_is_0_db(void)
{
  DspDcBlock dc;
  dsp_dcblock_init(&dc, DSP_DCBLOCK_DEFAULT_HZ, 48000.0);
  CHECK_NEAR(dsp_dcblock_magnitude_db(&dc, 5.0, 48000.0), -3.01, 0.01);
  CHECK_NEAR(dsp_dcblock_magnitude_db(&dc, 24000.0, 48000.0), 0.0, 1e-9);
}

static void
nan_is_forgotten_at_the_block_end(void)
{
  DspDcBlock dc;
  dsp_dcblock_init(&dc, DSP_DCBLOCK_DEFAULT_HZ, 48000.0);
  float buf[32] = {0.1f, NAN, 0.1f};
  dsp_dcblock_process(&dc, 32, buf, buf);
  CHECK(dc.x1 == 0.0 && dc.y1 == 0.0, "state reset");
  buf[0] = 0.25f;
  dsp_dcblock_process(&dc, 1, buf, buf);
  CHECK_NEAR(buf[0], 0.25 * dc.g, 1e-7);
}

int
main(void)
{
  RUN(dc_is_removed_by_more_than_40_db);
  RUN(dc_offset_under_a_sine_is_removed_and_the_sine_kept);
  RUN(passes_100_hz_within_0_1_db_at_every_rate);
  RUN(corner_is_minus_3_db_at_5_hz_and_nyquist_is_0_db);
  RUN(nan_is_forgotten_at_the_block_end);
  return jam_test_summary();
}
