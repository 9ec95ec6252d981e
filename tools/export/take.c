// SPDX-License-Identifier: ISC
#include "take.h"

#include "packet.h"

long
take_next_packet(FILE* const f, uint8_t* const buf)
{
  const size_t h = fread(buf, 1, JAM_PACKET_HEADER_SIZE, f);
  if (h == 0) {
    return 0;
  }
  if (h != JAM_PACKET_HEADER_SIZE) {
    return -1;
  }
  const size_t audio = (size_t)buf[2] * 32u;
  if (JAM_PACKET_HEADER_SIZE + audio > JAM_PACKET_MAX_SIZE) {
    return -1;
  }
  if (audio && fread(buf + JAM_PACKET_HEADER_SIZE, 1, audio, f) != audio) {
    return -1;
  }
  return (long)(JAM_PACKET_HEADER_SIZE + audio);
}

int
take_limit(const uint64_t t0, const uint64_t t_end, uint64_t* const limit)
{
  if (t_end < t0 || t_end - t0 > TAKE_MAX_SPAN_US) {
    return -1;
  }
  *limit = (t_end - t0) * TAKE_RATE / 1000000u + TAKE_SLACK_FRAMES;
  return 0;
}

uint64_t
take_base(const uint64_t first_time, const uint64_t t0)
{
  return (first_time - t0) * TAKE_RATE / 1000000u;
}

int
take_place(const uint64_t base, const uint32_t first_seq, const uint32_t first_frames,
           const uint32_t seq, const uint32_t frames, const uint64_t limit, uint64_t* const pos)
{
  const uint32_t rel = seq - first_seq;
  if (frames == 0 || rel > 0x7fffffffu) {
    return -1;
  }
  const uint64_t p = base + (uint64_t)rel * first_frames;
  if (p + frames > limit) {
    return -1;
  }
  *pos = p;
  return 0;
}
