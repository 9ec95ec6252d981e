// SPDX-License-Identifier: ISC
/// The send queue of one room socket: a preallocated array of datagrams (buffer, length,
/// destination) laid out as struct mmsghdr so that one sendmmsg() sends the whole batch.
/// The room logic fills it; the transport (worker.c) flushes it. Buffers and addresses are
/// referenced, not copied: they must stay valid until the queue is flushed.

#ifndef BCAST_TXQ_H
#define BCAST_TXQ_H

#include "addr.h"
#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct BcastTxqImpl BcastTxq;

/// Destination tag of a datagram whose destination is not a member (a challenge): never
/// coalesced with other datagrams.
#define BCAST_TXQ_NO_DEST 0xffffu

/// What a datagram is, for the GSO planner (gso.h).
typedef enum {
  BCAST_TXQ_FORWARD = 0, ///< a member's packet forwarded to another member
  BCAST_TXQ_ECHO = 1,    ///< the 28-byte echo to the sender (may go after the forwards)
} BcastTxqKind;

/// Allocates a queue of `capacity` datagrams. @return NULL on failure or capacity 0
BcastTxq*
bcast_txq_new(size_t capacity);

/// Frees a queue; NULL is a no-op.
void
bcast_txq_free(BcastTxq* self);

/// Appends one datagram with no destination tag (BCAST_TXQ_NO_DEST, BCAST_TXQ_FORWARD).
/// @return JAM_ERR_FULL if the queue is full (nothing is queued)
JAM_REALTIME JamStatus
bcast_txq_push(BcastTxq* self, const void* buf, size_t len, const BcastSockaddr* to);

/// Appends one datagram to a tagged destination. Within one flush, datagrams with the same
/// `dest` (< BCAST_TXQ_NO_DEST) must have the same `to` address: the GSO planner groups by tag.
/// @return JAM_ERR_FULL if the queue is full (nothing is queued)
JAM_REALTIME JamStatus
bcast_txq_push_tagged(BcastTxq* self, const void* buf, size_t len, const BcastSockaddr* to,
                      uint16_t dest, BcastTxqKind kind);

/// Destination tag of datagram i (i < count).
JAM_REALTIME uint16_t
bcast_txq_dest(const BcastTxq* self, size_t i);

/// Kind of datagram i (i < count).
JAM_REALTIME BcastTxqKind
bcast_txq_kind(const BcastTxq* self, size_t i);

/// Datagrams queued.
JAM_REALTIME size_t
bcast_txq_count(const BcastTxq* self);

/// Free entries.
JAM_REALTIME size_t
bcast_txq_space(const BcastTxq* self);

/// The queued datagrams, for sendmmsg() (and for tests to inspect).
JAM_REALTIME struct mmsghdr*
bcast_txq_msgs(BcastTxq* self);

/// Bytes of datagram i (i < count).
JAM_REALTIME size_t
bcast_txq_len(const BcastTxq* self, size_t i);

/// Payload of datagram i (i < count).
JAM_REALTIME const void*
bcast_txq_buf(const BcastTxq* self, size_t i);

/// Destination of datagram i (i < count).
JAM_REALTIME const BcastSockaddr*
bcast_txq_to(const BcastTxq* self, size_t i);

/// Empties the queue.
JAM_REALTIME void
bcast_txq_clear(BcastTxq* self);

#endif // BCAST_TXQ_H
