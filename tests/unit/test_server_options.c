// SPDX-License-Identifier: ISC
// rtjam-broadcast command line: defaults, repeatable ports, and clear refusals.

#include "check.h"
#include "server/options.h"
#include "server/recorder.h"

#include <string.h>

static BcastOptions opt;
static char err[256];

#define PARSE(...)                                                                                 \
  bcast_options_parse(                                                                             \
      (int)(sizeof((const char*[]){"rtjam-broadcast", __VA_ARGS__}) / sizeof(const char*)),        \
      (const char*[]){"rtjam-broadcast", __VA_ARGS__}, &opt, err, sizeof err)

static void
no_arguments_give_one_room_on_7891_at_120_bpm_for_16_players(void)
{
  const char* argv[] = {"rtjam-broadcast"};
  CHECK_INT(bcast_options_parse(1, argv, &opt, err, sizeof err), JAM_SUCCESS);
  CHECK_INT(opt.port_count, 1);
  CHECK_INT(opt.ports[0].port, 7891);
  CHECK_INT(opt.ports[0].tempo_bpm, 120);
  CHECK_INT(opt.max_players, 16);
  CHECK_INT(opt.threads, 0);
  CHECK_INT(opt.dscp, 46);
  CHECK_INT(opt.rate, 2000);
  CHECK_INT(opt.burst, 200);
  CHECK_INT(opt.batch, 16);
  CHECK_INT(opt.spin_us, 0);
  CHECK_INT(opt.no_gso, 0);
  CHECK_INT(opt.rt_priority, 0);
  CHECK(opt.bind == NULL && opt.status_file == NULL, "no bind address, no status file");
}

static void
ports_repeat_and_take_the_tempo_wherever_it_is_given(void)
{
  CHECK_INT(PARSE("--port", "7891", "-p", "7892:90", "--port=7893", "--tempo", "100"), JAM_SUCCESS);
  CHECK_INT(opt.port_count, 3);
  CHECK_INT(opt.ports[0].port, 7891);
  CHECK_INT(opt.ports[0].tempo_bpm, 100);
  CHECK_INT(opt.ports[1].port, 7892);
  CHECK_INT(opt.ports[1].tempo_bpm, 90);
  CHECK_INT(opt.ports[2].port, 7893);
  CHECK_INT(opt.ports[2].tempo_bpm, 100);
}

static void
tempo_0_is_refused_with_the_valid_range(void)
{
  CHECK_INT(PARSE("--tempo", "0"), JAM_ERR_BAD_ARGUMENT);
  CHECK(strcmp(err, "--tempo 0: must be a whole number of BPM, 1..1000") == 0, "err: %s", err);
}

static void
negative_huge_and_fractional_tempos_are_refused(void)
{
  CHECK_INT(PARSE("--tempo", "-120"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--tempo", "1001"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--tempo", "60000001"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--tempo", "99999999999999999999"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--tempo", "120.5"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--port", "7891:0"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--tempo", "1000"), JAM_SUCCESS);
}

static void
bad_ports_are_refused(void)
{
  CHECK_INT(PARSE("--port", "0"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--port", "65536"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--port", "http"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--port", "7891", "--port", "7891"), JAM_ERR_BAD_ARGUMENT);
  CHECK(strcmp(err, "--port 7891 given twice") == 0, "err: %s", err);
}

static void
max_players_must_be_1_to_256(void)
{
  CHECK_INT(PARSE("--max-players", "0"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--max-players", "257"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("-m", "1"), JAM_SUCCESS);
  CHECK_INT(opt.max_players, 1);
  CHECK_INT(PARSE("--max-players=256"), JAM_SUCCESS);
  CHECK_INT(opt.max_players, 256);
}

static void
unknown_options_and_missing_values_are_named(void)
{
  CHECK_INT(PARSE("--frobnicate"), JAM_ERR_PARSE);
  CHECK(strcmp(err, "unknown option '--frobnicate' (see --help)") == 0, "err: %s", err);
  CHECK_INT(PARSE("--port"), JAM_ERR_PARSE);
  CHECK(strcmp(err, "--port needs a value") == 0, "err: %s", err);
  CHECK_INT(PARSE("--help=yes"), JAM_ERR_PARSE);
}

static void
the_remaining_options_are_read(void)
{
  CHECK_INT(PARSE("-h", "-V", "--bind", "127.0.0.1", "--threads", "3", "--status-file", "/tmp/s",
                  "--dscp", "0", "--max-rate", "800", "--max-burst", "10", "--log-level", "debug",
                  "--rt-priority", "60", "--batch", "64", "--spin-us", "200", "--no-gso"),
            JAM_SUCCESS);
  CHECK_INT(opt.help, 1);
  CHECK_INT(opt.version, 1);
  CHECK(strcmp(opt.bind, "127.0.0.1") == 0, "bind %s", opt.bind);
  CHECK_INT(opt.threads, 3);
  CHECK(strcmp(opt.status_file, "/tmp/s") == 0, "status file %s", opt.status_file);
  CHECK_INT(opt.dscp, 0);
  CHECK_INT(opt.rate, 800);
  CHECK_INT(opt.burst, 10);
  CHECK_INT(opt.log_level, JAM_LOG_DEBUG);
  CHECK_INT(opt.rt_priority, 60);
  CHECK_INT(opt.batch, 64);
  CHECK_INT(opt.spin_us, 200);
  CHECK_INT(opt.no_gso, 1);
  CHECK_INT(PARSE("--no-gso=1"), JAM_ERR_PARSE);
  CHECK_INT(PARSE("--batch", "65"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--batch", "0"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--rt-priority", "100"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--dscp", "64"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--threads", "0"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--log-level", "loud"), JAM_ERR_BAD_ARGUMENT);
}

static void
a_record_dir_too_long_for_the_takes_paths_is_refused(void)
{
  static char dir[BCAST_RECORD_ROOT_MAX + 2];
  memset(dir, 'd', BCAST_RECORD_ROOT_MAX);
  dir[0] = '/';
  CHECK_INT(PARSE("--record-dir", dir), JAM_SUCCESS);
  CHECK_INT(strlen(opt.record_dir), 3894);
  dir[BCAST_RECORD_ROOT_MAX] = 'd';
  CHECK_INT(PARSE("--record-dir", dir), JAM_ERR_BAD_ARGUMENT);
  CHECK(strcmp(err, "--record-dir: path longer than 3894 bytes") == 0, "%s", err);
}

static void
record_keep_defaults_to_16_gib_and_is_range_checked(void)
{
  CHECK_INT(PARSE("--port", "7891"), JAM_SUCCESS);
  CHECK(opt.record_keep == 17179869184ull, "%llu", (unsigned long long)opt.record_keep);
  CHECK_INT(PARSE("--record-keep", "1048576"), JAM_SUCCESS);
  CHECK(opt.record_keep == 1048576u, "%llu", (unsigned long long)opt.record_keep);
  CHECK_INT(PARSE("--record-keep", "1048575"), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(err, "--record-keep 1048575: must be 1048576..1125899906842624 bytes"), "%s", err);
  CHECK_INT(PARSE("--record-keep", "-5"), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(PARSE("--record-keep", "16G"), JAM_ERR_BAD_ARGUMENT);
}

static void
the_room_mode_is_separate_or_mix(void)
{
  CHECK_INT(PARSE("--port", "7000"), JAM_SUCCESS);
  CHECK_INT(opt.mix, 0);
  CHECK_INT(PARSE("--room-mode", "mix"), JAM_SUCCESS);
  CHECK_INT(opt.mix, 1);
  CHECK_INT(PARSE("--room-mode=separate"), JAM_SUCCESS);
  CHECK_INT(opt.mix, 0);
  CHECK_INT(PARSE("--room-mode", "loud"), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(err, "--room-mode loud: must be separate or mix") != NULL, "%s", err);
}

static void
the_control_websocket_needs_a_token_beyond_loopback(void)
{
  CHECK_INT(PARSE("--control-port", "7999"), JAM_SUCCESS);
  CHECK(opt.control_port == 7999 && !opt.control_bind && !opt.control_token && !opt.control_origin,
        "loopback, no token, no extra Origin");
  CHECK_INT(PARSE("--control-port", "7999", "--control-bind", "0.0.0.0"), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(err, "--control-bind 0.0.0.0 reaches beyond this machine: set --control-token"),
        "%s", err);
  CHECK_INT(PARSE("--control-bind", "0.0.0.0", "--control-token", "s3cret", "--control-origin",
                  "https://ops.example"),
            JAM_SUCCESS);
  CHECK(!strcmp(opt.control_token, "s3cret") && !strcmp(opt.control_origin, "https://ops.example"),
        "%s %s", opt.control_token, opt.control_origin);
  CHECK_INT(PARSE("--control-bind", "127.0.0.2"), JAM_SUCCESS);
  CHECK_INT(PARSE("--control-bind", "::1"), JAM_SUCCESS);
  CHECK(!strcmp(opt.control_bind, "::1"), "%s", opt.control_bind);
  CHECK_INT(PARSE("--control-bind", "localhost"), JAM_SUCCESS);
  CHECK(!strcmp(opt.control_bind, "127.0.0.1"), "%s", opt.control_bind);
  CHECK_INT(PARSE("--control-bind", "eth0", "--control-token", "s3cret"), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(err, "--control-bind eth0: not a numeric IPv4 or IPv6 address"), "%s", err);
  CHECK_INT(PARSE("--control-token", ""), JAM_ERR_BAD_ARGUMENT);
  CHECK(strstr(err, "--control-token: must be 1..127 bytes"), "%s", err);
}

int
main(void)
{
  RUN(no_arguments_give_one_room_on_7891_at_120_bpm_for_16_players);
  RUN(ports_repeat_and_take_the_tempo_wherever_it_is_given);
  RUN(tempo_0_is_refused_with_the_valid_range);
  RUN(negative_huge_and_fractional_tempos_are_refused);
  RUN(bad_ports_are_refused);
  RUN(max_players_must_be_1_to_256);
  RUN(unknown_options_and_missing_values_are_named);
  RUN(the_remaining_options_are_read);
  RUN(the_room_mode_is_separate_or_mix);
  RUN(a_record_dir_too_long_for_the_takes_paths_is_refused);
  RUN(record_keep_defaults_to_16_gib_and_is_range_checked);
  RUN(the_control_websocket_needs_a_token_beyond_loopback);
  return jam_test_summary();
}
