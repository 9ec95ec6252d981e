// SPDX-License-Identifier: ISC
// Fuzz target: the server's per-datagram path (bcast_room_receive) as a worker drives it. The
// input is a script of datagrams from 8 sources (IPv4-mapped and IPv6); a flag bit puts the
// cookie the room would have sent that source into ServerTime, so the fuzzer gets past
// admission and reaches members, rate limits, expiry and snapshots. Clocks move forward by
// fuzzed steps, wall and monotonic independently (a wall clock may jump back).
//
// Script, per datagram: u8 source (low 3 bits; bit 3: cookie; bit 4: flush + expire; bit 5:
// truncated; bit 7: switch mix mode), u16 time step (µs * 64), u16 length (mod 1100), then
// that many bytes. In mix mode each datagram is followed by a mix tick.
// Invariants: the queue never exceeds bcast_room_max_fanout() entries per datagram or tick, an
// unverified source never gets more than 28 bytes back, and a mix tick sends each member one
// 540-byte packet of client 40002.

#include "fuzz.h"

#include "packet.h"
#include "server/room.h"

#include <arpa/inet.h>
#include <stdlib.h>

#define SOURCES 8

static int
sink(void* const ctx, const BcastEvent* const ev)
{
  (void)ctx;
  (void)ev;
  return 0;
}

static BcastSockaddr
source(const unsigned k)
{
  BcastSockaddr s;
  memset(&s, 0, sizeof s);
  s.u.in6.sin6_family = AF_INET6;
  s.u.in6.sin6_port = htons((uint16_t)(40000 + k));
  inet_pton(AF_INET6, k & 1 ? "2001:db8::7" : "::ffff:192.0.2.1", &s.u.in6.sin6_addr);
  s.len = sizeof s.u.in6;
  return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  static const BcastCookieKey key = {.key = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}};
  FuzzIn in = {data, size};
  BcastRoomConfig config;
  bcast_room_config_default(&config, 7891);
  config.max_players = 1u + fuzz_u8(&in) % 6u;
  BcastRoom* room = bcast_room_new(&config, &key, (BcastEventSink){.emit = sink, .ctx = NULL});
  if (!room) {
    abort();
  }
  BcastTxq* q = bcast_txq_new(64 * bcast_room_max_fanout(room));
  if (!q) {
    abort();
  }
  BcastSockaddr from[SOURCES];
  for (unsigned k = 0; k < SOURCES; ++k) {
    from[k] = source(k);
  }
  BcastNow now = {.wall_us = 1700000000000000ull, .mono_us = 50000000000ull};
  static uint8_t bufs[64][JAM_PACKET_MAX_SIZE + 64];
  size_t used = 0;
  int mix = 0;
  while (in.n) {
    const uint8_t op = fuzz_u8(&in);
    const uint16_t step = fuzz_u16(&in);
    const size_t want = fuzz_u16(&in) % (JAM_PACKET_MAX_SIZE + 64);
    const uint8_t* bytes = NULL;
    const size_t len = fuzz_bytes(&in, want, &bytes);
    now.mono_us += (uint64_t)step * 64u;
    now.wall_us += (op & 0x40) ? (uint64_t)step * 64u : (uint64_t)0 - (uint64_t)step;
    if (used == 64 || (op & 0x10)) {
      bcast_txq_clear(q);
      used = 0;
      bcast_room_expire(room, now.mono_us);
    }
    uint8_t* const buf = bufs[used++];
    memcpy(buf, bytes, len);
    const BcastSockaddr* const src = &from[op & 7u];
    if ((op & 0x08) && len >= JAM_PACKET_HEADER_SIZE) {
      BcastAddr a;
      bcast_addr_from_sockaddr(&src->u.sa, src->len, &a);
      jam_packet_put_u64(buf, JAM_PACKET_OFF_SERVER_TIME,
                         bcast_cookie_make(&key, &a, config.port, now.mono_us));
    }
    if (op & 0x80) {
      mix = !mix;
      if (bcast_room_request_mix(room, mix) != JAM_SUCCESS) {
        abort();
      }
      bcast_room_poll(room);
    }
    const size_t before = bcast_txq_count(q);
    bcast_room_receive(room, buf, len, (op & 0x20) != 0, src, &now, q);
    const size_t added = bcast_txq_count(q) - before;
    if (added > bcast_room_max_fanout(room)) {
      abort();
    }
    for (size_t i = before; i < before + added; ++i) {
      const BcastSockaddr* const to = bcast_txq_to(q, i);
      if (to->len == src->len && !memcmp(&to->u, &src->u, src->len) &&
          bcast_txq_len(q, i) != JAM_PACKET_HEADER_SIZE) {
        abort(); // the sender gets a 28-byte echo or cookie, never more
      }
    }
    if (mix) {
      if (bcast_txq_space(q) < bcast_room_max_fanout(room)) {
        bcast_txq_clear(q);
        used = 0;
      }
      const size_t t0 = bcast_txq_count(q);
      bcast_room_stream_tick(room, BCAST_STREAM_MIX, &now, q);
      if (bcast_txq_count(q) - t0 != bcast_room_member_count(room)) {
        abort(); // one mix packet per member
      }
      for (size_t i = t0; i < bcast_txq_count(q); ++i) {
        if (bcast_txq_len(q, i) != 540 ||
            jam_packet_get_u32(bcast_txq_buf(q, i), JAM_PACKET_OFF_CLIENT_ID) !=
                JAM_PACKET_MIX_ID) {
          abort();
        }
      }
    }
  }
  BcastRoomStatus* st = malloc(bcast_room_status_size(config.max_players));
  if (st) {
    bcast_room_snapshot(room, &now, st);
    free(st);
  }
  bcast_txq_free(q);
  bcast_room_free(room);
  return 0;
}
