// SPDX-License-Identifier: ISC
// Clocks. clock_gettime on these clocks is a vDSO call on Linux: no syscall, safe on audio threads.

#include "clock.h"

#include <time.h>

static uint64_t
to_us(const struct timespec* const ts)
{
  return (uint64_t)ts->tv_sec * 1000000u + (uint64_t)ts->tv_nsec / 1000u;
}

uint64_t
jam_clock_wall_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return to_us(&ts);
}

uint64_t
jam_clock_mono_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return to_us(&ts);
}

uint64_t
jam_clock_mono_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
