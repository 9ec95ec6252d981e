// SPDX-License-Identifier: ISC
/// Every pedal at its defaults keeps a guitar's loudness: a string plucked twice a second
/// (110 Hz, 40 harmonics falling as 1/k, each pluck decaying by 6 per second; -22 dBFS RMS, a
/// DI guitar's level) comes out within 8 dB of its RMS. A player who puts a pedal on the board
/// hears its sound, not a level drop. Guitar Envelope (band-pass, its resonant peak normalised
/// to +3 dB) played it 17 dB quieter and OctaveFuzz 20 dB quieter; the rest were within 7 dB.

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

enum { RATE = 48000, SECONDS = 4 };

static void
fill_plucks(float* const buf, const size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    const double t = (double)i / RATE;
    const double env = exp(-6.0 * fmod(t, 0.5));
    double v = 0.0;
    for (int k = 1; k <= 40; ++k) {
      v += sin(2.0 * M_PI * 110.0 * k * t) / k;
    }
    buf[i] = (float)(0.4 / 1.8 * env * v);
  }
}

static void
every_pedal_at_its_defaults_keeps_a_guitars_loudness_within_8_db(void)
{
  const size_t n = (size_t)RATE * SECONDS;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  fill_plucks(in, n);
  const size_t from = n / 2; // after the first two seconds: delays and reverbs have filled
  const double in_db = harness_db(harness_rms(in + from, n - from));
  double lo = 0.0;
  double hi = 0.0;
  for (size_t d = 0; d < pedal_defs_count; ++d) {
    Pedal p;
    CHECK(pedal_open(&p, pedal_defs[d].slug, RATE) == 0, "open %s", pedal_defs[d].slug);
    pedal_run(&p, in, out, n);
    pedal_close(&p);
    const double gain = harness_db(harness_rms(out + from, n - from)) - in_db;
    printf("     %-26s %+6.2f dB\n", pedal_defs[d].slug, gain);
    CHECK(fabs(gain) <= 8.0, "%s at its defaults: %+.2f dB", pedal_defs[d].slug, gain);
    lo = d == 0 || gain < lo ? gain : lo;
    hi = d == 0 || gain > hi ? gain : hi;
  }
  printf("     input %.2f dBFS RMS; the pedals' gains span %+.2f to %+.2f dB\n", in_db, lo, hi);
  free(in);
  free(out);
}

int
main(void)
{
  RUN(every_pedal_at_its_defaults_keeps_a_guitars_loudness_within_8_db);
  return jam_test_summary();
}
