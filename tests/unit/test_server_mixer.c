// SPDX-License-Identifier: ISC
// The room mixer (server/mixer.c): each member hears the others at unity gain and not itself;
// jitter buffers prime, run dry and re-prime, are trimmed when a clock runs fast; slots follow
// the members (the original's 11-slot map was never pruned).

#include "check.h"
#include "common/packet.h"
#include "server/mixer.h"

#include <string.h>

static size_t
make(uint8_t* const buf, const uint32_t id, const size_t frames, const float v)
{
  float ch1[JAM_PACKET_MAX_FRAMES];
  float ch2[JAM_PACKET_MAX_FRAMES];
  for (size_t i = 0; i < frames; ++i) {
    ch1[i] = v;
    ch2[i] = v / 2;
  }
  const JamPacketHeader h = {.client_id = id};
  size_t len = 0;
  jam_packet_encode(&h, ch1, ch2, frames, buf, JAM_PACKET_MAX_SIZE, &len);
  return len;
}

static float
q(const float v)
{
  return jam_packet_decode_sample(jam_packet_encode_sample(v));
}

// Feeds `packets` 128-frame packets of each of three members (values 0.1, 0.2, 0.4).
static void
feed3(BcastMixer* const m, const int packets, const uint64_t now)
{
  uint8_t b[JAM_PACKET_MAX_SIZE];
  for (int k = 0; k < packets; ++k) {
    bcast_mixer_add(m, 1, b, make(b, 1, 128, 0.1f), now);
    bcast_mixer_add(m, 2, b, make(b, 2, 128, 0.2f), now);
    bcast_mixer_add(m, 3, b, make(b, 3, 128, 0.4f), now);
  }
}

static void
each_member_hears_the_others_not_itself(void)
{
  BcastMixer* const m = bcast_mixer_new(4);
  CHECK(m != NULL, "allocated");
  if (!m) {
    return;
  }
  float l[BCAST_MIXER_FRAMES];
  float r[BCAST_MIXER_FRAMES];
  feed3(m, BCAST_MIXER_DEPTH / 128 - 1, 1);
  bcast_mixer_step(m, 1);
  bcast_mixer_output(m, 1, l, r);
  CHECK_NEAR(l[0], 0.0, 0.0); // not primed yet: silence
  feed3(m, 2, 1);
  bcast_mixer_step(m, 2);
  bcast_mixer_output(m, 1, l, r);
  CHECK_NEAR(l[0], q(0.2f) + q(0.4f), 1e-6);
  CHECK_NEAR(r[127], q(0.1f) + q(0.2f), 1e-6);
  bcast_mixer_output(m, 2, l, r);
  CHECK_NEAR(l[64], q(0.1f) + q(0.4f), 1e-6);
  bcast_mixer_output(m, 3, l, r);
  CHECK_NEAR(l[127], q(0.1f) + q(0.2f), 1e-6);
  bcast_mixer_output(m, 99, l, r); // not a member of the mix (e.g. silent): everyone
  CHECK_NEAR(l[0], q(0.1f) + q(0.2f) + q(0.4f), 1e-6);
  CHECK_INT(bcast_mixer_count(m), 3);
  bcast_mixer_free(m);
}

static void
a_member_that_runs_dry_reprimes(void)
{
  BcastMixer* const m = bcast_mixer_new(2);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  float l[BCAST_MIXER_FRAMES];
  float r[BCAST_MIXER_FRAMES];
  for (unsigned k = 0; k < BCAST_MIXER_DEPTH / 64; ++k) {
    bcast_mixer_add(m, 1, b, make(b, 1, 64, 0.5f), 1); // 64-frame packets
  }
  int heard = 0;
  for (int s = 0; s < 8; ++s) {
    bcast_mixer_step(m, 2);
    bcast_mixer_output(m, 2, l, r);
    heard += l[0] > 0.4f;
  }
  CHECK_INT(heard, BCAST_MIXER_DEPTH / 128);
  CHECK_INT(bcast_mixer_counters(m).underruns, 1);
  bcast_mixer_free(m);
}

static void
a_fast_clock_is_trimmed_and_a_full_buffer_drops_the_oldest(void)
{
  BcastMixer* const m = bcast_mixer_new(1);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  for (unsigned k = 0; k < BCAST_MIXER_CAP / 128 + 2; ++k) {
    bcast_mixer_add(m, 1, b, make(b, 1, 128, 0.5f), 1);
  }
  CHECK_INT(bcast_mixer_counters(m).overflows, 256);
  bcast_mixer_step(m, 1);
  CHECK_INT(bcast_mixer_counters(m).trimmed, BCAST_MIXER_CAP - BCAST_MIXER_DEPTH);
  bcast_mixer_free(m);
}

static void
slots_follow_the_members(void)
{
  // More distinct members over time than the original's 11 slots: each is mixed once the one
  // before it left (removed) or fell silent for 1 s (freed by the step).
  BcastMixer* const m = bcast_mixer_new(2);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  for (uint32_t id = 1; id <= 30; ++id) {
    CHECK_INT(bcast_mixer_add(m, id, b, make(b, id, 128, 0.1f), 1), JAM_SUCCESS);
    if (id % 2) {
      bcast_mixer_remove(m, id);
    }
    bcast_mixer_step(m, 1 + (uint64_t)id * 2000000u); // the even one falls silent
  }
  CHECK_INT(bcast_mixer_counters(m).no_slot, 0);
  CHECK_INT(bcast_mixer_add(m, 100, b, make(b, 100, 128, 0.1f), 1), JAM_SUCCESS);
  CHECK_INT(bcast_mixer_add(m, 101, b, make(b, 101, 128, 0.1f), 1), JAM_SUCCESS);
  CHECK_INT(bcast_mixer_add(m, 102, b, make(b, 102, 128, 0.1f), 1), JAM_ERR_FULL);
  CHECK_INT(bcast_mixer_counters(m).no_slot, 1);
  bcast_mixer_clear(m);
  CHECK_INT(bcast_mixer_count(m), 0);
  bcast_mixer_free(m);
}

static void
header_only_packets_and_bad_sizes_are_ignored(void)
{
  BcastMixer* const m = bcast_mixer_new(1);
  CHECK(bcast_mixer_new(0) == NULL && bcast_mixer_new(257) == NULL, "bad sizes refused");
  uint8_t b[JAM_PACKET_MAX_SIZE];
  CHECK_INT(bcast_mixer_add(m, 1, b, make(b, 1, 0, 0.0f), 1), JAM_SUCCESS);
  CHECK_INT(bcast_mixer_count(m), 0);
  bcast_mixer_free(m);
  bcast_mixer_free(NULL);
}

int
main(void)
{
  RUN(each_member_hears_the_others_not_itself);
  RUN(a_member_that_runs_dry_reprimes);
  RUN(a_fast_clock_is_trimmed_and_a_full_buffer_drops_the_oldest);
  RUN(slots_follow_the_members);
  RUN(header_only_packets_and_bad_sizes_are_ignored);
  return jam_test_summary();
}
