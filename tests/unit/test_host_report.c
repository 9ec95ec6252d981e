// SPDX-License-Identifier: ISC
// rtjam-host status messages: levelEvent shape (rtjam_rust_spec.md §5.6).

#include "host/report.h"
#include "host/tuner.h"

#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static HostReport
sample(void)
{
  HostReport s;
  memset(&s, 0, sizeof s);
  s.token = "rig";
  s.version = "0.1.0";
  s.connected = 1;
  s.master_level = -20.25;
  s.input_level[0] = -21.0;
  s.room_level[0] = -9.0;
  s.room_mute[1] = 1;
  s.click_mute = 1;
  s.click_gain = -12;
  s.rtt_ms = 1.5;
  s.xruns = 3;
  s.dropped = 7;
  s.local.client_id = 101;
  s.local.ch[0].gain = -6;
  s.members[2].client_id = 202;
  s.members[2].depth_ms = 4.0;
  s.members[2].jitter_ms = 0.5;
  s.members[2].ch[0].level = -21.4;
  s.members[2].ch[0].peak = -18.6;
  s.members[2].ch[0].gain = -6.0;
  s.members[2].ch[0].pan = 0.5;
  s.members[2].ch[1].level = -200;
  s.members[2].ch[1].mute = 1;
  return s;
}

static const cJSON*
get(const cJSON* o, const char* key)
{
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(o, key);
  CHECK(v != NULL, "missing key %s", key);
  return v;
}

static void
level_event_is_wrapped_with_the_unit_speaker(void)
{
  const HostReport s = sample();
  cJSON* m = host_report_level_event(&s);
  CHECK(!strcmp(get(m, "speaker")->valuestring, "UnitChatRobot"), "speaker");
  CHECK(cJSON_IsObject(get(m, "levelEvent")), "levelEvent object");
  cJSON_Delete(m);
}

static void
level_event_has_every_spec_field(void)
{
  const HostReport s = sample();
  cJSON* m = host_report_level_event(&s);
  const cJSON* ev = get(m, "levelEvent");
  static const char* const keys[] = {
      "jamUnitToken",   "connected",      "git_hash",      "masterLevel",  "peakMaster",
      "inputLeft",      "inputRight",     "peakLeft",      "peakRight",    "roomInputLeft",
      "roomInputRight", "roomPeakLeft",   "roomPeakRight", "leftRoomMute", "rightRoomMute",
      "inputLeftFreq",  "inputRightFreq", "leftTunerOn",   "rightTunerOn", "beat",
      "metronomeMute",  "metronomeGain",  "jsonTimeStamp", "midiDevice",   "players"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; ++i) {
    get(ev, keys[i]);
  }
  CHECK(cJSON_IsTrue(get(ev, "connected")), "connected");
  CHECK(cJSON_IsTrue(get(ev, "rightRoomMute")), "rightRoomMute");
  CHECK_NEAR(get(ev, "masterLevel")->valuedouble, -20.25, 0);
  CHECK_NEAR(get(ev, "metronomeGain")->valuedouble, -12, 0);
  // Ours, next to xruns: messages the host's threads dropped (they were never reported).
  CHECK_NEAR(get(ev, "xruns")->valuedouble, 3, 0);
  CHECK_NEAR(get(ev, "dropped")->valuedouble, 7, 0);
  // Ours: whether JACK runs the graph (the levels are live); false in the sample.
  CHECK(cJSON_IsFalse(get(ev, "audioRunning")), "audioRunning false");
  // Ours: the room as set, for the page's room form ("" with no room).
  CHECK(!strcmp(get(ev, "roomServer")->valuestring, ""), "roomServer empty");
  cJSON_Delete(m);
  HostReport in = sample();
  in.room_server = "jam.example.org";
  in.room_port = 7891;
  in.room_client_id = 4294967295u;
  m = host_report_level_event(&in);
  ev = get(m, "levelEvent");
  CHECK(!strcmp(get(ev, "roomServer")->valuestring, "jam.example.org"), "roomServer");
  CHECK_NEAR(get(ev, "roomPort")->valuedouble, 7891, 0);
  CHECK_NEAR(get(ev, "roomClientId")->valuedouble, 4294967295.0, 0);
  cJSON_Delete(m);
  HostReport on = sample();
  on.audio_running = 1;
  m = host_report_level_event(&on);
  CHECK(cJSON_IsTrue(get(get(m, "levelEvent"), "audioRunning")), "audioRunning true");
  cJSON_Delete(m);
}

static void
players_list_local_first_then_only_occupied_slots(void)
{
  const HostReport s = sample();
  cJSON* m = host_report_level_event(&s);
  const cJSON* players = get(get(m, "levelEvent"), "players");
  CHECK_INT(cJSON_GetArraySize(players), 2);
  CHECK_INT(get(cJSON_GetArrayItem(players, 0), "clientId")->valueint, 101);
  CHECK_INT(get(cJSON_GetArrayItem(players, 1), "clientId")->valueint, 202);
  cJSON_Delete(m);
}

static void
member_levels_are_whole_db_with_a_minus_60_floor(void)
{
  const HostReport s = sample();
  cJSON* m = host_report_level_event(&s);
  const cJSON* p = cJSON_GetArrayItem(get(get(m, "levelEvent"), "players"), 1);
  CHECK_NEAR(get(p, "level0")->valuedouble, -21, 0);
  CHECK_NEAR(get(p, "peak0")->valuedouble, -19, 0);
  CHECK_NEAR(get(p, "level1")->valuedouble, -60, 0);
  cJSON_Delete(m);
}

static void
member_gains_are_reported_linear_as_the_original_and_in_db_as_our_own(void)
{
  const HostReport s = sample();
  cJSON* m = host_report_level_event(&s);
  const cJSON* p = cJSON_GetArrayItem(get(get(m, "levelEvent"), "players"), 1);
  CHECK_NEAR(get(p, "gain0")->valuedouble, 0.251188643, 1e-9); // 10^(-6/10), spec §5.7
  CHECK_NEAR(get(p, "gainDb0")->valuedouble, -6.0, 0);
  CHECK_NEAR(get(p, "fade0")->valuedouble, 0.5, 0);
  CHECK(cJSON_IsTrue(get(p, "mute1")), "mute1");
  cJSON_Delete(m);
}

// §5.6: LOCAL's depth is how late the unit plays its own sound (the original's loopback
// jitter buffer, channel 0). Ours has no loopback buffer: it is board 0's plugin latency.
static void
the_local_depth_is_the_delay_of_the_local_monitor(void)
{
  CHECK_NEAR(host_report_local_depth_ms(55.0f, 48000.0), 55.0 / 48.0, 1e-12); // one drive
  CHECK_NEAR(host_report_local_depth_ms(0.0f, 48000.0), 0.0, 0);              // no latency
  CHECK_NEAR(host_report_local_depth_ms(NAN, 48000.0), 0.0, 0);
  CHECK_NEAR(host_report_local_depth_ms(-3.0f, 48000.0), 0.0, 0);
  CHECK_NEAR(host_report_local_depth_ms(1e9f, 48000.0), 1000.0, 0); // capped at 1 s
  HostReport s = sample();
  s.local.depth_ms = host_report_local_depth_ms(110.0f, 48000.0); // two drives on board 0
  cJSON* m = host_report_level_event(&s);
  const cJSON* local = cJSON_GetArrayItem(get(get(m, "levelEvent"), "players"), 0);
  CHECK_NEAR(get(local, "depth")->valuedouble, 110.0 / 48.0, 1e-12);
  CHECK_NEAR(get(get(local, "latency"), "depthMs")->valuedouble, 110.0 / 48.0, 1e-12);
  CHECK_NEAR(get(get(local, "latency"), "totalMs")->valuedouble, 110.0 / 48.0, 1e-12); // no rtt
  cJSON_Delete(m);
}

static void
members_carry_their_latency(void)
{
  const HostReport s = sample();
  cJSON* m = host_report_level_event(&s);
  const cJSON* p = cJSON_GetArrayItem(get(get(m, "levelEvent"), "players"), 1);
  const cJSON* lat = get(p, "latency");
  CHECK_NEAR(get(lat, "rttMs")->valuedouble, 1.5, 1e-9);
  CHECK_NEAR(get(lat, "depthMs")->valuedouble, 4.0, 1e-9);
  CHECK_NEAR(get(lat, "jitterMs")->valuedouble, 0.5, 1e-9);
  CHECK_NEAR(get(lat, "totalMs")->valuedouble, 5.5, 1e-9);
  CHECK_NEAR(get(p, "depth")->valuedouble, 4.0, 1e-9);
  cJSON_Delete(m);
}

static void
a_refusal_names_the_param_and_the_reason(void)
{
  char* text = host_report_print(host_report_refusal(1004, "no"));
  CHECK(text && !strcmp(text, "{\"speaker\":\"UnitChatRobot\",\"refused\":{\"param\":1004,"
                              "\"reason\":\"no\"}}"),
        "got %s", text ? text : "(null)");
  free(text);
}

static void
the_heartbeat_is_the_spec_websock_ping(void)
{
  char* text = host_report_print(host_report_websock_ping());
  CHECK(text && !strcmp(text, "{\"speaker\":\"UnitChatRobot\",\"websockPing\":{\"isRust\":true}}"),
        "got %s", text ? text : "(null)");
  free(text);
}

static void
the_tuner_finds_a_110_hz_sine_within_half_a_hertz(void)
{
  float x[HOST_TUNER_WINDOW];
  for (int i = 0; i < HOST_TUNER_WINDOW; ++i) {
    x[i] = 0.3f * (float)sin(2.0 * M_PI * 110.0 * i / 48000.0);
  }
  CHECK_NEAR(host_tuner_estimate(x, HOST_TUNER_WINDOW, 48000.0), 110.0, 0.5);
}

static void
the_tuner_finds_a_440_hz_tone_with_harmonics(void)
{
  HostTuner t;
  host_tuner_init(&t, 48000.0);
  float x[256];
  for (int b = 0; b < HOST_TUNER_WINDOW / 256; ++b) {
    for (int i = 0; i < 256; ++i) {
      const double ph = 2.0 * M_PI * 440.0 * (b * 256 + i) / 48000.0;
      x[i] = (float)(0.3 * sin(ph) + 0.2 * sin(2 * ph) + 0.1 * sin(3 * ph));
    }
    host_tuner_add(&t, x, 256);
  }
  CHECK_NEAR(t.hz, 440.0, 1.0);
}

static void
the_tuner_reports_zero_for_silence(void)
{
  float x[HOST_TUNER_WINDOW] = {0};
  CHECK_NEAR(host_tuner_estimate(x, HOST_TUNER_WINDOW, 48000.0), 0.0, 0);
}

int
main(void)
{
  RUN(level_event_is_wrapped_with_the_unit_speaker);
  RUN(level_event_has_every_spec_field);
  RUN(players_list_local_first_then_only_occupied_slots);
  RUN(member_levels_are_whole_db_with_a_minus_60_floor);
  RUN(member_gains_are_reported_linear_as_the_original_and_in_db_as_our_own);
  RUN(members_carry_their_latency);
  RUN(the_local_depth_is_the_delay_of_the_local_monitor);
  RUN(a_refusal_names_the_param_and_the_reason);
  RUN(the_heartbeat_is_the_spec_websock_ping);
  RUN(the_tuner_finds_a_110_hz_sine_within_half_a_hertz);
  RUN(the_tuner_finds_a_440_hz_tone_with_harmonics);
  RUN(the_tuner_reports_zero_for_silence);
  return jam_test_summary();
}
