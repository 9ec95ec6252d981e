// SPDX-License-Identifier: ISC
// One remote player's receive stream: delay, concealment, lateness, duplicates, adaptive depth
// and latency trimming, measured in samples.

#include "check.h"
#include "plugins/net/stream.h"

#include <math.h>

enum { P = 64, CAP = 8192 };

// A 440 Hz sine at -6 dBFS; sample k of the stream.
static float
tone(const size_t k)
{
  return 0.5f * sinf(2.0f * (float)M_PI * 440.0f * (float)k / 48000.0f);
}

static uint64_t
arrival(const uint32_t seq)
{
  return 1000000u + (uint64_t)seq * 4000u / 3u; // 64 frames = 1333.33 µs, truncated
}

static void
put_packet(NetStream* s, uint32_t seq, uint64_t at)
{
  float a[P];
  float b[P];
  for (size_t i = 0; i < P; ++i) {
    a[i] = tone((size_t)seq * P + i);
    b[i] = -a[i];
  }
  net_stream_put(s, seq, at, a, b, P);
}

static void
a_clean_stream_plays_one_packet_late_with_exact_samples(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_AUTO, 0, 48); // margin 1 ms
  float l[P];
  float r[P];
  int exact = 0;
  for (uint32_t seq = 0; seq < 600; ++seq) {
    put_packet(s, seq, arrival(seq));
    net_stream_get(s, l, r, P);
    if (seq >= 2) { // after the fill (target 64 + 0 + 48 = 112 samples) and the fade-in
      int same = 1;
      for (size_t i = 0; i < P; ++i) {
        same &= l[i] == tone((size_t)(seq - 1) * P + i) && r[i] == -l[i];
      }
      exact += same;
    }
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(exact, 598); // every period after the start is the previous packet, bit-exact
  CHECK_INT(st.underruns, 0);
  CHECK_INT(st.lost, 0);
  CHECK_INT(st.target, P + 1 + 48);            // span = 1 µs of rounding -> 1 sample
  CHECK_NEAR(st.depth_ms, 128.0 / 48.0, 1e-9); // fill before each read: two packets
  CHECK_INT(st.fill, P);
  net_stream_free(s);
}

static void
a_lost_packet_is_concealed_in_place_without_a_click(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, 2 * P, 0);
  float l[P];
  float r[P];
  float prev = 0.0f;
  float max_step = 0.0f;
  int aligned_after = 0;
  for (uint32_t seq = 0; seq < 100; ++seq) {
    if (seq != 50) {
      put_packet(s, seq, arrival(seq));
    }
    net_stream_get(s, l, r, P);
    for (size_t i = 0; i < P; ++i) {
      const float step = fabsf(l[i] - prev);
      max_step = step > max_step ? step : max_step;
      prev = l[i];
    }
    if (seq >= 60) {
      int same = 1;
      for (size_t i = 0; i < P; ++i) {
        same &= l[i] == tone((size_t)(seq - 1) * P + i);
      }
      aligned_after += same;
    }
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(st.lost, 1);
  CHECK_INT(st.underruns, 0);
  CHECK_INT(aligned_after, 40); // timing kept: still exactly one packet behind
  // A 440 Hz tone at 0.5 moves at most 0.029 per sample; fades add at most 0.5/32.
  CHECK(max_step < 0.029f + 0.5f / 32.0f + 1e-3f, "largest step %.4f", (double)max_step);
  net_stream_free(s);
}

static void
reordered_packets_are_put_back_in_sequence(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, 3 * P, 0);
  float l[P];
  float r[P];
  int exact = 0;
  put_packet(s, 0, arrival(0));
  net_stream_get(s, l, r, P);
  for (uint32_t seq = 1; seq < 201; seq += 2) { // then every pair arrives swapped: 2 1 4 3 ...
    put_packet(s, seq + 1, arrival(seq + 1));
    put_packet(s, seq, arrival(seq + 1));
    for (uint32_t k = seq; k < seq + 2; ++k) {
      net_stream_get(s, l, r, P);
      if (k >= 5) {
        int same = 1;
        for (size_t i = 0; i < P; ++i) {
          same &= l[i] == tone((size_t)(k - 1) * P + i); // k - 1: the pair before is in place
        }
        exact += same;
      }
    }
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(exact, 196);
  CHECK_INT(st.packets, 201);
  CHECK_INT(st.lost, 0);
  CHECK_INT(st.late, 0);
  CHECK_INT(st.underruns, 0);
  net_stream_free(s);
}

static void
late_and_duplicate_packets_are_dropped_and_counted(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, P, 0);
  float l[P];
  float r[P];
  put_packet(s, 0, arrival(0));
  put_packet(s, 1, arrival(1));
  put_packet(s, 1, arrival(1)); // duplicate
  put_packet(s, 3, arrival(3)); // waits for 2
  net_stream_get(s, l, r, P);   // plays 0
  net_stream_get(s, l, r, P);   // plays 1
  net_stream_get(s, l, r, P);   // 2 is due and missing: concealed, 3 follows
  put_packet(s, 2, arrival(3)); // too late
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(st.packets, 3);
  CHECK_INT(st.duplicates, 1);
  CHECK_INT(st.lost, 1);
  CHECK_INT(st.late, 1);
  CHECK_INT(st.underruns, 0);
  CHECK_INT(st.fill, P); // packet 3, after the concealed 2 was read
  net_stream_free(s);
}

static void
jitter_raises_the_target_depth_to_cover_its_span(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_AUTO, 0, 48);
  float l[P];
  float r[P];
  unsigned seed = 1;
  for (uint32_t seq = 0; seq < 600; ++seq) {
    seed = seed * 1103515245u + 12345u;
    const uint64_t jitter = (seed >> 16) % 2001u; // 0..2 ms late
    put_packet(s, seq, arrival(seq) + jitter);
    net_stream_get(s, l, r, P);
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_NEAR(st.span_ms, 2.0, 0.05);
  CHECK_NEAR(st.target, P + 96 + 48, 3); // packet + 2 ms + 1 ms margin
  net_stream_free(s);
}

static void
running_dry_fades_out_and_counts_one_underrun(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, P, 0);
  float l[P];
  float r[P];
  for (uint32_t seq = 0; seq < 10; ++seq) {
    put_packet(s, seq, arrival(seq));
    net_stream_get(s, l, r, P);
  }
  const float last = l[P - 1];
  net_stream_get(s, l, r, P); // nothing arrived
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(st.underruns, 1);
  CHECK(fabsf(l[0]) < fabsf(last) + 1e-6f, "first concealed %.4f after %.4f", (double)l[0],
        (double)last);
  CHECK_NEAR(l[31], 0.0, 1e-7); // faded out over 32 samples
  CHECK_NEAR(l[63], 0.0, 0.0);
  net_stream_get(s, l, r, P);
  net_stream_stats(s, &st);
  CHECK_INT(st.underruns, 1); // still dry: one glitch, not two
  net_stream_free(s);
}

static void
excess_depth_is_trimmed_after_a_second(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, P, 0);
  float l[P];
  float r[P];
  uint32_t seq = 0;
  for (; seq < 5; ++seq) { // a burst: 5 packets at once
    put_packet(s, seq, arrival(seq));
  }
  net_stream_get(s, l, r, P);
  for (int cycle = 0; cycle < 3000; ++cycle, ++seq) { // 4 s of steady traffic
    put_packet(s, seq, arrival(seq));
    net_stream_get(s, l, r, P);
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(st.trims, 3); // 3 packets too many; each second trims one
  CHECK_INT(st.fill, P);  // the target, after the read
  CHECK_INT(st.underruns, 0);
  net_stream_free(s);
}

static void
a_sequence_reset_restarts_the_stream(void)
{
  NetStream* s = net_stream_new(CAP);
  put_packet(s, 1000, arrival(1000));
  put_packet(s, 0, arrival(1001));
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(st.restarts, 1);
  CHECK_INT(st.fill, P);
  CHECK(net_stream_new(100) == NULL, "a tiny capacity is refused");
  net_stream_free(s);
  net_stream_free(NULL);
}

int
main(void)
{
  RUN(a_clean_stream_plays_one_packet_late_with_exact_samples);
  RUN(a_lost_packet_is_concealed_in_place_without_a_click);
  RUN(reordered_packets_are_put_back_in_sequence);
  RUN(late_and_duplicate_packets_are_dropped_and_counted);
  RUN(jitter_raises_the_target_depth_to_cover_its_span);
  RUN(running_dry_fades_out_and_counts_one_underrun);
  RUN(excess_depth_is_trimmed_after_a_second);
  RUN(a_sequence_reset_restarts_the_stream);
  return jam_test_summary();
}
