// SPDX-License-Identifier: ISC
// SipHash-2-4 against the test vectors of the SipHash paper (key 00..0f, message 00 01 02 ...).

#include "check.h"
#include "server/siphash.h"

#include <stdint.h>

static uint8_t key[16];
static uint8_t msg[64];

static void
setup(void)
{
  for (int i = 0; i < 16; ++i) {
    key[i] = (uint8_t)i;
  }
  for (int i = 0; i < 64; ++i) {
    msg[i] = (uint8_t)i;
  }
}

static void
the_empty_message_hashes_to_726fdb47dd0e0e31(void)
{
  CHECK(bcast_siphash24(key, msg, 0) == 0x726fdb47dd0e0e31ull, "got %016llx",
        (unsigned long long)bcast_siphash24(key, msg, 0));
}

static void
one_byte_hashes_to_74f839c593dc67fd(void)
{
  CHECK(bcast_siphash24(key, msg, 1) == 0x74f839c593dc67fdull, "got %016llx",
        (unsigned long long)bcast_siphash24(key, msg, 1));
}

static void
two_bytes_hash_to_0d6c8009d9a94f5a(void)
{
  CHECK(bcast_siphash24(key, msg, 2) == 0x0d6c8009d9a94f5aull, "got %016llx",
        (unsigned long long)bcast_siphash24(key, msg, 2));
}

static void
the_papers_15_byte_example_hashes_to_a129ca6149be45e5(void)
{
  CHECK(bcast_siphash24(key, msg, 15) == 0xa129ca6149be45e5ull, "got %016llx",
        (unsigned long long)bcast_siphash24(key, msg, 15));
}

static void
thirty_two_bytes_hash_to_7127512f72f27cce(void)
{
  CHECK(bcast_siphash24(key, msg, 32) == 0x7127512f72f27cceull, "got %016llx",
        (unsigned long long)bcast_siphash24(key, msg, 32));
}

static void
changing_one_key_bit_changes_about_half_the_output_bits(void)
{
  uint8_t other[16];
  memcpy(other, key, sizeof other);
  other[15] ^= 0x80u;
  const uint64_t diff = bcast_siphash24(key, msg, 24) ^ bcast_siphash24(other, msg, 24);
  const int bits = __builtin_popcountll(diff);
  CHECK(bits >= 16 && bits <= 48, "%d of 64 bits changed", bits);
}

int
main(void)
{
  setup();
  RUN(the_empty_message_hashes_to_726fdb47dd0e0e31);
  RUN(one_byte_hashes_to_74f839c593dc67fd);
  RUN(two_bytes_hash_to_0d6c8009d9a94f5a);
  RUN(the_papers_15_byte_example_hashes_to_a129ca6149be45e5);
  RUN(thirty_two_bytes_hash_to_7127512f72f27cce);
  RUN(changing_one_key_bit_changes_about_half_the_output_bits);
  return jam_test_summary();
}
