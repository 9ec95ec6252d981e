// SPDX-License-Identifier: ISC
// A control websocket message and its answer (server/control_msg.c): a text line answered with
// its line, a §4.9 JSON command with a JSON answer or refusal (with "port" picking the room),
// one command per message, and the §4.9 number each line names.

#include "check.h"
#include "log.h"
#include "server/control_msg.h"

#include <cJSON.h>

#include <stdlib.h>
#include <string.h>

static BcastRoom* g_rooms[2];
static BcastControlRoom g_control[2];

static void
setup(void)
{
  const uint16_t ports[2] = {7891, 7892};
  for (int i = 0; i < 2; ++i) {
    BcastRoomConfig config;
    bcast_room_config_default(&config, ports[i]);
    config.tempo_bpm = 100u + (uint32_t)i; // 100 in the first room, 101 in the second
    const BcastCookieKey key = {{0}};
    g_rooms[i] = bcast_room_new(&config, &key, (BcastEventSink){0});
    g_control[i] = (BcastControlRoom){.port = ports[i], .room = g_rooms[i]};
  }
}

// The answer to text (NUL-terminated); out filled.
static char*
answer(const char* text, BcastControlOutcome* out)
{
  char* const a = bcast_control_answer(g_control, 2, text, strlen(text), out);
  if (!a) {
    abort(); // out of memory: nothing to test
  }
  return a;
}

static void
a_line_is_answered_with_its_line_without_the_newline(void)
{
  BcastControlOutcome out;
  char* a = answer("gettempo", &out);
  CHECK(a && !strcmp(a, "ok room 7891 tempo 100"), "%s", a ? a : "(null)");
  CHECK(out.ok == 1 && out.json == 0 && out.param == BCAST_CMD_GET_TEMPO, "%d %d %d", out.ok,
        out.json, out.param);
  free(a);
  a = answer("7892 gettempo\r\n", &out); // a trailing newline is allowed
  CHECK(a && !strcmp(a, "ok room 7892 tempo 101"), "%s", a ? a : "(null)");
  CHECK_INT(out.param, BCAST_CMD_GET_TEMPO);
  free(a);
  a = answer("tempo 0", &out);
  CHECK(a && !strcmp(a, "error: tempo 0: must be 1..1000 BPM"), "%s", a ? a : "(null)");
  CHECK(out.ok == 0 && out.param == -1, "%d %d", out.ok, out.param);
  free(a);
  a = answer("status", &out); // a line-only extra: no §4.9 number
  CHECK(a && !strncmp(a, "ok room 7891 tempo 100 mode separate recorder off", 50), "%s",
        a ? a : "(null)");
  CHECK(out.ok == 1 && out.param == -1, "%d %d", out.ok, out.param);
  free(a);
}

static void
one_command_per_message(void)
{
  BcastControlOutcome out;
  char* a = answer("gettempo\nrecord", &out);
  CHECK(a && !strcmp(a, "error: one command line per message"), "%s", a ? a : "(null)");
  CHECK_INT(out.ok, 0);
  free(a);
  const char nul[] = "gettempo\0record";
  a = bcast_control_answer(g_control, 2, nul, sizeof nul - 1, &out);
  CHECK(a && !strcmp(a, "error: a NUL byte in the command line"), "%s", a ? a : "(null)");
  free(a);
  char long_line[600];
  memset(long_line, 'x', sizeof long_line - 1);
  long_line[sizeof long_line - 1] = '\0';
  a = answer(long_line, &out);
  CHECK(a && !strcmp(a, "error: line longer than 511 bytes"), "%s", a ? a : "(null)");
  free(a);
}

// The body ("answer" or "refused") of a JSON answer, checked for the RoomChatRobot shape.
static cJSON*
body_of(cJSON* o, const char* key)
{
  CHECK(cJSON_IsString(cJSON_GetObjectItem(o, "speaker")) &&
            !strcmp(cJSON_GetObjectItem(o, "speaker")->valuestring, "RoomChatRobot"),
        "no speaker");
  return cJSON_GetObjectItem(o, key);
}

static void
a_json_command_is_answered_in_json_and_port_picks_the_room(void)
{
  BcastControlOutcome out;
  char* a = answer("{\"param\":0}", &out);
  CHECK(a && !strcmp(a, "{\"speaker\":\"RoomChatRobot\",\"answer\":{\"param\":0,\"reply\":"
                        "\"room 7891 tempo 100\"}}"),
        "%s", a ? a : "(null)");
  CHECK(out.ok == 1 && out.json == 1 && out.param == 0, "%d %d %d", out.ok, out.json, out.param);
  free(a);
  a = answer(" {\"param\":\"0\",\"port\":7892}", &out);
  cJSON* o = cJSON_Parse(a);
  cJSON* b = body_of(o, "answer");
  CHECK(b && !strcmp(cJSON_GetObjectItem(b, "reply")->valuestring, "room 7892 tempo 101"), "%s",
        a ? a : "(null)");
  cJSON_Delete(o);
  free(a);
  a = answer("{\"param\":0,\"port\":7893}", &out);
  CHECK(a && !strcmp(a, "{\"speaker\":\"RoomChatRobot\",\"refused\":{\"param\":0,\"reason\":"
                        "\"no room on port 7893\"}}"),
        "%s", a ? a : "(null)");
  CHECK(out.ok == 0 && out.json == 1, "%d %d", out.ok, out.json);
  free(a);
  a = answer("{\"param\":0,\"port\":70000}", &out);
  CHECK(a && strstr(a, "\"reason\":\"port: not a room's port (1..65535)\""), "%s",
        a ? a : "(null)");
  free(a);
  a = answer("{\"param\":1,\"iValue1\":2000}", &out);
  o = cJSON_Parse(a);
  b = body_of(o, "refused");
  CHECK(
      b && cJSON_GetObjectItem(b, "param")->valueint == 1 &&
          !strcmp(cJSON_GetObjectItem(b, "reason")->valuestring, "tempo 2000: must be 1..1000 BPM"),
      "%s", a ? a : "(null)");
  cJSON_Delete(o);
  free(a);
  a = answer("{\"param\":", &out);
  CHECK(a && !strcmp(a, "{\"speaker\":\"RoomChatRobot\",\"refused\":{\"param\":-1,\"reason\":"
                        "\"not a JSON object\"}}"),
        "%s", a ? a : "(null)");
  CHECK(out.ok == 0 && out.json == 1 && out.param == -1, "%d %d %d", out.ok, out.json, out.param);
  free(a);
}

static void
a_line_names_its_command_after_an_optional_port(void)
{
  CHECK_INT(bcast_control_line_param("record"), BCAST_CMD_RECORD);
  CHECK_INT(bcast_control_line_param("7891 save jam one"), BCAST_CMD_SAVE_RECORDING);
  CHECK_INT(bcast_control_line_param("  list\n"), BCAST_CMD_LIST_FILES);
  CHECK_INT(bcast_control_line_param("seek 50"), BCAST_CMD_SEEK);
  CHECK_INT(bcast_control_line_param("status"), -1);
  CHECK_INT(bcast_control_line_param("7891"), -1);
  CHECK_INT(bcast_control_line_param(""), -1);
}

static void
a_logged_command_text_is_one_line_without_control_characters(void)
{
  // A nation command's JSON-decoded text: a newline that would start a forged log line, and an
  // escape sequence that would drive the operator's terminal.
  const char text[] = "{\"param\":0}\n2030-01-01 ERROR forged\x1b[2J\x7f\tend";
  char out[201];
  jam_log_printable(text, strlen(text), out, sizeof out);
  CHECK(strcmp(out, "{\"param\":0}?2030-01-01 ERROR forged?[2J??end") == 0, "%s", out);
  CHECK_INT(strcspn(out, "\n\r\x1b"), strlen(text));
  // Cut to cap - 1 bytes, and at len (a reason's first line) or a NUL before it.
  char small[8];
  jam_log_printable(text, strlen(text), small, sizeof small);
  CHECK(strcmp(small, "{\"param") == 0, "%s", small);
  jam_log_printable("ab\ncd", 2, out, sizeof out);
  CHECK(strcmp(out, "ab") == 0, "%s", out);
  jam_log_printable("a\0b", 3, out, sizeof out);
  CHECK(strcmp(out, "a") == 0, "%s", out);
}

int
main(void)
{
  setup();
  RUN(a_line_is_answered_with_its_line_without_the_newline);
  RUN(one_command_per_message);
  RUN(a_json_command_is_answered_in_json_and_port_picks_the_room);
  RUN(a_line_names_its_command_after_an_optional_port);
  RUN(a_logged_command_text_is_one_line_without_control_characters);
  for (int i = 0; i < 2; ++i) {
    bcast_room_free(g_rooms[i]);
  }
  return jam_test_summary();
}
