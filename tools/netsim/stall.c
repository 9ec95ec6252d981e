// SPDX-License-Identifier: ISC
// Periodic freezes of rtjam-netsim's path. See stall.h.

#include "stall.h"

#include <stdlib.h>

int
netsim_stall_parse(const char* const text, double* const ms, double* const period_s)
{
  char* end = NULL;
  const double a = strtod(text, &end);
  if (end == text || *end != '/') {
    return -1;
  }
  const char* const p = end + 1;
  const double b = strtod(p, &end);
  if (end == p || *end != '\0' || !(a > 0.0) || !(b > 0.0) || a >= b * 1000.0 || b > 86400.0) {
    return -1;
  }
  *ms = a;
  *period_s = b;
  return 0;
}

void
netsim_stall_init(NetsimStall* const self, const double ms, const double period_s,
                  const uint64_t start_us)
{
  *self = (NetsimStall){.freeze_us = ms > 0.0 ? (uint64_t)(ms * 1000.0) : 0u,
                        .period_us = (uint64_t)(period_s * 1e6),
                        .start_us = start_us};
}

uint64_t
netsim_stall_apply(NetsimStall* const self, const uint64_t release_us)
{
  if (self->freeze_us == 0 || self->period_us == 0 ||
      release_us < self->start_us + self->period_us) {
    return release_us;
  }
  const uint64_t since = release_us - self->start_us;
  const uint64_t phase = since % self->period_us;
  if (phase >= self->freeze_us) {
    return release_us;
  }
  const uint64_t end = release_us - phase + self->freeze_us;
  if (end != self->last_end) {
    self->last_end = end;
    ++self->freezes;
  }
  return end;
}
