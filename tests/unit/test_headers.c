// SPDX-License-Identifier: ISC
// Every public header of common/ is included here and one function of each is called, so a
// header that stops compiling, or loses a declaration, fails the build. Each header is also
// meant to compile on its own (it includes what it uses). One translation unit cannot prove
// that, so check it by compiling each header alone, e.g. with
//   echo '#include "common/jitter.h"' | cc -std=c11 -Icommon -fsyntax-only -x c -
// The includes below are in reverse dependency order (leaf modules last), so that a header
// relying on an earlier include is more likely to be caught here as well.

#include "channel_map.h"
#include "jitter.h"
#include "player.h"
#include "meter.h"
#include "stats.h"
#include "filter.h"
#include "udp.h"
#include "spsc.h"
#include "packet.h"
#include "clock.h"
#include "log.h"
#include "status.h"
#include "rt.h"

#include "check.h"

static void
every_header_declares_its_module(void)
{
  JamChannelMap* const map = jam_channel_map_new(); // channel_map.h
  CHECK_INT(jam_channel_map_count(map), 0);
  jam_channel_map_free(map);
  JamJitter* const jitter = jam_jitter_new(1024, 64); // jitter.h
  CHECK_INT(jam_jitter_fill(jitter), 0);
  jam_jitter_free(jitter);
  JamPlayer player; // player.h
  jam_player_init(&player, 0, 1);
  CHECK(!jam_player_is_old(&player, 1000000), "player.h");
  CHECK_NEAR(jam_db_to_lin(-20.0), 0.1, 1e-15); // meter.h
  JamStreamStat stat;                           // stats.h
  CHECK_INT(jam_stream_stat_init(&stat, 10), JAM_SUCCESS);
  CHECK_NEAR(jam_filter_coef(0.5, 2666.6), 0.0032227758, 1e-10); // filter.h
  JamUdpAddr addr;                                               // udp.h
  jam_udp_any(AF_INET, 7891, &addr);
  CHECK_INT(jam_udp_addr_port(&addr), 7891);
  JamSpsc* const ring = jam_spsc_new(64); // spsc.h
  CHECK_INT(jam_spsc_write_space(ring), 64);
  jam_spsc_free(ring);
  CHECK_INT(jam_packet_size(128), 540); // packet.h
  CHECK(jam_clock_mono_us() > 0, "clock.h");
  CHECK(jam_log_enabled(JAM_LOG_ERROR), "log.h");
  CHECK(jam_strerror(JAM_ERR_BAD_ARGUMENT) != NULL, "status.h");
  jam_rt_flush_denormals(); // rt.h
}

static void
shared_constants_agree_across_headers(void)
{
  // 11 remote slots of 2 channels after the local pair fill the 24 mixer channels (spec §5.5).
  CHECK_INT(JAM_CHANNEL_MAP_FIRST_CHANNEL + 2 * JAM_CHANNEL_MAP_SLOTS, 24);
  CHECK_INT(JAM_PLAYER_EMPTY_ID, JAM_PACKET_EMPTY_SLOT);
  CHECK(JAM_JITTER_STATS_WINDOW <= JAM_STATS_MAX_WINDOW, "jitter window too large");
  CHECK(JAM_PLAYER_ARRIVAL_WINDOW <= JAM_STATS_MAX_WINDOW, "player window too large");
}

int
main(void)
{
  RUN(every_header_declares_its_module);
  RUN(shared_constants_agree_across_headers);
  return jam_test_summary();
}
