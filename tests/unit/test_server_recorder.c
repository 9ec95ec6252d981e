// SPDX-License-Identifier: ISC
// The recorder without sockets: name checks, a take written through the ring in the §4.10
// format, the budget, save with _1, delete, and the control channel's answers.

#include "check.h"
#include "server/control.h"
#include "server/playback.h"
#include "server/recorder.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[256];

static void
names_with_slash_dotdot_or_control_characters_are_refused(void)
{
  char why[128];
  CHECK_INT(bcast_recorder_check_name("take 1", why, sizeof why), JAM_SUCCESS);
  CHECK_INT(bcast_recorder_check_name("x.dmp", why, sizeof why), JAM_SUCCESS);
  const char* const bad[] = {"",     "../x", "/etc/passwd", "a/b",  "..",   ".",
                             "a..b", "a\nb", "a\x7f",       "\x01", "a\"b", "a\\b"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    CHECK(bcast_recorder_check_name(bad[i], why, sizeof why) == JAM_ERR_BAD_ARGUMENT,
          "name %zu accepted", i);
    CHECK(why[0] != '\0', "no reason for name %zu", i);
  }
  char longname[200];
  memset(longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  CHECK_INT(bcast_recorder_check_name(longname, why, sizeof why), JAM_ERR_BAD_ARGUMENT);
}

static long
file_size(const char* const path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void
a_take_is_the_packets_back_to_back_with_num_audio_chunks_set(void)
{
  char why[256];
  BcastRecorder* r = bcast_recorder_new(dir, 1u << 20, 1u << 16, why, sizeof why);
  CHECK(r != NULL, "%s", why);
  if (!r) {
    return;
  }
  uint8_t pkt[540];
  memset(pkt, 0x5a, sizeof pkt);
  pkt[2] = 99;                      // the client's byte 2: recorded as 540 / 32 = 16
  bcast_recorder_push(r, pkt, 540); // not recording: ignored
  CHECK_INT(bcast_recorder_start(r, why, sizeof why), JAM_SUCCESS);
  for (int i = 0; i < 10; ++i) {
    bcast_recorder_push(r, pkt, 540);
  }
  bcast_recorder_push(r, pkt, 28);
  bcast_recorder_stop(r);
  char path[512];
  snprintf(path, sizeof path, "%s/audio.dmp", dir);
  CHECK_INT(file_size(path), 10 * 540 + 28);
  FILE* f = fopen(path, "rb");
  uint8_t got[540];
  CHECK_INT(fread(got, 1, 540, f), 540);
  fclose(f);
  CHECK_INT(got[2], 16);
  CHECK_INT(got[100], 0x5a);
  BcastRecorderStatus st;
  bcast_recorder_status(r, &st);
  CHECK_INT(st.packets, 11);
  CHECK_INT(st.recording, 0);
  // Save: the take moves to recs/ by a link (the same file, no copy), audio.dmp starts empty.
  struct stat take_st;
  CHECK_INT(stat(path, &take_st), 0);
  char saved[160];
  CHECK_INT(bcast_recorder_save(r, "t", saved, sizeof saved, why, sizeof why), JAM_SUCCESS);
  CHECK(strcmp(saved, "t") == 0, "%s", saved);
  CHECK_INT(file_size(path), 0);
  char t_path[600];
  snprintf(t_path, sizeof t_path, "%s/recs/t", dir);
  struct stat saved_st;
  CHECK_INT(stat(t_path, &saved_st), 0);
  CHECK(saved_st.st_ino == take_st.st_ino && saved_st.st_nlink == 1, "moved, not copied");
  CHECK_INT(file_size(t_path), 5428);
  // Nothing recorded since: refused, with the reason.
  CHECK_INT(bcast_recorder_save(r, "t", saved, sizeof saved, why, sizeof why),
            JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(why, "nothing recorded since the last save"), "%s", why);
  // A second take under the same name gets _1; the first is untouched by the new recording.
  CHECK_INT(bcast_recorder_start(r, why, sizeof why), JAM_SUCCESS);
  for (int i = 0; i < 10; ++i) {
    bcast_recorder_push(r, pkt, 540);
  }
  bcast_recorder_push(r, pkt, 28);
  bcast_recorder_stop(r);
  CHECK_INT(file_size(t_path), 5428);
  CHECK_INT(bcast_recorder_save(r, "t", saved, sizeof saved, why, sizeof why), JAM_SUCCESS);
  CHECK(strcmp(saved, "t_1") == 0, "%s", saved);
  CHECK_INT(bcast_recorder_save(r, "../t", saved, sizeof saved, why, sizeof why),
            JAM_ERR_BAD_ARGUMENT);
  char list[1024];
  bcast_recorder_list_json(r, list, sizeof list);
  CHECK(strstr(list, "\"name\":\"t\"") && strstr(list, "\"name\":\"t_1\"") &&
            strstr(list, "\"size\":5428"),
        "%s", list);
  // A list longer than the buffer ends early and stays JSON: "[" then whole entries, then "]"
  // (found by fuzz_server_control: it returned half an entry and leaked the directory).
  char small[64];
  const size_t len = bcast_recorder_list_json(r, small, sizeof small);
  CHECK(len == strlen(small) && len < sizeof small && small[0] == '[' && small[len - 1] == ']',
        "%zu bytes: %s", len, small);
  CHECK_INT(bcast_recorder_delete(r, "t_1", why, sizeof why), JAM_SUCCESS);
  CHECK_INT(bcast_recorder_delete(r, "t_1", why, sizeof why), JAM_ERR_SYSTEM);
  CHECK_INT(bcast_recorder_delete(r, "/etc/passwd", why, sizeof why), JAM_ERR_BAD_ARGUMENT);
  bcast_recorder_free(r);
}

// Reads DIR/audio.dmp as playback and rtjam-export do (bcast_take_packet_size: 28 + byte 2 x
// 32). @return the packets read whole; *rest: bytes left over that do not make a whole packet
static int
read_take(uint8_t packets[][1024], size_t* const sizes, const int max, long* const rest)
{
  char path[512];
  snprintf(path, sizeof path, "%s/audio.dmp", dir);
  FILE* const f = fopen(path, "rb");
  int n = 0;
  *rest = 0;
  uint8_t buf[1024];
  size_t got;
  while (f && n < max && (got = fread(buf, 1, 28, f)) == 28) {
    const size_t size = bcast_take_packet_size(buf);
    if (size > sizeof buf || fread(buf + 28, 1, size - 28, f) != size - 28) {
      *rest = (long)size;
      break;
    }
    memcpy(packets[n], buf, size);
    sizes[n++] = size;
  }
  if (f) {
    *rest += (long)fread(buf, 1, sizeof buf, f);
    fclose(f);
  }
  return n;
}

static void
a_packet_the_format_cannot_frame_is_refused_and_the_take_stays_whole(void)
{
  char why[256];
  BcastRecorder* r = bcast_recorder_new(dir, 1u << 20, 1u << 16, why, sizeof why);
  CHECK(r != NULL, "%s", why);
  if (!r) {
    return;
  }
  // Even lengths the room accepts; 30 is not 28 + k x 32 (§4.10 cannot frame it).
  const size_t lens[] = {540, 30, 284, 28, 1020};
  static uint8_t sent[5][1024];
  CHECK_INT(bcast_recorder_start(r, why, sizeof why), JAM_SUCCESS);
  for (size_t i = 0; i < 5; ++i) {
    for (size_t b = 0; b < lens[i]; ++b) {
      sent[i][b] = (uint8_t)(i * 37u + b);
    }
    bcast_recorder_push(r, sent[i], lens[i]);
  }
  bcast_recorder_stop(r);
  static uint8_t got[8][1024];
  size_t sizes[8] = {0};
  long rest = -1;
  const int n = read_take(got, sizes, 8, &rest);
  const size_t legal[] = {0, 2, 3, 4}; // 540, 284, 28, 1020 bytes
  CHECK_INT(n, 4);
  CHECK_INT(rest, 0);
  for (int k = 0; k < n && k < 4; ++k) {
    const size_t i = legal[k];
    CHECK_INT(sizes[k], lens[i]);
    CHECK_INT(got[k][2], (lens[i] - 28) / 32); // 16, 8, 0, 31: the original's length / 32
    uint8_t want[1024];
    memcpy(want, sent[i], lens[i]);
    want[2] = (uint8_t)(lens[i] / 32);
    CHECK_BYTES(got[k], want, lens[i]);
  }
  BcastRecorderStatus st;
  bcast_recorder_status(r, &st);
  CHECK_INT(st.packets, 4);
  CHECK_INT(st.bytes, 540 + 284 + 28 + 1020);
  CHECK_INT(st.dropped_size, 1);
  CHECK_INT(st.dropped_full, 0);
  bcast_recorder_free(r);
}

// A room thread: 60-byte packets numbered 1, 2, ... (u32 at byte 28), one every 20 µs;
// `pushed` is the number of the last packet whose push has returned.
typedef struct {
  BcastRecorder* rec;
  atomic_uint pushed;
  atomic_bool run;
} Producer;

static void*
produce(void* const arg)
{
  Producer* const p = arg;
  uint8_t pkt[60] = {0};
  const struct timespec gap = {.tv_sec = 0, .tv_nsec = 20000};
  for (uint32_t n = 1; atomic_load(&p->run); ++n) {
    memcpy(pkt + 28, &n, sizeof n);
    bcast_recorder_push(p->rec, pkt, sizeof pkt);
    atomic_store(&p->pushed, n);
    nanosleep(&gap, NULL);
  }
  return NULL;
}

static void
sleep_ms(const long ms)
{
  const struct timespec t = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
  nanosleep(&t, NULL);
}

static void
a_new_take_holds_no_packet_pushed_before_its_start(void)
{
  char why[256];
  Producer p = {.rec = bcast_recorder_new(dir, 64u << 20, 1u << 20, why, sizeof why)};
  CHECK(p.rec != NULL, "%s", why);
  if (!p.rec) {
    return;
  }
  atomic_init(&p.pushed, 0u);
  atomic_init(&p.run, true);
  pthread_t t;
  CHECK_INT(pthread_create(&t, NULL, produce, &p), 0);
  static uint8_t got[4096][1024];
  static size_t sizes[4096];
  int stale = 0;
  int recorded = 0;
  for (int round = 0; round < 10; ++round) {
    // A take is recording and the room pushes; a new take starts (audio.dmp truncated): the
    // packets the writer had not yet taken from the ring belong to the old one.
    CHECK_INT(bcast_recorder_start(p.rec, why, sizeof why), JAM_SUCCESS);
    sleep_ms(7);
    const uint32_t before = atomic_load(&p.pushed);
    CHECK_INT(bcast_recorder_start(p.rec, why, sizeof why), JAM_SUCCESS);
    sleep_ms(7);
    bcast_recorder_stop(p.rec);
    long rest = -1;
    const int n = read_take(got, sizes, 4096, &rest);
    CHECK_INT(rest, 0);
    for (int k = 0; k < n; ++k) {
      uint32_t num = 0;
      memcpy(&num, got[k] + 28, sizeof num);
      stale += num <= before;
    }
    recorded += n;
  }
  atomic_store(&p.run, false);
  pthread_join(t, NULL);
  CHECK_INT(stale, 0);
  CHECK(recorded >= 10, "only %d packets recorded in 10 takes", recorded);
  bcast_recorder_free(p.rec);
}

static void
the_budget_stops_the_take_before_it_is_passed(void)
{
  char why[256];
  BcastRecorder* r = bcast_recorder_new(dir, 1u << 20, 1u << 22, why, sizeof why);
  CHECK(r != NULL, "%s", why);
  if (!r) {
    return;
  }
  CHECK_INT(bcast_recorder_start(r, why, sizeof why), JAM_SUCCESS);
  uint8_t pkt[1020] = {0};         // 28 + 31 x 32: the largest packet a take can frame
  for (int i = 0; i < 2000; ++i) { // 2 MB offered; the ring holds 4 MiB
    bcast_recorder_push(r, pkt, 1020);
  }
  bcast_recorder_stop(r);
  BcastRecorderStatus st;
  bcast_recorder_status(r, &st);
  CHECK_INT(st.bytes, 1028u * 1020u); // 1028 packets fit 1 MiB, the 1029th would pass it
  CHECK_INT(st.budget_stops, 1);
  CHECK(strstr(st.last_error, "budget") != NULL, "%s", st.last_error);
  bcast_recorder_free(r);
}

// --record-keep bounds what the saved takes hold: a save past it is refused with the numbers, and
// the take stays in audio.dmp to be saved once some are deleted.
static void
a_save_past_the_keep_limit_is_refused_and_the_take_kept(void)
{
  char why[256];
  char room[300]; // a room of its own: the other tests leave takes in theirs
  snprintf(room, sizeof room, "%s/keep", dir);
  BcastRecorder* r = bcast_recorder_new(room, 1u << 20, 1u << 16, why, sizeof why);
  CHECK(r != NULL, "%s", why);
  if (!r) {
    return;
  }
  bcast_recorder_set_keep(r, 3000); // bytes: one 10-packet take (5400) would pass it
  uint8_t pkt[540];
  memset(pkt, 0x11, sizeof pkt);
  char saved[160];
  for (int take = 0; take < 2; ++take) {
    CHECK_INT(bcast_recorder_start(r, why, sizeof why), JAM_SUCCESS);
    for (int i = 0; i < (take == 0 ? 5 : 1); ++i) {
      bcast_recorder_push(r, pkt, sizeof pkt);
    }
    bcast_recorder_stop(r);
    if (take == 0) {
      CHECK_INT(bcast_recorder_save(r, "k", saved, sizeof saved, why, sizeof why), JAM_SUCCESS);
    }
  }
  // 2700 bytes saved; 540 more would make 3240 > 3000.
  CHECK_INT(bcast_recorder_save(r, "k", saved, sizeof saved, why, sizeof why), JAM_ERR_FULL);
  CHECK(strstr(why, "the saved takes hold 2700 bytes; this one (540) would pass --record-keep "
                    "3000"),
        "%s", why);
  char path[600];
  snprintf(path, sizeof path, "%s/audio.dmp", room);
  CHECK_INT(file_size(path), 540); // kept, to be saved later
  CHECK_INT(bcast_recorder_delete(r, "k", why, sizeof why), JAM_SUCCESS);
  CHECK_INT(bcast_recorder_save(r, "k", saved, sizeof saved, why, sizeof why), JAM_SUCCESS);
  CHECK_INT(bcast_recorder_delete(r, "k", why, sizeof why), JAM_SUCCESS);
  bcast_recorder_free(r);
}

static void
control_answers_each_refusal_with_its_reason(void)
{
  char why[256];
  BcastRecorder* r = bcast_recorder_new(dir, 1u << 20, 1u << 16, why, sizeof why);
  BcastRoomConfig config;
  bcast_room_config_default(&config, 7891);
  BcastCookieKey key = {{0}};
  BcastRoom* room = bcast_room_new(&config, &key, (BcastEventSink){0});
  const BcastControlRoom rooms[] = {{.port = 7891, .room = room, .recorder = r}};
  char reply[4096];
  CHECK_INT(bcast_control_execute(rooms, 1, "tempo 0", reply, sizeof reply), -1);
  CHECK(strcmp(reply, "error: tempo 0: must be 1..1000 BPM\n") == 0, "%s", reply);
  CHECK_INT(bcast_control_execute(rooms, 1, "tempo 1001", reply, sizeof reply), -1);
  CHECK_INT(bcast_control_execute(rooms, 1, "tempo 12x", reply, sizeof reply), -1);
  CHECK_INT(bcast_control_execute(rooms, 1, "7891 tempo 90", reply, sizeof reply), 0);
  CHECK_INT(bcast_control_execute(rooms, 1, "7000 tempo 90", reply, sizeof reply), -1);
  CHECK(strstr(reply, "no room on port 7000") != NULL, "%s", reply);
  CHECK_INT(bcast_control_execute(rooms, 1, "save ../x", reply, sizeof reply), -1);
  CHECK(strstr(reply, "'/'") != NULL, "%s", reply);
  CHECK_INT(bcast_control_execute(rooms, 1, "play", reply, sizeof reply), -1);
  CHECK(strstr(reply, "playback is off") != NULL, "%s", reply); // no playout given
  CHECK_INT(bcast_control_execute(rooms, 1, "pause", reply, sizeof reply), -1);
  CHECK(strstr(reply, "pause: playback is off") != NULL, "%s", reply); // no playout given
  CHECK_INT(bcast_control_execute(rooms, 1, "loop", reply, sizeof reply), -1);
  CHECK(strstr(reply, "loop: playback is off") != NULL, "%s", reply);
  CHECK_INT(bcast_control_execute(rooms, 1, "status", reply, sizeof reply), 0);
  CHECK(strstr(reply, " dropped_full 0 dropped_size 0 write_errors 0 ") != NULL, "%s", reply);
  CHECK_INT(bcast_control_execute(rooms, 1, "gettempo", reply, sizeof reply), 0);
  CHECK(strcmp(reply, "ok room 7891 tempo 120\n") == 0, "%s", reply);
  CHECK_INT(bcast_control_execute(rooms, 1, "mode mix", reply, sizeof reply), 0);
  CHECK(strcmp(reply, "ok room 7891 mode mix\n") == 0, "%s", reply);
  CHECK_INT(bcast_control_execute(rooms, 1, "mode loud", reply, sizeof reply), -1);
  CHECK_INT(bcast_control_execute(rooms, 1, "seek 200", reply, sizeof reply), -1);
  CHECK_INT(bcast_control_execute(rooms, 1, "bogus", reply, sizeof reply), -1);
  const BcastControlRoom norec[] = {{.port = 7891, .room = room, .recorder = NULL}};
  CHECK_INT(bcast_control_execute(norec, 1, "record", reply, sizeof reply), -1);
  CHECK(strstr(reply, "--record-dir") != NULL, "%s", reply);
  bcast_room_free(room);
  bcast_recorder_free(r);
}

int
main(void)
{
  snprintf(dir, sizeof dir, "%s/rtjam-rec-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  RUN(names_with_slash_dotdot_or_control_characters_are_refused);
  RUN(a_take_is_the_packets_back_to_back_with_num_audio_chunks_set);
  RUN(a_packet_the_format_cannot_frame_is_refused_and_the_take_stays_whole);
  RUN(a_new_take_holds_no_packet_pushed_before_its_start);
  RUN(the_budget_stops_the_take_before_it_is_passed);
  RUN(a_save_past_the_keep_limit_is_refused_and_the_take_kept);
  RUN(control_answers_each_refusal_with_its_reason);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) {
    fprintf(stderr, "could not remove %s\n", dir);
  }
  return jam_test_summary();
}
