// SPDX-License-Identifier: ISC
// Send queue: parallel arrays of mmsghdr, iovec and destination pointers, allocated once.

#include "txq.h"

#include <stdlib.h>
#include <string.h>

struct BcastTxqImpl {
  size_t capacity;          ///< entries
  size_t count;             ///< entries in use
  struct mmsghdr* msgs;     ///< capacity entries, msg_iov -> iov[i]
  struct iovec* iov;        ///< capacity entries
  const BcastSockaddr** to; ///< capacity entries
};

BcastTxq*
bcast_txq_new(const size_t capacity)
{
  if (capacity == 0) {
    return NULL;
  }
  BcastTxq* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->msgs = calloc(capacity, sizeof *self->msgs);
  self->iov = calloc(capacity, sizeof *self->iov);
  self->to = calloc(capacity, sizeof *self->to);
  if (!self->msgs || !self->iov || !self->to) {
    bcast_txq_free(self);
    return NULL;
  }
  self->capacity = capacity;
  for (size_t i = 0; i < capacity; ++i) {
    self->msgs[i].msg_hdr.msg_iov = &self->iov[i];
    self->msgs[i].msg_hdr.msg_iovlen = 1;
  }
  return self;
}

void
bcast_txq_free(BcastTxq* const self)
{
  if (!self) {
    return;
  }
  free(self->msgs);
  free(self->iov);
  free(self->to);
  free(self);
}

JamStatus
bcast_txq_push(BcastTxq* const self, const void* const buf, const size_t len,
               const BcastSockaddr* const to)
{
  if (self->count == self->capacity) {
    return JAM_ERR_FULL;
  }
  const size_t i = self->count++;
  // sendmmsg takes non-const pointers but never writes through them.
  self->iov[i].iov_base = (void*)(uintptr_t)buf;
  self->iov[i].iov_len = len;
  struct msghdr* const h = &self->msgs[i].msg_hdr;
  h->msg_name = (void*)(uintptr_t)&to->u;
  h->msg_namelen = to->len;
  h->msg_control = NULL;
  h->msg_controllen = 0;
  h->msg_flags = 0;
  self->to[i] = to;
  return JAM_SUCCESS;
}

size_t
bcast_txq_count(const BcastTxq* const self)
{
  return self->count;
}

size_t
bcast_txq_space(const BcastTxq* const self)
{
  return self->capacity - self->count;
}

struct mmsghdr*
bcast_txq_msgs(BcastTxq* const self)
{
  return self->msgs;
}

size_t
bcast_txq_len(const BcastTxq* const self, const size_t i)
{
  return self->iov[i].iov_len;
}

const void*
bcast_txq_buf(const BcastTxq* const self, const size_t i)
{
  return self->iov[i].iov_base;
}

const BcastSockaddr*
bcast_txq_to(const BcastTxq* const self, const size_t i)
{
  return self->to[i];
}

void
bcast_txq_clear(BcastTxq* const self)
{
  self->count = 0;
}
