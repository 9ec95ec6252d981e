// SPDX-License-Identifier: ISC
/// UDP generic segmentation offload (UDP_SEGMENT, Linux >= 4.18) for the send queue: the
/// planner turns one flush of a BcastTxq into as few sendmmsg() entries as it can, one GSO
/// "super-datagram" per run of same-size datagrams to one destination, the last segment possibly
/// shorter. The kernel walks the stack once per entry and delivers ordinary, separate datagrams.
///
/// Grouping (per destination tag, in the order destinations first appear in the queue):
///   - the forwards to it, in queue order: a run continues while datagrams have the run's size;
///     a shorter one ends the run as its last segment; a longer one starts a new run;
///   - then its echoes, in queue order, by the same rule: the first echo usually ends the last
///     run of forwards as its short last segment.
/// So each stream keeps its order (forwards among themselves, echoes among themselves); only an
/// echo may move after forwards from other members. Untagged datagrams (challenges to unverified
/// sources) are never grouped: each is an entry of its own, exactly as without GSO.
/// A run holds at most BCAST_GSO_MAX_SEGMENTS datagrams and BCAST_GSO_MAX_BYTES bytes.
///
/// Nothing here does I/O, allocates after bcast_gso_new or locks: the worker sends the plan.

#ifndef BCAST_GSO_H
#define BCAST_GSO_H

#include "rt.h"
#include "txq.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define BCAST_GSO_MAX_SEGMENTS 64u    ///< datagrams per GSO send (the kernel's UDP_MAX_SEGMENTS)
#define BCAST_GSO_MAX_BYTES    65000u ///< payload bytes per GSO send (IPv4 caps it at 65507)

typedef struct BcastGsoImpl BcastGso;

/// Allocates a planner for queues of up to `capacity` datagrams and destination tags below
/// `tags` (at most BCAST_TXQ_NO_DEST). @return NULL on failure or a zero argument
BcastGso*
bcast_gso_new(size_t capacity, uint32_t tags);

/// Frees a planner; NULL is a no-op.
void
bcast_gso_free(BcastGso* self);

/// Plans the sends of the queue (which it does not change). A datagram with a tag >= the
/// planner's `tags` is sent alone. @return entries planned (<= bcast_txq_count(q))
JAM_REALTIME size_t
bcast_gso_plan(BcastGso* self, const BcastTxq* q);

/// The planned entries, for sendmmsg(). Entry m carries a UDP_SEGMENT control message when it
/// holds more than one datagram.
JAM_REALTIME struct mmsghdr*
bcast_gso_msgs(BcastGso* self);

/// Datagrams in planned entry m.
JAM_REALTIME size_t
bcast_gso_segments(const BcastGso* self, size_t m);

/// Destination tag of planned entry m (that of its datagrams).
JAM_REALTIME uint16_t
bcast_gso_dest(const BcastGso* self, size_t m);

/// Segment size of planned entry m (the size of its first datagram).
JAM_REALTIME size_t
bcast_gso_segment_size(const BcastGso* self, size_t m);

/// Entry m split into one entry per datagram (the same buffers and address, no control
/// message), for the fallback when the kernel refuses GSO. Valid until the next plan.
/// @return the entries; *count receives bcast_gso_segments(self, m)
JAM_REALTIME struct mmsghdr*
bcast_gso_split(BcastGso* self, size_t m, size_t* count);

/// 1 if a UDP_SEGMENT send of two datagrams on a socket of this family works here (a probe
/// through a temporary loopback socket), else 0. @param why receives the reason when 0
int
bcast_gso_probe(int family, char* why, size_t why_cap);

#endif // BCAST_GSO_H
