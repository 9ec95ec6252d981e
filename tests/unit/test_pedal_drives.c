// SPDX-License-Identifier: ISC
/// The pedals built on the distortion base (plugins/drive.c), TubeDrive and SoulDrive: each one's
/// small-signal response against its design, THD rising with drive, aliasing of a 5 kHz sine at
/// maximum drive, bounded output, latency. Every test runs once per pedal.

#include "tests/unit/check.h"

#include "plugins/drive.h"
#include "tests/lv2/harness.h"

extern const DriveVoicing pedal_tube_drive_voicing;
extern const DriveVoicing pedal_soul_drive_voicing;

/// A pedal under test: its bundle slug and its voicing (the design the tests compare with).
typedef struct {
  const char* slug;            ///< URI slug, e.g. "tube-drive"
  const DriveVoicing* voicing; ///< its design
} DriveUnderTest;

static const DriveUnderTest* dut; ///< the pedal the test functions run on

static void
small_signal_gain_at_1khz_matches_the_design_within_0_1_db(void)
{
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  for (int r = 0; r < 3; ++r) {
    Pedal p;
    CHECK(pedal_open(&p, dut->slug, rates[r]) == 0, "open");
    pedal_set(&p, "drive", 0.0f);
    pedal_set(&p, "treble", 0.0f);
    pedal_set(&p, "level", 0.0f);
    const double want = drive_response_db(dut->voicing, rates[r], 0.0f, 0.0f, 0.0f, 1000.0);
    CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.001, 0.3), want, 0.1);
    pedal_close(&p);
  }
}

static void
small_signal_response_at_100_hz_1_khz_5_khz_matches_the_design_within_0_5_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, dut->slug, 48000.0) == 0, "open");
  pedal_set(&p, "drive", 12.0f);
  pedal_set(&p, "treble", 6.0f);
  pedal_set(&p, "level", -3.0f);
  static const double freqs[] = {100.0, 1000.0, 5000.0};
  for (int i = 0; i < 3; ++i) {
    const double want = drive_response_db(dut->voicing, 48000.0, 12.0f, 6.0f, -3.0f, freqs[i]);
    CHECK_NEAR(harness_gain_db(&p, freqs[i], 1e-4, 0.3), want, 0.5);
  }
  pedal_close(&p);
}

static void
thd_at_1khz_rises_with_drive(void)
{
  static const float drives[] = {0.0f, 15.0f, 30.0f, 45.0f, 60.0f};
  double last = -1.0;
  for (int i = 0; i < 5; ++i) {
    Pedal p;
    CHECK(pedal_open(&p, dut->slug, 48000.0) == 0, "open");
    pedal_set(&p, "drive", drives[i]);
    const double thd = harness_thd(&p, 1000.0, 0.1);
    printf("     drive %4.1f dB: THD %.4f %%\n", (double)drives[i], 100.0 * thd);
    CHECK(thd > last, "drive %g dB: THD %g not above %g", (double)drives[i], thd, last);
    last = thd;
    pedal_close(&p);
  }
  CHECK(last > 0.1, "THD at 60 dB drive only %g", last);
}

static void
aliasing_of_a_5khz_sine_at_max_drive_is_60_db_below_the_fundamental(void)
{
  Pedal p;
  CHECK(pedal_open(&p, dut->slug, 48000.0) == 0, "open");
  pedal_set(&p, "drive", 60.0f);
  const double worst = harness_aliasing_db(&p, 5000.0, 0.1);
  printf("     worst non-harmonic component: %.1f dB\n", worst);
  CHECK(worst <= -60.0, "aliasing %.1f dB", worst);
  pedal_close(&p);
}

static void
full_scale_input_at_every_maximum_stays_below_plus_24_dbfs(void)
{
  Pedal p;
  CHECK(pedal_open(&p, dut->slug, 48000.0) == 0, "open");
  pedal_set(&p, "drive", 60.0f);
  pedal_set(&p, "treble", -10.0f);
  pedal_set(&p, "level", 12.0f);
  const size_t n = 48000;
  float* const buf = harness_alloc(n);
  harness_sine(buf, n, 110.0, 1.0, 48000.0);
  pedal_run(&p, buf, buf, n);
  const double pk = harness_db(harness_peak(buf, n));
  CHECK(pk < 24.0, "peak %.1f dBFS", pk);
  free(buf);
  pedal_close(&p);
}

static void
latency_port_reports_the_oversampler_delay(void)
{
  Pedal p;
  CHECK(pedal_open(&p, dut->slug, 48000.0) == 0, "open");
  float buf[64] = {0};
  pedal_run(&p, buf, buf, 64);
  CHECK(p.latency > 0.0f && p.latency <= 127.0f, "latency %g", (double)p.latency);
  pedal_close(&p);
}

int
main(void)
{
  static const DriveUnderTest drives[] = {
      {"tube-drive", &pedal_tube_drive_voicing},
      {"soul-drive", &pedal_soul_drive_voicing},
  };
  for (size_t d = 0; d < sizeof drives / sizeof drives[0]; ++d) {
    dut = &drives[d];
    printf("# %s\n", dut->slug);
    RUN(small_signal_gain_at_1khz_matches_the_design_within_0_1_db);
    RUN(small_signal_response_at_100_hz_1_khz_5_khz_matches_the_design_within_0_5_db);
    RUN(thd_at_1khz_rises_with_drive);
    RUN(aliasing_of_a_5khz_sine_at_max_drive_is_60_db_below_the_fundamental);
    RUN(full_scale_input_at_every_maximum_stays_below_plus_24_dbfs);
    RUN(latency_port_reports_the_oversampler_delay);
  }
  return jam_test_summary();
}
