// SPDX-License-Identifier: ISC
/// Client id → mixer channel pair for the remote players a client hears
/// (rtjam_rust_spec.md §3.6): 11 slots, keyed by client id, freed after 1 s of silence.
/// Slot k (0..10) owns mixer channels (2k+2, 2k+3); channels 0 and 1 are the local player's.
/// Allocation-free after jam_channel_map_new; not thread-safe (one thread, e.g. the audio one).

#ifndef JAM_CHANNEL_MAP_H
#define JAM_CHANNEL_MAP_H

#include "player.h"
#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define JAM_CHANNEL_MAP_SLOTS         11u ///< remote players: 24 mixer channels / 2 - 1
#define JAM_CHANNEL_MAP_FIRST_CHANNEL 2u  ///< mixer channel of slot 0's first channel

typedef struct JamChannelMapImpl JamChannelMap;

/// Allocates a map with every slot empty. @return NULL on allocation failure.
JamChannelMap*
jam_channel_map_new(void);

/// Frees a map; NULL is a no-op.
void
jam_channel_map_free(JamChannelMap* self);

/// Finds the slot of `client_id`, or takes the first free slot for it, and records the
/// packet in that slot's statistics (a new slot starts with jam_player_start).
/// @param now_us   µs, any one clock (used for the 1-s expiry)
/// @param seq      the packet's sequence number (drop counting)
/// @param channel  receives the first mixer channel of the pair: 2, 4, ..., 22
/// @return JAM_ERR_FULL when all 11 slots are taken (drop that player's audio),
///         JAM_ERR_BAD_ARGUMENT for the reserved id JAM_PLAYER_EMPTY_ID
JAM_REALTIME JamStatus
jam_channel_map_get(JamChannelMap* self, uint32_t client_id, uint64_t now_us, uint32_t seq,
                    unsigned* channel);

/// Looks up `client_id` without recording a packet.
/// @return JAM_ERR_NOT_FOUND if it has no slot
JAM_REALTIME JamStatus
jam_channel_map_find(const JamChannelMap* self, uint32_t client_id, unsigned* channel);

/// Frees every slot silent for more than 1 s (keep_alive + 1000000 < now).
/// @return the number of slots freed
JAM_REALTIME unsigned
jam_channel_map_prune(JamChannelMap* self, uint64_t now_us);

/// Frees every slot.
JAM_REALTIME void
jam_channel_map_clear(JamChannelMap* self);

/// Slots in use, 0..11.
JAM_REALTIME unsigned
jam_channel_map_count(const JamChannelMap* self);

/// The statistics of slot `slot` (0..10), for reporting; NULL if out of range.
/// An empty slot has client_id JAM_PLAYER_EMPTY_ID.
const JamPlayer*
jam_channel_map_slot(const JamChannelMap* self, unsigned slot);

#endif // JAM_CHANNEL_MAP_H
