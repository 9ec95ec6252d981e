// SPDX-License-Identifier: ISC
/// The distortion base shared by TubeDrive and SoulDrive (pedals_spec.md §2.11, "better"
/// version): one clipping stage, oversampled, with the voicing split around it so that the
/// output stays bounded whatever the knobs do.
///
///   pre:   HPF(hpf1) -> LPF(lpf1) -> PK(mid)                (base rate, cookbook biquads)
///   gain:  g·LP1(GBW/g), g = 10^(drive/20)                  (an op-amp stage: its gain
///          falls above GBW/g, as a Tube Screamer's 51 pF feedback capacitor makes it do)
///   clip:  tanh, at DRIVE_OVERSAMPLE × the host rate (dsp/oversample.h; dsp_clip_tanh_fast,
///          within 4e-7 of tanh)
///   post:  DC blocker -> HPF(hpf2) -> LPF(lpf2) -> LS(low) -> tilt(treble)
///   out:   10^(level/20)·(post + dry·x), x delayed by the oversampler's latency
///
/// tilt(treble) is HS(treble_hz, treble, S 0.707)·10^(-max(treble, 0)/20): a positive treble
/// lowers the lows instead of raising the highs, so the tone stage never exceeds 0 dB and the
/// output peak is bounded by level·(low-shelf gain + dry). All filters at the base rate are
/// 2nd-order Butterworth (Q 0.707) or cookbook shelves/peaks.

#ifndef PEDAL_DRIVE_H
#define PEDAL_DRIVE_H

#include "common/rt.h"

#include <stdint.h>

/// Oversampling factor of the clipper.
#define DRIVE_OVERSAMPLE 8u

/// Gain-bandwidth product of the drive stage, Hz (a Tube Screamer's: 1/(2π·51 pF·4.7 kΩ)).
#define DRIVE_GBW_HZ 664000.0

/// A voicing of the distortion base.
typedef struct {
  double hpf1_hz;   ///< pre high-pass corner, Hz
  double lpf1_hz;   ///< pre low-pass corner, Hz
  double mid_hz;    ///< pre peaking filter centre, Hz
  double mid_db;    ///< pre peaking filter gain, dB
  double mid_q;     ///< pre peaking filter Q
  double hpf2_hz;   ///< post high-pass corner, Hz
  double lpf2_hz;   ///< post low-pass corner, Hz
  double low_hz;    ///< post low-shelf midpoint, Hz
  double low_db;    ///< post low-shelf gain, dB (>= 0)
  double treble_hz; ///< treble tilt shelf midpoint, Hz
  float dry;        ///< clean path mixed in before the level, linear
} DriveVoicing;

/// Opaque engine state.
typedef struct DriveImpl Drive;

/// Allocates an engine for a voicing at `rate` Hz; NULL when out of memory.
Drive*
drive_new(const DriveVoicing* voicing, double rate);

/// Frees; NULL is a no-op.
void
drive_free(Drive* self);

/// Round-trip latency of the oversampler, frames.
uint32_t
drive_latency(const Drive* self);

/// Clears the state and jumps to the knob values (dB).
JAM_REALTIME void
drive_reset(Drive* self, float drive_db, float treble_db, float level_db);

/// Processes n <= PEDAL_BLOCK frames with the knob values (dB); in != out.
JAM_REALTIME void
drive_process(Drive* self, float drive_db, float treble_db, float level_db, const float* in,
              float* out, uint32_t n);

#endif // PEDAL_DRIVE_H
