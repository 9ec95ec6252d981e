// SPDX-License-Identifier: ISC
// Loss concealment that continues the sound (plugins/net/conceal.c), measured: segmental SNR
// of the concealed span against the true signal, for a sine, a plucked string (Karplus-Strong),
// speech (espeak-ng, tests/unit/data/speech_48k.s16) and white noise, next to the fade to
// silence the stream used before (the last sample faded out over 32 samples, the next audio
// faded in over 32).

#include "check.h"
#include "plugins/net/conceal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { B = 64, LEN = 48000, SEG = 64 };

static float sig[LEN];

static unsigned lcg_state;
static float
noise(void)
{
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return (float)((double)(lcg_state >> 8) / 8388608.0 - 1.0);
}

static void
make_sine(void)
{
  for (size_t i = 0; i < LEN; ++i) {
    sig[i] = 0.5f * sinf(2.0f * (float)M_PI * 440.0f * (float)i / 48000.0f);
  }
}

// A plucked G3 (196 Hz): a 245-sample delay line loaded with noise, averaged and damped.
static void
make_pluck(void)
{
  enum { N = 245 };
  lcg_state = 7;
  for (size_t i = 0; i < LEN; ++i) {
    if (i <= N) { // N + 1 samples: the recurrence reads sig[i - N - 1]
      sig[i] = 0.5f * noise();
    } else {
      sig[i] = 0.998f * 0.5f * (sig[i - N] + sig[i - N - 1]);
    }
    if (i > 0 && i % 12000 == 0) { // re-plucked four times a second
      for (size_t k = 0; k < N && i + k < LEN; ++k) {
        sig[i + k] = 0.5f * noise();
      }
      i += N - 1;
    }
  }
}

static void
make_noise(void)
{
  lcg_state = 3;
  for (size_t i = 0; i < LEN; ++i) {
    sig[i] = 0.3f * noise();
  }
}

// espeak-ng "The quick brown fox ...", 48 kHz mono s16, made once with
//   espeak-ng -w sp.wav "The quick brown fox jumps over the lazy dog"
//   sox sp.wav -r 48000 -c 1 -b 16 -e signed-integer -t raw speech_48k.s16 trim 0.1 1.2 norm -3
static int
load_speech(void)
{
  char path[512];
  const char* dir = getenv("RTJAM_SRC");
  snprintf(path, sizeof path, "%s/tests/unit/data/speech_48k.s16", dir ? dir : ".");
  FILE* f = fopen(path, "rb");
  if (!f) {
    return 0;
  }
  int16_t buf[LEN];
  const size_t got = fread(buf, sizeof *buf, LEN, f);
  fclose(f);
  for (size_t i = 0; i < LEN; ++i) {
    sig[i] = i < got ? (float)buf[i] / 32768.0f : 0.0f;
  }
  return got == LEN;
}

// Segmental SNR in dB of y against x over [from, to), 64-sample segments, each clamped to
// [-10, 35] dB (the usual bounds); silent segments of x are skipped.
static double
seg_snr(const float* x, const float* y, size_t from, size_t to, double* sum, int* count)
{
  for (size_t s = from; s + SEG <= to; s += SEG) {
    double e = 0.0;
    double p = 0.0;
    for (size_t i = s; i < s + SEG; ++i) {
      p += (double)x[i] * x[i];
      e += ((double)x[i] - y[i]) * ((double)x[i] - y[i]);
    }
    if (p < 1e-6 * SEG) {
      continue;
    }
    double snr = 10.0 * log10(p / (e + 1e-20));
    snr = snr < -10.0 ? -10.0 : snr > 35.0 ? 35.0 : snr;
    *sum += snr;
    ++*count;
  }
  return *count ? *sum / *count : 0.0;
}

// Plays sig in 64-sample blocks, `lost` blocks lost every 40th block from block 20, through
// the LPC concealment (lpc = 1) or the old fade (lpc = 0). Returns the segmental SNR of each
// loss's span: the lost blocks and the block after them (the crossfade back).
static double
run(const int lpc, const unsigned lost)
{
  static float out[LEN];
  NetConceal c;
  net_conceal_reset(&c);
  int gap_left = 0;
  int after_gap = 0;
  float last = 0.0f;
  for (size_t blk = 0; blk * B < LEN; ++blk) {
    float* const o = out + blk * B;
    net_conceal_new_read(&c); // one read per packet, as the stream does
    if (blk >= 20 && blk % 40 == 20) {
      gap_left = (int)lost;
    }
    if (gap_left > 0) {
      --gap_left;
      if (lpc) {
        net_conceal_fill(&c, o, B);
      } else {
        for (size_t i = 0; i < B; ++i) {
          o[i] = i < 32 ? last * (1.0f - (float)(i + 1) / 32.0f) : 0.0f;
        }
        last = 0.0f;
      }
      after_gap = 1;
      continue;
    }
    memcpy(o, sig + blk * B, B * sizeof *o);
    if (lpc) {
      net_conceal_real(&c, o, B);
    } else if (after_gap) {
      for (size_t i = 0; i < 32; ++i) {
        o[i] *= (float)(i + 1) / 33.0f;
      }
    }
    after_gap = 0;
    last = o[B - 1];
  }
  double sum = 0.0;
  int count = 0;
  double snr = 0.0;
  for (size_t blk = 20; (blk + lost + 1) * B <= LEN; blk += 40) {
    snr = seg_snr(sig, out, blk * B, (blk + lost + 1) * B, &sum, &count);
  }
  return snr;
}

typedef struct {
  const char* name;
  double lpc[2];  ///< dB, 1 and 3 packets lost
  double fade[2]; ///< dB
} Row;

static Row
measure(const char* name)
{
  Row r = {.name = name};
  for (unsigned k = 0; k < 2; ++k) {
    r.lpc[k] = run(1, k ? 3 : 1);
    r.fade[k] = run(0, k ? 3 : 1);
  }
  printf("  %-14s 1 packet lost: continued %5.1f dB, fade %5.1f dB; 3 lost: continued %5.1f dB, "
         "fade %5.1f dB\n",
         name, r.lpc[0], r.fade[0], r.lpc[1], r.fade[1]);
  return r;
}

static void
a_sine_is_continued_not_faded(void)
{
  make_sine();
  const Row r = measure("sine 440 Hz");
  // A steady sine is an order-2 autoregression: the prediction is exact up to rounding, so
  // every segment reaches the 35-dB bound.
  CHECK(r.lpc[0] >= 34.0, "LPC %.1f dB", r.lpc[0]);
  CHECK(r.lpc[1] >= 34.0, "LPC %.1f dB", r.lpc[1]);
  CHECK(r.lpc[0] >= r.fade[0] + 25.0, "LPC %.1f vs fade %.1f dB", r.lpc[0], r.fade[0]);
  CHECK(r.lpc[1] >= r.fade[1] + 25.0, "LPC %.1f vs fade %.1f dB", r.lpc[1], r.fade[1]);
}

static void
a_plucked_string_is_continued(void)
{
  make_pluck();
  const Row r = measure("plucked string");
  CHECK(r.lpc[0] >= r.fade[0] + 10.0, "LPC %.1f vs fade %.1f dB", r.lpc[0], r.fade[0]);
  CHECK(r.lpc[1] >= r.fade[1] + 10.0, "LPC %.1f vs fade %.1f dB", r.lpc[1], r.fade[1]);
}

static void
speech_and_noise_are_measured(void)
{
  if (!load_speech()) {
    CHECK(0, "tests/unit/data/speech_48k.s16 not found (set RTJAM_SRC)");
  } else {
    const Row r = measure("speech");
    CHECK(r.lpc[0] > r.fade[0], "LPC %.1f vs fade %.1f dB", r.lpc[0], r.fade[0]);
  }
  make_noise();
  const Row n = measure("white noise");
  // Noise cannot be predicted: the prediction decays toward zero, about as good as silence
  // (0 dB); what matters is that it is not worse than the fade by more than 1 dB.
  CHECK(n.lpc[0] > n.fade[0] - 1.0, "LPC %.1f vs fade %.1f dB", n.lpc[0], n.fade[0]);
}

static void
a_long_loss_fades_to_silence(void)
{
  make_sine();
  NetConceal c;
  net_conceal_reset(&c);
  float x[B];
  for (size_t blk = 0; blk < 20; ++blk) {
    memcpy(x, sig + blk * B, sizeof x);
    net_conceal_real(&c, x, B);
  }
  float peak_hold = 0.0f; // the first 40 ms: full level
  float peak_end = 1.0f;  // after 80 ms: silence
  for (size_t k = 0; k < 80; ++k) {
    net_conceal_fill(&c, x, B);
    for (size_t i = 0; i < B; ++i) {
      const size_t at = k * B + i;
      if (at < NET_CONCEAL_HOLD) {
        peak_hold = fmaxf(peak_hold, fabsf(x[i]));
      } else if (at >= NET_CONCEAL_HOLD + NET_CONCEAL_FADE) {
        peak_end =
            at == NET_CONCEAL_HOLD + NET_CONCEAL_FADE ? fabsf(x[i]) : fmaxf(peak_end, fabsf(x[i]));
      }
    }
  }
  CHECK_NEAR(peak_hold, 0.5, 0.5 * (pow(10.0, 0.5 / 20.0) - 1.0)); // the sine's level, ±0.5 dB
  CHECK_NEAR(peak_end, 0.0, 0.0);
  CHECK_NEAR(net_conceal_gain(NET_CONCEAL_HOLD + NET_CONCEAL_FADE / 2 - 1), 0.5, 1e-12);
}

int
main(void)
{
  RUN(a_sine_is_continued_not_faded);
  RUN(a_plucked_string_is_continued);
  RUN(speech_and_noise_are_measured);
  RUN(a_long_loss_fades_to_silence);
  return jam_test_summary();
}
