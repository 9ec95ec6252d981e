// SPDX-License-Identifier: ISC
// Burg linear prediction for loss concealment. See conceal.h.

#include "conceal.h"

#include <math.h>
#include <string.h>

#define NET_CONCEAL_MASK (NET_CONCEAL_HISTORY - 1u)
#define NET_CONCEAL_DAMP 0.99995 ///< per-sample pole radius of the bandwidth expansion

void
net_conceal_reset(NetConceal* const self)
{
  memset(self->hist, 0, sizeof self->hist);
  self->pos = 0;
  self->concealed = 0;
  self->in_gap = 0;
  self->fits = 0;
  self->have_model = 0;
  self->mode = NET_CONCEAL_SILENCE;
}

double
net_conceal_gain(const size_t k)
{
  if (k < NET_CONCEAL_HOLD) {
    return 1.0;
  }
  const size_t j = k - NET_CONCEAL_HOLD;
  return j >= NET_CONCEAL_FADE ? 0.0 : 1.0 - (double)(j + 1) / (double)NET_CONCEAL_FADE;
}

static void
remember(NetConceal* const self, const float v)
{
  self->hist[self->pos] = v;
  self->pos = (self->pos + 1u) & NET_CONCEAL_MASK;
}

// Sample k back from the newest (k = 1: the newest).
static float
back(const NetConceal* const self, const unsigned k)
{
  return self->hist[(self->pos - k) & NET_CONCEAL_MASK];
}

// Fits a[] to the last NET_CONCEAL_FIT samples (Burg) and loads the predictor's memory.
static void
fit(NetConceal* const self)
{
  const size_t n = NET_CONCEAL_FIT;
  const unsigned m = NET_CONCEAL_ORDER;
  double* const f = self->f;
  double* const b = self->b;
  double* const a = self->a;
  double energy = 0.0;
  for (size_t i = 0; i < n; ++i) {
    f[i] = b[i] = self->hist[(self->pos - n + i) & NET_CONCEAL_MASK];
    energy += f[i] * f[i];
  }
  for (unsigned i = 0; i < m; ++i) {
    self->mem[i] = self->hist[(self->pos - 1u - i) & NET_CONCEAL_MASK];
  }
  memset(a, 0, sizeof self->a);
  a[0] = 1.0;
  if (energy < 1e-12) { // silence: predict silence
    return;
  }
  double d = 2.0 * energy - f[0] * f[0] - b[n - 1] * b[n - 1];
  for (unsigned k = 0; k < m; ++k) {
    if (!(d > 1e-12 * energy)) {
      break;
    }
    double mu = 0.0;
    for (size_t i = 0; i + k + 1 < n; ++i) {
      mu += f[i + k + 1] * b[i];
    }
    mu *= -2.0 / d;
    if (!(fabs(mu) < 1.0)) { // rounding: keep the predictor stable
      break;
    }
    for (unsigned i = 0; i <= (k + 1) / 2; ++i) {
      const double t1 = a[i] + mu * a[k + 1 - i];
      const double t2 = a[k + 1 - i] + mu * a[i];
      a[i] = t1;
      a[k + 1 - i] = t2;
    }
    for (size_t i = 0; i + k + 1 < n; ++i) {
      const double t1 = f[i + k + 1] + mu * b[i];
      const double t2 = b[i] + mu * f[i + k + 1];
      f[i + k + 1] = t1;
      b[i] = t2;
    }
    d = (1.0 - mu * mu) * d - f[k + 1] * f[k + 1] - b[n - k - 2] * b[n - k - 2];
  }
  // Bandwidth expansion: poles pulled in by 0.99995 per sample, so rounding in the fit cannot
  // make a long prediction grow (a tone continued for 40 ms loses at most 0.8 dB).
  double g = 1.0;
  for (unsigned i = 1; i <= m; ++i) {
    g *= NET_CONCEAL_DAMP;
    a[i] *= g;
  }
}

// The next predicted sample, before any fade; advances the predictor's memory.
static float
predict(NetConceal* const self)
{
  double y = 0.0;
  for (unsigned i = 0; i < NET_CONCEAL_ORDER; ++i) {
    y -= self->a[i + 1] * (double)self->mem[i];
  }
  float v = (float)y;
  if (!isfinite(v) || fabsf(v) > 4.0f) { // never let a bad fit run away
    v = 0.0f;
  }
  if (fabsf(v) < 1e-20f) { // no denormals in the recursion
    v = 0.0f;
  }
  memmove(self->mem + 1, self->mem, (NET_CONCEAL_ORDER - 1u) * sizeof *self->mem);
  self->mem[0] = v;
  return v;
}

NetConcealMode
net_conceal_mode(const NetConceal* const self)
{
  return self->mode;
}

// The pitch lag of best normalised correlation between the last NET_CONCEAL_WINDOW samples and
// those `lag` earlier; *score receives that correlation (-1..1).
static unsigned
find_lag(const NetConceal* const self, double* const score)
{
  const unsigned w = NET_CONCEAL_WINDOW;
  double e0 = 0.0;
  for (unsigned i = 1; i <= w; ++i) {
    e0 += (double)back(self, i) * back(self, i);
  }
  unsigned best = 0;
  double best_r = 0.0;
  double el = 0.0; // energy of the lagged window, slid along
  for (unsigned i = 1; i <= w; ++i) {
    el += (double)back(self, i + NET_CONCEAL_MIN_LAG) * back(self, i + NET_CONCEAL_MIN_LAG);
  }
  for (unsigned lag = NET_CONCEAL_MIN_LAG; lag <= NET_CONCEAL_MAX_LAG; ++lag) {
    double c = 0.0;
    for (unsigned i = 1; i <= w; ++i) {
      c += (double)back(self, i) * back(self, i + lag);
    }
    const double r = c / sqrt(e0 * el + 1e-30);
    if (r > best_r) {
      best_r = r;
      best = lag;
    }
    const double in = back(self, lag + 1 + w);
    const double out = back(self, lag + 1);
    el += in * in - out * out;
    el = el < 0.0 ? 0.0 : el;
  }
  *score = best_r;
  return best;
}

// Squared error of each predictor on the last NET_CONCEAL_TEST samples, from the audio before
// them: [0] linear prediction (with a[] fitted already), [1] repetition of `lag`, [2] silence.
static void
try_predictors(const NetConceal* const self, const unsigned lag, double err[3])
{
  const unsigned t = NET_CONCEAL_TEST;
  float mem[NET_CONCEAL_ORDER];
  float pred[NET_CONCEAL_TEST] = {0.0f};
  for (unsigned i = 0; i < NET_CONCEAL_ORDER; ++i) {
    mem[i] = back(self, t + 1 + i);
  }
  err[0] = err[1] = err[2] = 0.0;
  for (unsigned j = 0; j < t; ++j) {
    const double x = back(self, t - j);
    double y = 0.0;
    for (unsigned i = 0; i < NET_CONCEAL_ORDER; ++i) {
      y -= self->a[i + 1] * (double)mem[i];
    }
    memmove(mem + 1, mem, (NET_CONCEAL_ORDER - 1u) * sizeof *mem);
    mem[0] = (float)y;
    err[0] += (x - y) * (x - y);
    pred[j] = lag == 0 ? 0.0f : j < lag ? back(self, t - j + lag) : pred[j - lag];
    err[1] += (x - pred[j]) * (x - pred[j]);
    err[2] += x * x;
  }
  if (lag == 0) {
    err[1] = INFINITY;
  }
}

// Chooses and primes the predictor for a new gap.
static void
begin_gap(NetConceal* const self)
{
  self->last = back(self, 1);
  self->phase = 0;
  if (self->fits >= NET_CONCEAL_FITS_PER_READ && self->have_model) {
    // Over budget (several gaps in one read): the last gap's predictor, on the newest audio.
    for (unsigned i = 0; i < NET_CONCEAL_ORDER; ++i) {
      self->mem[i] = back(self, 1u + i);
    }
    for (unsigned i = 0; i < self->lag && self->mode == NET_CONCEAL_PITCH; ++i) {
      self->period[i] = back(self, self->lag - i);
    }
    return;
  }
  ++self->fits;
  self->have_model = 1;
  fit(self);
  double score = 0.0;
  const unsigned lag = find_lag(self, &score);
  double err[3];
  try_predictors(self, score > 0.5 ? lag : 0, err);
  self->mode = NET_CONCEAL_LPC;
  if (err[1] < err[0]) {
    self->mode = NET_CONCEAL_PITCH;
  }
  if (err[2] < 2.0 * err[self->mode]) { // a prediction must beat silence by 3 dB (the
    self->mode = NET_CONCEAL_SILENCE;   // fit saw the test samples: it is optimistic)
  }
  self->lag = lag;
  if (self->mode == NET_CONCEAL_PITCH) {
    for (unsigned i = 0; i < lag; ++i) {
      self->period[i] = back(self, lag - i);
    }
  }
}

void
net_conceal_new_read(NetConceal* const self)
{
  self->fits = 0;
}

// The next concealment sample before the gain, by the gap's predictor.
static float
next(NetConceal* const self)
{
  switch (self->mode) {
  case NET_CONCEAL_LPC:
    return predict(self);
  case NET_CONCEAL_PITCH: {
    const float v = self->period[self->phase];
    self->phase = self->phase + 1u >= self->lag ? 0u : self->phase + 1u;
    return v;
  }
  case NET_CONCEAL_SILENCE: {
    const size_t k = self->concealed;
    return k < 32u ? self->last * (1.0f - (float)(k + 1) / 32.0f) : 0.0f;
  }
  }
  return 0.0f;
}

void
net_conceal_fill(NetConceal* const self, float* const out, const size_t n)
{
  if (!self->in_gap) {
    begin_gap(self);
    self->in_gap = 1;
    self->concealed = 0;
  }
  self->xfaded = 0; // a loss inside the crossfade starts it again
  for (size_t i = 0; i < n; ++i) {
    const double g = net_conceal_gain(self->concealed);
    const float p = next(self);
    out[i] = g > 0.0 ? (float)(g * (double)p) : 0.0f;
    ++self->concealed;
    remember(self, out[i]);
  }
}

void
net_conceal_peek(NetConceal* const self, float* const out, const size_t n)
{
  float mem[NET_CONCEAL_ORDER];
  memcpy(mem, self->mem, sizeof mem);
  const unsigned phase = self->phase;
  const size_t concealed = self->concealed;
  for (size_t i = 0; i < n; ++i) {
    const double g = net_conceal_gain(self->concealed);
    const float p = next(self);
    out[i] = g > 0.0 ? (float)(g * (double)p) : 0.0f;
    ++self->concealed;
  }
  memcpy(self->mem, mem, sizeof mem);
  self->phase = phase;
  self->concealed = concealed;
}

void
net_conceal_real(NetConceal* const self, float* const x, const size_t n)
{
  size_t i = 0;
  if (self->in_gap) {
    // From a faded prediction the audio fades in over 32 samples, as it always did; from a
    // continued one the crossfade is longer, as the two should agree.
    const unsigned len = self->mode == NET_CONCEAL_SILENCE ? 32u : NET_CONCEAL_XFADE;
    for (; i < n && self->xfaded < len; ++i, ++self->xfaded) {
      const double v = next(self);
      const double p = net_conceal_gain(self->concealed++) * v;
      const double w = 0.5 - 0.5 * cos(M_PI * (double)(self->xfaded + 1) / (double)(len + 1));
      x[i] = (float)(p * (1.0 - w) + (double)x[i] * w);
      remember(self, x[i]);
    }
    self->in_gap = self->xfaded < len; // else: a short packet, it goes on
  }
  for (; i < n; ++i) {
    remember(self, x[i]);
  }
}
