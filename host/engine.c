// SPDX-License-Identifier: ISC
// rtjam-host's JACK backend: the client, its ports and callbacks; the process callback runs
// the graph (host/graph.c) on the port buffers.
// Threads: main thread for everything except process() (JAM_REALTIME), and the JACK callbacks
// shutdown (JACK thread: sets a flag) and latency (JACK thread: reads an atomic).

#include "host/engine.h"

#include "log.h"

#include <jack/jack.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct HostEngineImpl {
  HostWorld* world;
  HostGraph* graph;
  HostEngineOptions opt;
  char jack_name[64];
  jack_client_t* client;
  jack_port_t* in[2];
  jack_port_t* out[2];
  jack_port_t* players[HOST_PLAYER_PORTS];
  atomic_int running;
  atomic_int lost;
  atomic_int latency;         ///< frames, reported to JACK
  atomic_uint xruns;          ///< xruns JACK reported since start
  jack_nframes_t rate_logged; ///< a wrong rate already reported (logged once per rate)
  int name_taken_logged;      ///< the client name in use already reported
  int reported_latency;
  uint32_t period; ///< frames per JACK period last seen (the plugins' nominal block), 0 closed
};

// ---------------------------------------------------------------------------------------------
// Process thread

JAM_REALTIME static int
process(jack_nframes_t nframes, void* arg)
{
  HostEngine* e = arg;
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
  host_graph_process(e->graph, in, out, e->opt.player_outs ? players : NULL, nframes);
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

// Sets `to`'s latency in `mode` to the widest range of `from` plus `extra` frames.
static void
propagate_latency(jack_port_t* const from[2], jack_port_t* const to[2],
                  const jack_latency_callback_mode_t mode, const jack_nframes_t extra)
{
  jack_latency_range_t range, all = {UINT32_MAX, 0};
  for (int k = 0; k < 2; ++k) {
    jack_port_get_latency_range(from[k], mode, &range);
    all.min = range.min < all.min ? range.min : all.min;
    all.max = range.max > all.max ? range.max : all.max;
  }
  if (all.min == UINT32_MAX) {
    all.min = 0;
  }
  range.min = all.min + extra;
  range.max = all.max + extra;
  for (int k = 0; k < 2; ++k) {
    jack_port_set_latency_range(to[k], mode, &range);
  }
}

static void
on_latency(jack_latency_callback_mode_t mode, void* arg)
{
  HostEngine* e = arg;
  const jack_nframes_t extra = (jack_nframes_t)atomic_load(&e->latency);
  if (mode == JackCaptureLatency) {
    propagate_latency(e->in, e->out, mode, extra); // capture: inputs -> outputs
  } else {
    propagate_latency(e->out, e->in, mode, extra); // playback: outputs -> inputs
  }
}

// ---------------------------------------------------------------------------------------------
// Main thread

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
  e->opt = *options;
  e->world = world;
  jack_set_error_function(jack_message);
  jack_set_info_function(jack_message);
  snprintf(e->jack_name, sizeof e->jack_name, "%s",
           options->jack_name ? options->jack_name : "rtjam");
  e->opt.jack_name = e->jack_name;
  e->graph = host_graph_new(world);
  if (!e->graph) {
    free(e);
    return NULL;
  }
  atomic_init(&e->running, 0);
  atomic_init(&e->lost, 0);
  atomic_init(&e->latency, 0);
  atomic_init(&e->xruns, 0u);
  return e;
}

void
host_engine_free(HostEngine* const e)
{
  if (!e) {
    return;
  }
  host_engine_close(e);
  host_graph_free(e->graph);
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

// Whether a failed exact-name open failed because the name is taken. jack2 says so only as
// JackFailure|JackServerError (0x21), as when the server is not reachable; a probe client with
// a name the server may change tells them apart: if it opens, the server runs and our name is
// the problem.
static int
name_taken(HostEngine* e, const jack_status_t status)
{
  if (status & JackNameNotUnique) {
    return 1;
  }
  jack_status_t probe_status = 0;
  char probe[sizeof e->jack_name + 8];
  snprintf(probe, sizeof probe, "%.55s-probe", e->jack_name);
  jack_client_t* c = jack_client_open(probe, JackNoStartServer, &probe_status);
  if (!c) {
    return 0;
  }
  jack_client_close(c);
  return 1;
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
    if (status & JackServerFailed) { // could not connect: no server
      return JAM_ERR_NOT_FOUND;
    }
    if (name_taken(e, status)) {
      if (!e->name_taken_logged) {
        jam_log(JAM_LOG_ERROR,
                "host: JACK client name '%s' is in use (another rtjam-host?): give --jack-name "
                "NAME (config \"jackName\")",
                e->jack_name);
        e->name_taken_logged = 1;
      }
      return JAM_ERR_BAD_ARGUMENT;
    }
    return (status & JackServerError) ? JAM_ERR_NOT_FOUND : JAM_ERR_SYSTEM;
  }
  e->name_taken_logged = 0;
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
  host_graph_set_live(e->graph, 1);
  if (jack_activate(e->client)) {
    atomic_store(&e->running, 0);
    host_graph_set_live(e->graph, 0);
    jam_log(JAM_LOG_ERROR, "host: jack_activate failed");
    jack_client_close(e->client);
    e->client = NULL;
    return JAM_ERR_SYSTEM;
  }
  if (e->opt.auto_connect) {
    connect_ports(e);
  }
  e->period = jack_get_buffer_size(e->client);
  host_world_set_nominal_block(e->world, e->period);
  jam_log(JAM_LOG_INFO, "host: JACK client '%s' active at %u Hz, %u frames per period",
          jack_get_client_name(e->client), rate, e->period);
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
  host_graph_set_live(e->graph, 0); // no process thread now
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

HostGraph*
host_engine_graph(const HostEngine* const e)
{
  return e->graph;
}

int
host_engine_collect(HostEngine* const e, HostReadings* const readings)
{
  const int got = host_graph_collect(e->graph, readings);
  if (got && e->client && readings->period && readings->period != e->period) {
    // jack_bufsize changed the period: pedals instantiated from now on get the new one
    // (rtjam-net, instantiated once, keeps its own; it only uses it for a warning).
    jam_log(JAM_LOG_INFO, "host: JACK period now %u frames (was %u)", readings->period, e->period);
    e->period = readings->period;
    host_world_set_nominal_block(e->world, e->period);
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

uint32_t
host_engine_xruns(const HostEngine* const e)
{
  return atomic_load_explicit(&e->xruns, memory_order_relaxed);
}
