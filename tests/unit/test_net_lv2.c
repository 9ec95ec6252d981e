// SPDX-License-Identifier: ISC
// rtjam-net's LV2 glue as a host without a UI sees it: its messages go to the host's log:log
// (nothing on stderr), and it reads the host's nominal block length from the options.

#include "check.h"
#include "lv2_log_host.h"

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

/// Runs one instantiation with map, log and (when block > 0) a nominal block length.
static long
instantiate_with_host(TestLv2Host* const host, const double rate, const int32_t block, int* made)
{
  LV2_URID_Map map = {host, test_lv2_map};
  LV2_Log_Log log = {host, test_lv2_printf, test_lv2_vprintf};
  LV2_Options_Option options[] = {
      {LV2_OPTIONS_INSTANCE, 0, test_lv2_map(host, LV2_BUF_SIZE__nominalBlockLength),
       sizeof(int32_t), test_lv2_map(host, LV2_ATOM__Int), &block},
      {LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL},
  };
  const LV2_Feature map_feature = {LV2_URID__map, &map};
  const LV2_Feature log_feature = {LV2_LOG__log, &log};
  const LV2_Feature options_feature = {LV2_OPTIONS__options, options};
  const LV2_Feature* const features[] = {&map_feature, &log_feature,
                                         block > 0 ? &options_feature : NULL, NULL};
  return test_lv2_instantiate_capturing_stderr(&net_lv2_descriptor, rate, features, made);
}

static void
a_rate_other_than_48_khz_is_a_log_warning_and_nothing_reaches_stderr(void)
{
  TestLv2Host host = {.n_uris = 0};
  int made = 0;
  const long bytes = instantiate_with_host(&host, 44100.0, 0, &made);
  CHECK(made, "instantiate at 44.1 kHz");
  CHECK(bytes == 0, "%ld bytes on stderr although the host has a log", bytes);
  CHECK(host.warnings == 1 && host.errors == 0 && host.others == 0,
        "%u warnings, %u other messages", host.warnings, host.others);
  CHECK(strstr(host.last, "44100 Hz") != NULL, "warning: %s", host.last);
}

static void
a_nominal_block_over_128_frames_is_a_warning_and_128_is_silent(void)
{
  TestLv2Host host = {.n_uris = 0};
  int made = 0;
  long bytes = instantiate_with_host(&host, 48000.0, 1024, &made);
  CHECK(made && bytes == 0, "instantiate with a 1024-frame block: %ld bytes on stderr", bytes);
  CHECK(host.warnings == 1 && host.errors == 0 && host.others == 0,
        "%u warnings, %u other messages", host.warnings, host.others);
  CHECK(strstr(host.last, "1024 frames") != NULL && strstr(host.last, "21.3 ms") != NULL,
        "warning: %s", host.last);
  host.warnings = 0;
  bytes = instantiate_with_host(&host, 48000.0, 128, &made);
  CHECK(made && bytes == 0, "instantiate with a 128-frame block: %ld bytes on stderr", bytes);
  CHECK(host.warnings == 0 && host.errors == 0 && host.others == 0,
        "%u warnings, %u other messages at 128 frames", host.warnings, host.others);
}

static void
without_urid_map_it_refuses_and_says_why_on_stderr(void)
{
  int made = 1;
  const long bytes =
      test_lv2_instantiate_capturing_stderr(&net_lv2_descriptor, 48000.0, NULL, &made);
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
