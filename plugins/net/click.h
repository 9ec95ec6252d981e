// SPDX-License-Identifier: ISC
/// The metronome click of the network stage, driven by the beat byte the server stamps on
/// every packet: a synthesised "tic" on beat 0 and "toc" on beats 1..3 (the original's µ-law
/// recordings are not ours to ship). Embedded by value; real-time safe after init.

#ifndef NET_CLICK_H
#define NET_CLICK_H

#include "rt.h"

#include <stddef.h>

#define NET_CLICK_LEN 2400u ///< samples: 50 ms at 48 kHz

/// Click state.
typedef struct {
  float tic[NET_CLICK_LEN]; ///< beat 0: 1.6 kHz, exponential decay
  float toc[NET_CLICK_LEN]; ///< beats 1..3: 1 kHz, exponential decay
  unsigned beat;            ///< last beat seen
  size_t pos;               ///< samples played of the current click; NET_CLICK_LEN = idle
} NetClick;

/// Synthesises both clicks for a sample rate (Hz) at full scale 0.5 (-6 dBFS peak).
void
net_click_init(NetClick* self, double rate);

/// Adds the click to left and right with linear gain `gain`. A change of beat (0..3) starts
/// a new click; the first call only records the beat.
JAM_REALTIME void
net_click_mix(NetClick* self, unsigned beat, float gain, float* left, float* right, size_t n);

#endif // NET_CLICK_H
