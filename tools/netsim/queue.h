// SPDX-License-Identifier: ISC
/// rtjam-netsim's pending datagrams: a fixed pool ordered by release time (binary min-heap).

#ifndef NETSIM_QUEUE_H
#define NETSIM_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#define NETSIM_QUEUE_MAX_BYTES 2048u ///< bytes: the largest datagram relayed

/// One held datagram.
typedef struct {
  uint64_t release;                     ///< µs, when to send it
  uint64_t order;                       ///< arrival counter: equal release times keep arrival order
  int route;                            ///< index of the client mapping it belongs to
  uint64_t route_gen;                   ///< that mapping's generation (a reused one is not it)
  int upstream;                         ///< 1: client -> server, 0: server -> client
  size_t size;                          ///< bytes in data
  uint8_t data[NETSIM_QUEUE_MAX_BYTES]; ///< the datagram
} NetsimPacket;

typedef struct NetsimQueueImpl NetsimQueue;

/// Allocates a queue of `capacity` packets. NULL on failure.
NetsimQueue*
netsim_queue_new(size_t capacity);

/// Frees a queue; NULL is a no-op.
void
netsim_queue_free(NetsimQueue* self);

/// A free slot to fill before netsim_queue_push(), or NULL when the queue is full.
NetsimPacket*
netsim_queue_slot(NetsimQueue* self);

/// Inserts the packet returned by the last netsim_queue_slot().
void
netsim_queue_push(NetsimQueue* self);

/// The earliest packet, or NULL when empty. It stays queued until netsim_queue_pop().
const NetsimPacket*
netsim_queue_peek(const NetsimQueue* self);

/// Removes the earliest packet.
void
netsim_queue_pop(NetsimQueue* self);

/// Packets queued.
size_t
netsim_queue_size(const NetsimQueue* self);

#endif // NETSIM_QUEUE_H
