// SPDX-License-Identifier: ISC
/// Fractional delay line on a caller-provided power-of-two ring buffer (allocate it in
/// instantiate(), sized for the largest delay at the highest sample rate). Write one sample,
/// then read it back at any delay: integer (exact), linear or cubic (4-point, 3rd-order
/// Lagrange) interpolation.
///
/// Delay convention: read(d) after write(x[n]) returns x[n - d], so d = 0 is the sample just
/// written and a delay effect of D samples is write(x) then read(D). The largest delay is
/// size - 1 (integer, linear) or size - 3 (cubic); larger values are clamped.

#ifndef DSP_DELAYLINE_H
#define DSP_DELAYLINE_H

#include "common/rt.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/// Delay line; the buffer belongs to the caller.
typedef struct {
  float* buf;   ///< ring of `mask + 1` samples (caller-owned)
  size_t mask;  ///< size - 1, size a power of two
  size_t write; ///< index of the most recently written sample
} DspDelayLine;

/// Smallest power of two >= n (n >= 1), for sizing the buffer: e.g. 2 s at 192 kHz -> 524288.
static inline size_t
dsp_delayline_size_for(const size_t n)
{
  size_t s = 1;
  while (s < n) {
    s <<= 1;
  }
  return s;
}

/// Attaches a buffer of `size` samples and clears it. Returns false (and leaves the line
/// unusable) unless size is a power of two >= 4 and buf is not NULL.
static inline bool
dsp_delayline_init(DspDelayLine* const self, float* const buf, const size_t size)
{
  if (!buf || size < 4 || (size & (size - 1)) != 0) {
    self->buf = NULL;
    self->mask = 0;
    self->write = 0;
    return false;
  }
  self->buf = buf;
  self->mask = size - 1;
  self->write = 0;
  memset(buf, 0, size * sizeof *buf);
  return true;
}

/// Buffer length, samples.
JAM_REALTIME static inline size_t
dsp_delayline_size(const DspDelayLine* const self)
{
  return self->mask + 1;
}

/// Zeroes the buffer (O(size): call from activate(), or when a pedal is re-enabled).
static inline void
dsp_delayline_clear(DspDelayLine* const self)
{
  memset(self->buf, 0, (self->mask + 1) * sizeof *self->buf);
}

/// Appends one sample.
JAM_REALTIME static inline void
dsp_delayline_write(DspDelayLine* const self, const float x)
{
  self->write = (self->write + 1) & self->mask;
  self->buf[self->write] = x;
}

/// The sample written `delay` writes ago (0 = the latest); clamped to size - 1.
JAM_REALTIME static inline float
dsp_delayline_read(const DspDelayLine* const self, size_t delay)
{
  if (delay > self->mask) {
    delay = self->mask;
  }
  return self->buf[(self->write - delay) & self->mask];
}

/// Linear interpolation at a fractional delay in [0, size - 1] (clamped; NaN reads delay 0).
/// Exact for integer delays. Error for a sine of normalised frequency w (rad/sample) is at
/// most (1 - cos(w/2)) of its amplitude: 0.0021 (-53 dB) at 1 kHz / 48 kHz.
JAM_REALTIME static inline float
dsp_delayline_read_linear(const DspDelayLine* const self, double delay)
{
  const double max = (double)self->mask;
  if (!(delay > 0.0)) {
    delay = 0.0;
  } else if (delay > max) {
    delay = max;
  }
  const size_t i = (size_t)delay;
  const float t = (float)(delay - (double)i);
  const float a = self->buf[(self->write - i) & self->mask];
  const float b = self->buf[(self->write - i - 1) & self->mask];
  return a + t * (b - a);
}

/// Cubic (4-point Lagrange) interpolation at a fractional delay in [0, size - 3] (clamped).
/// Exact for integer delays. Worst error at half a sample is 1 - (9/8·cos(w/2) - 1/8·cos(3w/2))
/// of the amplitude: 7e-6 (-103 dB) at 1 kHz / 48 kHz, 0.0023 at 8 kHz (linear: 0.034). Below
/// a delay of 1 it uses the sample just written twice (no look-ahead).
JAM_REALTIME static inline float
dsp_delayline_read_cubic(const DspDelayLine* const self, double delay)
{
  const double max = (double)(self->mask - 2);
  if (!(delay > 0.0)) {
    delay = 0.0;
  } else if (delay > max) {
    delay = max;
  }
  const size_t i = (size_t)delay;
  const float t = (float)(delay - (double)i);
  const size_t w = self->write, m = self->mask;
  const float xm1 = self->buf[(w - (i ? i - 1 : 0)) & m]; // delay i - 1 (newer)
  const float x0 = self->buf[(w - i) & m];
  const float x1 = self->buf[(w - i - 1) & m];
  const float x2 = self->buf[(w - i - 2) & m];
  // Lagrange weights for nodes at -1, 0, 1, 2 evaluated at t in [0, 1).
  const float cm1 = -t * (t - 1.0f) * (t - 2.0f) * (1.0f / 6.0f);
  const float c0 = (t + 1.0f) * (t - 1.0f) * (t - 2.0f) * 0.5f;
  const float c1 = -(t + 1.0f) * t * (t - 2.0f) * 0.5f;
  const float c2 = (t + 1.0f) * t * (t - 1.0f) * (1.0f / 6.0f);
  return cm1 * xm1 + c0 * x0 + c1 * x1 + c2 * x2;
}

#endif // DSP_DELAYLINE_H
