// SPDX-License-Identifier: ISC
/// Units of the original's board settings (pedals_spec.md §0, §1.3, §5 item 1): one table of
/// the settings whose saved value is on another scale than our LV2 port, and the affine map
/// port = scale·original + offset between the two. Everything else is stored as our ports take
/// it. Pure data, no JSON: host/board.c applies it where board documents are read and written.

#ifndef HOST_BOARD_UNITS_H
#define HOST_BOARD_UNITS_H

/// Which original saved a board document (pedals_spec.md §4.2): their gain laws differ.
typedef enum {
  HOST_BOARD_RUST = 1, ///< rtjam_rust / pedal-board ("R"): dB knobs are 10^(v/10)
  HOST_BOARD_CPP = 2,  ///< rtjam C++ ("C"): dB knobs are 10^(v/20), like ours
} HostBoardDialect;

/// How a setting's saved value becomes our port's.
typedef enum {
  HOST_BOARD_UNIT_AFFINE, ///< port = scale · original + offset
  HOST_BOARD_UNIT_DARIUS, ///< a "Darius" time T (ms) to the real time constant of its one-pole (ms)
} HostBoardUnitLaw;

/// The map of one setting.
typedef struct {
  HostBoardUnitLaw law; ///< affine or Darius
  double scale;         ///< port units per original unit (Darius: the slope for long times, 2π/27)
  double offset;        ///< port value of an original 0 (affine only)
} HostBoardUnit;

/// The map of `setting` (our name; case-insensitive) of pedal type `pedal` in boards saved by
/// `dialect`. @return {1, 0} (the identity) for a setting stored as our port takes it
HostBoardUnit
host_board_unit(HostBoardDialect dialect, const char* pedal, const char* setting);

/// An original value in our port's units.
double
host_board_unit_to_port(HostBoardUnit unit, double original);

/// A port value in the original's units (the inverse of host_board_unit_to_port).
double
host_board_unit_to_original(HostBoardUnit unit, double port);

/// A knob step in the original's units (step / scale).
double
host_board_unit_step_to_original(HostBoardUnit unit, double step);

#endif // HOST_BOARD_UNITS_H
