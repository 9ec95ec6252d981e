// SPDX-License-Identifier: ISC
// The auto depth policy: lateness histogram, quantile, attack and decay, stall bursts.
// See depth_policy.h.

#include "depth_policy.h"

#include <math.h>
#include <string.h>

#define NET_DEPTH_LOOSE      0.02 ///< share of the other packets above the stall limit's base
#define NET_DEPTH_SCAN_EVERY 8u   ///< packets between quantile scans (and at every burst's end)

static double
sane_rate(const double rate)
{
  return rate > 0.0 && rate < 1.0 ? rate : NET_DEPTH_RATE;
}

void
net_depth_init(NetDepthPolicy* const self, const double rate)
{
  memset(self, 0, sizeof *self);
  self->rate = sane_rate(rate);
}

void
net_depth_set_rate(NetDepthPolicy* const self, const double rate)
{
  self->rate = sane_rate(rate);
}

void
net_depth_set_late_cost(NetDepthPolicy* const self, const double cost_ms)
{
  self->cost_ms = cost_ms > 0.0 ? cost_ms : 0.0;
}

double
net_depth_allowance_us(const NetDepthPolicy* const self)
{
  return self->allowance_us;
}

// The smallest lateness that at most `rate` of the window's packets exceed; with `limit` bins
// of the stall histogram counted too (0: none).
static double
quantile(const NetDepthPolicy* const self, const double rate, const unsigned limit)
{
  // A window shorter than 2 / rate packets (a stream that just started) is treated as that
  // long: its two worst packets never set the depth alone (one start-up hiccup would).
  double n = fmax((double)(self->count[0] + self->count[1]), 2.0 / rate);
  for (unsigned b = 0; b < limit; ++b) {
    n += (double)self->stall_hist[0][b] + (double)self->stall_hist[1][b];
  }
  const double allowed = floor(rate * n + 1e-9);
  double acc = 0.0;
  double top = fmax(self->max_us[0], self->max_us[1]);
  for (unsigned b = NET_DEPTH_BINS; b-- > 0;) {
    double h = (double)self->hist[0][b] + (double)self->hist[1][b];
    if (b < limit) {
      h += (double)self->stall_hist[0][b] + (double)self->stall_hist[1][b];
      if (self->stall_hist[0][b] + self->stall_hist[1][b] > 0) {
        top = fmax(top, (double)(b + 1) * NET_DEPTH_BIN_US);
      }
    }
    if (acc + h > allowed) {
      const double goal = (double)(b + 1) * NET_DEPTH_BIN_US;
      return goal < top ? goal : top;
    }
    acc += h;
  }
  return 0.0;
}

// The cost rule on one histogram pair (a[0] + a[1], with b[0] + b[1] below `limit` bins when b
// is given) of n packets: the lateness d, at a bin's upper edge or 0, that minimises
// d + W x (share of the packets later than d).
static double
cost_cut(const uint32_t (*const a)[NET_DEPTH_BINS], const uint32_t (*const b)[NET_DEPTH_BINS],
         const unsigned limit, const double n, const double cost_ms)
{
  const double w = cost_ms * 1000.0 / n; // µs of depth per late packet
  double acc = 0.0;                      // packets later than the bin
  double best = 0.0;
  double best_cost = -1.0;
  for (unsigned k = NET_DEPTH_BINS; k-- > 0;) {
    double h = (double)a[0][k] + (double)a[1][k];
    if (b && k < limit) {
      h += (double)b[0][k] + (double)b[1][k];
    }
    if (h > 0.0) {
      const double d = (double)(k + 1) * NET_DEPTH_BIN_US;
      const double cost = d + w * acc;
      if (best_cost < 0.0 || cost <= best_cost) {
        best_cost = cost;
        best = d;
      }
    }
    acc += h;
  }
  return best_cost < 0.0 || w * acc <= best_cost ? 0.0 : best;
}

// The rate's quantile, never above the cost rule's cut (late-packet cost W > 0): the larger of
// the cut on the whole window and on the last 0.25..0.5 s at W / NET_DEPTH_RECENT_PAY, so a
// sustained rise is covered as soon as it pays three times over on the recent packets, while a
// heavy tail's rare spikes (whose backlog spreads its lateness thin: one packet per packet
// period of lateness) pay on neither. (At W, the recent window's noise on a steady bursty path
// would lift D: measured +1.5 ms on the bench's Wi-Fi path, test_net_paths.)
static double
goal_of(const NetDepthPolicy* const self, const unsigned limit)
{
  const double q = quantile(self, self->rate, limit);
  if (self->cost_ms <= 0.0) {
    return q;
  }
  double n = fmax((double)(self->count[0] + self->count[1]), 2.0 / self->rate);
  for (unsigned k = 0; k < limit; ++k) {
    n += (double)self->stall_hist[0][k] + (double)self->stall_hist[1][k];
  }
  const double whole = cost_cut(self->hist, self->stall_hist, limit, n, self->cost_ms);
  const double per = self->packet_us > 0.0 ? (double)NET_DEPTH_RECENT_US / self->packet_us : 1.0;
  const double m = fmax((double)(self->recent_count[0] + self->recent_count[1]), per);
  const double recent = cost_cut(self->recent, NULL, 0, m, self->cost_ms / NET_DEPTH_RECENT_PAY);
  // Never so low that more than NET_DEPTH_LATE_MAX of the packets come late: on a wide flat
  // lateness (uniform over more than W) every ms spares less than 1 / W of them and the rule
  // alone went to D = 0, leaving 80 % late in runs longer than the concealment's hold.
  const double cut = fmax(fmax(whole, recent), quantile(self, NET_DEPTH_LATE_MAX, limit));
  return cut < q ? cut : q;
}

// The allowance the window asks for. Stalls count only when they are not rare (more of them
// than the rate allows) and not outliers: their packets up to twice the 98th percentile of the
// other packets' lateness plus 10 ms (a keep-order path's small backlogs) count; beyond that
// (a paused machine, a 100-ms spike) never. (The 98th percentile, not the target quantile:
// stall packets later than D join the others once D covers them, and must not ratchet the
// limit up.)
static void
scan(NetDepthPolicy* const self)
{
  const double events = (double)self->stall_events[0] + (double)self->stall_events[1];
  const double n = fmax((double)(self->count[0] + self->count[1]), 2.0 / self->rate);
  if (events > floor(self->rate * n + 1e-9)) {
    const double limit_us = 2.0 * quantile(self, NET_DEPTH_LOOSE, 0) + 10000.0;
    const double bins = floor(limit_us / NET_DEPTH_BIN_US);
    const unsigned limit = bins >= (double)NET_DEPTH_BINS ? NET_DEPTH_BINS : (unsigned)bins;
    self->goal_us = goal_of(self, limit);
  } else {
    self->goal_us = goal_of(self, 0);
  }
}

static unsigned
bin_of(const double lateness)
{
  double b = floor(lateness / NET_DEPTH_BIN_US);
  b = b < 0.0 ? 0.0 : b;
  return b >= (double)NET_DEPTH_BINS ? NET_DEPTH_BINS - 1u : (unsigned)b;
}

static void
add(NetDepthPolicy* const self, const double lateness)
{
  double b = floor(lateness / NET_DEPTH_BIN_US);
  b = b < 0.0 ? 0.0 : b;
  const unsigned bin = b >= (double)NET_DEPTH_BINS ? NET_DEPTH_BINS - 1u : (unsigned)b;
  ++self->hist[self->cur][bin];
  ++self->count[self->cur];
  ++self->recent[self->recent_cur][bin];
  ++self->recent_count[self->recent_cur];
  self->max_us[self->cur] = fmax(self->max_us[self->cur], lateness);
}

// A burst of packets later than the allowance has ended: one stall, or ordinary lateness.
static void
end_burst(NetDepthPolicy* const self)
{
  if (self->burst_len == 0) {
    return;
  }
  const unsigned kept =
      self->burst_len < NET_DEPTH_BURST_MAX ? self->burst_len : NET_DEPTH_BURST_MAX;
  if (self->burst_len >= 2u && self->burst_peak > NET_DEPTH_STALL_US &&
      2u * self->burst_bunched >= self->burst_len - 1u) {
    ++self->stalls; // one released backlog: a pause, kept apart (see scan)
    const unsigned h = self->cur;
    ++self->stall_events[h];
    for (unsigned i = 0; i < kept; ++i) {
      ++self->stall_hist[h][bin_of(self->burst[i])];
      ++self->stall_count[h];
      self->stall_max[h] = fmax(self->stall_max[h], self->burst[i]);
    }
  } else {
    for (unsigned i = 0; i < kept; ++i) {
      add(self, self->burst[i]);
    }
  }
  self->burst_len = 0;
  self->burst_bunched = 0;
  self->burst_peak = 0.0;
  scan(self);
}

// µs from `from` to `to`, 0 when `to` is earlier (arrivals are not monotonic under reordering).
static uint64_t
since(const uint64_t to, const uint64_t from)
{
  return to > from ? to - from : 0u;
}

static double
note_floor(NetDepthPolicy* const self, const double transit, const uint64_t arrival_us)
{
  NetDepthBucket* b = &self->floor[self->floor_cur];
  if (b->used && since(arrival_us, b->start_us) >= NET_DEPTH_FLOOR_US) {
    self->floor_cur = (self->floor_cur + 1) & 3u;
    b = &self->floor[self->floor_cur];
    b->used = 0;
  }
  if (!b->used) {
    *b = (NetDepthBucket){.start_us = arrival_us, .min_us = transit, .used = 1};
  } else if (transit < b->min_us) {
    b->min_us = transit;
  }
  double lo = transit;
  for (unsigned i = 0; i < 4; ++i) {
    if (self->floor[i].used && self->floor[i].min_us < lo) {
      lo = self->floor[i].min_us;
    }
  }
  return lo;
}

// The floor rose by `d` µs: the histogram's latenesses are d smaller against it.
static void
shift_down(NetDepthPolicy* const self, const double d)
{
  const unsigned bins = (unsigned)floor(d / NET_DEPTH_BIN_US);
  if (bins == 0) {
    return;
  }
  for (unsigned k = 0; k < 6; ++k) {
    const unsigned h = k & 1u;
    uint32_t* const x = k < 2 ? self->hist[h] : k < 4 ? self->stall_hist[h] : self->recent[h];
    if (bins >= NET_DEPTH_BINS) {
      x[0] = k < 2 ? self->count[h] : k < 4 ? self->stall_count[h] : self->recent_count[h];
      memset(x + 1, 0, (NET_DEPTH_BINS - 1u) * sizeof *x);
    } else {
      uint32_t low = 0;
      for (unsigned b = 0; b <= bins; ++b) {
        low += x[b];
      }
      memmove(x + 1, x + bins + 1, (NET_DEPTH_BINS - bins - 1u) * sizeof *x);
      memset(x + NET_DEPTH_BINS - bins, 0, bins * sizeof *x);
      x[0] = low;
    }
    if (k < 2) {
      self->max_us[h] = fmax(0.0, self->max_us[h] - d);
    } else if (k < 4) {
      self->stall_max[h] = fmax(0.0, self->stall_max[h] - d);
    }
  }
  for (unsigned i = 0; i < self->burst_len && i < NET_DEPTH_BURST_MAX; ++i) {
    self->burst[i] = fmax(0.0, self->burst[i] - d);
  }
  self->burst_peak = fmax(0.0, self->burst_peak - d);
  scan(self);
  self->allowance_us = fmin(self->allowance_us, fmax(self->goal_us, self->allowance_us - d));
}

// A level shift of d µs: the floor moves up by d at once, and the burst that showed it counts
// against the new floor.
static void
rebase(NetDepthPolicy* const self, const double d)
{
  const double fl = self->floor_us + d;
  for (unsigned i = 0; i < 4; ++i) {
    if (self->floor[i].used && self->floor[i].min_us < fl) {
      self->floor[i].min_us = fl;
    }
  }
  self->floor_us = fl;
  const unsigned kept =
      self->burst_len < NET_DEPTH_BURST_MAX ? self->burst_len : NET_DEPTH_BURST_MAX;
  for (unsigned i = 0; i < kept; ++i) {
    add(self, self->burst[i] - d);
  }
  self->last_lateness_us -= d;
  self->burst_len = 0;
  self->burst_bunched = 0;
  self->burst_peak = 0.0;
  ++self->shifts;
  scan(self);
}

void
net_depth_arrival(NetDepthPolicy* const self, const uint64_t seq_ext, const uint64_t arrival_us,
                  const double packet_us)
{
  const double transit = (double)arrival_us - (double)seq_ext * packet_us;
  const double fl = note_floor(self, transit, arrival_us);
  if (self->have_floor && fl > self->floor_us) {
    shift_down(self, fl - self->floor_us);
  }
  self->floor_us = fl;
  self->have_floor = 1;
  const double lateness = transit - fl;
  self->last_lateness_us = lateness;
  if (!self->have) {
    self->have = 1;
    self->half_start = arrival_us;
    self->recent_start = arrival_us;
    self->decay_at = arrival_us;
    self->last_arrival = arrival_us;
  }
  if (since(arrival_us, self->half_start) >= NET_DEPTH_HALF_US) { // a new half replaces the oldest
    self->cur ^= 1u;
    memset(self->hist[self->cur], 0, sizeof self->hist[self->cur]);
    self->count[self->cur] = 0;
    self->max_us[self->cur] = 0.0;
    memset(self->stall_hist[self->cur], 0, sizeof self->stall_hist[self->cur]);
    self->stall_count[self->cur] = 0;
    self->stall_events[self->cur] = 0;
    self->stall_max[self->cur] = 0.0;
    self->half_start = arrival_us;
    scan(self);
  }
  if (since(arrival_us, self->recent_start) >= NET_DEPTH_RECENT_US) { // the recent halves too
    self->recent_cur ^= 1u;
    memset(self->recent[self->recent_cur], 0, sizeof self->recent[self->recent_cur]);
    self->recent_count[self->recent_cur] = 0;
    self->recent_start = arrival_us;
  }
  const int bunched = (double)since(arrival_us, self->last_arrival) < packet_us / 4.0;
  self->last_arrival = arrival_us;
  self->packet_us = packet_us;
  if (lateness > self->allowance_us) { // in (or opening) a burst of late packets
    if (self->burst_len < NET_DEPTH_BURST_MAX) {
      self->burst[self->burst_len] = lateness;
    }
    self->burst_min = self->burst_len == 0 ? lateness : fmin(self->burst_min, lateness);
    self->burst_bunched += self->burst_len > 0 && bunched;
    ++self->burst_len;
    self->burst_peak = fmax(self->burst_peak, lateness);
    // Lateness that does not come as a released backlog is sustained jitter (or a slower
    // path): count it now rather than at the burst's end, so the attack is not delayed.
    if (self->burst_len >= 8u && 2u * self->burst_bunched < self->burst_len - 1u) {
      const double tight = fmax(NET_DEPTH_SHIFT_US, 0.25 * self->allowance_us);
      if (self->burst_peak - self->burst_min > tight) {
        end_burst(self);
      } else if (self->burst_len >= NET_DEPTH_SHIFT_PKTS) {
        rebase(self, self->burst_min);
      } // else: steady so far, it may be a level shift: keep holding it
    }
  } else {
    end_burst(self);
    add(self, lateness);
    if (self->count[self->cur] % NET_DEPTH_SCAN_EVERY == 0) {
      scan(self);
    }
  }
  if (self->goal_us >= self->allowance_us) { // attack: at once
    self->allowance_us = self->goal_us;
    self->decay_at = arrival_us;
  } else { // decay: steadily
    const double step = NET_DEPTH_DECAY_US * (double)since(arrival_us, self->decay_at) / 1e6;
    self->decay_at = arrival_us > self->decay_at ? arrival_us : self->decay_at;
    self->allowance_us = fmax(self->goal_us, self->allowance_us - step);
  }
}
