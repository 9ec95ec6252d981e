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

/// Min and max transit time of the packets that arrived in one 500-ms bucket.
typedef struct {
  uint64_t start_us; ///< µs, arrival time that opened the bucket
  double min_us;     ///< µs, smallest transit
  double max_us;     ///< µs, largest transit
  int used;          ///< 1 once a packet landed in it
} NetStreamBucket;

struct NetStreamImpl {
  JamJitter* jb[2];           ///< per-channel jitter buffers
  size_t capacity;            ///< samples per jitter buffer
  NetStreamMode mode;         ///< depth policy
  uint32_t fixed_depth;       ///< samples, NET_STREAM_FIXED
  uint32_t margin;            ///< samples added to the measured span, NET_STREAM_AUTO
  int have_seq;               ///< 1 once a packet was accepted
  uint32_t last_seq;          ///< sequence number of the newest accepted packet
  uint64_t seq_ext;           ///< packets since the stream started (gaps included)
  size_t frames;              ///< samples per channel of the newest packet (P)
  NetStreamBucket buckets[4]; ///< 2 s of transit statistics
  unsigned bucket;            ///< index of the current bucket
  int dry;                    ///< 1 while the output is concealment
  size_t fade_in;             ///< samples of fade-in left to apply, 0 when none
  float hold[2];              ///< last sample output per channel (fade-out start)
  float last_in[2];           ///< last sample put per channel (concealment start)
  unsigned fade_out;          ///< samples into the current fade-out
  size_t read_since_trim;     ///< samples read since the last trim decision
  size_t min_fill;            ///< smallest fill before a read since the last decision
  NetStreamStats stats;       ///< counters
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
  self->seq_ext = 0;
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
note_transit(NetStream* const self, const uint64_t arrival_us)
{
  const double packet_us = (double)self->frames * 1e6 / NET_STREAM_RATE;
  const double transit = (double)arrival_us - (double)self->seq_ext * packet_us;
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

// Appends `packets` packets of concealment to both buffers: the last sample received, faded
// out over NET_STREAM_FADE samples, then silence. The audio after the gap fades in (put).
static void
conceal_packets(NetStream* const self, const size_t packets)
{
  float buf[NET_STREAM_MAX_FRAMES];
  for (unsigned c = 0; c < 2; ++c) {
    size_t faded = 0;
    for (size_t k = 0; k < packets; ++k) {
      for (size_t i = 0; i < self->frames; ++i, ++faded) {
        buf[i] = faded < NET_STREAM_FADE
                     ? self->last_in[c] * (1.0f - (float)(faded + 1) / (float)NET_STREAM_FADE)
                     : 0.0f;
      }
      jam_jitter_put(self->jb[c], buf, self->frames);
    }
    self->last_in[c] = 0.0f;
  }
}

void
net_stream_put(NetStream* const self, const uint32_t seq, const uint64_t arrival_us,
               const float* const ch1, const float* const ch2, size_t frames)
{
  frames = frames > NET_STREAM_MAX_FRAMES ? NET_STREAM_MAX_FRAMES : frames;
  if (frames == 0) {
    return;
  }
  int gap = 0;
  if (self->have_seq) {
    const int32_t d = (int32_t)(seq - self->last_seq);
    if (d == 0) {
      ++self->stats.duplicates;
      return;
    }
    if (d < 0 && d > -NET_STREAM_MAX_REORDER) {
      ++self->stats.late; // its place was already concealed
      return;
    }
    if (d < 0 || d > (int32_t)NET_STREAM_MAX_GAP + 1) {
      const NetStreamStats keep = self->stats;
      net_stream_reset(self);
      self->stats = keep;
      ++self->stats.restarts;
    } else if (d > 1) {
      self->stats.lost += (uint64_t)(d - 1);
      self->seq_ext += (uint64_t)(d - 1);
      conceal_packets(self, (size_t)(d - 1));
      gap = 1;
    }
  }
  if (self->have_seq) {
    ++self->seq_ext;
  }
  self->have_seq = 1;
  self->last_seq = seq;
  self->frames = frames;
  ++self->stats.packets;
  note_transit(self, arrival_us);
  update_target(self);
  const float* const in[2] = {ch1, ch2};
  for (unsigned c = 0; c < 2; ++c) {
    if (gap) { // fade in after concealment
      float buf[NET_STREAM_MAX_FRAMES];
      for (size_t i = 0; i < frames; ++i) {
        buf[i] = i < NET_STREAM_FADE ? in[c][i] * (float)(i + 1) / (float)(NET_STREAM_FADE + 1)
                                     : in[c][i];
      }
      jam_jitter_put(self->jb[c], buf, frames);
    } else {
      jam_jitter_put(self->jb[c], in[c], frames);
    }
    self->last_in[c] = in[c][frames - 1];
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
  n = n > NET_STREAM_MAX_FRAMES ? NET_STREAM_MAX_FRAMES : n;
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
