// SPDX-License-Identifier: ISC
// rtjam-netsim on cue: the command language, the schedule file and the control socket.

#include "check.h"
#include "tools/netsim/control.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static NetsimImpair dir[2];

static NetsimCue
fresh_cue(void)
{
  const NetsimSettings s = {.delay_ms = 10.0, .burst = 1.0, .reorder_ms = 5.0};
  netsim_impair_init(&dir[0], &s, 1);
  netsim_impair_init(&dir[1], &s, 2);
  return (NetsimCue){.dir = dir};
}

static void
pause_and_resume_act_on_the_named_direction_only(void)
{
  NetsimCue cue = fresh_cue();
  char reply[512];
  CHECK_INT(netsim_control_apply(&cue, "pause up", reply, sizeof reply), 0);
  CHECK(cue.paused[1] == 1 && cue.paused[0] == 0, "up paused, down open: %d %d", cue.paused[1],
        cue.paused[0]);
  CHECK_INT(netsim_control_apply(&cue, "pause", reply, sizeof reply), 0); // both
  CHECK(cue.paused[0] == 1 && cue.paused[1] == 1, "both paused");
  CHECK_INT(netsim_control_apply(&cue, "resume down", reply, sizeof reply), 0);
  CHECK(cue.paused[0] == 0 && cue.paused[1] == 1, "down resumed only");
  CHECK_INT(netsim_control_apply(&cue, "resume both", reply, sizeof reply), 0);
  CHECK(cue.paused[0] == 0 && cue.paused[1] == 0, "both resumed");
  CHECK_INT(cue.pauses, 2);
  CHECK(!strncmp(reply, "ok", 2), "reply %s", reply);
}

static void
set_changes_the_settings_of_a_running_direction(void)
{
  NetsimCue cue = fresh_cue();
  char reply[512];
  CHECK_INT(netsim_control_apply(&cue, "set down delay=30 jitter=2.5 loss=5 burst=3", reply,
                                 sizeof reply),
            0);
  CHECK_NEAR(dir[0].settings.delay_ms, 30.0, 0);
  CHECK_NEAR(dir[0].settings.jitter_ms, 2.5, 0);
  CHECK_NEAR(dir[0].settings.loss, 0.05, 1e-12);
  CHECK_NEAR(dir[0].settings.burst, 3.0, 0);
  CHECK_NEAR(dir[1].settings.delay_ms, 10.0, 0); // up untouched
  CHECK_INT(netsim_control_apply(&cue, "set reorder=10 reorder-ms=7 dup=1", reply, sizeof reply),
            0);
  CHECK_NEAR(dir[1].settings.reorder, 0.10, 1e-12);
  CHECK_NEAR(dir[0].settings.reorder_ms, 7.0, 0);
  CHECK_NEAR(dir[1].settings.duplicate, 0.01, 1e-12);
  // The released time follows the new delay at once.
  uint64_t rel[2];
  CHECK_INT(
      netsim_control_apply(&cue, "set up delay=40 jitter=0 reorder=0 dup=0", reply, sizeof reply),
      0);
  CHECK_INT(netsim_impair_decide(&dir[1], 1000000, rel), 1);
  CHECK_INT(rel[0], 1040000);
}

static void
a_bad_command_is_refused_and_changes_nothing(void)
{
  NetsimCue cue = fresh_cue();
  char reply[512];
  static const char* const bad[] = {
      "",
      "reboot",
      "pause sideways x",
      "set",
      "set delay",
      "set delay=",
      "set loss=101",
      "set delay=5 bogus=1",
      "set burst=0.5",
      "resume up now",
      "set loss=80", // 80 % cannot be delivered in bursts of 1 (at most 50 %)
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    CHECK(netsim_control_apply(&cue, bad[i], reply, sizeof reply) == -1, "'%s' accepted", bad[i]);
    CHECK(!strncmp(reply, "error", 5), "'%s': reply %s", bad[i], reply);
  }
  CHECK_NEAR(dir[0].settings.delay_ms, 10.0, 0); // "set delay=5 bogus=1" applied nothing
  CHECK(dir[0].settings.loss < 0.5, "set loss=80 applied nothing: %g", dir[0].settings.loss);
  CHECK_INT(netsim_control_apply(&cue, "set loss=80 burst=4", reply, sizeof reply), 0);
  CHECK(cue.paused[0] == 0 && cue.paused[1] == 0, "nothing paused");
}

static void
show_reports_state_and_outage_drops(void)
{
  NetsimCue cue = fresh_cue();
  cue.paused[1] = 1;
  cue.paused_drops[1] = 17;
  char reply[512];
  CHECK_INT(netsim_control_apply(&cue, "show", reply, sizeof reply), 0);
  CHECK(strstr(reply, "up: paused delay=10") && strstr(reply, "dropped=17") &&
            strstr(reply, "down: open"),
        "show: %s", reply);
}

static void
a_schedule_runs_each_command_at_its_time(void)
{
  char path[] = "/tmp/rtjam-netsim-schedule-XXXXXX";
  const int fd = mkstemp(path);
  const char text[] = "# outage\n0.5 pause both\n\n 2 set up loss=1\n5.0 resume both\n";
  CHECK(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1), "write");
  close(fd);
  char err[256] = "";
  NetsimControl* c = netsim_control_new(NULL, path, err, sizeof err);
  CHECK(c != NULL, "schedule read: %s", err);
  NetsimCue cue = fresh_cue();
  const uint64_t t0 = 1000000000ull;
  netsim_control_poll(c, &cue, t0, t0 + 400000);
  CHECK_INT(cue.paused[0], 0);
  CHECK_INT(netsim_control_next_us(c), t0 + 500000);
  netsim_control_poll(c, &cue, t0, t0 + 500000);
  CHECK(cue.paused[0] && cue.paused[1], "paused at 0.5 s");
  netsim_control_poll(c, &cue, t0, t0 + 4999999);
  CHECK_NEAR(dir[1].settings.loss, 0.01, 1e-12);
  CHECK_INT(cue.paused[1], 1);
  netsim_control_poll(c, &cue, t0, t0 + 5000000);
  CHECK(!cue.paused[0] && !cue.paused[1], "resumed at 5 s");
  CHECK(netsim_control_next_us(c) == UINT64_MAX, "schedule done");
  netsim_control_free(c);
  // Times out of order are refused.
  FILE* f = fopen(path, "w");
  fputs("2 pause\n1 resume\n", f);
  fclose(f);
  CHECK(netsim_control_new(NULL, path, err, sizeof err) == NULL, "out-of-order schedule");
  CHECK(strstr(err, ":2:") != NULL, "error names the line: %s", err);
  unlink(path);
}

static void
the_control_socket_answers_each_command(void)
{
  char err[256] = "";
  NetsimControl* c = NULL;
  for (int k = 0; k < 20 && !c; ++k) { // a random high port (port 0 is not an endpoint)
    char port[32];
    snprintf(port, sizeof port, "127.0.0.1:%d", 20000 + (int)((getpid() * 7 + k * 131) % 30000));
    c = netsim_control_new(port, NULL, err, sizeof err);
  }
  CHECK(c != NULL, "control socket: %s", err);
  if (!c) {
    return;
  }
  struct sockaddr_in a;
  socklen_t alen = sizeof a;
  getsockname(netsim_control_fd(c), (struct sockaddr*)&a, &alen);
  const int s = socket(AF_INET, SOCK_DGRAM, 0);
  const char cmd[] = "pause down";
  sendto(s, cmd, sizeof cmd - 1, 0, (struct sockaddr*)&a, alen);
  NetsimCue cue = fresh_cue();
  struct pollfd p = {.fd = netsim_control_fd(c), .events = POLLIN};
  poll(&p, 1, 1000);
  netsim_control_poll(c, &cue, 0, 0);
  CHECK(cue.paused[0] == 1 && cue.paused[1] == 0, "down paused by the socket");
  char reply[512] = "";
  struct pollfd q = {.fd = s, .events = POLLIN};
  poll(&q, 1, 1000);
  const ssize_t n = recv(s, reply, sizeof reply - 1, MSG_DONTWAIT);
  reply[n > 0 ? n : 0] = '\0';
  CHECK(!strcmp(reply, "ok pause down"), "reply '%s'", reply);
  close(s);
  netsim_control_free(c);
}

int
main(void)
{
  RUN(pause_and_resume_act_on_the_named_direction_only);
  RUN(set_changes_the_settings_of_a_running_direction);
  RUN(a_bad_command_is_refused_and_changes_nothing);
  RUN(show_reports_state_and_outage_drops);
  RUN(a_schedule_runs_each_command_at_its_time);
  RUN(the_control_socket_answers_each_command);
  return jam_test_summary();
}
