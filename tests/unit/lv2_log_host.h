// SPDX-License-Identifier: ISC
/// A test's stand-in for an LV2 host's urid:map and log:log: it counts log messages by type and
/// keeps the last error or warning; and an instantiation with stderr sent to a file, to show
/// that a plugin says nothing there when the host has a log. Include once per test program.

#ifndef JAM_TEST_LV2_LOG_HOST_H
#define JAM_TEST_LV2_LOG_HOST_H

#include <lv2/core/lv2.h>
#include <lv2/log/log.h>
#include <lv2/urid/urid.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  const char* uris[64]; ///< URID k + 1 is uris[k]
  size_t n_uris;        ///< mapped so far
  unsigned errors;      ///< messages of type log:Error
  unsigned warnings;    ///< messages of type log:Warning
  unsigned traces;      ///< messages of type log:Trace
  unsigned others;      ///< messages of any other type
  char last[512];       ///< the last error or warning
} TestLv2Host;

static LV2_URID
test_lv2_map(LV2_URID_Map_Handle handle, const char* const uri)
{
  TestLv2Host* const h = handle;
  for (size_t i = 0; i < h->n_uris; ++i) {
    if (!strcmp(h->uris[i], uri)) {
      return (LV2_URID)(i + 1);
    }
  }
  if (h->n_uris == sizeof h->uris / sizeof h->uris[0]) {
    return 0;
  }
  h->uris[h->n_uris++] = uri; // the callers pass string literals
  return (LV2_URID)h->n_uris;
}

static int
test_lv2_vprintf(LV2_Log_Handle handle, const LV2_URID type, const char* const fmt, va_list args)
{
  TestLv2Host* const h = handle;
  const char* const t = type && type <= h->n_uris ? h->uris[type - 1] : "";
  if (!strcmp(t, LV2_LOG__Error) || !strcmp(t, LV2_LOG__Warning)) {
    ++*(!strcmp(t, LV2_LOG__Error) ? &h->errors : &h->warnings);
    return vsnprintf(h->last, sizeof h->last, fmt, args);
  }
  ++*(!strcmp(t, LV2_LOG__Trace) ? &h->traces : &h->others);
  return 0;
}

static int
test_lv2_printf(LV2_Log_Handle handle, const LV2_URID type, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  const int n = test_lv2_vprintf(handle, type, fmt, args);
  va_end(args);
  return n;
}

/// Instantiates d at `rate` with `features`, and cleans it up, while stderr goes to a file.
/// @return the bytes written to stderr meanwhile, -1 if the redirection failed; *made says
///         whether instantiate() returned an instance (made may be NULL)
static long
test_lv2_instantiate_capturing_stderr(const LV2_Descriptor* const d, const double rate,
                                      const LV2_Feature* const* const features, int* const made)
{
  char path[] = "/tmp/rtjam-lv2-stderr.XXXXXX";
  const int fd = mkstemp(path);
  const int saved = dup(STDERR_FILENO);
  if (fd < 0 || saved < 0) {
    return -1;
  }
  fflush(stderr);
  dup2(fd, STDERR_FILENO);
  LV2_Handle h = d->instantiate(d, rate, "", features);
  if (h) {
    d->cleanup(h);
  }
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  const long bytes = lseek(fd, 0, SEEK_END);
  close(fd);
  unlink(path);
  if (made) {
    *made = h != NULL;
  }
  return bytes;
}

#endif // JAM_TEST_LV2_LOG_HOST_H
