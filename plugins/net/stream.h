// SPDX-License-Identifier: ISC
/// One remote player as the network stage hears it: sequence tracking (loss, lateness,
/// duplicates), a target depth from the statistics of the packets' lateness, the two channels'
/// sample FIFOs, concealment that continues the sound, and depth changes by splices.
///
/// Depth policy (samples at 48 kHz, P = the sender's packet frames):
///   auto:   target = P + D + margin, where D is the depth policy's lateness allowance for the
///           target glitch rate and the late-packet cost (depth_policy.h: quantile of the last
///           3-6 s of lateness, never past where one more ms of depth spares less than 1 / cost
///           of the packets; fast attack, steady decay, stalls and level shifts kept out);
///   fixed:  target = depth (set by the caller).
/// The stream starts playing when the fill reaches the target. Every 50 ms of reads, the
/// largest nominal fill (the end of the newest packet's audio in the buffer + its lateness;
/// a straggler that filled a gap is followed by the staged audio) is compared with the band
/// [target, target + P]: outside it by more than 0.5 ms, audio is skipped at a read or
/// repeated before the next packet at the best-matching lag with a crossfade (tsm.h). Far above
/// the target (4 P + 2 D) the oldest audio is dropped with a crossfade.
///
/// Concealment (conceal.h): a lost packet (sequence gap of up to NET_STREAM_MAX_GAP, or up to
/// the concealment's 40-ms hold while playing: a burst of losses) or one
/// that is not there when its audio is due is concealed in place, timing kept, by audio that
/// continues the sound (linear prediction or pitch repetition), faded out after 40 ms of
/// continuous loss; the real audio that follows is crossfaded in. When the concealment has
/// faded out the stream waits and restarts from the newest audio at the target depth. Late
/// packets (already concealed) and duplicates are dropped and counted. When the packet for a
/// slot concealed for a dry buffer comes just after it and the next read is dry too, the
/// stream is a packet behind its sender (a slower sender clock does that every P / drift
/// seconds): it repeats recent audio at the best-matching lag (a slip) rather than concealing
/// on, so the next packet is in time. Running dry asks for a
/// repeat only when the nominal fill measured at the newest arrival was below the target: a
/// packet that is merely late is concealed and leaves the depth where it was.
///
/// Real-time: everything but _new/_free runs on the audio thread without allocation.

#ifndef NET_STREAM_H
#define NET_STREAM_H

#include "rt.h"

#include <stddef.h>
#include <stdint.h>

#define NET_STREAM_MAX_GAP    8u   ///< packets: the reorder stage (longer gaps: see above)
#define NET_STREAM_FADE       32u  ///< samples of the fade-in at a (re)start
#define NET_STREAM_MAX_FRAMES 256u ///< frames: the largest packet or read handled at once

/// How the target depth is chosen.
typedef enum {
  NET_STREAM_AUTO = 0, ///< follow the measured jitter plus the margin
  NET_STREAM_FIXED,    ///< a fixed depth
} NetStreamMode;

/// Counters and readings.
typedef struct {
  uint64_t packets;    ///< packets accepted
  uint64_t lost;       ///< packets never received (sequence gaps), concealed
  uint64_t late;       ///< packets that arrived after their slot was concealed, dropped (one
                       ///< counted lost when concealed moves to late: each packet counts once)
  uint64_t duplicates; ///< packets seen twice, dropped
  uint64_t restarts;   ///< sequence jumps too large to conceal
  uint64_t underruns;  ///< reads that ran dry
  uint64_t trims;      ///< splices that skipped audio to bring the depth down
  uint64_t grows;      ///< splices that repeated audio to bring the depth up
  uint64_t jumps;      ///< crossfaded drops far above the target (our own reads stalled)
  uint64_t stalls;     ///< bursts of late packets the depth policy took for one stall
  uint64_t slips;      ///< dry reads met by repeating audio: the stream was a packet behind its
                       ///< sender (a slower sender clock, a longer path)
  uint32_t target;     ///< samples: current target depth
  uint32_t fill;       ///< samples buffered now (channel 1)
  uint32_t next_seq;   ///< sequence number of the next packet to append: the buffered audio
                       ///< ends with the packet before it (real or concealed)
  double span_ms;      ///< ms: lateness allowance of the depth policy (the jitter it covers)
  double depth_ms;     ///< ms: average fill before each read over the last 500 reads
} NetStreamStats;

typedef struct NetStreamImpl NetStream;

/// Allocates a stream with jitter buffers of `capacity` samples per channel.
/// @return NULL on allocation failure or capacity < 4 * NET_STREAM_MAX_FRAMES
NetStream*
net_stream_new(size_t capacity);

/// Frees a stream; NULL is a no-op.
void
net_stream_free(NetStream* self);

/// Sets the depth policy: mode, fixed depth and auto margin, in samples.
JAM_REALTIME void
net_stream_set_policy(NetStream* self, NetStreamMode mode, uint32_t fixed_depth, uint32_t margin);

/// Sets the auto policy's target late-packet probability (0 < rate < 1, else 0.05 %).
JAM_REALTIME void
net_stream_set_glitch_rate(NetStream* self, double rate);

/// Sets the auto policy's cost of a late packet, in ms of depth (depth_policy.h; 0: none, the
/// plain quantile; a new stream has NET_DEPTH_LATE_COST_MS).
JAM_REALTIME void
net_stream_set_late_cost(NetStream* self, double cost_ms);

/// Sets how late (samples) the current audio cycle started against the host's steady clock
/// (cycle.h). Kept for the readings; the depth control does not use it (see stream.c).
JAM_REALTIME void
net_stream_set_cycle_late(NetStream* self, double samples);

/// Empties the stream for a new player; counters restart.
JAM_REALTIME void
net_stream_reset(NetStream* self);

/// Takes one packet's audio.
/// @param seq         the packet's sequence number
/// @param arrival_us  µs, monotonic, when it was received
/// @param frames      samples per channel, 1..NET_STREAM_MAX_FRAMES
JAM_REALTIME void
net_stream_put(NetStream* self, uint32_t seq, uint64_t arrival_us, const float* ch1,
               const float* ch2, size_t frames);

/// Reads n samples per channel (n <= NET_STREAM_MAX_FRAMES): audio, or concealment.
JAM_REALTIME void
net_stream_get(NetStream* self, float* ch1, float* ch2, size_t n);

/// Copies the counters and readings.
JAM_REALTIME void
net_stream_stats(const NetStream* self, NetStreamStats* stats);

#endif // NET_STREAM_H
