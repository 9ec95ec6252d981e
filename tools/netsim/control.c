// SPDX-License-Identifier: ISC
// rtjam-netsim on cue: the control socket, the schedule file and the command language.

#include "control.h"

#include "log.h"
#include "udp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NETSIM_SCHEDULE_MAX 256 ///< schedule entries
#define NETSIM_COMMAND_MAX  256 ///< bytes of one command, NUL included

typedef struct {
  uint64_t at_us;                   ///< µs after start
  char command[NETSIM_COMMAND_MAX]; ///< the command text
} NetsimScheduled;

struct NetsimControlImpl {
  int fd;                                       ///< control socket, −1 if none
  NetsimScheduled entries[NETSIM_SCHEDULE_MAX]; ///< in file order (times non-decreasing)
  int n_entries;                                ///< entries read
  int next;                                     ///< first entry not yet run
  uint64_t start_us;                            ///< monotonic µs of the first poll
};

static int
read_schedule(NetsimControl* self, const char* path, char* err, size_t err_size)
{
  FILE* f = fopen(path, "r");
  if (!f) {
    snprintf(err, err_size, "open %s: %s", path, strerror(errno));
    return -1;
  }
  char line[NETSIM_COMMAND_MAX + 32];
  int lineno = 0;
  double last = 0.0;
  while (fgets(line, sizeof line, f)) {
    ++lineno;
    char* p = line + strspn(line, " \t");
    p[strcspn(p, "\r\n")] = '\0';
    if (!*p || *p == '#') {
      continue;
    }
    char* end = NULL;
    const double t = strtod(p, &end);
    if (end == p || !(t >= last && t <= 1e7) || self->n_entries == NETSIM_SCHEDULE_MAX) {
      snprintf(err, err_size, "%s:%d: expected SECONDS COMMAND, times in order", path, lineno);
      fclose(f);
      return -1;
    }
    last = t;
    NetsimScheduled* e = &self->entries[self->n_entries++];
    e->at_us = (uint64_t)(t * 1e6);
    snprintf(e->command, sizeof e->command, "%s", end + strspn(end, " \t"));
  }
  fclose(f);
  return 0;
}

NetsimControl*
netsim_control_new(const char* const port_text, const char* const schedule_path, char* const err,
                   const size_t err_size)
{
  NetsimControl* self = calloc(1, sizeof *self);
  if (!self) {
    snprintf(err, err_size, "out of memory");
    return NULL;
  }
  self->fd = -1;
  if (schedule_path && read_schedule(self, schedule_path, err, err_size)) {
    free(self);
    return NULL;
  }
  if (port_text) {
    JamUdpAddr addr;
    if (jam_udp_parse_endpoint(port_text, "127.0.0.1", AF_UNSPEC, &addr) != JAM_SUCCESS) {
      snprintf(err, err_size, "cannot parse control address '%s'", port_text);
      free(self);
      return NULL;
    }
    const JamUdpOptions opts = {.nonblocking = 1};
    self->fd = jam_udp_open(&addr, &opts, err, err_size);
    if (self->fd < 0) {
      free(self);
      return NULL;
    }
  }
  return self;
}

void
netsim_control_free(NetsimControl* const self)
{
  if (self) {
    if (self->fd >= 0) {
      close(self->fd);
    }
    free(self);
  }
}

int
netsim_control_fd(const NetsimControl* const self)
{
  return self ? self->fd : -1;
}

uint64_t
netsim_control_next_us(const NetsimControl* const self)
{
  if (!self || self->next >= self->n_entries) {
    return UINT64_MAX;
  }
  return self->start_us + self->entries[self->next].at_us;
}

// Which directions a word names: bit 0 = down ([0]), bit 1 = up ([1]). 0 if not a direction.
static int
direction_mask(const char* const word)
{
  if (!strcmp(word, "both")) {
    return 3;
  }
  if (!strcmp(word, "up")) {
    return 2;
  }
  if (!strcmp(word, "down")) {
    return 1;
  }
  return 0;
}

// Applies KEY=VALUE to settings. @return 0, or −1 for an unknown key or a value out of range
static int
set_key(NetsimSettings* const s, const char* const key, const double v)
{
  const int pct = v >= 0.0 && v <= 100.0;
  const int ms = v >= 0.0 && v <= 60000.0;
  if (!strcmp(key, "delay") && ms) {
    s->delay_ms = v;
  } else if (!strcmp(key, "jitter") && ms) {
    s->jitter_ms = v;
  } else if (!strcmp(key, "loss") && pct) {
    s->loss = v / 100.0;
  } else if (!strcmp(key, "burst") && v >= 1.0 && v <= 1e6) {
    s->burst = v;
  } else if (!strcmp(key, "reorder") && pct) {
    s->reorder = v / 100.0;
  } else if (!strcmp(key, "reorder-ms") && ms) {
    s->reorder_ms = v;
  } else if (!strcmp(key, "dup") && pct) {
    s->duplicate = v / 100.0;
  } else {
    return -1;
  }
  return 0;
}

static void
show(const NetsimCue* const cue, char* const reply, const size_t size)
{
  static const char* const names[2] = {"down", "up"};
  size_t n = (size_t)snprintf(reply, size, "ok");
  for (int d = 1; d >= 0 && n < size; --d) {
    const NetsimSettings* s = &cue->dir[d].settings;
    n += (size_t)snprintf(reply + n, size - n,
                          " %s: %s delay=%g jitter=%g loss=%g burst=%g reorder=%g dup=%g"
                          " dropped=%llu;",
                          names[d], cue->paused[d] ? "paused" : "open", s->delay_ms, s->jitter_ms,
                          s->loss * 100.0, s->burst, s->reorder * 100.0, s->duplicate * 100.0,
                          (unsigned long long)cue->paused_drops[d]);
  }
}

int
netsim_control_apply(NetsimCue* const cue, const char* const command, char* const reply,
                     const size_t reply_size)
{
  char buf[NETSIM_COMMAND_MAX];
  snprintf(buf, sizeof buf, "%s", command);
  char* save = NULL;
  const char* verb = strtok_r(buf, " \t\r\n", &save);
  if (!verb) {
    snprintf(reply, reply_size, "error: empty command");
    return -1;
  }
  if (!strcmp(verb, "show")) {
    show(cue, reply, reply_size);
    return 0;
  }
  const int is_pause = !strcmp(verb, "pause");
  const int is_resume = !strcmp(verb, "resume");
  const int is_set = !strcmp(verb, "set");
  if (!is_pause && !is_resume && !is_set) {
    snprintf(reply, reply_size, "error: unknown command '%s' (pause, resume, set, show)", verb);
    return -1;
  }
  char* word = strtok_r(NULL, " \t\r\n", &save);
  int mask = 3;
  if (word && direction_mask(word)) {
    mask = direction_mask(word);
    word = strtok_r(NULL, " \t\r\n", &save);
  }
  if (is_pause || is_resume) {
    if (word) {
      snprintf(reply, reply_size, "error: unexpected '%s'", word);
      return -1;
    }
    for (int d = 0; d < 2; ++d) {
      if (mask & (1 << d)) {
        cue->paused[d] = is_pause;
      }
    }
    cue->pauses += (uint64_t)is_pause;
    snprintf(reply, reply_size, "ok %s", command);
    return 0;
  }
  // set: validate every pair on copies first, so a bad pair changes nothing.
  NetsimSettings s[2] = {cue->dir[0].settings, cue->dir[1].settings};
  if (!word) {
    snprintf(reply, reply_size, "error: set needs KEY=VALUE");
    return -1;
  }
  for (; word; word = strtok_r(NULL, " \t\r\n", &save)) {
    char* eq = strchr(word, '=');
    char* end = NULL;
    const double v = eq ? strtod(eq + 1, &end) : 0.0;
    if (!eq || end == eq + 1 || *end) {
      snprintf(reply, reply_size, "error: '%s' is not KEY=VALUE", word);
      return -1;
    }
    *eq = '\0';
    for (int d = 0; d < 2; ++d) {
      if ((mask & (1 << d)) && set_key(&s[d], word, v)) {
        snprintf(reply, reply_size, "error: bad key or value '%s=%s'", word, eq + 1);
        return -1;
      }
    }
  }
  for (int d = 0; d < 2; ++d) {
    char why[256];
    if ((mask & (1 << d)) && netsim_impair_check(&s[d], why, sizeof why)) {
      snprintf(reply, reply_size, "error: %s", why);
      return -1;
    }
  }
  for (int d = 0; d < 2; ++d) {
    char why[320];
    const NetsimSettings* was = &cue->dir[d].settings;
    const int moved = s[d].delay_ms != was->delay_ms || s[d].jitter_ms != was->jitter_ms;
    if ((mask & (1 << d)) && moved && netsim_impair_clip_warning(&s[d], why, sizeof why)) {
      jam_log(JAM_LOG_WARN, "%s: %s", d ? "up" : "down", why);
    }
  }
  for (int d = 0; d < 2; ++d) {
    cue->dir[d].settings = s[d];
    if (s[d].loss <= 0.0) {
      cue->dir[d].in_burst = 0;
    }
  }
  snprintf(reply, reply_size, "ok %s", command);
  return 0;
}

void
netsim_control_poll(NetsimControl* const self, NetsimCue* const cue, const uint64_t start_us,
                    const uint64_t now_us)
{
  if (!self) {
    return;
  }
  self->start_us = start_us;
  char reply[512];
  while (self->next < self->n_entries && start_us + self->entries[self->next].at_us <= now_us) {
    const NetsimScheduled* e = &self->entries[self->next++];
    const int rc = netsim_control_apply(cue, e->command, reply, sizeof reply);
    jam_log(rc ? JAM_LOG_ERROR : JAM_LOG_INFO, "schedule %.3f s: %s: %s", (double)e->at_us / 1e6,
            e->command, reply);
  }
  if (self->fd < 0) {
    return;
  }
  for (;;) {
    char cmd[NETSIM_COMMAND_MAX];
    JamUdpAddr from = {.len = sizeof from.addr};
    const ssize_t n =
        recvfrom(self->fd, cmd, sizeof cmd - 1, 0, (struct sockaddr*)&from.addr, &from.len);
    if (n < 0) {
      return; // EAGAIN: nothing waiting
    }
    cmd[n] = '\0';
    const int rc = netsim_control_apply(cue, cmd, reply, sizeof reply);
    jam_log(rc ? JAM_LOG_WARN : JAM_LOG_INFO, "control: %s: %s", cmd, reply);
    (void)sendto(self->fd, reply, strlen(reply), 0, (const struct sockaddr*)&from.addr, from.len);
  }
}
