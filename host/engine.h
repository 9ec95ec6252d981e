// SPDX-License-Identifier: ISC
/// The JACK side of rtjam-host: one JACK client, two pedal-board chains and the rtjam-net
/// stage, run in the process callback. The main thread talks to the process thread only
/// through lock-free SPSC rings (jam_spsc): control values, patch messages and new chains go
/// in; retired chains and readings come back. The process callback never allocates, locks,
/// logs or blocks.

#ifndef HOST_ENGINE_H
#define HOST_ENGINE_H

#include "host/plugin.h"
#include "rt.h"
#include "status.h"

#include <stdint.h>

#define HOST_BOARDS       2     ///< one board per input channel
#define HOST_NET_SLOTS    11    ///< remote player slots of rtjam-net
#define HOST_PLAYER_PORTS 22    ///< per-channel player outputs of rtjam-net
#define HOST_TUNER_RING   32768 ///< bytes of each tuner sample ring

typedef struct HostEngineImpl HostEngine;

/// A board's chain as the process thread runs it. Built by the main thread and handed over;
/// `dead` is written by the main thread only (plugins to free once this chain is retired).
typedef struct HostChain {
  int n;                                   ///< plugins in p
  HostPlugin* p[HOST_BOARD_MAX_PEDALS];    ///< in signal order
  int n_dead;                              ///< plugins in dead (main thread only)
  HostPlugin* dead[HOST_BOARD_MAX_PEDALS]; ///< to free when retired (main thread only)
} HostChain;

/// Engine settings (from the command line and the config file).
typedef struct {
  const char* jack_name; ///< JACK client name
  int auto_connect;      ///< 1: connect system:capture_1/2 and system:playback_1/2
  int player_outs;       ///< 1: register player_01..22 outputs
} HostEngineOptions;

/// What the process thread measures, published about every 15 ms.
typedef struct {
  float connected;                       ///< 1 while in a room (rtjam-net "connected")
  float rate_ok;                         ///< 1 when JACK runs at 48 kHz
  float rtt_ms;                          ///< ms, round trip to the server
  float lost;                            ///< packets lost
  float underruns;                       ///< jitter-buffer underruns
  float beat;                            ///< 0..3
  float net_input_level[2];              ///< dB, rtjam-net's input levels (after the boards)
  float player_level[HOST_PLAYER_PORTS]; ///< dB, per remote channel
  float depth_ms[HOST_NET_SLOTS];        ///< ms, jitter-buffer depth per slot
  float jitter_ms[HOST_NET_SLOTS];       ///< ms, arrival spread per slot
  float client_id[HOST_NET_SLOTS];       ///< client id per slot, 0 when empty
  double input_avg[2];                   ///< dB, raw inputs
  double input_peak[2];                  ///< dB
  double room_avg[2];                    ///< dB, after the boards
  double room_peak[2];                   ///< dB
  double master_avg;                     ///< dB, output mix
  double master_peak;                    ///< dB
  float chain_latency[HOST_BOARDS];      ///< frames, sum of the plugins' latencies per board
  uint64_t cycles;                       ///< process callbacks run so far
  uint32_t period;                       ///< frames of the last period
} HostReadings;

/// Creates the engine and the rtjam-net instance (no JACK yet).
/// @return NULL on failure (logged)
HostEngine*
host_engine_new(HostWorld* world, const HostEngineOptions* options);

/// Closes JACK if open and frees the engine, its net instance and its current chains (and
/// their plugins); NULL is a no-op.
void
host_engine_free(HostEngine* engine);

/// Opens the JACK client, checks the sample rate, registers the ports, activates and connects.
/// @return JAM_ERR_NOT_FOUND when no JACK server runs, JAM_ERR_BAD_ARGUMENT when its sample rate
///         is not 48 kHz (logged), JAM_ERR_SYSTEM on other JACK failures
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

/// Hands a new chain for a board to the process thread; the chain it replaces comes back
/// through host_engine_collect. With JACK not running the swap happens at once.
JamStatus
host_engine_set_chain(HostEngine* engine, int board, HostChain* chain);

/// The chain last handed over for a board (main thread's view), or NULL.
HostChain*
host_engine_chain(const HostEngine* engine, int board);

/// Sets a control input of a plugin (through the ring).
JamStatus
host_engine_set_control(HostEngine* engine, HostPlugin* plugin, uint32_t port, float value);

/// Sets a control input of rtjam-net by symbol ("master", "gain_01", ...).
JamStatus
host_engine_set_net(HostEngine* engine, const char* symbol, float value);

/// Asks rtjam-net to join a room (patch:Set of server, port and client id); port 0 leaves.
JamStatus
host_engine_join(HostEngine* engine, const char* server, int port, uint32_t client_id);

/// Starts or stops copying an input to its tuner ring.
JamStatus
host_engine_set_tuner(HostEngine* engine, int channel, int on);

/// Reads up to `n` tuner samples of a channel; returns the number read.
size_t
host_engine_read_tuner(HostEngine* engine, int channel, float* samples, size_t n);

/// Main-thread housekeeping: frees retired chains (and their dead plugins, after running the
/// worker), keeps the latest readings, reports latency changes to JACK.
/// @return 1 when `readings` was updated
int
host_engine_collect(HostEngine* engine, HostReadings* readings);

/// The rtjam-net instance (for its settings).
HostPlugin*
host_engine_net(const HostEngine* engine);

/// Xruns JACK reported (all clients: a late cycle anywhere in the graph).
uint32_t
host_engine_xruns(const HostEngine* engine);

/// Messages dropped because a ring was full.
uint32_t
host_engine_dropped(const HostEngine* engine);

#endif // HOST_ENGINE_H
