// SPDX-License-Identifier: ISC
/// Bass Envelope and Guitar Envelope (pedals_spec.md §2.16, "better" version): one auto-wah,
/// two sets of defaults.
///
///   detector: p = peak of |x| held 25 ms (so a steady tone reads its exact peak), then
///             e = one-pole of p with the attack and release times (real time constants)
///   sweep:    fc = clamp(frequency + 200·sensitivity·e, 20 Hz, 0.45·fs)   (§5 item 11)
///   filter:   two independent TPT state-variable sections of the chosen type at fc, the
///             first with Q = resonance, the second Butterworth (Q 0.707): a real 4-pole
///             response (§5 item 4), stable under per-sample modulation; the coefficients
///             follow fc every ENV_UPDATE samples
///   gain:     n·filter, n = 1/√Q for LPF/HPF and 4·√(Q/2) for BPF, so the resonant peak is
///             about √(Q/2) for LPF/HPF (+3 dB at Q 4, +10 dB at Q 20) and 12 dB more for the
///             BPF, and the output stays bounded (§5 item 12). The band-pass keeps a narrow
///             band of a broadband guitar: at √(Q/2) alone it played a pluck 17 dB quieter
///             than it came in; its 12 dB of make-up (the original's was 21.6, ×12) bring
///             Guitar Envelope's defaults to within 5 dB of its input (test_pedal_levels.c)
///   out:      y = level·n·filter(x) + dry·x
///
/// A steady sine of amplitude A therefore meets a fixed filter at f + 200·s·A: the sweep
/// against the input level is exact, and tests/unit/test_pedal_envelope.c measures it.

#include "dsp/db.h"
#include "dsp/envelope.h"
#include "dsp/svf.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/// Samples between coefficient updates of the swept filter.
#define ENV_UPDATE 4u

/// Peak hold of the detector, ms (longer than the period of a bass low E, 24.3 ms).
#define ENV_HOLD_MS 25.0

/// Decay of the held peak after the hold, ms (the release knob then shapes the sweep).
#define ENV_PEAK_RELEASE_MS 1.0

/// Lowest cutoff, Hz.
#define ENV_MIN_HZ 20.0

/// The port indices of one of the two pedals (identical layouts).
typedef struct {
  uint32_t type, frequency, resonance, sensitivity, attack, release, level, dry;
} EnvPorts;

static const EnvPorts bass_ports = {
    PEDAL_BASS_ENVELOPE_TYPE,        PEDAL_BASS_ENVELOPE_FREQUENCY, PEDAL_BASS_ENVELOPE_RESONANCE,
    PEDAL_BASS_ENVELOPE_SENSITIVITY, PEDAL_BASS_ENVELOPE_ATTACK,    PEDAL_BASS_ENVELOPE_RELEASE,
    PEDAL_BASS_ENVELOPE_LEVEL,       PEDAL_BASS_ENVELOPE_DRY_LEVEL,
};

static const EnvPorts guitar_ports = {
    PEDAL_GUITAR_ENVELOPE_TYPE,      PEDAL_GUITAR_ENVELOPE_FREQUENCY,
    PEDAL_GUITAR_ENVELOPE_RESONANCE, PEDAL_GUITAR_ENVELOPE_SENSITIVITY,
    PEDAL_GUITAR_ENVELOPE_ATTACK,    PEDAL_GUITAR_ENVELOPE_RELEASE,
    PEDAL_GUITAR_ENVELOPE_LEVEL,     PEDAL_GUITAR_ENVELOPE_DRY_LEVEL,
};

typedef struct {
  const EnvPorts* ports; ///< which pedal's port indices
  double rate;           ///< sample rate, Hz
  DspPeakDetector peak;  ///< 25 ms peak hold of |x|
  DspEnvelope env;       ///< attack/release smoothing of the held peak
  DspSvf svf[2];         ///< resonant section, Butterworth section
  PedalRamp level;       ///< filtered-path gain (level·n), linear
  PedalRamp dry;         ///< clean-path gain, linear
  float last_attack;     ///< attack (ms) the envelope was set for
  float last_release;    ///< release (ms) the envelope was set for
  uint32_t phase;        ///< samples since the last coefficient update, 0..ENV_UPDATE-1
} Envelope;

static void*
envelope_create(const EnvPorts* const ports, const double rate)
{
  Envelope* const self = calloc(1, sizeof *self);
  if (self) {
    self->ports = ports;
    self->rate = rate;
    dsp_peak_init(&self->peak, ENV_HOLD_MS, ENV_PEAK_RELEASE_MS, rate);
    dsp_envelope_init(&self->env, DSP_ENVELOPE_PEAK, 20.0, 250.0, rate);
  }
  return self;
}

static void*
bass_envelope_create(const double rate)
{
  return envelope_create(&bass_ports, rate);
}

static void*
guitar_envelope_create(const double rate)
{
  return envelope_create(&guitar_ports, rate);
}

static void
envelope_destroy(void* const dsp)
{
  free(dsp);
}

/// Make-up of the band-pass (see above): 12.04 dB.
#define ENV_BPF_MAKEUP 4.0f

/// Gain that puts the resonant peak of each type near √(Q/2), the band-pass's 12 dB above.
JAM_REALTIME static float
norm_gain(const int type, const float q)
{
  return type == DSP_SVF_BANDPASS ? ENV_BPF_MAKEUP * sqrtf(0.5f * q) : 1.0f / sqrtf(q);
}

/// Cutoff for an envelope value.
JAM_REALTIME static double
cutoff(const Envelope* const self, const float* const params, const double e)
{
  const double fc = params[self->ports->frequency] + 200.0 * params[self->ports->sensitivity] * e;
  const double hi = 0.45 * self->rate;
  return fc < ENV_MIN_HZ ? ENV_MIN_HZ : (fc > hi ? hi : fc);
}

JAM_REALTIME static void
set_filters(Envelope* const self, const float* const params, const double fc)
{
  dsp_svf_set(&self->svf[0], fc, params[self->ports->resonance], self->rate);
  dsp_svf_set(&self->svf[1], fc, M_SQRT1_2, self->rate);
}

JAM_REALTIME static void
envelope_reset(void* const dsp, const float* const params)
{
  Envelope* const self = (Envelope*)dsp;
  const EnvPorts* const p = self->ports;
  self->last_attack = params[p->attack];
  self->last_release = params[p->release];
  dsp_envelope_set_times(&self->env, self->last_attack, self->last_release, self->rate);
  dsp_envelope_reset(&self->env);
  dsp_peak_init(&self->peak, ENV_HOLD_MS, ENV_PEAK_RELEASE_MS, self->rate);
  dsp_svf_reset(&self->svf[0]);
  dsp_svf_reset(&self->svf[1]);
  set_filters(self, params, cutoff(self, params, 0.0));
  self->phase = 0;
  const int type = (int)params[p->type];
  pedal_ramp_snap(&self->level,
                  dsp_db_to_gain(params[p->level]) * norm_gain(type, params[p->resonance]));
  pedal_ramp_snap(&self->dry, dsp_db_to_gain(params[p->dry]));
}

JAM_REALTIME static void
envelope_process(void* const dsp, const float* const params, const float* const in,
                 float* const out, const uint32_t n)
{
  Envelope* const self = (Envelope*)dsp;
  const EnvPorts* const p = self->ports;
  if (params[p->attack] != self->last_attack || params[p->release] != self->last_release) {
    self->last_attack = params[p->attack];
    self->last_release = params[p->release];
    dsp_envelope_set_times(&self->env, self->last_attack, self->last_release, self->rate);
  }
  const int type = (int)params[p->type];
  const DspSvfType t =
      type == 1 ? DSP_SVF_BANDPASS : (type == 2 ? DSP_SVF_HIGHPASS : DSP_SVF_LOWPASS);
  float level[PEDAL_BLOCK], dry[PEDAL_BLOCK];
  pedal_ramp_fill(&self->level,
                  dsp_db_to_gain(params[p->level]) * norm_gain(t, params[p->resonance]), n, level);
  pedal_ramp_fill(&self->dry, dsp_db_to_gain(params[p->dry]), n, dry);
  uint32_t phase = self->phase;
  for (uint32_t i = 0; i < n; ++i) {
    const float e = dsp_envelope_step(&self->env, dsp_peak_step(&self->peak, in[i]));
    if (phase == 0) {
      set_filters(self, params, cutoff(self, params, e));
    }
    phase = (phase + 1u) % ENV_UPDATE;
    const float v = dsp_svf_step(&self->svf[1], t, dsp_svf_step(&self->svf[0], t, in[i]));
    out[i] = level[i] * v + dry[i] * in[i];
  }
  self->phase = phase;
  dsp_envelope_guard(&self->env);
  dsp_svf_guard(&self->svf[0]);
  dsp_svf_guard(&self->svf[1]);
}

const PedalClass pedal_bass_envelope_class = {
    .create = bass_envelope_create,
    .destroy = envelope_destroy,
    .reset = envelope_reset,
    .process = envelope_process,
};

const PedalClass pedal_guitar_envelope_class = {
    .create = guitar_envelope_create,
    .destroy = envelope_destroy,
    .reset = envelope_reset,
    .process = envelope_process,
};
