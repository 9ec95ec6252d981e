// SPDX-License-Identifier: ISC
/// Per-call one-pole filters used for statistics and meters (rtjam_rust_spec.md §3.1):
/// the smoothing filter, the peak detector and attack-hold-release. Each steps once per call
/// (per packet or per period), not per sample. Embedded by value; no allocation.

#ifndef JAM_FILTER_H
#define JAM_FILTER_H

#include "rt.h"

/// One-pole coefficient per call for time constant tc (s) at a call rate (Hz):
/// 27 * (1 - exp(-1 / (2π * tc * rate))) (the original's "Darius formula").
double
jam_filter_coef(double tc, double rate);

/// y = c*x + (1-c)*y
typedef struct {
  double coef; ///< per-call coefficient
  double y;    ///< last output
} JamSmoother;

/// Initialises with coefficient jam_filter_coef(tc, rate) and state 0.
void
jam_smoother_init(JamSmoother* self, double tc, double rate);

/// Steps once with input x; returns the new output.
JAM_REALTIME double
jam_smoother_step(JamSmoother* self, double x);

/// Rises with the attack coefficient while the input is above the state, else releases.
typedef struct {
  double attack;  ///< per-call coefficient when rising
  double release; ///< per-call coefficient when falling
  double y;       ///< last output
} JamPeakDetector;

/// Initialises with attack/release time constants (s) at a call rate (Hz), state 0.
void
jam_peak_init(JamPeakDetector* self, double attack_tc, double release_tc, double rate);

/// Steps once with input x; returns the new output.
JAM_REALTIME double
jam_peak_step(JamPeakDetector* self, double x);

/// Attack-hold-release envelope on a boolean trigger: jumps toward 1 while triggered, holds for
/// `hold` calls after the trigger stops, then decays geometrically toward 0.
typedef struct {
  double attack;  ///< per-call attack coefficient
  double release; ///< per-call release coefficient
  unsigned hold;  ///< calls to hold after the last trigger
  unsigned held;  ///< calls since the last trigger, saturating at hold
  double y;       ///< last output, 0..1
} JamAttackHoldRelease;

/// Initialises from attack/hold/release times (s) at a call rate (Hz); hold = round(hold*rate).
void
jam_ahr_init(JamAttackHoldRelease* self, double attack_tc, double hold_s, double release_tc,
             double rate);

/// Steps once; returns the new output.
JAM_REALTIME double
jam_ahr_step(JamAttackHoldRelease* self, int trigger);

#endif // JAM_FILTER_H
