// SPDX-License-Identifier: ISC
/// rtjam-netsim's stall profile: the path freezes for `ms` every `period_s` seconds (the first
/// freeze one period after the start), then releases its backlog at once, in order: a datagram
/// due for release inside a freeze is released when the freeze ends.

#ifndef NETSIM_STALL_H
#define NETSIM_STALL_H

#include <stdint.h>

/// A periodic freeze; ms = 0 disables it.
typedef struct {
  uint64_t freeze_us; ///< µs each freeze lasts
  uint64_t period_us; ///< µs from one freeze's start to the next
  uint64_t start_us;  ///< µs, monotonic: the relay's start
  uint64_t freezes;   ///< freezes that held at least one datagram
  uint64_t last_end;  ///< µs, end of the last freeze counted
} NetsimStall;

/// Parses "MS/PERIOD_S" (for example "200/10").
/// @return 0 on success, -1 when malformed or out of range (0 < MS < PERIOD_S * 1000)
int
netsim_stall_parse(const char* text, double* ms, double* period_s);

/// Sets a stall profile starting at start_us; ms = 0 disables it.
void
netsim_stall_init(NetsimStall* self, double ms, double period_s, uint64_t start_us);

/// The release time of a datagram due at release_us: the end of the freeze it falls in, else
/// release_us.
uint64_t
netsim_stall_apply(NetsimStall* self, uint64_t release_us);

#endif // NETSIM_STALL_H
