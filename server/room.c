// SPDX-License-Identifier: ISC
// The forwarding core. Per datagram, in order:
//   1. validity (length >= 28, even, not truncated, <= 1024), else counted and dropped;
//   2. membership by source address;
//   3. an unknown source: refused silently if the room is full; admitted if it echoes a valid
//      cookie; otherwise answered (within the room's challenge budget) with a 28-byte echo whose
//      ServerTime is a cookie. Nothing it sent is forwarded, and it never gets more bytes than
//      it sent (28 <= its datagram);
//   4. a member: rate limit, latency from the echoed ServerTime, statistics, ServerTime and Beat
//      rewritten in place, the full packet queued to every other member and the first 28 bytes
//      back to the sender.

#include "room.h"

#include "members.h"
#include "metronome.h"
#include "mixer.h"
#include "packet.h"
#include "player.h"
#include "playout.h"
#include "ratelimit.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct BcastRoomImpl {
  BcastRoomConfig config;                    ///< settings
  BcastCookieKey key;                        ///< cookie secret (a copy of the process key)
  BcastEventSink sink;                       ///< join/leave/full events
  BcastMetronome metronome;                  ///< tempo and beat
  BcastRateLimit member_limit;               ///< per-member packet rate
  BcastRateLimit challenge_limit;            ///< cookie echoes for the whole room
  BcastRate challenge_rate;                  ///< state of the room's challenge budget
  BcastMembers* members;                     ///< verified sources
  BcastRoomCounters counters;                ///< totals
  BcastAddr refused[BCAST_REFUSED_CACHE];    ///< recently refused sources (direct-mapped)
  uint8_t refused_used[BCAST_REFUSED_CACHE]; ///< 1 where refused[] holds an address
  uint64_t refused_at[BCAST_REFUSED_CACHE];  ///< monotonic µs refused[] was last logged
  uint64_t log_window_start;                 ///< monotonic µs the refusal-log window began
  uint32_t log_window_lines;                 ///< refusal lines emitted in this window
  uint64_t log_window_held;                  ///< refusal lines held back in this window
  BcastRecordSink record;                    ///< recorder, or push == NULL
  atomic_uint pending_tempo;                 ///< BPM asked by another thread, 0 = none
  atomic_uint tempo_now;                     ///< the tempo in force, for other threads
  atomic_uint pending_mix;                   ///< mode asked by another thread: 0 none, 1 off, 2 on
  atomic_int mix_now;                        ///< 1 in mix mode, for other threads
  int mix;                                   ///< 1 in mix mode
  BcastMixer* mixer;                         ///< the mix of mix mode, NULL until first needed
  BcastMixer* mixer_made;                    ///< made by the controlling thread, then taken
  uint32_t mix_seq;                          ///< SequenceNumber of the next mix packet
  uint8_t (*mix_buf)[JAM_PACKET_MAX_SIZE];   ///< max_players mix packets of the last tick
  uint8_t (*mix_buf_made)[JAM_PACKET_MAX_SIZE]; ///< made with mixer_made
  BcastPlayout* playout;                        ///< the playback stream, or NULL
  uint8_t play_buf[JAM_PACKET_MAX_SIZE];        ///< the playback packet of the last tick
};

void
bcast_room_config_default(BcastRoomConfig* const config, const uint16_t port)
{
  config->port = port;
  config->tempo_bpm = BCAST_TEMPO_DEFAULT;
  config->max_players = BCAST_MAX_PLAYERS_DEFAULT;
  config->rate = BCAST_RATE_DEFAULT;
  config->burst = BCAST_BURST_DEFAULT;
  config->challenge_rate = BCAST_CHALLENGE_RATE;
  config->challenge_burst = BCAST_CHALLENGE_BURST;
  config->max_per_ip = BCAST_MAX_PER_IP_DEFAULT;
  config->mix = 0;
}

// Makes the mixer and its packet buffers (not on the room's thread). Called once at most.
static JamStatus
make_mixer(BcastRoom* const self)
{
  BcastMixer* const mixer = bcast_mixer_new(self->config.max_players);
  void* const buf = calloc(self->config.max_players, JAM_PACKET_MAX_SIZE);
  if (!mixer || !buf) {
    bcast_mixer_free(mixer);
    free(buf);
    return JAM_ERR_NO_MEMORY;
  }
  self->mix_buf_made = buf;
  self->mixer_made = mixer;
  return JAM_SUCCESS;
}

BcastRoom*
bcast_room_new(const BcastRoomConfig* const config, const BcastCookieKey* const key,
               const BcastEventSink sink)
{
  if (config->max_players == 0 || config->max_players > BCAST_MEMBERS_MAX || config->rate == 0 ||
      config->burst == 0 || config->challenge_rate == 0 || config->challenge_burst == 0) {
    return NULL;
  }
  BcastRoom* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->config = *config;
  self->key = *key;
  self->sink = sink;
  if (bcast_metronome_set_tempo(&self->metronome, config->tempo_bpm) != JAM_SUCCESS) {
    free(self);
    return NULL;
  }
  self->members = bcast_members_new(config->max_players);
  if (!self->members) {
    free(self);
    return NULL;
  }
  self->mix = config->mix != 0;
  if (self->mix && make_mixer(self) != JAM_SUCCESS) {
    bcast_room_free(self);
    return NULL;
  }
  self->mixer = self->mixer_made;
  self->mix_buf = self->mix_buf_made;
  atomic_init(&self->pending_mix, 0u);
  atomic_init(&self->mix_now, self->mix);
  bcast_ratelimit_init(&self->member_limit, config->rate, config->burst);
  bcast_ratelimit_init(&self->challenge_limit, config->challenge_rate, config->challenge_burst);
  bcast_rate_init(&self->challenge_rate, 0);
  atomic_init(&self->pending_tempo, 0u);
  atomic_init(&self->tempo_now, self->metronome.tempo_bpm);
  return self;
}

void
bcast_room_free(BcastRoom* const self)
{
  if (!self) {
    return;
  }
  bcast_members_free(self->members);
  bcast_mixer_free(self->mixer_made); // the mixer in use, if any, is this one
  free(self->mix_buf_made);
  free(self);
}

const BcastRoomConfig*
bcast_room_config(const BcastRoom* const self)
{
  return &self->config;
}

size_t
bcast_room_max_fanout(const BcastRoom* const self)
{
  return self->config.max_players;
}

JamStatus
bcast_room_set_tempo(BcastRoom* const self, const int64_t bpm)
{
  const JamStatus st = bcast_metronome_set_tempo(&self->metronome, bpm);
  if (st == JAM_SUCCESS) {
    self->config.tempo_bpm = self->metronome.tempo_bpm;
    atomic_store_explicit(&self->tempo_now, self->metronome.tempo_bpm, memory_order_relaxed);
  }
  return st;
}

JamStatus
bcast_room_request_tempo(BcastRoom* const self, const int64_t bpm)
{
  if (bpm < BCAST_TEMPO_MIN || bpm > BCAST_TEMPO_MAX) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  atomic_store_explicit(&self->pending_tempo, (unsigned)bpm, memory_order_release);
  return JAM_SUCCESS;
}

uint32_t
bcast_room_tempo(const BcastRoom* const self)
{
  return (uint32_t)atomic_load_explicit(&self->tempo_now, memory_order_relaxed);
}

JamStatus
bcast_room_request_mix(BcastRoom* const self, const int on)
{
  // The mixer (about 17 KiB per member) is made here, off the room's thread, the first time
  // mix mode is asked for; the release below hands it over with the request.
  if (on && !self->mixer_made && make_mixer(self) != JAM_SUCCESS) {
    return JAM_ERR_NO_MEMORY;
  }
  atomic_store_explicit(&self->pending_mix, on ? 2u : 1u, memory_order_release);
  return JAM_SUCCESS;
}

int
bcast_room_mix(const BcastRoom* const self)
{
  return atomic_load_explicit(&self->mix_now, memory_order_relaxed);
}

void
bcast_room_poll(BcastRoom* const self)
{
  if (atomic_load_explicit(&self->pending_tempo, memory_order_relaxed) != 0u) {
    const unsigned bpm = atomic_exchange_explicit(&self->pending_tempo, 0u, memory_order_acquire);
    if (bpm != 0u && bcast_room_set_tempo(self, bpm) == JAM_SUCCESS) {
      atomic_store_explicit(&self->tempo_now, bpm, memory_order_relaxed);
    }
  }
  if (atomic_load_explicit(&self->pending_mix, memory_order_relaxed) != 0u) {
    const unsigned m = atomic_exchange_explicit(&self->pending_mix, 0u, memory_order_acquire);
    const int on = m == 2u;
    if (m != 0u && on != self->mix) {
      if (!self->mixer) { // made by bcast_room_request_mix before its request
        self->mixer = self->mixer_made;
        self->mix_buf = self->mix_buf_made;
      }
      bcast_mixer_clear(self->mixer); // a fresh mix: every member primes its buffer again
      self->mix = on;
      atomic_store_explicit(&self->mix_now, on, memory_order_relaxed);
    }
  }
}

void
bcast_room_set_playout(BcastRoom* const self, BcastPlayout* const playout)
{
  self->playout = playout;
}

uint32_t
bcast_room_stream_frames(BcastRoom* const self, const BcastStream stream)
{
  if (stream == BCAST_STREAM_MIX) {
    return self->mix ? BCAST_MIXER_FRAMES : 0u;
  }
  return self->playout ? bcast_playout_frames(self->playout) : 0u;
}

void
bcast_room_set_record_sink(BcastRoom* const self, const BcastRecordSink sink)
{
  self->record = sink;
}

BcastRoomCounters*
bcast_room_counters(BcastRoom* const self)
{
  return &self->counters;
}

void
bcast_room_gso_refused(BcastRoom* const self, const uint16_t dest)
{
  if (dest < bcast_members_count(self->members)) {
    bcast_members_at(self->members, dest)->no_gso = 1;
  }
}

// The destination tag of a member's datagrams: its index, or none once GSO failed on its path.
static uint16_t
member_tag(const BcastMember* const m, const uint32_t index)
{
  return m->no_gso ? (uint16_t)BCAST_TXQ_NO_DEST : (uint16_t)index;
}

uint32_t
bcast_room_member_count(const BcastRoom* const self)
{
  return bcast_members_count(self->members);
}

static void
emit(BcastRoom* const self, const BcastEvent* const event)
{
  if (!self->sink.emit || self->sink.emit(self->sink.ctx, event) != 0) {
    ++self->counters.events_lost;
  }
}

static uint32_t
refused_slot(const BcastAddr* const a)
{
  // FNV-1a over the 18 key bytes: cheap, and only used to spread log de-duplication.
  uint32_t h = 2166136261u;
  for (unsigned i = 0; i < 16; ++i) {
    h = (h ^ a->ip[i]) * 16777619u;
  }
  h = (h ^ (a->port & 0xffu)) * 16777619u;
  h = (h ^ (a->port >> 8)) * 16777619u;
  return h % BCAST_REFUSED_CACHE;
}

// Ends the refusal-log window when it is over: one summary event for what it held back.
static void
refusal_window(BcastRoom* const self, const uint64_t mono_us)
{
  if (mono_us - self->log_window_start < BCAST_REFUSED_LOG_WINDOW_US) {
    return;
  }
  if (self->log_window_held > 0) {
    const BcastEvent event = {
        .type = BCAST_EVENT_REFUSED_SUMMARY,
        .port = self->config.port,
        .members = bcast_members_count(self->members),
        .packets = self->log_window_held,
        .member_s = (double)(mono_us - self->log_window_start) / 1e6,
    };
    emit(self, &event);
  }
  self->log_window_start = mono_us;
  self->log_window_lines = 0;
  self->log_window_held = 0;
}

// A refused source: logged at most once per source per window (while remembered) and at most
// BCAST_REFUSED_LOG_MAX lines per room per window; the rest are counted and summarised.
// @return 1 if the source is new (not refused and remembered within the window)
static int
refuse(BcastRoom* const self, const BcastEventType type, const BcastAddr* const key,
       const uint32_t client_id, const uint64_t mono_us)
{
  const uint32_t slot = refused_slot(key);
  if (self->refused_used[slot] && bcast_addr_equal(&self->refused[slot], key) &&
      mono_us - self->refused_at[slot] < BCAST_REFUSED_LOG_WINDOW_US) {
    return 0;
  }
  self->refused[slot] = *key;
  self->refused_used[slot] = 1;
  self->refused_at[slot] = mono_us;
  refusal_window(self, mono_us);
  if (self->log_window_lines >= BCAST_REFUSED_LOG_MAX) {
    ++self->log_window_held;
    ++self->counters.refusals_unlogged;
    return 1;
  }
  ++self->log_window_lines;
  const BcastEvent event = {
      .type = type,
      .port = self->config.port,
      .addr = *key,
      .client_id = client_id,
      .members = bcast_members_count(self->members),
  };
  emit(self, &event);
  return 1;
}

// A newcomer to a full room: count every packet, report each source once (while remembered).
static void
refuse_full(BcastRoom* const self, const BcastAddr* const key, const uint8_t* const buf,
            const uint64_t mono_us)
{
  ++self->counters.dropped_full;
  self->counters.full_sources += (uint64_t)refuse(
      self, BCAST_EVENT_FULL, key, jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID), mono_us);
}

// Members whose source IP is that of `key`.
static uint32_t
members_from_ip(const BcastMembers* const members, const BcastAddr* const key)
{
  uint32_t same = 0;
  const uint32_t n = bcast_members_count(members);
  for (uint32_t i = 0; i < n; ++i) {
    same += memcmp(bcast_members_key(members, i)->ip, key->ip, sizeof key->ip) == 0;
  }
  return same;
}

// The index of a member other than `except` whose stream carries client_id, or -1.
static int
client_id_holder(const BcastMembers* const members, const uint32_t client_id, const int except)
{
  const uint32_t n = bcast_members_count(members);
  for (uint32_t i = 0; i < n; ++i) {
    if ((int)i != except && bcast_members_get(members, i)->player.client_id == client_id) {
      return (int)i;
    }
  }
  return -1;
}

// 1 when client_id is not free for the member `except` (-1: a newcomer): another member holds it,
// or the wire reserves it: the server's own streams (playback 40001, mix 40002), which listeners
// mix as the room's, so a member sending under one would pass for it, and the empty-slot marker
// 40000, which listeners' channel maps never give a slot, so its sender would be heard by no one.
static int
client_id_taken(const BcastMembers* const members, const uint32_t client_id, const int except)
{
  return !jam_packet_member_id_ok(client_id) || client_id_holder(members, client_id, except) >= 0;
}

// A packet with a ClientId another member (or the server) holds: dropped, counted, logged once
// per source.
static void
refuse_duplicate(BcastRoom* const self, const BcastAddr* const key, const uint32_t client_id,
                 const uint64_t mono_us)
{
  ++self->counters.dropped_duplicate_id;
  self->counters.duplicate_id_sources +=
      (uint64_t)refuse(self, BCAST_EVENT_DUPLICATE_ID, key, client_id, mono_us);
}

// Queues one datagram; `dest` is the member index (BCAST_TXQ_NO_DEST for a non-member), so the
// transport can coalesce the datagrams of one destination (gso.h).
static void
queue(BcastRoom* const self, BcastTxq* const out, const uint8_t* const buf, const size_t len,
      const BcastSockaddr* const to, const uint16_t dest, const BcastTxqKind kind)
{
  if (bcast_txq_push_tagged(out, buf, len, to, dest, kind) == JAM_SUCCESS) {
    self->counters.bytes_out += len;
  }
}

void
bcast_room_receive(BcastRoom* const self, uint8_t* const buf, const size_t len, const int truncated,
                   const BcastSockaddr* const from, const BcastNow* const now, BcastTxq* const out)
{
  BcastRoomCounters* const c = &self->counters;
  ++c->packets_in;
  bcast_room_poll(self);
  c->bytes_in += len;

  if (truncated) {
    ++c->invalid_long;
    return;
  }
  // An if-chain, not a switch: JamStatus grows with the library.
  const JamStatus valid = jam_packet_validate(len);
  if (valid != JAM_SUCCESS) {
    if (valid == JAM_ERR_SHORT_PACKET) {
      ++c->invalid_short;
    } else if (valid == JAM_ERR_ODD_LENGTH) {
      ++c->invalid_odd;
    } else {
      ++c->invalid_long;
    }
    return;
  }

  BcastAddr key;
  if (bcast_addr_from_sockaddr(&from->u.sa, from->len, &key) != JAM_SUCCESS) {
    ++c->invalid_short; // cannot happen on an AF_INET/AF_INET6 socket
    return;
  }

  const uint64_t echoed = jam_packet_get_u64(buf, JAM_PACKET_OFF_SERVER_TIME);
  const uint32_t client_id = jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID);
  const uint32_t seq = jam_packet_get_u32(buf, JAM_PACKET_OFF_SEQUENCE);
  const uint8_t beat = bcast_metronome_beat(&self->metronome, now->wall_us);

  int index = bcast_members_find(self->members, &key);
  int joined = 0;
  if (index < 0) {
    if (bcast_members_count(self->members) >= self->config.max_players) {
      refuse_full(self, &key, buf, now->mono_us);
      return;
    }
    if (self->config.max_per_ip != 0 &&
        members_from_ip(self->members, &key) >= self->config.max_per_ip) {
      ++c->dropped_per_ip;
      c->per_ip_sources +=
          (uint64_t)refuse(self, BCAST_EVENT_PER_IP, &key, client_id, now->mono_us);
      return;
    }
    const BcastCookieVerdict verdict =
        bcast_cookie_check(&self->key, &key, self->config.port, now->mono_us, echoed);
    if (verdict != BCAST_COOKIE_VALID) {
      ++c->dropped_unverified;
      c->cookies_forged += verdict == BCAST_COOKIE_FORGED;
      c->cookies_expired += verdict == BCAST_COOKIE_EXPIRED;
      if (!bcast_rate_take(&self->challenge_rate, &self->challenge_limit, now->mono_us)) {
        ++c->challenges_suppressed;
        return;
      }
      // The challenge: the sender's own header, Beat set, ServerTime = cookie, 28 bytes.
      const uint64_t cookie = bcast_cookie_make(&self->key, &key, self->config.port, now->mono_us);
      jam_packet_rewrite_for_forward(buf, cookie, beat);
      queue(self, out, buf, JAM_PACKET_HEADER_SIZE, from, BCAST_TXQ_NO_DEST, BCAST_TXQ_ECHO);
      ++c->challenges;
      return;
    }
    // A verified newcomer may not take a ClientId that is live: the member keeps it.
    if (client_id_taken(self->members, client_id, -1)) {
      refuse_duplicate(self, &key, client_id, now->mono_us);
      return;
    }
    uint32_t added = 0;
    if (bcast_members_add(self->members, &key, from, now->mono_us, client_id, seq, &added) !=
        JAM_SUCCESS) {
      refuse_full(self, &key, buf, now->mono_us); // unreachable: checked above
      return;
    }
    index = (int)added;
    joined = 1;
    ++c->joins;
    const BcastEvent event = {
        .type = BCAST_EVENT_JOIN,
        .port = self->config.port,
        .addr = key,
        .client_id = client_id,
        .members = bcast_members_count(self->members),
    };
    emit(self, &event);
  }

  BcastMember* const m = bcast_members_at(self->members, (uint32_t)index);
  // A member switching to a ClientId another member holds would silence that member in the
  // listeners' mixers: its packet is dropped and counted, the holder keeps the id.
  if (!joined && client_id != m->player.client_id &&
      client_id_taken(self->members, client_id, index)) {
    refuse_duplicate(self, &key, client_id, now->mono_us);
    return;
  }
  if (!bcast_rate_take(&m->rate, &self->member_limit, now->mono_us)) {
    ++c->dropped_rate_limited;
    ++m->rate_limited;
    return;
  }
  if (!joined) { // the admitting packet already started the statistics (jam_player_start)
    if (self->mixer && client_id != m->player.client_id) {
      // The mixer keys its slots by ClientId: the old id's slot is this member's, free it now,
      // or a member cycling ids would hold a slot per id (each kept for 1 s) and starve others.
      bcast_mixer_remove(self->mixer, m->player.client_id);
    }
    // A cookie (still echoed until the client hears a normal echo) or a time not in the past
    // gives no loop time; JamPlayer ignores values >= 100 ms (§4.5).
    const uint64_t loop_us = (!bcast_cookie_is_cookie(echoed) && now->wall_us > echoed)
                                 ? now->wall_us - echoed
                                 : BCAST_LOOP_TIME_MAX_US;
    jam_player_update(&m->player, now->mono_us, client_id, loop_us, seq);
  }

  jam_packet_rewrite_for_forward(buf, now->wall_us, beat);
  if (self->mix) { // mix mode: the member's audio goes to the mixer, the mix tick sends
    if (bcast_mixer_add(self->mixer, client_id, buf, len, now->mono_us) != JAM_SUCCESS) {
      ++c->mix_no_slot;
    }
    if (self->record.push) {
      self->record.push(self->record.ctx, buf, len);
    }
    return;
  }
  const uint32_t n = bcast_members_count(self->members);
  for (uint32_t i = 0; i < n; ++i) {
    if (i != (uint32_t)index) {
      const BcastMember* const to = bcast_members_get(self->members, i);
      queue(self, out, buf, len, &to->addr, member_tag(to, i), BCAST_TXQ_FORWARD);
      ++c->forwarded;
    }
  }
  queue(self, out, buf, JAM_PACKET_HEADER_SIZE, &m->addr, member_tag(m, (uint32_t)index),
        BCAST_TXQ_ECHO);
  ++c->echoes;
  if (self->record.push) {
    self->record.push(self->record.ctx, buf, len);
  }
}

void
bcast_room_expire(BcastRoom* const self, const uint64_t mono_us)
{
  refusal_window(self, mono_us);
  uint32_t i = bcast_members_count(self->members);
  while (i-- > 0) {
    const BcastMember* const m = bcast_members_get(self->members, i);
    if (!jam_player_is_old(&m->player, mono_us)) {
      continue;
    }
    BcastEvent event = {
        .type = BCAST_EVENT_LEAVE,
        .port = self->config.port,
        .addr = *bcast_members_key(self->members, i),
        .client_id = m->player.client_id,
        .members = bcast_members_count(self->members) - 1u,
        .packets = (uint64_t)m->player.packet_count,
        .drops = (uint64_t)m->player.drops,
        .latency_ms = jam_player_latency_ms(&m->player),
        .member_s = (double)(mono_us - m->joined_us) / 1e6,
        .seq = m->player.seq,
        .keep_alive = m->player.keep_alive,
    };
    memcpy(event.hist, m->player.hist, sizeof event.hist);
    const unsigned kept = m->player.latency_count;
    const unsigned first = kept > BCAST_EVENT_LATENCY_HIST ? kept - BCAST_EVENT_LATENCY_HIST : 0u;
    for (unsigned k = first; k < kept; ++k) {
      event.latency_hist[event.latency_count++] = jam_player_latency_at(&m->player, k);
    }
    if (self->mixer) {
      bcast_mixer_remove(self->mixer, m->player.client_id);
    }
    bcast_members_remove(self->members, i);
    ++self->counters.leaves;
    emit(self, &event);
  }
}

size_t
bcast_room_status_size(const uint32_t max_players)
{
  return sizeof(BcastRoomStatus) + (size_t)max_players * sizeof(BcastMemberStatus);
}

void
bcast_room_snapshot(const BcastRoom* const self, const BcastNow* const now,
                    BcastRoomStatus* const out)
{
  out->port = self->config.port;
  out->tempo_bpm = self->metronome.tempo_bpm;
  out->max_players = self->config.max_players;
  out->wall_us = now->wall_us;
  out->counters = self->counters;
  const uint32_t n = bcast_members_count(self->members);
  out->member_count = n;
  out->mix = self->mix;
  for (uint32_t i = 0; i < n; ++i) {
    const BcastMember* const m = bcast_members_get(self->members, i);
    BcastMemberStatus* const s = &out->members[i];
    s->addr = *bcast_members_key(self->members, i);
    s->client_id = m->player.client_id;
    s->seq = m->player.seq;
    s->packets = (uint64_t)m->player.packet_count;
    s->drops = (uint64_t)m->player.drops;
    s->rate_limited = m->rate_limited;
    s->latency_ms = jam_player_latency_ms(&m->player);
    s->jitter_ms = jam_player_jitter_ms(&m->player);
    for (unsigned k = 0; k < BCAST_HIST_BUCKETS; ++k) {
      s->hist[k] = (uint64_t)m->player.hist[k];
    }
    s->member_s = now->mono_us > m->joined_us ? (double)(now->mono_us - m->joined_us) / 1e6 : 0.0;
    s->silent_s = now->mono_us > m->player.keep_alive
                      ? (double)(now->mono_us - m->player.keep_alive) / 1e6
                      : 0.0;
  }
}

// Queues one of the room's own packets to every member.
static void
queue_all(BcastRoom* const self, const uint8_t* const buf, const size_t len, BcastTxq* const out)
{
  const uint32_t n = bcast_members_count(self->members);
  for (uint32_t i = 0; i < n; ++i) {
    const BcastMember* const to = bcast_members_get(self->members, i);
    queue(self, out, buf, len, &to->addr, member_tag(to, i), BCAST_TXQ_FORWARD);
  }
}

void
bcast_room_stream_tick(BcastRoom* const self, const BcastStream stream, const BcastNow* const now,
                       BcastTxq* const out)
{
  const uint8_t beat = bcast_metronome_beat(&self->metronome, now->wall_us);
  if (stream == BCAST_STREAM_PLAYBACK) {
    const size_t len = self->playout ? bcast_playout_pop(self->playout, self->play_buf) : 0u;
    if (len >= JAM_PACKET_HEADER_SIZE) {
      jam_packet_rewrite_for_forward(self->play_buf, now->wall_us, beat);
      queue_all(self, self->play_buf, len, out);
      ++self->counters.playback_packets;
    }
    return;
  }
  if (!self->mix) {
    return;
  }
  bcast_mixer_step(self->mixer, now->mono_us);
  const BcastMixerCounters mc = bcast_mixer_counters(self->mixer);
  self->counters.mix_underruns = mc.underruns;
  const JamPacketHeader h = {.server_time = now->wall_us,
                             .beat = beat,
                             .client_id = JAM_PACKET_MIX_ID,
                             .sequence = self->mix_seq++};
  float ch1[BCAST_MIXER_FRAMES];
  float ch2[BCAST_MIXER_FRAMES];
  const uint32_t n = bcast_members_count(self->members);
  for (uint32_t i = 0; i < n; ++i) {
    const BcastMember* const to = bcast_members_get(self->members, i);
    bcast_mixer_output(self->mixer, to->player.client_id, ch1, ch2);
    size_t len = 0;
    if (jam_packet_encode(&h, ch1, ch2, BCAST_MIXER_FRAMES, self->mix_buf[i], JAM_PACKET_MAX_SIZE,
                          &len) == JAM_SUCCESS) {
      queue(self, out, self->mix_buf[i], len, &to->addr, member_tag(to, i), BCAST_TXQ_FORWARD);
      ++self->counters.mix_packets;
    }
  }
}
