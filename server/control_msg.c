// SPDX-License-Identifier: ISC
// A control websocket message and its answer. See control_msg.h.

#include "control_msg.h"

#include "nation_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Runs a §4.9 JSON command; its answer or refusal in JSON.
static char*
answer_json(const BcastControlRoom* const rooms, const size_t count, const char* const text,
            const size_t len, BcastControlOutcome* const out)
{
  BcastControlCommand cmd;
  static char reply[65536]; // main thread only
  int ok = bcast_control_parse_json(text, len, &cmd, reply, sizeof reply) == 0;
  const BcastControlRoom* room = count ? &rooms[0] : NULL;
  if (ok && cmd.port) {
    room = NULL;
    for (size_t i = 0; i < count; ++i) {
      if ((long)rooms[i].port == cmd.port) {
        room = &rooms[i];
      }
    }
    if (!room) {
      snprintf(reply, sizeof reply, "no room on port %ld", cmd.port);
      ok = 0;
    }
  } else if (ok && !room) {
    snprintf(reply, sizeof reply, "no rooms");
    ok = 0;
  }
  ok = ok && bcast_control_run(room, &cmd, reply, sizeof reply) == 0;
  out->ok = ok;
  out->param = cmd.param;
  // bcast_control_run's line, without "ok " or "error: " and the newline
  const char* r = strncmp(reply, "ok ", 3) == 0 ? reply + 3 : reply;
  r = strncmp(r, "error: ", 7) == 0 ? r + 7 : r;
  reply[strcspn(reply, "\n")] = '\0';
  return ok ? bcast_nation_answer(cmd.param, r) : bcast_nation_refused(cmd.param, r);
}

char*
bcast_control_answer(const BcastControlRoom* const rooms, const size_t count,
                     const char* const text, const size_t len, BcastControlOutcome* const out)
{
  memset(out, 0, sizeof *out);
  out->param = -1;
  size_t start = 0;
  while (start < len && (text[start] == ' ' || text[start] == '\t')) {
    ++start;
  }
  if (start < len && text[start] == '{') {
    out->json = 1;
    return answer_json(rooms, count, text, len, out);
  }
  static char reply[65536]; // main thread only
  const size_t eol = strcspn(text, "\r\n");
  size_t rest = eol;
  while (rest < len && (text[rest] == '\r' || text[rest] == '\n')) {
    ++rest;
  }
  if (memchr(text, '\0', len)) {
    snprintf(reply, sizeof reply, "error: a NUL byte in the command line");
  } else if (rest < len) {
    snprintf(reply, sizeof reply, "error: one command line per message");
  } else if (eol >= BCAST_CONTROL_LINE_MAX) {
    snprintf(reply, sizeof reply, "error: line longer than %u bytes", BCAST_CONTROL_LINE_MAX - 1u);
  } else {
    char line[BCAST_CONTROL_LINE_MAX];
    snprintf(line, sizeof line, "%.*s", (int)eol, text);
    out->ok = bcast_control_execute(rooms, count, line, reply, sizeof reply) == 0;
    out->param = out->ok ? bcast_control_line_param(line) : -1;
  }
  reply[strcspn(reply, "\n")] = '\0';
  return strdup(reply);
}
