// SPDX-License-Identifier: ISC
/// The auto depth policy of one remote stream: how much lateness the jitter buffer must absorb,
/// chosen from the statistics of the packets' lateness (not its range) for a target late-packet
/// probability.
///
/// For every packet, transit = arrival - seq * packet period; the floor is the smallest transit
/// of the last 1 s (4 buckets of 250 ms, so it follows a clock drift, a route change or a
/// sender whose audio clock resynchronised after an xrun within a second); when it rises by d,
/// the histogram is shifted down by d, so the packets already counted are measured against the
/// new floor too (a level shift is not jitter); lateness
/// L = transit - floor. Latenesses go into a histogram of 0.1-ms bins that covers the last
/// 3..6 s (two halves of 3 s, the older dropped when a new one starts). The allowance D is the
/// smallest lateness that at most `rate` of the histogram's packets exceed (never above the
/// largest lateness seen in it; a window of fewer than 2 / rate packets counts as 2 / rate, so
/// at least the two worst are always let go), so a buffer holding D of lateness loses a fraction
/// `rate` of the packets to lateness.
///
/// With a late-packet cost W > 0 (net_depth_set_late_cost; the stream's default is
/// NET_DEPTH_LATE_COST_MS), D is also never above the lateness d that minimises
///   d + W x P(L > d)   (P: the share of the window's packets later than d),
/// searched at the bins' upper edges and at 0: the depth where one more ms would spare less
/// than 1 / W of the packets. A late packet is concealed in place (conceal.h: the sound
/// continues for 40 ms), so it costs W ms of depth where it costs 100 % of the audio. A light
/// tail (uniform, normal near its bulk: the density stays above 1 / W up to its end) is covered
/// up to the `rate` quantile as before; a heavy tail of rare long spikes (Pareto) is left to
/// concealment. `rate` is then the most D covers, not the late share it reaches: for a normal
/// tail D stops where the density falls under 1 / W (W = 30 ms, sigma 1 ms: 2.2 sigma above
/// the mean, 1.3 % of the packets late). The cut never leaves more than NET_DEPTH_LATE_MAX
/// (10 %) of the window's packets late: on a lateness spread flat over more than W (a busy
/// Wi-Fi path, uniform over 40 ms) every ms spares less than 1 / W of them and the rule alone
/// chose d = 0, every packet late, in runs that outlast the concealment's hold. W = 0 is the
/// plain quantile. The cut is the larger of
/// the rule on the whole 3..6-s window and on the last 0.25..0.5 s (two halves of
/// NET_DEPTH_RECENT_US) at W / NET_DEPTH_RECENT_PAY: a sustained rise is covered once most of
/// the recent packets show it (within 0.5 s; 1 -> 6 ms of jitter at W = 30 ms: when 60 % of
/// them are later than 1 ms), while a spike's released backlog, one packet per packet period
/// of lateness, pays on neither, nor does the recent window's noise on a steady path (paying
/// three times over):
///   - a rise is followed at once (W = 0; with a cost, as above): a few packets later than D in
///     the window raise it;
///   - a level shift (NET_DEPTH_SHIFT_PKTS consecutive packets later than D, not bunched,
///     whose lateness varies by less than NET_DEPTH_SHIFT_US or a quarter of D: a sender whose
///     audio clock resynchronised after an xrun, a longer route) moves the floor up at once
///     and is not counted as lateness;
///   - a fall is followed steadily, at most NET_DEPTH_DECAY_US per second, once the late
///     packets have left the window;
///   - a stall (one burst: a run of consecutive packets later than D, the worst over
///     NET_DEPTH_STALL_US, most of them arriving bunched, within a quarter period, as a
///     released backlog: the sender's machine, the server or a relay paused) is counted in
///     `stalls` and kept apart: while the window holds no more stalls than the rate allows
///     (rate x packets, at least 2) they are one-off pauses and are left out; more frequent
///     stalls count packet by packet up to twice the 98th percentile of the other packets' lateness
///     plus 10 ms
///     (a path that keeps order through jitter turns late packets into small backlogs), and
///     beyond that never (a paused machine, a 100-ms spike: no sensible depth covers them).
///     Smaller bursts, and lateness that does not come bunched, count packet by packet.
///
/// Deterministic: time is the arrival stamps given. Transparent, embedded by value in the
/// stream; no allocation, bounded work per packet (one histogram scan of NET_DEPTH_BINS).

#ifndef NET_DEPTH_POLICY_H
#define NET_DEPTH_POLICY_H

#include "rt.h"

#include <stddef.h>
#include <stdint.h>

#define NET_DEPTH_BIN_US       100.0    ///< µs per histogram bin
#define NET_DEPTH_BINS         1200u    ///< bins: 0..120 ms, later packets land in the last one
#define NET_DEPTH_HALF_US      3000000u ///< µs per histogram half (window 3..6 s)
#define NET_DEPTH_FLOOR_US     250000u  ///< µs per floor bucket (4 buckets)
#define NET_DEPTH_DECAY_US     10000.0  ///< µs of allowance shed per second at most
#define NET_DEPTH_STALL_US     20000.0 ///< µs: a bunched burst whose worst packet is later is a stall
#define NET_DEPTH_BURST_MAX    512u    ///< packets of one burst remembered
#define NET_DEPTH_RATE         0.0005  ///< default target late-packet probability (0.05 %)
#define NET_DEPTH_SHIFT_PKTS   32u     ///< packets of steady lateness that make a level shift
#define NET_DEPTH_SHIFT_US     1000.0  ///< µs: spread below which a burst's lateness is steady
#define NET_DEPTH_RECENT_US    250000u ///< µs per recent half (the cost rule's short window)
#define NET_DEPTH_RECENT_PAY   3.0     ///< the short window's cut must pay this many times over
#define NET_DEPTH_LATE_MAX     0.10    ///< the cost rule leaves at most this share of packets late
#define NET_DEPTH_LATE_COST_MS 30.0    ///< ms of depth one late packet is worth (default)

/// Smallest transit of the packets that arrived in one bucket.
typedef struct {
  uint64_t start_us; ///< µs, arrival that opened the bucket
  double min_us;     ///< µs, smallest transit
  int used;          ///< 1 once a packet landed in it
} NetDepthBucket;

/// State of the policy (embedded by value; all fields private to depth_policy.c).
typedef struct {
  double rate;                            ///< target late-packet probability, 0..1
  double cost_ms;                         ///< ms of depth a late packet is worth (0: no limit)
  NetDepthBucket floor[4];                ///< transit floor buckets
  unsigned floor_cur;                     ///< current floor bucket
  double floor_us;                        ///< µs, the floor the histogram is measured against
  int have_floor;                         ///< 1 once floor_us is set
  uint32_t hist[2][NET_DEPTH_BINS];       ///< lateness histogram halves
  uint32_t count[2];                      ///< packets in each half
  double max_us[2];                       ///< µs, largest lateness in each half
  uint32_t recent[2][NET_DEPTH_BINS];     ///< the last 0.25..0.5 s of hist (two halves)
  uint32_t recent_count[2];               ///< packets in each recent half
  uint64_t recent_start;                  ///< µs, arrival that opened the current recent half
  unsigned recent_cur;                    ///< current recent half
  uint32_t stall_hist[2][NET_DEPTH_BINS]; ///< stall packets' latenesses, per half
  uint32_t stall_count[2];                ///< stall packets in each half
  uint32_t stall_events[2];               ///< stalls in each half
  double stall_max[2];                    ///< µs, largest stall lateness in each half
  uint64_t half_start;                    ///< µs, arrival that opened the current half
  unsigned cur;                           ///< current half
  int have;                               ///< 1 once a packet was seen
  uint64_t last_arrival;                  ///< µs, previous packet's arrival
  double packet_us;                       ///< µs, packet period
  double burst[NET_DEPTH_BURST_MAX];      ///< µs, latenesses of the current burst
  unsigned burst_len;                     ///< packets in the current burst
  unsigned burst_bunched;                 ///< of them, arrived within a quarter period
  double burst_peak;                      ///< µs, the burst's worst lateness
  double burst_min;                       ///< µs, the burst's least lateness
  uint64_t shifts;                        ///< level shifts the floor was moved up for
  double goal_us;                         ///< µs, the histogram's quantile
  double allowance_us;                    ///< µs, D: follows goal_us (fast up, slow down)
  uint64_t decay_at;                      ///< µs, arrival of the last decay step
  uint64_t stalls;                        ///< bursts counted as stalls
  double last_lateness_us;                ///< µs, lateness of the newest packet
} NetDepthPolicy;

/// Starts empty with a target late-packet probability (0 < rate < 1; else the default).
JAM_REALTIME void
net_depth_init(NetDepthPolicy* self, double rate);

/// Sets the target late-packet probability (0 < rate < 1; else the default); keeps the trace.
JAM_REALTIME void
net_depth_set_rate(NetDepthPolicy* self, double rate);

/// Sets the cost of a late packet in ms of depth (0, the default after net_depth_init: none, D is
/// the plain quantile); keeps the trace.
JAM_REALTIME void
net_depth_set_late_cost(NetDepthPolicy* self, double cost_ms);

/// Takes one packet's arrival.
/// @param seq_ext    its sequence number counted from the stream start (no wrap)
/// @param arrival_us µs, monotonic, when it was received
/// @param packet_us  µs, the packet period (frames / 48 kHz)
JAM_REALTIME void
net_depth_arrival(NetDepthPolicy* self, uint64_t seq_ext, uint64_t arrival_us, double packet_us);

/// µs: the lateness the buffer should absorb now (D).
JAM_REALTIME double
net_depth_allowance_us(const NetDepthPolicy* self);

#endif // NET_DEPTH_POLICY_H
