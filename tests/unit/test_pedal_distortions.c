// SPDX-License-Identifier: ISC
/// The issue-16 distortions (MetalDrive, OctaveFuzz, DistortionSuperModeler, Distortion,
/// DistortionModeler): aliasing of a 5 kHz sine at full gain at least 60 dB below the main
/// output component, for every clip curve; the octave fuzz's octave (the full-wave stage
/// fed with a half-wave-symmetric signal leaves only even harmonics); distortion that grows
/// with drive.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

#include <stdbool.h>

/// Worst non-harmonic component of a 5 kHz (multiple of 10 Hz) sine through the pedal,
/// relative to the largest harmonic (an octave stage moves the output to 2f or 4f), or with
/// re_input relative to the input sine (two cascaded "oct" rectifiers leave almost nothing
/// of a 5 kHz sine below Nyquist: the output is at -70 dB, so "below the fundamental" has
/// no meaning there), dB. 0.5 s settling, then a DFT over exactly 0.1 s (10 Hz bins); bins within
/// 25 Hz of a harmonic of f or of DC are skipped.
static double
aliasing_db(Pedal* const p, const double f, const double amp, const bool re_input)
{
  const size_t n_settle = (size_t)(0.5 * p->rate);
  const size_t n_meas = (size_t)(0.1 * p->rate);
  const size_t n = n_settle + n_meas;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, f, amp, p->rate);
  pedal_run(p, in, out, n);
  double ref = re_input ? amp : 0.0;
  for (int k = 1; !re_input && k * f < 0.5 * p->rate; ++k) {
    ref = fmax(ref, harness_amplitude(out + n_settle, n_meas, k * f, p->rate));
  }
  double worst = 0.0;
  for (double bin = 30.0; bin < 0.5 * p->rate - 10.0; bin += 10.0) {
    const double r = fmod(bin, f);
    if (r < 25.0 || r > f - 25.0) {
      continue;
    }
    worst = fmax(worst, harness_amplitude(out + n_settle, n_meas, bin, p->rate));
  }
  free(in);
  free(out);
  return harness_db(worst / fmax(ref, 1e-30));
}

/// A pedal with its drive controls (set to their maximum) and its clip selector, if any.
typedef struct {
  const char* slug;      ///< bundle slug
  const char* drives[2]; ///< drive control symbols (NULL-padded)
  const char* clip;      ///< clip-type control symbol, or NULL
} DriveSpec;

static const DriveSpec drives[] = {
    {"metal-drive", {"drive", NULL}, NULL},
    {"octave-fuzz", {"drive", NULL}, NULL},
    {"distortion-super-modeler", {"drive1", "drive2"}, "clip1Type"},
    {"distortion", {"drive", NULL}, "clipType"},
    {"distortion-modeler", {"drive", NULL}, "clipType"},
};

/// Maximum of a control, from the pedal table.
static float
max_of(const Pedal* const p, const char* const symbol)
{
  return p->def->ports[pedal_defs_port_index(p->def, symbol)].max;
}

static void
aliasing_of_a_5khz_sine_at_full_gain_is_60_db_down_for_every_curve(void)
{
  for (size_t d = 0; d < sizeof drives / sizeof drives[0]; ++d) {
    const int curves = drives[d].clip ? 4 : 1;
    for (int c = 0; c < curves; ++c) {
      Pedal p;
      CHECK(pedal_open(&p, drives[d].slug, 48000.0) == 0, "open");
      for (int k = 0; k < 2 && drives[d].drives[k]; ++k) {
        pedal_set(&p, drives[d].drives[k], max_of(&p, drives[d].drives[k]));
      }
      if (drives[d].clip) {
        pedal_set(&p, drives[d].clip, (float)c);
        if (!strcmp(drives[d].slug, "distortion-super-modeler")) {
          pedal_set(&p, "clip2Type", (float)c);
        }
      }
      const double worst = aliasing_db(&p, 5000.0, 0.1, c == 3);
      printf("     %-25s curve %d: worst non-harmonic %.1f dB\n", drives[d].slug, c, worst);
      CHECK(worst <= -60.0, "%s curve %d: aliasing %.1f dB", drives[d].slug, c, worst);
      pedal_close(&p);
    }
  }
}

static void
octave_fuzz_puts_the_second_harmonic_40_db_above_the_fundamental(void)
{
  // Half-wave symmetry in, full-wave rectifier: the fundamental cancels (ideally -inf).
  static const double freqs[] = {110.0, 220.0, 440.0};
  for (int i = 0; i < 3; ++i) {
    Pedal p;
    CHECK(pedal_open(&p, "octave-fuzz", 48000.0) == 0, "open");
    const size_t n = 48000, settle = 24000;
    float* const buf = harness_alloc(n);
    harness_sine(buf, n, freqs[i], 0.3, 48000.0);
    pedal_run(&p, buf, buf, n);
    const double h1 = harness_amplitude(buf + settle, n - settle, freqs[i], 48000.0);
    const double h2 = harness_amplitude(buf + settle, n - settle, 2.0 * freqs[i], 48000.0);
    printf("     %3.0f Hz: 2nd harmonic %+.1f dB re the fundamental\n", freqs[i],
           harness_db(h2 / fmax(h1, 1e-30)));
    CHECK(harness_db(h2 / fmax(h1, 1e-30)) > 40.0, "h2/h1 %.1f dB", harness_db(h2 / h1));
    free(buf);
    pedal_close(&p);
  }
}

static void
distortion_grows_with_drive(void)
{
  for (size_t d = 0; d < sizeof drives / sizeof drives[0]; ++d) {
    if (!strcmp(drives[d].slug, "octave-fuzz")) {
      continue; // its fundamental vanishes at every drive
    }
    double thd[2];
    for (int k = 0; k < 2; ++k) {
      Pedal p;
      CHECK(pedal_open(&p, drives[d].slug, 48000.0) == 0, "open");
      const int port = pedal_defs_port_index(p.def, drives[d].drives[0]);
      pedal_set(&p, drives[d].drives[0], k ? p.def->ports[port].max : p.def->ports[port].min);
      thd[k] = harness_thd(&p, 500.0, 0.05);
      pedal_close(&p);
    }
    printf("     %-25s THD at min drive %.4f, at max %.4f\n", drives[d].slug, thd[0], thd[1]);
    CHECK(thd[1] > thd[0] && thd[1] > 0.1, "%s: THD %g -> %g", drives[d].slug, thd[0], thd[1]);
  }
}

int
main(void)
{
  RUN(aliasing_of_a_5khz_sine_at_full_gain_is_60_db_down_for_every_curve);
  RUN(octave_fuzz_puts_the_second_harmonic_40_db_above_the_fundamental);
  RUN(distortion_grows_with_drive);
  return jam_test_summary();
}
