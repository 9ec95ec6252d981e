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

// R's dB knobs: amplitude 10^(v/10) is 20·log10(10^(v/10)) = 2v amplitude dB (§0, §5 item 1).
#define DB10 2.0, 0.0
// Tube Screamer output: amplitude 10^(2(v - 1)) is 40v - 40 amplitude dB (§1.3, §2.15).
#define TS_OUTPUT 40.0, -40.0
// A "Darius" time T (§3.2): c(T) = 27(1 - e^(-1/(2π·T·fs))) ≈ 27/(2π·T·fs) per sample, a one-pole
// whose real time constant is 2π/27·T = 0.2327·T (within 2.2 % down to T = 2 ms). Both originals.
#define DARIUS 6.283185307179586 / 27.0, 0.0

static const struct {
  const char* pedal;   // JSON type name
  const char* setting; // our (the Rust version's) setting name
  unsigned dialects;   // HostBoardDialect bits the map applies to
  double scale;        // port = scale·original + offset
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
      return (HostBoardUnit){k_units[i].scale, k_units[i].offset};
    }
  }
  return (HostBoardUnit){1.0, 0.0};
}

double
host_board_unit_to_port(const HostBoardUnit unit, const double original)
{
  return unit.scale * original + unit.offset;
}

double
host_board_unit_to_original(const HostBoardUnit unit, const double port)
{
  return (port - unit.offset) / unit.scale;
}
