// SPDX-License-Identifier: ISC
// Two network-stage engines in one room, on a clock and a network the test drives: each
// engine's packet I/O and clocks are the test's (NetEngineIo), the test plays a minimal
// forwarding server (rewrite ServerTime and Beat, forward to the other, echo the header) with
// fixed one-way delays. Time only moves when the test moves it, so every result is the same
// on a loaded machine and under a sanitizer.

#include "check.h"
#include "net_room.h"

#include <math.h>
#include <string.h>

static void
a_tone_from_a_reaches_b_at_its_level_and_a_hears_itself_at_once(void)
{
  Session s;
  const int ok = session_open(&s);
  CHECK(ok, "setup");
  if (!ok) {
    session_close(&s);
    return;
  }
  Phase ph;
  session_run(&s, CYCLES, &ph);
  CHECK_NEAR(ph.in_db, -15.05, 0.01);
  CHECK_NEAR(ph.b_left_db, ph.in_db, 0.05); // pan 0 = 0 dB each side, gain 0 dB
  CHECK_NEAR(ph.b_right_db, ph.in_db, 0.05);
  CHECK_NEAR(ph.p0_db, ph.in_db, 0.05); // player 1, channel 1
  CHECK(ph.p1_db < -80.0, "channel 2 carries silence: %.1f dB", ph.p1_db);
  CHECK(ph.monitor_exact, "A's output is its own input, sample for sample");
  CHECK_INT(ph.rb.client_id[0], 101);
  CHECK_INT(ph.ra.client_id[0], 202);
  CHECK_INT(ph.rb.connected, 1);
  // The echo is taken at the first period on or after its arrival: the rtt reads the
  // injected one plus less than one period.
  CHECK(ph.ra.rtt_ms >= RTT_MS - 0.002 && ph.ra.rtt_ms < RTT_MS + PERIOD_MS,
        "rtt %.3f ms, injected %.3f ms (+ < one period, %.3f ms)", (double)ph.ra.rtt_ms, RTT_MS,
        PERIOD_MS);
  CHECK_INT(ph.ra.sent, CYCLES); // one packet per period from the first
  CHECK_INT(s.room.p[0].sent, CYCLES);
  CHECK_INT(ph.rb.underruns, 0);
  CHECK_INT(ph.rb.lost, 0);
  CHECK_INT(s.room.dropped, 0);
  session_close(&s);
}

// Client id 0 is a member's id like any other (only 40000..40002 are reserved on the wire): A
// playing as client 0 is heard by B at its level, and B's readings mark the slot as used. The
// engine took id 0 for "empty slot" and muted it.
static void
a_player_with_client_id_0_is_heard_at_its_level(void)
{
  Session s;
  const int ok = session_open_ids(&s, 0, 202);
  CHECK(ok, "setup");
  if (!ok) {
    session_close(&s);
    return;
  }
  Phase ph;
  session_run(&s, CYCLES, &ph);
  CHECK_NEAR(ph.b_left_db, ph.in_db, 0.05);
  CHECK_NEAR(ph.b_right_db, ph.in_db, 0.05);
  CHECK_NEAR(ph.p0_db, ph.in_db, 0.05);
  CHECK_INT(ph.rb.client_id[0], 0);
  CHECK_INT(ph.rb.used[0], 1);
  CHECK_INT(ph.rb.used[1], 0);
  CHECK_INT(ph.ra.client_id[0], 202);
  CHECK_INT(ph.ra.used[0], 1);
  CHECK_INT(ph.rb.underruns, 0);
  session_close(&s);
}

// B pans player 1 (A) in its room mix: each side's level against A's input follows the spec's
// pan law, computed here from its formula.
static void
the_room_mix_pans_a_player_by_the_constant_power_law(void)
{
  Session s;
  const int ok = session_open(&s);
  CHECK(ok, "setup");
  if (!ok) {
    session_close(&s);
    return;
  }
  Phase ph;
  session_run(&s, 100, &ph); // joined and playing
  const float pans[] = {-1.0f, 1.0f, 0.5f, 0.0f, -0.5f};
  for (size_t k = 0; k < sizeof pans / sizeof pans[0]; ++k) {
    s.cb.slot_pan[0] = pans[k];
    session_run(&s, 50 + MEASURE, &ph); // gains settle in ~10 periods
    const double want_l = pan_law_db(pans[k], 0);
    const double want_r = pan_law_db(pans[k], 1);
    if (want_l < -100.0) { // hard right: nothing on the left
      CHECK(ph.b_left_db < ph.in_db - 80.0, "pan %+.1f: left %.2f dB, want silence",
            (double)pans[k], ph.b_left_db);
    } else {
      CHECK(fabs(ph.b_left_db - ph.in_db - want_l) <= 0.05,
            "pan %+.1f: left %+.3f dB against the input, the law says %+.3f dB", (double)pans[k],
            ph.b_left_db - ph.in_db, want_l);
    }
    if (want_r < -100.0) {
      CHECK(ph.b_right_db < ph.in_db - 80.0, "pan %+.1f: right %.2f dB, want silence",
            (double)pans[k], ph.b_right_db);
    } else {
      CHECK(fabs(ph.b_right_db - ph.in_db - want_r) <= 0.05,
            "pan %+.1f: right %+.3f dB against the input, the law says %+.3f dB", (double)pans[k],
            ph.b_right_db - ph.in_db, want_r);
    }
  }
  // Beyond the ends it clamps: 3 is hard right.
  s.cb.slot_pan[0] = 3.0f;
  session_run(&s, 50 + MEASURE, &ph);
  CHECK(ph.b_left_db < ph.in_db - 80.0, "pan +3: left %.2f dB, want silence", ph.b_left_db);
  CHECK_NEAR(ph.b_right_db - ph.in_db, pan_law_db(1.0, 1), 0.05);
  CHECK_INT(ph.rb.underruns, 0);
  session_close(&s);
}

// One engine whose packets the test keeps: the route arrives first, then nothing.
typedef struct {
  int routed;                        // the route message was taken
  uint8_t last[JAM_PACKET_MAX_SIZE]; // the last packet sent
  size_t last_len;
  unsigned sent;
} Capture;

static JamStatus
capture_next(void* ctx, NetLinkMsgType* type, void* buf, size_t cap)
{
  Capture* c = ctx;
  if (c->routed) {
    return JAM_ERR_EMPTY;
  }
  c->routed = 1;
  const NetLinkRoute route = {.client_id = 7, .connected = 1, .generation = 1};
  *type = NET_LINK_MSG_ROUTE;
  memcpy(buf, &route, cap < sizeof route ? cap : sizeof route);
  return JAM_SUCCESS;
}

static JamStatus
capture_send(void* ctx, const NetLinkRoute* route, const uint8_t* buf, size_t len)
{
  (void)route;
  Capture* c = ctx;
  memcpy(c->last, buf, len);
  c->last_len = len;
  ++c->sent;
  return JAM_SUCCESS;
}

static uint64_t
capture_clock(void* ctx)
{
  (void)ctx;
  return 1000000000u;
}

// Sample `i` of channel `ch` (0 or 1) of an encoded packet of `frames` frames, decoded.
static float
packet_sample(const uint8_t* pkt, size_t frames, int ch, size_t i)
{
  const uint8_t* p = pkt + JAM_PACKET_HEADER_SIZE + (size_t)ch * 2u * frames + 2u * i;
  return jam_packet_decode_sample((uint16_t)((p[0] << 8) | p[1]));
}

static void
nan_and_inf_input_reach_neither_the_monitor_nor_the_wire(void)
{
  Capture cap = {0};
  const NetEngineIo io = {&cap, capture_next, capture_send, capture_clock, capture_clock};
  NetEngine* e = net_engine_new_io(48000, &io);
  const NetControls c = {.packet_frames = N, .click_mute = 1};
  float in1[N];
  float in2[N];
  float out_l[N];
  float out_r[N];
  NetReadings r;
  for (int i = 0; i < N; ++i) {
    in1[i] = in2[i] = 0.25f;
  }
  net_engine_run(e, &c, in1, in2, out_l, out_r, NULL, N, &r); // takes the route, sends
  CHECK_INT(cap.sent, 1);
  in1[10] = NAN; // one NaN frame
  in2[10] = NAN;
  in1[20] = INFINITY; // one +inf frame
  in2[20] = INFINITY;
  in2[30] = -INFINITY;
  net_engine_run(e, &c, in1, in2, out_l, out_r, NULL, N, &r);
  CHECK_INT(cap.sent, 2);
  CHECK_INT(cap.last_len, jam_packet_size(N));
  int bad = 0;
  for (int i = 0; i < N; ++i) {
    bad += !isfinite(out_l[i]) + !isfinite(out_r[i]);
  }
  CHECK_INT(bad, 0);
  // What a 0.0 sample decodes to (the codec's scales give -2/32768), against -1.0 for NaN and
  // -inf before the fix and +1.0 for +inf.
  const float zero = jam_packet_decode_sample(jam_packet_encode_sample(0.0f));
  const size_t at[3] = {10, 20, 30};
  for (int ch = 0; ch < 2; ++ch) {
    for (int k = 0; k < (ch == 0 ? 2 : 3); ++k) { // channel 1 frame 30 is 0.25
      const float v = packet_sample(cap.last, N, ch, at[k]);
      CHECK(v == zero, "channel %d frame %zu decodes to %g, want %g (0.0 sent)", ch + 1, at[k],
            (double)v, (double)zero);
    }
  }
  CHECK_NEAR(packet_sample(cap.last, N, 0, 30), 0.25, 1e-3); // the rest is untouched
  CHECK(fabsf(out_l[10]) < 1e-3f && fabsf(out_l[20]) < 1e-3f, "monitor at NaN/inf: %g %g",
        (double)out_l[10], (double)out_l[20]);
  net_engine_free(e);
}

// Power of out[] against in[] over n frames, dB.
static double
level_db(const double sum_out, const double sum_in)
{
  return 10.0 * log10((sum_out + 1e-30) / sum_in);
}

static void
at_44_1_khz_nothing_is_sent_and_the_monitor_still_plays_at_its_level(void)
{
  Capture cap = {0};
  const NetEngineIo io = {&cap, capture_next, capture_send, capture_clock, capture_clock};
  NetEngine* e = net_engine_new_io(44100, &io);
  NetControls c = {.packet_frames = N, .click_mute = 1, .monitor_db = -6.0f};
  static float player[NET_ENGINE_PLAYER_OUTS][N];
  float* pout[NET_ENGINE_PLAYER_OUTS];
  for (unsigned k = 0; k < NET_ENGINE_PLAYER_OUTS; ++k) {
    pout[k] = player[k];
  }
  float in1[N];
  float in2[N] = {0};
  float out_l[N];
  float out_r[N];
  NetReadings r;
  double sum_in = 0.0, sum_l = 0.0, sum_r = 0.0, sum_p = 0.0;
  for (int b = 0; b < 200; ++b) { // 0.29 s; the gains settle in ~10 periods
    for (int i = 0; i < N; ++i) {
      in1[i] = 0.5f * sinf(2.0f * (float)M_PI * 1000.0f * (float)(b * N + i) / 44100.0f);
    }
    net_engine_run(e, &c, in1, in2, out_l, out_r, pout, N, &r);
    for (int i = 0; b >= 100 && i < N; ++i) {
      sum_in += (double)in1[i] * in1[i];
      sum_l += (double)out_l[i] * out_l[i];
      sum_r += (double)out_r[i] * out_r[i];
      for (unsigned k = 0; k < NET_ENGINE_PLAYER_OUTS; ++k) {
        sum_p += fabsf(player[k][i]);
      }
    }
  }
  printf("     monitor at 44.1 kHz, monitor -6 dB: L %.3f dB, R %.3f dB; %u packets sent\n",
         level_db(sum_l, sum_in), level_db(sum_r, sum_in), cap.sent);
  CHECK_INT(r.rate_ok, 0);
  CHECK_INT(cap.routed, 1); // the room was joined: it is the rate that stops the sending
  CHECK_INT(cap.sent, 0);
  CHECK_INT(r.sent, 0);
  CHECK_NEAR(level_db(sum_l, sum_in), -6.0, 0.01); // centre: unity each side, times monitor_db
  CHECK_NEAR(level_db(sum_r, sum_in), -6.0, 0.01);
  CHECK_NEAR(sum_p, 0.0, 0.0); // no player is heard
  // The monitor's mute still mutes it.
  c.monitor_mute = 1;
  sum_l = sum_r = 0.0;
  for (int b = 0; b < 100; ++b) {
    net_engine_run(e, &c, in1, in2, out_l, out_r, pout, N, &r);
    for (int i = 0; b >= 50 && i < N; ++i) {
      sum_l += (double)out_l[i] * out_l[i];
      sum_r += (double)out_r[i] * out_r[i];
    }
  }
  CHECK(sum_l + sum_r < 1e-12, "muted monitor: power %g", sum_l + sum_r);
  net_engine_free(e);
}

int
main(void)
{
  RUN(a_tone_from_a_reaches_b_at_its_level_and_a_hears_itself_at_once);
  RUN(a_player_with_client_id_0_is_heard_at_its_level);
  RUN(the_room_mix_pans_a_player_by_the_constant_power_law);
  RUN(nan_and_inf_input_reach_neither_the_monitor_nor_the_wire);
  RUN(at_44_1_khz_nothing_is_sent_and_the_monitor_still_plays_at_its_level);
  return jam_test_summary();
}
