// SPDX-License-Identifier: ISC
/// log(1 + a) for a >= 0 in double, inline and without a branch, so that a loop over a block
/// of it vectorises (the antiderivatives of the rational clip curves, dsp/clip.h, need one per
/// oversampled sample; libm's log1p is a call per sample).
///
/// The method of fdlibm's and musl's log1p (Sun Microsystems, 1993, as published there):
/// u = 1 + a rounded, with the rounding error c carried apart; u = 2^k·m with m in
/// [√2/2, √2); log(m) = f - f²/2 + s·(f²/2 + R(s²)), f = m - 1, s = f/(2 + f), R their
/// minimax polynomial (|error| < 2^-58.45); the result k·ln2 + log(m) + c/u. Within about
/// 1 ulp of log1p (tests/unit/test_dsp_log1p.c). The exponent is read and k turned into a
/// double with integer operations only (no int64 -> double conversion, which AVX2 lacks).

#ifndef DSP_LOG1P_H
#define DSP_LOG1P_H

#include "common/rt.h"
#include "dsp/simd.h"

#include <stdint.h>
#include <string.h>

/// log1p(a) for 0 <= a <= 1e300 (finite; a NaN, a negative or an infinite argument gives an
/// unspecified value).
DSP_ALWAYS_INLINE JAM_REALTIME static inline double
dsp_log1p(const double a)
{
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const double lg1 = 6.666666666666735130e-01, lg2 = 3.999999999940941908e-01,
               lg3 = 2.857142874366239149e-01, lg4 = 2.222219843214978396e-01,
               lg5 = 1.818357216161805012e-01, lg6 = 1.531383769920937332e-01,
               lg7 = 1.479819860511658591e-01;
  const double u = 1.0 + a;
  uint64_t bits;
  memcpy(&bits, &u, sizeof bits);
  // Moves the high word by 1 - √2/2's so that the exponent field gives k for m in [√2/2, √2).
  const uint64_t hu = bits + ((UINT64_C(0x3ff00000) - UINT64_C(0x3fe6a09e)) << 32);
  const uint64_t mbits = (hu & UINT64_C(0x000fffffffffffff)) + (UINT64_C(0x3fe6a09e) << 32);
  const uint64_t kbits = (hu >> 52) | UINT64_C(0x4330000000000000); // 2^52 + biased k
  double m, kb;
  memcpy(&m, &mbits, sizeof m);
  memcpy(&kb, &kbits, sizeof kb);
  const double dk = kb - (4503599627370496.0 + 1023.0);
  // The rounding error of u = 1 + a (both subtractions exact: Sterbenz), relative to u.
  const double c = (u >= 2.0 ? 1.0 - (u - a) : a - (u - 1.0)) / u;
  const double f = m - 1.0;
  const double hfsq = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s, w = z * z;
  const double t1 = w * (lg2 + w * (lg4 + w * lg6));
  const double t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
  return s * (hfsq + (t1 + t2)) + (dk * ln2_lo + c) - hfsq + f + dk * ln2_hi;
}

#endif // DSP_LOG1P_H
