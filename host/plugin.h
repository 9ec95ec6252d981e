// SPDX-License-Identifier: ISC
/// LV2 plugins for rtjam-host: the lilv world and the host features (urid map/unmap, options,
/// bounded block length, worker scheduling) and the catalogue of rtjam pedals by JSON name
/// (host/world.c), plugin instances with their port storage and settings metadata
/// (host/plugin.c), and the worker's rings (host/worker.c).
///
/// Threads: everything here runs on the main (control) thread, except the functions marked
/// JAM_REALTIME, which the JACK process callback calls.

#ifndef HOST_PLUGIN_H
#define HOST_PLUGIN_H

#include "host/board.h"
#include "rt.h"
#include "status.h"

#include <lilv/lilv.h>
#include <lv2/urid/urid.h>

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define HOST_MAX_BLOCK     1024 ///< frames: the most passed to one run() (longer periods are split)
#define HOST_SAMPLE_RATE   48000 ///< Hz: the only rate rtjam runs at (the wire is 48 kHz)
#define HOST_ATOM_CAPACITY 8192  ///< bytes of each atom port buffer
#define HOST_MAX_TYPES     64    ///< pedal types in the catalogue at most

typedef struct HostWorldImpl HostWorld;

/// How the host uses a port.
typedef enum {
  HOST_PORT_OTHER = 0,   ///< unknown and connectionOptional: connected to NULL
  HOST_PORT_AUDIO_IN,    ///< audio input, connected every cycle
  HOST_PORT_AUDIO_OUT,   ///< audio output, connected every cycle
  HOST_PORT_CONTROL_IN,  ///< control input: host float storage, default value
  HOST_PORT_CONTROL_OUT, ///< control output: host float storage
  HOST_PORT_ATOM_IN,     ///< atom input: an empty sequence each cycle
  HOST_PORT_ATOM_OUT,    ///< atom output: reset to its capacity each cycle
} HostPortKind;

/// A plugin instance. Created and freed on the main thread; the process thread runs it and
/// writes its control values (through messages), so the main thread never touches `controls`
/// after the instance is handed over.
typedef struct HostPlugin {
  uint64_t serial;          ///< unique id (worker responses find their plugin by it)
  HostWorld* world;         ///< the world it was created in
  const LilvPlugin* plugin; ///< lilv description
  LilvInstance* instance;   ///< the running instance
  uint32_t n_ports;         ///< ports of the plugin
  HostPortKind* kinds;      ///< per port
  float* controls;          ///< per port: control values (unused for other kinds)
  void** atoms;             ///< per port: atom buffers (NULL for other kinds)
  int audio_in;             ///< index of the first audio input, −1 if none
  int audio_out;            ///< index of the first audio output, −1 if none
  int enable_port;          ///< lv2:enabled control, −1 if none (host bypass then)
  int latency_port;         ///< lv2:reportsLatency output, −1 if none
  atomic_int host_bypass;   ///< 1: the process thread copies in to out (no enable port)
  const void* worker_iface; ///< LV2_Worker_Interface, or NULL
  HostPedalInfo info;       ///< name and settings metadata (values kept by the rig)
  int setting_port[HOST_PEDAL_MAX_SETTINGS]; ///< port of each setting, −1 for host bypass
  char uri[256];                             ///< plugin URI
  void* sched;                               ///< LV2_Worker_Schedule given to the instance (owned)
  float* silence;         ///< HOST_MAX_BLOCK zeros: extra audio inputs (a stereo plugin's right)
  float* sink;            ///< HOST_MAX_BLOCK scratch: extra audio outputs (discarded)
  uint32_t urid_sequence; ///< atom:Sequence
  uint32_t urid_chunk;    ///< atom:Chunk
} HostPlugin;

/// One entry of the pedal catalogue (rtjam:jsonName plugins).
typedef struct {
  char name[HOST_NAME_MAX]; ///< JSON name ("Boost")
  char uri[HOST_NAME_MAX];  ///< plugin URI
  char comment[256];        ///< rdfs:comment, the pedalTypes description
} HostPedalType;

/// Loads every installed LV2 bundle (LV2_PATH honoured) and sets up the features.
/// @return NULL on failure (logged)
HostWorld*
host_world_new(void);

/// Frees the world; NULL is a no-op. Every plugin must be freed first.
void
host_world_free(HostWorld* world);

/// Number of pedals in the catalogue, and entry i (sorted by name).
int
host_world_pedal_types(const HostWorld* world, const HostPedalType** types);

/// The world's URID map feature data (thread-safe).
LV2_URID_Map*
host_world_urid_map(HostWorld* world);

/// Maps a URI to a URID (thread-safe).
uint32_t
host_world_map(HostWorld* world, const char* uri);

/// 1 when `name` (an rtjam JSON name, or a URI) names a plugin in the world.
int
host_world_has_plugin(HostWorld* world, const char* name);

/// Instantiates a plugin by URI, or by rtjam JSON name when `name` has no ':'.
/// Checks the required features, connects the control and atom ports, activates it.
/// @param error receives a reason on failure
/// @return NULL on failure
HostPlugin*
host_plugin_new(HostWorld* world, const char* name, char* error, size_t error_size);

/// Deactivates and frees a plugin; NULL is a no-op. It must not be in a running chain.
void
host_plugin_free(HostPlugin* p);

/// Index of the port with this symbol, or −1.
int
host_plugin_port(const HostPlugin* p, const char* symbol);

/// Index of the setting with this JSON name (case-sensitive, then case-insensitive), or −1.
int
host_plugin_setting(const HostPlugin* p, const char* name);

/// The port value a setting value maps to (bypass is inverted onto lv2:enabled; clamped).
float
host_plugin_setting_port_value(const HostPlugin* p, int setting, double value);

/// Runs the plugin on `n` ≤ HOST_MAX_BLOCK frames from `in` to `out` (may be the same buffer
/// only if the plugin is not inPlaceBroken: the caller uses separate buffers). Resets atom
/// ports, delivers nothing else.
JAM_REALTIME void
host_plugin_run_mono(HostPlugin* p, const float* in, float* out, uint32_t n);

/// Prepares atom ports for a cycle (inputs empty, outputs at capacity).
JAM_REALTIME void
host_plugin_reset_atoms(HostPlugin* p);

/// Current latency in frames reported by the plugin (0 when it has no latency port).
JAM_REALTIME float
host_plugin_latency(const HostPlugin* p);

/// Worker: runs the pending work requests of every plugin (main thread, call it often).
/// Requests come from run() through a ring; responses go back through another.
void
host_world_run_worker(HostWorld* world);

/// Worker, process side: delivers pending responses to plugins found by serial among `plugins`,
/// then calls end_run on those with a worker. Responses for plugins not found are dropped.
JAM_REALTIME void
host_world_deliver_work(HostWorld* world, HostPlugin* const* plugins, int n_plugins);

/// Sets the bufsz:nominalBlockLength given to plugins instantiated from now on: JACK's period
/// in frames (capped at HOST_MAX_BLOCK, the most one run() gets), or 0 to give none (unknown).
/// Main thread. Plugins already running keep what they were given.
void
host_world_set_nominal_block(HostWorld* world, uint32_t frames);

/// Worker messages dropped because they did not fit (host_worker_dropped); any thread.
uint32_t
host_world_dropped(const HostWorld* world);

#endif // HOST_PLUGIN_H
