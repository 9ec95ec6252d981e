// SPDX-License-Identifier: ISC
/// Tuner for rtjam-host (TuneChannel 33): a pitch estimate from input blocks the process
/// thread copies through a ring. Runs on the main thread: a normalised difference function
/// (YIN-style) over 2048-sample windows, 47..1500 Hz, with parabolic interpolation.

#ifndef HOST_TUNER_H
#define HOST_TUNER_H

#include <stddef.h>

#define HOST_TUNER_WINDOW 2048 ///< samples per estimate (42.7 ms at 48 kHz)

/// Tuner state, embedded by value.
typedef struct {
  float buf[HOST_TUNER_WINDOW]; ///< samples collected so far
  size_t fill;                  ///< samples in buf
  double hz;                    ///< Hz, last estimate (0 when none)
  double rate;                  ///< Hz, sample rate
} HostTuner;

/// Resets a tuner for a sample rate.
void
host_tuner_init(HostTuner* t, double rate);

/// Adds samples; each full window gives a new estimate.
void
host_tuner_add(HostTuner* t, const float* x, size_t n);

/// Pitch of one window in Hz, or 0 when it is silent or unpitched.
double
host_tuner_estimate(const float* x, size_t n, double rate);

#endif // HOST_TUNER_H
