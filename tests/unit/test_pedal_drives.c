// SPDX-License-Identifier: ISC
/// The pedals built on the distortion base (plugins/drive.c), TubeDrive and SoulDrive: each one's
/// small-signal response against its design typed in from the documents (never drive.c's own table
/// or filter design), THD rising with drive, aliasing of a 5 kHz sine at maximum drive,
/// bounded output, and the latency (port and measured) equal to the oversampler's design.
/// Every test runs once per pedal.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"
// harness.h first: design.h measures through a Pedal.
#include "tests/lv2/design.h"

/// A drive's voicing as designed, typed in from the documents, never read from plugins/*.c.
/// Frequencies and Qs: pedals_spec.md §2.11 "Fixed voicings" table (hpf1, lpf1, hpf2, lpf2,
/// LS f, PK f and Q, HS f = the treble tilt's shelf, dry). Gains and filter Qs: the port's
/// design in docs/pedals.md "Drive voicings" (the spec's PK/LS gains halved for a bounded
/// output; Butterworth Q 0.707 instead of the original's Q 1; cookbook peaking filter).
typedef struct {
  const char* slug;                  ///< URI slug
  double hpf1, lpf1;                 ///< pre HPF/LPF corners (Q 0.707), Hz
  double pk_hz, pk_db, pk_q;         ///< pre peaking filter
  double hpf2, lpf2;                 ///< post HPF/LPF corners (Q 0.707), Hz
  double ls_hz, ls_db;               ///< post low shelf (S 0.707)
  double hs_hz;                      ///< treble tilt shelf midpoint (S 0.707), Hz
  double dry;                        ///< clean path, linear
  double d_drive, d_treble, d_level; ///< control defaults (docs/pedals.md tables)
} DriveDesign;

static const DriveDesign tube_drive = {"tube-drive", 170.0, 4220.0, 740.0, 12.0,
                                       0.9,          104.0, 5880.0, 130.0, 6.0,
                                       2200.0,       0.0,   18.0,   10.0,  -6.0};
static const DriveDesign soul_drive = {"soul-drive", 120.0, 7500.0,  630.0, 6.0,
                                       1.0,          55.0,  10000.0, 150.0, 3.0,
                                       1000.0,       0.2,   18.0,    10.0,  -6.0};

/// Gain-bandwidth product of the drive stage, Hz (docs/pedals.md: a Tube Screamer's
/// 1/(2π·51 pF·4.7 kΩ)), the corner capped at 0.45·fs (plugins/drive.h's design comment).
#define GBW_HZ 664000.0
/// DC blocker corner after the clipper, Hz (drive.h's design comment).
#define DC_HZ 10.0

static const DriveDesign* dut; ///< the pedal the test functions run on

/// Small-signal response of the drive as designed (drive.h / docs/pedals.md chain, the tanh
/// taken as its slope 1 at 0), without the oversampler's pure delay:
///   level·(g·LP1gbw·PK·LPF1·HPF1 · DC·HPF2·LPF2·LS·tilt + dry),
/// tilt = HS(hs_hz, treble, S 0.707)·10^(-max(treble, 0)/20), g = 10^(drive/20).
static double complex
model(const DriveDesign* const d, const double drive_db, const double treble_db,
      const double level_db, const double f, const double fs)
{
  const double g = pow(10.0, drive_db / 20.0);
  const double fc = fmin(GBW_HZ / g, 0.45 * fs);
  double complex h = g * design_onepole(fc, f, fs);
  h *= design_rbj(D_HPF, d->hpf1, M_SQRT1_2, 0.0, f, fs);
  h *= design_rbj(D_LPF, d->lpf1, M_SQRT1_2, 0.0, f, fs);
  h *= design_rbj(D_PK, d->pk_hz, d->pk_q, d->pk_db, f, fs);
  h *= design_dcblock(DC_HZ, f, fs);
  h *= design_rbj(D_HPF, d->hpf2, M_SQRT1_2, 0.0, f, fs);
  h *= design_rbj(D_LPF, d->lpf2, M_SQRT1_2, 0.0, f, fs);
  h *= design_rbj(D_LS, d->ls_hz, M_SQRT1_2, d->ls_db, f, fs);
  h *= design_rbj(D_HS, d->hs_hz, M_SQRT1_2, treble_db, f, fs) *
       pow(10.0, -fmax(treble_db, 0.0) / 20.0);
  return pow(10.0, level_db / 20.0) * (h + d->dry);
}

static double
model_db(const DriveDesign* const d, const double drive_db, const double treble_db,
         const double level_db, const double f, const double fs)
{
  return 20.0 * log10(cabs(model(d, drive_db, treble_db, level_db, f, fs)));
}

/// Frequencies checked: 100 Hz, 1 kHz, 5 kHz and every corner/centre of the voicing.
static int
check_freqs(const DriveDesign* const d, double* const f)
{
  const double fixed[] = {100.0,    1000.0,  5000.0,  d->hpf1,  d->lpf1,
                          d->pk_hz, d->hpf2, d->lpf2, d->ls_hz, d->hs_hz};
  for (int i = 0; i < 10; ++i) {
    f[i] = fixed[i];
  }
  return 10;
}

static void
small_signal_response_at_the_defaults_matches_the_typed_in_design_within_0_1_db(void)
{
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  for (int r = 0; r < 3; ++r) {
    Pedal p;
    CHECK(pedal_open(&p, dut->slug, rates[r]) == 0, "open");
    double f[10];
    const int nf = check_freqs(dut, f);
    for (int i = 0; i < nf; ++i) {
      const double got = harness_gain_db(&p, f[i], 1e-4, 0.3);
      const double want = model_db(dut, dut->d_drive, dut->d_treble, dut->d_level, f[i], rates[r]);
      if (r == 1) {
        printf("     %6.0f Hz: %7.2f dB (design %7.2f)\n", f[i], got, want);
      }
      CHECK(fabs(got - want) <= 0.1, "%s at %g Hz, fs %g: design %.3f dB, measured %.3f dB",
            dut->slug, f[i], rates[r], want, got);
    }
    pedal_close(&p);
  }
}

static void
small_signal_response_with_drive_12_treble_minus_6_level_3_matches_the_design_within_0_1_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, dut->slug, 48000.0) == 0, "open");
  pedal_set(&p, "drive", 12.0f);
  pedal_set(&p, "treble", -6.0f);
  pedal_set(&p, "level", 3.0f);
  double f[10];
  const int nf = check_freqs(dut, f);
  for (int i = 0; i < nf; ++i) {
    const double got = harness_gain_db(&p, f[i], 1e-4, 0.3);
    const double want = model_db(dut, 12.0, -6.0, 3.0, f[i], 48000.0);
    CHECK(fabs(got - want) <= 0.1, "%s at %g Hz: design %.3f dB, measured %.3f dB", dut->slug, f[i],
          want, got);
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
latency_port_and_measured_delay_equal_the_oversampler_design_exactly(void)
{
  const double want = design_oversampler_latency_8x(); // 55 frames at any rate
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  for (int r = 0; r < 3; ++r) {
    const double fs = rates[r];
    Pedal p;
    CHECK(pedal_open(&p, dut->slug, fs) == 0, "open");
    float buf[64] = {0};
    pedal_run(&p, buf, buf, 64);
    CHECK(p.latency == (float)want, "%s at %g Hz: latency port %g, design %g frames", dut->slug, fs,
          (double)p.latency, want);
    // The delay measured at 200 Hz: the measured response divided by the design (which has no
    // delay) leaves e^(-jωD); D must be the design's whole number of frames (± 0.05).
    const double complex h = design_measure_h(&p, 200.0, 1e-4, 0.3);
    const double got = design_delay_frames(
        h, model(dut, dut->d_drive, dut->d_treble, dut->d_level, 200.0, fs), 200.0, fs);
    if (r == 1) {
      printf("     latency port %g, measured delay %.3f frames (design %g)\n", (double)p.latency,
             got, want);
    }
    CHECK(fabs(got - want) <= 0.05, "%s at %g Hz: measured delay %.3f frames, design %g", dut->slug,
          fs, got, want);
    pedal_close(&p);
  }
}

int
main(void)
{
  static const DriveDesign* const drives[] = {&tube_drive, &soul_drive};
  for (size_t d = 0; d < sizeof drives / sizeof drives[0]; ++d) {
    dut = drives[d];
    printf("# %s\n", dut->slug);
    RUN(small_signal_response_at_the_defaults_matches_the_typed_in_design_within_0_1_db);
    RUN(small_signal_response_with_drive_12_treble_minus_6_level_3_matches_the_design_within_0_1_db);
    RUN(thd_at_1khz_rises_with_drive);
    RUN(aliasing_of_a_5khz_sine_at_max_drive_is_60_db_below_the_fundamental);
    RUN(full_scale_input_at_every_maximum_stays_below_plus_24_dbfs);
    RUN(latency_port_and_measured_delay_equal_the_oversampler_design_exactly);
  }
  return jam_test_summary();
}
