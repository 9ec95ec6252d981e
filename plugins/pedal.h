// SPDX-License-Identifier: ISC
/// The glue every pedal shares: one PedalClass per pedal (its DSP callbacks), and the LV2
/// callbacks in pedal.c that wrap it. The glue owns everything that is the same for all pedals,
/// so a pedal file holds only its DSP:
///
/// - ports: reads controls only in run() (hosts call activate() before connecting them),
///   replaces NaN/inf with the default, clamps to the TTL range, rounds enumerations;
/// - smoothing: each control with a smoothing time in ttl/pedal_defs.c moves toward its target
///   once per PEDAL_BLOCK frames (one-pole), and the smoothers snap on the first run();
/// - block sizes: any n_samples; the pedal is called with at most PEDAL_BLOCK frames, on
///   sub-blocks aligned to multiples of PEDAL_BLOCK since activate(), so the output does not
///   depend on the host's block size;
/// - in place: the input is copied to a private buffer before the output is written;
/// - hostile input: NaN and inf become 0 and the input is clamped to ±PEDAL_INPUT_LIMIT; output
///   that is not finite or beyond ±PEDAL_OUTPUT_LIMIT (a runaway filter) resets the pedal and
///   is replaced by silence for that sub-block;
/// - bypass: the lv2:enabled port crossfades linearly over PEDAL_BYPASS_MS; a fully bypassed
///   pedal does not run, and starts from a cleared state when re-enabled (no stale tails);
///   pedals with latency delay the bypassed signal by the same amount;
/// - denormals: flush-to-zero is set for the duration of run() and restored after.

#ifndef PEDAL_H
#define PEDAL_H

#include "common/rt.h"
#include "ttl/pedal_defs.h"

#include <stdint.h>

/// Bypass crossfade length, ms.
#define PEDAL_BYPASS_MS 10.0

/// Input samples are clamped to ±this (+40 dBFS) before the DSP sees them.
#define PEDAL_INPUT_LIMIT 100.0f

/// Output samples beyond ±this (+80 dBFS) are a fault: 40 dB above the input clamp, more than
/// any pedal's gain (the tone stack's three +20 dB bands give +21 dB at 700 Hz; drives clip), so
/// only a runaway (unstable) DSP gets there.
#define PEDAL_OUTPUT_LIMIT (100.0f * PEDAL_INPUT_LIMIT)

/// Largest latency a pedal may report, frames.
#define PEDAL_MAX_LATENCY 127u

/// The DSP of one pedal. `params` is indexed by port index (the generated PEDAL_<ID>_<SYMBOL>
/// enums), holds clamped and smoothed control values in the units of ttl/pedal_defs.c, and is
/// the same array for the whole life of the instance.
typedef struct {
  /// Allocates and initialises the DSP state for a sample rate (Hz). Instantiation thread;
  /// returns NULL when out of memory.
  void* (*create)(double rate);
  /// Frees what create() returned; NULL is a no-op. Instantiation thread.
  void (*destroy)(void* dsp);
  /// Clears the state (delay lines, filters, envelopes) and jumps every internal smoother to
  /// `params`. Audio thread: no allocation, but may clear buffers (O(buffer size)).
  JAM_REALTIME void (*reset)(void* dsp, const float* params);
  /// Processes n <= PEDAL_BLOCK frames from `in` to `out` (never the same buffer). Audio
  /// thread. Output need not be finite: the glue checks it.
  JAM_REALTIME void (*process)(void* dsp, const float* params, const float* in, float* out,
                               uint32_t n);
  /// Processing delay, frames (<= PEDAL_MAX_LATENCY), constant for the instance; NULL for 0.
  uint32_t (*latency)(const void* dsp);
} PedalClass;

/// The DSP of each pedal, indexed like pedal_defs[] (plugins/lv2.c fills it).
extern const PedalClass* const pedal_classes[];

#endif // PEDAL_H
