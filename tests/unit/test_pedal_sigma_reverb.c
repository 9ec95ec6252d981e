// SPDX-License-Identifier: ISC
/// Sigma Reverb: RT60 within 15 % of loop·60/(-40·log10(time)) at several settings and rates,
/// level 0 is dry only.

#include "tests/unit/check.h"

#include "dsp/biquad.h"
#include "tests/lv2/harness.h"

/// The loop length at 48 kHz, samples: D1 + D2 + the four loop all-passes.
#define LOOP_48K (4853.0 + 5888.0 + 1821.0 + 2565.0 + 2114.0 + 1817.0)

/// The RT60 the time knob sets, s.
static double
rt60_design(const double time)
{
  return LOOP_48K / 48000.0 * 60.0 / (-40.0 * log10(time));
}

/// Measures RT60: 1 s of band-limited noise (1 kHz band), then silence; the decay of the
/// band's energy in 20 ms windows is fitted from -5 dB to -25 dB below its level at the stop.
static double
rt60_measured(const double fs, const double time)
{
  Pedal p;
  if (pedal_open(&p, "sigma-reverb", fs) != 0) {
    return -1.0;
  }
  pedal_set(&p, "time", (float)time);
  pedal_set(&p, "level", 1.0f);
  const double tail_s = fmin(2.5 * rt60_design(time), 12.0);
  const size_t n_in = (size_t)fs, n = n_in + (size_t)(tail_s * fs);
  float* const buf = harness_alloc(n);
  DspBiquad bp;
  dsp_biquad_init(&bp);
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_BANDPASS, 1000.0, 1.0, 0.0, fs);
  dsp_biquad_set(&bp, &c);
  uint32_t seed = 1;
  for (size_t i = 0; i < n_in; ++i) {
    seed = seed * 1664525u + 1013904223u;
    buf[i] = dsp_biquad_step(&bp, (float)((int32_t)seed) * (0.3f / 2147483648.0f));
  }
  pedal_run(&p, buf, buf, n);
  pedal_close(&p);
  // Energy in 20 ms windows after the input stops (the output is then wet only).
  const size_t w = (size_t)(0.02 * fs);
  const size_t n_win = (n - n_in) / w;
  double e0 = -1e9, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
  int m = 0;
  for (size_t k = 0; k < n_win; ++k) {
    const double db = harness_db(harness_rms(buf + n_in + k * w, w));
    if (k < 5) {
      e0 = fmax(e0, db); // the level just after the stop
      continue;
    }
    if (db < e0 - 5.0 && db > e0 - 25.0) {
      const double t = (double)k * 0.02;
      sx += t;
      sy += db;
      sxx += t * t;
      sxy += t * db;
      ++m;
    }
  }
  free(buf);
  const double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx); // dB per second
  return -60.0 / slope;
}

static void
rt60_is_within_15_percent_of_its_setting(void)
{
  static const double times[] = {0.3, 0.5, 0.7};
  static const double rates[] = {48000.0, 44100.0, 96000.0};
  for (int r = 0; r < 3; ++r) {
    for (int t = 0; t < 3; ++t) {
      if (r > 0 && t != 1) {
        continue; // other rates: time 0.5 only (keeps the test short)
      }
      const double want = rt60_design(times[t]);
      const double got = rt60_measured(rates[r], times[t]);
      printf("     time %.1f at %5.0f Hz: RT60 %.2f s (setting %.2f s, %+.1f %%)\n", times[t],
             rates[r], got, want, 100.0 * (got / want - 1.0));
      CHECK(fabs(got / want - 1.0) <= 0.15, "RT60 %g s, want %g s", got, want);
    }
  }
}

static void
level_0_outputs_the_dry_signal_only(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "sigma-reverb", 48000.0) == 0, "open");
  pedal_set(&p, "level", 0.0f);
  const size_t n = 48000;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, 440.0, 0.5, 48000.0);
  pedal_run(&p, in, out, n);
  CHECK(memcmp(in, out, n * sizeof *in) == 0, "output differs from input");
  free(in);
  free(out);
  pedal_close(&p);
}

int
main(void)
{
  RUN(rt60_is_within_15_percent_of_its_setting);
  RUN(level_0_outputs_the_dry_signal_only);
  return jam_test_summary();
}
