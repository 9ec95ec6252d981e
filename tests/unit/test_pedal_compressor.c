// SPDX-License-Identifier: ISC
/// Compressor: the static curve within 0.5 dB of T + (L - T)/R, unity at ratio 1, make-up in
/// amplitude dB, attack settling.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

#define RATE 48000.0

/// Output level (dBFS) of a steady square wave of amplitude 10^(level/20) (|x| is constant,
/// so the peak detector settles exactly on it).
static double
square_out_db(Pedal* const p, const double level_db)
{
  const size_t n = (size_t)(1.5 * RATE);
  float* const buf = harness_alloc(n);
  const float a = (float)pow(10.0, level_db / 20.0);
  for (size_t i = 0; i < n; ++i) {
    buf[i] = ((i / 24) & 1) ? a : -a; // 1 kHz square
  }
  pedal_run(p, buf, buf, n);
  const double out = harness_db(harness_rms(buf + n - 4800, 4800));
  free(buf);
  return out;
}

static void
the_static_curve_is_within_0_5_db_of_its_formula(void)
{
  static const double levels[] = {-50.0, -30.0, -20.0, -15.0, -10.0, -3.0, 0.0};
  const double t = -20.0, r = 4.0, makeup = 3.0;
  for (int i = 0; i < 7; ++i) {
    Pedal p;
    CHECK(pedal_open(&p, "compressor", RATE) == 0, "open");
    pedal_set(&p, "threshold", (float)t);
    pedal_set(&p, "ratio", (float)r);
    pedal_set(&p, "level", (float)makeup);
    const double l = levels[i];
    const double want = (l > t ? t + (l - t) / r : l) + makeup;
    const double got = square_out_db(&p, l);
    printf("     in %6.1f dBFS -> out %6.2f dBFS (formula %6.2f)\n", l, got, want);
    CHECK_NEAR(got, want, 0.5);
    pedal_close(&p);
  }
}

static void
ratio_20_with_threshold_minus_40_holds_the_output_near_the_threshold(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "compressor", RATE) == 0, "open");
  pedal_set(&p, "threshold", -40.0f);
  pedal_set(&p, "ratio", 20.0f);
  CHECK_NEAR(square_out_db(&p, -10.0), -40.0 + 30.0 / 20.0, 0.5);
  pedal_close(&p);
}

static void
ratio_1_is_unity_and_make_up_is_amplitude_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "compressor", RATE) == 0, "open");
  pedal_set(&p, "ratio", 1.0f);
  CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.5, 0.2), 0.0, 0.1);
  pedal_close(&p);
  CHECK(pedal_open(&p, "compressor", RATE) == 0, "open");
  pedal_set(&p, "ratio", 1.0f);
  pedal_set(&p, "level", 6.0f);
  CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.1, 0.2), 6.0, 0.1);
  pedal_close(&p);
}

static void
a_step_above_the_threshold_settles_within_5_attack_times(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "compressor", RATE) == 0, "open");
  pedal_set(&p, "threshold", -30.0f);
  pedal_set(&p, "ratio", 4.0f);
  pedal_set(&p, "attack", 10.0f);
  const size_t n = (size_t)(0.5 * RATE), step = (size_t)(0.2 * RATE);
  float* const buf = harness_alloc(n);
  for (size_t i = 0; i < n; ++i) {
    const float a = i < step ? 0.01f : 0.5f;
    buf[i] = ((i / 24) & 1) ? a : -a;
  }
  pedal_run(&p, buf, buf, n);
  const double want = -30.0 + (harness_db(0.5) + 30.0) / 4.0;
  const double at_50ms = harness_db(harness_rms(buf + step + 2400 - 96, 96));
  CHECK_NEAR(at_50ms, want, 0.5);
  free(buf);
  pedal_close(&p);
}

// A threshold swept -40 -> -10 dB over 200 ms on a steady 0.3 input: the output glides, with
// no step on the 64-frame sub-block boundaries (before, the curve moved once per sub-block:
// 1.8 % steps of the level, a 750-Hz zipper; the make-up gain, ramped per sample, 0.04 %).
static void
a_threshold_sweep_glides_without_sub_block_steps(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "compressor", RATE) == 0, "open");
  pedal_set(&p, "threshold", -40.0f);
  pedal_set(&p, "ratio", 4.0f);
  enum { BLOCK = 256, SWEEP = 38 };
  float in[BLOCK], out[BLOCK];
  for (int i = 0; i < BLOCK; ++i) {
    in[i] = 0.3f;
  }
  for (int b = 0; b < 400; ++b) { // settle (2 s)
    pedal_run(&p, in, out, BLOCK);
  }
  float last = out[BLOCK - 1];
  double max_step = 0.0, boundary_step = 0.0, inner_step = 0.0;
  for (int b = 0; b < SWEEP; ++b) {
    pedal_set(&p, "threshold", -40.0f + 30.0f * (float)b / (SWEEP - 1));
    pedal_run(&p, in, out, BLOCK);
    for (int i = 0; i < BLOCK; ++i) {
      const double d = fabs((double)out[i] - (double)last);
      max_step = fmax(max_step, d);
      if (i % 64 == 0) {
        boundary_step = fmax(boundary_step, d);
      } else {
        inner_step = fmax(inner_step, d);
      }
      last = out[i];
    }
  }
  printf(
      "     largest step %.4f %% of the level (on sub-block boundaries %.4f %%, inside %.4f %%)\n",
      100.0 * max_step / last, 100.0 * boundary_step / last, 100.0 * inner_step / last);
  CHECK(max_step / last < 0.002, "largest per-sample step %.4f %% of the level (bound 0.2 %%)",
        100.0 * max_step / last);
  CHECK(boundary_step < 2.0 * inner_step + 1e-6,
        "boundary steps %.6f no larger than twice the inner ones %.6f", boundary_step, inner_step);
  pedal_close(&p);
}

int
main(void)
{
  RUN(the_static_curve_is_within_0_5_db_of_its_formula);
  RUN(ratio_20_with_threshold_minus_40_holds_the_output_near_the_threshold);
  RUN(ratio_1_is_unity_and_make_up_is_amplitude_db);
  RUN(a_step_above_the_threshold_settles_within_5_attack_times);
  RUN(a_threshold_sweep_glides_without_sub_block_steps);
  return jam_test_summary();
}
