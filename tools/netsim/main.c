// SPDX-License-Identifier: ISC
// rtjam-netsim: a UDP impairment relay to put between a client and a server. Clients send to
// the listen address; each client gets its own upstream socket toward the server, so the
// server sees one source per client, and replies travel back the same way. Delay, jitter,
// loss (with bursts), reordering and duplication are applied per direction, from a seed.

#include "control.h"
#include "impair.h"
#include "queue.h"
#include "stall.h"

#include "clock.h"
#include "log.h"
#include "udp.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NETSIM_MAX_ROUTES 64
#define NETSIM_ROUTE_IDLE_S                                                                        \
  10.0 ///< default --route-idle: a client silent this long may be replaced
#define NETSIM_REFUSE_LOG_US 10000000u ///< at most one "table full" log line per 10 s
#define NETSIM_QUEUE_PACKETS 8192
#define NETSIM_SOCKET_BYTES                                                                        \
  (4 << 20) ///< SO_RCVBUF/SO_SNDBUF: the relay itself must not drop on a stall

/// One client and its upstream socket.
typedef struct {
  JamUdpAddr client; ///< the client's address, as seen on the listen socket
  int fd;            ///< upstream socket toward the server
  uint64_t last_us;  ///< monotonic µs of the last datagram either way
  uint64_t gen;      ///< bumped when the mapping is given to another client
} NetsimRoute;

/// Everything the relay owns.
typedef struct {
  int listen_fd;                         ///< where clients send
  JamUdpAddr server;                     ///< where upstream datagrams go
  NetsimRoute routes[NETSIM_MAX_ROUTES]; ///< client mappings
  int nroutes;                           ///< mappings in use
  uint64_t route_idle_us;                ///< a mapping idle this long may be reused when full
  uint64_t next_gen;                     ///< generation of the next mapping made or reused
  uint64_t clients;                      ///< mappings made or reused: clients seen
  uint64_t routes_reused;                ///< idle mappings given to a new client
  uint64_t route_refused;                ///< datagrams from new clients dropped: table full
  uint64_t route_refused_logged;         ///< of those, already reported in the log
  uint64_t route_refused_log_us;         ///< when the last "table full" line was logged
  NetsimImpair dir[2];                   ///< [0] server -> client, [1] client -> server
  NetsimQueue* queue;                    ///< held datagrams
  uint64_t sent[2];                      ///< datagrams released, per direction
  uint64_t late_max_us[2];               ///< µs: the latest release after its due time (this
                                         ///< process delayed by its machine), per direction
  uint64_t late_2ms[2];                  ///< datagrams released 2 ms or more after their time
  uint64_t overflow;                     ///< datagrams dropped because the queue was full
  NetsimStall stall;                     ///< periodic freezes (--stall), both directions
  NetsimCue cue;                         ///< outages and live changes (control.h)
  NetsimControl* control;                ///< control socket and schedule, NULL if neither
} Netsim;

static volatile sig_atomic_t stop_requested;

static void
on_signal(const int sig)
{
  (void)sig;
  stop_requested = 1;
}

static void
usage(FILE* const out)
{
  fprintf(out, "Usage: rtjam-netsim --listen [HOST:]PORT --server HOST:PORT [options]\n"
               "UDP impairment relay: put it between an rtjam client and rtjam-broadcast.\n\n"
               "  -l, --listen ADDR     where clients send (default host 127.0.0.1)\n"
               "  -s, --server ADDR     the server to relay to\n"
               "  -d, --delay MS        fixed one-way delay (default 0)\n"
               "  -j, --jitter MS       random delay: sigma (normal), half-width (uniform),\n"
               "                        mean (pareto) (default 0). A datagram cannot leave\n"
               "                        before it arrives, so the random part is cut at 0:\n"
               "                        with --delay under 3 x --jitter (normal) or under\n"
               "                        --jitter (uniform) the jitter delivered is smaller\n"
               "                        and the mean delay larger than asked (a warning says\n"
               "                        so at start); --delay 0 --jitter 5 gives sd 2.9 ms,\n"
               "                        mean 2.3 ms\n"
               "      --shape NAME      normal | uniform | pareto (default normal)\n"
               "  -L, --loss PCT        long-run loss in percent (default 0)\n"
               "      --burst N         mean loss-burst length in datagrams (default 1); a\n"
               "                        loss short of 100 %% can be at most N/(N+1): 50 %%\n"
               "                        at burst 1, 80 %% at burst 4; more is refused\n"
               "      --reorder PCT     datagrams held back by --reorder-ms (default 0)\n"
               "      --reorder-ms MS   extra delay of a held-back datagram (default 5)\n"
               "      --dup PCT         datagrams sent twice (default 0)\n"
               "      --keep-order      jitter never reorders datagrams\n"
               "      --stall MS/S      the path freezes MS ms every S s, then releases its\n"
               "                        backlog at once (default: never)\n"
               "      --direction DIR   both | up (client->server) | down (default both)\n"
               "      --seed N          random seed (default 1)\n"
               "      --duration S      exit after S seconds (default: run until signalled)\n"
               "      --control [HOST:]PORT  take commands on this UDP port (host 127.0.0.1):\n"
               "                        pause|resume [up|down|both], set [DIR] KEY=V..., show\n"
               "      --schedule FILE   run commands at times: lines \"SECONDS COMMAND\"\n"
               "      --route-idle S    a client silent S s gives its mapping to a new client\n"
               "                        when all 64 are taken (default 10); a new client\n"
               "                        finding none idle is dropped, logged and counted\n"
               "  -v, --verbose         log every client mapping\n"
               "  -h, --help            this text\n"
               "  -V, --version         print the version\n\n"
               "On exit it prints one JSON line of counters per direction on stdout; clients,\n"
               "routes_reused and route_refused (datagrams of new clients dropped because the\n"
               "client table was full) are the relay's, the same on both lines.\n");
}

static int
parse_double(const char* const text, const double lo, const double hi, double* const out)
{
  char* end = NULL;
  errno = 0;
  const double v = strtod(text, &end);
  if (errno || end == text || *end || !(v >= lo && v <= hi)) {
    return -1;
  }
  *out = v;
  return 0;
}

// A new client found every mapping taken and none idle: its datagram is dropped and counted.
// The first refusal is logged with its address, then at most one line per 10 s with the count.
static void
refuse_client(Netsim* const self, const JamUdpAddr* const from, const uint64_t now)
{
  ++self->route_refused;
  if (self->route_refused == 1) {
    char a[JAM_UDP_ADDR_STRLEN];
    jam_log(JAM_LOG_WARN,
            "dropping datagrams from new client %s: all %d client mappings are in use and none "
            "has been idle %.1f s (--route-idle); refusals are counted in route_refused",
            jam_udp_addr_format(from, a, sizeof a), NETSIM_MAX_ROUTES,
            (double)self->route_idle_us / 1e6);
  } else if (now - self->route_refused_log_us < NETSIM_REFUSE_LOG_US) {
    return;
  } else {
    jam_log(JAM_LOG_WARN, "%llu more datagrams from new clients dropped (client table full)",
            (unsigned long long)(self->route_refused - self->route_refused_logged));
  }
  self->route_refused_logged = self->route_refused;
  self->route_refused_log_us = now;
}

// The least recently used mapping idle at least --route-idle, or -1.
static int
idle_route(const Netsim* const self, const uint64_t now)
{
  int best = -1;
  for (int i = 0; i < self->nroutes; ++i) {
    const uint64_t last = self->routes[i].last_us;
    if (now >= last && now - last >= self->route_idle_us &&
        (best < 0 || last < self->routes[best].last_us)) {
      best = i;
    }
  }
  return best;
}

static NetsimRoute*
route_for_client(Netsim* const self, const JamUdpAddr* const from, const uint64_t now)
{
  for (int i = 0; i < self->nroutes; ++i) {
    if (jam_udp_addr_equal(&self->routes[i].client, from)) {
      self->routes[i].last_us = now;
      return &self->routes[i];
    }
  }
  int reuse = -1;
  if (self->nroutes == NETSIM_MAX_ROUTES) {
    reuse = idle_route(self, now);
    if (reuse < 0) {
      refuse_client(self, from, now);
      return NULL;
    }
  }
  JamUdpAddr local;
  jam_udp_any(self->server.addr.ss_family, 0, &local);
  char err[160];
  const JamUdpOptions opts = {.nonblocking = 1, .buffer_bytes = NETSIM_SOCKET_BYTES};
  const int fd = jam_udp_open(&local, &opts, err, sizeof err);
  if (fd < 0) {
    jam_log(JAM_LOG_ERROR, "%s", err);
    return NULL;
  }
  char a[JAM_UDP_ADDR_STRLEN];
  NetsimRoute* r;
  if (reuse >= 0) { // a fresh upstream socket: the server sees a new source, not the old client
    r = &self->routes[reuse];
    char b[JAM_UDP_ADDR_STRLEN];
    jam_log(JAM_LOG_INFO, "new client %s takes the mapping of %s, idle %.1f s",
            jam_udp_addr_format(from, a, sizeof a), jam_udp_addr_format(&r->client, b, sizeof b),
            (double)(now - r->last_us) / 1e6);
    close(r->fd);
    ++self->routes_reused;
  } else {
    r = &self->routes[self->nroutes++];
    jam_log(JAM_LOG_INFO, "new client %s", jam_udp_addr_format(from, a, sizeof a));
  }
  r->client = *from;
  r->fd = fd;
  r->last_us = now;
  r->gen = self->next_gen++;
  ++self->clients;
  return r;
}

static void
hold(Netsim* const self, const int route, const int upstream, const uint8_t* const data,
     const size_t size, const uint64_t now)
{
  if (self->cue.paused[upstream]) { // an outage on cue: the datagram is lost
    ++self->cue.paused_drops[upstream];
    return;
  }
  uint64_t release[2];
  const int copies = netsim_impair_decide(&self->dir[upstream], now, release);
  for (int c = 0; c < copies; ++c) {
    NetsimPacket* p = netsim_queue_slot(self->queue);
    if (!p) {
      ++self->overflow;
      return;
    }
    p->release = netsim_stall_apply(&self->stall, release[c]);
    p->route = route;
    p->route_gen = self->routes[route].gen;
    p->upstream = upstream;
    p->size = size;
    memcpy(p->data, data, size);
    netsim_queue_push(self->queue);
  }
}

static void
release_due(Netsim* const self, const uint64_t now)
{
  const NetsimPacket* p;
  while ((p = netsim_queue_peek(self->queue)) && p->release <= now) {
    const NetsimRoute* r = &self->routes[p->route];
    ssize_t n = -1;
    if (r->gen != p->route_gen) {
      // held for a client whose mapping has since gone to another: not delivered
    } else if (p->upstream) {
      n = sendto(r->fd, p->data, p->size, 0, (const struct sockaddr*)&self->server.addr,
                 self->server.len);
    } else {
      n = sendto(self->listen_fd, p->data, p->size, 0, (const struct sockaddr*)&r->client.addr,
                 r->client.len);
    }
    if (n == (ssize_t)p->size) {
      ++self->sent[p->upstream];
    }
    const uint64_t late = now - p->release;
    self->late_max_us[p->upstream] =
        late > self->late_max_us[p->upstream] ? late : self->late_max_us[p->upstream];
    self->late_2ms[p->upstream] += late >= 2000u;
    netsim_queue_pop(self->queue);
  }
}

static void
drain_socket(Netsim* const self, const int fd, const int route, const uint64_t now)
{
  uint8_t buf[NETSIM_QUEUE_MAX_BYTES];
  for (;;) {
    JamUdpAddr from = {.len = sizeof from.addr};
    const ssize_t n =
        recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr*)&from.addr, &from.len);
    if (n < 0) {
      return; // EAGAIN, or an ICMP error reported on the socket: nothing to relay
    }
    if ((size_t)n > sizeof buf) {
      continue; // larger than any jam packet: not relayed
    }
    if (route < 0) {
      const NetsimRoute* r = route_for_client(self, &from, now);
      if (r) {
        hold(self, (int)(r - self->routes), 1, buf, (size_t)n, now);
      }
    } else {
      self->routes[route].last_us = now;
      hold(self, route, 0, buf, (size_t)n, now);
    }
  }
}

static void
print_counters(const Netsim* const self)
{
  static const char* const names[2] = {"down", "up"};
  for (int d = 1; d >= 0; --d) {
    const NetsimImpair* im = &self->dir[d];
    printf("{\"direction\":\"%s\",\"received\":%llu,\"lost\":%llu,\"duplicated\":%llu,"
           "\"reordered\":%llu,\"sent\":%llu,\"queue_overflow\":%llu,\"outage_dropped\":%llu,"
           "\"release_late_max_ms\":%.3f,\"released_2ms_late\":%llu,\"clients\":%llu,"
           "\"routes_reused\":%llu,\"route_refused\":%llu}\n",
           names[d], (unsigned long long)im->seen, (unsigned long long)im->lost,
           (unsigned long long)im->duplicated, (unsigned long long)im->reordered,
           (unsigned long long)self->sent[d], (unsigned long long)self->overflow,
           (unsigned long long)self->cue.paused_drops[d], (double)self->late_max_us[d] / 1000.0,
           (unsigned long long)self->late_2ms[d], (unsigned long long)self->clients,
           (unsigned long long)self->routes_reused, (unsigned long long)self->route_refused);
  }
  fflush(stdout);
}

static int
run(Netsim* const self, const double duration_s)
{
  const uint64_t start = jam_clock_mono_us();
  struct pollfd fds[NETSIM_MAX_ROUTES + 2];
  const int control_fd = netsim_control_fd(self->control);
  while (!stop_requested) {
    const uint64_t now = jam_clock_mono_us();
    if (duration_s > 0 && now - start >= (uint64_t)(duration_s * 1e6)) {
      break;
    }
    netsim_control_poll(self->control, &self->cue, start, now);
    release_due(self, now);
    fds[0] = (struct pollfd){.fd = self->listen_fd, .events = POLLIN};
    for (int i = 0; i < self->nroutes; ++i) {
      fds[i + 1] = (struct pollfd){.fd = self->routes[i].fd, .events = POLLIN};
    }
    const int nfds = self->nroutes + 1 + (control_fd >= 0);
    if (control_fd >= 0) {
      fds[nfds - 1] = (struct pollfd){.fd = control_fd, .events = POLLIN};
    }
    uint64_t wait_us = 100000;
    const NetsimPacket* next = netsim_queue_peek(self->queue);
    if (next) {
      wait_us = next->release > now ? next->release - now : 0;
    }
    const uint64_t cue_at = netsim_control_next_us(self->control);
    if (cue_at <= now) {
      wait_us = 0;
    } else if (cue_at - now < wait_us) {
      wait_us = cue_at - now;
    }
    const struct timespec timeout = {(time_t)(wait_us / 1000000u),
                                     (long)(wait_us % 1000000u) * 1000L};
    const int ready = ppoll(fds, (nfds_t)nfds, &timeout, NULL);
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      jam_log(JAM_LOG_ERROR, "ppoll: %s", strerror(errno));
      return 1;
    }
    const uint64_t t = jam_clock_mono_us();
    if (fds[0].revents & POLLIN) {
      drain_socket(self, self->listen_fd, -1, t);
    }
    for (int i = 0; i < nfds - 1 - (control_fd >= 0); ++i) { // the routes polled (not new ones)
      if (fds[i + 1].revents & POLLIN) {
        drain_socket(self, self->routes[i].fd, i, t);
      }
    }
  }
  return 0;
}

int
main(int argc, char** argv)
{
  enum {
    OPT_SHAPE = 256,
    OPT_BURST,
    OPT_REORDER,
    OPT_REORDER_MS,
    OPT_DUP,
    OPT_KEEP,
    OPT_DIR,
    OPT_SEED,
    OPT_DURATION,
    OPT_STALL,
    OPT_CONTROL,
    OPT_SCHEDULE,
    OPT_ROUTE_IDLE
  };
  static const struct option options[] = {
      {"listen", required_argument, NULL, 'l'},
      {"server", required_argument, NULL, 's'},
      {"delay", required_argument, NULL, 'd'},
      {"jitter", required_argument, NULL, 'j'},
      {"shape", required_argument, NULL, OPT_SHAPE},
      {"loss", required_argument, NULL, 'L'},
      {"burst", required_argument, NULL, OPT_BURST},
      {"reorder", required_argument, NULL, OPT_REORDER},
      {"reorder-ms", required_argument, NULL, OPT_REORDER_MS},
      {"dup", required_argument, NULL, OPT_DUP},
      {"keep-order", no_argument, NULL, OPT_KEEP},
      {"stall", required_argument, NULL, OPT_STALL},
      {"direction", required_argument, NULL, OPT_DIR},
      {"seed", required_argument, NULL, OPT_SEED},
      {"duration", required_argument, NULL, OPT_DURATION},
      {"control", required_argument, NULL, OPT_CONTROL},
      {"schedule", required_argument, NULL, OPT_SCHEDULE},
      {"route-idle", required_argument, NULL, OPT_ROUTE_IDLE},
      {"verbose", no_argument, NULL, 'v'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  NetsimSettings set = {.burst = 1.0, .reorder_ms = 5.0};
  const char* listen_text = NULL;
  const char* server_text = NULL;
  const char* direction = "both";
  double seed = 1.0;
  double duration = 0.0;
  double stall_ms = 0.0;
  double stall_period = 0.0;
  const char* control_text = NULL;
  const char* schedule_path = NULL;
  double route_idle = NETSIM_ROUTE_IDLE_S;
  int opt;
  while ((opt = getopt_long(argc, argv, "l:s:d:j:L:vhV", options, NULL)) != -1) {
    double pct = 0.0;
    int bad = 0;
    switch (opt) {
    case 'l':
      listen_text = optarg;
      break;
    case 's':
      server_text = optarg;
      break;
    case 'd':
      bad = parse_double(optarg, 0, 60000, &set.delay_ms);
      break;
    case 'j':
      bad = parse_double(optarg, 0, 60000, &set.jitter_ms);
      break;
    case OPT_SHAPE:
      if (!strcmp(optarg, "normal")) {
        set.shape = NETSIM_JITTER_NORMAL;
      } else if (!strcmp(optarg, "uniform")) {
        set.shape = NETSIM_JITTER_UNIFORM;
      } else if (!strcmp(optarg, "pareto")) {
        set.shape = NETSIM_JITTER_PARETO;
      } else {
        bad = 1;
      }
      break;
    case 'L':
      bad = parse_double(optarg, 0, 100, &pct);
      set.loss = pct / 100.0;
      break;
    case OPT_BURST:
      bad = parse_double(optarg, 1, 1e6, &set.burst);
      break;
    case OPT_REORDER:
      bad = parse_double(optarg, 0, 100, &pct);
      set.reorder = pct / 100.0;
      break;
    case OPT_REORDER_MS:
      bad = parse_double(optarg, 0, 60000, &set.reorder_ms);
      break;
    case OPT_DUP:
      bad = parse_double(optarg, 0, 100, &pct);
      set.duplicate = pct / 100.0;
      break;
    case OPT_KEEP:
      set.keep_order = 1;
      break;
    case OPT_STALL:
      bad = netsim_stall_parse(optarg, &stall_ms, &stall_period) != 0;
      break;
    case OPT_DIR:
      direction = optarg;
      bad = strcmp(optarg, "both") && strcmp(optarg, "up") && strcmp(optarg, "down");
      break;
    case OPT_SEED:
      bad = parse_double(optarg, 0, 9007199254740992.0, &seed);
      break;
    case OPT_DURATION:
      bad = parse_double(optarg, 0, 1e7, &duration);
      break;
    case OPT_CONTROL:
      control_text = optarg;
      break;
    case OPT_SCHEDULE:
      schedule_path = optarg;
      break;
    case OPT_ROUTE_IDLE:
      bad = parse_double(optarg, 0.001, 1e7, &route_idle);
      break;
    case 'v':
      jam_log_set_level(JAM_LOG_DEBUG);
      break;
    case 'h':
      usage(stdout);
      return 0;
    case 'V':
      printf("rtjam-netsim %s\n", jam_version());
      return 0;
    default:
      usage(stderr);
      return 2;
    }
    if (bad) {
      const char* name = "?";
      for (const struct option* o = options; o->name; ++o) {
        if (o->val == opt) {
          name = o->name;
        }
      }
      fprintf(stderr, "rtjam-netsim: invalid value '%s' for --%s (see --help)\n", optarg, name);
      return 2;
    }
  }
  if (!listen_text || !server_text || optind != argc) {
    fprintf(stderr, "rtjam-netsim: --listen and --server are required (see --help)\n");
    return 2;
  }
  char why[320];
  if (netsim_impair_check(&set, why, sizeof why)) {
    fprintf(stderr, "rtjam-netsim: %s\n", why);
    return 2;
  }
  Netsim self = {.listen_fd = -1, .route_idle_us = (uint64_t)(route_idle * 1e6)};
  JamUdpAddr listen_addr;
  if (jam_udp_parse_endpoint(listen_text, "127.0.0.1", AF_UNSPEC, &listen_addr) != JAM_SUCCESS) {
    fprintf(stderr, "rtjam-netsim: cannot parse listen address '%s'\n", listen_text);
    return 2;
  }
  if (jam_udp_parse_endpoint(server_text, NULL, AF_UNSPEC, &self.server) != JAM_SUCCESS) {
    fprintf(stderr, "rtjam-netsim: cannot resolve server address '%s'\n", server_text);
    return 2;
  }
  char err[160];
  const JamUdpOptions opts = {.nonblocking = 1, .buffer_bytes = NETSIM_SOCKET_BYTES};
  self.listen_fd = jam_udp_open(&listen_addr, &opts, err, sizeof err);
  if (self.listen_fd < 0) {
    fprintf(stderr, "rtjam-netsim: %s\n", err);
    return 1;
  }
  if (control_text || schedule_path) {
    self.control = netsim_control_new(control_text, schedule_path, err, sizeof err);
    if (!self.control) {
      fprintf(stderr, "rtjam-netsim: %s\n", err);
      return 1;
    }
  }
  self.cue.dir = self.dir;
  self.queue = netsim_queue_new(NETSIM_QUEUE_PACKETS);
  if (!self.queue) {
    fprintf(stderr, "rtjam-netsim: out of memory\n");
    return 1;
  }
  const NetsimSettings clean = {.burst = 1.0};
  const uint64_t s = (uint64_t)seed;
  netsim_impair_init(&self.dir[1], strcmp(direction, "down") ? &set : &clean, s);
  netsim_impair_init(&self.dir[0], strcmp(direction, "up") ? &set : &clean,
                     s ^ 0xD1B54A32D192ED03ull);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  char a[JAM_UDP_ADDR_STRLEN];
  char b[JAM_UDP_ADDR_STRLEN];
  jam_log(JAM_LOG_INFO,
          "relaying %s -> %s: delay %.3f ms, jitter %.3f ms, loss %.3f%% (burst %.1f), "
          "reorder %.3f%%, dup %.3f%%, direction %s, seed %llu",
          jam_udp_addr_format(&listen_addr, a, sizeof a),
          jam_udp_addr_format(&self.server, b, sizeof b), set.delay_ms, set.jitter_ms,
          set.loss * 100.0, set.burst, set.reorder * 100.0, set.duplicate * 100.0, direction,
          (unsigned long long)s);
  if (netsim_impair_clip_warning(&set, why, sizeof why)) {
    jam_log(JAM_LOG_WARN, "%s", why);
  }
  netsim_stall_init(&self.stall, stall_ms, stall_period, jam_clock_mono_us());
  if (stall_ms > 0.0) {
    jam_log(JAM_LOG_INFO, "the path freezes %.1f ms every %.3f s", stall_ms, stall_period);
  }
  const int rc = run(&self, duration);
  if (self.route_refused > self.route_refused_logged) {
    jam_log(JAM_LOG_WARN, "%llu more datagrams from new clients dropped (client table full)",
            (unsigned long long)(self.route_refused - self.route_refused_logged));
  }
  print_counters(&self);
  for (int i = 0; i < self.nroutes; ++i) {
    close(self.routes[i].fd);
  }
  close(self.listen_fd);
  netsim_queue_free(self.queue);
  netsim_control_free(self.control);
  return rc;
}
