// SPDX-License-Identifier: ISC
/// Noise Gate: passes at unity when open, attenuates when closed, dB20 threshold with 4 dB of
/// hysteresis, hold and release timing.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

#define RATE 48000.0

/// Runs a 1 kHz sine whose level (dBFS peak) steps from a to b at `at` seconds; returns the
/// output (n = total seconds · RATE samples, caller frees) and the input in *in_out.
static float*
run_steps(Pedal* const p, const double a_db, const double b_db, const double at, const double total,
          float** const in_out)
{
  const size_t n = (size_t)(total * RATE), k = (size_t)(at * RATE);
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  for (size_t i = 0; i < n; ++i) {
    const double amp = pow(10.0, (i < k ? a_db : b_db) / 20.0);
    in[i] = (float)(amp * sin(2.0 * M_PI * 1000.0 * (double)i / RATE));
  }
  pedal_run(p, in, out, n);
  *in_out = in;
  return out;
}

static void
an_open_gate_passes_1khz_at_unity_within_0_1_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "noise-gate", RATE) == 0, "open");
  CHECK_NEAR(harness_gain_db(&p, 1000.0, 0.1, 0.2), 0.0, 0.1);
  pedal_close(&p);
}

static void
a_closed_gate_attenuates_a_signal_below_the_threshold_by_more_than_80_db(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "noise-gate", RATE) == 0, "open");
  float* in = NULL;
  // -20 dBFS opens it; -70 dBFS (threshold -50, closes at -54) lets it close.
  float* const out = run_steps(&p, -20.0, -70.0, 0.2, 2.5, &in);
  // Closed after 39 ms (detector) + 40 ms hold; the 100 ms release reaches 0 within 1.4 s.
  const size_t from = (size_t)(2.0 * RATE), len = (size_t)(0.5 * RATE);
  const double out_rms = harness_rms(out + from, len);
  const double att = harness_db(out_rms) - harness_db(harness_rms(in + from, len));
  if (out_rms == 0.0) {
    printf("     closed: the output is exactly 0 (gain 0)\n");
  } else {
    printf("     attenuation when closed: %.1f dB\n", att);
  }
  CHECK(att < -80.0, "attenuation %.1f dB", att);
  free(in);
  free(out);
  pedal_close(&p);
}

static void
the_threshold_is_amplitude_db_with_4_db_hysteresis(void)
{
  // From closed: -47 dBFS (above -50) opens; -52 dBFS (below -50) does not.
  static const double levels[] = {-47.0, -52.0};
  static const int opens[] = {1, 0};
  for (int i = 0; i < 2; ++i) {
    Pedal p;
    CHECK(pedal_open(&p, "noise-gate", RATE) == 0, "open");
    const double g = harness_gain_db(&p, 1000.0, pow(10.0, levels[i] / 20.0), 0.3);
    CHECK(opens[i] ? g > -0.1 : g < -60.0, "%.0f dBFS: gain %.1f dB", levels[i], g);
    pedal_close(&p);
  }
  // Once open, -52 dBFS stays open (it closes only below -54).
  Pedal p;
  CHECK(pedal_open(&p, "noise-gate", RATE) == 0, "open");
  float* in = NULL;
  float* const out = run_steps(&p, -40.0, -52.0, 0.2, 1.2, &in);
  const size_t from = (size_t)(0.9 * RATE), len = (size_t)(0.3 * RATE);
  CHECK_NEAR(harness_db(harness_rms(out + from, len)) - harness_db(harness_rms(in + from, len)),
             0.0, 0.1);
  free(in);
  free(out);
  pedal_close(&p);
}

static void
the_gate_holds_then_releases_with_its_time_constant(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "noise-gate", RATE) == 0, "open");
  pedal_set(&p, "hold", 100.0f);
  pedal_set(&p, "release", 50.0f);
  float* in = NULL;
  float* const out = run_steps(&p, -20.0, -70.0, 0.2, 1.0, &in);
  // Gain = output / input over 2 ms windows (2 cycles).
  const size_t w = 96;
#define GAIN_AT(t)                                                                                 \
  (harness_rms(out + (size_t)((t)*RATE), w) / harness_rms(in + (size_t)((t)*RATE), w))
  // The detector (10 ms release) takes ~39 ms to fall from -20 to -54 dBFS; then 100 ms hold.
  CHECK_NEAR(GAIN_AT(0.2 + 0.1), 1.0, 0.01);
  // Released: 50 ms time constant, so 4 time constants after the hold ends it is below 0.03.
  const double g = GAIN_AT(0.2 + 0.039 + 0.1 + 0.2);
  CHECK(g < 0.03 && g > 0.005, "gain %g 200 ms into the release", g);
  CHECK(GAIN_AT(0.9) < 1e-4, "gain %g at the end", GAIN_AT(0.9));
#undef GAIN_AT
  free(in);
  free(out);
  pedal_close(&p);
}

int
main(void)
{
  RUN(an_open_gate_passes_1khz_at_unity_within_0_1_db);
  RUN(a_closed_gate_attenuates_a_signal_below_the_threshold_by_more_than_80_db);
  RUN(the_threshold_is_amplitude_db_with_4_db_hysteresis);
  RUN(the_gate_holds_then_releases_with_its_time_constant);
  return jam_test_summary();
}
