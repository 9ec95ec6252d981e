// SPDX-License-Identifier: ISC
// One-pole filters (rtjam_rust_spec.md §3.1): the coefficient table, and the behaviour of
// the smoother, the peak detector and attack-hold-release (including the pedal-board tests).

#include "check.h"
#include "filter.h"

static void
coefficients_match_the_table_of_section_3_1(void)
{
  CHECK_NEAR(jam_filter_coef(0.5, 2666.6), 0.0032227758, 1e-10); // player loop time
  CHECK_NEAR(jam_filter_coef(0.01, 2666.6), 0.16066846, 1e-8);   // meter average, attack
  CHECK_NEAR(jam_filter_coef(0.1, 2666.6), 0.0161100328, 1e-10); // meter peak release
  CHECK_NEAR(jam_filter_coef(0.4, 375.0), 0.028632697, 1e-9);    // jitter AHR attack
  CHECK_NEAR(jam_filter_coef(2.0, 375.0), 0.0057289701, 1e-10);  // jitter AHR release
  CHECK_NEAR(jam_filter_coef(0.1, 200.0), 0.2140065389, 1e-10);  // pot smoother
}

static void
ahr_hold_is_375_calls_for_one_second_at_375(void)
{
  JamAttackHoldRelease f;
  jam_ahr_init(&f, 0.4, 1.0, 2.0, 375.0);
  CHECK_INT(f.hold, 375);
  CHECK_NEAR(f.attack, 0.028632697, 1e-9);
  CHECK_NEAR(f.release, 0.0057289701, 1e-10);
  CHECK_NEAR(f.y, 0.0, 0.0);
}

static void
smoother_steps_once_per_call_from_zero(void)
{
  JamSmoother s;
  jam_smoother_init(&s, 2.5, 2666.6);
  CHECK_NEAR(jam_smoother_step(&s, 0.0), 0.0, 0.0);
  double y = 0.0;
  for (double x = 0.2; x < 0.65; x += 0.1) {
    y = jam_smoother_step(&s, x);
  }
  CHECK(y > 0.0, "y %g", y);
  jam_smoother_init(&s, 0.5, 2666.6);
  CHECK_NEAR(jam_smoother_step(&s, 1000.0), 1000.0 * 0.0032227758, 1e-6);
}

static void
peak_detector_attacks_fast_and_releases_slowly(void)
{
  JamPeakDetector p;
  jam_peak_init(&p, 0.01, 0.1, 2666.6);
  CHECK_NEAR(jam_peak_step(&p, 0.0), 0.0, 0.0);
  const double up = jam_peak_step(&p, 1.0);
  CHECK_NEAR(up, 0.16066846, 1e-8);
  const double down = jam_peak_step(&p, 0.0);
  CHECK_NEAR(down, up * (1.0 - 0.0161100328), 1e-9);
}

static void
ahr_trigger_jumps_by_the_attack_coefficient(void)
{
  JamAttackHoldRelease f;
  jam_ahr_init(&f, 0.1, 0.5, 2.5, 2666.6);
  CHECK(jam_ahr_step(&f, 1) > 0.0, "y %g", f.y);
  jam_ahr_init(&f, 0.4, 1.0, 2.0, 375.0);
  CHECK_NEAR(jam_ahr_step(&f, 1), 0.028632697, 1e-9);
  CHECK_NEAR(jam_ahr_step(&f, 1), 0.028632697 + (1 - 0.028632697) * 0.028632697, 1e-9);
}

static void
ahr_holds_374_calls_then_releases_on_the_375th(void)
{
  JamAttackHoldRelease f;
  jam_ahr_init(&f, 0.4, 1.0, 2.0, 375.0);
  const double top = jam_ahr_step(&f, 1);
  for (int i = 1; i < 375; ++i) {
    CHECK_NEAR(jam_ahr_step(&f, 0), top, 0.0);
  }
  const double r = f.release; // 0.0057289701
  CHECK_NEAR(jam_ahr_step(&f, 0), top * (1.0 - r), 1e-15);
  CHECK_NEAR(jam_ahr_step(&f, 0), top * (1.0 - r) * (1.0 - r), 1e-15);
  CHECK_INT(f.held, 375);
}

static void
ahr_retrigger_restarts_the_hold(void)
{
  JamAttackHoldRelease f;
  jam_ahr_init(&f, 0.4, 1.0, 2.0, 375.0);
  jam_ahr_step(&f, 1);
  for (int i = 0; i < 200; ++i) {
    jam_ahr_step(&f, 0);
  }
  const double y = jam_ahr_step(&f, 1);
  for (int i = 1; i < 375; ++i) {
    jam_ahr_step(&f, 0);
  }
  CHECK_NEAR(f.y, y, 0.0);
  CHECK(jam_ahr_step(&f, 0) < y, "released %g", f.y);
}

int
main(void)
{
  RUN(coefficients_match_the_table_of_section_3_1);
  RUN(ahr_hold_is_375_calls_for_one_second_at_375);
  RUN(smoother_steps_once_per_call_from_zero);
  RUN(peak_detector_attacks_fast_and_releases_slowly);
  RUN(ahr_trigger_jumps_by_the_attack_coefficient);
  RUN(ahr_holds_374_calls_then_releases_on_the_375th);
  RUN(ahr_retrigger_restarts_the_hold);
  return jam_test_summary();
}
