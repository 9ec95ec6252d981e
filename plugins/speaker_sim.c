// SPDX-License-Identifier: ISC
/// Speaker Sim (pedals_spec.md §2.4, "fixed" mode): y = level·LPF₂(LPF₁(HS(NOTCH(HPF(x))))),
/// with two independent low-pass sections (the 4th-order roll-off the original meant, §5
/// item 4). The notch's "-16 dB" of the original only set its width; here the notch takes the
/// effective Q the original ended up with (§2.4 table). A cabinet change ramps the
/// coefficients over CAB_RAMP samples.

#include "dsp/biquad.h"
#include "dsp/db.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <stdint.h>
#include <stdlib.h>

/// Coefficient ramp when the cabinet changes, samples.
#define CAB_RAMP 256u

/// One cabinet voicing.
typedef struct {
  double hpf_hz;   ///< high-pass corner (Q 0.707)
  double notch_hz; ///< notch centre
  double notch_q;  ///< notch Q (effective Q of the original design)
  double hs_hz;    ///< high-shelf midpoint (S 0.707)
  double hs_db;    ///< high-shelf gain
  double lpf_hz;   ///< corner of each of the two low-pass sections (Q 0.707)
} Cabinet;

/// The four voicings in cabinetType order: 1x12, 2x12, 4x10, 4x12.
static const Cabinet cabinets[4] = {
    {90.0, 700.0, 0.796, 800.0, 8.0, 4000.0},
    {90.0, 550.0, 0.796, 700.0, 8.0, 4000.0},
    {70.0, 400.0, 0.796, 400.0, 8.0, 4000.0},
    {40.0, 300.0, 1.002, 500.0, 5.0, 4200.0},
};

typedef struct {
  double rate;        ///< sample rate, Hz
  DspBiquad stage[5]; ///< HPF, notch, high shelf, LPF, LPF
  PedalRamp level;    ///< output gain, linear
  int cab;            ///< cabinet the coefficients were designed for, -1 = none
} SpeakerSim;

static void*
speaker_sim_create(const double rate)
{
  SpeakerSim* const self = calloc(1, sizeof *self);
  if (self) {
    self->rate = rate;
    for (int i = 0; i < 5; ++i) {
      dsp_biquad_init(&self->stage[i]);
    }
    self->cab = -1;
  }
  return self;
}

static void
speaker_sim_destroy(void* const dsp)
{
  free(dsp);
}

JAM_REALTIME static void
design(SpeakerSim* const self, const int cab, const unsigned ramp)
{
  const Cabinet* const c = &cabinets[cab];
  const double fs = self->rate;
  DspBiquadCoefs k[5];
  k[0] = dsp_biquad_design(DSP_BIQUAD_HIGHPASS, c->hpf_hz, M_SQRT1_2, 0.0, fs);
  k[1] = dsp_biquad_design(DSP_BIQUAD_NOTCH, c->notch_hz, c->notch_q, 0.0, fs);
  k[2] = dsp_biquad_design(DSP_BIQUAD_HIGHSHELF, c->hs_hz, M_SQRT1_2, c->hs_db, fs);
  k[3] = dsp_biquad_design(DSP_BIQUAD_LOWPASS, c->lpf_hz, M_SQRT1_2, 0.0, fs);
  k[4] = k[3];
  for (int i = 0; i < 5; ++i) {
    dsp_biquad_set_target(&self->stage[i], &k[i], ramp);
  }
  self->cab = cab;
}

JAM_REALTIME static void
speaker_sim_reset(void* const dsp, const float* const params)
{
  SpeakerSim* const self = (SpeakerSim*)dsp;
  design(self, (int)params[PEDAL_SPEAKER_SIM_CABINET_TYPE], 0);
  for (int i = 0; i < 5; ++i) {
    dsp_biquad_reset(&self->stage[i]);
  }
  pedal_ramp_snap(&self->level, dsp_db_to_gain(params[PEDAL_SPEAKER_SIM_LEVEL]));
}

JAM_REALTIME static void
speaker_sim_process(void* const dsp, const float* const params, const float* const in,
                    float* const out, const uint32_t n)
{
  SpeakerSim* const self = (SpeakerSim*)dsp;
  const int cab = (int)params[PEDAL_SPEAKER_SIM_CABINET_TYPE];
  if (cab != self->cab) {
    design(self, cab, CAB_RAMP);
  }
  dsp_biquad_process(&self->stage[0], n, in, out);
  for (int i = 1; i < 5; ++i) {
    dsp_biquad_process(&self->stage[i], n, out, out);
  }
  pedal_ramp_gain(&self->level, dsp_db_to_gain(params[PEDAL_SPEAKER_SIM_LEVEL]), n, out, out);
}

const PedalClass pedal_speaker_sim_class = {
    .create = speaker_sim_create,
    .destroy = speaker_sim_destroy,
    .reset = speaker_sim_reset,
    .process = speaker_sim_process,
};
