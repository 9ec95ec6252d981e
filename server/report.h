// SPDX-License-Identifier: ISC
/// The JSON status document of rtjam-broadcast (format in docs/server.md), built from room
/// snapshots, and its atomic publication to a file (write a temporary file, then rename).

#ifndef BCAST_REPORT_H
#define BCAST_REPORT_H

#include "room.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/// What goes into one status document.
typedef struct {
  const BcastRoomStatus* const* rooms; ///< room_count snapshots
  size_t room_count;                   ///< rooms
  uint64_t wall_us;                    ///< µs since the epoch, when written
  double uptime_s;                     ///< seconds since start
  unsigned threads;                    ///< worker threads
  const char* version;                 ///< program version
} BcastReport;

/// Prints the document (one JSON object, then a newline).
/// @return JAM_ERR_SYSTEM if writing failed
JamStatus
bcast_report_print(FILE* out, const BcastReport* report);

/// Writes the document to `path` atomically: readers see the old or the new file, never a part.
/// @param err  receives e.g. "rename /x.tmp -> /x: Permission denied" on failure
/// @return JAM_ERR_SYSTEM on failure
JamStatus
bcast_report_write_file(const char* path, const BcastReport* report, char* err, size_t err_cap);

/// Checks at start that the status file can be written: its directory exists, is a directory,
/// and takes a file (the temporary file is created once and removed).
/// @param err  receives e.g. "directory /run/rtjam does not exist (create it: mkdir -p
///             /run/rtjam)" on failure
/// @return JAM_ERR_SYSTEM when it cannot be written, JAM_ERR_BAD_ARGUMENT for a path too long
JamStatus
bcast_report_check_path(const char* path, char* err, size_t err_cap);

#endif // BCAST_REPORT_H
