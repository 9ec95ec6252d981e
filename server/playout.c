// SPDX-License-Identifier: ISC
// A room's playback stream: the take check and the playback thread on one side of an SPSC
// ring, the worker's timer on the other.

#include "playout.h"

#include "packet.h"
#include "playback.h"
#include "recorder.h"
#include "spsc.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define FILL_SLEEP_NS 5000000L ///< the thread tops the ring up every 5 ms

struct BcastPlayoutImpl {
  char recs[BCAST_RECORD_PATH_MAX];    ///< DIR/recs
  char current[BCAST_RECORD_PATH_MAX]; ///< DIR/audio.dmp
  JamSpsc* ring;                       ///< packets, thread -> worker; message type = epoch
  BcastPlayback* core;                 ///< the thread's
  pthread_t thread;                    ///< valid while thread_on
  int thread_on;                       ///< main thread: 1 while a thread exists
  FILE* file;                          ///< the take, owned by the thread while it runs
  uint64_t size;                       ///< bytes of the take
  uint64_t target;                     ///< the thread starts at the first packet at or after this
  uint32_t take_frames;                ///< frames per packet of the take (its first audio packet)
  atomic_bool run;                     ///< cleared to stop the thread
  atomic_uint epoch;                   ///< the current play; older packets are discarded
  atomic_uint frames;                  ///< frames per packet once the ring is primed, 0 when idle
  atomic_uint finished;                ///< epoch + 1 of the play whose thread queued the whole take
  atomic_uint drained;                 ///< worker: epoch + 1 of the play finished and sent
  atomic_uint percent;                 ///< share of the take read
  atomic_uint play_epoch;  ///< the epoch of the last play (a seek keeps its play's numbering)
  atomic_bool paused;      ///< 1: the worker sends nothing; the ring keeps the next packets
  atomic_bool loop;        ///< 1: at the end the take starts again from its beginning
  unsigned out_epoch;      ///< worker: the epoch of the last packet popped
  uint32_t out_seq;        ///< worker: SequenceNumber of the next packet (0 at each play)
  atomic_ullong sent;      ///< packets queued in this play
  atomic_ullong underruns; ///< worker ticks that found no packet while playing
  pthread_mutex_t lock;    ///< guards last_error and name (thread and main)
  char name[160];          ///< the take playing
  char last_error[160];    ///< why the last play ended early
};

BcastPlayout*
bcast_playout_new(const char* const recs_dir, const char* const current)
{
  BcastPlayout* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  snprintf(self->recs, sizeof self->recs, "%s", recs_dir);
  snprintf(self->current, sizeof self->current, "%s", current);
  self->ring = jam_spsc_new(BCAST_PLAYOUT_RING);
  self->core = bcast_playback_new();
  if (!self->ring || !self->core || pthread_mutex_init(&self->lock, NULL) != 0) {
    jam_spsc_free(self->ring);
    bcast_playback_free(self->core);
    free(self);
    return NULL;
  }
  atomic_init(&self->run, false);
  atomic_init(&self->epoch, 0u);
  atomic_init(&self->frames, 0u);
  atomic_init(&self->finished, 0u);
  atomic_init(&self->drained, 0u);
  atomic_init(&self->percent, 0u);
  atomic_init(&self->play_epoch, 0u);
  atomic_init(&self->paused, false);
  atomic_init(&self->loop, false);
  atomic_init(&self->sent, 0u);
  atomic_init(&self->underruns, 0u);
  return self;
}

static void
fail(BcastPlayout* const self, const char* const why)
{
  pthread_mutex_lock(&self->lock);
  snprintf(self->last_error, sizeof self->last_error, "%s", why);
  pthread_mutex_unlock(&self->lock);
}

// 1 when a take at its end starts again: loop on, and the play did not end on an error (a cut
// packet).
static int
goes_round(BcastPlayout* const self)
{
  if (!atomic_load_explicit(&self->loop, memory_order_acquire)) {
    return 0;
  }
  pthread_mutex_lock(&self->lock);
  const int error = self->last_error[0] != '\0';
  pthread_mutex_unlock(&self->lock);
  return !error;
}

// Reads one take packet. @return its size, 0 at the end, or -1 for a cut or corrupt packet
static long
read_packet(FILE* const f, uint8_t* const buf)
{
  const size_t got = fread(buf, 1, JAM_PACKET_HEADER_SIZE, f);
  if (got == 0) {
    return 0;
  }
  if (got < JAM_PACKET_HEADER_SIZE) {
    return -1;
  }
  const size_t size = bcast_take_packet_size(buf);
  if (size > JAM_PACKET_MAX_SIZE) {
    return -1;
  }
  const size_t rest = size - JAM_PACKET_HEADER_SIZE;
  if (rest && fread(buf + JAM_PACKET_HEADER_SIZE, 1, rest, f) != rest) {
    return -1;
  }
  return (long)size;
}

// Places packets until one lies beyond the look-ahead. @return 0, or 1 at the end of the take
static int
feed(BcastPlayout* const self, uint8_t* const pkt, long* const have, uint64_t* const offset)
{
  for (;;) {
    if (*have == 0) {
      const long n = read_packet(self->file, pkt);
      if (n < 0) {
        fail(self, "the take ends with a cut packet");
      }
      if (n <= 0) {
        return 1;
      }
      *have = n;
      *offset += (uint64_t)n;
      atomic_store_explicit(&self->percent, bcast_take_percent(*offset, self->size),
                            memory_order_relaxed);
    }
    if (bcast_playback_place(self->core, pkt, (size_t)*have) == BCAST_PLAYBACK_LATER) {
      return 0;
    }
    *have = 0;
  }
}

static void*
playback_thread(void* const arg)
{
  BcastPlayout* const self = arg;
  const uint32_t frames = self->take_frames;
  const unsigned epoch = atomic_load(&self->epoch);
  uint8_t pkt[JAM_PACKET_MAX_SIZE];
  uint8_t out[JAM_PACKET_MAX_SIZE];
  float ch1[JAM_PACKET_MAX_FRAMES];
  float ch2[JAM_PACKET_MAX_FRAMES];
  long have = 0;
  int eof = 0;
  uint64_t offset = 0;
  // A seek's walk through the take's headers runs here, not on the control thread: a take of
  // hours is gigabytes. A stop ends it.
  while (offset < self->target && atomic_load_explicit(&self->run, memory_order_relaxed)) {
    const long n = read_packet(self->file, pkt);
    if (n <= 0) {
      break; // at the end (a cut last packet plays nothing)
    }
    offset += (uint64_t)n;
  }
  atomic_store_explicit(&self->percent, bcast_take_percent(offset, self->size),
                        memory_order_relaxed);
  uint32_t seq = 0; // the worker numbers the packets it sends
  const size_t out_len = jam_packet_size(frames);
  (void)bcast_playback_start(self->core, frames);
  while (atomic_load_explicit(&self->run, memory_order_acquire)) {
    while (jam_spsc_write_space(self->ring) >= out_len + 64u) {
      if (!eof) {
        eof = feed(self, pkt, &have, &offset);
      }
      if (eof && bcast_playback_drained(self->core) && goes_round(self)) {
        // Loop (9): the take again from its start (not from a seek's point), on the same
        // stream: the packets follow on, numbered on.
        rewind(self->file);
        offset = 0;
        have = 0;
        eof = 0;
        (void)bcast_playback_start(self->core, frames);
        continue;
      }
      if (eof && bcast_playback_drained(self->core)) {
        break;
      }
      bcast_playback_emit(self->core, ch1, ch2);
      const JamPacketHeader h = {.client_id = JAM_PACKET_PLAYBACK_ID, .sequence = seq};
      size_t len = 0;
      if (jam_packet_encode(&h, ch1, ch2, frames, out, sizeof out, &len) != JAM_SUCCESS ||
          jam_spsc_write_msg(self->ring, epoch, out, (uint32_t)len) != JAM_SUCCESS) {
        break; // cannot happen: the size is checked, the space too
      }
      ++seq;
      atomic_fetch_add_explicit(&self->sent, 1u, memory_order_relaxed);
    }
    // The ring is primed: the worker may start pacing.
    atomic_store_explicit(&self->frames, frames, memory_order_release);
    if (eof && bcast_playback_drained(self->core) && !goes_round(self)) {
      break; // the end (with loop on, the take starts again once the ring has room)
    }
    const struct timespec ts = {.tv_sec = 0, .tv_nsec = FILL_SLEEP_NS};
    nanosleep(&ts, NULL);
  }
  atomic_store_explicit(&self->finished, epoch + 1u, memory_order_release);
  return NULL;
}

// Main thread: stops and joins the thread, closes the file.
static void
halt(BcastPlayout* const self)
{
  if (self->thread_on) {
    atomic_store_explicit(&self->run, false, memory_order_release);
    pthread_join(self->thread, NULL);
    self->thread_on = 0;
  }
  if (self->file) {
    fclose(self->file);
    self->file = NULL;
  }
  // From here the worker discards whatever the old thread queued.
  atomic_fetch_add_explicit(&self->epoch, 1u, memory_order_acq_rel);
  atomic_store_explicit(&self->frames, 0u, memory_order_release);
}

void
bcast_playout_free(BcastPlayout* const self)
{
  if (!self) {
    return;
  }
  halt(self);
  jam_spsc_free(self->ring);
  bcast_playback_free(self->core);
  pthread_mutex_destroy(&self->lock);
  free(self);
}

#define WHY(...)                                                                                   \
  do {                                                                                             \
    snprintf(why, why_cap, __VA_ARGS__);                                                           \
    if (f) {                                                                                       \
      fclose(f);                                                                                   \
    }                                                                                              \
    return JAM_ERR_BAD_ARGUMENT;                                                                   \
  } while (0)

// Opens and checks a take (its first packet with audio sets the stream's frames); leaves it at
// its start.
static JamStatus
open_take(const char* const path, const char* const shown, FILE** const out, uint64_t* const size,
          uint32_t* const frames, char* const why, const size_t why_cap)
{
  FILE* f = fopen(path, "rb");
  struct stat st;
  if (!f) {
    WHY("%s: %s", shown, strerror(errno));
  }
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    WHY("%s: not a regular file", shown);
  }
  *size = (uint64_t)st.st_size;
  if (*size == 0) {
    WHY("%s is empty", shown);
  }
  uint8_t pkt[JAM_PACKET_MAX_SIZE];
  *frames = 0;
  for (;;) { // the first packet with audio sets the stream's packet size
    const long n = read_packet(f, pkt);
    if (n <= 0) {
      WHY("%s is too short: %llu bytes hold no whole packet with audio", shown,
          (unsigned long long)*size);
    }
    if (bcast_take_packet_frames((size_t)n) > 0) {
      *frames = bcast_take_packet_frames((size_t)n);
      break;
    }
  }
  rewind(f);
  *out = f;
  return JAM_SUCCESS;
}

static JamStatus
begin(BcastPlayout* const self, const char* const name, const long percent, const int is_play,
      char* const why, const size_t why_cap)
{
  char path[BCAST_RECORD_PATH_MAX + BCAST_RECORD_NAME_MAX];
  if (*name) {
    if (bcast_recorder_check_name(name, why, why_cap) != JAM_SUCCESS) {
      return JAM_ERR_BAD_ARGUMENT;
    }
    snprintf(path, sizeof path, "%s/%s", self->recs, name);
  } else {
    snprintf(path, sizeof path, "%s", self->current);
  }
  FILE* f = NULL;
  uint64_t size = 0;
  uint32_t frames = 0;
  const char* const shown = *name ? name : BCAST_RECORD_CURRENT;
  const long p = percent < 0 ? 0 : percent > 100 ? 100 : percent;
  if (open_take(path, shown, &f, &size, &frames, why, why_cap) != JAM_SUCCESS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  halt(self);
  self->file = f;
  self->size = size;
  self->target = bcast_take_seek_target(size, (unsigned)p);
  self->take_frames = frames;
  pthread_mutex_lock(&self->lock);
  snprintf(self->name, sizeof self->name, "%s", name);
  self->last_error[0] = '\0';
  pthread_mutex_unlock(&self->lock);
  atomic_store(&self->percent, (unsigned)p); // until the thread has found the packet
  if (is_play) { // the worker numbers this play's packets from 0; a play is not paused
    atomic_store(&self->play_epoch, atomic_load(&self->epoch));
    atomic_store(&self->paused, false);
  }
  atomic_store(&self->sent, 0u);
  atomic_store(&self->underruns, 0u);
  atomic_store(&self->run, true);
  const int rc = pthread_create(&self->thread, NULL, playback_thread, self);
  if (rc != 0) {
    fclose(self->file);
    self->file = NULL;
    snprintf(why, why_cap, "pthread_create: %s", strerror(rc));
    return JAM_ERR_SYSTEM;
  }
  pthread_setname_np(self->thread, "bcast-play");
  self->thread_on = 1;
  return JAM_SUCCESS;
}

JamStatus
bcast_playout_play(BcastPlayout* const self, const char* const name, const long percent,
                   char* const why, const size_t why_cap)
{
  return begin(self, name, percent, 1, why, why_cap);
}

static int
is_playing(BcastPlayout* const self)
{
  return self->thread_on && atomic_load_explicit(&self->drained, memory_order_acquire) !=
                                atomic_load_explicit(&self->epoch, memory_order_acquire) + 1u;
}

JamStatus
bcast_playout_seek(BcastPlayout* const self, const long percent, char* const why,
                   const size_t why_cap)
{
  if (!is_playing(self)) {
    snprintf(why, why_cap, "nothing is playing");
    return JAM_ERR_BAD_ARGUMENT;
  }
  char name[sizeof self->name];
  pthread_mutex_lock(&self->lock);
  snprintf(name, sizeof name, "%s", self->name);
  pthread_mutex_unlock(&self->lock);
  return begin(self, name, percent, 0, why, why_cap);
}

void
bcast_playout_stop(BcastPlayout* const self)
{
  halt(self);
  atomic_store(&self->paused, false);
}

JamStatus
bcast_playout_pause(BcastPlayout* const self, const int pause, char* const why,
                    const size_t why_cap)
{
  if (!is_playing(self)) {
    snprintf(why, why_cap, "nothing is playing");
    return JAM_ERR_BAD_ARGUMENT;
  }
  const bool now = pause < 0 ? !atomic_load(&self->paused) : pause != 0;
  atomic_store_explicit(&self->paused, now, memory_order_release);
  return JAM_SUCCESS;
}

void
bcast_playout_set_loop(BcastPlayout* const self, const int loop)
{
  atomic_store_explicit(&self->loop, loop != 0, memory_order_release);
}

void
bcast_playout_status(BcastPlayout* const self, BcastPlayoutStatus* const out)
{
  memset(out, 0, sizeof *out);
  out->playing = is_playing(self);
  out->paused = out->playing && atomic_load(&self->paused);
  out->loop = atomic_load(&self->loop);
  pthread_mutex_lock(&self->lock);
  snprintf(out->name, sizeof out->name, "%s", self->name);
  snprintf(out->last_error, sizeof out->last_error, "%s", self->last_error);
  pthread_mutex_unlock(&self->lock);
  out->percent = out->playing ? atomic_load(&self->percent) : 0u;
  out->frames = self->take_frames;
  out->sent = atomic_load(&self->sent);
  out->underruns = atomic_load(&self->underruns);
}

uint32_t
bcast_playout_frames(BcastPlayout* const self)
{
  const unsigned epoch = atomic_load_explicit(&self->epoch, memory_order_acquire);
  if (atomic_load_explicit(&self->drained, memory_order_relaxed) == epoch + 1u ||
      atomic_load_explicit(&self->paused, memory_order_acquire)) {
    return 0; // idle, or paused: the worker stops the stream's clock
  }
  return atomic_load_explicit(&self->frames, memory_order_acquire);
}

size_t
bcast_playout_pop(BcastPlayout* const self, uint8_t* const buf)
{
  const unsigned epoch = atomic_load_explicit(&self->epoch, memory_order_acquire);
  uint32_t type = 0;
  uint32_t size = 0;
  for (;;) {
    const JamStatus st = jam_spsc_read_msg(self->ring, &type, buf, JAM_PACKET_MAX_SIZE, &size);
    if (st == JAM_ERR_EMPTY) {
      break;
    }
    if (st == JAM_SUCCESS && type == epoch && size >= JAM_PACKET_HEADER_SIZE) {
      if (epoch != self->out_epoch) {
        self->out_epoch = epoch;
        if (atomic_load_explicit(&self->play_epoch, memory_order_acquire) == epoch) {
          self->out_seq = 0; // a new play; a seek goes on with the numbering
        }
      }
      jam_packet_put_u32(buf, JAM_PACKET_OFF_SEQUENCE, self->out_seq++);
      return size;
    }
  }
  if (atomic_load_explicit(&self->finished, memory_order_acquire) == epoch + 1u) {
    // Finished, and nothing left (read after the flag: the thread wrote its packets before it)
    if (jam_spsc_read_space(self->ring) == 0) {
      atomic_store_explicit(&self->drained, epoch + 1u, memory_order_release);
    }
  } else if (atomic_load_explicit(&self->frames, memory_order_relaxed) != 0u) {
    atomic_fetch_add_explicit(&self->underruns, 1u, memory_order_relaxed);
  }
  return 0;
}
