// SPDX-License-Identifier: ISC
// The playback core (server/playback.c): take packet sizes, seek targets and percentages (the
// original's 540-byte seek and its division by zero fixed), players placed on their own time
// lines, the look-ahead, and the mix of a take read out block by block.

#include "check.h"
#include "common/packet.h"
#include "server/playback.h"

#include <string.h>

// A take packet: `frames` frames of constant v (ch1) and -v (ch2), chunks as the recorder sets.
static size_t
make(uint8_t* const buf, const uint32_t id, const uint32_t seq, const uint64_t t_us,
     const size_t frames, const float v)
{
  float ch1[JAM_PACKET_MAX_FRAMES];
  float ch2[JAM_PACKET_MAX_FRAMES];
  for (size_t i = 0; i < frames; ++i) {
    ch1[i] = v;
    ch2[i] = -v;
  }
  const JamPacketHeader h = {.server_time = t_us, .client_id = id, .sequence = seq};
  size_t len = 0;
  jam_packet_encode(&h, ch1, ch2, frames, buf, JAM_PACKET_MAX_SIZE, &len);
  buf[JAM_PACKET_OFF_CHUNKS] = (uint8_t)(len / 32u);
  return len;
}

static void
packet_sizes_follow_the_chunk_count(void)
{
  uint8_t b[JAM_PACKET_MAX_SIZE];
  CHECK_INT((make(b, 1, 0, 0, 128, 0.0f), bcast_take_packet_size(b)), 540);
  CHECK_INT(make(b, 1, 0, 0, 64, 0.0f), 284);
  CHECK_INT(bcast_take_packet_size(b), 284);
  CHECK_INT(bcast_take_packet_frames(284), 64);
  CHECK_INT(bcast_take_packet_frames(28), 0);
  b[JAM_PACKET_OFF_CHUNKS] = 0;
  CHECK_INT(bcast_take_packet_size(b), 28);
}

static void
seek_and_percent_never_divide_by_zero(void)
{
  CHECK_INT(bcast_take_seek_target(1000, 50), 500);
  CHECK_INT(bcast_take_seek_target(1000, 150), 1000); // clamped
  CHECK_INT(bcast_take_seek_target(0, 50), 0);
  CHECK_INT(bcast_take_percent(0, 0), 0); // the original divided by zero under 540 bytes
  CHECK_INT(bcast_take_percent(100, 300), 33);
  CHECK_INT(bcast_take_percent(500, 300), 100);
  CHECK_INT(bcast_take_percent(284, 284), 100);
}

static void
one_player_plays_back_packet_for_packet(void)
{
  BcastPlayback* const pb = bcast_playback_new();
  CHECK(pb != NULL, "allocated");
  if (!pb) {
    return;
  }
  CHECK_INT(bcast_playback_start(pb, 0), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_playback_start(pb, 64), JAM_SUCCESS);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  float ch1[JAM_PACKET_MAX_FRAMES];
  float ch2[JAM_PACKET_MAX_FRAMES];
  int placed = 0;
  // Arrival jitter of up to 2 ms does not move the audio: the sequence number places it.
  for (uint32_t k = 0; k < 10; ++k) {
    const uint64_t t = 1000000000u + k * 4000u / 3u + (k % 2) * 2000u;
    placed += bcast_playback_place(pb, b, make(b, 7, 100 + k, t, 64, 0.01f * (float)k)) ==
              BCAST_PLAYBACK_PLACED;
  }
  CHECK_INT(placed, 10);
  for (uint32_t k = 0; k < 10; ++k) {
    bcast_playback_emit(pb, ch1, ch2);
    const float want = jam_packet_decode_sample(jam_packet_encode_sample(0.01f * (float)k));
    CHECK_NEAR(ch1[0], want, 1e-6);
    CHECK_NEAR(ch1[63], want, 1e-6);
    CHECK_NEAR(ch2[5], jam_packet_decode_sample(jam_packet_encode_sample(-0.01f * (float)k)), 1e-6);
  }
  CHECK(bcast_playback_drained(pb), "drained");
  bcast_playback_emit(pb, ch1, ch2);
  CHECK_NEAR(ch1[0], 0.0, 0.0);
  CHECK_INT(bcast_playback_counters(pb).emitted, 11);
  bcast_playback_free(pb);
}

static void
players_are_summed_at_unity_on_their_own_lines(void)
{
  BcastPlayback* const pb = bcast_playback_new();
  bcast_playback_start(pb, 128);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  const uint64_t t0 = 5000000u;
  // Player 1 from frame 0 (128-frame packets), player 2 from 128 frames later (64-frame
  // packets), a header-only packet in between (nothing to mix).
  CHECK_INT(bcast_playback_place(pb, b, make(b, 1, 0, t0, 128, 0.25f)), BCAST_PLAYBACK_PLACED);
  CHECK_INT(bcast_playback_place(pb, b, make(b, 9, 0, t0, 0, 0.0f)), BCAST_PLAYBACK_SKIPPED);
  CHECK_INT(bcast_playback_place(pb, b, make(b, 2, 50, t0 + 2667u, 64, 0.125f)),
            BCAST_PLAYBACK_PLACED);
  CHECK_INT(bcast_playback_place(pb, b, make(b, 1, 1, t0 + 2667u, 128, 0.25f)),
            BCAST_PLAYBACK_PLACED);
  CHECK_INT(bcast_playback_place(pb, b, make(b, 2, 51, t0 + 4000u, 64, 0.125f)),
            BCAST_PLAYBACK_PLACED);
  float ch1[128];
  float ch2[128];
  const float q1 = jam_packet_decode_sample(jam_packet_encode_sample(0.25f));
  const float q2 = jam_packet_decode_sample(jam_packet_encode_sample(0.125f));
  bcast_playback_emit(pb, ch1, ch2);
  CHECK_NEAR(ch1[0], q1, 1e-6);
  CHECK_NEAR(ch1[127], q1, 1e-6);
  bcast_playback_emit(pb, ch1, ch2);
  CHECK_NEAR(ch1[0], q1 + q2, 1e-6); // frame 128: both
  CHECK_NEAR(ch1[127], q1 + q2, 1e-6);
  bcast_playback_free(pb);
}

static void
packets_beyond_the_look_ahead_wait(void)
{
  BcastPlayback* const pb = bcast_playback_new();
  bcast_playback_start(pb, 128);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  float ch1[128];
  float ch2[128];
  CHECK_INT(bcast_playback_place(pb, b, make(b, 1, 0, 0, 128, 0.5f)), BCAST_PLAYBACK_PLACED);
  // 1 s later: beyond the 200 ms look-ahead until the output gets there.
  const size_t n = make(b, 1, 375, 1000000u, 128, 0.5f);
  CHECK_INT(bcast_playback_place(pb, b, n), BCAST_PLAYBACK_LATER);
  int emitted = 0;
  while (bcast_playback_place(pb, b, n) == BCAST_PLAYBACK_LATER) {
    bcast_playback_emit(pb, ch1, ch2);
    ++emitted;
  }
  // Placed once the output is within 9600 frames of frame 48000.
  CHECK_INT(emitted, (48000 - 9600 + 127) / 128);
  bcast_playback_free(pb);
}

static void
a_sequence_jump_restarts_the_players_line(void)
{
  BcastPlayback* const pb = bcast_playback_new();
  bcast_playback_start(pb, 128);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  CHECK_INT(bcast_playback_place(pb, b, make(b, 1, 0, 0, 128, 0.5f)), BCAST_PLAYBACK_PLACED);
  // A wild sequence number (a restarted client) would land far ahead: it is re-anchored at
  // its arrival instead, and the window is never overrun.
  CHECK_INT(bcast_playback_place(pb, b, make(b, 1, 1000000u, 2667u, 128, 0.5f)),
            BCAST_PLAYBACK_PLACED);
  CHECK_INT(bcast_playback_counters(pb).reanchors, 1);
  bcast_playback_free(pb);
}

static void
slots_are_bounded(void)
{
  BcastPlayback* const pb = bcast_playback_new();
  bcast_playback_start(pb, 128);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  int skipped = 0;
  for (uint32_t id = 1; id <= BCAST_PLAYBACK_SLOTS + 3; ++id) {
    skipped += bcast_playback_place(pb, b, make(b, id, 0, 0, 128, 0.01f)) == BCAST_PLAYBACK_SKIPPED;
  }
  CHECK_INT(skipped, 3);
  bcast_playback_free(pb);
}

int
main(void)
{
  RUN(packet_sizes_follow_the_chunk_count);
  RUN(seek_and_percent_never_divide_by_zero);
  RUN(one_player_plays_back_packet_for_packet);
  RUN(players_are_summed_at_unity_on_their_own_lines);
  RUN(packets_beyond_the_look_ahead_wait);
  RUN(a_sequence_jump_restarts_the_players_line);
  RUN(slots_are_bounded);
  return jam_test_summary();
}
