// SPDX-License-Identifier: ISC
/// Reading a take recorded by rtjam-broadcast (rtjam_rust_spec.md §4.10: each packet is its
/// 28-byte header, then NumAudioChunks x 32 bytes of audio) and placing each player's packets
/// on the take's 48 kHz time line. Pure functions: rtjam-export and its fuzz target use them.

#ifndef RTJAM_EXPORT_TAKE_H
#define RTJAM_EXPORT_TAKE_H

#include <stdint.h>
#include <stdio.h>

#define TAKE_RATE         48000u                     ///< Hz, the wire's rate
#define TAKE_MAX_SPAN_US  (48ull * 3600u * 1000000u) ///< a take longer than 48 h is not one
#define TAKE_SLACK_FRAMES (10u * TAKE_RATE) ///< how far a packet may sit past the take's end

/// Reads the next packet into buf (JAM_PACKET_MAX_SIZE bytes).
/// @return its length, 0 at the end, -1 if the file is cut or corrupt
long
take_next_packet(FILE* f, uint8_t* buf);

/// The last frame a packet may reach: the take's span by ServerTime (t0..t_end, µs) plus
/// TAKE_SLACK_FRAMES. @return 0, or -1 when the span exceeds TAKE_MAX_SPAN_US (not a take)
int
take_limit(uint64_t t0, uint64_t t_end, uint64_t* limit);

/// Frame position of a player's first packet: its ServerTime after the take's first (t0 <=
/// first_time <= t_end, span checked by take_limit).
uint64_t
take_base(uint64_t first_time, uint64_t t0);

/// Where a packet's audio goes: base + (seq - first_seq) x first_frames. A packet that carries
/// no audio, comes from before the player's first (reordered), or would end past `limit` (a
/// sender's wild sequence jump) is not placed. @return 0 with *pos, or -1 (not placed)
int
take_place(uint64_t base, uint32_t first_seq, uint32_t first_frames, uint32_t seq, uint32_t frames,
           uint64_t limit, uint64_t* pos);

#endif // RTJAM_EXPORT_TAKE_H
