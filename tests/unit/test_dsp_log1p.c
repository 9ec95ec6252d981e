// SPDX-License-Identifier: ISC
// dsp/log1p.h: within 1 ulp of libm's log1p over the antiderivatives' range (0 to 3e6,
// tiny arguments included) and around the octave boundaries of its range reduction, exact
// at 0.

#include "dsp/log1p.h"

#include "check.h"

#include <math.h>

/// |a - b| in units of b's last place.
static double
ulps(const double a, const double b)
{
  const double ulp = nextafter(fabs(b), INFINITY) - fabs(b);
  return fabs(a - b) / ulp;
}

static void
within_one_ulp_of_libm_from_0_to_3e6(void)
{
  double worst = 0.0, at = 0.0;
  unsigned seed = 12345u;
  for (int i = 0; i < 2000000; ++i) {
    seed = seed * 1664525u + 1013904223u;
    const double r = (double)(seed >> 8) / 16777216.0; // [0, 1)
    double a;
    switch (i % 4) {
    case 0:
      a = 1e-12 * r; // below 2^-40: log1p(a) = a - a²/2
      break;
    case 1:
      a = 3.0 * r; // around the reduction's first octaves
      break;
    case 2:
      a = exp(r * log(3e6)) - 1.0; // log-uniform up to 3e6
      break;
    default:
      a = 1e-6 * r;
      break;
    }
    const double e = a == 0.0 ? 0.0 : ulps(dsp_log1p(a), log1p(a));
    if (e > worst) {
      worst = e;
      at = a;
    }
  }
  printf("     worst %.3f ulp (at %.6g)\n", worst, at);
  CHECK(worst <= 1.0, "%.3f ulp at %.17g", worst, at);
  CHECK(dsp_log1p(0.0) == 0.0, "log1p(0) = %g", dsp_log1p(0.0));
  CHECK(dsp_log1p(1e-300) == 1e-300, "tiny argument");
}

static void
within_one_ulp_at_the_octave_boundaries(void)
{
  // Its range reduction switches at u = 1 + a = √2·2^k: the 200 doubles around each switch
  // (where a jump would hurt ADAA most: it divides differences of F2 by small steps) stay
  // within 1 ulp too.
  double worst = 0.0;
  for (int k = -1; k <= 21; ++k) {
    double a = M_SQRT2 * ldexp(1.0, k) - 1.0;
    for (int j = 0; j < 100; ++j) {
      a = nextafter(a, 0.0);
    }
    for (int j = 0; j < 200; ++j) {
      const double e = ulps(dsp_log1p(a), log1p(a));
      worst = e > worst ? e : worst;
      a = nextafter(a, INFINITY);
    }
  }
  printf("     worst %.3f ulp\n", worst);
  CHECK(worst <= 1.0, "%.3f ulp", worst);
}

int
main(void)
{
  RUN(within_one_ulp_of_libm_from_0_to_3e6);
  RUN(within_one_ulp_at_the_octave_boundaries);
  return jam_test_summary();
}
