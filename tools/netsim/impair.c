// SPDX-License-Identifier: ISC
// Impairment model. Loss follows a two-state Gilbert-Elliott chain: in the "bad" state every
// datagram is lost. With long-run loss p and mean burst length B, leaving the bad state has
// probability 1/B and entering it p / (B (1 - p)), so the stationary bad fraction is p.

#include "impair.h"

#include <math.h>
#include <stdio.h>

static uint64_t
rotl(const uint64_t x, const int k)
{
  return (x << k) | (x >> (64 - k));
}

static uint64_t
next_u64(NetsimImpair* const self)
{
  uint64_t* s = self->rng;
  const uint64_t result = rotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double
netsim_impair_uniform(NetsimImpair* const self)
{
  return (double)(next_u64(self) >> 11) * (1.0 / 9007199254740992.0); // 53 bits
}

void
netsim_impair_init(NetsimImpair* const self, const NetsimSettings* const settings,
                   const uint64_t seed)
{
  *self = (NetsimImpair){.settings = *settings};
  uint64_t z = seed;
  for (int i = 0; i < 4; ++i) { // splitmix64 seeding
    z += 0x9E3779B97F4A7C15ull;
    uint64_t x = z;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    self->rng[i] = x ^ (x >> 31);
  }
}

// Random part of the delay in ms (may be negative for the symmetric shapes).
static double
jitter_ms(NetsimImpair* const self)
{
  const double j = self->settings.jitter_ms;
  if (j <= 0.0) {
    return 0.0;
  }
  switch (self->settings.shape) {
  case NETSIM_JITTER_NORMAL: {
    const double u1 = 1.0 - netsim_impair_uniform(self); // (0, 1]
    const double u2 = netsim_impair_uniform(self);
    return j * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
  }
  case NETSIM_JITTER_UNIFORM:
    return j * (2.0 * netsim_impair_uniform(self) - 1.0);
  case NETSIM_JITTER_PARETO: {
    const double alpha = 2.5;
    const double xm = j * (alpha - 1.0) / alpha; // mean of Pareto(xm, alpha) = j
    return xm / pow(1.0 - netsim_impair_uniform(self), 1.0 / alpha);
  }
  }
  return 0.0;
}

double
netsim_impair_max_loss(const double burst)
{
  const double b = burst >= 1.0 ? burst : 1.0;
  return b / (b + 1.0);
}

int
netsim_impair_check(const NetsimSettings* const s, char* const err, const size_t err_size)
{
  const double max = netsim_impair_max_loss(s->burst);
  if (s->loss > 0.0 && s->loss < 1.0 && s->loss > max + 1e-12) {
    // A mean burst of B datagrams needs at least loss / (1 - loss) of them to lose this much.
    snprintf(err, err_size,
             "loss %g %% cannot be delivered with mean bursts of %g datagrams: the most is "
             "%.4g %% (burst / (burst + 1)); raise --burst to at least %.4g, or lower --loss",
             s->loss * 100.0, s->burst, max * 100.0, s->loss / (1.0 - s->loss));
    return -1;
  }
  return 0;
}

int
netsim_impair_clip_warning(const NetsimSettings* const s, char* const msg, const size_t msg_size)
{
  const double j = s->jitter_ms;
  if (j <= 0.0 || s->shape == NETSIM_JITTER_PARETO) {
    return 0;
  }
  const double k = s->shape == NETSIM_JITTER_NORMAL ? 3.0 : 1.0;
  if (s->delay_ms >= k * j) {
    return 0;
  }
  snprintf(msg, msg_size,
           "delay %g ms is under %s%g ms jitter: the random delay is cut at 0 (a datagram "
           "cannot leave before it arrives), so the jitter delivered will be smaller and the "
           "mean delay larger than asked; use --delay %g or more for the full jitter",
           s->delay_ms, k > 1.0 ? "3 x the " : "the ", j, k * j);
  return 1;
}

static int
lost(NetsimImpair* const self)
{
  const double p = self->settings.loss;
  if (p <= 0.0) {
    return 0;
  }
  if (p >= 1.0) {
    return 1;
  }
  const double burst = self->settings.burst >= 1.0 ? self->settings.burst : 1.0;
  const double leave = 1.0 / burst;
  const double enter = p / (burst * (1.0 - p));
  if (self->in_burst) {
    if (netsim_impair_uniform(self) < leave) {
      self->in_burst = 0;
    }
  } else if (netsim_impair_uniform(self) < enter) {
    self->in_burst = 1;
  }
  return self->in_burst;
}

static uint64_t
release_time(NetsimImpair* const self, const uint64_t now_us)
{
  double ms = self->settings.delay_ms + jitter_ms(self);
  if (ms < 0.0) { // a packet cannot leave before it arrived
    ms = 0.0;
  }
  if (self->settings.reorder > 0.0 && netsim_impair_uniform(self) < self->settings.reorder) {
    ms += self->settings.reorder_ms;
    ++self->reordered;
    return now_us + (uint64_t)llround(ms * 1000.0); // held back: exempt from keep_order
  }
  uint64_t t = now_us + (uint64_t)llround(ms * 1000.0);
  if (self->settings.keep_order && t < self->last_release) {
    t = self->last_release;
  }
  if (t > self->last_release) {
    self->last_release = t;
  }
  return t;
}

int
netsim_impair_decide(NetsimImpair* const self, const uint64_t now_us, uint64_t release[2])
{
  ++self->seen;
  if (lost(self)) {
    ++self->lost;
    return 0;
  }
  release[0] = release_time(self, now_us);
  if (self->settings.duplicate > 0.0 && netsim_impair_uniform(self) < self->settings.duplicate) {
    release[1] = release_time(self, now_us);
    ++self->duplicated;
    return 2;
  }
  return 1;
}
