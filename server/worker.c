// SPDX-License-Identifier: ISC
// Worker thread: epoll + recvmmsg/sendmmsg around the room logic.
//
// Threading: everything in BcastWorkerImpl except `stop`, the event ring's read side and the
// snapshot triple buffers' read side belongs to the worker thread once started. The hot path
// (service_room, flush) does not allocate, lock or log: errors become counters, which the main
// thread reads from snapshots and logs at a bounded rate.

#include "worker.h"

#include "clock.h"
#include "gso.h"
#include "packet.h"
#include "spsc.h"
#include "triple.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define ROOM_BUDGET 64u ///< datagrams per room per wake-up, so one room cannot starve others
#define TICK_CATCH_UP                                                                              \
  16u ///< stream ticks sent at once after a late wake-up; then the clock restarts

// epoll data: (room index << 2) | kind; the wake-up eventfd is EV_WAKE.
#define EV_WAKE   UINT64_MAX
#define EV_SOCKET 0u ///< the room's socket
#define EV_TIMER  1u ///< + stream: a stream's timer

/// The clock of one of a room's own streams: ticks at exactly frames / 48 kHz.
typedef struct {
  int fd;          ///< timerfd (CLOCK_MONOTONIC), one-shot, re-armed at absolute times
  uint32_t frames; ///< frames per tick while armed, 0 = disarmed
  uint64_t t0_ns;  ///< monotonic ns of tick 0
  uint64_t ticks;  ///< ticks done since t0_ns
} StreamClock;

typedef struct {
  BcastRoom* room;                       ///< owned
  int fd;                                ///< owned, bound, non-blocking
  JamTriple* status;                     ///< room snapshots, worker -> reader
  StreamClock clock[BCAST_STREAM_COUNT]; ///< playback and mix pacing
} WorkerRoom;

struct BcastWorkerImpl {
  unsigned index;                                 ///< for the thread name
  unsigned batch;                                 ///< datagrams per recvmmsg
  unsigned spin_us;                               ///< µs to busy-poll after activity, 0 = never
  atomic_bool stop;                               ///< set by bcast_worker_stop
  pthread_t thread;                               ///< valid when started
  int started;                                    ///< 1 while the thread exists
  int epfd;                                       ///< epoll over the room sockets and wakefd
  int wakefd;                                     ///< eventfd written to wake the thread for stop
  JamSpsc* events;                                ///< BcastEvent messages, worker -> reader
  WorkerRoom* rooms;                              ///< room_count entries
  size_t room_count;                              ///< rooms owned
  size_t max_fanout;                              ///< largest max_players among the rooms
  BcastTxq* txq;                                  ///< send queue, BATCH * max_fanout entries
  BcastGso* gso;                                  ///< GSO planner sized like txq, or NULL
  int gso_on;                                     ///< 1: send with UDP_SEGMENT (gso.h)
  struct mmsghdr rx_msgs[BCAST_WORKER_BATCH_MAX]; ///< recvmmsg vector
  struct iovec rx_iov[BCAST_WORKER_BATCH_MAX];    ///< one buffer each
  BcastSockaddr rx_from[BCAST_WORKER_BATCH_MAX];  ///< source addresses
  uint8_t (*rx_buf)[JAM_PACKET_MAX_SIZE];         ///< BATCH buffers of 1024 bytes
};

static int
sink_emit(void* const ctx, const BcastEvent* const event)
{
  BcastWorker* const self = ctx;
  return jam_spsc_write_msg(self->events, (uint32_t)event->type, event, sizeof *event) !=
         JAM_SUCCESS;
}

size_t
bcast_worker_event_ring_bytes(const size_t rooms, const uint32_t max_players)
{
  // 64-bit arithmetic: 2 x UINT32_MAX places x 320 bytes cannot overflow it.
  const uint64_t per_event = sizeof(JamSpscMsgHeader) + sizeof(BcastEvent);
  const uint64_t per_room = (2u * (uint64_t)max_players + BCAST_REFUSED_LOG_MAX + 1u) * per_event;
  if ((uint64_t)rooms > BCAST_WORKER_EVENT_RING_MAX / per_room) {
    return BCAST_WORKER_EVENT_RING_MAX;
  }
  const uint64_t bytes = (uint64_t)rooms * per_room;
  return bytes < BCAST_WORKER_EVENT_RING_MIN ? BCAST_WORKER_EVENT_RING_MIN : (size_t)bytes;
}

BcastWorker*
bcast_worker_new(const unsigned index, const size_t event_ring_bytes, const unsigned batch,
                 const unsigned spin_us)
{
  if (batch == 0 || batch > BCAST_WORKER_BATCH_MAX) {
    return NULL;
  }
  BcastWorker* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->index = index;
  self->batch = batch;
  self->spin_us = spin_us;
  self->epfd = -1;
  self->wakefd = -1;
  atomic_init(&self->stop, false);
  self->epfd = epoll_create1(EPOLL_CLOEXEC);
  self->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  self->events = jam_spsc_new(event_ring_bytes);
  self->rx_buf = calloc(BCAST_WORKER_BATCH_MAX, sizeof *self->rx_buf);
  if (self->epfd < 0 || self->wakefd < 0 || !self->events || !self->rx_buf) {
    bcast_worker_free(self);
    return NULL;
  }
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = EV_WAKE};
  if (epoll_ctl(self->epfd, EPOLL_CTL_ADD, self->wakefd, &ev) != 0) {
    bcast_worker_free(self);
    return NULL;
  }
  for (size_t i = 0; i < BCAST_WORKER_BATCH_MAX; ++i) {
    self->rx_iov[i].iov_base = self->rx_buf[i];
    self->rx_iov[i].iov_len = JAM_PACKET_MAX_SIZE;
    self->rx_msgs[i].msg_hdr.msg_iov = &self->rx_iov[i];
    self->rx_msgs[i].msg_hdr.msg_iovlen = 1;
    self->rx_msgs[i].msg_hdr.msg_name = &self->rx_from[i].u;
  }
  return self;
}

void
bcast_worker_free(BcastWorker* const self)
{
  if (!self) {
    return;
  }
  bcast_worker_stop(self);
  for (size_t i = 0; i < self->room_count; ++i) {
    bcast_room_free(self->rooms[i].room);
    close(self->rooms[i].fd);
    for (unsigned k = 0; k < BCAST_STREAM_COUNT; ++k) {
      close(self->rooms[i].clock[k].fd);
    }
    jam_triple_free(self->rooms[i].status);
  }
  free(self->rooms);
  bcast_txq_free(self->txq);
  bcast_gso_free(self->gso);
  free(self->rx_buf);
  jam_spsc_free(self->events);
  if (self->epfd >= 0) {
    close(self->epfd);
  }
  if (self->wakefd >= 0) {
    close(self->wakefd);
  }
  free(self);
}

BcastEventSink
bcast_worker_event_sink(BcastWorker* const self)
{
  const BcastEventSink sink = {.emit = sink_emit, .ctx = self};
  return sink;
}

JamStatus
bcast_worker_add_room(BcastWorker* const self, BcastRoom* const room, const int fd)
{
  if (self->started) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  // The send queue holds a whole receive batch of the widest room.
  const size_t fanout = bcast_room_max_fanout(room);
  if (!self->txq || fanout > self->max_fanout) {
    BcastTxq* const txq = bcast_txq_new(self->batch * fanout);
    BcastGso* const gso = bcast_gso_new(self->batch * fanout, (uint32_t)fanout);
    if (!txq || !gso) {
      bcast_txq_free(txq);
      bcast_gso_free(gso);
      return JAM_ERR_NO_MEMORY;
    }
    bcast_txq_free(self->txq);
    bcast_gso_free(self->gso);
    self->txq = txq;
    self->gso = gso;
    self->max_fanout = fanout;
  }
  WorkerRoom* const rooms = realloc(self->rooms, (self->room_count + 1) * sizeof *rooms);
  if (!rooms) {
    return JAM_ERR_NO_MEMORY;
  }
  self->rooms = rooms;
  JamTriple* const status =
      jam_triple_new(bcast_room_status_size(bcast_room_config(room)->max_players));
  if (!status) {
    return JAM_ERR_NO_MEMORY;
  }
  WorkerRoom* const wr = &self->rooms[self->room_count];
  memset(wr, 0, sizeof *wr);
  for (unsigned k = 0; k < BCAST_STREAM_COUNT; ++k) {
    wr->clock[k].fd = -1;
  }
  const uint64_t tag = (uint64_t)self->room_count << 2;
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = tag | EV_SOCKET};
  int ok = epoll_ctl(self->epfd, EPOLL_CTL_ADD, fd, &ev) == 0;
  for (unsigned k = 0; ok && k < BCAST_STREAM_COUNT; ++k) {
    wr->clock[k].fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct epoll_event tev = {.events = EPOLLIN, .data.u64 = tag | (EV_TIMER + k)};
    ok = wr->clock[k].fd >= 0 && epoll_ctl(self->epfd, EPOLL_CTL_ADD, wr->clock[k].fd, &tev) == 0;
  }
  if (!ok) {
    (void)epoll_ctl(self->epfd, EPOLL_CTL_DEL, fd, NULL);
    for (unsigned k = 0; k < BCAST_STREAM_COUNT; ++k) {
      if (wr->clock[k].fd >= 0) {
        close(wr->clock[k].fd); // closing removes it from the epoll set
      }
    }
    jam_triple_free(status);
    return JAM_ERR_SYSTEM;
  }
  wr->room = room;
  wr->fd = fd;
  wr->status = status;
  ++self->room_count;
  return JAM_SUCCESS;
}

static BcastNow
read_clocks(void)
{
  const BcastNow now = {.wall_us = jam_clock_wall_us(), .mono_us = jam_clock_mono_us()};
  return now;
}

// Sends the queue. A failed datagram is counted and skipped; EAGAIN/ENOBUFS (the socket or
// device queue is full) drop the rest of the batch rather than spin.
JAM_REALTIME static void
flush(BcastWorker* const self, WorkerRoom* const wr)
{
  const size_t count = bcast_txq_count(self->txq);
  struct mmsghdr* const msgs = bcast_txq_msgs(self->txq);
  size_t sent = 0;
  while (sent < count) {
    const int r = sendmmsg(wr->fd, msgs + sent, (unsigned)(count - sent), MSG_DONTWAIT);
    if (r > 0) {
      sent += (size_t)r;
      continue;
    }
    const int err = r < 0 ? errno : EIO;
    if (err == EINTR) {
      continue;
    }
    BcastRoomCounters* const c = bcast_room_counters(wr->room);
    c->last_send_errno = err;
    if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
      c->send_errors += count - sent;
      break;
    }
    ++c->send_errors;
    ++sent;
  }
  bcast_txq_clear(self->txq);
}

// Sends one planned entry's datagrams one by one (the kernel refused it as a GSO send).
// @return 0, or the errno that should drop the rest of the flush (EAGAIN/ENOBUFS)
JAM_REALTIME static int
send_split(BcastWorker* const self, WorkerRoom* const wr, const size_t m)
{
  size_t count = 0;
  struct mmsghdr* const msgs = bcast_gso_split(self->gso, m, &count);
  BcastRoomCounters* const c = bcast_room_counters(wr->room);
  size_t sent = 0;
  while (sent < count) {
    const int r = sendmmsg(wr->fd, msgs + sent, (unsigned)(count - sent), MSG_DONTWAIT);
    if (r > 0) {
      sent += (size_t)r;
      continue;
    }
    const int err = r < 0 ? errno : EIO;
    if (err == EINTR) {
      continue;
    }
    c->last_send_errno = err;
    if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
      c->send_errors += count - sent;
      return err;
    }
    ++c->send_errors;
    ++sent;
  }
  return 0;
}

// Sends the queue as GSO entries (gso.h): same-size datagrams to one destination leave in one
// entry. An entry the kernel refuses with EIO (no checksum offload on the route), EINVAL or
// EMSGSIZE (a path MTU below the segment size: EINVAL before Linux 6.x, EMSGSIZE since) is
// counted and re-sent datagram by datagram, and that member gets no GSO send again (its path
// refuses them) until it leaves. Other errors count every datagram of the entry; EAGAIN and
// ENOBUFS drop the rest of the flush.
JAM_REALTIME static void
flush_gso(BcastWorker* const self, WorkerRoom* const wr)
{
  const size_t count = bcast_gso_plan(self->gso, self->txq);
  struct mmsghdr* const msgs = bcast_gso_msgs(self->gso);
  BcastRoomCounters* const c = bcast_room_counters(wr->room);
  size_t sent = 0;
  while (sent < count) {
    const int r = sendmmsg(wr->fd, msgs + sent, (unsigned)(count - sent), MSG_DONTWAIT);
    if (r > 0) {
      for (size_t m = sent; m < sent + (size_t)r; ++m) {
        const size_t segs = bcast_gso_segments(self->gso, m);
        if (segs > 1) {
          ++c->gso_sends;
          c->gso_datagrams += segs;
        }
      }
      sent += (size_t)r;
      continue;
    }
    const int err = r < 0 ? errno : EIO;
    if (err == EINTR) {
      continue;
    }
    const size_t segs = bcast_gso_segments(self->gso, sent);
    if ((err == EIO || err == EINVAL || err == EMSGSIZE) && segs > 1) {
      ++c->gso_fallbacks;
      c->last_gso_errno = err;
      bcast_room_gso_refused(wr->room, bcast_gso_dest(self->gso, sent)); // no GSO to it again
      if (send_split(self, wr, sent) != 0) {
        for (size_t m = sent + 1; m < count; ++m) {
          c->send_errors += bcast_gso_segments(self->gso, m);
        }
        break;
      }
      ++sent;
      continue;
    }
    c->last_send_errno = err;
    if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
      for (size_t m = sent; m < count; ++m) {
        c->send_errors += bcast_gso_segments(self->gso, m);
      }
      break;
    }
    c->send_errors += segs;
    ++sent;
  }
  bcast_txq_clear(self->txq);
}

JAM_REALTIME static void
service_room(BcastWorker* const self, WorkerRoom* const wr)
{
  const size_t fanout = bcast_room_max_fanout(wr->room);
  const unsigned batch = self->batch;
  unsigned budget = ROOM_BUDGET;
  while (budget > 0) {
    for (size_t i = 0; i < batch; ++i) {
      self->rx_msgs[i].msg_hdr.msg_namelen = sizeof self->rx_from[i].u;
      self->rx_msgs[i].msg_hdr.msg_flags = 0;
    }
    const int r = recvmmsg(wr->fd, self->rx_msgs, batch, MSG_DONTWAIT, NULL);
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        BcastRoomCounters* const c = bcast_room_counters(wr->room);
        ++c->recv_errors;
        c->last_recv_errno = errno;
      }
      return;
    }
    const BcastNow now = read_clocks();
    for (int i = 0; i < r; ++i) {
      if (bcast_txq_space(self->txq) < fanout) {
        self->gso_on ? flush_gso(self, wr) : flush(self, wr);
      }
      struct mmsghdr* const m = &self->rx_msgs[i];
      self->rx_from[i].len = m->msg_hdr.msg_namelen;
      bcast_room_receive(wr->room, self->rx_buf[i], m->msg_len,
                         (m->msg_hdr.msg_flags & MSG_TRUNC) != 0, &self->rx_from[i], &now,
                         self->txq);
    }
    self->gso_on ? flush_gso(self, wr) : flush(self, wr);
    if ((unsigned)r < batch) {
      return; // drained; level-triggered epoll reports the socket again if more arrive
    }
    budget = budget > (unsigned)r ? budget - (unsigned)r : 0;
  }
}

// Monotonic ns of tick k of a clock: t0 + k x frames / 48 kHz, exact (no rounding drift).
static uint64_t
tick_ns(const StreamClock* const c, const uint64_t k)
{
  const uint64_t f = k * c->frames;
  const uint64_t rate = JAM_PACKET_SAMPLE_RATE;
  return c->t0_ns + f / rate * 1000000000u + f % rate * 1000000000u / rate;
}

static void
arm_at(const StreamClock* const c, const uint64_t at_ns)
{
  struct itimerspec its;
  memset(&its, 0, sizeof its);
  its.it_value.tv_sec = (time_t)(at_ns / 1000000000u);
  its.it_value.tv_nsec = (long)(at_ns % 1000000000u);
  (void)timerfd_settime(c->fd, TFD_TIMER_ABSTIME, &its, NULL);
}

// Starts or stops the room's stream clocks as its streams come and go.
static void
sync_clocks(WorkerRoom* const wr)
{
  bcast_room_poll(wr->room);
  for (unsigned k = 0; k < BCAST_STREAM_COUNT; ++k) {
    StreamClock* const c = &wr->clock[k];
    const uint32_t frames = bcast_room_stream_frames(wr->room, (BcastStream)k);
    if (frames == c->frames) {
      continue;
    }
    c->frames = frames;
    if (frames == 0) {
      struct itimerspec off;
      memset(&off, 0, sizeof off);
      (void)timerfd_settime(c->fd, 0, &off, NULL);
      continue;
    }
    c->t0_ns = jam_clock_mono_ns();
    c->ticks = 0;
    arm_at(c, tick_ns(c, 1));
  }
}

// A stream's timer fired: one packet per tick due (at most TICK_CATCH_UP), then re-armed.
JAM_REALTIME static void
on_tick(BcastWorker* const self, WorkerRoom* const wr, const unsigned k)
{
  StreamClock* const c = &wr->clock[k];
  uint64_t expirations = 0;
  const ssize_t got = read(c->fd, &expirations, sizeof expirations);
  (void)got;
  if (c->frames == 0) {
    return;
  }
  const uint64_t now_ns = jam_clock_mono_ns();
  unsigned sent = 0;
  while (tick_ns(c, c->ticks + 1) <= now_ns) {
    if (sent == TICK_CATCH_UP) { // far behind (the machine stalled): restart the clock
      ++bcast_room_counters(wr->room)->stream_restarts;
      c->t0_ns = now_ns;
      c->ticks = 0;
      break;
    }
    const BcastNow now = read_clocks();
    bcast_room_stream_tick(wr->room, (BcastStream)k, &now, self->txq);
    self->gso_on ? flush_gso(self, wr) : flush(self, wr);
    ++c->ticks;
    ++sent;
  }
  arm_at(c, tick_ns(c, c->ticks + 1));
}

static void
housekeeping(BcastWorker* const self)
{
  const BcastNow now = read_clocks();
  for (size_t i = 0; i < self->room_count; ++i) {
    WorkerRoom* const wr = &self->rooms[i];
    sync_clocks(wr);
    bcast_room_expire(wr->room, now.mono_us);
    bcast_room_snapshot(wr->room, &now, jam_triple_write_buffer(wr->status));
    jam_triple_publish(wr->status);
  }
}

static void*
worker_main(void* const arg)
{
  BcastWorker* const self = arg;
  struct epoll_event events[32];
  uint64_t next_housekeeping = 0;
  uint64_t last_activity = 0;
  while (!atomic_load_explicit(&self->stop, memory_order_acquire)) {
    const uint64_t mono = jam_clock_mono_us();
    if (mono >= next_housekeeping) {
      housekeeping(self);
      next_housekeeping = mono + BCAST_WORKER_HOUSEKEEPING_US;
    }
    const int max_events = (int)(sizeof events / sizeof events[0]);
    // Optional busy polling: keep checking without sleeping for spin_us after the last datagram,
    // because waking a sleeping thread (an IPI, or a descheduled vCPU) can take far longer than
    // forwarding a packet.
    int n = 0;
    if (self->spin_us && mono < last_activity + self->spin_us) {
      n = epoll_wait(self->epfd, events, max_events, 0);
      if (n == 0) {
        continue;
      }
    } else {
      const int timeout_ms = (int)((next_housekeeping - mono + 999u) / 1000u);
      n = epoll_wait(self->epfd, events, max_events, timeout_ms);
    }
    if (n > 0) {
      last_activity = jam_clock_mono_us();
    }
    for (int i = 0; i < n; ++i) {
      const uint64_t tag = events[i].data.u64;
      if (tag == EV_WAKE) {
        uint64_t value = 0;
        const ssize_t got = read(self->wakefd, &value, sizeof value);
        (void)got;
        continue;
      }
      WorkerRoom* const wr = &self->rooms[tag >> 2];
      const unsigned kind = (unsigned)(tag & 3u);
      if (kind == EV_SOCKET) {
        service_room(self, wr);
        sync_clocks(wr);
      } else {
        on_tick(self, wr, kind - EV_TIMER);
      }
    }
  }
  housekeeping(self); // a last snapshot with the final counters
  return NULL;
}

void
bcast_worker_set_gso(BcastWorker* const self, const int on)
{
  if (!self->started) {
    self->gso_on = on != 0;
  }
}

JamStatus
bcast_worker_start(BcastWorker* const self, const int rt_priority, int* const rt_denied)
{
  *rt_denied = 0;
  if (self->started || self->room_count == 0) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  atomic_store(&self->stop, false);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024); // small: fits a low RLIMIT_MEMLOCK if locked
  if (rt_priority > 0) {
    // Without PTHREAD_EXPLICIT_SCHED the policy would be silently ignored (ecosystem.md §6.4).
    const struct sched_param sp = {.sched_priority = rt_priority};
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
    pthread_attr_setschedparam(&attr, &sp);
  }
  int rc = pthread_create(&self->thread, &attr, worker_main, self);
  if (rc == EPERM && rt_priority > 0) {
    *rt_denied = 1;
    pthread_attr_setinheritsched(&attr, PTHREAD_INHERIT_SCHED);
    rc = pthread_create(&self->thread, &attr, worker_main, self);
  }
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    errno = rc;
    return JAM_ERR_SYSTEM;
  }
  char name[16];
  snprintf(name, sizeof name, "bcast-w%u", self->index);
  pthread_setname_np(self->thread, name);
  self->started = 1;
  return JAM_SUCCESS;
}

void
bcast_worker_stop(BcastWorker* const self)
{
  if (!self->started) {
    return;
  }
  atomic_store_explicit(&self->stop, true, memory_order_release);
  const uint64_t one = 1;
  const ssize_t w = write(self->wakefd, &one, sizeof one);
  (void)w;
  pthread_join(self->thread, NULL);
  self->started = 0;
}

size_t
bcast_worker_room_count(const BcastWorker* const self)
{
  return self->room_count;
}

const BcastRoomStatus*
bcast_worker_room_status(BcastWorker* const self, const size_t i)
{
  return jam_triple_read(self->rooms[i].status, NULL);
}

JamStatus
bcast_worker_next_event(BcastWorker* const self, BcastEvent* const event)
{
  uint32_t type = 0;
  uint32_t size = 0;
  const JamStatus st = jam_spsc_read_msg(self->events, &type, event, sizeof *event, &size);
  if (st == JAM_SUCCESS && size != sizeof *event) {
    return JAM_ERR_EMPTY;
  }
  return st;
}
