// SPDX-License-Identifier: ISC
// Two network-stage engines in one room: the test plays a minimal forwarding server on a
// loopback socket (rewrite ServerTime and Beat, forward to the other, echo the header).

#include "check.h"
#include "clock.h"
#include "meter.h"
#include "packet.h"
#include "plugins/net/engine.h"

#include <arpa/inet.h>
#include <math.h>
#include <unistd.h>

enum { N = 64, CYCLES = 600 };

typedef struct {
  int fd;
  struct sockaddr_storage peer[2];
  socklen_t peer_len[2];
  uint32_t peer_id[2];
  int peers;
} MiniServer;

static void
serve(MiniServer* s)
{
  uint8_t buf[2048];
  for (;;) {
    struct sockaddr_storage from;
    socklen_t len = sizeof from;
    const ssize_t n = recvfrom(s->fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr*)&from, &len);
    if (n < 28) {
      return;
    }
    const uint32_t id = jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID);
    int me = -1;
    for (int i = 0; i < s->peers; ++i) {
      me = s->peer_id[i] == id ? i : me;
    }
    if (me < 0 && s->peers < 2) {
      me = s->peers++;
      s->peer[me] = from;
      s->peer_len[me] = len;
      s->peer_id[me] = id;
    }
    const uint64_t now = jam_clock_wall_us();
    jam_packet_rewrite_for_forward(buf, now, (uint8_t)((now / 500000u) % 4u));
    for (int i = 0; i < s->peers; ++i) {
      sendto(s->fd, buf, i == me ? 28 : (size_t)n, 0, (struct sockaddr*)&s->peer[i],
             s->peer_len[i]);
    }
  }
}

// Power dB of a sum of squares over the last 200 periods (floored at -300 dB).
static double
power_db(const double sum_squares)
{
  return 10.0 * log10(sum_squares / (200.0 * N) + 1e-30);
}

static void
join(NetLink* link, unsigned port, uint32_t id)
{
  NetLinkTarget t = {.port = port, .client_id = id};
  strcpy(t.host, "127.0.0.1");
  net_link_request(link, &t);
}

static void
a_tone_from_a_reaches_b_at_its_level_and_a_hears_itself_at_once(void)
{
  MiniServer srv = {0};
  JamUdpAddr any;
  jam_udp_any(AF_INET, 0, &any);
  char err[128];
  const JamUdpOptions opts = {.nonblocking = 1};
  srv.fd = jam_udp_open(&any, &opts, err, sizeof err);
  JamUdpAddr bound = {.len = sizeof bound.addr};
  getsockname(srv.fd, (struct sockaddr*)&bound.addr, &bound.len);
  const unsigned port = jam_udp_addr_port(&bound);

  NetLink* la = net_link_new(err, sizeof err);
  NetLink* lb = net_link_new(err, sizeof err);
  NetEngine* a = net_engine_new(48000, la);
  NetEngine* b = net_engine_new(48000, lb);
  CHECK(la && lb && a && b, "setup: %s", err);
  if (!(la && lb && a && b)) {
    return;
  }
  join(la, port, 101);
  join(lb, port, 202);
  NetControls c = {
      .jitter_mode = NET_STREAM_AUTO, .jitter_margin = 48, .packet_frames = 64, .click_mute = 1};
  float in1[N];
  float in2[N];
  float zero[N] = {0};
  float al[N];
  float ar[N];
  float bl[N];
  float br[N];
  static float pb[22][N];
  float* bout[22];
  for (int k = 0; k < 22; ++k) {
    bout[k] = pb[k];
  }
  NetReadings ra;
  NetReadings rb;
  double sum_in = 0.0;
  double sum_mix = 0.0;
  double sum_p0 = 0.0;
  double sum_p1 = 0.0;
  int monitor_exact = 1;
  for (int cycle = 0; cycle < CYCLES; ++cycle) {
    for (int i = 0; i < N; ++i) { // 1 kHz at 0.25 (-12 dBFS peak, -15.05 dB RMS)
      in1[i] = 0.25f * sinf(2.0f * (float)M_PI * 1000.0f * (float)(cycle * N + i) / 48000.0f);
      in2[i] = 0.0f;
    }
    net_engine_run(a, &c, in1, in2, al, ar, NULL, N, &ra);
    net_engine_run(b, &c, zero, zero, bl, br, bout, N, &rb);
    for (int i = 0; i < N; ++i) { // B's "silence" decodes to 2 x -6.1e-5 (the codec's DC)
      monitor_exact &= fabsf(al[i] - in1[i]) < 1.3e-4f && fabsf(ar[i] - in1[i]) < 1.3e-4f;
    }
    if (cycle >= CYCLES - 200) {
      for (int i = 0; i < N; ++i) {
        sum_in += (double)in1[i] * in1[i];
        sum_mix += (double)bl[i] * bl[i];
        sum_p0 += (double)pb[0][i] * pb[0][i];
        sum_p1 += (double)pb[1][i] * pb[1][i];
      }
    }
    usleep(1333);
    serve(&srv);
    usleep(300);
  }
  const double in_db = power_db(sum_in);
  const double mix_db = power_db(sum_mix);
  CHECK_NEAR(in_db, -15.05, 0.01);
  CHECK_NEAR(mix_db, in_db, 0.5);
  CHECK_NEAR(power_db(sum_p0), in_db, 0.5); // player 1, channel 1
  CHECK(power_db(sum_p1) < -80.0, "channel 2 carries silence");
  CHECK(monitor_exact, "A's output is its own input, sample for sample");
  CHECK_INT(rb.client_id[0], 101);
  CHECK_INT(ra.client_id[0], 202);
  CHECK_INT(rb.connected, 1);
  CHECK(ra.rtt_ms > 0.0f && ra.rtt_ms < 20.0f, "rtt %.3f ms", (double)ra.rtt_ms);
  CHECK(ra.sent >= CYCLES - 30, "sent %llu", (unsigned long long)ra.sent); // joins take <20 ms
  CHECK_INT(rb.underruns, 0);
  net_engine_free(a);
  net_engine_free(b);
  net_link_free(la);
  net_link_free(lb);
  close(srv.fd);
}

static void
a_host_rate_other_than_48k_outputs_silence_and_says_so(void)
{
  char err[128];
  NetLink* l = net_link_new(err, sizeof err);
  NetEngine* e = net_engine_new(44100, l);
  NetControls c = {.packet_frames = 128};
  float in[N];
  float out_l[N];
  float out_r[N];
  for (int i = 0; i < N; ++i) {
    in[i] = 0.5f;
  }
  NetReadings r;
  net_engine_run(e, &c, in, in, out_l, out_r, NULL, N, &r);
  CHECK_INT(r.rate_ok, 0);
  double sum = 0.0;
  for (int i = 0; i < N; ++i) {
    sum += fabs(out_l[i]) + fabs(out_r[i]);
  }
  CHECK_NEAR(sum, 0.0, 0.0);
  net_engine_free(e);
  net_link_free(l);
}

int
main(void)
{
  RUN(a_tone_from_a_reaches_b_at_its_level_and_a_hears_itself_at_once);
  RUN(a_host_rate_other_than_48k_outputs_silence_and_says_so);
  return jam_test_summary();
}
