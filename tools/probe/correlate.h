// SPDX-License-Identifier: ISC
/// rtjam-probe's measurement maths: the maximum-length sequence it plays, and the FFT
/// cross-correlation that finds where that sequence shows up in a recording.

#ifndef PROBE_CORRELATE_H
#define PROBE_CORRELATE_H

#include <stddef.h>

/// Fills out[0 .. 2^order - 2] with a ±1 maximum-length sequence (order 4..20).
/// @return the length 2^order - 1, or 0 for an unsupported order
size_t
probe_mls(unsigned order, float* out);

/// Result of a correlation.
typedef struct {
  size_t lag;         ///< frames: where the reference starts in the recording
  double correlation; ///< 0..1: normalised peak (1 = a perfect, scaled copy)
  double gain_db;     ///< dB: level of the copy relative to the reference
} ProbeMatch;

/// Finds the lag in [0, rec_len - ref_len] at which `ref` best matches `rec` (FFT based).
/// @return 0 on success, -1 on allocation failure or rec shorter than ref
int
probe_correlate(const float* ref, size_t ref_len, const float* rec, size_t rec_len,
                ProbeMatch* match);

#endif // PROBE_CORRELATE_H
