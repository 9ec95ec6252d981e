// SPDX-License-Identifier: ISC
/// Timing of our own audio cycles, measured apart from packet arrival: how late each run()
/// starts against the steady clock the host's frames imply.
///
/// For cycle k, start t_k (µs, monotonic) after F_k frames since the reference: the offset
/// t_k - F_k / rate; its floor is the smallest offset of the last 4 s (4 buckets of 1 s), and
/// the cycle's lateness is offset - floor. A lateness over NET_CYCLE_REBASE_US is a skip of
/// the host's clock (an xrun that dropped cycles), not lateness: the reference restarts. The
/// stream subtracts the lateness of the current cycle from the fill it controls the depth on
/// (a late cycle finds more packets waiting; that is not excess depth), and the depth policy
/// never sees cycle times at all (it works on the I/O thread's arrival stamps).
///
/// Transparent, embedded by value; no allocation; O(1) per cycle.

#ifndef NET_CYCLE_H
#define NET_CYCLE_H

#include "rt.h"

#include <stddef.h>
#include <stdint.h>

#define NET_CYCLE_BUCKET_US 1000000u ///< µs per floor bucket (4 buckets)
#define NET_CYCLE_REBASE_US 50000.0  ///< µs: later than this restarts the reference

/// State (fields private to cycle.c).
typedef struct {
  double rate;          ///< Hz, the host's
  int have;             ///< 1 once a cycle was seen
  uint64_t t0;          ///< µs, start of the reference cycle
  uint64_t frames;      ///< frames run since the reference cycle started
  double floor_min[4];  ///< µs, smallest offset per bucket
  uint64_t floor_at[4]; ///< µs, when each bucket opened
  unsigned cur;         ///< current bucket
  double late_us;       ///< µs, lateness of the current cycle
  double worst_us[2];   ///< µs, worst lateness in this and the previous 2-s span
  uint64_t worst_at;    ///< µs, when the current span opened
  uint64_t rebases;     ///< clock skips seen
} NetCycle;

/// Starts empty at a host rate (Hz).
JAM_REALTIME void
net_cycle_init(NetCycle* self, double rate);

/// A cycle of `frames` frames starts at now_us.
JAM_REALTIME void
net_cycle_tick(NetCycle* self, uint64_t now_us, size_t frames);

/// µs: the current cycle's lateness.
JAM_REALTIME double
net_cycle_late_us(const NetCycle* self);

/// µs: the worst lateness of the last 2..4 s.
JAM_REALTIME double
net_cycle_worst_us(const NetCycle* self);

#endif // NET_CYCLE_H
