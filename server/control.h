// SPDX-License-Identifier: ISC
/// The local control channel of rtjam-broadcast: room commands (rtjam_rust_spec.md §4.9) as
/// text lines on a TCP port bound to 127.0.0.1 (--control-port). One connection carries one
/// command line; the server answers one line, "ok ..." or "error: REASON", and closes.
///
///     [PORT] record | stop | save NAME | delete [NAME] | list | tempo BPM | gettempo | status
///            | play [P%] [NAME] | seek P | playstatus | mode [mix|separate]
///
/// PORT picks the room (default: the first). The §4.9 numbers: gettempo = 0 GetTempo, tempo =
/// 1 SetTempo, record = 2, stop = 4 (ends a playback too), play = 5, list = 6 ListFiles,
/// save = 7 SaveRecording, delete = 8 DeleteRecording, mode = 10 SwitchRoomMode (a toggle with
/// no argument), seek = 11. 3 Pause and 9 Loop are refused as not implemented. Runs on the main
/// thread, never on a room's thread.

#ifndef BCAST_CONTROL_H
#define BCAST_CONTROL_H

#include "playout.h"
#include "recorder.h"
#include "room.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_CONTROL_LINE_MAX 512u ///< bytes of a command line

/// One room as the control channel sees it.
typedef struct {
  uint16_t port;           ///< the room's UDP port
  BcastRoom* room;         ///< for the tempo
  BcastRecorder* recorder; ///< NULL without --record-dir
  BcastPlayout* playout;   ///< NULL without --record-dir
} BcastControlRoom;

/// Executes one command line and writes the one-line answer (with its newline) to `reply`.
/// @return 0 for "ok", -1 for "error"
int
bcast_control_execute(const BcastControlRoom* rooms, size_t count, const char* line, char* reply,
                      size_t cap);

/// Opens the listening socket on 127.0.0.1:port. @return the fd, or -1 with `err`
int
bcast_control_listen(uint16_t port, char* err, size_t err_cap);

/// Serves the connections waiting on `listen_fd` (non-blocking accept): one line each, read
/// with a 1 s timeout, answered, closed. Logs each command and its answer.
void
bcast_control_serve(int listen_fd, const BcastControlRoom* rooms, size_t count);

#endif // BCAST_CONTROL_H
