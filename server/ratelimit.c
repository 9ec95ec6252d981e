// SPDX-License-Identifier: ISC
// GCRA (virtual scheduling): a packet at time t conforms when max(TAT, t) - t <= tolerance;
// then TAT = max(TAT, t) + interval. Equivalent to a token bucket of depth `burst` refilled at
// `rate`, but one integer of state and no division on the hot path.

#include "ratelimit.h"

void
bcast_ratelimit_init(BcastRateLimit* const limit, const uint32_t rate, const uint32_t burst)
{
  const uint32_t r = rate ? rate : 1u;
  const uint32_t b = burst ? burst : 1u;
  limit->interval_ns = 1000000000ull / r;
  limit->tolerance_ns = (uint64_t)(b - 1u) * limit->interval_ns;
}

int
bcast_rate_take(BcastRate* const self, const BcastRateLimit* const limit, const uint64_t now_us)
{
  const uint64_t now_ns = now_us * 1000u;
  const uint64_t start = self->tat_ns > now_ns ? self->tat_ns : now_ns;
  if (start - now_ns > limit->tolerance_ns) {
    return 0;
  }
  self->tat_ns = start + limit->interval_ns;
  return 1;
}
