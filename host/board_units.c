// SPDX-License-Identifier: ISC
// The original's board units against our ports: one table (docs/host.md, "Units of the
// original's boards", lists it with the reasons).

#include "host/board_units.h"

#include <math.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#define RUST HOST_BOARD_RUST
#define BOTH (HOST_BOARD_RUST | HOST_BOARD_CPP)

#define TWO_PI 6.283185307179586

// R's dB knobs: amplitude 10^(v/10) is 20·log10(10^(v/10)) = 2v amplitude dB (§0, §5 item 1).
#define DB10 HOST_BOARD_UNIT_AFFINE, 2.0, 0.0
// Tube Screamer output: amplitude 10^(2(v - 1)) is 40v - 40 amplitude dB (§1.3, §2.15).
#define TS_OUTPUT HOST_BOARD_UNIT_AFFINE, 40.0, -40.0
// A "Darius" time T (§3.2): both originals step a one-pole with c(T) = 27(1 - e^(-1/(2π·T·fs))),
// fs 48 kHz whatever the rate; its real time constant is τ = -1/(fs·ln(1 - c)), about 0.2327·T.
// Our detectors take τ (coefficient 1 - e^(-1/(τ·fs))), so τ gives the original's coefficient.
#define DARIUS    HOST_BOARD_UNIT_DARIUS, TWO_PI / 27.0, 0.0
#define DARIUS_FS 48000.0 // Hz, the originals' hard-coded rate (pedals_spec.md §0)

static const struct {
  const char* pedal;   // JSON type name
  const char* setting; // our (the Rust version's) setting name
  unsigned dialects;   // HostBoardDialect bits the map applies to
  HostBoardUnitLaw law;
  double scale; // affine: port = scale·original + offset; Darius: the slope for long times
  double offset;
} k_units[] = {
    {"Noise Gate", "threshold", RUST, DB10},
    {"Noise Gate", "attack", BOTH, DARIUS},
    {"Noise Gate", "release", BOTH, DARIUS},
    {"Compressor", "threshold", RUST, DB10}, // R compares it with 10·log10 of the envelope
    {"Compressor", "level", RUST, DB10},
    {"Compressor", "attack", BOTH, DARIUS},
    {"Compressor", "release", BOTH, DARIUS},
    {"Bass DI", "Volume", RUST, DB10},
    {"Speaker Sim", "Level", RUST, DB10},
    {"Delay", "drift", RUST, DB10},
    {"Chorus", "drift", RUST, DB10},
    {"TubeDrive", "drive", RUST, DB10},
    {"TubeDrive", "level", RUST, DB10},
    {"SoulDrive", "drive", RUST, DB10},
    {"SoulDrive", "level", RUST, DB10},
    {"Tube Screamer", "output", RUST, TS_OUTPUT},
    {"Bass Envelope", "attack", BOTH, DARIUS},
    {"Bass Envelope", "release", BOTH, DARIUS},
    {"Bass Envelope", "level", RUST, DB10},
    {"Bass Envelope", "dry level", RUST, DB10},
    {"Guitar Envelope", "attack", BOTH, DARIUS},
    {"Guitar Envelope", "release", BOTH, DARIUS},
    {"Guitar Envelope", "level", RUST, DB10},
    {"Guitar Envelope", "dry level", RUST, DB10},
    {"Champ", "gain", RUST, DB10},
    {"Champ", "master", RUST, DB10},
};

HostBoardUnit
host_board_unit(const HostBoardDialect dialect, const char* const pedal, const char* const setting)
{
  for (size_t i = 0; pedal && setting && i < sizeof k_units / sizeof k_units[0]; ++i) {
    if ((k_units[i].dialects & (unsigned)dialect) && !strcmp(pedal, k_units[i].pedal) &&
        !strcasecmp(setting, k_units[i].setting)) {
      return (HostBoardUnit){k_units[i].law, k_units[i].scale, k_units[i].offset};
    }
  }
  return (HostBoardUnit){HOST_BOARD_UNIT_AFFINE, 1.0, 0.0};
}

double
host_board_unit_to_port(const HostBoardUnit unit, const double original)
{
  switch (unit.law) {
  case HOST_BOARD_UNIT_AFFINE:
    return unit.scale * original + unit.offset;
  case HOST_BOARD_UNIT_DARIUS: {
    // c(T) reaches 1 below T = 87.9 µs (no knob goes there): the fastest one-pole, τ 0
    const double c =
        original > 0.0 ? 27.0 * (1.0 - exp(-1000.0 / (TWO_PI * original * DARIUS_FS))) : 1.0;
    return c < 1.0 ? -1000.0 / (DARIUS_FS * log1p(-c)) : 0.0;
  }
  }
  return original;
}

double
host_board_unit_to_original(const HostBoardUnit unit, const double port)
{
  switch (unit.law) {
  case HOST_BOARD_UNIT_AFFINE:
    return (port - unit.offset) / unit.scale;
  case HOST_BOARD_UNIT_DARIUS: {
    // the T whose c(T) is our coefficient 1 - e^(-1/(τ·fs)): T = -1/(2π·fs·ln(1 - c/27))
    const double c = port > 0.0 ? -expm1(-1000.0 / (port * DARIUS_FS)) : 1.0;
    return -1000.0 / (TWO_PI * DARIUS_FS * log1p(-c / 27.0));
  }
  }
  return port;
}

double
host_board_unit_step_to_original(const HostBoardUnit unit, const double step)
{
  return step / unit.scale;
}
