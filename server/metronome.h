// SPDX-License-Identifier: ISC
/// The room metronome (rtjam_rust_spec.md §4.7): the beat byte 0..3 the server writes into every
/// packet it sends, in phase with the wall clock so that every server agrees on it.

#ifndef BCAST_METRONOME_H
#define BCAST_METRONOME_H

#include "rt.h"
#include "status.h"

#include <stdint.h>

#define BCAST_TEMPO_DEFAULT 120u  ///< BPM
#define BCAST_TEMPO_MIN     1u    ///< BPM
#define BCAST_TEMPO_MAX     1000u ///< BPM: 60 ms per beat, already far beyond music

/// Tempo and beat length of one room.
typedef struct {
  uint32_t tempo_bpm;   ///< beats per minute
  uint64_t duration_us; ///< µs per beat: 60 000 000 / tempo (integer division, as the original)
} BcastMetronome;

/// Sets the tempo. Unlike the original (§4.7 [BUG]), out-of-range values are refused, so the
/// beat length is never 0.
/// @return JAM_ERR_BAD_ARGUMENT (and no change) unless BCAST_TEMPO_MIN <= bpm <= BCAST_TEMPO_MAX
static inline JamStatus
bcast_metronome_set_tempo(BcastMetronome* const self, const int64_t bpm)
{
  if (bpm < (int64_t)BCAST_TEMPO_MIN || bpm > (int64_t)BCAST_TEMPO_MAX) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  self->tempo_bpm = (uint32_t)bpm;
  self->duration_us = 60000000u / (uint64_t)bpm;
  return JAM_SUCCESS;
}

/// The beat 0..3 at wall-clock time wall_us (µs since the epoch): (wall_us / duration) mod 4.
JAM_REALTIME static inline uint8_t
bcast_metronome_beat(const BcastMetronome* const self, const uint64_t wall_us)
{
  return (uint8_t)((wall_us / self->duration_us) & 3u);
}

#endif // BCAST_METRONOME_H
