// SPDX-License-Identifier: ISC
// A room's playback stream (server/playout.c) with its real thread and a take on disk, the
// worker side driven by hand: refusals with reasons, packets numbered from 0 at each play and
// on across a seek, nothing of the play before a seek or a stop, the end of a take; pause and
// resume with the very next packet; loop from the last packet to the first.

#include "check.h"
#include "common/packet.h"
#include "server/playback.h"
#include "server/playout.h"
#include "server/recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char g_dir[64];

static void
write_file(const char* const name, const uint8_t* const data, const size_t n)
{
  char path[128];
  snprintf(path, sizeof path, "%s/%s", g_dir, name);
  FILE* const f = fopen(path, "wb");
  if (f) {
    if (n) {
      fwrite(data, 1, n, f);
    }
    fclose(f);
  }
}

// A take of `count` 128-frame packets of client 5; packet k carries the value k / 1000.
static size_t
write_take(const char* const name, const uint32_t count)
{
  static uint8_t take[400 * 540];
  size_t n = 0;
  for (uint32_t k = 0; k < count; ++k) {
    float ch[128];
    for (int i = 0; i < 128; ++i) {
      ch[i] = (float)k / 1000.0f;
    }
    const JamPacketHeader h = {
        .server_time = 1000000u + k * 8000u / 3u, .client_id = 5, .sequence = k};
    size_t len = 0;
    jam_packet_encode(&h, ch, ch, 128, take + n, 540, &len);
    take[n + JAM_PACKET_OFF_CHUNKS] = (uint8_t)(len / 32u);
    n += len;
  }
  write_file(name, take, n);
  return n;
}

// The worker: once the stream is primed (frames != 0), pops one packet, waiting up to 2 s for
// the thread. @return its length, 0 when the stream is idle
static size_t
pop(BcastPlayout* const p, uint8_t* const buf)
{
  for (int i = 0; i < 2000; ++i) {
    if (bcast_playout_frames(p) == 0 && i < 200) { // as the worker: pace only once primed
      const struct timespec ts = {0, 1000000};
      nanosleep(&ts, NULL);
      continue;
    }
    const size_t n = bcast_playout_pop(p, buf);
    if (n) {
      return n;
    }
    if (bcast_playout_frames(p) == 0 && i > 200) {
      return 0; // idle
    }
    const struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  return 0;
}

static uint32_t
value_of(const uint8_t* const buf)
{
  const float v = jam_packet_decode_sample((uint16_t)((buf[28] << 8) | buf[29]));
  return (uint32_t)(v * 1000.0f + 0.5f);
}

static void
bad_takes_are_refused_with_a_reason(void)
{
  BcastPlayout* const p = bcast_playout_new(g_dir, "/nonexistent/audio.dmp");
  char why[256];
  write_file("empty", NULL, 0);
  const uint8_t header_only[28] = {0};
  write_file("headers", header_only, sizeof header_only);
  write_file("short", header_only, 20);
  CHECK_INT(bcast_playout_play(p, "empty", 0, why, sizeof why), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(why, "empty is empty") != NULL, "%s", why);
  CHECK_INT(bcast_playout_play(p, "headers", 0, why, sizeof why), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(why, "too short") != NULL, "%s", why);
  CHECK_INT(bcast_playout_play(p, "short", 0, why, sizeof why), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(why, "too short") != NULL, "%s", why);
  CHECK_INT(bcast_playout_play(p, "../x", 0, why, sizeof why), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_playout_play(p, "", 0, why, sizeof why), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(why, "audio.dmp") != NULL, "%s", why);
  CHECK_INT(bcast_playout_seek(p, 50, why, sizeof why), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_playout_frames(p), 0);
  bcast_playout_free(p);
}

static void
play_seek_and_the_end(void)
{
  BcastPlayout* const p = bcast_playout_new(g_dir, "/nonexistent/audio.dmp");
  char why[256];
  write_take("take", 300);
  CHECK_INT(bcast_playout_play(p, "take", 0, why, sizeof why), JAM_SUCCESS);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  for (uint32_t k = 0; k < 5; ++k) {
    CHECK_INT(pop(p, b), 540);
    CHECK_INT(jam_packet_get_u32(b, JAM_PACKET_OFF_SEQUENCE), k);
    CHECK_INT(jam_packet_get_u32(b, JAM_PACKET_OFF_CLIENT_ID), JAM_PACKET_PLAYBACK_ID);
    CHECK_INT(value_of(b), k);
  }
  CHECK_INT(bcast_playout_frames(p), 128);
  // 50% of 300 packets of 540 bytes: packet 150, and the numbering goes on.
  CHECK_INT(bcast_playout_seek(p, 50, why, sizeof why), JAM_SUCCESS);
  CHECK_INT(pop(p, b), 540);
  CHECK_INT(jam_packet_get_u32(b, JAM_PACKET_OFF_SEQUENCE), 5);
  CHECK_INT(value_of(b), 150);
  uint32_t last = 150;
  uint32_t n = 1;
  while (pop(p, b)) {
    last = value_of(b);
    ++n;
  }
  CHECK_INT(last, 299); // the last packet is played
  CHECK_INT(n, 150);
  BcastPlayoutStatus st;
  bcast_playout_status(p, &st);
  CHECK_INT(st.playing, 0);
  CHECK_INT(bcast_playout_frames(p), 0);
  // A new play numbers from 0 again; a stop leaves nothing to send.
  CHECK_INT(bcast_playout_play(p, "take", 90, why, sizeof why), JAM_SUCCESS);
  CHECK_INT(pop(p, b), 540);
  CHECK_INT(jam_packet_get_u32(b, JAM_PACKET_OFF_SEQUENCE), 0);
  CHECK_INT(value_of(b), 270);
  bcast_playout_stop(p);
  CHECK_INT(bcast_playout_pop(p, b), 0);
  CHECK_INT(bcast_playout_frames(p), 0);
  bcast_playout_free(p);
}

static void
pause_keeps_the_position_and_loop_goes_round(void)
{
  BcastPlayout* const p = bcast_playout_new(g_dir, "/nonexistent/audio.dmp");
  char why[256];
  write_take("take", 300);
  CHECK_INT(bcast_playout_pause(p, -1, why, sizeof why), JAM_ERR_BAD_ARGUMENT); // idle
  CHECK(!strcmp(why, "nothing is playing"), "%s", why);
  CHECK_INT(bcast_playout_play(p, "take", 0, why, sizeof why), JAM_SUCCESS);
  uint8_t b[JAM_PACKET_MAX_SIZE];
  for (uint32_t k = 0; k < 5; ++k) {
    CHECK_INT(pop(p, b), 540);
  }
  CHECK_INT(bcast_playout_pause(p, -1, why, sizeof why), JAM_SUCCESS);
  BcastPlayoutStatus st;
  bcast_playout_status(p, &st);
  CHECK(st.playing == 1 && st.paused == 1, "playing %d paused %d", st.playing, st.paused);
  CHECK_INT(bcast_playout_frames(p), 0);                              // the worker stops its clock
  CHECK_INT(bcast_playout_pause(p, 0, why, sizeof why), JAM_SUCCESS); // resume
  CHECK_INT(bcast_playout_frames(p), 128);
  CHECK_INT(pop(p, b), 540);
  CHECK_INT(value_of(b), 5); // the very next packet
  CHECK_INT(jam_packet_get_u32(b, JAM_PACKET_OFF_SEQUENCE), 5);
  // Loop: from 95 % the take ends and starts again at its first packet, numbering on.
  bcast_playout_set_loop(p, 1);
  CHECK_INT(bcast_playout_seek(p, 95, why, sizeof why), JAM_SUCCESS);
  uint32_t prev = 0, wraps = 0, seq = 0, seq_ok = 1;
  CHECK_INT(pop(p, b), 540);
  prev = value_of(b);
  seq = jam_packet_get_u32(b, JAM_PACKET_OFF_SEQUENCE);
  for (int i = 0; i < 400 && wraps < 2; ++i) {
    CHECK_INT(pop(p, b), 540);
    const uint32_t v = value_of(b);
    wraps += prev == 299 && v == 0;
    CHECK(v == prev + 1 || (prev == 299 && v == 0), "%u after %u", v, prev);
    seq_ok &= jam_packet_get_u32(b, JAM_PACKET_OFF_SEQUENCE) == ++seq;
    prev = v;
  }
  CHECK_INT(wraps, 2);
  CHECK_INT(seq_ok, 1);
  bcast_playout_status(p, &st);
  CHECK(st.playing == 1 && st.loop == 1, "playing %d loop %d", st.playing, st.loop);
  // Loop off: the take ends at its last packet.
  bcast_playout_set_loop(p, 0);
  uint32_t n = 0;
  while (pop(p, b) && n < 1000) {
    prev = value_of(b);
    ++n;
  }
  CHECK_INT(prev, 299);
  CHECK_INT(bcast_playout_frames(p), 0);
  bcast_playout_free(p);
}

// A --record-dir far longer than 512 bytes: the take the recorder saves is the one played (the
// playback kept its paths in 512 bytes: it cut them and looked for another file).
static void
a_take_under_a_long_record_dir_is_played(void)
{
  char root[1200];
  int n = snprintf(root, sizeof root, "%s", g_dir);
  for (int level = 0; level < 4; ++level) { // 4 x 201 bytes: 868 in all
    n += snprintf(root + n, sizeof root - (size_t)n, "/%0200d", level);
    CHECK_INT(mkdir(root, 0750), 0);
  }
  char dir[1300];
  snprintf(dir, sizeof dir, "%s/7891", root);
  CHECK(strlen(dir) > 512 && strlen(dir) <= BCAST_RECORD_DIR_MAX, "%zu bytes", strlen(dir));
  char why[256];
  BcastRecorder* const rec = bcast_recorder_new(dir, 1u << 20, 1u << 16, why, sizeof why);
  CHECK(rec != NULL, "%s", why);
  if (!rec) {
    return;
  }
  CHECK_INT(bcast_recorder_start(rec, why, sizeof why), JAM_SUCCESS);
  for (uint32_t k = 0; k < 50; ++k) {
    float ch[128];
    for (int i = 0; i < 128; ++i) {
      ch[i] = 0.25f;
    }
    const JamPacketHeader h = {
        .server_time = 1000000u + k * 8000u / 3u, .client_id = 5, .sequence = k};
    uint8_t pkt[540];
    size_t len = 0;
    jam_packet_encode(&h, ch, ch, 128, pkt, sizeof pkt, &len);
    bcast_recorder_push(rec, pkt, len);
  }
  char saved[160];
  CHECK_INT(bcast_recorder_save(rec, "long", saved, sizeof saved, why, sizeof why), JAM_SUCCESS);
  char current[1400];
  snprintf(current, sizeof current, "%s/audio.dmp", dir);
  BcastPlayout* const p = bcast_playout_new(bcast_recorder_recs_dir(rec), current);
  CHECK_INT(bcast_playout_play(p, "long", 0, why, sizeof why), JAM_SUCCESS);
  uint8_t buf[JAM_PACKET_MAX_SIZE];
  CHECK_INT(pop(p, buf), 540);
  CHECK_INT(bcast_playout_frames(p), 128);
  bcast_playout_free(p);
  bcast_recorder_free(rec);
}

// The walk to a seek's point runs on the playback thread: a play or seek at 99 % of a 1 GiB take
// (10 packets, then 1 GiB of header-only packets) costs the control thread under 100 ms of CPU.
// It walked the take there: about 38 million headers, seconds in which no command was read.
static void
a_seek_into_a_long_take_leaves_the_control_thread_free(void)
{
  BcastPlayout* const p = bcast_playout_new(g_dir, "/nonexistent/audio.dmp");
  char why[256];
  write_take("long-take", 10);
  char path[128];
  snprintf(path, sizeof path, "%s/long-take", g_dir);
  CHECK_INT(truncate(path, (off_t)1 << 30), 0);
  struct timespec t0;
  struct timespec t1;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
  CHECK_INT(bcast_playout_play(p, "long-take", 99, why, sizeof why), JAM_SUCCESS);
  CHECK_INT(bcast_playout_seek(p, 98, why, sizeof why), JAM_SUCCESS);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
  const double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  CHECK(ms < 100.0, "the control thread spent %.1f ms of CPU", ms);
  BcastPlayoutStatus st;
  bcast_playout_status(p, &st);
  CHECK_INT(st.playing, 1);
  CHECK_INT(st.percent >= 98u, 1);
  bcast_playout_stop(p); // stops the walk too
  bcast_playout_status(p, &st);
  CHECK_INT(st.playing, 0);
  bcast_playout_free(p);
  unlink(path);
}

int
main(void)
{
  snprintf(g_dir, sizeof g_dir, "/tmp/rtjam-playout.XXXXXX");
  if (!mkdtemp(g_dir)) {
    return 1;
  }
  RUN(bad_takes_are_refused_with_a_reason);
  RUN(play_seek_and_the_end);
  RUN(pause_keeps_the_position_and_loop_goes_round);
  RUN(a_take_under_a_long_record_dir_is_played);
  RUN(a_seek_into_a_long_take_leaves_the_control_thread_free);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
  const int rc = system(cmd);
  (void)rc;
  return jam_test_summary();
}
