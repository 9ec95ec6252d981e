// SPDX-License-Identifier: ISC
/// Decibel helpers and the level meter (rtjam_rust_spec.md §3.4), with the fixes of §11.19:
/// gains are amplitude dB (20·log10), levels are power dB of the mean square (RMS dBFS),
/// and meters start at the floor (−60 dB) instead of 0 dB.

#ifndef JAM_METER_H
#define JAM_METER_H

#include "filter.h"
#include "rt.h"

#include <stddef.h>

#define JAM_METER_FLOOR_DB        (-60.0) ///< dB: the lowest level or gain reported
#define JAM_METER_CEIL_DB         100.0   ///< dB: the highest level or gain reported
#define JAM_METER_RATE            2666.6  ///< calls/s fed to jam_filter_coef (original's)
#define JAM_METER_AVG_TC          0.01    ///< s: average smoothing time constant
#define JAM_METER_PEAK_ATTACK_TC  0.01    ///< s: peak attack time constant
#define JAM_METER_PEAK_RELEASE_TC 0.1     ///< s: peak release time constant

/// Amplitude gain from dB: 10^(dB/20). −6 dB gives 0.501187.
JAM_REALTIME double
jam_db_to_lin(double db);

/// Amplitude dB of a linear gain: 20·log10(lin), clamped to [−60, 100] (0 or less gives −60).
JAM_REALTIME double
jam_lin_to_db(double lin);

/// Power dB of a mean square: 10·log10(ms), clamped to [−60, 100] (0 or less gives −60).
JAM_REALTIME double
jam_power_to_db(double mean_square);

/// Level of one block in dB: 10·log10(mean((x[i]·gain)²)), clamped to [−60, 100].
/// A full-scale sine reads −3.01 dB, a constant 0.5 reads −6.02 dB, an empty block −60 dB.
/// @param n  samples in x
JAM_REALTIME double
jam_frame_power_db(const float* x, size_t n, double gain);

/// Level of a stereo block in dB: the mean square over both channels (2n samples).
JAM_REALTIME double
jam_frame_power_db_stereo(const float* left, const float* right, size_t n, double gain);

/// A level meter stepped once per block: a peak detector and a smoother on the block's dB.
typedef struct {
  JamPeakDetector peak; ///< on dB values, attack 0.01 s, release 0.1 s at JAM_METER_RATE
  JamSmoother avg;      ///< on dB values, 0.01 s at JAM_METER_RATE
  double last_peak;     ///< dB, last peak output
  double last_avg;      ///< dB, last average output
} JamPowerMeter;

/// Initialises a meter reading −60 dB (both filters start at the floor).
void
jam_power_meter_init(JamPowerMeter* self);

/// Steps the meter with one mono block (see jam_frame_power_db).
JAM_REALTIME void
jam_power_meter_add(JamPowerMeter* self, const float* x, size_t n, double gain);

/// Steps the meter with one stereo block (see jam_frame_power_db_stereo).
JAM_REALTIME void
jam_power_meter_add_stereo(JamPowerMeter* self, const float* left, const float* right, size_t n,
                           double gain);

/// Smoothed peak level in dB, −60..100.
JAM_REALTIME double
jam_power_meter_peak(const JamPowerMeter* self);

/// Smoothed average level in dB, −60..100.
JAM_REALTIME double
jam_power_meter_avg(const JamPowerMeter* self);

#endif // JAM_METER_H
