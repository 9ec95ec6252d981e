// SPDX-License-Identifier: ISC
// rtjam-net's LV2 glue as a host without a UI sees it: its messages go to the host's log:log
// (nothing on stderr), and it reads the host's nominal block length from the options.

#include "check.h"

#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/log/log.h>
#include <lv2/options/options.h>
#include <lv2/urid/urid.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const LV2_Descriptor net_lv2_descriptor;

/// A host's urid:map and log:log: counts messages by type, keeps the last one.
typedef struct {
  const char* uris[32]; ///< URID k + 1 is uris[k]
  size_t n_uris;        ///< mapped so far
  unsigned warnings;    ///< messages of type log:Warning
  unsigned others;      ///< messages of any other type but log:Trace
  char last[512];       ///< the last warning
} TestHost;

static LV2_URID
test_map(LV2_URID_Map_Handle handle, const char* const uri)
{
  TestHost* const h = handle;
  for (size_t i = 0; i < h->n_uris; ++i) {
    if (!strcmp(h->uris[i], uri)) {
      return (LV2_URID)(i + 1);
    }
  }
  if (h->n_uris == 32) {
    return 0;
  }
  h->uris[h->n_uris++] = uri; // the plugin passes string literals
  return (LV2_URID)h->n_uris;
}

static int
test_vprintf(LV2_Log_Handle handle, const LV2_URID type, const char* const fmt, va_list args)
{
  TestHost* const h = handle;
  const char* const t = type ? h->uris[type - 1] : "";
  if (!strcmp(t, LV2_LOG__Warning)) {
    ++h->warnings;
    return vsnprintf(h->last, sizeof h->last, fmt, args);
  }
  h->others += strcmp(t, LV2_LOG__Trace) != 0;
  return 0;
}

static int
test_printf(LV2_Log_Handle handle, const LV2_URID type, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  const int n = test_vprintf(handle, type, fmt, args);
  va_end(args);
  return n;
}

/// Instantiates rtjam-net at `rate` with `features` (and cleans up) while stderr goes to a
/// file; returns the bytes written to stderr meanwhile, -1 if the redirection failed. *made
/// says whether instantiate() returned an instance.
static long
instantiate_capturing_stderr(const double rate, const LV2_Feature* const* const features,
                             int* const made)
{
  char path[] = "/tmp/rtjam-net-lv2-stderr.XXXXXX";
  const int fd = mkstemp(path);
  const int saved = dup(STDERR_FILENO);
  if (fd < 0 || saved < 0) {
    return -1;
  }
  fflush(stderr);
  dup2(fd, STDERR_FILENO);
  const LV2_Descriptor* const d = &net_lv2_descriptor;
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
  *made = h != NULL;
  return bytes;
}

/// Runs one instantiation with map, log and (when block > 0) a nominal block length.
static long
instantiate_with_host(TestHost* const host, const double rate, const int32_t block, int* made)
{
  LV2_URID_Map map = {host, test_map};
  LV2_Log_Log log = {host, test_printf, test_vprintf};
  LV2_Options_Option options[] = {
      {LV2_OPTIONS_INSTANCE, 0, test_map(host, LV2_BUF_SIZE__nominalBlockLength), sizeof(int32_t),
       test_map(host, LV2_ATOM__Int), &block},
      {LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL},
  };
  const LV2_Feature map_feature = {LV2_URID__map, &map};
  const LV2_Feature log_feature = {LV2_LOG__log, &log};
  const LV2_Feature options_feature = {LV2_OPTIONS__options, options};
  const LV2_Feature* const features[] = {&map_feature, &log_feature,
                                         block > 0 ? &options_feature : NULL, NULL};
  return instantiate_capturing_stderr(rate, features, made);
}

static void
a_rate_other_than_48_khz_is_a_log_warning_and_nothing_reaches_stderr(void)
{
  TestHost host = {.n_uris = 0};
  int made = 0;
  const long bytes = instantiate_with_host(&host, 44100.0, 0, &made);
  CHECK(made, "instantiate at 44.1 kHz");
  CHECK(bytes == 0, "%ld bytes on stderr although the host has a log", bytes);
  CHECK(host.warnings == 1 && host.others == 0, "%u warnings, %u other messages", host.warnings,
        host.others);
  CHECK(strstr(host.last, "44100 Hz") != NULL, "warning: %s", host.last);
}

static void
a_nominal_block_over_128_frames_is_a_warning_and_128_is_silent(void)
{
  TestHost host = {.n_uris = 0};
  int made = 0;
  long bytes = instantiate_with_host(&host, 48000.0, 1024, &made);
  CHECK(made && bytes == 0, "instantiate with a 1024-frame block: %ld bytes on stderr", bytes);
  CHECK(host.warnings == 1 && host.others == 0, "%u warnings, %u other messages", host.warnings,
        host.others);
  CHECK(strstr(host.last, "1024 frames") != NULL && strstr(host.last, "21.3 ms") != NULL,
        "warning: %s", host.last);
  host.warnings = 0;
  bytes = instantiate_with_host(&host, 48000.0, 128, &made);
  CHECK(made && bytes == 0, "instantiate with a 128-frame block: %ld bytes on stderr", bytes);
  CHECK(host.warnings == 0 && host.others == 0, "%u warnings, %u other messages at 128 frames",
        host.warnings, host.others);
}

static void
without_urid_map_it_refuses_and_says_why_on_stderr(void)
{
  int made = 1;
  const long bytes = instantiate_capturing_stderr(48000.0, NULL, &made);
  CHECK(!made, "instantiated without urid:map");
  CHECK(bytes > 20, "%ld bytes on stderr (a one-line message expected)", bytes);
}

int
main(void)
{
  RUN(a_rate_other_than_48_khz_is_a_log_warning_and_nothing_reaches_stderr);
  RUN(a_nominal_block_over_128_frames_is_a_warning_and_128_is_silent);
  RUN(without_urid_map_it_refuses_and_says_why_on_stderr);
  return jam_test_summary();
}
