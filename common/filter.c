// SPDX-License-Identifier: ISC
// Per-call one-pole filters (rtjam_rust_spec.md §3.1), same arithmetic as the original.

#include "filter.h"

#include <math.h>

double
jam_filter_coef(const double tc, const double rate)
{
  return 27.0 * (1.0 - exp(-1.0 / (2.0 * M_PI * tc * rate)));
}

void
jam_smoother_init(JamSmoother* const self, const double tc, const double rate)
{
  self->coef = jam_filter_coef(tc, rate);
  self->y = 0.0;
}

double
jam_smoother_step(JamSmoother* const self, const double x)
{
  self->y = x * self->coef + (1.0 - self->coef) * self->y;
  return self->y;
}

void
jam_peak_init(JamPeakDetector* const self, const double attack_tc, const double release_tc,
              const double rate)
{
  self->attack = jam_filter_coef(attack_tc, rate);
  self->release = jam_filter_coef(release_tc, rate);
  self->y = 0.0;
}

double
jam_peak_step(JamPeakDetector* const self, const double x)
{
  const double c = (self->y < x) ? self->attack : self->release;
  self->y = x * c + (1.0 - c) * self->y;
  return self->y;
}

void
jam_ahr_init(JamAttackHoldRelease* const self, const double attack_tc, const double hold_s,
             const double release_tc, const double rate)
{
  self->attack = jam_filter_coef(attack_tc, rate);
  self->release = jam_filter_coef(release_tc, rate);
  self->hold = (unsigned)lround(hold_s * rate);
  self->held = 0;
  self->y = 0.0;
}

double
jam_ahr_step(JamAttackHoldRelease* const self, const int trigger)
{
  if (trigger) {
    self->y = self->attack + (1.0 - self->attack) * self->y;
    self->held = 0;
  } else if (++self->held >= self->hold) {
    self->held = self->hold;
    self->y = (1.0 - self->release) * self->y;
  }
  return self->y;
}
