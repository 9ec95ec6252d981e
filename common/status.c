// SPDX-License-Identifier: ISC
// Status messages. The switch has no default so -Wswitch-enum flags a new code.

#include "status.h"

const char*
jam_strerror(const JamStatus status)
{
  switch (status) {
  case JAM_SUCCESS:
    return "success";
  case JAM_ERR_SHORT_PACKET:
    return "packet shorter than the 28-byte header";
  case JAM_ERR_ODD_LENGTH:
    return "packet length is odd";
  case JAM_ERR_LONG_PACKET:
    return "packet longer than 1024 bytes";
  case JAM_ERR_TOO_MANY_FRAMES:
    return "too many frames for one packet (at most 249)";
  case JAM_ERR_BAD_ARGUMENT:
    return "invalid argument";
  case JAM_ERR_NO_MEMORY:
    return "out of memory";
  case JAM_ERR_FULL:
    return "no room left";
  case JAM_ERR_EMPTY:
    return "nothing to read";
  case JAM_ERR_NOT_FOUND:
    return "not found";
  case JAM_ERR_SYSTEM:
    return "system call failed";
  case JAM_ERR_PARSE:
    return "malformed input";
  }
  return "unknown status";
}
