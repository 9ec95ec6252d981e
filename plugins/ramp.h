// SPDX-License-Identifier: ISC
/// Per-sample linear ramps across a sub-block, for gains that the glue smooths once per
/// PEDAL_BLOCK: the value moves from where the previous sub-block ended to the new value in
/// straight steps, so a gain change never makes a step in the waveform (no zipper noise).

#ifndef PEDAL_RAMP_H
#define PEDAL_RAMP_H

#include "common/rt.h"

#include <stdint.h>

/// A value ramped linearly, sub-block by sub-block.
typedef struct {
  float value; ///< value at the end of the last sub-block (units of the parameter)
} PedalRamp;

/// Jumps to `value` (reset, first run).
JAM_REALTIME static inline void
pedal_ramp_snap(PedalRamp* const self, const float value)
{
  self->value = value;
}

/// Writes n values ramping from the previous end value to `target` (reached at the last one).
JAM_REALTIME static inline void
pedal_ramp_fill(PedalRamp* const self, const float target, const uint32_t n, float* const out)
{
  const float start = self->value;
  if (start == target) {
    for (uint32_t i = 0; i < n; ++i) {
      out[i] = target;
    }
  } else {
    const float step = (target - start) / (float)n;
    for (uint32_t i = 0; i < n; ++i) {
      out[i] = start + step * (float)(i + 1);
    }
    out[n - 1] = target;
  }
  self->value = target;
}

/// out[i] = in[i] * ramp, the ramp going from the previous value to `target` over n samples.
JAM_REALTIME static inline void
pedal_ramp_gain(PedalRamp* const self, const float target, const uint32_t n, const float* const in,
                float* const out)
{
  const float start = self->value;
  if (start == target) {
    for (uint32_t i = 0; i < n; ++i) {
      out[i] = in[i] * target;
    }
  } else {
    const float step = (target - start) / (float)n;
    for (uint32_t i = 0; i < n; ++i) {
      out[i] = in[i] * (start + step * (float)(i + 1));
    }
  }
  self->value = target;
}

#endif // PEDAL_RAMP_H
