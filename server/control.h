// SPDX-License-Identifier: ISC
/// The room commands of rtjam-broadcast (rtjam_rust_spec.md §4.9), as text lines and as §4.9
/// JSON, through one dispatch. A line is answered with one line, "ok ..." or "error: REASON".
/// They come from the control websocket (--control-port, server/control_msg.h) and from the
/// rtjam-nation room.
///
///     [PORT] record | stop | save NAME | delete [NAME] | list | tempo BPM | gettempo | status
///            | play [P%] [NAME] | seek P | pause [on|off] | loop [on|off] | playstatus
///            | mode [mix|separate]
///
/// PORT picks the room (default: the first). The §4.9 numbers: gettempo = 0 GetTempo, tempo = 1
/// SetTempo, record = 2, pause = 3, stop = 4 (ends a playback too), play = 5, list = 6
/// ListFiles, save = 7 SaveRecording, delete = 8 DeleteRecording, loop = 9, mode = 10
/// SwitchRoomMode (pause, loop and mode switch with no argument), seek = 11; playstatus is a
/// line-only extra. The same commands come as §4.9 JSON (bcast_control_parse_json) and go through
/// the same bcast_control_run. Runs on the main thread, never on a room's thread.

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

/// The room commands of §4.9, by their number (`param`).
typedef enum {
  BCAST_CMD_GET_TEMPO = 0,         ///< the room's tempo
  BCAST_CMD_SET_TEMPO = 1,         ///< iValue1 BPM, BCAST_TEMPO_MIN..BCAST_TEMPO_MAX
  BCAST_CMD_RECORD = 2,            ///< start a take
  BCAST_CMD_PAUSE = 3,             ///< pause/resume the playback; sValue "" switches, on, off
  BCAST_CMD_STOP = 4,              ///< stop the take and any playback
  BCAST_CMD_PLAY = 5,              ///< play take sValue ("" = audio.dmp) from iValue1 % (0..100)
  BCAST_CMD_LIST_FILES = 6,        ///< the saved takes
  BCAST_CMD_SAVE_RECORDING = 7,    ///< save the take as sValue
  BCAST_CMD_DELETE_RECORDING = 8,  ///< delete take sValue ("" = the current one)
  BCAST_CMD_LOOP = 9,              ///< loop the playback; sValue "" switches, on, off
  BCAST_CMD_SWITCH_ROOM_MODE = 10, ///< toggle separate/mix; sValue "mix"/"separate" sets
  BCAST_CMD_SEEK = 11,             ///< jump to iValue1 % (0..100) of the take playing
  BCAST_CMD_COUNT,                 ///< number of commands
} BcastCommand;

/// One room command (§4.9 RoomCommandMessage; thread message, fixed size).
typedef struct {
  int param;                           ///< BcastCommand, or -1 when it could not be read
  long port;                           ///< the room's UDP port ("port", an extra), 0: the first
  long ivalue1;                        ///< iValue1 (BPM for SetTempo, % for Play and Seek)
  double fvalue;                       ///< fValue
  char svalue[BCAST_CONTROL_LINE_MAX]; ///< sValue (a take's name; a mode for SwitchRoomMode)
} BcastControlCommand;

/// Runs one command on a room and writes the one-line answer ("ok ..." or "error: REASON",
/// with its newline) to `reply`. @return 0 for "ok", -1 for "error"
int
bcast_control_run(const BcastControlRoom* room, const BcastControlCommand* cmd, char* reply,
                  size_t cap);

/// Reads a §4.9 RoomCommandMessage `{"param":P,"iValue1":I,"fValue":F,"sValue":S}`: param an
/// integer or an integer string (required, 0..11); iValue1 an integer or an integer string (a
/// fractional number is ignored); fValue a number or a numeric string; sValue a string; missing
/// fields are 0 / "". An extra "port" (an integer 1..65535) picks the room on the control
/// websocket. @return 0, or -1 with the reason in `why` (cmd->param is set when it
/// was read)
int
bcast_control_parse_json(const char* text, size_t len, BcastControlCommand* cmd, char* why,
                         size_t why_cap);

/// Executes one command line and writes the one-line answer (with its newline) to `reply`.
/// @return 0 for "ok", -1 for "error"
int
bcast_control_execute(const BcastControlRoom* rooms, size_t count, const char* line, char* reply,
                      size_t cap);

/// The §4.9 command a line names (its first word, after an optional PORT), -1 for none or a
/// line-only extra (status, playstatus).
int
bcast_control_line_param(const char* line);

#endif // BCAST_CONTROL_H
