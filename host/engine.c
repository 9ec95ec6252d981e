// SPDX-License-Identifier: ISC
// rtjam-host engine: JACK client, process callback, chains and rtjam-net.
// Threads: main thread for everything except process() and its callees (JAM_REALTIME), and
// the JACK callbacks shutdown (JACK thread: sets a flag) and latency (JACK thread: reads an
// atomic).

#include "host/engine.h"

#include "log.h"
#include "meter.h"
#include "spsc.h"

#include <jack/jack.h>
#include <lv2/atom/forge.h>
#include <lv2/patch/patch.h>

#include <errno.h>
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
  uint32_t dropped; ///< messages dropped (ring full)
} HostProcess;

struct HostEngineImpl {
  HostWorld* world;
  HostEngineOptions opt;
  char jack_name[64];
  jack_client_t* client;
  jack_port_t* in[2];
  jack_port_t* out[2];
  jack_port_t* players[HOST_PLAYER_PORTS];
  HostPlugin* net;
  int net_in[2], net_out[2], net_player[HOST_PLAYER_PORTS], net_control;
  int net_port_connected, net_port_rate_ok, net_port_rtt, net_port_lost, net_port_underruns,
      net_port_beat, net_port_input_level[2], net_port_player_level[HOST_PLAYER_PORTS],
      net_port_depth[HOST_NET_SLOTS], net_port_jitter[HOST_NET_SLOTS],
      net_port_client_id[HOST_NET_SLOTS];
  JamSpsc* to_rt;       ///< main -> process
  JamSpsc* from_rt;     ///< process -> main: retired chains
  JamSpsc* readings_rt; ///< process -> main: HostReadings
  JamSpsc* tuner[HOST_BOARDS];
  HostChain* sent[HOST_BOARDS]; ///< main's view: last chain handed over
  atomic_int running;
  atomic_int lost;
  atomic_int latency;         ///< frames, reported to JACK
  atomic_uint xruns;          ///< xruns JACK reported since start
  jack_nframes_t rate_logged; ///< a wrong rate already reported (logged once per rate)
  int reported_latency;
  HostProcess rt;
};

// ---------------------------------------------------------------------------------------------
// Process thread

JAM_REALTIME static void
apply_message(HostEngine* e, const uint32_t type, const void* payload, const uint32_t size)
{
  HostProcess* rt = &e->rt;
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
    if (!rt->chain[m->board] || !atomic_load_explicit(&e->running, memory_order_relaxed)) {
      HostMsgChain back = {m->board, rt->chain[m->board]};
      rt->chain[m->board] = m->chain;
      rt->fade[m->board] = FADE_NONE;
      if (back.chain && jam_spsc_write_msg(e->from_rt, MSG_CHAIN, &back, sizeof back)) {
        ++rt->dropped; // the old chain leaks rather than being freed while in use
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
drain_messages(HostEngine* e)
{
  static _Thread_local uint8_t payload[HOST_ATOM_CAPACITY];
  JamSpscMsgHeader h;
  while (jam_spsc_peek(e->to_rt, &h, sizeof h) == JAM_SUCCESS) {
    if (h.type == MSG_CHAIN && h.size == sizeof(HostMsgChain)) {
      HostMsgChain m;
      uint8_t raw[sizeof h + sizeof m];
      if (jam_spsc_peek(e->to_rt, raw, sizeof raw) != JAM_SUCCESS) {
        break;
      }
      memcpy(&m, raw + sizeof h, sizeof m);
      if (m.board >= 0 && m.board < HOST_BOARDS && e->rt.fade[m.board] != FADE_NONE) {
        break; // keep order: wait for the swap in progress
      }
    }
    uint32_t type = 0, size = 0;
    if (jam_spsc_read_msg(e->to_rt, &type, payload, sizeof payload, &size) != JAM_SUCCESS) {
      continue;
    }
    apply_message(e, type, payload, size);
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
run_board(HostEngine* e, const int k, const float* in, const uint32_t n)
{
  HostProcess* rt = &e->rt;
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
    if (jam_spsc_write_msg(e->from_rt, MSG_CHAIN, &back, sizeof back)) {
      ++rt->dropped;
    }
  } else if (rt->fade[k] == FADE_IN) {
    ramp(rt->board_out[k], n, 0.0f, 1.0f);
    rt->fade[k] = FADE_NONE;
  }
}

JAM_REALTIME static void
run_net(HostEngine* e, float* out_l, float* out_r, float* const* players, const uint32_t n)
{
  HostPlugin* net = e->net;
  LilvInstance* inst = net->instance;
  HostProcess* rt = &e->rt;
  host_plugin_reset_atoms(net);
  if (rt->atom_size) {
    memcpy(net->atoms[e->net_control], rt->atom_msg, rt->atom_size);
    rt->atom_size = 0;
  }
  lilv_instance_connect_port(inst, (uint32_t)e->net_in[0], rt->board_out[0]);
  lilv_instance_connect_port(inst, (uint32_t)e->net_in[1], rt->board_out[1]);
  lilv_instance_connect_port(inst, (uint32_t)e->net_out[0], out_l);
  lilv_instance_connect_port(inst, (uint32_t)e->net_out[1], out_r);
  for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
    if (e->net_player[i] >= 0) {
      lilv_instance_connect_port(inst, (uint32_t)e->net_player[i], players ? players[i] : NULL);
    }
  }
  lilv_instance_run(inst, n);
}

JAM_REALTIME static float
net_value(const HostEngine* e, const int port)
{
  return port >= 0 ? e->net->controls[port] : 0.0f;
}

JAM_REALTIME static void
publish_readings(HostEngine* e, const uint32_t n)
{
  HostProcess* rt = &e->rt;
  HostReadings* r = &rt->readings;
  ++r->cycles;
  r->period = n;
  rt->frames_since_readings += n;
  if (rt->frames_since_readings < READINGS_FRAMES) {
    return;
  }
  rt->frames_since_readings = 0;
  r->connected = net_value(e, e->net_port_connected);
  r->rate_ok = net_value(e, e->net_port_rate_ok);
  r->rtt_ms = net_value(e, e->net_port_rtt);
  r->lost = net_value(e, e->net_port_lost);
  r->underruns = net_value(e, e->net_port_underruns);
  r->beat = net_value(e, e->net_port_beat);
  for (int k = 0; k < 2; ++k) {
    r->net_input_level[k] = net_value(e, e->net_port_input_level[k]);
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
    r->player_level[i] = net_value(e, e->net_port_player_level[i]);
  }
  for (int s = 0; s < HOST_NET_SLOTS; ++s) {
    r->depth_ms[s] = net_value(e, e->net_port_depth[s]);
    r->jitter_ms[s] = net_value(e, e->net_port_jitter[s]);
    r->client_id[s] = net_value(e, e->net_port_client_id[s]);
  }
  r->master_avg = jam_power_meter_avg(&rt->master_meter);
  r->master_peak = jam_power_meter_peak(&rt->master_meter);
  if (jam_spsc_write_msg(e->readings_rt, 1, r, sizeof *r)) {
    ++rt->dropped;
  }
}

JAM_REALTIME static int
process(jack_nframes_t nframes, void* arg)
{
  HostEngine* e = arg;
  HostProcess* rt = &e->rt;
  jam_rt_flush_denormals();
  drain_messages(e);
  const float* in[2];
  float* out[2];
  float* players[HOST_PLAYER_PORTS];
  for (int k = 0; k < 2; ++k) {
    in[k] = jack_port_get_buffer(e->in[k], nframes);
    out[k] = jack_port_get_buffer(e->out[k], nframes);
  }
  for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
    players[i] = e->players[i] ? jack_port_get_buffer(e->players[i], nframes) : NULL;
  }
  for (uint32_t off = 0; off < nframes; off += HOST_MAX_BLOCK) {
    const uint32_t n = nframes - off < HOST_MAX_BLOCK ? nframes - off : HOST_MAX_BLOCK;
    for (int k = 0; k < HOST_BOARDS; ++k) {
      jam_power_meter_add(&rt->input_meter[k], in[k] + off, n, 1.0);
      if (rt->tuner_on[k] && jam_spsc_write(e->tuner[k], in[k] + off, n * sizeof(float))) {
        ++rt->dropped;
      }
      run_board(e, k, in[k] + off, n);
      jam_power_meter_add(&rt->room_meter[k], rt->board_out[k], n, 1.0);
    }
    float* pl[HOST_PLAYER_PORTS];
    for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
      pl[i] = players[i] ? players[i] + off : NULL;
    }
    run_net(e, out[0] + off, out[1] + off, e->opt.player_outs ? pl : NULL, n);
    jam_power_meter_add_stereo(&rt->master_meter, out[0] + off, out[1] + off, n, 1.0);
  }
  HostPlugin* all[2 * HOST_BOARD_MAX_PEDALS + 1];
  int n_all = 0;
  all[n_all++] = e->net;
  for (int k = 0; k < HOST_BOARDS; ++k) {
    const HostChain* c = rt->chain[k];
    for (int i = 0; c && i < c->n; ++i) {
      all[n_all++] = c->p[i];
    }
  }
  host_world_deliver_work(e->world, all, n_all);
  publish_readings(e, nframes);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// JACK callbacks (non-RT JACK threads)

static void
on_shutdown(jack_status_t code, const char* reason, void* arg)
{
  (void)code;
  (void)reason;
  HostEngine* e = arg;
  atomic_store(&e->running, 0);
  atomic_store(&e->lost, 1);
}

static int
on_xrun(void* arg)
{
  HostEngine* e = arg;
  atomic_fetch_add_explicit(&e->xruns, 1u, memory_order_relaxed);
  return 0;
}

static void
on_latency(jack_latency_callback_mode_t mode, void* arg)
{
  HostEngine* e = arg;
  const jack_nframes_t extra = (jack_nframes_t)atomic_load(&e->latency);
  jack_latency_range_t range;
  if (mode == JackCaptureLatency) {
    jack_latency_range_t in = {UINT32_MAX, 0};
    for (int k = 0; k < 2; ++k) {
      jack_port_get_latency_range(e->in[k], JackCaptureLatency, &range);
      in.min = range.min < in.min ? range.min : in.min;
      in.max = range.max > in.max ? range.max : in.max;
    }
    if (in.min == UINT32_MAX) {
      in.min = 0;
    }
    range.min = in.min + extra;
    range.max = in.max + extra;
    for (int k = 0; k < 2; ++k) {
      jack_port_set_latency_range(e->out[k], JackCaptureLatency, &range);
    }
  } else {
    jack_latency_range_t out = {UINT32_MAX, 0};
    for (int k = 0; k < 2; ++k) {
      jack_port_get_latency_range(e->out[k], JackPlaybackLatency, &range);
      out.min = range.min < out.min ? range.min : out.min;
      out.max = range.max > out.max ? range.max : out.max;
    }
    if (out.min == UINT32_MAX) {
      out.min = 0;
    }
    range.min = out.min + extra;
    range.max = out.max + extra;
    for (int k = 0; k < 2; ++k) {
      jack_port_set_latency_range(e->in[k], JackPlaybackLatency, &range);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Main thread

static int
net_port(HostEngine* e, const char* prefix, int i)
{
  char sym[32];
  snprintf(sym, sizeof sym, "%s%02d", prefix, i);
  return host_plugin_port(e->net, sym);
}

// libjack prints its own errors ("Cannot connect to server socket") on every retry; the host
// reports the outcome itself, so they go to the debug log.
static void
jack_message(const char* msg)
{
  jam_log(JAM_LOG_DEBUG, "jack: %s", msg);
}

HostEngine*
host_engine_new(HostWorld* const world, const HostEngineOptions* const options)
{
  HostEngine* e = calloc(1, sizeof *e);
  if (!e) {
    jam_log(JAM_LOG_ERROR, "host: engine: out of memory");
    return NULL;
  }
  e->world = world;
  e->opt = *options;
  jack_set_error_function(jack_message);
  jack_set_info_function(jack_message);
  snprintf(e->jack_name, sizeof e->jack_name, "%s",
           options->jack_name ? options->jack_name : "rtjam");
  e->opt.jack_name = e->jack_name;
  e->to_rt = jam_spsc_new(RING_BYTES);
  e->from_rt = jam_spsc_new(RING_BYTES);
  e->readings_rt = jam_spsc_new(64 * sizeof(HostReadings));
  e->tuner[0] = jam_spsc_new(HOST_TUNER_RING);
  e->tuner[1] = jam_spsc_new(HOST_TUNER_RING);
  if (!e->to_rt || !e->from_rt || !e->readings_rt || !e->tuner[0] || !e->tuner[1]) {
    jam_log(JAM_LOG_ERROR, "host: engine: out of memory");
    host_engine_free(e);
    return NULL;
  }
  char err[512];
  e->net = host_plugin_new(world, NET_URI, err, sizeof err);
  if (!e->net) {
    jam_log(JAM_LOG_ERROR, "host: rtjam-net: %s (is rtjam.lv2 on LV2_PATH?)", err);
    host_engine_free(e);
    return NULL;
  }
  e->net_in[0] = host_plugin_port(e->net, "in_1");
  e->net_in[1] = host_plugin_port(e->net, "in_2");
  e->net_out[0] = host_plugin_port(e->net, "out_l");
  e->net_out[1] = host_plugin_port(e->net, "out_r");
  e->net_control = host_plugin_port(e->net, "control");
  for (int i = 0; i < HOST_PLAYER_PORTS; ++i) {
    e->net_player[i] = net_port(e, "player_", i + 1);
    e->net_port_player_level[i] = net_port(e, "player_level_", i + 1);
  }
  for (int s = 0; s < HOST_NET_SLOTS; ++s) {
    e->net_port_depth[s] = net_port(e, "depth_", s + 1);
    e->net_port_jitter[s] = net_port(e, "jitter_", s + 1);
    e->net_port_client_id[s] = net_port(e, "client_id_", s + 1);
  }
  e->net_port_input_level[0] = host_plugin_port(e->net, "input_level_1");
  e->net_port_input_level[1] = host_plugin_port(e->net, "input_level_2");
  e->net_port_connected = host_plugin_port(e->net, "connected");
  e->net_port_rate_ok = host_plugin_port(e->net, "rate_ok");
  e->net_port_rtt = host_plugin_port(e->net, "rtt");
  e->net_port_lost = host_plugin_port(e->net, "lost");
  e->net_port_underruns = host_plugin_port(e->net, "underruns");
  e->net_port_beat = host_plugin_port(e->net, "beat");
  if (e->net_in[0] < 0 || e->net_in[1] < 0 || e->net_out[0] < 0 || e->net_out[1] < 0 ||
      e->net_control < 0) {
    jam_log(JAM_LOG_ERROR, "host: %s lacks in_1/in_2/out_l/out_r/control", NET_URI);
    host_engine_free(e);
    return NULL;
  }
  for (int k = 0; k < 2; ++k) {
    jam_power_meter_init(&e->rt.input_meter[k]);
    jam_power_meter_init(&e->rt.room_meter[k]);
  }
  jam_power_meter_init(&e->rt.master_meter);
  atomic_init(&e->running, 0);
  atomic_init(&e->lost, 0);
  atomic_init(&e->latency, 0);
  atomic_init(&e->xruns, 0u);
  return e;
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
host_engine_free(HostEngine* const e)
{
  if (!e) {
    return;
  }
  host_engine_close(e);
  HostReadings r;
  host_engine_collect(e, &r);
  for (int k = 0; k < HOST_BOARDS; ++k) {
    // With JACK closed the process thread's chain is the last one sent.
    free_chain(e->sent[k], 1);
  }
  host_plugin_free(e->net);
  jam_spsc_free(e->to_rt);
  jam_spsc_free(e->from_rt);
  jam_spsc_free(e->readings_rt);
  jam_spsc_free(e->tuner[0]);
  jam_spsc_free(e->tuner[1]);
  free(e);
}

static void
connect_ports(HostEngine* e)
{
  static const char* const sys_in[2] = {"system:capture_1", "system:capture_2"};
  static const char* const sys_out[2] = {"system:playback_1", "system:playback_2"};
  for (int k = 0; k < 2; ++k) {
    int err = jack_connect(e->client, sys_in[k], jack_port_name(e->in[k]));
    if (err && err != EEXIST) {
      jam_log(JAM_LOG_WARN, "host: connect %s -> %s failed", sys_in[k], jack_port_name(e->in[k]));
    }
    err = jack_connect(e->client, jack_port_name(e->out[k]), sys_out[k]);
    if (err && err != EEXIST) {
      jam_log(JAM_LOG_WARN, "host: connect %s -> %s failed", jack_port_name(e->out[k]), sys_out[k]);
    }
  }
}

JamStatus
host_engine_open(HostEngine* const e)
{
  if (e->client) {
    return JAM_SUCCESS;
  }
  jack_status_t status = 0;
  e->client = jack_client_open(e->jack_name, JackNoStartServer | JackUseExactName, &status);
  if (!e->client) {
    return (status & JackServerFailed) || (status & JackServerError) ? JAM_ERR_NOT_FOUND
                                                                     : JAM_ERR_SYSTEM;
  }
  const jack_nframes_t rate = jack_get_sample_rate(e->client);
  if (rate != HOST_SAMPLE_RATE) {
    jam_log(e->rate_logged == rate ? JAM_LOG_DEBUG : JAM_LOG_ERROR,
            "host: the JACK server runs at %u Hz; rtjam needs %d Hz (restart jackd with -r %d)",
            rate, HOST_SAMPLE_RATE, HOST_SAMPLE_RATE);
    e->rate_logged = rate;
    jack_client_close(e->client);
    e->client = NULL;
    return JAM_ERR_BAD_ARGUMENT;
  }
  static const char* const in_names[2] = {"in_1", "in_2"};
  static const char* const out_names[2] = {"out_l", "out_r"};
  int ok = 1;
  for (int k = 0; k < 2; ++k) {
    e->in[k] =
        jack_port_register(e->client, in_names[k], JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    e->out[k] =
        jack_port_register(e->client, out_names[k], JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    ok = ok && e->in[k] && e->out[k];
  }
  for (int i = 0; e->opt.player_outs && i < HOST_PLAYER_PORTS; ++i) {
    char name[32];
    snprintf(name, sizeof name, "player_%02d", i + 1);
    e->players[i] =
        jack_port_register(e->client, name, JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    ok = ok && e->players[i];
  }
  if (!ok || jack_set_process_callback(e->client, process, e) ||
      jack_set_latency_callback(e->client, on_latency, e) ||
      jack_set_xrun_callback(e->client, on_xrun, e)) {
    jam_log(JAM_LOG_ERROR, "host: JACK port registration failed");
    jack_client_close(e->client);
    e->client = NULL;
    return JAM_ERR_SYSTEM;
  }
  jack_on_info_shutdown(e->client, on_shutdown, e);
  atomic_store(&e->lost, 0);
  atomic_store(&e->running, 1);
  if (jack_activate(e->client)) {
    atomic_store(&e->running, 0);
    jam_log(JAM_LOG_ERROR, "host: jack_activate failed");
    jack_client_close(e->client);
    e->client = NULL;
    return JAM_ERR_SYSTEM;
  }
  if (e->opt.auto_connect) {
    connect_ports(e);
  }
  jam_log(JAM_LOG_INFO, "host: JACK client '%s' active at %u Hz, %u frames per period",
          jack_get_client_name(e->client), rate, jack_get_buffer_size(e->client));
  return JAM_SUCCESS;
}

void
host_engine_close(HostEngine* const e)
{
  if (!e || !e->client) {
    return;
  }
  if (!atomic_load(&e->lost)) {
    jack_deactivate(e->client);
  }
  atomic_store(&e->running, 0);
  jack_client_close(e->client);
  atomic_store(&e->lost, 0);
  e->client = NULL;
  memset(e->in, 0, sizeof e->in);
  memset(e->out, 0, sizeof e->out);
  memset(e->players, 0, sizeof e->players);
  // No process thread now: finish any fade and apply pending messages here.
  for (int k = 0; k < HOST_BOARDS; ++k) {
    if (e->rt.fade[k] == FADE_OUT) {
      HostMsgChain back = {k, e->rt.chain[k]};
      e->rt.chain[k] = e->rt.next[k];
      e->rt.next[k] = NULL;
      jam_spsc_write_msg(e->from_rt, MSG_CHAIN, &back, sizeof back);
    }
    e->rt.fade[k] = FADE_NONE;
  }
  drain_messages(e);
}

int
host_engine_running(const HostEngine* const e)
{
  return atomic_load(&e->running);
}

int
host_engine_lost(const HostEngine* const e)
{
  return atomic_load(&e->lost);
}

static JamStatus
send_msg(HostEngine* e, const HostMsgType type, const void* payload, const uint32_t size)
{
  const JamStatus st = jam_spsc_write_msg(e->to_rt, type, payload, size);
  // With the client closed there is no process thread: apply now (this thread is then the
  // only reader). A client lost but not yet closed may still be inside a callback, so its
  // messages wait for host_engine_close, which drains them after jack_client_close.
  if (st == JAM_SUCCESS && !e->client) {
    drain_messages(e);
  }
  return st;
}

JamStatus
host_engine_set_chain(HostEngine* const e, const int board, HostChain* const chain)
{
  if (board < 0 || board >= HOST_BOARDS || !chain) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  HostMsgChain m = {board, chain};
  const JamStatus st = send_msg(e, MSG_CHAIN, &m, sizeof m);
  if (st == JAM_SUCCESS) {
    e->sent[board] = chain;
  }
  return st;
}

HostChain*
host_engine_chain(const HostEngine* const e, const int board)
{
  return board >= 0 && board < HOST_BOARDS ? e->sent[board] : NULL;
}

JamStatus
host_engine_set_control(HostEngine* const e, HostPlugin* const plugin, const uint32_t port,
                        const float value)
{
  if (!plugin || port >= plugin->n_ports || plugin->kinds[port] != HOST_PORT_CONTROL_IN) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  HostMsgControl m = {plugin, port, value};
  return send_msg(e, MSG_CONTROL, &m, sizeof m);
}

JamStatus
host_engine_set_net(HostEngine* const e, const char* const symbol, const float value)
{
  const int port = host_plugin_port(e->net, symbol);
  return port < 0 ? JAM_ERR_NOT_FOUND : host_engine_set_control(e, e->net, (uint32_t)port, value);
}

JamStatus
host_engine_join(HostEngine* const e, const char* const server, const int port,
                 const uint32_t client_id)
{
  uint8_t buf[HOST_ATOM_CAPACITY];
  LV2_URID_Map* map = host_world_urid_map(e->world);
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
  return send_msg(e, MSG_ATOM, buf, size);
}

JamStatus
host_engine_set_tuner(HostEngine* const e, const int channel, const int on)
{
  HostMsgTuner m = {channel, on};
  return channel < 0 || channel >= HOST_BOARDS ? JAM_ERR_BAD_ARGUMENT
                                               : send_msg(e, MSG_TUNER, &m, sizeof m);
}

size_t
host_engine_read_tuner(HostEngine* const e, const int channel, float* const samples, const size_t n)
{
  if (channel < 0 || channel >= HOST_BOARDS) {
    return 0;
  }
  size_t avail = jam_spsc_read_space(e->tuner[channel]) / sizeof(float);
  if (avail > n) {
    avail = n;
  }
  if (avail && jam_spsc_read(e->tuner[channel], samples, avail * sizeof(float))) {
    return 0;
  }
  return avail;
}

int
host_engine_collect(HostEngine* const e, HostReadings* const readings)
{
  host_world_run_worker(e->world);
  uint32_t type = 0, size = 0;
  HostMsgChain m;
  while (jam_spsc_read_msg(e->from_rt, &type, &m, sizeof m, &size) == JAM_SUCCESS) {
    if (type == MSG_CHAIN && size == sizeof m) {
      free_chain(m.chain, 0);
    }
  }
  int got = 0;
  while (jam_spsc_read_msg(e->readings_rt, &type, readings, sizeof *readings, &size) ==
         JAM_SUCCESS) {
    got = 1;
  }
  if (got && e->client) {
    float lat = readings->chain_latency[0] > readings->chain_latency[1]
                    ? readings->chain_latency[0]
                    : readings->chain_latency[1];
    // A plugin's latency port is only a float: NaN or an absurd value reads as none / 1 s.
    lat = lat > 0.0f ? (lat < (float)HOST_SAMPLE_RATE ? lat : (float)HOST_SAMPLE_RATE) : 0.0f;
    const int frames = (int)(lat + 0.5f);
    if (frames != e->reported_latency) {
      e->reported_latency = frames;
      atomic_store(&e->latency, frames);
      jack_recompute_total_latencies(e->client);
      jam_log(JAM_LOG_INFO, "host: board latency now %d frames", frames);
    }
  }
  return got;
}

HostPlugin*
host_engine_net(const HostEngine* const e)
{
  return e->net;
}

uint32_t
host_engine_xruns(const HostEngine* const e)
{
  return atomic_load_explicit(&e->xruns, memory_order_relaxed);
}

uint32_t
host_engine_dropped(const HostEngine* const e)
{
  return e->rt.dropped;
}
