// SPDX-License-Identifier: ISC
// The room mixer: per-member jitter buffers, one block per step, mix-minus outputs.

#include "mixer.h"

#include "packet.h"

#include <stdlib.h>
#include <string.h>

#define MASK (BCAST_MIXER_CAP - 1u)

typedef struct {
  int used;                         ///< 1 when the slot holds a member
  int primed;                       ///< 1 once it held BCAST_MIXER_DEPTH frames
  uint32_t client_id;               ///< the member
  uint64_t last_us;                 ///< monotonic µs of its last packet
  uint64_t r;                       ///< frames read
  uint64_t w;                       ///< frames written
  float buf[2][BCAST_MIXER_CAP];    ///< its audio, by frame & MASK
  float cur[2][BCAST_MIXER_FRAMES]; ///< its block of the last step
} Slot;

struct BcastMixerImpl {
  uint32_t slots;                     ///< capacity
  BcastMixerCounters counters;        ///< totals
  float total[2][BCAST_MIXER_FRAMES]; ///< the last step's sum of every slot
  Slot slot[];                        ///< `slots` entries
};

BcastMixer*
bcast_mixer_new(const uint32_t slots)
{
  if (slots == 0 || slots > 256u) {
    return NULL;
  }
  BcastMixer* const self = calloc(1, sizeof *self + (size_t)slots * sizeof(Slot));
  if (self) {
    self->slots = slots;
  }
  return self;
}

void
bcast_mixer_free(BcastMixer* const self)
{
  free(self);
}

static Slot*
find(const BcastMixer* const self, const uint32_t client_id)
{
  for (uint32_t i = 0; i < self->slots; ++i) {
    const Slot* const s = &self->slot[i];
    if (s->used && s->client_id == client_id) {
      return (Slot*)(uintptr_t)s;
    }
  }
  return NULL;
}

JamStatus
bcast_mixer_add(BcastMixer* const self, const uint32_t client_id, const uint8_t* const packet,
                const size_t len, const uint64_t mono_us)
{
  const size_t frames = len > JAM_PACKET_HEADER_SIZE ? (len - JAM_PACKET_HEADER_SIZE) / 4u : 0u;
  if (frames == 0 || frames > JAM_PACKET_MAX_FRAMES) {
    return JAM_SUCCESS;
  }
  Slot* s = find(self, client_id);
  if (!s) {
    for (uint32_t i = 0; i < self->slots && !s; ++i) {
      if (!self->slot[i].used) {
        s = &self->slot[i];
      }
    }
    if (!s) {
      ++self->counters.no_slot;
      return JAM_ERR_FULL;
    }
    s->used = 1;
    s->primed = 0;
    s->client_id = client_id;
    s->r = 0;
    s->w = 0;
    memset(s->cur, 0, sizeof s->cur);
  }
  s->last_us = mono_us;
  const uint64_t fill = s->w - s->r;
  if (fill + frames > BCAST_MIXER_CAP) {
    const uint64_t drop = fill + frames - BCAST_MIXER_CAP;
    s->r += drop;
    self->counters.overflows += drop;
  }
  const uint8_t* const a = packet + JAM_PACKET_HEADER_SIZE;
  for (size_t i = 0; i < frames; ++i) {
    const size_t k = (size_t)(s->w + i) & MASK;
    s->buf[0][k] = jam_packet_decode_sample((uint16_t)((a[2 * i] << 8) | a[2 * i + 1]));
    s->buf[1][k] =
        jam_packet_decode_sample((uint16_t)((a[2 * (frames + i)] << 8) | a[2 * (frames + i) + 1]));
  }
  s->w += frames;
  ++self->counters.added;
  return JAM_SUCCESS;
}

void
bcast_mixer_remove(BcastMixer* const self, const uint32_t client_id)
{
  Slot* const s = find(self, client_id);
  if (s) {
    s->used = 0;
  }
}

void
bcast_mixer_clear(BcastMixer* const self)
{
  for (uint32_t i = 0; i < self->slots; ++i) {
    self->slot[i].used = 0;
  }
  memset(self->total, 0, sizeof self->total);
}

void
bcast_mixer_step(BcastMixer* const self, const uint64_t mono_us)
{
  memset(self->total, 0, sizeof self->total);
  for (uint32_t i = 0; i < self->slots; ++i) {
    Slot* const s = &self->slot[i];
    if (!s->used) {
      continue;
    }
    if (mono_us > s->last_us + BCAST_MIXER_IDLE_US) {
      s->used = 0;
      continue;
    }
    memset(s->cur, 0, sizeof s->cur);
    uint64_t fill = s->w - s->r;
    if (!s->primed) {
      if (fill < BCAST_MIXER_DEPTH) {
        continue;
      }
      s->primed = 1;
    }
    if (fill > BCAST_MIXER_TRIM) { // the member's clock runs fast: back to the target depth
      self->counters.trimmed += fill - BCAST_MIXER_DEPTH;
      s->r = s->w - BCAST_MIXER_DEPTH;
      fill = BCAST_MIXER_DEPTH;
    }
    const uint64_t n = fill < BCAST_MIXER_FRAMES ? fill : BCAST_MIXER_FRAMES;
    for (uint64_t j = 0; j < n; ++j) {
      const size_t k = (size_t)(s->r + j) & MASK;
      s->cur[0][j] = s->buf[0][k];
      s->cur[1][j] = s->buf[1][k];
    }
    s->r += n;
    if (n < BCAST_MIXER_FRAMES) {
      ++self->counters.underruns;
      s->primed = 0;
    }
    for (unsigned j = 0; j < BCAST_MIXER_FRAMES; ++j) {
      self->total[0][j] += s->cur[0][j];
      self->total[1][j] += s->cur[1][j];
    }
  }
  ++self->counters.steps;
}

void
bcast_mixer_output(const BcastMixer* const self, const uint32_t client_id, float* const ch1,
                   float* const ch2)
{
  const Slot* const s = find(self, client_id);
  for (unsigned j = 0; j < BCAST_MIXER_FRAMES; ++j) {
    ch1[j] = s ? self->total[0][j] - s->cur[0][j] : self->total[0][j];
    ch2[j] = s ? self->total[1][j] - s->cur[1][j] : self->total[1][j];
  }
}

uint32_t
bcast_mixer_count(const BcastMixer* const self)
{
  uint32_t n = 0;
  for (uint32_t i = 0; i < self->slots; ++i) {
    n += (uint32_t)self->slot[i].used;
  }
  return n;
}

BcastMixerCounters
bcast_mixer_counters(const BcastMixer* const self)
{
  return self->counters;
}
