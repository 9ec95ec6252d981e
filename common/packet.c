// SPDX-License-Identifier: ISC
// Jam packet encoding and decoding (rtjam_rust_spec.md §2). All arithmetic on samples is in
// float, as in the original, so the codes match it byte for byte.

#include "packet.h"

JamStatus
jam_packet_validate(const size_t len)
{
  if (len < JAM_PACKET_HEADER_SIZE) {
    return JAM_ERR_SHORT_PACKET;
  }
  if (len > JAM_PACKET_MAX_SIZE) {
    return JAM_ERR_LONG_PACKET;
  }
  if (len & 1u) {
    return JAM_ERR_ODD_LENGTH;
  }
  return JAM_SUCCESS;
}

size_t
jam_packet_frames(const size_t len)
{
  return len < JAM_PACKET_HEADER_SIZE ? 0 : (len - JAM_PACKET_HEADER_SIZE) / 4u;
}

size_t
jam_packet_size(const size_t frames)
{
  return JAM_PACKET_HEADER_SIZE + 4u * frames;
}

void
jam_packet_header_write(const JamPacketHeader* const header, uint8_t* const buf)
{
  buf[JAM_PACKET_OFF_CHANNEL] = header->channel;
  buf[JAM_PACKET_OFF_SAMPLE_RATE] = header->sample_rate;
  buf[JAM_PACKET_OFF_CHUNKS] = header->num_audio_chunks;
  buf[JAM_PACKET_OFF_BEAT] = header->beat;
  jam_packet_put_u64(buf, JAM_PACKET_OFF_SERVER_TIME, header->server_time);
  jam_packet_put_u64(buf, JAM_PACKET_OFF_CLIENT_TIME, header->client_time);
  jam_packet_put_u32(buf, JAM_PACKET_OFF_CLIENT_ID, header->client_id);
  jam_packet_put_u32(buf, JAM_PACKET_OFF_SEQUENCE, header->sequence);
}

void
jam_packet_header_read(const uint8_t* const buf, JamPacketHeader* const header)
{
  header->channel = buf[JAM_PACKET_OFF_CHANNEL];
  header->sample_rate = buf[JAM_PACKET_OFF_SAMPLE_RATE];
  header->num_audio_chunks = buf[JAM_PACKET_OFF_CHUNKS];
  header->beat = buf[JAM_PACKET_OFF_BEAT];
  header->server_time = jam_packet_get_u64(buf, JAM_PACKET_OFF_SERVER_TIME);
  header->client_time = jam_packet_get_u64(buf, JAM_PACKET_OFF_CLIENT_TIME);
  header->client_id = jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID);
  header->sequence = jam_packet_get_u32(buf, JAM_PACKET_OFF_SEQUENCE);
}

uint16_t
jam_packet_encode_sample(const float value)
{
  const float shifted = value + 1.0f;
  if (!(shifted > 0.0f)) { // also catches NaN, which the original's cast turns into 0
    return 0;
  }
  if (shifted >= 2.0f) {
    return (uint16_t)(2.0f * 32766.0f);
  }
  return (uint16_t)(shifted * 32766.0f); // truncates toward zero, like Rust's `as u16`
}

float
jam_packet_decode_sample(const uint16_t code)
{
  return (float)code * (1.0f / 32768.0f) - 1.0f;
}

JamStatus
jam_packet_encode(const JamPacketHeader* const header, const float* const ch1,
                  const float* const ch2, const size_t frames, uint8_t* const buf, const size_t cap,
                  size_t* const len)
{
  if (frames > JAM_PACKET_MAX_FRAMES) {
    return JAM_ERR_TOO_MANY_FRAMES;
  }
  const size_t size = jam_packet_size(frames);
  if (cap < size) {
    return JAM_ERR_FULL;
  }
  JamPacketHeader h = *header;
  h.num_audio_chunks = (uint8_t)(size / JAM_PACKET_CHUNK_BYTES);
  jam_packet_header_write(&h, buf);
  uint8_t* p1 = buf + JAM_PACKET_HEADER_SIZE;
  uint8_t* p2 = p1 + 2u * frames;
  for (size_t i = 0; i < frames; ++i) {
    const uint16_t c1 = jam_packet_encode_sample(ch1[i]);
    const uint16_t c2 = jam_packet_encode_sample(ch2[i]);
    p1[2 * i] = (uint8_t)(c1 >> 8);
    p1[2 * i + 1] = (uint8_t)c1;
    p2[2 * i] = (uint8_t)(c2 >> 8);
    p2[2 * i + 1] = (uint8_t)c2;
  }
  *len = size;
  return JAM_SUCCESS;
}

JamStatus
jam_packet_decode(const uint8_t* const buf, const size_t len, float* const ch1, float* const ch2,
                  const size_t max_frames, size_t* const frames)
{
  *frames = 0;
  const JamStatus st = jam_packet_validate(len);
  if (st != JAM_SUCCESS) {
    return st;
  }
  const size_t n = jam_packet_frames(len);
  if (n > max_frames) {
    return JAM_ERR_FULL;
  }
  const uint8_t* p1 = buf + JAM_PACKET_HEADER_SIZE;
  const uint8_t* p2 = p1 + 2u * n;
  for (size_t i = 0; i < n; ++i) {
    ch1[i] = jam_packet_decode_sample((uint16_t)((p1[2 * i] << 8) | p1[2 * i + 1]));
    ch2[i] = jam_packet_decode_sample((uint16_t)((p2[2 * i] << 8) | p2[2 * i + 1]));
  }
  *frames = n;
  return JAM_SUCCESS;
}

void
jam_packet_rewrite_for_forward(uint8_t* const buf, const uint64_t server_time, const uint8_t beat)
{
  buf[JAM_PACKET_OFF_BEAT] = beat;
  jam_packet_put_u64(buf, JAM_PACKET_OFF_SERVER_TIME, server_time);
}
