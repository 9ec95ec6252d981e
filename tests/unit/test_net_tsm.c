// SPDX-License-Identifier: ISC
// Splices for depth changes (plugins/net/tsm.c): the lag search finds whole periods, the
// crossfade goes from one signal to the other, and jam_jitter_peek reads without consuming.

#include "check.h"
#include "common/jitter.h"
#include "plugins/net/tsm.h"

enum { N = 1024 };

// A 300 Hz tone at 48 kHz has a period of exactly 160 samples.
static void
the_best_lag_of_a_tone_is_a_whole_period(void)
{
  float a[N];
  float b[N];
  for (size_t i = 0; i < N; ++i) {
    a[i] = 0.5f * sinf(2.0f * (float)M_PI * 300.0f * (float)i / 48000.0f);
    b[i] = -0.25f * a[i]; // the other channel: anti-phase, quieter
  }
  const float* const ch[2] = {a, b};
  CHECK_INT(net_tsm_best_lag(ch, ch, 16, 256), 160);
  CHECK_INT(net_tsm_best_lag(ch, ch, 200, 400), 320);
}

static void
the_crossfade_goes_from_a_to_b(void)
{
  float a[NET_TSM_XFADE];
  float b[NET_TSM_XFADE];
  float out[NET_TSM_XFADE];
  for (size_t i = 0; i < NET_TSM_XFADE; ++i) {
    a[i] = 1.0f;
    b[i] = -1.0f;
  }
  net_tsm_crossfade(out, a, b, NET_TSM_XFADE);
  // Raised cosine over n + 1 steps: w_i = (1 - cos(pi (i + 1) / (n + 1))) / 2.
  const double w0 = 0.5 - 0.5 * cos(M_PI / (NET_TSM_XFADE + 1));
  CHECK_NEAR(out[0], 1.0 - 2.0 * w0, 1e-6);
  CHECK_NEAR(out[NET_TSM_XFADE / 2 - 1], 1.0 - 2.0 * (0.5 - 0.5 * cos(M_PI * 16.0 / 33.0)), 1e-6);
  CHECK_NEAR(out[NET_TSM_XFADE - 1], -1.0 + 2.0 * w0, 1e-6);
}

static void
peek_reads_without_consuming(void)
{
  JamJitter* j = jam_jitter_new(16, 4);
  float in[12];
  float out[12] = {0};
  for (int i = 0; i < 12; ++i) {
    in[i] = (float)i;
  }
  jam_jitter_put(j, in, 12);
  jam_jitter_get(j, out, 10); // head moves to 10: the next puts wrap around the ring
  jam_jitter_put(j, in, 12);  // fill 14: 10, 11, 0, 1, ..., 11
  CHECK_INT(jam_jitter_peek(j, out, 1, 5), 5);
  CHECK_NEAR(out[0], 11.0, 0.0);
  CHECK_NEAR(out[1], 0.0, 0.0);
  CHECK_NEAR(out[4], 3.0, 0.0);
  CHECK_INT(jam_jitter_fill(j), 14);
  CHECK_INT(jam_jitter_peek(j, out, 12, 5), 2); // only 2 left past offset 12
  CHECK_INT(jam_jitter_peek(j, out, 14, 5), 0);
  jam_jitter_free(j);
}

int
main(void)
{
  RUN(the_best_lag_of_a_tone_is_a_whole_period);
  RUN(the_crossfade_goes_from_a_to_b);
  RUN(peek_reads_without_consuming);
  return jam_test_summary();
}
