// SPDX-License-Identifier: ISC
/// A worker thread: the transport for the rooms it owns. It waits on their sockets with epoll,
/// reads batches with recvmmsg, hands each datagram to its room, and sends the room's queue with
/// sendmmsg. It expires members and publishes room snapshots every 100 ms. A room belongs to
/// exactly one worker, so the hot path takes no lock; other threads see the rooms only through
/// the published snapshots and the event ring.

#ifndef BCAST_WORKER_H
#define BCAST_WORKER_H

#include "room.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_WORKER_BATCH_MAX       64u       ///< datagrams per recvmmsg, at most
#define BCAST_WORKER_BATCH_DEFAULT   16u       ///< datagrams per recvmmsg by default
#define BCAST_WORKER_HOUSEKEEPING_US 100000u   ///< µs between expiry scans and snapshots
#define BCAST_WORKER_EVENT_RING_MIN  65536u    ///< bytes: the smallest join/leave event ring
#define BCAST_WORKER_EVENT_RING_MAX  16777216u ///< bytes: the largest (about 52000 events)

typedef struct BcastWorkerImpl BcastWorker;

/// Bytes of event ring a worker needs so that none of its rooms' events is lost between two
/// reads by the main thread (every 50 ms): the most one room can emit in that time is a join and
/// a leave per member place, BCAST_REFUSED_LOG_MAX refusals and their summary. Clamped to
/// BCAST_WORKER_EVENT_RING_MIN..MAX (past MAX, the excess is counted as lost, not queued).
/// @param rooms        rooms the worker will own
/// @param max_players  members per room (--max-players)
size_t
bcast_worker_event_ring_bytes(size_t rooms, uint32_t max_players);

/// Creates a stopped worker with no rooms.
/// @param index  for the thread name
/// @param event_ring_bytes  capacity of its join/leave event ring (bcast_worker_event_ring_bytes)
/// @param batch  datagrams per recvmmsg, 1..BCAST_WORKER_BATCH_MAX. The forwards of a batch
///               are sent before the next batch is read, so a datagram arriving meanwhile waits
///               up to batch * members sends: smaller batches bound the added delay, larger
///               ones save system calls.
/// @param spin_us  µs to keep polling (without sleeping) after the last datagram, 0 to always
///                 sleep in epoll_wait: trades a busy CPU for a shorter wake-up delay
/// @return NULL on failure or a bad batch size
BcastWorker*
bcast_worker_new(unsigned index, size_t event_ring_bytes, unsigned batch, unsigned spin_us);

/// Stops the worker if it runs, then frees it with its rooms and sockets; NULL is a no-op.
void
bcast_worker_free(BcastWorker* self);

/// The sink its rooms must be created with: events go into the worker's ring.
BcastEventSink
bcast_worker_event_sink(BcastWorker* self);

/// Gives a room and its bound socket to the worker (before start). The worker owns both.
/// @return JAM_ERR_NO_MEMORY or JAM_ERR_SYSTEM (epoll) on failure; the caller still owns them
JamStatus
bcast_worker_add_room(BcastWorker* self, BcastRoom* room, int fd);

/// Sends with UDP generic segmentation offload (gso.h) when `on` is 1: each flush goes out as
/// one sendmmsg entry per run of same-size datagrams to one destination. Default 0 (one entry
/// per datagram). Only before bcast_worker_start; the caller probes support (bcast_gso_probe).
void
bcast_worker_set_gso(BcastWorker* self, int on);

/// Starts the thread.
/// @param rt_priority  0 for normal scheduling, or 1..99 for SCHED_FIFO at that priority; if
///                     the process may not use SCHED_FIFO the thread starts with normal
///                     scheduling and *rt_denied is set to 1
/// @param rt_denied    receives 1 if SCHED_FIFO was refused (EPERM), else 0
/// @return JAM_ERR_SYSTEM if it could not be created (errno is set)
JamStatus
bcast_worker_start(BcastWorker* self, int rt_priority, int* rt_denied);

/// Asks the thread to stop and joins it. Safe to call when not started.
void
bcast_worker_stop(BcastWorker* self);

/// Rooms owned.
size_t
bcast_worker_room_count(const BcastWorker* self);

/// The newest snapshot of room i (zeroes before the first). Valid until the next call for the
/// same room. One reader thread only.
const BcastRoomStatus*
bcast_worker_room_status(BcastWorker* self, size_t i);

/// Takes the next event from the ring. One reader thread only.
/// @return JAM_ERR_EMPTY when there is none
JamStatus
bcast_worker_next_event(BcastWorker* self, BcastEvent* event);

#endif // BCAST_WORKER_H
