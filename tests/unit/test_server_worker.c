// SPDX-License-Identifier: ISC
// The worker's join/leave event ring: sized so that what its rooms can emit between two reads
// by the main thread fits (a whole room turning over, its refusal lines and their summary), and
// still bounded. Before, a fixed 64 KiB ring (204 events) lost the log lines and statistics of
// 100 rooms of 4 joining at once, as after a server restart.

#include "check.h"
#include "server/worker.h"
#include "spsc.h"

#include <stdint.h>
#include <string.h>

#define EVENT_BYTES (sizeof(JamSpscMsgHeader) + sizeof(BcastEvent))

// The most one room emits between two reads: a join and a leave per place, the refusal lines
// logged in a window and their summary.
static size_t
room_burst(const uint32_t max_players)
{
  return 2u * max_players + BCAST_REFUSED_LOG_MAX + 1u;
}

static void
the_ring_holds_every_rooms_burst(void)
{
  // 100 rooms of 4: 100 x 19 events of 320 bytes.
  CHECK(bcast_worker_event_ring_bytes(100, 4) >= 100u * room_burst(4) * EVENT_BYTES,
        "100 rooms of 4: %zu bytes", bcast_worker_event_ring_bytes(100, 4));
  CHECK(bcast_worker_event_ring_bytes(100, 16) >= 100u * room_burst(16) * EVENT_BYTES,
        "100 rooms of 16: %zu bytes", bcast_worker_event_ring_bytes(100, 16));
  // It grows with the rooms and with the places per room.
  CHECK(bcast_worker_event_ring_bytes(200, 16) > bcast_worker_event_ring_bytes(100, 16),
        "200 rooms need more than 100");
  CHECK(bcast_worker_event_ring_bytes(100, 32) > bcast_worker_event_ring_bytes(100, 16),
        "32 places need more than 16");
}

static void
the_ring_is_bounded_both_ways(void)
{
  CHECK_INT(bcast_worker_event_ring_bytes(1, 2), BCAST_WORKER_EVENT_RING_MIN);
  CHECK_INT(bcast_worker_event_ring_bytes(0, 16), BCAST_WORKER_EVENT_RING_MIN);
  // 1000 rooms of 256 would want 167 MB: capped.
  CHECK_INT(bcast_worker_event_ring_bytes(1000, 256), BCAST_WORKER_EVENT_RING_MAX);
  CHECK_INT(bcast_worker_event_ring_bytes(SIZE_MAX, UINT32_MAX / 4), BCAST_WORKER_EVENT_RING_MAX);
}

// Emits `count` joins through the worker's sink without reading: @return how many were taken.
static size_t
emit_joins(BcastWorker* const w, const size_t count)
{
  const BcastEventSink sink = bcast_worker_event_sink(w);
  size_t taken = 0;
  for (size_t i = 0; i < count; ++i) {
    BcastEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.type = BCAST_EVENT_JOIN;
    ev.port = (uint16_t)(7891u + i / 4u);
    ev.client_id = (uint32_t)(100000u + i);
    taken += sink.emit(sink.ctx, &ev) == 0;
  }
  return taken;
}

static void
a_hundred_rooms_of_four_joining_at_once_lose_nothing(void)
{
  const size_t burst = 100u * room_burst(4);
  BcastWorker* const w = bcast_worker_new(0, bcast_worker_event_ring_bytes(100, 4), 16, 0);
  CHECK(w != NULL, "worker");
  CHECK_INT(emit_joins(w, burst), burst);
  // All of them come out, in order, whole.
  BcastEvent ev;
  size_t read = 0;
  int in_order = 1;
  while (bcast_worker_next_event(w, &ev) == JAM_SUCCESS) {
    in_order &= ev.type == BCAST_EVENT_JOIN && ev.client_id == 100000u + read;
    ++read;
  }
  CHECK_INT(read, burst);
  CHECK(in_order, "events out of order or torn");
  bcast_worker_free(w);

  // The old fixed 64 KiB ring took 204 of them.
  BcastWorker* const small = bcast_worker_new(0, BCAST_WORKER_EVENT_RING_MIN, 16, 0);
  CHECK(small != NULL, "worker");
  CHECK_INT(emit_joins(small, burst), BCAST_WORKER_EVENT_RING_MIN / EVENT_BYTES);
  bcast_worker_free(small);
}

int
main(void)
{
  RUN(the_ring_holds_every_rooms_burst);
  RUN(the_ring_is_bounded_both_ways);
  RUN(a_hundred_rooms_of_four_joining_at_once_lose_nothing);
  return jam_test_summary();
}
