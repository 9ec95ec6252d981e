// SPDX-License-Identifier: ISC
// The status JSON: field names and values from a snapshot, totals across rooms, atomic file.

#include "check.h"
#include "server/report.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static BcastRoomStatus*
room_status(const uint16_t port, const uint32_t members)
{
  BcastRoomStatus* s = calloc(1, bcast_room_status_size(4));
  s->port = port;
  s->tempo_bpm = 120;
  s->max_players = 4;
  s->member_count = members;
  s->counters.packets_in = 1000;
  s->counters.forwarded = 1500;
  s->counters.echoes = 990;
  s->counters.challenges = 10;
  s->counters.invalid_short = 1;
  s->counters.invalid_odd = 2;
  s->counters.invalid_long = 3;
  s->counters.dropped_unverified = 10;
  s->counters.dropped_full = 5;
  for (uint32_t i = 0; i < members; ++i) {
    BcastMemberStatus* m = &s->members[i];
    memset(m->addr.ip, 0, 10);
    m->addr.ip[10] = m->addr.ip[11] = 0xff;
    m->addr.ip[12] = 127;
    m->addr.ip[15] = 1;
    m->addr.port = (uint16_t)(40000 + i);
    m->client_id = 100 + i;
    m->packets = 500;
    m->latency_ms = 12.3456;
    m->jitter_ms = 0.25;
  }
  return s;
}

static char*
render(const BcastReport* r)
{
  char* text = NULL;
  size_t size = 0;
  FILE* f = open_memstream(&text, &size);
  CHECK_INT(bcast_report_print(f, r), JAM_SUCCESS);
  fclose(f);
  return text;
}

static void
a_member_is_printed_with_address_id_counts_latency_and_jitter(void)
{
  BcastRoomStatus* s = room_status(7891, 1);
  const BcastRoomStatus* rooms[] = {s};
  const BcastReport r = {.rooms = rooms, .room_count = 1, .version = "0.1.0", .threads = 1};
  char* text = render(&r);
  CHECK(strstr(text, "\"address\": \"127.0.0.1:40000\", \"client_id\": 100") != NULL, "%s", text);
  CHECK(strstr(text, "\"packets\": 500") != NULL, "%s", text);
  CHECK(strstr(text, "\"latency_ms\": 12.346") != NULL, "%s", text);
  CHECK(strstr(text, "\"jitter_ms\": 0.250") != NULL, "%s", text);
  CHECK(strstr(text, "\"port\": 7891, \"tempo\": 120, \"max_players\": 4, \"member_count\": 1") !=
            NULL,
        "%s", text);
  free(text);
  free(s);
}

static void
totals_add_up_the_rooms(void)
{
  BcastRoomStatus* a = room_status(7891, 1);
  BcastRoomStatus* b = room_status(7892, 2);
  const BcastRoomStatus* rooms[] = {a, b};
  const BcastReport r = {.rooms = rooms, .room_count = 2, .version = "0.1.0", .threads = 2};
  char* text = render(&r);
  const char* totals = strstr(text, "\"totals\"");
  CHECK(totals != NULL, "%s", text);
  if (totals) {
    CHECK(strstr(totals, "\"rooms\": 2, \"members\": 3") != NULL, "%s", totals);
    CHECK(strstr(totals, "\"packets_in\": 2000") != NULL, "%s", totals);
    CHECK(strstr(totals, "\"packets_out\": 5000") != NULL, "%s", totals); // 2 x (1500+990+10)
    CHECK(strstr(totals, "\"invalid\": 12") != NULL, "%s", totals);
    CHECK(strstr(totals, "\"dropped\": 30") != NULL, "%s", totals);
  }
  free(text);
  free(a);
  free(b);
}

static void
a_non_finite_latency_is_printed_as_null(void)
{
  BcastRoomStatus* s = room_status(7891, 1);
  s->members[0].latency_ms = NAN;
  const BcastRoomStatus* rooms[] = {s};
  const BcastReport r = {.rooms = rooms, .room_count = 1, .version = "0.1.0", .threads = 1};
  char* text = render(&r);
  CHECK(strstr(text, "\"latency_ms\": null") != NULL, "%s", text);
  free(text);
  free(s);
}

static void
the_file_is_replaced_whole_and_no_temporary_is_left(void)
{
  char dir[] = "/tmp/rtjam-report-XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "mkdtemp");
  char path[128];
  snprintf(path, sizeof path, "%s/status.json", dir);
  BcastRoomStatus* s = room_status(7891, 0);
  const BcastRoomStatus* rooms[] = {s};
  const BcastReport r = {.rooms = rooms, .room_count = 1, .version = "0.1.0", .threads = 1};
  char err[256];
  CHECK_INT(bcast_report_write_file(path, &r, err, sizeof err), JAM_SUCCESS);
  CHECK_INT(bcast_report_write_file(path, &r, err, sizeof err), JAM_SUCCESS);
  FILE* f = fopen(path, "r");
  CHECK(f != NULL, "status file exists");
  if (f) {
    char head[16] = {0};
    CHECK_INT(fread(head, 1, 2, f), 2);
    CHECK(head[0] == '{', "starts with {");
    fclose(f);
  }
  char tmp[160];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
  CHECK(access(tmp, F_OK) != 0, "temporary file %s left behind", tmp);
  unlink(path);
  rmdir(dir);
  free(s);
}

static void
an_unwritable_path_reports_the_operation_and_the_error(void)
{
  BcastRoomStatus* s = room_status(7891, 0);
  const BcastRoomStatus* rooms[] = {s};
  const BcastReport r = {.rooms = rooms, .room_count = 1, .version = "0.1.0", .threads = 1};
  char err[256];
  CHECK_INT(bcast_report_write_file("/nonexistent-dir/s.json", &r, err, sizeof err),
            JAM_ERR_SYSTEM);
  CHECK(strstr(err, "open /nonexistent-dir/s.json.tmp.") == err, "err: %s", err);
  CHECK(strstr(err, "No such file or directory") != NULL, "err: %s", err);
  free(s);
}

int
main(void)
{
  RUN(a_member_is_printed_with_address_id_counts_latency_and_jitter);
  RUN(totals_add_up_the_rooms);
  RUN(a_non_finite_latency_is_printed_as_null);
  RUN(the_file_is_replaced_whole_and_no_temporary_is_left);
  RUN(an_unwritable_path_reports_the_operation_and_the_error);
  return jam_test_summary();
}
