// SPDX-License-Identifier: ISC
/// One room: the forwarding core of rtjam-broadcast (rtjam_rust_spec.md §4.3-4.5, §4.7), free of
/// sockets and threads. It takes received datagrams and fills a send queue: the full packet for
/// every other member, a 28-byte echo for the sender, or a 28-byte cookie for an unverified
/// source. It checks return routability, admission, rate limits and expiry, keeps counters,
/// and reports joins and leaves through an event sink. Owned and driven by one thread.

#ifndef BCAST_ROOM_H
#define BCAST_ROOM_H

#include "addr.h"
#include "cookie.h"
#include "player.h"
#include "rt.h"
#include "status.h"
#include "txq.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_MAX_PLAYERS_DEFAULT   16u   ///< members per room
#define BCAST_RATE_DEFAULT          2000u ///< packets/s per member (64-frame clients send 750)
#define BCAST_BURST_DEFAULT         200u  ///< packets a member may send back to back
#define BCAST_CHALLENGE_RATE        2000u ///< cookie echoes/s per room, all unverified sources
#define BCAST_CHALLENGE_BURST       200u  ///< cookie echoes back to back
#define BCAST_EXPIRY_US             JAM_PLAYER_EXPIRATION_US ///< µs of silence after which a member leaves
#define BCAST_LOOP_TIME_MAX_US      JAM_PLAYER_MAX_LOOP_US ///< µs: larger loop times are no latency
#define BCAST_HIST_BUCKETS          JAM_PLAYER_HIST_BUCKETS ///< inter-arrival histogram buckets
#define BCAST_REFUSED_CACHE         64u ///< sources remembered so a refusal is logged once each
#define BCAST_MAX_PER_IP_DEFAULT    4u  ///< members one source IP address may hold in a room
#define BCAST_REFUSED_LOG_WINDOW_US 60000000u ///< µs: a source's refusal is logged once per window
#define BCAST_REFUSED_LOG_MAX       10u ///< refusal log lines per room per window; the rest summed

/// Settings of one room.
typedef struct {
  uint16_t port;            ///< UDP port, the room's identity
  uint32_t tempo_bpm;       ///< metronome tempo, BCAST_TEMPO_MIN..BCAST_TEMPO_MAX
  uint32_t max_players;     ///< members, 1..BCAST_MEMBERS_MAX
  uint32_t rate;            ///< packets/s allowed per member
  uint32_t burst;           ///< packets per member burst
  uint32_t challenge_rate;  ///< cookie echoes/s for the whole room
  uint32_t challenge_burst; ///< cookie echoes per burst
  uint32_t max_per_ip;      ///< members one source IP may hold, 0 = no limit
  int mix;                  ///< 1: mix mode at start (§4.6), 0: forwarding
} BcastRoomConfig;

/// The streams the server itself sends into a room, each paced by the worker's timer.
typedef enum {
  BCAST_STREAM_PLAYBACK = 0, ///< client 40001: a take played back (playout.h)
  BCAST_STREAM_MIX,          ///< client 40002: the room's mix in mix mode (mixer.h)
  BCAST_STREAM_COUNT,        ///< number of streams
} BcastStream;

typedef struct BcastPlayoutImpl BcastPlayout;

/// The two clocks, read once per received batch.
typedef struct {
  uint64_t wall_us; ///< µs since the epoch (CLOCK_REALTIME): ServerTime, beat, loop time
  uint64_t mono_us; ///< µs on CLOCK_MONOTONIC: expiry, rate limits, cookie buckets
} BcastNow;

/// Counters of one room, owned by its thread; published in snapshots.
typedef struct {
  uint64_t packets_in;            ///< datagrams received, valid or not
  uint64_t bytes_in;              ///< bytes received
  uint64_t forwarded;             ///< full packets queued to other members
  uint64_t echoes;                ///< 28-byte echoes queued to members
  uint64_t challenges;            ///< 28-byte cookie echoes queued to unverified sources
  uint64_t bytes_out;             ///< bytes queued
  uint64_t invalid_short;         ///< datagrams under 28 bytes
  uint64_t invalid_odd;           ///< datagrams of odd length
  uint64_t invalid_long;          ///< datagrams over 1024 bytes
  uint64_t dropped_rate_limited;  ///< member packets over the per-member rate
  uint64_t dropped_full;          ///< packets from newcomers while the room was full
  uint64_t dropped_unverified;    ///< packets from sources without a valid cookie
  uint64_t challenges_suppressed; ///< unverified packets left unanswered (challenge budget)
  uint64_t cookies_forged;        ///< echoes with the cookie flag and a wrong MAC
  uint64_t cookies_expired;       ///< echoes of a genuine cookie that was too old
  uint64_t full_sources;          ///< distinct sources refused by a full room (as logged)
  uint64_t dropped_per_ip;        ///< packets from newcomers whose IP holds max_per_ip slots
  uint64_t per_ip_sources;        ///< distinct sources refused by the per-IP limit
  uint64_t dropped_duplicate_id;  ///< packets carrying a ClientId another member holds
  uint64_t duplicate_id_sources;  ///< distinct sources refused for a duplicate ClientId
  uint64_t refusals_unlogged;     ///< refusal log lines held back (summarised once per window)
  uint64_t joins;                 ///< admissions
  uint64_t leaves;                ///< expiries
  uint64_t send_errors;           ///< datagrams the kernel refused (counted by the transport)
  uint64_t recv_errors;           ///< failed receive calls (counted by the transport)
  uint64_t gso_sends;             ///< GSO sends of 2 or more datagrams (counted by the transport)
  uint64_t gso_datagrams;         ///< datagrams those GSO sends carried
  uint64_t gso_fallbacks;         ///< GSO sends refused (EIO/EINVAL/EMSGSIZE), re-sent one by one
  int last_send_errno;            ///< errno of the last send error, 0 if none
  int last_recv_errno;            ///< errno of the last receive error, 0 if none
  int last_gso_errno;             ///< errno of the last refused GSO send, 0 if none
  uint64_t events_lost;           ///< join/leave events dropped because the event ring was full
  uint64_t playback_packets;      ///< playback (40001) packets sent into the room
  uint64_t mix_packets;           ///< mix (40002) packets queued, one per member per tick
  uint64_t mix_underruns;         ///< mix steps where a member's jitter buffer ran dry
  uint64_t mix_no_slot;           ///< member packets the mixer had no slot for
  uint64_t stream_restarts;       ///< stream clocks restarted after a stall (ticks skipped)
} BcastRoomCounters;

/// One member in a snapshot.
typedef struct {
  BcastAddr addr;                    ///< source address and port
  uint32_t client_id;                ///< from its last packet
  uint32_t seq;                      ///< last sequence number
  uint64_t packets;                  ///< packets counted by its player statistics
  uint64_t drops;                    ///< sequence gaps
  uint64_t rate_limited;             ///< packets dropped by the rate limiter
  double latency_ms;                 ///< smoothed loop time from the ServerTime echo, ms
  double jitter_ms;                  ///< inter-arrival standard deviation, ms
  uint64_t hist[BCAST_HIST_BUCKETS]; ///< inter-arrival histogram (bucket k ≈ k periods late)
  double member_s;                   ///< seconds since admission
  double silent_s;                   ///< seconds since its last packet
} BcastMemberStatus;

/// A consistent copy of a room's state, for the status writer.
typedef struct {
  uint16_t port;               ///< UDP port
  uint32_t tempo_bpm;          ///< BPM
  uint32_t max_players;        ///< members
  uint32_t member_count;       ///< valid entries in members[]
  int mix;                     ///< 1 in mix mode
  uint64_t wall_us;            ///< µs since the epoch when the snapshot was taken
  BcastRoomCounters counters;  ///< totals since start
  BcastMemberStatus members[]; ///< max_players entries, member_count in use
} BcastRoomStatus;

/// What happened, for the log.
typedef enum {
  BCAST_EVENT_JOIN = 1,        ///< a source echoed a valid cookie and became a member
  BCAST_EVENT_LEAVE,           ///< a member was silent for more than 1 s
  BCAST_EVENT_FULL,            ///< a newcomer was refused by a full room (once per source)
  BCAST_EVENT_PER_IP,          ///< a newcomer was refused: its IP holds max_per_ip slots
  BCAST_EVENT_DUPLICATE_ID,    ///< a source sent a ClientId another member (or the wire) holds
  BCAST_EVENT_REFUSED_SUMMARY, ///< `packets` refusal lines were held back in the last window
} BcastEventType;

#define BCAST_EVENT_LATENCY_HIST 20u ///< newest latency history entries a LEAVE carries (2 min)

/// A join, leave or refusal (fixed size: travels through an SPSC ring).
typedef struct {
  BcastEventType type; ///< what happened
  uint16_t port;       ///< room
  BcastAddr addr;      ///< the source
  uint32_t client_id;  ///< its client id (JOIN, LEAVE) or the id in the refused packet
  uint32_t members;    ///< members in the room after the event
  uint64_t packets;    ///< LEAVE: packets counted
  uint64_t drops;      ///< LEAVE: sequence gaps
  double latency_ms;   ///< LEAVE: smoothed latency, ms
  double member_s;     ///< LEAVE: seconds of membership
  uint32_t seq;        ///< LEAVE: last sequence number
  uint64_t keep_alive; ///< LEAVE: µs (CLOCK_MONOTONIC) of its last packet
  uint32_t hist[BCAST_HIST_BUCKETS];             ///< LEAVE: inter-arrival histogram
  double latency_hist[BCAST_EVENT_LATENCY_HIST]; ///< LEAVE: µs, the newest smoothed loop
                                                 ///< times, oldest first (one per 2250 packets)
  uint32_t latency_count;                        ///< LEAVE: entries of latency_hist in use
} BcastEvent;

/// Where a room sends its events. emit() runs on the room's thread and must not block.
typedef struct {
  /// Takes one event. @return 0 if accepted, non-zero if it had to be dropped (counted)
  int (*emit)(void* ctx, const BcastEvent* event);
  void* ctx; ///< passed to emit
} BcastEventSink;

typedef struct BcastRoomImpl BcastRoom;

/// Where a room copies every member packet it forwards, for the recorder (§4.10): the packet
/// after the rewrite (ServerTime, Beat), still with the client's NumAudioChunks (the recorder
/// sets byte 2 to len / 32 on its copy). push() runs on the room's thread and must not block.
typedef struct {
  void (*push)(void* ctx, const uint8_t* packet, size_t len); ///< NULL: no recorder
  void* ctx;                                                  ///< passed to push
} BcastRecordSink;

/// Fills a config with the defaults for `port`.
void
bcast_room_config_default(BcastRoomConfig* config, uint16_t port);

/// Creates a room. The key is copied; the sink is kept (its ctx must outlive the room).
/// @return NULL on allocation failure or an invalid config
BcastRoom*
bcast_room_new(const BcastRoomConfig* config, const BcastCookieKey* key, BcastEventSink sink);

/// Frees a room; NULL is a no-op.
void
bcast_room_free(BcastRoom* self);

/// The room's settings.
const BcastRoomConfig*
bcast_room_config(const BcastRoom* self);

/// Send-queue entries one received datagram may need: max_players (forwards plus one echo).
JAM_REALTIME size_t
bcast_room_max_fanout(const BcastRoom* self);

/// Handles one received datagram. `buf` may be rewritten in place (ServerTime, Beat) and is
/// referenced by the queued datagrams, as is `from`: both must stay valid until `out` is sent.
/// @param buf        the datagram
/// @param len        its length in bytes as received (at most the buffer size)
/// @param truncated  non-zero if the kernel cut it (MSG_TRUNC): it was longer than the buffer
/// @param from       its source address
/// @param now        the clocks
/// @param out        the send queue, with at least bcast_room_max_fanout() free entries
JAM_REALTIME void
bcast_room_receive(BcastRoom* self, uint8_t* buf, size_t len, int truncated,
                   const BcastSockaddr* from, const BcastNow* now, BcastTxq* out);

/// Removes members silent for more than BCAST_EXPIRY_US (one LEAVE event each).
/// Call it only when no queued datagram refers to a member (after flushing).
JAM_REALTIME void
bcast_room_expire(BcastRoom* self, uint64_t mono_us);

/// Changes the tempo. @return JAM_ERR_BAD_ARGUMENT (no change) outside 1..1000 BPM
JamStatus
bcast_room_set_tempo(BcastRoom* self, int64_t bpm);

/// Asks the room's thread to change the tempo at its next packet (any thread may call it).
/// @return JAM_ERR_BAD_ARGUMENT outside BCAST_TEMPO_MIN..BCAST_TEMPO_MAX (nothing changes)
JamStatus
bcast_room_request_tempo(BcastRoom* self, int64_t bpm);

/// The tempo in force (read by another thread: may be one packet old).
uint32_t
bcast_room_tempo(const BcastRoom* self);

/// Sets the recorder sink; call before the room's thread runs.
void
bcast_room_set_record_sink(BcastRoom* self, BcastRecordSink sink);

/// Asks the room's thread to switch mix mode on (1) or off (0) at its next packet or within
/// 100 ms. The first request for mix mode makes the room's mixer here: call it from one
/// controlling thread only (the main thread), never from the room's thread.
/// @return JAM_ERR_NO_MEMORY if the mixer cannot be made (nothing changes)
JamStatus
bcast_room_request_mix(BcastRoom* self, int on);

/// 1 in mix mode (read by another thread: may be one packet old).
int
bcast_room_mix(const BcastRoom* self);

/// Applies what other threads asked (tempo, mode); the worker calls it between batches.
JAM_REALTIME void
bcast_room_poll(BcastRoom* self);

/// Sets the playback stream; call before the room's thread runs (NULL: none).
void
bcast_room_set_playout(BcastRoom* self, BcastPlayout* playout);

/// Frames per packet of `stream` when it has something to send (the worker paces it at
/// frames / 48 kHz), 0 when it is idle.
JAM_REALTIME uint32_t
bcast_room_stream_frames(BcastRoom* self, BcastStream stream);

/// One tick of `stream`: queues its next packet (ServerTime = now, Beat) to every member; in
/// mix mode each member gets the mix without itself. `out` needs bcast_room_max_fanout() free
/// entries; the queued datagrams refer to the room's buffers until the next tick.
JAM_REALTIME void
bcast_room_stream_tick(BcastRoom* self, BcastStream stream, const BcastNow* now, BcastTxq* out);

/// Counters, for the transport to add send and receive errors.
JAM_REALTIME BcastRoomCounters*
bcast_room_counters(BcastRoom* self);

/// The transport's report that the kernel refused a GSO send to the member with this
/// destination tag (its index, as queued): from now on its datagrams are queued untagged, so
/// they go one by one, until it leaves. A tag that is not a member is ignored.
JAM_REALTIME void
bcast_room_gso_refused(BcastRoom* self, uint16_t dest);

/// Members in the room.
JAM_REALTIME uint32_t
bcast_room_member_count(const BcastRoom* self);

/// Bytes of a BcastRoomStatus for up to max_players members.
size_t
bcast_room_status_size(uint32_t max_players);

/// Copies the room's state into `out` (bcast_room_status_size(max_players) bytes).
JAM_REALTIME void
bcast_room_snapshot(const BcastRoom* self, const BcastNow* now, BcastRoomStatus* out);

#endif // BCAST_ROOM_H
