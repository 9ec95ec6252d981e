// SPDX-License-Identifier: ISC
/// Noise Gate (pedals_spec.md §2.2, "better" version): a peak envelope of |x| (0.1 ms attack,
/// 10 ms release) opens the gate above the threshold (dB20, so -50 means -50 dBFS) and lets it
/// close 4 dB below (hysteresis). The gain follows an attack-hold-release curve whose times
/// are real time constants (dsp/envelope.h), and multiplies the input.

#include "dsp/db.h"
#include "dsp/envelope.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/// Detector times, ms: fast enough to catch a pick attack, slow enough not to follow a cycle.
#define GATE_DETECT_ATTACK_MS  0.1
#define GATE_DETECT_RELEASE_MS 10.0
/// The gate closes this far below the opening threshold, dB.
#define GATE_HYSTERESIS_DB 4.0f

typedef struct {
  double rate;        ///< sample rate, Hz
  DspEnvelope detect; ///< peak envelope of the input
  DspAhr gain;        ///< gate gain 0..1
  bool open;          ///< the detector is above the threshold (with hysteresis)
  float times[3];     ///< attack, hold, release (ms) the AHR was set for
} NoiseGate;

static void*
noise_gate_create(const double rate)
{
  NoiseGate* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    dsp_envelope_init(&self->detect, DSP_ENVELOPE_PEAK, GATE_DETECT_ATTACK_MS,
                      GATE_DETECT_RELEASE_MS, rate);
    dsp_ahr_init(&self->gain, 10.0, 40.0, 100.0, rate);
  }
  return self;
}

static void
noise_gate_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
set_times(NoiseGate* const self, const float* const params)
{
  const float a = params[PEDAL_NOISE_GATE_ATTACK], h = params[PEDAL_NOISE_GATE_HOLD];
  const float r = params[PEDAL_NOISE_GATE_RELEASE];
  if (a != self->times[0] || h != self->times[1] || r != self->times[2]) {
    dsp_ahr_set_times(&self->gain, a, h, r, self->rate);
    self->times[0] = a;
    self->times[1] = h;
    self->times[2] = r;
  }
}

JAM_REALTIME static void
noise_gate_reset(void* const dsp, const float* const params)
{
  NoiseGate* const self = (NoiseGate*)dsp;
  dsp_envelope_reset(&self->detect);
  self->times[0] = -1.0f; // force set_times
  set_times(self, params);
  self->gain.g = 0.0; // closed until the signal opens it
  self->gain.held = self->gain.hold;
  self->open = false;
}

JAM_REALTIME static void
noise_gate_process(void* const dsp, const float* const params, const float* const in,
                   float* const out, const uint32_t n)
{
  NoiseGate* const self = (NoiseGate*)dsp;
  set_times(self, params);
  const float open_at = dsp_db_to_gain(params[PEDAL_NOISE_GATE_THRESHOLD]);
  const float close_at = open_at * dsp_db_to_gain(-GATE_HYSTERESIS_DB);
  bool open = self->open;
  for (uint32_t i = 0; i < n; ++i) {
    const float level = dsp_envelope_step(&self->detect, in[i]);
    open = open ? level >= close_at : level > open_at;
    out[i] = in[i] * dsp_ahr_step(&self->gain, open);
  }
  self->open = open;
  dsp_envelope_guard(&self->detect);
}

const PedalClass pedal_noise_gate_class = {
    .create = noise_gate_create,
    .destroy = noise_gate_destroy,
    .reset = noise_gate_reset,
    .process = noise_gate_process,
};
