// SPDX-License-Identifier: ISC
// GSO planner: buckets a send queue by destination tag (linked lists through `next`, O(n)), then
// lays each destination's datagrams out as runs of iovecs, one sendmmsg() entry per run.

#include "gso.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NONE        UINT32_MAX  ///< end of a list
#define ORDER_ALONE 0x80000000u ///< order[] entry: an untagged datagram (index in the low bits)

typedef union {
  struct cmsghdr align;                      ///< alignment
  uint8_t buf[CMSG_SPACE(sizeof(uint16_t))]; ///< one UDP_SEGMENT control message
} GsoControl;

struct BcastGsoImpl {
  size_t capacity;      ///< datagrams per plan
  uint32_t tags;        ///< destination tags 0..tags-1 are grouped
  struct mmsghdr* msgs; ///< capacity planned entries
  struct iovec* iov;    ///< capacity iovecs, in planned order
  uint32_t* seg_count;  ///< capacity: datagrams per planned entry
  uint32_t* seg_size;   ///< capacity: bytes of the first datagram of each entry
  uint16_t* dest;       ///< capacity: destination tag of each entry
  GsoControl* control;  ///< capacity control buffers
  uint32_t* next;       ///< capacity: next datagram of the same list
  uint32_t* order;      ///< capacity: tags in first-seen order, or ORDER_ALONE | index
  uint32_t* fwd_head;   ///< tags: first forward to each destination, NONE if none
  uint32_t* fwd_tail;   ///< tags: last forward
  uint32_t* echo_head;  ///< tags: first echo
  uint32_t* echo_tail;  ///< tags: last echo
  uint8_t* seen;        ///< tags: 1 once the destination is in order[]
  struct mmsghdr split[BCAST_GSO_MAX_SEGMENTS]; ///< one planned entry, one datagram each
};

BcastGso*
bcast_gso_new(const size_t capacity, const uint32_t tags)
{
  if (capacity == 0 || tags == 0 || tags > BCAST_TXQ_NO_DEST || capacity >= ORDER_ALONE) {
    return NULL;
  }
  BcastGso* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->capacity = capacity;
  self->tags = tags;
  self->msgs = calloc(capacity, sizeof *self->msgs);
  self->iov = calloc(capacity, sizeof *self->iov);
  self->seg_count = calloc(capacity, sizeof *self->seg_count);
  self->seg_size = calloc(capacity, sizeof *self->seg_size);
  self->dest = calloc(capacity, sizeof *self->dest);
  self->control = calloc(capacity, sizeof *self->control);
  self->next = calloc(capacity, sizeof *self->next);
  self->order = calloc(capacity, sizeof *self->order);
  self->fwd_head = calloc(tags, sizeof *self->fwd_head);
  self->fwd_tail = calloc(tags, sizeof *self->fwd_tail);
  self->echo_head = calloc(tags, sizeof *self->echo_head);
  self->echo_tail = calloc(tags, sizeof *self->echo_tail);
  self->seen = calloc(tags, sizeof *self->seen);
  if (!self->msgs || !self->iov || !self->seg_count || !self->seg_size || !self->dest ||
      !self->control || !self->next || !self->order || !self->fwd_head || !self->fwd_tail ||
      !self->echo_head || !self->echo_tail || !self->seen) {
    bcast_gso_free(self);
    return NULL;
  }
  for (uint32_t t = 0; t < tags; ++t) {
    self->fwd_head[t] = self->fwd_tail[t] = self->echo_head[t] = self->echo_tail[t] = NONE;
  }
  for (size_t m = 0; m < capacity; ++m) {
    struct cmsghdr* const c = (struct cmsghdr*)(void*)self->control[m].buf;
    c->cmsg_level = SOL_UDP;
    c->cmsg_type = UDP_SEGMENT;
    c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
  }
  return self;
}

void
bcast_gso_free(BcastGso* const self)
{
  if (!self) {
    return;
  }
  free(self->msgs);
  free(self->iov);
  free(self->seg_count);
  free(self->seg_size);
  free(self->dest);
  free(self->control);
  free(self->next);
  free(self->order);
  free(self->fwd_head);
  free(self->fwd_tail);
  free(self->echo_head);
  free(self->echo_tail);
  free(self->seen);
  free(self);
}

/// The run being built.
typedef struct {
  size_t msg;    ///< its entry index; valid when open
  size_t bytes;  ///< payload bytes so far
  int open;      ///< 1 while a run is being built
  int closed;    ///< 1 once a shorter last segment ended it
  size_t n_msgs; ///< entries planned so far
  size_t n_iov;  ///< iovecs used so far
} Plan;

static void
finish(BcastGso* const self, Plan* const p)
{
  if (!p->open) {
    return;
  }
  struct msghdr* const h = &self->msgs[p->msg].msg_hdr;
  const uint32_t segs = self->seg_count[p->msg];
  h->msg_iovlen = segs;
  if (segs > 1) {
    struct cmsghdr* const c = (struct cmsghdr*)(void*)self->control[p->msg].buf;
    const uint16_t size = (uint16_t)self->seg_size[p->msg];
    memcpy(CMSG_DATA(c), &size, sizeof size);
    h->msg_control = c;
    h->msg_controllen = sizeof self->control[p->msg].buf;
  } else {
    h->msg_control = NULL;
    h->msg_controllen = 0;
  }
  p->open = 0;
}

static void
start(BcastGso* const self, Plan* const p, const BcastTxq* const q, const size_t i)
{
  const size_t m = p->n_msgs++;
  const size_t len = bcast_txq_len(q, i);
  struct msghdr* const h = &self->msgs[m].msg_hdr;
  const BcastSockaddr* const to = bcast_txq_to(q, i);
  h->msg_name = (void*)(uintptr_t)&to->u; // sendmmsg never writes through it
  h->msg_namelen = to->len;
  h->msg_iov = &self->iov[p->n_iov];
  h->msg_flags = 0;
  self->iov[p->n_iov].iov_base = (void*)(uintptr_t)bcast_txq_buf(q, i);
  self->iov[p->n_iov].iov_len = len;
  ++p->n_iov;
  self->seg_count[m] = 1;
  self->seg_size[m] = (uint32_t)len;
  self->dest[m] = bcast_txq_dest(q, i);
  p->msg = m;
  p->bytes = len;
  p->open = 1;
  p->closed = 0;
}

// Adds datagram i to the open run if it fits the run's rule, else starts a new run with it.
static void
add(BcastGso* const self, Plan* const p, const BcastTxq* const q, const size_t i)
{
  const size_t len = bcast_txq_len(q, i);
  if (p->open && !p->closed && len <= self->seg_size[p->msg] &&
      self->seg_count[p->msg] < BCAST_GSO_MAX_SEGMENTS && p->bytes + len <= BCAST_GSO_MAX_BYTES) {
    self->iov[p->n_iov].iov_base = (void*)(uintptr_t)bcast_txq_buf(q, i);
    self->iov[p->n_iov].iov_len = len;
    ++p->n_iov;
    ++self->seg_count[p->msg];
    p->bytes += len;
    p->closed = len < self->seg_size[p->msg];
    return;
  }
  finish(self, p);
  start(self, p, q, i);
}

size_t
bcast_gso_plan(BcastGso* const self, const BcastTxq* const q)
{
  size_t count = bcast_txq_count(q);
  if (count > self->capacity) {
    count = self->capacity; // cannot happen: the worker sizes both alike
  }
  // 1. Bucket by destination tag, keeping queue order inside each list.
  size_t n_order = 0;
  for (size_t i = 0; i < count; ++i) {
    const uint32_t tag = bcast_txq_dest(q, i);
    self->next[i] = NONE;
    if (tag >= self->tags) {
      self->order[n_order++] = ORDER_ALONE | (uint32_t)i;
      continue;
    }
    if (!self->seen[tag]) {
      self->seen[tag] = 1;
      self->order[n_order++] = tag;
    }
    const int echo = bcast_txq_kind(q, i) == BCAST_TXQ_ECHO;
    uint32_t* const head = echo ? &self->echo_head[tag] : &self->fwd_head[tag];
    uint32_t* const tail = echo ? &self->echo_tail[tag] : &self->fwd_tail[tag];
    if (*tail == NONE) {
      *head = (uint32_t)i;
    } else {
      self->next[*tail] = (uint32_t)i;
    }
    *tail = (uint32_t)i;
  }
  // 2. Lay out the runs, destination by destination; reset the buckets on the way.
  Plan p = {0};
  for (size_t k = 0; k < n_order; ++k) {
    const uint32_t o = self->order[k];
    if (o & ORDER_ALONE) {
      finish(self, &p);
      start(self, &p, q, o & ~ORDER_ALONE);
      finish(self, &p);
      continue;
    }
    finish(self, &p); // a run never spans destinations
    for (uint32_t i = self->fwd_head[o]; i != NONE; i = self->next[i]) {
      add(self, &p, q, i);
    }
    for (uint32_t i = self->echo_head[o]; i != NONE; i = self->next[i]) {
      add(self, &p, q, i);
    }
    finish(self, &p);
    self->fwd_head[o] = self->fwd_tail[o] = self->echo_head[o] = self->echo_tail[o] = NONE;
    self->seen[o] = 0;
  }
  return p.n_msgs;
}

struct mmsghdr*
bcast_gso_msgs(BcastGso* const self)
{
  return self->msgs;
}

size_t
bcast_gso_segments(const BcastGso* const self, const size_t m)
{
  return self->seg_count[m];
}

uint16_t
bcast_gso_dest(const BcastGso* const self, const size_t m)
{
  return self->dest[m];
}

size_t
bcast_gso_segment_size(const BcastGso* const self, const size_t m)
{
  return self->seg_size[m];
}

struct mmsghdr*
bcast_gso_split(BcastGso* const self, const size_t m, size_t* const count)
{
  const struct msghdr* const h = &self->msgs[m].msg_hdr;
  const size_t n = self->seg_count[m];
  for (size_t k = 0; k < n; ++k) {
    struct msghdr* const s = &self->split[k].msg_hdr;
    s->msg_name = h->msg_name;
    s->msg_namelen = h->msg_namelen;
    s->msg_iov = &h->msg_iov[k];
    s->msg_iovlen = 1;
    s->msg_control = NULL;
    s->msg_controllen = 0;
    s->msg_flags = 0;
  }
  *count = n;
  return self->split;
}

int
bcast_gso_probe(const int family, char* const why, const size_t why_cap)
{
  // A temporary loopback socket sends itself two datagrams (100 + 60 bytes) in one GSO send.
  // An AF_INET6 room socket is dual-stack: probe the IPv4-mapped path its IPv4 clients use.
  why[0] = '\0';
  const int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    snprintf(why, why_cap, "socket: %s", strerror(errno));
    return 0;
  }
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  socklen_t len = 0;
  if (family == AF_INET6) {
    struct sockaddr_in6* const a = (struct sockaddr_in6*)&ss;
    a->sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &a->sin6_addr);
    len = sizeof *a;
  } else {
    struct sockaddr_in* const a = (struct sockaddr_in*)&ss;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *a;
  }
  const int off = 0;
  if (family == AF_INET6) {
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  }
  int ok = 0;
  uint8_t payload[160];
  memset(payload, 0x5a, sizeof payload);
  if (bind(fd, (struct sockaddr*)&ss, len) != 0 ||
      getsockname(fd, (struct sockaddr*)&ss, &len) != 0) {
    snprintf(why, why_cap, "bind loopback: %s", strerror(errno));
    goto done;
  }
  if (setsockopt(fd, SOL_UDP, UDP_SEGMENT, &off, sizeof off) != 0) {
    snprintf(why, why_cap, "setsockopt(UDP_SEGMENT): %s", strerror(errno));
    goto done;
  }
  GsoControl control;
  memset(&control, 0, sizeof control);
  struct cmsghdr* const c = (struct cmsghdr*)(void*)control.buf;
  c->cmsg_level = SOL_UDP;
  c->cmsg_type = UDP_SEGMENT;
  c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
  const uint16_t seg = 100;
  memcpy(CMSG_DATA(c), &seg, sizeof seg);
  struct iovec iov = {.iov_base = payload, .iov_len = sizeof payload};
  struct msghdr h = {.msg_name = &ss,
                     .msg_namelen = len,
                     .msg_iov = &iov,
                     .msg_iovlen = 1,
                     .msg_control = control.buf,
                     .msg_controllen = sizeof control.buf};
  if (sendmsg(fd, &h, 0) != (ssize_t)sizeof payload) {
    snprintf(why, why_cap, "sendmsg with UDP_SEGMENT: %s", strerror(errno));
    goto done;
  }
  const size_t expect[2] = {100, 60};
  for (int k = 0; k < 2; ++k) {
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    uint8_t got[256];
    if (poll(&pfd, 1, 500) != 1) {
      snprintf(why, why_cap, "datagram %d of a GSO send did not arrive", k + 1);
      goto done;
    }
    const ssize_t r = recv(fd, got, sizeof got, MSG_DONTWAIT);
    if (r != (ssize_t)expect[k]) {
      snprintf(why, why_cap, "datagram %d of a GSO send: %zd bytes, not %zu", k + 1, r, expect[k]);
      goto done;
    }
  }
  ok = 1;
done:
  close(fd);
  return ok;
}
