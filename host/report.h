// SPDX-License-Identifier: ISC
/// The unit's status messages (rtjam_rust_spec.md §5.6): levelEvent from a snapshot of the
/// readings, pedalTypes, and refusals, with the original's names, types and units: players'
/// gain0/gain1 are the original's linear value of the dB set, 10^(dB/10) (§5.7's to_lin; our
/// audio applies true amplitude, 10^(dB/20)), with the dB itself in our own gainDb0/gainDb1;
/// levels and peaks are dB rounded to whole numbers, at least −60.

#ifndef HOST_REPORT_H
#define HOST_REPORT_H

#include "ttl/net_defs.h"

#include <cJSON.h>

#include <stdint.h>

#define HOST_REPORT_SLOTS NET_SLOTS ///< remote player slots of rtjam-net (ttl/net_defs.h)

/// One mixer channel as levelEvent reports it.
typedef struct {
  double level; ///< dB, average level
  double peak;  ///< dB, peak level
  double gain;  ///< dB, fader gain (reported as 10^(dB/10) in gainN, as dB in gainDbN)
  double pan;   ///< −1..1
  int mute;     ///< 1 when muted
} HostReportChannel;

/// One room member (a non-empty slot), or the local player.
typedef struct {
  uint32_t client_id;      ///< client id (0 = empty slot, not reported)
  double depth_ms;         ///< ms, jitter-buffer depth (local: host_report_local_depth_ms)
  double jitter_ms;        ///< ms, spread of arrival times
  uint32_t drops;          ///< packets lost or late (the original's Player.drops)
  HostReportChannel ch[2]; ///< the member's two channels
} HostReportMember;

/// Everything levelEvent reports, captured by the main thread.
typedef struct {
  const char* token;       ///< jamUnitToken (the JACK client name when not registered)
  const char* version;     ///< git_hash field: the program version
  int connected;           ///< 1 while joined to a room
  double master_level;     ///< dB, output average
  double master_peak;      ///< dB, output peak
  double input_level[2];   ///< dB, raw inputs, average
  double input_peak[2];    ///< dB, raw inputs, peak
  double room_level[2];    ///< dB, after the boards (sent to the room), average
  double room_peak[2];     ///< dB, after the boards, peak
  int room_mute[2];        ///< 1 when the input is not sent to the room
  double tuner_hz[2];      ///< Hz, tuner estimate (0 when none)
  int tuner_on[2];         ///< 1 when the tuner runs on that input
  int beat;                ///< 0..3, last metronome beat
  int click_mute;          ///< 1 when the click is muted
  double click_gain;       ///< dB
  double rtt_ms;           ///< ms, round trip to the server
  uint32_t lost;           ///< packets lost since joining
  uint32_t underruns;      ///< jitter-buffer underruns since joining
  uint32_t xruns;          ///< JACK xruns since start
  uint32_t dropped;        ///< messages between the host's threads dropped (a ring full)
  int audio_running;       ///< 1 while JACK runs the graph (levels are live), 0 when stopped
  const char* room_server; ///< the room's server as set (NULL or "" = no room)
  int room_port;           ///< its UDP port
  uint32_t room_client_id; ///< our client id in it (also when no room is set: the next join's)
  HostReportMember local;  ///< channels 0/1: the local monitor
  HostReportMember members[HOST_REPORT_SLOTS]; ///< remote slots, in slot order
} HostReport;

/// The local player's "depth" (rtjam_rust_spec.md §5.6: LOCAL's is mixer channel 0's
/// jitter-buffer depth, the delay with which the unit plays its own channel-0 sound, since the
/// original loops it back through a jitter buffer). Our monitor has no buffer, so that delay is
/// board 0's latency: the sum of its plugins' lv2:latency (host_graph's chain_latency[0]).
/// @param latency_frames board 0's latency, frames (NaN or negative reads as 0, capped at 1 s)
/// @param rate_hz the sample rate, Hz
/// @return ms
double
host_report_local_depth_ms(float latency_frames, double rate_hz);

/// The original's linear value of a fader gain in dB: 10^(dB/10) (rtjam_rust_spec.md §5.7).
double
host_report_original_gain(double db);

/// Builds `{"speaker":"UnitChatRobot","levelEvent":{...}}`. Each player carries "latency":
/// {"rttMs","depthMs","jitterMs","totalMs"} (rtt + buffer depth) besides the spec's fields.
/// @return a new cJSON object, NULL on allocation failure
cJSON*
host_report_level_event(const HostReport* s);

/// The original's description of a pedal type (rtjam_rust_spec.md §12.1), else `fallback`
/// (our rdfs:comment, for types the original does not have).
const char*
host_report_pedal_description(const char* name, const char* fallback);

/// Builds the pedalTypes object `{name: description, ...}`, keys in byte order (as the
/// original's serde_json prints them), descriptions the original's. @return new object or NULL
cJSON*
host_report_pedal_types(const char* const* names, const char* const* comments, int n);

/// Wraps a payload: `{"speaker":"UnitChatRobot", key: payload}` (takes ownership of payload).
cJSON*
host_report_wrap(const char* key, cJSON* payload);

/// Builds a refusal: `{"speaker":"UnitChatRobot","refused":{"param":N,"reason":".."}}`.
cJSON*
host_report_refusal(int32_t param, const char* reason);

/// Builds the heartbeat `{"speaker":"UnitChatRobot","websockPing":{"isRust":true}}` (§5.6).
/// `isRust` tells a web UI that the unit speaks the rtjam_rust command set (§5.7), as we do.
cJSON*
host_report_websock_ping(void);

/// Prints a message for the wire and deletes it. @return malloc'ed text (free it), or NULL
char*
host_report_print(cJSON* msg);

#endif // HOST_REPORT_H
