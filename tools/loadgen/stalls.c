// SPDX-License-Identifier: ISC
// The machine's own stalls: a thread that never sleeps reads the clock back to back; any gap
// between two reads is time the CPU was taken from it. On a VM whose host runs other guests,
// gaps of milliseconds appear when the guest's vCPUs are all busy, whatever the guest runs,
// and they put a floor under the p99 delay that a forwarder on that VM can show.

#include "stalls.h"

#include "clock.h"

#include <stdint.h>
#include <stdio.h>

int
loadgen_stalls(const double seconds)
{
  const uint64_t start = jam_clock_mono_ns();
  const uint64_t end = start + (uint64_t)(seconds * 1e9);
  uint64_t last = start, longest = 0, lost = 0;
  unsigned long over50 = 0, over200 = 0, over1000 = 0;
  for (uint64_t now = start; now < end; last = now) {
    now = jam_clock_mono_ns();
    const uint64_t gap = now - last;
    if (gap > 50000u) {
      ++over50;
      lost += gap;
      over200 += gap > 200000u;
      over1000 += gap > 1000000u;
      longest = gap > longest ? gap : longest;
    }
  }
  const double span = (double)(last - start);
  const double lost_pct = span > 0.0 ? 100.0 * (double)lost / span : 0.0;
  printf("stalls in %.1f s of spinning: %lu over 50 us, %lu over 200 us, %lu over 1 ms; "
         "longest %.3f ms; %.3f %% of the time lost in gaps over 50 us\n",
         span / 1e9, over50, over200, over1000, (double)longest / 1e6, lost_pct);
  printf("RESULT seconds=%.1f over50=%lu over200=%lu over1000=%lu longest_us=%.0f lost_pct=%.3f\n",
         span / 1e9, over50, over200, over1000, (double)longest / 1e3, lost_pct);
  return 0;
}
