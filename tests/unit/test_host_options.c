// SPDX-License-Identifier: ISC
// rtjam-host settings: the config file's numbers are checked as the flags are (issue 17: a
// clientId of 1e300 was cast to long, undefined behaviour).

#include "host/options.h"

#include "check.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Parses `--config FILE` where FILE holds `json`; returns host_options_parse's result.
static int
parse_config(const char* json, HostOptions* o)
{
  char path[] = "/tmp/rtjam-test-options-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) {
    return -99;
  }
  const ssize_t w = write(fd, json, strlen(json));
  close(fd);
  if (w != (ssize_t)strlen(json)) {
    unlink(path);
    return -99;
  }
  char a0[] = "rtjam-host", a1[] = "--config";
  char* argv[] = {a0, a1, path, NULL};
  memset(o, 0, sizeof *o);
  optind = 0; // getopt's global state: start over for each parse
  const int r = host_options_parse(o, 3, argv);
  unlink(path);
  return r;
}

static void
a_config_file_sets_the_client_id_and_ports(void)
{
  HostOptions o;
  CHECK_INT(parse_config("{\"clientId\":101,\"port\":7000,\"wsPort\":9100}", &o), 0);
  CHECK_INT(o.client_id, 101);
  CHECK_INT(o.port, 7000);
  CHECK_INT(o.ws_port, 9100);
}

static void
a_client_id_out_of_range_or_fractional_is_a_usage_error(void)
{
  static const char* const bad[] = {
      "{\"clientId\":1e300}",    "{\"clientId\":-1e300}", "{\"clientId\":0}",
      "{\"clientId\":16777216}", "{\"clientId\":2.5}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    HostOptions o;
    CHECK(parse_config(bad[i], &o) == -1, "%s accepted (client id %ld)", bad[i], o.client_id);
  }
  HostOptions o;
  CHECK_INT(parse_config("{\"clientId\":16777215}", &o), 0);
  CHECK_INT(o.client_id, 16777215);
}

static void
ports_out_of_range_in_the_config_file_are_usage_errors(void)
{
  HostOptions o;
  CHECK_INT(parse_config("{\"port\":70000}", &o), -1);
  CHECK_INT(parse_config("{\"port\":1e300}", &o), -1);
  CHECK_INT(parse_config("{\"wsPort\":0}", &o), -1);
}

int
main(void)
{
  RUN(a_config_file_sets_the_client_id_and_ports);
  RUN(a_client_id_out_of_range_or_fractional_is_a_usage_error);
  RUN(ports_out_of_range_in_the_config_file_are_usage_errors);
  return jam_test_summary();
}
