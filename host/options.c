// SPDX-License-Identifier: ISC
// rtjam-host's settings: the JSON config file, then the command line over it. See docs/host.md.

#include "host/options.h"

#include "log.h"
#include "nation_msg.h"
#include "packet.h"
#include "version.h"
#include "ws_access.h"

#include <cJSON.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static void
usage(FILE* f)
{
  fprintf(f, "Usage: rtjam-host [OPTION]...\n"
             "The RTJam player's host: runs two pedal boards of LV2 plugins on JACK, joins a\n"
             "room on an rtjam-broadcast server, and takes commands on a websocket.\n\n"
             "  --config FILE       JSON config file (keys as the long options, camelCase)\n"
             "  --jack-name NAME    JACK client name (default rtjam)\n"
             "  --server HOST       join a room on this rtjam-broadcast server at start\n"
             "  --port N            its UDP port (default 7891)\n"
             "  --client-id N       our client id in the room (default: derived from this\n"
             "                      machine's /etc/machine-id, else its hostname, into\n"
             "                      1000..39999, so that two hosts in a room differ)\n"
             "  --board0 FILE       board JSON for input 1, loaded at start\n"
             "  --board1 FILE       board JSON for input 2, loaded at start\n"
             "  --ws-port N         websocket control port (default 9090)\n"
             "  --ws-bind ADDR, --web-bind ADDR\n"
             "                      numeric IPv4 or IPv6 bind address of the websocket\n"
             "                      and the web page (localhost means 127.0.0.1)\n"
             "                      (default 127.0.0.1: this machine only)\n"
             "  --no-connect        do not connect to system:capture_* / system:playback_*\n"
             "  --player-outs       register player_01..player_22 outputs\n"
             "  --nation-api URL    rtjam-nation REST base (http://HOST/api/1/)\n"
             "  --nation-ws URL     rtjam-nation chat websocket (ws://HOST/primus)\n"
             "                      (both or neither; default: no nation link)\n"
             "  --mac ADDR          MAC address sent to the nation (default: first interface)\n"
             "  --token TOKEN       websocket access token (?token= or Authorization: Bearer);\n"
             "                      required when --ws-bind is not a loopback address\n"
             "  --web-origin URL    a web page Origin allowed on the websocket besides\n"
             "                      http://127.0.0.1:PORT and http://localhost:PORT\n"
             "  --web-root DIR      the web page's files (default: the installed\n"
             "                      share/rtjam/web, or web/ of the source tree)\n"
             "  -h, --help          print this help and exit\n"
             "  -V, --version       print the version and exit\n");
}

static void
copy_str(char* dst, size_t size, const char* src)
{
  snprintf(dst, size, "%s", src ? src : "");
}

uint32_t
host_client_id_from_text(const char* const text)
{
  uint32_t h = 2166136261u; // FNV-1a, 32 bits
  for (const unsigned char* p = (const unsigned char*)(text ? text : ""); *p; ++p) {
    h = (h ^ *p) * 16777619u;
  }
  h ^= h >> 16; // FNV's low bits mix poorly: fold the high ones in before the modulo
  const uint32_t span = HOST_CLIENT_ID_MAX - HOST_CLIENT_ID_MIN + 1;
  uint32_t id = HOST_CLIENT_ID_MIN + h % span;
  if (id == JAM_PACKET_UNCONNECTED_ID) {
    ++id;
  }
  return id;
}

// The first line of a file, trailing white space removed. @return 0, or −1 (none, or empty)
static int
read_first_line(const char* const path, char* const out, const size_t size)
{
  FILE* f = path && path[0] ? fopen(path, "r") : NULL;
  if (!f) {
    return -1;
  }
  const int ok = fgets(out, (int)size, f) != NULL;
  fclose(f);
  size_t n = ok ? strlen(out) : 0;
  while (n > 0 &&
         (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' ' || out[n - 1] == '\t')) {
    out[--n] = '\0';
  }
  return n ? 0 : -1;
}

uint32_t
host_client_id_default(const char* const machine_id_path, char* const from, const size_t from_size)
{
  char text[256];
  if (!read_first_line(machine_id_path, text, sizeof text)) {
    snprintf(from, from_size, "from %s", machine_id_path);
    return host_client_id_from_text(text);
  }
  text[sizeof text - 1] = '\0';
  if (!gethostname(text, sizeof text - 1) && text[0]) {
    snprintf(from, from_size, "from the hostname");
    return host_client_id_from_text(text);
  }
  uint32_t r = 0;
  FILE* f = fopen("/dev/urandom", "rb");
  if (!f || fread(&r, sizeof r, 1, f) != 1) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    r = (uint32_t)ts.tv_nsec ^ (uint32_t)ts.tv_sec ^ ((uint32_t)getpid() << 16);
  }
  if (f) {
    fclose(f);
  }
  snprintf(from, from_size, "random: no machine-id nor hostname");
  snprintf(text, sizeof text, "%u", (unsigned)r);
  return host_client_id_from_text(text);
}

// The config file's keys (exact case), their JSON types and, for integers, their ranges.
typedef enum { CFG_STRING, CFG_INT, CFG_NUMBER, CFG_BOOL } CfgType;

typedef struct {
  const char* key;
  CfgType type;
  double lo, hi; ///< CFG_INT: the range; CFG_STRING: hi = the longest accepted (bytes)
} CfgKey;

#define CFG_STR(key, field)                                                                        \
  {                                                                                                \
    key, CFG_STRING, 0, (double)sizeof(((HostOptions*)0)->field) - 1                               \
  }

static const CfgKey cfg_keys[] = {
    CFG_STR("jackName", jack_name),
    CFG_STR("server", server),
    {"port", CFG_INT, 1, 65535},
    {"clientId", CFG_INT, 1, 4294967295.0},
    CFG_STR("board0", board_file[0]),
    CFG_STR("board1", board_file[1]),
    {"wsPort", CFG_INT, 1, 65535},
    CFG_STR("wsBind", ws_bind),
    {"noConnect", CFG_BOOL, 0, 0},
    {"playerOuts", CFG_BOOL, 0, 0},
    CFG_STR("nationApi", nation_api),
    CFG_STR("nationWs", nation_ws),
    CFG_STR("mac", mac),
    CFG_STR("token", token),
    CFG_STR("webOrigin", web_origin),
    CFG_STR("webBind", ws_bind),
    CFG_STR("webRoot", web_root),
};

#define CFG_N_KEYS (sizeof cfg_keys / sizeof cfg_keys[0])

static const char* const cfg_type_names[] = {"a string", "an integer", "a number", "true or false"};

// The valid keys, for the warning about an unknown one.
static void
cfg_key_list(char* out, size_t size)
{
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = 0; i < CFG_N_KEYS && used < size; ++i) {
    const int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", cfg_keys[i].key);
    used += n > 0 ? (size_t)n : 0;
  }
}

// One value against its key's type and range. @return 0, or −1 (logged)
static int
cfg_check_value(const char* path, const CfgKey* k, const cJSON* v)
{
  int ok = 0;
  switch (k->type) {
  case CFG_STRING:
    ok = cJSON_IsString(v);
    if (ok && strlen(v->valuestring) > (size_t)k->hi) {
      jam_log(JAM_LOG_ERROR, "host: %s: \"%s\" is longer than %.0f bytes", path, k->key, k->hi);
      return -1;
    }
    break;
  case CFG_INT:
    ok = cJSON_IsNumber(v);
    if (ok && !(v->valuedouble >= k->lo && v->valuedouble <= k->hi &&
                v->valuedouble == (double)(long)v->valuedouble)) {
      jam_log(JAM_LOG_ERROR, "host: %s: \"%s\" is %g, not an integer %.0f..%.0f", path, k->key,
              v->valuedouble, k->lo, k->hi);
      return -1;
    }
    break;
  case CFG_NUMBER:
    ok = cJSON_IsNumber(v);
    break;
  case CFG_BOOL:
    ok = cJSON_IsBool(v);
    break;
  }
  if (!ok) {
    jam_log(JAM_LOG_ERROR, "host: %s: \"%s\" must be %s", path, k->key, cfg_type_names[k->type]);
    return -1;
  }
  return 0;
}

// Checks every key of the config object: known keys (exact case) must have their type and
// range; unknown keys are warned about (naming the valid ones) and removed, so that cJSON's
// case-insensitive look-ups below see only exact keys. @return 0, or −1 on an error (logged)
static int
cfg_validate(const char* path, cJSON* root)
{
  cJSON* item = root->child;
  while (item) {
    cJSON* const next = item->next;
    const CfgKey* known = NULL;
    const char* near = NULL;
    for (size_t i = 0; i < CFG_N_KEYS; ++i) {
      if (!strcmp(item->string, cfg_keys[i].key)) {
        known = &cfg_keys[i];
      } else if (!strcasecmp(item->string, cfg_keys[i].key)) {
        near = cfg_keys[i].key;
      }
    }
    if (known && cfg_check_value(path, known, item)) {
      return -1;
    }
    if (!known) {
      char valid[512];
      cfg_key_list(valid, sizeof valid);
      if (near) {
        jam_log(JAM_LOG_WARN,
                "host: %s: unknown key \"%s\" ignored (keys are case-sensitive: \"%s\"?)", path,
                item->string, near);
      } else {
        jam_log(JAM_LOG_WARN, "host: %s: unknown key \"%s\" ignored (valid keys: %s)", path,
                item->string, valid);
      }
      cJSON_Delete(cJSON_DetachItemViaPointer(root, item));
    }
    item = next;
  }
  return 0;
}

// Line and column (from 1) of byte `at` in text.
static void
text_position(const char* text, size_t at, int* line, int* col)
{
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < at && text[i]; ++i) {
    if (text[i] == '\n') {
      ++*line;
      *col = 1;
    } else {
      ++*col;
    }
  }
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
  const int too_long = n == sizeof buf - 1 && fgetc(f) != EOF;
  fclose(f);
  buf[n] = '\0';
  if (too_long) {
    jam_log(JAM_LOG_ERROR, "host: %s: longer than %zu bytes", path, sizeof buf - 1);
    return -1;
  }
  const char* end = NULL;
  cJSON* root = cJSON_ParseWithOpts(buf, &end, 1);
  if (!root) {
    int line, col;
    text_position(buf, end ? (size_t)(end - buf) : 0, &line, &col);
    jam_log(JAM_LOG_ERROR, "host: %s:%d:%d: JSON syntax error", path, line, col);
    return -1;
  }
  if (!cJSON_IsObject(root)) {
    jam_log(JAM_LOG_ERROR, "host: %s: not a JSON object", path);
    cJSON_Delete(root);
    return -1;
  }
  if (cfg_validate(path, root)) {
    cJSON_Delete(root);
    return -1;
  }
  const cJSON* v;
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "jackName"))) {
    copy_str(o->jack_name, sizeof o->jack_name, v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "server"))) {
    copy_str(o->server, sizeof o->server, v->valuestring);
  }
  if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "port"))) {
    o->port = v->valueint;
  }
  if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "clientId"))) {
    o->client_id = (long)v->valuedouble;
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "board0"))) {
    copy_str(o->board_file[0], sizeof o->board_file[0], v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "board1"))) {
    copy_str(o->board_file[1], sizeof o->board_file[1], v->valuestring);
  }
  if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "wsPort"))) {
    o->ws_port = v->valueint;
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
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "token"))) {
    copy_str(o->token, sizeof o->token, v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "webOrigin"))) {
    copy_str(o->web_origin, sizeof o->web_origin, v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "webBind"))) { // a name for wsBind
    copy_str(o->ws_bind, sizeof o->ws_bind, v->valuestring);
  }
  if (cJSON_IsString(v = cJSON_GetObjectItem(root, "webRoot"))) {
    copy_str(o->web_root, sizeof o->web_root, v->valuestring);
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
  o->client_id = -1; // none configured: derived below
  o->client_id_from[0] = '\0';
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
    O_TOKEN,
    O_WEB_ORIGIN,
    O_WEB_ROOT,
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
      {"web-bind", required_argument, NULL, O_WSBIND},
      {"no-connect", no_argument, NULL, O_NOCONN},
      {"player-outs", no_argument, NULL, O_PLAYERS},
      {"nation-api", required_argument, NULL, O_NATION_API},
      {"nation-ws", required_argument, NULL, O_NATION_WS},
      {"mac", required_argument, NULL, O_MAC},
      {"token", required_argument, NULL, O_TOKEN},
      {"web-origin", required_argument, NULL, O_WEB_ORIGIN},
      {"web-root", required_argument, NULL, O_WEB_ROOT},
      {"help", no_argument, NULL, O_HELP},
      {"version", no_argument, NULL, O_VERSION},
      {NULL, 0, NULL, 0},
  };
  // The config file first, so that flags override it: a first getopt pass finds every
  // --config in any form getopt accepts ("--config F", "--config=F", "--conf=F"), silently;
  // the second pass reports the errors.
  int c;
  const int saved_opterr = opterr;
  opterr = 0;
  optind = 0; // glibc: start over (also resets its state for the second pass)
  while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
    if (c == O_CONFIG && load_config(o, optarg)) {
      opterr = saved_opterr;
      return -1;
    }
  }
  opterr = saved_opterr;
  optind = 0;
  long v = 0;
  while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
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
      if (parse_int(optarg, 1, 4294967295L, &v)) {
        fprintf(stderr, "rtjam-host: --client-id: '%s' is not 1..4294967295\n", optarg);
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
      if (jam_nation_msg_mac(optarg, o->mac)) {
        fprintf(stderr, "rtjam-host: --mac: '%s' is not aa:bb:cc:dd:ee:ff\n", optarg);
        return -1;
      }
      break;
    case O_TOKEN:
      copy_str(o->token, sizeof o->token, optarg);
      break;
    case O_WEB_ORIGIN:
      copy_str(o->web_origin, sizeof o->web_origin, optarg);
      break;
    case O_WEB_ROOT:
      copy_str(o->web_root, sizeof o->web_root, optarg);
      break;
    case 'h':
    case O_HELP:
      usage(stdout);
      return 1;
    case 'V':
    case O_VERSION:
      printf("rtjam-host %s\n", jam_version());
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
  const char* const bind = jam_ws_bind_address(o->ws_bind);
  if (!bind) {
    fprintf(stderr,
            "rtjam-host: --ws-bind/--web-bind '%s' is not a numeric IPv4 or IPv6 address (for "
            "example 127.0.0.1, ::1, 0.0.0.0, or this machine's LAN address)\n",
            o->ws_bind);
    return -1;
  }
  if (bind != o->ws_bind) { // "localhost"
    copy_str(o->ws_bind, sizeof o->ws_bind, bind);
  }
  if (!o->token[0] && !jam_ws_is_loopback(o->ws_bind)) {
    fprintf(stderr,
            "rtjam-host: --ws-bind/--web-bind %s reaches beyond this machine: set --token (or "
            "config \"token\") so that only the player can drive the host\n",
            o->ws_bind);
    return -1;
  }
  if (o->client_id < 0) {
    o->client_id =
        host_client_id_default("/etc/machine-id", o->client_id_from, sizeof o->client_id_from);
  }
  if (!o->nation_api[0] != !o->nation_ws[0]) {
    fprintf(stderr, "rtjam-host: the nation link needs both --nation-api and --nation-ws\n");
    return -1;
  }
  return 0;
}
