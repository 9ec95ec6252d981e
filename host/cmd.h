// SPDX-License-Identifier: ISC
/// The rtjam command set of the sound unit (rtjam_rust_spec.md §5.7): parsing a
/// `{"param":N,"iValue1":..,"iValue2":..,"fValue":..,"sValue":".."}` message with the rules of
/// §4.9, and the list of commands the host refuses.

#ifndef HOST_CMD_H
#define HOST_CMD_H

#include "status.h"

#include <stddef.h>
#include <stdint.h>

/// Command numbers (JamParam), the ones the host knows by name.
typedef enum {
  HOST_CMD_MASTER_VOL = 14,            ///< fValue = master gain, dB
  HOST_CMD_ROOM_CHANGE = 21,           ///< sValue host, iValue1 port, iValue2 client id
  HOST_CMD_DISCONNECT = 22,            ///< leave the room
  HOST_CMD_GET_CONFIG_JSON = 27,       ///< reply pedalInfo
  HOST_CMD_SET_EFFECT_CONFIG = 28,     ///< iValue1 board, iValue2 pedal, sValue {"name","value"}
  HOST_CMD_INSERT_PEDAL = 29,          ///< iValue1 board, sValue name, iValue2 position
  HOST_CMD_DELETE_PEDAL = 30,          ///< iValue1 board, iValue2 index
  HOST_CMD_MOVE_PEDAL = 31,            ///< iValue1 board, iValue2 from, round(fValue) to
  HOST_CMD_LOAD_BOARD = 32,            ///< iValue1 channel, sValue board JSON
  HOST_CMD_TUNE_CHANNEL = 33,          ///< iValue1 channel, iValue2 == 1 to enable
  HOST_CMD_SET_FADER = 35,             ///< iValue1 channel, fValue pan −1..1
  HOST_CMD_MUTE_TO_ROOM = 36,          ///< iValue1 input (0/1), iValue2 == 1 mutes
  HOST_CMD_KEEP_ALIVE = 37,            ///< resets the idle-disconnect timer
  HOST_CMD_CHANNEL_MUTE = 39,          ///< iValue1 channel, iValue2 == 1 mutes
  HOST_CMD_CHANNEL_GAIN = 40,          ///< iValue1 channel, fValue dB
  HOST_CMD_METRONOME_GAIN = 41,        ///< fValue dB
  HOST_CMD_METRONOME_MUTE = 42,        ///< iValue1 == 1 mutes
  HOST_CMD_SET_AUDIO_INPUT = 1000,     ///< refused: writes a file
  HOST_CMD_SET_AUDIO_OUTPUT = 1001,    ///< refused: writes a file
  HOST_CMD_LIST_AUDIO_CONFIG = 1002,   ///< refused: runs aplay
  HOST_CMD_CHECK_FOR_UPDATE = 1003,    ///< refused: exits the process
  HOST_CMD_RANDOM_COMMAND = 1004,      ///< refused: remote command execution
  HOST_CMD_GET_PEDAL_TYPES = 1005,     ///< reply pedalTypes
  HOST_CMD_SET_UPDATE_INTERVAL = 1006, ///< iValue1 ms, clamped to 150..2000
  HOST_CMD_REBOOT_DEVICE = 9998,       ///< refused
  HOST_CMD_SHUTDOWN_DEVICE = 9999,     ///< refused: exits the process
  HOST_CMD_STOP_AUDIO = 10000,         ///< refused
} HostCmdParam;

#define HOST_CMD_SVALUE_MAX 16384 ///< bytes: the longest sValue kept (a board document)

/// One parsed command. Missing fields are 0 / 0.0 / "".
typedef struct {
  int32_t param;   ///< command number
  int64_t ivalue1; ///< iValue1 (a float value is ignored and leaves 0)
  int64_t ivalue2; ///< iValue2 (as iValue1)
  double fvalue;   ///< fValue
  char* svalue;    ///< sValue, NUL-terminated, owned (free with host_cmd_clear)
} HostCmd;

/// Parses a command. A chat wrapper `{"message":"<command JSON>"}` is unwrapped first.
/// @param text  JSON text, `len` bytes, need not be NUL-terminated
/// @return JAM_ERR_PARSE for invalid JSON, a missing or non-integer param, or a bad integer
///         string in iValue1/iValue2; JAM_ERR_NO_MEMORY
JamStatus
host_cmd_parse(const char* text, size_t len, HostCmd* cmd);

/// Frees the command's sValue; the command is reset to all zeros.
void
host_cmd_clear(HostCmd* cmd);

/// Why the host refuses a command, or NULL when it accepts it.
const char*
host_cmd_refusal(int32_t param);

/// Clamps an update interval to the spec's range: 150..2000 ms, negative -> 2000.
int
host_cmd_update_interval_ms(int64_t requested);

#endif // HOST_CMD_H
