// SPDX-License-Identifier: ISC
/// rtjam-host's real-time graph, with no audio backend (as jalv's process.c is apart from its
/// jack.c): two pedal-board chains and the rtjam-net stage, their process state, the messages
/// between the main thread and the process thread (control values, patch messages and new
/// chains in; retired chains and readings out), and the fades of a chain swap. The backend
/// (host/engine.c, JACK) calls host_graph_process once per period with its port buffers; a
/// unit test calls it with its own. The process function never allocates, locks, logs or
/// blocks.
///
/// Which thread applies the main thread's messages is explicit: while the graph is live (a
/// backend runs host_graph_process), the process thread does, at the start of each period;
/// while it is not, the main thread applies them at once, as it is then the only reader.

#ifndef HOST_GRAPH_H
#define HOST_GRAPH_H

#include "host/plugin.h"
#include "rt.h"
#include "status.h"
#include "ttl/net_defs.h"

#include <stddef.h>
#include <stdint.h>

#define HOST_BOARDS       2                   ///< one board per input channel
#define HOST_NET_SLOTS    NET_SLOTS           ///< remote player slots of rtjam-net
#define HOST_PLAYER_PORTS NET_PLAYER_CHANNELS ///< per-channel player outputs of rtjam-net
#define HOST_TUNER_RING   32768               ///< bytes of each tuner sample ring

/// A board's chain as the process thread runs it. Built by the main thread and handed over;
/// `dead` is written by the main thread only (plugins to free once this chain is retired).
typedef struct HostChain {
  int n;                                   ///< plugins in p
  HostPlugin* p[HOST_BOARD_MAX_PEDALS];    ///< in signal order
  int n_dead;                              ///< plugins in dead (main thread only)
  HostPlugin* dead[HOST_BOARD_MAX_PEDALS]; ///< to free when retired (main thread only)
} HostChain;

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
  uint32_t client_id[HOST_NET_SLOTS];    ///< client id per slot (exact), 0 when empty
  float player_peak[HOST_PLAYER_PORTS];  ///< dB, peak per remote channel
  float drops[HOST_NET_SLOTS];           ///< packets lost or late per slot
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

typedef struct HostGraphImpl HostGraph;

/// The readings of an engine that processes nothing (no JACK, or a stalled one): every level at
/// the meter floor (−60 dB), not in a room, no members, counters 0. `chain_latency` (a property
/// of the boards, not of the audio) is kept.
void
host_readings_idle(HostReadings* readings);

/// Creates the graph and its rtjam-net instance. @return NULL on failure (logged)
HostGraph*
host_graph_new(HostWorld* world);

/// Frees the graph, its net instance and its current chains (and their plugins); it must not
/// be live. NULL is a no-op.
void
host_graph_free(HostGraph* graph);

/// Main thread: marks the graph live before a backend starts calling host_graph_process, and
/// not live once it has stopped for good (then any fade in progress is finished and pending
/// messages are applied here).
void
host_graph_set_live(HostGraph* graph, int live);

/// Process thread: one period of nframes. in[2] are the board inputs; out[2] the room mix;
/// players (22 channel buffers, NULL entries allowed) or NULL. A period longer than
/// HOST_MAX_BLOCK is run in blocks.
JAM_REALTIME void
host_graph_process(HostGraph* graph, const float* const in[2], float* const out[2],
                   float* const* players, uint32_t nframes);

/// Hands a new chain for a board to the process thread; the chain it replaces comes back
/// through host_graph_collect. While the graph is live the swap fades the old chain out over
/// one block and the new one in over the next; otherwise it happens at once.
JamStatus
host_graph_set_chain(HostGraph* graph, int board, HostChain* chain);

/// The chain last handed over for a board (main thread's view), or NULL.
HostChain*
host_graph_chain(const HostGraph* graph, int board);

/// Sets a control input of a plugin (through the ring).
JamStatus
host_graph_set_control(HostGraph* graph, HostPlugin* plugin, uint32_t port, float value);

/// Sets a control input of rtjam-net by symbol ("master", "gain_01", ...).
JamStatus
host_graph_set_net(HostGraph* graph, const char* symbol, float value);

/// Asks rtjam-net to join a room (patch:Set of server, port and client id); port 0 leaves.
JamStatus
host_graph_join(HostGraph* graph, const char* server, int port, uint32_t client_id);

/// Starts or stops copying an input to its tuner ring.
JamStatus
host_graph_set_tuner(HostGraph* graph, int channel, int on);

/// Reads up to `n` tuner samples of a channel; returns the number read.
size_t
host_graph_read_tuner(HostGraph* graph, int channel, float* samples, size_t n);

/// Main-thread housekeeping: runs the worker, frees retired chains (and their dead plugins),
/// keeps the latest readings. @return 1 when `readings` was updated
int
host_graph_collect(HostGraph* graph, HostReadings* readings);

/// The rtjam-net instance (for its settings).
HostPlugin*
host_graph_net(const HostGraph* graph);

/// Messages dropped because a ring was full (process thread -> main: retired chains,
/// readings, tuner samples) or did not fit (the worker's rings), since the graph was created.
/// Any thread.
uint32_t
host_graph_dropped(const HostGraph* graph);

#endif // HOST_GRAPH_H
