// SPDX-License-Identifier: ISC
/// Decibel helpers: amplitude and power ratios to and from dB, with a floor instead of -inf.
/// Amplitude uses 20·log10 (10^(dB/20)), never the 10·log10 "dB10" law of pedals_spec.md §0.

#ifndef DSP_DB_H
#define DSP_DB_H

#include "common/rt.h"

#include <math.h>

/// Lowest level returned by the *_to_db helpers, dB (an amplitude of 1e-6).
#define DSP_DB_FLOOR (-120.0f)

/// 20 / ln(10): dB per neper of amplitude.
#define DSP_DB_PER_NEPER 8.68588963806503655f

/// Amplitude factor for a level in dB: 10^(db/20). 0 dB -> 1, -6.0206 dB -> 0.5.
JAM_REALTIME static inline float
dsp_db_to_gain(const float db)
{
  return expf(db * (1.0f / DSP_DB_PER_NEPER));
}

/// Level in dB of an amplitude factor (sign ignored): 20·log10(|gain|), floored at DSP_DB_FLOOR.
/// NaN gives DSP_DB_FLOOR.
JAM_REALTIME static inline float
dsp_gain_to_db(const float gain)
{
  const float a = fmaxf(fabsf(gain), 1e-6f); // fmaxf drops NaN
  return a > 1e-6f ? DSP_DB_PER_NEPER * logf(a) : DSP_DB_FLOOR;
}

/// Level in dB of a power (mean square) ratio: 10·log10(power), floored at DSP_DB_FLOOR.
JAM_REALTIME static inline float
dsp_power_to_db(const float power)
{
  const float p = fmaxf(power, 1e-12f); // fmaxf drops NaN
  return p > 1e-12f ? 0.5f * DSP_DB_PER_NEPER * logf(p) : DSP_DB_FLOOR;
}

/// Double-precision 10^(db/20), for coefficient design.
JAM_REALTIME static inline double
dsp_db_to_gain_d(const double db)
{
  return pow(10.0, db / 20.0);
}

#endif // DSP_DB_H
