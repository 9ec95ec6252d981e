// SPDX-License-Identifier: ISC
/// Independent design figures for the pedal tests (issue 10: a test never takes its expected
/// value from the code under test). Everything here is written from the documents, not from
/// dsp/*.h or plugins/*.c: the RBJ Audio-EQ-Cookbook analog prototypes evaluated through the
/// bilinear map, first-order bilinear sections, and the oversampler's latency from its tap
/// counts. Include after tests/lv2/harness.h (design_measure_h runs a Pedal).

#ifndef JAM_TEST_DESIGN_H
#define JAM_TEST_DESIGN_H

#include <complex.h>
#include <math.h>

/// Cookbook shapes (Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter
/// coefficients"; pedals_spec.md §3.1 uses the same shorthand).
typedef enum { D_LPF, D_HPF, D_NOTCH, D_PK, D_LS, D_HS } DesignShape;

/// Response of a cookbook biquad at f Hz (rate fs): the analog prototype H(s) of the cookbook
/// evaluated at s = j·tan(πf/fs)/tan(πf0/fs), which is exactly what the bilinear transform
/// prewarped at f0 gives on the unit circle. q is Q (LPF, HPF, PK) or the shelf slope S.
static inline double complex
design_rbj(const DesignShape shape, const double f0, const double q, const double gain_db,
           const double f, const double fs)
{
  const double complex s = I * tan(M_PI * f / fs) / tan(M_PI * f0 / fs);
  const double A = pow(10.0, gain_db / 40.0);
  switch (shape) {
  case D_LPF:
    return 1.0 / (s * s + s / q + 1.0);
  case D_HPF:
    return s * s / (s * s + s / q + 1.0);
  case D_NOTCH:
    return (s * s + 1.0) / (s * s + s / q + 1.0);
  case D_PK:
    return (s * s + s * (A / q) + 1.0) / (s * s + s / (A * q) + 1.0);
  case D_LS:
  case D_HS: {
    // 1/Q = sqrt((A + 1/A)(1/S - 1) + 2)
    const double iq = sqrt((A + 1.0 / A) * (1.0 / q - 1.0) + 2.0);
    const double sa = sqrt(A) * iq;
    if (shape == D_LS) {
      return A * (s * s + sa * s + A) / (A * s * s + sa * s + 1.0);
    }
    return A * (A * s * s + sa * s + 1.0) / (s * s + sa * s + A);
  }
  }
  return 1.0;
}

/// |design_rbj(...)| in dB.
static inline double
design_rbj_db(const DesignShape shape, const double f0, const double q, const double gain_db,
              const double f, const double fs)
{
  return 20.0 * log10(cabs(design_rbj(shape, f0, q, gain_db, f, fs)));
}

/// First-order bilinear low-pass (lowpass != 0) or high-pass, prewarped at fc
/// (pedals_spec.md §3.6): analog 1/(s+1) or s/(s+1) at s = j·tan(πf/fs)/tan(πfc/fs).
static inline double complex
design_first_order(const int lowpass, const double fc, const double f, const double fs)
{
  const double complex s = I * tan(M_PI * f / fs) / tan(M_PI * fc / fs);
  return lowpass ? 1.0 / (s + 1.0) : s / (s + 1.0);
}

/// One-pole smoother y += c·(x - y) with c = 1 - e^(-2π·fc/fs) (impulse-invariant RC):
/// H(z) = c / (1 - (1 - c) z^-1).
static inline double complex
design_onepole(const double fc, const double f, const double fs)
{
  const double c = 1.0 - exp(-2.0 * M_PI * fc / fs);
  return c / (1.0 - (1.0 - c) * cexp(-I * 2.0 * M_PI * f / fs));
}

/// DC blocker with pole r = e^(-2π·fc/fs), unity gain at Nyquist:
/// H(z) = (1 + r)/2 · (1 - z^-1) / (1 - r z^-1).
static inline double complex
design_dcblock(const double fc, const double f, const double fs)
{
  const double r = exp(-2.0 * M_PI * fc / fs);
  const double complex z1 = cexp(-I * 2.0 * M_PI * f / fs);
  return 0.5 * (1.0 + r) * (1.0 - z1) / (1.0 - r * z1);
}

/// Round-trip latency, base-rate frames, of the 8x oversampler as designed (dsp/oversample.h's
/// header and docs/pedals.md "Oversampling": three cascaded 2x linear-phase FIR stages of 95,
/// 25 and 17 taps at 2, 4 and 8 times the base rate). A linear-phase FIR of N taps delays by
/// (N-1)/2 samples of its own rate; each stage runs once up and once down, so stage k (rate
/// 2^(k+1)·fs) adds (N_k - 1)/2^(k+1) base frames: 94/2 + 24/4 + 16/8 = 47 + 6 + 2 = 55.
static inline double
design_oversampler_latency_8x(void)
{
  static const unsigned taps[3] = {95u, 25u, 17u};
  double frames = 0.0;
  for (unsigned k = 0; k < 3; ++k) {
    frames += 2.0 * ((double)(taps[k] - 1u) / 2.0) / (double)(2u << k);
  }
  return frames;
}

/// Complex amplitude (relative to amp) of the pedal's steady-state output for the input
/// amp·cos(2πf·i/fs), i counted from the first input sample: the measured H(f) including every
/// delay. Settles `settle` s, then a single-bin DFT over whole cycles (about 0.2 s).
static inline double complex
design_measure_h(Pedal* const p, const double f, const double amp, const double settle)
{
  const double fs = p->rate;
  const size_t n_settle = (size_t)(settle * fs);
  const size_t cycles = (size_t)ceil(0.2 * f);
  const size_t n_meas = (size_t)llround((double)cycles * fs / f);
  const size_t n = n_settle + n_meas;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  const double w = 2.0 * M_PI * f / fs;
  for (size_t i = 0; i < n; ++i) {
    in[i] = (float)(amp * cos(w * (double)i));
  }
  pedal_run(p, in, out, n);
  double complex acc = 0.0;
  for (size_t i = n_settle; i < n; ++i) {
    acc += out[i] * cexp(-I * w * (double)i);
  }
  free(in);
  free(out);
  return 2.0 * acc / ((double)n_meas * amp);
}

/// Pure delay, frames, between a measured response and a model without the delay at f:
/// -arg(measured/model)/ω, unwrapped into [0, fs/f) (use f low enough that ω·delay < 2π).
static inline double
design_delay_frames(const double complex measured, const double complex model, const double f,
                    const double fs)
{
  double ph = -carg(measured / model);
  if (ph < 0.0) {
    ph += 2.0 * M_PI;
  }
  return ph / (2.0 * M_PI * f / fs);
}

#endif // JAM_TEST_DESIGN_H
