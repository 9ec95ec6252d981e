// SPDX-License-Identifier: ISC
/// Playback of a take (rtjam_rust_spec.md §4.10-4.11), the pure core: the take's packets, fed in
/// file order, are placed on each player's own 48 kHz time line (first packet at its arrival
/// time, then sequence number x frames, as rtjam-export places them) in a bounded look-ahead
/// window, and read out as one stereo stream of fixed-size blocks: the sum of the players at
/// unity gain (the take's own level; the original's -9 dB master is not applied). No I/O, no
/// threads; after bcast_playback_new it never allocates. Also the take's file format helpers.

#ifndef BCAST_PLAYBACK_H
#define BCAST_PLAYBACK_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_PLAYBACK_SLOTS     32u    ///< players of a take mixed at once; more are dropped
#define BCAST_PLAYBACK_WINDOW    65536u ///< frames of the look-ahead window (1.37 s), power of 2
#define BCAST_PLAYBACK_LOOKAHEAD 9600u  ///< frames: packets are placed 200 ms ahead of the output
#define BCAST_PLAYBACK_IDLE      96000u ///< frames: a player silent this long frees its slot

typedef struct BcastPlaybackImpl BcastPlayback;

/// What placing one packet did.
typedef enum {
  BCAST_PLAYBACK_PLACED = 0, ///< its audio is in the window
  BCAST_PLAYBACK_LATER,      ///< it arrived beyond the look-ahead: emit first, then feed it again
  BCAST_PLAYBACK_SKIPPED,    ///< no audio (header only), or no slot free: nothing to mix
} BcastPlaybackPlace;

/// Counters of one run.
typedef struct {
  uint64_t placed;    ///< packets mixed
  uint64_t skipped;   ///< packets without audio or without a slot
  uint64_t reanchors; ///< packets too far from their player's time line: the line restarts there
  uint64_t emitted;   ///< blocks read out
} BcastPlaybackCounters;

/// Bytes of the take packet that starts with `header` (§4.10: 28 + NumAudioChunks x 32).
JAM_REALTIME size_t
bcast_take_packet_size(const uint8_t* header);

/// Frames per channel a take packet of `size` bytes carries ((size - 28) / 4).
JAM_REALTIME uint32_t
bcast_take_packet_frames(size_t size);

/// The byte where a seek to `percent` (0..100) of a take of `size` bytes aims: the playback
/// goes on from the first whole packet starting at or after it (the original jumped to a
/// multiple of 540 bytes, mid-packet with 64-frame clients).
uint64_t
bcast_take_seek_target(uint64_t size, unsigned percent);

/// Percent 0..100 of the take of `size` bytes played when `offset` bytes are consumed
/// (0 for an empty take: the original divided by zero under 540 bytes).
unsigned
bcast_take_percent(uint64_t offset, uint64_t size);

/// Allocates a playback core (idle). @return NULL on allocation failure
BcastPlayback*
bcast_playback_new(void);

/// Frees; NULL is a no-op.
void
bcast_playback_free(BcastPlayback* self);

/// Starts a run: no players, an empty window, the output at frame 0; the next packet placed
/// sets the time origin (its ServerTime is frame 0).
/// @param frames  frames per output block, 1..JAM_PACKET_MAX_FRAMES (the take's packet size)
/// @return JAM_ERR_BAD_ARGUMENT for a bad block size
JamStatus
bcast_playback_start(BcastPlayback* self, uint32_t frames);

/// Places one take packet (its size from bcast_take_packet_size).
JAM_REALTIME BcastPlaybackPlace
bcast_playback_place(BcastPlayback* self, const uint8_t* packet, size_t size);

/// Reads out the next block (frames of the start call) and advances the output.
JAM_REALTIME void
bcast_playback_emit(BcastPlayback* self, float* ch1, float* ch2);

/// 1 when everything placed has been read out (after the last packet: the run is over).
JAM_REALTIME int
bcast_playback_drained(const BcastPlayback* self);

/// The counters of the current run.
JAM_REALTIME BcastPlaybackCounters
bcast_playback_counters(const BcastPlayback* self);

#endif // BCAST_PLAYBACK_H
