// SPDX-License-Identifier: ISC
// Moving average and stream statistic (rtjam_rust_spec.md §3.2), same arithmetic as the
// original except that the running total is re-summed exactly once per window.

#include "stats.h"

#include <math.h>
#include <string.h>

JamStatus
jam_moving_average_init(JamMovingAverage* const self, const unsigned window)
{
  memset(self, 0, sizeof *self);
  if (window == 0 || window > JAM_STATS_MAX_WINDOW) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->window = window;
  return JAM_SUCCESS;
}

void
jam_moving_average_add(JamMovingAverage* const self, const double v)
{
  const unsigned window = self->window;
  if (window == 0) { // init refused the window: stay inert rather than write out of bounds
    return;
  }
  const double oldest = self->values[self->next];
  self->values[self->next] = v;
  self->next = (self->next + 1 == window) ? 0 : self->next + 1;
  if (self->count < window) {
    ++self->count;
  }
  if (++self->since_resum >= window) {
    // Exact re-sum: the incremental total drifts by rounding, and for a sum of squares a
    // drift below zero would make sqrt() return NaN. O(window) once per window adds.
    double total = 0.0;
    for (unsigned i = 0; i < window; ++i) {
      total += self->values[i];
    }
    self->total = total;
    self->since_resum = 0;
  } else {
    self->total += v - oldest;
  }
}

double
jam_moving_average_mean(const JamMovingAverage* const self)
{
  return self->window ? self->total / self->window : 0.0;
}

void
jam_moving_average_clear(JamMovingAverage* const self)
{
  const unsigned window = self->window;
  memset(self, 0, sizeof *self);
  self->window = window;
}

JamStatus
jam_stream_stat_init(JamStreamStat* const self, const unsigned window)
{
  const JamStatus st = jam_moving_average_init(&self->avg, window);
  const JamStatus st_dev = jam_moving_average_init(&self->dev, window);
  return st != JAM_SUCCESS ? st : st_dev;
}

void
jam_stream_stat_add(JamStreamStat* const self, const double x)
{
  jam_moving_average_add(&self->avg, x);
  const double d = x - jam_moving_average_mean(&self->avg);
  jam_moving_average_add(&self->dev, d * d);
}

double
jam_stream_stat_mean(const JamStreamStat* const self)
{
  return jam_moving_average_mean(&self->avg);
}

double
jam_stream_stat_sigma(const JamStreamStat* const self)
{
  const double total = self->dev.total > 0.0 ? self->dev.total : 0.0;
  return self->dev.window ? sqrt(total) / self->dev.window : 0.0;
}

double
jam_stream_stat_stddev(const JamStreamStat* const self)
{
  const JamMovingAverage* const a = &self->avg;
  const unsigned n = a->count;
  if (n < 2) {
    return 0.0;
  }
  // The n most recent values sit just before `next`, wrapping; their order does not matter.
  double sum = 0.0;
  for (unsigned k = 0, i = a->next; k < n; ++k) {
    i = (i == 0) ? a->window - 1 : i - 1;
    sum += a->values[i];
  }
  const double mean = sum / n;
  double sq = 0.0;
  for (unsigned k = 0, i = a->next; k < n; ++k) {
    i = (i == 0) ? a->window - 1 : i - 1;
    const double d = a->values[i] - mean;
    sq += d * d;
  }
  return sqrt(sq / n);
}

void
jam_stream_stat_clear(JamStreamStat* const self)
{
  jam_moving_average_clear(&self->avg);
  jam_moving_average_clear(&self->dev);
}
