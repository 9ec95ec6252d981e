// SPDX-License-Identifier: ISC
/// Windowed statistics (rtjam_rust_spec.md §3.2): the moving average and the stream time
/// statistic used for inter-arrival times and jitter-buffer depth. Both are embedded by value
/// with a fixed maximum window, so they never allocate.

#ifndef JAM_STATS_H
#define JAM_STATS_H

#include "rt.h"
#include "status.h"

#define JAM_STATS_MAX_WINDOW 500u ///< values: the largest window (the jitter buffer's)

/// Mean of the last `window` values. The ring starts as `window` zeros and they count, so the
/// mean ramps up over the first `window` values, as in the original.
typedef struct {
  double values[JAM_STATS_MAX_WINDOW]; ///< ring of the last `window` values (caller's unit)
  double total;                        ///< sum of the ring (caller's unit)
  unsigned window;                     ///< values in the ring, 1..JAM_STATS_MAX_WINDOW
  unsigned next;                       ///< index of the oldest value, overwritten next
  unsigned count;                      ///< values added so far, saturating at `window`
  unsigned since_resum;                ///< adds since `total` was last recomputed exactly
} JamMovingAverage;

/// Initialises an empty average (all zeros).
/// @param window  values, 1..JAM_STATS_MAX_WINDOW
/// @return JAM_ERR_BAD_ARGUMENT if window is out of range (the average is then left unusable)
JamStatus
jam_moving_average_init(JamMovingAverage* self, unsigned window);

/// Pushes v and drops the oldest value. The running total is recomputed from the ring once
/// per `window` adds, so rounding errors cannot accumulate (or drive a sum of squares below 0).
JAM_REALTIME void
jam_moving_average_add(JamMovingAverage* self, double v);

/// total / window (the original's mean, counting the initial zeros).
JAM_REALTIME double
jam_moving_average_mean(const JamMovingAverage* self);

/// Resets the ring to zeros, keeping the window.
void
jam_moving_average_clear(JamMovingAverage* self);

/// Mean and spread of a stream of values (inter-arrival µs, buffer depths in samples).
typedef struct {
  JamMovingAverage avg; ///< the values (caller's unit)
  JamMovingAverage dev; ///< squared deviations from the mean after each add (unit²)
} JamStreamStat;

/// Initialises both averages with the same window (1..JAM_STATS_MAX_WINDOW).
JamStatus
jam_stream_stat_init(JamStreamStat* self, unsigned window);

/// Adds x: avg.add(x); d = x - avg.mean(); dev.add(d * d).
JAM_REALTIME void
jam_stream_stat_add(JamStreamStat* self, double x);

/// The moving average of the values (caller's unit).
JAM_REALTIME double
jam_stream_stat_mean(const JamStreamStat* self);

/// The original's "sigma": sqrt(dev.total) / window. [QUIRK] kept as built because the
/// jitter buffer's high water depends on it: it is a standard deviation divided by
/// sqrt(window). Use jam_stream_stat_stddev() for reporting.
JAM_REALTIME double
jam_stream_stat_sigma(const JamStreamStat* self);

/// The population standard deviation of the values actually added that are still in the
/// window (the initial zeros are not counted); 0 with fewer than two values. O(window).
JAM_REALTIME double
jam_stream_stat_stddev(const JamStreamStat* self);

/// Resets both averages to zeros, keeping the window.
void
jam_stream_stat_clear(JamStreamStat* self);

#endif // JAM_STATS_H
