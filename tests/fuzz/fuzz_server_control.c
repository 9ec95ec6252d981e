// SPDX-License-Identifier: ISC
// Fuzz target: rtjam-broadcast's room commands (server/control.c, the §4.9 commands on the
// control websocket, server/control_msg.c) against a real room, a real recorder writing under
// a private directory and a real playback (its thread reads the takes; nothing drains its
// packets). The input is a session of control websocket messages, one per line (a message
// opening with "{" is a §4.9 JSON command, as the nation room sends it: play, seek and mode
// come both ways). Invariants: every answer is one line, "ok ..." or "error: ..." for a line,
// a JSON "answer" (ran) or "refused" (with a reason) for JSON; and nothing is ever written
// outside the record directory (a saved or deleted take's name can hold no path).

#include "fuzz.h"

#include "server/control_msg.h"

#include <cJSON.h>

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char g_root[64];
static char g_dir[96];
static BcastRoom* g_room;
static BcastRecorder* g_recorder;
static BcastPlayout* g_playout;

static int
remove_entry(const char* const path, const struct stat* const st, const int flag,
             struct FTW* const ftw)
{
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

// At exit: the private directory and the takes in it go.
static void
cleanup(void)
{
  bcast_playout_free(g_playout);
  bcast_recorder_free(g_recorder);
  bcast_room_free(g_room);
  nftw(g_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
setup(void)
{
  snprintf(g_root, sizeof g_root, "/tmp/rtjam-fuzz-control.XXXXXX");
  if (!mkdtemp(g_root)) {
    abort();
  }
  snprintf(g_dir, sizeof g_dir, "%s/rec", g_root);
  char why[256];
  g_recorder = bcast_recorder_new(g_dir, 1u << 20, 1u << 16, why, sizeof why);
  BcastRoomConfig config;
  bcast_room_config_default(&config, 7891);
  const BcastCookieKey key = {{0}};
  g_room = bcast_room_new(&config, &key, (BcastEventSink){0});
  if (!g_recorder || !g_room) {
    abort();
  }
  char current[128];
  snprintf(current, sizeof current, "%s/audio.dmp", g_dir);
  g_playout = bcast_playout_new(bcast_recorder_recs_dir(g_recorder), current);
  if (!g_playout) {
    abort();
  }
  atexit(cleanup);
}

// The root holds the record directory and nothing else.
static void
check_nothing_outside(void)
{
  DIR* d = opendir(g_root);
  if (!d) {
    abort();
  }
  const struct dirent* e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "rec")) {
      abort(); // a command wrote outside --record-dir
    }
  }
  closedir(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (!g_room) {
    setup();
  }
  if (size > 4096) {
    return 0;
  }
  const BcastControlRoom rooms[] = {
      {.port = 7891, .room = g_room, .recorder = g_recorder, .playout = g_playout}};
  const char* p = (const char*)data;
  const char* const end = p + size;
  for (int n = 0; p < end && n < 16; ++n) {
    // One control websocket message per line of the input (NUL bytes and all).
    const char* nl = memchr(p, '\n', (size_t)(end - p));
    const size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    char msg[4097];
    memcpy(msg, p, len);
    msg[len] = '\0';
    BcastControlOutcome out;
    char* const answer = bcast_control_answer(rooms, 1, msg, len, &out);
    if (!answer || strchr(answer, '\n')) {
      abort(); // one answer, one line
    }
    if (out.json) {
      // {"speaker":"RoomChatRobot","answer":{...}} when it ran, else "refused" with a reason
      cJSON* const o = cJSON_Parse(answer);
      const cJSON* const body = cJSON_GetObjectItem(o, out.ok ? "answer" : "refused");
      if (!cJSON_IsObject(body) || !cJSON_IsNumber(cJSON_GetObjectItem(body, "param")) ||
          !cJSON_IsString(cJSON_GetObjectItem(body, out.ok ? "reply" : "reason")) ||
          cJSON_GetObjectItem(o, out.ok ? "refused" : "answer")) {
        abort();
      }
      cJSON_Delete(o);
    } else if (strncmp(answer, out.ok ? "ok " : "error: ", out.ok ? 3 : 7) != 0) {
      abort(); // "ok ..." or "error: ..."
    }
    free(answer);
    p += len + (nl != NULL);
  }
  check_nothing_outside();
  return 0;
}
