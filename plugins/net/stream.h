// SPDX-License-Identifier: ISC
/// One remote player as the network stage hears it: sequence tracking (loss, lateness,
/// duplicates), an arrival-jitter estimate, a target depth that follows it, the two channels'
/// jitter buffers, and click-free concealment of lost or late audio.
///
/// Depth policy (samples at 48 kHz, P = the sender's packet frames):
///   auto:   target = P + span + margin, where span is the spread of the packets' transit
///           times (arrival - seq * P / 48 kHz) over the last 2 s;
///   fixed:  target = depth (set by the caller).
/// The buffers start playing at the target; above target + 4 P + 2 span the oldest audio is
/// dropped. When the fill before each read has stayed a whole packet above its steady value
/// (target + P) for a second, one packet's worth is skipped with a crossfade, so latency
/// comes back down after a jitter burst.
///
/// Concealment: a lost packet (sequence gap of up to NET_STREAM_MAX_GAP) is replaced by the
/// last sample received fading out over NET_STREAM_FADE samples, then silence, keeping the
/// timing; the next real audio fades in. A read that runs dry
/// holds the last sample and fades it out over NET_STREAM_FADE samples, and audio that
/// resumes fades in. Late packets (already concealed) and duplicates are dropped and counted.
///
/// Real-time: everything but _new/_free runs on the audio thread without allocation.

#ifndef NET_STREAM_H
#define NET_STREAM_H

#include "rt.h"

#include <stddef.h>
#include <stdint.h>

#define NET_STREAM_MAX_GAP    8u      ///< packets: larger gaps restart the stream
#define NET_STREAM_FADE       32u     ///< samples of every fade in or out
#define NET_STREAM_MAX_FRAMES 256u    ///< frames: the largest packet or read handled at once
#define NET_STREAM_WINDOW_US  500000u ///< µs per jitter-statistics bucket (4 buckets = 2 s)

/// How the target depth is chosen.
typedef enum {
  NET_STREAM_AUTO = 0, ///< follow the measured jitter plus the margin
  NET_STREAM_FIXED,    ///< a fixed depth
} NetStreamMode;

/// Counters and readings.
typedef struct {
  uint64_t packets;    ///< packets accepted
  uint64_t lost;       ///< packets never received (sequence gaps), concealed
  uint64_t late;       ///< packets that arrived after their slot was concealed, dropped
  uint64_t duplicates; ///< packets seen twice, dropped
  uint64_t restarts;   ///< sequence jumps too large to conceal
  uint64_t underruns;  ///< reads that ran dry
  uint64_t trims;      ///< splices that skipped audio to bring the depth down
  uint64_t grows;      ///< splices that repeated audio to bring the depth up
  uint64_t jumps;      ///< crossfaded drops far above the target (our own reads stalled)
  uint64_t stalls;     ///< bursts of late packets the depth policy took for one stall
  uint32_t target;     ///< samples: current target depth
  uint32_t fill;       ///< samples buffered now (channel 1)
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
