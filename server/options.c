// SPDX-License-Identifier: ISC
// Command-line parsing without getopt: a table-free loop over argv with strict number parsing.

#include "options.h"

#include "recorder.h"

#include "members.h"
#include "metronome.h"
#include "nation_msg.h"
#include "packet.h"
#include "room.h"
#include "worker.h"
#include "ws_access.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
bcast_options_usage(FILE* const out)
{
  fprintf(
      out,
      "Usage: rtjam-broadcast [OPTION]...\n"
      "The rtjam room server: forwards each jam packet to the other members of its room.\n"
      "\n"
      "  -p, --port PORT[:BPM]    room on UDP PORT (repeatable; default 7891), optional tempo\n"
      "  -b, --bind ADDR          numeric address to bind (default \"::\", IPv4 and IPv6)\n"
      "  -m, --max-players N      members per room, 1..%u (default %u)\n"
      "  -T, --tempo BPM          metronome tempo, %u..%u (default %u)\n"
      "  -j, --threads N          worker threads (default: one per CPU, at most one per room)\n"
      "  -s, --status-file PATH   write a JSON status there every second and on SIGUSR1\n"
      "      --dscp N             DSCP mark of sent packets, 0..63 (default %d = EF)\n"
      "      --max-rate N         packets/s allowed per member (default %u)\n"
      "      --max-burst N        packets a member may send back to back (default %u)\n"
      "      --max-per-ip N       members one source IP may hold per room, 0 = no limit\n"
      "                           (default %u)\n"
      "      --rcvbuf BYTES       receive buffer of each room's socket, %u..%u\n"
      "                           (default %u; above net.core.rmem_max needs CAP_NET_ADMIN)\n"
      "      --record-dir DIR     record takes under DIR/PORT/ (audio.dmp, recs/)\n"
      "      --record-budget BYTES  largest take, 1 MiB..1 TiB (default %llu = 1 GiB)\n"
      "      --record-keep BYTES  most the saved takes of a room may hold, 1 MiB..1 PiB\n"
      "                           (default %llu = 16 GiB): a save past it is refused\n"
      "      --control-port PORT  control websocket on PORT: room commands (text lines or\n"
      "                           the nation's JSON) in, the room's status out\n"
      "      --control-bind ADDR  its numeric IPv4 or IPv6 bind address (default\n"
      "                           127.0.0.1; localhost means 127.0.0.1)\n"
      "      --control-token TOKEN  its access token (?token= or Authorization: Bearer);\n"
      "                           required when --control-bind is not a loopback address\n"
      "      --control-origin URL  a web page Origin allowed on it besides\n"
      "                           http://127.0.0.1:PORT and http://localhost:PORT\n"
      "      --room-mode MODE     separate (forward each packet, default) or mix (the server\n"
      "                           mixes the room; each member hears the others as client\n"
      "                           40002); the control command 'mode' switches a room\n"
      "      --rt-priority N      run the workers SCHED_FIFO at priority 1..99 (default off)\n"
      "      --batch N            datagrams per receive call, 1..%u (default %u)\n"
      "      --spin-us N          busy-poll N us after traffic before sleeping (default 0)\n"
      "      --no-gso             never coalesce sends with UDP GSO (default: on if it works)\n"
      "      --nation-api URL     rtjam-nation REST base (http://HOST/api/1/)\n"
      "      --nation-ws URL      rtjam-nation chat websocket (ws://HOST/primus); both or\n"
      "                           neither (default: no nation link); every room's\n"
      "      --mac ADDR           MAC address sent to the nation (default: first interface)\n"
      "      --wan-ip ADDR        the room's public address, sent to the nation (default \"\")\n"
      "  -l, --log-level LEVEL    error, warn, info or debug (default info)\n"
      "  -h, --help               print this help and exit\n"
      "  -V, --version            print the version and exit\n"
      "\n"
      "SIGINT or SIGTERM stops the server cleanly.\n",
      BCAST_MEMBERS_MAX, BCAST_MAX_PLAYERS_DEFAULT, BCAST_TEMPO_MIN, BCAST_TEMPO_MAX,
      BCAST_TEMPO_DEFAULT, BCAST_DSCP_DEFAULT, BCAST_RATE_DEFAULT, BCAST_BURST_DEFAULT,
      BCAST_MAX_PER_IP_DEFAULT, BCAST_RCVBUF_MIN, BCAST_RCVBUF_MAX, (unsigned)BCAST_SOCKET_BUFFER,
      (unsigned long long)BCAST_RECORD_BUDGET_DEFAULT,
      (unsigned long long)BCAST_RECORD_KEEP_DEFAULT, BCAST_WORKER_BATCH_MAX,
      BCAST_WORKER_BATCH_DEFAULT);
}

// Parses a whole decimal integer in [lo, hi].
static int
parse_long(const char* const text, const long lo, const long hi, long* const value)
{
  if (!text || !*text) {
    return -1;
  }
  errno = 0;
  char* end = NULL;
  const long v = strtol(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) {
    return -1;
  }
  *value = v;
  return 0;
}

// Parses a whole decimal byte count in [lo, hi] (no sign, no suffix).
static int
parse_bytes(const char* const text, const uint64_t lo, const uint64_t hi, uint64_t* const value)
{
  if (!text || !*text || text[0] == '-' || text[0] == '+') {
    return -1;
  }
  errno = 0;
  char* end = NULL;
  const unsigned long long v = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) {
    return -1;
  }
  *value = (uint64_t)v;
  return 0;
}

static JamStatus
parse_port(const char* const text, const uint32_t default_tempo, BcastPortSpec* const spec,
           char* const err, const size_t err_cap)
{
  char buf[32];
  if (!text || strlen(text) >= sizeof buf) {
    snprintf(err, err_cap, "--port %s: expected PORT or PORT:BPM", text ? text : "");
    return JAM_ERR_PARSE;
  }
  strcpy(buf, text);
  char* const colon = strchr(buf, ':');
  long tempo = (long)default_tempo;
  if (colon) {
    *colon = '\0';
    if (parse_long(colon + 1, BCAST_TEMPO_MIN, BCAST_TEMPO_MAX, &tempo) != 0) {
      snprintf(err, err_cap, "--port %s: tempo must be %u..%u BPM", text, BCAST_TEMPO_MIN,
               BCAST_TEMPO_MAX);
      return JAM_ERR_BAD_ARGUMENT;
    }
  }
  long port = 0;
  if (parse_long(buf, 1, 65535, &port) != 0) {
    snprintf(err, err_cap, "--port %s: port must be 1..65535", text);
    return JAM_ERR_BAD_ARGUMENT;
  }
  spec->port = (uint16_t)port;
  spec->tempo_bpm = (uint32_t)tempo;
  return JAM_SUCCESS;
}

typedef enum {
  OPT_PORT,
  OPT_BIND,
  OPT_MAX_PLAYERS,
  OPT_TEMPO,
  OPT_THREADS,
  OPT_STATUS_FILE,
  OPT_DSCP,
  OPT_MAX_RATE,
  OPT_MAX_BURST,
  OPT_MAX_PER_IP,
  OPT_RCVBUF,
  OPT_RECORD_DIR,
  OPT_RECORD_BUDGET,
  OPT_RECORD_KEEP,
  OPT_CONTROL_PORT,
  OPT_CONTROL_BIND,
  OPT_CONTROL_TOKEN,
  OPT_CONTROL_ORIGIN,
  OPT_RT_PRIORITY,
  OPT_BATCH,
  OPT_SPIN_US,
  OPT_NO_GSO,
  OPT_NATION_API,
  OPT_NATION_WS,
  OPT_MAC,
  OPT_WAN_IP,
  OPT_ROOM_MODE,
  OPT_LOG_LEVEL,
  OPT_HELP,
  OPT_VERSION,
  OPT_COUNT,
} OptId;

typedef struct {
  const char* name; ///< long name without "--"
  char short_name;  ///< or 0
  int takes_value;  ///< 1 if it needs a value
} OptSpec;

static const OptSpec opt_specs[OPT_COUNT] = {
    [OPT_PORT] = {"port", 'p', 1},
    [OPT_BIND] = {"bind", 'b', 1},
    [OPT_MAX_PLAYERS] = {"max-players", 'm', 1},
    [OPT_TEMPO] = {"tempo", 'T', 1},
    [OPT_THREADS] = {"threads", 'j', 1},
    [OPT_STATUS_FILE] = {"status-file", 's', 1},
    [OPT_DSCP] = {"dscp", 0, 1},
    [OPT_MAX_RATE] = {"max-rate", 0, 1},
    [OPT_MAX_BURST] = {"max-burst", 0, 1},
    [OPT_MAX_PER_IP] = {"max-per-ip", 0, 1},
    [OPT_RCVBUF] = {"rcvbuf", 0, 1},
    [OPT_RECORD_DIR] = {"record-dir", 0, 1},
    [OPT_RECORD_BUDGET] = {"record-budget", 0, 1},
    [OPT_RECORD_KEEP] = {"record-keep", 0, 1},
    [OPT_CONTROL_PORT] = {"control-port", 0, 1},
    [OPT_CONTROL_BIND] = {"control-bind", 0, 1},
    [OPT_CONTROL_TOKEN] = {"control-token", 0, 1},
    [OPT_CONTROL_ORIGIN] = {"control-origin", 0, 1},
    [OPT_RT_PRIORITY] = {"rt-priority", 0, 1},
    [OPT_BATCH] = {"batch", 0, 1},
    [OPT_SPIN_US] = {"spin-us", 0, 1},
    [OPT_NO_GSO] = {"no-gso", 0, 0},
    [OPT_NATION_API] = {"nation-api", 0, 1},
    [OPT_NATION_WS] = {"nation-ws", 0, 1},
    [OPT_MAC] = {"mac", 0, 1},
    [OPT_WAN_IP] = {"wan-ip", 0, 1},
    [OPT_ROOM_MODE] = {"room-mode", 0, 1},
    [OPT_LOG_LEVEL] = {"log-level", 'l', 1},
    [OPT_HELP] = {"help", 'h', 0},
    [OPT_VERSION] = {"version", 'V', 0},
};

// Finds the option named by arg ("--name", "--name=value" or "-x"); sets *inline_value.
static int
find_option(const char* const arg, const char** const inline_value)
{
  *inline_value = NULL;
  if (arg[0] == '-' && arg[1] == '-') {
    const char* const name = arg + 2;
    const char* const eq = strchr(name, '=');
    const size_t n = eq ? (size_t)(eq - name) : strlen(name);
    for (int i = 0; i < OPT_COUNT; ++i) {
      if (strlen(opt_specs[i].name) == n && strncmp(opt_specs[i].name, name, n) == 0) {
        *inline_value = eq ? eq + 1 : NULL;
        return i;
      }
    }
    return -1;
  }
  if (arg[0] == '-' && arg[1] && !arg[2]) {
    for (int i = 0; i < OPT_COUNT; ++i) {
      if (opt_specs[i].short_name == arg[1]) {
        return i;
      }
    }
  }
  return -1;
}

JamStatus
bcast_options_parse(const int argc, const char* const* const argv, BcastOptions* const out,
                    char* const err, const size_t err_cap)
{
  memset(out, 0, sizeof *out);
  out->max_players = BCAST_MAX_PLAYERS_DEFAULT;
  out->tempo_bpm = BCAST_TEMPO_DEFAULT;
  out->rate = BCAST_RATE_DEFAULT;
  out->burst = BCAST_BURST_DEFAULT;
  out->max_per_ip = BCAST_MAX_PER_IP_DEFAULT;
  out->rcvbuf = BCAST_SOCKET_BUFFER;
  out->record_budget = BCAST_RECORD_BUDGET_DEFAULT;
  out->record_keep = BCAST_RECORD_KEEP_DEFAULT;
  out->dscp = BCAST_DSCP_DEFAULT;
  out->batch = BCAST_WORKER_BATCH_DEFAULT;
  out->log_level = JAM_LOG_INFO;
  err[0] = '\0';

  // Ports are resolved after the loop so that --tempo applies wherever it appears.
  const char* port_args[BCAST_MAX_ROOMS];
  size_t port_args_count = 0;

  for (int i = 1; i < argc; ++i) {
    const char* const arg = argv[i];
    const char* value = NULL;
    const int id = find_option(arg, &value);
    if (id < 0) {
      snprintf(err, err_cap, "unknown option '%s' (see --help)", arg);
      return JAM_ERR_PARSE;
    }
    const OptSpec* const spec = &opt_specs[id];
    if (spec->takes_value && !value) {
      if (i + 1 >= argc) {
        snprintf(err, err_cap, "--%s needs a value", spec->name);
        return JAM_ERR_PARSE;
      }
      value = argv[++i];
    } else if (!spec->takes_value && value) {
      snprintf(err, err_cap, "--%s takes no value", spec->name);
      return JAM_ERR_PARSE;
    }
    long v = 0;
    switch ((OptId)id) {
    case OPT_PORT:
      if (port_args_count == BCAST_MAX_ROOMS) {
        snprintf(err, err_cap, "--port: at most %u rooms", BCAST_MAX_ROOMS);
        return JAM_ERR_BAD_ARGUMENT;
      }
      port_args[port_args_count++] = value;
      break;
    case OPT_BIND:
      out->bind = value;
      break;
    case OPT_MAX_PLAYERS:
      if (parse_long(value, 1, BCAST_MEMBERS_MAX, &v) != 0) {
        snprintf(err, err_cap, "--max-players %s: must be 1..%u", value, BCAST_MEMBERS_MAX);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->max_players = (uint32_t)v;
      break;
    case OPT_TEMPO:
      if (parse_long(value, BCAST_TEMPO_MIN, BCAST_TEMPO_MAX, &v) != 0) {
        snprintf(err, err_cap, "--tempo %s: must be a whole number of BPM, %u..%u", value,
                 BCAST_TEMPO_MIN, BCAST_TEMPO_MAX);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->tempo_bpm = (uint32_t)v;
      break;
    case OPT_THREADS:
      if (parse_long(value, 1, BCAST_MAX_THREADS, &v) != 0) {
        snprintf(err, err_cap, "--threads %s: must be 1..%u", value, BCAST_MAX_THREADS);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->threads = (unsigned)v;
      break;
    case OPT_STATUS_FILE:
      if (!*value) {
        snprintf(err, err_cap, "--status-file: empty path");
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->status_file = value;
      break;
    case OPT_DSCP:
      if (parse_long(value, 0, 63, &v) != 0) {
        snprintf(err, err_cap, "--dscp %s: must be 0..63", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->dscp = (int)v;
      break;
    case OPT_MAX_RATE:
      if (parse_long(value, 1, 1000000, &v) != 0) {
        snprintf(err, err_cap, "--max-rate %s: must be 1..1000000 packets/s", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->rate = (uint32_t)v;
      break;
    case OPT_MAX_BURST:
      if (parse_long(value, 1, 1000000, &v) != 0) {
        snprintf(err, err_cap, "--max-burst %s: must be 1..1000000 packets", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->burst = (uint32_t)v;
      break;
    case OPT_MAX_PER_IP:
      if (parse_long(value, 0, BCAST_MEMBERS_MAX, &v) != 0) {
        snprintf(err, err_cap, "--max-per-ip %s: must be 0 (no limit) or 1..%u", value,
                 BCAST_MEMBERS_MAX);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->max_per_ip = (uint32_t)v;
      break;
    case OPT_RCVBUF:
      if (parse_long(value, BCAST_RCVBUF_MIN, BCAST_RCVBUF_MAX, &v) != 0) {
        snprintf(err, err_cap, "--rcvbuf %s: must be %u..%u bytes", value, BCAST_RCVBUF_MIN,
                 BCAST_RCVBUF_MAX);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->rcvbuf = (int)v;
      break;
    case OPT_RECORD_DIR:
      if (!*value) {
        snprintf(err, err_cap, "--record-dir: empty path");
        return JAM_ERR_BAD_ARGUMENT;
      }
      if (strlen(value) > BCAST_RECORD_ROOT_MAX) {
        snprintf(err, err_cap, "--record-dir: path longer than %u bytes", BCAST_RECORD_ROOT_MAX);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->record_dir = value;
      break;
    case OPT_RECORD_BUDGET:
      if (parse_bytes(value, 1ull << 20, 1ull << 40, &out->record_budget) != 0) {
        snprintf(err, err_cap, "--record-budget %s: must be 1048576..1099511627776 bytes", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      break;
    case OPT_RECORD_KEEP:
      if (parse_bytes(value, 1ull << 20, 1ull << 50, &out->record_keep) != 0) {
        snprintf(err, err_cap, "--record-keep %s: must be 1048576..1125899906842624 bytes", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      break;
    case OPT_CONTROL_PORT:
      if (parse_long(value, 1, 65535, &v) != 0) {
        snprintf(err, err_cap, "--control-port %s: must be 1..65535", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->control_port = (uint16_t)v;
      break;
    case OPT_CONTROL_BIND:
      out->control_bind = jam_ws_bind_address(value);
      if (!out->control_bind) {
        snprintf(err, err_cap,
                 "--control-bind %s: not a numeric IPv4 or IPv6 address (for example 127.0.0.1, "
                 "::1, 0.0.0.0)",
                 value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      break;
    case OPT_CONTROL_TOKEN:
      if (!value[0] || strlen(value) >= 128) {
        snprintf(err, err_cap, "--control-token: must be 1..127 bytes");
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->control_token = value;
      break;
    case OPT_CONTROL_ORIGIN:
      if (!value[0] || strlen(value) >= 256) {
        snprintf(err, err_cap, "--control-origin: must be 1..255 bytes");
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->control_origin = value;
      break;
    case OPT_RT_PRIORITY:
      if (parse_long(value, 0, 99, &v) != 0) {
        snprintf(err, err_cap, "--rt-priority %s: must be 0 (off) or 1..99", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->rt_priority = (int)v;
      break;
    case OPT_BATCH:
      if (parse_long(value, 1, BCAST_WORKER_BATCH_MAX, &v) != 0) {
        snprintf(err, err_cap, "--batch %s: must be 1..%u", value, BCAST_WORKER_BATCH_MAX);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->batch = (unsigned)v;
      break;
    case OPT_SPIN_US:
      if (parse_long(value, 0, 1000000, &v) != 0) {
        snprintf(err, err_cap, "--spin-us %s: must be 0..1000000", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->spin_us = (unsigned)v;
      break;
    case OPT_NO_GSO:
      out->no_gso = 1;
      break;
    case OPT_NATION_API:
      if (strncmp(value, "http://", 7) != 0 && strncmp(value, "https://", 8) != 0) {
        snprintf(err, err_cap, "--nation-api %s: not an http:// or https:// URL", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->nation_api = value;
      break;
    case OPT_NATION_WS: {
      JamNationUrl u;
      if (jam_nation_msg_parse_ws_url(value, &u) != 0) {
        snprintf(err, err_cap, "--nation-ws %s: not a ws://HOST[:PORT]/PATH or wss:// URL", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->nation_ws = value;
      break;
    }
    case OPT_MAC:
      if (jam_nation_msg_mac(value, out->mac) != 0) {
        snprintf(err, err_cap, "--mac %s: not a MAC address aa:bb:cc:dd:ee:ff", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      break;
    case OPT_WAN_IP:
      out->wan_ip = value;
      break;
    case OPT_ROOM_MODE:
      if (strcmp(value, "mix") != 0 && strcmp(value, "separate") != 0) {
        snprintf(err, err_cap, "--room-mode %s: must be separate or mix", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->mix = strcmp(value, "mix") == 0;
      break;
    case OPT_LOG_LEVEL:
      if (jam_log_parse_level(value, &out->log_level) != 0) {
        snprintf(err, err_cap, "--log-level %s: must be error, warn, info or debug", value);
        return JAM_ERR_BAD_ARGUMENT;
      }
      out->log_level_set = 1;
      break;
    case OPT_HELP:
      out->help = 1;
      break;
    case OPT_VERSION:
      out->version = 1;
      break;
    case OPT_COUNT:
      break;
    }
  }

  for (size_t i = 0; i < port_args_count; ++i) {
    const JamStatus st = parse_port(port_args[i], out->tempo_bpm, &out->ports[i], err, err_cap);
    if (st != JAM_SUCCESS) {
      return st;
    }
    for (size_t k = 0; k < i; ++k) {
      if (out->ports[k].port == out->ports[i].port) {
        snprintf(err, err_cap, "--port %u given twice", (unsigned)out->ports[i].port);
        return JAM_ERR_BAD_ARGUMENT;
      }
    }
  }
  if (out->control_bind && !out->control_token && !jam_ws_is_loopback(out->control_bind)) {
    snprintf(err, err_cap,
             "--control-bind %s reaches beyond this machine: set --control-token so that only "
             "the operator can drive the rooms",
             out->control_bind);
    return JAM_ERR_BAD_ARGUMENT;
  }
  if (!out->nation_api != !out->nation_ws) {
    snprintf(err, err_cap, "the nation link needs both --nation-api and --nation-ws");
    return JAM_ERR_BAD_ARGUMENT;
  }
  out->port_count = port_args_count;
  if (out->port_count == 0) {
    out->ports[0].port = JAM_PACKET_SERVER_PORT;
    out->ports[0].tempo_bpm = out->tempo_bpm;
    out->port_count = 1;
  }
  return JAM_SUCCESS;
}
