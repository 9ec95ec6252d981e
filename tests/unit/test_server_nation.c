// SPDX-License-Identifier: ISC
// rtjam-broadcast's nation messages (server/nation_report.c, §4.8) and the §4.9 room command
// JSON with its dispatch (server/control.c): exact shapes, f64 printing, the parse rules and
// the SetTempo range.

#include "check.h"
#include "server/control.h"
#include "server/nation_report.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void
check_text(char* got, const char* want)
{
  CHECK(got && strcmp(got, want) == 0, "got %s\n  want %s", got ? got : "(null)", want);
  free(got);
}

static void
f64_keeps_a_decimal_point_and_three_decimals_at_most(void)
{
  char b[64];
  bcast_nation_f64(12.0, b, sizeof b);
  CHECK(!strcmp(b, "12.0"), "%s", b);
  bcast_nation_f64(12.5, b, sizeof b);
  CHECK(!strcmp(b, "12.5"), "%s", b);
  bcast_nation_f64(3.14159, b, sizeof b);
  CHECK(!strcmp(b, "3.142"), "%s", b);
  bcast_nation_f64(0.0, b, sizeof b);
  CHECK(!strcmp(b, "0.0"), "%s", b);
  bcast_nation_f64(100.0 / 0.0, b, sizeof b);
  CHECK(!strcmp(b, "null"), "%s", b);
}

static void
the_latency_report_has_the_spec_shape(void)
{
  BcastRoomStatus* st = calloc(1, bcast_room_status_size(4));
  st->tempo_bpm = 120;
  st->member_count = 2;
  st->members[0].client_id = 7101;
  st->members[0].latency_ms = 12.3456;
  st->members[1].client_id = 7102;
  st->members[1].latency_ms = 8.0;
  check_text(bcast_nation_latency(st, 0, 3),
             "{\"speaker\":\"RoomChatRobot\",\"mode\":false,\"latency\":[[7101,12.346],[7102,8.0]],"
             "\"update_count\":3,\"tempo\":120}");
  st->member_count = 0;
  check_text(bcast_nation_latency(st, 1, 1),
             "{\"speaker\":\"RoomChatRobot\",\"mode\":true,\"latency\":[],\"update_count\":1,"
             "\"tempo\":120}");
  free(st);
}

static void
packet_stat_create_carries_the_room_token_and_the_stats(void)
{
  BcastEvent ev;
  memset(&ev, 0, sizeof ev);
  ev.type = BCAST_EVENT_LEAVE;
  inet_pton(AF_INET6, "::ffff:10.1.2.3", ev.addr.ip);
  ev.addr.port = 40000;
  ev.client_id = 7;
  ev.seq = 99;
  ev.drops = 2;
  ev.packets = 100;
  ev.hist[1] = 97;
  ev.latency_count = 1;
  ev.latency_hist[0] = 2500.0;
  check_text(bcast_nation_packet_stat(&ev, "room-1", 1700000000000000ull),
             "{\"roomToken\":\"room-1\",\"stats\":{\"address\":\"10.1.2.3:40000\",\"client_id\":7,"
             "\"keep_alive\":1700000000000000,\"seq\":99,\"drops\":2,"
             "\"hist\":[0,97,0,0,0,0,0,0,0,0,0,0,0,0,0],\"packet_count\":100,"
             "\"latency_hist\":[2500.0]},\"action\":\"packetStatCreate\"}");
}

static void
recording_list_and_playback_status_have_the_spec_shapes(void)
{
  check_text(
      bcast_nation_recording_status(1, "Tue, 1 Jul 2003 10:52:37 +0200", 536870912, 1073741824),
      "{\"speaker\":\"RoomChatRobot\",\"recordingStatus\":{\"state\":\"recording\","
      "\"file\":{\"name\":\"audio.dmp\",\"date\":\"Tue, 1 Jul 2003 10:52:37 +0200\","
      "\"size\":536870912,\"capacity\":50.0}}}");
  check_text(bcast_nation_list_recordings("[{\"name\":\"a\",\"date\":\"d\",\"size\":1}]"),
             "{\"speaker\":\"RoomChatRobot\",\"listRecordings\":[{\"name\":\"a\",\"date\":\"d\","
             "\"size\":1}]}");
  CHECK(bcast_nation_list_recordings("[") == NULL, "a list that is not JSON is not said");
  check_text(bcast_nation_playback_idle(),
             "{\"speaker\":\"RoomChatRobot\",\"playbackStatus\":{\"state\":\"idle\",\"offset\":0,"
             "\"file\":{\"name\":\"\",\"date\":\"\",\"size\":0}}}");
  check_text(bcast_nation_playback_status(0, 37, "take1", "Tue, 1 Jul 2003 10:52:37 +0200", 1048576,
                                          1073741824),
             "{\"speaker\":\"RoomChatRobot\",\"playbackStatus\":{\"state\":\"playing\","
             "\"offset\":37,\"file\":{\"name\":\"take1\",\"date\":\"Tue, 1 Jul 2003 10:52:37 "
             "+0200\",\"size\":1048576,\"capacity\":0.098}}}");
  check_text(bcast_nation_refused(1, "tempo 0: must be 1..1000 BPM"),
             "{\"speaker\":\"RoomChatRobot\",\"refused\":{\"param\":1,\"reason\":\"tempo 0: must "
             "be 1..1000 BPM\"}}");
}

static int
parse(const char* text, BcastControlCommand* c, char* why)
{
  return bcast_control_parse_json(text, strlen(text), c, why, 256);
}

static void
room_commands_follow_the_spec_parse_rules(void)
{
  BcastControlCommand c;
  char why[256];
  CHECK_INT(parse("{\"param\":1,\"iValue1\":90,\"fValue\":0.5,\"sValue\":\"x\"}", &c, why), 0);
  CHECK(c.param == 1 && c.ivalue1 == 90 && c.fvalue == 0.5 && !strcmp(c.svalue, "x"), "fields");
  CHECK_INT(parse("{\"param\":\"7\",\"iValue1\":\"-3\",\"fValue\":\"2.5\"}", &c, why), 0);
  CHECK(c.param == 7 && c.ivalue1 == -3 && c.fvalue == 2.5 && !c.svalue[0], "strings");
  CHECK_INT(parse("{\"param\":1,\"iValue1\":90.5}", &c, why), 0);
  CHECK(c.ivalue1 == 0, "a fractional iValue1 is ignored: %ld", c.ivalue1);
  // 2^63 does not fit a long (LONG_MAX as a double rounds up to it): ignored as out of range,
  // never converted. -2^63 is LONG_MIN with a 64-bit long.
  CHECK_INT(parse("{\"param\":1,\"iValue1\":9223372036854775808}", &c, why), 0);
  CHECK(c.param == 1 && c.ivalue1 == 0, "2^63 is ignored: %ld", c.ivalue1);
  CHECK_INT(parse("{\"param\":1,\"iValue1\":-9223372036854775808}", &c, why), 0);
  CHECK(c.ivalue1 == (LONG_MAX > 0x7fffffffL ? LONG_MIN : 0), "-2^63: %ld", c.ivalue1);
  CHECK_INT(parse("{\"param\":9223372036854775808}", &c, why), -1);
  CHECK(strstr(why, "not an integer") != NULL, "%s", why);
  CHECK_INT(parse("{\"param\":8,\"sValue\":3}", &c, why), 0);
  CHECK(!c.svalue[0], "a non-string sValue is ignored");
  CHECK_INT(parse("{\"param\":1,\"iValue1\":\"fast\"}", &c, why), -1);
  CHECK(strstr(why, "iValue1") != NULL, "%s", why);
  CHECK_INT(parse("{\"param\":12}", &c, why), -1);
  CHECK(strstr(why, "0..11") != NULL && c.param == 12, "%s", why);
  CHECK_INT(parse("{\"param\":1.5}", &c, why), -1);
  CHECK_INT(parse("{\"param\":\"x\"}", &c, why), -1);
  CHECK_INT(parse("{}", &c, why), -1);
  CHECK(c.param == -1 && strstr(why, "param") != NULL, "%s", why);
  CHECK_INT(parse("[1]", &c, why), -1);
  CHECK_INT(parse("not json", &c, why), -1);
}

static void
set_tempo_is_range_checked_and_each_refusal_says_why(void)
{
  BcastRoomConfig config;
  bcast_room_config_default(&config, 7891);
  BcastCookieKey key = {{0}};
  BcastRoom* room = bcast_room_new(&config, &key, (BcastEventSink){0});
  const BcastControlRoom r = {.port = 7891, .room = room, .recorder = NULL};
  char reply[512];
  const long bad[] = {0, -5, 1001, 60000001, -2147483648L};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    const BcastControlCommand c = {.param = BCAST_CMD_SET_TEMPO, .ivalue1 = bad[i]};
    CHECK_INT(bcast_control_run(&r, &c, reply, sizeof reply), -1);
    CHECK(strstr(reply, "must be 1..1000 BPM") != NULL, "%ld: %s", bad[i], reply);
  }
  const BcastControlCommand ok = {.param = BCAST_CMD_SET_TEMPO, .ivalue1 = 1000};
  CHECK_INT(bcast_control_run(&r, &ok, reply, sizeof reply), 0);
  const BcastControlCommand get = {.param = BCAST_CMD_GET_TEMPO};
  CHECK_INT(bcast_control_run(&r, &get, reply, sizeof reply), 0);
  // The room's thread applies a tempo request; this room runs no thread, so it is still 120.
  CHECK(!strcmp(reply, "ok room 7891 tempo 120\n"), "%s", reply);
  const BcastControlCommand rec = {.param = BCAST_CMD_RECORD};
  CHECK_INT(bcast_control_run(&r, &rec, reply, sizeof reply), -1);
  CHECK(strstr(reply, "--record-dir") != NULL, "%s", reply);
  // Pause (3) and Loop (9) act on the playback: refused with the reason without --record-dir.
  const int transport[] = {BCAST_CMD_PAUSE, BCAST_CMD_LOOP};
  for (size_t i = 0; i < sizeof transport / sizeof transport[0]; ++i) {
    const BcastControlCommand c = {.param = transport[i]};
    CHECK_INT(bcast_control_run(&r, &c, reply, sizeof reply), -1);
    CHECK(strstr(reply, "--record-dir") != NULL, "%d: %s", transport[i], reply);
  }
  // Play (5) and Seek (11) need the takes: refused with the reason without --record-dir.
  const int playback[] = {BCAST_CMD_PLAY, BCAST_CMD_SEEK};
  for (size_t i = 0; i < sizeof playback / sizeof playback[0]; ++i) {
    const BcastControlCommand c = {.param = playback[i], .ivalue1 = 50};
    CHECK_INT(bcast_control_run(&r, &c, reply, sizeof reply), -1);
    CHECK(strstr(reply, "--record-dir") != NULL, "%d: %s", playback[i], reply);
  }
  // SwitchRoomMode (10): "" toggles (this room runs no thread, so it is still separate and the
  // toggle asks for mix), "mix" / "separate" set, anything else is refused.
  BcastControlCommand mode = {.param = BCAST_CMD_SWITCH_ROOM_MODE};
  CHECK_INT(bcast_control_run(&r, &mode, reply, sizeof reply), 0);
  CHECK(!strcmp(reply, "ok room 7891 mode mix\n"), "%s", reply);
  snprintf(mode.svalue, sizeof mode.svalue, "separate");
  CHECK_INT(bcast_control_run(&r, &mode, reply, sizeof reply), 0);
  CHECK(!strcmp(reply, "ok room 7891 mode separate\n"), "%s", reply);
  snprintf(mode.svalue, sizeof mode.svalue, "loud");
  CHECK_INT(bcast_control_run(&r, &mode, reply, sizeof reply), -1);
  CHECK(strstr(reply, "mix or separate") != NULL, "%s", reply);
  const BcastControlCommand none = {.param = -1};
  CHECK_INT(bcast_control_run(&r, &none, reply, sizeof reply), -1);
  bcast_room_free(room);
}

int
main(void)
{
  RUN(f64_keeps_a_decimal_point_and_three_decimals_at_most);
  RUN(the_latency_report_has_the_spec_shape);
  RUN(packet_stat_create_carries_the_room_token_and_the_stats);
  RUN(recording_list_and_playback_status_have_the_spec_shapes);
  RUN(room_commands_follow_the_spec_parse_rules);
  RUN(set_tempo_is_range_checked_and_each_refusal_says_why);
  return jam_test_summary();
}
