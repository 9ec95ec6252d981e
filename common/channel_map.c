// SPDX-License-Identifier: ISC
// Client id → mixer channel pair (rtjam_rust_spec.md §3.6). A linear scan of 11 slots.

#include "channel_map.h"

#include <stdlib.h>

struct JamChannelMapImpl {
  JamPlayer slots[JAM_CHANNEL_MAP_SLOTS]; ///< slot k feeds mixer channels 2k+2 and 2k+3
};

static unsigned
slot_channel(const unsigned slot)
{
  return JAM_CHANNEL_MAP_FIRST_CHANNEL + 2u * slot;
}

JamChannelMap*
jam_channel_map_new(void)
{
  JamChannelMap* const self = malloc(sizeof *self);
  if (!self) {
    return NULL;
  }
  jam_channel_map_clear(self);
  return self;
}

void
jam_channel_map_free(JamChannelMap* const self)
{
  free(self);
}

JamStatus
jam_channel_map_get(JamChannelMap* const self, const uint32_t client_id, const uint64_t now_us,
                    const uint32_t seq, unsigned* const channel)
{
  if (client_id == JAM_PLAYER_EMPTY_ID) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  unsigned free_slot = JAM_CHANNEL_MAP_SLOTS;
  for (unsigned k = 0; k < JAM_CHANNEL_MAP_SLOTS; ++k) {
    JamPlayer* const p = &self->slots[k];
    if (p->client_id == client_id) {
      // The client has no loop time to measure: pass one that the player ignores.
      jam_player_update(p, now_us, client_id, JAM_PLAYER_MAX_LOOP_US, seq);
      *channel = slot_channel(k);
      return JAM_SUCCESS;
    }
    if (free_slot == JAM_CHANNEL_MAP_SLOTS && jam_player_is_empty(p)) {
      free_slot = k;
    }
  }
  if (free_slot == JAM_CHANNEL_MAP_SLOTS) {
    return JAM_ERR_FULL;
  }
  jam_player_start(&self->slots[free_slot], now_us, client_id, seq);
  *channel = slot_channel(free_slot);
  return JAM_SUCCESS;
}

JamStatus
jam_channel_map_find(const JamChannelMap* const self, const uint32_t client_id,
                     unsigned* const channel)
{
  if (client_id == JAM_PLAYER_EMPTY_ID) {
    return JAM_ERR_NOT_FOUND;
  }
  for (unsigned k = 0; k < JAM_CHANNEL_MAP_SLOTS; ++k) {
    if (self->slots[k].client_id == client_id) {
      *channel = slot_channel(k);
      return JAM_SUCCESS;
    }
  }
  return JAM_ERR_NOT_FOUND;
}

unsigned
jam_channel_map_prune(JamChannelMap* const self, const uint64_t now_us)
{
  unsigned freed = 0;
  for (unsigned k = 0; k < JAM_CHANNEL_MAP_SLOTS; ++k) {
    JamPlayer* const p = &self->slots[k];
    if (!jam_player_is_empty(p) && jam_player_is_old(p, now_us)) {
      jam_player_clear(p);
      ++freed;
    }
  }
  return freed;
}

void
jam_channel_map_clear(JamChannelMap* const self)
{
  for (unsigned k = 0; k < JAM_CHANNEL_MAP_SLOTS; ++k) {
    jam_player_clear(&self->slots[k]);
  }
}

unsigned
jam_channel_map_count(const JamChannelMap* const self)
{
  unsigned n = 0;
  for (unsigned k = 0; k < JAM_CHANNEL_MAP_SLOTS; ++k) {
    n += !jam_player_is_empty(&self->slots[k]);
  }
  return n;
}

const JamPlayer*
jam_channel_map_slot(const JamChannelMap* const self, const unsigned slot)
{
  return slot < JAM_CHANNEL_MAP_SLOTS ? &self->slots[slot] : NULL;
}
