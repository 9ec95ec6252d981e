// SPDX-License-Identifier: ISC
// Per-stream player statistics (rtjam_rust_spec.md §3.5): keep-alive and expiry, drop
// counting, histogram buckets, loop-time smoothing, latency history and jitter.

#include "check.h"
#include "player.h"

#include <stdint.h>

#define T0     1700000000000000ull // µs, an arbitrary wall-clock time
#define PERIOD 2667u               // µs, one 128-frame packet

static void
init_sets_keep_alive_and_zeroes_the_counters(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 12345);
  CHECK_INT(p.client_id, 12345);
  CHECK_INT(p.keep_alive, T0);
  CHECK_INT(p.seq, 0);
  CHECK_INT(p.drops, 0);
  CHECK_INT(p.packet_count, 0);
  CHECK_INT(p.latency_count, 0);
  for (unsigned k = 0; k < JAM_PLAYER_HIST_BUCKETS; ++k) {
    CHECK_INT(p.hist[k], 0);
  }
  CHECK_NEAR(jam_player_latency_ms(&p), 0.0, 0.0);
  CHECK_NEAR(jam_player_jitter_ms(&p), 0.0, 0.0);
  CHECK(!jam_player_is_empty(&p), "empty");
}

static void
constants_match_the_original(void)
{
  CHECK_INT(JAM_PLAYER_HIST_BUCKETS, 15);
  CHECK_INT(JAM_PLAYER_EMPTY_ID, 40000);
  CHECK_INT(JAM_PLAYER_EXPIRATION_US, 1000000);
  CHECK_INT(JAM_PLAYER_MAX_LOOP_US, 100000);
  CHECK_INT(JAM_PLAYER_LATENCY_EVERY, 2250);
  CHECK_INT(JAM_PLAYER_LATENCY_HIST, 720);
}

static void
in_order_packets_count_no_drops_after_the_first(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 7);
  for (uint32_t s = 1; s <= 100; ++s) {
    jam_player_update(&p, T0 + s * PERIOD, 7, 20000, s);
  }
  CHECK_INT(p.drops, 0);
  CHECK_INT(p.seq, 100);
  CHECK_INT(p.packet_count, 100);
  CHECK_INT(p.keep_alive, T0 + 100 * PERIOD);
}

static void
a_first_update_with_seq_other_than_one_counts_one_drop(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 7);
  jam_player_update(&p, T0 + PERIOD, 7, 20000, 500);
  CHECK_INT(p.drops, 1);
}

static void
a_gap_of_any_size_a_duplicate_and_a_reorder_each_count_one_drop(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 7);
  uint64_t t = T0;
  const uint32_t seqs[] = {1, 2, 10, 11, 11, 12, 14, 13, 15};
  // 2->10 gap: 1; 11 again: 1; 12->14: 1; 14->13: 1; 13->15: 1.
  for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; ++i) {
    t += PERIOD;
    jam_player_update(&p, t, 7, 20000, seqs[i]);
  }
  CHECK_INT(p.drops, 5);
}

static void
sequence_wrap_is_not_a_drop(void)
{
  JamPlayer p;
  jam_player_start(&p, T0, 7, UINT32_MAX - 1);
  jam_player_update(&p, T0 + PERIOD, 7, 20000, UINT32_MAX);
  jam_player_update(&p, T0 + 2 * PERIOD, 7, 20000, 0);
  jam_player_update(&p, T0 + 3 * PERIOD, 7, 20000, 1);
  CHECK_INT(p.drops, 0);
}

static void
start_counts_the_first_packet_without_drop_or_histogram(void)
{
  JamPlayer p;
  jam_player_start(&p, T0, 9, 41);
  CHECK_INT(p.seq, 41);
  CHECK_INT(p.packet_count, 1);
  jam_player_update(&p, T0 + PERIOD, 9, 20000, 42);
  CHECK_INT(p.drops, 0);
  CHECK_INT(p.hist[1], 1);
  unsigned total = 0;
  for (unsigned k = 0; k < JAM_PLAYER_HIST_BUCKETS; ++k) {
    total += p.hist[k];
  }
  CHECK_INT(total, 1);
}

static void
histogram_buckets_round_inter_arrival_to_periods(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  uint64_t t = T0;
  // (1333 + dt) / 2667: 0 -> 0, 1333 -> 0, 1334 -> 1, 2667 -> 1, 5334 -> 2, 40000 -> 14,
  // 10 s -> 14 (the last bucket collects everything later).
  const uint64_t dts[] = {0, 1333, 1334, 2667, 5334, 40000, 10000000};
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; ++i) {
    t += dts[i];
    jam_player_update(&p, t, 1, 20000, (uint32_t)i + 1);
  }
  CHECK_INT(p.hist[0], 2);
  CHECK_INT(p.hist[1], 2);
  CHECK_INT(p.hist[2], 1);
  CHECK_INT(p.hist[14], 2);
}

static void
a_backward_clock_step_adds_no_histogram_sample(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  jam_player_update(&p, T0 - 5000, 1, 20000, 1);
  unsigned total = 0;
  for (unsigned k = 0; k < JAM_PLAYER_HIST_BUCKETS; ++k) {
    total += p.hist[k];
  }
  CHECK_INT(total, 0);
  CHECK_INT(p.keep_alive, T0 - 5000);
  CHECK_INT(p.packet_count, 1);
}

static void
loop_time_smoother_steps_by_0_0032227758_and_ignores_100_ms(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  jam_player_update(&p, T0 + PERIOD, 1, 10000, 1); // 10 ms
  CHECK_NEAR(jam_player_latency_ms(&p), 10.0 * 0.0032227758, 1e-8);
  const double before = jam_player_latency_ms(&p);
  jam_player_update(&p, T0 + 2 * PERIOD, 1, 100000, 2); // exactly 100 ms: ignored
  jam_player_update(&p, T0 + 3 * PERIOD, 1, 5000000, 3);
  CHECK_NEAR(jam_player_latency_ms(&p), before, 0.0);
  jam_player_update(&p, T0 + 4 * PERIOD, 1, 99999, 4); // just below: used
  CHECK(jam_player_latency_ms(&p) > before, "latency %g", jam_player_latency_ms(&p));
}

static void
loop_time_converges_to_a_steady_20_ms(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  for (uint32_t s = 1; s <= 5000; ++s) { // ~16 time constants of 310 packets
    jam_player_update(&p, T0 + s * PERIOD, 1, 20000, s);
  }
  CHECK_NEAR(jam_player_latency_ms(&p), 20.0, 1e-3);
}

static void
latency_history_gets_one_entry_per_2250_packets(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  for (uint32_t s = 1; s < 2250; ++s) {
    jam_player_update(&p, T0 + s * PERIOD, 1, 20000, s);
  }
  CHECK_INT(p.latency_count, 0);
  const double smoothed = p.loop_stat.y; // recorded before this packet's own loop time
  jam_player_update(&p, T0 + 2250ull * PERIOD, 1, 20000, 2250);
  CHECK_INT(p.latency_count, 1);
  CHECK_NEAR(jam_player_latency_at(&p, 0), smoothed, 0.0);
  CHECK_NEAR(smoothed, 20000.0 * (1.0 - pow(1.0 - 0.0032227758, 2249)), 1e-3);
  CHECK_NEAR(jam_player_latency_at(&p, 1), 0.0, 0.0); // out of range
}

static void
latency_history_keeps_the_newest_720_oldest_first(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  // 725 entries: feed a different loop time during each 2250-packet stretch. Entry e is
  // the smoothed value just before packet 2250 e is applied.
  double expect_first = 0.0;
  double expect_last = 0.0;
  uint64_t t = T0;
  uint32_t s = 0;
  for (unsigned e = 1; e <= 725; ++e) {
    for (unsigned k = 0; k < 2250; ++k) {
      if (k == 2249 && e == 6) {
        expect_first = p.loop_stat.y;
      }
      if (k == 2249) {
        expect_last = p.loop_stat.y;
      }
      t += PERIOD;
      jam_player_update(&p, t, 1, 1000u * (e % 90), ++s);
    }
  }
  CHECK_INT(p.latency_count, 720);
  CHECK_NEAR(jam_player_latency_at(&p, 0), expect_first, 0.0); // entries 1..5 dropped
  CHECK_NEAR(jam_player_latency_at(&p, 719), expect_last, 0.0);
  CHECK_INT(p.drops, 0);
  CHECK_INT(p.packet_count, 725u * 2250u);
}

static void
jitter_is_the_stddev_of_inter_arrival_in_ms(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  uint64_t t = T0;
  // Alternate 2 ms and 4 ms: mean 3 ms, standard deviation 1 ms.
  for (uint32_t s = 1; s <= 200; ++s) {
    t += (s % 2) ? 2000 : 4000;
    jam_player_update(&p, t, 1, 20000, s);
  }
  CHECK_NEAR(jam_player_jitter_ms(&p), 1.0, 1e-9);
  CHECK_NEAR(p.pack_stats.avg.total / 100.0, 3000.0, 1e-6);
}

static void
steady_arrival_has_zero_jitter(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  for (uint32_t s = 1; s <= 300; ++s) {
    jam_player_update(&p, T0 + s * PERIOD, 1, 20000, s);
  }
  CHECK_NEAR(jam_player_jitter_ms(&p), 0.0, 1e-12);
  CHECK_INT(p.hist[1], 300);
}

static void
player_is_old_strictly_after_one_second(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  CHECK(!jam_player_is_old(&p, T0 + 1000000), "old at exactly 1 s");
  CHECK(jam_player_is_old(&p, T0 + 1000001), "not old at 1 s + 1 us");
  jam_player_update(&p, T0 + 900000, 1, 20000, 1);
  CHECK(!jam_player_is_old(&p, T0 + 1000001), "old after a fresh packet");
}

static void
clear_empties_the_slot(void)
{
  JamPlayer p;
  jam_player_init(&p, T0, 1);
  for (uint32_t s = 1; s <= 10; ++s) {
    jam_player_update(&p, T0 + s * PERIOD, 1, 20000, s + 3);
  }
  jam_player_clear(&p);
  CHECK(jam_player_is_empty(&p), "not empty");
  CHECK_INT(p.client_id, 40000);
  CHECK_INT(p.keep_alive, 0);
  CHECK_INT(p.seq, 0);
  CHECK_INT(p.drops, 0);
  CHECK_INT(p.packet_count, 0);
  CHECK_INT(p.hist[1], 0);
  CHECK_NEAR(jam_player_latency_ms(&p), 0.0, 0.0);
  CHECK_NEAR(jam_player_jitter_ms(&p), 0.0, 0.0);
}

static void
players_embed_by_value_in_arrays(void)
{
  static JamPlayer list[4];
  for (uint32_t i = 0; i < 4; ++i) {
    jam_player_init(&list[i], T0, 100 + i);
  }
  JamPlayer copy = list[2]; // plain struct copy: no pointers inside
  jam_player_update(&copy, T0 + PERIOD, 102, 20000, 1);
  CHECK_INT(copy.packet_count, 1);
  CHECK_INT(list[2].packet_count, 0);
  CHECK_INT(list[3].client_id, 103);
}

int
main(void)
{
  RUN(init_sets_keep_alive_and_zeroes_the_counters);
  RUN(constants_match_the_original);
  RUN(in_order_packets_count_no_drops_after_the_first);
  RUN(a_first_update_with_seq_other_than_one_counts_one_drop);
  RUN(a_gap_of_any_size_a_duplicate_and_a_reorder_each_count_one_drop);
  RUN(sequence_wrap_is_not_a_drop);
  RUN(start_counts_the_first_packet_without_drop_or_histogram);
  RUN(histogram_buckets_round_inter_arrival_to_periods);
  RUN(a_backward_clock_step_adds_no_histogram_sample);
  RUN(loop_time_smoother_steps_by_0_0032227758_and_ignores_100_ms);
  RUN(loop_time_converges_to_a_steady_20_ms);
  RUN(latency_history_gets_one_entry_per_2250_packets);
  RUN(latency_history_keeps_the_newest_720_oldest_first);
  RUN(jitter_is_the_stddev_of_inter_arrival_in_ms);
  RUN(steady_arrival_has_zero_jitter);
  RUN(player_is_old_strictly_after_one_second);
  RUN(clear_empties_the_slot);
  RUN(players_embed_by_value_in_arrays);
  return jam_test_summary();
}
