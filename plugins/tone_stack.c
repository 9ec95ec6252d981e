// SPDX-License-Identifier: ISC
/// Tone Stack (pedals_spec.md §2.1, R's series EQ, initialised from its knobs as §5 item 6
/// asks): y = HS(2 kHz, treble, S=1) ∘ PK(700 Hz, mid, Q=2) ∘ LS(200 Hz, bass, S=1) (x), with
/// the plain cookbook peaking filter (§5 item 5). Coefficients follow the smoothed knobs once
/// per sub-block and are ramped linearly across it.

#include "dsp/biquad.h"
#include "pedal.h"
#include "pedal_ports.h"

#include <stdint.h>
#include <stdlib.h>

/// Band frequencies (Hz) and shapes of the stack.
#define TONE_BASS_HZ   200.0
#define TONE_BASS_S    1.0
#define TONE_MID_HZ    700.0
#define TONE_MID_Q     2.0
#define TONE_TREBLE_HZ 2000.0
#define TONE_TREBLE_S  1.0

typedef struct {
  double rate;      ///< sample rate, Hz
  DspBiquad bass;   ///< low shelf
  DspBiquad mid;    ///< peaking
  DspBiquad treble; ///< high shelf
  float last[3];    ///< knob values (dB) the coefficients were designed for: bass, mid, treble
} ToneStack;

static void*
tone_stack_create(const double rate)
{
  ToneStack* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    dsp_biquad_init(&self->bass);
    dsp_biquad_init(&self->mid);
    dsp_biquad_init(&self->treble);
  }
  return self;
}

static void
tone_stack_destroy(void* const dsp)
{
  free(dsp);
}

/// Designs the three sections for the knobs; ramp 0 switches at once.
JAM_REALTIME static void
design(ToneStack* const self, const float* const params, const unsigned ramp)
{
  const float bass = params[PEDAL_TONE_STACK_BASS];
  const float mid = params[PEDAL_TONE_STACK_MID];
  const float treble = params[PEDAL_TONE_STACK_TREBLE];
  DspBiquadCoefs c;
  if (ramp == 0 || bass != self->last[0]) {
    c = dsp_biquad_design(DSP_BIQUAD_LOWSHELF, TONE_BASS_HZ, TONE_BASS_S, bass, self->rate);
    dsp_biquad_set_target(&self->bass, &c, ramp);
  }
  if (ramp == 0 || mid != self->last[1]) {
    c = dsp_biquad_design(DSP_BIQUAD_PEAK, TONE_MID_HZ, TONE_MID_Q, mid, self->rate);
    dsp_biquad_set_target(&self->mid, &c, ramp);
  }
  if (ramp == 0 || treble != self->last[2]) {
    c = dsp_biquad_design(DSP_BIQUAD_HIGHSHELF, TONE_TREBLE_HZ, TONE_TREBLE_S, treble, self->rate);
    dsp_biquad_set_target(&self->treble, &c, ramp);
  }
  self->last[0] = bass;
  self->last[1] = mid;
  self->last[2] = treble;
}

JAM_REALTIME static void
tone_stack_reset(void* const dsp, const float* const params)
{
  ToneStack* const self = (ToneStack*)dsp;
  design(self, params, 0);
  dsp_biquad_reset(&self->bass);
  dsp_biquad_reset(&self->mid);
  dsp_biquad_reset(&self->treble);
}

JAM_REALTIME static void
tone_stack_process(void* const dsp, const float* const params, const float* const in,
                   float* const out, const uint32_t n)
{
  ToneStack* const self = (ToneStack*)dsp;
  design(self, params, n);
  dsp_biquad_process(&self->bass, n, in, out);
  dsp_biquad_process(&self->mid, n, out, out);
  dsp_biquad_process(&self->treble, n, out, out);
}

const PedalClass pedal_tone_stack_class = {
    .create = tone_stack_create,
    .destroy = tone_stack_destroy,
    .reset = tone_stack_reset,
    .process = tone_stack_process,
};
