// SPDX-License-Identifier: ISC
/// Denormal and NaN guards for DSP state: flush tiny values to 0, reset non-finite state, and
/// set flush-to-zero for the audio thread around run() (ecosystem.md §6.3).
///
/// Every recursive block in dsp/ flushes its own state at the end of each processed block, so
/// the guards here are for plugin-level state and outputs.

#ifndef DSP_DENORMAL_H
#define DSP_DENORMAL_H

#include "common/rt.h"

#include <math.h>
#include <stddef.h>

/// Magnitude below which state is flushed to exactly 0 (-300 dB: inaudible, far above FLT_MIN).
#define DSP_DENORMAL_THRESHOLD 1e-15

/// Returns 0 when |x| < 1e-15, else x (NaN passes through; see dsp_sanitize()).
JAM_REALTIME static inline float
dsp_flush(const float x)
{
  return fabsf(x) < (float)DSP_DENORMAL_THRESHOLD ? 0.0f : x;
}

/// Double version of dsp_flush().
JAM_REALTIME static inline double
dsp_flush_d(const double x)
{
  return fabs(x) < DSP_DENORMAL_THRESHOLD ? 0.0 : x;
}

/// Returns 0 for NaN, ±inf and |x| < 1e-15, else x: the "reset if not finite" guard for state.
JAM_REALTIME static inline float
dsp_sanitize(const float x)
{
  return isfinite(x) ? dsp_flush(x) : 0.0f;
}

/// Double version of dsp_sanitize().
JAM_REALTIME static inline double
dsp_sanitize_d(const double x)
{
  return isfinite(x) ? dsp_flush_d(x) : 0.0;
}

/// Applies dsp_sanitize() to n samples in place. Returns how many were not finite (0 normally),
/// so a plugin can reset its state and count the event.
JAM_REALTIME static inline size_t
dsp_sanitize_buffer(const size_t n, float* const buf)
{
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!isfinite(buf[i])) {
      ++bad;
    }
    buf[i] = dsp_sanitize(buf[i]);
  }
  return bad;
}

/// Copies n samples from `in` to `out` with NaN and ±inf replaced by 0 and the rest clamped to
/// ±limit: the guard for audio a host hands in. Selects only (the loop vectorises).
JAM_REALTIME static inline void
dsp_clean_copy(const size_t n, const float* const in, float* const out, const float limit)
{
  for (size_t i = 0; i < n; ++i) {
    const float x = in[i];
    const float f = x - x == 0.0f ? x : 0.0f; // x - x is 0 for a finite x, NaN for NaN and ±inf
    out[i] = f > limit ? limit : (f < -limit ? -limit : f);
  }
}

/// Returns how many of the n samples are NaN, ±inf or beyond ±limit (0 normally): the output
/// guard of a block that may have run away. One compare per sample (the loop vectorises).
JAM_REALTIME static inline size_t
dsp_count_out_of_range(const size_t n, const float* const buf, const float limit)
{
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    bad += !(fabsf(buf[i]) <= limit); // false for NaN, so NaN counts
  }
  return bad;
}

/// Saved floating-point control register, for dsp_ftz_begin()/dsp_ftz_end().
typedef struct {
  unsigned long saved; ///< MXCSR (x86), FPCR (aarch64) or FPSCR (armhf) before dsp_ftz_begin()
} DspFtzGuard;

/// Saves the FP control register and enables flush-to-zero (and denormals-are-zero on x86) for
/// the calling thread. Call at the top of run() and pair with dsp_ftz_end(): some hosts (jalv,
/// plain JACK) leave FTZ off, others (Ardour) set it, and the plugin must not change it for them.
JAM_REALTIME static inline void
dsp_ftz_begin(DspFtzGuard* const guard)
{
#if defined(__SSE__)
  guard->saved = __builtin_ia32_stmxcsr();
#elif defined(__aarch64__)
  unsigned long fpcr = 0;
  __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
  guard->saved = fpcr;
#elif defined(__arm__) && defined(__ARM_FP)
  unsigned int fpscr = 0;
  __asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));
  guard->saved = fpscr;
#else
  guard->saved = 0;
#endif
  jam_rt_flush_denormals();
}

/// Restores the FP control register saved by dsp_ftz_begin().
JAM_REALTIME static inline void
dsp_ftz_end(const DspFtzGuard* const guard)
{
#if defined(__SSE__)
  __builtin_ia32_ldmxcsr((unsigned int)guard->saved);
#elif defined(__aarch64__)
  __asm__ volatile("msr fpcr, %0" ::"r"(guard->saved));
#elif defined(__arm__) && defined(__ARM_FP)
  const unsigned int fpscr = (unsigned int)guard->saved;
  __asm__ volatile("vmsr fpscr, %0" ::"r"(fpscr));
#else
  (void)guard;
#endif
}

#endif // DSP_DENORMAL_H
