// SPDX-License-Identifier: ISC
/// The room recorder (rtjam_rust_spec.md §4.10): every packet a member sends, after the header
/// rewrite (ServerTime, Beat, NumAudioChunks = (length - 28) / 32), appended to DIR/audio.dmp
/// while recording; takes saved as DIR/recs/NAME. The file format is the original's: the
/// datagrams back to back, no file header, no length prefix; a reader frames each as
/// 28 + NumAudioChunks x 32 bytes, so a packet of another length is not recorded (counted).
///
/// The room's thread only copies packets into a bounded SPSC ring (bcast_recorder_push: no
/// allocation, lock, log or system call; when the ring is full the packet is dropped and
/// counted). A writer thread empties the ring into the file. A write error, or the disk
/// budget, stops the recording and is reported in the status; it never stops the server.
/// Control (start, stop, save, delete, list) comes from one other thread, the main thread.

#ifndef BCAST_RECORDER_H
#define BCAST_RECORDER_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_RECORD_BUDGET_DEFAULT 1073741824ull  ///< bytes of audio.dmp (the original's 1 GiB)
#define BCAST_RECORD_KEEP_DEFAULT   17179869184ull ///< bytes of the saved takes, recs/ (16 GiB)
#define BCAST_RECORD_RING           (4u << 20)  ///< bytes of the packet ring (~7 s of 16 players)
#define BCAST_RECORD_NAME_MAX       128u        ///< bytes of a take's name
#define BCAST_RECORD_CURRENT        "audio.dmp" ///< the take being recorded, in DIR
#define BCAST_RECORD_PATH_MAX       4096u       ///< bytes of a path of the takes, NUL included
/// Bytes of DIR at most: DIR/recs/NAME (a name below BCAST_RECORD_NAME_MAX) fits in
/// BCAST_RECORD_PATH_MAX, so the recorder and the playback open the same files.
#define BCAST_RECORD_DIR_MAX 3900u
/// Bytes of --record-dir at most: a room's DIR is it + "/PORT".
#define BCAST_RECORD_ROOT_MAX (BCAST_RECORD_DIR_MAX - 6u)

typedef struct BcastRecorderImpl BcastRecorder;

/// What the recorder is doing, for the status file and the control channel.
typedef struct {
  int recording;         ///< 1 while packets are appended
  uint64_t bytes;        ///< bytes of audio.dmp written
  uint64_t budget;       ///< the disk budget in bytes
  uint64_t packets;      ///< packets written since start
  uint64_t dropped_full; ///< packets dropped because the ring was full
  uint64_t dropped_size; ///< packets not recorded: length - 28 not a multiple of 32 (§4.10)
  uint64_t write_errors; ///< recordings stopped by a write error
  uint64_t budget_stops; ///< recordings stopped by the budget
  char last_error[160];  ///< the last reason a recording stopped, "" if none
} BcastRecorderStatus;

/// Checks a take's name: 1..BCAST_RECORD_NAME_MAX-1 bytes, no '/', not "." or "..", no "..",
/// no control characters (bytes < 0x20 and 0x7f), no `"` or `\` (the list of takes is JSON).
/// @param why receives the reason on refusal
/// @return JAM_ERR_BAD_ARGUMENT with the reason in `why`
JamStatus
bcast_recorder_check_name(const char* name, char* why, size_t why_cap);

/// Creates a recorder writing under `dir` (created if missing, with dir/recs; at most
/// BCAST_RECORD_DIR_MAX bytes) and starts its writer thread. @return NULL with the reason in
/// `why`
BcastRecorder*
bcast_recorder_new(const char* dir, uint64_t budget, size_t ring_bytes, char* why, size_t why_cap);

/// Stops the writer thread (after writing what is queued) and frees; NULL is a no-op.
void
bcast_recorder_free(BcastRecorder* self);

/// Room thread: queues one packet (28..1024 bytes) if recording. Never blocks. A packet whose
/// length - 28 is not a multiple of 32 is refused (dropped_size): the format cannot frame it.
JAM_REALTIME void
bcast_recorder_push(BcastRecorder* self, const uint8_t* packet, size_t len);

/// Starts a take: audio.dmp is truncated, and packets still queued for an earlier take (or
/// pushed while a stop was under way) are discarded. @return an error with the reason in `why`
JamStatus
bcast_recorder_start(BcastRecorder* self, char* why, size_t why_cap);

/// Stops the take (queued packets are still written). Not recording is not an error.
void
bcast_recorder_stop(BcastRecorder* self);

/// The most the saved takes (recs/) may hold, in bytes: a save that would pass it is refused
/// (default BCAST_RECORD_KEEP_DEFAULT). With the budget, it bounds the room's disk use.
void
bcast_recorder_set_keep(BcastRecorder* self, uint64_t keep_bytes);

/// Stops and saves audio.dmp as recs/NAME (NAME_1, NAME_2, ... if taken), then truncates it.
/// @param saved receives the name used
JamStatus
bcast_recorder_save(BcastRecorder* self, const char* name, char* saved, size_t saved_cap, char* why,
                    size_t why_cap);

/// Deletes recs/NAME, or truncates audio.dmp when name is "".
JamStatus
bcast_recorder_delete(BcastRecorder* self, const char* name, char* why, size_t why_cap);

/// Writes the takes as JSON, the original's listRecordings array:
/// [{"name":"x","date":"<RFC 2822>","size":n},...]. @return bytes written (truncated to cap-1)
size_t
bcast_recorder_list_json(BcastRecorder* self, char* out, size_t cap);

/// A snapshot of the status.
void
bcast_recorder_status(BcastRecorder* self, BcastRecorderStatus* out);

/// The current take's file (DIR/audio.dmp) as the room's status shows it: its modification time
/// in RFC 2822 (local time, "" when it does not exist) and its size in bytes (0 then).
void
bcast_recorder_current_file(BcastRecorder* self, char* date, size_t date_cap, uint64_t* size);

/// The same for take `name` in DIR/recs ("" = the current audio.dmp; a name that is not a plain
/// file name gives "" and 0).
void
bcast_recorder_take_file(BcastRecorder* self, const char* name, char* date, size_t date_cap,
                         uint64_t* size);

/// The directory of the takes (DIR/recs).
const char*
bcast_recorder_recs_dir(const BcastRecorder* self);

#endif // BCAST_RECORDER_H
