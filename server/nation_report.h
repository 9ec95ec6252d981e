// SPDX-License-Identifier: ISC
/// What rtjam-broadcast says to its rtjam-nation room (rtjam_rust_spec.md §4.8), as pure
/// functions building JSON text: the latency report, packetStatCreate's params, the recording,
/// recordings-list and playback status, and the refusal of a room command. The main thread
/// sends them through the shared link (common/nation.h); nothing here does I/O.

#ifndef BCAST_NATION_REPORT_H
#define BCAST_NATION_REPORT_H

#include "room.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_NATION_LATENCY_US   2000000u ///< µs between latency reports (§4.4)
#define BCAST_NATION_TRANSPORT_US 333000u  ///< µs between recording/playback status (§4.8)

/// `{"speaker":"RoomChatRobot","mode":M,"latency":[[id,ms],...],"update_count":N,"tempo":T}`:
/// each member's client id and smoothed loop time in ms (3 decimals, always with a decimal
/// point), in snapshot order. @param mix_mode  1 in mix mode. @return malloc'ed text or NULL
char*
bcast_nation_latency(const BcastRoomStatus* st, int mix_mode, unsigned long update_count);

/// The params of the packetStatCreate action for a member who left:
/// `{"roomToken":R,"stats":{"address":"a.b.c.d:port","client_id":n,"keep_alive":µs,"seq":n,
/// "drops":n,"hist":[15
/// ints],"packet_count":n,"latency_hist":[µs,...]},"action":"packetStatCreate"}`.
/// @param ev  a BCAST_EVENT_LEAVE
/// @param keep_alive_us  µs since the epoch of its last packet
/// @return malloc'ed text or NULL
char*
bcast_nation_packet_stat(const BcastEvent* ev, const char* room_token, uint64_t keep_alive_us);

/// `{"speaker":"RoomChatRobot","recordingStatus":{"state":"idle"|"recording","file":{"name":
/// "audio.dmp","date":D,"size":N,"capacity":P}}}`, P = size * 100 / budget (percent, f64).
/// @return malloc'ed text or NULL
char*
bcast_nation_recording_status(int recording, const char* date, uint64_t size, uint64_t budget);

/// `{"speaker":"RoomChatRobot","listRecordings":<list>}`, list a JSON array
/// (bcast_recorder_list_json). @return malloc'ed text, NULL if list is not JSON
char*
bcast_nation_list_recordings(const char* list_json);

/// The idle `{"speaker":"RoomChatRobot","playbackStatus":{"state":"idle","offset":0,"file":
/// {"name":"","date":"","size":0}}}` (no capacity key). @return malloc'ed text
char*
bcast_nation_playback_idle(void);

/// A playback in progress: `{"speaker":"RoomChatRobot","playbackStatus":{"state":"playing",
/// "offset":O,"file":{"name":N,"date":D,"size":S,"capacity":P}}}`, O the percent read (0..100),
/// N the take's file name, P = size * 100 / budget (percent, f64); state "paused" when paused
/// (Pause, §4.9 3). @return malloc'ed text
char*
bcast_nation_playback_status(int paused, unsigned offset, const char* name, const char* date,
                             uint64_t size, uint64_t budget);

/// `{"speaker":"RoomChatRobot","refused":{"param":P,"reason":R}}`: why a room command was not
/// run (P = -1 when it had no readable param). @return malloc'ed text or NULL
char*
bcast_nation_refused(int param, const char* reason);

/// `{"speaker":"RoomChatRobot","answer":{"param":P,"reply":R}}`: a room command that ran, and
/// its answer (R: what the control line says after "ok "). The control websocket's answer to a
/// JSON command (the nation room hears the status instead). @return malloc'ed text or NULL
char*
bcast_nation_answer(int param, const char* reply);

/// An f64 as serde prints it: shortest form that keeps 3 decimals here, always with a decimal
/// point ("12.0", "12.345"); NaN and infinities as "null". @return bytes written
int
bcast_nation_f64(double v, char* out, size_t cap);

#endif // BCAST_NATION_REPORT_H
