// SPDX-License-Identifier: ISC
// Fuzz target: rtjam-net's per-player stream (plugins/net/stream.c), the receive side of every
// remote player, with hostile sequence numbers (wraps, jumps, duplicates, reordering) and
// arrival times (bursts, stalls, time going backwards), interleaved with reads of any size and
// policy changes, as the audio thread sees them.
//
// Script, per op: u8 kind; then for put: u32 seq delta (or absolute), u32 arrival step (µs,
// signed), u8 frames; for get: u8 n; for policy: u8 mode, u16 depth, u16 margin.
// Invariants: reads give finite samples in [-1.01, 1.01] when the input is; the fill never
// exceeds the capacity; target depth stays within the buffer.

#include "fuzz.h"

#include "plugins/net/stream.h"

#include <math.h>
#include <stdlib.h>

#define CAPACITY 4096u

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  static NetStream* s;
  if (!s && !(s = net_stream_new(CAPACITY))) {
    abort();
  }
  net_stream_reset(s);
  net_stream_set_policy(s, NET_STREAM_AUTO, 0, 0);
  FuzzIn in = {data, size};
  float ch1[NET_STREAM_MAX_FRAMES];
  float ch2[NET_STREAM_MAX_FRAMES];
  uint32_t seq = 0;
  uint64_t t = 1000000000ull;
  while (in.n) {
    const uint8_t op = fuzz_u8(&in);
    switch (op % 4u) {
    case 0:
    case 1: {
      const uint32_t d = fuzz_u32(&in);
      seq = (op & 0x10) ? d : seq + (d & 0xf) - 2u; // mostly near, sometimes anywhere
      const int32_t step = (int32_t)fuzz_u32(&in);
      t = (op & 0x20) ? t + (uint64_t)(int64_t)(step % 100000) : t + (uint32_t)step % 3000u;
      const size_t frames = 1u + fuzz_u8(&in) % NET_STREAM_MAX_FRAMES;
      for (size_t i = 0; i < frames; ++i) {
        ch1[i] = (float)((int)((seq + i) % 201u) - 100) / 100.0f;
        ch2[i] = -ch1[i];
      }
      net_stream_put(s, seq, t, ch1, ch2, frames);
      break;
    }
    case 2: {
      const size_t n = fuzz_u8(&in) % (NET_STREAM_MAX_FRAMES + 1u);
      net_stream_get(s, ch1, ch2, n);
      for (size_t i = 0; i < n; ++i) {
        if (!(fabsf(ch1[i]) <= 1.01f && fabsf(ch2[i]) <= 1.01f)) {
          abort(); // concealment and crossfades stay within the input's range
        }
      }
      break;
    }
    case 3: {
      const NetStreamMode mode = (op & 0x10) ? NET_STREAM_FIXED : NET_STREAM_AUTO;
      const uint16_t depth = fuzz_u16(&in);
      const uint16_t margin = fuzz_u16(&in);
      net_stream_set_policy(s, mode, depth, margin);
      break;
    }
    default:
      break;
    }
    NetStreamStats st;
    net_stream_stats(s, &st);
    if (st.fill > CAPACITY || !isfinite(st.span_ms) || !isfinite(st.depth_ms)) {
      abort();
    }
  }
  return 0;
}
