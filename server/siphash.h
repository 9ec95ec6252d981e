// SPDX-License-Identifier: ISC
/// SipHash-2-4, the keyed 64-bit pseudo-random function of Aumasson and Bernstein
/// ("SipHash: a fast short-input PRF", 2012). The server keys its return-routability cookies with
/// it.

#ifndef BCAST_SIPHASH_H
#define BCAST_SIPHASH_H

#include "rt.h"

#include <stddef.h>
#include <stdint.h>

#define BCAST_SIPHASH_KEY_SIZE 16u ///< bytes

/// SipHash-2-4 of `len` bytes of `data` under a 16-byte key (read little-endian, as in the paper).
/// @return the 64-bit tag, as the integer the paper's test vectors print
JAM_REALTIME uint64_t
bcast_siphash24(const uint8_t key[BCAST_SIPHASH_KEY_SIZE], const void* data, size_t len);

#endif // BCAST_SIPHASH_H
