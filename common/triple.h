// SPDX-License-Identifier: ISC
/// A lock-free triple buffer: one writer thread publishes whole snapshots, one reader thread
/// takes the newest one. Neither ever waits; the writer never touches the buffer the reader
/// holds. The server's workers publish room snapshots through it to the status writer; rtjam-net
/// publishes its pending room through it to LV2 state save().

#ifndef JAM_TRIPLE_H
#define JAM_TRIPLE_H

#include "rt.h"

#include <stddef.h>

typedef struct JamTripleImpl JamTriple;

/// Allocates three zeroed buffers of `size` bytes. @return NULL on failure or size 0
JamTriple*
jam_triple_new(size_t size);

/// Frees it; NULL is a no-op. Neither thread may use it any more.
void
jam_triple_free(JamTriple* self);

/// The buffer the writer fills next. Writer thread only.
JAM_REALTIME void*
jam_triple_write_buffer(JamTriple* self);

/// Publishes the write buffer as the newest snapshot and hands the writer another one.
/// Writer thread only.
JAM_REALTIME void
jam_triple_publish(JamTriple* self);

/// The newest published snapshot (or the previous one if nothing new; zeroes before the
/// first publish). It stays untouched by the writer until the next call. Reader thread only.
/// @param fresh  if not NULL, receives 1 if this snapshot was not returned before
JAM_REALTIME const void*
jam_triple_read(JamTriple* self, int* fresh);

#endif // JAM_TRIPLE_H
