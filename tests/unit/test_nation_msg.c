// SPDX-License-Identifier: ISC
// The rtjam-nation link's messages (common/nation_msg.c, rtjam_rust_spec.md §6–7): chat frames
// byte for byte, primus ping -> pong, what an incoming frame means, REST bodies and answers.
// No network: the link's threads are covered by tests/integration/host_nation.sh.

#include "nation_msg.h"

#include "check.h"

#include <stdlib.h>
#include <string.h>

// Compares a malloc'ed string with the expected text and frees it.
static void
check_text(char* got, const char* want)
{
  CHECK(got && !strcmp(got, want), "expected %s, got %s", want, got ? got : "(null)");
  free(got);
}

static JamNationFrame
classify(const char* text, char** out)
{
  return jam_nation_msg_classify(text, strlen(text), out);
}

static void
create_chat_room_is_message_0_with_the_token_as_name(void)
{
  check_text(jam_nation_msg_create_room(0, "tok-1"),
             "{\"messageId\":0,\"event\":\"action\",\"params\":{\"name\":\"tok-1\","
             "\"action\":\"createChatRoom\"}}");
}

static void
room_add_carries_the_room_and_its_message_id(void)
{
  check_text(jam_nation_msg_room_add(1, "tok-1"),
             "{\"event\":\"roomAdd\",\"room\":\"tok-1\",\"messageId\":1}");
}

static void
say_stringifies_the_status_into_message(void)
{
  check_text(jam_nation_msg_say(7, "tok-1", "{\"speaker\":\"UnitChatRobot\",\"beat\":2}"),
             "{\"messageId\":7,\"event\":\"say\",\"room\":\"tok-1\",\"message\":"
             "\"{\\\"speaker\\\":\\\"UnitChatRobot\\\",\\\"beat\\\":2}\"}");
  check_text(jam_nation_msg_say(123456, "a\"b", "x"),
             "{\"messageId\":123456,\"event\":\"say\",\"room\":\"a\\\"b\",\"message\":\"x\"}");
}

static void
a_primus_ping_gets_the_pong_with_the_same_suffix_quotes_included(void)
{
  char* out = NULL;
  CHECK_INT(classify("\"primus::ping::1700000000000\"", &out), JAM_NATION_FRAME_PING);
  check_text(out, "\"primus::pong::1700000000000\"");
  CHECK_INT(classify("primus::ping::42", &out), JAM_NATION_FRAME_PING); // bare text too
  check_text(out, "\"primus::pong::42\"");
  CHECK_INT(classify("\"primus::ping::\"", &out), JAM_NATION_FRAME_PING); // empty suffix
  check_text(out, "\"primus::pong::\"");
}

static void
a_string_that_is_not_a_ping_is_invalid(void)
{
  char dummy = 0;
  char* out = &dummy;
  CHECK_INT(classify("\"primus::pong::1\"", &out), JAM_NATION_FRAME_INVALID);
  CHECK(out == NULL, "out must be NULL");
  CHECK_INT(classify("\"primus::pin\"", &out), JAM_NATION_FRAME_INVALID);
  CHECK_INT(classify("hello", &out), JAM_NATION_FRAME_INVALID);
  CHECK_INT(classify("{\"context\":\"user\"", &out), JAM_NATION_FRAME_INVALID); // cut short
  CHECK_INT(classify("[1,2]", &out), JAM_NATION_FRAME_INVALID);
  CHECK_INT(jam_nation_msg_classify("", 0, &out), JAM_NATION_FRAME_INVALID);
}

static void
a_user_message_yields_its_message_string_as_the_command(void)
{
  char* out = NULL;
  CHECK_INT(classify("{\"message\":\"{\\\"param\\\":21,\\\"iValue1\\\":7891,\\\"iValue2\\\":12345,"
                     "\\\"fValue\\\":0,\\\"sValue\\\":\\\"1.2.3.4\\\"}\",\"room\":\"tok-1\","
                     "\"from\":\"abc\",\"context\":\"user\",\"sentAt\":1}",
                     &out),
            JAM_NATION_FRAME_COMMAND);
  check_text(
      out, "{\"param\":21,\"iValue1\":7891,\"iValue2\":12345,\"fValue\":0,\"sValue\":\"1.2.3.4\"}");
  // Not JSON inside: still handed over (the host refuses it with a reason, said to the room).
  CHECK_INT(classify("{\"context\":\"user\",\"message\":\"hi all\"}", &out),
            JAM_NATION_FRAME_COMMAND);
  check_text(out, "hi all");
}

static void
non_user_frames_and_non_string_messages_are_dropped(void)
{
  char dummy = 0;
  char* out = &dummy;
  CHECK_INT(classify("{\"welcome\":\"Hello\",\"room\":null,\"context\":\"api\"}", &out),
            JAM_NATION_FRAME_DROP);
  CHECK(out == NULL, "out must be NULL");
  CHECK_INT(classify("{\"context\":\"response\",\"data\":\"OK\",\"messageId\":0}", &out),
            JAM_NATION_FRAME_DROP);
  CHECK_INT(classify("{\"context\":\"user\",\"message\":{\"param\":27}}", &out),
            JAM_NATION_FRAME_DROP);
  CHECK_INT(classify("{\"context\":\"user\"}", &out), JAM_NATION_FRAME_DROP);
  CHECK_INT(classify("{\"context\":\"USER\",\"message\":\"{}\"}", &out), JAM_NATION_FRAME_DROP);
  CHECK_INT(classify("{\"context\":1,\"message\":\"{}\"}", &out), JAM_NATION_FRAME_DROP);
}

static void
the_rooms_echo_of_a_units_status_is_dropped_not_run(void)
{
  // ActionHero relays a say to every member, the sender included: without this a refusal
  // would come back as a command, be refused, and so on.
  char dummy = 0;
  char* out = &dummy;
  CHECK_INT(classify("{\"context\":\"user\",\"message\":\"{\\\"speaker\\\":\\\"UnitChatRobot\\\","
                     "\\\"refused\\\":{\\\"param\\\":-1}}\"}",
                     &out),
            JAM_NATION_FRAME_DROP);
  CHECK(out == NULL, "out must be NULL");
}

static const char* const can_talk[] = {"canTalkOnWebsocket", "true", NULL};

static void
the_register_body_has_every_field_as_a_string(void)
{
  check_text(jam_nation_msg_rest_body("", "aa:bb:cc:dd:ee:ff", "0.1.0", can_talk),
             "{\"token\":\"\",\"lanIp\":\"10.0.0.0\",\"macAddress\":\"aa:bb:cc:dd:ee:ff\","
             "\"gitHash\":\"0.1.0\",\"canTalkOnWebsocket\":\"true\"}");
}

static void
the_ping_body_carries_the_token_and_no_websocket_flag(void)
{
  check_text(jam_nation_msg_rest_body("tok-1", "aa:bb:cc:dd:ee:ff", "0.1.0", NULL),
             "{\"token\":\"tok-1\",\"lanIp\":\"10.0.0.0\",\"macAddress\":\"aa:bb:cc:dd:ee:ff\","
             "\"gitHash\":\"0.1.0\"}");
}

static void
the_room_body_carries_port_and_wan_ip_as_strings(void)
{
  const char* const room[] = {"port", "7891", "wanIp", "", NULL};
  check_text(jam_nation_msg_rest_body("bu-1", "aa:bb:cc:dd:ee:ff", "1fccdc4", room),
             "{\"token\":\"bu-1\",\"lanIp\":\"10.0.0.0\",\"macAddress\":\"aa:bb:cc:dd:ee:ff\","
             "\"gitHash\":\"1fccdc4\",\"port\":\"7891\",\"wanIp\":\"\"}");
}

static void
an_action_wraps_its_params(void)
{
  check_text(jam_nation_msg_action(3, "{\"roomToken\":\"r-1\",\"stats\":{\"seq\":5},"
                                      "\"action\":\"packetStatCreate\"}"),
             "{\"messageId\":3,\"event\":\"action\",\"params\":{\"roomToken\":\"r-1\","
             "\"stats\":{\"seq\":5},\"action\":\"packetStatCreate\"}}");
  CHECK(!jam_nation_msg_action(4, "[1]"), "params must be an object");
  CHECK(!jam_nation_msg_action(4, "{"), "params must be JSON");
}

static char*
token_of(long code, const char* body)
{
  return jam_nation_msg_register_token(code, body, strlen(body), "jamUnit");
}

static void
broadcast_registration_takes_its_unit_and_room_tokens(void)
{
  const char* const b = "{\"broadcastUnit\":{\"token\":\"bu-1\"},\"room\":{\"token\":\"r-7\"}}";
  check_text(jam_nation_msg_register_token(200, b, strlen(b), "broadcastUnit"), "bu-1");
  check_text(jam_nation_msg_register_token(200, b, strlen(b), "room"), "r-7");
  CHECK(!jam_nation_msg_register_token(200, b, strlen(b), "jamUnit"), "no jamUnit");
}

static void
registration_takes_jam_unit_token(void)
{
  check_text(token_of(200, "{\"jamUnit\":{\"token\":\"tok-9\",\"id\":9}}"), "tok-9");
  check_text(token_of(201, "{\"jamUnit\":{\"id\":9,\"token\":\"x y\"},\"other\":1}"), "x y");
}

static void
registration_fails_without_a_token_or_on_5xx(void)
{
  CHECK(!token_of(200, "{}"), "no jamUnit");
  CHECK(!token_of(200, "{\"jamUnit\":null}"), "null jamUnit");
  CHECK(!token_of(200, "{\"jamUnit\":{\"token\":\"\"}}"), "empty token");
  CHECK(!token_of(200, "{\"jamUnit\":{\"token\":42}}"), "numeric token");
  CHECK(!token_of(200, "<html>404</html>"), "not JSON");
  CHECK(!token_of(500, "{\"jamUnit\":{\"token\":\"tok-1\"}}"), "5xx body ignored");
  CHECK(!token_of(503, "{\"jamUnit\":{\"token\":\"tok-1\"}}"), "5xx body ignored");
  CHECK(!token_of(0, "{\"jamUnit\":{\"token\":\"tok-1\"}}"), "no answer");
  CHECK(!jam_nation_msg_register_token(200, NULL, 0, "jamUnit"), "no body");
}

static JamNationPing
ping(long code, const char* body)
{
  return jam_nation_msg_ping_result(code, body, strlen(body), "jamUnit");
}

static void
a_ping_with_a_jam_unit_succeeds(void)
{
  CHECK_INT(ping(200, "{\"jamUnit\":{\"id\":\"5\"}}"), JAM_NATION_PING_OK);
  CHECK_INT(ping(200, "{\"jamUnit\":{}}"), JAM_NATION_PING_OK);
}

static void
a_ping_answer_without_a_jam_unit_forgets_the_token(void)
{
  CHECK_INT(ping(200, "{}"), JAM_NATION_PING_FORGET);
  CHECK_INT(ping(200, "{\"jamUnit\":null}"), JAM_NATION_PING_FORGET);
  CHECK_INT(ping(404, "{\"error\":\"unknown unit\"}"), JAM_NATION_PING_FORGET); // 4xx is read
}

// As the original units: an error, no answer or an empty unit all mean "forgotten" (a nation
// that answers an unknown unit with a 5xx would otherwise never see it register again).
static void
a_ping_with_an_error_or_without_an_answer_forgets_the_token_too(void)
{
  CHECK_INT(ping(500, "{\"jamUnit\":{\"id\":1}}"), JAM_NATION_PING_FORGET);
  CHECK_INT(ping(502, ""), JAM_NATION_PING_FORGET);
  CHECK_INT(ping(0, ""), JAM_NATION_PING_FORGET);
  CHECK_INT(ping(200, "<html>"), JAM_NATION_PING_FORGET);
  CHECK_INT(ping(200, "[]"), JAM_NATION_PING_FORGET);
}

static void
a_broadcast_ping_reads_broadcast_unit(void)
{
  const char* const ok = "{\"broadcastUnit\":{\"id\":1}}";
  CHECK_INT(jam_nation_msg_ping_result(200, ok, strlen(ok), "broadcastUnit"), JAM_NATION_PING_OK);
  CHECK_INT(jam_nation_msg_ping_result(200, ok, strlen(ok), "jamUnit"), JAM_NATION_PING_FORGET);
}

static void
endpoint_urls_have_one_slash_between_base_and_path(void)
{
  check_text(jam_nation_msg_url("http://n.org/api/1/", "jamUnit"), "http://n.org/api/1/jamUnit");
  check_text(jam_nation_msg_url("http://n.org/api/1", "jamUnit/ping"),
             "http://n.org/api/1/jamUnit/ping");
  check_text(jam_nation_msg_url("http://n.org/api/1/", "/status"), "http://n.org/api/1/status");
}

static void
websocket_urls_split_into_tls_host_port_and_path(void)
{
  JamNationUrl u;
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://rtjam-nation.com/primus", &u), 0);
  CHECK_INT(u.tls, 0);
  CHECK(!strcmp(u.host, "rtjam-nation.com"), "host %s", u.host);
  CHECK_INT(u.port, 80);
  CHECK(!strcmp(u.path, "/primus"), "path %s", u.path);
  CHECK_INT(jam_nation_msg_parse_ws_url("wss://h:8443/a/b?x=1#frag", &u), 0);
  CHECK_INT(u.tls, 1);
  CHECK_INT(u.port, 8443);
  CHECK(!strcmp(u.path, "/a/b?x=1"), "path %s", u.path);
  CHECK_INT(jam_nation_msg_parse_ws_url("wss://h", &u), 0);
  CHECK_INT(u.port, 443);
  CHECK(!strcmp(u.path, "/"), "path %s", u.path);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://[::1]:9000/p", &u), 0);
  CHECK(!strcmp(u.host, "::1"), "host %s", u.host);
  CHECK_INT(u.port, 9000);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://127.0.0.1:1?q", &u), 0);
  CHECK(!strcmp(u.path, "/?q"), "path %s", u.path);
}

static void
malformed_websocket_urls_are_refused(void)
{
  JamNationUrl u;
  CHECK_INT(jam_nation_msg_parse_ws_url("http://h/primus", &u), -1);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://", &u), -1);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://:80/", &u), -1);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://h:0/", &u), -1);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://h:65536/", &u), -1);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://h:80x/", &u), -1);
  CHECK_INT(jam_nation_msg_parse_ws_url("ws://[::1/", &u), -1);
}

static void
mac_addresses_are_lower_cased_and_checked(void)
{
  char mac[18];
  CHECK_INT(jam_nation_msg_mac("AA:bb:0C:dd:EE:f1", mac), 0);
  CHECK(!strcmp(mac, "aa:bb:0c:dd:ee:f1"), "mac %s", mac);
  CHECK_INT(jam_nation_msg_mac("aa:bb:cc:dd:ee", mac), -1);
  CHECK_INT(jam_nation_msg_mac("aa:bb:cc:dd:ee:ff:00", mac), -1);
  CHECK_INT(jam_nation_msg_mac("aa-bb-cc-dd-ee-ff", mac), -1);
  CHECK_INT(jam_nation_msg_mac("ga:bb:cc:dd:ee:ff", mac), -1);
  CHECK_INT(jam_nation_msg_mac("", mac), -1);
}

int
main(void)
{
  RUN(create_chat_room_is_message_0_with_the_token_as_name);
  RUN(room_add_carries_the_room_and_its_message_id);
  RUN(say_stringifies_the_status_into_message);
  RUN(a_primus_ping_gets_the_pong_with_the_same_suffix_quotes_included);
  RUN(a_string_that_is_not_a_ping_is_invalid);
  RUN(a_user_message_yields_its_message_string_as_the_command);
  RUN(non_user_frames_and_non_string_messages_are_dropped);
  RUN(the_rooms_echo_of_a_units_status_is_dropped_not_run);
  RUN(the_register_body_has_every_field_as_a_string);
  RUN(the_ping_body_carries_the_token_and_no_websocket_flag);
  RUN(registration_takes_jam_unit_token);
  RUN(registration_fails_without_a_token_or_on_5xx);
  RUN(a_ping_with_a_jam_unit_succeeds);
  RUN(a_ping_answer_without_a_jam_unit_forgets_the_token);
  RUN(a_ping_with_an_error_or_without_an_answer_forgets_the_token_too);
  RUN(a_broadcast_ping_reads_broadcast_unit);
  RUN(the_room_body_carries_port_and_wan_ip_as_strings);
  RUN(an_action_wraps_its_params);
  RUN(broadcast_registration_takes_its_unit_and_room_tokens);
  RUN(endpoint_urls_have_one_slash_between_base_and_path);
  RUN(websocket_urls_split_into_tls_host_port_and_path);
  RUN(malformed_websocket_urls_are_refused);
  RUN(mac_addresses_are_lower_cased_and_checked);
  return jam_test_summary();
}
