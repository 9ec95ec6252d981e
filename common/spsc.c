// SPDX-License-Identifier: ISC
// SPSC byte ring. head and tail are free-running counters (wrapping modulo 2^64-ish size_t);
// the writer owns head, the reader owns tail. The writer copies the data, then publishes head
// with release; the reader observes head with acquire before copying, then publishes tail
// with release so the writer may reuse the space. head and tail sit on separate cache lines.

#include "spsc.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct JamSpscImpl {
  alignas(64) atomic_size_t head; ///< bytes ever written (writer-owned)
  alignas(64) atomic_size_t tail; ///< bytes ever read (reader-owned)
  alignas(64) size_t mask;        ///< capacity - 1; capacity is a power of two
  uint8_t* data;                  ///< capacity bytes
};

JamSpsc*
jam_spsc_new(const size_t capacity)
{
  if (capacity == 0 || capacity > ((size_t)1 << 30)) {
    return NULL;
  }
  size_t size = 1;
  while (size < capacity) {
    size <<= 1;
  }
  JamSpsc* self = aligned_alloc(64, sizeof(JamSpsc));
  if (!self) {
    return NULL;
  }
  self->data = calloc(1, size); // calloc touches nothing; memset below faults the pages in
  if (!self->data) {
    free(self);
    return NULL;
  }
  memset(self->data, 0, size);
  (void)mlock(self->data, size); // best effort: fails harmlessly without RLIMIT_MEMLOCK
  (void)mlock(self, sizeof *self);
  atomic_init(&self->head, 0);
  atomic_init(&self->tail, 0);
  self->mask = size - 1;
  return self;
}

void
jam_spsc_free(JamSpsc* const self)
{
  if (!self) {
    return;
  }
  free(self->data);
  free(self);
}

size_t
jam_spsc_write_space(const JamSpsc* const self)
{
  const size_t head = atomic_load_explicit(&self->head, memory_order_relaxed);
  const size_t tail = atomic_load_explicit(&self->tail, memory_order_acquire);
  return self->mask + 1 - (head - tail);
}

size_t
jam_spsc_read_space(const JamSpsc* const self)
{
  const size_t head = atomic_load_explicit(&self->head, memory_order_acquire);
  const size_t tail = atomic_load_explicit(&self->tail, memory_order_relaxed);
  return head - tail;
}

// Copies size bytes into the ring at logical position pos, wrapping at the end.
static void
copy_in(JamSpsc* const self, const size_t pos, const void* const src, const size_t size)
{
  const size_t start = pos & self->mask;
  const size_t first = (size < self->mask + 1 - start) ? size : self->mask + 1 - start;
  memcpy(self->data + start, src, first);
  memcpy(self->data, (const uint8_t*)src + first, size - first);
}

// Copies size bytes out of the ring from logical position pos, wrapping at the end.
static void
copy_out(const JamSpsc* const self, const size_t pos, void* const dst, const size_t size)
{
  const size_t start = pos & self->mask;
  const size_t first = (size < self->mask + 1 - start) ? size : self->mask + 1 - start;
  memcpy(dst, self->data + start, first);
  memcpy((uint8_t*)dst + first, self->data, size - first);
}

JamStatus
jam_spsc_write(JamSpsc* const self, const void* const data, const size_t size)
{
  if (jam_spsc_write_space(self) < size) {
    return JAM_ERR_FULL;
  }
  const size_t head = atomic_load_explicit(&self->head, memory_order_relaxed);
  copy_in(self, head, data, size);
  atomic_store_explicit(&self->head, head + size, memory_order_release);
  return JAM_SUCCESS;
}

JamStatus
jam_spsc_peek(const JamSpsc* const self, void* const data, const size_t size)
{
  if (jam_spsc_read_space(self) < size) {
    return JAM_ERR_EMPTY;
  }
  copy_out(self, atomic_load_explicit(&self->tail, memory_order_relaxed), data, size);
  return JAM_SUCCESS;
}

JamStatus
jam_spsc_skip(JamSpsc* const self, const size_t size)
{
  if (jam_spsc_read_space(self) < size) {
    return JAM_ERR_EMPTY;
  }
  const size_t tail = atomic_load_explicit(&self->tail, memory_order_relaxed);
  atomic_store_explicit(&self->tail, tail + size, memory_order_release);
  return JAM_SUCCESS;
}

JamStatus
jam_spsc_read(JamSpsc* const self, void* const data, const size_t size)
{
  const JamStatus st = jam_spsc_peek(self, data, size);
  return st == JAM_SUCCESS ? jam_spsc_skip(self, size) : st;
}

JamStatus
jam_spsc_write_msg(JamSpsc* const self, const uint32_t type, const void* const payload,
                   const uint32_t size)
{
  const JamSpscMsgHeader header = {type, size};
  if (jam_spsc_write_space(self) < sizeof header + size) {
    return JAM_ERR_FULL;
  }
  const size_t head = atomic_load_explicit(&self->head, memory_order_relaxed);
  copy_in(self, head, &header, sizeof header);
  copy_in(self, head + sizeof header, payload, size);
  atomic_store_explicit(&self->head, head + sizeof header + size, memory_order_release);
  return JAM_SUCCESS;
}

JamStatus
jam_spsc_read_msg(JamSpsc* const self, uint32_t* const type, void* const payload, const size_t cap,
                  uint32_t* const size)
{
  JamSpscMsgHeader header;
  if (jam_spsc_peek(self, &header, sizeof header) != JAM_SUCCESS) {
    return JAM_ERR_EMPTY;
  }
  // A message is published whole, so once the header is visible its payload is too.
  const size_t tail = atomic_load_explicit(&self->tail, memory_order_relaxed);
  *type = header.type;
  *size = header.size;
  if (header.size > cap) {
    atomic_store_explicit(&self->tail, tail + sizeof header + header.size, memory_order_release);
    return JAM_ERR_FULL;
  }
  copy_out(self, tail + sizeof header, payload, header.size);
  atomic_store_explicit(&self->tail, tail + sizeof header + header.size, memory_order_release);
  return JAM_SUCCESS;
}
