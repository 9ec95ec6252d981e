// SPDX-License-Identifier: ISC
// rtjam-host: the sound unit. A lilv host running two pedal boards and rtjam-net in one JACK
// client, driven by the rtjam command set over a websocket. See docs/host.md.
//
// Threads: main (this file: the app loop, status, JACK reconnection, plugin instantiation, and
// the commands, run by host/dispatch.c on the engine, rig and clients bound here),
// the JACK process thread (host/engine.c), the websocket service thread (host/ws.c), the
// rtjam-nation link's REST and websocket threads when configured (common/nation.c), and
// rtjam-net's own receive thread.

#include "host/board.h"
#include "host/cmd.h"
#include "host/dispatch.h"
#include "host/engine.h"
#include "host/options.h"
#include "host/plugin.h"
#include "host/report.h"
#include "host/rig.h"
#include "host/tuner.h"
#include "host/web.h"

#include "clock.h"
#include "log.h"
#include "meter.h"
#include "nation.h"
#include "nation_msg.h"
#include "version.h"
#include "ws_server.h"

#include <cJSON.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RETRY_US        2000000               ///< µs between JACK connection attempts
#define IDLE_REFRESH_MS HOST_DISPATCH_IDLE_MS ///< ms: default status interval
#define FALLBACK_US     10000000 ///< µs after the last SetUpdateInterval before 2 s again
#define LOOP_NS         5000000  ///< ns: main loop tick
#define HEARTBEAT_US    2000000  ///< µs between websockPing heartbeats (§5.6)
#define STALE_US        1000000  ///< µs without readings (one every 15 ms) before audio is stopped
#define SILENT_ROOM_US  5000000  ///< µs connected with no answer (rtt 0) before the warning

#define STOP_GRACE_S 5 ///< s after SIGTERM/SIGINT before the host exits whatever it is doing

static volatile sig_atomic_t g_stop; // the signal handler's flag (STYLE item 5 exception)

// Async-signal-safe: a constant message by write(2), then _exit.
static void
exit_now(const char* const msg, const size_t len)
{
  if (write(STDERR_FILENO, msg, len) < 0) {
    _exit(1);
  }
  _exit(1);
}

// The first SIGTERM/SIGINT asks the main loop to stop and arms a watchdog: a call into libjack
// blocks for as long as a hung (SIGSTOPped) jackd does, the JACK open included, and the host
// could then not be stopped at all. A second signal, or the watchdog, exits at once.
static void
on_signal(int sig)
{
  (void)sig;
  if (g_stop) {
    static const char msg[] = "rtjam-host: second signal while stopping: exiting now\n";
    exit_now(msg, sizeof msg - 1);
  }
  g_stop = 1;
  alarm(STOP_GRACE_S);
}

static void
on_alarm(int sig)
{
  (void)sig;
  static const char msg[] = "rtjam-host: not stopped 5 s after the signal (a JACK call blocked: a "
                            "hung jackd?): exiting now\n";
  exit_now(msg, sizeof msg - 1);
}

typedef struct {
  HostOptions opt;         ///< settings
  HostWorld* world;        ///< lilv world and features
  HostEngine* engine;      ///< JACK client and process thread
  HostRig* rig;            ///< the two boards
  JamWsServer* ws;         ///< control websocket
  JamNation* nation;       ///< rtjam-nation link, NULL when not configured
  HostDispatch cmd;        ///< command dispatch: mixer values, tuners, status interval
  HostReadings readings;   ///< latest readings from the process thread (idle when none)
  uint64_t readings_us;    ///< µs (monotonic) of the last readings collected
  int audio_live;          ///< 1 while readings arrive (JACK runs the graph)
  int stall_logged;        ///< 1 once a stall of a running JACK client was logged
  uint64_t last_status_us; ///< µs (monotonic) of the last levelEvent
  uint64_t last_ping_us;   ///< µs (monotonic) of the last websockPing
  uint64_t next_retry_us;  ///< µs (monotonic) of the next JACK connection attempt
  int waiting_logged;
  JamStatus last_open_status;       ///< outcome of the last failed JACK open (for the log)
  uint32_t slot_id[HOST_NET_SLOTS]; ///< client ids last seen per slot (for the log)
  int was_connected;                ///< connected flag last seen (for the log)
  uint64_t connected_us;            ///< µs (monotonic) since which the room is connected
  char room_seen[300];              ///< "server:port" the answer state below is about
  int room_answered;                ///< 1 once the room's server answered (rtt > 0)
  int room_silence_logged;          ///< 1 once its silence was warned about
  uint32_t dropped_seen;            ///< host_graph_dropped last logged
  uint64_t dropped_check_us;        ///< µs (monotonic) of the last look at it
} HostApp;

// Starts the nation link when both URLs are set. @return 0, or −1 when it cannot start
static int
start_nation(HostApp* app)
{
  HostOptions* o = &app->opt;
  if (!o->nation_api[0]) {
    return 0;
  }
  if (!o->mac[0]) {
    jam_nation_default_mac(o->mac);
  } else if (jam_nation_msg_mac(o->mac, o->mac)) {
    jam_log(JAM_LOG_ERROR, "host: config: mac '%s' is not aa:bb:cc:dd:ee:ff", o->mac);
    return -1;
  }
  const JamNationOptions no = {.api_url = o->nation_api,
                               .ws_url = o->nation_ws,
                               .mac = o->mac,
                               .git_hash = jam_git_hash(),
                               .kind = JAM_NATION_JAM_UNIT,
                               .name = "host"};
  app->nation = jam_nation_new(&no);
  return app->nation ? 0 : -1;
}

// ---------------------------------------------------------------------------------------------
// Replies

// The websocket's refusal of a flooding client: {"refused":{"param":-1,"reason":R}}.
static char*
ws_refusal(const char* const reason)
{
  return host_report_print(host_report_refusal(-1, reason));
}

// Sends a message to the websocket clients and, when to_room, to the nation's room; frees it.
static void
send_to(HostApp* app, cJSON* msg, const int to_room)
{
  char* text = host_report_print(msg);
  if (text) {
    jam_ws_server_broadcast(app->ws, text);
    if (to_room) {
      jam_nation_say(app->nation, text); // no-op without the nation link
    }
    free(text);
  }
}

static void
send_msg(HostApp* app, cJSON* msg)
{
  send_to(app, msg, 1);
}

static void
send_level_event(HostApp* app)
{
  const HostReadings* r = &app->readings;
  const HostMix* m = &app->cmd.mix;
  HostReport s;
  memset(&s, 0, sizeof s);
  JamNationStatus ns;
  jam_nation_status(app->nation, &ns);
  s.token = ns.registered ? ns.token : app->opt.jack_name;
  s.version = jam_version();
  s.connected = r->connected >= 0.5f;
  s.master_level = r->master_avg;
  s.master_peak = r->master_peak;
  for (int k = 0; k < 2; ++k) {
    s.input_level[k] = r->input_avg[k];
    s.input_peak[k] = r->input_peak[k];
    s.room_level[k] = r->room_avg[k];
    s.room_peak[k] = r->room_peak[k];
    s.room_mute[k] = m->room_mute[k];
    s.tuner_on[k] = app->cmd.tuner_on[k];
    s.tuner_hz[k] = app->cmd.tuner_on[k] ? app->cmd.tuner[k].hz : 0.0;
    s.local.ch[k].level = r->room_avg[k];
    s.local.ch[k].peak = r->room_peak[k];
    s.local.ch[k].gain = m->gain_db[k];
    s.local.ch[k].pan = m->pan[k];
    s.local.ch[k].mute = m->mute[k];
  }
  s.local.client_id = (uint32_t)app->opt.client_id;
  s.local.depth_ms = host_report_local_depth_ms(r->chain_latency[0], HOST_SAMPLE_RATE);
  s.beat = (int)r->beat;
  s.click_mute = m->click_mute;
  s.click_gain = m->click_db;
  s.rtt_ms = r->rtt_ms;
  s.lost = (uint32_t)r->lost;
  s.underruns = (uint32_t)r->underruns;
  s.xruns = host_engine_xruns(app->engine);
  s.dropped = host_graph_dropped(host_engine_graph(app->engine));
  s.audio_running = app->audio_live && host_engine_running(app->engine);
  s.room_server = app->opt.server;
  s.room_port = app->opt.port;
  s.room_client_id = (uint32_t)app->opt.client_id;
  for (int k = 0; k < HOST_REPORT_SLOTS; ++k) {
    HostReportMember* p = &s.members[k];
    p->client_id = r->client_id[k];
    p->drops = r->drops[k] > 0.0f && r->drops[k] < 4294967295.0f ? (uint32_t)r->drops[k] : 0;
    p->depth_ms = r->depth_ms[k];
    p->jitter_ms = r->jitter_ms[k];
    for (int c = 0; c < 2; ++c) {
      const int ch = 2 * (k + 1) + c;
      p->ch[c].level = r->player_level[2 * k + c];
      p->ch[c].peak = r->player_peak[2 * k + c];
      p->ch[c].gain = m->gain_db[ch];
      p->ch[c].pan = m->pan[ch];
      p->ch[c].mute = m->mute[ch];
    }
  }
  // Built before the unit registered, it names the unit, not the room's token: it stays local
  // (the nation link may register between the status read above and the say).
  send_to(app, host_report_level_event(&s), ns.registered);
}

// ---------------------------------------------------------------------------------------------
// Commands: host/dispatch.c runs them on the engine, the rig and the clients bound here

static JamStatus
op_set_net(void* const ctx, const char* const symbol, const float value)
{
  return host_graph_set_net(host_engine_graph(((HostApp*)ctx)->engine), symbol, value);
}

static JamStatus
op_join(void* const ctx, const char* const server, const int port, const uint32_t client_id)
{
  return host_graph_join(host_engine_graph(((HostApp*)ctx)->engine), server, port, client_id);
}

static JamStatus
op_set_tuner(void* const ctx, const int channel, const int on)
{
  return host_graph_set_tuner(host_engine_graph(((HostApp*)ctx)->engine), channel, on);
}

static JamStatus
op_insert(void* const ctx, const int board, const char* const name, const int pos, char* const err,
          const size_t size)
{
  return host_rig_insert(((HostApp*)ctx)->rig, board, name, pos, err, size);
}

static JamStatus
op_remove(void* const ctx, const int board, const int index)
{
  return host_rig_delete(((HostApp*)ctx)->rig, board, index);
}

static JamStatus
op_move(void* const ctx, const int board, const int from, const int to)
{
  return host_rig_move(((HostApp*)ctx)->rig, board, from, to);
}

static JamStatus
op_set(void* const ctx, const int board, const int index, const HostSettingValue* const setting)
{
  return host_rig_set(((HostApp*)ctx)->rig, board, index, setting);
}

static JamStatus
op_load(void* const ctx, const int board, const HostBoardDoc* const doc, char* const err,
        const size_t size)
{
  return host_rig_load(((HostApp*)ctx)->rig, board, doc, err, size);
}

static cJSON*
op_pedal_info(void* const ctx)
{
  return host_rig_pedal_info(((HostApp*)ctx)->rig);
}

static cJSON*
op_pedal_types(void* const ctx)
{
  const HostPedalType* types = NULL;
  const int n = host_world_pedal_types(((HostApp*)ctx)->world, &types);
  const char* names[HOST_MAX_TYPES];
  const char* comments[HOST_MAX_TYPES];
  for (int i = 0; i < n && i < HOST_MAX_TYPES; ++i) {
    names[i] = types[i].name;
    comments[i] = types[i].comment;
  }
  return host_report_pedal_types(names, comments, n < HOST_MAX_TYPES ? n : HOST_MAX_TYPES);
}

static void
op_send(void* const ctx, cJSON* const msg)
{
  send_msg(ctx, msg);
}

static uint64_t
op_now_us(void* const ctx)
{
  (void)ctx;
  return jam_clock_mono_us();
}

// Parses and runs one command text (from the websocket or the nation's room), then frees it.
// @return 0 when there was no text
static int
run_command_text(HostApp* app, char* text, size_t len, const char* from)
{
  if (!text) {
    return 0;
  }
  host_dispatch_text(&app->cmd, text, len, from);
  free(text);
  return 1;
}

// Takes up to 64 commands from each source, alternating, so neither starves the other.
static void
poll_commands(HostApp* app)
{
  for (int i = 0; i < 64; ++i) {
    size_t len = 0;
    char* text = jam_ws_server_poll(app->ws, &len, NULL);
    int got = run_command_text(app, text, len, "the websocket");
    text = jam_nation_poll(app->nation, &len);
    got += run_command_text(app, text, len, "the nation room");
    if (!got) {
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------

static int
load_board_file(HostApp* app, int k, const char* path)
{
  FILE* f = fopen(path, "rb");
  if (!f) {
    jam_log(JAM_LOG_ERROR, "host: open board %s: %s", path, strerror(errno));
    return -1;
  }
  const size_t cap = (size_t)HOST_CMD_SVALUE_MAX * 4;
  char* text = malloc(cap);
  const size_t n = text ? fread(text, 1, cap - 1, f) : 0;
  fclose(f);
  if (!text) {
    return -1;
  }
  text[n] = '\0';
  HostBoardDoc* doc = malloc(sizeof *doc);
  int rc = -1;
  char err[600];
  if (!doc || host_board_doc_parse(text, doc) != JAM_SUCCESS) {
    jam_log(JAM_LOG_ERROR, "host: board %s: not a board document", path);
  } else {
    // Pedals this host cannot run are left out, not a failed start: under systemd that was a
    // restart loop with the web page never up. The board runs with the others (or none).
    char skipped[1024];
    if (host_rig_load_available(app->rig, k, doc, skipped, sizeof skipped, err, sizeof err) !=
        JAM_SUCCESS) {
      jam_log(JAM_LOG_ERROR, "host: board %s: %s", path, err);
    } else {
      HostBoardInfo* info = malloc(sizeof *info);
      const int n_run = info ? (host_rig_info(app->rig, k, info), info->n_pedals) : 0;
      free(info);
      if (skipped[0]) {
        jam_log(JAM_LOG_ERROR,
                "host: board %d: %s: skipped %s; running with the other %d of %d pedals", k, path,
                skipped, n_run, doc->n_pedals);
      } else {
        jam_log(JAM_LOG_INFO, "host: board %d: %s (%d pedals)", k, path, n_run);
      }
    }
    rc = 0; // the host runs either way
  }
  free(doc);
  free(text);
  return rc;
}

static void
tick_jack(HostApp* app, uint64_t now)
{
  if (host_engine_lost(app->engine)) {
    jam_log(JAM_LOG_WARN, "host: the JACK server went away; reconnecting every 2 s");
    host_engine_close(app->engine);
    app->next_retry_us = now + RETRY_US;
    app->waiting_logged = 1;
  }
  if (host_engine_running(app->engine) || now < app->next_retry_us) {
    return;
  }
  const JamStatus st = host_engine_open(app->engine);
  if (st == JAM_SUCCESS) {
    app->waiting_logged = 0;
    return;
  }
  // One line per new condition, not one per retry (the engine logs the rate error itself).
  if (!app->waiting_logged || st != app->last_open_status) {
    jam_log(st == JAM_ERR_NOT_FOUND ? JAM_LOG_WARN : JAM_LOG_ERROR, "host: %s; retrying every 2 s",
            st == JAM_ERR_NOT_FOUND ? "no JACK server running" : "cannot use the JACK server");
    app->waiting_logged = 1;
    app->last_open_status = st;
  }
  app->next_retry_us = now + RETRY_US;
}

// Whether the room's server answers. rtjam-net's "connected" only says the name resolved and a
// socket is set up (the original's meaning, kept for compatibility): a round trip > 0 is the
// first sign that the server is there. Logs the first answer, and warns once when there has
// been none SILENT_ROOM_US after connecting (each room anew: a RoomChange resets the rtt).
static void
log_room_answer(HostApp* app, const int connected, const uint64_t now)
{
  char room[sizeof app->room_seen];
  snprintf(room, sizeof room, "%s:%d", app->opt.server, app->opt.port);
  if (!connected || strcmp(room, app->room_seen)) {
    snprintf(app->room_seen, sizeof app->room_seen, "%s", connected ? room : "");
    app->connected_us = now;
    app->room_answered = 0;
    app->room_silence_logged = 0;
    if (!connected) {
      return;
    }
  }
  const double rtt = app->readings.rtt_ms;
  if (!app->room_answered && rtt > 0.0) {
    jam_log(JAM_LOG_INFO, "host: room %s answers, rtt %.1f ms", room, rtt);
    app->room_answered = 1;
  } else if (!app->room_answered && !app->room_silence_logged &&
             now - app->connected_us >= SILENT_ROOM_US) {
    jam_log(JAM_LOG_WARN,
            "host: room %s does not answer (is rtjam-broadcast running there, and UDP %d open?)",
            room, app->opt.port);
    app->room_silence_logged = 1;
  }
}

// Logs room changes seen in the readings: connection, the server's first answer (or its
// silence), and members arriving or leaving.
static void
log_room(HostApp* app, const uint64_t now)
{
  const HostReadings* r = &app->readings;
  const int connected = r->connected >= 0.5f;
  if (connected != app->was_connected) {
    jam_log(JAM_LOG_INFO, "host: room: %s", connected ? "connected" : "disconnected");
    app->was_connected = connected;
  }
  log_room_answer(app, connected, now);
  for (int k = 0; k < HOST_NET_SLOTS; ++k) {
    const uint32_t id = r->client_id[k];
    if (id != app->slot_id[k]) {
      if (id) {
        jam_log(JAM_LOG_INFO, "host: room: client %u in slot %d (buffer %.1f ms)", id, k + 1,
                r->depth_ms[k]);
      } else {
        jam_log(JAM_LOG_INFO, "host: room: client %u left slot %d", app->slot_id[k], k + 1);
      }
      app->slot_id[k] = id;
    }
  }
}

// Takes the process thread's latest readings. When none arrive (no JACK, or a stalled server),
// they go idle (meters at the floor, no room): levelEvent must not report the last ones
// frozen, and says audioRunning false.
static void
tick_readings(HostApp* app, const uint64_t now)
{
  if (host_engine_collect(app->engine, &app->readings)) {
    app->readings_us = now;
    if (app->stall_logged) {
      jam_log(JAM_LOG_INFO, "host: the audio engine runs again");
      app->stall_logged = 0;
    }
    app->audio_live = 1;
    log_room(app, now);
    return;
  }
  const int running = host_engine_running(app->engine);
  if (app->audio_live && (!running || now - app->readings_us > STALE_US)) {
    host_readings_idle(&app->readings);
    app->audio_live = 0;
    if (running) {
      jam_log(JAM_LOG_WARN,
              "host: the audio engine stopped: JACK has not run the host for %d s "
              "(a stalled or hung jackd?)",
              STALE_US / 1000000);
      app->stall_logged = 1;
    }
    log_room(app, now);
  }
}

// Logs, at most once a second, messages the threads dropped since the last look (a ring full:
// a board swap that leaked its old chain, readings or tuner samples lost, worker messages).
static void
log_dropped(HostApp* app, const uint64_t now)
{
  if (now - app->dropped_check_us < 1000000u) {
    return;
  }
  app->dropped_check_us = now;
  const uint32_t n = host_graph_dropped(host_engine_graph(app->engine));
  if (n != app->dropped_seen) {
    jam_log(JAM_LOG_WARN,
            "host: %u messages between the audio and main threads dropped (a ring full; %u since "
            "start)",
            n - app->dropped_seen, n);
    app->dropped_seen = n;
  }
}

static void
tick_tuners(HostApp* app)
{
  float buf[4096];
  for (int k = 0; k < 2; ++k) {
    size_t n;
    while ((n = host_graph_read_tuner(host_engine_graph(app->engine), k, buf, 4096)) > 0) {
      host_tuner_add(&app->cmd.tuner[k], buf, n);
    }
  }
}

static int
run(HostApp* app)
{
  signal(SIGALRM, on_alarm);
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  while (!g_stop) {
    const uint64_t now = jam_clock_mono_us();
    tick_jack(app, now);
    poll_commands(app);
    tick_readings(app, now);
    tick_tuners(app);
    log_dropped(app, now);
    // interval_set_us may be later than `now` (set by a command in this iteration).
    if (app->cmd.update_ms != IDLE_REFRESH_MS && now > app->cmd.interval_set_us &&
        now - app->cmd.interval_set_us > FALLBACK_US) {
      app->cmd.update_ms = IDLE_REFRESH_MS;
    }
    if (now - app->last_status_us >= (uint64_t)app->cmd.update_ms * 1000u) {
      app->last_status_us = now;
      send_level_event(app);
    }
    if (now - app->last_ping_us >= HEARTBEAT_US) {
      app->last_ping_us = now;
      send_msg(app, host_report_websock_ping());
    }
    const struct timespec ts = {0, LOOP_NS};
    nanosleep(&ts, NULL);
  }
  jam_log(JAM_LOG_INFO, "host: stopping");
  return 0;
}

int
main(int argc, char** argv)
{
  HostApp* app = calloc(1, sizeof *app);
  if (!app) {
    return 1;
  }
  const int rc = host_options_parse(&app->opt, argc, argv);
  if (rc) {
    free(app);
    return rc > 0 ? 0 : 2;
  }
  if (app->opt.client_id_from[0]) {
    jam_log(JAM_LOG_INFO, "host: client id %ld (%s; set clientId or --client-id to choose)",
            app->opt.client_id, app->opt.client_id_from);
  }
  const HostDispatchOps ops = {.ctx = app,
                               .set_net = op_set_net,
                               .join = op_join,
                               .set_tuner = op_set_tuner,
                               .insert = op_insert,
                               .remove = op_remove,
                               .move = op_move,
                               .set = op_set,
                               .load = op_load,
                               .pedal_info = op_pedal_info,
                               .pedal_types = op_pedal_types,
                               .send = op_send,
                               .now_us = op_now_us};
  host_dispatch_init(&app->cmd, &ops, &app->opt);
  host_readings_idle(&app->readings); // no audio yet: meters at the floor, not 0 dB
  int status = 1;
  app->world = host_world_new();
  const HostEngineOptions eo = {app->opt.jack_name, app->opt.connect, app->opt.player_outs};
  app->engine = app->world ? host_engine_new(app->world, &eo) : NULL;
  app->rig = app->engine ? host_rig_new(app->world, host_engine_graph(app->engine)) : NULL;
  char web_root[1024];
  if (host_web_root(app->opt.web_root, web_root, sizeof web_root)) {
    jam_log(JAM_LOG_WARN, "host: no web page found (no index.html installed): give --web-root DIR");
  }
  const JamWsOptions wo = {.name = "host",
                           .bind = app->opt.ws_bind,
                           .port = app->opt.ws_port,
                           .token = app->opt.token,
                           .extra_origin = app->opt.web_origin,
                           .web_root = web_root,
                           .refusal = ws_refusal};
  app->ws = app->rig ? jam_ws_server_new(&wo) : NULL;
  if (app->ws && web_root[0]) {
    char url[1024];
    host_web_url(app->opt.ws_bind, app->opt.ws_port, app->opt.token, url, sizeof url);
    jam_log(JAM_LOG_INFO, "host: web page (from %s): open %s", web_root, url);
  }
  if (app->ws && !start_nation(app)) {
    status = 0;
    for (int k = 0; k < 2 && !status; ++k) {
      if (app->opt.board_file[k][0] && load_board_file(app, k, app->opt.board_file[k])) {
        status = 1;
      }
    }
  }
  if (!status) {
    if (app->opt.server[0]) {
      jam_log(JAM_LOG_INFO, "host: joining %s:%d as client %ld", app->opt.server, app->opt.port,
              app->opt.client_id);
      host_graph_join(host_engine_graph(app->engine), app->opt.server, app->opt.port,
                      (uint32_t)app->opt.client_id);
    }
    status = run(app);
  }
  jam_nation_free(app->nation);
  jam_ws_server_free(app->ws);
  host_engine_close(app->engine);
  host_rig_free(app->rig);
  host_engine_free(app->engine);
  host_world_free(app->world);
  free(app);
  return status;
}
