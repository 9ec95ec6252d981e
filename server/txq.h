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

/// Allocates a queue of `capacity` datagrams. @return NULL on failure or capacity 0
BcastTxq*
bcast_txq_new(size_t capacity);

/// Frees a queue; NULL is a no-op.
void
bcast_txq_free(BcastTxq* self);

/// Appends one datagram. @return JAM_ERR_FULL if the queue is full (nothing is queued)
JAM_REALTIME JamStatus
bcast_txq_push(BcastTxq* self, const void* buf, size_t len, const BcastSockaddr* to);

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
