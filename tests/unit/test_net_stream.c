// SPDX-License-Identifier: ISC
// One remote player's receive stream: delay, concealment, lateness, duplicates, adaptive depth
// and latency trimming, measured in samples.

#include "check.h"
#include "plugins/net/conceal.h"
#include "plugins/net/stream.h"

#include <stdio.h>

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
  CHECK(st.late <= st.slips + 1u, "%llu late", (unsigned long long)st.late); // the slipped ones
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
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(st.lost, 1);        // a sequence gap, so far
  put_packet(s, 2, arrival(3)); // too late: it was not lost after all
  net_stream_stats(s, &st);
  CHECK_INT(st.packets, 3);
  CHECK_INT(st.duplicates, 1);
  CHECK_INT(st.lost, 0); // each packet counts once (drops = lost + late)
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
running_dry_continues_the_sound_then_fades_and_counts_one_underrun(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, P, 0);
  float l[P];
  float r[P];
  for (uint32_t seq = 0; seq < 20; ++seq) {
    put_packet(s, seq, arrival(seq));
    net_stream_get(s, l, r, P);
  }
  // Nothing arrives any more (read k played packet k: the target is one packet). The first 40 ms
  // continue the tone (linear prediction of a sine is exact up to rounding: within 5 % of its
  // amplitude, -26 dB), the next 40 ms fade, then silence.
  float err = 0.0f;
  float tail = 0.0f;
  for (unsigned k = 0; k < 80; ++k) {
    net_stream_get(s, l, r, P);
    for (size_t i = 0; i < P; ++i) {
      const size_t at = k * P + i;
      if (at < NET_CONCEAL_HOLD) {
        err = fmaxf(err, fabsf(l[i] - tone(20 * P + at)));
      } else if (at >= NET_CONCEAL_HOLD + NET_CONCEAL_FADE) {
        tail = fmaxf(tail, fabsf(l[i]));
      }
    }
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  // The prediction is damped by 0.99995 per sample (conceal.c): after the hold the tone has
  // lost at most 0.5 (1 - 0.99995^HOLD); rounding adds well under 0.01.
  const double damped = 0.5 * (1.0 - pow(0.99995, NET_CONCEAL_HOLD));
  CHECK(err < damped + 0.01, "largest error of the continued tone %.4f (damping %.4f)", (double)err,
        damped);
  CHECK_NEAR(tail, 0.0, 0.0);
  CHECK_INT(st.underruns, 1); // one glitch, however long
  net_stream_free(s);
}

// Largest sample-to-sample step of the output (a 440 Hz tone at 0.5 moves at most 0.029).
static float
read_steps(NetStream* s, float* prev, float* l, float* r)
{
  net_stream_get(s, l, r, P);
  float step = 0.0f;
  for (size_t i = 0; i < P; ++i) {
    step = fmaxf(step, fabsf(l[i] - *prev));
    *prev = l[i];
  }
  return step;
}

static void
the_depth_follows_a_new_target_by_splices_without_a_click(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, 5 * P, 0);
  float l[P];
  float r[P];
  float prev = 0.0f;
  float worst = 0.0f;
  uint32_t seq = 0;
  for (; seq < 400; ++seq) {
    put_packet(s, seq, arrival(seq));
    const float step = read_steps(s, &prev, l, r);
    worst = seq > 10 ? fmaxf(worst, step) : worst;
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  const uint32_t deep = st.fill + P;                // fill before a read
  net_stream_set_policy(s, NET_STREAM_FIXED, P, 0); // down by 4 packets
  for (; seq < 1200; ++seq) {
    put_packet(s, seq, arrival(seq));
    worst = fmaxf(worst, read_steps(s, &prev, l, r));
  }
  net_stream_stats(s, &st);
  const uint32_t shallow = st.fill + P;
  const uint64_t trims = st.trims;
  net_stream_set_policy(s, NET_STREAM_FIXED, 4 * P, 0); // up by 3 packets
  for (; seq < 2000; ++seq) {
    put_packet(s, seq, arrival(seq));
    worst = fmaxf(worst, read_steps(s, &prev, l, r));
  }
  net_stream_stats(s, &st);
  const uint32_t again = st.fill + P;
  printf("  fill before a read: %u at target %d, %u at %d (%llu skips), %u at %d (%llu repeats); "
         "largest step %.4f\n",
         deep, 5 * P, shallow, P, (unsigned long long)trims, again, 4 * P,
         (unsigned long long)st.grows, (double)worst);
  // Each settles in its band [target, target + P], give or take the deadband of 24.
  CHECK(deep + 24 >= 5 * P && deep <= 6 * P + 24, "%u", deep);
  CHECK(shallow + 24 >= P && shallow <= 2 * P + 24, "%u", shallow);
  CHECK(again + 24 >= 4 * P && again <= 5 * P + 24, "%u", again);
  CHECK(trims >= 1 && st.grows >= 1, "%llu skips, %llu repeats", (unsigned long long)trims,
        (unsigned long long)st.grows);
  CHECK_INT(st.underruns, 0);
  // Splices at whole periods of the tone: no step beyond the tone's own (0.029) plus 10 %.
  CHECK(worst < 0.029f * 1.1f, "largest step %.4f", (double)worst);
  net_stream_free(s);
}

// A fixed depth raised by 30 samples (less than the splice's 64-sample match window): one
// repeat, no underrun.
static void
a_small_depth_increase_repeats_a_whole_match_window(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, P, 0);
  float l[P];
  float r[P];
  uint32_t seq = 0;
  for (; seq < 200; ++seq) {
    put_packet(s, seq, arrival(seq));
    net_stream_get(s, l, r, P);
  }
  net_stream_set_policy(s, NET_STREAM_FIXED, P + 30, 0); // 30 samples more
  for (; seq < 600; ++seq) {
    put_packet(s, seq, arrival(seq));
    net_stream_get(s, l, r, P);
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  CHECK_INT(st.grows, 1);
  CHECK_INT(st.underruns, 0);
  net_stream_free(s);
}

// A path with 1 ms of jitter freezes for 200 ms at t = 5 s and then releases its backlog at
// once. The reader runs on its own clock, one read per packet period.
static void
a_stall_of_200_ms_leaves_the_depth_where_it_was(void)
{
  enum { READS = 7500, WIN = 75 }; // 10 s; windows of 100 ms
  static uint64_t when[READS + 400];
  unsigned seed = 3;
  for (uint32_t q = 0; q < READS + 400; ++q) {
    seed = seed * 1103515245u + 12345u;
    uint64_t at = arrival(q) + (seed >> 16) % 1000u;
    if (at >= 6000000u && at < 6200000u) { // t = 5 s after the first packet
      at = 6200000u;
    }
    when[q] = at;
  }
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_AUTO, 0, 48);
  float l[P];
  float r[P];
  double depth[READS / WIN] = {0};
  uint32_t next = 0;
  for (uint32_t k = 0; k < READS; ++k) {
    const uint64_t now = arrival(k) + 1000u; // the reader's clock
    while (when[next] <= now) {
      put_packet(s, next, when[next]);
      ++next;
    }
    net_stream_get(s, l, r, P);
    NetStreamStats st;
    net_stream_stats(s, &st);
    depth[k / WIN] += (double)(st.fill + P) / WIN; // mean fill before a read
  }
  double steady = 0.0;
  for (unsigned w = 30; w < 50; ++w) { // 3..5 s
    steady += depth[w] / 20.0;
  }
  unsigned back = 52; // first window after which the depth stays within 1 ms (48 samples)
  for (unsigned w = 52; w < READS / WIN; ++w) {
    if (fabs(depth[w] - steady) > 48.0) {
      back = w + 1;
    }
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  const double recovery = (back - 52) * 0.1; // s after the stall's end (5.2 s)
  printf("  200-ms stall: steady depth %.1f samples, back within 1 ms %.1f s after the stall; "
         "target %u, %llu stall(s), %llu late\n",
         steady, recovery, st.target, (unsigned long long)st.stalls, (unsigned long long)st.late);
  CHECK(recovery <= 2.0, "recovery %.1f s", recovery);
  CHECK_INT(st.stalls, 1);
  net_stream_free(s);
}

// A burst of 12 lost packets (16 ms) behind a 21-ms buffer (16 packets): packet 62 arrives
// while the reads are still 4 packets before 50, a gap longer than the reorder stage (8). It is
// concealed in place, within the concealment's 40-ms hold, as a shorter gap is: no restart (a
// restart waited for a refill in silence and forgot the depth policy's history), no underrun,
// timing kept.
static void
a_long_loss_burst_is_concealed_without_a_restart(void)
{
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_FIXED, 16 * P, 0);
  float l[P];
  float r[P];
  int aligned_after = 0;
  uint32_t first = 0; // the packet the first read after the fill played
  for (uint32_t seq = 0; seq < 200; ++seq) {
    if (seq < 50 || seq > 61) {
      put_packet(s, seq, arrival(seq));
    }
    net_stream_get(s, l, r, P);
    if (seq == 20) {
      for (uint32_t q = 0; q <= seq; ++q) { // which packet is playing
        first = l[10] == tone((size_t)q * P + 10) && l[11] == tone((size_t)q * P + 11) ? q : first;
      }
    }
    if (seq >= 100) {
      int same = 1;
      for (size_t i = 0; i < P; ++i) {
        same &= l[i] == tone((size_t)(seq - (20 - first)) * P + i);
      }
      aligned_after += same;
    }
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  printf("  12 lost behind a 16-packet buffer: %llu lost, %llu restarts, %llu underruns, "
         "%d of 100 periods after it exact at the same delay (%u packets)\n",
         (unsigned long long)st.lost, (unsigned long long)st.restarts,
         (unsigned long long)st.underruns, aligned_after, 20 - first);
  CHECK_INT(st.restarts, 0);
  CHECK_INT(st.lost, 12);
  CHECK_INT(st.underruns, 0);
  CHECK_INT(aligned_after, 100);
  net_stream_free(s);
}

// 1 ms of jitter and, every 200 packets, one packet 8 ms late, holding back those behind it
// (a path that keeps order: they come with it). The cost rule leaves these to concealment
// (0.5 % of the packets: 8 ms of depth would cost more than 0.5 % x 30 ms), so each runs the
// buffer dry: concealed in place, then dropped as late when it comes. The depth stays where it
// was: the nominal fill at the newest arrival is at the target, so running dry asks for no
// repeat (each used to repeat up to a target's worth of audio, then trim it back).
static void
a_late_packet_is_concealed_and_leaves_the_depth_alone(void)
{
  enum { N = 4000, READS = 3750 };
  static uint64_t when[N];
  unsigned seed = 7;
  for (uint32_t q = 0; q < N; ++q) {
    seed = seed * 1103515245u + 12345u;
    when[q] = arrival(q) + (seed >> 16) % 1000u + (q % 200 == 100 ? 8000u : 0u);
    when[q] = q > 0 && when[q - 1] > when[q] ? when[q - 1] : when[q];
  }
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_AUTO, 0, 48);
  float l[P];
  float r[P];
  uint32_t next = 0;
  double depth = 0.0;
  for (uint32_t k = 0; k < READS; ++k) {
    const uint64_t now = arrival(k) + 1000u; // the reader's clock
    while (next < N && when[next] <= now) {
      put_packet(s, next, when[next]);
      ++next;
    }
    net_stream_get(s, l, r, P);
    NetStreamStats st;
    net_stream_stats(s, &st);
    depth += k >= 750 ? (double)(st.fill + P) / (READS - 750) : 0.0;
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  printf("  1 ms jitter, one packet in 200 8 ms late: %llu late, %llu underruns, %llu repeats, "
         "%llu skips, mean fill before a read %.1f samples, target %u\n",
         (unsigned long long)st.late, (unsigned long long)st.underruns,
         (unsigned long long)st.grows, (unsigned long long)st.trims, depth, st.target);
  CHECK(st.underruns >= 15, "%llu underruns", (unsigned long long)st.underruns); // 19 late
  // Each dry spell used to ask for a repeat; now fewer than one in four does (the start-up's).
  CHECK(4u * st.grows <= st.underruns, "%llu repeats for %llu underruns",
        (unsigned long long)st.grows, (unsigned long long)st.underruns);
  // The control keeps the fill before a read in [target, target + P]: so does its mean.
  CHECK(depth <= st.target + P, "fill %.1f, target %u", depth, st.target);
  net_stream_free(s);
}

// A standard normal draw (xorshift64 and Box-Muller: the same on every platform).
static double
normal(uint64_t* const state)
{
  double u[2];
  for (unsigned i = 0; i < 2; ++i) {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    u[i] = ((double)(*state >> 11) + 1.0) / 9007199254740993.0; // (0, 1)
  }
  return sqrt(-2.0 * log(u[0])) * cos(2.0 * M_PI * u[1]);
}

// 1 ms sigma of normal jitter as rtjam-netsim adds it: every packet is released at its own
// time, so one delayed by more than the packet period (1.33 ms) arrives after the next and the
// I/O thread hands them over in that order (a sixth of them at 1 ms of jitter). The stream
// must put them back in sequence without counting the staged audio as depth: the depth control
// took the lateness of a straggler that filled a gap against the end of the buffer (the audio
// staged behind it included), saw a packet or two of excess depth, and trimmed the buffer below
// its target: here 1.4 % of the packets dropped (0.86 % late, most of them counted lost first
// as well) against the 0.05 % asked, as in net_impair.sh (1.4 %), while a path that keeps order
// (FIFO) gave 0.03 %. Asserted: the packets dropped (lost or late, as drops_01 counts them)
// over four 60-s traces stay within 0.2 %, four times the target rate (the Gaussian tail
// beyond the allowance, 0.05 %, plus the splice band's deadband, 0.5 ms, that the depth may
// sit under its target: 3.29 - 0.5 sigma leaves 0.26 % per packet at worst). The plain
// quantile (late-packet cost 0) is asked for: with a cost the depth stops short of the 0.05 %
// on purpose (a_late_packet_is_concealed_and_leaves_the_depth_alone, test_net_paths.c).
static void
a_reordering_jittered_path_loses_no_more_than_the_target(void)
{
  enum { READS = 45000, EXTRA = 200, TRACES = 4 }; // 60 s each
  static uint64_t when[READS + EXTRA];
  static uint32_t order[READS + EXTRA];
  uint64_t dropped = 0;
  uint64_t reordered = 0;
  for (unsigned trace = 0; trace < TRACES; ++trace) {
    uint64_t rng = 0x9E3779B97F4A7C15ull * (trace + 1u);
    for (uint32_t q = 0; q < READS + EXTRA; ++q) {
      const double delay = fmax(0.0, 5000.0 + 1000.0 * normal(&rng));
      when[q] = arrival(q) + (uint64_t)delay;
      uint32_t j = q; // insertion into arrival order (nearly sorted already)
      while (j > 0 && when[order[j - 1]] > when[q]) {
        order[j] = order[j - 1];
        --j;
      }
      order[j] = q;
      reordered += j < q;
    }
    NetStream* s = net_stream_new(CAP);
    net_stream_set_policy(s, NET_STREAM_AUTO, 0, 48);
    net_stream_set_late_cost(s, 0.0);
    float l[P];
    float r[P];
    uint32_t next = 0;
    for (uint32_t k = 0; k < READS; ++k) {
      const uint64_t now = arrival(k) + 9000u; // the reader's clock
      while (when[order[next]] <= now) {
        put_packet(s, order[next], when[order[next]]);
        ++next;
      }
      net_stream_get(s, l, r, P);
    }
    NetStreamStats st;
    net_stream_stats(s, &st);
    printf("  1 ms of reordering jitter, trace %u: %llu lost, %llu late, %llu underruns in %d "
           "packets; target %u samples\n",
           trace, (unsigned long long)st.lost, (unsigned long long)st.late,
           (unsigned long long)st.underruns, READS, st.target);
    dropped += st.lost + st.late;
    net_stream_free(s);
  }
  const double rate = (double)dropped / (TRACES * (double)READS);
  CHECK(reordered > TRACES * READS / 10u, "%llu packets reordered", (unsigned long long)reordered);
  CHECK(rate <= 0.002, "%.3f %% dropped", 100.0 * rate);
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

// A sender whose clock runs 0.1 % slower than ours, 128-frame packets read 128 frames at a time,
// arrivals exactly on its clock: every P / drift = 2.67 s a read finds no new packet. The
// packet for the slot then concealed comes just after it, and so does every one after: the
// stream is a packet behind its sender. It dropped each as late and concealed on until the
// concealment faded out and the stream refilled: 682 packets dropped late and 213 reads at
// -6 dB or quieter in 120 s. Now the next read repeats audio instead (a slip): one concealed
// packet per slip, one packet late, no quiet read, no refill.
static void
a_slower_sender_clock_costs_one_concealed_packet_per_slip(void)
{
  enum { Q = 128, SECONDS = 120 };
  NetStream* s = net_stream_new(CAP);
  net_stream_set_policy(s, NET_STREAM_AUTO, 0, 48);
  const double send_us = Q * 1e6 / 48000.0 / (1.0 - 0.001);
  const double read_us = Q * 1e6 / 48000.0;
  float a[Q];
  float b[Q];
  float l[Q];
  float r[Q];
  double t_send = 1e6;
  double t_read = 1e6 + 5000.0;
  uint32_t seq = 0xFFFFFF00u; // and across the sequence number's wrap
  size_t k = 0;
  unsigned quiet = 0;
  unsigned reads = 0;
  while (t_read < 1e6 + SECONDS * 1e6) {
    while (t_send <= t_read) {
      for (size_t i = 0; i < Q; ++i) {
        a[i] = tone(k + i);
        b[i] = -a[i];
      }
      k += Q;
      net_stream_put(s, seq++, (uint64_t)t_send, a, b, Q);
      t_send += send_us;
    }
    net_stream_get(s, l, r, Q);
    double e2 = 0.0;
    for (size_t i = 0; i < Q; ++i) {
      e2 += (double)l[i] * l[i];
    }
    // The tone's power is 0.125; a quarter of it is -6 dB.
    quiet += reads++ > 100 && e2 / Q < 0.125 / 4.0;
    t_read += read_us;
  }
  NetStreamStats st;
  net_stream_stats(s, &st);
  const double slips = SECONDS * 0.001 * 48000.0 / Q; // 45
  printf("  sender 0.1 %% slow, %u reads: %llu underruns, %llu slips, %llu late, %llu restarts, "
         "%u quiet reads (%.0f slips)\n",
         reads, (unsigned long long)st.underruns, (unsigned long long)st.slips,
         (unsigned long long)st.late, (unsigned long long)st.restarts, quiet, slips);
  CHECK(st.underruns <= slips + 1.0, "%llu underruns", (unsigned long long)st.underruns);
  CHECK(st.slips + 1u >= st.underruns, "%llu slips", (unsigned long long)st.slips);
  CHECK(st.late <= st.slips + 1u, "%llu late", (unsigned long long)st.late); // the slipped ones
  CHECK_INT(st.restarts, 0);
  CHECK_INT(quiet, 0);
  net_stream_free(s);
}

int
main(void)
{
  RUN(a_clean_stream_plays_one_packet_late_with_exact_samples);
  RUN(a_lost_packet_is_concealed_in_place_without_a_click);
  RUN(reordered_packets_are_put_back_in_sequence);
  RUN(late_and_duplicate_packets_are_dropped_and_counted);
  RUN(jitter_raises_the_target_depth_to_cover_its_span);
  RUN(running_dry_continues_the_sound_then_fades_and_counts_one_underrun);
  RUN(the_depth_follows_a_new_target_by_splices_without_a_click);
  RUN(a_small_depth_increase_repeats_a_whole_match_window);
  RUN(a_stall_of_200_ms_leaves_the_depth_where_it_was);
  RUN(a_long_loss_burst_is_concealed_without_a_restart);
  RUN(a_late_packet_is_concealed_and_leaves_the_depth_alone);
  RUN(a_reordering_jittered_path_loses_no_more_than_the_target);
  RUN(a_sequence_reset_restarts_the_stream);
  RUN(a_slower_sender_clock_costs_one_concealed_packet_per_slip);
  return jam_test_summary();
}
