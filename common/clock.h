// SPDX-License-Identifier: ISC
/// Clocks: the µs wall clock that goes on the wire, a monotonic µs clock for timers,
/// and JamTimer, an interval timer on either.

#ifndef JAM_CLOCK_H
#define JAM_CLOCK_H

#include "rt.h"

#include <stdint.h>

/// Microseconds since the Unix epoch (CLOCK_REALTIME), as carried in ServerTime/TimeStamp.
JAM_REALTIME uint64_t
jam_clock_wall_us(void);

/// Microseconds on CLOCK_MONOTONIC: for timeouts and intervals, immune to NTP steps.
JAM_REALTIME uint64_t
jam_clock_mono_us(void);

/// Nanoseconds on CLOCK_MONOTONIC, for schedules finer than a µs and for gap measurements.
JAM_REALTIME uint64_t
jam_clock_mono_ns(void);

/// An interval timer (the original's MicroTimer). Times are µs on any one clock.
typedef struct {
  uint64_t last;     ///< µs, time of the last reset
  uint64_t interval; ///< µs
} JamTimer;

/// Initialises a timer that expires `interval` µs after `now`.
static inline void
jam_timer_init(JamTimer* const self, const uint64_t now, const uint64_t interval)
{
  self->last = now;
  self->interval = interval;
}

/// True when more than `interval` µs have passed since the last reset (strictly).
static inline int
jam_timer_expired(const JamTimer* const self, const uint64_t now)
{
  return self->last + self->interval < now;
}

/// Restarts the timer at `now`; jam_timer_reset(t, 0) makes it expire at the next check.
static inline void
jam_timer_reset(JamTimer* const self, const uint64_t now)
{
  self->last = now;
}

/// Moves the timer's start forward by `step` µs (for catching up periodic work).
static inline void
jam_timer_advance(JamTimer* const self, const uint64_t step)
{
  self->last += step;
}

/// µs since the last reset, 0 if `now` is before it.
static inline uint64_t
jam_timer_since(const JamTimer* const self, const uint64_t now)
{
  return now > self->last ? now - self->last : 0;
}

#endif // JAM_CLOCK_H
