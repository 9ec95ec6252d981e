// SPDX-License-Identifier: ISC
// One remote player's receive stream. See stream.h for the policy; the maths of each part is
// next to its code.

#include "stream.h"

#include "jitter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NET_STREAM_RATE        48000.0 ///< Hz: the wire's sample rate
#define NET_STREAM_MAX_REORDER 64      ///< packets: older arrivals are late, beyond that a restart
#define NET_STREAM_TRIM_WINDOW 48000u  ///< samples read between trim decisions (1 s)

/// A packet that arrived before one it follows, held until that one arrives or is due.
typedef struct {
  int used;                           ///< 1 when it holds a packet
  size_t frames;                      ///< samples per channel
  float ch[2][NET_STREAM_MAX_FRAMES]; ///< the audio
} NetStreamStage;

/// Min and max transit time of the packets that arrived in one 500-ms bucket.
typedef struct {
  uint64_t start_us; ///< µs, arrival time that opened the bucket
  double min_us;     ///< µs, smallest transit
  double max_us;     ///< µs, largest transit
  int used;          ///< 1 once a packet landed in it
} NetStreamBucket;

struct NetStreamImpl {
  JamJitter* jb[2];      ///< per-channel jitter buffers
  size_t capacity;       ///< samples per jitter buffer
  NetStreamMode mode;    ///< depth policy
  uint32_t fixed_depth;  ///< samples, NET_STREAM_FIXED
  uint32_t margin;       ///< samples added to the measured span, NET_STREAM_AUTO
  int have_seq;          ///< 1 once a packet was accepted
  uint32_t expected;     ///< sequence number of the next packet to append
  uint64_t expected_ext; ///< the same, counted from the stream start (no wrap)
  uint64_t seen;         ///< bit k: packet expected - 1 - k was appended for real
  NetStreamStage stage[NET_STREAM_MAX_GAP]; ///< early packets, a ring starting at stage_base:
                                            ///< its k-th slot holds packet expected + 1 + k
  unsigned stage_base;                      ///< index in `stage` of the slot for expected + 1
  size_t frames;                            ///< samples per channel of the newest packet (P)
  NetStreamBucket buckets[4];               ///< 2 s of transit statistics
  unsigned bucket;                          ///< index of the current bucket
  int dry;                                  ///< 1 while the output is concealment
  size_t fade_in;                           ///< samples of fade-in left to apply, 0 when none
  float hold[2];                            ///< last sample output per channel (fade-out start)
  float last_in[2];                         ///< last sample put per channel (concealment start)
  unsigned fade_out;                        ///< samples into the current fade-out
  size_t read_since_trim;                   ///< samples read since the last trim decision
  size_t min_fill;                          ///< smallest fill before a read since the last decision
  NetStreamStats stats;                     ///< counters
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
  self->capacity = capacity;
  self->margin = 48; // 1 ms
  self->fixed_depth = 256;
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
net_stream_reset(NetStream* const self)
{
  jam_jitter_clear(self->jb[0]);
  jam_jitter_clear(self->jb[1]);
  self->have_seq = 0;
  self->expected = 0;
  self->expected_ext = 0;
  self->seen = 0;
  for (unsigned k = 0; k < NET_STREAM_MAX_GAP; ++k) {
    self->stage[k].used = 0;
  }
  self->stage_base = 0;
  self->frames = 128;
  memset(self->buckets, 0, sizeof self->buckets);
  self->bucket = 0;
  self->dry = 1;
  self->fade_in = 0;
  self->hold[0] = self->hold[1] = 0.0f;
  self->last_in[0] = self->last_in[1] = 0.0f;
  self->fade_out = NET_STREAM_FADE;
  self->read_since_trim = 0;
  self->min_fill = SIZE_MAX;
  memset(&self->stats, 0, sizeof self->stats);
}

// Records a transit time (arrival minus the packet's nominal send time) in the 2-s window.
static void
note_transit(NetStream* const self, const uint64_t seq_ext, const uint64_t arrival_us)
{
  const double packet_us = (double)self->frames * 1e6 / NET_STREAM_RATE;
  const double transit = (double)arrival_us - (double)seq_ext * packet_us;
  NetStreamBucket* b = &self->buckets[self->bucket];
  if (b->used && arrival_us - b->start_us >= NET_STREAM_WINDOW_US) {
    self->bucket = (self->bucket + 1) & 3u;
    b = &self->buckets[self->bucket];
    b->used = 0;
  }
  if (!b->used) {
    *b = (NetStreamBucket){.start_us = arrival_us, .min_us = transit, .max_us = transit, .used = 1};
  } else {
    b->min_us = transit < b->min_us ? transit : b->min_us;
    b->max_us = transit > b->max_us ? transit : b->max_us;
  }
}

static double
span_us(const NetStream* const self)
{
  double lo = INFINITY;
  double hi = -INFINITY;
  for (unsigned i = 0; i < 4; ++i) {
    if (self->buckets[i].used) {
      lo = self->buckets[i].min_us < lo ? self->buckets[i].min_us : lo;
      hi = self->buckets[i].max_us > hi ? self->buckets[i].max_us : hi;
    }
  }
  return hi >= lo ? hi - lo : 0.0;
}

static void
update_target(NetStream* const self)
{
  const double span = span_us(self) * NET_STREAM_RATE / 1e6; // samples
  self->stats.span_ms = span / 48.0;
  size_t target = self->mode == NET_STREAM_FIXED ? self->fixed_depth
                                                 : self->frames + (size_t)ceil(span) + self->margin;
  const size_t cap = self->capacity;
  const size_t max_target = cap / 2;
  target = target > max_target ? max_target : target;
  // Trimming (net_stream_get) brings an excess back down smoothly; the high water mark is
  // only the emergency brake for a burst far beyond the target.
  size_t high = target + 4u * self->frames + 2u * (size_t)ceil(span);
  high = high > cap ? cap : high;
  self->stats.target = (uint32_t)target;
  jam_jitter_set_target(self->jb[0], target, high);
  jam_jitter_set_target(self->jb[1], target, high);
}

// Appends one packet of concealment to a channel: its last sample, faded out over
// NET_STREAM_FADE samples, then silence. The audio after the gap fades in (append).
static void
conceal_channel(JamJitter* const jb, float* const last, const size_t frames)
{
  float buf[NET_STREAM_MAX_FRAMES];
  const float from = *last;
  for (size_t i = 0; i < frames; ++i) {
    buf[i] = i < NET_STREAM_FADE ? from * (1.0f - (float)(i + 1) / (float)NET_STREAM_FADE) : 0.0f;
  }
  jam_jitter_put(jb, buf, frames);
  *last = 0.0f;
}

// Appends one real packet to both buffers, fading it in after concealment.
static void
append(NetStream* const self, const float* const ch1, const float* const ch2, const size_t frames)
{
  const float* const in[2] = {ch1, ch2};
  const int after_gap = self->have_seq && !(self->seen & 1u);
  for (unsigned c = 0; c < 2; ++c) {
    size_t faded = 0;
    if (after_gap) { // the first NET_STREAM_FADE samples fade in
      float head[NET_STREAM_FADE] = {0.0f};
      faded = frames < NET_STREAM_FADE ? frames : NET_STREAM_FADE;
      for (size_t i = 0; i < faded; ++i) {
        head[i] = in[c][i] * (float)(i + 1) / (float)(NET_STREAM_FADE + 1);
      }
      jam_jitter_put(self->jb[c], head, faded);
    }
    jam_jitter_put(self->jb[c], in[c] + faded, frames - faded);
    self->last_in[c] = in[c][frames - 1];
  }
  self->seen = (self->seen << 1) | 1u;
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

// Gives up on the expected packet: conceals it and appends what was staged behind it.
static void
conceal_expected(NetStream* const self)
{
  conceal_channel(self->jb[0], &self->last_in[0], self->frames);
  conceal_channel(self->jb[1], &self->last_in[1], self->frames);
  self->seen <<= 1;
  ++self->expected;
  ++self->expected_ext;
  ++self->stats.lost;
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
  if (self->have_seq && (d > (int32_t)NET_STREAM_MAX_GAP || d <= -NET_STREAM_MAX_REORDER)) {
    const NetStreamStats keep = self->stats; // the sender restarted, or a long silence
    net_stream_reset(self);
    self->stats = keep;
    ++self->stats.restarts;
    self->expected = seq;
    d = 0;
  }
  if (d < 0) { // its turn has passed: appended already (a duplicate) or concealed (late)
    const uint64_t bit = (uint64_t)1 << (uint32_t)(-d - 1);
    if (-d - 1 < 64 && (self->seen & bit)) {
      ++self->stats.duplicates;
    } else {
      ++self->stats.late;
    }
    return;
  }
  ++self->stats.packets;
  self->frames = frames;
  note_transit(self, self->expected_ext + (uint64_t)d, arrival_us);
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
      conceal_expected(self); // conceals up to the first staged packet, then appends from it
    }
  }
}

// Skips `skip` samples with a crossfade: out[i] = a[i]*(1-w) + a[i+skip]*w over the fade.
static void
read_trimmed(NetStream* const self, float* const out[2], const size_t n, const size_t skip)
{
  float tmp[2 * NET_STREAM_MAX_FRAMES];
  for (unsigned c = 0; c < 2; ++c) {
    jam_jitter_get(self->jb[c], tmp, n + skip);
    for (size_t i = 0; i < n; ++i) {
      if (i < NET_STREAM_FADE) {
        const float w = (float)(i + 1) / (float)(NET_STREAM_FADE + 1);
        out[c][i] = tmp[i] * (1.0f - w) + tmp[i + skip] * w;
      } else {
        out[c][i] = tmp[i + skip];
      }
    }
  }
  ++self->stats.trims;
}

void
net_stream_get(NetStream* const self, float* const ch1, float* const ch2, size_t n)
{
  float* const out[2] = {ch1, ch2};
  if (n == 0) {
    return; // nothing to read (and ch1[n - 1] below would be before the buffer: found by fuzzing)
  }
  n = n > NET_STREAM_MAX_FRAMES ? NET_STREAM_MAX_FRAMES : n;
  // A missing packet is concealed only when its audio is due and later ones are waiting.
  while (jam_jitter_fill(self->jb[0]) < n && !stage_empty(self)) {
    conceal_expected(self);
  }
  const size_t fill = jam_jitter_fill(self->jb[0]);
  if (!self->dry && fill < self->min_fill) {
    self->min_fill = fill;
  }
  self->read_since_trim += n;
  size_t got;
  const size_t skip = self->frames;
  if (!self->dry && self->read_since_trim >= NET_STREAM_TRIM_WINDOW && self->min_fill != SIZE_MAX &&
      self->min_fill >= self->stats.target + 2u * skip && fill >= n + skip &&
      skip <= NET_STREAM_MAX_FRAMES) {
    read_trimmed(self, out, n, skip);
    got = n;
  } else {
    got = jam_jitter_get(self->jb[0], ch1, n);
    jam_jitter_get(self->jb[1], ch2, n);
  }
  if (self->read_since_trim >= NET_STREAM_TRIM_WINDOW) {
    self->read_since_trim = 0;
    self->min_fill = SIZE_MAX;
  }
  if (got > 0 && self->dry) { // audio resumes
    self->dry = 0;
    self->fade_in = NET_STREAM_FADE;
  }
  for (unsigned c = 0; c < 2; ++c) { // fade in after concealment
    for (size_t i = 0; i < got && i < self->fade_in; ++i) {
      const float w =
          (float)(NET_STREAM_FADE - self->fade_in + i + 1) / (float)(NET_STREAM_FADE + 1);
      out[c][i] *= w;
    }
  }
  self->fade_in = self->fade_in > got ? self->fade_in - got : 0;
  if (got < n) { // ran dry: hold the last sample and fade it out
    if (!self->dry) {
      ++self->stats.underruns;
      self->dry = 1;
      self->fade_out = 0;
      self->hold[0] = got ? ch1[got - 1] : self->hold[0];
      self->hold[1] = got ? ch2[got - 1] : self->hold[1];
    }
    for (size_t i = got; i < n; ++i) {
      const float g = self->fade_out < NET_STREAM_FADE
                          ? 1.0f - (float)(self->fade_out + 1) / (float)NET_STREAM_FADE
                          : 0.0f;
      self->fade_out += self->fade_out < NET_STREAM_FADE;
      ch1[i] = self->hold[0] * g;
      ch2[i] = self->hold[1] * g;
    }
  }
  self->hold[0] = ch1[n - 1];
  self->hold[1] = ch2[n - 1];
}

void
net_stream_stats(const NetStream* const self, NetStreamStats* const stats)
{
  *stats = self->stats;
  stats->fill = (uint32_t)jam_jitter_fill(self->jb[0]);
  stats->depth_ms = jam_jitter_avg_depth(self->jb[0]) / 48.0;
}
