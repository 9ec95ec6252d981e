// SPDX-License-Identifier: ISC
// rtjam-host's settings: the JSON config file, then the command line over it. See docs/host.md.

#include "host/options.h"

#include "host/nation_msg.h"

#include "log.h"

#include <cJSON.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
usage(FILE* f)
{
  fprintf(f, "usage: rtjam-host [options]\n"
             "  --config FILE       JSON config file (keys as the long options, camelCase)\n"
             "  --jack-name NAME    JACK client name (default rtjam)\n"
             "  --server HOST       join a room on this rtjam-broadcast server at start\n"
             "  --port N            its UDP port (default 7891)\n"
             "  --client-id N       our client id in the room (default 4321)\n"
             "  --board0 FILE       board JSON for input 1, loaded at start\n"
             "  --board1 FILE       board JSON for input 2, loaded at start\n"
             "  --ws-port N         websocket control port (default 9090)\n"
             "  --ws-bind ADDR      websocket bind address (default 127.0.0.1)\n"
             "  --no-connect        do not connect to system:capture_* / system:playback_*\n"
             "  --player-outs       register player_01..player_22 outputs\n"
             "  --nation-api URL    rtjam-nation REST base (http://HOST/api/1/)\n"
             "  --nation-ws URL     rtjam-nation chat websocket (ws://HOST/primus)\n"
             "                      (both or neither; default: no nation link)\n"
             "  --mac ADDR          MAC address sent to the nation (default: first interface)\n"
             "  --help, --version\n");
}

static void
copy_str(char* dst, size_t size, const char* src)
{
  snprintf(dst, size, "%s", src ? src : "");
}

// A whole number lo..hi from the config file, the same ranges as the flags. The range is checked
// on the double before the cast: converting 1e300 to long is undefined behaviour (issue 17).
static int
config_int(const char* path, const cJSON* v, const char* key, long lo, long hi, long* out)
{
  const double d = v->valuedouble;
  if (!(d >= (double)lo && d <= (double)hi) || d != floor(d)) {
    jam_log(JAM_LOG_ERROR, "host: %s: \"%s\" must be a whole number %ld..%ld", path, key, lo, hi);
    return -1;
  }
  *out = (long)d;
  return 0;
}

static int
load_config(HostOptions* o, const char* path)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    jam_log(JAM_LOG_ERROR, "host: open %s: %s", path, strerror(errno));
    return -1;
  }
  char buf[65536];
  const size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  cJSON* root = cJSON_Parse(buf);
  if (!cJSON_IsObject(root)) {
    jam_log(JAM_LOG_ERROR, "host: %s: not a JSON object", path);
    cJSON_Delete(root);
    return -1;
  }
  const cJSON* v;
  long num = 0;
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "jackName"))) {
    copy_str(o->jack_name, sizeof o->jack_name, v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "server"))) {
    copy_str(o->server, sizeof o->server, v->valuestring);
  }
  if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "port"))) {
    if (config_int(path, v, "port", 1, 65535, &num)) {
      cJSON_Delete(root);
      return -1;
    }
    o->port = (int)num;
  }
  if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "clientId"))) {
    if (config_int(path, v, "clientId", 1, 16777215, &num)) {
      cJSON_Delete(root);
      return -1;
    }
    o->client_id = num;
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "board0"))) {
    copy_str(o->board_file[0], sizeof o->board_file[0], v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "board1"))) {
    copy_str(o->board_file[1], sizeof o->board_file[1], v->valuestring);
  }
  if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "wsPort"))) {
    if (config_int(path, v, "wsPort", 1, 65535, &num)) {
      cJSON_Delete(root);
      return -1;
    }
    o->ws_port = (int)num;
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "wsBind"))) {
    copy_str(o->ws_bind, sizeof o->ws_bind, v->valuestring);
  }
  if (cJSON_IsBool(v = cJSON_GetObjectItem(root, "noConnect"))) {
    o->connect = !cJSON_IsTrue(v);
  }
  if (cJSON_IsBool(v = cJSON_GetObjectItem(root, "playerOuts"))) {
    o->player_outs = cJSON_IsTrue(v);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "nationApi"))) {
    copy_str(o->nation_api, sizeof o->nation_api, v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "nationWs"))) {
    copy_str(o->nation_ws, sizeof o->nation_ws, v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "mac"))) {
    copy_str(o->mac, sizeof o->mac, v->valuestring);
  }
  cJSON_Delete(root);
  return 0;
}

static int
parse_int(const char* s, long lo, long hi, long* out)
{
  char* end = NULL;
  errno = 0;
  const long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) {
    return -1;
  }
  *out = v;
  return 0;
}

// Returns 0 to run, 1 to exit successfully (help/version), −1 on a usage error.
int
host_options_parse(HostOptions* o, int argc, char** argv)
{
  copy_str(o->jack_name, sizeof o->jack_name, "rtjam");
  copy_str(o->ws_bind, sizeof o->ws_bind, "127.0.0.1");
  o->port = 7891;
  o->client_id = 4321;
  o->ws_port = 9090;
  o->connect = 1;
  enum {
    O_CONFIG = 256,
    O_JACK,
    O_SERVER,
    O_PORT,
    O_ID,
    O_B0,
    O_B1,
    O_WSPORT,
    O_WSBIND,
    O_NOCONN,
    O_PLAYERS,
    O_NATION_API,
    O_NATION_WS,
    O_MAC,
    O_HELP,
    O_VERSION
  };
  static const struct option longopts[] = {
      {"config", required_argument, NULL, O_CONFIG},
      {"jack-name", required_argument, NULL, O_JACK},
      {"server", required_argument, NULL, O_SERVER},
      {"port", required_argument, NULL, O_PORT},
      {"client-id", required_argument, NULL, O_ID},
      {"board0", required_argument, NULL, O_B0},
      {"board1", required_argument, NULL, O_B1},
      {"ws-port", required_argument, NULL, O_WSPORT},
      {"ws-bind", required_argument, NULL, O_WSBIND},
      {"no-connect", no_argument, NULL, O_NOCONN},
      {"player-outs", no_argument, NULL, O_PLAYERS},
      {"nation-api", required_argument, NULL, O_NATION_API},
      {"nation-ws", required_argument, NULL, O_NATION_WS},
      {"mac", required_argument, NULL, O_MAC},
      {"help", no_argument, NULL, O_HELP},
      {"version", no_argument, NULL, O_VERSION},
      {NULL, 0, NULL, 0},
  };
  // The config file first, so that flags override it.
  for (int i = 1; i + 1 < argc; ++i) {
    if (!strcmp(argv[i], "--config") && load_config(o, argv[i + 1])) {
      return -1;
    }
  }
  int c;
  long v = 0;
  while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
    switch (c) {
    case O_CONFIG:
      break;
    case O_JACK:
      copy_str(o->jack_name, sizeof o->jack_name, optarg);
      break;
    case O_SERVER:
      copy_str(o->server, sizeof o->server, optarg);
      break;
    case O_PORT:
      if (parse_int(optarg, 1, 65535, &v)) {
        fprintf(stderr, "rtjam-host: --port: '%s' is not a port number\n", optarg);
        return -1;
      }
      o->port = (int)v;
      break;
    case O_ID:
      if (parse_int(optarg, 1, 16777215, &v)) {
        fprintf(stderr, "rtjam-host: --client-id: '%s' is not 1..16777215\n", optarg);
        return -1;
      }
      o->client_id = v;
      break;
    case O_B0:
      copy_str(o->board_file[0], sizeof o->board_file[0], optarg);
      break;
    case O_B1:
      copy_str(o->board_file[1], sizeof o->board_file[1], optarg);
      break;
    case O_WSPORT:
      if (parse_int(optarg, 1, 65535, &v)) {
        fprintf(stderr, "rtjam-host: --ws-port: '%s' is not a port number\n", optarg);
        return -1;
      }
      o->ws_port = (int)v;
      break;
    case O_WSBIND:
      copy_str(o->ws_bind, sizeof o->ws_bind, optarg);
      break;
    case O_NOCONN:
      o->connect = 0;
      break;
    case O_PLAYERS:
      o->player_outs = 1;
      break;
    case O_NATION_API:
      copy_str(o->nation_api, sizeof o->nation_api, optarg);
      break;
    case O_NATION_WS:
      copy_str(o->nation_ws, sizeof o->nation_ws, optarg);
      break;
    case O_MAC:
      if (host_nation_msg_mac(optarg, o->mac)) {
        fprintf(stderr, "rtjam-host: --mac: '%s' is not aa:bb:cc:dd:ee:ff\n", optarg);
        return -1;
      }
      break;
    case 'h':
    case O_HELP:
      usage(stdout);
      return 1;
    case 'v':
    case O_VERSION:
      printf("rtjam-host %s\n", RTJAM_VERSION);
      return 1;
    default:
      usage(stderr);
      return -1;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "rtjam-host: unexpected argument '%s'\n", argv[optind]);
    return -1;
  }
  if (!o->nation_api[0] != !o->nation_ws[0]) {
    fprintf(stderr, "rtjam-host: the nation link needs both --nation-api and --nation-ws\n");
    return -1;
  }
  return 0;
}

void
host_options_default_mac(char out[18])
{
  copy_str(out, 18, "00:00:00:00:00:00");
  struct dirent** names = NULL;
  const int n = scandir("/sys/class/net", &names, NULL, alphasort);
  int found = 0;
  for (int i = 0; i < n; ++i) {
    char path[512], text[64] = "";
    snprintf(path, sizeof path, "/sys/class/net/%s/address", names[i]->d_name);
    FILE* f =
        names[i]->d_name[0] != '.' && strcmp(names[i]->d_name, "lo") ? fopen(path, "r") : NULL;
    if (f) {
      if (fgets(text, sizeof text, f)) {
        text[strcspn(text, "\n")] = '\0';
      }
      fclose(f);
    }
    char mac[18];
    if (!found && !host_nation_msg_mac(text, mac) && strcmp(mac, "00:00:00:00:00:00")) {
      copy_str(out, 18, mac);
      found = 1;
    }
    free(names[i]);
  }
  free(names);
}
