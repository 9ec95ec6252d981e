// SPDX-License-Identifier: ISC
// rtjam-loadgen: simulates R rooms of N jammers against rtjam-broadcast (rooms on ports
// P..P+R-1) at real packet rates, and reports forwarded packets per second, loss, added delay
// p50/p99 and the server's CPU time per forwarded packet (from /proc/PID/stat).
//
// Timeline (CLOCK_REALTIME): start -> warm-up (jammers pass the cookie check and join) ->
// measurement window -> stop sending -> drain. Loss counts the forwards of packets sent inside
// the window: each should reach the N-1 other members of its room.

#include "engine.h"
#include "floor.h"
#include "stalls.h"

#include "version.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16u
#define PROGRESS_NS 10000000000ull ///< a progress line on stderr every 10 s

static volatile sig_atomic_t stop_signal; ///< SIGINT or SIGTERM received: stop and report

static void
on_stop_signal(const int sig)
{
  stop_signal = sig;
}

typedef struct {
  const char* host;    ///< numeric server address
  unsigned port;       ///< first room port
  unsigned rooms;      ///< R
  unsigned jammers;    ///< N per room
  unsigned frames;     ///< 8..249 (clients send 64 or 128)
  double seconds;      ///< measurement window, s
  double warmup;       ///< s before the window
  unsigned threads;    ///< engines
  long server_pid;     ///< 0: no CPU figure
  uint32_t first_id;   ///< client id of the first jammer
  unsigned sweep_us;   ///< 0: epoll; else read all sockets every sweep_us
  int gro;             ///< 1: UDP_GRO on the jammer sockets
  int in_step;         ///< 1: the jammers of a room send together
  unsigned quantum_us; ///< sends due within this many µs go together
  int mix;             ///< 1: the rooms are in mix mode: count the mix (client 40002) instead
} Options;

static void
usage(FILE* const out)
{
  fprintf(out,
          "Usage: rtjam-loadgen [OPTION]...\n"
          "Simulates R rooms of N jammers against rtjam-broadcast and measures it.\n"
          "\n"
          "  -s, --server ADDR     numeric server address (default 127.0.0.1)\n"
          "  -p, --port P          port of the first room; rooms use P..P+R-1 (default 7891)\n"
          "  -r, --rooms R         rooms (default 1)\n"
          "  -n, --jammers N       jammers per room, 2..256 (default 4)\n"
          "  -f, --frames F        frames per packet, 8..249 (249 fills the wire's\n"
          "                        1024-byte datagram; clients send 64 or 128; under 24,\n"
          "                        a jammer passes rtjam-broadcast's default --max-rate\n"
          "                        of 2000 packets/s) (default 128)\n"
          "  -t, --seconds S       measurement window (default 10)\n"
          "  -w, --warmup S        time to join before measuring (default 2)\n"
          "  -j, --threads T       sending/receiving threads (default 1)\n"
          "  -P, --server-pid PID  report the server's CPU time (from /proc/PID/stat)\n"
          "      --first-id ID     client id of the first jammer (default 100000)\n"
          "      --epoll           wait for replies with epoll instead of sweeping\n"
          "      --sweep-us US     read every socket every US microseconds (default 500)\n"
          "      --in-step         the jammers of a room send back to back, as clients on\n"
          "                        one JACK clock do (default: spread over the period)\n"
          "      --quantum-us US   send what is due within US us at once, early (default 0:\n"
          "                        one sleep per send; each sleep arms a timer, costly in a VM)\n"
          "      --gro             UDP_GRO on the jammer sockets: a server's GSO send is\n"
          "                        received as one buffer and split here (cheaper)\n"
          "      --mix             the server's rooms are in mix mode (--room-mode mix): each\n"
          "                        jammer expects the mix, 375 packets/s of client 40002; the\n"
          "                        delay is its ServerTime to the receive time\n"
          "      --floor           only measure the kernel's CPU cost per datagram, and exit\n"
          "      --stalls SECONDS  only spin for SECONDS and report the gaps this machine\n"
          "                        takes from a thread that never sleeps, and exit (pin it\n"
          "                        with taskset; a VM's host shows here)\n"
          "  -h, --help            print this help\n"
          "\n"
          "Every 10 s a progress line goes to stderr. SIGINT or SIGTERM ends the window at\n"
          "once: the results so far are printed (over the part of the window that ran).\n"
          "The last line is machine-readable: RESULT key=value ...; a delay figure with no\n"
          "samples (nothing forwarded in the window) reads n/a.\n"
          "Exit status: 0 when jammers joined, 1 when none did (no server answered) or on\n"
          "a setup error, 2 on bad options, 128+N when stopped by signal N.\n");
}

static int
parse_unsigned(const char* const s, const unsigned long lo, const unsigned long hi,
               unsigned long* const out)
{
  if (!s || !*s) {
    return -1;
  }
  errno = 0;
  char* end = NULL;
  const unsigned long v = strtoul(s, &end, 10);
  if (errno || *end || v < lo || v > hi || s[0] == '-') {
    return -1;
  }
  *out = v;
  return 0;
}

static int
parse_seconds(const char* const s, double* const out)
{
  if (!s || !*s) {
    return -1;
  }
  char* end = NULL;
  const double v = strtod(s, &end);
  if (*end || !(v >= 0.0) || v > 3600.0) {
    return -1;
  }
  *out = v;
  return 0;
}

static int
parse_options(const int argc, char** const argv, Options* const o)
{
  *o = (Options){.host = "127.0.0.1",
                 .port = 7891,
                 .rooms = 1,
                 .jammers = 4,
                 .frames = 128,
                 .seconds = 10.0,
                 .warmup = 2.0,
                 .threads = 1,
                 .first_id = 100000,
                 .sweep_us = 500};
  for (int i = 1; i < argc; ++i) {
    const char* const a = argv[i];
    const char* const v = i + 1 < argc ? argv[i + 1] : NULL;
    unsigned long u = 0;
    int bad = 0;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      exit(0);
    } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
      printf("rtjam-loadgen %s\n", jam_version());
      exit(0);
    } else if (!strcmp(a, "-s") || !strcmp(a, "--server")) {
      o->host = v;
      bad = !v;
    } else if (!strcmp(a, "-p") || !strcmp(a, "--port")) {
      bad = parse_unsigned(v, 1, 65535, &u);
      o->port = (unsigned)u;
    } else if (!strcmp(a, "-r") || !strcmp(a, "--rooms")) {
      bad = parse_unsigned(v, 1, 4096, &u);
      o->rooms = (unsigned)u;
    } else if (!strcmp(a, "-n") || !strcmp(a, "--jammers")) {
      bad = parse_unsigned(v, 2, 256, &u);
      o->jammers = (unsigned)u;
    } else if (!strcmp(a, "-f") || !strcmp(a, "--frames")) {
      bad = parse_unsigned(v, 8, 249, &u);
      o->frames = (unsigned)u;
    } else if (!strcmp(a, "-t") || !strcmp(a, "--seconds")) {
      bad = parse_seconds(v, &o->seconds) || o->seconds <= 0.0;
    } else if (!strcmp(a, "-w") || !strcmp(a, "--warmup")) {
      bad = parse_seconds(v, &o->warmup);
    } else if (!strcmp(a, "-j") || !strcmp(a, "--threads")) {
      bad = parse_unsigned(v, 1, MAX_THREADS, &u);
      o->threads = (unsigned)u;
    } else if (!strcmp(a, "-P") || !strcmp(a, "--server-pid")) {
      bad = parse_unsigned(v, 1, 4194304, &u);
      o->server_pid = (long)u;
    } else if (!strcmp(a, "--floor")) {
      exit(loadgen_floor());
    } else if (!strcmp(a, "--stalls")) {
      double seconds = 0.0;
      if (parse_seconds(v, &seconds) || seconds <= 0.0) {
        fprintf(stderr, "rtjam-loadgen: --stalls %s: must be a number of seconds, 0 < s <= 3600\n",
                v ? v : "(missing)");
        exit(2);
      }
      exit(loadgen_stalls(seconds));
    } else if (!strcmp(a, "--in-step")) {
      o->in_step = 1;
      continue;
    } else if (!strcmp(a, "--gro")) {
      o->gro = 1;
      continue;
    } else if (!strcmp(a, "--mix")) {
      o->mix = 1;
      continue;
    } else if (!strcmp(a, "--epoll")) {
      o->sweep_us = 0;
      continue;
    } else if (!strcmp(a, "--quantum-us")) {
      bad = parse_unsigned(v, 0, 1000, &u);
      o->quantum_us = (unsigned)u;
    } else if (!strcmp(a, "--sweep-us")) {
      bad = parse_unsigned(v, 50, 100000, &u);
      o->sweep_us = (unsigned)u;
    } else if (!strcmp(a, "--first-id")) {
      bad = parse_unsigned(v, 1, 4000000000ul, &u);
      o->first_id = (uint32_t)u;
    } else {
      fprintf(stderr, "rtjam-loadgen: unknown option '%s' (see --help)\n", a);
      return -1;
    }
    if (bad) {
      fprintf(stderr, "rtjam-loadgen: %s: bad or missing value%s%s\n", a, v ? " " : "", v ? v : "");
      return -1;
    }
    ++i;
  }
  if (o->port + o->rooms - 1 > 65535) {
    fprintf(stderr, "rtjam-loadgen: ports %u..%u exceed 65535\n", o->port, o->port + o->rooms - 1);
    return -1;
  }
  return 0;
}

// utime + stime of a process in ns, or -1.
static long long
process_cpu_ns(const long pid)
{
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  FILE* const f = fopen(path, "r");
  if (!f) {
    return -1;
  }
  char line[2048];
  const int ok = fgets(line, sizeof line, f) != NULL;
  fclose(f);
  if (!ok) {
    return -1;
  }
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
  const char* p = strrchr(line, ')');
  if (!p) {
    return -1;
  }
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) {
    return -1;
  }
  const long tck = sysconf(_SC_CLK_TCK);
  return (long long)((utime + stime) * (1000000000ull / (unsigned long long)(tck > 0 ? tck : 100)));
}

static long long
self_cpu_ns(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ll +
         (long long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ll;
}

static void
sleep_until(const uint64_t t_ns)
{
  for (;;) {
    const uint64_t now = loadgen_now_ns();
    if (now >= t_ns) {
      return;
    }
    const uint64_t d = t_ns - now;
    const struct timespec ts = {.tv_sec = (time_t)(d / 1000000000u),
                                .tv_nsec = (long)(d % 1000000000u)};
    nanosleep(&ts, NULL);
  }
}

static void*
engine_thread(void* const arg)
{
  loadgen_engine_run(arg);
  return NULL;
}

// Forwards histogrammed: the delay samples.
static uint64_t
samples(const LoadgenStats* const s)
{
  uint64_t total = s->hist_over;
  for (unsigned i = 0; i < LOADGEN_HIST_US; ++i) {
    total += s->hist[i];
  }
  return total;
}

// The q-quantile in µs; the caller checks that there are samples.
static uint64_t
percentile_us(const LoadgenStats* const s, const double q)
{
  const uint64_t total = samples(s);
  if (!total) {
    return 0;
  }
  const uint64_t rank = (uint64_t)(q * (double)(total - 1)) + 1;
  uint64_t seen = 0;
  for (unsigned i = 0; i < LOADGEN_HIST_US; ++i) {
    seen += s->hist[i];
    if (seen >= rank) {
      return i;
    }
  }
  return LOADGEN_HIST_US;
}

int
main(const int argc, char** const argv)
{
  Options o;
  if (parse_options(argc, argv, &o) != 0) {
    return 2;
  }
  if (o.threads > o.rooms) {
    o.threads = o.rooms; // an engine owns whole rooms
  }
  // One socket per jammer: raise the descriptor limit to the hard limit.
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }

  LoadgenEngineConfig base;
  memset(&base, 0, sizeof base);
  struct sockaddr_in* const in4 = (struct sockaddr_in*)&base.server;
  struct sockaddr_in6* const in6 = (struct sockaddr_in6*)&base.server;
  if (inet_pton(AF_INET, o.host, &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    base.server_len = sizeof *in4;
  } else if (inet_pton(AF_INET6, o.host, &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    base.server_len = sizeof *in6;
  } else {
    fprintf(stderr, "rtjam-loadgen: --server %s: not a numeric address\n", o.host);
    return 2;
  }
  base.jammers_per_room = o.jammers;
  base.frames = o.frames;
  const uint64_t t0 = loadgen_now_ns() + 200000000u; // 0.2 s to open every socket first
  base.start_ns = t0;
  base.window_start_ns = t0 + (uint64_t)(o.warmup * 1e9);
  base.window_end_ns = base.window_start_ns + (uint64_t)(o.seconds * 1e9);
  base.drain_ns = 300000000u;
  base.sweep_ns = (uint64_t)o.sweep_us * 1000u;
  base.gro = o.gro;
  base.in_step = o.in_step;
  base.mix = o.mix;
  base.quantum_ns = (uint64_t)o.quantum_us * 1000u;
  prctl(PR_SET_TIMERSLACK, 1000ul, 0, 0, 0); // 1 µs: wake up on time for each send slot

  LoadgenEngine* engines[MAX_THREADS] = {0};
  unsigned room = 0;
  for (unsigned t = 0; t < o.threads; ++t) {
    LoadgenEngineConfig c = base;
    c.rooms = o.rooms / o.threads + (t < o.rooms % o.threads ? 1u : 0u);
    c.first_port = (uint16_t)(o.port + room);
    c.first_client_id = o.first_id + room * o.jammers;
    room += c.rooms;
    char err[256];
    engines[t] = loadgen_engine_new(&c, err, sizeof err);
    if (!engines[t]) {
      fprintf(stderr, "rtjam-loadgen: %s\n", err);
      for (unsigned k = 0; k < t; ++k) {
        loadgen_engine_free(engines[k]);
      }
      return 1;
    }
  }
  if (loadgen_now_ns() > t0) {
    fprintf(stderr, "rtjam-loadgen: warning: socket setup overran the start time\n");
  }
  // The engines never see the stop signals (their waits are not interrupted): this thread
  // takes them, and stops the engines.
  sigset_t stops;
  sigemptyset(&stops);
  sigaddset(&stops, SIGINT);
  sigaddset(&stops, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stops, NULL);
  pthread_t threads[MAX_THREADS];
  for (unsigned t = 0; t < o.threads; ++t) {
    if (pthread_create(&threads[t], NULL, engine_thread, engines[t]) != 0) {
      fprintf(stderr, "rtjam-loadgen: pthread_create failed\n");
      return 1;
    }
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  pthread_sigmask(SIG_UNBLOCK, &stops, NULL);

  // Wait for the window's end, a progress line every 10 s, or a stop signal.
  long long srv0 = -1;
  long long self0 = 0;
  int measuring = 0;
  uint64_t window_end = base.window_end_ns;
  uint64_t next_report = t0 + PROGRESS_NS;
  uint64_t last_sent = 0;
  uint64_t last_fwd = 0;
  for (;;) {
    const uint64_t now = loadgen_now_ns();
    if (!measuring && now >= base.window_start_ns) {
      srv0 = o.server_pid ? process_cpu_ns(o.server_pid) : -1;
      self0 = self_cpu_ns();
      measuring = 1;
    }
    if (stop_signal) {
      window_end = now < window_end ? now : window_end;
      for (unsigned t = 0; t < o.threads; ++t) {
        loadgen_engine_stop(engines[t], window_end);
      }
      fprintf(stderr, "rtjam-loadgen: %s: stopping, results so far follow\n",
              stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
      break;
    }
    if (now >= base.window_end_ns) {
      break;
    }
    if (now >= next_report) {
      uint64_t sent = 0;
      uint64_t fwd = 0;
      for (unsigned t = 0; t < o.threads; ++t) {
        uint64_t a = 0;
        uint64_t b = 0;
        loadgen_engine_progress(engines[t], &a, &b);
        sent += a;
        fwd += b;
      }
      const double elapsed = (double)(now - t0) / 1e9;
      const double span = (double)PROGRESS_NS / 1e9;
      if (measuring) {
        fprintf(stderr,
                "rtjam-loadgen: %.0f s: window %.0f of %.0f s; last 10 s: sent %.0f pkt/s, "
                "received %.0f pkt/s\n",
                elapsed, (double)(now - base.window_start_ns) / 1e9, o.seconds,
                (double)(sent - last_sent) / span, (double)(fwd - last_fwd) / span);
      } else {
        fprintf(stderr,
                "rtjam-loadgen: %.0f s: warm-up; last 10 s: sent %.0f pkt/s, received %.0f "
                "pkt/s\n",
                elapsed, (double)(sent - last_sent) / span, (double)(fwd - last_fwd) / span);
      }
      last_sent = sent;
      last_fwd = fwd;
      next_report += PROGRESS_NS;
    }
    uint64_t wake = now + 100000000u; // 0.1 s: how late a stop signal may be seen
    wake = next_report < wake ? next_report : wake;
    wake = base.window_end_ns < wake ? base.window_end_ns : wake;
    if (!measuring && base.window_start_ns < wake) {
      wake = base.window_start_ns;
    }
    sleep_until(wake);
  }
  const long long srv1 = o.server_pid && measuring ? process_cpu_ns(o.server_pid) : -1;
  const long long self1 = self_cpu_ns();

  LoadgenStats* total = calloc(1, sizeof *total);
  if (!total) {
    return 1;
  }
  for (unsigned t = 0; t < o.threads; ++t) {
    pthread_join(threads[t], NULL);
    const LoadgenStats* const s = loadgen_engine_stats(engines[t]);
    total->sent += s->sent;
    total->sent_window += s->sent_window;
    total->forwards += s->forwards;
    total->forwards_window += s->forwards_window;
    total->echoes += s->echoes;
    total->foreign += s->foreign;
    total->gro_buffers += s->gro_buffers;
    total->send_errors += s->send_errors;
    total->joined += s->joined;
    total->hist_over += s->hist_over;
    for (unsigned i = 0; i < LOADGEN_HIST_US; ++i) {
      total->hist[i] += s->hist[i];
    }
    if (s->late_ns_max > total->late_ns_max) {
      total->late_ns_max = s->late_ns_max;
    }
    loadgen_engine_free(engines[t]);
  }

  const unsigned jammers = o.rooms * o.jammers;
  // The part of the window that ran: all of it, or up to a stop signal (none in the warm-up).
  const double window =
      window_end > base.window_start_ns ? (double)(window_end - base.window_start_ns) / 1e9 : 0.0;
  const double per_s = window > 0.0 ? 1.0 / window : 0.0;
  // Mix mode: every jammer gets one mix packet per 128 frames at 48 kHz, whatever it sends.
  const double expected = o.mix ? (double)jammers * window * 48000.0 / 128.0
                                : (double)total->sent_window * (o.jammers - 1);
  const double loss =
      expected > 0 ? 100.0 * (1.0 - (double)total->forwards_window / expected) : 100.0;
  char loss_text[32] = "n/a"; // nothing expected: no window ran
  if (expected > 0) {
    snprintf(loss_text, sizeof loss_text, "%.4f", loss);
  }
  const double fwd_rate = (double)total->forwards_window * per_s;
  const double nominal = (double)jammers * 48000.0 / o.frames;
  const double sent_rate = (double)total->sent_window * per_s;
  // Delay percentiles of no sample are not 0 us: they read n/a.
  const int have_delay = samples(total) > 0;
  char p50[24] = "n/a";
  char p99[24] = "n/a";
  char p999[24] = "n/a";
  if (have_delay) {
    snprintf(p50, sizeof p50, "%llu", (unsigned long long)percentile_us(total, 0.50));
    snprintf(p99, sizeof p99, "%llu", (unsigned long long)percentile_us(total, 0.99));
    snprintf(p999, sizeof p999, "%llu", (unsigned long long)percentile_us(total, 0.999));
  }
  const double self_cpu = measuring ? (double)(self1 - self0) / 1e9 * per_s * 100.0 : 0.0;
  printf("rtjam-loadgen: %u rooms x %u jammers = %u jammers, %u frames, %.1f s window, %s%s%s%s\n",
         o.rooms, o.jammers, jammers, o.frames, window, o.sweep_us ? "sweep" : "epoll",
         o.gro ? ", UDP_GRO" : "", o.in_step ? ", rooms in step" : "", o.mix ? ", mix mode" : "");
  printf("  joined before the window  %llu of %u\n", (unsigned long long)total->joined, jammers);
  printf("  sent                      %.0f pkt/s (nominal %.0f), %llu send errors\n", sent_rate,
         nominal, (unsigned long long)total->send_errors);
  printf("  forwarded (received)      %.0f pkt/s of %.0f expected\n", fwd_rate, expected / window);
  printf("  loss                      %s %%\n", loss_text);
  printf("  added delay               p50 %s us, p99 %s us, p99.9 %s us (%llu >= %u us)\n", p50,
         p99, p999, (unsigned long long)total->hist_over, LOADGEN_HIST_US);
  printf("  loadgen                   %.0f %% of a core, worst send lag %.0f us\n", self_cpu,
         (double)total->late_ns_max / 1e3);
  double srv_ns_per_fwd = 0.0;
  double srv_cpu = 0.0;
  if (srv0 >= 0 && srv1 >= 0) {
    srv_cpu = (double)(srv1 - srv0) / 1e9 * per_s * 100.0;
    srv_ns_per_fwd =
        total->forwards_window ? (double)(srv1 - srv0) / (double)total->forwards_window : 0.0;
    printf("  server CPU                %.1f %% of a core, %.0f ns per forwarded packet "
           "(10 ms tick resolution)\n",
           srv_cpu, srv_ns_per_fwd);
  } else if (o.server_pid) {
    printf("  server CPU                unavailable (/proc/%ld/stat)\n", o.server_pid);
  }
  if (total->foreign) {
    printf("  foreign datagrams         %llu\n", (unsigned long long)total->foreign);
  }
  printf("RESULT rooms=%u jammers=%u total=%u frames=%u sent_pps=%.0f fwd_pps=%.0f loss_pct=%s "
         "p50_us=%s p99_us=%s server_cpu_pct=%.1f server_ns_per_fwd=%.0f loadgen_cpu_pct=%.0f "
         "joined=%llu gro_buffers=%llu window_s=%.3f\n",
         o.rooms, o.jammers, jammers, o.frames, sent_rate, fwd_rate, loss_text, p50, p99, srv_cpu,
         srv_ns_per_fwd, self_cpu, (unsigned long long)total->joined,
         (unsigned long long)total->gro_buffers, window);
  fflush(stdout);
  const int none_joined = total->joined == 0 && total->forwards == 0;
  free(total);
  if (stop_signal) {
    return 128 + stop_signal;
  }
  if (none_joined) {
    fprintf(stderr,
            "rtjam-loadgen: no server answered: none of the %u jammers joined (is rtjam-broadcast "
            "listening on %s port%s %u%s?)\n",
            jammers, o.host, o.rooms > 1 ? "s" : "", o.port, o.rooms > 1 ? " and up" : "");
    return 1;
  }
  return 0;
}
