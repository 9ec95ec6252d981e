// SPDX-License-Identifier: ISC
// Jitter buffer (rtjam_rust_spec.md §3.7) on a fixed float ring. `head` is the index of the
// oldest sample and `fill` the number buffered; the ring is never reallocated.

#include "jitter.h"

#include "filter.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>

struct JamJitterImpl {
  float* data;        ///< capacity samples
  size_t capacity;    ///< samples
  size_t head;        ///< index of the oldest sample
  size_t fill;        ///< samples buffered
  size_t min_depth;   ///< samples, M of the adaptive policy
  size_t low_water;   ///< samples
  size_t high_water;  ///< samples
  size_t target_low;  ///< samples, fixed policy
  size_t target_high; ///< samples, fixed policy
  JamJitterPolicy policy;
  int filling;                       ///< waiting for low_water
  uint64_t puts;                     ///< calls
  uint64_t gets;                     ///< calls
  uint64_t underruns;                ///< reads
  uint64_t overruns;                 ///< reads
  uint64_t dropped;                  ///< samples
  JamAttackHoldRelease depth_filter; ///< triggered by near-starved reads, 0..1
  JamStreamStat depth_stats;         ///< samples, the fill at each read
};

// The adaptive marks before any read: low = M, high = 16 M (8192 for M = 512, as the
// original), never above the capacity.
static void
reset_marks(JamJitter* const self)
{
  if (self->policy == JAM_JITTER_FIXED) {
    self->low_water = self->target_low;
    self->high_water = self->target_high;
  } else {
    const size_t high = 16 * self->min_depth;
    self->low_water = self->min_depth;
    self->high_water = high < self->capacity ? high : self->capacity;
  }
}

JamJitter*
jam_jitter_new(const size_t capacity, const size_t min_depth)
{
  if (min_depth == 0 || capacity / 3 < min_depth) {
    return NULL;
  }
  JamJitter* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->data = calloc(capacity, sizeof *self->data);
  if (!self->data) {
    free(self);
    return NULL;
  }
  self->capacity = capacity;
  self->min_depth = min_depth;
  self->policy = JAM_JITTER_ADAPTIVE;
  jam_jitter_clear(self);
  return self;
}

void
jam_jitter_free(JamJitter* const self)
{
  if (!self) {
    return;
  }
  free(self->data);
  free(self);
}

// Discards the n oldest samples (n <= fill).
static void
drop_oldest(JamJitter* const self, const size_t n)
{
  self->head = (self->head + n) % self->capacity;
  self->fill -= n;
  self->dropped += n;
}

JamStatus
jam_jitter_put(JamJitter* const self, const float* samples, size_t n)
{
  JamStatus st = JAM_SUCCESS;
  self->puts += 1;
  if (n == 0) {
    return JAM_SUCCESS;
  }
  if (n > self->capacity) { // keep only the newest `capacity` of them
    self->dropped += n - self->capacity;
    samples += n - self->capacity;
    n = self->capacity;
    st = JAM_ERR_FULL;
  }
  const size_t space = self->capacity - self->fill;
  if (n > space) {
    drop_oldest(self, n - space);
    st = JAM_ERR_FULL;
  }
  const size_t tail = (self->head + self->fill) % self->capacity;
  const size_t first = n < self->capacity - tail ? n : self->capacity - tail;
  memcpy(self->data + tail, samples, first * sizeof *samples);
  memcpy(self->data, samples + first, (n - first) * sizeof *samples);
  self->fill += n;
  return st;
}

// Moves the n oldest samples (n <= fill) to out.
static void
pop(JamJitter* const self, float* const out, const size_t n)
{
  const size_t first = n < self->capacity - self->head ? n : self->capacity - self->head;
  memcpy(out, self->data + self->head, first * sizeof *out);
  memcpy(out + first, self->data, (n - first) * sizeof *out);
  self->head = (self->head + n) % self->capacity;
  self->fill -= n;
}

// The original's policy with 512 replaced by M. The high water is kept at least one read
// (n samples) above the low water, so a period longer than M cannot overflow every read;
// with n <= M (the original's case) this never applies.
static void
adapt(JamJitter* const self, const size_t fill, const size_t n)
{
  const size_t m = self->min_depth;
  const int trigger = fill < self->low_water / 4;
  const double env = jam_ahr_step(&self->depth_filter, trigger); // 0..1
  self->low_water = m + (size_t)(env * (double)m);
  const double sigma = jam_stream_stat_sigma(&self->depth_stats);
  size_t high = m + self->low_water + (size_t)(sigma * 8.0);
  if (high < self->low_water + n) {
    high = self->low_water + n;
  }
  self->high_water = high < self->capacity ? high : self->capacity;
}

size_t
jam_jitter_get(JamJitter* const self, float* const out, const size_t n)
{
  self->gets += 1;
  jam_stream_stat_add(&self->depth_stats, (double)self->fill);
  if (self->policy == JAM_JITTER_ADAPTIVE) {
    adapt(self, self->fill, n);
  }
  if (self->filling && self->fill >= self->low_water) {
    self->filling = 0;
  }
  if (self->filling) {
    memset(out, 0, n * sizeof *out);
    return 0;
  }
  if (self->fill > self->high_water) {
    self->overruns += 1;
    drop_oldest(self, self->fill - self->high_water); // only the excess (fix of §11.17)
  }
  if (self->fill >= n) {
    pop(self, out, n);
    return n;
  }
  self->underruns += 1;
  self->filling = 1;
  const size_t got = self->fill;
  pop(self, out, got);
  memset(out + got, 0, (n - got) * sizeof *out);
  return got;
}

size_t
jam_jitter_peek(const JamJitter* const self, float* const out, const size_t offset, size_t n)
{
  if (offset >= self->fill) {
    return 0;
  }
  n = n < self->fill - offset ? n : self->fill - offset;
  const size_t start = (self->head + offset) % self->capacity;
  const size_t first = n < self->capacity - start ? n : self->capacity - start;
  memcpy(out, self->data + start, first * sizeof *out);
  memcpy(out + first, self->data, (n - first) * sizeof *out);
  return n;
}

size_t
jam_jitter_fill(const JamJitter* const self)
{
  return self->fill;
}

double
jam_jitter_avg_depth(const JamJitter* const self)
{
  return jam_stream_stat_mean(&self->depth_stats);
}

void
jam_jitter_stats(const JamJitter* const self, JamJitterStats* const stats)
{
  stats->puts = self->puts;
  stats->gets = self->gets;
  stats->underruns = self->underruns;
  stats->overruns = self->overruns;
  stats->dropped = self->dropped;
  stats->fill = self->fill;
  stats->low_water = self->low_water;
  stats->high_water = self->high_water;
  stats->min_depth = self->min_depth;
  stats->capacity = self->capacity;
  stats->avg_depth = jam_stream_stat_mean(&self->depth_stats);
  stats->filling = self->filling;
  stats->policy = self->policy;
}

JamStatus
jam_jitter_set_min_depth(JamJitter* const self, const size_t min_depth)
{
  if (min_depth == 0 || self->capacity / 3 < min_depth) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->min_depth = min_depth;
  return JAM_SUCCESS;
}

JamStatus
jam_jitter_set_target(JamJitter* const self, const size_t low_water, const size_t high_water)
{
  if (low_water == 0 || low_water > high_water || high_water > self->capacity) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->policy = JAM_JITTER_FIXED;
  self->target_low = low_water;
  self->target_high = high_water;
  self->low_water = low_water;
  self->high_water = high_water;
  return JAM_SUCCESS;
}

void
jam_jitter_set_adaptive(JamJitter* const self)
{
  self->policy = JAM_JITTER_ADAPTIVE;
}

JamStatus
jam_jitter_set_fill(JamJitter* const self, const size_t fill)
{
  if (fill > self->capacity) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  if (fill < self->fill) {
    drop_oldest(self, self->fill - fill);
    return JAM_SUCCESS;
  }
  // Grow: step head back and write silence there, ahead of the oldest sample.
  for (size_t k = self->fill; k < fill; ++k) {
    self->head = (self->head == 0) ? self->capacity - 1 : self->head - 1;
    self->data[self->head] = 0.0f;
  }
  self->fill = fill;
  return JAM_SUCCESS;
}

void
jam_jitter_clear(JamJitter* const self)
{
  self->head = 0;
  self->fill = 0;
  self->filling = 1;
  self->puts = 0;
  self->gets = 0;
  self->underruns = 0;
  self->overruns = 0;
  self->dropped = 0;
  jam_ahr_init(&self->depth_filter, JAM_JITTER_AHR_ATTACK, JAM_JITTER_AHR_HOLD,
               JAM_JITTER_AHR_RELEASE, JAM_JITTER_AHR_RATE);
  (void)jam_stream_stat_init(&self->depth_stats, JAM_JITTER_STATS_WINDOW); // valid window
  reset_marks(self);
}
