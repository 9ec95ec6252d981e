// SPDX-License-Identifier: ISC
/// The glue every pedal shares (plugins/pedal_lv2.c): bypass crossfade, bit-exact bypass,
/// cleared state on re-enable, latency-aligned bypass, NaN recovery, activate() before the
/// ports are connected, block-size independence.

#include "tests/unit/check.h"
#include "tests/unit/lv2_log_host.h"

#include "tests/lv2/harness.h"

#include <lv2/log/log.h>
#include <lv2/urid/urid.h>

#include <stdarg.h>
#include <unistd.h>

static void
bypass_crossfades_linearly_over_10_ms(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "boost", 48000.0) == 0, "open");
  pedal_set(&p, "Gain", 12.0f);
  const size_t n = 4800;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  for (size_t i = 0; i < n; ++i) {
    in[i] = 0.25f;
  }
  pedal_run(&p, in, out, 960);
  pedal_set(&p, "enable", 0.0f);
  pedal_run(&p, in + 960, out + 960, n - 960);
  const double on = 0.25 * pow(10.0, 12.0 / 20.0);
  CHECK_NEAR(out[959], on, 1e-4);
  CHECK_NEAR(out[960 + 239], 0.25 + 0.5 * (on - 0.25), 0.002); // halfway at 5 ms
  CHECK_NEAR(out[960 + 480], 0.25, 1e-6);                      // done at 10 ms
  double max_step = 0.0;
  for (size_t i = 1; i < n; ++i) {
    max_step = fmax(max_step, fabs((double)out[i] - out[i - 1]));
  }
  CHECK(max_step < 0.0016, "largest step %g (a hard switch would be 0.75)", max_step);
  free(in);
  free(out);
  pedal_close(&p);
}

static void
a_bypassed_pedal_outputs_its_input_bit_for_bit(void)
{
  static const char* const slugs[] = {"boost", "delay", "sigma-reverb", "compressor"};
  for (int s = 0; s < 4; ++s) {
    Pedal p;
    CHECK(pedal_open(&p, slugs[s], 48000.0) == 0, "open");
    pedal_set(&p, "enable", 0.0f);
    const size_t n = 9600;
    float* const in = harness_alloc(n);
    float* const out = harness_alloc(n);
    harness_sine(in, n, 441.0, 0.5, 48000.0);
    pedal_run(&p, in, out, n);
    CHECK(memcmp(in, out, n * sizeof *in) == 0, "%s: bypassed output differs", slugs[s]);
    free(in);
    free(out);
    pedal_close(&p);
  }
}

static void
a_bypassed_pedal_with_latency_delays_its_input_by_exactly_the_latency(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "tube-drive", 48000.0) == 0, "open");
  pedal_set(&p, "enable", 0.0f);
  const size_t n = 4800;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, 441.0, 0.5, 48000.0);
  pedal_run(&p, in, out, n);
  const size_t lat = (size_t)p.latency;
  CHECK(lat > 0, "latency %zu", lat);
  CHECK(memcmp(in, out + lat, (n - lat) * sizeof *in) == 0, "not a pure delay of %zu", lat);
  free(in);
  free(out);
  pedal_close(&p);
}

static void
a_re_enabled_delay_starts_without_stale_echoes(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "delay", 48000.0) == 0, "open");
  pedal_set(&p, "drift", -60.0f);
  const size_t n = 48000;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  for (size_t i = 0; i < 4800; ++i) {
    in[i] = 0.5f * (float)sin(2.0 * M_PI * 440.0 * (double)i / 48000.0);
  }
  pedal_run(&p, in, out, 4800); // a note goes into the delay line
  pedal_set(&p, "enable", 0.0f);
  pedal_run(&p, in + 4800, out + 4800, 4800); // bypassed before its echo (250 ms)
  pedal_set(&p, "enable", 1.0f);
  pedal_run(&p, in + 9600, out + 9600, n - 9600); // silence in: nothing may come out
  CHECK(harness_peak(out + 9600, n - 9600) == 0.0, "stale echo, peak %g",
        harness_peak(out + 9600, n - 9600));
  free(in);
  free(out);
  pedal_close(&p);
}

static void
nan_and_inf_input_give_finite_output_and_the_pedal_recovers(void)
{
  Pedal p;
  CHECK(pedal_open(&p, "tone-stack", 48000.0) == 0, "open");
  pedal_set(&p, "bass", 12.0f);
  const size_t n = 9600;
  float* const buf = harness_alloc(n);
  harness_sine(buf, n, 1000.0, 0.1, 48000.0);
  buf[100] = NAN;
  buf[101] = INFINITY;
  buf[102] = -INFINITY;
  pedal_run(&p, buf, buf, n);
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    bad += !isfinite(buf[i]);
  }
  CHECK_INT(bad, 0);
  CHECK(harness_peak(buf + 4800, 4800) > 0.05, "no signal after the NaN");
  free(buf);
  pedal_close(&p);
}

static void
the_output_guard_leaves_the_loudest_legitimate_output_alone(void)
{
  // Every tone-stack band at +20 dB with the input at its +40 dBFS clamp (amplitude 100): a
  // linear pedal whose output is far above full scale but below PEDAL_OUTPUT_LIMIT (+80 dBFS),
  // so the guard must not reset it (a reset would leave silence, or a much lower level).
  Pedal p;
  CHECK(pedal_open(&p, "tone-stack", 48000.0) == 0, "open");
  pedal_set(&p, "bass", 20.0f);
  pedal_set(&p, "mid", 20.0f);
  pedal_set(&p, "treble", 20.0f);
  const double small = harness_gain_db(&p, 700.0, 1e-3, 0.2);
  pedal_close(&p);
  CHECK(pedal_open(&p, "tone-stack", 48000.0) == 0, "open");
  pedal_set(&p, "bass", 20.0f);
  pedal_set(&p, "mid", 20.0f);
  pedal_set(&p, "treble", 20.0f);
  const double loud = harness_gain_db(&p, 700.0, 100.0, 0.2);
  printf("     gain at 700 Hz: %.2f dB at -60 dBFS, %.2f dB at +40 dBFS in\n", small, loud);
  CHECK(small > 20.0, "gain %.2f dB: not the loud case meant", small);
  CHECK_NEAR(loud, small, 0.01);
  pedal_close(&p);
}

static void
activate_before_connecting_the_controls_uses_the_defaults(void)
{
  const PedalDef* const def = pedal_defs_find("boost");
  const LV2_Descriptor* d = NULL;
  for (uint32_t i = 0; (d = lv2_descriptor(i)) != NULL; ++i) {
    if (strstr(d->URI, "/boost")) {
      break;
    }
  }
  CHECK(d != NULL && def != NULL, "boost descriptor");
  LV2_Handle h = d->instantiate(d, 48000.0, "", NULL);
  CHECK(h != NULL, "instantiate");
  d->activate(h); // no port connected yet (lv2file and Ardour do this)
  float in[64], out[64];
  for (int i = 0; i < 64; ++i) {
    in[i] = 0.5f;
  }
  d->connect_port(h, PEDAL_BOOST_IN, in);
  d->connect_port(h, PEDAL_BOOST_OUT, out);
  d->run(h, 64); // control ports never connected: Gain 0 dB, enabled
  CHECK_NEAR(out[63], 0.5, 1e-7);
  d->cleanup(h);
}

static void
a_rate_outside_8_to_384_khz_is_refused(void)
{
  const LV2_Descriptor* const d = lv2_descriptor(0);
  CHECK(d->instantiate(d, 4000.0, "", NULL) == NULL, "4 kHz accepted");
  CHECK(d->instantiate(d, 768000.0, "", NULL) == NULL, "768 kHz accepted");
  CHECK(lv2_descriptor(PEDAL_COUNT + 1) == NULL, "descriptor past the end");
}

static void
a_refused_instantiation_is_reported_through_the_hosts_log_and_not_on_stderr(void)
{
  TestLv2Host host = {.n_uris = 0};
  LV2_URID_Map map = {&host, test_lv2_map};
  LV2_Log_Log log = {&host, test_lv2_printf, test_lv2_vprintf};
  const LV2_Feature map_feature = {LV2_URID__map, &map};
  const LV2_Feature log_feature = {LV2_LOG__log, &log};
  const LV2_Feature* const features[] = {&map_feature, &log_feature, NULL};
  const long bytes =
      test_lv2_instantiate_capturing_stderr(lv2_descriptor(0), 4000.0, features, NULL);
  CHECK(bytes == 0, "%ld bytes on stderr although the host has a log", bytes);
  CHECK(host.errors == 1 && host.warnings + host.traces + host.others == 0,
        "%u errors and %u other messages in the log", host.errors,
        host.warnings + host.traces + host.others);
  CHECK(strstr(host.last, "4000 Hz") != NULL, "log message: %s", host.last);
  // A normal instantiation logs nothing.
  host.errors = 0;
  CHECK(test_lv2_instantiate_capturing_stderr(lv2_descriptor(0), 48000.0, features, NULL) == 0,
        "stderr at 48 kHz");
  CHECK(host.errors + host.warnings + host.traces + host.others == 0, "%u messages at 48 kHz",
        host.errors + host.warnings + host.traces + host.others);
}

static void
without_a_host_log_the_refusal_goes_to_stderr(void)
{
  const long bytes = test_lv2_instantiate_capturing_stderr(lv2_descriptor(0), 4000.0, NULL, NULL);
  CHECK(bytes > 20, "%ld bytes on stderr (a one-line message expected)", bytes);
}

int
main(void)
{
  RUN(bypass_crossfades_linearly_over_10_ms);
  RUN(a_bypassed_pedal_outputs_its_input_bit_for_bit);
  RUN(a_bypassed_pedal_with_latency_delays_its_input_by_exactly_the_latency);
  RUN(a_re_enabled_delay_starts_without_stale_echoes);
  RUN(nan_and_inf_input_give_finite_output_and_the_pedal_recovers);
  RUN(the_output_guard_leaves_the_loudest_legitimate_output_alone);
  RUN(activate_before_connecting_the_controls_uses_the_defaults);
  RUN(a_rate_outside_8_to_384_khz_is_refused);
  RUN(a_refused_instantiation_is_reported_through_the_hosts_log_and_not_on_stderr);
  RUN(without_a_host_log_the_refusal_goes_to_stderr);
  return jam_test_summary();
}
