// SPDX-License-Identifier: ISC
// dB helpers and the level meter (rtjam_rust_spec.md §3.4, §10 tests 78-79) with the fixes:
// amplitude dB for gains, RMS dBFS for levels, meters starting at -60 dB.

#include "check.h"
#include "meter.h"

#include <math.h>

static void
minus_six_db_is_0_501187_amplitude(void)
{
  CHECK_NEAR(jam_db_to_lin(-6.0), 0.5011872336, 1e-10);
  CHECK_NEAR(jam_db_to_lin(0.0), 1.0, 0.0);
  CHECK_NEAR(jam_db_to_lin(-20.0), 0.1, 1e-15);
  CHECK_NEAR(jam_db_to_lin(20.0), 10.0, 1e-13);
}

static void
lin_to_db_is_20_log10_and_inverts_db_to_lin(void)
{
  CHECK_NEAR(jam_lin_to_db(1.0), 0.0, 0.0);
  CHECK_NEAR(jam_lin_to_db(0.5), -6.0206, 1e-4);
  CHECK_NEAR(jam_lin_to_db(jam_db_to_lin(-32.0)), -32.0, 1e-12);
  CHECK_NEAR(jam_lin_to_db(8.0), 18.0618, 1e-4);
}

static void
db_values_clamp_to_minus_60_and_100(void)
{
  CHECK_NEAR(jam_lin_to_db(0.0), -60.0, 0.0);
  CHECK_NEAR(jam_lin_to_db(-1.0), -60.0, 0.0);
  CHECK_NEAR(jam_lin_to_db(1e-4), -60.0, 0.0); // -80 dB
  CHECK_NEAR(jam_power_to_db(0.0), -60.0, 0.0);
  CHECK_NEAR(jam_power_to_db(1e20), 100.0, 0.0);
  CHECK_NEAR(jam_power_to_db(NAN), -60.0, 0.0);
  CHECK_NEAR(jam_power_to_db(0.1), -10.0, 1e-12);
}

static void
frame_power_of_zeros_is_minus_60_and_of_half_is_minus_6(void)
{
  float zeros[128] = {0};
  float half[128];
  for (int i = 0; i < 128; ++i) {
    half[i] = 0.5f;
  }
  CHECK_NEAR(jam_frame_power_db(zeros, 128, 1.0), -60.0, 0.0);
  CHECK_NEAR(jam_frame_power_db(half, 128, 1.0), -6.0206, 1e-4);
  CHECK_NEAR(round(jam_frame_power_db(half, 128, 1.0)), -6.0, 0.0);
  CHECK_NEAR(jam_frame_power_db(half, 0, 1.0), -60.0, 0.0);
}

static void
frame_power_applies_gain_as_amplitude(void)
{
  float half[64];
  for (int i = 0; i < 64; ++i) {
    half[i] = 0.5f;
  }
  // 0.5 * 2 = 1.0 full scale: 0 dB; gain 0.5 gives 0.25: -12.04 dB.
  CHECK_NEAR(jam_frame_power_db(half, 64, 2.0), 0.0, 1e-12);
  CHECK_NEAR(jam_frame_power_db(half, 64, 0.5), -12.0412, 1e-4);
}

static void
full_scale_sine_reads_minus_3_01_db_rms(void)
{
  float x[480];
  for (int i = 0; i < 480; ++i) {
    x[i] = (float)sin(2.0 * M_PI * 1000.0 * i / 48000.0); // 10 whole periods
  }
  CHECK_NEAR(jam_frame_power_db(x, 480, 1.0), -3.0103, 1e-3);
}

static void
stereo_power_averages_both_channels(void)
{
  float one[32];
  float zero[32] = {0};
  for (int i = 0; i < 32; ++i) {
    one[i] = 1.0f;
  }
  CHECK_NEAR(jam_frame_power_db_stereo(one, one, 32, 1.0), 0.0, 1e-12);
  CHECK_NEAR(jam_frame_power_db_stereo(one, zero, 32, 1.0), -3.0103, 1e-4);
  CHECK_NEAR(jam_frame_power_db_stereo(one, one, 32, 0.5), -6.0206, 1e-4);
}

static void
meter_starts_at_minus_60_and_stays_there_on_silence(void)
{
  JamPowerMeter m;
  jam_power_meter_init(&m);
  CHECK_NEAR(jam_power_meter_avg(&m), -60.0, 0.0);
  CHECK_NEAR(jam_power_meter_peak(&m), -60.0, 0.0);
  float zeros[128] = {0};
  jam_power_meter_add(&m, zeros, 128, 1.0);
  CHECK_NEAR(jam_power_meter_avg(&m), -60.0, 1e-12); // the original read -9.6 here
  CHECK_NEAR(jam_power_meter_peak(&m), -60.0, 1e-12);
}

static void
meter_first_step_toward_minus_6_follows_the_coefficient(void)
{
  JamPowerMeter m;
  jam_power_meter_init(&m);
  float half[128];
  for (int i = 0; i < 128; ++i) {
    half[i] = 0.5f;
  }
  jam_power_meter_add(&m, half, 128, 1.0);
  const double c = 0.16066846;
  const double p = -6.0206;
  CHECK_NEAR(jam_power_meter_avg(&m), -60.0 + c * (p + 60.0), 1e-3);
  CHECK_NEAR(jam_power_meter_peak(&m), -60.0 + c * (p + 60.0), 1e-3);
}

static void
meter_settles_on_the_block_level_within_100_blocks(void)
{
  JamPowerMeter m;
  jam_power_meter_init(&m);
  float half[128];
  for (int i = 0; i < 128; ++i) {
    half[i] = 0.5f;
  }
  for (int i = 0; i < 100; ++i) {
    jam_power_meter_add(&m, half, 128, 1.0);
  }
  CHECK_NEAR(jam_power_meter_avg(&m), -6.0206, 1e-3);
  CHECK_NEAR(jam_power_meter_peak(&m), -6.0206, 1e-3);
}

static void
meter_peak_releases_slower_than_the_average(void)
{
  JamPowerMeter m;
  jam_power_meter_init(&m);
  float one[128];
  float zeros[128] = {0};
  for (int i = 0; i < 128; ++i) {
    one[i] = 1.0f;
  }
  for (int i = 0; i < 100; ++i) {
    jam_power_meter_add(&m, one, 128, 1.0);
  }
  for (int i = 0; i < 10; ++i) {
    jam_power_meter_add(&m, zeros, 128, 1.0);
  }
  // After 10 silent blocks: avg = -60 + 60 * (1 - 0.1607)^10, peak = ... (1 - 0.01611)^10.
  CHECK_NEAR(jam_power_meter_avg(&m), -60.0 + 60.0 * pow(1 - 0.16066846, 10), 1e-3);
  CHECK_NEAR(jam_power_meter_peak(&m), -60.0 + 60.0 * pow(1 - 0.0161100328, 10), 1e-3);
}

int
main(void)
{
  RUN(minus_six_db_is_0_501187_amplitude);
  RUN(lin_to_db_is_20_log10_and_inverts_db_to_lin);
  RUN(db_values_clamp_to_minus_60_and_100);
  RUN(frame_power_of_zeros_is_minus_60_and_of_half_is_minus_6);
  RUN(frame_power_applies_gain_as_amplitude);
  RUN(full_scale_sine_reads_minus_3_01_db_rms);
  RUN(stereo_power_averages_both_channels);
  RUN(meter_starts_at_minus_60_and_stays_there_on_silence);
  RUN(meter_first_step_toward_minus_6_follows_the_coefficient);
  RUN(meter_settles_on_the_block_level_within_100_blocks);
  RUN(meter_peak_releases_slower_than_the_average);
  return jam_test_summary();
}
