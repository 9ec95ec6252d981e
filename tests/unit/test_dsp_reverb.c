// SPDX-License-Identifier: ISC
// dsp/reverb.h: the FDN's RT60 measured from the Schroeder energy decay of its impulse
// response (T30 fit), memory sizing, and the Schroeder all-pass impulse response.

#include "dsp/reverb.h"

#include "check.h"

#include <stdlib.h>

// RT60 (s) from an impulse response: backward-integrated energy (Schroeder), a least-squares
// line through the -5..-35 dB part of the decay, extrapolated to -60 dB.
static double
measured_rt60(const float* const h, const size_t n, const double fs)
{
  double* const edc = malloc(n * sizeof *edc);
  if (!edc) {
    return 0.0;
  }
  double acc = 0.0;
  for (size_t i = n; i-- > 0;) {
    acc += (double)h[i] * h[i];
    edc[i] = acc;
  }
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
  long count = 0;
  for (size_t i = 0; i < n; ++i) {
    const double db = 10.0 * log10(edc[i] / edc[0]);
    if (db <= -5.0 && db >= -35.0) {
      const double t = (double)i / fs;
      sx += t;
      sy += db;
      sxx += t * t;
      sxy += t * db;
      ++count;
    }
  }
  free(edc);
  const double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx); // dB/s
  return -60.0 / slope;
}

static double
rt60_of_fdn(const double fs, const float rt60, const double damping_hz)
{
  const size_t floats = dsp_reverb_memory_size(fs);
  float* const mem = malloc(floats * sizeof *mem);
  const size_t n = (size_t)(1.5 * rt60 * fs);
  float* const h = malloc(n * sizeof *h);
  double rt = 0.0;
  DspReverb rv;
  if (mem && h && dsp_reverb_init(&rv, mem, floats, fs, rt60)) {
    dsp_reverb_set_damping(&rv, damping_hz);
    for (size_t i = 0; i < n; ++i) {
      h[i] = dsp_reverb_step(&rv, i == 0 ? 1.0f : 0.0f);
    }
    rt = measured_rt60(h, n, fs);
  }
  free(h);
  free(mem);
  return rt;
}

static void
fdn_decay_matches_the_rt60_setting_within_15_percent(void)
{
  const float settings[] = {0.5f, 1.0f, 2.5f};
  for (int i = 0; i < 3; ++i) {
    const double rt = rt60_of_fdn(48000.0, settings[i], 0.0);
    printf("     RT60 %.2f s at 48 kHz: measured %.3f s\n", settings[i], rt);
    CHECK(fabs(rt - settings[i]) <= 0.15 * settings[i], "setting %g s, measured %.3f s",
          settings[i], rt);
  }
  const double rt96 = rt60_of_fdn(96000.0, 1.5f, 0.0);
  printf("     RT60 1.50 s at 96 kHz: measured %.3f s\n", rt96);
  CHECK(fabs(rt96 - 1.5) <= 0.15 * 1.5, "96 kHz: measured %.3f s", rt96);
}

static void
damping_shortens_the_decay(void)
{
  const double plain = rt60_of_fdn(48000.0, 2.0f, 0.0);
  const double damped = rt60_of_fdn(48000.0, 2.0f, 2000.0);
  CHECK(damped < 0.9 * plain, "damped %.3f s, plain %.3f s", damped, plain);
}

static void
memory_size_covers_every_line_at_each_rate(void)
{
  CHECK_INT(dsp_reverb_memory_size(48000.0), 3 * 2048 + 5 * 4096);
  CHECK_INT(dsp_reverb_memory_size(192000.0), 3 * 8192 + 5 * 16384);
  CHECK_INT(dsp_reverb_line_length(0, 96000.0), 2866);
  DspReverb rv;
  static float mem[26624];
  CHECK(!dsp_reverb_init(&rv, mem, 26623, 48000.0, 1.0f), "one float short");
  CHECK(dsp_reverb_init(&rv, mem, 26624, 48000.0, 1.0f), "exact size");
  // g_i = 10^(-3·d_i / (RT60·fs)): line 0, 1433 samples, RT60 1 s -> 0.81373.
  CHECK_NEAR(rv.gain[0], pow(10.0, -3.0 * 1433.0 / 48000.0), 1e-6);
}

static void
schroeder_allpass_has_the_textbook_impulse_response(void)
{
  // (z^-N - g)/(1 - g z^-N): h[0] = -g, h[N] = 1 - g², h[kN] = (1 - g²)·g^(k-1).
  static float buf[256];
  DspReverbAllpass ap;
  CHECK(dsp_reverb_allpass_init(&ap, buf, 256, 229, 0.6f), "init");
  float h[5000];
  for (int i = 0; i < 5000; ++i) {
    h[i] = dsp_reverb_allpass_step(&ap, i == 0 ? 1.0f : 0.0f);
  }
  CHECK_NEAR(h[0], -0.6, 1e-7);
  CHECK_NEAR(h[229], 0.64, 1e-7);
  CHECK_NEAR(h[458], 0.64 * 0.6, 1e-7);
  CHECK_NEAR(h[687], 0.64 * 0.36, 1e-7);
  CHECK(h[1] == 0.0f && h[228] == 0.0f && h[230] == 0.0f, "zero between the taps");
  double energy = 0.0;
  for (int i = 0; i < 5000; ++i) {
    energy += (double)h[i] * h[i];
  }
  CHECK_NEAR(energy, 1.0, 1e-6); // all-pass: unit energy (the tail past 5000 is 0.6^42)
  CHECK(!dsp_reverb_allpass_init(&ap, buf, 256, 256, 0.6f), "length must be < buffer size");
}

static void
silent_tail_ends_at_exactly_zero(void)
{
  const size_t floats = dsp_reverb_memory_size(48000.0);
  float* const mem = malloc(floats * sizeof *mem);
  DspReverb rv;
  CHECK(mem && dsp_reverb_init(&rv, mem, floats, 48000.0, 0.5f), "init");
  if (mem) {
    (void)dsp_reverb_step(&rv, 1.0f);
    // 0.5 s RT60 = 120 dB/s: below 1e-15 (-300 dB) after 2.5 s; run 4 s.
    float y = 1.0f;
    for (int i = 0; i < 4 * 48000; ++i) {
      y = dsp_reverb_step(&rv, 0.0f);
    }
    CHECK(y == 0.0f, "output %g", y);
    size_t nonzero = 0;
    for (size_t i = 0; i < floats; ++i) {
      nonzero += mem[i] != 0.0f;
    }
    CHECK_INT(nonzero, 0);
  }
  free(mem);
}

int
main(void)
{
  RUN(fdn_decay_matches_the_rt60_setting_within_15_percent);
  RUN(damping_shortens_the_decay);
  RUN(memory_size_covers_every_line_at_each_rate);
  RUN(schroeder_allpass_has_the_textbook_impulse_response);
  RUN(silent_tail_ends_at_exactly_zero);
  return jam_test_summary();
}
