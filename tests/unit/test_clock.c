// SPDX-License-Identifier: ISC
// Clocks and JamTimer (rtjam_rust_spec.md §3.3, §10 test 19).

#include "check.h"
#include "clock.h"

#include <stdint.h>
#include <time.h>

static void
wall_clock_is_within_one_second_of_time(void)
{
  const double t = (double)time(NULL) * 1e6;
  const double us = (double)jam_clock_wall_us();
  CHECK_NEAR(us, t, 1e6);
}

// Reads `clock` 100000 times back to back: @return how many reads went backwards.
static int
backwards_steps(uint64_t (*const clock)(void))
{
  uint64_t prev = clock();
  int backwards = 0;
  for (int i = 0; i < 100000; ++i) {
    const uint64_t now = clock();
    backwards += now < prev;
    prev = now;
  }
  return backwards;
}

static void
monotonic_clock_never_goes_backwards(void)
{
  CHECK_INT(backwards_steps(jam_clock_mono_us), 0);
}

static void
monotonic_ns_clock_is_the_us_clock_in_finer_units(void)
{
  const uint64_t us0 = jam_clock_mono_us();
  const uint64_t ns = jam_clock_mono_ns();
  const uint64_t us1 = jam_clock_mono_us();
  CHECK(ns / 1000u >= us0 && ns / 1000u <= us1, "%llu ns outside [%llu, %llu] us",
        (unsigned long long)ns, (unsigned long long)us0, (unsigned long long)us1);
  CHECK_INT(backwards_steps(jam_clock_mono_ns), 0);
}

static void
monotonic_clock_advances_with_sleep(void)
{
  const uint64_t start = jam_clock_mono_us();
  const struct timespec ts = {0, 2000000}; // 2 ms
  nanosleep(&ts, NULL);
  const uint64_t elapsed = jam_clock_mono_us() - start;
  CHECK(elapsed >= 2000 && elapsed < 1000000, "elapsed %llu us", (unsigned long long)elapsed);
}

static void
timer_expires_strictly_after_its_interval(void)
{
  JamTimer t;
  jam_timer_init(&t, 1000, 100);
  CHECK(!jam_timer_expired(&t, 1000), "expired at 1000");
  CHECK(!jam_timer_expired(&t, 1099), "expired at 1099");
  CHECK(!jam_timer_expired(&t, 1100), "expired at 1100 (strict)");
  CHECK(jam_timer_expired(&t, 1101), "not expired at 1101");
  jam_timer_reset(&t, 1101);
  CHECK(!jam_timer_expired(&t, 1101), "expired after reset");
  CHECK_INT(jam_timer_since(&t, 1111), 10);
  t.interval = 9; // set_interval(9)
  CHECK(jam_timer_expired(&t, 1111), "not expired at 1111 with interval 9");
}

static void
timer_reset_to_zero_expires_at_the_next_check(void)
{
  JamTimer t;
  jam_timer_init(&t, 5000000, 2000000);
  jam_timer_reset(&t, 0);
  CHECK(jam_timer_expired(&t, 5000000), "not expired");
}

static void
timer_advance_moves_the_start_and_since_never_underflows(void)
{
  JamTimer t;
  jam_timer_init(&t, 1000, 2667);
  jam_timer_advance(&t, 2667);
  CHECK_INT(t.last, 3667);
  CHECK_INT(jam_timer_since(&t, 3000), 0);
  CHECK_INT(jam_timer_since(&t, 4000), 333);
}

int
main(void)
{
  RUN(wall_clock_is_within_one_second_of_time);
  RUN(monotonic_clock_never_goes_backwards);
  RUN(monotonic_ns_clock_is_the_us_clock_in_finer_units);
  RUN(monotonic_clock_advances_with_sleep);
  RUN(timer_expires_strictly_after_its_interval);
  RUN(timer_reset_to_zero_expires_at_the_next_check);
  RUN(timer_advance_moves_the_start_and_since_never_underflows);
  return jam_test_summary();
}
