// SPDX-License-Identifier: ISC
// Per-source rate limiting (GCRA token bucket): burst size, sustained rate, refill.

#include "check.h"
#include "server/ratelimit.h"

static const uint64_t t0 = 1000000000ull; // µs

static void
a_burst_of_200_passes_and_the_201st_is_refused(void)
{
  BcastRateLimit limit;
  bcast_ratelimit_init(&limit, 2000, 200);
  BcastRate r;
  bcast_rate_init(&r, t0);
  int passed = 0;
  for (int i = 0; i < 201; ++i) {
    passed += bcast_rate_take(&r, &limit, t0);
  }
  CHECK_INT(passed, 200);
}

static void
after_a_burst_one_packet_passes_every_500_us_at_2000_per_second(void)
{
  BcastRateLimit limit;
  bcast_ratelimit_init(&limit, 2000, 200);
  CHECK_INT(limit.interval_ns, 500000);
  BcastRate r;
  bcast_rate_init(&r, t0);
  for (int i = 0; i < 200; ++i) {
    bcast_rate_take(&r, &limit, t0);
  }
  CHECK_INT(bcast_rate_take(&r, &limit, t0 + 499), 0);
  CHECK_INT(bcast_rate_take(&r, &limit, t0 + 500), 1);
  CHECK_INT(bcast_rate_take(&r, &limit, t0 + 500), 0);
  CHECK_INT(bcast_rate_take(&r, &limit, t0 + 1000), 1);
}

static void
a_64_frame_client_at_750_per_second_is_never_limited(void)
{
  BcastRateLimit limit;
  bcast_ratelimit_init(&limit, 2000, 200);
  BcastRate r;
  bcast_rate_init(&r, t0);
  int refused = 0;
  for (int i = 0; i < 7500; ++i) { // 10 s of 1333-µs periods
    refused += !bcast_rate_take(&r, &limit, t0 + (uint64_t)i * 1333u);
  }
  CHECK_INT(refused, 0);
}

static void
a_flood_at_10000_per_second_gets_2000_per_second_plus_the_burst(void)
{
  BcastRateLimit limit;
  bcast_ratelimit_init(&limit, 2000, 200);
  BcastRate r;
  bcast_rate_init(&r, t0);
  int passed = 0;
  for (int i = 0; i < 100000; ++i) { // 10 s, one packet every 100 µs
    passed += bcast_rate_take(&r, &limit, t0 + (uint64_t)i * 100u);
  }
  CHECK_NEAR(passed, 20000 + 200, 2);
}

static void
a_refused_packet_is_not_charged(void)
{
  BcastRateLimit limit;
  bcast_ratelimit_init(&limit, 1000, 1);
  BcastRate r;
  bcast_rate_init(&r, t0);
  CHECK_INT(bcast_rate_take(&r, &limit, t0), 1);
  for (int i = 0; i < 100; ++i) {
    CHECK_INT(bcast_rate_take(&r, &limit, t0 + 10), 0);
  }
  CHECK_INT(bcast_rate_take(&r, &limit, t0 + 1000), 1); // the refusals did not push it back
}

static void
a_long_silence_refills_only_up_to_the_burst(void)
{
  BcastRateLimit limit;
  bcast_ratelimit_init(&limit, 2000, 10);
  BcastRate r;
  bcast_rate_init(&r, t0);
  const uint64_t later = t0 + 60000000u; // one minute of silence
  int passed = 0;
  for (int i = 0; i < 20; ++i) {
    passed += bcast_rate_take(&r, &limit, later);
  }
  CHECK_INT(passed, 10);
}

int
main(void)
{
  RUN(a_burst_of_200_passes_and_the_201st_is_refused);
  RUN(after_a_burst_one_packet_passes_every_500_us_at_2000_per_second);
  RUN(a_64_frame_client_at_750_per_second_is_never_limited);
  RUN(a_flood_at_10000_per_second_gets_2000_per_second_plus_the_burst);
  RUN(a_refused_packet_is_not_charged);
  RUN(a_long_silence_refills_only_up_to_the_burst);
  return jam_test_summary();
}
