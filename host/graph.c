// SPDX-License-Identifier: ISC
// rtjam-host's real-time graph: chains, rtjam-net, the rings between the threads and the fades.
// Threads: host_graph_process and its callees (JAM_REALTIME) run on the process thread of
// the backend (or a test); everything else on the main thread.

#include "host/graph.h"

#include "log.h"
#include "meter.h"
#include "spsc.h"

#include <lv2/atom/forge.h>
#include <lv2/patch/patch.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RING_BYTES      (1u << 16)
#define READINGS_FRAMES 720 ///< frames between two readings (15 ms at 48 kHz)
#define NET_URI         "https://rtjam.org/lv2/net"

/// Messages main -> process thread.
typedef enum {
  MSG_CONTROL = 1, ///< HostMsgControl (fixed size)
  MSG_CHAIN,       ///< HostMsgChain (fixed size)
  MSG_ATOM,        ///< atom sequence bytes for rtjam-net's control port (variable size)
  MSG_TUNER,       ///< HostMsgTuner (fixed size)
} HostMsgType;

typedef struct {
  HostPlugin* plugin; ///< the plugin
  uint32_t port;      ///< control input index
  float value;        ///< new value
} HostMsgControl;

typedef struct {
  int board;        ///< 0 or 1
  HostChain* chain; ///< the new chain (to main: the retired one)
} HostMsgChain;

typedef struct {
  int channel; ///< 0 or 1
  int on;      ///< 1 to copy input samples to the tuner ring
} HostMsgTuner;

/// Fade of a chain swap: fade the old chain out over one block, then the new one in.
typedef enum {
  FADE_NONE = 0,
  FADE_OUT,
  FADE_IN,
} HostFade;

/// Everything the process thread touches.
typedef struct {
  HostChain* chain[HOST_BOARDS];                 ///< running chains
  HostChain* next[HOST_BOARDS];                  ///< chain to install after the fade-out
  HostFade fade[HOST_BOARDS];                    ///< fade state per board
  int tuner_on[HOST_BOARDS];                     ///< copy inputs to the tuner rings
  float scratch[HOST_BOARDS][2][HOST_MAX_BLOCK]; ///< ping-pong buffers per board
  float board_out[HOST_BOARDS][HOST_MAX_BLOCK];  ///< boards' outputs = rtjam-net's inputs
  uint8_t atom_msg[HOST_ATOM_CAPACITY];          ///< a pending patch message
  uint32_t atom_size;                            ///< bytes in atom_msg, 0 when none
  JamPowerMeter input_meter[HOST_BOARDS];
  JamPowerMeter room_meter[HOST_BOARDS];
  JamPowerMeter master_meter;
  uint32_t frames_since_readings;
  HostReadings readings;
  atomic_uint dropped; ///< messages dropped (ring full); read by the main thread
} HostProcess;

struct HostGraphImpl {
  HostWorld* world;
  HostPlugin* net;
  int net_in[2], net_out[2], net_player[HOST_PLAYER_PORTS], net_control;
  int net_port_connected, net_port_rate_ok, net_port_rtt, net_port_lost, net_port_underruns,
      net_port_beat, net_port_input_level[2], net_port_player_level[HOST_PLAYER_PORTS],
      net_port_depth[HOST_NET_SLOTS], net_port_jitter[HOST_NET_SLOTS],
      net_port_client_id[HOST_NET_SLOTS], net_port_player_peak[HOST_PLAYER_PORTS],
      net_port_drops[HOST_NET_SLOTS], net_port_id_hi[HOST_NET_SLOTS],
      net_port_id_lo[HOST_NET_SLOTS];
  JamSpsc* to_rt;       ///< main -> process
  JamSpsc* from_rt;     ///< process -> main: retired chains
  JamSpsc* readings_rt; ///< process -> main: HostReadings
  JamSpsc* tuner[HOST_BOARDS];
  HostChain* sent[HOST_BOARDS]; ///< main's view: last chain handed over
  atomic_int live;              ///< 1 while a backend runs host_graph_process
  HostProcess rt;
};

// ---------------------------------------------------------------------------------------------
// Process thread

JAM_REALTIME static void
apply_message(HostGraph* g, const uint32_t type, const void* payload, const uint32_t size)
{
  HostProcess* rt = &g->rt;
  switch ((HostMsgType)type) {
  case MSG_CONTROL: {
    const HostMsgControl* m = payload;
    if (size == sizeof *m && m->port < m->plugin->n_ports) {
      m->plugin->controls[m->port] = m->value;
    }
    break;
  }
  case MSG_CHAIN: {
    const HostMsgChain* m = payload;
    if (size != sizeof *m || m->board < 0 || m->board >= HOST_BOARDS) {
      break;
    }
    if (!rt->chain[m->board] || !atomic_load_explicit(&g->live, memory_order_relaxed)) {
      HostMsgChain back = {m->board, rt->chain[m->board]};
      rt->chain[m->board] = m->chain;
      rt->fade[m->board] = FADE_NONE;
      if (back.chain && jam_spsc_write_msg(g->from_rt, MSG_CHAIN, &back, sizeof back)) {
        atomic_fetch_add_explicit(
            &rt->dropped, 1u,
            memory_order_relaxed); // the old chain leaks rather than being freed while in use
      }
    } else {
      rt->next[m->board] = m->chain;
      rt->fade[m->board] = FADE_OUT;
    }
    break;
  }
  case MSG_ATOM:
    if (size <= sizeof rt->atom_msg) {
      memcpy(rt->atom_msg, payload, size);
      rt->atom_size = size;
    }
    break;
  case MSG_TUNER: {
    const HostMsgTuner* m = payload;
    if (size == sizeof *m && m->channel >= 0 && m->channel < HOST_BOARDS) {
      rt->tuner_on[m->channel] = m->on;
    }
    break;
  }
  }
}

// Drains the main -> process ring. A chain message waits while its board is still fading.
JAM_REALTIME static void
drain_messages(HostGraph* g)
{
  static _Thread_local uint8_t payload[HOST_ATOM_CAPACITY];
  JamSpscMsgHeader h;
  while (jam_spsc_peek(g->to_rt, &h, sizeof h) == JAM_SUCCESS) {
    if (h.type == MSG_CHAIN && h.size == sizeof(HostMsgChain)) {
      HostMsgChain m;
      uint8_t raw[sizeof h + sizeof m];
      if (jam_spsc_peek(g->to_rt, raw, sizeof raw) != JAM_SUCCESS) {
        break;
      }
      memcpy(&m, raw + sizeof h, sizeof m);
      if (m.board >= 0 && m.board < HOST_BOARDS && g->rt.fade[m.board] != FADE_NONE) {
        break; // keep order: wait for the swap in progress
      }
    }
    uint32_t type = 0, size = 0;
    if (jam_spsc_read_msg(g->to_rt, &type, payload, sizeof payload, &size) != JAM_SUCCESS) {
      continue;
    }
    apply_message(g, type, payload, size);
  }
}

JAM_REALTIME static void
ramp(float* x, const uint32_t n, const float from, const float to)
{
  const float step = (to - from) / (float)(n ? n : 1);
  for (uint32_t i = 0; i < n; ++i) {
    x[i] *= from + step * (float)(i + 1);
  }
}

JAM_REALTIME static void
run_board(HostGraph* g, const int k, const float* in, const uint32_t n)
{
  HostProcess* rt = &g->rt;
  const HostChain* c = rt->chain[k];
  const float* src = in;
  int which = 0;
  for (int i = 0; c && i < c->n; ++i) {
    float* dst = rt->scratch[k][which];
    host_plugin_run_mono(c->p[i], src, dst, n);
    src = dst;
    which ^= 1;
  }
  memcpy(rt->board_out[k], src, n * sizeof(float));
  if (rt->fade[k] == FADE_OUT) {
    ramp(rt->board_out[k], n, 1.0f, 0.0f);
    HostMsgChain back = {k, rt->chain[k]};
    rt->chain[k] = rt->next[k];
    rt->next[k] = NULL;
    rt->fade[k] = FADE_IN;
    if (jam_spsc_write_msg(g->from_rt, MSG_CHAIN, &back, sizeof back)) {
      atomic_fetch_add_explicit(&rt->dropped, 1u, memory_order_relaxed);
    }
  } else if (rt->fade[k] == FADE_IN) {
    ramp(rt->board_out[k], n, 0.0f, 1.0f);
    rt->fade[k] = FADE_NONE;
  }
}

JAM_REALTIME static void
run_net(HostGraph* g, float* out_l, float* out_r, float* const* players, const uint32_t n)
{
  HostPlugin* net = g->net;
  LilvInstance* inst = net->instance;
  HostProcess* rt = &g->rt;
  host_plugin_reset_atoms(net);
  if (rt->atom_size) {
    memcpy(net->atoms[g->net_control], rt->atom_msg, rt->atom_size);
    rt->atom_size = 0;
  }
  lilv_instance_connect_port(inst, (uint32_t)g->net_in[0], rt->board_out[0]);
  lilv_instance_connect_port(inst, (uint32_t)g->net_in[1], rt->board_out[1]);
  lilv_instance_connect_port(inst, (uint32_t)g->net_out[0], out_l);
  lilv_instance_connect_port(inst, (uint32_t)g->net_out[1], out_r);
  for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
    if (g->net_player[i] >= 0) {
      lilv_instance_connect_port(inst, (uint32_t)g->net_player[i], players ? players[i] : NULL);
    }
  }
  lilv_instance_run(inst, n);
}

JAM_REALTIME static float
net_value(const HostGraph* g, const int port)
{
  return port >= 0 ? g->net->controls[port] : 0.0f;
}

JAM_REALTIME static void
publish_readings(HostGraph* g, const uint32_t n)
{
  HostProcess* rt = &g->rt;
  HostReadings* r = &rt->readings;
  ++r->cycles;
  r->period = n;
  rt->frames_since_readings += n;
  if (rt->frames_since_readings < READINGS_FRAMES) {
    return;
  }
  rt->frames_since_readings = 0;
  r->connected = net_value(g, g->net_port_connected);
  r->rate_ok = net_value(g, g->net_port_rate_ok);
  r->rtt_ms = net_value(g, g->net_port_rtt);
  r->lost = net_value(g, g->net_port_lost);
  r->underruns = net_value(g, g->net_port_underruns);
  r->beat = net_value(g, g->net_port_beat);
  for (int k = 0; k < 2; ++k) {
    r->net_input_level[k] = net_value(g, g->net_port_input_level[k]);
    r->input_avg[k] = jam_power_meter_avg(&rt->input_meter[k]);
    r->input_peak[k] = jam_power_meter_peak(&rt->input_meter[k]);
    r->room_avg[k] = jam_power_meter_avg(&rt->room_meter[k]);
    r->room_peak[k] = jam_power_meter_peak(&rt->room_meter[k]);
    float lat = 0.0f;
    const HostChain* c = rt->chain[k];
    for (int i = 0; c && i < c->n; ++i) {
      lat += host_plugin_latency(c->p[i]);
    }
    r->chain_latency[k] = lat;
  }
  for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
    r->player_level[i] = net_value(g, g->net_port_player_level[i]);
    r->player_peak[i] = net_value(g, g->net_port_player_peak[i]);
  }
  for (int s = 0; s < HOST_NET_SLOTS; ++s) {
    r->depth_ms[s] = net_value(g, g->net_port_depth[s]);
    r->jitter_ms[s] = net_value(g, g->net_port_jitter[s]);
    r->drops[s] = net_value(g, g->net_port_drops[s]);
    // The id in two exact 16-bit halves (a float carries 24 bits); the plain port otherwise.
    const float hi = net_value(g, g->net_port_id_hi[s]);
    const float lo = net_value(g, g->net_port_id_lo[s]);
    const float id = net_value(g, g->net_port_client_id[s]);
    r->client_id[s] = g->net_port_id_hi[s] >= 0 && g->net_port_id_lo[s] >= 0
                          ? (uint32_t)(hi >= 0.0f && hi <= 65535.0f ? hi : 0.0f) << 16 |
                                (uint32_t)(lo >= 0.0f && lo <= 65535.0f ? lo : 0.0f)
                          : (uint32_t)(id >= 0.0f && id <= 16777216.0f ? id : 0.0f);
  }
  r->master_avg = jam_power_meter_avg(&rt->master_meter);
  r->master_peak = jam_power_meter_peak(&rt->master_meter);
  if (jam_spsc_write_msg(g->readings_rt, 1, r, sizeof *r)) {
    atomic_fetch_add_explicit(&rt->dropped, 1u, memory_order_relaxed);
  }
}

JAM_REALTIME void
host_graph_process(HostGraph* const g, const float* const in[2], float* const out[2],
                   float* const* const players, const uint32_t nframes)
{
  HostProcess* rt = &g->rt;
  jam_rt_flush_denormals();
  drain_messages(g);
  for (uint32_t off = 0; off < nframes; off += HOST_MAX_BLOCK) {
    const uint32_t n = nframes - off < HOST_MAX_BLOCK ? nframes - off : HOST_MAX_BLOCK;
    for (int k = 0; k < HOST_BOARDS; ++k) {
      jam_power_meter_add(&rt->input_meter[k], in[k] + off, n, 1.0);
      if (rt->tuner_on[k] && jam_spsc_write(g->tuner[k], in[k] + off, n * sizeof(float))) {
        atomic_fetch_add_explicit(&rt->dropped, 1u, memory_order_relaxed);
      }
      run_board(g, k, in[k] + off, n);
      jam_power_meter_add(&rt->room_meter[k], rt->board_out[k], n, 1.0);
    }
    float* pl[HOST_PLAYER_PORTS];
    for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
      pl[i] = players && players[i] ? players[i] + off : NULL;
    }
    run_net(g, out[0] + off, out[1] + off, players ? pl : NULL, n);
    jam_power_meter_add_stereo(&rt->master_meter, out[0] + off, out[1] + off, n, 1.0);
  }
  HostPlugin* all[2 * HOST_BOARD_MAX_PEDALS + 1];
  int n_all = 0;
  all[n_all++] = g->net;
  for (int k = 0; k < HOST_BOARDS; ++k) {
    const HostChain* c = rt->chain[k];
    for (int i = 0; c && i < c->n; ++i) {
      all[n_all++] = c->p[i];
    }
  }
  host_world_deliver_work(g->world, all, n_all);
  publish_readings(g, nframes);
}

// ---------------------------------------------------------------------------------------------
// Main thread

// The index of port k of the row `id` of rtjam-net's port table (ttl/net_defs.c) in the
// instance, by its symbol; −1 when the plugin lacks it.
static int
net_port(HostGraph* g, const char* id, int k)
{
  char sym[32];
  return net_port_symbol(id, (unsigned)k, sym, sizeof sym) ? -1 : host_plugin_port(g->net, sym);
}

void
host_readings_idle(HostReadings* const r)
{
  float latency[HOST_BOARDS];
  memcpy(latency, r->chain_latency, sizeof latency);
  memset(r, 0, sizeof *r);
  memcpy(r->chain_latency, latency, sizeof latency);
  const float floor_db = (float)JAM_METER_FLOOR_DB;
  for (int k = 0; k < 2; ++k) {
    r->net_input_level[k] = floor_db;
    r->input_avg[k] = r->input_peak[k] = JAM_METER_FLOOR_DB;
    r->room_avg[k] = r->room_peak[k] = JAM_METER_FLOOR_DB;
  }
  for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
    r->player_level[i] = r->player_peak[i] = floor_db;
  }
  r->master_avg = r->master_peak = JAM_METER_FLOOR_DB;
}

HostGraph*
host_graph_new(HostWorld* const world)
{
  HostGraph* g = calloc(1, sizeof *g);
  if (!g) {
    jam_log(JAM_LOG_ERROR, "host: graph: out of memory");
    return NULL;
  }
  g->world = world;
  g->to_rt = jam_spsc_new(RING_BYTES);
  g->from_rt = jam_spsc_new(RING_BYTES);
  g->readings_rt = jam_spsc_new(64 * sizeof(HostReadings));
  g->tuner[0] = jam_spsc_new(HOST_TUNER_RING);
  g->tuner[1] = jam_spsc_new(HOST_TUNER_RING);
  if (!g->to_rt || !g->from_rt || !g->readings_rt || !g->tuner[0] || !g->tuner[1]) {
    jam_log(JAM_LOG_ERROR, "host: graph: out of memory");
    host_graph_free(g);
    return NULL;
  }
  char err[512];
  g->net = host_plugin_new(world, NET_URI, err, sizeof err);
  if (!g->net) {
    jam_log(JAM_LOG_ERROR,
            "host: rtjam-net: %s (rtjam.lv2 is not on LV2_PATH, lilv's default path or beside the "
            "binary in ../lv2)",
            err);
    host_graph_free(g);
    return NULL;
  }
  g->net_in[0] = host_plugin_port(g->net, "in_1");
  g->net_in[1] = host_plugin_port(g->net, "in_2");
  g->net_out[0] = host_plugin_port(g->net, "out_l");
  g->net_out[1] = host_plugin_port(g->net, "out_r");
  g->net_control = host_plugin_port(g->net, "control");
  for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
    g->net_player[i] = net_port(g, "PLAYER", i);
    g->net_port_player_level[i] = net_port(g, "PLAYER_LEVEL", i);
    g->net_port_player_peak[i] = net_port(g, "PLAYER_PEAK", i);
  }
  for (int s = 0; s < HOST_NET_SLOTS; ++s) {
    g->net_port_depth[s] = net_port(g, "DEPTH", s);
    g->net_port_jitter[s] = net_port(g, "JITTER", s);
    g->net_port_client_id[s] = net_port(g, "CLIENT_ID", s);
    g->net_port_id_hi[s] = net_port(g, "CLIENT_ID_HI", s);
    g->net_port_id_lo[s] = net_port(g, "CLIENT_ID_LO", s);
    g->net_port_drops[s] = net_port(g, "DROPS", s);
  }
  g->net_port_input_level[0] = host_plugin_port(g->net, "input_level_1");
  g->net_port_input_level[1] = host_plugin_port(g->net, "input_level_2");
  g->net_port_connected = host_plugin_port(g->net, "connected");
  g->net_port_rate_ok = host_plugin_port(g->net, "rate_ok");
  g->net_port_rtt = host_plugin_port(g->net, "rtt");
  g->net_port_lost = host_plugin_port(g->net, "lost");
  g->net_port_underruns = host_plugin_port(g->net, "underruns");
  g->net_port_beat = host_plugin_port(g->net, "beat");
  if (g->net_in[0] < 0 || g->net_in[1] < 0 || g->net_out[0] < 0 || g->net_out[1] < 0 ||
      g->net_control < 0) {
    jam_log(JAM_LOG_ERROR, "host: %s lacks in_1/in_2/out_l/out_r/control", NET_URI);
    host_graph_free(g);
    return NULL;
  }
  for (int k = 0; k < 2; ++k) {
    jam_power_meter_init(&g->rt.input_meter[k]);
    jam_power_meter_init(&g->rt.room_meter[k]);
  }
  jam_power_meter_init(&g->rt.master_meter);
  atomic_init(&g->live, 0);
  atomic_init(&g->rt.dropped, 0u);
  return g;
}

static void
free_chain(HostChain* c, int with_plugins)
{
  if (!c) {
    return;
  }
  for (int i = 0; i < c->n_dead; ++i) {
    host_plugin_free(c->dead[i]);
  }
  for (int i = 0; with_plugins && i < c->n; ++i) {
    host_plugin_free(c->p[i]);
  }
  free(c);
}

void
host_graph_free(HostGraph* const g)
{
  if (!g) {
    return;
  }
  host_graph_set_live(g, 0);
  HostReadings r;
  host_graph_collect(g, &r);
  for (int k = 0; k < HOST_BOARDS; ++k) {
    // Not live: the process state's chain is the last one sent.
    free_chain(g->sent[k], 1);
  }
  host_plugin_free(g->net);
  jam_spsc_free(g->to_rt);
  jam_spsc_free(g->from_rt);
  jam_spsc_free(g->readings_rt);
  jam_spsc_free(g->tuner[0]);
  jam_spsc_free(g->tuner[1]);
  free(g);
}

void
host_graph_set_live(HostGraph* const g, const int live)
{
  atomic_store(&g->live, live ? 1 : 0);
  if (live) {
    return;
  }
  // No process thread now: finish any fade and apply pending messages here.
  for (int k = 0; k < HOST_BOARDS; ++k) {
    if (g->rt.fade[k] == FADE_OUT) {
      HostMsgChain back = {k, g->rt.chain[k]};
      g->rt.chain[k] = g->rt.next[k];
      g->rt.next[k] = NULL;
      jam_spsc_write_msg(g->from_rt, MSG_CHAIN, &back, sizeof back);
    }
    g->rt.fade[k] = FADE_NONE;
  }
  drain_messages(g);
}

static JamStatus
send_msg(HostGraph* g, const HostMsgType type, const void* payload, const uint32_t size)
{
  const JamStatus st = jam_spsc_write_msg(g->to_rt, type, payload, size);
  // Not live: no process thread, so apply now (this thread is then the only reader). A
  // backend that lost its server but has not stopped may still be inside a period, so it
  // stays live until it has: the messages wait for host_graph_set_live(g, 0).
  if (st == JAM_SUCCESS && !atomic_load(&g->live)) {
    drain_messages(g);
  }
  return st;
}

JamStatus
host_graph_set_chain(HostGraph* const g, const int board, HostChain* const chain)
{
  if (board < 0 || board >= HOST_BOARDS || !chain) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  HostMsgChain m = {board, chain};
  const JamStatus st = send_msg(g, MSG_CHAIN, &m, sizeof m);
  if (st == JAM_SUCCESS) {
    g->sent[board] = chain;
  }
  return st;
}

HostChain*
host_graph_chain(const HostGraph* const g, const int board)
{
  return board >= 0 && board < HOST_BOARDS ? g->sent[board] : NULL;
}

JamStatus
host_graph_set_control(HostGraph* const g, HostPlugin* const plugin, const uint32_t port,
                       const float value)
{
  if (!plugin || port >= plugin->n_ports || plugin->kinds[port] != HOST_PORT_CONTROL_IN) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  HostMsgControl m = {plugin, port, value};
  return send_msg(g, MSG_CONTROL, &m, sizeof m);
}

JamStatus
host_graph_set_net(HostGraph* const g, const char* const symbol, const float value)
{
  const int port = host_plugin_port(g->net, symbol);
  return port < 0 ? JAM_ERR_NOT_FOUND : host_graph_set_control(g, g->net, (uint32_t)port, value);
}

JamStatus
host_graph_join(HostGraph* const g, const char* const server, const int port,
                const uint32_t client_id)
{
  uint8_t buf[HOST_ATOM_CAPACITY];
  LV2_URID_Map* map = host_world_urid_map(g->world);
  LV2_Atom_Forge forge;
  lv2_atom_forge_init(&forge, map);
  lv2_atom_forge_set_buffer(&forge, buf, sizeof buf);
  const LV2_URID set = map->map(map->handle, LV2_PATCH__Set);
  const LV2_URID prop = map->map(map->handle, LV2_PATCH__property);
  const LV2_URID val = map->map(map->handle, LV2_PATCH__value);
  const LV2_URID k_server = map->map(map->handle, NET_URI "#server");
  const LV2_URID k_port = map->map(map->handle, NET_URI "#port");
  const LV2_URID k_id = map->map(map->handle, NET_URI "#clientId");
  LV2_Atom_Forge_Frame seq;
  LV2_Atom_Forge_Frame obj;
  lv2_atom_forge_sequence_head(&forge, &seq, 0);
  const LV2_URID keys[3] = {k_server, k_port, k_id};
  for (int i = 0; i < 3; ++i) {
    lv2_atom_forge_frame_time(&forge, 0);
    lv2_atom_forge_object(&forge, &obj, 0, set);
    lv2_atom_forge_key(&forge, prop);
    lv2_atom_forge_urid(&forge, keys[i]);
    lv2_atom_forge_key(&forge, val);
    if (i == 0) {
      lv2_atom_forge_string(&forge, server ? server : "", (uint32_t)strlen(server ? server : ""));
    } else if (i == 1) {
      lv2_atom_forge_int(&forge, port);
    } else {
      lv2_atom_forge_int(&forge, (int32_t)client_id);
    }
    lv2_atom_forge_pop(&forge, &obj);
  }
  lv2_atom_forge_pop(&forge, &seq);
  const LV2_Atom* atom = (const LV2_Atom*)buf;
  const uint32_t size = (uint32_t)sizeof(LV2_Atom) + atom->size;
  if (!forge.offset || size > sizeof buf) {
    return JAM_ERR_FULL;
  }
  return send_msg(g, MSG_ATOM, buf, size);
}

JamStatus
host_graph_set_tuner(HostGraph* const g, const int channel, const int on)
{
  HostMsgTuner m = {channel, on};
  return channel < 0 || channel >= HOST_BOARDS ? JAM_ERR_BAD_ARGUMENT
                                               : send_msg(g, MSG_TUNER, &m, sizeof m);
}

size_t
host_graph_read_tuner(HostGraph* const g, const int channel, float* const samples, const size_t n)
{
  if (channel < 0 || channel >= HOST_BOARDS) {
    return 0;
  }
  size_t avail = jam_spsc_read_space(g->tuner[channel]) / sizeof(float);
  if (avail > n) {
    avail = n;
  }
  if (avail && jam_spsc_read(g->tuner[channel], samples, avail * sizeof(float))) {
    return 0;
  }
  return avail;
}

int
host_graph_collect(HostGraph* const g, HostReadings* const readings)
{
  host_world_run_worker(g->world);
  uint32_t type = 0, size = 0;
  HostMsgChain m;
  while (jam_spsc_read_msg(g->from_rt, &type, &m, sizeof m, &size) == JAM_SUCCESS) {
    if (type == MSG_CHAIN && size == sizeof m) {
      free_chain(m.chain, 0);
    }
  }
  int got = 0;
  while (jam_spsc_read_msg(g->readings_rt, &type, readings, sizeof *readings, &size) ==
         JAM_SUCCESS) {
    got = 1;
  }
  return got;
}

HostPlugin*
host_graph_net(const HostGraph* const g)
{
  return g->net;
}

uint32_t
host_graph_dropped(const HostGraph* const g)
{
  return atomic_load_explicit(&g->rt.dropped, memory_order_relaxed) + host_world_dropped(g->world);
}
