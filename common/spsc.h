// SPDX-License-Identifier: ISC
/// Lock-free single-producer single-consumer byte ring on C11 atomics (release/acquire),
/// with all-or-nothing writes and typed messages. One writer thread, one reader thread.
/// Used instead of jack_ringbuffer, which lacks memory fences in Debian 12 (fails on ARM).

#ifndef JAM_SPSC_H
#define JAM_SPSC_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

typedef struct JamSpscImpl JamSpsc;

/// Header of a typed message in the ring; the payload follows it.
typedef struct {
  uint32_t type; ///< message type, defined by the user of the ring
  uint32_t size; ///< payload size in bytes
} JamSpscMsgHeader;

/// Allocates a ring holding at least `capacity` bytes (rounded up to a power of two).
/// Its memory is touched and locked (mlock, best effort) so the audio thread never faults.
/// @return NULL on allocation failure or capacity 0
JamSpsc*
jam_spsc_new(size_t capacity);

/// Frees a ring; NULL is a no-op. Neither thread may use it any more.
void
jam_spsc_free(JamSpsc* self);

/// Bytes the writer can write now.
JAM_REALTIME size_t
jam_spsc_write_space(const JamSpsc* self);

/// Bytes the reader can read now.
JAM_REALTIME size_t
jam_spsc_read_space(const JamSpsc* self);

/// Writes all `size` bytes, or nothing. Writer thread only.
/// @return JAM_ERR_FULL when there is not enough space (the caller counts the drop)
JAM_REALTIME JamStatus
jam_spsc_write(JamSpsc* self, const void* data, size_t size);

/// Copies `size` bytes without consuming them. Reader thread only.
/// @return JAM_ERR_EMPTY when fewer than `size` bytes are available
JAM_REALTIME JamStatus
jam_spsc_peek(const JamSpsc* self, void* data, size_t size);

/// Reads and consumes exactly `size` bytes. Reader thread only.
/// @return JAM_ERR_EMPTY when fewer than `size` bytes are available
JAM_REALTIME JamStatus
jam_spsc_read(JamSpsc* self, void* data, size_t size);

/// Discards `size` readable bytes. Reader thread only.
JAM_REALTIME JamStatus
jam_spsc_skip(JamSpsc* self, size_t size);

/// Writes a typed message (header + payload) as one all-or-nothing transaction.
JAM_REALTIME JamStatus
jam_spsc_write_msg(JamSpsc* self, uint32_t type, const void* payload, uint32_t size);

/// Reads one typed message. A message larger than `cap` is consumed and dropped.
/// @param type receives the message type
/// @param size receives the payload size
/// @return JAM_ERR_EMPTY if no message, JAM_ERR_FULL if it did not fit in `cap` (dropped)
JAM_REALTIME JamStatus
jam_spsc_read_msg(JamSpsc* self, uint32_t* type, void* payload, size_t cap, uint32_t* size);

#endif // JAM_SPSC_H
