// SPDX-License-Identifier: ISC
// The playback core: a take's packets placed on their players' time lines in a look-ahead
// window, read out block by block.

#include "playback.h"

#include "packet.h"

#include <stdlib.h>
#include <string.h>

#define MASK (BCAST_PLAYBACK_WINDOW - 1u)

typedef struct {
  int used;           ///< 1 when the slot holds a player
  uint32_t client_id; ///< the player
  int64_t base;       ///< frame of its anchor packet
  uint32_t first_seq; ///< sequence number of its anchor packet
  uint32_t frames;    ///< frames per packet since the anchor
  int64_t last;       ///< frame (by arrival) of its last packet
} Slot;

struct BcastPlaybackImpl {
  float win[2][BCAST_PLAYBACK_WINDOW]; ///< the mix ahead of the output, by frame & MASK
  Slot slots[BCAST_PLAYBACK_SLOTS];    ///< players of the take
  uint32_t frames;                     ///< frames per output block
  int64_t cursor;                      ///< frames read out
  int64_t end;                         ///< frame after the last audio placed
  int have_origin;                     ///< 1 once t0 is known
  uint64_t t0;                         ///< µs: ServerTime of frame 0
  BcastPlaybackCounters counters;      ///< this run's
};

size_t
bcast_take_packet_size(const uint8_t* const header)
{
  const size_t audio = (size_t)header[JAM_PACKET_OFF_CHUNKS] * JAM_PACKET_CHUNK_BYTES;
  return JAM_PACKET_HEADER_SIZE + audio;
}

uint32_t
bcast_take_packet_frames(const size_t size)
{
  return size > JAM_PACKET_HEADER_SIZE ? (uint32_t)((size - JAM_PACKET_HEADER_SIZE) / 4u) : 0u;
}

uint64_t
bcast_take_seek_target(const uint64_t size, const unsigned percent)
{
  const unsigned p = percent > 100u ? 100u : percent;
  // size < 2^40 (the budget's limit), so size * 100 cannot overflow.
  return size * p / 100u;
}

unsigned
bcast_take_percent(const uint64_t offset, const uint64_t size)
{
  if (size == 0) {
    return 0;
  }
  const uint64_t p = (offset >= size ? size : offset) * 100u / size;
  return (unsigned)p;
}

BcastPlayback*
bcast_playback_new(void)
{
  return calloc(1, sizeof(BcastPlayback));
}

void
bcast_playback_free(BcastPlayback* const self)
{
  free(self);
}

JamStatus
bcast_playback_start(BcastPlayback* const self, const uint32_t frames)
{
  if (frames == 0 || frames > JAM_PACKET_MAX_FRAMES) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  memset(self->win, 0, sizeof self->win);
  memset(self->slots, 0, sizeof self->slots);
  memset(&self->counters, 0, sizeof self->counters);
  self->frames = frames;
  self->cursor = 0;
  self->end = 0;
  self->have_origin = 0;
  self->t0 = 0;
  return JAM_SUCCESS;
}

// The slot of client_id, or a free (or long idle) one for it; NULL when all are busy.
static Slot*
slot_for(BcastPlayback* const self, const uint32_t client_id, const int64_t arrival, int* fresh)
{
  Slot* spare = NULL;
  for (unsigned i = 0; i < BCAST_PLAYBACK_SLOTS; ++i) {
    Slot* const s = &self->slots[i];
    if (s->used && s->client_id == client_id) {
      *fresh = 0;
      return s;
    }
    if (!spare && (!s->used || s->last + (int64_t)BCAST_PLAYBACK_IDLE < arrival)) {
      spare = s;
    }
  }
  *fresh = 1;
  return spare;
}

BcastPlaybackPlace
bcast_playback_place(BcastPlayback* const self, const uint8_t* const packet, const size_t size)
{
  const uint32_t f = bcast_take_packet_frames(size);
  if (f == 0 || f > JAM_PACKET_MAX_FRAMES || self->frames == 0) {
    ++self->counters.skipped;
    return BCAST_PLAYBACK_SKIPPED;
  }
  const uint64_t st = jam_packet_get_u64(packet, JAM_PACKET_OFF_SERVER_TIME);
  if (!self->have_origin) {
    self->t0 = st;
    self->have_origin = 1;
  }
  // A take spans at most the budget's worth of µs; clamp so the product cannot overflow.
  uint64_t dt = st > self->t0 ? st - self->t0 : 0;
  if (dt > 48ull * 3600u * 1000000u) {
    dt = 48ull * 3600u * 1000000u;
  }
  const int64_t arrival = (int64_t)(dt * JAM_PACKET_SAMPLE_RATE / 1000000u);
  if (arrival > self->cursor + (int64_t)BCAST_PLAYBACK_LOOKAHEAD) {
    return BCAST_PLAYBACK_LATER;
  }
  const uint32_t id = jam_packet_get_u32(packet, JAM_PACKET_OFF_CLIENT_ID);
  const uint32_t seq = jam_packet_get_u32(packet, JAM_PACKET_OFF_SEQUENCE);
  int fresh = 0;
  Slot* const s = slot_for(self, id, arrival, &fresh);
  if (!s) {
    ++self->counters.skipped;
    return BCAST_PLAYBACK_SKIPPED;
  }
  int64_t pos = 0;
  if (!fresh && s->frames == f) {
    pos = s->base + (int64_t)(int32_t)(seq - s->first_seq) * (int64_t)f;
  }
  const int64_t la = (int64_t)BCAST_PLAYBACK_LOOKAHEAD;
  if (fresh || s->frames != f || pos < self->cursor || pos > arrival + la || pos + la < arrival ||
      pos + (int64_t)f > self->cursor + (int64_t)BCAST_PLAYBACK_WINDOW) {
    // A new player, or one whose line no longer fits (a new block size, a sequence jump, a
    // drifting clock, or too late for the output): its line restarts at this packet.
    self->counters.reanchors += (uint64_t)!fresh;
    pos = arrival > self->cursor ? arrival : self->cursor;
    s->used = 1;
    s->client_id = id;
    s->base = pos;
    s->first_seq = seq;
    s->frames = f;
  }
  s->last = arrival;
  const uint8_t* const a = packet + JAM_PACKET_HEADER_SIZE;
  for (uint32_t i = 0; i < f; ++i) {
    const size_t k = (size_t)(pos + (int64_t)i) & MASK;
    self->win[0][k] += jam_packet_decode_sample((uint16_t)((a[2 * i] << 8) | a[2 * i + 1]));
    self->win[1][k] +=
        jam_packet_decode_sample((uint16_t)((a[2 * (f + i)] << 8) | a[2 * (f + i) + 1]));
  }
  if (pos + (int64_t)f > self->end) {
    self->end = pos + (int64_t)f;
  }
  ++self->counters.placed;
  return BCAST_PLAYBACK_PLACED;
}

void
bcast_playback_emit(BcastPlayback* const self, float* const ch1, float* const ch2)
{
  for (uint32_t i = 0; i < self->frames; ++i) {
    const size_t k = (size_t)(self->cursor + (int64_t)i) & MASK;
    ch1[i] = self->win[0][k];
    ch2[i] = self->win[1][k];
    self->win[0][k] = 0.0f;
    self->win[1][k] = 0.0f;
  }
  self->cursor += self->frames;
  ++self->counters.emitted;
}

int
bcast_playback_drained(const BcastPlayback* const self)
{
  return self->cursor >= self->end;
}

BcastPlaybackCounters
bcast_playback_counters(const BcastPlayback* const self)
{
  return self->counters;
}
