// SPDX-License-Identifier: ISC
// rtjam-probe's maths: the MLS is maximal, and correlation finds a delayed, scaled, noisy copy.

#include "check.h"
#include "tools/probe/correlate.h"

#include <stdlib.h>

static void
mls_is_balanced_with_flat_circular_autocorrelation(void)
{
  static float s[1 << 10];
  const size_t n = probe_mls(10, s);
  CHECK_INT(n, 1023);
  int sum = 0;
  for (size_t i = 0; i < n; ++i) {
    sum += (int)s[i];
  }
  CHECK_INT(sum, 1); // 512 ones, 511 minus ones
  int off_peak_ok = 0;
  for (size_t lag = 1; lag < n; ++lag) {
    int acc = 0;
    for (size_t i = 0; i < n; ++i) {
      acc += (int)(s[i] * s[(i + lag) % n]);
    }
    off_peak_ok += acc == -1;
  }
  CHECK_INT(off_peak_ok, 1022);
  CHECK_INT(probe_mls(3, s), 0);
}

static void
correlation_finds_a_delayed_scaled_noisy_copy_to_the_frame(void)
{
  static float ref[8191];
  const size_t n = probe_mls(13, ref);
  const size_t delay = 1234;
  const size_t len = n + 4000;
  float* rec = calloc(len, sizeof *rec);
  unsigned seed = 1;
  for (size_t i = 0; i < len; ++i) {
    seed = seed * 1103515245u + 12345u;
    rec[i] = 0.05f * ((float)((seed >> 8) & 0xFFFF) / 32768.0f - 1.0f); // noise, -29 dB
  }
  for (size_t i = 0; i < n; ++i) {
    rec[delay + i] += 0.25f * ref[i]; // -12.04 dB
  }
  ProbeMatch m;
  CHECK_INT(probe_correlate(ref, n, rec, len, &m), 0);
  CHECK_INT(m.lag, delay);
  CHECK_NEAR(m.gain_db, -12.04, 0.1);
  CHECK(m.correlation > 0.9, "correlation %.3f", m.correlation);
  CHECK_INT(probe_correlate(ref, n, rec, n - 1, &m), -1);
  free(rec);
}

static void
correlation_of_silence_is_zero(void)
{
  static float ref[255];
  static float rec[1000];
  const size_t n = probe_mls(8, ref);
  ProbeMatch m;
  CHECK_INT(probe_correlate(ref, n, rec, 1000, &m), 0);
  CHECK_NEAR(m.correlation, 0.0, 0.0);
}

int
main(void)
{
  RUN(mls_is_balanced_with_flat_circular_autocorrelation);
  RUN(correlation_finds_a_delayed_scaled_noisy_copy_to_the_frame);
  RUN(correlation_of_silence_is_zero);
  return jam_test_summary();
}
