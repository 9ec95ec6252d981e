// SPDX-License-Identifier: ISC
// Tuner: YIN-style cumulative-mean-normalised difference, main thread only.

#include "host/tuner.h"

#include <math.h>
#include <string.h>

void
host_tuner_init(HostTuner* const t, const double rate)
{
  memset(t, 0, sizeof *t);
  t->rate = rate;
}

double
host_tuner_estimate(const float* const x, const size_t n, const double rate)
{
  const size_t min_lag = (size_t)(rate / 1500.0);
  size_t max_lag = (size_t)(rate / 30.0);
  if (max_lag > HOST_TUNER_WINDOW / 2) {
    max_lag = HOST_TUNER_WINDOW / 2;
  }
  if (max_lag > n / 2) {
    max_lag = n / 2;
  }
  double energy = 0.0;
  for (size_t i = 0; i < n; ++i) {
    energy += (double)x[i] * x[i];
  }
  if (max_lag <= min_lag + 2 || energy / (double)n < 1e-7) { // below −70 dBFS: silent
    return 0.0;
  }
  double d[HOST_TUNER_WINDOW / 2 + 1];
  const size_t w = n - max_lag;
  double running = 0.0;
  d[0] = 1.0;
  for (size_t lag = 1; lag <= max_lag; ++lag) {
    double sum = 0.0;
    for (size_t i = 0; i < w; ++i) {
      const double diff = (double)x[i] - x[i + lag];
      sum += diff * diff;
    }
    running += sum;
    d[lag] = running > 0.0 ? sum * (double)lag / running : 1.0;
  }
  // The first dip below the threshold, then its local minimum.
  for (size_t lag = min_lag; lag < max_lag; ++lag) {
    if (d[lag] < 0.15) {
      while (lag + 1 < max_lag && d[lag + 1] < d[lag]) {
        ++lag;
      }
      const double a = d[lag - 1], b = d[lag], c = d[lag + 1];
      const double den = a - 2.0 * b + c;
      const double shift = den != 0.0 ? 0.5 * (a - c) / den : 0.0;
      return rate / ((double)lag + shift);
    }
  }
  return 0.0;
}

void
host_tuner_add(HostTuner* const t, const float* const x, const size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    t->buf[t->fill++] = x[i];
    if (t->fill == HOST_TUNER_WINDOW) {
      t->hz = host_tuner_estimate(t->buf, HOST_TUNER_WINDOW, t->rate);
      t->fill = 0;
    }
  }
}
