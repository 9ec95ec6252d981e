// SPDX-License-Identifier: ISC
// Return-routability cookies: layout, validity window (2 to 3 buckets of 1.048576 s), binding to
// the peer's address, port and room, and the key.

#include "check.h"
#include "server/cookie.h"

#include <arpa/inet.h>
#include <stdint.h>

static BcastCookieKey key;

static BcastAddr
v4(const char* const ip, const uint16_t port)
{
  struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, ip, &sin.sin_addr);
  BcastAddr a;
  bcast_addr_from_sockaddr((const struct sockaddr*)&sin, sizeof sin, &a);
  return a;
}

static const uint64_t t0 = 5000000000ull; // µs on the monotonic clock: bucket 4768
static const uint64_t bucket_us = 1ull << 20;

static void
a_cookie_has_bit_63_set_and_the_bucket_in_bits_48_to_62(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, t0);
  CHECK(bcast_cookie_is_cookie(c), "cookie %016llx", (unsigned long long)c);
  CHECK_INT((c >> 48) & 0x7fff, (t0 >> 20) & 0x7fff);
  CHECK_INT((t0 >> 20) & 0x7fff, 4768);
}

static void
a_wall_clock_time_is_never_taken_for_a_cookie(void)
{
  CHECK(!bcast_cookie_is_cookie(1700000001130000ull), "1.7e15 µs is a time");
  CHECK(!bcast_cookie_is_cookie(0), "0 is what a fresh client echoes");
  CHECK(!bcast_cookie_is_cookie((1ull << 63) - 1), "2^63 - 1 µs is year 294247");
}

static void
the_fresh_cookie_of_a_peer_is_valid_for_that_peer(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, t0);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, t0, c), BCAST_COOKIE_VALID);
}

static void
a_cookie_stays_valid_two_buckets_later_and_expires_at_the_third(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const uint64_t start = (t0 >> 20) << 20; // first µs of a bucket
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, start);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, start + 3 * bucket_us - 1, c),
            BCAST_COOKIE_VALID); // 3.145727 s later: still in bucket +2
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, start + 3 * bucket_us, c),
            BCAST_COOKIE_EXPIRED); // 3.145728 s: bucket +3
}

static void
a_cookie_made_at_the_end_of_a_bucket_lasts_at_least_2_seconds(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const uint64_t end = (((t0 >> 20) + 1) << 20) - 1; // last µs of a bucket
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, end);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, end + 2000000, c), BCAST_COOKIE_VALID);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, end + 2 * bucket_us + 1, c),
            BCAST_COOKIE_EXPIRED);
}

static void
a_cookie_from_a_future_bucket_is_refused(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, t0 + bucket_us);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, t0, c), BCAST_COOKIE_EXPIRED);
}

static void
another_port_of_the_same_host_cannot_use_the_cookie(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const BcastAddr other = v4("192.0.2.7", 40001);
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, t0);
  CHECK_INT(bcast_cookie_check(&key, &other, 7891, t0, c), BCAST_COOKIE_FORGED);
}

static void
another_host_cannot_use_the_cookie(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const BcastAddr other = v4("192.0.2.8", 40000);
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, t0);
  CHECK_INT(bcast_cookie_check(&key, &other, 7891, t0, c), BCAST_COOKIE_FORGED);
}

static void
a_cookie_of_one_room_is_refused_by_another_room(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, t0);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7892, t0, c), BCAST_COOKIE_FORGED);
}

static void
a_cookie_under_another_key_is_forged(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  BcastCookieKey other = key;
  other.key[0] ^= 1u;
  const uint64_t c = bcast_cookie_make(&other, &peer, 7891, t0);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, t0, c), BCAST_COOKIE_FORGED);
}

static void
flipping_any_one_of_the_48_mac_bits_is_detected(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  const uint64_t c = bcast_cookie_make(&key, &peer, 7891, t0);
  int accepted = 0;
  for (int bit = 0; bit < 48; ++bit) {
    accepted += bcast_cookie_check(&key, &peer, 7891, t0, c ^ (1ull << bit)) == BCAST_COOKIE_VALID;
  }
  CHECK_INT(accepted, 0);
}

static void
a_time_echo_is_not_a_cookie(void)
{
  const BcastAddr peer = v4("192.0.2.7", 40000);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, t0, 1700000001130000ull),
            BCAST_COOKIE_NOT_COOKIE);
  CHECK_INT(bcast_cookie_check(&key, &peer, 7891, t0, 0), BCAST_COOKIE_NOT_COOKIE);
}

static void
two_random_keys_differ(void)
{
  BcastCookieKey a;
  BcastCookieKey b;
  CHECK_INT(bcast_cookie_key_random(&a), JAM_SUCCESS);
  CHECK_INT(bcast_cookie_key_random(&b), JAM_SUCCESS);
  CHECK(memcmp(a.key, b.key, sizeof a.key) != 0, "two 128-bit random keys are equal");
}

int
main(void)
{
  for (int i = 0; i < 16; ++i) {
    key.key[i] = (uint8_t)(0x10 + i);
  }
  RUN(a_cookie_has_bit_63_set_and_the_bucket_in_bits_48_to_62);
  RUN(a_wall_clock_time_is_never_taken_for_a_cookie);
  RUN(the_fresh_cookie_of_a_peer_is_valid_for_that_peer);
  RUN(a_cookie_stays_valid_two_buckets_later_and_expires_at_the_third);
  RUN(a_cookie_made_at_the_end_of_a_bucket_lasts_at_least_2_seconds);
  RUN(a_cookie_from_a_future_bucket_is_refused);
  RUN(another_port_of_the_same_host_cannot_use_the_cookie);
  RUN(another_host_cannot_use_the_cookie);
  RUN(a_cookie_of_one_room_is_refused_by_another_room);
  RUN(a_cookie_under_another_key_is_forged);
  RUN(flipping_any_one_of_the_48_mac_bits_is_detected);
  RUN(a_time_echo_is_not_a_cookie);
  RUN(two_random_keys_differ);
  return jam_test_summary();
}
