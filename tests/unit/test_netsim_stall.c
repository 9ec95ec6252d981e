// SPDX-License-Identifier: ISC
// rtjam-netsim's stall profile (tools/netsim/stall.c): periodic freezes that release their
// backlog at once.

#include "check.h"
#include "tools/netsim/stall.h"

static void
the_option_text_is_parsed_and_checked(void)
{
  double ms = 0.0;
  double period = 0.0;
  CHECK_INT(netsim_stall_parse("200/10", &ms, &period), 0);
  CHECK_NEAR(ms, 200.0, 0.0);
  CHECK_NEAR(period, 10.0, 0.0);
  CHECK_INT(netsim_stall_parse("200", &ms, &period), -1);
  CHECK_INT(netsim_stall_parse("200/0.1", &ms, &period), -1); // longer than its period
  CHECK_INT(netsim_stall_parse("-5/10", &ms, &period), -1);
  CHECK_INT(netsim_stall_parse("5/10x", &ms, &period), -1);
}

// 750 datagrams a second for 35 s through "200/10": the freezes start at 10, 20 and 30 s.
static void
datagrams_due_in_a_freeze_leave_together_at_its_end(void)
{
  NetsimStall s;
  netsim_stall_init(&s, 200.0, 10.0, 1000000u);
  unsigned held = 0;
  unsigned moved_wrong = 0;
  for (uint64_t k = 0; k < 35u * 750u; ++k) {
    const uint64_t due = 1000000u + k * 4000u / 3u;
    const uint64_t out = netsim_stall_apply(&s, due);
    const uint64_t t = due - 1000000u;
    const int frozen = t >= 10000000u && t % 10000000u < 200000u;
    if (frozen) {
      ++held;
      moved_wrong += out != due - t % 10000000u + 200000u;
    } else {
      moved_wrong += out != due;
    }
  }
  CHECK_INT(s.freezes, 3);
  CHECK_INT(held, 3 * 150); // 200 ms of 1.333-ms datagrams per freeze
  CHECK_INT(moved_wrong, 0);
}

int
main(void)
{
  RUN(the_option_text_is_parsed_and_checked);
  RUN(datagrams_due_in_a_freeze_leave_together_at_its_end);
  return jam_test_summary();
}
