// SPDX-License-Identifier: ISC
// Levelled logging to stderr. Each line is formatted into a local buffer and written with one
// write() so lines from different threads do not interleave.

#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int log_level = -1; // -1: not yet read from the environment

static const char* const level_names[] = {"error", "warn", "info", "debug"};

int
jam_log_parse_level(const char* const name, JamLogLevel* const level)
{
  for (int i = 0; i <= (int)JAM_LOG_DEBUG; ++i) {
    if (name && !strcmp(name, level_names[i])) {
      *level = (JamLogLevel)i;
      return 0;
    }
  }
  return -1;
}

void
jam_log_set_level(const JamLogLevel level)
{
  atomic_store(&log_level, (int)level);
}

int
jam_log_enabled(const JamLogLevel level)
{
  int current = atomic_load(&log_level);
  if (current < 0) {
    JamLogLevel parsed = JAM_LOG_INFO;
    jam_log_parse_level(getenv("RTJAM_LOG"), &parsed);
    current = (int)parsed;
    atomic_store(&log_level, current);
  }
  return (int)level <= current;
}

void
jam_log(const JamLogLevel level, const char* const fmt, ...)
{
  if (!jam_log_enabled(level)) {
    return;
  }
  char line[1024];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  localtime_r(&ts.tv_sec, &tm);
  int n = (int)strftime(line, sizeof line, "%H:%M:%S", &tm);
  n += snprintf(line + n, sizeof line - (size_t)n, ".%03ld %-5s ", ts.tv_nsec / 1000000L,
                level_names[level]);
  va_list args;
  va_start(args, fmt);
  const int m = vsnprintf(line + n, sizeof line - (size_t)n, fmt, args);
  va_end(args);
  n = (m < 0) ? n : n + m;
  if (n > (int)sizeof line - 2) {
    n = (int)sizeof line - 2;
  }
  line[n++] = '\n';
  const ssize_t written = write(STDERR_FILENO, line, (size_t)n);
  (void)written;
}

void
jam_log_printable(const char* const text, const size_t len, char* const out, const size_t cap)
{
  if (cap == 0) {
    return;
  }
  const size_t n = len < cap - 1 ? len : cap - 1;
  snprintf(out, cap, "%.*s", (int)n, text);
  for (char* p = out; *p; ++p) {
    if ((unsigned char)*p < 0x20u || *p == 0x7f) {
      *p = '?';
    }
  }
}
