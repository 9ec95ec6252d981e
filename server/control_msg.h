// SPDX-License-Identifier: ISC
/// One message of rtjam-broadcast's control websocket (--control-port) and its answer, for the
/// one client that sent it. Two kinds of message run through the same dispatch as the
/// rtjam-nation room's commands (server/control.h):
///
///   - a text line, the operator's syntax `[PORT] COMMAND [ARG]` (record, stop, save NAME, ...,
///     status): answered with its one line, `ok ...` or `error: REASON` (no newline);
///   - a §4.9 RoomCommandMessage `{"param":P,"iValue1":I,"fValue":F,"sValue":S}` (a message
///     opening with `{`, with an optional "port" picking the room): answered with
///     `{"speaker":"RoomChatRobot","answer":{"param":P,"reply":"..."}}`, or refused with
///     `{"speaker":"RoomChatRobot","refused":{"param":P,"reason":"..."}}`, the nation's shape.
///
/// A message holds one command: a line followed by more text, or a NUL byte, is refused.
/// Pure: no I/O, no logging (the caller logs). Runs on the main thread.

#ifndef BCAST_CONTROL_MSG_H
#define BCAST_CONTROL_MSG_H

#include "control.h"

#include <stddef.h>

#define BCAST_CONTROL_CLIENTS 8u    ///< control websocket clients at once; the next is closed
#define BCAST_CONTROL_MESSAGE 4096u ///< bytes: its longest message; a longer one closes it
#define BCAST_CONTROL_OUT     (256u << 10) ///< bytes queued per client; the oldest go first

/// What a control message did.
typedef struct {
  int ok;    ///< 1: the command ran ("ok"), 0: refused
  int json;  ///< 1: it was a JSON command (the answer is JSON)
  int param; ///< the §4.9 command it was (BcastCommand), -1 for none or a line-only extra
} BcastControlOutcome;

/// Runs one message on `rooms` (the first is the default room).
/// @return the answer for its sender, malloc'ed (NULL only when out of memory)
char*
bcast_control_answer(const BcastControlRoom* rooms, size_t count, const char* text, size_t len,
                     BcastControlOutcome* outcome);

#endif // BCAST_CONTROL_MSG_H
