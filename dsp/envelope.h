// SPDX-License-Identifier: ISC
/// Level detectors: an envelope follower (peak or RMS, attack/release time constants in ms), a
/// peak-hold detector for meters, and an attack-hold-release gain for gates.
///
/// Times are real time constants: the follower covers 63.2 % of a step in `attack_ms` and falls
/// to 36.8 % in `release_ms` (coefficient 1 - exp(-1/(τ·fs)); not pedals_spec.md §3.2's c(T)).
/// Inputs are rectified (pedals_spec.md §5 item 3). State is double; it snaps to 0 below 1e-20.

#ifndef DSP_ENVELOPE_H
#define DSP_ENVELOPE_H

#include "common/rt.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/// Detector flavour.
typedef enum {
  DSP_ENVELOPE_PEAK, ///< follows |x|: a unit sine settles near 1 (with a fast release)
  DSP_ENVELOPE_RMS,  ///< follows mean(x²) and returns its square root: a unit sine reads 0.7071
} DspEnvelopeMode;

JAM_REALTIME static inline double
dsp_envelope_coef_(const double ms, const double fs_hz)
{
  return ms > 0.0 ? 1.0 - exp(-1000.0 / (ms * fs_hz)) : 1.0;
}

/// Envelope follower; embed by value.
typedef struct {
  double attack;        ///< per-sample coefficient while the input is above the state, 0..1
  double release;       ///< per-sample coefficient while the input is below the state, 0..1
  double y;             ///< state: amplitude (peak) or mean square (RMS), signal units
  DspEnvelopeMode mode; ///< flavour
} DspEnvelope;

/// Sets the attack and release time constants, ms (keeps the state).
JAM_REALTIME static inline void
dsp_envelope_set_times(DspEnvelope* const self, const double attack_ms, const double release_ms,
                       const double fs_hz)
{
  self->attack = dsp_envelope_coef_(attack_ms, fs_hz);
  self->release = dsp_envelope_coef_(release_ms, fs_hz);
}

/// Initialises with zero state.
static inline void
dsp_envelope_init(DspEnvelope* const self, const DspEnvelopeMode mode, const double attack_ms,
                  const double release_ms, const double fs_hz)
{
  self->mode = mode;
  self->y = 0.0;
  dsp_envelope_set_times(self, attack_ms, release_ms, fs_hz);
}

/// Clears the state.
JAM_REALTIME static inline void
dsp_envelope_reset(DspEnvelope* const self)
{
  self->y = 0.0;
}

/// Feeds one sample; returns the level (amplitude units, >= 0).
JAM_REALTIME static inline float
dsp_envelope_step(DspEnvelope* const self, const float x)
{
  const double in = self->mode == DSP_ENVELOPE_RMS ? (double)x * (double)x : fabs((double)x);
  const double c = in > self->y ? self->attack : self->release;
  self->y += c * (in - self->y);
  return (float)(self->mode == DSP_ENVELOPE_RMS ? sqrt(self->y) : self->y);
}

/// Zeroes non-finite state and state below 1e-20 (end of block).
JAM_REALTIME static inline void
dsp_envelope_guard(DspEnvelope* const self)
{
  if (!(self->y >= 1e-20) || !isfinite(self->y)) {
    self->y = 0.0;
  }
}

/// Feeds n samples; writes the level per sample to `level` (may be NULL, and may alias `in`).
JAM_REALTIME static inline void
dsp_envelope_process(DspEnvelope* const self, const size_t n, const float* const in,
                     float* const level)
{
  for (size_t i = 0; i < n; ++i) {
    const float v = dsp_envelope_step(self, in[i]);
    if (level) {
      level[i] = v;
    }
  }
  dsp_envelope_guard(self);
}

/// Peak-hold detector for meters: instant attack on |x|, holds the peak for `hold` samples,
/// then falls exponentially with the release time constant.
typedef struct {
  double release; ///< per-sample decay coefficient after the hold, 0..1
  double y;       ///< current peak (amplitude units)
  unsigned hold;  ///< hold time, samples
  unsigned held;  ///< samples since the last new peak, saturating at hold
} DspPeakDetector;

/// Initialises with a hold time and a release time constant, ms; zero state.
static inline void
dsp_peak_init(DspPeakDetector* const self, const double hold_ms, const double release_ms,
              const double fs_hz)
{
  self->release = dsp_envelope_coef_(release_ms, fs_hz);
  self->hold = hold_ms > 0.0 ? (unsigned)lround(hold_ms * 1e-3 * fs_hz) : 0u;
  self->held = self->hold;
  self->y = 0.0;
}

/// Feeds one sample; returns the peak.
JAM_REALTIME static inline float
dsp_peak_step(DspPeakDetector* const self, const float x)
{
  const double a = fabs((double)x);
  if (a >= self->y) {
    self->y = a;
    self->held = 0;
  } else if (self->held < self->hold) {
    ++self->held;
  } else {
    self->y -= self->release * self->y;
    if (self->y < 1e-20) {
      self->y = 0.0;
    }
  }
  return (float)self->y;
}

/// Attack-hold-release gain for a noise gate: rises toward 1 with the attack time constant
/// while open, stays for `hold` samples after closing, then falls toward 0 with the release
/// time constant. Snaps to exactly 1 or 0 within 1e-6.
typedef struct {
  double attack;  ///< per-sample coefficient toward 1, 0..1
  double release; ///< per-sample coefficient toward 0, 0..1
  double g;       ///< current gain, 0..1
  unsigned hold;  ///< hold time, samples
  unsigned held;  ///< samples since the gate was last open, saturating at hold
} DspAhr;

/// Initialises (closed, gain 0) from attack/hold/release times, ms.
static inline void
dsp_ahr_init(DspAhr* const self, const double attack_ms, const double hold_ms,
             const double release_ms, const double fs_hz)
{
  self->attack = dsp_envelope_coef_(attack_ms, fs_hz);
  self->release = dsp_envelope_coef_(release_ms, fs_hz);
  self->hold = hold_ms > 0.0 ? (unsigned)lround(hold_ms * 1e-3 * fs_hz) : 0u;
  self->held = self->hold;
  self->g = 0.0;
}

/// Changes the times, ms (keeps the gain).
JAM_REALTIME static inline void
dsp_ahr_set_times(DspAhr* const self, const double attack_ms, const double hold_ms,
                  const double release_ms, const double fs_hz)
{
  self->attack = dsp_envelope_coef_(attack_ms, fs_hz);
  self->release = dsp_envelope_coef_(release_ms, fs_hz);
  self->hold = hold_ms > 0.0 ? (unsigned)lround(hold_ms * 1e-3 * fs_hz) : 0u;
  if (self->held > self->hold) {
    self->held = self->hold;
  }
}

/// Advances one sample with the gate open or closed; returns the gain 0..1.
JAM_REALTIME static inline float
dsp_ahr_step(DspAhr* const self, const bool open)
{
  if (open) {
    self->held = 0;
    self->g += self->attack * (1.0 - self->g);
    if (self->g > 1.0 - 1e-6) {
      self->g = 1.0;
    }
  } else if (self->held < self->hold) {
    ++self->held;
  } else {
    self->g -= self->release * self->g;
    if (self->g < 1e-6) {
      self->g = 0.0;
    }
  }
  return (float)self->g;
}

#endif // DSP_ENVELOPE_H
