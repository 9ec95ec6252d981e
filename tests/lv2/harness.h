// SPDX-License-Identifier: ISC
/// A tiny in-process LV2 host for the pedals' unit tests (tests/unit/test_pedal_*.c): finds a
/// pedal through lv2_descriptor() (the test links the plugin objects), connects its ports,
/// runs signals through it, and measures them (sine amplitude by a single-bin DFT, THD,
/// aliasing, RMS). Include it after tests/unit/check.h, once per test program.

#ifndef PEDAL_HARNESS_H
#define PEDAL_HARNESS_H

#include "pedal_defs.h"
#include "pedal_ports.h"

#include <lv2/core/lv2.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Block size the harness runs the pedal with, frames.
#define HARNESS_BLOCK 256u

/// A pedal instance with its control values.
typedef struct {
  const LV2_Descriptor* desc; ///< the pedal's descriptor
  LV2_Handle handle;          ///< the instance
  const PedalDef* def;        ///< its table entry
  double rate;                ///< sample rate, Hz
  float controls[32];         ///< control input values, by port index
  float latency;              ///< latency output port
  uint32_t in_port;           ///< audio input index
  uint32_t out_port;          ///< audio output index
} Pedal;

/// Opens the pedal `slug` at `rate` with default controls; activates it. Returns 0 on success.
static inline int
pedal_open(Pedal* const p, const char* const slug, const double rate)
{
  memset(p, 0, sizeof *p);
  p->def = pedal_defs_find(slug);
  if (!p->def) {
    fprintf(stderr, "harness: no pedal '%s'\n", slug);
    return -1;
  }
  char uri[256];
  snprintf(uri, sizeof uri, "%s%s", PEDAL_URI_BASE, slug);
  for (uint32_t i = 0; (p->desc = lv2_descriptor(i)) != NULL; ++i) {
    if (!strcmp(p->desc->URI, uri)) {
      break;
    }
  }
  if (!p->desc) {
    fprintf(stderr, "harness: no descriptor for %s\n", uri);
    return -1;
  }
  p->rate = rate;
  p->handle = p->desc->instantiate(p->desc, rate, "", NULL);
  if (!p->handle) {
    fprintf(stderr, "harness: instantiate %s at %g Hz failed\n", uri, rate);
    return -1;
  }
  for (uint32_t i = 0; i < p->def->n_ports; ++i) {
    const PedalPortDef* const port = &p->def->ports[i];
    switch (port->kind) {
    case PEDAL_PORT_ENABLE:
    case PEDAL_PORT_CONTROL:
      p->controls[i] = port->def;
      p->desc->connect_port(p->handle, i, &p->controls[i]);
      break;
    case PEDAL_PORT_AUDIO_IN:
      p->in_port = i;
      break;
    case PEDAL_PORT_AUDIO_OUT:
      p->out_port = i;
      break;
    case PEDAL_PORT_LATENCY:
      p->desc->connect_port(p->handle, i, &p->latency);
      break;
    }
  }
  p->desc->activate(p->handle);
  return 0;
}

/// Sets a control by symbol (takes effect at the next run, smoothed as the TTL says).
static inline void
pedal_set(Pedal* const p, const char* const symbol, const float value)
{
  const int i = pedal_defs_port_index(p->def, symbol);
  if (i < 0) {
    fprintf(stderr, "harness: %s has no port '%s'\n", p->def->slug, symbol);
    abort();
  }
  p->controls[i] = value;
}

/// Runs n frames from in to out (in == out allowed) in HARNESS_BLOCK-frame blocks.
static inline void
pedal_run(Pedal* const p, const float* const in, float* const out, const size_t n)
{
  size_t done = 0;
  while (done < n) {
    const uint32_t len = (uint32_t)(n - done < HARNESS_BLOCK ? n - done : HARNESS_BLOCK);
    p->desc->connect_port(p->handle, p->in_port, (void*)(uintptr_t)(in + done));
    p->desc->connect_port(p->handle, p->out_port, out + done);
    p->desc->run(p->handle, len);
    done += len;
  }
}

/// Deactivates and frees the instance.
static inline void
pedal_close(Pedal* const p)
{
  if (p->handle) {
    p->desc->deactivate(p->handle);
    p->desc->cleanup(p->handle);
    p->handle = NULL;
  }
}

/// Allocates n floats (zeroed); aborts when out of memory (tests only).
static inline float*
harness_alloc(const size_t n)
{
  float* const buf = calloc(n ? n : 1, sizeof *buf);
  if (!buf) {
    abort();
  }
  return buf;
}

/// buf[i] = amp·sin(2π·f·i/rate).
static inline void
harness_sine(float* const buf, const size_t n, const double f, const double amp, const double rate)
{
  for (size_t i = 0; i < n; ++i) {
    buf[i] = (float)(amp * sin(2.0 * M_PI * f * (double)i / rate));
  }
}

/// Amplitude of the component at f over buf[0..n) (single-bin DFT; exact when n spans whole
/// cycles, else within the leakage of a rectangular window).
static inline double
harness_amplitude(const float* const buf, const size_t n, const double f, const double rate)
{
  double re = 0.0, im = 0.0;
  const double w = 2.0 * M_PI * f / rate;
  for (size_t i = 0; i < n; ++i) {
    re += buf[i] * cos(w * (double)i);
    im -= buf[i] * sin(w * (double)i);
  }
  return 2.0 * sqrt(re * re + im * im) / (double)n;
}

/// RMS of buf[0..n).
static inline double
harness_rms(const float* const buf, const size_t n)
{
  double s = 0.0;
  for (size_t i = 0; i < n; ++i) {
    s += (double)buf[i] * buf[i];
  }
  return n ? sqrt(s / (double)n) : 0.0;
}

/// Largest |buf[i]|.
static inline double
harness_peak(const float* const buf, const size_t n)
{
  double m = 0.0;
  for (size_t i = 0; i < n; ++i) { // not fmax(): see tests/arm64/README.md (GCC 12 ICE)
    const double e = fabs((double)buf[i]);
    m = e > m ? e : m;
  }
  return m;
}

/// 20·log10(x), with a floor at -300 dB.
static inline double
harness_db(const double x)
{
  return 20.0 * log10(fmax(x, 1e-15));
}

/// Steady-state gain, dB, of the pedal for a sine at f Hz and amplitude amp: settles for
/// `settle` seconds, then measures over a whole number of cycles (about 0.2 s).
static inline double
harness_gain_db(Pedal* const p, const double f, const double amp, const double settle)
{
  const size_t n_settle = (size_t)(settle * p->rate);
  const size_t cycles = (size_t)ceil(0.2 * f);
  const size_t n_meas = (size_t)llround((double)cycles * p->rate / f);
  const size_t n = n_settle + n_meas;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, f, amp, p->rate);
  pedal_run(p, in, out, n);
  const double a = harness_amplitude(out + n_settle, n_meas, f, p->rate);
  free(in);
  free(out);
  return harness_db(a / amp);
}

/// Total harmonic distortion (harmonics 2..10 below Nyquist, amplitude ratio, not %) of the
/// pedal's output for a sine at f Hz: settles 0.3 s, measures 0.2 s of whole cycles.
static inline double
harness_thd(Pedal* const p, const double f, const double amp)
{
  const size_t n_settle = (size_t)(0.3 * p->rate);
  const size_t n_meas = (size_t)llround(ceil(0.2 * f) * p->rate / f);
  const size_t n = n_settle + n_meas;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, f, amp, p->rate);
  pedal_run(p, in, out, n);
  const double a1 = harness_amplitude(out + n_settle, n_meas, f, p->rate);
  double h = 0.0;
  for (int k = 2; k <= 10 && k * f < 0.5 * p->rate; ++k) {
    const double ak = harness_amplitude(out + n_settle, n_meas, k * f, p->rate);
    h += ak * ak;
  }
  free(in);
  free(out);
  return sqrt(h) / fmax(a1, 1e-30);
}

/// Worst non-harmonic component relative to the fundamental, dB, for a sine at f Hz through
/// the pedal: settles 0.5 s, then a DFT over exactly 0.1 s (10 Hz bins; f must be a multiple
/// of 10 Hz). Bins within 20 Hz of a harmonic of f or of DC are skipped. Aliasing products of
/// a clipper land on multiples of gcd(f, rate) and show up here.
static inline double
harness_aliasing_db(Pedal* const p, const double f, const double amp)
{
  const size_t n_settle = (size_t)(0.5 * p->rate);
  const size_t n_meas = (size_t)(0.1 * p->rate);
  const size_t n = n_settle + n_meas;
  float* const in = harness_alloc(n);
  float* const out = harness_alloc(n);
  harness_sine(in, n, f, amp, p->rate);
  pedal_run(p, in, out, n);
  const double fund = harness_amplitude(out + n_settle, n_meas, f, p->rate);
  double worst = 0.0;
  for (double bin = 30.0; bin < 0.5 * p->rate - 10.0; bin += 10.0) {
    const double r = fmod(bin, f);
    if (r < 25.0 || r > f - 25.0) {
      continue; // a harmonic of f
    }
    worst = fmax(worst, harness_amplitude(out + n_settle, n_meas, bin, p->rate));
  }
  free(in);
  free(out);
  return harness_db(worst / fmax(fund, 1e-30));
}

#endif // PEDAL_HARNESS_H
