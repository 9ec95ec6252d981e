// SPDX-License-Identifier: ISC
// A room for network-stage engines on a clock and a network the test drives (included by the
// tests that need one): each engine's packet I/O and clocks are the test's (NetEngineIo); a
// minimal forwarding server rewrites ServerTime and Beat, forwards to the other player and
// echoes the header, with fixed one-way delays. Time only moves when the test moves it, so
// every result is the same on a loaded machine and under a sanitizer.
//
// A session: two players in the room, A (id 101) plays a 1 kHz tone, B (id 202) silence;
// session_run measures the last MEASURE periods.

#ifndef JAM_TEST_NET_ROOM_H
#define JAM_TEST_NET_ROOM_H

#include "packet.h"
#include "plugins/net/engine.h"

#include <math.h>
#include <string.h>

enum {
  N = 64,           // frames per period = the packet size
  CYCLES = 600,     // periods per run
  UP_US = 3000,     // µs, player -> server
  DOWN_US = 4500,   // µs, server -> player
  QCAP = 256,       // messages a queue holds
  MEASURE = 200,    // periods measured at the end of a phase
  WALL_OFFSET = 17, // s between the wall and the monotonic clock (catches a mix-up)
};

#define RTT_MS         ((UP_US + DOWN_US) / 1000.0) // the round trip the test injects
#define PERIOD_MS      (N / 48.0)                   // one period, 1.333 ms
#define WALL_OFFSET_US ((uint64_t)WALL_OFFSET * 1000000u)

typedef struct {
  uint64_t at; // µs, monotonic: when it arrives
  NetLinkMsgType type;
  NetLinkPacket pkt; // a packet, or a NetLinkRoute in its first bytes
} Msg;

typedef struct {
  Msg q[QCAP];
  size_t head; // next to take
  size_t tail; // next free
} Queue;

typedef struct Room Room;

typedef struct {
  Room* room;
  Queue inbox;   // server -> this player
  uint64_t sent; // datagrams this player sent
} Player;

struct Room {
  uint64_t now; // µs, monotonic, the test's clock
  Player p[2];
  uint32_t id[2];
  Queue up;         // players -> server, in send order (= arrival order: fixed delay)
  uint64_t dropped; // messages that did not fit a queue (must stay 0)
};

static inline void
push(Room* r, Queue* q, const Msg* m)
{
  if (q->tail - q->head >= QCAP) {
    ++r->dropped;
    return;
  }
  q->q[q->tail++ % QCAP] = *m;
}

static inline JamStatus
fake_next(void* ctx, NetLinkMsgType* type, void* buf, size_t cap)
{
  Player* p = ctx;
  Queue* q = &p->inbox;
  if (q->head == q->tail || q->q[q->head % QCAP].at > p->room->now) {
    return JAM_ERR_EMPTY;
  }
  const Msg* m = &q->q[q->head++ % QCAP];
  *type = m->type;
  memcpy(buf, &m->pkt, cap < sizeof m->pkt ? cap : sizeof m->pkt);
  return JAM_SUCCESS;
}

static inline JamStatus
fake_send(void* ctx, const NetLinkRoute* route, const uint8_t* buf, size_t len)
{
  (void)route;
  Player* p = ctx;
  Msg m = {.at = p->room->now + UP_US, .type = NET_LINK_MSG_PACKET};
  m.pkt.len = (uint32_t)len;
  memcpy(m.pkt.data, buf, len);
  push(p->room, &p->room->up, &m);
  ++p->sent;
  return JAM_SUCCESS;
}

static inline uint64_t
fake_wall(void* ctx)
{
  return ((Player*)ctx)->room->now + WALL_OFFSET_US;
}

static inline uint64_t
fake_mono(void* ctx)
{
  return ((Player*)ctx)->room->now;
}

// The server takes every datagram that has reached it by now, at its arrival time.
static inline void
serve(Room* r)
{
  while (r->up.head != r->up.tail && r->up.q[r->up.head % QCAP].at <= r->now) {
    Msg m = r->up.q[r->up.head++ % QCAP];
    const uint32_t id = jam_packet_get_u32(m.pkt.data, JAM_PACKET_OFF_CLIENT_ID);
    const int from = id == r->id[0] ? 0 : id == r->id[1] ? 1 : -1;
    if (from < 0) {
      continue;
    }
    const uint64_t server_wall = m.at + WALL_OFFSET_US;
    jam_packet_rewrite_for_forward(m.pkt.data, server_wall,
                                   (uint8_t)((server_wall / 500000u) % 4u));
    m.at += DOWN_US;
    m.pkt.arrival_us = m.at;
    push(r, &r->p[1 - from].inbox, &m); // the audio to the other player
    m.pkt.len = JAM_PACKET_HEADER_SIZE;
    push(r, &r->p[from].inbox, &m); // the header back to the sender
  }
}

static inline void
join(Room* r, int k, uint32_t id)
{
  r->id[k] = id;
  Msg m = {.at = r->now, .type = NET_LINK_MSG_ROUTE};
  NetLinkRoute route = {.client_id = id, .connected = 1, .generation = 1};
  memcpy(&m.pkt, &route, sizeof route);
  push(r, &r->p[k].inbox, &m);
}

static inline NetEngine*
engine_in(Room* r, int k)
{
  r->p[k].room = r;
  const NetEngineIo io = {&r->p[k], fake_next, fake_send, fake_wall, fake_mono};
  return net_engine_new_io(48000, &io);
}

// µs on the test's clock at the start of period `cycle` (starting at 1000 s).
static inline uint64_t
clock_at(const int cycle)
{
  return 1000000000u + (uint64_t)cycle * N * 1000000u / 48000u;
}

// Power dB of a sum of squares over `periods` periods (floored at -300 dB).
static inline double
power_db(const double sum_squares, const int periods)
{
  return 10.0 * log10(sum_squares / ((double)periods * N) + 1e-30);
}

// The spec's constant-power pan law (rtjam_rust_spec.md §3.8 Fader), in dB of power:
// left = sqrt(1 - pan), right = sqrt(1 + pan), pan clamped to -1..1.
static inline double
pan_law_db(const double pan, const int right)
{
  const double p = pan < -1.0 ? -1.0 : pan > 1.0 ? 1.0 : pan;
  const double g = right ? sqrt(1.0 + p) : sqrt(1.0 - p);
  return 20.0 * log10(g + 1e-15);
}

// 1 kHz at 0.25 (-12 dBFS peak, -15.05 dB RMS), sample k of A's input.
static inline float
tone(const int k)
{
  return 0.25f * sinf(2.0f * (float)M_PI * 1000.0f * (float)k / 48000.0f);
}

typedef struct {
  Room room;
  NetEngine* a;
  NetEngine* b;
  NetControls ca;
  NetControls cb;
  int cycle;
} Session;

// A session whose players have client ids `id_a` and `id_b`.
static inline int
session_open_ids(Session* s, const uint32_t id_a, const uint32_t id_b)
{
  memset(s, 0, sizeof *s);
  s->room.now = clock_at(0);
  s->a = engine_in(&s->room, 0);
  s->b = engine_in(&s->room, 1);
  join(&s->room, 0, id_a);
  join(&s->room, 1, id_b);
  const NetControls c = {
      .jitter_mode = NET_STREAM_AUTO, .jitter_margin = 48, .packet_frames = N, .click_mute = 1};
  s->ca = s->cb = c;
  return s->a && s->b;
}

static inline int
session_open(Session* s)
{
  return session_open_ids(s, 101, 202);
}

static inline void
session_close(Session* s)
{
  net_engine_free(s->a);
  net_engine_free(s->b);
}

// What one phase of a session measured (power dB over its last MEASURE periods).
typedef struct {
  double in_db;      // A's input, channel 1
  double b_left_db;  // B's room mix, left
  double b_right_db; // B's room mix, right
  double p0_db;      // B's per-player output: player 1, channel 1
  double p1_db;      // player 1, channel 2
  int monitor_exact; // A's mix was its own input, sample for sample, every period
  NetReadings ra;
  NetReadings rb;
} Phase;

// Runs `periods` periods: A plays the tone, B plays silence; the clock moves one period each.
static inline void
session_run(Session* s, const int periods, Phase* ph)
{
  float in1[N];
  float in2[N] = {0};
  float zero[N] = {0};
  float al[N];
  float ar[N];
  float bl[N];
  float br[N];
  static float pb[NET_ENGINE_PLAYER_OUTS][N];
  float* bout[NET_ENGINE_PLAYER_OUTS];
  for (unsigned k = 0; k < NET_ENGINE_PLAYER_OUTS; ++k) {
    bout[k] = pb[k];
  }
  double sum_in = 0.0;
  double sum_l = 0.0;
  double sum_r = 0.0;
  double sum_p0 = 0.0;
  double sum_p1 = 0.0;
  ph->monitor_exact = 1;
  for (int k = 0; k < periods; ++k, ++s->cycle) {
    s->room.now = clock_at(s->cycle);
    serve(&s->room);
    for (int i = 0; i < N; ++i) {
      in1[i] = tone(s->cycle * N + i);
    }
    net_engine_run(s->a, &s->ca, in1, in2, al, ar, NULL, N, &ph->ra);
    net_engine_run(s->b, &s->cb, zero, zero, bl, br, bout, N, &ph->rb);
    for (int i = 0; i < N; ++i) { // B's "silence" decodes to 2 x -6.1e-5 (the codec's DC)
      ph->monitor_exact &= fabsf(al[i] - in1[i]) < 1.3e-4f && fabsf(ar[i] - in1[i]) < 1.3e-4f;
    }
    if (k >= periods - MEASURE) {
      for (int i = 0; i < N; ++i) {
        sum_in += (double)in1[i] * in1[i];
        sum_l += (double)bl[i] * bl[i];
        sum_r += (double)br[i] * br[i];
        sum_p0 += (double)pb[0][i] * pb[0][i];
        sum_p1 += (double)pb[1][i] * pb[1][i];
      }
    }
  }
  ph->in_db = power_db(sum_in, MEASURE);
  ph->b_left_db = power_db(sum_l, MEASURE);
  ph->b_right_db = power_db(sum_r, MEASURE);
  ph->p0_db = power_db(sum_p0, MEASURE);
  ph->p1_db = power_db(sum_p1, MEASURE);
}

#endif // JAM_TEST_NET_ROOM_H
