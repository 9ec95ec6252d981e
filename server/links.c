// SPDX-License-Identifier: ISC
// The server's listeners (links.h): each room's rtjam-nation link and the control websocket.
// Commands in, through the control dispatch; status messages out, to both.

#include "links.h"

#include "control_msg.h"
#include "log.h"
#include "nation_report.h"
#include "recorder.h"

#include "clock.h"
#include "nation.h"
#include "version.h"
#include "ws_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// One room's rtjam-nation link (each --port is a broadcast unit with its room at the nation).
typedef struct {
  JamNation* nation;          ///< the link (its own REST and websocket threads)
  unsigned long update_count; ///< latency reports said to the nation (the first is 1)
  char* said_list;            ///< the last listRecordings said, NULL: say it next time
  char said_room[128];        ///< the chat room said_list went to
} NationLink;

struct BcastLinks {
  BcastOptions* opt;              ///< command line (rooms, nation and control options)
  BcastControlRoom* rooms;        ///< opt->port_count rooms: room, port, recorder, playout
  BcastRoomStatusFn status;       ///< a room's fresh status
  void* status_ctx;               ///< its context
  JamWsServer* control;           ///< --control-port's websocket, NULL if none
  NationLink* links;              ///< opt->port_count rtjam-nation links, NULL if none
  unsigned long control_updates;  ///< latency reports said on the control websocket
  uint64_t next_latency_us;       ///< µs (monotonic) of the next latency report
  uint64_t next_transport_us;     ///< µs (monotonic) of the next recording/playback status
  char* control_said_list;        ///< the last listRecordings said to the control clients
  unsigned long control_accepted; ///< its clients accepted when control_said_list was said
};

BcastLinks*
bcast_links_new(BcastOptions* const opt, BcastControlRoom* const rooms,
                const BcastRoomStatusFn status, void* const ctx)
{
  BcastLinks* const self = calloc(1, sizeof *self);
  if (self) {
    self->opt = opt;
    self->rooms = rooms;
    self->status = status;
    self->status_ctx = ctx;
  }
  return self;
}

void
bcast_links_free(BcastLinks* const self)
{
  if (!self) {
    return;
  }
  for (size_t i = 0; self->links && i < self->opt->port_count; ++i) {
    jam_nation_free(self->links[i].nation);
    free(self->links[i].said_list);
  }
  free(self->links);
  jam_ws_server_free(self->control);
  free(self->control_said_list);
  free(self);
}

// A member who left: its statistics go to the room's nation link (packetStatCreate), named
// after the room's current token.
void
bcast_links_event(BcastLinks* const s, const BcastEvent* const ev)
{
  JamNation* nation = NULL;
  for (size_t i = 0; s->links && i < s->opt->port_count; ++i) {
    if (s->opt->ports[i].port == ev->port) {
      nation = s->links[i].nation;
    }
  }
  if (!nation || ev->type != BCAST_EVENT_LEAVE) {
    return;
  }
  JamNationStatus ns;
  jam_nation_status(nation, &ns);
  if (!ns.token[0]) {
    return; // no room at the nation (yet, or again)
  }
  const uint64_t mono = jam_clock_mono_us();
  const uint64_t wall = jam_clock_wall_us();
  const uint64_t silent = mono > ev->keep_alive ? mono - ev->keep_alive : 0;
  char* const params = bcast_nation_packet_stat(ev, ns.token, wall > silent ? wall - silent : 0);
  jam_nation_act(nation, ns.token, params);
  free(params);
}

// 1 when a nation link is in its room (says are dropped without a room token); a new room has
// not heard the recordings list.
static int
nation_in_room(NationLink* const link)
{
  if (!link || !link->nation) {
    return 0;
  }
  JamNationStatus ns;
  jam_nation_status(link->nation, &ns);
  if (ns.token[0] && strcmp(ns.token, link->said_room) != 0) {
    snprintf(link->said_room, sizeof link->said_room, "%s", ns.token);
    free(link->said_list);
    link->said_list = NULL;
  }
  return ns.token[0] != '\0';
}

// Says a status message (malloc'ed, may be NULL) to a room's nation link (when not NULL) and to
// the control websocket's clients when to_control; frees it.
static void
say(BcastLinks* const s, NationLink* const link, const int to_control, char* const text)
{
  if (link) {
    jam_nation_say(link->nation, text);
  }
  if (to_control) {
    jam_ws_server_broadcast(s->control, text);
  }
  free(text);
}

// One room command from room i's nation room (§4.9), through the control channel's dispatch. A
// refusal is said to the room with its reason.
static void
nation_command(BcastLinks* const s, const size_t i, const char* const text, const size_t len)
{
  NationLink* const link = &s->links[i];
  BcastControlCommand cmd;
  char reply[65536];
  const int ok = bcast_control_parse_json(text, len, &cmd, reply, sizeof reply) == 0 &&
                 bcast_control_run(&s->rooms[i], &cmd, reply, sizeof reply) == 0;
  const char* reason = strncmp(reply, "error: ", 7) == 0 ? reply + 7 : reply;
  const size_t rlen = strcspn(reason, "\n");
  char shown[201]; // the log gets no control characters: the text is JSON-decoded
  char shown_reason[301];
  jam_log_printable(text, len, shown, sizeof shown);
  jam_log_printable(reason, rlen, shown_reason, sizeof shown_reason);
  jam_log(ok ? JAM_LOG_INFO : JAM_LOG_WARN, "room %u: nation: command %s -> %s%s",
          (unsigned)s->opt->ports[i].port, shown, ok ? "" : "refused: ", shown_reason);
  if (!ok) {
    char why[512];
    snprintf(why, sizeof why, "%.*s", (int)rlen, reason);
    say(s, link, 0, bcast_nation_refused(cmd.param, why));
    return;
  }
  if (cmd.param == BCAST_CMD_LIST_FILES || cmd.param == BCAST_CMD_SAVE_RECORDING ||
      cmd.param == BCAST_CMD_DELETE_RECORDING || cmd.param == BCAST_CMD_STOP) {
    free(link->said_list); // the list is said again at the next status
    link->said_list = NULL;
  }
}

// One message from a control websocket client: run, answered to that client alone, logged.
static void
control_command(BcastLinks* const s, const char* const text, const size_t len,
                const unsigned client)
{
  BcastControlOutcome out;
  char* const answer = bcast_control_answer(s->rooms, s->opt->port_count, text, len, &out);
  jam_ws_server_send(s->control, client, answer);
  char shown[201];        // the log gets no control characters, from the command or its answer
  char shown_answer[301]; // (which can quote the command, e.g. a refused take name)
  jam_log_printable(text, len, shown, sizeof shown);
  const char* const said = answer ? answer : "(out of memory)";
  jam_log_printable(said, strlen(said), shown_answer, sizeof shown_answer);
  jam_log(out.ok ? JAM_LOG_INFO : JAM_LOG_WARN, "control: %s -> %s", shown, shown_answer);
  free(answer);
  if (out.ok && (out.param == BCAST_CMD_LIST_FILES || out.param == BCAST_CMD_SAVE_RECORDING ||
                 out.param == BCAST_CMD_DELETE_RECORDING || out.param == BCAST_CMD_STOP)) {
    free(s->control_said_list); // the list is said again at the next status
    s->control_said_list = NULL;
  }
}

// 1 when the list differs from the one last said (kept in *said): it is to be said now.
static int
list_changed(char** const said, const char* const list)
{
  if (*said && strcmp(list, *said) == 0) {
    return 0;
  }
  free(*said);
  *said = strdup(list);
  return 1;
}

// Room i's recording, recordings-list (when it changed) and playback status (§4.8), to its
// nation room (link, NULL: none) and the control websocket's clients.
static void
transport_status(BcastLinks* const s, const size_t i, NationLink* const link, const int to_control)
{
  BcastRecorder* const rec = s->rooms[i].recorder;
  if (rec) {
    BcastRecorderStatus st;
    bcast_recorder_status(rec, &st);
    char date[64];
    uint64_t size = 0;
    bcast_recorder_current_file(rec, date, sizeof date, &size);
    say(s, link, to_control, bcast_nation_recording_status(st.recording, date, size, st.budget));
    static char list[65536];
    bcast_recorder_list_json(rec, list, sizeof list);
    const int nation_list = link && list_changed(&link->said_list, list);
    const int control_list = to_control && list_changed(&s->control_said_list, list);
    if (nation_list || control_list) {
      say(s, nation_list ? link : NULL, control_list, bcast_nation_list_recordings(list));
    }
  }
  BcastPlayout* const playout = s->rooms[i].playout;
  BcastPlayoutStatus ps;
  memset(&ps, 0, sizeof ps);
  if (rec && playout) {
    bcast_playout_status(playout, &ps);
  }
  if (!ps.playing) {
    say(s, link, to_control, bcast_nation_playback_idle());
    return;
  }
  BcastRecorderStatus st;
  bcast_recorder_status(rec, &st);
  char date[64];
  uint64_t size = 0;
  bcast_recorder_take_file(rec, ps.name, date, sizeof date, &size);
  say(s, link, to_control,
      bcast_nation_playback_status(ps.paused, ps.percent, *ps.name ? ps.name : BCAST_RECORD_CURRENT,
                                   date, size, st.budget));
}

// The commands in (the nation room's and the control websocket's) and the status out, to both.
void
bcast_links_tick(BcastLinks* const s)
{
  if (!s->links && !s->control) {
    return;
  }
  uint64_t now = jam_clock_mono_us();
  size_t len = 0;
  char* text;
  for (size_t i = 0; s->links && i < s->opt->port_count; ++i) {
    while ((text = jam_nation_poll(s->links[i].nation, &len)) != NULL) {
      nation_command(s, i, text, len);
      free(text);
      s->next_transport_us = now; // the status follows every command at once (§4.12)
    }
  }
  unsigned client = 0;
  for (int i = 0;
       s->control && i < 64 && (text = jam_ws_server_poll(s->control, &len, &client)) != NULL;
       ++i) {
    control_command(s, text, len, client);
    free(text);
    s->next_transport_us = now;
  }
  const int to_control = jam_ws_server_clients(s->control) > 0;
  if (to_control && jam_ws_server_accepted(s->control) != s->control_accepted) {
    s->control_accepted = jam_ws_server_accepted(s->control); // someone new: say the list
    free(s->control_said_list);
    s->control_said_list = NULL;
  }
  const int latency_due = now >= s->next_latency_us;
  if (latency_due) {
    s->next_latency_us = now + BCAST_NATION_LATENCY_US;
  }
  now = jam_clock_mono_us();
  const int transport_due = now >= s->next_transport_us;
  if (transport_due) {
    s->next_transport_us = now + BCAST_NATION_TRANSPORT_US;
  }
  // Each room to its own nation room; the control websocket hears the first room.
  for (size_t i = 0; i < s->opt->port_count; ++i) {
    NationLink* const link = s->links && nation_in_room(&s->links[i]) ? &s->links[i] : NULL;
    const int control = i == 0 && to_control;
    if (!link && !control) {
      continue;
    }
    if (latency_due) {
      const BcastRoomStatus* const st = s->status(s->status_ctx, i);
      const int mix = bcast_room_mix(s->rooms[i].room); // "mode": true in mix mode
      // update_count counts the reports said (§4.3), to each listener
      if (link) {
        say(s, link, 0, bcast_nation_latency(st, mix, ++link->update_count));
      }
      if (control) {
        say(s, NULL, 1, bcast_nation_latency(st, mix, ++s->control_updates));
      }
    }
    if (transport_due) {
      transport_status(s, i, link, control);
    }
  }
}

// The control websocket's refusal of a flooding client, in the nation's refusal shape.
static char*
control_refusal(const char* const reason)
{
  return bcast_nation_refused(-1, reason);
}

// Starts the control websocket when --control-port is given. @return 0, or -1 (logged)
int
bcast_links_start_control(BcastLinks* const s)
{
  const BcastOptions* const opt = s->opt;
  if (!opt->control_port) {
    return 0;
  }
  const JamWsOptions wo = {.name = "control",
                           .bind = opt->control_bind ? opt->control_bind : "127.0.0.1",
                           .port = opt->control_port,
                           .token = opt->control_token,
                           .extra_origin = opt->control_origin,
                           .max_clients = (int)BCAST_CONTROL_CLIENTS,
                           .max_message = BCAST_CONTROL_MESSAGE,
                           .max_out_bytes = BCAST_CONTROL_OUT,
                           .refusal = control_refusal};
  s->control = jam_ws_server_new(&wo);
  if (!s->control) {
    return -1;
  }
  s->next_latency_us = s->next_transport_us = jam_clock_mono_us();
  return 0;
}

// Starts a nation link per room (each --port a broadcast unit with its room) when
// --nation-api and --nation-ws are given. @return 0, or -1 when one cannot start (logged)
int
bcast_links_start_nation(BcastLinks* const s)
{
  BcastOptions* const opt = s->opt;
  if (!opt->nation_api) {
    return 0;
  }
  if (!opt->mac[0]) {
    jam_nation_default_mac(opt->mac);
  }
  s->links = calloc(opt->port_count, sizeof *s->links);
  if (!s->links) {
    jam_log(JAM_LOG_ERROR, "nation: out of memory");
    return -1;
  }
  for (size_t i = 0; i < opt->port_count; ++i) {
    char name[32];
    snprintf(name, sizeof name, "room %u", (unsigned)opt->ports[i].port);
    const JamNationOptions no = {.api_url = opt->nation_api,
                                 .ws_url = opt->nation_ws,
                                 .mac = opt->mac,
                                 .git_hash = jam_git_hash(),
                                 .kind = JAM_NATION_BROADCAST_UNIT,
                                 .name = name,
                                 .port = opt->ports[i].port,
                                 .wan_ip = opt->wan_ip};
    s->links[i].nation = jam_nation_new(&no);
    if (!s->links[i].nation) {
      return -1;
    }
  }
  s->next_latency_us = s->next_transport_us = jam_clock_mono_us();
  return 0;
}
