// SPDX-License-Identifier: ISC
// The room commands: parsing and executing a command line or a §4.9 JSON command.

#include "control.h"

#include "log.h"
#include "metronome.h"

#include <cJSON.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Splits off the next space-separated word (in place). @return it, or NULL at the end
static char*
next_word(char** const cursor)
{
  char* p = *cursor;
  while (*p == ' ' || *p == '\t') {
    ++p;
  }
  if (!*p) {
    *cursor = p;
    return NULL;
  }
  char* const start = p;
  while (*p && *p != ' ' && *p != '\t') {
    ++p;
  }
  if (*p) {
    *p++ = '\0';
  }
  *cursor = p;
  return start;
}

static int
is_number(const char* const s)
{
  if (!*s) {
    return 0;
  }
  for (const char* p = s; *p; ++p) {
    if (*p < '0' || *p > '9') {
      return 0;
    }
  }
  return 1;
}

// Copies the first n bytes of s into out if they are 1..9 decimal digits. @return 1 if so
static int
is_number_n(const char* const s, const size_t n, char* const out, const size_t cap)
{
  if (n == 0 || n > 9 || n >= cap) {
    return 0;
  }
  memcpy(out, s, n);
  out[n] = '\0';
  return is_number(out);
}

// The line channel's word for each §4.9 command.
static const char* const command_words[BCAST_CMD_COUNT] = {
    [BCAST_CMD_GET_TEMPO] = "gettempo",
    [BCAST_CMD_SET_TEMPO] = "tempo",
    [BCAST_CMD_RECORD] = "record",
    [BCAST_CMD_PAUSE] = "pause",
    [BCAST_CMD_STOP] = "stop",
    [BCAST_CMD_PLAY] = "play",
    [BCAST_CMD_LIST_FILES] = "list",
    [BCAST_CMD_SAVE_RECORDING] = "save",
    [BCAST_CMD_DELETE_RECORDING] = "delete",
    [BCAST_CMD_LOOP] = "loop",
    [BCAST_CMD_SWITCH_ROOM_MODE] = "mode",
    [BCAST_CMD_SEEK] = "seek",
};

int
bcast_control_line_param(const char* const line)
{
  char buf[BCAST_CONTROL_LINE_MAX];
  snprintf(buf, sizeof buf, "%s", line);
  buf[strcspn(buf, "\r\n")] = '\0';
  char* cursor = buf;
  const char* word = next_word(&cursor);
  if (word && is_number(word)) {
    word = next_word(&cursor);
  }
  for (int i = 0; word && i < BCAST_CMD_COUNT; ++i) {
    if (strcmp(word, command_words[i]) == 0) {
      return i;
    }
  }
  return -1;
}

#define ERR(...)                                                                                   \
  do {                                                                                             \
    char why_[400];                                                                                \
    snprintf(why_, sizeof why_, __VA_ARGS__);                                                      \
    snprintf(reply, cap, "error: %s\n", why_);                                                     \
    return -1;                                                                                     \
  } while (0)

int
bcast_control_execute(const BcastControlRoom* const rooms, const size_t count,
                      const char* const line, char* const reply, const size_t cap)
{
  char buf[BCAST_CONTROL_LINE_MAX];
  if (strlen(line) >= sizeof buf) {
    ERR("line longer than %u bytes", BCAST_CONTROL_LINE_MAX - 1u);
  }
  snprintf(buf, sizeof buf, "%s", line);
  buf[strcspn(buf, "\r\n")] = '\0';
  char* cursor = buf;
  char* cmd = next_word(&cursor);
  if (!cmd) {
    ERR("empty command");
  }
  if (count == 0) {
    ERR("no rooms");
  }
  const BcastControlRoom* room = &rooms[0];
  if (is_number(cmd)) {
    const long port = strtol(cmd, NULL, 10);
    room = NULL;
    for (size_t i = 0; i < count; ++i) {
      if ((long)rooms[i].port == port) {
        room = &rooms[i];
      }
    }
    if (!room) {
      ERR("no room on port %s", cmd);
    }
    cmd = next_word(&cursor);
    if (!cmd) {
      ERR("empty command");
    }
  }
  // The argument is the rest of the line (a name may contain spaces).
  while (*cursor == ' ' || *cursor == '\t') {
    ++cursor;
  }
  const char* const arg = cursor;

  const char* const mode = bcast_room_mix(room->room) ? "mix" : "separate";
  if (strcmp(cmd, "status") == 0) {
    if (!room->recorder) {
      snprintf(reply, cap, "ok room %u tempo %u mode %s recorder off\n", (unsigned)room->port,
               (unsigned)bcast_room_tempo(room->room), mode);
      return 0;
    }
    BcastRecorderStatus st;
    bcast_recorder_status(room->recorder, &st);
    BcastPlayoutStatus ps;
    memset(&ps, 0, sizeof ps);
    if (room->playout) {
      bcast_playout_status(room->playout, &ps);
    }
    snprintf(reply, cap,
             "ok room %u tempo %u state %s bytes %llu packets %llu budget %llu dropped_full %llu "
             "dropped_size %llu write_errors %llu budget_stops %llu mode %s playback %s offset %u "
             "last_error \"%s\"\n",
             (unsigned)room->port, (unsigned)bcast_room_tempo(room->room),
             st.recording ? "recording" : "idle", (unsigned long long)st.bytes,
             (unsigned long long)st.packets, (unsigned long long)st.budget,
             (unsigned long long)st.dropped_full, (unsigned long long)st.dropped_size,
             (unsigned long long)st.write_errors, (unsigned long long)st.budget_stops, mode,
             ps.paused    ? "paused"
             : ps.playing ? "playing"
                          : "idle",
             ps.percent, st.last_error);
    return 0;
  }
  if (strcmp(cmd, "playstatus") == 0) { // a line-only extra: the nation hears playbackStatus
    if (!room->recorder || !room->playout) {
      ERR("playstatus: playback is off (start the server with --record-dir)");
    }
    BcastPlayoutStatus ps;
    bcast_playout_status(room->playout, &ps);
    snprintf(reply, cap,
             "ok room %u playback %s offset %u frames %u packets %llu underruns %llu loop %s take "
             "\"%s\" last_error \"%s\"\n",
             (unsigned)room->port,
             ps.paused    ? "paused"
             : ps.playing ? "playing"
                          : "idle",
             ps.percent, (unsigned)ps.frames, (unsigned long long)ps.sent,
             (unsigned long long)ps.underruns, ps.loop ? "on" : "off",
             *ps.name ? ps.name : BCAST_RECORD_CURRENT, ps.last_error);
    return 0;
  }
  BcastControlCommand c;
  memset(&c, 0, sizeof c);
  c.param = -1;
  for (int i = 0; i < BCAST_CMD_COUNT; ++i) {
    if (strcmp(cmd, command_words[i]) == 0) {
      c.param = i;
    }
  }
  if (c.param < 0) {
    ERR("unknown command '%s' (record, stop, save NAME, delete [NAME], list, play [P%%] [NAME], "
        "seek P, pause [on|off], loop [on|off], playstatus, mode [mix|separate], tempo BPM, "
        "gettempo, status)",
        cmd);
  }
  if (c.param == BCAST_CMD_SET_TEMPO) {
    char* end = NULL;
    errno = 0;
    c.ivalue1 = strtol(arg, &end, 10);
    if (!*arg || errno != 0 || *end != '\0') {
      ERR("tempo %s: not a whole number of BPM", arg);
    }
  }
  snprintf(c.svalue, sizeof c.svalue, "%s", arg);
  if (c.param == BCAST_CMD_PLAY) {
    // play [PERCENT%] [NAME]: an optional first word ending in '%' is the start (iValue1), the
    // rest the take (sValue)
    const size_t first = strcspn(arg, " \t");
    if (first > 1 && arg[first - 1] == '%') {
      char num[16];
      if (!is_number_n(arg, first - 1, num, sizeof num) || strtol(num, NULL, 10) > 100) {
        ERR("play %.*s: the start must be 0%%..100%%", (int)first, arg);
      }
      c.ivalue1 = strtol(num, NULL, 10);
      const char* name = arg + first;
      while (*name == ' ' || *name == '\t') {
        ++name;
      }
      snprintf(c.svalue, sizeof c.svalue, "%s", name);
    }
  }
  if (c.param == BCAST_CMD_SEEK) {
    // seek P or seek P%: the percent (iValue1)
    char num[16];
    const size_t n = strlen(arg);
    const size_t digits = n > 0 && arg[n - 1] == '%' ? n - 1 : n;
    if (!is_number_n(arg, digits, num, sizeof num) || strtol(num, NULL, 10) > 100) {
      ERR("seek %s: must be 0..100 (percent of the take)", arg);
    }
    c.ivalue1 = strtol(num, NULL, 10);
    c.svalue[0] = '\0';
  }
  return bcast_control_run(room, &c, reply, cap);
}

int
bcast_control_run(const BcastControlRoom* const room, const BcastControlCommand* const c,
                  char* const reply, const size_t cap)
{
  char why[400] = "";
  const char* const cmd =
      c->param >= 0 && c->param < BCAST_CMD_COUNT ? command_words[c->param] : "?";
  const char* const arg = c->svalue;
  switch ((BcastCommand)c->param) {
  case BCAST_CMD_GET_TEMPO:
    snprintf(reply, cap, "ok room %u tempo %u\n", (unsigned)room->port,
             (unsigned)bcast_room_tempo(room->room));
    return 0;
  case BCAST_CMD_SET_TEMPO:
    // Range-checked (§4.7 [BUG]: a tempo <= 0 or > 60e6 crashed the original).
    if (c->ivalue1 < (long)BCAST_TEMPO_MIN || c->ivalue1 > (long)BCAST_TEMPO_MAX ||
        bcast_room_request_tempo(room->room, c->ivalue1) != JAM_SUCCESS) {
      ERR("tempo %ld: must be %u..%u BPM", c->ivalue1, BCAST_TEMPO_MIN, BCAST_TEMPO_MAX);
    }
    snprintf(reply, cap, "ok room %u tempo %ld\n", (unsigned)room->port, c->ivalue1);
    return 0;
  case BCAST_CMD_SWITCH_ROOM_MODE: {
    // sValue "" toggles (§4.9 SwitchRoomMode); "mix" or "separate" sets (the line's mode WORD)
    int mix = !bcast_room_mix(room->room);
    if (strcmp(arg, "mix") == 0) {
      mix = 1;
    } else if (strcmp(arg, "separate") == 0) {
      mix = 0;
    } else if (*arg) {
      ERR("mode %.64s: must be mix or separate (or nothing, to switch)", arg);
    }
    if (bcast_room_request_mix(room->room, mix) != JAM_SUCCESS) {
      ERR("mode mix: out of memory for the room's mixer");
    }
    snprintf(reply, cap, "ok room %u mode %s\n", (unsigned)room->port, mix ? "mix" : "separate");
    return 0;
  }
  case BCAST_CMD_RECORD:
  case BCAST_CMD_STOP:
  case BCAST_CMD_LIST_FILES:
  case BCAST_CMD_SAVE_RECORDING:
  case BCAST_CMD_DELETE_RECORDING:
  case BCAST_CMD_PLAY:
  case BCAST_CMD_SEEK:
    if (!room->recorder) {
      ERR("%s: recording is off (start the server with --record-dir)", cmd);
    }
    if ((c->param == BCAST_CMD_PLAY || c->param == BCAST_CMD_SEEK) && !room->playout) {
      ERR("%s: playback is off", cmd);
    }
    break;
  case BCAST_CMD_PAUSE:
  case BCAST_CMD_LOOP:
    if (!room->recorder || !room->playout) {
      ERR("%s: playback is off (start the server with --record-dir)", cmd);
    }
    break;
  case BCAST_CMD_COUNT:
  default:
    ERR("param %d: not a room command (0..%d)", c->param, BCAST_CMD_COUNT - 1);
  }
  switch ((BcastCommand)c->param) {
  case BCAST_CMD_RECORD:
    if (bcast_recorder_start(room->recorder, why, sizeof why) != JAM_SUCCESS) {
      ERR("record: %s", why);
    }
    snprintf(reply, cap, "ok room %u recording\n", (unsigned)room->port);
    return 0;
  case BCAST_CMD_PLAY: {
    // iValue1 the start in percent, clamped to 0..100; sValue the take ("" = audio.dmp)
    const long percent = c->ivalue1 < 0 ? 0 : c->ivalue1 > 100 ? 100 : c->ivalue1;
    if (bcast_playout_play(room->playout, arg, percent, why, sizeof why) != JAM_SUCCESS) {
      ERR("play: %s", why);
    }
    BcastPlayoutStatus ps;
    bcast_playout_status(room->playout, &ps);
    snprintf(reply, cap, "ok room %u playing %s from %ld%% (%u frames per packet)\n",
             (unsigned)room->port, *arg ? arg : BCAST_RECORD_CURRENT, percent, (unsigned)ps.frames);
    return 0;
  }
  case BCAST_CMD_SEEK:
    // iValue1 the percent; out of 0..100 is refused (the original did not clamp)
    if (c->ivalue1 < 0 || c->ivalue1 > 100) {
      ERR("seek %ld: must be 0..100 (percent of the take)", c->ivalue1);
    }
    if (bcast_playout_seek(room->playout, c->ivalue1, why, sizeof why) != JAM_SUCCESS) {
      ERR("seek: %s", why);
    }
    snprintf(reply, cap, "ok room %u seek %ld%%\n", (unsigned)room->port, c->ivalue1);
    return 0;
  case BCAST_CMD_STOP: {
    if (room->playout) {
      bcast_playout_stop(room->playout); // Stop ends a playback too (§4.9)
    }
    bcast_recorder_stop(room->recorder);
    BcastRecorderStatus st;
    bcast_recorder_status(room->recorder, &st);
    snprintf(reply, cap, "ok room %u stopped, %llu bytes, %llu packets\n", (unsigned)room->port,
             (unsigned long long)st.bytes, (unsigned long long)st.packets);
    return 0;
  }
  case BCAST_CMD_SAVE_RECORDING: {
    char saved[BCAST_RECORD_NAME_MAX + 16];
    if (bcast_recorder_save(room->recorder, arg, saved, sizeof saved, why, sizeof why) !=
        JAM_SUCCESS) {
      ERR("save: %s", why);
    }
    snprintf(reply, cap, "ok room %u saved %s\n", (unsigned)room->port, saved);
    return 0;
  }
  case BCAST_CMD_DELETE_RECORDING:
    if (bcast_recorder_delete(room->recorder, arg, why, sizeof why) != JAM_SUCCESS) {
      ERR("delete: %s", why);
    }
    snprintf(reply, cap, "ok room %u deleted %s\n", (unsigned)room->port,
             *arg ? arg : BCAST_RECORD_CURRENT);
    return 0;
  case BCAST_CMD_LIST_FILES: {
    const int head = snprintf(reply, cap, "ok ");
    if (head < 0 || (size_t)head >= cap) {
      return -1;
    }
    size_t n = (size_t)head +
               bcast_recorder_list_json(room->recorder, reply + head, cap - (size_t)head - 1);
    reply[n++] = '\n';
    reply[n] = '\0';
    return 0;
  }
  case BCAST_CMD_PAUSE:
  case BCAST_CMD_LOOP: {
    // sValue "" switches; "on" / "off" set (pause on = paused, off = resumed)
    const int set = strcmp(arg, "on") == 0 ? 1 : strcmp(arg, "off") == 0 ? 0 : *arg ? -2 : -1;
    if (set == -2) {
      ERR("%s %.64s: must be on or off (or nothing, to switch)", cmd, arg);
    }
    BcastPlayoutStatus ps;
    bcast_playout_status(room->playout, &ps);
    if (c->param == BCAST_CMD_LOOP) {
      const int loop = set < 0 ? !ps.loop : set;
      bcast_playout_set_loop(room->playout, loop);
      snprintf(reply, cap, "ok room %u loop %s\n", (unsigned)room->port, loop ? "on" : "off");
      return 0;
    }
    if (bcast_playout_pause(room->playout, set, why, sizeof why) != JAM_SUCCESS) {
      ERR("pause: %s", why);
    }
    bcast_playout_status(room->playout, &ps);
    snprintf(reply, cap, "ok room %u %s at %u%%\n", (unsigned)room->port,
             ps.paused ? "paused" : "resumed", ps.percent);
    return 0;
  }
  case BCAST_CMD_GET_TEMPO:
  case BCAST_CMD_SET_TEMPO:
  case BCAST_CMD_SWITCH_ROOM_MODE:
  case BCAST_CMD_COUNT:
  default:
    break;
  }
  return -1;
}

// An integer field of a room command (§4.9): a whole JSON number, or a string holding one.
// A fractional number is ignored (0), as the original's. @return 0, or -1 for a bad string
static int
json_int(const cJSON* const v, long* const out)
{
  *out = 0;
  if (cJSON_IsNumber(v)) {
    const double d = v->valuedouble;
    // [-2^63, 2^63) with a 64-bit long: LONG_MIN is exact as a double, LONG_MAX is not (it
    // rounds up to 2^63, which does not fit: converting it would be undefined).
    if (d == floor(d) && d >= (double)LONG_MIN && d < -(double)LONG_MIN) {
      *out = (long)d;
    }
    return 0;
  }
  if (cJSON_IsString(v)) {
    char* end = NULL;
    errno = 0;
    const long x = strtol(v->valuestring, &end, 10);
    if (!v->valuestring[0] || errno != 0 || *end != '\0') {
      return -1;
    }
    *out = x;
  }
  return 0;
}

int
bcast_control_parse_json(const char* const text, const size_t len, BcastControlCommand* const c,
                         char* const why, const size_t why_cap)
{
  memset(c, 0, sizeof *c);
  c->param = -1;
  cJSON* const root = cJSON_ParseWithLength(text, len);
  int rc = -1;
  long param = 0;
  if (!cJSON_IsObject(root)) {
    snprintf(why, why_cap, "not a JSON object");
  } else if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(root, "param")) &&
             !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "param"))) {
    snprintf(why, why_cap, "can't extract param: missing");
  } else if (json_int(cJSON_GetObjectItemCaseSensitive(root, "param"), &param) != 0 ||
             (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(root, "param")) &&
              cJSON_GetObjectItemCaseSensitive(root, "param")->valuedouble != (double)param)) {
    snprintf(why, why_cap, "can't extract param: not an integer");
  } else if (param < 0 || param >= BCAST_CMD_COUNT) {
    c->param = param < INT_MIN || param > INT_MAX ? -1 : (int)param;
    snprintf(why, why_cap, "can't extract param: %ld is not a room command (0..%d)", param,
             BCAST_CMD_COUNT - 1);
  } else if (json_int(cJSON_GetObjectItemCaseSensitive(root, "iValue1"), &c->ivalue1) != 0) {
    c->param = (int)param;
    snprintf(why, why_cap, "iValue1: not an integer");
  } else if (json_int(cJSON_GetObjectItemCaseSensitive(root, "port"), &c->port) != 0 ||
             c->port < 0 || c->port > 65535) {
    c->param = (int)param;
    c->port = 0;
    snprintf(why, why_cap, "port: not a room's port (1..65535)");
  } else {
    c->param = (int)param;
    const cJSON* const f = cJSON_GetObjectItemCaseSensitive(root, "fValue");
    const cJSON* const sv = cJSON_GetObjectItemCaseSensitive(root, "sValue");
    if (cJSON_IsNumber(f)) {
      c->fvalue = f->valuedouble;
    } else if (cJSON_IsString(f)) {
      c->fvalue = strtod(f->valuestring, NULL);
    }
    if (cJSON_IsString(sv)) {
      snprintf(c->svalue, sizeof c->svalue, "%s", sv->valuestring);
    }
    rc = 0;
  }
  cJSON_Delete(root);
  return rc;
}
