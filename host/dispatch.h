// SPDX-License-Identifier: ISC
/// rtjam-host's command dispatch (rtjam_rust_spec.md §5.7): one handler per command number,
/// found in a table keyed by param. Handlers update the mixer model and the host's state and
/// reach the engine, the rig and the clients only through HostDispatchOps, so that a unit test
/// runs them with recording doubles, without JACK or LV2 (host/main.c binds the real ones).
///
/// Threads: the main thread only.

#ifndef HOST_DISPATCH_H
#define HOST_DISPATCH_H

#include "host/board.h"
#include "host/cmd.h"
#include "host/mix.h"
#include "host/options.h"
#include "host/tuner.h"
#include "status.h"

#include <cJSON.h>

#include <stddef.h>
#include <stdint.h>

/// What the handlers call. Every member is required; `ctx` is passed to each.
typedef struct {
  void* ctx; ///< the caller's
  /// Writes an rtjam-net control port by symbol (host_engine_set_net).
  JamStatus (*set_net)(void* ctx, const char* symbol, float value);
  /// Joins a room, or leaves it with server "" (host_engine_join).
  JamStatus (*join)(void* ctx, const char* server, int port, uint32_t client_id);
  /// Turns an input's tuner feed on or off (host_engine_set_tuner).
  JamStatus (*set_tuner)(void* ctx, int channel, int on);
  /// Board edits (host_rig_insert, _delete, _move, _set, _load).
  JamStatus (*insert)(void* ctx, int board, const char* name, int pos, char* err, size_t size);
  JamStatus (*remove)(void* ctx, int board, int index);
  JamStatus (*move)(void* ctx, int board, int from, int to);
  JamStatus (*set)(void* ctx, int board, int index, const HostSettingValue* setting);
  JamStatus (*load)(void* ctx, int board, const HostBoardDoc* doc, char* error, size_t size);
  /// The pedalInfo array (host_rig_pedal_info) and the pedalTypes object; new cJSON or NULL.
  cJSON* (*pedal_info)(void* ctx);
  cJSON* (*pedal_types)(void* ctx);
  /// Sends a message to every client and frees it (NULL: nothing to send).
  void (*send)(void* ctx, cJSON* msg);
  /// µs, monotonic clock (for SetUpdateInterval's fallback).
  uint64_t (*now_us)(void* ctx);
} HostDispatchOps;

/// The state the commands set.
typedef struct {
  HostDispatchOps ops;      ///< the outside world
  HostOptions* opt;         ///< room settings (server, port, client_id) that RoomChange sets
  HostMix mix;              ///< mixer values, reported in levelEvent
  HostMix mix_before;       ///< mix as the command being dispatched found it (restored when the
                            ///< engine refuses the write)
  HostTuner tuner[2];       ///< pitch estimators per input
  int tuner_on[2];          ///< 1 when TuneChannel enabled the input's tuner
  int update_ms;            ///< ms between levelEvents (SetUpdateInterval)
  uint64_t interval_set_us; ///< µs (monotonic) of the last SetUpdateInterval
  int engine_full;          ///< 1 while the engine's queue is full (its refusals logged once)
} HostDispatch;

#define HOST_DISPATCH_IDLE_MS 2000 ///< ms: the status interval without SetUpdateInterval

/// Starts with the mixer's start state and a 2 s status interval. `opt` stays the caller's.
void
host_dispatch_init(HostDispatch* d, const HostDispatchOps* ops, HostOptions* opt);

/// Runs one command; a refused one sends `refused` with the reason (and logs it).
void
host_dispatch_command(HostDispatch* d, const HostCmd* c);

/// Parses and runs one command text (`from` names its source in the log). Text that is not a
/// command is refused with param −1. The text stays the caller's.
void
host_dispatch_text(HostDispatch* d, const char* text, size_t len, const char* from);

#endif // HOST_DISPATCH_H
