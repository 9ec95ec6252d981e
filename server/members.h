// SPDX-License-Identifier: ISC
/// The member table of one room: the verified sources, keyed by address, each with its send
/// address, per-stream statistics (JamPlayer) and rate-limiter state. Fixed capacity, allocated
/// once; members are kept dense (removal moves the last member into the hole), so the fan-out
/// loop walks a contiguous array.

#ifndef BCAST_MEMBERS_H
#define BCAST_MEMBERS_H

#include "addr.h"
#include "player.h"
#include "ratelimit.h"
#include "rt.h"
#include "status.h"

#include <stdint.h>

#define BCAST_MEMBERS_MAX 256u ///< members: the largest --max-players accepted

/// One verified source.
typedef struct {
  BcastSockaddr addr;    ///< where forwards and echoes go
  JamPlayer player;      ///< client id, sequence, drops, latency, jitter
  BcastRate rate;        ///< packet-rate limiter state
  uint64_t joined_us;    ///< monotonic µs of admission
  uint64_t rate_limited; ///< packets of this member dropped by the rate limiter
  int no_gso;            ///< 1 once the kernel refused a GSO send to it: sent one by one
} BcastMember;

typedef struct BcastMembersImpl BcastMembers;

/// Allocates a table for up to `capacity` members (1..BCAST_MEMBERS_MAX).
/// @return NULL on allocation failure or a capacity out of range
BcastMembers*
bcast_members_new(uint32_t capacity);

/// Frees a table; NULL is a no-op.
void
bcast_members_free(BcastMembers* self);

/// Members in the table.
JAM_REALTIME uint32_t
bcast_members_count(const BcastMembers* self);

/// The most members the table holds.
JAM_REALTIME uint32_t
bcast_members_capacity(const BcastMembers* self);

/// Finds a member by address. @return its index, or -1
JAM_REALTIME int
bcast_members_find(const BcastMembers* self, const BcastAddr* key);

/// Member i (i < count). The pointer is valid until the next removal.
JAM_REALTIME BcastMember*
bcast_members_at(BcastMembers* self, uint32_t i);

/// Read-only member i (i < count).
JAM_REALTIME const BcastMember*
bcast_members_get(const BcastMembers* self, uint32_t i);

/// Address key of member i (i < count).
JAM_REALTIME const BcastAddr*
bcast_members_key(const BcastMembers* self, uint32_t i);

/// Adds a member from its first (admitting) packet: its player starts at now_us with that
/// packet's client id and sequence number (jam_player_start), its rate limiter full.
/// @param index receives the new member's index
/// @return JAM_ERR_FULL when the table is full, JAM_ERR_BAD_ARGUMENT if the address is a member
JAM_REALTIME JamStatus
bcast_members_add(BcastMembers* self, const BcastAddr* key, const BcastSockaddr* addr,
                  uint64_t now_us, uint32_t client_id, uint32_t seq, uint32_t* index);

/// Removes member i; the last member takes its index.
JAM_REALTIME void
bcast_members_remove(BcastMembers* self, uint32_t i);

#endif // BCAST_MEMBERS_H
