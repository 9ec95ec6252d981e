// SPDX-License-Identifier: ISC
/// The network stage's audio-thread core, independent of LV2: it packs the local two channels
/// into jam packets (one per packet period, whatever the host's block size), sends them,
/// takes the received packets from the link, maps players to 11 slots, plays each through its
/// stream (jitter buffer and concealment), and mixes the room: remote players with gain, pan
/// and mute, the local monitor straight through (zero added latency), the click, the master.
///
/// At a host rate other than 48 kHz (the wire's) nothing is sent and no player is played; the
/// mix carries the local monitor (with its gains, pans and mutes) and the master only.
///
/// Threads: net_engine_new/free on a non-real-time thread; net_engine_run on the audio thread.

#ifndef NET_ENGINE_H
#define NET_ENGINE_H

#include "link.h"
#include "stream.h"

#include "rt.h"
#include "ttl/net_defs.h"

#include <stddef.h>
#include <stdint.h>

#define NET_ENGINE_SLOTS           NET_SLOTS           ///< remote players (ttl/net_defs.h)
#define NET_ENGINE_PLAYER_OUTS     NET_PLAYER_CHANNELS ///< mono outputs: 2 per remote player
#define NET_ENGINE_RATE            48000u              ///< Hz: the only rate on the wire
#define NET_ENGINE_JITTER_CAPACITY 16384u              ///< samples per channel buffer (341 ms)

/// Control inputs, read once per run.
typedef struct {
  float master_db;                            ///< dB, room mix master gain
  float slot_gain_db[NET_ENGINE_SLOTS];       ///< dB per remote player
  float slot_pan[NET_ENGINE_SLOTS];           ///< -1..1 per remote player
  int slot_mute[NET_ENGINE_SLOTS];            ///< 1 = muted in the room mix
  float chan_gain_db[NET_ENGINE_PLAYER_OUTS]; ///< dB per remote channel, on top of its slot's
  float chan_pan[NET_ENGINE_PLAYER_OUTS];     ///< per remote channel, added to its slot's pan
  int chan_mute[NET_ENGINE_PLAYER_OUTS];      ///< 1 = that remote channel is muted
  float monitor_db;                           ///< dB, local monitor level
  int monitor_mute;                           ///< 1 = no local monitor
  float input_gain_db[2];    ///< dB per local input in the monitor, on top of monitor_db
  float input_pan[2];        ///< pan per local input in the monitor, -1..1
  int input_mute[2];         ///< 1 = that local input is left out of the monitor
  int room_mute[2];          ///< 1 = send silence for that input
  float click_db;            ///< dB, metronome click level
  int click_mute;            ///< 1 = no click
  NetStreamMode jitter_mode; ///< auto or fixed depth
  uint32_t jitter_depth;     ///< samples, fixed depth
  uint32_t jitter_margin;    ///< samples, auto margin
  uint32_t packet_frames;    ///< 64 or 128
  double jitter_glitch;      ///< 0..1, auto mode's target late-packet probability
  double jitter_cost;        ///< ms, auto mode's late-packet cost (0: off, plain quantile)
} NetControls;

/// Readings, written once per run.
typedef struct {
  int connected;     ///< 1 while joined to a room
  int rate_ok;       ///< 0 when the host rate is not 48 kHz (nothing sent or heard; monitor only)
  float input_db[2]; ///< dB, level of the local inputs
  float player_db[NET_ENGINE_PLAYER_OUTS];      ///< dB, level of each remote channel
  float player_peak_db[NET_ENGINE_PLAYER_OUTS]; ///< dB, peak level of each remote channel
  uint64_t drops[NET_ENGINE_SLOTS];             ///< packets lost or late, per player
  float rtt_ms;                                 ///< ms, round trip to the server (own echoes)
  float depth_ms[NET_ENGINE_SLOTS];             ///< ms, jitter-buffer depth per player
  float jitter_ms[NET_ENGINE_SLOTS];            ///< ms, arrival spread per player
  uint32_t client_id[NET_ENGINE_SLOTS];         ///< per slot; 0 when empty (see used)
  int used[NET_ENGINE_SLOTS];                   ///< 1 when a player owns the slot (id 0 is one)
  uint64_t lost;                                ///< packets lost or late, all players
  uint64_t underruns;                           ///< buffer underruns, all players
  uint64_t sent;                                ///< packets sent
  uint64_t send_errors;                         ///< packets the kernel refused
  unsigned beat;                                ///< last beat from the server, 0..3
  float cycle_late_ms;                          ///< ms, worst lateness of our own cycles (2..4 s)
} NetReadings;

typedef struct NetEngineImpl NetEngine;

/// What the engine calls for packets and time, all on the audio thread: by default the link
/// (net_link_next, net_link_send) and the system clocks; a unit test passes its own, so that
/// it drives time and the network itself and no result depends on the machine's speed.
typedef struct {
  void* ctx; ///< passed to every call
  /// Takes the next message (as net_link_next). @return JAM_ERR_EMPTY when there is none
  JamStatus (*next)(void* ctx, NetLinkMsgType* type, void* buf, size_t cap);
  /// Sends one datagram (as net_link_send).
  JamStatus (*send)(void* ctx, const NetLinkRoute* route, const uint8_t* buf, size_t len);
  uint64_t (*wall_us)(void* ctx); ///< µs, the wire's clock (as jam_clock_wall_us)
  uint64_t (*mono_us)(void* ctx); ///< µs, the clock of packets' arrival_us (as jam_clock_mono_us)
} NetEngineIo;

/// Allocates the engine for a host sample rate (Hz). The link stays owned by the caller.
/// @return NULL on allocation failure
NetEngine*
net_engine_new(double rate, NetLink* link);

/// The same with packet I/O and clocks of the caller's (copied; ctx stays the caller's).
/// @return NULL on allocation failure
NetEngine*
net_engine_new_io(double rate, const NetEngineIo* io);

/// Frees the engine; NULL is a no-op.
void
net_engine_free(NetEngine* self);

/// The room this engine is in (or was asked to join): the last route from the link.
JAM_REALTIME const NetLinkRoute*
net_engine_route(const NetEngine* self);

/// Processes n frames. `player_out` holds NET_ENGINE_PLAYER_OUTS pointers (any may be NULL).
/// Inputs and outputs may alias (in place).
JAM_REALTIME void
net_engine_run(NetEngine* self, const NetControls* controls, const float* in1, const float* in2,
               float* mix_l, float* mix_r, float* const* player_out, size_t n,
               NetReadings* readings);

#endif // NET_ENGINE_H
