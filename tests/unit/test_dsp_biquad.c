// SPDX-License-Identifier: ISC
// dsp/biquad.h: cookbook responses measured with sines (RMS over whole cycles) against the
// analytic magnitude and the textbook values (-3.01 dB corners, exact peak and shelf gains),
// coefficient ramps, in-place processing, stability clamps and NaN/denormal recovery.

#include "dsp/biquad.h"

#include "check.h"
#include "dsp/measure.h"

#include <stdlib.h>
#include <string.h>

#define FS     48000.0
#define SETTLE 24000 // 0.5 s: every filter below has decayed by > 200 dB
#define WINDOW 48000 // 1 s: a whole number of cycles for every integer frequency

static float sig_in[SETTLE + WINDOW];
static float sig_out[SETTLE + WINDOW];

// Gain in dB measured by running a sine of f_hz through a fresh filter with coefficients c.
static double
measured_db(const DspBiquadCoefs* const c, const double f_hz)
{
  DspBiquad bq;
  dsp_biquad_init(&bq);
  dsp_biquad_set(&bq, c);
  const size_t n = SETTLE + WINDOW;
  dsp_measure_sine(n, sig_in, f_hz, 0.5, FS, 0.0);
  dsp_biquad_process(&bq, n, sig_in, sig_out);
  return 20.0 * log10(dsp_measure_rms(WINDOW, sig_out + SETTLE) /
                      dsp_measure_rms(WINDOW, sig_in + SETTLE));
}

// Checks the measured gain against the analytic magnitude at each frequency.
static void
check_against_analytic(const DspBiquadCoefs* const c, const double* const freqs, const int n)
{
  for (int i = 0; i < n; ++i) {
    const double want = dsp_biquad_magnitude_db(c, freqs[i], FS);
    const double got = measured_db(c, freqs[i]);
    CHECK(fabs(got - want) <= 0.01, "at %g Hz: analytic %.4f dB, measured %.4f dB", freqs[i], want,
          got);
  }
}

static const double decades[] = {20.0, 100.0, 1000.0, 10000.0, 20000.0};

static void
lowpass_is_minus_3_01_db_at_f0_for_q_0_7071(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 1000.0, M_SQRT1_2, 0.0, FS);
  CHECK_NEAR(dsp_biquad_magnitude_db(&c, 1000.0, FS), -3.0103, 0.0005);
  CHECK_NEAR(measured_db(&c, 1000.0), -3.0103, 0.01);
  CHECK_NEAR(measured_db(&c, 100.0), 0.0, 0.01);
  // A decade above: -40 dB of a 2nd-order slope, minus 2.7 dB more from bilinear warping.
  CHECK_NEAR(measured_db(&c, 10000.0), -42.74, 0.01);
  check_against_analytic(&c, decades, 5);
}

static void
highpass_is_minus_3_01_db_at_f0_for_q_0_7071(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_HIGHPASS, 200.0, M_SQRT1_2, 0.0, FS);
  CHECK_NEAR(measured_db(&c, 200.0), -3.0103, 0.01);
  CHECK_NEAR(measured_db(&c, 20.0), -40.0, 0.1);
  CHECK_NEAR(measured_db(&c, 10000.0), 0.0, 0.01);
  check_against_analytic(&c, decades, 5);
}

static void
peaking_eq_gives_exactly_its_gain_at_f0(void)
{
  const double gains[] = {-12.0, 6.0, 15.0};
  for (int i = 0; i < 3; ++i) {
    const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_PEAK, 700.0, 2.0, gains[i], FS);
    CHECK_NEAR(dsp_biquad_magnitude_db(&c, 700.0, FS), gains[i], 1e-9);
    CHECK_NEAR(measured_db(&c, 700.0), gains[i], 0.01);
    CHECK_NEAR(measured_db(&c, 20.0), 0.0, 0.02);
    check_against_analytic(&c, decades, 5);
  }
}

static void
peaking_eq_bandwidth_does_not_depend_on_gain(void)
{
  // Correct cookbook: |H|² at the band edges is the geometric mean of the peak and unity
  // (gain/2 dB) at the same frequencies for a boost and the mirrored cut.
  const DspBiquadCoefs up = dsp_biquad_design(DSP_BIQUAD_PEAK, 1000.0, 1.0, 12.0, FS);
  const DspBiquadCoefs down = dsp_biquad_design(DSP_BIQUAD_PEAK, 1000.0, 1.0, -12.0, FS);
  const double freqs[] = {300.0, 618.0, 1618.0, 4000.0};
  for (int i = 0; i < 4; ++i) {
    CHECK_NEAR(dsp_biquad_magnitude_db(&up, freqs[i], FS),
               -dsp_biquad_magnitude_db(&down, freqs[i], FS), 1e-9);
  }
}

static void
legacy_peak_equals_cookbook_with_q_times_a(void)
{
  // pedals_spec.md §3.1: α' = sin w0 / (2·Q·A), i.e. Q_eff = Q·10^(g/40). TubeDrive's
  // PK(740 Hz, +24 dB, Q 0.9) has Q_eff 3.58.
  const DspBiquadCoefs l = dsp_biquad_design_legacy(DSP_BIQUAD_PEAK, 740.0, 0.9, 24.0, FS);
  const DspBiquadCoefs c =
      dsp_biquad_design(DSP_BIQUAD_PEAK, 740.0, 0.9 * pow(10.0, 24.0 / 40.0), 24.0, FS);
  CHECK_NEAR(l.b0, c.b0, 1e-12);
  CHECK_NEAR(l.b1, c.b1, 1e-12);
  CHECK_NEAR(l.b2, c.b2, 1e-12);
  CHECK_NEAR(l.a1, c.a1, 1e-12);
  CHECK_NEAR(l.a2, c.a2, 1e-12);
  CHECK_NEAR(0.9 * pow(10.0, 24.0 / 40.0), 3.58, 0.01);
  CHECK_NEAR(dsp_biquad_magnitude_db(&l, 740.0, FS), 24.0, 1e-9);
}

static void
low_shelf_gives_its_gain_at_dc_half_at_f0_and_zero_at_nyquist(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_LOWSHELF, 200.0, 1.0, 9.0, FS);
  CHECK_NEAR(dsp_biquad_magnitude_db(&c, 0.0, FS), 9.0, 1e-9);
  CHECK_NEAR(dsp_biquad_magnitude_db(&c, 200.0, FS), 4.5, 1e-9);
  CHECK_NEAR(dsp_biquad_magnitude_db(&c, FS / 2.0, FS), 0.0, 1e-9);
  CHECK_NEAR(measured_db(&c, 20.0), 9.0, 0.1);
  CHECK_NEAR(measured_db(&c, 200.0), 4.5, 0.01);
  CHECK_NEAR(measured_db(&c, 20000.0), 0.0, 0.01);
  check_against_analytic(&c, decades, 5);
}

static void
high_shelf_gives_zero_at_dc_half_at_f0_and_its_gain_at_nyquist(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_HIGHSHELF, 2000.0, 0.707, -10.0, FS);
  CHECK_NEAR(dsp_biquad_magnitude_db(&c, 0.0, FS), 0.0, 1e-9);
  CHECK_NEAR(dsp_biquad_magnitude_db(&c, 2000.0, FS), -5.0, 1e-9);
  CHECK_NEAR(dsp_biquad_magnitude_db(&c, FS / 2.0, FS), -10.0, 1e-9);
  CHECK_NEAR(measured_db(&c, 20.0), 0.0, 0.01);
  CHECK_NEAR(measured_db(&c, 2000.0), -5.0, 0.01);
  CHECK_NEAR(measured_db(&c, 20000.0), -10.0, 0.1);
  check_against_analytic(&c, decades, 5);
}

static void
bandpass_peaks_at_0_db_and_notch_nulls_at_f0(void)
{
  const DspBiquadCoefs bp = dsp_biquad_design(DSP_BIQUAD_BANDPASS, 800.0, 4.0, 0.0, FS);
  CHECK_NEAR(measured_db(&bp, 800.0), 0.0, 0.01);
  // Band edges of a constant-peak band-pass: f0·(sqrt(1 + 1/4Q²) ± 1/2Q), -3.01 dB.
  const double k = sqrt(1.0 + 1.0 / 64.0);
  CHECK_NEAR(dsp_biquad_magnitude_db(&bp, 800.0 * (k + 0.125), FS), -3.0103, 0.05);
  check_against_analytic(&bp, decades, 5);

  const DspBiquadCoefs notch = dsp_biquad_design(DSP_BIQUAD_NOTCH, 800.0, 2.0, 0.0, FS);
  CHECK(measured_db(&notch, 800.0) < -80.0, "notch at f0: %.1f dB", measured_db(&notch, 800.0));
  CHECK_NEAR(measured_db(&notch, 20.0), 0.0, 0.01);
  CHECK_NEAR(measured_db(&notch, 20000.0), 0.0, 0.01);
}

static void
allpass_is_flat_and_inverts_at_f0(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_ALLPASS, 1000.0, 0.7, 0.0, FS);
  for (int i = 0; i < 5; ++i) {
    CHECK_NEAR(measured_db(&c, decades[i]), 0.0, 0.01);
  }
  // At f0 the phase is -180°: the output is the negated input.
  (void)measured_db(&c, 1000.0); // fills sig_in/sig_out at f0
  double xy = 0.0, xx = 0.0;
  for (size_t i = SETTLE; i < SETTLE + WINDOW; ++i) {
    xy += (double)sig_in[i] * sig_out[i];
    xx += (double)sig_in[i] * sig_in[i];
  }
  CHECK_NEAR(xy / xx, -1.0, 1e-4);
}

static void
processing_in_place_matches_out_of_place(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_PEAK, 300.0, 0.7, 9.0, FS);
  DspBiquad a, b;
  dsp_biquad_init(&a);
  dsp_biquad_init(&b);
  dsp_biquad_set(&a, &c);
  dsp_biquad_set(&b, &c);
  float x[256], y[256], z[256];
  for (int i = 0; i < 256; ++i) {
    x[i] = z[i] = (float)((rand() % 2001) - 1000) / 1000.0f;
  }
  dsp_biquad_process(&a, 256, x, y);
  dsp_biquad_process(&b, 256, z, z);
  CHECK_BYTES(z, y, sizeof y);
}

static void
ramp_reaches_the_target_exactly_after_32_samples(void)
{
  const DspBiquadCoefs from = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 500.0, 0.7071, 0.0, FS);
  const DspBiquadCoefs to = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 5000.0, 0.7071, 0.0, FS);
  DspBiquad bq;
  dsp_biquad_init(&bq);
  dsp_biquad_set(&bq, &from);
  dsp_biquad_set_target(&bq, &to, DSP_BIQUAD_RAMP);
  float buf[64] = {0};
  dsp_biquad_process(&bq, 16, buf, buf);
  CHECK(dsp_biquad_is_ramping(&bq), "still ramping after 16 of 32 samples");
  CHECK_NEAR(bq.c.a1, 0.5 * (from.a1 + to.a1), 1e-12); // halfway, linearly
  CHECK_NEAR(bq.c.b0, 0.5 * (from.b0 + to.b0), 1e-12);
  dsp_biquad_process(&bq, 15, buf, buf);
  CHECK(dsp_biquad_is_ramping(&bq), "still ramping after 31 samples");
  dsp_biquad_process(&bq, 1, buf, buf);
  CHECK(!dsp_biquad_is_ramping(&bq), "ramp done after 32 samples");
  CHECK_BYTES(&bq.c, &to, sizeof to);
}

// Largest second difference |y[n] - 2y[n-1] + y[n-2]| (a click detector) when a low-pass
// under a 200 Hz sine switches 300 Hz -> 3 kHz, at once or over `ramp` samples.
static double
largest_second_difference(const unsigned ramp)
{
  const DspBiquadCoefs lo = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 300.0, 0.7071, 0.0, FS);
  const DspBiquadCoefs hi = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 3000.0, 0.7071, 0.0, FS);
  DspBiquad bq;
  dsp_biquad_init(&bq);
  dsp_biquad_set(&bq, &lo);
  const size_t n = 9600;
  dsp_measure_sine(n, sig_in, 200.0, 1.0, FS, 0.0);
  dsp_biquad_process(&bq, 4800, sig_in, sig_out);
  dsp_biquad_set_target(&bq, &hi, ramp);
  dsp_biquad_process(&bq, 4800, sig_in + 4800, sig_out + 4800);
  double dd = 0.0;
  for (size_t i = 4002; i < n; ++i) {
    dd = fmax(dd, fabs((double)sig_out[i] - 2.0 * sig_out[i - 1] + sig_out[i - 2]));
  }
  return dd;
}

static void
a_32_sample_ramp_makes_the_switch_click_20_db_less(void)
{
  const double instant = largest_second_difference(0);
  const double ramped = largest_second_difference(DSP_BIQUAD_RAMP);
  // Measured: 0.387 at once, 0.0152 ramped (-28 dB); the sine alone has 0.0007.
  CHECK(ramped * 10.0 <= instant, "instant %.5f, ramped %.5f", instant, ramped);
  CHECK(ramped < 0.02, "ramped %.5f", ramped);
}

static void
out_of_range_designs_stay_stable(void)
{
  const DspBiquadType types[] = {DSP_BIQUAD_LOWPASS,   DSP_BIQUAD_HIGHPASS, DSP_BIQUAD_BANDPASS,
                                 DSP_BIQUAD_NOTCH,     DSP_BIQUAD_PEAK,     DSP_BIQUAD_LOWSHELF,
                                 DSP_BIQUAD_HIGHSHELF, DSP_BIQUAD_ALLPASS};
  const double freqs[] = {-5.0, 0.0, 30000.0, 1e9, NAN};
  const double qs[] = {0.0, -1.0, 1e-9, 50.0, NAN};
  for (int t = 0; t < 8; ++t) {
    for (int f = 0; f < 5; ++f) {
      for (int q = 0; q < 5; ++q) {
        const DspBiquadCoefs c = dsp_biquad_design(types[t], freqs[f], qs[q], 12.0, FS);
        // Stability triangle: |a2| < 1 and |a1| < 1 + a2.
        CHECK(isfinite(c.b0) && isfinite(c.b1) && isfinite(c.b2), "type %d f %g q %g: finite b", t,
              freqs[f], qs[q]);
        CHECK(fabs(c.a2) < 1.0 && fabs(c.a1) < 1.0 + c.a2, "type %d f %g q %g: a1 %g a2 %g", t,
              freqs[f], qs[q], c.a1, c.a2);
      }
    }
  }
}

static void
nan_input_is_forgotten_after_the_block(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 1000.0, 0.7071, 0.0, FS);
  DspBiquad bq, fresh;
  dsp_biquad_init(&bq);
  dsp_biquad_init(&fresh);
  dsp_biquad_set(&bq, &c);
  dsp_biquad_set(&fresh, &c);
  float buf[64];
  for (int i = 0; i < 64; ++i) {
    buf[i] = i == 10 ? NAN : 0.25f;
  }
  dsp_biquad_process(&bq, 64, buf, buf);
  CHECK(bq.z1 == 0.0 && bq.z2 == 0.0, "state reset: z1 %g z2 %g", bq.z1, bq.z2);
  float a[64], b[64];
  dsp_measure_sine(64, a, 1000.0, 0.5, FS, 0.0);
  memcpy(b, a, sizeof a);
  dsp_biquad_process(&bq, 64, a, a);
  dsp_biquad_process(&fresh, 64, b, b);
  CHECK_BYTES(a, b, sizeof a);
}

static void
silence_decays_to_an_exact_zero_state(void)
{
  const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_PEAK, 100.0, 8.0, 12.0, FS);
  DspBiquad bq;
  dsp_biquad_init(&bq);
  dsp_biquad_set(&bq, &c);
  float buf[480] = {1.0f};
  dsp_biquad_process(&bq, 480, buf, buf);
  CHECK(bq.z1 != 0.0, "ringing after the impulse");
  memset(buf, 0, sizeof buf);
  int blocks = 0;
  while ((bq.z1 != 0.0 || bq.z2 != 0.0) && blocks < 1000) {
    dsp_biquad_process(&bq, 480, buf, buf);
    ++blocks;
  }
  // 10 s of silence at most (the 100 Hz Q 8 peak decays 20 dB per ~0.12 s).
  CHECK(blocks < 1000, "state still %g after %d blocks", bq.z1, blocks);
}

static void
cascade_equals_each_section_in_turn_within_float_rounding(void)
{
  // 0..7 sections (groups of 3, 2 and 1), in place and not, through a ramp started on the
  // third section midway: every output sample within 1e-6 of processing section by section
  // (which rounds to float between sections; the cascade keeps double inside a group).
  const DspBiquadType types[7] = {DSP_BIQUAD_HIGHPASS, DSP_BIQUAD_LOWPASS,   DSP_BIQUAD_PEAK,
                                  DSP_BIQUAD_LOWSHELF, DSP_BIQUAD_HIGHSHELF, DSP_BIQUAD_LOWPASS,
                                  DSP_BIQUAD_HIGHPASS};
  const double f0[7] = {120.0, 7500.0, 630.0, 150.0, 1000.0, 10000.0, 55.0};
  enum { BLOCK = 32, BLOCKS = 40 };
  dsp_measure_sine(BLOCK * BLOCKS, sig_in, 441.0, 0.7, FS, 0.0);
  DspBiquad a[7], b[7];
  for (size_t count = 0; count <= 7; ++count) {
    for (size_t k = 0; k < count; ++k) {
      const DspBiquadCoefs c = dsp_biquad_design(types[k], f0[k], 0.8, 6.0, FS);
      dsp_biquad_init(&a[k]);
      dsp_biquad_set(&a[k], &c);
      dsp_biquad_init(&b[k]);
      dsp_biquad_set(&b[k], &c);
    }
    float ref[BLOCK], got[BLOCK];
    double worst = 0.0;
    for (int blk = 0; blk < BLOCKS; ++blk) {
      if (blk == BLOCKS / 2 && count >= 3) {
        const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_PEAK, 2000.0, 1.0, -9.0, FS);
        dsp_biquad_set_target(&a[2], &c, BLOCK);
        dsp_biquad_set_target(&b[2], &c, BLOCK);
      }
      const float* const x = sig_in + blk * BLOCK;
      memcpy(ref, x, sizeof ref);
      for (size_t k = 0; k < count; ++k) {
        dsp_biquad_process(&a[k], BLOCK, ref, ref);
      }
      if (blk % 2) {
        memcpy(got, x, sizeof got);
        dsp_biquad_process_cascade(b, count, BLOCK, got, got);
      } else {
        dsp_biquad_process_cascade(b, count, BLOCK, x, got);
      }
      for (int i = 0; i < BLOCK; ++i) {
        const double e = fabs((double)ref[i] - got[i]); // not fmax(): tests/arm64/README.md
        worst = e > worst ? e : worst;
      }
    }
    CHECK(worst <= 1e-6, "%zu sections: largest difference %g", count, worst);
    if (count == 7) {
      printf("     7 sections: largest difference %.3g\n", worst);
    }
  }
}

static void
chain_of_pointers_equals_the_cascade_bit_for_bit(void)
{
  // 0..7 sections held apart (every other one from a second array), through a ramp on the
  // third midway: the same output as dsp_biquad_process_cascade() on one array, exactly.
  enum { BLOCK = 32, BLOCKS = 40 };
  dsp_measure_sine(BLOCK * BLOCKS, sig_in, 441.0, 0.7, FS, 0.0);
  const double f0[7] = {120.0, 7500.0, 630.0, 150.0, 1000.0, 10000.0, 55.0};
  for (size_t count = 0; count <= 7; ++count) {
    DspBiquad a[7], b[7], other[7];
    DspBiquad* list[7];
    for (size_t k = 0; k < count; ++k) {
      const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_PEAK, f0[k], 0.8, 6.0, FS);
      dsp_biquad_init(&a[k]);
      dsp_biquad_set(&a[k], &c);
      DspBiquad* const s = k % 2 ? &other[k] : &b[k];
      dsp_biquad_init(s);
      dsp_biquad_set(s, &c);
      list[k] = s;
    }
    int differ = 0;
    for (int blk = 0; blk < BLOCKS; ++blk) {
      if (blk == BLOCKS / 2 && count >= 3) {
        const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_PEAK, 2000.0, 1.0, -9.0, FS);
        dsp_biquad_set_target(&a[2], &c, BLOCK);
        dsp_biquad_set_target(list[2], &c, BLOCK);
      }
      float ref[BLOCK], got[BLOCK];
      const float* const x = sig_in + blk * BLOCK;
      dsp_biquad_process_cascade(a, count, BLOCK, x, ref);
      memcpy(got, x, sizeof got);
      dsp_biquad_process_chain(list, count, BLOCK, got, got);
      for (int i = 0; i < BLOCK; ++i) {
        differ += ref[i] != got[i];
      }
    }
    CHECK(differ == 0, "%zu sections: %d samples differ", count, differ);
  }
}

static void
pair_equals_each_section_on_the_input_bit_for_bit(void)
{
  // A crossover's two branches in one loop, settled and through a ramp of one branch, the
  // input buffer also the first output: the same as dsp_biquad_process() on each.
  enum { BLOCK = 32, BLOCKS = 20 };
  dsp_measure_sine(BLOCK * BLOCKS, sig_in, 441.0, 0.7, FS, 0.0);
  DspBiquad p[2], q[2];
  const DspBiquadCoefs hp = dsp_biquad_design(DSP_BIQUAD_HIGHPASS, 3000.0, M_SQRT1_2, 0.0, FS);
  const DspBiquadCoefs lp = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 2000.0, M_SQRT1_2, 0.0, FS);
  for (int k = 0; k < 2; ++k) {
    dsp_biquad_init(&p[k]);
    dsp_biquad_set(&p[k], &hp);
    dsp_biquad_init(&q[k]);
    dsp_biquad_set(&q[k], &lp);
  }
  int differ = 0;
  for (int blk = 0; blk < BLOCKS; ++blk) {
    if (blk == BLOCKS / 2) {
      const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_LOWPASS, 500.0, 1.0, 0.0, FS);
      dsp_biquad_set_target(&q[0], &c, BLOCK);
      dsp_biquad_set_target(&q[1], &c, BLOCK);
    }
    const float* const x = sig_in + blk * BLOCK;
    float rp[BLOCK], rq[BLOCK], gp[BLOCK], gq[BLOCK];
    dsp_biquad_process(&p[0], BLOCK, x, rp);
    dsp_biquad_process(&q[0], BLOCK, x, rq);
    memcpy(gp, x, sizeof gp);
    dsp_biquad_process_pair(&p[1], &q[1], BLOCK, gp, gp, gq);
    for (int i = 0; i < BLOCK; ++i) {
      differ += (rp[i] != gp[i]) + (rq[i] != gq[i]);
    }
  }
  CHECK(differ == 0, "%d samples differ", differ);
}

static void
silence_into_a_cascade_at_rest_is_zeros_and_its_tail_is_kept(void)
{
  // A burst then silence through 1..7 sections: the cascade's tail (its sections still
  // ringing) matches the sections one at a time within float rounding, and silence from
  // rest gives exact zeros (the idle path).
  enum { BLOCK = 32, BLOCKS = 30 };
  static float x[BLOCK * BLOCKS];
  for (int i = 0; i < BLOCK * BLOCKS; ++i) {
    x[i] = i < 4 * BLOCK ? (float)(0.7 * sin(2.0 * M_PI * 441.0 * i / FS)) : 0.0f;
  }
  for (size_t count = 1; count <= 7; ++count) {
    DspBiquad a[7], b[7];
    for (size_t k = 0; k < count; ++k) {
      const DspBiquadCoefs c = dsp_biquad_design(DSP_BIQUAD_PEAK, 200.0 + 900.0 * k, 4.0, 9.0, FS);
      dsp_biquad_init(&a[k]);
      dsp_biquad_set(&a[k], &c);
      dsp_biquad_init(&b[k]);
      dsp_biquad_set(&b[k], &c);
    }
    float y[BLOCK];
    int nonzero = 0;
    dsp_biquad_process_cascade(b, count, BLOCK, x + BLOCK * (BLOCKS - 1), y);
    for (int i = 0; i < BLOCK; ++i) {
      nonzero += y[i] != 0.0f;
    }
    CHECK(nonzero == 0, "%zu sections: silence from rest gave %d non-zero samples", count, nonzero);
    double worst = 0.0, tail = 0.0;
    for (int blk = 0; blk < BLOCKS; ++blk) {
      float ref[BLOCK];
      memcpy(ref, x + blk * BLOCK, sizeof ref);
      for (size_t k = 0; k < count; ++k) {
        dsp_biquad_process(&a[k], BLOCK, ref, ref);
      }
      dsp_biquad_process_cascade(b, count, BLOCK, x + blk * BLOCK, y);
      for (int i = 0; i < BLOCK; ++i) {
        const double e = fabs((double)ref[i] - y[i]);
        worst = e > worst ? e : worst;
        tail += blk >= 4 ? fabs((double)y[i]) : 0.0;
      }
    }
    CHECK(worst <= 1e-6, "%zu sections: largest difference %g", count, worst);
    CHECK(tail > 1e-3, "%zu sections: no tail (%g)", count, tail);
  }
}

static void
chain_leaves_out_only_wires_at_rest(void)
{
  // Peak +6, peak 0 dB, low shelf 0 dB, high shelf +3 from rest: the chain gives the cascade of
  // the two non-zero bands bit for bit (a band at 0 dB is exactly a wire). A 0 dB band that
  // holds state (set by hand here) is no wire: the chain then equals the cascade with it.
  enum { BLOCK = 32, BLOCKS = 10 };
  dsp_measure_sine(BLOCK * BLOCKS, sig_in, 441.0, 0.7, FS, 0.0);
  const DspBiquadCoefs c[4] = {dsp_biquad_design(DSP_BIQUAD_PEAK, 800.0, 0.7, 6.0, FS),
                               dsp_biquad_design(DSP_BIQUAD_PEAK, 730.0, 1.0, 0.0, FS),
                               dsp_biquad_design(DSP_BIQUAD_LOWSHELF, 100.0, M_SQRT1_2, 0.0, FS),
                               dsp_biquad_design(DSP_BIQUAD_HIGHSHELF, 2000.0, M_SQRT1_2, 3.0, FS)};
  static const int kept[2][3] = {{0, 3, -1}, {0, 1, 3}};
  for (int phase = 0; phase < 2; ++phase) {
    DspBiquad all[4], ref[3];
    DspBiquad* const list[4] = {&all[0], &all[1], &all[2], &all[3]};
    for (int k = 0; k < 4; ++k) {
      dsp_biquad_init(&all[k]);
      dsp_biquad_set(&all[k], &c[k]);
    }
    const size_t nref = phase ? 3 : 2;
    for (size_t k = 0; k < nref; ++k) {
      dsp_biquad_init(&ref[k]);
      dsp_biquad_set(&ref[k], &c[kept[phase][k]]);
    }
    if (phase) {
      all[1].z1 = ref[1].z1 = 1e-3;
    }
    int differ = 0;
    for (int blk = 0; blk < BLOCKS; ++blk) {
      const float* const x = sig_in + blk * BLOCK;
      float got[BLOCK], want[BLOCK];
      dsp_biquad_process_chain(list, 4, BLOCK, x, got);
      dsp_biquad_process_cascade(ref, nref, BLOCK, x, want);
      for (int i = 0; i < BLOCK; ++i) {
        differ += got[i] != want[i];
      }
    }
    CHECK(differ == 0, "phase %d: %d samples differ", phase, differ);
  }
  // b0 = 1 and b1 = a1 but b2 != a2: no wire.
  const DspBiquadCoefs odd = {1.0, -0.5, 0.5, -0.5, 0.2};
  DspBiquad a, b;
  dsp_biquad_init(&a);
  dsp_biquad_set(&a, &odd);
  b = a;
  DspBiquad* const one[1] = {&a};
  float got[32], want[32];
  dsp_biquad_process_chain(one, 1, 32, sig_in, got);
  dsp_biquad_process_cascade(&b, 1, 32, sig_in, want);
  CHECK(memcmp(got, want, sizeof got) == 0, "b2 != a2 taken for a wire");
}

static void
groups_give_the_full_steps_values(void)
{
  // A distortion stage's chains: DC blocker, Butterworth LP and HP, peak, gain-bandwidth pole,
  // in groups of 2 to 6 (first-order sections first, last, both and neither), in blocks of 32
  // and of 3 (shorter than the software pipeline of dsp_biquad_group_k_()): the same output, bit
  // for bit, as every section's full TDF-II step in double, one sample through all sections at
  // a time, written out here. A first-order section with z2 set by hand (a second-order past)
  // takes the full step.
  enum { BLOCKS = 12, LEN = 12 * 32 };
  dsp_measure_sine(LEN, sig_in, 441.0, 0.9, FS, 0.0);
  const DspBiquadCoefs c[5] = {dsp_biquad_first_order(0.9993, -0.9993, -0.9987),
                               dsp_biquad_design(DSP_BIQUAD_LOWPASS, 6500.0, M_SQRT1_2, 0.0, FS),
                               dsp_biquad_design(DSP_BIQUAD_HIGHPASS, 190.0, M_SQRT1_2, 0.0, FS),
                               dsp_biquad_first_order(0.6, 0.0, -0.4),
                               dsp_biquad_design(DSP_BIQUAD_PEAK, 730.0, 1.0, 18.0, FS)};
  static const int pick[8][6] = {{0, 1, 2, 3, -1, -1},   {0, 1, -1, -1, -1, -1},
                                 {1, 3, -1, -1, -1, -1}, {1, 2, -1, -1, -1, -1},
                                 {0, 3, -1, -1, -1, -1}, {0, 1, 2, -1, -1, -1},
                                 {0, 1, 2, 2, 3, -1},    {0, 2, 1, 4, 4, 3}};
  static const size_t count[8] = {4, 2, 2, 2, 2, 3, 5, 6};
  static const size_t block[2] = {32, 3};
  for (int z2 = 0; z2 < 2; ++z2) {
    for (int t = 0; t < 8; ++t) {
      for (int bl = 0; bl < 2; ++bl) {
        const size_t k = count[t];
        DspBiquad s[6];
        DspBiquad* list[6];
        DspBiquadCoefs rc[6];
        double r1[6] = {0.0}, r2[6] = {0.0};
        for (size_t j = 0; j < k; ++j) {
          rc[j] = c[pick[t][j]];
          dsp_biquad_init(&s[j]);
          dsp_biquad_set(&s[j], &rc[j]);
          list[j] = &s[j];
        }
        if (z2) {
          s[0].z2 = r2[0] = 1e-3;
        }
        int differ = 0;
        for (size_t at = 0; at + block[bl] <= LEN; at += block[bl]) {
          const float* const x = sig_in + at;
          float got[32];
          dsp_biquad_process_chain(list, k, block[bl], x, got);
          for (size_t i = 0; i < block[bl]; ++i) {
            double v = x[i];
            for (size_t j = 0; j < k; ++j) {
              const double y = rc[j].b0 * v + r1[j];
              r1[j] = (rc[j].b1 * v + r2[j]) - rc[j].a1 * y;
              r2[j] = rc[j].b2 * v - rc[j].a2 * y;
              v = y;
            }
            differ += (float)v != got[i];
          }
        }
        CHECK(differ == 0, "%zu sections (set %d), blocks of %zu, z2 %d: %d samples differ", k, t,
              block[bl], z2, differ);
      }
    }
  }
}

int
main(void)
{
  RUN(lowpass_is_minus_3_01_db_at_f0_for_q_0_7071);
  RUN(highpass_is_minus_3_01_db_at_f0_for_q_0_7071);
  RUN(peaking_eq_gives_exactly_its_gain_at_f0);
  RUN(peaking_eq_bandwidth_does_not_depend_on_gain);
  RUN(legacy_peak_equals_cookbook_with_q_times_a);
  RUN(low_shelf_gives_its_gain_at_dc_half_at_f0_and_zero_at_nyquist);
  RUN(high_shelf_gives_zero_at_dc_half_at_f0_and_its_gain_at_nyquist);
  RUN(bandpass_peaks_at_0_db_and_notch_nulls_at_f0);
  RUN(allpass_is_flat_and_inverts_at_f0);
  RUN(processing_in_place_matches_out_of_place);
  RUN(cascade_equals_each_section_in_turn_within_float_rounding);
  RUN(chain_of_pointers_equals_the_cascade_bit_for_bit);
  RUN(pair_equals_each_section_on_the_input_bit_for_bit);
  RUN(silence_into_a_cascade_at_rest_is_zeros_and_its_tail_is_kept);
  RUN(chain_leaves_out_only_wires_at_rest);
  RUN(groups_give_the_full_steps_values);
  RUN(ramp_reaches_the_target_exactly_after_32_samples);
  RUN(a_32_sample_ramp_makes_the_switch_click_20_db_less);
  RUN(out_of_range_designs_stay_stable);
  RUN(nan_input_is_forgotten_after_the_block);
  RUN(silence_decays_to_an_exact_zero_state);
  return jam_test_summary();
}
