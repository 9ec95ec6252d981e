// SPDX-License-Identifier: ISC
// dsp/oversample.h: integer round-trip latency, a flat passband, >= 80 dB image and alias
// rejection, and the drive test: a 5 kHz sine at 48 kHz hard-clipped at 4x keeps every
// non-harmonic bin >= 60 dB below the fundamental.

#include "dsp/oversample.h"

#include "check.h"
#include "dsp/clip.h"
#include "dsp/measure.h"

#define FS 48000.0

static DspOversampler os;
static float base_in[48000];
static float base_out[48000];
static float high[8 * 48000];

// Round trip (up, identity, down) of n base samples.
static void
round_trip(const size_t n, const float* const in, float* const out)
{
  float buf[DSP_OVERSAMPLE_MAX_FACTOR];
  for (size_t i = 0; i < n; ++i) {
    dsp_oversample_up(&os, in[i], buf);
    out[i] = dsp_oversample_down(&os, buf);
  }
}

static void
round_trip_is_a_pure_delay_of_the_reported_latency(void)
{
  const unsigned factors[] = {2u, 4u, 8u};
  const unsigned latency[] = {47u, 53u, 55u};
  for (int f = 0; f < 3; ++f) {
    CHECK(dsp_oversample_init(&os, factors[f]), "factor %u", factors[f]);
    CHECK_INT(dsp_oversample_factor(&os), factors[f]);
    CHECK_INT(dsp_oversample_latency(&os), latency[f]);
    const unsigned lat = dsp_oversample_latency(&os);
    dsp_measure_sine(4800, base_in, 1000.0, 0.5, FS, 0.0);
    round_trip(4800, base_in, base_out);
    double worst = 0.0;
    for (size_t i = 200; i < 4800; ++i) { // not fmax(): see tests/arm64/README.md (GCC 12 ICE)
      const double e = fabs((double)base_out[i] - base_in[i - lat]);
      worst = e > worst ? e : worst;
    }
    CHECK(worst < 5e-5, "factor %u: largest difference from the delayed input %g", factors[f],
          worst);
  }
}

static void
passband_is_flat_within_0_01_db_to_18_khz(void)
{
  const double freqs[] = {20.0, 1000.0, 10000.0, 15000.0, 18000.0};
  for (unsigned factor = 2; factor <= 8; factor *= 2) {
    (void)dsp_oversample_init(&os, factor);
    for (int k = 0; k < 5; ++k) {
      dsp_measure_sine(48000, base_in, freqs[k], 0.5, FS, 0.0);
      round_trip(48000, base_in, base_out);
      const double db =
          dsp_measure_tone_db(24000, base_out + 24000, freqs[k], FS) - 20.0 * log10(0.5);
      CHECK(fabs(db) < 0.01, "factor %u at %g Hz: %.4f dB", factor, freqs[k], db);
    }
  }
}

static void
interpolator_images_are_more_than_80_db_down(void)
{
  // A base-rate tone f images at k·fs ± f; at 4x: 10 kHz -> 38, 58, 86 kHz and 18 kHz -> 30,
  // 66, 78 kHz. Measured at the high rate.
  const double tones[] = {10000.0, 18000.0};
  for (int t = 0; t < 2; ++t) {
    (void)dsp_oversample_init(&os, 4);
    dsp_measure_sine(9600, base_in, tones[t], 0.5, FS, 0.0);
    for (size_t i = 0; i < 9600; ++i) {
      dsp_oversample_up(&os, base_in[i], &high[4 * i]);
    }
    const double fs4 = 4.0 * FS;
    const double ref = dsp_measure_tone_db(4 * 4800, high + 4 * 4800, tones[t], fs4);
    CHECK_NEAR(ref, 20.0 * log10(0.5), 0.01);
    for (int k = 1; k <= 3; ++k) {
      const double images[2] = {k * FS - tones[t], k * FS + tones[t]};
      for (int j = 0; j < 2; ++j) {
        if (images[j] >= 2.0 * FS) {
          continue;
        }
        const double db = dsp_measure_tone_db(4 * 4800, high + 4 * 4800, images[j], fs4) - ref;
        CHECK(db < -80.0, "tone %g: image at %g Hz %.1f dB", tones[t], images[j], db);
      }
    }
  }
}

static void
decimator_rejects_what_would_alias_by_more_than_80_db(void)
{
  // High-rate tones above fs/2 would fold to 48k - f etc.; every one must be gone.
  const double tones[] = {24500.0, 25000.0, 30000.0, 47000.0, 70000.0, 90000.0};
  for (int t = 0; t < 6; ++t) {
    (void)dsp_oversample_init(&os, 4);
    const double fs4 = 4.0 * FS;
    for (size_t i = 0; i < 4 * 9600; ++i) {
      high[i] = (float)(0.5 * sin(2.0 * M_PI * tones[t] * (double)i / fs4));
    }
    for (size_t i = 0; i < 9600; ++i) {
      base_out[i] = dsp_oversample_down(&os, &high[4 * i]);
    }
    const double rms_db = 20.0 * log10(dsp_measure_rms(4800, base_out + 4800) / (0.5 * M_SQRT1_2));
    CHECK(rms_db < -80.0, "tone %g Hz leaks at %.1f dB", tones[t], rms_db);
  }
}

// Largest non-harmonic bin (10 Hz bins, 0..24 kHz) relative to the 5 kHz fundamental, for a
// 5 kHz sine of amplitude 0.5 driven by `drive` into an ADAA clipper at `factor`x.
static double
worst_alias_db(const unsigned factor, const DspClipShape shape, const float drive)
{
  (void)dsp_oversample_init(&os, factor);
  DspClipAdaa clip;
  dsp_clip_adaa_init(&clip, shape);
  const size_t settle = 2000, n = 4800; // 4800 samples = 500 cycles of 5 kHz
  dsp_measure_sine(settle + n, base_in, 5000.0, 0.5, FS, 0.0);
  float buf[DSP_OVERSAMPLE_MAX_FACTOR];
  for (size_t i = 0; i < settle + n; ++i) {
    dsp_oversample_up(&os, base_in[i], buf);
    for (unsigned k = 0; k < factor; ++k) {
      buf[k] = dsp_clip_adaa_step(&clip, drive * buf[k]);
    }
    base_out[i] = dsp_oversample_down(&os, buf);
  }
  const float* const y = base_out + settle;
  const double fund = dsp_measure_tone_db(n, y, 5000.0, FS);
  double worst = -400.0;
  for (int k = 1; k < 2400; ++k) {
    if (k % 500 != 0) { // skip the harmonics 5, 10, 15, 20 kHz
      worst = fmax(worst, dsp_measure_tone_db(n, y, 10.0 * k, FS));
    }
  }
  return worst - fund;
}

static void
hard_clipped_5_khz_sine_at_4x_keeps_aliases_60_db_down(void)
{
  // Drive x1000 (+60 dB: a square wave). Measured: -73 dB. Plain clipping at 4x: -32 dB.
  const double db = worst_alias_db(4, DSP_CLIP_HARD, 1000.0f);
  printf("     hard clip x1000 at 4x: worst alias %.1f dB\n", db);
  CHECK(db <= -60.0, "worst non-harmonic bin %.1f dB re the fundamental", db);
  const double mild = worst_alias_db(4, DSP_CLIP_HARD, 2.0f);
  printf("     hard clip x2 at 4x: worst alias %.1f dB\n", mild);
  CHECK(mild <= -60.0, "mild drive: %.1f dB", mild);
}

static void
soft_clipped_5_khz_sine_at_4x_keeps_aliases_60_db_down(void)
{
  const DspClipShape shapes[] = {DSP_CLIP_RATIONAL, DSP_CLIP_SOFT, DSP_CLIP_ASYM};
  for (int s = 0; s < 3; ++s) {
    const double db = worst_alias_db(4, shapes[s], 1000.0f);
    printf("     shape %d x1000 at 4x: worst alias %.1f dB\n", (int)shapes[s], db);
    CHECK(db <= -60.0, "shape %d: %.1f dB", (int)shapes[s], db);
  }
}

static void
factor_one_passes_through_and_other_factors_are_refused(void)
{
  CHECK(dsp_oversample_init(&os, 1), "factor 1");
  CHECK_INT(dsp_oversample_latency(&os), 0);
  float buf[DSP_OVERSAMPLE_MAX_FACTOR];
  dsp_oversample_up(&os, 0.75f, buf);
  CHECK(buf[0] == 0.75f && dsp_oversample_down(&os, buf) == 0.75f, "identity");
  CHECK(!dsp_oversample_init(&os, 3), "factor 3 refused");
  CHECK(!dsp_oversample_init(&os, 16), "factor 16 refused");
  CHECK_INT(dsp_oversample_factor(&os), 1);
}

static void
reset_returns_to_silence(void)
{
  (void)dsp_oversample_init(&os, 8);
  dsp_measure_sine(480, base_in, 3000.0, 0.9, FS, 0.0);
  round_trip(480, base_in, base_out);
  dsp_oversample_reset(&os);
  memset(base_in, 0, 480 * sizeof *base_in);
  round_trip(480, base_in, base_out);
  CHECK(dsp_measure_rms(480, base_out) == 0.0, "rms %g", dsp_measure_rms(480, base_out));
}

int
main(void)
{
  RUN(round_trip_is_a_pure_delay_of_the_reported_latency);
  RUN(passband_is_flat_within_0_01_db_to_18_khz);
  RUN(interpolator_images_are_more_than_80_db_down);
  RUN(decimator_rejects_what_would_alias_by_more_than_80_db);
  RUN(hard_clipped_5_khz_sine_at_4x_keeps_aliases_60_db_down);
  RUN(soft_clipped_5_khz_sine_at_4x_keeps_aliases_60_db_down);
  RUN(factor_one_passes_through_and_other_factors_are_refused);
  RUN(reset_returns_to_silence);
  return jam_test_summary();
}
