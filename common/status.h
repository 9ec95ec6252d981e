// SPDX-License-Identifier: ISC
/// Status codes shared by every rtjam module, and their messages.

#ifndef JAM_STATUS_H
#define JAM_STATUS_H

/// Result of an rtjam operation. JAM_SUCCESS is 0; everything else is an error.
typedef enum {
  JAM_SUCCESS = 0,         ///< no error
  JAM_ERR_SHORT_PACKET,    ///< datagram shorter than the 28-byte header
  JAM_ERR_ODD_LENGTH,      ///< datagram length is odd
  JAM_ERR_LONG_PACKET,     ///< datagram longer than 1024 bytes
  JAM_ERR_TOO_MANY_FRAMES, ///< more frames than fit in one packet (249)
  JAM_ERR_BAD_ARGUMENT,    ///< a parameter is out of range or NULL
  JAM_ERR_NO_MEMORY,       ///< an allocation failed
  JAM_ERR_FULL,            ///< a fixed-size container has no room
  JAM_ERR_EMPTY,           ///< nothing to read
  JAM_ERR_NOT_FOUND,       ///< the named item does not exist
  JAM_ERR_SYSTEM,          ///< a system call failed; see errno
  JAM_ERR_PARSE,           ///< malformed text input (JSON, address, number)
} JamStatus;

/// Returns a constant, human-readable message for a status.
const char*
jam_strerror(JamStatus status);

#endif // JAM_STATUS_H
