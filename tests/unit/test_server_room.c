// SPDX-License-Identifier: ISC
// The room's forwarding logic without sockets: what it queues for each datagram, in bytes.

#include "check.h"
#include "clock.h"
#include "packet.h"
#include "server/metronome.h"
#include "server/room.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 64

static BcastCookieKey key;
static BcastEvent events[MAX_EVENTS];
static int event_count;

static int
collect(void* const ctx, const BcastEvent* const ev)
{
  (void)ctx;
  if (event_count == MAX_EVENTS) {
    return 1;
  }
  events[event_count++] = *ev;
  return 0;
}

static BcastRoom*
make_room(const uint32_t max_players)
{
  event_count = 0;
  BcastRoomConfig config;
  bcast_room_config_default(&config, 7891);
  config.max_players = max_players;
  const BcastEventSink sink = {.emit = collect, .ctx = NULL};
  return bcast_room_new(&config, &key, sink);
}

static BcastSockaddr
peer(const uint16_t port)
{
  BcastSockaddr s;
  memset(&s, 0, sizeof s);
  s.u.in6.sin6_family = AF_INET6;
  s.u.in6.sin6_port = htons(port);
  inet_pton(AF_INET6, "::ffff:192.0.2.1", &s.u.in6.sin6_addr);
  s.len = sizeof s.u.in6;
  return s;
}

// A 540-byte packet (128 frames) as a client sends it: audio bytes i*7+id.
static size_t
client_packet(uint8_t* const buf, const uint32_t id, const uint32_t seq, const uint64_t echo)
{
  const JamPacketHeader h = {
      .num_audio_chunks = 16,
      .server_time = echo,
      .client_time = 1700000001123456ull,
      .client_id = id,
      .sequence = seq,
  };
  jam_packet_header_write(&h, buf);
  for (size_t i = JAM_PACKET_HEADER_SIZE; i < 540; ++i) {
    buf[i] = (uint8_t)(i * 7u + id);
  }
  return 540;
}

static const BcastNow now0 = {.wall_us = 1700000001130000ull, .mono_us = 50000000000ull};

static BcastNow
later(const uint64_t us)
{
  const BcastNow n = {.wall_us = now0.wall_us + us, .mono_us = now0.mono_us + us};
  return n;
}

// Sends one packet from `from` and returns the queue.
static void
receive(BcastRoom* room, BcastTxq* q, uint8_t* buf, size_t len, const BcastSockaddr* from,
        const BcastNow* now)
{
  bcast_txq_clear(q);
  bcast_room_receive(room, buf, len, 0, from, now, q);
}

// Joins `from`: a first packet gets a cookie, the second echoes it.
static void
join(BcastRoom* room, BcastTxq* q, const BcastSockaddr* from, const uint32_t id,
     const BcastNow* now)
{
  static uint8_t buf[1024];
  size_t len = client_packet(buf, id, 0, 0);
  receive(room, q, buf, len, from, now);
  CHECK_INT(bcast_txq_count(q), 1);
  const uint64_t cookie = jam_packet_get_u64(buf, JAM_PACKET_OFF_SERVER_TIME);
  static uint8_t buf2[1024];
  len = client_packet(buf2, id, 1, cookie);
  receive(room, q, buf2, len, from, now);
}

static void
an_unknown_source_gets_only_a_28_byte_cookie_echo(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  uint8_t buf[1024];
  uint8_t sent[1024];
  const size_t len = client_packet(buf, 12345, 7, 0);
  memcpy(sent, buf, len);
  const BcastSockaddr a = peer(40000);
  receive(room, q, buf, len, &a, &now0);
  CHECK_INT(bcast_txq_count(q), 1);
  CHECK_INT(bcast_txq_len(q, 0), 28);
  CHECK_INT(bcast_txq_dest(q, 0), BCAST_TXQ_NO_DEST); // never coalesced (gso.h)
  const uint8_t* out = bcast_txq_buf(q, 0);
  CHECK(bcast_cookie_is_cookie(jam_packet_get_u64(out, JAM_PACKET_OFF_SERVER_TIME)),
        "ServerTime of the challenge is a cookie");
  CHECK_INT(out[JAM_PACKET_OFF_BEAT], 2); // §2.4: 1700000001130000 / 500000 mod 4
  CHECK_BYTES(out, sent, 3);              // channel, rate, chunks unchanged
  CHECK_BYTES(out + 12, sent + 12, 16);   // client time, id, sequence unchanged
  CHECK_INT(bcast_room_member_count(room), 0);
  CHECK_INT(bcast_room_counters(room)->challenges, 1);
  CHECK_INT(bcast_room_counters(room)->dropped_unverified, 1);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
echoing_the_cookie_admits_the_source_and_logs_a_join(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  join(room, q, &a, 12345, &now0);
  CHECK_INT(bcast_room_member_count(room), 1);
  CHECK_INT(event_count, 1);
  CHECK_INT(events[0].type, BCAST_EVENT_JOIN);
  CHECK_INT(events[0].client_id, 12345);
  CHECK_INT(events[0].port, 7891);
  CHECK_INT(events[0].members, 1);
  // The admitting packet already gets a normal echo: 28 bytes, ServerTime = now.
  CHECK_INT(bcast_txq_count(q), 1);
  CHECK_INT(bcast_txq_len(q, 0), 28);
  CHECK(jam_packet_get_u64(bcast_txq_buf(q, 0), JAM_PACKET_OFF_SERVER_TIME) == now0.wall_us,
        "echo carries the server time");
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_wrong_or_foreign_cookie_does_not_admit(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  const BcastSockaddr b = peer(40001);
  uint8_t buf[1024];
  size_t len = client_packet(buf, 1, 0, 0);
  receive(room, q, buf, len, &a, &now0);
  const uint64_t cookie_a = jam_packet_get_u64(buf, JAM_PACKET_OFF_SERVER_TIME);
  len = client_packet(buf, 2, 0, cookie_a); // b replays a's cookie
  receive(room, q, buf, len, &b, &now0);
  len = client_packet(buf, 1, 1, cookie_a ^ 1u); // a with one bit flipped
  receive(room, q, buf, len, &a, &now0);
  CHECK_INT(bcast_room_member_count(room), 0);
  CHECK_INT(bcast_room_counters(room)->cookies_forged, 2);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_member_packet_goes_to_every_other_member_with_only_servertime_and_beat_changed(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  const BcastSockaddr b = peer(40001);
  const BcastSockaddr c = peer(40002);
  join(room, q, &a, 1, &now0);
  join(room, q, &b, 2, &now0);
  join(room, q, &c, 3, &now0);
  uint8_t buf[1024];
  uint8_t sent[1024];
  const size_t len = client_packet(buf, 1, 2, now0.wall_us);
  memcpy(sent, buf, len);
  const BcastNow now = later(30000);
  receive(room, q, buf, len, &a, &now);
  CHECK_INT(bcast_txq_count(q), 3); // two forwards and one echo
  int forwards_to_b = 0;
  int forwards_to_c = 0;
  for (size_t i = 0; i < bcast_txq_count(q); ++i) {
    const BcastSockaddr* to = bcast_txq_to(q, i);
    const uint16_t port = ntohs(to->u.in6.sin6_port);
    const uint8_t* out = bcast_txq_buf(q, i);
    if (port == 40000) {
      CHECK_INT(bcast_txq_len(q, i), 28); // the sender's echo, tagged with its member index
      CHECK_INT(bcast_txq_dest(q, i), 0);
      CHECK_INT(bcast_txq_kind(q, i), BCAST_TXQ_ECHO);
      continue;
    }
    CHECK_INT(bcast_txq_dest(q, i), port - 40000); // member index = join order here
    CHECK_INT(bcast_txq_kind(q, i), BCAST_TXQ_FORWARD);
    forwards_to_b += port == 40001;
    forwards_to_c += port == 40002;
    CHECK_INT(bcast_txq_len(q, i), 540);
    CHECK_BYTES(out, sent, 3);
    CHECK_BYTES(out + 12, sent + 12, 540 - 12);
    CHECK(jam_packet_get_u64(out, JAM_PACKET_OFF_SERVER_TIME) == now.wall_us, "ServerTime");
    CHECK_INT(out[JAM_PACKET_OFF_BEAT], (now.wall_us / 500000u) % 4u);
  }
  CHECK_INT(forwards_to_b, 1);
  CHECK_INT(forwards_to_c, 1);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
the_worked_example_forward_has_the_golden_header(void)
{
  // §2.4: handled at 1700000001130000 µs, tempo 120: ServerTime 00 06 0a 24 18 2f 7e 10, beat 2.
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  const BcastSockaddr b = peer(40001);
  join(room, q, &a, 12345, &now0);
  join(room, q, &b, 2, &now0);
  uint8_t buf[1024];
  const size_t len = client_packet(buf, 12345, 7, 1700000001100000ull);
  receive(room, q, buf, len, &a, &now0);
  static const uint8_t golden[28] = {0x00, 0x00, 0x10, 0x02, 0x00, 0x06, 0x0a, 0x24, 0x18, 0x2f,
                                     0x7e, 0x10, 0x00, 0x06, 0x0a, 0x24, 0x18, 0x2f, 0x64, 0x80,
                                     0x00, 0x00, 0x30, 0x39, 0x00, 0x00, 0x00, 0x07};
  CHECK_INT(bcast_txq_count(q), 2);
  CHECK_BYTES(bcast_txq_buf(q, 0), golden, 28);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
the_loop_time_from_the_echo_feeds_the_latency(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  join(room, q, &a, 1, &now0);
  uint8_t buf[1024];
  // 3000 packets, each echoing a ServerTime 30 ms old: the smoother (c = 0.0032) converges.
  for (uint32_t i = 0; i < 3000; ++i) {
    const BcastNow now = later(1333u * (i + 1));
    const size_t len = client_packet(buf, 1, 2 + i, now.wall_us - 30000u);
    receive(room, q, buf, len, &a, &now);
  }
  BcastRoomStatus* st = calloc(1, bcast_room_status_size(16));
  const BcastNow now = later(1333u * 3001);
  bcast_room_snapshot(room, &now, st);
  CHECK_INT(st->member_count, 1);
  CHECK_NEAR(st->members[0].latency_ms, 30.0, 0.01);
  CHECK_INT(st->members[0].drops, 0);
  CHECK_INT(st->members[0].packets, 3001);
  CHECK_NEAR(st->members[0].jitter_ms, 0.0, 0.001);
  free(st);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_cookie_echoed_by_a_member_gives_no_latency(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  join(room, q, &a, 1, &now0);
  uint8_t buf[1024];
  const uint64_t cookie = bcast_cookie_make(&key, &(BcastAddr){{0}, 0}, 7891, now0.mono_us);
  for (uint32_t i = 0; i < 100; ++i) {
    const BcastNow now = later(1333u * (i + 1));
    const size_t len = client_packet(buf, 1, 2 + i, cookie | 0x0000123456789abcull);
    receive(room, q, buf, len, &a, &now);
    CHECK_INT(bcast_txq_count(q), 1); // still echoed
  }
  BcastRoomStatus* st = calloc(1, bcast_room_status_size(16));
  bcast_room_snapshot(room, &now0, st);
  CHECK_NEAR(st->members[0].latency_ms, 0.0, 1e-9);
  free(st);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
junk_is_counted_by_kind_and_gets_no_reply(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  uint8_t buf[1024] = {0};
  bcast_room_receive(room, buf, 0, 0, &a, &now0, q);
  bcast_room_receive(room, buf, 27, 0, &a, &now0, q);
  bcast_room_receive(room, buf, 29, 0, &a, &now0, q);
  bcast_room_receive(room, buf, 541, 0, &a, &now0, q);
  bcast_room_receive(room, buf, 1024, 1, &a, &now0, q); // truncated: sent > 1024
  CHECK_INT(bcast_txq_count(q), 0);
  const BcastRoomCounters* c = bcast_room_counters(room);
  CHECK_INT(c->invalid_short, 2);
  CHECK_INT(c->invalid_odd, 2);
  CHECK_INT(c->invalid_long, 1);
  CHECK_INT(c->packets_in, 5);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_full_room_sends_a_newcomer_nothing_and_reports_it_once(void)
{
  BcastRoom* room = make_room(2);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  const BcastSockaddr b = peer(40001);
  const BcastSockaddr c = peer(40002);
  join(room, q, &a, 1, &now0);
  join(room, q, &b, 2, &now0);
  CHECK_INT(bcast_room_member_count(room), 2);
  uint8_t buf[1024];
  for (int i = 0; i < 10; ++i) {
    const size_t len = client_packet(buf, 3, (uint32_t)i, 0);
    receive(room, q, buf, len, &c, &now0);
    CHECK_INT(bcast_txq_count(q), 0);
  }
  CHECK_INT(bcast_room_member_count(room), 2);
  CHECK_INT(bcast_room_counters(room)->dropped_full, 10);
  CHECK_INT(bcast_room_counters(room)->full_sources, 1);
  CHECK_INT(event_count, 3); // two joins, one refusal
  CHECK_INT(events[2].type, BCAST_EVENT_FULL);
  CHECK_INT(events[2].client_id, 3);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_member_silent_for_more_than_1_s_leaves(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  const BcastSockaddr b = peer(40001);
  join(room, q, &a, 1, &now0);
  join(room, q, &b, 2, &now0);
  uint8_t buf[1024];
  const BcastNow t = later(500000);
  const size_t len = client_packet(buf, 2, 2, t.wall_us);
  receive(room, q, buf, len, &b, &t); // b speaks at +0.5 s
  bcast_room_expire(room, now0.mono_us + 1000000u);
  CHECK_INT(bcast_room_member_count(room), 2); // exactly 1 s: not yet
  bcast_room_expire(room, now0.mono_us + 1000001u);
  CHECK_INT(bcast_room_member_count(room), 1);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_LEAVE);
  CHECK_INT(events[event_count - 1].client_id, 1);
  CHECK_INT(events[event_count - 1].members, 1);
  bcast_room_expire(room, now0.mono_us + 1500001u);
  CHECK_INT(bcast_room_member_count(room), 0);
  CHECK_INT(bcast_room_counters(room)->leaves, 2);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_member_over_2000_packets_per_second_is_limited(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  join(room, q, &a, 1, &now0); // the admitting packet used one token
  uint8_t buf[1024];
  int echoed = 0;
  for (uint32_t i = 0; i < 1000; ++i) { // 1000 packets in the same µs
    const size_t len = client_packet(buf, 1, 2 + i, now0.wall_us);
    receive(room, q, buf, len, &a, &now0);
    echoed += (int)bcast_txq_count(q);
  }
  CHECK_INT(echoed, BCAST_BURST_DEFAULT - 1);
  CHECK_INT(bcast_room_counters(room)->dropped_rate_limited, 1000 - (BCAST_BURST_DEFAULT - 1));
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
challenges_to_unverified_sources_are_limited_per_room(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  uint8_t buf[1024];
  int answered = 0;
  for (uint32_t i = 0; i < 1000; ++i) { // 1000 spoofed sources in the same µs
    const BcastSockaddr s = peer((uint16_t)(20000 + i));
    const size_t len = client_packet(buf, 9, 0, 0);
    receive(room, q, buf, len, &s, &now0);
    answered += (int)bcast_txq_count(q);
  }
  CHECK_INT(answered, BCAST_CHALLENGE_BURST);
  CHECK_INT(bcast_room_counters(room)->challenges_suppressed, 1000 - BCAST_CHALLENGE_BURST);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
tempo_outside_1_to_1000_bpm_is_refused(void)
{
  BcastRoom* room = make_room(16);
  CHECK_INT(bcast_room_set_tempo(room, 0), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_room_set_tempo(room, -120), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_room_set_tempo(room, 1001), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_room_set_tempo(room, 60000001), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_room_config(room)->tempo_bpm, 120);
  CHECK_INT(bcast_room_set_tempo(room, 1000), JAM_SUCCESS);
  CHECK_INT(bcast_room_config(room)->tempo_bpm, 1000);
  bcast_room_free(room);
}

static void
the_metronome_matches_the_original_beat_test(void)
{
  // metronome.rs test_beat: tempo 120, now = 2 000 000.
  BcastMetronome m;
  CHECK_INT(bcast_metronome_set_tempo(&m, 120), JAM_SUCCESS);
  CHECK_INT(m.duration_us, 500000);
  const uint64_t now = 2000000;
  CHECK_INT(bcast_metronome_beat(&m, now), 0);
  CHECK_INT(bcast_metronome_beat(&m, now + 499999), 0);
  CHECK_INT(bcast_metronome_beat(&m, now + 500001), 1);
  CHECK_INT(bcast_metronome_beat(&m, now + 1000001), 2);
  CHECK_INT(bcast_metronome_beat(&m, now + 1500001), 3);
  CHECK_INT(bcast_metronome_beat(&m, now + 2000001), 0);
  CHECK_INT(bcast_metronome_beat(&m, now + 2500001), 1);
}

static void
a_member_whose_path_refused_gso_gets_untagged_datagrams(void)
{
  // After bcast_room_gso_refused, what goes to member b is queued untagged (sent one by one);
  // a and c keep their tags.
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  const BcastSockaddr b = peer(40001);
  const BcastSockaddr c = peer(40002);
  join(room, q, &a, 1, &now0);
  join(room, q, &b, 2, &now0);
  join(room, q, &c, 3, &now0);
  bcast_room_gso_refused(room, 1);
  bcast_room_gso_refused(room, 200); // not a member: ignored
  uint8_t buf[1024];
  const size_t len = client_packet(buf, 1, 2, now0.wall_us);
  receive(room, q, buf, len, &a, &now0);
  CHECK_INT(bcast_txq_count(q), 3);
  for (size_t i = 0; i < bcast_txq_count(q); ++i) {
    const uint16_t port = ntohs(bcast_txq_to(q, i)->u.in6.sin6_port);
    CHECK_INT(bcast_txq_dest(q, i), port == 40001 ? (long)BCAST_TXQ_NO_DEST : (long)port - 40000);
  }
  bcast_txq_clear(q);
  receive(room, q, buf, client_packet(buf, 2, 3, now0.wall_us), &b, &now0);
  for (size_t i = 0; i < bcast_txq_count(q); ++i) {
    if (bcast_txq_kind(q, i) == BCAST_TXQ_ECHO) {
      CHECK_INT(bcast_txq_dest(q, i), BCAST_TXQ_NO_DEST); // b's own echo too
    }
  }
  bcast_txq_free(q);
  bcast_room_free(room);
}

// A source at 192.0.2.`host`, UDP `port`.
static BcastSockaddr
peer_at(const unsigned host, const uint16_t port)
{
  BcastSockaddr s = peer(port);
  s.u.in6.sin6_addr.s6_addr[15] = (uint8_t)host;
  return s;
}

static void
one_ip_holds_at_most_max_per_ip_slots_and_another_ip_gets_in(void)
{
  BcastRoom* room = make_room(16); // max_per_ip: the default, 4
  BcastTxq* q = bcast_txq_new(64);
  for (uint16_t i = 0; i < 4; ++i) {
    const BcastSockaddr a = peer_at(1, (uint16_t)(40000 + i));
    join(room, q, &a, 100u + i, &now0);
  }
  CHECK_INT(bcast_room_member_count(room), 4);
  uint8_t buf[1024];
  const BcastSockaddr fifth = peer_at(1, 40004);
  for (uint32_t i = 0; i < 5; ++i) {
    const size_t len = client_packet(buf, 104, i, 0);
    receive(room, q, buf, len, &fifth, &now0);
    CHECK_INT(bcast_txq_count(q), 0); // not even a cookie
  }
  CHECK_INT(bcast_room_member_count(room), 4);
  CHECK_INT(bcast_room_counters(room)->dropped_per_ip, 5);
  CHECK_INT(bcast_room_counters(room)->per_ip_sources, 1);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_PER_IP);
  const BcastSockaddr other = peer_at(2, 40000);
  join(room, q, &other, 200, &now0);
  CHECK_INT(bcast_room_member_count(room), 5);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_JOIN);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_duplicate_client_id_is_refused_and_the_holder_keeps_it(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr victim = peer_at(1, 40000);
  const BcastSockaddr listener = peer_at(1, 40001);
  const BcastSockaddr thief = peer_at(3, 40000);
  join(room, q, &victim, 7, &now0);
  join(room, q, &listener, 8, &now0);
  join(room, q, &thief, 7, &now0); // a valid cookie, but client 7 is live
  CHECK_INT(bcast_txq_count(q), 0);
  CHECK_INT(bcast_room_member_count(room), 2);
  CHECK_INT(bcast_room_counters(room)->dropped_duplicate_id, 1);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_DUPLICATE_ID);
  CHECK_INT(events[event_count - 1].client_id, 7);
  // A member switching to the victim's id: dropped; the victim is still forwarded.
  uint8_t buf[1024];
  size_t len = client_packet(buf, 7, 2, 0);
  receive(room, q, buf, len, &listener, &now0);
  CHECK_INT(bcast_txq_count(q), 0);
  CHECK_INT(bcast_room_counters(room)->dropped_duplicate_id, 2);
  len = client_packet(buf, 7, 2, 0);
  receive(room, q, buf, len, &victim, &now0);
  CHECK_INT(bcast_txq_count(q), 2); // the forward to the listener and the echo
  // A fresh id is allowed.
  len = client_packet(buf, 9, 3, 0);
  receive(room, q, buf, len, &listener, &now0);
  CHECK_INT(bcast_txq_count(q), 2);
  bcast_txq_free(q);
  bcast_room_free(room);
}

// 40001 (playback) and 40002 (mix) are the server's own streams: listeners mix them as the
// room's, so no member may send under them, joining or switching.
static void
the_server_s_stream_ids_are_refused_to_members(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer_at(1, 40000);
  const BcastSockaddr b = peer_at(2, 40000);
  const BcastSockaddr c = peer_at(3, 40000);
  join(room, q, &a, 5, &now0);
  join(room, q, &b, JAM_PACKET_PLAYBACK_ID, &now0); // a valid cookie, a reserved id
  join(room, q, &c, JAM_PACKET_MIX_ID, &now0);
  CHECK_INT(bcast_room_member_count(room), 1);
  CHECK_INT(bcast_room_counters(room)->dropped_duplicate_id, 2);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_DUPLICATE_ID);
  CHECK_INT(events[event_count - 1].client_id, JAM_PACKET_MIX_ID);
  join(room, q, &b, 6, &now0);
  CHECK_INT(bcast_room_member_count(room), 2);
  uint8_t buf[1024];
  const size_t len = client_packet(buf, JAM_PACKET_PLAYBACK_ID, 2, 0); // a member switching
  receive(room, q, buf, len, &a, &now0);
  CHECK_INT(bcast_txq_count(q), 0); // not forwarded as the room's playback
  CHECK_INT(bcast_room_counters(room)->dropped_duplicate_id, 3);
  bcast_txq_free(q);
  bcast_room_free(room);
}

// 40000 is the wire's empty-slot marker (never sent): listeners' channel maps give it no slot,
// so a member under it would be heard by no one. It is refused with a logged reason (it was
// admitted and forwarded to ears that drop it). 0 is a member's id like any other.
static void
the_empty_slot_marker_is_refused_and_client_0_is_a_member(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer_at(1, 40000);
  const BcastSockaddr b = peer_at(2, 40000);
  join(room, q, &a, 0, &now0);
  CHECK_INT(bcast_room_member_count(room), 1);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_JOIN);
  CHECK_INT(events[event_count - 1].client_id, 0);
  join(room, q, &b, JAM_PACKET_EMPTY_SLOT, &now0); // a valid cookie, the marker
  CHECK_INT(bcast_room_member_count(room), 1);
  CHECK_INT(bcast_room_counters(room)->dropped_duplicate_id, 1);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_DUPLICATE_ID);
  CHECK_INT(events[event_count - 1].client_id, JAM_PACKET_EMPTY_SLOT);
  join(room, q, &b, 6, &now0);
  CHECK_INT(bcast_room_member_count(room), 2);
  uint8_t buf[1024];
  size_t len = client_packet(buf, JAM_PACKET_EMPTY_SLOT, 2, 0); // a member switching to it
  receive(room, q, buf, len, &a, &now0);
  CHECK_INT(bcast_txq_count(q), 0);
  CHECK_INT(bcast_room_counters(room)->dropped_duplicate_id, 2);
  len = client_packet(buf, 0, 2, 0); // client 0 is forwarded to the other member, and echoed
  receive(room, q, buf, len, &a, &now0);
  CHECK_INT(bcast_txq_count(q), 2);
  bcast_txq_free(q);
  bcast_room_free(room);
}

static void
a_thousand_refused_sources_give_a_bounded_number_of_events(void)
{
  BcastRoom* room = make_room(1);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer_at(1, 40000);
  join(room, q, &a, 1, &now0);
  uint8_t buf[1024];
  for (unsigned i = 0; i < 1000; ++i) {
    const BcastSockaddr s = peer_at(10u + i / 250u, (uint16_t)(41000u + i));
    const size_t len = client_packet(buf, 1000u + i, 0, 0);
    receive(room, q, buf, len, &s, &now0);
  }
  CHECK_INT(event_count, 1 + (int)BCAST_REFUSED_LOG_MAX);
  CHECK_INT(bcast_room_counters(room)->dropped_full, 1000);
  CHECK_INT(bcast_room_counters(room)->refusals_unlogged, 1000 - BCAST_REFUSED_LOG_MAX);
  bcast_room_expire(room, now0.mono_us + 500000u); // the window is not over
  CHECK_INT(event_count, 1 + (int)BCAST_REFUSED_LOG_MAX);
  // a keeps the room alive; the window ends: one summary
  const BcastNow t = later(BCAST_REFUSED_LOG_WINDOW_US - 100000u);
  const size_t len = client_packet(buf, 1, 2, t.wall_us);
  receive(room, q, buf, len, &a, &t);
  bcast_room_expire(room, now0.mono_us + BCAST_REFUSED_LOG_WINDOW_US);
  CHECK_INT(event_count, 2 + (int)BCAST_REFUSED_LOG_MAX);
  CHECK_INT(events[event_count - 1].type, BCAST_EVENT_REFUSED_SUMMARY);
  CHECK_INT(events[event_count - 1].packets, 1000 - BCAST_REFUSED_LOG_MAX);
  bcast_txq_free(q);
  bcast_room_free(room);
}

// A member packet of 128 frames of the constant v on both channels.
static size_t
tone_packet(uint8_t* const buf, const uint32_t id, const uint32_t seq, const float v)
{
  float ch[128];
  for (int i = 0; i < 128; ++i) {
    ch[i] = v;
  }
  const JamPacketHeader h = {.server_time = now0.wall_us, .client_id = id, .sequence = seq};
  size_t len = 0;
  jam_packet_encode(&h, ch, ch, 128, buf, 1024, &len);
  return len;
}

static void
in_mix_mode_each_member_gets_the_others_mixed_as_client_40002(void)
{
  BcastRoom* room = make_room(16);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr a = peer(40000);
  const BcastSockaddr b = peer(40001);
  const BcastSockaddr c = peer(40002);
  join(room, q, &a, 1, &now0);
  join(room, q, &b, 2, &now0);
  join(room, q, &c, 3, &now0);
  CHECK_INT(bcast_room_stream_frames(room, BCAST_STREAM_MIX), 0);
  CHECK_INT(bcast_room_stream_frames(room, BCAST_STREAM_PLAYBACK), 0); // no playout
  CHECK_INT(bcast_room_request_mix(room, 1), JAM_SUCCESS);
  CHECK_INT(bcast_room_mix(room), 0); // applied by the room's thread
  bcast_room_poll(room);
  CHECK_INT(bcast_room_mix(room), 1);
  CHECK_INT(bcast_room_stream_frames(room, BCAST_STREAM_MIX), 128);
  const BcastSockaddr* from[] = {&a, &b, &c};
  uint8_t buf[1024];
  size_t queued = 0;
  for (uint32_t k = 0; k < 5; ++k) { // 640 frames each: past the 512-frame jitter buffer
    for (uint32_t m = 0; m < 3; ++m) {
      const BcastNow now = later(1000 + k * 2667u);
      receive(room, q, buf, tone_packet(buf, m + 1, 2 + k, 0.1f * (float)(m + 1)), from[m], &now);
      queued += bcast_txq_count(q);
    }
  }
  CHECK_INT(queued, 0); // no forwards, no echoes in mix mode
  const BcastNow now = later(20000);
  bcast_txq_clear(q);
  bcast_room_stream_tick(room, BCAST_STREAM_MIX, &now, q);
  CHECK_INT(bcast_txq_count(q), 3);
  const float v[3] = {jam_packet_decode_sample(jam_packet_encode_sample(0.1f)),
                      jam_packet_decode_sample(jam_packet_encode_sample(0.2f)),
                      jam_packet_decode_sample(jam_packet_encode_sample(0.3f))};
  for (size_t i = 0; i < bcast_txq_count(q); ++i) {
    const uint8_t* out = bcast_txq_buf(q, i);
    const unsigned m = ntohs(bcast_txq_to(q, i)->u.in6.sin6_port) - 40000u;
    CHECK_INT(bcast_txq_len(q, i), 540);
    CHECK_INT(jam_packet_get_u32(out, JAM_PACKET_OFF_CLIENT_ID), JAM_PACKET_MIX_ID);
    CHECK_INT(jam_packet_get_u32(out, JAM_PACKET_OFF_SEQUENCE), 0);
    CHECK(jam_packet_get_u64(out, JAM_PACKET_OFF_SERVER_TIME) == now.wall_us, "ServerTime");
    float l[128];
    float r[128];
    size_t frames = 0;
    CHECK_INT(jam_packet_decode(out, 540, l, r, 128, &frames), JAM_SUCCESS);
    const float want = v[0] + v[1] + v[2] - v[m]; // everyone but itself, at unity gain
    CHECK_NEAR(l[0], jam_packet_decode_sample(jam_packet_encode_sample(want)), 1e-6);
    CHECK_NEAR(r[127], jam_packet_decode_sample(jam_packet_encode_sample(want)), 1e-6);
  }
  bcast_txq_clear(q);
  bcast_room_stream_tick(room, BCAST_STREAM_MIX, &now, q);
  CHECK_INT(jam_packet_get_u32(bcast_txq_buf(q, 0), JAM_PACKET_OFF_SEQUENCE), 1);
  CHECK_INT(bcast_room_counters(room)->mix_packets, 6);
  // Back to forwarding.
  CHECK_INT(bcast_room_request_mix(room, 0), JAM_SUCCESS);
  bcast_room_poll(room);
  CHECK_INT(bcast_room_stream_frames(room, BCAST_STREAM_MIX), 0);
  receive(room, q, buf, tone_packet(buf, 1, 20, 0.1f), &a, &now);
  CHECK_INT(bcast_txq_count(q), 3); // two forwards and the echo
  bcast_txq_free(q);
  bcast_room_free(room);
}

// The mixer keys its slots by ClientId. A member that changes its id gives its old slot back at
// once: before, one member cycling 16 ids (16 packets a second, far under the rate limit) held
// every slot of a 16-player room for 1 s each, and members arriving later were never mixed.
static void
in_mix_mode_a_member_cycling_client_ids_holds_one_mixer_slot(void)
{
  BcastRoom* room = make_room(4);
  BcastTxq* q = bcast_txq_new(64);
  const BcastSockaddr cycler = peer_at(1, 40000);
  const BcastSockaddr a = peer_at(2, 40000);
  const BcastSockaddr b = peer_at(3, 40000);
  join(room, q, &cycler, 9000, &now0);
  join(room, q, &a, 1, &now0);
  join(room, q, &b, 2, &now0);
  CHECK_INT(bcast_room_request_mix(room, 1), JAM_SUCCESS);
  bcast_room_poll(room);
  uint8_t buf[1024];
  for (uint32_t k = 0; k < 8; ++k) { // 8 ids in 8 ms, before a and b send: each kept a slot
    const BcastNow now = later(1000 + k * 1000u);
    receive(room, q, buf, tone_packet(buf, 9000 + k, 2 + k, 0.0f), &cycler, &now);
  }
  for (uint32_t k = 0; k < 5; ++k) {
    const BcastNow now = later(10000 + k * 2667u);
    receive(room, q, buf, tone_packet(buf, 1, 2 + k, 0.5f), &a, &now);
    receive(room, q, buf, tone_packet(buf, 2, 2 + k, 0.25f), &b, &now);
  }
  CHECK_INT(bcast_room_counters(room)->mix_no_slot, 0);
  const BcastNow now = later(30000);
  bcast_txq_clear(q);
  bcast_room_stream_tick(room, BCAST_STREAM_MIX, &now, q);
  CHECK_INT(bcast_txq_count(q), 3);
  float peak_b = 0.0f; // b hears a
  for (size_t i = 0; i < bcast_txq_count(q); ++i) {
    if (memcmp(&bcast_txq_to(q, i)->u.in6.sin6_addr, &b.u.in6.sin6_addr, 16) != 0) {
      continue;
    }
    float l[128];
    float r[128];
    size_t frames = 0;
    CHECK_INT(jam_packet_decode(bcast_txq_buf(q, i), bcast_txq_len(q, i), l, r, 128, &frames),
              JAM_SUCCESS);
    peak_b = fabsf(l[0]);
  }
  const float a_level = jam_packet_decode_sample(jam_packet_encode_sample(0.5f));
  CHECK_NEAR(20.0 * log10(peak_b + 1e-12), 20.0 * log10(a_level), 0.01); // a, not silence
  bcast_txq_free(q);
  bcast_room_free(room);
}

int
main(void)
{
  for (int i = 0; i < 16; ++i) {
    key.key[i] = (uint8_t)(0xa0 + i);
  }
  RUN(an_unknown_source_gets_only_a_28_byte_cookie_echo);
  RUN(echoing_the_cookie_admits_the_source_and_logs_a_join);
  RUN(a_wrong_or_foreign_cookie_does_not_admit);
  RUN(a_member_packet_goes_to_every_other_member_with_only_servertime_and_beat_changed);
  RUN(the_worked_example_forward_has_the_golden_header);
  RUN(the_loop_time_from_the_echo_feeds_the_latency);
  RUN(a_cookie_echoed_by_a_member_gives_no_latency);
  RUN(junk_is_counted_by_kind_and_gets_no_reply);
  RUN(a_full_room_sends_a_newcomer_nothing_and_reports_it_once);
  RUN(a_member_silent_for_more_than_1_s_leaves);
  RUN(one_ip_holds_at_most_max_per_ip_slots_and_another_ip_gets_in);
  RUN(a_duplicate_client_id_is_refused_and_the_holder_keeps_it);
  RUN(the_server_s_stream_ids_are_refused_to_members);
  RUN(the_empty_slot_marker_is_refused_and_client_0_is_a_member);
  RUN(a_thousand_refused_sources_give_a_bounded_number_of_events);
  RUN(a_member_over_2000_packets_per_second_is_limited);
  RUN(challenges_to_unverified_sources_are_limited_per_room);
  RUN(a_member_whose_path_refused_gso_gets_untagged_datagrams);
  RUN(tempo_outside_1_to_1000_bpm_is_refused);
  RUN(the_metronome_matches_the_original_beat_test);
  RUN(in_mix_mode_each_member_gets_the_others_mixed_as_client_40002);
  RUN(in_mix_mode_a_member_cycling_client_ids_holds_one_mixer_slot);
  return jam_test_summary();
}
