// SPDX-License-Identifier: ISC
// rtjam-net's LV2 glue as a host without a UI sees it: its messages go to the host's log:log
// (nothing on stderr), and it reads the host's nominal block length from the options.

#include "check.h"
#include "lv2_log_host.h"
#include "net_ports.h"
#include "ttl/net_defs.h"

#include <lv2/atom/atom.h>
#include <lv2/atom/forge.h>
#include <lv2/atom/util.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/core/lv2.h>
#include <lv2/log/log.h>
#include <lv2/options/options.h>
#include <lv2/patch/patch.h>
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
  uint64_t control[512]; ///< atom sequence in (8-byte aligned)
  uint64_t notify[512];  ///< atom sequence out
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
  net_lv2_descriptor.connect_port(t->h, NET_PORT_CONTROL, t->control);
  net_lv2_descriptor.connect_port(t->h, NET_PORT_NOTIFY, t->notify);
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

/// Runs one period with a patch:Set of clientId to `id` (when set) and a patch:Get in the
/// control port; returns the last clientId the notify port reported, or `none`.
static int64_t
run_with_client_id(NetHost* const t, const int set, const int32_t id, const int64_t none)
{
  LV2_Atom_Forge forge;
  lv2_atom_forge_init(&forge, &t->map);
  const LV2_URID key = t->map.map(t->map.handle, NET_URI_CLIENT_ID);
  lv2_atom_forge_set_buffer(&forge, (uint8_t*)t->control, sizeof t->control);
  LV2_Atom_Forge_Frame seq;
  LV2_Atom_Forge_Frame obj;
  lv2_atom_forge_sequence_head(&forge, &seq, 0);
  if (set) {
    lv2_atom_forge_frame_time(&forge, 0);
    lv2_atom_forge_object(&forge, &obj, 0, t->map.map(t->map.handle, LV2_PATCH__Set));
    lv2_atom_forge_key(&forge, t->map.map(t->map.handle, LV2_PATCH__property));
    lv2_atom_forge_urid(&forge, key);
    lv2_atom_forge_key(&forge, t->map.map(t->map.handle, LV2_PATCH__value));
    lv2_atom_forge_int(&forge, id);
    lv2_atom_forge_pop(&forge, &obj);
  }
  lv2_atom_forge_frame_time(&forge, 0);
  lv2_atom_forge_object(&forge, &obj, 0, t->map.map(t->map.handle, LV2_PATCH__Get));
  lv2_atom_forge_pop(&forge, &obj);
  lv2_atom_forge_pop(&forge, &seq);
  LV2_Atom* const out = (void*)t->notify;
  out->type = 0;
  out->size = (uint32_t)(sizeof t->notify - sizeof(LV2_Atom));
  net_lv2_descriptor.run(t->h, 128);
  const LV2_URID property = t->map.map(t->map.handle, LV2_PATCH__property);
  const LV2_URID value_key = t->map.map(t->map.handle, LV2_PATCH__value);
  int64_t got = none;
  const LV2_Atom_Sequence* const notify = (const void*)t->notify;
  LV2_ATOM_SEQUENCE_FOREACH(notify, ev)
  {
    const LV2_Atom* p = NULL;
    const LV2_Atom* v = NULL;
    lv2_atom_object_get((const LV2_Atom_Object*)&ev->body, property, &p, value_key, &v, 0);
    if (p && v && ((const LV2_Atom_URID*)p)->body == key && v->size == sizeof(int32_t)) {
      got = ((const LV2_Atom_Int*)v)->body;
    }
  }
  return got;
}

/// Sets clientId to `id`, then lets the link's I/O thread answer (the notify port reports the
/// route it echoes once it has one): 20 plain Gets 10 ms apart. Returns the last report.
static int64_t
set_client_id_and_settle(NetHost* const t, const int32_t id)
{
  int64_t got = run_with_client_id(t, 1, id, -1000);
  for (int k = 0; k < 20; ++k) {
    usleep(10000);
    got = run_with_client_id(t, 0, 0, got);
  }
  return got;
}

static void
a_client_id_outside_0_to_2_pow_24_minus_1_is_ignored(void)
{
  NetHost t;
  CHECK(net_host_open(&t, 48000.0), "instantiate");
  if (!t.h) {
    return;
  }
  CHECK_INT(set_client_id_and_settle(&t, 42), 42);
  CHECK_INT(set_client_id_and_settle(&t, 16777215), 16777215); // the top of the range
  CHECK_INT(set_client_id_and_settle(&t, 42), 42);
  CHECK_INT(set_client_id_and_settle(&t, -5), 42);       // would wrap to 4294967291
  CHECK_INT(set_client_id_and_settle(&t, 16777216), 42); // 2^24: past the TTL's maximum
  CHECK_INT(set_client_id_and_settle(&t, INT32_MIN), 42);
  // The ids the wire reserves (40000 empty slot, 40001/40002 the server's streams) are no
  // member's: refused as well. 0 is a member's id.
  CHECK_INT(set_client_id_and_settle(&t, 40000), 42);
  CHECK_INT(set_client_id_and_settle(&t, 40001), 42);
  CHECK_INT(set_client_id_and_settle(&t, 40002), 42);
  CHECK_INT(set_client_id_and_settle(&t, 40003), 40003);
  CHECK_INT(set_client_id_and_settle(&t, 0), 0);
  net_host_close(&t);
}

int
main(void)
{
  RUN(a_rate_other_than_48_khz_is_a_log_warning_and_nothing_reaches_stderr);
  RUN(a_nominal_block_over_128_frames_is_a_warning_and_128_is_silent);
  RUN(without_urid_map_it_refuses_and_says_why_on_stderr);
  RUN(a_client_id_outside_0_to_2_pow_24_minus_1_is_ignored);
#if defined(__SSE__)
  RUN(run_leaves_the_hosts_floating_point_mode_as_it_found_it);
#else
  jam_test_skip("run_leaves_the_hosts_floating_point_mode_as_it_found_it",
                "reads MXCSR, x86 only (dsp_ftz_begin/end restore FPCR/FPSCR elsewhere)");
#endif
  return jam_test_summary();
}
