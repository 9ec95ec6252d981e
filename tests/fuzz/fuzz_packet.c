// SPDX-License-Identifier: ISC
// Fuzz target: a received datagram through the packet codec (validate, header, decode), and the
// server's in-place rewrite. Invariants: decode never reports more frames than fit; a header
// read back after a write is the same header.

#include "fuzz.h"

#include "packet.h"

#include <math.h>
#include <stdlib.h>

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (size > 2 * JAM_PACKET_MAX_SIZE) {
    return 0;
  }
  float ch1[JAM_PACKET_MAX_FRAMES];
  float ch2[JAM_PACKET_MAX_FRAMES];
  JamPacketHeader h;
  memset(&h, 0, sizeof h);
  size_t frames = 0;
  const JamStatus st = jam_packet_decode(data, size, ch1, ch2, JAM_PACKET_MAX_FRAMES, &frames);
  if (st == JAM_SUCCESS) {
    if (frames > JAM_PACKET_MAX_FRAMES || jam_packet_validate(size) != JAM_SUCCESS) {
      abort();
    }
    for (size_t i = 0; i < frames; ++i) {
      if (!(ch1[i] >= -1.01f && ch1[i] <= 1.01f && ch2[i] >= -1.01f && ch2[i] <= 1.01f)) {
        abort(); // a sample code decodes to [-1, 1]
      }
    }
    uint8_t buf[JAM_PACKET_MAX_SIZE];
    memcpy(buf, data, size);
    jam_packet_header_read(buf, &h);
    jam_packet_rewrite_for_forward(buf, h.server_time ^ 1u, (uint8_t)(h.beat + 1u));
    JamPacketHeader back;
    jam_packet_header_read(buf, &back);
    if (back.server_time != (h.server_time ^ 1u) || back.client_id != h.client_id ||
        back.sequence != h.sequence || back.client_time != h.client_time ||
        memcmp(buf + JAM_PACKET_HEADER_SIZE, data + JAM_PACKET_HEADER_SIZE,
               size - JAM_PACKET_HEADER_SIZE) != 0) {
      abort(); // the rewrite touches ServerTime and Beat only
    }
    jam_packet_header_write(&h, buf);
    jam_packet_header_read(buf, &back);
    if (back.server_time != h.server_time || back.sequence != h.sequence) {
      abort();
    }
  }
  if (st == JAM_SUCCESS) {
    // Encode what was decoded: the same size, and the samples again within the codec's step
    // (the wire's encoder scales by 32766 and the decoder by 32768: at most 2 codes apart).
    uint8_t out[JAM_PACKET_MAX_SIZE];
    size_t len = 0;
    float back1[JAM_PACKET_MAX_FRAMES];
    float back2[JAM_PACKET_MAX_FRAMES];
    size_t frames2 = 0;
    if (jam_packet_encode(&h, ch1, ch2, frames, out, sizeof out, &len) != JAM_SUCCESS ||
        len != jam_packet_size(frames) ||
        jam_packet_decode(out, len, back1, back2, JAM_PACKET_MAX_FRAMES, &frames2) != JAM_SUCCESS ||
        frames2 != frames) {
      abort();
    }
    for (size_t i = 0; i < frames; ++i) {
      if (fabsf(back1[i] - ch1[i]) > 4.0f / 32768.0f ||
          fabsf(back2[i] - ch2[i]) > 4.0f / 32768.0f) {
        abort();
      }
    }
  }
  // Hostile floats (NaN, infinities, denormals) from the input's bytes into the encoder.
  {
    float f1[JAM_PACKET_MAX_FRAMES];
    float f2[JAM_PACKET_MAX_FRAMES];
    const size_t n = size / 8 > JAM_PACKET_MAX_FRAMES ? JAM_PACKET_MAX_FRAMES : size / 8;
    memcpy(f1, data, n * sizeof(float));
    memcpy(f2, data + n * sizeof(float), n * sizeof(float));
    uint8_t out[JAM_PACKET_MAX_SIZE];
    size_t len = 0;
    if (jam_packet_encode(&h, f1, f2, n, out, sizeof out, &len) != JAM_SUCCESS) {
      abort();
    }
    size_t frames2 = 0;
    if (jam_packet_decode(out, len, f1, f2, JAM_PACKET_MAX_FRAMES, &frames2) != JAM_SUCCESS ||
        frames2 != n) {
      abort();
    }
    for (size_t i = 0; i < n; ++i) {
      if (!(f1[i] >= -1.0f && f1[i] <= 1.0f && f2[i] >= -1.0f && f2[i] <= 1.0f)) {
        abort();
      }
    }
  }
  if (size >= JAM_PACKET_HEADER_SIZE) {
    jam_packet_header_read(data, &h);
  }
  (void)jam_packet_frames(size);
  return 0;
}
