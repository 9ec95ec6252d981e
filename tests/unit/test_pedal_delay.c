// SPDX-License-Identifier: ISC
/// Delay: echo time exact to the sample at several rates, wet level, repeat gain
/// 0.98·feedback, bounded and decaying at feedback 1.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

/// Index of the largest |sample| in buf[from..to).
static size_t
argmax(const float* const buf, const size_t from, const size_t to)
{
  size_t best = from;
  for (size_t i = from; i < to; ++i) {
    if (fabsf(buf[i]) > fabsf(buf[best])) {
      best = i;
    }
  }
  return best;
}

static void
the_echo_of_an_impulse_arrives_exactly_duration_times_rate_samples_later(void)
{
  static const double rates[] = {44100.0, 48000.0, 96000.0};
  static const float durations[] = {250.0f, 123.0f, 500.0f, 2.0f};
  for (int r = 0; r < 3; ++r) {
    for (int d = 0; d < 4; ++d) {
      Pedal p;
      CHECK(pedal_open(&p, "delay", rates[r]) == 0, "open");
      pedal_set(&p, "duration", durations[d]);
      pedal_set(&p, "drift", -60.0f); // no modulation
      pedal_set(&p, "feedback", 0.0f);
      pedal_set(&p, "level", 0.5f);
      const size_t n = (size_t)(0.6 * rates[r]);
      float* const buf = harness_alloc(n);
      buf[0] = 1.0f;
      pedal_run(&p, buf, buf, n);
      const double exact = durations[d] * 1e-3 * rates[r];
      const size_t want = (size_t)llround(exact);
      const size_t got = argmax(buf, 1, n);
      CHECK(got == want, "%g ms at %g Hz: echo at %zu, want %zu", (double)durations[d], rates[r],
            got, want);
      CHECK_NEAR(buf[0], 1.0, 1e-7); // dry at unity
      if (exact == (double)want) {
        CHECK_NEAR(buf[want], 0.5, 1e-6); // a whole number of samples: the wet impulse, exact
      }
      free(buf);
      pedal_close(&p);
    }
  }
}

static void
each_repeat_is_0_98_times_feedback_of_the_previous(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "delay", 48000.0) == 0, "open");
  pedal_set(&p, "duration", 200.0f);
  pedal_set(&p, "drift", -60.0f);
  pedal_set(&p, "feedback", 0.5f);
  pedal_set(&p, "level", 1.0f);
  const size_t n = 48000, burst = 960; // 20 ms of 1 kHz, small enough for tanh to be linear
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, burst, 1000.0, 0.01, 48000.0);
  pedal_run(&p, in, out, n);
  const double e1 = harness_amplitude(out + 9600 + 96, burst - 192, 1000.0, 48000.0);
  const double e2 = harness_amplitude(out + 19200 + 96, burst - 192, 1000.0, 48000.0);
  CHECK_NEAR(harness_db(e1), harness_db(0.01), 0.05);
  // Loop filter "Dig" (10 kHz Butterworth) is -0.004 dB at 1 kHz.
  CHECK_NEAR(harness_db(e2 / e1), harness_db(0.98 * 0.5), 0.1);
  free(in);
  free(out);
  pedal_close(&p);
}

static void
feedback_1_stays_bounded_and_decays(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "delay", 48000.0) == 0, "open");
  pedal_set(&p, "duration", 50.0f);
  pedal_set(&p, "feedback", 1.0f);
  pedal_set(&p, "level", 1.0f);
  const size_t n = 48000 * 6;
  float* const buf = harness_alloc(n);
  harness_sine(buf, 48000, 1000.0, 1.0, 48000.0);
  pedal_run(&p, buf, buf, n);
  const double early = harness_rms(buf + 48000, 48000);
  const double late = harness_rms(buf + 5 * 48000, 48000);
  CHECK(harness_peak(buf, n) < 4.0, "peak %g", harness_peak(buf, n));
  CHECK(late < early * 0.5, "tail %g dB -> %g dB", harness_db(early), harness_db(late));
  free(buf);
  pedal_close(&p);
}

int
main(void)
{
  RUN(the_echo_of_an_impulse_arrives_exactly_duration_times_rate_samples_later);
  RUN(each_repeat_is_0_98_times_feedback_of_the_previous);
  RUN(feedback_1_stays_bounded_and_decays);
  return jam_test_summary();
}
