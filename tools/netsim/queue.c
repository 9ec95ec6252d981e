// SPDX-License-Identifier: ISC
// Pending datagrams: a pool of packets plus a heap of pointers into it, keyed by
// (release, order). Free pool slots are kept on a stack.

#include "queue.h"

#include <stdlib.h>

struct NetsimQueueImpl {
  NetsimPacket* pool;  ///< capacity packets
  NetsimPacket** heap; ///< size entries, heap-ordered
  NetsimPacket** free; ///< nfree entries
  size_t capacity;     ///< packets
  size_t size;         ///< packets in the heap
  size_t nfree;        ///< free pool slots
  uint64_t next_order; ///< arrival counter
};

NetsimQueue*
netsim_queue_new(const size_t capacity)
{
  NetsimQueue* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->pool = calloc(capacity, sizeof *self->pool);
  self->heap = calloc(capacity, sizeof *self->heap);
  self->free = calloc(capacity, sizeof *self->free);
  if (!self->pool || !self->heap || !self->free) {
    netsim_queue_free(self);
    return NULL;
  }
  self->capacity = capacity;
  // Touch every page of the pool now: the relay's memory is then all resident from the start
  // (no page faults on the packet path, and a flat RSS when the queue first runs deep).
  for (size_t off = 0; off < capacity * sizeof *self->pool; off += 4096) {
    ((volatile unsigned char*)self->pool)[off] = 0;
  }
  for (size_t i = 0; i < capacity; ++i) {
    self->free[i] = &self->pool[capacity - 1 - i];
  }
  self->nfree = capacity;
  return self;
}

void
netsim_queue_free(NetsimQueue* const self)
{
  if (!self) {
    return;
  }
  free(self->pool);
  free(self->heap);
  free(self->free);
  free(self);
}

static int
earlier(const NetsimPacket* const a, const NetsimPacket* const b)
{
  return a->release < b->release || (a->release == b->release && a->order < b->order);
}

NetsimPacket*
netsim_queue_slot(NetsimQueue* const self)
{
  return self->nfree ? self->free[self->nfree - 1] : NULL;
}

void
netsim_queue_push(NetsimQueue* const self)
{
  NetsimPacket* p = self->free[--self->nfree];
  p->order = self->next_order++;
  size_t i = self->size++;
  while (i > 0) {
    const size_t parent = (i - 1) / 2;
    if (!earlier(p, self->heap[parent])) {
      break;
    }
    self->heap[i] = self->heap[parent];
    i = parent;
  }
  self->heap[i] = p;
}

const NetsimPacket*
netsim_queue_peek(const NetsimQueue* const self)
{
  return self->size ? self->heap[0] : NULL;
}

void
netsim_queue_pop(NetsimQueue* const self)
{
  if (!self->size) {
    return;
  }
  self->free[self->nfree++] = self->heap[0];
  NetsimPacket* last = self->heap[--self->size];
  size_t i = 0;
  for (;;) {
    size_t child = 2 * i + 1;
    if (child >= self->size) {
      break;
    }
    if (child + 1 < self->size && earlier(self->heap[child + 1], self->heap[child])) {
      ++child;
    }
    if (!earlier(self->heap[child], last)) {
      break;
    }
    self->heap[i] = self->heap[child];
    i = child;
  }
  if (self->size) {
    self->heap[i] = last;
  }
}

size_t
netsim_queue_size(const NetsimQueue* const self)
{
  return self->size;
}
