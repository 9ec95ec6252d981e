// SPDX-License-Identifier: ISC
// Splice search and crossfade for the jitter buffer's depth changes. See tsm.h.

#include "tsm.h"

#include <math.h>

size_t
net_tsm_best_lag(const float* const ref[2], const float* const seq[2], const size_t lo,
                 const size_t hi)
{
  double er = 0.0;
  for (unsigned ch = 0; ch < 2; ++ch) {
    for (size_t i = 0; i < NET_TSM_MATCH; ++i) {
      er += (double)ref[ch][i] * ref[ch][i];
    }
  }
  size_t best = lo;
  double best_r = -2.0;
  for (size_t lag = lo; lag <= hi; ++lag) {
    double c = 0.0;
    double es = 0.0;
    for (unsigned ch = 0; ch < 2; ++ch) {
      for (size_t i = 0; i < NET_TSM_MATCH; ++i) {
        c += (double)ref[ch][i] * seq[ch][lag + i];
        es += (double)seq[ch][lag + i] * seq[ch][lag + i];
      }
    }
    const double r = er > 1e-12 && es > 1e-12 ? c / sqrt(er * es) : 0.0;
    if (r > best_r) {
      best_r = r;
      best = lag;
    }
  }
  return best;
}

void
net_tsm_crossfade(float* const out, const float* const a, const float* const b, const size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    const double w = 0.5 - 0.5 * cos(M_PI * (double)(i + 1) / (double)(n + 1));
    out[i] = (float)((double)a[i] * (1.0 - w) + (double)b[i] * w);
  }
}
