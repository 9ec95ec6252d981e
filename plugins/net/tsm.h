// SPDX-License-Identifier: ISC
/// Time-scale modification for depth changes: a splice skips or repeats `lag` samples at the
/// lag whose audio best matches (normalised cross-correlation over NET_TSM_MATCH samples), and
/// crossfades over NET_TSM_XFADE samples, so the jitter buffer grows or shrinks without a jump
/// (a periodic sound is cut or repeated by whole periods).
///
/// Stateless functions, no allocation; O((hi - lo) * NET_TSM_MATCH) per search.

#ifndef NET_TSM_H
#define NET_TSM_H

#include "rt.h"

#include <stddef.h>

#define NET_TSM_XFADE 32u ///< samples of every splice's crossfade
#define NET_TSM_MATCH 64u ///< samples compared to choose the lag

/// The lag in [lo, hi] whose segments seq[c][lag .. lag + NET_TSM_MATCH) best match
/// ref[c][0 .. NET_TSM_MATCH) in both channels c together (largest normalised correlation;
/// the smaller lag on a tie). Each seq[c] must hold hi + NET_TSM_MATCH samples.
JAM_REALTIME size_t
net_tsm_best_lag(const float* const ref[2], const float* const seq[2], size_t lo, size_t hi);

/// out[i] = a[i] (1 - w_i) + b[i] w_i for i < n, w rising from 0 to 1 (raised cosine over n).
/// out may alias a or b.
JAM_REALTIME void
net_tsm_crossfade(float* out, const float* a, const float* b, size_t n);

#endif // NET_TSM_H
