// SPDX-License-Identifier: ISC
/// The jam packet, wire format v1 (rtjam_rust_spec.md §2): a 28-byte big-endian header and
/// planar u16 audio for two channels. Byte-compatible with existing rtjam deployments.

#ifndef JAM_PACKET_H
#define JAM_PACKET_H

#include "rt.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>

#define JAM_PACKET_HEADER_SIZE    28u    ///< bytes
#define JAM_PACKET_MAX_SIZE       1024u  ///< bytes: the largest datagram either side accepts
#define JAM_PACKET_MAX_FRAMES     249u   ///< frames per channel: (1024 - 28) / 4
#define JAM_PACKET_CHUNK_BYTES    32u    ///< NumAudioChunks = datagram bytes / 32
#define JAM_PACKET_EMPTY_SLOT     40000u ///< client id marking an empty slot (never sent)
#define JAM_PACKET_PLAYBACK_ID    40001u ///< client id of the server's playback stream
#define JAM_PACKET_MIX_ID         40002u ///< client id of the server's room-mix stream
#define JAM_PACKET_UNCONNECTED_ID 4321u  ///< a client's id before it first connects
#define JAM_PACKET_SERVER_PORT    7891u  ///< default UDP port of rtjam-broadcast
#define JAM_PACKET_SAMPLE_RATE    48000u ///< Hz: the rate of the audio on the wire

/// 1 when `client_id` may be a room member's: 0..2^32-1 except the three ids the wire reserves
/// (rtjam_rust_spec.md §2: the empty-slot marker 40000, never sent, and the server's own
/// playback 40001 and room-mix 40002 streams). 0 is a member's id like any other.
static inline int
jam_packet_member_id_ok(const uint32_t client_id)
{
  return client_id != JAM_PACKET_EMPTY_SLOT && client_id != JAM_PACKET_PLAYBACK_ID &&
         client_id != JAM_PACKET_MIX_ID;
}

/// Byte offsets of the header fields.
enum {
  JAM_PACKET_OFF_CHANNEL = 0,      ///< u8, always 0
  JAM_PACKET_OFF_SAMPLE_RATE = 1,  ///< u8, 0 = 48 kHz
  JAM_PACKET_OFF_CHUNKS = 2,       ///< u8, datagram bytes / 32
  JAM_PACKET_OFF_BEAT = 3,         ///< u8, metronome beat 0..3, set by the server
  JAM_PACKET_OFF_SERVER_TIME = 4,  ///< u64 BE µs, set by the server, echoed by clients
  JAM_PACKET_OFF_CLIENT_TIME = 12, ///< u64 BE µs, the client's send time
  JAM_PACKET_OFF_CLIENT_ID = 20,   ///< u32 BE
  JAM_PACKET_OFF_SEQUENCE = 24,    ///< u32 BE, per-sender packet counter
};

/// The decoded header.
typedef struct {
  uint8_t channel;          ///< always 0 in practice
  uint8_t sample_rate;      ///< rate code, 0 = 48 kHz
  uint8_t num_audio_chunks; ///< datagram bytes / 32
  uint8_t beat;             ///< metronome beat 0..3
  uint64_t server_time;     ///< µs since the epoch, server clock
  uint64_t client_time;     ///< µs since the epoch, client clock
  uint32_t client_id;       ///< player id
  uint32_t sequence;        ///< packet counter of the sender
} JamPacketHeader;

/// Checks a received datagram length: at least 28, even, at most 1024 bytes.
JAM_REALTIME JamStatus
jam_packet_validate(size_t len);

/// Frames per channel carried by a valid datagram of `len` bytes: (len - 28) / 4.
JAM_REALTIME size_t
jam_packet_frames(size_t len);

/// Datagram size for `frames` frames per channel: 28 + 4 * frames.
JAM_REALTIME size_t
jam_packet_size(size_t frames);

/// Writes the 28 header bytes into buf (big-endian).
JAM_REALTIME void
jam_packet_header_write(const JamPacketHeader* header, uint8_t* buf);

/// Reads the 28 header bytes of buf.
JAM_REALTIME void
jam_packet_header_read(const uint8_t* buf, JamPacketHeader* header);

/// Float sample to wire code: clip to [-1, 1], scale by 32766, truncate; NaN gives 0.
JAM_REALTIME uint16_t
jam_packet_encode_sample(float value);

/// Wire code to float sample: code / 32768 - 1 (the original's asymmetric scale).
JAM_REALTIME float
jam_packet_decode_sample(uint16_t code);

/// Builds a whole datagram: the header (with NumAudioChunks computed from the size) and
/// `frames` samples of each channel, planar.
/// @param buf  destination of at least jam_packet_size(frames) bytes
/// @param cap  size of buf in bytes
/// @param len  receives the datagram size in bytes
/// @return JAM_ERR_TOO_MANY_FRAMES above 249 frames, JAM_ERR_FULL if cap is too small
JAM_REALTIME JamStatus
jam_packet_encode(const JamPacketHeader* header, const float* ch1, const float* ch2, size_t frames,
                  uint8_t* buf, size_t cap, size_t* len);

/// Decodes the audio of a validated datagram into two channels.
/// @param max_frames  capacity of ch1 and ch2; extra frames in the packet are an error
/// @param frames      receives the frames per channel (0 for a header-only packet)
/// @return the validation error, or JAM_ERR_FULL if the packet holds more than max_frames
JAM_REALTIME JamStatus
jam_packet_decode(const uint8_t* buf, size_t len, float* ch1, float* ch2, size_t max_frames,
                  size_t* frames);

/// Rewrites a packet in place the way the server does before forwarding it:
/// Beat and ServerTime change; every other byte (NumAudioChunks included) stays.
JAM_REALTIME void
jam_packet_rewrite_for_forward(uint8_t* buf, uint64_t server_time, uint8_t beat);

/// Reads a big-endian u32 at offset off of buf.
static inline uint32_t
jam_packet_get_u32(const uint8_t* const buf, const size_t off)
{
  return ((uint32_t)buf[off] << 24) | ((uint32_t)buf[off + 1] << 16) |
         ((uint32_t)buf[off + 2] << 8) | (uint32_t)buf[off + 3];
}

/// Reads a big-endian u64 at offset off of buf.
static inline uint64_t
jam_packet_get_u64(const uint8_t* const buf, const size_t off)
{
  return ((uint64_t)jam_packet_get_u32(buf, off) << 32) | jam_packet_get_u32(buf, off + 4);
}

/// Writes a big-endian u32 at offset off of buf.
static inline void
jam_packet_put_u32(uint8_t* const buf, const size_t off, const uint32_t v)
{
  buf[off] = (uint8_t)(v >> 24);
  buf[off + 1] = (uint8_t)(v >> 16);
  buf[off + 2] = (uint8_t)(v >> 8);
  buf[off + 3] = (uint8_t)v;
}

/// Writes a big-endian u64 at offset off of buf.
static inline void
jam_packet_put_u64(uint8_t* const buf, const size_t off, const uint64_t v)
{
  jam_packet_put_u32(buf, off, (uint32_t)(v >> 32));
  jam_packet_put_u32(buf, off + 4, (uint32_t)v);
}

#endif // JAM_PACKET_H
