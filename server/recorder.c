// SPDX-License-Identifier: ISC
// The recorder: an SPSC ring from the room's thread to a writer thread that appends to
// DIR/audio.dmp. The control calls and the writer share `lock`; the room's thread never takes
// it (it reads only the atomic `recording` take number and writes to the ring). Each packet
// carries the number of the take it was pushed for as its message type: the writer writes only
// the current take's, so packets still queued from an earlier take (or pushed by a room thread
// that read the number just before a stop) never land in a new one.

#include "recorder.h"

#include "packet.h"
#include "spsc.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct BcastRecorderImpl {
  char dir[BCAST_RECORD_PATH_MAX];     ///< DIR
  char recs[BCAST_RECORD_PATH_MAX];    ///< DIR/recs
  char current[BCAST_RECORD_PATH_MAX]; ///< DIR/audio.dmp
  uint64_t budget;                     ///< bytes
  uint64_t keep;                       ///< bytes the saved takes may hold
  JamSpsc* ring;                       ///< packets from the room's thread
  atomic_uint recording;               ///< the take recorded (its number), 0: none; room reads
  atomic_uint_fast64_t dropped_full;   ///< written by the room's thread
  atomic_uint_fast64_t dropped_size;   ///< written by the room's thread
  pthread_mutex_t lock;                ///< guards everything below
  pthread_t thread;                    ///< the writer
  int running;                         ///< 0 asks the writer to finish
  uint32_t take;                       ///< the number of the last take started (never 0)
  int fd;                              ///< audio.dmp while recording, -1 otherwise
  uint64_t bytes;                      ///< bytes written to audio.dmp
  uint64_t packets;                    ///< packets written
  uint64_t write_errors;               ///< stops by a write error
  uint64_t budget_stops;               ///< stops by the budget
  char last_error[160];                ///< why the last take stopped
};

JamStatus
bcast_recorder_check_name(const char* const name, char* const why, const size_t why_cap)
{
  const size_t n = name ? strlen(name) : 0;
  if (n == 0) {
    snprintf(why, why_cap, "empty name");
    return JAM_ERR_BAD_ARGUMENT;
  }
  if (n >= BCAST_RECORD_NAME_MAX) {
    snprintf(why, why_cap, "name longer than %u bytes", BCAST_RECORD_NAME_MAX - 1u);
    return JAM_ERR_BAD_ARGUMENT;
  }
  if (strchr(name, '/')) {
    snprintf(why, why_cap, "name contains '/'");
    return JAM_ERR_BAD_ARGUMENT;
  }
  if (strstr(name, "..") || strcmp(name, ".") == 0) {
    snprintf(why, why_cap, "name contains '..' or is '.'");
    return JAM_ERR_BAD_ARGUMENT;
  }
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = (unsigned char)name[i];
    if (c < 0x20u || c == 0x7fu) {
      snprintf(why, why_cap, "name contains control character 0x%02x", c);
      return JAM_ERR_BAD_ARGUMENT;
    }
    if (c == '"' || c == '\\') { // the list of takes is JSON: a name needs no escaping
      snprintf(why, why_cap, "name contains '%c'", c);
      return JAM_ERR_BAD_ARGUMENT;
    }
  }
  return JAM_SUCCESS;
}

// Stops the take with a reason (lock held).
static void
stop_locked(BcastRecorder* const self, const char* const reason)
{
  atomic_store(&self->recording, 0u);
  if (self->fd >= 0) {
    close(self->fd);
    self->fd = -1;
  }
  if (reason) {
    snprintf(self->last_error, sizeof self->last_error, "%s", reason);
  }
}

static int
write_all(const int fd, const uint8_t* p, size_t n)
{
  while (n > 0) {
    const ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    if (w == 0) {
      errno = ENOSPC;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

// Writes what the ring holds (lock held). @return packets taken from the ring
static unsigned
drain_locked(BcastRecorder* const self)
{
  uint8_t buf[JAM_PACKET_MAX_SIZE];
  unsigned taken = 0;
  for (;;) {
    uint32_t type = 0;
    uint32_t size = 0;
    const JamStatus st = jam_spsc_read_msg(self->ring, &type, buf, sizeof buf, &size);
    if (st == JAM_ERR_EMPTY) {
      break;
    }
    ++taken;
    if (st != JAM_SUCCESS || type != self->take || self->fd < 0) {
      continue; // an earlier take's, or not recording any more: discarded
    }
    if (self->bytes + size > self->budget) {
      char reason[160];
      snprintf(reason, sizeof reason, "disk budget of %llu bytes reached",
               (unsigned long long)self->budget);
      ++self->budget_stops;
      stop_locked(self, reason);
      continue;
    }
    if (write_all(self->fd, buf, size) != 0) {
      char reason[160];
      snprintf(reason, sizeof reason, "write " BCAST_RECORD_CURRENT ": %s", strerror(errno));
      ++self->write_errors;
      stop_locked(self, reason);
      continue;
    }
    self->bytes += size;
    ++self->packets;
  }
  return taken;
}

static void*
writer_main(void* const arg)
{
  BcastRecorder* const self = arg;
  for (;;) {
    pthread_mutex_lock(&self->lock);
    const unsigned taken = drain_locked(self);
    const int running = self->running;
    pthread_mutex_unlock(&self->lock);
    if (!running && taken == 0) {
      break;
    }
    if (taken == 0) {
      const struct timespec nap = {.tv_sec = 0, .tv_nsec = 5000000}; // 5 ms
      nanosleep(&nap, NULL);
    }
  }
  return NULL;
}

static int
make_dir(const char* const path, char* const why, const size_t why_cap)
{
  if (mkdir(path, 0750) != 0 && errno != EEXIST) {
    snprintf(why, why_cap, "mkdir %s: %s", path, strerror(errno));
    return -1;
  }
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
    snprintf(why, why_cap, "%s: not a directory", path);
    return -1;
  }
  return 0;
}

BcastRecorder*
bcast_recorder_new(const char* const dir, const uint64_t budget, const size_t ring_bytes,
                   char* const why, const size_t why_cap)
{
  if (!dir || !*dir || budget == 0) {
    snprintf(why, why_cap, "bad record directory or budget");
    return NULL;
  }
  if (strlen(dir) > BCAST_RECORD_DIR_MAX) {
    snprintf(why, why_cap, "record directory longer than %u bytes", BCAST_RECORD_DIR_MAX);
    return NULL;
  }
  BcastRecorder* const self = calloc(1, sizeof *self);
  if (!self) {
    snprintf(why, why_cap, "out of memory");
    return NULL;
  }
  snprintf(self->dir, sizeof self->dir, "%s", dir);
  snprintf(self->recs, sizeof self->recs, "%s/recs", dir);
  snprintf(self->current, sizeof self->current, "%s/%s", dir, BCAST_RECORD_CURRENT);
  self->budget = budget;
  self->keep = BCAST_RECORD_KEEP_DEFAULT;
  self->fd = -1;
  self->running = 1;
  if (make_dir(self->dir, why, why_cap) != 0 || make_dir(self->recs, why, why_cap) != 0) {
    free(self);
    return NULL;
  }
  self->ring = jam_spsc_new(ring_bytes);
  if (!self->ring) {
    snprintf(why, why_cap, "out of memory (ring)");
    free(self);
    return NULL;
  }
  pthread_mutex_init(&self->lock, NULL);
  if (pthread_create(&self->thread, NULL, writer_main, self) != 0) {
    snprintf(why, why_cap, "pthread_create: %s", strerror(errno));
    pthread_mutex_destroy(&self->lock);
    jam_spsc_free(self->ring);
    free(self);
    return NULL;
  }
  return self;
}

void
bcast_recorder_free(BcastRecorder* const self)
{
  if (!self) {
    return;
  }
  pthread_mutex_lock(&self->lock);
  self->running = 0;
  pthread_mutex_unlock(&self->lock);
  pthread_join(self->thread, NULL);
  stop_locked(self, NULL);
  pthread_mutex_destroy(&self->lock);
  jam_spsc_free(self->ring);
  free(self);
}

void
bcast_recorder_push(BcastRecorder* const self, const uint8_t* const packet, const size_t len)
{
  const uint32_t take = atomic_load_explicit(&self->recording, memory_order_relaxed);
  if (take == 0 || len < JAM_PACKET_HEADER_SIZE || len > JAM_PACKET_MAX_SIZE) {
    return;
  }
  const size_t audio = len - JAM_PACKET_HEADER_SIZE;
  if (audio % JAM_PACKET_CHUNK_BYTES != 0) {
    // §4.10 frames a packet as 28 + NumAudioChunks x 32 bytes: this one would cut the take.
    atomic_fetch_add_explicit(&self->dropped_size, 1, memory_order_relaxed);
    return;
  }
  uint8_t copy[JAM_PACKET_MAX_SIZE];
  memcpy(copy, packet, len);
  // NumAudioChunks as the original records it (§4.10): len / 32 too, since 28 < 32.
  copy[JAM_PACKET_OFF_CHUNKS] = (uint8_t)(audio / JAM_PACKET_CHUNK_BYTES);
  if (jam_spsc_write_msg(self->ring, take, copy, (uint32_t)len) != JAM_SUCCESS) {
    atomic_fetch_add_explicit(&self->dropped_full, 1, memory_order_relaxed);
  }
}

JamStatus
bcast_recorder_start(BcastRecorder* const self, char* const why, const size_t why_cap)
{
  pthread_mutex_lock(&self->lock);
  stop_locked(self, NULL);
  drain_locked(self); // not recording: what is queued (an earlier take's) is discarded
  // A new file, never the old one truncated: the old one may also be a saved take's name.
  if (unlink(self->current) != 0 && errno != ENOENT) {
    snprintf(why, why_cap, "unlink %s: %s", self->current, strerror(errno));
    snprintf(self->last_error, sizeof self->last_error, "%s", why);
    pthread_mutex_unlock(&self->lock);
    return JAM_ERR_SYSTEM;
  }
  const int fd = open(self->current, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) {
    snprintf(why, why_cap, "open %s: %s", self->current, strerror(errno));
    snprintf(self->last_error, sizeof self->last_error, "%s", why);
    pthread_mutex_unlock(&self->lock);
    return JAM_ERR_SYSTEM;
  }
  self->fd = fd;
  self->bytes = 0;
  self->packets = 0;
  self->last_error[0] = '\0';
  self->take = self->take == UINT32_MAX ? 1u : self->take + 1u; // 0 means not recording
  atomic_store(&self->recording, self->take);
  pthread_mutex_unlock(&self->lock);
  return JAM_SUCCESS;
}

void
bcast_recorder_stop(BcastRecorder* const self)
{
  atomic_store(&self->recording, 0u);
  pthread_mutex_lock(&self->lock);
  drain_locked(self); // what the room queued before the stop belongs to the take
  stop_locked(self, NULL);
  pthread_mutex_unlock(&self->lock);
}

static int
exists(const char* const path)
{
  struct stat st;
  return lstat(path, &st) == 0;
}

// Copies src to a new file dst (O_EXCL). @return 0, or -1 with errno
static int
copy_file(const char* const src, const char* const dst)
{
  const int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) {
    return -1;
  }
  const int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (out < 0) {
    const int e = errno;
    close(in);
    errno = e;
    return -1;
  }
  uint8_t buf[65536];
  int rc = 0;
  for (;;) {
    const ssize_t r = read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR) {
      continue;
    }
    if (r <= 0) {
      rc = r < 0 ? -1 : 0;
      break;
    }
    if (write_all(out, buf, (size_t)r) != 0) {
      rc = -1;
      break;
    }
  }
  const int e = errno;
  close(in);
  if (close(out) != 0 && rc == 0) {
    rc = -1;
  } else {
    errno = e;
  }
  if (rc != 0) {
    unlink(dst);
  }
  return rc;
}

void
bcast_recorder_set_keep(BcastRecorder* const self, const uint64_t keep_bytes)
{
  self->keep = keep_bytes;
}

// Bytes held by the regular files of dir (the saved takes).
static uint64_t
dir_bytes(const char* const dir)
{
  DIR* const d = opendir(dir);
  if (!d) {
    return 0;
  }
  uint64_t total = 0;
  const struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    struct stat st;
    if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
      total += (uint64_t)st.st_size;
    }
  }
  closedir(d);
  return total;
}

JamStatus
bcast_recorder_save(BcastRecorder* const self, const char* const name, char* const saved,
                    const size_t saved_cap, char* const why, const size_t why_cap)
{
  if (bcast_recorder_check_name(name, why, why_cap) != JAM_SUCCESS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  bcast_recorder_stop(self);
  char path[BCAST_RECORD_PATH_MAX + BCAST_RECORD_NAME_MAX + 16];
  char used[BCAST_RECORD_NAME_MAX + 16];
  snprintf(used, sizeof used, "%s", name);
  snprintf(path, sizeof path, "%s/%s", self->recs, used);
  for (unsigned k = 1; exists(path); ++k) {
    if (k > 9999) {
      snprintf(why, why_cap, "too many takes named %s", name);
      return JAM_ERR_BAD_ARGUMENT;
    }
    snprintf(used, sizeof used, "%s_%u", name, k);
    snprintf(path, sizeof path, "%s/%s", self->recs, used);
  }
  pthread_mutex_lock(&self->lock);
  struct stat st;
  if (lstat(self->current, &st) != 0 || st.st_size == 0) {
    snprintf(why, why_cap, "nothing recorded since the last save");
    pthread_mutex_unlock(&self->lock);
    return JAM_ERR_BAD_ARGUMENT;
  }
  const uint64_t kept = dir_bytes(self->recs);
  if (kept + (uint64_t)st.st_size > self->keep) {
    snprintf(why, why_cap,
             "the saved takes hold %llu bytes; this one (%llu) would pass --record-keep %llu: "
             "delete some first",
             (unsigned long long)kept, (unsigned long long)st.st_size,
             (unsigned long long)self->keep);
    pthread_mutex_unlock(&self->lock);
    return JAM_ERR_FULL;
  }
  // The take gets its saved name as a second link, then loses the first: no copy, so saving a
  // 1-GiB take does not hold the main thread (and the rooms' events) for seconds. A copy is the
  // fallback where hard links fail (a file system without them).
  int rc = link(self->current, path);
  if (rc != 0 && errno != EEXIST) {
    rc = copy_file(self->current, path);
  }
  if (rc != 0) {
    snprintf(why, why_cap, "save %s: %s", path, strerror(errno));
    snprintf(self->last_error, sizeof self->last_error, "%s", why);
    pthread_mutex_unlock(&self->lock);
    return JAM_ERR_SYSTEM;
  }
  // audio.dmp starts again empty (a new file: the old one is the saved take now).
  (void)unlink(self->current);
  const int fd = open(self->current, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd >= 0) {
    close(fd);
  }
  self->bytes = 0;
  pthread_mutex_unlock(&self->lock);
  snprintf(saved, saved_cap, "%s", used);
  return JAM_SUCCESS;
}

JamStatus
bcast_recorder_delete(BcastRecorder* const self, const char* const name, char* const why,
                      const size_t why_cap)
{
  if (!name || !*name) {
    bcast_recorder_stop(self);
    pthread_mutex_lock(&self->lock);
    const int rc = truncate(self->current, 0);
    if (rc == 0 || errno == ENOENT) {
      self->bytes = 0;
    }
    pthread_mutex_unlock(&self->lock);
    if (rc != 0 && errno != ENOENT) {
      snprintf(why, why_cap, "truncate %s: %s", self->current, strerror(errno));
      return JAM_ERR_SYSTEM;
    }
    return JAM_SUCCESS;
  }
  if (bcast_recorder_check_name(name, why, why_cap) != JAM_SUCCESS) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  char path[BCAST_RECORD_PATH_MAX + BCAST_RECORD_NAME_MAX + 16];
  snprintf(path, sizeof path, "%s/%s", self->recs, name);
  if (unlink(path) != 0) {
    snprintf(why, why_cap, "delete %s: %s", name, strerror(errno));
    return JAM_ERR_SYSTEM;
  }
  return JAM_SUCCESS;
}

// RFC 2822 in local time, as chrono's to_rfc2822: "Tue, 1 Jul 2003 10:52:37 +0200".
static void
rfc2822(const time_t t, char* const out, const size_t cap)
{
  struct tm tm;
  localtime_r(&t, &tm);
  static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const long off = tm.tm_gmtoff / 60;
  snprintf(out, cap, "%s, %d %s %d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday % 7], tm.tm_mday,
           months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
           off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

// Appends to out[0..cap) at *n, keeping `reserve` bytes free. @return 0, or -1 (nothing added)
// when it does not fit
static int
put_json(char* const out, const size_t cap, size_t* const n, const size_t reserve,
         const char* const fmt, ...) __attribute__((format(printf, 5, 6)));

static int
put_json(char* const out, const size_t cap, size_t* const n, const size_t reserve,
         const char* const fmt, ...)
{
  if (*n + reserve >= cap) {
    return -1;
  }
  va_list ap;
  va_start(ap, fmt);
  const int w = vsnprintf(out + *n, cap - *n - reserve, fmt, ap);
  va_end(ap);
  if (w < 0 || (size_t)w >= cap - *n - reserve) {
    out[*n] = '\0';
    return -1;
  }
  *n += (size_t)w;
  return 0;
}

size_t
bcast_recorder_list_json(BcastRecorder* const self, char* const out, const size_t cap)
{
  size_t n = 0;
  if (cap < 3) {
    if (cap) {
      out[0] = '\0';
    }
    return 0;
  }
  put_json(out, cap, &n, 1, "[");
  DIR* const d = opendir(self->recs);
  if (d) {
    int first = 1;
    struct dirent* e;
    while ((e = readdir(d)) != NULL) {
      char why[8];
      if (bcast_recorder_check_name(e->d_name, why, sizeof why) != JAM_SUCCESS) {
        continue; // ".", "..", and names the control channel could not address
      }
      char path[BCAST_RECORD_PATH_MAX + 256]; // d_name may be longer than a take's name
      snprintf(path, sizeof path, "%s/%s", self->recs, e->d_name);
      struct stat st;
      if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        continue;
      }
      char date[64];
      rfc2822(st.st_mtime, date, sizeof date);
      // Room for the closing bracket is kept: a list too long for `out` ends early, still JSON.
      if (put_json(out, cap, &n, 1, "%s{\"name\":\"%s\",\"date\":\"%s\",\"size\":%llu}",
                   first ? "" : ",", e->d_name, date, (unsigned long long)st.st_size) != 0) {
        break;
      }
      first = 0;
    }
    closedir(d);
  }
  put_json(out, cap, &n, 0, "]");
  return n;
}

void
bcast_recorder_status(BcastRecorder* const self, BcastRecorderStatus* const out)
{
  pthread_mutex_lock(&self->lock);
  out->recording = atomic_load(&self->recording) != 0u;
  out->bytes = self->bytes;
  out->budget = self->budget;
  out->packets = self->packets;
  out->dropped_full = atomic_load(&self->dropped_full);
  out->dropped_size = atomic_load(&self->dropped_size);
  out->write_errors = self->write_errors;
  out->budget_stops = self->budget_stops;
  snprintf(out->last_error, sizeof out->last_error, "%s", self->last_error);
  pthread_mutex_unlock(&self->lock);
}

void
bcast_recorder_current_file(BcastRecorder* const self, char* const date, const size_t date_cap,
                            uint64_t* const size)
{
  bcast_recorder_take_file(self, "", date, date_cap, size);
}

void
bcast_recorder_take_file(BcastRecorder* const self, const char* const name, char* const date,
                         const size_t date_cap, uint64_t* const size)
{
  char path[BCAST_RECORD_PATH_MAX + BCAST_RECORD_NAME_MAX + 16];
  char why[256];
  if (*name && bcast_recorder_check_name(name, why, sizeof why) != JAM_SUCCESS) {
    snprintf(date, date_cap, "%s", "");
    *size = 0;
    return;
  }
  if (*name) {
    snprintf(path, sizeof path, "%s/%s", self->recs, name);
  } else {
    snprintf(path, sizeof path, "%s", self->current);
  }
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(date, date_cap, "%s", "");
    *size = 0;
    return;
  }
  rfc2822(st.st_mtime, date, date_cap);
  *size = (uint64_t)st.st_size;
}

const char*
bcast_recorder_recs_dir(const BcastRecorder* const self)
{
  return self->recs;
}
