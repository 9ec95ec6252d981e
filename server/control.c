// SPDX-License-Identifier: ISC
// The control channel: parsing and executing a command line, and the localhost TCP socket.

#include "control.h"

#include "log.h"
#include "metronome.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

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
  char why[400] = "";

  if (strcmp(cmd, "tempo") == 0) {
    char* end = NULL;
    errno = 0;
    const long bpm = strtol(arg, &end, 10);
    if (!*arg || errno != 0 || *end != '\0') {
      ERR("tempo %s: not a whole number of BPM", arg);
    }
    if (bcast_room_request_tempo(room->room, bpm) != JAM_SUCCESS) {
      ERR("tempo %s: must be %u..%u BPM", arg, BCAST_TEMPO_MIN, BCAST_TEMPO_MAX);
    }
    snprintf(reply, cap, "ok room %u tempo %ld\n", (unsigned)room->port, bpm);
    return 0;
  }
  const char* const mode = bcast_room_mix(room->room) ? "mix" : "separate";
  if (strcmp(cmd, "gettempo") == 0) {
    snprintf(reply, cap, "ok room %u tempo %u\n", (unsigned)room->port,
             (unsigned)bcast_room_tempo(room->room));
    return 0;
  }
  if (strcmp(cmd, "mode") == 0) {
    int mix = !bcast_room_mix(room->room); // no argument: SwitchRoomMode, a toggle
    if (strcmp(arg, "mix") == 0) {
      mix = 1;
    } else if (strcmp(arg, "separate") == 0) {
      mix = 0;
    } else if (*arg) {
      ERR("mode %s: must be mix or separate (or nothing, to switch)", arg);
    }
    if (bcast_room_request_mix(room->room, mix) != JAM_SUCCESS) {
      ERR("mode mix: out of memory for the room's mixer");
    }
    snprintf(reply, cap, "ok room %u mode %s\n", (unsigned)room->port, mix ? "mix" : "separate");
    return 0;
  }
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
             "write_errors %llu budget_stops %llu mode %s playback %s offset %u last_error "
             "\"%s\"\n",
             (unsigned)room->port, (unsigned)bcast_room_tempo(room->room),
             st.recording ? "recording" : "idle", (unsigned long long)st.bytes,
             (unsigned long long)st.packets, (unsigned long long)st.budget,
             (unsigned long long)st.dropped_full, (unsigned long long)st.write_errors,
             (unsigned long long)st.budget_stops, mode, ps.playing ? "playing" : "idle", ps.percent,
             st.last_error);
    return 0;
  }
  const int is_record_cmd = strcmp(cmd, "record") == 0 || strcmp(cmd, "stop") == 0 ||
                            strcmp(cmd, "save") == 0 || strcmp(cmd, "delete") == 0 ||
                            strcmp(cmd, "list") == 0 || strcmp(cmd, "play") == 0 ||
                            strcmp(cmd, "seek") == 0 || strcmp(cmd, "playstatus") == 0;
  if (is_record_cmd && !room->recorder) {
    ERR("%s: recording is off (start the server with --record-dir)", cmd);
  }
  const int is_play_cmd =
      strcmp(cmd, "play") == 0 || strcmp(cmd, "seek") == 0 || strcmp(cmd, "playstatus") == 0;
  if (is_play_cmd && !room->playout) {
    ERR("%s: playback is off", cmd);
  }
  if (strcmp(cmd, "record") == 0) {
    if (bcast_recorder_start(room->recorder, why, sizeof why) != JAM_SUCCESS) {
      ERR("record: %s", why);
    }
    snprintf(reply, cap, "ok room %u recording\n", (unsigned)room->port);
    return 0;
  }
  if (strcmp(cmd, "play") == 0) {
    // play [PERCENT%] [NAME]: an optional first word ending in '%' is the start
    const char* name = arg;
    long percent = 0;
    const size_t first = strcspn(arg, " \t");
    if (first > 1 && arg[first - 1] == '%') {
      char num[16];
      if (first - 1 >= sizeof num || !is_number_n(arg, first - 1, num, sizeof num)) {
        ERR("play %.*s: the start must be 0%%..100%%", (int)first, arg);
      }
      percent = strtol(num, NULL, 10);
      if (percent > 100) {
        ERR("play %.*s: the start must be 0%%..100%%", (int)first, arg);
      }
      name = arg + first;
      while (*name == ' ' || *name == '\t') {
        ++name;
      }
    }
    if (bcast_playout_play(room->playout, name, percent, why, sizeof why) != JAM_SUCCESS) {
      ERR("play: %s", why);
    }
    BcastPlayoutStatus ps;
    bcast_playout_status(room->playout, &ps);
    snprintf(reply, cap, "ok room %u playing %s from %ld%% (%u frames per packet)\n",
             (unsigned)room->port, *name ? name : BCAST_RECORD_CURRENT, percent,
             (unsigned)ps.frames);
    return 0;
  }
  if (strcmp(cmd, "seek") == 0) {
    char num[16];
    const size_t n = strlen(arg);
    const size_t digits = n > 0 && arg[n - 1] == '%' ? n - 1 : n;
    if (!is_number_n(arg, digits, num, sizeof num) || strtol(num, NULL, 10) > 100) {
      ERR("seek %s: must be 0..100 (percent of the take)", arg);
    }
    const long percent = strtol(num, NULL, 10);
    if (bcast_playout_seek(room->playout, percent, why, sizeof why) != JAM_SUCCESS) {
      ERR("seek: %s", why);
    }
    snprintf(reply, cap, "ok room %u seek %ld%%\n", (unsigned)room->port, percent);
    return 0;
  }
  if (strcmp(cmd, "playstatus") == 0) {
    BcastPlayoutStatus ps;
    bcast_playout_status(room->playout, &ps);
    snprintf(reply, cap,
             "ok room %u playback %s offset %u frames %u packets %llu underruns %llu take \"%s\" "
             "last_error \"%s\"\n",
             (unsigned)room->port, ps.playing ? "playing" : "idle", ps.percent, (unsigned)ps.frames,
             (unsigned long long)ps.sent, (unsigned long long)ps.underruns,
             *ps.name ? ps.name : BCAST_RECORD_CURRENT, ps.last_error);
    return 0;
  }
  if (strcmp(cmd, "stop") == 0) {
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
  if (strcmp(cmd, "save") == 0) {
    char saved[BCAST_RECORD_NAME_MAX + 16];
    if (bcast_recorder_save(room->recorder, arg, saved, sizeof saved, why, sizeof why) !=
        JAM_SUCCESS) {
      ERR("save: %s", why);
    }
    snprintf(reply, cap, "ok room %u saved %s\n", (unsigned)room->port, saved);
    return 0;
  }
  if (strcmp(cmd, "delete") == 0) {
    if (bcast_recorder_delete(room->recorder, arg, why, sizeof why) != JAM_SUCCESS) {
      ERR("delete: %s", why);
    }
    snprintf(reply, cap, "ok room %u deleted %s\n", (unsigned)room->port,
             *arg ? arg : BCAST_RECORD_CURRENT);
    return 0;
  }
  if (strcmp(cmd, "list") == 0) {
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
  static const char* const unimplemented[] = {"pause", "loop"};
  for (size_t i = 0; i < sizeof unimplemented / sizeof unimplemented[0]; ++i) {
    if (strcmp(cmd, unimplemented[i]) == 0) {
      ERR("%s: not implemented yet", cmd);
    }
  }
  ERR("unknown command '%s' (record, stop, save NAME, delete [NAME], list, play [P%%] [NAME], "
      "seek P, playstatus, mode [mix|separate], tempo BPM, gettempo, status)",
      cmd);
}

int
bcast_control_listen(const uint16_t port, char* const err, const size_t err_cap)
{
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    snprintf(err, err_cap, "control socket: %s", strerror(errno));
    return -1;
  }
  const int one = 1;
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // localhost only
  if (bind(fd, (const struct sockaddr*)&a, sizeof a) != 0 || listen(fd, 8) != 0) {
    snprintf(err, err_cap, "control port 127.0.0.1:%u: %s", (unsigned)port, strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

void
bcast_control_serve(const int listen_fd, const BcastControlRoom* const rooms, const size_t count)
{
  for (;;) {
    const int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) {
      return; // EAGAIN: none waiting
    }
    const struct timeval tv = {.tv_sec = 1, .tv_usec = 0};
    (void)setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    (void)setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    char line[BCAST_CONTROL_LINE_MAX + 1];
    size_t n = 0;
    while (n < sizeof line - 1) {
      const ssize_t r = recv(c, line + n, sizeof line - 1 - n, 0);
      if (r <= 0) {
        break;
      }
      n += (size_t)r;
      if (memchr(line, '\n', n)) {
        break;
      }
    }
    line[n] = '\0';
    static char reply[65536];
    if (!memchr(line, '\n', n) && n == sizeof line - 1) {
      snprintf(reply, sizeof reply, "error: line longer than %u bytes\n",
               BCAST_CONTROL_LINE_MAX - 1u);
    } else {
      bcast_control_execute(rooms, count, line, reply, sizeof reply);
    }
    line[strcspn(line, "\r\n")] = '\0';
    for (char* p = line; *p; ++p) { // the log gets no control characters
      if ((unsigned char)*p < 0x20u || *p == 0x7f) {
        *p = '?';
      }
    }
    jam_log(strncmp(reply, "ok", 2) == 0 ? JAM_LOG_INFO : JAM_LOG_WARN, "control: %.200s -> %.*s",
            line, (int)(strcspn(reply, "\n") < 300 ? strcspn(reply, "\n") : 300), reply);
    (void)send(c, reply, strlen(reply), MSG_NOSIGNAL);
    close(c);
  }
}
