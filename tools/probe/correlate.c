// SPDX-License-Identifier: ISC
// MLS generation (Fibonacci LFSR with primitive feedback taps) and cross-correlation through a
// radix-2 complex FFT: corr = IFFT(FFT(rec) * conj(FFT(ref))).

#include "correlate.h"

#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

size_t
probe_mls(const unsigned order, float* const out)
{
  // Feedback masks for this right-shifting form (bit 0 = output), each verified to give the
  // full period 2^order - 1 (bit k set = stage k feeds back).
  static const uint32_t taps[21] = {
      [4] = 0x3,     [5] = 0x5,  [6] = 0x3,    [7] = 0x3,   [8] = 0x87,    [9] = 0x11,
      [10] = 0x9,    [11] = 0x5, [12] = 0x107, [13] = 0x27, [14] = 0x1007, [15] = 0x3,
      [16] = 0x100b, [17] = 0x9, [18] = 0x81,  [19] = 0x27, [20] = 0x9,
  };
  if (order < 4 || order > 20) {
    return 0;
  }
  const size_t len = ((size_t)1 << order) - 1;
  uint32_t state = 1;
  for (size_t i = 0; i < len; ++i) {
    out[i] = (state & 1u) ? 1.0f : -1.0f;
    const uint32_t bit = (uint32_t)__builtin_parity(state & taps[order]);
    state = (state >> 1) | (bit << (order - 1));
  }
  return len;
}

static void
fft(double complex* const x, const size_t n, const int inverse)
{
  for (size_t i = 1, j = 0; i < n; ++i) { // bit reversal
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) {
      j ^= bit;
    }
    j ^= bit;
    if (i < j) {
      const double complex t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }
  for (size_t len = 2; len <= n; len <<= 1) {
    const double angle = (inverse ? 2.0 : -2.0) * M_PI / (double)len;
    const double complex wlen = cos(angle) + I * sin(angle);
    for (size_t i = 0; i < n; i += len) {
      double complex w = 1.0;
      for (size_t k = 0; k < len / 2; ++k) {
        const double complex u = x[i + k];
        const double complex v = x[i + k + len / 2] * w;
        x[i + k] = u + v;
        x[i + k + len / 2] = u - v;
        w *= wlen;
      }
    }
  }
}

int
probe_correlate(const float* const ref, const size_t ref_len, const float* const rec,
                const size_t rec_len, ProbeMatch* const match)
{
  if (rec_len < ref_len || ref_len == 0) {
    return -1;
  }
  size_t n = 1;
  while (n < rec_len + ref_len) {
    n <<= 1;
  }
  double complex* a = calloc(n, sizeof *a);
  double complex* b = calloc(n, sizeof *b);
  if (!a || !b) {
    free(a);
    free(b);
    return -1;
  }
  for (size_t i = 0; i < rec_len; ++i) {
    a[i] = rec[i];
  }
  double ref_energy = 0.0;
  for (size_t i = 0; i < ref_len; ++i) {
    b[i] = ref[i];
    ref_energy += (double)ref[i] * ref[i];
  }
  fft(a, n, 0);
  fft(b, n, 0);
  for (size_t i = 0; i < n; ++i) {
    a[i] *= conj(b[i]);
  }
  fft(a, n, 1);
  size_t best = 0;
  double best_value = -1.0;
  for (size_t lag = 0; lag + ref_len <= rec_len; ++lag) {
    const double v = fabs(creal(a[lag])) / (double)n;
    if (v > best_value) {
      best_value = v;
      best = lag;
    }
  }
  double seg_energy = 0.0;
  for (size_t i = 0; i < ref_len; ++i) {
    seg_energy += (double)rec[best + i] * rec[best + i];
  }
  match->lag = best;
  match->correlation =
      (seg_energy > 0.0 && ref_energy > 0.0) ? best_value / sqrt(ref_energy * seg_energy) : 0.0;
  match->gain_db =
      (ref_energy > 0.0 && best_value > 0.0) ? 20.0 * log10(best_value / ref_energy) : -INFINITY;
  free(a);
  free(b);
  return 0;
}
