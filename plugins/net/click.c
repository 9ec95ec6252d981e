// SPDX-License-Identifier: ISC
// Synthesised metronome click: a sine burst with a 1-ms attack and a 10-ms decay constant.

#include "click.h"

#include <math.h>

void
net_click_init(NetClick* const self, const double rate)
{
  for (size_t i = 0; i < NET_CLICK_LEN; ++i) {
    const double t = (double)i / rate;
    const double env = (t < 0.001 ? t / 0.001 : 1.0) * exp(-t / 0.010);
    self->tic[i] = (float)(0.5 * env * sin(2.0 * M_PI * 1600.0 * t));
    self->toc[i] = (float)(0.5 * env * sin(2.0 * M_PI * 1000.0 * t));
  }
  self->beat = 0;
  self->pos = NET_CLICK_LEN;
}

void
net_click_mix(NetClick* const self, const unsigned beat, const float gain, float* const left,
              float* const right, const size_t n)
{
  if (beat != self->beat) {
    self->beat = beat;
    self->pos = 0;
  }
  const float* wave = self->beat == 0 ? self->tic : self->toc;
  for (size_t i = 0; i < n && self->pos < NET_CLICK_LEN; ++i, ++self->pos) {
    const float v = gain * wave[self->pos];
    left[i] += v;
    right[i] += v;
  }
}
