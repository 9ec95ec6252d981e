// SPDX-License-Identifier: ISC
// rtjam-broadcast: the room server. The main thread parses options, binds every room socket
// (failing before any thread starts), hands the rooms to worker threads, and then only does
// slow work: it reads signals through a signalfd (no code runs in signal context), logs the
// workers' join/leave events, logs error counters at most once per second, and writes the JSON
// status file every second and on SIGUSR1. It also ticks the links (links.h): each room's
// rtjam-nation link and the control websocket, whose commands run here, on the main thread.

#include "addr.h"
#include "control.h"
#include "cookie.h"
#include "gso.h"
#include "links.h"
#include "log.h"
#include "options.h"
#include "packet.h"
#include "recorder.h"
#include "report.h"
#include "room.h"
#include "worker.h"

#include "clock.h"
#include "udp.h"
#include "version.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATUS_INTERVAL_US 1000000u ///< µs between status files and error-counter logs

/// Where a room lives, and what the main thread last logged about its errors.
typedef struct {
  BcastWorker* worker;         ///< owner
  size_t index;                ///< room index within the worker
  uint64_t logged_send_errors; ///< send_errors at the last log line
  uint64_t logged_recv_errors; ///< recv_errors at the last log line
  uint64_t logged_events_lost; ///< events_lost at the last log line
  uint64_t logged_fallbacks;   ///< gso_fallbacks at the last log line
} RoomRef;

typedef struct {
  BcastOptions opt;                  ///< command line
  BcastWorker** workers;             ///< thread_count workers
  unsigned thread_count;             ///< workers
  RoomRef* rooms;                    ///< opt.port_count rooms
  const BcastRoomStatus** snapshots; ///< opt.port_count, refreshed before each report
  uint64_t start_mono_us;            ///< for uptime
  int signal_fd;                     ///< SIGINT, SIGTERM, SIGUSR1
  BcastControlRoom* control_rooms;   ///< opt.port_count: room, port and recorder
  BcastLinks* links;                 ///< the nation links and the control websocket
} Server;

// The room's recorder sink: the recorder copies and queues the packet (never blocks).
static void
record_push(void* const ctx, const uint8_t* const packet, const size_t len)
{
  bcast_recorder_push(ctx, packet, len);
}

static void
log_event(const BcastEvent* const ev)
{
  char addr[BCAST_ADDR_TEXT_SIZE];
  bcast_addr_format(&ev->addr, addr, sizeof addr);
  switch (ev->type) {
  case BCAST_EVENT_JOIN:
    jam_log(JAM_LOG_INFO, "room %u: join %s client %u (%u in the room)", (unsigned)ev->port, addr,
            (unsigned)ev->client_id, (unsigned)ev->members);
    break;
  case BCAST_EVENT_LEAVE:
    jam_log(JAM_LOG_INFO,
            "room %u: leave %s client %u after 1 s of silence (member %.1f s, %llu packets, "
            "%llu drops, latency %.3f ms; %u left in the room)",
            (unsigned)ev->port, addr, (unsigned)ev->client_id, ev->member_s,
            (unsigned long long)ev->packets, (unsigned long long)ev->drops, ev->latency_ms,
            (unsigned)ev->members);
    break;
  case BCAST_EVENT_FULL:
    jam_log(JAM_LOG_WARN, "room %u: full (%u players): refusing %s client %u", (unsigned)ev->port,
            (unsigned)ev->members, addr, (unsigned)ev->client_id);
    break;
  case BCAST_EVENT_PER_IP:
    jam_log(JAM_LOG_WARN, "room %u: refusing %s client %u: its IP holds --max-per-ip slots",
            (unsigned)ev->port, addr, (unsigned)ev->client_id);
    break;
  case BCAST_EVENT_DUPLICATE_ID:
    if (ev->client_id == JAM_PACKET_EMPTY_SLOT) {
      jam_log(JAM_LOG_WARN,
              "room %u: refusing %s: client %u is the wire's empty-slot marker, no member's id "
              "(no listener would hear it)",
              (unsigned)ev->port, addr, (unsigned)ev->client_id);
    } else if (ev->client_id == JAM_PACKET_PLAYBACK_ID || ev->client_id == JAM_PACKET_MIX_ID) {
      jam_log(JAM_LOG_WARN, "room %u: refusing %s: client %u is the server's own stream",
              (unsigned)ev->port, addr, (unsigned)ev->client_id);
    } else {
      jam_log(JAM_LOG_WARN,
              "room %u: refusing %s: client %u is another member's (the member keeps it)",
              (unsigned)ev->port, addr, (unsigned)ev->client_id);
    }
    break;
  case BCAST_EVENT_REFUSED_SUMMARY:
    jam_log(JAM_LOG_WARN, "room %u: %llu more refused sources not logged in the last %.0f s",
            (unsigned)ev->port, (unsigned long long)ev->packets, ev->member_s);
    break;
  }
}

// SO_RCVBUF as --rcvbuf asks: forced past net.core.rmem_max when privileged (CAP_NET_ADMIN),
// else capped there by the kernel. Logs what was granted (the kernel reports twice the setting).
static void
set_rcvbuf(const int fd, const uint16_t port, const int bytes)
{
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }
  int granted = 0;
  socklen_t len = sizeof granted;
  if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &len) != 0) {
    jam_log(JAM_LOG_WARN, "room %u: SO_RCVBUF: %s", (unsigned)port, strerror(errno));
    return;
  }
  granted /= 2;
  if (granted < bytes) {
    jam_log(JAM_LOG_WARN,
            "room %u: receive buffer %d bytes, asked %d (raise net.core.rmem_max, or run with "
            "CAP_NET_ADMIN)",
            (unsigned)port, granted, bytes);
  } else {
    jam_log(JAM_LOG_INFO, "room %u: receive buffer %d bytes", (unsigned)port, granted);
  }
}

static void
drain_events(Server* const s)
{
  for (unsigned w = 0; w < s->thread_count; ++w) {
    BcastEvent ev;
    while (bcast_worker_next_event(s->workers[w], &ev) == JAM_SUCCESS) {
      log_event(&ev);
      bcast_links_event(s->links, &ev);
    }
  }
}

// Room i's status, fresh (the links' latency report): also kept for the status file.
static const BcastRoomStatus*
room_status(void* const ctx, const size_t i)
{
  Server* const s = ctx;
  s->snapshots[i] = bcast_worker_room_status(s->rooms[i].worker, s->rooms[i].index);
  return s->snapshots[i];
}

static void
refresh_snapshots(Server* const s)
{
  for (size_t i = 0; i < s->opt.port_count; ++i) {
    s->snapshots[i] = bcast_worker_room_status(s->rooms[i].worker, s->rooms[i].index);
  }
}

// Error counters are logged here, off the hot path, at most once per second per room.
static void
log_errors(Server* const s)
{
  for (size_t i = 0; i < s->opt.port_count; ++i) {
    RoomRef* const r = &s->rooms[i];
    const BcastRoomCounters* const c = &s->snapshots[i]->counters;
    if (c->send_errors > r->logged_send_errors) {
      jam_log(JAM_LOG_WARN, "room %u: %llu datagrams not sent (last error: %s)",
              (unsigned)s->opt.ports[i].port,
              (unsigned long long)(c->send_errors - r->logged_send_errors),
              strerror(c->last_send_errno));
      r->logged_send_errors = c->send_errors;
    }
    if (c->recv_errors > r->logged_recv_errors) {
      jam_log(JAM_LOG_WARN, "room %u: %llu receive errors (last error: %s)",
              (unsigned)s->opt.ports[i].port,
              (unsigned long long)(c->recv_errors - r->logged_recv_errors),
              strerror(c->last_recv_errno));
      r->logged_recv_errors = c->recv_errors;
    }
    if (c->events_lost > r->logged_events_lost) {
      jam_log(JAM_LOG_WARN, "room %u: %llu join/leave log lines lost (event ring full)",
              (unsigned)s->opt.ports[i].port,
              (unsigned long long)(c->events_lost - r->logged_events_lost));
      r->logged_events_lost = c->events_lost;
    }
    if (c->gso_fallbacks > r->logged_fallbacks) {
      jam_log(JAM_LOG_WARN, "room %u: %llu GSO sends refused, re-sent without GSO (last: %s)",
              (unsigned)s->opt.ports[i].port,
              (unsigned long long)(c->gso_fallbacks - r->logged_fallbacks),
              strerror(c->last_gso_errno));
      r->logged_fallbacks = c->gso_fallbacks;
    }
  }
}

static void
write_status(const Server* const s)
{
  if (!s->opt.status_file) {
    return;
  }
  const BcastReport report = {
      .rooms = s->snapshots,
      .room_count = s->opt.port_count,
      .wall_us = jam_clock_wall_us(),
      .uptime_s = (double)(jam_clock_mono_us() - s->start_mono_us) / 1e6,
      .threads = s->thread_count,
      .version = jam_version(),
  };
  char err[512];
  if (bcast_report_write_file(s->opt.status_file, &report, err, sizeof err) != JAM_SUCCESS) {
    jam_log(JAM_LOG_WARN, "status file: %s", err);
  }
}

static unsigned
online_cpus(void)
{
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)n : 1u;
}

static void
server_free(Server* const s)
{
  bcast_links_free(s->links); // first: they take nothing from the rooms
  s->links = NULL;
  if (s->workers) {
    for (unsigned w = 0; w < s->thread_count; ++w) {
      bcast_worker_free(s->workers[w]);
    }
  }
  free(s->workers);
  if (s->control_rooms) { // after the workers: no room pushes any more
    for (size_t i = 0; i < s->opt.port_count; ++i) {
      bcast_recorder_free(s->control_rooms[i].recorder);
      bcast_playout_free(s->control_rooms[i].playout);
    }
  }
  free(s->control_rooms);
  free(s->rooms);
  free(s->snapshots);
  if (s->signal_fd >= 0) {
    close(s->signal_fd);
  }
}

// Turns UDP generic segmentation offload on in every worker if a probe shows it works here.
static void
setup_gso(Server* const s)
{
  if (s->opt.no_gso) {
    jam_log(JAM_LOG_INFO, "GSO (UDP_SEGMENT): off (--no-gso)");
    return;
  }
  BcastSockaddr bind_addr;
  const char* const bind_text = s->opt.bind ? s->opt.bind : "::";
  const int family = bcast_sockaddr_parse(bind_text, 0, &bind_addr) == JAM_SUCCESS
                         ? bind_addr.u.sa.sa_family
                         : AF_INET6;
  char why[160];
  const int on = bcast_gso_probe(family, why, sizeof why);
  for (unsigned w = 0; w < s->thread_count; ++w) {
    bcast_worker_set_gso(s->workers[w], on);
  }
  if (on) {
    jam_log(JAM_LOG_INFO, "GSO (UDP_SEGMENT): on");
  } else {
    jam_log(JAM_LOG_WARN, "GSO (UDP_SEGMENT): off, not supported here (%s)", why);
  }
}

// Binds every socket and builds every room; nothing runs yet. Returns 0 or an exit status.
static int
server_setup(Server* const s)
{
  const BcastOptions* const opt = &s->opt;
  char status_err[512];
  // A status file that cannot be written is refused at start: the server said "ready", then
  // logged "status file: open ...: No such file or directory" every second.
  if (opt->status_file &&
      bcast_report_check_path(opt->status_file, status_err, sizeof status_err) != JAM_SUCCESS) {
    jam_log(JAM_LOG_ERROR, "--status-file %s: %s", opt->status_file, status_err);
    return 1;
  }
  BcastCookieKey key;
  if (bcast_cookie_key_random(&key) != JAM_SUCCESS) {
    jam_log(JAM_LOG_ERROR, "getrandom: %s", strerror(errno));
    return 1;
  }
  unsigned threads = opt->threads ? opt->threads : online_cpus();
  if (threads > opt->port_count) {
    threads = (unsigned)opt->port_count; // a room never spans threads
  }
  s->workers = calloc(threads, sizeof *s->workers);
  s->rooms = calloc(opt->port_count, sizeof *s->rooms);
  s->snapshots = calloc(opt->port_count, sizeof *s->snapshots);
  s->control_rooms = calloc(opt->port_count, sizeof *s->control_rooms);
  if (!s->workers || !s->rooms || !s->snapshots || !s->control_rooms) {
    jam_log(JAM_LOG_ERROR, "out of memory");
    return 1;
  }
  for (unsigned w = 0; w < threads; ++w) {
    const size_t rooms = (opt->port_count + threads - 1u - w) / threads; // rooms go i % threads
    const size_t ring = bcast_worker_event_ring_bytes(rooms, opt->max_players);
    s->workers[w] = bcast_worker_new(w, ring, opt->batch, opt->spin_us);
    if (!s->workers[w]) {
      jam_log(JAM_LOG_ERROR, "worker %u: cannot create (epoll/eventfd/memory): %s", w,
              strerror(errno));
      return 1;
    }
    s->thread_count = w + 1;
  }
  for (size_t i = 0; i < opt->port_count; ++i) {
    const BcastPortSpec* const spec = &opt->ports[i];
    const char* const bind_text = opt->bind ? opt->bind : "::";
    BcastSockaddr bind_addr;
    if (bcast_sockaddr_parse(bind_text, spec->port, &bind_addr) != JAM_SUCCESS) {
      fprintf(stderr, "rtjam-broadcast: --bind %s: not a numeric IPv4 or IPv6 address\n",
              bind_text);
      return 2;
    }
    JamUdpAddr local = {.len = bind_addr.len};
    memcpy(&local.addr, &bind_addr.u, bind_addr.len);
    const JamUdpOptions socket_options = {.nonblocking = 1,
                                          .tos = (unsigned)(opt->dscp & 0x3f) << 2,
                                          .buffer_bytes = BCAST_SOCKET_BUFFER};
    char err[256];
    const int fd = jam_udp_open(&local, &socket_options, err, sizeof err);
    if (fd < 0) {
      fprintf(stderr, "rtjam-broadcast: %s\n", err);
      return 1;
    }
    set_rcvbuf(fd, spec->port, opt->rcvbuf);
    BcastWorker* const worker = s->workers[i % threads];
    BcastRoomConfig config;
    bcast_room_config_default(&config, spec->port);
    config.tempo_bpm = spec->tempo_bpm;
    config.max_players = opt->max_players;
    config.rate = opt->rate;
    config.burst = opt->burst;
    config.max_per_ip = opt->max_per_ip;
    config.mix = opt->mix;
    BcastRoom* const room = bcast_room_new(&config, &key, bcast_worker_event_sink(worker));
    const size_t index = bcast_worker_room_count(worker);
    if (!room || bcast_worker_add_room(worker, room, fd) != JAM_SUCCESS) {
      jam_log(JAM_LOG_ERROR, "room %u: cannot create: %s", (unsigned)spec->port, strerror(errno));
      bcast_room_free(room);
      close(fd);
      return 1;
    }
    s->rooms[i].worker = worker;
    s->rooms[i].index = index;
    s->control_rooms[i].port = spec->port;
    s->control_rooms[i].room = room;
    if (opt->record_dir) {
      if (mkdir(opt->record_dir, 0750) != 0 && errno != EEXIST) {
        jam_log(JAM_LOG_ERROR, "--record-dir %s: %s", opt->record_dir, strerror(errno));
        return 1;
      }
      char dir[BCAST_RECORD_PATH_MAX];
      snprintf(dir, sizeof dir, "%s/%u", opt->record_dir, (unsigned)spec->port);
      BcastRecorder* const rec =
          bcast_recorder_new(dir, opt->record_budget, BCAST_RECORD_RING, err, sizeof err);
      if (!rec) {
        jam_log(JAM_LOG_ERROR, "room %u: recorder: %s", (unsigned)spec->port, err);
        return 1;
      }
      bcast_recorder_set_keep(rec, opt->record_keep);
      s->control_rooms[i].recorder = rec;
      char current[BCAST_RECORD_PATH_MAX + 16];
      snprintf(current, sizeof current, "%s/%s", dir, BCAST_RECORD_CURRENT);
      s->control_rooms[i].playout = bcast_playout_new(bcast_recorder_recs_dir(rec), current);
      if (!s->control_rooms[i].playout) {
        jam_log(JAM_LOG_ERROR, "room %u: playback: out of memory", (unsigned)spec->port);
        return 1;
      }
      bcast_room_set_playout(room, s->control_rooms[i].playout);
      bcast_room_set_record_sink(room, (BcastRecordSink){.push = record_push, .ctx = rec});
      jam_log(JAM_LOG_INFO, "room %u: takes go to %s (budget %llu bytes a take, %llu saved)",
              (unsigned)spec->port, dir, (unsigned long long)opt->record_budget,
              (unsigned long long)opt->record_keep);
    }
    char where[BCAST_ADDR_TEXT_SIZE];
    bcast_sockaddr_format(&bind_addr, where, sizeof where);
    jam_log(JAM_LOG_INFO, "room %u: listening on %s, tempo %u BPM, max %u players, thread %u%s",
            (unsigned)spec->port, where, (unsigned)spec->tempo_bpm, (unsigned)opt->max_players,
            (unsigned)(i % threads), opt->mix ? ", mix mode" : "");
  }
  explicit_bzero(&key, sizeof key);
  s->links = bcast_links_new(&s->opt, s->control_rooms, room_status, s);
  if (!s->links) {
    jam_log(JAM_LOG_ERROR, "out of memory");
    return 1;
  }
  if (bcast_links_start_control(s->links) != 0) {
    return 1;
  }
  setup_gso(s);
  return 0;
}

int
main(const int argc, char** const argv)
{
  Server s;
  memset(&s, 0, sizeof s);
  s.signal_fd = -1;
  char err[256];
  if (bcast_options_parse(argc, (const char* const*)argv, &s.opt, err, sizeof err) != JAM_SUCCESS) {
    fprintf(stderr, "rtjam-broadcast: %s\n", err);
    return 2;
  }
  if (s.opt.help) {
    bcast_options_usage(stdout);
    return 0;
  }
  if (s.opt.version) {
    printf("rtjam-broadcast %s\n", jam_version());
    return 0;
  }
  if (s.opt.log_level_set) {
    jam_log_set_level(s.opt.log_level);
  }
  s.start_mono_us = jam_clock_mono_us();

  // A file-size limit (RLIMIT_FSIZE) must fail the recorder's write (EFBIG, reported), not
  // kill the server.
  signal(SIGXFSZ, SIG_IGN);
  // Block the signals before any thread exists, so every thread inherits the mask and they
  // are only ever delivered through the signalfd.
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &mask, NULL);
  s.signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (s.signal_fd < 0) {
    jam_log(JAM_LOG_ERROR, "signalfd: %s", strerror(errno));
    server_free(&s);
    return 1;
  }

  const int rc = server_setup(&s);
  if (rc != 0) {
    server_free(&s);
    return rc;
  }
  for (unsigned w = 0; w < s.thread_count; ++w) {
    int rt_denied = 0;
    if (bcast_worker_start(s.workers[w], s.opt.rt_priority, &rt_denied) != JAM_SUCCESS) {
      jam_log(JAM_LOG_ERROR, "worker %u: pthread_create: %s", w, strerror(errno));
      server_free(&s);
      return 1;
    }
    if (rt_denied) {
      jam_log(JAM_LOG_WARN, "worker %u: SCHED_FIFO %d: %s; running with normal scheduling", w,
              s.opt.rt_priority, strerror(EPERM));
    }
  }
  if (bcast_links_start_nation(s.links) != 0) {
    server_free(&s);
    return 1;
  }
  jam_log(JAM_LOG_INFO, "rtjam-broadcast %s ready: %zu room(s), %u thread(s)%s%s", jam_version(),
          s.opt.port_count, s.thread_count, s.opt.status_file ? ", status file " : "",
          s.opt.status_file ? s.opt.status_file : "");

  uint64_t next_status = jam_clock_mono_us() + STATUS_INTERVAL_US / 4u;
  int running = 1;
  while (running) {
    struct pollfd pfd = {.fd = s.signal_fd, .events = POLLIN};
    const int n = poll(&pfd, 1, 50);
    int report_now = 0;
    if (n > 0 && (pfd.revents & POLLIN)) {
      struct signalfd_siginfo si;
      while (read(s.signal_fd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGUSR1) {
          report_now = 1;
        } else {
          jam_log(JAM_LOG_INFO, "%s: shutting down", strsignal((int)si.ssi_signo));
          running = 0;
        }
      }
    }
    drain_events(&s);
    bcast_links_tick(s.links);
    const uint64_t now = jam_clock_mono_us();
    if (report_now || now >= next_status) {
      refresh_snapshots(&s);
      log_errors(&s);
      write_status(&s);
      if (now >= next_status) {
        next_status = now + STATUS_INTERVAL_US;
      }
    }
  }

  for (unsigned w = 0; w < s.thread_count; ++w) {
    bcast_worker_stop(s.workers[w]);
  }
  drain_events(&s);
  refresh_snapshots(&s);
  log_errors(&s);
  write_status(&s);
  server_free(&s);
  jam_log(JAM_LOG_INFO, "stopped");
  return 0;
}
