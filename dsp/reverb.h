// SPDX-License-Identifier: ISC
/// Reverb cores on caller-provided memory: an 8-line feedback delay network whose RT60 is set
/// exactly from the delay lengths, and the Schroeder all-pass of pedals_spec.md §3.5 (Sigma
/// Reverb's diffusers).
///
/// FDN: line i has length d_i samples and loss g_i = 10^(-3·d_i / (RT60·fs)) applied to its
/// output, so every path through the network loses 60 dB per RT60 seconds. The lines are mixed
/// by the Householder matrix I - (2/8)·1·1ᵀ (orthogonal, energy preserving, 16 adds). An
/// optional one-pole low-pass in each line (damping) shortens the decay above its corner; DC
/// keeps the exact RT60. Lengths (30-58 ms at 48 kHz, mutually prime) scale with fs.

#ifndef DSP_REVERB_H
#define DSP_REVERB_H

#include "common/rt.h"
#include "dsp/delayline.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/// Number of FDN delay lines.
#define DSP_REVERB_LINES 8u

/// FDN line lengths at 48 kHz, samples (scaled by fs/48000 and rounded).
static inline unsigned
dsp_reverb_base_length_(const unsigned i)
{
  static const unsigned len[DSP_REVERB_LINES] = {1433u, 1601u, 1867u, 2053u,
                                                 2251u, 2399u, 2617u, 2797u};
  return len[i];
}

/// FDN reverb; the line buffers are caller-provided.
typedef struct {
  DspDelayLine line[DSP_REVERB_LINES]; ///< delay lines (buffers in caller memory)
  unsigned length[DSP_REVERB_LINES];   ///< line lengths d_i, samples
  float gain[DSP_REVERB_LINES];        ///< per-pass loss g_i, linear (from RT60)
  double damp_c;                       ///< damping one-pole coefficient, 0 = off (0..1)
  double damp_y[DSP_REVERB_LINES];     ///< damping low-pass states (signal units)
  double fs_hz;                        ///< sample rate, Hz
  float rt60_s;                        ///< decay time to -60 dB, s
} DspReverb;

/// Line length i (0..7) at fs_hz, samples.
static inline unsigned
dsp_reverb_line_length(const unsigned i, const double fs_hz)
{
  return (unsigned)lround(dsp_reverb_base_length_(i) * fs_hz / 48000.0);
}

/// Floats of memory that dsp_reverb_init() needs at fs_hz (allocate once in instantiate()):
/// 26624 at 48 kHz (104 KB), 106496 at 192 kHz.
static inline size_t
dsp_reverb_memory_size(const double fs_hz)
{
  size_t total = 0;
  for (unsigned i = 0; i < DSP_REVERB_LINES; ++i) {
    total += dsp_delayline_size_for(dsp_reverb_line_length(i, fs_hz) + 1u);
  }
  return total;
}

/// Sets the decay time RT60, s (clamped to >= 0.01 s): g_i = 10^(-3·d_i / (RT60·fs)).
/// Real-time safe enough for run() when the control changes (8 exp calls).
JAM_REALTIME static inline void
dsp_reverb_set_rt60(DspReverb* const self, const float rt60_s)
{
  const float t = (rt60_s >= 0.01f) ? rt60_s : 0.01f;
  self->rt60_s = t;
  for (unsigned i = 0; i < DSP_REVERB_LINES; ++i) {
    self->gain[i] = (float)pow(10.0, -3.0 * self->length[i] / (t * self->fs_hz));
  }
}

/// Sets the damping corner, Hz (0 = off): high frequencies then decay faster than RT60.
JAM_REALTIME static inline void
dsp_reverb_set_damping(DspReverb* const self, const double damping_hz)
{
  self->damp_c = damping_hz > 0.0 ? 1.0 - exp(-2.0 * M_PI * damping_hz / self->fs_hz) : 0.0;
}

/// Initialises on `memory` (dsp_reverb_memory_size(fs_hz) floats, zeroed here). Returns
/// false if `floats` is too small.
static inline bool
dsp_reverb_init(DspReverb* const self, float* const memory, const size_t floats, const double fs_hz,
                const float rt60_s)
{
  if (!memory || floats < dsp_reverb_memory_size(fs_hz)) {
    return false;
  }
  self->fs_hz = fs_hz;
  size_t off = 0;
  for (unsigned i = 0; i < DSP_REVERB_LINES; ++i) {
    self->length[i] = dsp_reverb_line_length(i, fs_hz);
    const size_t size = dsp_delayline_size_for(self->length[i] + 1u);
    (void)dsp_delayline_init(&self->line[i], memory + off, size);
    off += size;
    self->damp_y[i] = 0.0;
  }
  self->damp_c = 0.0;
  dsp_reverb_set_rt60(self, rt60_s);
  return true;
}

/// Clears the tail (O(memory): from activate() or a reset, not every block).
static inline void
dsp_reverb_clear(DspReverb* const self)
{
  for (unsigned i = 0; i < DSP_REVERB_LINES; ++i) {
    dsp_delayline_clear(&self->line[i]);
    self->damp_y[i] = 0.0;
  }
}

/// Feeds one sample; returns the wet output (the dry signal is not included). Writes the
/// stereo pair too when left and right are not NULL (decorrelated sums of the lines).
JAM_REALTIME static inline float
dsp_reverb_step_stereo(DspReverb* const self, const float x, float* const left, float* const right)
{
  float s[DSP_REVERB_LINES];
  float sum = 0.0f;
  for (unsigned i = 0; i < DSP_REVERB_LINES; ++i) {
    // The line's output is the sample written length[i] samples ago.
    float v = self->gain[i] * dsp_delayline_read(&self->line[i], self->length[i] - 1u);
    if (self->damp_c > 0.0) {
      self->damp_y[i] += self->damp_c * ((double)v - self->damp_y[i]);
      v = (float)self->damp_y[i];
    }
    s[i] = fabsf(v) < 1e-15f ? 0.0f : v; // a silent tail ends at exactly 0, not subnormals
    sum += s[i];
  }
  const float k = sum * (2.0f / (float)DSP_REVERB_LINES);
  const float in = x * 0.35355339f; // 1/sqrt(8): unit input energy across the lines
  float l = 0.0f, r = 0.0f;
  for (unsigned i = 0; i < DSP_REVERB_LINES; ++i) {
    dsp_delayline_write(&self->line[i], s[i] - k + ((i & 2u) ? -in : in));
    if (i & 1u) {
      r += (i & 4u) ? -s[i] : s[i];
    } else {
      l += (i & 4u) ? -s[i] : s[i];
    }
  }
  l *= 0.5f; // 1/sqrt(4)
  r *= 0.5f;
  if (left && right) {
    *left = l;
    *right = r;
  }
  return 0.70710678f * (l + r);
}

/// Feeds one sample; returns the mono wet output.
JAM_REALTIME static inline float
dsp_reverb_step(DspReverb* const self, const float x)
{
  return dsp_reverb_step_stereo(self, x, NULL, NULL);
}

/// Zeroes non-finite or subnormal-bound damping state (end of block). The lines themselves
/// flush values below 1e-15 (-300 dB) to 0 as they recirculate.
JAM_REALTIME static inline void
dsp_reverb_guard(DspReverb* const self)
{
  for (unsigned i = 0; i < DSP_REVERB_LINES; ++i) {
    if (!isfinite(self->damp_y[i]) || fabs(self->damp_y[i]) < 1e-20) {
      self->damp_y[i] = 0.0;
    }
  }
}

/// Processes n samples to mono wet output; in place allowed.
JAM_REALTIME static inline void
dsp_reverb_process(DspReverb* const self, const size_t n, const float* const in, float* const out)
{
  for (size_t i = 0; i < n; ++i) {
    out[i] = dsp_reverb_step(self, in[i]);
  }
  dsp_reverb_guard(self);
}

/// Schroeder all-pass (z^-N - g)/(1 - g·z^-N) on a caller-provided buffer (pedals_spec.md §3.5).
typedef struct {
  DspDelayLine line; ///< delay of `length` samples
  unsigned length;   ///< N, samples (>= 1, < buffer size)
  float g;           ///< all-pass gain, |g| < 1
} DspReverbAllpass;

/// Initialises on `buf` (a power of two > length samples, zeroed here). False on a bad size.
static inline bool
dsp_reverb_allpass_init(DspReverbAllpass* const self, float* const buf, const size_t size,
                        const unsigned length, const float g)
{
  self->length = length;
  self->g = g;
  return length >= 1 && length < size && dsp_delayline_init(&self->line, buf, size);
}

/// Filters one sample: m = stored N ago; v = x + g·m; store v; return m - g·v.
JAM_REALTIME static inline float
dsp_reverb_allpass_step(DspReverbAllpass* const self, const float x)
{
  const float m = dsp_delayline_read(&self->line, self->length - 1u);
  const float v = x + self->g * m;
  dsp_delayline_write(&self->line, v);
  return m - self->g * v;
}

#endif // DSP_REVERB_H
