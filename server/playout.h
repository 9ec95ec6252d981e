// SPDX-License-Identifier: ISC
/// A room's playback stream (rtjam_rust_spec.md §4.11), client 40001: a take in DIR/recs (or
/// the current audio.dmp) read by a playback thread through the playback core (playback.h),
/// encoded as wire packets of the take's own size and handed to the room's worker through a
/// bounded SPSC ring. The worker pops one packet per tick of its timer at the take's packet
/// rate (frames / 48 kHz), stamps ServerTime and Beat, and sends it to every member: the
/// thread never paces the stream and the worker never reads a file.
///
/// Control (play, seek, pause, loop, stop, status) comes from one thread, the main thread; each
/// play or seek replaces the playback thread, and packets of an earlier one are discarded by the
/// worker (an epoch number travels with each packet). The worker side never blocks.

#ifndef BCAST_PLAYOUT_H
#define BCAST_PLAYOUT_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_PLAYOUT_RING 65536u      ///< bytes of the packet ring (~60 packets of 128 frames)
#define BCAST_PLAYOUT_MIN  (28u + 32u) ///< bytes: a take needs at least one packet with audio

typedef struct BcastPlayoutImpl BcastPlayout;

/// What a room's playback is doing.
typedef struct {
  int playing;          ///< 1 from play until the last packet is sent, a stop or an error
  int paused;           ///< 1 while playing but paused (nothing is sent)
  int loop;             ///< 1: a take that ends starts again from its beginning
  char name[160];       ///< the take ("" = audio.dmp)
  unsigned percent;     ///< 0..100: the share of the take's bytes read
  uint32_t frames;      ///< frames per packet (the take's)
  uint64_t sent;        ///< packets handed to the worker in this play
  uint64_t underruns;   ///< worker ticks that found the ring empty while playing
  char last_error[160]; ///< why the last play ended early, "" if none
} BcastPlayoutStatus;

/// Creates an idle playback for the takes of `recs_dir` (and `current`, the audio.dmp path).
/// @return NULL on allocation failure
BcastPlayout*
bcast_playout_new(const char* recs_dir, const char* current);

/// Stops the thread and frees; NULL is a no-op.
void
bcast_playout_free(BcastPlayout* self);

/// Plays take `name` ("" = the current audio.dmp) from `percent` (clamped to 0..100). The take
/// is checked first: a missing, empty or too short take (no whole packet with audio) is refused
/// with the reason in `why`, and a play in progress goes on.
JamStatus
bcast_playout_play(BcastPlayout* self, const char* name, long percent, char* why, size_t why_cap);

/// Jumps to `percent` (0..100) of the take playing. @return JAM_ERR_BAD_ARGUMENT when idle
JamStatus
bcast_playout_seek(BcastPlayout* self, long percent, char* why, size_t why_cap);

/// Stops playing (the packets already queued are discarded). Idle is not an error.
void
bcast_playout_stop(BcastPlayout* self);

/// Pause (§4.9 3): `pause` 1 stops sending, keeping the position (the packets already read wait
/// in the ring); 0 resumes from there; -1 switches. The worker stops the stream's clock within
/// its housekeeping period (100 ms) and starts it again on resume. A play or stop ends a pause;
/// a seek keeps it. @return JAM_ERR_BAD_ARGUMENT when idle
JamStatus
bcast_playout_pause(BcastPlayout* self, int pause, char* why, size_t why_cap);

/// Loop (§4.9 9): with `loop` 1 a take that ends starts again from its beginning (also after a
/// seek), on the same stream (its SequenceNumber goes on), until the loop is switched off or a
/// stop; a take that ends on a cut packet does not go round. Kept across plays.
void
bcast_playout_set_loop(BcastPlayout* self, int loop);

/// A snapshot of the status.
void
bcast_playout_status(BcastPlayout* self, BcastPlayoutStatus* out);

/// Worker: the frames per packet of the stream to pace, 0 when there is nothing to send.
JAM_REALTIME uint32_t
bcast_playout_frames(BcastPlayout* self);

/// Worker: takes the next packet of the current play into `buf` (JAM_PACKET_MAX_SIZE bytes),
/// ServerTime and Beat still to be set. @return its length, 0 when there is none
JAM_REALTIME size_t
bcast_playout_pop(BcastPlayout* self, uint8_t* buf);

#endif // BCAST_PLAYOUT_H
