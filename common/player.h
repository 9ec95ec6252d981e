// SPDX-License-Identifier: ISC
/// Per-stream statistics of one player (rtjam_rust_spec.md §3.5): keep-alive, sequence gaps,
/// an inter-arrival histogram, the smoothed loop time and its 6-s history. Used by the
/// server's player list and by the client's channel map. Transparent and embeddable by value
/// (no heap), so arrays of players need no allocation.
///
/// Times are µs on whatever clock the caller uses (the server passes wall-clock µs both for
/// `now` and for the loop time it derives from the echoed ServerTime).

#ifndef JAM_PLAYER_H
#define JAM_PLAYER_H

#include "filter.h"
#include "rt.h"
#include "stats.h"

#include <stddef.h>
#include <stdint.h>

#define JAM_PLAYER_EXPIRATION_US  1000000u ///< µs of silence after which a player is old
#define JAM_PLAYER_EMPTY_ID       40000u   ///< client id of an empty slot (never sent)
#define JAM_PLAYER_MAX_LOOP_US    100000u  ///< µs: loop times at or above this are ignored
#define JAM_PLAYER_HIST_BUCKETS   15u      ///< inter-arrival histogram buckets
#define JAM_PLAYER_HIST_WIDTH_US  2667u    ///< µs per bucket: one 128-frame packet period
#define JAM_PLAYER_HIST_OFFSET_US 1333u    ///< µs added before dividing (rounds to nearest)
#define JAM_PLAYER_LATENCY_EVERY  2250u    ///< packets between history entries (6 s at 375/s)
#define JAM_PLAYER_LATENCY_HIST   720u     ///< history entries kept (2 h of 6-s samples)
#define JAM_PLAYER_ARRIVAL_WINDOW 100u     ///< inter-arrival times in the jitter statistic
#define JAM_PLAYER_LOOP_TC        0.5      ///< s: loop-time smoother time constant
#define JAM_PLAYER_LOOP_RATE      2666.6   ///< calls/s fed to jam_filter_coef (original's)

/// One player's statistics. Read the members directly; change them only through the functions.
typedef struct {
  uint32_t client_id;    ///< the client's id (JAM_PLAYER_EMPTY_ID when the slot is free)
  uint64_t keep_alive;   ///< µs, time of the last packet
  uint32_t seq;          ///< last sequence number seen
  uint64_t drops;        ///< packets whose sequence number was not last + 1 (see update)
  uint64_t packet_count; ///< packets counted by update
  uint32_t hist[JAM_PLAYER_HIST_BUCKETS]; ///< inter-arrival counts; bucket k ≈ k periods of
                                          ///< 2667 µs, the last bucket is "14 or more"
  JamSmoother loop_stat;                  ///< µs, smoothed loop time (c = 0.0032227758 per packet)
  JamStreamStat pack_stats;               ///< µs, inter-arrival times, window 100
  double latency_hist[JAM_PLAYER_LATENCY_HIST]; ///< µs, ring of smoothed loop times, one per
                                                ///< 2250 packets; see jam_player_latency_at
  unsigned latency_count;                       ///< entries in latency_hist, 0..720
  unsigned latency_next;                        ///< ring index the next entry goes to
} JamPlayer;

/// Initialises a player seen at `now`: keep_alive = now, every counter and statistic 0.
void
jam_player_init(JamPlayer* self, uint64_t now_us, uint32_t client_id);

/// Initialises a player from its first packet: like jam_player_init, then records `seq` and
/// counts the packet, without an inter-arrival sample or a drop. (The original's channel map
/// instead updated a zeroed slot, putting one count in bucket 14 and usually one drop.)
void
jam_player_start(JamPlayer* self, uint64_t now_us, uint32_t client_id, uint32_t seq);

/// Records one packet received at `now`.
/// - Every 2250 packets, the smoothed loop time goes into the latency history (720 max,
///   oldest dropped).
/// - If now >= keep_alive, the inter-arrival time now - keep_alive feeds the jitter
///   statistic and the histogram bucket min((1333 + dt) / 2667, 14).
/// - loop_time_us below 100000 feeds the loop-time smoother; larger values are ignored.
/// - Drop counting is the original's: any sequence number other than last + 1 (a gap of any
///   size, a duplicate or a reordered packet) adds exactly one drop; a u32 wrap is not a drop.
///   The first update after jam_player_init counts one drop unless seq is 1, because the
///   last sequence number starts at 0.
JAM_REALTIME void
jam_player_update(JamPlayer* self, uint64_t now_us, uint32_t client_id, uint64_t loop_time_us,
                  uint32_t seq);

/// True when the player has been silent for more than 1 s: keep_alive + 1000000 < now.
JAM_REALTIME int
jam_player_is_old(const JamPlayer* self, uint64_t now_us);

/// True when the slot is free (client_id == JAM_PLAYER_EMPTY_ID).
JAM_REALTIME int
jam_player_is_empty(const JamPlayer* self);

/// Empties the slot: client_id = JAM_PLAYER_EMPTY_ID, keep_alive 0, every counter, the
/// histogram, the history and both statistics reset. (The original kept the loop-time
/// smoother; we reset it so a reused slot does not inherit another player's latency.)
JAM_REALTIME void
jam_player_clear(JamPlayer* self);

/// The smoothed loop time in ms (network round trip plus the client's period).
JAM_REALTIME double
jam_player_latency_ms(const JamPlayer* self);

/// The standard deviation of the last 100 inter-arrival times, in ms (a real standard
/// deviation, not the original's sigma).
JAM_REALTIME double
jam_player_jitter_ms(const JamPlayer* self);

/// Entry i of the latency history, oldest first (i < latency_count), in µs; 0 if out of range.
JAM_REALTIME double
jam_player_latency_at(const JamPlayer* self, size_t i);

#endif // JAM_PLAYER_H
