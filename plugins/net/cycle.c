// SPDX-License-Identifier: ISC
// Lateness of our own audio cycles. See cycle.h.

#include "cycle.h"

#include <math.h>
#include <string.h>

#define NET_CYCLE_SPAN_US 2000000u ///< µs per worst-lateness span

void
net_cycle_init(NetCycle* const self, const double rate)
{
  memset(self, 0, sizeof *self);
  self->rate = rate > 0.0 ? rate : 48000.0;
}

static void
restart(NetCycle* const self, const uint64_t now_us)
{
  self->t0 = now_us;
  self->frames = 0;
  for (unsigned i = 0; i < 4; ++i) {
    self->floor_min[i] = INFINITY;
    self->floor_at[i] = now_us;
  }
  self->cur = 0;
}

void
net_cycle_tick(NetCycle* const self, const uint64_t now_us, const size_t frames)
{
  if (!self->have || now_us < self->t0) {
    self->have = 1;
    restart(self, now_us);
    self->worst_at = now_us;
  }
  const double offset = (double)(now_us - self->t0) - (double)self->frames * 1e6 / self->rate;
  if (now_us - self->floor_at[self->cur] >= NET_CYCLE_BUCKET_US) {
    self->cur = (self->cur + 1u) & 3u;
    self->floor_min[self->cur] = INFINITY;
    self->floor_at[self->cur] = now_us;
  }
  if (offset < self->floor_min[self->cur]) {
    self->floor_min[self->cur] = offset;
  }
  double lo = offset;
  for (unsigned i = 0; i < 4; ++i) {
    lo = self->floor_min[i] < lo ? self->floor_min[i] : lo;
  }
  double late = offset - lo;
  if (late > NET_CYCLE_REBASE_US) { // the host's clock skipped: a new reference
    ++self->rebases;
    restart(self, now_us);
    self->floor_min[0] = 0.0;
    late = 0.0;
  }
  self->late_us = late;
  self->frames += frames;
  if (now_us - self->worst_at >= NET_CYCLE_SPAN_US) {
    self->worst_us[1] = self->worst_us[0];
    self->worst_us[0] = 0.0;
    self->worst_at = now_us;
  }
  self->worst_us[0] = fmax(self->worst_us[0], late);
}

double
net_cycle_late_us(const NetCycle* const self)
{
  return self->late_us;
}

double
net_cycle_worst_us(const NetCycle* const self)
{
  return fmax(self->worst_us[0], self->worst_us[1]);
}
