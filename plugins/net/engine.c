// SPDX-License-Identifier: ISC
// The network stage's audio-thread core. See engine.h; per run:
//   1. take the link's messages: route changes and received packets (into the streams);
//   2. free the slots of players silent for 1 s;
//   3. in chunks of at most NET_STREAM_MAX_FRAMES: pack and send the inputs, read every
//      stream, write the per-player outputs, mix the room, the monitor and the click.

#include "engine.h"

#include "channel_map.h"
#include "click.h"
#include "cycle.h"
#include "clock.h"
#include "meter.h"
#include "packet.h"

#include "dsp/denormal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NET_ENGINE_CHUNK       NET_STREAM_MAX_FRAMES
#define NET_ENGINE_GAIN_SMOOTH 0.25f  ///< per chunk: a gain change settles in ~10 chunks
#define NET_ENGINE_INPUT_LIMIT 100.0f ///< inputs clamped to ±this (+40 dBFS), as the pedals'

struct NetEngineImpl {
  double rate;                           ///< Hz, the host's
  NetEngineIo io;                        ///< packets and clocks: the link's, or a test's
  NetLinkRoute route;                    ///< where packets go
  uint32_t seq;                          ///< next sequence number to send
  uint64_t echo_time;                    ///< µs, ServerTime of the last packet received
  unsigned beat;                         ///< last beat received
  float accum[2][JAM_PACKET_MAX_FRAMES]; ///< inputs waiting for a whole packet
  size_t accum_fill;                     ///< frames in accum
  JamChannelMap* map;                    ///< client id -> slot
  NetStream* streams[NET_ENGINE_SLOTS];  ///< one per slot
  uint32_t slot_id[NET_ENGINE_SLOTS];    ///< client id owning each stream, if slot_used
  uint8_t slot_used[NET_ENGINE_SLOTS];   ///< 1 while a player owns the slot (any id, 0 too)
  NetClick click;                        ///< metronome click
  JamPowerMeter in_meter[2];             ///< local input levels
  JamPowerMeter player_meter[NET_ENGINE_PLAYER_OUTS]; ///< remote channel levels
  float chan_gain[NET_ENGINE_PLAYER_OUTS][2];         ///< smoothed linear gains, L and R
  float input_gain[2][2];                             ///< monitor: smoothed gains, L and R
  float master_gain;                                  ///< smoothed linear gain
  float click_gain;                                   ///< smoothed linear gain
  float rtt_ms;                                       ///< ms, smoothed round trip
  uint64_t sent;                                      ///< packets sent
  uint64_t send_errors;                               ///< sends refused by the kernel
  NetLinkPacket pkt;                                  ///< scratch for one message
  float dec[2][JAM_PACKET_MAX_FRAMES];                ///< decoded audio scratch
  NetCycle cycle;                                     ///< lateness of our own run() calls
};

JAM_REALTIME static JamStatus
link_next(void* const ctx, NetLinkMsgType* const type, void* const buf, const size_t cap)
{
  return net_link_next(ctx, type, buf, cap);
}

JAM_REALTIME static JamStatus
link_send(void* const ctx, const NetLinkRoute* const route, const uint8_t* const buf,
          const size_t len)
{
  return net_link_send(ctx, route, buf, len);
}

JAM_REALTIME static uint64_t
system_wall_us(void* const ctx)
{
  (void)ctx;
  return jam_clock_wall_us();
}

JAM_REALTIME static uint64_t
system_mono_us(void* const ctx)
{
  (void)ctx;
  return jam_clock_mono_us();
}

NetEngine*
net_engine_new(const double rate, NetLink* const link)
{
  const NetEngineIo io = {link, link_next, link_send, system_wall_us, system_mono_us};
  return net_engine_new_io(rate, &io);
}

NetEngine*
net_engine_new_io(const double rate, const NetEngineIo* const io)
{
  NetEngine* self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->rate = rate;
  self->io = *io;
  self->map = jam_channel_map_new();
  if (!self->map) {
    net_engine_free(self);
    return NULL;
  }
  for (unsigned s = 0; s < NET_ENGINE_SLOTS; ++s) {
    self->streams[s] = net_stream_new(NET_ENGINE_JITTER_CAPACITY);
    if (!self->streams[s]) {
      net_engine_free(self);
      return NULL;
    }
  }
  net_click_init(&self->click, NET_ENGINE_RATE);
  net_cycle_init(&self->cycle, rate);
  jam_power_meter_init(&self->in_meter[0]);
  jam_power_meter_init(&self->in_meter[1]);
  for (unsigned c = 0; c < NET_ENGINE_PLAYER_OUTS; ++c) {
    jam_power_meter_init(&self->player_meter[c]);
  }
  self->master_gain = 1.0f;
  for (unsigned c = 0; c < NET_ENGINE_PLAYER_OUTS; ++c) {
    self->chan_gain[c][0] = self->chan_gain[c][1] = 1.0f;
  }
  self->input_gain[0][0] = self->input_gain[0][1] = 1.0f;
  self->input_gain[1][0] = self->input_gain[1][1] = 1.0f;
  return self;
}

void
net_engine_free(NetEngine* const self)
{
  if (!self) {
    return;
  }
  for (unsigned s = 0; s < NET_ENGINE_SLOTS; ++s) {
    net_stream_free(self->streams[s]);
  }
  jam_channel_map_free(self->map);
  free(self);
}

static void
clear_slots(NetEngine* const self)
{
  jam_channel_map_clear(self->map);
  for (unsigned s = 0; s < NET_ENGINE_SLOTS; ++s) {
    if (self->slot_used[s]) {
      net_stream_reset(self->streams[s]);
      self->slot_id[s] = 0;
      self->slot_used[s] = 0;
    }
  }
}

static void
receive_packet(NetEngine* const self, const NetLinkPacket* const p)
{
  JamPacketHeader h;
  jam_packet_header_read(p->data, &h);
  self->echo_time = h.server_time; // echoed in every packet we send (§4.5)
  self->beat = h.beat & 3u;
  const size_t frames = jam_packet_frames(p->len);
  if (h.client_id == self->route.client_id) {
    if (frames == 0) { // our own header-only echo: it carries our send time
      const uint64_t now = self->io.wall_us(self->io.ctx);
      if (h.client_time && now >= h.client_time && now - h.client_time < 10000000u) {
        const float rtt = (float)(now - h.client_time) / 1000.0f;
        self->rtt_ms = self->rtt_ms > 0.0f ? self->rtt_ms + 0.1f * (rtt - self->rtt_ms) : rtt;
      }
    }
    return; // never play our own audio (a server in mix mode would send it back)
  }
  if (frames == 0) {
    return;
  }
  unsigned channel = 0;
  if (jam_channel_map_get(self->map, h.client_id, p->arrival_us, h.sequence, &channel) !=
      JAM_SUCCESS) {
    return; // 11 players already: this one is not heard
  }
  const unsigned slot = channel / 2u - 1u;
  if (!self->slot_used[slot] || self->slot_id[slot] != h.client_id) {
    net_stream_reset(self->streams[slot]);
    self->slot_id[slot] = h.client_id;
    self->slot_used[slot] = 1;
  }
  size_t got = 0;
  jam_packet_decode(p->data, p->len, self->dec[0], self->dec[1], JAM_PACKET_MAX_FRAMES, &got);
  net_stream_put(self->streams[slot], h.sequence, p->arrival_us, self->dec[0], self->dec[1], got);
}

static void
take_messages(NetEngine* const self)
{
  NetLinkMsgType type;
  while (self->io.next(self->io.ctx, &type, &self->pkt, sizeof self->pkt) == JAM_SUCCESS) {
    if (type == NET_LINK_MSG_ROUTE) {
      memcpy(&self->route, &self->pkt, sizeof self->route);
      self->seq = 0;
      self->accum_fill = 0;
      self->rtt_ms = 0.0f;
      clear_slots(self);
    } else if (type == NET_LINK_MSG_PACKET && self->rate == NET_ENGINE_RATE) {
      receive_packet(self, &self->pkt);
    }
  }
}

static void
prune_slots(NetEngine* const self)
{
  if (!jam_channel_map_prune(self->map, self->io.mono_us(self->io.ctx))) {
    return;
  }
  for (unsigned s = 0; s < NET_ENGINE_SLOTS; ++s) {
    const JamPlayer* p = jam_channel_map_slot(self->map, s);
    if (self->slot_used[s] && (!p || jam_player_is_empty(p))) {
      net_stream_reset(self->streams[s]);
      self->slot_id[s] = 0;
      self->slot_used[s] = 0;
    }
  }
}

static void
send_inputs(NetEngine* const self, const NetControls* const c, const float* const x1,
            const float* const x2, const size_t n)
{
  const size_t frames = c->packet_frames == 64 ? 64 : 128;
  for (size_t i = 0; i < n; ++i) {
    self->accum[0][self->accum_fill] = c->room_mute[0] ? 0.0f : x1[i];
    self->accum[1][self->accum_fill] = c->room_mute[1] ? 0.0f : x2[i];
    if (++self->accum_fill < frames) {
      continue;
    }
    self->accum_fill = 0;
    if (!self->route.connected) {
      continue;
    }
    const JamPacketHeader h = {.server_time = self->echo_time,
                               .client_time = self->io.wall_us(self->io.ctx),
                               .client_id = self->route.client_id,
                               .sequence = self->seq++};
    uint8_t buf[JAM_PACKET_MAX_SIZE];
    size_t len = 0;
    jam_packet_encode(&h, self->accum[0], self->accum[1], frames, buf, sizeof buf, &len);
    if (self->io.send(self->io.ctx, &self->route, buf, len) == JAM_SUCCESS) {
      ++self->sent;
    } else {
      ++self->send_errors;
    }
  }
}

// Moves a smoothed gain toward its target: returns the new value.
static float
approach(const float current, const float target)
{
  const float next = current + NET_ENGINE_GAIN_SMOOTH * (target - current);
  return fabsf(next - target) < 1e-6f ? target : next;
}

static float
db_gain(const float db)
{
  return (float)jam_db_to_lin(db);
}

// A channel's L and R gains for a linear gain and a constant-power pan (centre: g on both).
static void
pan_targets(const float g, const float pan, float target[2])
{
  target[0] = g * sqrtf(1.0f - pan);
  target[1] = g * sqrtf(1.0f + pan);
}

// Adds x to the bus with gains ramped linearly across the chunk from gain[] toward target[]
// (approach), then stores the new gains: no zipper noise.
static void
mix_ramped(const float* const x, float gain[2], const float target[2], float* const left,
           float* const right, const size_t n)
{
  const float l0 = gain[0], r0 = gain[1];
  const float l1 = approach(l0, target[0]), r1 = approach(r0, target[1]);
  for (size_t i = 0; i < n; ++i) {
    const float t = (float)(i + 1) / (float)n;
    left[i] += x[i] * (l0 + t * (l1 - l0));
    right[i] += x[i] * (r0 + t * (r1 - r0));
  }
  gain[0] = l1;
  gain[1] = r1;
}

// Mixes one chunk: the remote players and the click only when `wire` (the host runs at
// 48 kHz), the local monitor and the master always.
static void
mix_chunk(NetEngine* const self, const NetControls* const c, const int wire, const float* const x1,
          const float* const x2, float* const left, float* const right,
          float* const* const player_out, const size_t off, const size_t n)
{
  memset(left, 0, n * sizeof *left);
  memset(right, 0, n * sizeof *right);
  float x[2][NET_ENGINE_CHUNK];
  for (unsigned s = 0; s < NET_ENGINE_SLOTS; ++s) {
    float target[2][2]; // per channel of the slot: L and R
    for (unsigned k = 0; k < 2; ++k) {
      const unsigned ch = 2 * s + k;
      const float pan = fmaxf(-1.0f, fminf(1.0f, c->slot_pan[s] + c->chan_pan[ch]));
      const float g = c->slot_mute[s] || c->chan_mute[ch]
                          ? 0.0f
                          : db_gain(c->slot_gain_db[s] + c->chan_gain_db[ch]);
      pan_targets(g, pan, target[k]);
    }
    float* out[2] = {player_out ? player_out[2 * s] : NULL,
                     player_out ? player_out[2 * s + 1] : NULL};
    if (!wire || !self->slot_used[s]) {
      for (unsigned k = 0; k < 2; ++k) {
        if (out[k]) {
          memset(out[k] + off, 0, n * sizeof *out[k]);
        }
        self->chan_gain[2 * s + k][0] = target[k][0];
        self->chan_gain[2 * s + k][1] = target[k][1];
      }
      continue;
    }
    net_stream_get(self->streams[s], x[0], x[1], n);
    for (unsigned k = 0; k < 2; ++k) {
      if (out[k]) {
        memcpy(out[k] + off, x[k], n * sizeof *x[k]);
      }
      jam_power_meter_add(&self->player_meter[2 * s + k], x[k], n, 1.0);
      mix_ramped(x[k], self->chan_gain[2 * s + k], target[k], left, right, n);
    }
  }
  const float* in[2] = {x1, x2};
  for (unsigned k = 0; k < 2; ++k) { // the local monitor: no buffering at all
    const float pan = fmaxf(-1.0f, fminf(1.0f, c->input_pan[k]));
    const float g =
        c->monitor_mute || c->input_mute[k] ? 0.0f : db_gain(c->monitor_db + c->input_gain_db[k]);
    float target[2];
    // Centre is unity on both sides (L = R = 1), as the constant-power law gives at pan 0.
    pan_targets(g, pan, target);
    mix_ramped(in[k], self->input_gain[k], target, left, right, n);
  }
  self->click_gain = approach(self->click_gain, c->click_mute ? 0.0f : db_gain(c->click_db));
  if (wire && self->route.connected) {
    net_click_mix(&self->click, self->beat, self->click_gain, left, right, n);
  }
  const float m0 = self->master_gain;
  const float m1 = approach(m0, db_gain(c->master_db));
  for (size_t i = 0; i < n; ++i) {
    const float g = m0 + (float)(i + 1) / (float)n * (m1 - m0);
    left[i] *= g;
    right[i] *= g;
  }
  self->master_gain = m1;
}

static void
report(NetEngine* const self, NetReadings* const r)
{
  r->connected = (int)self->route.connected;
  r->rate_ok = self->rate == NET_ENGINE_RATE;
  r->input_db[0] = (float)jam_power_meter_avg(&self->in_meter[0]);
  r->input_db[1] = (float)jam_power_meter_avg(&self->in_meter[1]);
  r->rtt_ms = self->rtt_ms;
  r->lost = 0;
  r->underruns = 0;
  for (unsigned s = 0; s < NET_ENGINE_SLOTS; ++s) {
    NetStreamStats st;
    net_stream_stats(self->streams[s], &st);
    r->player_db[2 * s] = (float)jam_power_meter_avg(&self->player_meter[2 * s]);
    r->player_db[2 * s + 1] = (float)jam_power_meter_avg(&self->player_meter[2 * s + 1]);
    r->player_peak_db[2 * s] = (float)jam_power_meter_peak(&self->player_meter[2 * s]);
    r->player_peak_db[2 * s + 1] = (float)jam_power_meter_peak(&self->player_meter[2 * s + 1]);
    r->drops[s] = st.lost + st.late;
    r->client_id[s] = self->slot_id[s];
    r->used[s] = self->slot_used[s];
    r->depth_ms[s] = self->slot_used[s] ? (float)st.depth_ms : 0.0f;
    r->jitter_ms[s] = self->slot_used[s] ? (float)st.span_ms : 0.0f;
    r->lost += st.lost + st.late;
    r->underruns += st.underruns;
  }
  r->sent = self->sent;
  r->send_errors = self->send_errors;
  r->beat = self->beat;
  r->cycle_late_ms = (float)(net_cycle_worst_us(&self->cycle) / 1000.0);
}

const NetLinkRoute*
net_engine_route(const NetEngine* const self)
{
  return &self->route;
}

void
net_engine_run(NetEngine* const self, const NetControls* const c, const float* const in1,
               const float* const in2, float* const mix_l, float* const mix_r,
               float* const* const player_out, const size_t n, NetReadings* const readings)
{
  net_cycle_tick(&self->cycle, jam_clock_mono_us(), n); // before the ring: our own timing
  take_messages(self);
  // The wire is 48 kHz only: at another rate nothing is sent and no player is heard (rate_ok
  // says so), but the local monitor and the master still work, so the player hears itself.
  const int wire = self->rate == NET_ENGINE_RATE;
  if (wire) {
    prune_slots(self);
    for (unsigned s = 0; s < NET_ENGINE_SLOTS; ++s) {
      net_stream_set_policy(self->streams[s], c->jitter_mode, c->jitter_depth, c->jitter_margin);
      net_stream_set_glitch_rate(self->streams[s], c->jitter_glitch);
      net_stream_set_late_cost(self->streams[s], c->jitter_cost);
      net_stream_set_cycle_late(self->streams[s], net_cycle_late_us(&self->cycle) * 48000.0 / 1e6);
    }
  }
  for (size_t off = 0; off < n; off += NET_ENGINE_CHUNK) {
    const size_t m = n - off < NET_ENGINE_CHUNK ? n - off : NET_ENGINE_CHUNK;
    // Copies (the outputs may alias the inputs), cleaned: NaN and ±inf become 0 before the
    // meter, the monitor and the encoder (which sends NaN and -inf as -1.0, full scale).
    float x1[NET_ENGINE_CHUNK];
    float x2[NET_ENGINE_CHUNK];
    dsp_clean_copy(m, in1 + off, x1, NET_ENGINE_INPUT_LIMIT);
    dsp_clean_copy(m, in2 + off, x2, NET_ENGINE_INPUT_LIMIT);
    jam_power_meter_add(&self->in_meter[0], x1, m, 1.0);
    jam_power_meter_add(&self->in_meter[1], x2, m, 1.0);
    if (wire) {
      send_inputs(self, c, x1, x2, m);
    }
    mix_chunk(self, c, wire, x1, x2, mix_l + off, mix_r + off, player_out, off, m);
  }
  report(self, readings);
}
