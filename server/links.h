// SPDX-License-Identifier: ISC
/// The server's listeners: each room's rtjam-nation link (--nation-api/--nation-ws; each --port
/// is a broadcast unit with its room at the nation) and the control websocket (--control-port).
/// Commands come in from both and run through the control dispatch (control.h); the status
/// messages (latency report, recordingStatus, listRecordings, playbackStatus, §4.3 and §4.8) go
/// out to both. Runs on the main thread only: the nation's REST and websocket threads and the
/// control websocket's lws thread do the I/O, and only queue messages under their mutexes.

#ifndef BCAST_LINKS_H
#define BCAST_LINKS_H

#include "control.h"
#include "options.h"
#include "room.h"

#include <stddef.h>

typedef struct BcastLinks BcastLinks;

/// Room i's status, fresh: the links say its latency report from it.
typedef const BcastRoomStatus* (*BcastRoomStatusFn)(void* ctx, size_t i);

/// Links for OPT's rooms (opt->port_count of them, ROOMS their control view); nothing starts yet.
/// OPT and ROOMS must outlive the links. @return NULL when out of memory
BcastLinks*
bcast_links_new(BcastOptions* opt, BcastControlRoom* rooms, BcastRoomStatusFn status, void* ctx);

/// Starts the control websocket when --control-port is given. @return 0, or -1 (logged)
int
bcast_links_start_control(BcastLinks* self);

/// Starts a nation link per room when --nation-api and --nation-ws are given (fills in a
/// default --mac). @return 0, or -1 when one cannot start (logged)
int
bcast_links_start_nation(BcastLinks* self);

/// A worker's event: a member who left has its statistics acted to its room's nation room.
void
bcast_links_event(BcastLinks* self, const BcastEvent* ev);

/// Takes the queued commands, runs them, and says the status that is due. Call it often (the
/// main loop's 50 ms).
void
bcast_links_tick(BcastLinks* self);

/// Stops the links (their threads first: they take nothing from the rooms) and frees them.
void
bcast_links_free(BcastLinks* self);

#endif
