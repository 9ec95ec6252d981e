// SPDX-License-Identifier: ISC
// rtjam-host's settings (host/options.c): the config file is validated (JSON errors with line
// and column, types, ranges, exact-case keys, unknown keys warned about with the valid ones),
// and the websocket's access options (--token, --web-origin; a token is required beyond
// loopback). Log lines are read back from stderr, redirected to a file.

#include "host/options.h"

#include "check.h"
#include "packet.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[] = "/tmp/rtjam-test-options-XXXXXX";
static char g_log[4096]; ///< what the last parse logged

// Writes text to DIR/cfg.json and parses "--config DIR/cfg.json" plus the extra flags.
static int
parse_config(HostOptions* o, const char* text, const char* flag, const char* value)
{
  char path[256], logpath[256];
  snprintf(path, sizeof path, "%s/cfg.json", g_dir);
  snprintf(logpath, sizeof logpath, "%s/log", g_dir);
  FILE* f = fopen(path, "w");
  if (!f) {
    return -99;
  }
  fputs(text, f);
  fclose(f);
  char args[5][256];
  snprintf(args[0], sizeof args[0], "rtjam-host");
  snprintf(args[1], sizeof args[1], "--config");
  snprintf(args[2], sizeof args[2], "%s", path);
  snprintf(args[3], sizeof args[3], "%s", flag ? flag : "");
  snprintf(args[4], sizeof args[4], "%s", value ? value : "");
  char* argv[6] = {args[0], args[1], args[2], args[3], args[4], NULL};
  const int argc = flag ? 5 : 3;
  memset(o, 0, sizeof *o);
  optind = 0; // getopt_long starts over
  fflush(stderr);
  const int saved = dup(2);
  FILE* log = fopen(logpath, "w+");
  dup2(fileno(log), 2);
  const int rc = host_options_parse(o, argc, argv);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  rewind(log);
  const size_t n = fread(g_log, 1, sizeof g_log - 1, log);
  g_log[n] = '\0';
  fclose(log);
  return rc;
}

static void
a_valid_config_sets_every_key_it_names(void)
{
  HostOptions o;
  CHECK_INT(parse_config(&o,
                         "{\"jackName\":\"cfg\",\"port\":7000,\"wsPort\":9191,\"noConnect\":true,"
                         "\"token\":\"t0k\",\"webOrigin\":\"https://rtjam.example\"}",
                         NULL, NULL),
            0);
  CHECK(!strcmp(o.jack_name, "cfg"), "jackName %s", o.jack_name);
  CHECK_INT(o.port, 7000);
  CHECK_INT(o.ws_port, 9191);
  CHECK_INT(o.connect, 0);
  CHECK(!strcmp(o.token, "t0k"), "token %s", o.token);
  CHECK(!strcmp(o.web_origin, "https://rtjam.example"), "webOrigin %s", o.web_origin);
  CHECK(g_log[0] == '\0', "nothing logged: %s", g_log);
}

static void
a_port_out_of_range_or_not_an_integer_is_an_error(void)
{
  HostOptions o;
  CHECK_INT(parse_config(&o, "{\"wsPort\":99999}", NULL, NULL), -1);
  CHECK(strstr(g_log, "\"wsPort\" is 99999, not an integer 1..65535"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{\"port\":0}", NULL, NULL), -1);
  CHECK_INT(parse_config(&o, "{\"port\":7891.5}", NULL, NULL), -1);
  CHECK_INT(parse_config(&o, "{\"port\":1e300}", NULL, NULL), -1);
  // Validated before any conversion: 1e300 never reaches a double-to-integer cast.
  CHECK_INT(parse_config(&o, "{\"clientId\":1e300}", NULL, NULL), -1);
  CHECK(strstr(g_log, "\"clientId\" is 1e+300, not an integer 1..4294967295"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{\"clientId\":4294967295}", NULL, NULL), 0);
  CHECK_INT(o.client_id, 4294967295L);
}

static void
a_value_of_the_wrong_type_is_an_error(void)
{
  HostOptions o;
  CHECK_INT(parse_config(&o, "{\"wsPort\":\"9090\"}", NULL, NULL), -1);
  CHECK(strstr(g_log, "\"wsPort\" must be an integer"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{\"noConnect\":1}", NULL, NULL), -1);
  CHECK(strstr(g_log, "\"noConnect\" must be true or false"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{\"server\":7}", NULL, NULL), -1);
  CHECK(strstr(g_log, "\"server\" must be a string"), "log: %s", g_log);
}

static void
a_string_too_long_for_its_field_is_an_error_not_truncated(void)
{
  HostOptions o;
  char text[200];
  snprintf(text, sizeof text, "{\"jackName\":\"%070d\"}", 0); // jack_name holds 63 bytes
  CHECK_INT(parse_config(&o, text, NULL, NULL), -1);
  CHECK(strstr(g_log, "\"jackName\" is longer than 63 bytes"), "log: %s", g_log);
}

static void
keys_are_exact_case_and_unknown_ones_are_warned_about(void)
{
  HostOptions o;
  CHECK_INT(parse_config(&o, "{\"WsPort\":1234,\"frob\":1}", NULL, NULL), 0);
  CHECK_INT(o.ws_port, 9090); // the default: "WsPort" is not "wsPort"
  CHECK(strstr(g_log, "unknown key \"WsPort\" ignored (keys are case-sensitive: \"wsPort\"?)"),
        "log: %s", g_log);
  CHECK(strstr(g_log, "unknown key \"frob\" ignored (valid keys: jackName, server, port,"),
        "log: %s", g_log);
  CHECK(strstr(g_log, "WARN") || strstr(g_log, "warn"), "at warning level: %s", g_log);
}

static void
a_json_error_names_its_line_and_column(void)
{
  HostOptions o;
  CHECK_INT(parse_config(&o, "{\n  \"port\": 7891,\n  \"wsPort\": 90x0\n}\n", NULL, NULL), -1);
  CHECK(strstr(g_log, "cfg.json:3:15: JSON syntax error"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{\"port\":1} trailing", NULL, NULL), -1);
  CHECK(strstr(g_log, "cfg.json:1:12: JSON syntax error"), "log: %s", g_log);
}

static void
a_token_is_required_when_the_websocket_is_bound_beyond_loopback(void)
{
  HostOptions o;
  CHECK_INT(parse_config(&o, "{\"wsBind\":\"0.0.0.0\"}", NULL, NULL), -1);
  CHECK(strstr(g_log, "set --token"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{\"wsBind\":\"0.0.0.0\"}", "--token", "s3cret"), 0);
  CHECK(!strcmp(o.token, "s3cret"), "token %s", o.token);
  CHECK_INT(parse_config(&o, "{\"wsBind\":\"127.0.0.2\"}", NULL, NULL), 0);
  CHECK_INT(parse_config(&o, "{}", "--ws-bind", "::1"), 0);
  CHECK(!strcmp(o.ws_bind, "::1"), "bind %s", o.ws_bind);
  CHECK_INT(parse_config(&o, "{\"wsBind\":\"localhost\"}", NULL, NULL), 0);
  CHECK(!strcmp(o.ws_bind, "127.0.0.1"), "bind %s", o.ws_bind);
  CHECK_INT(parse_config(&o, "{\"token\":\"t\"}", "--ws-bind", "wlan0"), -1);
  CHECK(strstr(g_log, "'wlan0' is not a numeric IPv4 or IPv6 address"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{}", "--web-origin", "http://jam.local:8080"), 0);
  CHECK(!strcmp(o.web_origin, "http://jam.local:8080"), "web origin %s", o.web_origin);
}

// --web-bind and config "webBind" are names for --ws-bind (one listener); --web-root and
// "webRoot" name the page's directory.
static void
web_bind_is_a_name_for_ws_bind_and_web_root_is_kept(void)
{
  HostOptions o;
  CHECK_INT(parse_config(&o, "{}", "--web-bind", "0.0.0.0"), -1);
  CHECK(strstr(g_log, "set --token"), "log: %s", g_log);
  CHECK_INT(parse_config(&o, "{\"webBind\":\"0.0.0.0\",\"token\":\"t\"}", "--web-root", "/srv/w"),
            0);
  CHECK(!strcmp(o.ws_bind, "0.0.0.0"), "bind %s", o.ws_bind);
  CHECK(!strcmp(o.web_root, "/srv/w"), "web root %s", o.web_root);
  CHECK_INT(parse_config(&o, "{\"webRoot\":\"/opt/w\"}", "--web-bind", "127.0.0.3"), 0);
  CHECK(!strcmp(o.ws_bind, "127.0.0.3"), "bind %s", o.ws_bind);
  CHECK(!strcmp(o.web_root, "/opt/w"), "web root %s", o.web_root);
  CHECK_INT(parse_config(&o, "{\"webRoot\":7}", NULL, NULL), -1);
}

// Regression: "--config=FILE" (getopt's = form) and an abbreviation ("--conf FILE") were
// accepted by getopt and then ignored: only "--config FILE" was looked for. Flags given before
// the config file still override it.
static void
the_config_is_read_in_every_form_getopt_accepts(void)
{
  char path[256];
  snprintf(path, sizeof path, "%s/cfg.json", g_dir);
  FILE* f = fopen(path, "w");
  CHECK(f != NULL, "write %s", path);
  if (!f) {
    return;
  }
  fputs("{\"wsPort\":9123,\"jackName\":\"fromcfg\"}", f);
  fclose(f);
  char eq[300];
  snprintf(eq, sizeof eq, "--config=%s", path);
  char abbrev_eq[300];
  snprintf(abbrev_eq, sizeof abbrev_eq, "--conf=%s", path);
  char prog[] = "rtjam-host", conf[] = "--conf", ws_port[] = "--ws-port", p9200[] = "9200";
  char* forms[][5] = {
      {prog, eq, NULL, NULL, NULL},
      {prog, abbrev_eq, NULL, NULL, NULL},
      {prog, conf, path, NULL, NULL},
      {prog, ws_port, p9200, eq, NULL}, // a flag overrides the file in any order
  };
  const int argcs[] = {2, 2, 3, 4};
  const int want_port[] = {9123, 9123, 9123, 9200};
  for (int k = 0; k < 4; ++k) {
    HostOptions o;
    memset(&o, 0, sizeof o);
    optind = 0;
    CHECK_INT(host_options_parse(&o, argcs[k], forms[k]), 0);
    CHECK(o.ws_port == want_port[k] && !strcmp(o.jack_name, "fromcfg"),
          "form %d (%s): wsPort %d jackName '%s'", k, forms[k][1], o.ws_port, o.jack_name);
  }
}

// No clientId configured: an id derived from the machine, in 1000..39999 (below the ids the
// wire reserves, 40000..40002), never the placeholder 4321, the same for the same machine.
// Two hosts with the default config used to share 4321, and the server refused the second.
static void
the_default_client_id_is_derived_from_the_machine(void)
{
  static uint8_t seen[HOST_CLIENT_ID_MAX + 1];
  int distinct = 0, out_of_range = 0;
  for (int k = 0; k < 100000; ++k) {
    char text[64];
    snprintf(text, sizeof text, "%032x", (unsigned)k * 2654435761u);
    const uint32_t id = host_client_id_from_text(text);
    if (id < HOST_CLIENT_ID_MIN || id > HOST_CLIENT_ID_MAX || id == JAM_PACKET_UNCONNECTED_ID ||
        !jam_packet_member_id_ok(id)) {
      ++out_of_range;
      continue;
    }
    distinct += !seen[id];
    seen[id] = 1;
  }
  CHECK_INT(out_of_range, 0);
  CHECK(distinct > 30000, "100000 machine ids give %d distinct client ids", distinct);
  // Stable: the same text, the same id, on every build (pinned).
  const char* mid = "4c4c4544004d3510804cb4c04f4e3332";
  CHECK_INT(host_client_id_from_text(mid), host_client_id_from_text(mid));
  CHECK_INT(host_client_id_from_text(mid), 31626);
  CHECK(host_client_id_from_text("") >= HOST_CLIENT_ID_MIN, "empty text: %u",
        host_client_id_from_text(""));

  // From the machine-id file's first line (its newline dropped).
  char path[300], from[64];
  snprintf(path, sizeof path, "%s/machine-id", g_dir);
  FILE* f = fopen(path, "w");
  CHECK(f != NULL, "cannot write %s", path);
  if (!f) {
    return;
  }
  fprintf(f, "%s\n", mid);
  fclose(f);
  CHECK_INT(host_client_id_default(path, from, sizeof from), host_client_id_from_text(mid));
  CHECK(strstr(from, "from ") && strstr(from, "machine-id"), "from '%s'", from);
  remove(path);
  // Without it: from the hostname.
  char name[256] = "";
  gethostname(name, sizeof name - 1);
  CHECK_INT(host_client_id_default(path, from, sizeof from), host_client_id_from_text(name));
  CHECK(!strcmp(from, "from the hostname"), "from '%s'", from);

  // The options: derived when none is set (and said so), kept as given otherwise.
  HostOptions o;
  CHECK_INT(parse_config(&o, "{}", NULL, NULL), 0);
  CHECK(o.client_id >= HOST_CLIENT_ID_MIN && o.client_id <= HOST_CLIENT_ID_MAX &&
            o.client_id != JAM_PACKET_UNCONNECTED_ID,
        "derived client id %ld", o.client_id);
  CHECK(o.client_id_from[0] != '\0', "derived, but from nowhere");
  const long derived = o.client_id;
  CHECK_INT(parse_config(&o, "{}", NULL, NULL), 0);
  CHECK_INT(o.client_id, derived);
  CHECK_INT(parse_config(&o, "{}", "--client-id", "4321"), 0);
  CHECK_INT(o.client_id, 4321);
  CHECK(o.client_id_from[0] == '\0', "configured, yet from '%s'", o.client_id_from);
  CHECK_INT(parse_config(&o, "{\"clientId\":101}", NULL, NULL), 0);
  CHECK_INT(o.client_id, 101);
  CHECK(o.client_id_from[0] == '\0', "configured, yet from '%s'", o.client_id_from);
}

int
main(void)
{
  if (!mkdtemp(g_dir)) {
    perror("mkdtemp");
    return 1;
  }
  RUN(a_valid_config_sets_every_key_it_names);
  RUN(a_port_out_of_range_or_not_an_integer_is_an_error);
  RUN(a_value_of_the_wrong_type_is_an_error);
  RUN(a_string_too_long_for_its_field_is_an_error_not_truncated);
  RUN(keys_are_exact_case_and_unknown_ones_are_warned_about);
  RUN(a_json_error_names_its_line_and_column);
  RUN(a_token_is_required_when_the_websocket_is_bound_beyond_loopback);
  RUN(web_bind_is_a_name_for_ws_bind_and_web_root_is_kept);
  RUN(the_config_is_read_in_every_form_getopt_accepts);
  RUN(the_default_client_id_is_derived_from_the_machine);
  char path[300];
  snprintf(path, sizeof path, "%s/cfg.json", g_dir);
  remove(path);
  snprintf(path, sizeof path, "%s/log", g_dir);
  remove(path);
  rmdir(g_dir);
  return jam_test_summary();
}
