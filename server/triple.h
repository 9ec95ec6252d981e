// SPDX-License-Identifier: ISC
/// A lock-free triple buffer: one writer thread publishes whole snapshots, one reader thread
/// takes the newest one. Neither ever waits; the writer never touches the buffer the reader
/// holds. The server's workers publish room snapshots through it to the status writer.

#ifndef BCAST_TRIPLE_H
#define BCAST_TRIPLE_H

#include "rt.h"

#include <stddef.h>

typedef struct BcastTripleImpl BcastTriple;

/// Allocates three zeroed buffers of `size` bytes. @return NULL on failure or size 0
BcastTriple*
bcast_triple_new(size_t size);

/// Frees it; NULL is a no-op. Neither thread may use it any more.
void
bcast_triple_free(BcastTriple* self);

/// The buffer the writer fills next. Writer thread only.
JAM_REALTIME void*
bcast_triple_write_buffer(BcastTriple* self);

/// Publishes the write buffer as the newest snapshot and hands the writer another one.
/// Writer thread only.
JAM_REALTIME void
bcast_triple_publish(BcastTriple* self);

/// The newest published snapshot (or the previous one if nothing new; zeroes before the
/// first publish). It stays untouched by the writer until the next call. Reader thread only.
/// @param fresh  if not NULL, receives 1 if this snapshot was not returned before
JAM_REALTIME const void*
bcast_triple_read(BcastTriple* self, int* fresh);

#endif // BCAST_TRIPLE_H
