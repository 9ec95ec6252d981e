// SPDX-License-Identifier: ISC
// The network stage's socket and I/O thread. See link.h for the threading contract.
//
// Requests: non-RT callers write a mailbox under a mutex (never touched by the audio thread);
// the audio thread writes a small SPSC ring. The I/O thread polls the socket with a 20 ms
// timeout, so either kind of request takes effect within about 20 ms.

#include "link.h"

#include "clock.h"
#include "log.h"
#include "spsc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NET_LINK_RX_RING     65536u ///< bytes: about 120 full packets
#define NET_LINK_REQ_RING    4096u  ///< bytes: RT requests
#define NET_LINK_BATCH       16u    ///< datagrams per recvmmsg
#define NET_LINK_POLL_MS     20     ///< ms: request latency bound
#define NET_LINK_RX_PRIORITY 60     ///< SCHED_FIFO priority, below JACK's client threads

struct NetLinkImpl {
  int fd;                ///< the UDP socket
  int family;            ///< AF_INET6 (dual-stack) or AF_INET
  unsigned local_port;   ///< host byte order
  pthread_t thread;      ///< the I/O thread
  atomic_int running;    ///< cleared to stop the thread
  JamSpsc* rx;           ///< I/O thread -> audio thread messages
  JamSpsc* req;          ///< audio thread -> I/O thread requests
  pthread_mutex_t lock;  ///< guards mailbox and has_mail
  NetLinkTarget mailbox; ///< latest non-RT request
  int has_mail;          ///< 1 when mailbox holds an unread request
  NetLinkTarget current; ///< latest request applied (guarded by lock)
  NetLinkRoute route;    ///< current route (I/O thread only)
  int route_pending;     ///< 1 when `route` still has to reach the ring
  atomic_uint_fast64_t received, invalid, foreign, ring_full, resolve_failures;
  NetLinkLogFunc log; ///< message sink, or NULL for jam_log (set before the thread starts)
  void* log_handle;   ///< passed to log
};

// One message to the link's sink (never from the audio thread).
__attribute__((format(printf, 3, 4))) static void
link_log(const NetLink* const self, const JamLogLevel level, const char* const fmt, ...)
{
  char text[512];
  va_list args;
  va_start(args, fmt);
  vsnprintf(text, sizeof text, fmt, args);
  va_end(args);
  if (self->log) {
    self->log(self->log_handle, level, text);
  } else {
    jam_log(level, "%s", text);
  }
}

// Maps an IPv4 address into the socket's IPv6 family when the socket is dual-stack.
static void
to_socket_family(const NetLink* const self, JamUdpAddr* const addr)
{
  if (self->family != AF_INET6 || addr->addr.ss_family != AF_INET) {
    return;
  }
  const struct sockaddr_in v4 = *(const struct sockaddr_in*)&addr->addr;
  struct sockaddr_in6 v6;
  memset(&v6, 0, sizeof v6);
  v6.sin6_family = AF_INET6;
  v6.sin6_port = v4.sin_port;
  v6.sin6_addr.s6_addr[10] = 0xff;
  v6.sin6_addr.s6_addr[11] = 0xff;
  memcpy(&v6.sin6_addr.s6_addr[12], &v4.sin_addr, 4);
  memset(addr, 0, sizeof *addr);
  memcpy(&addr->addr, &v6, sizeof v6);
  addr->len = sizeof v6;
}

static void
apply_target(NetLink* const self, const NetLinkTarget* const target)
{
  NetLinkRoute next = {
      .generation = self->route.generation + 1, .client_id = target->client_id, .target = *target};
  pthread_mutex_lock(&self->lock);
  self->current = *target; // what the plugin saves as its state
  pthread_mutex_unlock(&self->lock);
  char text[JAM_UDP_ADDR_STRLEN];
  if (target->host[0] && !jam_packet_member_id_ok(target->client_id)) {
    link_log(self, JAM_LOG_WARN,
             "rtjam-net: refusing client id %u for room %s:%u: the wire reserves it (40000 marks "
             "an empty slot, 40001 and 40002 are the server's streams); staying disconnected",
             (unsigned)target->client_id, target->host, (unsigned)target->port);
  } else if (target->host[0]) {
    JamUdpAddr addr;
    const int family = self->family == AF_INET6 ? AF_UNSPEC : AF_INET;
    if (jam_udp_resolve(target->host, target->port, family, &addr) != JAM_SUCCESS) {
      atomic_fetch_add(&self->resolve_failures, 1);
      link_log(self, JAM_LOG_WARN, "rtjam-net: cannot resolve room %s:%u; staying disconnected",
               target->host, (unsigned)target->port);
    } else {
      to_socket_family(self, &addr);
      next.server = addr;
      next.connected = 1;
      link_log(self, JAM_LOG_INFO, "rtjam-net: joining room %s (%s) as client %u", target->host,
               jam_udp_addr_format(&addr, text, sizeof text), (unsigned)target->client_id);
    }
  } else {
    link_log(self, JAM_LOG_INFO, "rtjam-net: leaving the room");
  }
  self->route = next;
  self->route_pending = 1;
}

static void
take_requests(NetLink* const self)
{
  NetLinkTarget target;
  int have = 0;
  while (jam_spsc_read(self->req, &target, sizeof target) == JAM_SUCCESS) {
    have = 1; // only the latest matters
  }
  pthread_mutex_lock(&self->lock);
  if (self->has_mail) {
    target = self->mailbox;
    self->has_mail = 0;
    have = 1;
  }
  pthread_mutex_unlock(&self->lock);
  if (have) {
    apply_target(self, &target);
  }
  if (self->route_pending && jam_spsc_write_msg(self->rx, NET_LINK_MSG_ROUTE, &self->route,
                                                sizeof self->route) == JAM_SUCCESS) {
    self->route_pending = 0;
  }
}

static void
receive_batch(NetLink* const self)
{
  static const size_t head = offsetof(NetLinkPacket, data);
  NetLinkPacket pkts[NET_LINK_BATCH];
  struct mmsghdr msgs[NET_LINK_BATCH];
  struct iovec iov[NET_LINK_BATCH];
  JamUdpAddr from[NET_LINK_BATCH] = {0}; // filled by recvmmsg
  for (unsigned i = 0; i < NET_LINK_BATCH; ++i) {
    iov[i] = (struct iovec){pkts[i].data, sizeof pkts[i].data};
    msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_name = &from[i].addr,
                                           .msg_namelen = sizeof from[i].addr,
                                           .msg_iov = &iov[i],
                                           .msg_iovlen = 1}};
  }
  const int n = recvmmsg(self->fd, msgs, NET_LINK_BATCH, MSG_DONTWAIT, NULL);
  if (n <= 0) {
    return;
  }
  const uint64_t now = jam_clock_mono_us();
  for (int i = 0; i < n; ++i) {
    from[i].len = msgs[i].msg_hdr.msg_namelen;
    const size_t len = msgs[i].msg_len;
    if (!self->route.connected || !jam_udp_addr_equal(&from[i], &self->route.server)) {
      atomic_fetch_add(&self->foreign, 1);
      continue;
    }
    if ((msgs[i].msg_hdr.msg_flags & MSG_TRUNC) || jam_packet_validate(len) != JAM_SUCCESS) {
      atomic_fetch_add(&self->invalid, 1);
      continue;
    }
    pkts[i].arrival_us = now;
    pkts[i].len = (uint32_t)len;
    if (jam_spsc_write_msg(self->rx, NET_LINK_MSG_PACKET, &pkts[i], (uint32_t)(head + len)) !=
        JAM_SUCCESS) {
      atomic_fetch_add(&self->ring_full, 1);
    } else {
      atomic_fetch_add(&self->received, 1);
    }
  }
}

static void*
io_thread(void* const arg)
{
  NetLink* self = arg;
  while (atomic_load(&self->running)) {
    take_requests(self);
    struct pollfd pfd = {.fd = self->fd, .events = POLLIN};
    const int ready = poll(&pfd, 1, NET_LINK_POLL_MS);
    if (ready > 0 && (pfd.revents & POLLIN)) {
      receive_batch(self);
    } else if (ready < 0 && errno != EINTR) {
      link_log(self, JAM_LOG_ERROR, "rtjam-net: poll: %s", strerror(errno));
      usleep(NET_LINK_POLL_MS * 1000);
    }
  }
  return NULL;
}

static int
start_thread(NetLink* const self)
{
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024); // small: mlockall-friendly (ecosystem §6.4)
  // RTJAM_NET_RX_FIFO=0 keeps the receive thread normally scheduled (for measuring what
  // SCHED_FIFO buys: docs/net.md, "Under load").
  const char* const fifo = getenv("RTJAM_NET_RX_FIFO");
  if (!fifo || strcmp(fifo, "0") != 0) {
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
    const struct sched_param param = {.sched_priority = NET_LINK_RX_PRIORITY};
    pthread_attr_setschedparam(&attr, &param);
  }
  int rc = pthread_create(&self->thread, &attr, io_thread, self);
  if (rc == EPERM) {
    pthread_attr_setinheritsched(&attr, PTHREAD_INHERIT_SCHED);
    rc = pthread_create(&self->thread, &attr, io_thread, self);
    if (rc == 0) {
      link_log(self, JAM_LOG_DEBUG, "rtjam-net: no real-time priority for the receive thread");
    }
  }
  pthread_attr_destroy(&attr);
  return rc;
}

// The socket's warnings (a failed DSCP mark or buffer size) go to the link's sink.
static void
udp_warn(void* const handle, const char* const message)
{
  link_log(handle, JAM_LOG_WARN, "rtjam-net: %s", message);
}

NetLink*
net_link_new(char* const err, const size_t err_size)
{
  return net_link_new_logged(NULL, NULL, err, err_size);
}

NetLink*
net_link_new_logged(const NetLinkLogFunc log, void* const handle, char* const err,
                    const size_t err_size)
{
  NetLink* self = calloc(1, sizeof *self);
  if (!self) {
    snprintf(err, err_size, "out of memory");
    return NULL;
  }
  self->log = log;
  self->log_handle = handle;
  self->fd = -1;
  pthread_mutex_init(&self->lock, NULL);
  self->rx = jam_spsc_new(NET_LINK_RX_RING);
  self->req = jam_spsc_new(NET_LINK_REQ_RING);
  if (!self->rx || !self->req) {
    snprintf(err, err_size, "out of memory");
    goto fail;
  }
  JamUdpAddr local;
  jam_udp_any(AF_INET6, 0, &local);
  self->family = AF_INET6;
  const JamUdpOptions opts = {.nonblocking = 1,
                              .tos = JAM_UDP_DSCP_EF,
                              .buffer_bytes = 256 * 1024,
                              .warn = udp_warn,
                              .warn_handle = self};
  self->fd = jam_udp_open(&local, &opts, err, err_size);
  if (self->fd < 0) { // no IPv6 on this host: IPv4 only
    jam_udp_any(AF_INET, 0, &local);
    self->family = AF_INET;
    self->fd = jam_udp_open(&local, &opts, err, err_size);
    if (self->fd < 0) {
      goto fail;
    }
  }
  JamUdpAddr bound = {.len = sizeof bound.addr};
  getsockname(self->fd, (struct sockaddr*)&bound.addr, &bound.len);
  self->local_port = jam_udp_addr_port(&bound);
  atomic_init(&self->running, 1);
  const int rc = start_thread(self);
  if (rc != 0) {
    snprintf(err, err_size, "pthread_create(receive thread): %s", strerror(rc));
    goto fail;
  }
  return self;
fail:
  if (self->fd >= 0) {
    close(self->fd);
  }
  jam_spsc_free(self->rx);
  jam_spsc_free(self->req);
  pthread_mutex_destroy(&self->lock);
  free(self);
  return NULL;
}

void
net_link_free(NetLink* const self)
{
  if (!self) {
    return;
  }
  atomic_store(&self->running, 0);
  pthread_join(self->thread, NULL);
  close(self->fd);
  jam_spsc_free(self->rx);
  jam_spsc_free(self->req);
  pthread_mutex_destroy(&self->lock);
  free(self);
}

void
net_link_request(NetLink* const self, const NetLinkTarget* const target)
{
  pthread_mutex_lock(&self->lock);
  self->mailbox = *target;
  self->mailbox.host[NET_LINK_HOST_MAX - 1] = '\0';
  self->has_mail = 1;
  pthread_mutex_unlock(&self->lock);
}

JamStatus
net_link_request_rt(NetLink* const self, const NetLinkTarget* const target)
{
  return jam_spsc_write(self->req, target, sizeof *target);
}

JamStatus
net_link_next(NetLink* const self, NetLinkMsgType* const type, void* const buf, const size_t cap)
{
  uint32_t t = 0;
  uint32_t size = 0;
  const JamStatus st = jam_spsc_read_msg(self->rx, &t, buf, cap, &size);
  *type = (NetLinkMsgType)t;
  return st;
}

JamStatus
net_link_send(NetLink* const self, const NetLinkRoute* const route, const uint8_t* const buf,
              const size_t len)
{
  const ssize_t n = sendto(self->fd, buf, len, MSG_DONTWAIT,
                           (const struct sockaddr*)&route->server.addr, route->server.len);
  return n == (ssize_t)len ? JAM_SUCCESS : JAM_ERR_SYSTEM;
}

void
net_link_target(NetLink* const self, NetLinkTarget* const out)
{
  pthread_mutex_lock(&self->lock);
  *out = self->has_mail ? self->mailbox : self->current;
  pthread_mutex_unlock(&self->lock);
}

void
net_link_counters(const NetLink* const self, NetLinkCounters* const out)
{
  out->received = atomic_load(&self->received);
  out->invalid = atomic_load(&self->invalid);
  out->foreign = atomic_load(&self->foreign);
  out->ring_full = atomic_load(&self->ring_full);
  out->resolve_failures = atomic_load(&self->resolve_failures);
}

unsigned
net_link_local_port(const NetLink* const self)
{
  return self->local_port;
}
