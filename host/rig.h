// SPDX-License-Identifier: ISC
/// The player's rig on the main thread: two pedal boards of plugin instances, edited live.
/// Every structural edit instantiates off the real-time thread, builds a new chain and hands
/// it to the graph (host/graph.h); the plugins it drops are freed once the graph retires the old
/// chain.
/// Parameter changes go to the graph as control-port messages.

#ifndef HOST_RIG_H
#define HOST_RIG_H

#include "host/board.h"
#include "host/graph.h"
#include "host/plugin.h"
#include "status.h"

#include <stddef.h>

typedef struct HostRigImpl HostRig;

/// Creates a rig with two empty boards (id −1) and hands their chains to the graph.
HostRig*
host_rig_new(HostWorld* world, HostGraph* graph);

/// Frees the rig (not the plugins: the graph owns the running chains); NULL is a no-op.
void
host_rig_free(HostRig* rig);

/// Inserts a pedal (JSON name or plugin URI) at `pos` (appended when pos is past the end).
/// @param error receives the reason on failure
JamStatus
host_rig_insert(HostRig* rig, int board, const char* name, int pos, char* error, size_t size);

/// Deletes the pedal at `index`. @return JAM_ERR_NOT_FOUND when out of range
JamStatus
host_rig_delete(HostRig* rig, int board, int index);

/// Moves the pedal at `from` to position `to` (the others shift), a real move.
JamStatus
host_rig_move(HostRig* rig, int board, int from, int to);

/// Changes one setting of a pedal: a boolean value sets bypass whatever the name (§5.8). The
/// value is in pedalInfo's units, the Rust version's (a C++ setting name: the C++ version's),
/// converted to the port's (host_board_setting_to_port).
JamStatus
host_rig_set(HostRig* rig, int board, int index, const HostSettingValue* setting);

/// Replaces a board with a document, atomically: the whole board or none of it. Unknown settings
/// are warned about with the pedal's valid names. When a pedal type is not in the world
/// (JAM_ERR_NOT_FOUND: `error` names every such type, and a type differing in case only), a
/// pedal cannot be instantiated, or the graph cannot take the new chain, nothing changes and
/// `error` says why.
JamStatus
host_rig_load(HostRig* rig, int board, const HostBoardDoc* doc, char* error, size_t size);

/// As host_rig_load, for a board file given at start: pedals whose type is not in the world or
/// that cannot be instantiated are left out (the board gets the others, or none), each named in
/// `skipped` ("" when none was). Fails only when the graph cannot take the chain (`error`).
JamStatus
host_rig_load_available(HostRig* rig, int board, const HostBoardDoc* doc, char* skipped,
                        size_t skipped_size, char* error, size_t size);

/// The board as the ports hold it (our units; host_board_info_json converts for pedalInfo).
void
host_rig_info(const HostRig* rig, int board, HostBoardInfo* info);

/// `[BOARD0, BOARD1]` pedalInfo array. @return new cJSON array or NULL
cJSON*
host_rig_pedal_info(const HostRig* rig);

#endif // HOST_RIG_H
