// SPDX-License-Identifier: ISC
// Status JSON, printed by hand: every value is a number or an address string made of
// [0-9a-f.:[\]], so no escaping is needed; non-finite numbers become null.

#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
print_double(FILE* const out, const double v, const int decimals)
{
  if (isfinite(v)) {
    fprintf(out, "%.*f", decimals, v);
  } else {
    fputs("null", out);
  }
}

static void
print_member(FILE* const out, const BcastMemberStatus* const m)
{
  char addr[BCAST_ADDR_TEXT_SIZE];
  bcast_addr_format(&m->addr, addr, sizeof addr);
  fprintf(out,
          "{\"address\": \"%s\", \"client_id\": %u, \"seq\": %u, \"packets\": %llu, "
          "\"drops\": %llu, \"rate_limited\": %llu, \"latency_ms\": ",
          addr, (unsigned)m->client_id, (unsigned)m->seq, (unsigned long long)m->packets,
          (unsigned long long)m->drops, (unsigned long long)m->rate_limited);
  print_double(out, m->latency_ms, 3);
  fputs(", \"jitter_ms\": ", out);
  print_double(out, m->jitter_ms, 3);
  fputs(", \"hist\": [", out);
  for (unsigned k = 0; k < BCAST_HIST_BUCKETS; ++k) {
    fprintf(out, "%s%llu", k ? ", " : "", (unsigned long long)m->hist[k]);
  }
  fputs("], \"member_s\": ", out);
  print_double(out, m->member_s, 3);
  fputs(", \"silent_s\": ", out);
  print_double(out, m->silent_s, 3);
  fputc('}', out);
}

#define U(x) ((unsigned long long)(x))

static void
print_counters(FILE* const out, const BcastRoomCounters* const c, const char* const indent)
{
  fprintf(out,
          "%s\"packets_in\": %llu, \"bytes_in\": %llu,\n"
          "%s\"packets_out\": %llu, \"bytes_out\": %llu, \"forwarded\": %llu, "
          "\"echoes\": %llu, \"challenges\": %llu,\n"
          "%s\"invalid\": %llu, \"invalid_short\": %llu, \"invalid_odd\": %llu, "
          "\"invalid_long\": %llu,\n"
          "%s\"dropped\": %llu, \"dropped_rate_limited\": %llu, \"dropped_full_room\": %llu, "
          "\"dropped_unverified\": %llu,\n"
          "%s\"challenges_suppressed\": %llu, \"cookies_forged\": %llu, "
          "\"cookies_expired\": %llu, \"full_room_sources\": %llu,\n"
          "%s\"joins\": %llu, \"leaves\": %llu, \"send_errors\": %llu, \"recv_errors\": %llu, "
          "\"events_lost\": %llu,\n"
          "%s\"gso_sends\": %llu, \"gso_datagrams\": %llu, \"gso_fallbacks\": %llu,\n"
          "%s\"dropped_per_ip\": %llu, \"per_ip_sources\": %llu, \"dropped_duplicate_id\": %llu, "
          "\"duplicate_id_sources\": %llu, \"refusals_unlogged\": %llu,\n"
          "%s\"playback_packets\": %llu, \"mix_packets\": %llu, \"mix_underruns\": %llu, "
          "\"mix_no_slot\": %llu, \"stream_restarts\": %llu",
          indent, U(c->packets_in), U(c->bytes_in), indent,
          U(c->forwarded + c->echoes + c->challenges + c->playback_packets + c->mix_packets),
          U(c->bytes_out), U(c->forwarded), U(c->echoes), U(c->challenges), indent,
          U(c->invalid_short + c->invalid_odd + c->invalid_long), U(c->invalid_short),
          U(c->invalid_odd), U(c->invalid_long), indent,
          U(c->dropped_rate_limited + c->dropped_full + c->dropped_unverified + c->dropped_per_ip +
            c->dropped_duplicate_id),
          U(c->dropped_rate_limited), U(c->dropped_full), U(c->dropped_unverified), indent,
          U(c->challenges_suppressed), U(c->cookies_forged), U(c->cookies_expired),
          U(c->full_sources), indent, U(c->joins), U(c->leaves), U(c->send_errors),
          U(c->recv_errors), U(c->events_lost), indent, U(c->gso_sends), U(c->gso_datagrams),
          U(c->gso_fallbacks), indent, U(c->dropped_per_ip), U(c->per_ip_sources),
          U(c->dropped_duplicate_id), U(c->duplicate_id_sources), U(c->refusals_unlogged), indent,
          U(c->playback_packets), U(c->mix_packets), U(c->mix_underruns), U(c->mix_no_slot),
          U(c->stream_restarts));
}

static void
add_counters(BcastRoomCounters* const sum, const BcastRoomCounters* const c)
{
  sum->packets_in += c->packets_in;
  sum->bytes_in += c->bytes_in;
  sum->forwarded += c->forwarded;
  sum->echoes += c->echoes;
  sum->challenges += c->challenges;
  sum->bytes_out += c->bytes_out;
  sum->invalid_short += c->invalid_short;
  sum->invalid_odd += c->invalid_odd;
  sum->invalid_long += c->invalid_long;
  sum->dropped_rate_limited += c->dropped_rate_limited;
  sum->dropped_full += c->dropped_full;
  sum->dropped_unverified += c->dropped_unverified;
  sum->challenges_suppressed += c->challenges_suppressed;
  sum->cookies_forged += c->cookies_forged;
  sum->cookies_expired += c->cookies_expired;
  sum->full_sources += c->full_sources;
  sum->dropped_per_ip += c->dropped_per_ip;
  sum->per_ip_sources += c->per_ip_sources;
  sum->dropped_duplicate_id += c->dropped_duplicate_id;
  sum->duplicate_id_sources += c->duplicate_id_sources;
  sum->refusals_unlogged += c->refusals_unlogged;
  sum->joins += c->joins;
  sum->leaves += c->leaves;
  sum->send_errors += c->send_errors;
  sum->recv_errors += c->recv_errors;
  sum->events_lost += c->events_lost;
  sum->gso_sends += c->gso_sends;
  sum->gso_datagrams += c->gso_datagrams;
  sum->gso_fallbacks += c->gso_fallbacks;
  sum->playback_packets += c->playback_packets;
  sum->mix_packets += c->mix_packets;
  sum->mix_underruns += c->mix_underruns;
  sum->mix_no_slot += c->mix_no_slot;
  sum->stream_restarts += c->stream_restarts;
}

JamStatus
bcast_report_print(FILE* const out, const BcastReport* const report)
{
  fprintf(out, "{\n  \"server\": \"rtjam-broadcast\", \"version\": \"%s\",\n",
          report->version ? report->version : "");
  fprintf(out, "  \"time_us\": %llu, \"uptime_s\": ", U(report->wall_us));
  print_double(out, report->uptime_s, 3);
  fprintf(out, ", \"threads\": %u,\n  \"rooms\": [", report->threads);
  BcastRoomCounters total;
  memset(&total, 0, sizeof total);
  uint64_t members = 0;
  for (size_t r = 0; r < report->room_count; ++r) {
    const BcastRoomStatus* const s = report->rooms[r];
    fprintf(out,
            "%s\n    {\"port\": %u, \"tempo\": %u, \"max_players\": %u, \"member_count\": %u,\n"
            "     \"mode\": \"%s\", \"members\": [",
            r ? "," : "", (unsigned)s->port, (unsigned)s->tempo_bpm, (unsigned)s->max_players,
            (unsigned)s->member_count, s->mix ? "mix" : "separate");
    for (uint32_t i = 0; i < s->member_count; ++i) {
      fputs(i ? ",\n       " : "\n       ", out);
      print_member(out, &s->members[i]);
    }
    fputs("],\n     \"counters\": {\n", out);
    print_counters(out, &s->counters, "       ");
    fputs("}}", out);
    add_counters(&total, &s->counters);
    members += s->member_count;
  }
  fprintf(out, "\n  ],\n  \"totals\": {\n    \"rooms\": %llu, \"members\": %llu,\n",
          U(report->room_count), U(members));
  print_counters(out, &total, "    ");
  fputs("}\n}\n", out);
  return ferror(out) ? JAM_ERR_SYSTEM : JAM_SUCCESS;
}

JamStatus
bcast_report_write_file(const char* const path, const BcastReport* const report, char* const err,
                        const size_t err_cap)
{
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
    snprintf(err, err_cap, "status file path too long: %s", path);
    return JAM_ERR_BAD_ARGUMENT;
  }
  FILE* const f = fopen(tmp, "w");
  if (!f) {
    snprintf(err, err_cap, "open %s: %s", tmp, strerror(errno));
    return JAM_ERR_SYSTEM;
  }
  const JamStatus st = bcast_report_print(f, report);
  const int saved = errno;
  if (fclose(f) != 0 || st != JAM_SUCCESS) {
    snprintf(err, err_cap, "write %s: %s", tmp, strerror(st != JAM_SUCCESS ? saved : errno));
    unlink(tmp);
    return JAM_ERR_SYSTEM;
  }
  if (rename(tmp, path) != 0) {
    snprintf(err, err_cap, "rename %s -> %s: %s", tmp, path, strerror(errno));
    unlink(tmp);
    return JAM_ERR_SYSTEM;
  }
  return JAM_SUCCESS;
}

JamStatus
bcast_report_check_path(const char* const path, char* const err, const size_t err_cap)
{
  char dir[4096], tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
    snprintf(err, err_cap, "status file path too long: %s", path);
    return JAM_ERR_BAD_ARGUMENT;
  }
  snprintf(dir, sizeof dir, "%s", path);
  char* const slash = strrchr(dir, '/');
  if (!slash) {
    snprintf(dir, sizeof dir, ".");
  } else if (slash == dir) {
    dir[1] = '\0';
  } else {
    *slash = '\0';
  }
  struct stat st;
  if (stat(dir, &st) != 0) {
    if (errno == ENOENT) {
      snprintf(err, err_cap, "directory %s does not exist (create it: mkdir -p %s)", dir, dir);
    } else {
      snprintf(err, err_cap, "directory %s: %s", dir, strerror(errno));
    }
    return JAM_ERR_SYSTEM;
  }
  if (!S_ISDIR(st.st_mode)) {
    snprintf(err, err_cap, "%s is not a directory", dir);
    return JAM_ERR_SYSTEM;
  }
  const int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    snprintf(err, err_cap, "cannot create a file in directory %s: %s", dir, strerror(errno));
    return JAM_ERR_SYSTEM;
  }
  close(fd);
  unlink(tmp);
  return JAM_SUCCESS;
}
