// SPDX-License-Identifier: ISC
// rtjam-net's LV2 glue as a host without a UI sees it: its messages go to the host's log:log
// (nothing on stderr), and it reads the host's nominal block length from the options.

#include "check.h"
#include "lv2_log_host.h"
#include "net_ports.h"

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
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

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

/// An instance on a host with map and log, its audio ports connected (controls at their
/// defaults: unconnected).
typedef struct {
  TestLv2Host host;
  LV2_URID_Map map;
  LV2_Log_Log log;
  LV2_Feature map_feature;
  LV2_Feature log_feature;
  const LV2_Feature* features[3];
  LV2_Handle h;
  float in1[128];
  float in2[128];
  float out_l[128];
  float out_r[128];
} NetHost;

static inline int // inline: unused where the tests that use it are skipped
net_host_open(NetHost* const t, const double rate)
{
  memset(t, 0, sizeof *t);
  t->map = (LV2_URID_Map){&t->host, test_lv2_map};
  t->log = (LV2_Log_Log){&t->host, test_lv2_printf, test_lv2_vprintf};
  t->map_feature = (LV2_Feature){LV2_URID__map, &t->map};
  t->log_feature = (LV2_Feature){LV2_LOG__log, &t->log};
  t->features[0] = &t->map_feature;
  t->features[1] = &t->log_feature;
  t->h = net_lv2_descriptor.instantiate(&net_lv2_descriptor, rate, "", t->features);
  if (!t->h) {
    return 0;
  }
  net_lv2_descriptor.connect_port(t->h, NET_PORT_IN_1, t->in1);
  net_lv2_descriptor.connect_port(t->h, NET_PORT_IN_2, t->in2);
  net_lv2_descriptor.connect_port(t->h, NET_PORT_OUT_L, t->out_l);
  net_lv2_descriptor.connect_port(t->h, NET_PORT_OUT_R, t->out_r);
  net_lv2_descriptor.activate(t->h);
  return 1;
}

static inline void
net_host_close(NetHost* const t)
{
  if (t->h) {
    net_lv2_descriptor.deactivate(t->h);
    net_lv2_descriptor.cleanup(t->h);
    t->h = NULL;
  }
}

#if defined(__SSE__)
static void
run_leaves_the_hosts_floating_point_mode_as_it_found_it(void)
{
  NetHost t;
  CHECK(net_host_open(&t, 48000.0), "instantiate");
  if (!t.h) {
    return;
  }
  const unsigned before = _mm_getcsr();
  _mm_setcsr(before & ~0x8040u); // FTZ (bit 15) and DAZ (bit 6) off, as jalv and plain JACK
  const unsigned host = _mm_getcsr();
  net_lv2_descriptor.run(t.h, 128);
  const unsigned after_off = _mm_getcsr();
  _mm_setcsr(host | 0x8040u); // and on, as Ardour sets them
  net_lv2_descriptor.run(t.h, 128);
  const unsigned after_on = _mm_getcsr();
  _mm_setcsr(before);
  CHECK(after_off == host, "MXCSR 0x%04x before run(), 0x%04x after (FTZ/DAZ left on)", host,
        after_off);
  CHECK(after_on == (host | 0x8040u), "MXCSR 0x%04x before run(), 0x%04x after", host | 0x8040u,
        after_on);
  net_host_close(&t);
}
#endif

int
main(void)
{
  RUN(a_rate_other_than_48_khz_is_a_log_warning_and_nothing_reaches_stderr);
  RUN(a_nominal_block_over_128_frames_is_a_warning_and_128_is_silent);
  RUN(without_urid_map_it_refuses_and_says_why_on_stderr);
#if defined(__SSE__)
  RUN(run_leaves_the_hosts_floating_point_mode_as_it_found_it);
#else
  jam_test_skip("run_leaves_the_hosts_floating_point_mode_as_it_found_it",
                "reads MXCSR, x86 only (dsp_ftz_begin/end restore FPCR/FPSCR elsewhere)");
#endif
  return jam_test_summary();
}
