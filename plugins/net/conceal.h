// SPDX-License-Identifier: ISC
/// Loss concealment of one channel that continues the sound: a lost or late stretch is
/// predicted from the audio just before it, by whichever of three predictors best predicts the
/// last NET_CONCEAL_TEST samples from the audio before them:
///   - linear prediction (Burg's method, order NET_CONCEAL_ORDER, fitted on the last
///     NET_CONCEAL_FIT samples): tones, resonances;
///   - pitch-synchronous repetition of the last period (the lag of best normalised correlation,
///     NET_CONCEAL_MIN_LAG..NET_CONCEAL_MAX_LAG): plucked strings, voiced speech;
///   - neither (noise): the last sample faded out over 32 samples, as before.
/// The concealment is kept at full level for
/// NET_CONCEAL_HOLD samples of continuous loss, then faded to silence over NET_CONCEAL_FADE;
/// when real audio resumes, the prediction continued past the gap is crossfaded into it over
/// NET_CONCEAL_XFADE samples.
///
/// Transparent, embedded by value; no allocation. Work is bounded: one fit of
/// O(ORDER * FIT) per gap, then O(ORDER) per concealed sample.

#ifndef NET_CONCEAL_H
#define NET_CONCEAL_H

#include "rt.h"

#include <stddef.h>

#define NET_CONCEAL_HISTORY       1024u ///< samples of recent audio kept (power of two)
#define NET_CONCEAL_FIT           512u  ///< samples the predictor is fitted on (10.7 ms)
#define NET_CONCEAL_ORDER         32u   ///< predictor order
#define NET_CONCEAL_HOLD          1920u ///< samples of concealment at full level (40 ms)
#define NET_CONCEAL_FADE          1920u ///< samples of the fade to silence that follows (40 ms)
#define NET_CONCEAL_XFADE         64u   ///< samples of the crossfade back into real audio
#define NET_CONCEAL_TEST          128u  ///< samples the predictors are tried on
#define NET_CONCEAL_WINDOW        128u  ///< samples of the pitch correlation window
#define NET_CONCEAL_MIN_LAG       32u   ///< samples: shortest pitch period tried (1.5 kHz)
#define NET_CONCEAL_MAX_LAG       760u  ///< samples: longest pitch period tried (63 Hz)
#define NET_CONCEAL_FITS_PER_READ 1u    ///< new predictors chosen per read, at most (RT budget)

/// The predictor chosen for a gap.
typedef enum {
  NET_CONCEAL_LPC = 0, ///< linear prediction
  NET_CONCEAL_PITCH,   ///< repetition of the last pitch period
  NET_CONCEAL_SILENCE, ///< the last sample faded out
} NetConcealMode;

/// State of one channel (fields private to conceal.c).
typedef struct {
  float hist[NET_CONCEAL_HISTORY];   ///< ring of the last samples output (real or concealed)
  unsigned pos;                      ///< index of the next sample to write in hist
  double a[NET_CONCEAL_ORDER + 1];   ///< predictor, a[0] = 1
  double f[NET_CONCEAL_FIT];         ///< Burg forward errors (scratch)
  double b[NET_CONCEAL_FIT];         ///< Burg backward errors (scratch)
  float mem[NET_CONCEAL_ORDER];      ///< the predictor's input: mem[0] the newest sample
  NetConcealMode mode;               ///< predictor of the current gap
  unsigned lag;                      ///< samples, pitch period (NET_CONCEAL_PITCH)
  float period[NET_CONCEAL_MAX_LAG]; ///< the period repeated (NET_CONCEAL_PITCH)
  unsigned phase;                    ///< next index in period
  float last;                        ///< the sample before the gap (NET_CONCEAL_SILENCE)
  size_t concealed;                  ///< samples concealed in the current gap
  size_t xfaded;                     ///< samples of the crossfade back already done
  unsigned fits;                     ///< predictors chosen since net_conceal_new_read
  int have_model;                    ///< 1 once a predictor was chosen
  int in_gap;                        ///< 1 between concealment and the end of the crossfade
} NetConceal;

/// Empties the history (the next gap conceals with silence until audio was heard).
JAM_REALTIME void
net_conceal_reset(NetConceal* self);

/// Starts a new read: a budget of NET_CONCEAL_FITS_PER_READ predictor choices (the fit and the
/// pitch search, about 10^5 multiply-adds each); further gaps in the same read reuse the last
/// predictor on the newest audio, so a read that conceals many gaps stays cheap.
JAM_REALTIME void
net_conceal_new_read(NetConceal* self);

/// Takes n samples of real audio, in place: right after a gap their head is crossfaded from
/// the continued prediction.
JAM_REALTIME void
net_conceal_real(NetConceal* self, float* x, size_t n);

/// Writes n samples of concealment continuing the audio so far.
JAM_REALTIME void
net_conceal_fill(NetConceal* self, float* out, size_t n);

/// Inside a gap: writes the n samples net_conceal_fill would write next, leaving the state as
/// it was (what the concealment would go on with).
JAM_REALTIME void
net_conceal_peek(NetConceal* self, float* out, size_t n);

/// The predictor the last gap used.
JAM_REALTIME NetConcealMode
net_conceal_mode(const NetConceal* self);

/// Gain of the concealment after `k` samples of continuous loss: 1, then a linear fade to 0.
double
net_conceal_gain(size_t k);

#endif // NET_CONCEAL_H
