// SPDX-License-Identifier: ISC
// rtjam-probe: measures audio latency from one JACK port to another through the real graph.
// It plays a maximum-length sequence (MLS) burst into --send, records --receive, and finds the
// burst in the recording by FFT cross-correlation. Timing is in JACK frames: the burst starts
// at a known absolute frame, so the lag of the correlation peak is the latency in frames.
//
// Threads: the JACK process callback (real-time) only copies samples between preallocated
// buffers and the ports and publishes progress through atomics; everything else runs in main.

#include "correlate.h"

#include "log.h"
#include "rt.h"
#include "version.h"

#include <jack/jack.h>

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROBE_MAX_RUNS       100
#define PROBE_MAX_RUNS_TEXT  "100"
#define PROBE_MIN_LEVEL_DB   -120.0 ///< dBFS: quieter than this the probe is lost in the noise
#define PROBE_MAX_INTERVAL_S 3600.0 ///< s: a longer pause between measurements is a mistake

/// What the process callback shares with the main thread.
typedef struct {
  jack_client_t* client;      ///< the JACK client
  jack_port_t* out;           ///< plays the burst
  jack_port_t* in;            ///< records the response
  const float* burst;         ///< burst samples (scaled MLS)
  size_t burst_len;           ///< frames
  float* rec;                 ///< recording buffer
  size_t rec_len;             ///< frames to record from the burst start
  atomic_uint_fast64_t start; ///< absolute frame of the burst start; 0 = idle
  atomic_int done;            ///< set by the callback when the recording is complete
  atomic_int xruns;           ///< xruns seen
} Probe;

static volatile sig_atomic_t stop_requested;

static void
on_signal(const int sig)
{
  (void)sig;
  stop_requested = 1;
}

JAM_REALTIME static int
process(const jack_nframes_t nframes, void* const arg)
{
  Probe* self = arg;
  float* out = jack_port_get_buffer(self->out, nframes);
  const float* in = jack_port_get_buffer(self->in, nframes);
  memset(out, 0, nframes * sizeof *out);
  const uint64_t start = atomic_load_explicit(&self->start, memory_order_acquire);
  if (start == 0 || atomic_load_explicit(&self->done, memory_order_relaxed)) {
    return 0;
  }
  const uint64_t frame0 = jack_last_frame_time(self->client);
  for (jack_nframes_t i = 0; i < nframes; ++i) {
    const uint64_t f = frame0 + i;
    if (f < start) {
      continue;
    }
    const uint64_t k = f - start;
    if (k < self->burst_len) {
      out[i] = self->burst[k];
    }
    if (k < self->rec_len) {
      self->rec[k] = in[i];
    }
    if (k + 1 == self->rec_len) {
      atomic_store_explicit(&self->done, 1, memory_order_release);
    }
  }
  return 0;
}

static int
on_xrun(void* const arg)
{
  Probe* self = arg;
  atomic_fetch_add(&self->xruns, 1);
  return 0;
}

// libjack's messages: only with RTJAM_LOG=debug.
static void
jack_message(const char* const msg)
{
  if (jam_log_enabled(JAM_LOG_DEBUG)) {
    fprintf(stderr, "jack: %s\n", msg);
  }
}

static void
usage(FILE* const out)
{
  fprintf(out,
          "Usage: rtjam-probe --send PORT --receive PORT [options]\n"
          "Measures the latency from a JACK input port to a JACK output port, through the\n"
          "real graph (and the network, if the path crosses it), by MLS cross-correlation.\n\n"
          "  -s, --send PORT        input port the probe signal is fed to (e.g. host-a:in_1)\n"
          "  -r, --receive PORT     output port the probe listens to (e.g. host-b:out_l)\n"
          "  -n, --count N          measurements, 1..100 (default 5)\n"
          "  -l, --level DB         probe level in dBFS, -120..0 (default -20)\n"
          "  -m, --max-latency MS   longest latency searched for, up to 10000 (default 500)\n"
          "  -i, --interval S       pause between measurements, 0..3600 (default 0.2)\n"
          "      --order N          MLS order 8..18: burst of 2^N - 1 frames (default 13)\n"
          "      --min-correlation X  below this a run counts as 'no signal', 0 < X <= 1\n"
          "                         (default 0.3)\n"
          "      --name NAME        JACK client name (default rtjam-probe)\n"
          "      --server NAME      JACK server name (default: $JACK_DEFAULT_SERVER)\n"
          "  -j, --json             print one JSON object instead of text\n"
          "  -h, --help             this text\n"
          "  -V, --version          print the version\n\n"
          "The gain reported is that of the run with the best correlation.\n"
          "Exit status: 0 when every run found the signal, 1 when some did not, 2 on errors.\n");
}

// A finite number in lo..hi (lo excluded when open_lo), the whole text. @return 0, or -1
static int
parse_number(const char* const text, const double lo, const int open_lo, const double hi,
             double* const out)
{
  char* end = NULL;
  errno = 0;
  const double v = strtod(text, &end);
  if (errno || end == text || *end || !isfinite(v) || v > hi || v < lo || (open_lo && v == lo)) {
    return -1;
  }
  *out = v;
  return 0;
}

// A whole decimal number in lo..hi, checked before it is narrowed. @return 0, or -1
static int
parse_whole(const char* const text, const long long lo, const long long hi, long long* const out)
{
  char* end = NULL;
  errno = 0;
  const long long v = strtoll(text, &end, 10);
  if (errno || end == text || *end || v < lo || v > hi) {
    return -1;
  }
  *out = v;
  return 0;
}

static int
compare_size(const void* const a, const void* const b)
{
  const size_t x = *(const size_t*)a;
  const size_t y = *(const size_t*)b;
  return (x > y) - (x < y);
}

int
main(int argc, char** argv)
{
  enum { OPT_ORDER = 256, OPT_MINCORR, OPT_NAME, OPT_SERVER };
  static const struct option options[] = {
      {"send", required_argument, NULL, 's'},
      {"receive", required_argument, NULL, 'r'},
      {"count", required_argument, NULL, 'n'},
      {"level", required_argument, NULL, 'l'},
      {"max-latency", required_argument, NULL, 'm'},
      {"interval", required_argument, NULL, 'i'},
      {"order", required_argument, NULL, OPT_ORDER},
      {"min-correlation", required_argument, NULL, OPT_MINCORR},
      {"name", required_argument, NULL, OPT_NAME},
      {"server", required_argument, NULL, OPT_SERVER},
      {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0},
  };
  const char* send_port = NULL;
  const char* receive_port = NULL;
  const char* name = "rtjam-probe";
  const char* server = NULL;
  int count = 5;
  double level_db = -20.0;
  double max_latency_ms = 500.0;
  double interval_s = 0.2;
  double min_corr = 0.3;
  unsigned order = 13;
  int json = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, "s:r:n:l:m:i:jhV", options, NULL)) != -1) {
    const char* want = NULL; // set when the value is refused: what it must be
    long long whole = 0;
    switch (opt) {
    case 's':
      send_port = optarg;
      break;
    case 'r':
      receive_port = optarg;
      break;
    case 'n':
      if (parse_whole(optarg, 1, PROBE_MAX_RUNS, &whole)) {
        want = "a whole number of measurements from 1 to " PROBE_MAX_RUNS_TEXT;
      }
      count = (int)whole;
      break;
    case 'l':
      if (parse_number(optarg, PROBE_MIN_LEVEL_DB, 0, 0.0, &level_db)) {
        want = "a level in dBFS from -120 to 0";
      }
      break;
    case 'm':
      if (parse_number(optarg, 0.0, 1, 10000.0, &max_latency_ms)) {
        want = "a latency in ms over 0, at most 10000";
      }
      break;
    case 'i':
      if (parse_number(optarg, 0.0, 0, PROBE_MAX_INTERVAL_S, &interval_s)) {
        want = "a pause in seconds from 0 to 3600";
      }
      break;
    case OPT_ORDER:
      if (parse_whole(optarg, 8, 18, &whole)) {
        want = "a whole MLS order from 8 to 18";
      }
      order = (unsigned)whole;
      break;
    case OPT_MINCORR:
      if (parse_number(optarg, 0.0, 1, 1.0, &min_corr)) {
        want = "a correlation over 0, at most 1";
      }
      break;
    case OPT_NAME:
      name = optarg;
      break;
    case OPT_SERVER:
      server = optarg;
      break;
    case 'j':
      json = 1;
      break;
    case 'h':
      usage(stdout);
      return 0;
    case 'V':
      printf("rtjam-probe %s\n", jam_version());
      return 0;
    default:
      usage(stderr);
      return 2;
    }
    if (want) {
      const char* long_name = "?";
      for (const struct option* o = options; o->name; ++o) {
        if (o->val == opt) {
          long_name = o->name;
        }
      }
      fprintf(stderr, "rtjam-probe: invalid value '%s' for --%s: must be %s (see --help)\n", optarg,
              long_name, want);
      return 2;
    }
  }
  if (!send_port || !receive_port || optind != argc) {
    fprintf(stderr, "rtjam-probe: --send and --receive are required (see --help)\n");
    return 2;
  }

  // libjack prints its own lines ("Cannot connect to server socket err = ...") before
  // jack_client_open returns; we say in one line what is wrong instead (RTJAM_LOG=debug shows
  // libjack's).
  jack_set_error_function(jack_message);
  jack_set_info_function(jack_message);
  jack_status_t status = 0;
  jack_client_t* client = jack_client_open(
      name, JackNoStartServer | (server ? JackServerName : JackNullOption), &status, server);
  if (!client) {
    if (status & JackServerFailed) {
      fprintf(stderr,
              "rtjam-probe: no JACK server is running%s%s (start one first, e.g. "
              "'jackd -d alsa -r 48000 -p 128', or the rtjam-jackd service)\n",
              server ? " named " : "", server ? server : "");
    } else {
      fprintf(stderr, "rtjam-probe: cannot open a JACK client on the server%s%s (status 0x%x)\n",
              server ? " " : "", server ? server : "", (unsigned)status);
    }
    return 2;
  }
  const double rate = jack_get_sample_rate(client);
  Probe self = {.client = client};
  atomic_init(&self.start, 0);
  atomic_init(&self.done, 0);
  atomic_init(&self.xruns, 0);
  float* burst = calloc((size_t)1 << order, sizeof *burst);
  self.burst_len = burst ? probe_mls(order, burst) : 0;
  self.rec_len = self.burst_len + (size_t)(max_latency_ms * rate / 1000.0);
  self.rec = calloc(self.rec_len, sizeof *self.rec);
  if (!burst || !self.rec) {
    fprintf(stderr, "rtjam-probe: out of memory\n");
    return 2;
  }
  const float amp = (float)pow(10.0, level_db / 20.0);
  for (size_t i = 0; i < self.burst_len; ++i) {
    burst[i] *= amp;
  }
  self.burst = burst;
  self.out = jack_port_register(client, "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
  self.in = jack_port_register(client, "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
  if (!self.out || !self.in || jack_set_process_callback(client, process, &self) ||
      jack_set_xrun_callback(client, on_xrun, &self) || jack_activate(client)) {
    fprintf(stderr, "rtjam-probe: cannot set up the JACK client\n");
    return 2;
  }
  const char* client_name = jack_get_client_name(client);
  char own_out[320];
  char own_in[320];
  snprintf(own_out, sizeof own_out, "%s:out", client_name);
  snprintf(own_in, sizeof own_in, "%s:in", client_name);
  int rc = jack_connect(client, own_out, send_port);
  if (rc && rc != EEXIST) {
    fprintf(stderr, "rtjam-probe: cannot connect %s -> %s\n", own_out, send_port);
    return 2;
  }
  rc = jack_connect(client, receive_port, own_in);
  if (rc && rc != EEXIST) {
    fprintf(stderr, "rtjam-probe: cannot connect %s -> %s\n", receive_port, own_in);
    return 2;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  size_t lags[PROBE_MAX_RUNS] = {0};
  double corr_sum = 0.0;
  double best_corr = 0.0; // the cleanest run: an xrun during a run lowers its correlation
  double best_gain = -999.0;
  int found = 0;
  int runs = 0;
  const jack_nframes_t period = jack_get_buffer_size(client);
  for (; runs < count && !stop_requested; ++runs) {
    atomic_store(&self.done, 0);
    memset(self.rec, 0, self.rec_len * sizeof *self.rec);
    // Start a few periods ahead so the first frame of the burst is never missed.
    atomic_store_explicit(&self.start, (uint64_t)jack_frame_time(client) + 4u * period,
                          memory_order_release);
    const double timeout_s = 2.0 + (double)self.rec_len / rate;
    for (double waited = 0.0; !atomic_load(&self.done) && waited < timeout_s && !stop_requested;
         waited += 0.005) {
      usleep(5000);
    }
    atomic_store(&self.start, 0);
    if (!atomic_load(&self.done)) {
      fprintf(stderr, "rtjam-probe: run %d: the JACK graph stopped (no process cycles)\n", runs);
      continue;
    }
    ProbeMatch m;
    if (probe_correlate(self.burst, self.burst_len, self.rec, self.rec_len, &m) != 0) {
      fprintf(stderr, "rtjam-probe: out of memory\n");
      return 2;
    }
    if (m.correlation >= min_corr) {
      lags[found++] = m.lag;
      corr_sum += m.correlation;
      if (m.correlation > best_corr) {
        best_corr = m.correlation;
        best_gain = m.gain_db;
      }
    }
    if (!json) {
      printf("run %d: %zu frames (%.3f ms), correlation %.3f, gain %.2f dB%s\n", runs, m.lag,
             1000.0 * (double)m.lag / rate, m.correlation, m.gain_db,
             m.correlation >= min_corr ? "" : "  (no signal)");
      fflush(stdout);
    }
    usleep((useconds_t)(interval_s * 1e6));
  }
  jack_deactivate(client);
  jack_client_close(client);
  qsort(lags, (size_t)found, sizeof lags[0], compare_size);
  const size_t median = found ? lags[found / 2] : 0;
  if (json) {
    printf("{\"runs\":%d,\"found\":%d,\"rate\":%.0f,\"period\":%u,\"latency_frames\":%zu,"
           "\"latency_ms\":%.3f,\"min_frames\":%zu,\"max_frames\":%zu,\"correlation\":%.3f,"
           "\"gain_db\":%.2f,\"xruns\":%d}\n",
           runs, found, rate, period, median, 1000.0 * (double)median / rate, found ? lags[0] : 0,
           found ? lags[found - 1] : 0, found ? corr_sum / found : 0.0, best_gain,
           atomic_load(&self.xruns)); // -999: no signal
  } else if (found) {
    printf("latency: %zu frames (%.3f ms, %.2f periods of %u) median of %d; min %zu, max %zu; "
           "gain %.2f dB\n",
           median, 1000.0 * (double)median / rate, (double)median / period, period, found, lags[0],
           lags[found - 1], best_gain);
  } else {
    printf("latency: no signal found in %d runs\n", runs);
  }
  free(burst);
  free(self.rec);
  return found == runs && runs > 0 ? 0 : 1;
}
