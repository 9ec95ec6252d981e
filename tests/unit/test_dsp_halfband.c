// SPDX-License-Identifier: ISC
// dsp/halfband.h, dsp/svf.h and dsp/shaper.h: the IIR half-band filters are flat in the pass
// band and reject images and aliases by more than 80 dB (the 2x stage of dsp/shaper.h);
// the TPT state-variable filter matches its analog prototypes under the prewarped bilinear
// transform (computed here) for a fixed cutoff; the shaper is bounded for any input and its
// small-signal response is the ADAA average of 2 (order 1) or 3 (order 2) high-rate samples.

#include "dsp/halfband.h"
#include "dsp/shaper.h"
#include "dsp/svf.h"

#include "check.h"
#include "dsp/measure.h"

#include <complex.h>
#include <string.h>

#define FS 48000.0
#define N  9600

static float lo[N];
static float hi[2 * N];

static void
interpolator_passes_up_to_0_45_fs_and_rejects_images_by_80_db(void)
{
  static const double freqs[] = {1000.0, 10000.0, 20000.0, 21500.0};
  for (int k = 0; k < 4; ++k) {
    DspHalfband up;
    dsp_halfband_design(&up, 8, 0.02);
    dsp_measure_sine(N, lo, freqs[k], 1.0, FS, 0.0);
    for (size_t i = 0; i < N; ++i) {
      dsp_halfband_up(&up, lo[i], &hi[2 * i]);
    }
    // At 2·FS the signal is at f and its image at FS - f.
    const double pass = dsp_measure_tone_db(N, hi + N, freqs[k], 2.0 * FS);
    const double image = dsp_measure_tone_db(N, hi + N, FS - freqs[k], 2.0 * FS);
    printf("     %5.0f Hz: pass %+.3f dB, image %.1f dB\n", freqs[k], pass, image);
    CHECK_NEAR(pass, 0.0, freqs[k] < 20000.0 ? 0.01 : 0.1);
    CHECK(image < -80.0, "image of %g Hz at %.1f dB", freqs[k], image);
  }
}

static void
decimator_rejects_what_would_alias_by_80_db(void)
{
  // Tones at 2·FS between 0.52·FS and FS fold to below 0.48·FS (measured -83 to -106 dB).
  static const double freqs[] = {25000.0, 30000.0, 40000.0, 47000.0};
  for (int k = 0; k < 4; ++k) {
    DspHalfband down;
    dsp_halfband_design(&down, 8, 0.02);
    dsp_measure_sine(2 * N, hi, freqs[k], 1.0, 2.0 * FS, 0.0);
    for (size_t i = 0; i < N; ++i) {
      lo[i] = dsp_halfband_down(&down, &hi[2 * i]);
    }
    const double alias = dsp_measure_tone_db(N / 2, lo + N / 2, FS - freqs[k], FS);
    CHECK(alias < -80.0, "%g Hz aliases at %.1f dB", freqs[k], alias);
  }
}

static void
svf_matches_its_analog_prototypes(void)
{
  static const double rates[] = {44100.0, 96000.0};
  static const DspSvfType types[] = {DSP_SVF_LOWPASS, DSP_SVF_BANDPASS, DSP_SVF_HIGHPASS};
  static const double freqs[] = {100.0, 700.0, 1000.0, 5000.0};
  for (int r = 0; r < 2; ++r) {
    for (int t = 0; t < 3; ++t) {
      for (int f = 0; f < 4; ++f) {
        const double fc = 1000.0, q = 3.0, fs = rates[r];
        DspSvf svf;
        dsp_svf_set(&svf, fc, q, fs);
        dsp_svf_reset(&svf);
        static float buf[96000];
        const size_t n = (size_t)fs;
        dsp_measure_sine(n, buf, freqs[f], 0.5, fs, 0.0);
        for (size_t i = 0; i < n; ++i) {
          buf[i] = dsp_svf_step(&svf, types[t], buf[i]);
        }
        const double complex s = I * tan(M_PI * freqs[f] / fs) / tan(M_PI * fc / fs);
        const double complex d = s * s + s / q + 1.0;
        const double complex h = t == 0 ? 1.0 / d : (t == 1 ? (s / q) / d : s * s / d);
        const double want = 20.0 * log10(cabs(h)) - 6.0206;
        CHECK_NEAR(dsp_measure_tone_db(n / 2, buf + n / 2, freqs[f], fs), want, 0.01);
      }
    }
  }
}

static void
shaper_is_bounded_and_its_small_signal_response_is_the_adaa_average(void)
{
  static const DspClipShape shapes[] = {DSP_CLIP_HARD, DSP_CLIP_SOFT, DSP_CLIP_ASYM, DSP_CLIP_EXP};
  static float gain[N];
  for (size_t i = 0; i < N; ++i) {
    gain[i] = 1.0f;
  }
  for (int order = 1; order <= 2; ++order) {
    for (unsigned factor = 2; factor <= 4; factor += 2) {
      for (int s = 0; s < 4; ++s) {
        DspShaper sh;
        dsp_shaper_init(&sh, factor, shapes[s]);
        dsp_shaper_set_order(&sh, (unsigned)order);
        dsp_shaper_reset(&sh);
        dsp_measure_sine(N, lo, 5000.0, 1e-4, FS, 0.0);
        dsp_shaper_process(&sh, N, gain, lo, lo);
        // ADAA1 averages two high-rate samples: cos(w/2); ADAA2 three with weights 1/3 (its
        // linear case): (1 + 2·cos w)/3; w = 2π·5 kHz/(factor·FS).
        const double w = 2.0 * M_PI * 5000.0 / (factor * FS);
        const double want =
            20.0 * log10(order == 1 ? cos(0.5 * w) : (1.0 + 2.0 * cos(w)) / 3.0) - 80.0;
        CHECK_NEAR(dsp_measure_tone_db(N / 2, lo + N / 2, 5000.0, FS), want, 0.02);
        // Bounded for a huge input: the curve's range plus the half-band ringing on the
        // near-square wave (up to 37 % for the elliptic filter).
        for (size_t i = 0; i < N; ++i) {
          gain[i] = 1e4f;
        }
        dsp_measure_sine(N, lo, 997.0, 1.0, FS, 0.0);
        dsp_shaper_process(&sh, N, gain, lo, lo);
        double pk = 0.0;
        for (size_t i = 0; i < N; ++i) { // not fmax(): see tests/arm64/README.md (GCC 12 ICE)
          const double e = fabs((double)lo[i]);
          pk = e > pk ? e : pk;
        }
        CHECK(pk < 1.5, "shape %d order %d %ux: peak %.3f", s, order, factor, pk);
        for (size_t i = 0; i < N; ++i) {
          gain[i] = 1.0f;
        }
      }
    }
  }
}

static void
block_filters_equal_the_per_sample_ones_bit_for_bit(void)
{
  // Every coefficient count (odd ones take the per-sample path), blocks of 1 to 128.
  for (unsigned coefs = 1; coefs <= DSP_HALFBAND_MAX_COEFS; ++coefs) {
    DspHalfband a, b, c, d;
    dsp_halfband_design(&a, coefs, 0.05);
    b = a;
    c = a;
    d = a;
    dsp_measure_sine(N, lo, 3000.0, 0.8, FS, 0.3);
    size_t differ = 0, done = 0;
    for (size_t len = 1; done + len <= N / 2; done += len, len = len % 128 + 1) {
      float up_ref[2 * DSP_HALFBAND_MAX_BLOCK] = {0.0f}, up_blk[2 * DSP_HALFBAND_MAX_BLOCK];
      float dn_ref[DSP_HALFBAND_MAX_BLOCK] = {0.0f}, dn_blk[DSP_HALFBAND_MAX_BLOCK];
      for (size_t i = 0; i < len; ++i) {
        dsp_halfband_up(&a, lo[done + i], &up_ref[2 * i]);
        dn_ref[i] = dsp_halfband_down(&c, &up_ref[2 * i]);
      }
      dsp_halfband_up_block(&b, len, lo + done, up_blk);
      dsp_halfband_down_block(&d, len, up_blk, dn_blk);
      differ += memcmp(up_ref, up_blk, 2 * len * sizeof up_ref[0]) != 0;
      differ += memcmp(dn_ref, dn_blk, len * sizeof dn_ref[0]) != 0;
      // The double states too: a float output hides a last-bit difference in the arithmetic
      // (a multiply-add fused in one path and not in the other, dsp_halfband_fused_()).
      differ += memcmp(a.y1, b.y1, sizeof a.y1) != 0 || memcmp(c.y1, d.y1, sizeof c.y1) != 0;
    }
    CHECK(differ == 0, "%u coefficients (fused %d): %zu blocks differ", coefs, (int)a.fused,
          differ);
  }
}

static void
shaper_adaa1_of_a_held_input_is_the_step(void)
{
  // A held input over a block (silence, a constant) takes a path of its own: it must give
  // what the per-sample ADAA1 step gives, for every shape, before and after a signal.
  const DspClipShape all[] = {DSP_CLIP_HARD, DSP_CLIP_SOFT, DSP_CLIP_RATIONAL,
                              DSP_CLIP_ASYM, DSP_CLIP_EVEN, DSP_CLIP_EXP};
  for (int s = 0; s < 6; ++s) {
    DspShaper a, b;
    dsp_shaper_init(&a, 4u, all[s]);
    dsp_shaper_init(&b, 4u, all[s]);
    dsp_shaper_reset(&a);
    dsp_shaper_reset(&b);
    int differ = 0;
    for (int run = 0; run < 6; ++run) {
      float buf[64];
      for (int i = 0; i < 64; ++i) {
        buf[i] = run == 2 ? (float)(3.0 * sin(0.05 * i)) : (run < 2 ? 0.0f : 1.5f);
      }
      float y[64];
      for (int i = 0; i < 64; ++i) {
        y[i] = dsp_shaper_adaa_(&b, buf[i], all[s]);
      }
      dsp_shaper_adaa_block_(&a, 64, buf);
      for (int i = 0; i < 64; ++i) {
        differ += buf[i] != y[i];
      }
    }
    CHECK(differ == 0, "shape %d: %d samples differ", s, differ);
  }
}

static void
silent_shaper_gives_zeros_and_still_rings_out_after_a_signal(void)
{
  // From rest, silence gives exact zeros (the idle path); after a burst, the first silent
  // blocks still carry the filters' and the ADAA's tail, as the same run in one call gives
  // it, and the tail decays until the state is clear again (the idle path takes over).
  enum { BLOCK = 32, BURST = 8, QUIET = 400 };
  static float x[(BURST + QUIET) * BLOCK], one[(BURST + QUIET) * BLOCK], g[(BURST + QUIET) * BLOCK];
  for (size_t i = 0; i < sizeof g / sizeof g[0]; ++i) {
    g[i] = 4.0f;
    x[i] = i < BURST * BLOCK ? (float)(0.5 * sin(2.0 * M_PI * 1000.0 * (double)i / FS)) : 0.0f;
  }
  for (unsigned factor = 2; factor <= 4; factor += 2) {
    DspShaper a, b;
    dsp_shaper_init(&a, factor, DSP_CLIP_SOFT);
    dsp_shaper_set_order(&a, 2u);
    dsp_shaper_reset(&a);
    b = a;
    float y[BLOCK];
    int nonzero = 0;
    for (int k = 0; k < 4; ++k) {
      dsp_shaper_process(&a, BLOCK, g, x + (BURST + QUIET - 1) * BLOCK, y); // silence
      for (int i = 0; i < BLOCK; ++i) {
        nonzero += y[i] != 0.0f;
      }
    }
    CHECK(nonzero == 0, "%ux: silence from rest gave %d non-zero samples", factor, nonzero);
    // b: the burst and its first silent blocks in one call (never idle); a: block by block.
    memcpy(one, x, sizeof one);
    dsp_shaper_process(&b, (BURST + 4) * BLOCK, g, one, one);
    int differ = 0, tail = 0;
    for (int blk = 0; blk < BURST + QUIET; ++blk) {
      dsp_shaper_process(&a, BLOCK, g, x + blk * BLOCK, y);
      for (int i = 0; i < BLOCK && blk < BURST + 4; ++i) {
        differ += y[i] != one[blk * BLOCK + i];
        tail += blk >= BURST && y[i] != 0.0f;
      }
    }
    CHECK(differ == 0, "%ux: %d samples differ from one pass", factor, differ);
    CHECK(tail > 0, "%ux: no tail after the burst", factor);
    CHECK(dsp_shaper_idle_(&a, BLOCK, x + (BURST + QUIET - 1) * BLOCK),
          "%ux: state not clear after %d silent blocks", factor, QUIET);
  }
  // At 4x the 2fs <-> 4fs FIR's history is state too: with only that left (the IIR stages
  // and the ADAA at rest), silence must still run and ring it out.
  for (int dn = 0; dn < 3; ++dn) {
    DspShaper c;
    dsp_shaper_init(&c, 4u, DSP_CLIP_SOFT);
    dsp_shaper_reset(&c);
    float* const hist = dn == 0 ? c.fir.up_buf : c.fir.dn_buf[dn - 1];
    hist[c.fir.hist - 1] = 0.25f;
    CHECK(!dsp_shaper_idle_(&c, BLOCK, x + (BURST + QUIET - 1) * BLOCK),
          "4x: FIR history %d ignored by the idle test", dn);
  }
}

int
main(void)
{
  RUN(interpolator_passes_up_to_0_45_fs_and_rejects_images_by_80_db);
  RUN(decimator_rejects_what_would_alias_by_80_db);
  RUN(block_filters_equal_the_per_sample_ones_bit_for_bit);
  RUN(svf_matches_its_analog_prototypes);
  RUN(shaper_is_bounded_and_its_small_signal_response_is_the_adaa_average);
  RUN(shaper_adaa1_of_a_held_input_is_the_step);
  RUN(silent_shaper_gives_zeros_and_still_rings_out_after_a_signal);
  return jam_test_summary();
}
