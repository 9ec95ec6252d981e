// SPDX-License-Identifier: ISC
// One remote player's receive stream. See stream.h for the policy; the maths of each part is
// next to its code (the depth policy in depth_policy.c, concealment in conceal.c, splices in
// tsm.c).

#include "stream.h"

#include "conceal.h"
#include "depth_policy.h"
#include "jitter.h"
#include "tsm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NET_STREAM_RATE        48000.0 ///< Hz: the wire's sample rate
#define NET_STREAM_MAX_REORDER 64      ///< packets: older arrivals are late, beyond that a restart
#define NET_STREAM_WINDOW      2400u   ///< samples read per depth-control window (50 ms)
#define NET_STREAM_DEADBAND    24u     ///< samples: the depth is left alone this close to its band
#define NET_STREAM_MIN_SPLICE  16u     ///< samples: the shortest skip or repeat

/// A packet that arrived before one it follows, held until that one arrives or is due.
typedef struct {
  int used;                           ///< 1 when it holds a packet
  size_t frames;                      ///< samples per channel
  float ch[2][NET_STREAM_MAX_FRAMES]; ///< the audio
} NetStreamStage;

struct NetStreamImpl {
  JamJitter* jb[2];      ///< per-channel sample FIFOs (their own policy unused: marks 1..capacity)
  size_t capacity;       ///< samples per jitter buffer
  NetStreamMode mode;    ///< depth policy
  uint32_t fixed_depth;  ///< samples, NET_STREAM_FIXED
  uint32_t margin;       ///< samples added to the lateness allowance, NET_STREAM_AUTO
  double glitch_rate;    ///< target late-packet probability, NET_STREAM_AUTO
  double late_cost;      ///< ms of depth a late packet is worth, NET_STREAM_AUTO
  int have_seq;          ///< 1 once a packet was accepted
  uint32_t expected;     ///< sequence number of the next packet to append
  uint64_t expected_ext; ///< the same, counted from the stream start (no wrap)
  uint64_t seen;         ///< bit k: packet expected - 1 - k was appended for real
  uint64_t gaps;         ///< bit k: packet expected - 1 - k was concealed and counted lost
  NetStreamStage stage[NET_STREAM_MAX_GAP]; ///< early packets, a ring starting at stage_base:
                                            ///< its k-th slot holds packet expected + 1 + k
  int behind; ///< 1: packet expected - 1 came just after its slot was concealed for a dry buffer
  unsigned stage_base;    ///< index in `stage` of the slot for expected + 1
  size_t frames;          ///< samples per channel of the newest packet (P)
  NetDepthPolicy policy;  ///< lateness statistics (auto mode)
  NetConceal conceal[2];  ///< per-channel concealment, fed all appended audio
  int playing;            ///< 1 while reading audio, 0 while (re)filling
  unsigned dry_run;       ///< packets concealed in a row for a dry buffer
  size_t fade_in;         ///< samples of fade-in left to apply at a (re)start
  double newest_late;     ///< samples: lateness of the newest packet
  uint64_t newest_ext;    ///< its sequence number from the stream start
  double arrival_nominal; ///< samples: nominal_fill at the first read after an arrival
  int put_since_read;     ///< 1 when a packet was accepted since the last read
  size_t window_read;     ///< samples read in this control window
  double window_max;      ///< samples: largest nominal fill in the window
  int window_valid;       ///< 0 when the window saw concealment or a splice
  size_t grow_want;       ///< samples to repeat at the next packet appended
  size_t shrink_want;     ///< samples to skip at the next read that can
  double cycle_late;      ///< samples: lateness of the current audio cycle
  NetStreamStats stats;   ///< counters
};

NetStream*
net_stream_new(const size_t capacity)
{
  if (capacity < 4u * NET_STREAM_MAX_FRAMES) {
    return NULL;
  }
  NetStream* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->jb[0] = jam_jitter_new(capacity, 64);
  self->jb[1] = jam_jitter_new(capacity, 64);
  if (!self->jb[0] || !self->jb[1]) {
    net_stream_free(self);
    return NULL;
  }
  for (unsigned c = 0; c < 2; ++c) { // the stream decides; the FIFO never drops or waits
    jam_jitter_set_target(self->jb[c], 1, capacity);
  }
  self->capacity = capacity;
  self->margin = 48; // 1 ms
  self->fixed_depth = 256;
  self->glitch_rate = NET_DEPTH_RATE;
  self->late_cost = NET_DEPTH_LATE_COST_MS;
  net_stream_reset(self);
  return self;
}

void
net_stream_free(NetStream* const self)
{
  if (!self) {
    return;
  }
  jam_jitter_free(self->jb[0]);
  jam_jitter_free(self->jb[1]);
  free(self);
}

void
net_stream_set_policy(NetStream* const self, const NetStreamMode mode, const uint32_t fixed_depth,
                      const uint32_t margin)
{
  self->mode = mode;
  self->fixed_depth = fixed_depth ? fixed_depth : 1;
  self->margin = margin;
}

void
net_stream_set_glitch_rate(NetStream* const self, const double rate)
{
  self->glitch_rate = rate > 0.0 && rate < 1.0 ? rate : NET_DEPTH_RATE;
  net_depth_set_rate(&self->policy, self->glitch_rate);
}

void
net_stream_set_late_cost(NetStream* const self, const double cost_ms)
{
  self->late_cost = cost_ms > 0.0 ? cost_ms : 0.0;
  net_depth_set_late_cost(&self->policy, self->late_cost);
}

void
net_stream_set_cycle_late(NetStream* const self, const double samples)
{
  self->cycle_late = samples > 0.0 ? samples : 0.0;
}

static void
reset_window(NetStream* const self, const int valid)
{
  self->window_read = 0;
  self->window_max = -INFINITY;
  self->window_valid = valid;
}

void
net_stream_reset(NetStream* const self)
{
  jam_jitter_clear(self->jb[0]);
  jam_jitter_clear(self->jb[1]);
  self->have_seq = 0;
  self->expected = 0;
  self->expected_ext = 0;
  self->seen = 0;
  self->gaps = 0;
  for (unsigned k = 0; k < NET_STREAM_MAX_GAP; ++k) {
    self->stage[k].used = 0;
  }
  self->stage_base = 0;
  self->behind = 0;
  self->frames = 128;
  net_depth_init(&self->policy, self->glitch_rate);
  net_depth_set_late_cost(&self->policy, self->late_cost);
  net_conceal_reset(&self->conceal[0]);
  net_conceal_reset(&self->conceal[1]);
  self->playing = 0;
  self->dry_run = 0;
  self->fade_in = 0;
  self->newest_late = 0.0;
  self->arrival_nominal = 0.0;
  self->put_since_read = 0;
  self->newest_ext = 0;
  self->grow_want = 0;
  self->shrink_want = 0;
  reset_window(self, 0);
  memset(&self->stats, 0, sizeof self->stats);
}

// target = one packet + the lateness allowance + the margin (auto), or the fixed depth.
static void
update_target(NetStream* const self)
{
  const double allowance = net_depth_allowance_us(&self->policy) * NET_STREAM_RATE / 1e6;
  self->stats.span_ms = allowance / 48.0;
  size_t target = self->mode == NET_STREAM_FIXED
                      ? self->fixed_depth
                      : self->frames + (size_t)ceil(allowance) + self->margin;
  const size_t max_target = self->capacity / 2;
  self->stats.target = (uint32_t)(target > max_target ? max_target : target);
}

// Inserts `want` samples (about) before a packet by repeating the end of the audio appended so
// far, at the lag whose start best continues into the packet: the inserted segment starts as
// the packet would (crossfaded into the repeat) and ends on the last sample appended, which the
// packet follows naturally.
static void
grow(NetStream* const self, const float* const in[2], const size_t frames)
{
  const size_t hist = NET_CONCEAL_HISTORY;
  size_t hi = self->grow_want + self->frames / 2;
  hi = hi > hist - NET_TSM_MATCH ? hist - NET_TSM_MATCH : hi;
  hi = hi < NET_TSM_MATCH ? NET_TSM_MATCH : hi; // every lag in [lo, hi] is >= NET_TSM_MATCH
  size_t lo = self->grow_want > self->frames / 2 ? self->grow_want - self->frames / 2 : 0;
  // The repeated stretch starts lag samples back and its first NET_TSM_MATCH samples are
  // compared: lag >= NET_TSM_MATCH keeps the comparison inside the history.
  lo = lo < NET_TSM_MATCH ? NET_TSM_MATCH : lo;
  lo = lo > hi ? hi : lo; // more than the history holds: grow by what it can, again later
  if (frames < NET_TSM_MATCH) {
    self->grow_want = 0;
    return;
  }
  float past[2][NET_CONCEAL_HISTORY]; // oldest first
  for (unsigned c = 0; c < 2; ++c) {
    const NetConceal* const k = &self->conceal[c];
    for (size_t i = 0; i < hist; ++i) {
      past[c][i] = k->hist[(k->pos + i) & (NET_CONCEAL_HISTORY - 1u)];
    }
  }
  // Candidate lag L starts at past[hist - L]; seq[k] = candidate hi - k.
  const float* const seq[2] = {past[0] + (hist - hi), past[1] + (hist - hi)};
  const size_t k = net_tsm_best_lag(in, seq, 0, hi - lo);
  const size_t lag = hi - k;
  for (unsigned c = 0; c < 2; ++c) {
    float seg[NET_CONCEAL_HISTORY];
    const float* const rep = past[c] + (hist - lag);
    net_tsm_crossfade(seg, in[c], rep, NET_TSM_XFADE);
    memcpy(seg + NET_TSM_XFADE, rep + NET_TSM_XFADE, (lag - NET_TSM_XFADE) * sizeof *seg);
    net_conceal_real(&self->conceal[c], seg, lag);
    jam_jitter_put(self->jb[c], seg, lag);
  }
  self->grow_want = 0;
  ++self->stats.grows;
}

// Appends one real packet to both buffers (crossfaded from the concealment after a gap).
static void
append(NetStream* const self, const float* const ch1, const float* const ch2, const size_t frames)
{
  const float* const in[2] = {ch1, ch2};
  if (self->grow_want && self->playing && !self->conceal[0].in_gap) {
    grow(self, in, frames);
  }
  for (unsigned c = 0; c < 2; ++c) {
    float buf[NET_STREAM_MAX_FRAMES];
    memcpy(buf, in[c], frames * sizeof *buf);
    net_conceal_real(&self->conceal[c], buf, frames);
    jam_jitter_put(self->jb[c], buf, frames);
  }
  self->seen = (self->seen << 1) | 1u;
  self->gaps <<= 1;
  self->dry_run = 0;
  self->behind = 0;
  ++self->expected;
  ++self->expected_ext;
}

// `expected` just advanced by one: the packet now expected may have been waiting in the
// stage's first slot. Appends it, and every staged packet contiguous with it.
static void
advance_stage(NetStream* const self)
{
  for (;;) {
    NetStreamStage* st = &self->stage[self->stage_base];
    self->stage_base = (self->stage_base + 1) % NET_STREAM_MAX_GAP;
    if (!st->used) {
      return;
    }
    st->used = 0;
    self->frames = st->frames;
    append(self, st->ch[0], st->ch[1], st->frames);
  }
}

// Gives up on the expected packet: conceals it in place (the timing is kept) and appends what
// was staged behind it. `lost`: count it as lost (a sequence gap), else as nothing yet (a dry
// buffer: the underrun is counted, and the packet as late if it comes).
static void
conceal_expected(NetStream* const self, const int lost)
{
  float buf[NET_STREAM_MAX_FRAMES];
  for (unsigned c = 0; c < 2; ++c) {
    net_conceal_fill(&self->conceal[c], buf, self->frames);
    jam_jitter_put(self->jb[c], buf, self->frames);
  }
  self->seen <<= 1;
  self->gaps = (self->gaps << 1) | (lost ? 1u : 0u);
  self->stats.lost += lost ? 1u : 0u;
  self->behind = 0; // it was about the slot before this one
  ++self->expected;
  ++self->expected_ext;
  advance_stage(self);
}

static int
stage_empty(const NetStream* const self)
{
  for (unsigned k = 0; k < NET_STREAM_MAX_GAP; ++k) {
    if (self->stage[k].used) {
      return 0;
    }
  }
  return 1;
}

void
net_stream_put(NetStream* const self, const uint32_t seq, const uint64_t arrival_us,
               const float* const ch1, const float* const ch2, size_t frames)
{
  frames = frames > NET_STREAM_MAX_FRAMES ? NET_STREAM_MAX_FRAMES : frames;
  if (frames == 0) {
    return;
  }
  if (!self->have_seq) {
    self->expected = seq;
  }
  int32_t d = (int32_t)(seq - self->expected);
  // A gap longer than the stage but within the concealment's hold (a burst of losses) is
  // concealed in place up to the stage's reach: the timing is kept, as for a shorter gap.
  const int32_t hold = (int32_t)(NET_CONCEAL_HOLD / self->frames); // at most the hold, concealed
  if (self->have_seq && self->playing && d > (int32_t)NET_STREAM_MAX_GAP && d <= hold) {
    while (d > (int32_t)NET_STREAM_MAX_GAP) {
      conceal_expected(self, 1);
      d = (int32_t)(seq - self->expected);
    }
  }
  if (self->have_seq && (d > (int32_t)NET_STREAM_MAX_GAP || d <= -NET_STREAM_MAX_REORDER)) {
    const NetStreamStats keep = self->stats; // the sender restarted, or a long silence
    net_stream_reset(self);
    self->stats = keep;
    ++self->stats.restarts;
    self->expected = seq;
    d = 0;
  }
  const double packet_us = (double)frames * 1e6 / NET_STREAM_RATE;
  if (d < 0) { // its turn has passed: appended already (a duplicate) or concealed (late)
    const uint64_t bit = (uint64_t)1 << (uint32_t)(-d - 1);
    if (-d - 1 < 64 && (self->seen & bit)) {
      ++self->stats.duplicates;
    } else {
      if (-d - 1 < 64 && (self->gaps & bit)) { // counted lost when concealed: it is late
        self->gaps &= ~bit;
        --self->stats.lost;
      }
      ++self->stats.late; // its lateness is what the depth policy must learn from
      if (self->expected_ext >= (uint64_t)-d) {
        net_depth_arrival(&self->policy, self->expected_ext - (uint64_t)-d, arrival_us, packet_us);
        update_target(self);
      }
      // The slot just concealed for a dry buffer, and the packet within the depth planned for
      // it (the lateness allowance plus the margin): not the path's jitter; the stream is a
      // packet behind its sender if the next read runs dry too (get).
      const double planned_us =
          net_depth_allowance_us(&self->policy) + (double)self->margin * 1e6 / NET_STREAM_RATE;
      self->behind = d == -1 && self->dry_run > 0 && self->playing &&
                     self->policy.last_lateness_us <= planned_us;
    }
    return;
  }
  ++self->stats.packets;
  self->frames = frames;
  net_depth_arrival(&self->policy, self->expected_ext + (uint64_t)d, arrival_us, packet_us);
  self->newest_late = self->policy.last_lateness_us * NET_STREAM_RATE / 1e6;
  self->newest_ext = self->expected_ext + (uint64_t)d;
  self->put_since_read = 1;
  self->stats.stalls = self->policy.stalls;
  update_target(self);
  if (d == 0) {
    append(self, ch1, ch2, frames);
    self->have_seq = 1;
    advance_stage(self);
    return;
  }
  // Early: wait (in the stage) for the packets before it.
  NetStreamStage* st = &self->stage[(self->stage_base + (unsigned)d - 1) % NET_STREAM_MAX_GAP];
  if (st->used) {
    ++self->stats.duplicates;
    --self->stats.packets;
    return;
  }
  st->used = 1;
  st->frames = frames;
  memcpy(st->ch[0], ch1, frames * sizeof *ch1);
  memcpy(st->ch[1], ch2, frames * sizeof *ch2);
  if (d == (int32_t)NET_STREAM_MAX_GAP) { // the window is full: stop waiting for the oldest
    while (!stage_empty(self)) {
      conceal_expected(self, 1); // conceals up to the first staged packet, appends from it
    }
  }
}

// Reads n samples skipping `lag` of them (lo <= lag <= hi) at the best-matching point, with a
// crossfade. Needs fill >= hi + max(n, NET_TSM_MATCH) and n >= NET_TSM_XFADE.
static void
read_shrunk(NetStream* const self, float* const out[2], const size_t n, const size_t lo,
            const size_t hi)
{
  enum { MAX = 2 * NET_STREAM_MAX_FRAMES + NET_TSM_MATCH };
  float tmp[2][MAX];
  const size_t m = hi + (n > NET_TSM_MATCH ? n : NET_TSM_MATCH);
  for (unsigned c = 0; c < 2; ++c) {
    jam_jitter_peek(self->jb[c], tmp[c], 0, m);
  }
  const float* const ref[2] = {tmp[0], tmp[1]};
  const size_t lag = net_tsm_best_lag(ref, ref, lo, hi);
  for (unsigned c = 0; c < 2; ++c) {
    net_tsm_crossfade(out[c], tmp[c], tmp[c] + lag, NET_TSM_XFADE);
    memcpy(out[c] + NET_TSM_XFADE, tmp[c] + lag + NET_TSM_XFADE,
           (n - NET_TSM_XFADE) * sizeof(float));
    jam_jitter_get(self->jb[c], tmp[c], n + lag); // consumed
  }
  self->shrink_want = 0; // one splice per window: the next window measures again
  ++self->stats.trims;
}

// Far above the target (our own audio thread stalled while packets kept coming): drops the
// oldest audio down to `keep` samples with a crossfade from the audio that was next.
static void
read_jump(NetStream* const self, float* const out[2], const size_t n, const size_t keep)
{
  float head[2][NET_TSM_XFADE];
  for (unsigned c = 0; c < 2; ++c) {
    jam_jitter_peek(self->jb[c], head[c], 0, NET_TSM_XFADE);
    jam_jitter_set_fill(self->jb[c], keep);
    jam_jitter_get(self->jb[c], out[c], n);
    net_tsm_crossfade(out[c], head[c], out[c], NET_TSM_XFADE);
  }
  ++self->stats.jumps;
}

// The nominal fill at this read (samples): what the fill would be had every packet come at the
// floor transit, i.e. the end of the newest packet's audio (fill plus the packets it is ahead
// of the buffer's end, or minus those concealed after it) plus its lateness. The newest packet
// is not always the last one in the buffer: a straggler that fills a gap in the stage is
// followed by the audio staged after it, and a packet that waits in the stage is not in the
// fill yet; counting their lateness against the buffer's end overstated a reordering path's
// depth by a packet or two (the window's largest value then trimmed the buffer below its
// target: 1.4 % late packets at 1 ms of jitter, against 0.05 % asked).
static double
nominal_fill(const NetStream* const self, const size_t fill)
{
  const double ahead = (double)self->newest_ext + 1.0 - (double)self->expected_ext;
  return (double)fill + ahead * (double)self->frames + self->newest_late;
}

// After each window of reads: compares the largest nominal fill (nominal_fill) with
// the target band [target, target + P) and asks for a splice when it is outside by more than
// the deadband.
static void
control(NetStream* const self, const size_t fill, const size_t n)
{
  // Our own cycle's lateness is not discounted: on one machine the sender's cycles (and the
  // server's) stall with ours, so a late cycle does not find more packets waiting; the
  // measurement is reported (cycle_late) and kept out of the depth policy.
  const double nominal = nominal_fill(self, fill);
  self->window_max = nominal > self->window_max ? nominal : self->window_max;
  self->window_read += n;
  if (self->window_read < NET_STREAM_WINDOW) {
    return;
  }
  const double target = (double)self->stats.target;
  const double p = (double)self->frames;
  if (self->window_valid && !self->grow_want && !self->shrink_want) {
    if (self->window_max > target + p + NET_STREAM_DEADBAND) {
      self->shrink_want = (size_t)(self->window_max - target - p / 2.0);
    } else if (self->window_max + NET_STREAM_DEADBAND < target) {
      self->grow_want = (size_t)(target + p / 2.0 - self->window_max);
    }
  }
  reset_window(self, 1);
}

void
net_stream_get(NetStream* const self, float* const ch1, float* const ch2, size_t n)
{
  float* const out[2] = {ch1, ch2};
  if (n == 0) {
    return; // nothing to read (and ch1[n - 1] below would be before the buffer: found by fuzzing)
  }
  n = n > NET_STREAM_MAX_FRAMES ? NET_STREAM_MAX_FRAMES : n;
  net_conceal_new_read(&self->conceal[0]);
  net_conceal_new_read(&self->conceal[1]);
  // A missing packet is concealed only when its audio is due and later ones are waiting.
  while (jam_jitter_fill(self->jb[0]) < n && !stage_empty(self)) {
    conceal_expected(self, 1);
    reset_window(self, 0);
  }
  size_t fill = jam_jitter_fill(self->jb[0]);
  const size_t target = self->stats.target;
  if (self->put_since_read) { // the nominal fill is measured right after an arrival
    self->arrival_nominal = nominal_fill(self, fill);
    self->put_since_read = 0;
  }
  if (!self->playing) {
    if (!self->have_seq || fill < target || fill < n) {
      memset(ch1, 0, n * sizeof *ch1);
      memset(ch2, 0, n * sizeof *ch2);
      return;
    }
    if (fill > target + self->frames) { // a released backlog: play its newest audio
      jam_jitter_set_fill(self->jb[0], target);
      jam_jitter_set_fill(self->jb[1], target);
      fill = target;
    }
    self->playing = 1;
    self->fade_in = NET_STREAM_FADE;
    reset_window(self, 0);
  }
  if (fill < n && self->behind && self->conceal[0].in_gap && self->conceal[1].in_gap) {
    // Dry again, and the packet whose slot was concealed at the last dry read came just after
    // it: every packet now comes just after its turn (a sender's clock slower than ours slips
    // a packet every P / drift seconds; a path that got longer does the same once). Concealing
    // on dropped each as late until the concealment faded out (31 packets, 83 ms, then a
    // refill). Instead the stream takes time: it repeats recent audio (ending on the
    // concealment, which the next packet follows) at the lag whose start best continues the
    // concealment, so the next packet is in time and both joins stay in phase.
    self->behind = 0;
    float ref[2][NET_TSM_MATCH];
    net_conceal_peek(&self->conceal[0], ref[0], NET_TSM_MATCH);
    net_conceal_peek(&self->conceal[1], ref[1], NET_TSM_MATCH);
    const float* const in[2] = {ref[0], ref[1]};
    self->grow_want = self->frames;
    grow(self, in, NET_TSM_MATCH);
    ++self->stats.slips;
    reset_window(self, 0);
    fill = jam_jitter_fill(self->jb[0]);
  }
  if (fill < n) { // the next packet is late (or the sender paused): conceal it in place
    if (self->dry_run == 0) {
      ++self->stats.underruns;
    }
    const unsigned max_run = (NET_CONCEAL_HOLD + NET_CONCEAL_FADE) / (unsigned)self->frames + 1u;
    while (fill < n && self->dry_run < max_run) {
      conceal_expected(self, 0);
      ++self->dry_run;
      fill = jam_jitter_fill(self->jb[0]);
    }
    reset_window(self, 0);
    self->shrink_want = 0;
    if (self->mode == NET_STREAM_AUTO || self->dry_run == 1) {
      // Ran dry below the target: repeat audio at the next packet to make the room. Below the
      // target means at the newest arrival (a packet that is merely late, concealed in place,
      // leaves the depth where it was).
      const double nominal = self->arrival_nominal;
      const double want = (double)target + (double)self->frames / 2.0 - nominal;
      self->grow_want = want > (double)NET_STREAM_MIN_SPLICE ? (size_t)want : 0;
    }
    if (fill < n) { // the concealment has faded out: wait for the stream to come back
      jam_jitter_get(self->jb[0], ch1, fill);
      jam_jitter_get(self->jb[1], ch2, fill);
      memset(ch1 + fill, 0, (n - fill) * sizeof *ch1);
      memset(ch2 + fill, 0, (n - fill) * sizeof *ch2);
      self->playing = 0;
      return;
    }
  }
  const size_t p = self->frames;
  const size_t brake = target + 4u * p + 2u * (size_t)ceil(self->stats.span_ms * 48.0) + n;
  if (fill > brake && fill > n + target) {
    read_jump(self, out, n, target + p / 2u + n);
    reset_window(self, 0);
  } else if (self->shrink_want && n >= NET_TSM_XFADE) {
    size_t hi = self->shrink_want + p / 2u;
    hi = hi > NET_STREAM_MAX_FRAMES ? NET_STREAM_MAX_FRAMES : hi;
    const size_t need = n > NET_TSM_MATCH ? n : NET_TSM_MATCH;
    const size_t room = fill > need ? fill - need : 0;
    hi = hi > room ? room : hi;
    const size_t lo = NET_STREAM_MIN_SPLICE;
    if (hi >= lo) {
      read_shrunk(self, out, n, lo, hi);
      reset_window(self, 0);
    } else {
      jam_jitter_get(self->jb[0], ch1, n);
      jam_jitter_get(self->jb[1], ch2, n);
      self->shrink_want = 0;
    }
  } else {
    jam_jitter_get(self->jb[0], ch1, n);
    jam_jitter_get(self->jb[1], ch2, n);
    control(self, fill, n);
  }
  for (unsigned c = 0; c < 2; ++c) { // fade in at a (re)start
    for (size_t i = 0; i < n && i < self->fade_in; ++i) {
      const float w =
          (float)(NET_STREAM_FADE - self->fade_in + i + 1) / (float)(NET_STREAM_FADE + 1);
      out[c][i] *= w;
    }
  }
  self->fade_in = self->fade_in > n ? self->fade_in - n : 0;
}

void
net_stream_stats(const NetStream* const self, NetStreamStats* const stats)
{
  *stats = self->stats;
  stats->fill = (uint32_t)jam_jitter_fill(self->jb[0]);
  stats->next_seq = self->expected;
  stats->depth_ms = jam_jitter_avg_depth(self->jb[0]) / 48.0;
}
