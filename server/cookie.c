// SPDX-License-Identifier: ISC
// Stateless return-routability cookies (see cookie.h for the layout and the reasoning).

#include "cookie.h"

#include <errno.h>
#include <sys/random.h>

#define BUCKET_MASK ((1u << BCAST_COOKIE_BUCKET_BITS) - 1u)

JamStatus
bcast_cookie_key_random(BcastCookieKey* const key)
{
  size_t got = 0;
  while (got < sizeof key->key) {
    const ssize_t n = getrandom(key->key + got, sizeof key->key - got, 0);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return JAM_ERR_SYSTEM;
    }
    got += (size_t)n;
  }
  return JAM_SUCCESS;
}

static uint64_t
cookie_mac(const BcastCookieKey* const key, const BcastAddr* const peer, const uint16_t room_port,
           const uint32_t bucket)
{
  // 24 bytes: the peer's IPv6 (or mapped IPv4) address, its port, the room port, the bucket.
  uint8_t msg[24] = {0};
  for (unsigned i = 0; i < 16; ++i) {
    msg[i] = peer->ip[i];
  }
  msg[16] = (uint8_t)(peer->port >> 8);
  msg[17] = (uint8_t)peer->port;
  msg[18] = (uint8_t)(room_port >> 8);
  msg[19] = (uint8_t)room_port;
  msg[20] = (uint8_t)(bucket >> 8);
  msg[21] = (uint8_t)bucket;
  return bcast_siphash24(key->key, msg, sizeof msg) & BCAST_COOKIE_MAC_MASK;
}

static uint32_t
bucket_of(const uint64_t mono_us)
{
  return (uint32_t)(mono_us >> BCAST_COOKIE_BUCKET_SHIFT) & BUCKET_MASK;
}

uint64_t
bcast_cookie_make(const BcastCookieKey* const key, const BcastAddr* const peer,
                  const uint16_t room_port, const uint64_t mono_us)
{
  const uint32_t bucket = bucket_of(mono_us);
  return BCAST_COOKIE_FLAG | ((uint64_t)bucket << 48) | cookie_mac(key, peer, room_port, bucket);
}

BcastCookieVerdict
bcast_cookie_check(const BcastCookieKey* const key, const BcastAddr* const peer,
                   const uint16_t room_port, const uint64_t mono_us, const uint64_t echoed)
{
  if (!bcast_cookie_is_cookie(echoed)) {
    return BCAST_COOKIE_NOT_COOKIE;
  }
  const uint32_t bucket = (uint32_t)(echoed >> 48) & BUCKET_MASK;
  if (cookie_mac(key, peer, room_port, bucket) != (echoed & BCAST_COOKIE_MAC_MASK)) {
    return BCAST_COOKIE_FORGED;
  }
  // Age in buckets, modulo 2^15; a cookie "from the future" wraps to a large age.
  const uint32_t age = (bucket_of(mono_us) - bucket) & BUCKET_MASK;
  return age <= BCAST_COOKIE_MAX_AGE ? BCAST_COOKIE_VALID : BCAST_COOKIE_EXPIRED;
}
