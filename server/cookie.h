// SPDX-License-Identifier: ISC
/// Return-routability cookies: the ServerTime value the server puts in the 28-byte echo it sends
/// to an unverified source. Existing clients copy the ServerTime of the last packet they received
/// into every packet they send, so a source that echoes a valid cookie has proved that it
/// receives what the server sends to its address. Stateless: nothing is stored per source.
///
/// Layout of a cookie (64 bits, sent big-endian like every ServerTime):
///   bit 63       1: marks a cookie (a wall-clock µs time stays below 2^63 until year 294247)
///   bits 48..62  time bucket: (monotonic µs >> 20) mod 2^15, one bucket = 1.048576 s
///   bits 0..47   the low 48 bits of SipHash-2-4(key, peer address, peer port, room port, bucket)

#ifndef BCAST_COOKIE_H
#define BCAST_COOKIE_H

#include "addr.h"
#include "rt.h"
#include "siphash.h"
#include "status.h"

#include <stdint.h>

#define BCAST_COOKIE_FLAG         (1ull << 63) ///< set in every cookie, never in a time
#define BCAST_COOKIE_BUCKET_SHIFT 20u          ///< µs to bucket: 2^20 µs = 1.048576 s
#define BCAST_COOKIE_BUCKET_BITS  15u          ///< bits of the bucket number
#define BCAST_COOKIE_MAX_AGE      2u           ///< buckets: a cookie is accepted for 2.1 to 3.1 s
#define BCAST_COOKIE_MAC_MASK     0xffffffffffffull ///< the 48 MAC bits

/// The per-process secret.
typedef struct {
  uint8_t key[BCAST_SIPHASH_KEY_SIZE]; ///< SipHash key, from getrandom()
} BcastCookieKey;

/// What a received ServerTime turned out to be.
typedef enum {
  BCAST_COOKIE_VALID = 0,  ///< a cookie this process made for this peer, recent enough
  BCAST_COOKIE_NOT_COOKIE, ///< bit 63 clear: a time (or 0), not a cookie
  BCAST_COOKIE_EXPIRED,    ///< the MAC matches but the bucket is older than MAX_AGE (or ahead)
  BCAST_COOKIE_FORGED,     ///< bit 63 set but the MAC does not match this peer
} BcastCookieVerdict;

/// Fills the key from the kernel's random source (getrandom).
/// @return JAM_ERR_SYSTEM if getrandom failed (errno is set)
JamStatus
bcast_cookie_key_random(BcastCookieKey* key);

/// True when a ServerTime value has the cookie flag (it is not a time and gives no latency).
static inline int
bcast_cookie_is_cookie(const uint64_t server_time)
{
  return (server_time & BCAST_COOKIE_FLAG) != 0;
}

/// Makes the cookie for a peer of the room on `room_port` at monotonic time `mono_us`.
JAM_REALTIME uint64_t
bcast_cookie_make(const BcastCookieKey* key, const BcastAddr* peer, uint16_t room_port,
                  uint64_t mono_us);

/// Checks an echoed ServerTime against the cookie this peer would have been given.
JAM_REALTIME BcastCookieVerdict
bcast_cookie_check(const BcastCookieKey* key, const BcastAddr* peer, uint16_t room_port,
                   uint64_t mono_us, uint64_t echoed);

#endif // BCAST_COOKIE_H
