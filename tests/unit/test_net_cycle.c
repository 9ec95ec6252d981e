// SPDX-License-Identifier: ISC
// Lateness of our own audio cycles (plugins/net/cycle.c) on synthetic cycle-start times.

#include "check.h"
#include "plugins/net/cycle.h"

#define PERIOD_US (64.0 * 1e6 / 48000.0)

static uint64_t
start(const unsigned k)
{
  return 5000000u + (uint64_t)((double)k * PERIOD_US);
}

static void
steady_cycles_are_not_late(void)
{
  NetCycle c;
  net_cycle_init(&c, 48000.0);
  double worst = 0.0;
  for (unsigned k = 0; k < 3000; ++k) {
    net_cycle_tick(&c, start(k), 64);
    worst = net_cycle_late_us(&c) > worst ? net_cycle_late_us(&c) : worst;
  }
  CHECK(worst <= 1.0, "%.3f µs", worst); // truncation of the µs clock only
}

// Every 100th cycle starts 3 ms late; the rest keep the host's clock.
static void
a_late_cycle_is_measured_and_the_next_is_not(void)
{
  NetCycle c;
  net_cycle_init(&c, 48000.0);
  double late_sum = 0.0;
  unsigned late_n = 0;
  double on_time_worst = 0.0;
  for (unsigned k = 0; k < 3000; ++k) {
    const int late = k % 100 == 50;
    net_cycle_tick(&c, start(k) + (late ? 3000u : 0u), 64);
    if (late) {
      late_sum += net_cycle_late_us(&c);
      ++late_n;
    } else {
      on_time_worst = net_cycle_late_us(&c) > on_time_worst ? net_cycle_late_us(&c) : on_time_worst;
    }
  }
  CHECK_NEAR(late_sum / late_n, 3000.0, 1.0);
  CHECK(on_time_worst <= 1.0, "%.3f µs", on_time_worst);
  CHECK_NEAR(net_cycle_worst_us(&c), 3000.0, 1.0);
}

// The host skips 10 cycles (an xrun): from then on the reference restarts.
static void
a_skip_of_the_host_clock_is_not_lateness(void)
{
  NetCycle c;
  net_cycle_init(&c, 48000.0);
  for (unsigned k = 0; k < 100; ++k) {
    net_cycle_tick(&c, start(k), 64);
  }
  for (unsigned k = 150; k < 400; ++k) { // 50 cycles = 66.7 ms missing
    net_cycle_tick(&c, start(k), 64);
  }
  CHECK_INT(c.rebases, 1);
  CHECK(net_cycle_late_us(&c) <= 1.0, "%.3f µs", net_cycle_late_us(&c));
}

int
main(void)
{
  RUN(steady_cycles_are_not_late);
  RUN(a_late_cycle_is_measured_and_the_next_is_not);
  RUN(a_skip_of_the_host_clock_is_not_lateness);
  return jam_test_summary();
}
