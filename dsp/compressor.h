// SPDX-License-Identifier: ISC
/// Feed-forward compressor: a static gain computer (threshold, ratio, soft knee) driven by a
/// rectified peak or RMS envelope (dsp/envelope.h), with make-up gain.
///
/// Static curve, levels in dB, T threshold, R ratio, W knee width (Giannoulis, Massberg and
/// Reiss, JAES 2012):
///   out = in                                  when 2(in - T) < -W
///   out = in + (1/R - 1)(in - T + W/2)² / 2W  when |2(in - T)| <= W
///   out = T + (in - T)/R                      when 2(in - T) > W
/// and the gain is out - in (<= 0 dB). W = 0 gives the hard knee of pedals_spec.md §2.7.

#ifndef DSP_COMPRESSOR_H
#define DSP_COMPRESSOR_H

#include "common/rt.h"
#include "dsp/envelope.h"

#include <math.h>

/// Static curve parameters.
typedef struct {
  float threshold_db; ///< threshold T, dBFS
  float ratio;        ///< ratio R, >= 1 (input dB per output dB above the knee); inf = limiter
  float knee_db;      ///< knee width W, dB (0 = hard knee)
} DspCompressorCurve;

/// Output level, dB, of the static curve for an input level in dB.
JAM_REALTIME static inline float
dsp_compressor_curve_db(const DspCompressorCurve* const curve, const float in_db)
{
  const float t = curve->threshold_db;
  const float w = curve->knee_db > 0.0f ? curve->knee_db : 0.0f;
  const float slope = curve->ratio > 1.0f ? 1.0f / curve->ratio : 1.0f; // 1/inf = 0
  const float over = in_db - t;
  if (w > 0.0f && fabsf(2.0f * over) <= w) {
    const float u = over + 0.5f * w;
    return in_db + (slope - 1.0f) * u * u / (2.0f * w);
  }
  return over <= 0.0f ? in_db : t + over * slope;
}

/// Gain, dB (<= 0), that the static curve applies at an input level in dB.
JAM_REALTIME static inline float
dsp_compressor_gain_db(const DspCompressorCurve* const curve, const float in_db)
{
  return dsp_compressor_curve_db(curve, in_db) - in_db;
}

/// Compressor state; embed by value.
typedef struct {
  DspCompressorCurve curve; ///< static curve
  DspEnvelope detector;     ///< level detector (peak or RMS), attack/release in ms
  float makeup_db;          ///< make-up gain, dB
  float gain_db;            ///< last total gain including make-up, dB (for a meter port)
} DspCompressor;

/// Initialises. attack_ms and release_ms are the detector's time constants.
static inline void
dsp_compressor_init(DspCompressor* const self, const DspEnvelopeMode mode, const float threshold_db,
                    const float ratio, const float knee_db, const float makeup_db,
                    const double attack_ms, const double release_ms, const double fs_hz)
{
  self->curve.threshold_db = threshold_db;
  self->curve.ratio = ratio;
  self->curve.knee_db = knee_db;
  self->makeup_db = makeup_db;
  self->gain_db = makeup_db;
  dsp_envelope_init(&self->detector, mode, attack_ms, release_ms, fs_hz);
}

/// Feeds one sample; returns the linear gain to multiply it by (make-up included).
JAM_REALTIME static inline float
dsp_compressor_step(DspCompressor* const self, const float x)
{
  const float level = dsp_envelope_step(&self->detector, x);
  // 20·log10 with a -120 dB floor (no log of 0, no NaN).
  const float level_db = level > 1e-6f ? 8.68588963806503655f * logf(level) : -120.0f;
  self->gain_db = dsp_compressor_gain_db(&self->curve, level_db) + self->makeup_db;
  return expf(self->gain_db * 0.115129254649702284f); // 10^(dB/20) = e^(dB·ln10/20)
}

/// Compresses n samples; in place allowed.
JAM_REALTIME static inline void
dsp_compressor_process(DspCompressor* const self, const size_t n, const float* const in,
                       float* const out)
{
  for (size_t i = 0; i < n; ++i) {
    const float x = in[i];
    out[i] = x * dsp_compressor_step(self, x);
  }
  dsp_envelope_guard(&self->detector);
}

#endif // DSP_COMPRESSOR_H
