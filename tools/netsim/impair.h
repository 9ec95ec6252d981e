// SPDX-License-Identifier: ISC
/// The impairment model of rtjam-netsim: for each datagram, whether it is lost, duplicated or
/// held back, and when each copy is released. Deterministic for a given seed.

#ifndef NETSIM_IMPAIR_H
#define NETSIM_IMPAIR_H

#include <stddef.h>
#include <stdint.h>

/// Shape of the random part of the delay.
typedef enum {
  NETSIM_JITTER_NORMAL = 0, ///< delay + N(0, jitter^2), never below 0
  NETSIM_JITTER_UNIFORM,    ///< delay + U(-jitter, +jitter), never below 0
  NETSIM_JITTER_PARETO,     ///< delay + Pareto(shape 2.5) with mean jitter: Wi-Fi-like spikes
} NetsimJitterShape;

/// Settings of one direction.
typedef struct {
  double delay_ms;         ///< ms, fixed one-way delay
  double jitter_ms;        ///< ms, sigma (normal), half-width (uniform) or mean (pareto)
  NetsimJitterShape shape; ///< distribution of the random delay
  double loss;             ///< 0..1, long-run fraction of datagrams lost
  double burst;            ///< mean loss-burst length in datagrams (1 = independent losses)
  double reorder;          ///< 0..1, fraction held back by an extra `reorder_ms`
  double reorder_ms;       ///< ms, extra delay of a reordered datagram
  double duplicate;        ///< 0..1, fraction sent twice
  int keep_order;          ///< 1: jitter never reorders (release times are made monotonic)
} NetsimSettings;

/// State of one direction.
typedef struct {
  NetsimSettings settings; ///< what to apply
  uint64_t rng[4];         ///< xoshiro256** state
  int in_burst;            ///< Gilbert-Elliott state: 1 = losing
  uint64_t last_release;   ///< µs, latest release time handed out (for keep_order)
  uint64_t seen;           ///< datagrams decided
  uint64_t lost;           ///< datagrams dropped
  uint64_t duplicated;     ///< extra copies made
  uint64_t reordered;      ///< datagrams held back on purpose
} NetsimImpair;

/// Initialises a direction from settings and a seed.
void
netsim_impair_init(NetsimImpair* self, const NetsimSettings* settings, uint64_t seed);

/// Decides the fate of a datagram that arrived at `now_us`.
/// @param release receives up to 2 release times in µs (same clock as now_us)
/// @return the number of copies to send: 0 (lost), 1, or 2 (duplicated)
int
netsim_impair_decide(NetsimImpair* self, uint64_t now_us, uint64_t release[2]);

/// The largest long-run loss (0..1) the Gilbert model gives for a mean burst length `burst`
/// (>= 1) short of losing everything: burst / (burst + 1). Past it the burst-entry probability
/// would exceed 1, and the loss delivered stops at this value (--loss 80 gave 50 % at burst 1).
double
netsim_impair_max_loss(double burst);

/// Checks that the settings can be delivered as asked.
/// @return 0, or -1 with a message in err when loss (short of 1) exceeds netsim_impair_max_loss
int
netsim_impair_check(const NetsimSettings* settings, char* err, size_t err_size);

/// Whether the random delay will often be cut at 0 (a datagram cannot leave before it arrived),
/// so that the jitter delivered is smaller and the mean delay larger than asked: delay < 3 x
/// jitter for normal, delay < jitter for uniform (pareto is never negative).
/// @return 1 with a message in msg, else 0
int
netsim_impair_clip_warning(const NetsimSettings* settings, char* msg, size_t msg_size);

/// A uniform double in [0, 1) from the generator (exposed for tests).
double
netsim_impair_uniform(NetsimImpair* self);

#endif // NETSIM_IMPAIR_H
