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
  uint16_t* dest;           ///< capacity entries: destination tags
  uint8_t* kind;            ///< capacity entries: BcastTxqKind
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
  self->dest = calloc(capacity, sizeof *self->dest);
  self->kind = calloc(capacity, sizeof *self->kind);
  if (!self->msgs || !self->iov || !self->to || !self->dest || !self->kind) {
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
  free(self->dest);
  free(self->kind);
  free(self);
}

JamStatus
bcast_txq_push(BcastTxq* const self, const void* const buf, const size_t len,
               const BcastSockaddr* const to)
{
  return bcast_txq_push_tagged(self, buf, len, to, BCAST_TXQ_NO_DEST, BCAST_TXQ_FORWARD);
}

JamStatus
bcast_txq_push_tagged(BcastTxq* const self, const void* const buf, const size_t len,
                      const BcastSockaddr* const to, const uint16_t dest, const BcastTxqKind kind)
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
  self->dest[i] = dest;
  self->kind[i] = (uint8_t)kind;
  return JAM_SUCCESS;
}

uint16_t
bcast_txq_dest(const BcastTxq* const self, const size_t i)
{
  return self->dest[i];
}

BcastTxqKind
bcast_txq_kind(const BcastTxq* const self, const size_t i)
{
  return (BcastTxqKind)self->kind[i];
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
