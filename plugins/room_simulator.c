// SPDX-License-Identifier: ISC
/// Room Simulator (pedals_spec.md §2.19, "better" version): three early reflections (side
/// wall, floor, ceiling), each delayed, scaled and low-passed by its surface, added to the
/// direct sound and normalised:
///
///   y = (x + Σ g_s·LPF_s(x delayed by T_s)) / (1 + Σ g_s)
///
/// Surfaces (gain, Butterworth low-pass): Hard 0.9 / 1 kHz, Firm 0.7 / 700 Hz, Soft 0.4 /
/// 300 Hz, Mush 0.1 / 100 Hz. Fixes (§5 items 8, 12, 17): each selector sets its own line's
/// gain (the original wrote all three to the side line), the lines are one ring buffer read
/// at three taps (the original pushed and removed from a vector, O(N) per sample), and the
/// sum is divided by 1 + Σg, so the low-frequency gain is 0 dB instead of +11.8 dB. Delay
/// times glide (the glue smooths them; linear-interpolated reads, exact at whole samples);
/// surface changes ramp the gains and the filters.

#include "dsp/biquad.h"
#include "dsp/delayline.h"
#include "pedal.h"
#include "pedal_ports.h"
#include "ramp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/// Longest delay a control allows, ms.
#define ROOM_MAX_MS 30.0

/// Reflection gain and low-pass corner of each surface, in label order.
static const float surface_gain[4] = {0.9f, 0.7f, 0.4f, 0.1f};
static const double surface_hz[4] = {1000.0, 700.0, 300.0, 100.0};

typedef struct {
  double rate;        ///< sample rate, Hz
  float* buf;         ///< ring buffer
  DspDelayLine line;  ///< the direct signal's history
  DspBiquad lpf[3];   ///< side, floor, ceiling surface low-passes
  int surface[3];     ///< surface each filter was designed for, -1 = none
  PedalRamp gain[3];  ///< reflection gains
  PedalRamp delay[3]; ///< delays, samples
  PedalRamp norm;     ///< 1 / (1 + Σg)
} RoomSim;

static const uint32_t delay_port[3] = {PEDAL_ROOM_SIMULATOR_SIDE, PEDAL_ROOM_SIMULATOR_FLOOR,
                                       PEDAL_ROOM_SIMULATOR_TOP};
static const uint32_t surface_port[3] = {PEDAL_ROOM_SIMULATOR_SIDE_SURFACE,
                                         PEDAL_ROOM_SIMULATOR_FLOOR_SURFACE,
                                         PEDAL_ROOM_SIMULATOR_TOP_SURFACE};

static void
room_destroy(void* const dsp)
{
  RoomSim* const self = (RoomSim*)dsp;
  if (self) {
    free(self->buf);
    free(self);
  }
}

static void*
room_create(const double rate)
{
  RoomSim* const self = calloc(1, sizeof *self);
  if (!self) {
    return NULL;
  }
  self->rate = rate;
  const size_t size =
      dsp_delayline_size_for((size_t)(ROOM_MAX_MS * 1e-3 * rate) + PEDAL_BLOCK + 4u);
  self->buf = calloc(size, sizeof *self->buf);
  if (!self->buf) {
    free(self);
    return NULL;
  }
  dsp_delayline_init(&self->line, self->buf, size);
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_init(&self->lpf[i]);
    self->surface[i] = -1;
  }
  return self;
}

JAM_REALTIME static int
surface_of(const float* const p, const int i)
{
  const int s = (int)lroundf(p[surface_port[i]]);
  return s < 0 ? 0 : (s > 3 ? 3 : s);
}

JAM_REALTIME static float
samples_of(const RoomSim* const self, const float* const p, const int i)
{
  return (float)(p[delay_port[i]] * 1e-3 * self->rate);
}

JAM_REALTIME static float
norm_of(const float* const p)
{
  float sum = 1.0f;
  for (int i = 0; i < 3; ++i) {
    sum += surface_gain[surface_of(p, i)];
  }
  return 1.0f / sum;
}

JAM_REALTIME static void
design(RoomSim* const self, const float* const p, const unsigned ramp)
{
  for (int i = 0; i < 3; ++i) {
    const int s = surface_of(p, i);
    if (ramp == 0 || s != self->surface[i]) {
      dsp_biquad_set_params(&self->lpf[i], DSP_BIQUAD_LOWPASS, surface_hz[s], M_SQRT1_2, 0.0,
                            self->rate, ramp);
      self->surface[i] = s;
    }
  }
}

JAM_REALTIME static void
room_reset(void* const dsp, const float* const p)
{
  RoomSim* const self = (RoomSim*)dsp;
  dsp_delayline_clear(&self->line);
  design(self, p, 0);
  for (int i = 0; i < 3; ++i) {
    dsp_biquad_reset(&self->lpf[i]);
    pedal_ramp_snap(&self->gain[i], surface_gain[surface_of(p, i)]);
    pedal_ramp_snap(&self->delay[i], samples_of(self, p, i));
  }
  pedal_ramp_snap(&self->norm, norm_of(p));
}

JAM_REALTIME static void
room_process(void* const dsp, const float* const p, const float* const in, float* const out,
             const uint32_t n)
{
  RoomSim* const self = (RoomSim*)dsp;
  design(self, p, n);
  float delay[3][PEDAL_BLOCK], gain[3][PEDAL_BLOCK], norm[PEDAL_BLOCK], tap[PEDAL_BLOCK];
  for (int k = 0; k < 3; ++k) {
    pedal_ramp_fill(&self->delay[k], samples_of(self, p, k), n, delay[k]);
    pedal_ramp_fill(&self->gain[k], surface_gain[surface_of(p, k)], n, gain[k]);
  }
  pedal_ramp_fill(&self->norm, norm_of(p), n, norm);
  for (uint32_t i = 0; i < n; ++i) {
    dsp_delayline_write(&self->line, in[i]);
    out[i] = in[i];
  }
  // Each tap reads the history as it was at its sample: the write pointer is n - 1 - i
  // samples ahead of sample i.
  for (int k = 0; k < 3; ++k) {
    for (uint32_t i = 0; i < n; ++i) {
      tap[i] = gain[k][i] *
               dsp_delayline_read_linear(&self->line, (double)delay[k][i] + (double)(n - 1u - i));
    }
    dsp_biquad_process(&self->lpf[k], n, tap, tap);
    for (uint32_t i = 0; i < n; ++i) {
      out[i] += tap[i];
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    out[i] *= norm[i];
  }
}

const PedalClass pedal_room_simulator_class = {
    .create = room_create,
    .destroy = room_destroy,
    .reset = room_reset,
    .process = room_process,
};
