// SPDX-License-Identifier: ISC
// Load generator engine. One thread, one epoll, one connected UDP socket per jammer.
//
// Sending: the engine's jammers are spread evenly over one packet period; send number n is due
// at start + n * period / jammers and goes to jammer n mod jammers, so the whole engine is one
// round-robin schedule with no per-jammer timers. In step (--in-step), the jammers of one room
// send back to back in the same slot, as clients of one JACK server do, and the rooms are spread.
// Each packet carries the sender's CLOCK_REALTIME ns send time in its first 8 audio bytes (the
// server forwards audio untouched).
//
// Receiving: recvmmsg with SO_TIMESTAMPNS. The kernel stamps each forwarded copy when the
// server's send reaches our socket's receive path, so "added delay" = that stamp minus the
// sender's stamp: our send syscall, loopback, the server's wake-up and work, and its send
// syscall. It does not include this process's own scheduling delay before it reads.

#include "engine.h"

#include "packet.h"

#include <errno.h>
#include <stdatomic.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define RX_BATCH 16u    ///< datagrams per recvmmsg
#define RX_GRO   65536u ///< bytes per receive buffer with UDP_GRO (one coalesced GSO send)
#define EVENTS   256u   ///< epoll events per wait

typedef struct {
  int fd;             ///< connected to the room's port
  uint32_t client_id; ///< its id on the wire
  uint32_t seq;       ///< next sequence number
  uint64_t echoed;    ///< ServerTime of the last datagram received (0 at first)
  int joined;         ///< 1 once a forward arrived (it is a member)
} Jammer;

struct LoadgenEngineImpl {
  LoadgenEngineConfig config;       ///< what to simulate
  uint64_t window_end_ns;           ///< the window's end: config's, or earlier on a stop
  _Atomic uint64_t stop_ns;         ///< 0, or when loadgen_engine_stop asked to stop
  _Atomic uint64_t pub_sent;        ///< stats.sent, published for progress reports
  _Atomic uint64_t pub_forwards;    ///< stats.forwards, published for progress reports
  Jammer* jammers;                  ///< rooms * jammers_per_room, room by room
  size_t count;                     ///< jammers
  int epfd;                         ///< epoll over the jammer sockets
  size_t packet_size;               ///< bytes: 28 + 4 * frames
  uint8_t tx[JAM_PACKET_MAX_SIZE];  ///< packet being sent
  struct mmsghdr rx_msgs[RX_BATCH]; ///< recvmmsg vector
  struct iovec rx_iov[RX_BATCH];    ///< one buffer each
  uint8_t* rx_buf;                  ///< RX_BATCH buffers of rx_buf_size bytes
  size_t rx_buf_size;               ///< bytes: 1024, or RX_GRO with --gro
  union {
    struct cmsghdr align;                                                       ///< alignment
    uint8_t buf[CMSG_SPACE(sizeof(struct timespec)) + CMSG_SPACE(sizeof(int))]; ///< timestamp
                                                                                ///< + UDP_GRO
  } rx_ctl[RX_BATCH];                                                           ///< control buffers
  LoadgenStats stats;                                                           ///< results
};

uint64_t
loadgen_now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

LoadgenEngine*
loadgen_engine_new(const LoadgenEngineConfig* const config, char* const err, const size_t err_cap)
{
  LoadgenEngine* self = calloc(1, sizeof *self);
  if (!self) {
    snprintf(err, err_cap, "out of memory");
    return NULL;
  }
  self->config = *config;
  self->window_end_ns = config->window_end_ns;
  atomic_init(&self->stop_ns, 0);
  atomic_init(&self->pub_sent, 0);
  atomic_init(&self->pub_forwards, 0);
  self->count = (size_t)config->rooms * config->jammers_per_room;
  self->packet_size = jam_packet_size(config->frames);
  self->jammers = calloc(self->count, sizeof *self->jammers);
  self->rx_buf_size = config->gro ? RX_GRO : JAM_PACKET_MAX_SIZE;
  self->rx_buf = calloc(RX_BATCH, self->rx_buf_size);
  self->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (!self->jammers || !self->rx_buf || self->epfd < 0) {
    snprintf(err, err_cap, "epoll_create1/calloc: %s", strerror(errno));
    free(self->jammers);
    free(self->rx_buf);
    if (self->epfd >= 0) {
      close(self->epfd);
    }
    free(self);
    return NULL;
  }
  for (size_t i = 0; i < self->count; ++i) {
    self->jammers[i].fd = -1;
  }
  const int family = config->server.ss_family;
  for (size_t i = 0; i < self->count; ++i) {
    Jammer* const j = &self->jammers[i];
    j->client_id = config->first_client_id + (uint32_t)i;
    j->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (j->fd < 0) {
      snprintf(err, err_cap, "socket (jammer %zu): %s", i, strerror(errno));
      loadgen_engine_free(self);
      return NULL;
    }
    const int on = 1;
    const int rcvbuf = 1 << 20;
    setsockopt(j->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
    setsockopt(j->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (config->gro && setsockopt(j->fd, SOL_UDP, UDP_GRO, &on, sizeof on) != 0) {
      snprintf(err, err_cap, "setsockopt(UDP_GRO) (jammer %zu): %s", i, strerror(errno));
      loadgen_engine_free(self);
      return NULL;
    }
    struct sockaddr_storage to = config->server;
    const uint16_t port = (uint16_t)(config->first_port + i / config->jammers_per_room);
    if (family == AF_INET6) {
      ((struct sockaddr_in6*)&to)->sin6_port = htons(port);
    } else {
      ((struct sockaddr_in*)&to)->sin_port = htons(port);
    }
    if (connect(j->fd, (const struct sockaddr*)&to, config->server_len) != 0) {
      snprintf(err, err_cap, "connect (jammer %zu, port %u): %s", i, (unsigned)port,
               strerror(errno));
      loadgen_engine_free(self);
      return NULL;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = i};
    if (epoll_ctl(self->epfd, EPOLL_CTL_ADD, j->fd, &ev) != 0) {
      snprintf(err, err_cap, "epoll_ctl: %s", strerror(errno));
      loadgen_engine_free(self);
      return NULL;
    }
  }
  for (size_t i = 0; i < RX_BATCH; ++i) {
    self->rx_iov[i].iov_base = self->rx_buf + i * self->rx_buf_size;
    self->rx_iov[i].iov_len = self->rx_buf_size;
    self->rx_msgs[i].msg_hdr.msg_iov = &self->rx_iov[i];
    self->rx_msgs[i].msg_hdr.msg_iovlen = 1;
  }
  // Audio: a fixed pattern; the first 8 bytes carry the send time.
  for (size_t i = JAM_PACKET_HEADER_SIZE; i < self->packet_size; ++i) {
    self->tx[i] = (uint8_t)(i * 13u);
  }
  return self;
}

void
loadgen_engine_free(LoadgenEngine* const self)
{
  if (!self) {
    return;
  }
  for (size_t i = 0; i < self->count; ++i) {
    if (self->jammers[i].fd >= 0) {
      close(self->jammers[i].fd);
    }
  }
  if (self->epfd >= 0) {
    close(self->epfd);
  }
  free(self->jammers);
  free(self->rx_buf);
  free(self);
}

void
loadgen_engine_stop(LoadgenEngine* const self, const uint64_t at_ns)
{
  atomic_store_explicit(&self->stop_ns, at_ns ? at_ns : 1u, memory_order_relaxed);
}

void
loadgen_engine_progress(LoadgenEngine* const self, uint64_t* const sent, uint64_t* const forwards)
{
  *sent = atomic_load_explicit(&self->pub_sent, memory_order_relaxed);
  *forwards = atomic_load_explicit(&self->pub_forwards, memory_order_relaxed);
}

const LoadgenStats*
loadgen_engine_stats(const LoadgenEngine* const self)
{
  return &self->stats;
}

static void
send_packet(LoadgenEngine* const self, Jammer* const j)
{
  uint8_t* const p = self->tx;
  const uint64_t now_ns = loadgen_now_ns();
  const JamPacketHeader h = {
      .num_audio_chunks = (uint8_t)(self->packet_size / JAM_PACKET_CHUNK_BYTES),
      .server_time = j->echoed,
      .client_time = now_ns / 1000u,
      .client_id = j->client_id,
      .sequence = j->seq++,
  };
  jam_packet_header_write(&h, p);
  jam_packet_put_u64(p, JAM_PACKET_HEADER_SIZE, now_ns);
  if (send(j->fd, p, self->packet_size, MSG_DONTWAIT) < 0) {
    ++self->stats.send_errors;
    return;
  }
  ++self->stats.sent;
  if (now_ns >= self->config.window_start_ns && now_ns < self->window_end_ns) {
    ++self->stats.sent_window;
  }
}

// Accounts one datagram (one segment of a GRO buffer) received by jammer j at rx_ns.
static void
account(LoadgenEngine* const self, Jammer* const j, const uint8_t* const d, const size_t len,
        const uint64_t rx_ns)
{
  const uint32_t first_id = self->config.first_client_id;
  LoadgenStats* const st = &self->stats;
  if (len < JAM_PACKET_HEADER_SIZE) {
    ++st->foreign;
    return;
  }
  j->echoed = jam_packet_get_u64(d, JAM_PACKET_OFF_SERVER_TIME); // as a real client does
  if (len == JAM_PACKET_HEADER_SIZE) {
    ++st->echoes;
    return;
  }
  const uint32_t sender = jam_packet_get_u32(d, JAM_PACKET_OFF_CLIENT_ID);
  if (self->config.mix && sender == JAM_PACKET_MIX_ID && len == jam_packet_size(128)) {
    ++st->forwards;
    j->joined = 1;
    const uint64_t stamp_ns = jam_packet_get_u64(d, JAM_PACKET_OFF_SERVER_TIME) * 1000u;
    if (rx_ns < self->config.window_start_ns || rx_ns >= self->window_end_ns) {
      return;
    }
    ++st->forwards_window;
    const uint64_t delay_us = rx_ns > stamp_ns ? (rx_ns - stamp_ns) / 1000u : 0;
    if (delay_us < LOADGEN_HIST_US) {
      ++st->hist[delay_us];
    } else {
      ++st->hist_over;
    }
    return;
  }
  if (len != self->packet_size || sender < first_id || sender - first_id >= self->count) {
    ++st->foreign;
    return;
  }
  ++st->forwards;
  j->joined = 1;
  const uint64_t sent_ns = jam_packet_get_u64(d, JAM_PACKET_HEADER_SIZE);
  if (sent_ns < self->config.window_start_ns || sent_ns >= self->window_end_ns) {
    return;
  }
  ++st->forwards_window;
  const uint64_t delay_us = rx_ns > sent_ns ? (rx_ns - sent_ns) / 1000u : 0;
  if (delay_us < LOADGEN_HIST_US) {
    ++st->hist[delay_us];
  } else {
    ++st->hist_over;
  }
}

// Reads one batch from a jammer's socket. With UDP_GRO a buffer may hold several datagrams of
// `gso_size` bytes (the last one shorter), which share one receive timestamp. @return buffers read
static int
receive_from(LoadgenEngine* const self, Jammer* const j)
{
  for (size_t i = 0; i < RX_BATCH; ++i) {
    self->rx_msgs[i].msg_hdr.msg_control = self->rx_ctl[i].buf;
    self->rx_msgs[i].msg_hdr.msg_controllen = sizeof self->rx_ctl[i].buf;
    self->rx_msgs[i].msg_hdr.msg_flags = 0;
  }
  const int n = recvmmsg(j->fd, self->rx_msgs, RX_BATCH, MSG_DONTWAIT, NULL);
  if (n <= 0) {
    return 0;
  }
  for (int i = 0; i < n; ++i) {
    const size_t len = self->rx_msgs[i].msg_len;
    const uint8_t* const d = self->rx_iov[i].iov_base;
    uint64_t rx_ns = 0;
    size_t seg = len;
    struct msghdr* const h = &self->rx_msgs[i].msg_hdr;
    for (struct cmsghdr* c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        struct timespec ts;
        memcpy(&ts, CMSG_DATA(c), sizeof ts);
        rx_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
      } else if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
        int gso_size = 0;
        memcpy(&gso_size, CMSG_DATA(c), sizeof gso_size);
        if (gso_size > 0 && (size_t)gso_size < len) {
          seg = (size_t)gso_size;
        }
      }
    }
    if (!rx_ns) {
      rx_ns = loadgen_now_ns();
    }
    if (seg < len) {
      ++self->stats.gro_buffers;
    }
    for (size_t off = 0; off < len; off += seg) {
      account(self, j, d + off, len - off < seg ? len - off : seg, rx_ns);
    }
  }
  return n;
}

// Sweep mode: sleeps until the next sweep (or `until`), then drains every socket that has data.
// The ready sockets come from epoll_wait with a zero timeout: no thread ever waits in epoll, so
// the server's sends wake nobody up, and a sweep costs one system call plus one per socket
// with data, not one per socket.
static void
sweep_receive(LoadgenEngine* const self, const uint64_t until_ns, uint64_t* const next_sweep)
{
  const uint64_t wake = *next_sweep < until_ns ? *next_sweep : until_ns;
  const uint64_t now = loadgen_now_ns();
  if (wake > now) {
    const struct timespec ts = {.tv_sec = (time_t)(wake / 1000000000u),
                                .tv_nsec = (long)(wake % 1000000000u)};
    clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL);
  }
  if (loadgen_now_ns() < *next_sweep) {
    return;
  }
  struct epoll_event events[EVENTS];
  int n = 0;
  do {
    n = epoll_wait(self->epfd, events, (int)EVENTS, 0);
    for (int i = 0; i < n; ++i) {
      Jammer* const j = &self->jammers[events[i].data.u64];
      while (receive_from(self, j) == (int)RX_BATCH) {
      }
    }
  } while (n == (int)EVENTS);
  *next_sweep += self->config.sweep_ns;
  const uint64_t after = loadgen_now_ns();
  if (*next_sweep < after) {
    *next_sweep = after; // fell behind: sweep again as soon as the sends are done
  }
}

static void
poll_receive(LoadgenEngine* const self, const uint64_t timeout_ns)
{
  struct epoll_event events[EVENTS];
  const struct timespec ts = {.tv_sec = (time_t)(timeout_ns / 1000000000u),
                              .tv_nsec = (long)(timeout_ns % 1000000000u)};
  const int n = epoll_pwait2(self->epfd, events, (int)EVENTS, &ts, NULL);
  for (int i = 0; i < n; ++i) {
    receive_from(self, &self->jammers[events[i].data.u64]);
  }
}

void
loadgen_engine_run(LoadgenEngine* const self)
{
  const LoadgenEngineConfig* const c = &self->config;
  // ns per send slot, kept exact: slot n is due at start + n * frames * 1e9 / (48000 * count).
  // In step (c->in_step): the jammers of a room share a slot, so slot n / jammers_per_room is
  // due at start + (n / jammers_per_room) * frames * 1e9 / (48000 * rooms).
  const uint64_t num = (uint64_t)c->frames * 1000000000u;
  const uint64_t group = c->in_step ? c->jammers_per_room : 1u;
  const uint64_t den = (uint64_t)JAM_PACKET_SAMPLE_RATE * (self->count / group);
  uint64_t n = 0;
  int counted_joined = 0;
  uint64_t next_sweep = c->start_ns;
  for (;;) {
    const uint64_t now = loadgen_now_ns();
    atomic_store_explicit(&self->pub_sent, self->stats.sent, memory_order_relaxed);
    atomic_store_explicit(&self->pub_forwards, self->stats.forwards, memory_order_relaxed);
    const uint64_t stop = atomic_load_explicit(&self->stop_ns, memory_order_relaxed);
    if (stop && stop < self->window_end_ns) {
      self->window_end_ns = stop; // the window ends here: later sends and forwards are not in it
    }
    if (now >= self->window_end_ns) {
      if (!counted_joined) { // stopped in the warm-up: who had joined by then
        for (size_t i = 0; i < self->count; ++i) {
          self->stats.joined += (uint64_t)self->jammers[i].joined;
        }
      }
      break;
    }
    if (!counted_joined && now >= c->window_start_ns) {
      for (size_t i = 0; i < self->count; ++i) {
        self->stats.joined += (uint64_t)self->jammers[i].joined;
      }
      counted_joined = 1;
    }
    uint64_t due = c->start_ns + (n / group) * num / den;
    // Sends due within the quantum go now, a little early, instead of one sleep each: every
    // clock_nanosleep arms a timer, which costs a VM exit under KVM (see --quantum-us).
    while (due <= now + c->quantum_ns) {
      if (now > due && now - due > self->stats.late_ns_max && now >= c->window_start_ns) {
        self->stats.late_ns_max = now - due;
      }
      send_packet(self, &self->jammers[n % self->count]);
      ++n;
      due = c->start_ns + (n / group) * num / den;
    }
    if (c->sweep_ns) {
      sweep_receive(self, due, &next_sweep);
    } else {
      poll_receive(self, due - now);
    }
  }
  const uint64_t drain_end = self->window_end_ns + c->drain_ns;
  for (;;) {
    const uint64_t now = loadgen_now_ns();
    if (now >= drain_end) {
      break;
    }
    if (c->sweep_ns) {
      sweep_receive(self, drain_end, &next_sweep);
    } else {
      poll_receive(self, drain_end - now);
    }
  }
}
