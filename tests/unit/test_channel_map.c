// SPDX-License-Identifier: ISC
// Client id → mixer channel pair (rtjam_rust_spec.md §3.6, §10 test 54): slot order,
// reuse, the 11-slot limit, expiry after 1 s and slot statistics.

#include "channel_map.h"
#include "check.h"

#include <stdint.h>

#define T0 1700000000000000ull // µs

static void
first_id_gets_channel_2_and_second_id_channel_4(void)
{
  JamChannelMap* m = jam_channel_map_new();
  CHECK(m != NULL, "new failed");
  unsigned ch = 0;
  CHECK_INT(jam_channel_map_get(m, 1234, T0, 1, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 2);
  CHECK_INT(jam_channel_map_get(m, 4444, T0, 1, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 4);
  CHECK_INT(jam_channel_map_prune(m, T0 + 1000001), 2);
  CHECK_INT(jam_channel_map_count(m), 0);
  jam_channel_map_free(m);
}

static void
a_known_id_keeps_its_channel(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  CHECK_INT(jam_channel_map_get(m, 1, T0, 1, &ch), JAM_SUCCESS);
  CHECK_INT(jam_channel_map_get(m, 2, T0, 1, &ch), JAM_SUCCESS);
  for (uint32_t s = 2; s < 100; ++s) {
    CHECK_INT(jam_channel_map_get(m, 2, T0 + s * 2667, s, &ch), JAM_SUCCESS);
    CHECK_INT(ch, 4);
  }
  CHECK_INT(jam_channel_map_count(m), 2);
  CHECK_INT(jam_channel_map_find(m, 2, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 4);
  CHECK_INT(jam_channel_map_find(m, 3, &ch), JAM_ERR_NOT_FOUND);
  jam_channel_map_free(m);
}

static void
eleven_players_fill_channels_2_to_22_and_the_twelfth_is_refused(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  for (uint32_t id = 0; id < 11; ++id) {
    CHECK_INT(jam_channel_map_get(m, 100 + id, T0, 1, &ch), JAM_SUCCESS);
    CHECK_INT(ch, 2 + 2 * id);
  }
  CHECK_INT(ch, 22); // the last pair is (22, 23): mixer channels 0..23
  CHECK_INT(jam_channel_map_count(m), JAM_CHANNEL_MAP_SLOTS);
  ch = 99;
  CHECK_INT(jam_channel_map_get(m, 999, T0, 1, &ch), JAM_ERR_FULL);
  CHECK_INT(ch, 99);                                               // untouched
  CHECK_INT(jam_channel_map_get(m, 105, T0, 2, &ch), JAM_SUCCESS); // known ids still work
  CHECK_INT(ch, 12);
  jam_channel_map_free(m);
}

static void
a_slot_freed_by_silence_is_reused_first(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  for (uint32_t id = 0; id < 11; ++id) {
    jam_channel_map_get(m, 100 + id, T0, 1, &ch);
  }
  // Everyone but id 103 (slot 3, channel 8) keeps talking for 1.5 s.
  for (uint32_t id = 0; id < 11; ++id) {
    if (id != 3) {
      jam_channel_map_get(m, 100 + id, T0 + 1500000, 2, &ch);
    }
  }
  CHECK_INT(jam_channel_map_prune(m, T0 + 1500000), 1);
  CHECK_INT(jam_channel_map_find(m, 103, &ch), JAM_ERR_NOT_FOUND);
  CHECK_INT(jam_channel_map_get(m, 777, T0 + 1500001, 1, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 8);
  jam_channel_map_free(m);
}

static void
prune_keeps_a_slot_silent_for_exactly_one_second(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  jam_channel_map_get(m, 5, T0, 1, &ch);
  CHECK_INT(jam_channel_map_prune(m, T0 + 1000000), 0);
  CHECK_INT(jam_channel_map_prune(m, T0 + 1000001), 1);
  CHECK_INT(jam_channel_map_prune(m, T0 + 9000000), 0); // already empty
  jam_channel_map_free(m);
}

static void
a_new_slot_counts_no_drop_and_no_late_bucket(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  jam_channel_map_get(m, 5, T0, 1000, &ch);
  jam_channel_map_get(m, 5, T0 + 2667, 1001, &ch);
  jam_channel_map_get(m, 5, T0 + 2 * 2667, 1003, &ch); // one lost packet
  const JamPlayer* p = jam_channel_map_slot(m, 0);
  CHECK(p != NULL, "slot 0");
  if (!p) {
    jam_channel_map_free(m);
    return;
  }
  CHECK_INT(p->client_id, 5);
  CHECK_INT(p->drops, 1);
  CHECK_INT(p->packet_count, 3);
  CHECK_INT(p->hist[1], 2);
  CHECK_INT(p->hist[14], 0);                      // the original put the first packet here
  CHECK_NEAR(jam_player_latency_ms(p), 0.0, 0.0); // clients have no loop time
  CHECK(jam_channel_map_slot(m, 11) == NULL, "slot 11 exists");
  CHECK(jam_player_is_empty(jam_channel_map_slot(m, 1)), "slot 1 not empty");
  jam_channel_map_free(m);
}

static void
the_empty_slot_id_is_refused(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  CHECK_INT(jam_channel_map_get(m, JAM_PLAYER_EMPTY_ID, T0, 1, &ch), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(jam_channel_map_find(m, JAM_PLAYER_EMPTY_ID, &ch), JAM_ERR_NOT_FOUND);
  CHECK_INT(jam_channel_map_count(m), 0);
  jam_channel_map_free(m);
}

// Client 0 is a member's id (the slot's "empty" marker is 40000, which no member may hold): it
// takes a slot, keeps it, and is freed by silence like any other.
static void
client_0_takes_a_slot_like_any_id(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  CHECK_INT(jam_channel_map_get(m, 0, T0, 1, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 2);
  CHECK_INT(jam_channel_map_get(m, 7, T0, 1, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 4);
  CHECK_INT(jam_channel_map_get(m, 0, T0 + 2667, 2, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 2);
  CHECK_INT(jam_channel_map_find(m, 0, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 2);
  CHECK_INT(jam_channel_map_count(m), 2);
  CHECK(!jam_player_is_empty(jam_channel_map_slot(m, 0)), "slot 0 (client 0) is in use");
  CHECK_INT(jam_channel_map_prune(m, T0 + 2667 + 1000001), 2);
  CHECK_INT(jam_channel_map_find(m, 0, &ch), JAM_ERR_NOT_FOUND);
  jam_channel_map_free(m);
}

static void
clear_frees_every_slot(void)
{
  JamChannelMap* m = jam_channel_map_new();
  unsigned ch = 0;
  for (uint32_t id = 0; id < 5; ++id) {
    jam_channel_map_get(m, 100 + id, T0, 1, &ch);
  }
  jam_channel_map_clear(m);
  CHECK_INT(jam_channel_map_count(m), 0);
  CHECK_INT(jam_channel_map_get(m, 104, T0, 2, &ch), JAM_SUCCESS);
  CHECK_INT(ch, 2);
  jam_channel_map_free(m);
  jam_channel_map_free(NULL);
}

int
main(void)
{
  RUN(first_id_gets_channel_2_and_second_id_channel_4);
  RUN(a_known_id_keeps_its_channel);
  RUN(eleven_players_fill_channels_2_to_22_and_the_twelfth_is_refused);
  RUN(a_slot_freed_by_silence_is_reused_first);
  RUN(prune_keeps_a_slot_silent_for_exactly_one_second);
  RUN(a_new_slot_counts_no_drop_and_no_late_bucket);
  RUN(the_empty_slot_id_is_refused);
  RUN(client_0_takes_a_slot_like_any_id);
  RUN(clear_frees_every_slot);
  return jam_test_summary();
}
