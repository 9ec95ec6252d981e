// SPDX-License-Identifier: ISC
// The smallest reproducer of the GCC 12.2 (Debian 12, aarch64) internal compiler error that
// stopped `make check` on a Raspberry Pi:
//   aarch64-linux-gnu-gcc -O2 -c tests/arm64/gcc12-fmax-ice.c
//   internal compiler error: in vect_transform_reduction, at tree-vect-loop.cc:7457
// A double fmax() reduction (IFN_FMAX, which aarch64 vectorises as FMAXNM) of float values
// widened to double, over a loop whose trip count is a constant. The same loop over doubles,
// with fmaxf, or with an unknown count compiles. `make check-arm64-ice` compiles this file and
// reports whether the compiler still has the bug; our sources avoid the pattern.
#include <math.h>

float rtjam_ice_x[4800];

double
rtjam_ice_peak(void);

double
rtjam_ice_peak(void)
{
  double w = 0.0;
  for (int i = 0; i < 4800; ++i) {
    w = fmax(w, rtjam_ice_x[i]);
  }
  return w;
}
