// SPDX-License-Identifier: ISC
/// The JACK backend of rtjam-host (as jalv's jack.c): one JACK client whose process callback
/// runs the real-time graph (host/graph.h) on its port buffers, its latency and xrun
/// callbacks, and the reconnection after the server goes away. Everything else (chains,
/// controls, readings) is the graph's: host_engine_graph gives it.

#ifndef HOST_ENGINE_H
#define HOST_ENGINE_H

#include "host/graph.h"
#include "status.h"

#include <stdint.h>

typedef struct HostEngineImpl HostEngine;

/// Engine settings (from the command line and the config file).
typedef struct {
  const char* jack_name; ///< JACK client name
  int auto_connect;      ///< 1: connect system:capture_1/2 and system:playback_1/2
  int player_outs;       ///< 1: register player_01..22 outputs
} HostEngineOptions;

/// Creates the engine and its graph (no JACK yet). @return NULL on failure (logged)
HostEngine*
host_engine_new(HostWorld* world, const HostEngineOptions* options);

/// Closes JACK if open and frees the engine and its graph; NULL is a no-op.
void
host_engine_free(HostEngine* engine);
/// Opens the JACK client, checks the sample rate, registers the ports, activates and connects.
/// @return JAM_ERR_NOT_FOUND when no JACK server runs, JAM_ERR_BAD_ARGUMENT when its sample rate
///         is not 48 kHz or the client name is in use (each logged once), JAM_ERR_SYSTEM on
///         other JACK failures
JamStatus
host_engine_open(HostEngine* engine);

/// Deactivates and closes the JACK client (the plugin instances stay).
void
host_engine_close(HostEngine* engine);

/// 1 while the JACK client is open and active.
int
host_engine_running(const HostEngine* engine);

/// 1 once the JACK server has shut the client down (the main thread then closes and reopens).
int
host_engine_lost(const HostEngine* engine);

/// The graph the JACK client runs.
HostGraph*
host_engine_graph(const HostEngine* engine);

/// Main-thread housekeeping: host_graph_collect, then reports latency changes to JACK.
/// @return 1 when `readings` was updated
int
host_engine_collect(HostEngine* engine, HostReadings* readings);

/// Xruns JACK reported (all clients: a late cycle anywhere in the graph).
uint32_t
host_engine_xruns(const HostEngine* engine);

#endif // HOST_ENGINE_H
