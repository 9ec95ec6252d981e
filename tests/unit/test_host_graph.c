// SPDX-License-Identifier: ISC
// rtjam-host's real-time graph (host/graph.c) run without JACK: this test is the backend. A
// board of two pedals (Boost at +12 dB, Tone Stack) feeds the rtjam-net stage; a 220 Hz sine
// goes in, 64-frame periods are processed, and the rig inserts a pedal and deletes the Boost
// while the graph is live. Each swap fades the old chain out and the new one in, so the largest
// sample-to-sample step of the output across the swaps stays within twice the steady sine's
// (printed); the levels show that the insert changed nothing and the delete took 12 dB off.
// Then rtjam-net's controls through the graph: clamped to the port table's ranges, and the local
// inputs' own pans.

#include "host/graph.h"
#include "host/rig.h"
#include "host/world_impl.h"

#include "check.h"

#include <lv2/buf-size/buf-size.h>
#include <lv2/options/options.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PERIOD 64
#define AMP    0.1
#define HZ     220.0

static HostWorld* g_world;
static HostGraph* g_graph;
static HostRig* g_rig;
static uint64_t g_t;      ///< frames processed
static float g_last;      ///< the previous output sample (left)
static double g_step;     ///< the largest |step| since the last reset
static double g_sum_sq;   ///< sum of squares since the last reset
static uint64_t g_count;  ///< samples since the last reset
static double g_sum_sq_r; ///< sum of squares of the right output since the last reset

static void
collect(void);

// Processes `periods` periods of the sine on input 1 (silence on input 2).
static void
run(int periods)
{
  float in1[PERIOD], in2[PERIOD] = {0}, l[PERIOD] = {0}, r[PERIOD] = {0};
  for (int p = 0; p < periods; ++p) {
    for (int i = 0; i < PERIOD; ++i) {
      in1[i] = (float)(AMP * sin(2.0 * M_PI * HZ * (double)(g_t + (uint64_t)i) / 48000.0));
    }
    const float* in[2] = {in1, in2};
    float* out[2] = {l, r};
    host_graph_process(g_graph, in, out, NULL, PERIOD);
    for (int i = 0; i < PERIOD; ++i) {
      const double step = fabs((double)l[i] - (double)g_last);
      g_step = step > g_step ? step : g_step;
      g_last = l[i];
      g_sum_sq += (double)l[i] * l[i];
      g_sum_sq_r += (double)r[i] * r[i];
      ++g_count;
    }
    g_t += PERIOD;
    if (p % 16 == 15) {
      collect(); // as the main thread does every 5 ms: readings and retired chains
    }
  }
}

static void
reset(void)
{
  g_step = 0.0;
  g_sum_sq = 0.0;
  g_sum_sq_r = 0.0;
  g_count = 0;
}

static double
rms_db(void)
{
  return 10.0 * log10(g_sum_sq / (double)(g_count ? g_count : 1) + 1e-30);
}

static double
rms_db_right(void)
{
  return 10.0 * log10(g_sum_sq_r / (double)(g_count ? g_count : 1) + 1e-30);
}

// rtjam-net through the graph: a control beyond its range is clamped to the range of the one
// port table (ttl/net_defs.c: monitor -60..12 dB), and a local input has its own pan
// (monitor_pan_1, constant power: hard right = left silent, right +3 dB).
static void
net_controls_follow_the_port_table_and_the_local_input_pans(void)
{
  host_graph_set_live(g_graph, 1);
  run(300);
  reset();
  run(150);
  const double base_l = rms_db(), base_r = rms_db_right();
  CHECK_INT(host_graph_set_net(g_graph, "monitor", 100.0f), JAM_SUCCESS); // clamped to +12
  run(300);
  reset();
  run(150);
  const double loud = rms_db();
  CHECK_INT(host_graph_set_net(g_graph, "monitor", 0.0f), JAM_SUCCESS);
  CHECK_INT(host_graph_set_net(g_graph, "monitor_pan_1", 1.0f), JAM_SUCCESS);
  run(300);
  reset();
  run(150);
  const double pan_l = rms_db(), pan_r = rms_db_right();
  printf("     monitor: %.2f dB; monitor 100 (clamped): %.2f dB; monitor_pan_1 = 1: left %.2f, "
         "right %.2f dB\n",
         base_l, loud, pan_l, pan_r);
  CHECK_NEAR(base_l, base_r, 0.01);
  CHECK_NEAR(loud - base_l, 12.0, 0.05);
  CHECK(pan_l < base_l - 60.0, "hard right: left %.2f dB", pan_l);
  CHECK_NEAR(pan_r - base_r, 10.0 * log10(2.0), 0.05);
  CHECK_INT(host_graph_set_net(g_graph, "monitor_pan_1", 0.0f), JAM_SUCCESS);
  host_graph_set_live(g_graph, 0);
  collect();
}

static void
collect(void)
{
  HostReadings readings;
  host_graph_collect(g_graph, &readings);
}

static void
a_live_insert_and_delete_swap_without_a_click(void)
{
  char err[256] = "";
  CHECK_INT(host_rig_insert(g_rig, 0, "Boost", 0, err, sizeof err), JAM_SUCCESS);
  CHECK_INT(host_rig_insert(g_rig, 0, "Tone Stack", 1, err, sizeof err), JAM_SUCCESS);
  const HostSettingValue gain = {"Gain", 12.0, 0};
  CHECK_INT(host_rig_set(g_rig, 0, 0, &gain), JAM_SUCCESS);
  host_graph_set_live(g_graph, 1); // from here the messages wait for the next period
  run(750);                        // 1 s: the net stage's monitor gain and the pedals settle
  reset();
  run(150);
  const double steady_step = g_step;
  const double steady_db = rms_db();
  printf("     steady: largest step %.5f, level %.2f dB RMS\n", steady_step, steady_db);
  CHECK(steady_step > 0.005 && steady_step < 0.05, "a +12 dB sine of amplitude %.1f: %.5f", AMP,
        steady_step);

  reset();
  CHECK_INT(host_rig_insert(g_rig, 0, "Boost", 1, err, sizeof err), JAM_SUCCESS); // 0 dB
  run(20);
  collect();
  const double insert_step = g_step;
  reset();
  run(150);
  const double inserted_db = rms_db();

  reset();
  CHECK_INT(host_rig_delete(g_rig, 0, 0), JAM_SUCCESS); // the +12 dB Boost
  run(20);
  collect();
  const double delete_step = g_step;
  reset();
  run(150);
  const double deleted_db = rms_db();
  printf("     live insert: largest step %.5f, then %.2f dB; live delete: largest step %.5f, "
         "then %.2f dB (bound on the steps: %.5f)\n",
         insert_step, inserted_db, delete_step, deleted_db, 2.0 * steady_step);
  CHECK(insert_step <= 2.0 * steady_step, "insert: step %.5f > %.5f", insert_step,
        2.0 * steady_step);
  CHECK(delete_step <= 2.0 * steady_step, "delete: step %.5f > %.5f", delete_step,
        2.0 * steady_step);
  CHECK_NEAR(inserted_db, steady_db, 0.5);       // a 0 dB Boost changes nothing
  CHECK_NEAR(deleted_db, steady_db - 12.0, 0.5); // the +12 dB Boost is gone
  char names[256] = "";
  HostBoardInfo* info = malloc(sizeof *info);
  host_rig_info(g_rig, 0, info);
  for (int i = 0; i < info->n_pedals; ++i) {
    strncat(names, i ? "," : "", sizeof names - strlen(names) - 1);
    strncat(names, info->pedals[i].name, sizeof names - strlen(names) - 1);
  }
  free(info);
  CHECK(!strcmp(names, "Boost,Tone Stack"), "board 0 = %s", names);
  CHECK_INT(host_graph_dropped(g_graph), 0);
  host_graph_set_live(g_graph, 0);
  collect();
}

// Readings the main thread does not collect fill their ring: each one lost is counted, and the
// count is what levelEvent's "dropped" reports (it was a plain counter no one read).
static void
readings_left_uncollected_are_counted_as_dropped(void)
{
  collect();
  const uint32_t before = host_graph_dropped(g_graph);
  float in1[PERIOD] = {0}, in2[PERIOD] = {0}, l[PERIOD], r[PERIOD];
  const float* in[2] = {in1, in2};
  float* out[2] = {l, r};
  for (int p = 0; p < 200 * 720 / PERIOD; ++p) { // 200 readings; the ring holds fewer than 100
    host_graph_process(g_graph, in, out, NULL, PERIOD);
  }
  const uint32_t after = host_graph_dropped(g_graph);
  CHECK(after - before >= 100 && after - before <= 200, "dropped %u -> %u", before, after);
  collect();
  run(720 / PERIOD + 1);
  CHECK_INT(host_graph_dropped(g_graph), after); // collected: nothing more lost
  collect();
}

// What levelEvent reports while no audio runs (JACK down or hung): it showed the last
// readings, frozen (a tone's level, members, "connected"), for as long as JACK was away.
static void
idle_readings_are_silence_out_of_the_room(void)
{
  HostReadings r;
  memset(&r, 0x41, sizeof r); // a live-looking state: every float 12.1, ids non-zero
  r.chain_latency[0] = 64.0f;
  host_readings_idle(&r);
  CHECK(r.input_avg[0] == -60.0 && r.input_peak[1] == -60.0 && r.room_avg[0] == -60.0 &&
            r.master_avg == -60.0 && r.master_peak == -60.0,
        "levels in %g/%g room %g master %g/%g", r.input_avg[0], r.input_peak[1], r.room_avg[0],
        r.master_avg, r.master_peak);
  CHECK(r.player_level[0] == -60.0f && r.player_peak[21] == -60.0f, "player levels");
  CHECK(r.connected == 0.0f && r.client_id[0] == 0 && r.client_id[HOST_NET_SLOTS - 1] == 0,
        "out of the room");
  CHECK(r.chain_latency[0] == 64.0f, "the boards' latency is kept: %g", (double)r.chain_latency[0]);
}

// The nominalBlockLength (LV2 bufsz) the plugins get, or 0 when the options give none.
static int32_t
nominal_block(void)
{
  const LV2_URID key = host_world_map(g_world, LV2_BUF_SIZE__nominalBlockLength);
  for (const LV2_Options_Option* o = g_world->options; o->key; ++o) {
    if (o->key == key) {
      return *(const int32_t*)o->value;
    }
  }
  return 0;
}

// Regression: nominalBlockLength was block_max (1024) whatever JACK ran, so rtjam-net warned at
// every start of a 1024-frame block (bursts, jitter buffers 21.3 ms deeper) while JACK ran 128.
// It is now absent until JACK's period is known, then that period (capped at one run()'s most).
static void
the_nominal_block_is_jack_s_period_or_none(void)
{
  CHECK_INT(nominal_block(), 0); // a new world: JACK's period not known yet
  host_world_set_nominal_block(g_world, 128);
  CHECK_INT(nominal_block(), 128);
  host_world_set_nominal_block(g_world, 4096);
  CHECK_INT(nominal_block(), HOST_MAX_BLOCK);
  host_world_set_nominal_block(g_world, 0);
  CHECK_INT(nominal_block(), 0);
}

int
main(void)
{
  RUN(idle_readings_are_silence_out_of_the_room);
  const char* lv2 = getenv("RTJAM_LV2");
  if (!lv2) {
    jam_test_skip("a_live_insert_and_delete_swap_without_a_click",
                  "RTJAM_LV2 not set (run through make check-unit)");
    return jam_test_summary();
  }
  char path[4096];
  snprintf(path, sizeof path, "%s:/usr/lib/lv2", lv2);
  setenv("LV2_PATH", path, 1);
  g_world = host_world_new();
  g_graph = g_world ? host_graph_new(g_world) : NULL;
  g_rig = g_graph ? host_rig_new(g_world, g_graph) : NULL;
  CHECK(g_rig != NULL, "world, graph (rtjam-net) and rig are created");
  if (g_rig) {
    RUN(a_live_insert_and_delete_swap_without_a_click);
    RUN(net_controls_follow_the_port_table_and_the_local_input_pans);
    RUN(readings_left_uncollected_are_counted_as_dropped);
    RUN(the_nominal_block_is_jack_s_period_or_none);
  } else {
    ++jam_tests_failed;
  }
  host_rig_free(g_rig);
  host_graph_free(g_graph);
  host_world_free(g_world);
  return jam_test_summary();
}
