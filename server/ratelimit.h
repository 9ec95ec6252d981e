// SPDX-License-Identifier: ISC
/// Packet-rate limiting as a token bucket, written in its GCRA form (one "theoretical arrival
/// time" per source): a source may send `burst` packets at once and then `rate` packets per
/// second. Embedded by value in each member; no allocation.

#ifndef BCAST_RATELIMIT_H
#define BCAST_RATELIMIT_H

#include "rt.h"

#include <stdint.h>

/// The limit shared by all sources of a room.
typedef struct {
  uint64_t interval_ns;  ///< ns between packets at the sustained rate: 1e9 / rate
  uint64_t tolerance_ns; ///< ns of credit a burst may use: (burst - 1) * interval_ns
} BcastRateLimit;

/// The state of one source.
typedef struct {
  uint64_t tat_ns; ///< theoretical arrival time of the next conforming packet, ns (monotonic)
} BcastRate;

/// Sets a limit of `rate` packets per second (>= 1) with bursts of `burst` packets (>= 1).
void
bcast_ratelimit_init(BcastRateLimit* limit, uint32_t rate, uint32_t burst);

/// Starts a source with a full bucket at monotonic time now_us.
static inline void
bcast_rate_init(BcastRate* const self, const uint64_t now_us)
{
  self->tat_ns = now_us * 1000u;
}

/// Takes one packet's worth of credit at monotonic time now_us.
/// @return 1 if the packet conforms (and is charged), 0 if it is over the limit (not charged)
JAM_REALTIME int
bcast_rate_take(BcastRate* self, const BcastRateLimit* limit, uint64_t now_us);

#endif // BCAST_RATELIMIT_H
