// SPDX-License-Identifier: ISC
// Member table. Lookup is a linear scan over a dense array of 18-byte keys kept apart from the
// (larger) member records: for the room sizes in use (up to 16, at most 256) this touches a
// few cache lines, and the fan-out that follows every lookup is linear in the member count
// anyway, so a hash index would not change the cost per packet.

#include "members.h"

#include <stdlib.h>
#include <string.h>

struct BcastMembersImpl {
  uint32_t capacity;    ///< members
  uint32_t count;       ///< members in use, dense at the front
  BcastAddr* keys;      ///< capacity keys, keys[i] belongs to members[i]
  BcastMember* members; ///< capacity records
};

BcastMembers*
bcast_members_new(const uint32_t capacity)
{
  if (capacity == 0 || capacity > BCAST_MEMBERS_MAX) {
    return NULL;
  }
  BcastMembers* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->keys = calloc(capacity, sizeof *self->keys);
  self->members = calloc(capacity, sizeof *self->members);
  if (!self->keys || !self->members) {
    bcast_members_free(self);
    return NULL;
  }
  self->capacity = capacity;
  return self;
}

void
bcast_members_free(BcastMembers* const self)
{
  if (!self) {
    return;
  }
  free(self->keys);
  free(self->members);
  free(self);
}

uint32_t
bcast_members_count(const BcastMembers* const self)
{
  return self->count;
}

uint32_t
bcast_members_capacity(const BcastMembers* const self)
{
  return self->capacity;
}

int
bcast_members_find(const BcastMembers* const self, const BcastAddr* const key)
{
  for (uint32_t i = 0; i < self->count; ++i) {
    if (bcast_addr_equal(&self->keys[i], key)) {
      return (int)i;
    }
  }
  return -1;
}

BcastMember*
bcast_members_at(BcastMembers* const self, const uint32_t i)
{
  return &self->members[i];
}

const BcastMember*
bcast_members_get(const BcastMembers* const self, const uint32_t i)
{
  return &self->members[i];
}

const BcastAddr*
bcast_members_key(const BcastMembers* const self, const uint32_t i)
{
  return &self->keys[i];
}

JamStatus
bcast_members_add(BcastMembers* const self, const BcastAddr* const key,
                  const BcastSockaddr* const addr, const uint64_t now_us, const uint32_t client_id,
                  const uint32_t seq, uint32_t* const index)
{
  if (bcast_members_find(self, key) >= 0) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  if (self->count == self->capacity) {
    return JAM_ERR_FULL;
  }
  const uint32_t i = self->count++;
  self->keys[i] = *key;
  BcastMember* const m = &self->members[i];
  m->addr = *addr;
  jam_player_start(&m->player, now_us, client_id, seq);
  bcast_rate_init(&m->rate, now_us);
  m->joined_us = now_us;
  m->rate_limited = 0;
  m->no_gso = 0;
  *index = i;
  return JAM_SUCCESS;
}

void
bcast_members_remove(BcastMembers* const self, const uint32_t i)
{
  if (i >= self->count) {
    return;
  }
  const uint32_t last = --self->count;
  if (i != last) {
    self->keys[i] = self->keys[last];
    self->members[i] = self->members[last];
  }
}
