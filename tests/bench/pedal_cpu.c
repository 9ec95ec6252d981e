// SPDX-License-Identifier: ISC
/// Thread CPU time of the pedals' run(): each named pedal (default controls, enabled) at
/// 48 kHz processes 10 s of a 220 Hz sine at -10 dBFS in 512-frame blocks; the figure is the
/// best of `RTJAM_BENCH_REPEAT` (default 3) passes, each timed with CLOCK_THREAD_CPUTIME_ID
/// around the run() calls only, so time the thread spent waiting for the CPU is not counted.
/// Prints one Markdown table row per pedal and the load average. Asserts nothing: the
/// numbers depend on the machine (tests/bench/pedal_cpu.sh).
///
///   pedal-cpu SLUG...

#include "tests/unit/check.h"

#include "tests/lv2/harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/// Frames per run() call.
#define BENCH_BLOCK 512u
/// Sample rate, Hz.
#define BENCH_RATE 48000.0
/// Seconds of audio per pass.
#define BENCH_SECONDS 10.0

static double
thread_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/// Best CPU time of `repeat` passes of the whole input through `slug`, seconds; < 0 on error.
static double
bench(const char* const slug, const float* const in, float* const out, const size_t n,
      const int repeat)
{
  Pedal p;
  if (pedal_open(&p, slug, BENCH_RATE) != 0) {
    return -1.0;
  }
  double best = -1.0;
  for (int r = 0; r < repeat; ++r) {
    double t = 0.0;
    for (size_t done = 0; done < n; done += BENCH_BLOCK) {
      const uint32_t len = (uint32_t)(n - done < BENCH_BLOCK ? n - done : BENCH_BLOCK);
      p.desc->connect_port(p.handle, p.in_port, (void*)(uintptr_t)(in + done));
      p.desc->connect_port(p.handle, p.out_port, out + done);
      const double t0 = thread_seconds();
      p.desc->run(p.handle, len);
      t += thread_seconds() - t0;
    }
    if (best < 0.0 || t < best) {
      best = t;
    }
  }
  pedal_close(&p);
  return best;
}

int
main(const int argc, char** const argv)
{
  const char* const env = getenv("RTJAM_BENCH_REPEAT");
  const int repeat = env && atoi(env) > 0 ? atoi(env) : 3;
  const size_t n = (size_t)(BENCH_SECONDS * BENCH_RATE);
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, 220.0, pow(10.0, -10.0 / 20.0), BENCH_RATE);
  int rc = 0;
  (void)jam_test_checks_failed; // check.h's counters: harness.h needs check.h, not its tests
  for (int a = 1; a < argc; ++a) {
    const double t = bench(argv[a], in, out, n, repeat);
    if (t < 0.0) {
      rc = 1;
      continue;
    }
    printf("| %s | %.4f s (%.0fx RT) |\n", argv[a], t, BENCH_SECONDS / t);
  }
  double load[3] = {0.0, 0.0, 0.0};
  FILE* const f = fopen("/proc/loadavg", "r");
  if (f) {
    if (fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) {
      load[0] = load[1] = load[2] = -1.0;
    }
    fclose(f);
  }
  printf("\nbest of %d, thread CPU time of run(), load average %.2f %.2f %.2f\n", repeat, load[0],
         load[1], load[2]);
  free(in);
  free(out);
  return rc;
}
