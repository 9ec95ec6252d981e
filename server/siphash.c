// SPDX-License-Identifier: ISC
// SipHash-2-4, written from the paper's description: a 256-bit state (v0..v3) initialised from
// the key and four constants ("somepseudorandomlygeneratedbytes"), 2 SipRounds per 8-byte
// little-endian message word, the length in the top byte of the last word, then 4 rounds after
// xoring 0xff into v2.

#include "siphash.h"

static inline uint64_t
rotl(const uint64_t x, const unsigned b)
{
  return (x << b) | (x >> (64u - b));
}

static inline uint64_t
load_le64(const uint8_t* const p)
{
  uint64_t v = 0;
  for (unsigned i = 0; i < 8; ++i) {
    v |= (uint64_t)p[i] << (8u * i);
  }
  return v;
}

typedef struct {
  uint64_t v0, v1, v2, v3;
} SipState;

static inline void
sip_round(SipState* const s)
{
  s->v0 += s->v1;
  s->v1 = rotl(s->v1, 13);
  s->v1 ^= s->v0;
  s->v0 = rotl(s->v0, 32);
  s->v2 += s->v3;
  s->v3 = rotl(s->v3, 16);
  s->v3 ^= s->v2;
  s->v0 += s->v3;
  s->v3 = rotl(s->v3, 21);
  s->v3 ^= s->v0;
  s->v2 += s->v1;
  s->v1 = rotl(s->v1, 17);
  s->v1 ^= s->v2;
  s->v2 = rotl(s->v2, 32);
}

static inline void
sip_compress(SipState* const s, const uint64_t m)
{
  s->v3 ^= m;
  sip_round(s);
  sip_round(s);
  s->v0 ^= m;
}

uint64_t
bcast_siphash24(const uint8_t key[BCAST_SIPHASH_KEY_SIZE], const void* const data, const size_t len)
{
  const uint64_t k0 = load_le64(key);
  const uint64_t k1 = load_le64(key + 8);
  SipState s = {
      .v0 = k0 ^ 0x736f6d6570736575ull, // "somepseu"
      .v1 = k1 ^ 0x646f72616e646f6dull, // "dorandom"
      .v2 = k0 ^ 0x6c7967656e657261ull, // "lygenera"
      .v3 = k1 ^ 0x7465646279746573ull, // "tedbytes"
  };
  const uint8_t* const bytes = data;
  const size_t whole = len & ~(size_t)7;
  for (size_t i = 0; i < whole; i += 8) {
    sip_compress(&s, load_le64(bytes + i));
  }
  // Last word: the 0..7 remaining bytes, little-endian, with len mod 256 in the top byte.
  uint64_t last = (uint64_t)(len & 0xffu) << 56;
  for (size_t i = 0; i < (len & 7u); ++i) {
    last |= (uint64_t)bytes[whole + i] << (8u * i);
  }
  sip_compress(&s, last);
  s.v2 ^= 0xffu;
  for (int i = 0; i < 4; ++i) {
    sip_round(&s);
  }
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}
