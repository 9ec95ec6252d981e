// SPDX-License-Identifier: ISC
// rtjam-host command parsing: rtjam_rust_spec.md §4.9 rules applied to §5.7 messages.

#include "host/cmd.h"

#include "check.h"

#include <string.h>

static JamStatus
parse(const char* text, HostCmd* c)
{
  return host_cmd_parse(text, strlen(text), c);
}

static void
a_full_command_fills_every_field(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":21,\"iValue1\":7891,\"iValue2\":101,\"fValue\":1.5,"
                  "\"sValue\":\"127.0.0.1\"}",
                  &c),
            JAM_SUCCESS);
  CHECK_INT(c.param, 21);
  CHECK_INT(c.ivalue1, 7891);
  CHECK_INT(c.ivalue2, 101);
  CHECK_NEAR(c.fvalue, 1.5, 0);
  CHECK(!strcmp(c.svalue, "127.0.0.1"), "sValue %s", c.svalue);
  host_cmd_clear(&c);
}

static void
missing_fields_default_to_zero_and_empty(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":27}", &c), JAM_SUCCESS);
  CHECK_INT(c.ivalue1, 0);
  CHECK_INT(c.ivalue2, 0);
  CHECK_NEAR(c.fvalue, 0, 0);
  CHECK(c.svalue && !c.svalue[0], "sValue should be empty");
  host_cmd_clear(&c);
}

static void
string_numerics_are_accepted_for_param_ivalues_and_fvalue(void)
{
  HostCmd c;
  CHECK_INT(
      parse("{\"param\":\"40\",\"iValue1\":\"3\",\"iValue2\":\"-2\",\"fValue\":\"-6.5\"}", &c),
      JAM_SUCCESS);
  CHECK_INT(c.param, 40);
  CHECK_INT(c.ivalue1, 3);
  CHECK_INT(c.ivalue2, -2);
  CHECK_NEAR(c.fvalue, -6.5, 0);
  host_cmd_clear(&c);
}

static void
a_float_param_is_rejected(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":40.5}", &c), JAM_ERR_PARSE);
  CHECK(c.svalue == NULL, "nothing allocated on failure");
}

static void
a_non_numeric_param_string_is_rejected(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":\"forty\"}", &c), JAM_ERR_PARSE);
  CHECK_INT(parse("{\"param\":\"40x\"}", &c), JAM_ERR_PARSE);
}

static void
a_missing_param_is_rejected(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"iValue1\":1}", &c), JAM_ERR_PARSE);
}

static void
a_bad_integer_string_in_ivalue_rejects_the_message(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":40,\"iValue1\":\"two\"}", &c), JAM_ERR_PARSE);
  CHECK_INT(parse("{\"param\":40,\"iValue2\":\"1.5\"}", &c), JAM_ERR_PARSE);
}

static void
a_float_ivalue_is_silently_ignored(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":40,\"iValue1\":2.5}", &c), JAM_SUCCESS);
  CHECK_INT(c.ivalue1, 0);
  host_cmd_clear(&c);
}

static void
a_non_string_svalue_is_ignored(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":29,\"sValue\":12}", &c), JAM_SUCCESS);
  CHECK(!c.svalue[0], "sValue should be empty, got %s", c.svalue);
  host_cmd_clear(&c);
}

static void
invalid_json_is_rejected(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"param\":", &c), JAM_ERR_PARSE);
  CHECK_INT(parse("[1,2]", &c), JAM_ERR_PARSE);
  CHECK_INT(parse("", &c), JAM_ERR_PARSE);
}

static void
a_chat_wrapper_is_unwrapped(void)
{
  HostCmd c;
  CHECK_INT(parse("{\"message\":\"{\\\"param\\\":42,\\\"iValue1\\\":1}\"}", &c), JAM_SUCCESS);
  CHECK_INT(c.param, 42);
  CHECK_INT(c.ivalue1, 1);
  host_cmd_clear(&c);
}

static void
text_need_not_be_nul_terminated(void)
{
  const char text[] = "{\"param\":14}garbage";
  HostCmd c;
  CHECK_INT(host_cmd_parse(text, 12, &c), JAM_SUCCESS);
  CHECK_INT(c.param, 14);
  host_cmd_clear(&c);
}

static void
dangerous_commands_are_refused_with_a_reason(void)
{
  const int refused[] = {1000, 1001, 1002, 1003, 1004, 9998, 9999, 10000, 15, 45, 12345, -1};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; ++i) {
    const char* why = host_cmd_refusal(refused[i]);
    CHECK(why && why[0], "param %d should be refused", refused[i]);
  }
  CHECK(strstr(host_cmd_refusal(1004), "RandomCommand") != NULL, "reason names the command");
}

static void
the_supported_set_is_accepted(void)
{
  const int ok[] = {0,  13, 14, 21, 22, 27, 28, 29, 30,   31,  32,
                    33, 35, 36, 37, 39, 40, 41, 42, 1005, 1006};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; ++i) {
    CHECK(host_cmd_refusal(ok[i]) == NULL, "param %d should be accepted", ok[i]);
  }
}

static void
the_update_interval_is_clamped_to_150_to_2000_ms(void)
{
  CHECK_INT(host_cmd_update_interval_ms(100), 150);
  CHECK_INT(host_cmd_update_interval_ms(150), 150);
  CHECK_INT(host_cmd_update_interval_ms(500), 500);
  CHECK_INT(host_cmd_update_interval_ms(2000), 2000);
  CHECK_INT(host_cmd_update_interval_ms(2001), 2000);
  CHECK_INT(host_cmd_update_interval_ms(-5), 2000);
}

int
main(void)
{
  RUN(a_full_command_fills_every_field);
  RUN(missing_fields_default_to_zero_and_empty);
  RUN(string_numerics_are_accepted_for_param_ivalues_and_fvalue);
  RUN(a_float_param_is_rejected);
  RUN(a_non_numeric_param_string_is_rejected);
  RUN(a_missing_param_is_rejected);
  RUN(a_bad_integer_string_in_ivalue_rejects_the_message);
  RUN(a_float_ivalue_is_silently_ignored);
  RUN(a_non_string_svalue_is_ignored);
  RUN(invalid_json_is_rejected);
  RUN(a_chat_wrapper_is_unwrapped);
  RUN(text_need_not_be_nul_terminated);
  RUN(dangerous_commands_are_refused_with_a_reason);
  RUN(the_supported_set_is_accepted);
  RUN(the_update_interval_is_clamped_to_150_to_2000_ms);
  return jam_test_summary();
}
