// SPDX-License-Identifier: ISC
// Per-stream statistics of one player (rtjam_rust_spec.md §3.5).

#include "player.h"

#include <string.h>

static void
reset(JamPlayer* const self, const uint64_t now_us, const uint32_t client_id)
{
  memset(self, 0, sizeof *self);
  self->client_id = client_id;
  self->keep_alive = now_us;
  jam_smoother_init(&self->loop_stat, JAM_PLAYER_LOOP_TC, JAM_PLAYER_LOOP_RATE);
  (void)jam_stream_stat_init(&self->pack_stats, JAM_PLAYER_ARRIVAL_WINDOW); // window is valid
}

void
jam_player_init(JamPlayer* const self, const uint64_t now_us, const uint32_t client_id)
{
  reset(self, now_us, client_id);
}

void
jam_player_start(JamPlayer* const self, const uint64_t now_us, const uint32_t client_id,
                 const uint32_t seq)
{
  reset(self, now_us, client_id);
  self->seq = seq;
  self->packet_count = 1;
}

void
jam_player_update(JamPlayer* const self, const uint64_t now_us, const uint32_t client_id,
                  const uint64_t loop_time_us, const uint32_t seq)
{
  self->packet_count += 1;
  if (self->packet_count % JAM_PLAYER_LATENCY_EVERY == 0) {
    self->latency_hist[self->latency_next] = self->loop_stat.y;
    self->latency_next = (self->latency_next + 1) % JAM_PLAYER_LATENCY_HIST;
    if (self->latency_count < JAM_PLAYER_LATENCY_HIST) {
      ++self->latency_count;
    }
  }
  if (self->keep_alive <= now_us) { // a backward clock step gives no sample
    const uint64_t dt = now_us - self->keep_alive;
    jam_stream_stat_add(&self->pack_stats, (double)dt);
    const uint64_t idx = (JAM_PLAYER_HIST_OFFSET_US + dt) / JAM_PLAYER_HIST_WIDTH_US;
    self->hist[idx < JAM_PLAYER_HIST_BUCKETS ? idx : JAM_PLAYER_HIST_BUCKETS - 1] += 1;
  }
  if (loop_time_us < JAM_PLAYER_MAX_LOOP_US) {
    jam_smoother_step(&self->loop_stat, (double)loop_time_us);
  }
  self->keep_alive = now_us;
  self->client_id = client_id;
  if ((uint32_t)(self->seq + 1u) != seq) {
    self->drops += 1;
  }
  self->seq = seq;
}

int
jam_player_is_old(const JamPlayer* const self, const uint64_t now_us)
{
  return self->keep_alive + JAM_PLAYER_EXPIRATION_US < now_us;
}

int
jam_player_is_empty(const JamPlayer* const self)
{
  return self->client_id == JAM_PLAYER_EMPTY_ID;
}

void
jam_player_clear(JamPlayer* const self)
{
  reset(self, 0, JAM_PLAYER_EMPTY_ID);
}

double
jam_player_latency_ms(const JamPlayer* const self)
{
  return self->loop_stat.y / 1000.0;
}

double
jam_player_jitter_ms(const JamPlayer* const self)
{
  return jam_stream_stat_stddev(&self->pack_stats) / 1000.0;
}

double
jam_player_latency_at(const JamPlayer* const self, const size_t i)
{
  if (i >= self->latency_count) {
    return 0.0;
  }
  // The oldest entry is at latency_next once the ring is full, at 0 before.
  const size_t first = self->latency_count < JAM_PLAYER_LATENCY_HIST ? 0 : self->latency_next;
  return self->latency_hist[(first + i) % JAM_PLAYER_LATENCY_HIST];
}
