// SPDX-License-Identifier: ISC
// dsp/db.h: the 20·log10 amplitude law (not the 10·log10 "dB10" of pedals_spec.md §0), the
// floors, and round trips.

#include "dsp/db.h"

#include "check.h"

static void
six_db_is_a_factor_of_two_in_amplitude(void)
{
  CHECK_NEAR(dsp_db_to_gain(0.0f), 1.0, 1e-7);
  CHECK_NEAR(dsp_db_to_gain(-6.0206f), 0.5, 1e-6);
  CHECK_NEAR(dsp_db_to_gain(20.0f), 10.0, 1e-5);
  CHECK_NEAR(dsp_db_to_gain(-60.0f), 0.001, 1e-9);
  CHECK_NEAR(dsp_db_to_gain_d(6.0), 1.9952623149688795, 1e-15);
}

static void
gain_to_db_inverts_db_to_gain_and_floors_at_minus_120(void)
{
  for (int db = -110; db <= 40; db += 10) {
    CHECK_NEAR(dsp_gain_to_db(dsp_db_to_gain((float)db)), db, 1e-4);
  }
  CHECK_NEAR(dsp_gain_to_db(-0.5f), -6.0206, 1e-4); // sign ignored
  CHECK(dsp_gain_to_db(0.0f) == DSP_DB_FLOOR, "0 -> floor");
  CHECK(dsp_gain_to_db(NAN) == DSP_DB_FLOOR, "NaN -> floor");
  CHECK(dsp_gain_to_db(1e-7f) == DSP_DB_FLOOR, "below 1e-6 -> floor");
}

static void
power_to_db_uses_10_log10(void)
{
  CHECK_NEAR(dsp_power_to_db(0.5f), -3.0103, 1e-4); // a unit sine's mean square
  CHECK_NEAR(dsp_power_to_db(100.0f), 20.0, 1e-4);
  CHECK(dsp_power_to_db(0.0f) == DSP_DB_FLOOR, "0 -> floor");
  CHECK(dsp_power_to_db(-1.0f) == DSP_DB_FLOOR, "negative -> floor");
}

int
main(void)
{
  RUN(six_db_is_a_factor_of_two_in_amplitude);
  RUN(gain_to_db_inverts_db_to_gain_and_floors_at_minus_120);
  RUN(power_to_db_uses_10_log10);
  return jam_test_summary();
}
