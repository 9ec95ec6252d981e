// SPDX-License-Identifier: ISC
// Fuzz target: rtjam-export's take reader (tools/export/take.c) on a hostile take file: packets
// read back to back (28-byte header, NumAudioChunks x 32 bytes), the players' first packets,
// the take's span by ServerTime, and where each packet's audio would be written. Invariants:
// a packet read is 28..1024 bytes and whole; a placed packet ends within the take's span plus
// 10 s (so a hostile sender cannot make the export write more than that); a span over 48 h is
// refused.

#include "fuzz.h"

#include "packet.h"
#include "tools/export/take.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_IDS 64

typedef struct {
  uint32_t id, first_seq, frames;
  uint64_t first_time;
  int n;
} First;

static First*
first_of(First* const firsts, int* const count, const uint32_t id)
{
  for (int i = 0; i < *count; ++i) {
    if (firsts[i].id == id) {
      return &firsts[i];
    }
  }
  if (*count == MAX_IDS) {
    return NULL;
  }
  First* const f = &firsts[(*count)++];
  memset(f, 0, sizeof *f);
  f->id = id;
  return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  if (size == 0 || size > 1 << 20) {
    return 0;
  }
  FILE* const f = fmemopen((void*)(uintptr_t)data, size, "rb");
  if (!f) {
    return 0;
  }
  uint8_t buf[JAM_PACKET_MAX_SIZE];
  First firsts[MAX_IDS];
  int count = 0;
  uint64_t t0 = 0, t_end = 0, n = 0;
  long len;
  while ((len = take_next_packet(f, buf)) > 0) {
    if (len < (long)JAM_PACKET_HEADER_SIZE || len > (long)JAM_PACKET_MAX_SIZE ||
        (len - (long)JAM_PACKET_HEADER_SIZE) % 32 != 0) {
      abort();
    }
    const uint64_t t = jam_packet_get_u64(buf, JAM_PACKET_OFF_SERVER_TIME);
    t0 = n == 0 || t < t0 ? t : t0;
    t_end = n == 0 || t > t_end ? t : t_end;
    ++n;
    First* const p = first_of(firsts, &count, jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID));
    const uint32_t frames = (uint32_t)(len - (long)JAM_PACKET_HEADER_SIZE) / 4u;
    if (p && (p->n++ == 0 || (p->frames == 0 && frames > 0))) {
      p->first_seq = jam_packet_get_u32(buf, JAM_PACKET_OFF_SEQUENCE);
      p->first_time = t;
      p->frames = frames;
    }
  }
  uint64_t limit = 0;
  if (n == 0 || take_limit(t0, t_end, &limit) != 0) {
    if (n && t_end - t0 <= TAKE_MAX_SPAN_US) {
      abort(); // a span within 48 h is a take
    }
    fclose(f);
    return 0;
  }
  rewind(f);
  while ((len = take_next_packet(f, buf)) > 0) {
    First* const p = first_of(firsts, &count, jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID));
    if (!p) {
      continue;
    }
    const uint32_t frames = (uint32_t)(len - (long)JAM_PACKET_HEADER_SIZE) / 4u;
    const uint64_t base = take_base(p->first_time, t0);
    uint64_t pos = 0;
    if (take_place(base, p->first_seq, p->frames, jam_packet_get_u32(buf, JAM_PACKET_OFF_SEQUENCE),
                   frames, limit, &pos) == 0 &&
        (pos < base || pos + frames > limit)) {
      abort(); // placed outside the take
    }
  }
  fclose(f);
  return 0;
}
