// SPDX-License-Identifier: ISC
/// Jitter buffer for one mono channel (rtjam_rust_spec.md §3.7): a fixed-capacity sample FIFO
/// allocated once, with the original's adaptive low/high water policy parameterised by a
/// minimum depth, or a fixed target set by the caller (the hook for a jitter-driven policy).
///
/// The writer appends whole packets; the reader is clocked by the audio engine once per
/// period, and every adaptation happens in the read. Not thread-safe: put and get run on the
/// same thread (the audio thread, fed from an SPSC ring). Allocation-free after _new.
///
/// Policy on each get of n samples, with L the fill and M the minimum depth:
///   adaptive:  trigger = L < low_water / 4 (previous low water)
///              low_water  = M + trunc(ahr(trigger) * M)            (M..2M)
///              high_water = M + low_water + trunc(8 * sigma(L))    (sigma: the stats quirk)
///                           but at least low_water + n, and at most the capacity
///   fixed:     low_water and high_water as set
///   - while filling, output silence until L >= low_water;
///   - if L > high_water, drop the oldest L - high_water samples (the original dropped
///     high_water samples, §11.17);
///   - if L < n, output the L samples then silence, count an underrun and refill.

#ifndef JAM_JITTER_H
#define JAM_JITTER_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define JAM_JITTER_DEFAULT_MIN_DEPTH 512u   ///< samples: the original's 4 × 128 (10.67 ms)
#define JAM_JITTER_DEFAULT_CAPACITY  16384u ///< samples: 341 ms at 48 kHz
#define JAM_JITTER_STATS_WINDOW      500u   ///< reads in the depth statistic
#define JAM_JITTER_AHR_ATTACK        0.4    ///< s at JAM_JITTER_AHR_RATE: a = 0.028632697
#define JAM_JITTER_AHR_HOLD          1.0    ///< s at JAM_JITTER_AHR_RATE: 375 reads
#define JAM_JITTER_AHR_RELEASE       2.0    ///< s at JAM_JITTER_AHR_RATE: r = 0.0057289701
#define JAM_JITTER_AHR_RATE          375.0  ///< reads/s assumed by the constants (128 frames)

typedef struct JamJitterImpl JamJitter;

/// How the low and high water marks are chosen.
typedef enum {
  JAM_JITTER_ADAPTIVE, ///< the original's policy, scaled by the minimum depth
  JAM_JITTER_FIXED,    ///< the caller sets both marks (jam_jitter_set_target)
} JamJitterPolicy;

/// A snapshot of the counters and marks.
typedef struct {
  uint64_t puts;          ///< jam_jitter_put calls
  uint64_t gets;          ///< jam_jitter_get calls
  uint64_t underruns;     ///< reads that ran dry while playing
  uint64_t overruns;      ///< reads that found more than high_water samples
  uint64_t dropped;       ///< samples discarded: overruns, full puts and jam_jitter_set_fill
  size_t fill;            ///< samples buffered now
  size_t low_water;       ///< samples needed before playing starts
  size_t high_water;      ///< samples above which the oldest are dropped
  size_t min_depth;       ///< samples: M of the adaptive policy
  size_t capacity;        ///< samples
  double avg_depth;       ///< samples: moving average of the fill at each read (window 500)
  int filling;            ///< 1 while waiting for low_water, else 0
  JamJitterPolicy policy; ///< current policy
} JamJitterStats;

/// Allocates a jitter buffer (adaptive policy, filling, empty).
/// @param capacity   samples the FIFO holds; at least 3 × min_depth
/// @param min_depth  samples, M of the adaptive policy: 512 as in the original, or as low
///                   as one packet (64 or 128)
/// @return NULL on a bad argument or allocation failure
JamJitter*
jam_jitter_new(size_t capacity, size_t min_depth);

/// Frees a jitter buffer; NULL is a no-op.
void
jam_jitter_free(JamJitter* self);

/// Appends n samples. If they do not fit, the oldest buffered samples (and, for n > capacity,
/// the oldest of the new ones) are discarded and counted in `dropped`.
/// @return JAM_ERR_FULL when samples were discarded, else JAM_SUCCESS
JAM_REALTIME JamStatus
jam_jitter_put(JamJitter* self, const float* samples, size_t n);

/// Reads exactly n samples into out (audio, then silence if there is not enough).
/// @return the number of buffered samples delivered (0 while filling)
JAM_REALTIME size_t
jam_jitter_get(JamJitter* self, float* out, size_t n);

/// Copies n samples starting `offset` samples after the oldest, without consuming them.
/// @return the number copied (fewer when the buffer holds less than offset + n)
JAM_REALTIME size_t
jam_jitter_peek(const JamJitter* self, float* out, size_t offset, size_t n);

/// Samples buffered now.
JAM_REALTIME size_t
jam_jitter_fill(const JamJitter* self);

/// Moving average of the fill seen by the last 500 reads, in samples (the initial zeros of
/// the window count, as in the original).
JAM_REALTIME double
jam_jitter_avg_depth(const JamJitter* self);

/// Copies the counters and marks.
JAM_REALTIME void
jam_jitter_stats(const JamJitter* self, JamJitterStats* stats);

/// Sets M of the adaptive policy (the marks follow at the next read).
/// @return JAM_ERR_BAD_ARGUMENT if min_depth is 0 or 3 × min_depth exceeds the capacity
JamStatus
jam_jitter_set_min_depth(JamJitter* self, size_t min_depth);

/// Switches to the fixed policy with these marks.
/// @return JAM_ERR_BAD_ARGUMENT unless 1 <= low_water <= high_water <= capacity
JamStatus
jam_jitter_set_target(JamJitter* self, size_t low_water, size_t high_water);

/// Switches back to the adaptive policy (the marks follow at the next read).
void
jam_jitter_set_adaptive(JamJitter* self);

/// Sets the fill now: drops the oldest samples (counted in `dropped`) to shrink it, or
/// inserts silence before the oldest sample to grow it (adds latency without a gap).
/// @return JAM_ERR_BAD_ARGUMENT if fill exceeds the capacity
JAM_REALTIME JamStatus
jam_jitter_set_fill(JamJitter* self, size_t fill);

/// Empties the buffer and resets counters, statistics and marks; keeps policy and M.
JAM_REALTIME void
jam_jitter_clear(JamJitter* self);

#endif // JAM_JITTER_H
