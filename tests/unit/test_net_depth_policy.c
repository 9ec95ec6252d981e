// SPDX-License-Identifier: ISC
// The auto depth policy (plugins/net/depth_policy.c) on synthetic arrival traces: the time is
// the arrival stamps the test makes, so the answers do not depend on the machine.

#include "check.h"
#include "plugins/net/depth_policy.h"

#include <stdio.h>

#define PKT_US (64.0 * 1e6 / 48000.0) // 1333.33 µs

static unsigned seed;
static double
uniform01(void)
{
  seed = seed * 1103515245u + 12345u;
  return (double)((seed >> 8) & 0xffffffu) / 16777216.0;
}

static uint64_t
nominal(const uint64_t seq)
{
  return 1000000u + (uint64_t)((double)seq * PKT_US);
}

static void
a_clean_path_needs_no_allowance(void)
{
  NetDepthPolicy p;
  net_depth_init(&p, 0.0);
  for (uint64_t s = 0; s < 7500; ++s) {
    net_depth_arrival(&p, s, nominal(s), PKT_US);
  }
  CHECK(net_depth_allowance_us(&p) <= 1.0, "allowance %.3f µs", net_depth_allowance_us(&p));
}

// Lateness uniform on [0, U): the allowance is the (1 - rate) quantile, U (1 - rate), within
// one 0.1-ms bin above it (bins are rounded up) and never above the largest lateness seen.
static void
uniform_jitter_gives_its_quantile(void)
{
  const double u = 8000.0;
  const double rates[2] = {0.0005, 0.02};
  for (unsigned k = 0; k < 2; ++k) {
    NetDepthPolicy p;
    net_depth_init(&p, rates[k]);
    seed = 5;
    for (uint64_t s = 0; s < 7500; ++s) {
      net_depth_arrival(&p, s, nominal(s) + (uint64_t)(u * uniform01()), PKT_US);
    }
    const double expect = u * (1.0 - rates[k]);
    printf("  rate %.2f%%: allowance %.0f µs for a quantile of %.0f µs\n", 100.0 * rates[k],
           net_depth_allowance_us(&p), expect);
    CHECK(net_depth_allowance_us(&p) >= expect - 100.0 &&
              net_depth_allowance_us(&p) <= expect + 200.0,
          "allowance %.0f µs, quantile %.0f", net_depth_allowance_us(&p), expect);
  }
}

// Jitter rises from 1 ms to 6 ms at t = 8 s and falls back at t = 16 s.
static void
a_rise_is_followed_at_once_and_a_fall_steadily(void)
{
  NetDepthPolicy p;
  net_depth_init(&p, 0.0);
  seed = 9;
  double at_rise_plus_50ms = 0.0;
  double fall_done_s = -1.0;
  for (uint64_t s = 0; s < 30000; ++s) {
    const double t = (double)s * PKT_US / 1e6;
    const double u = t >= 8.0 && t < 16.0 ? 6000.0 : 1000.0;
    net_depth_arrival(&p, s, nominal(s) + (uint64_t)(u * uniform01()), PKT_US);
    if (at_rise_plus_50ms == 0.0 && t >= 8.05) {
      at_rise_plus_50ms = net_depth_allowance_us(&p);
    }
    if (fall_done_s < 0.0 && t > 16.0 && net_depth_allowance_us(&p) <= 1100.0) {
      fall_done_s = t - 16.0;
    }
  }
  printf("  allowance 50 ms after the rise: %.0f µs; back under 1.1 ms %.2f s after the fall\n",
         at_rise_plus_50ms, fall_done_s);
  // 37 packets into the rise, ~0.6 % of a 6-s window exceeds the old 1 ms: the quantile jumps
  // to the new range at once (at least 5 of the 6 ms).
  CHECK(at_rise_plus_50ms >= 5000.0, "allowance %.0f µs", at_rise_plus_50ms);
  // The fall: the late packets leave the window after 3..6 s, then the allowance sheds 5 ms/s:
  // from 6 ms to 1.1 ms takes about 1 s more; at most 6 + 1 s.
  CHECK(fall_done_s > 3.0 && fall_done_s <= 7.0, "%.2f s", fall_done_s);
}

// A 200-ms freeze every 10 s from 11 s, releasing its backlog at once, on a path with 1 ms of
// jitter.
static void
a_stall_does_not_hold_the_allowance_up(void)
{
  NetDepthPolicy p;
  net_depth_init(&p, 0.0);
  seed = 11;
  double worst = 0.0;
  for (uint64_t s = 0; s < 30000; ++s) {
    uint64_t at = nominal(s) + (uint64_t)(1000.0 * uniform01());
    const uint64_t rel = (at - 1000000u) % 10000000u;
    if (at > 5000000u && rel < 200000u) {
      at += 200000u - rel; // held until the freeze ends
    }
    net_depth_arrival(&p, s, at, PKT_US);
    if (at > 3000000u) {
      worst = net_depth_allowance_us(&p) > worst ? net_depth_allowance_us(&p) : worst;
    }
  }
  printf("  3 stalls of 200 ms: %llu counted as stalls, largest allowance %.0f µs\n",
         (unsigned long long)p.stalls, worst);
  CHECK_INT(p.stalls, 3); // at 11, 21 and 31 s of the 40-s trace
  CHECK(worst <= 1100.0, "allowance rose to %.0f µs", worst); // the 1-ms jitter, one bin up
}

// A 30-ms freeze every 0.5 s: 12 stalls in a 6-s window, far more than the 2 the rate
// allows: that is the path's jitter, and the allowance covers it.
static void
frequent_stalls_are_jitter(void)
{
  NetDepthPolicy p;
  net_depth_init(&p, 0.0);
  seed = 17;
  for (uint64_t s = 0; s < 7500; ++s) {
    uint64_t at = nominal(s) + (uint64_t)(1000.0 * uniform01());
    const uint64_t rel = (at - 1000000u) % 500000u;
    if (at > 2000000u && rel < 30000u) {
      at += 30000u - rel;
    }
    net_depth_arrival(&p, s, at, PKT_US);
  }
  printf("  a 30-ms freeze every 0.5 s: %llu stalls, allowance %.0f µs\n",
         (unsigned long long)p.stalls, net_depth_allowance_us(&p));
  // The packets held longest wait the whole freeze: 30 ms (the backlog's first packets).
  CHECK(net_depth_allowance_us(&p) >= 29000.0, "allowance %.0f µs", net_depth_allowance_us(&p));
}

// The path's delay steps up by 16 ms at t = 5 s (a sender that resynchronised its audio clock
// after an xrun, a route change) and stays there: a level shift, not jitter.
static void
a_level_shift_is_not_taken_for_jitter(void)
{
  NetDepthPolicy p;
  net_depth_init(&p, 0.0);
  seed = 13;
  double back_at = -1.0;
  for (uint64_t s = 0; s < 7500; ++s) {
    const double t = (double)s * PKT_US / 1e6;
    const uint64_t step = t >= 5.0 ? 16000u : 0u;
    net_depth_arrival(&p, s, nominal(s) + step + (uint64_t)(1000.0 * uniform01()), PKT_US);
    if (t > 5.0 && net_depth_allowance_us(&p) > 1100.0) {
      back_at = -1.0;
    } else if (t > 5.0 && back_at < 0.0) {
      back_at = t - 5.0;
    }
  }
  printf(
      "  16-ms level shift: allowance back under 1.1 ms %.2f s after it, and stays (%llu shift)\n",
      back_at, (unsigned long long)p.shifts);
  // 32 steady packets (43 ms) make the shift; the allowance never leaves the old jitter's.
  CHECK(back_at >= 0.0 && back_at <= 0.05, "%.2f s", back_at);
  CHECK_INT(p.shifts, 1);
}

int
main(void)
{
  RUN(a_clean_path_needs_no_allowance);
  RUN(uniform_jitter_gives_its_quantile);
  RUN(a_rise_is_followed_at_once_and_a_fall_steadily);
  RUN(a_stall_does_not_hold_the_allowance_up);
  RUN(a_level_shift_is_not_taken_for_jitter);
  RUN(frequent_stalls_are_jitter);
  return jam_test_summary();
}
