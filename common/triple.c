// SPDX-License-Identifier: ISC
// Triple buffer. Three slots: the writer owns one, the reader owns one, and the third ("middle")
// is exchanged atomically. `middle` holds the slot index plus a FRESH bit set by publish and
// cleared when the reader takes it. acq_rel on the exchanges orders the writer's stores to the
// slot before the reader's loads from it.

#include "triple.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define FRESH 4u
#define INDEX 3u

struct JamTripleImpl {
  alignas(64) atomic_uint middle; ///< index of the shared slot | FRESH
  alignas(64) unsigned write;     ///< writer's slot (writer-owned)
  alignas(64) unsigned read;      ///< reader's slot (reader-owned)
  size_t size;                    ///< bytes per slot
  unsigned char* slots[3];        ///< size bytes each
};

JamTriple*
jam_triple_new(const size_t size)
{
  if (size == 0) {
    return NULL;
  }
  JamTriple* self = aligned_alloc(64, sizeof(JamTriple));
  if (!self) {
    return NULL;
  }
  memset(self, 0, sizeof *self);
  for (int i = 0; i < 3; ++i) {
    self->slots[i] = calloc(1, size);
    if (!self->slots[i]) {
      jam_triple_free(self);
      return NULL;
    }
  }
  self->size = size;
  self->write = 0;
  atomic_init(&self->middle, 1u);
  self->read = 2;
  return self;
}

void
jam_triple_free(JamTriple* const self)
{
  if (!self) {
    return;
  }
  for (int i = 0; i < 3; ++i) {
    free(self->slots[i]);
  }
  free(self);
}

void*
jam_triple_write_buffer(JamTriple* const self)
{
  return self->slots[self->write];
}

void
jam_triple_publish(JamTriple* const self)
{
  const unsigned old =
      atomic_exchange_explicit(&self->middle, self->write | FRESH, memory_order_acq_rel);
  self->write = old & INDEX;
}

const void*
jam_triple_read(JamTriple* const self, int* const fresh)
{
  int got = 0;
  if (atomic_load_explicit(&self->middle, memory_order_relaxed) & FRESH) {
    const unsigned old = atomic_exchange_explicit(&self->middle, self->read, memory_order_acq_rel);
    self->read = old & INDEX;
    got = 1;
  }
  if (fresh) {
    *fresh = got;
  }
  return self->slots[self->read];
}
