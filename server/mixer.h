// SPDX-License-Identifier: ISC
/// The room mixer of mix mode (rtjam_rust_spec.md §4.6), free of sockets and clocks of its
/// own: each member's audio goes into its own small jitter buffer, keyed by client id, one slot
/// per member (never more slots than members: the original's 11-slot map that was never pruned
/// is gone; a member that leaves or falls silent for 1 s frees its slot). Every step (one per
/// tick of the room's 48 kHz timer) takes one block from every primed buffer; the mix a member
/// hears is the sum of the others' blocks at unity gain (clipped to ±1 by the packet encoder),
/// without its own. Allocation-free after bcast_mixer_new; one thread.

#ifndef BCAST_MIXER_H
#define BCAST_MIXER_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_MIXER_FRAMES  128u  ///< frames per mix packet (the original's 540-byte packet)
#define BCAST_MIXER_DEPTH   512u  ///< frames a member's buffer holds before it is mixed
#define BCAST_MIXER_CAP     2048u ///< frames of a member's buffer, power of two
#define BCAST_MIXER_TRIM    (BCAST_MIXER_DEPTH + 6u * BCAST_MIXER_FRAMES) ///< above: cut to DEPTH
#define BCAST_MIXER_IDLE_US 1000000u ///< µs of silence after which a slot is freed

typedef struct BcastMixerImpl BcastMixer;

/// Counters of a mixer.
typedef struct {
  uint64_t added;     ///< member packets taken in
  uint64_t no_slot;   ///< member packets dropped: every slot busy
  uint64_t underruns; ///< steps where a primed member had less than a block (it re-primes)
  uint64_t trimmed;   ///< frames dropped from buffers that grew past BCAST_MIXER_TRIM (drift)
  uint64_t overflows; ///< frames dropped because a buffer was full
  uint64_t steps;     ///< blocks mixed
} BcastMixerCounters;

/// Allocates a mixer for up to `slots` members (1..256). @return NULL on failure
BcastMixer*
bcast_mixer_new(uint32_t slots);

/// Frees; NULL is a no-op.
void
bcast_mixer_free(BcastMixer* self);

/// Takes a member's packet (a validated datagram of `len` bytes; a header-only one is ignored).
/// @param mono_us  monotonic µs, for the idle expiry
/// @return JAM_ERR_FULL when no slot is free (counted)
JAM_REALTIME JamStatus
bcast_mixer_add(BcastMixer* self, uint32_t client_id, const uint8_t* packet, size_t len,
                uint64_t mono_us);

/// Frees the slot of `client_id` (a member left); unknown ids are ignored.
JAM_REALTIME void
bcast_mixer_remove(BcastMixer* self, uint32_t client_id);

/// Frees every slot (mix mode switched on).
JAM_REALTIME void
bcast_mixer_clear(BcastMixer* self);

/// Mixes one block of BCAST_MIXER_FRAMES: frees idle slots, then takes a block from each.
JAM_REALTIME void
bcast_mixer_step(BcastMixer* self, uint64_t mono_us);

/// The last step's mix for `client_id`: everyone but itself (an unknown id hears everyone).
JAM_REALTIME void
bcast_mixer_output(const BcastMixer* self, uint32_t client_id, float* ch1, float* ch2);

/// Slots in use.
JAM_REALTIME uint32_t
bcast_mixer_count(const BcastMixer* self);

/// The counters.
JAM_REALTIME BcastMixerCounters
bcast_mixer_counters(const BcastMixer* self);

#endif // BCAST_MIXER_H
