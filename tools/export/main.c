// SPDX-License-Identifier: ISC
// rtjam-export: a recorded take (rtjam_rust_spec.md §4.10; the original's rt_2_wave and
// rt_2_csv) to one 16-bit WAV per player and channel, a 32-bit float stereo mix WAV and a CSV
// of packet timing.
//
// Placement: a player's first packet lands at its ServerTime offset from the take's first
// packet (48 kHz); each later packet at (seq - first seq) x frames after it, so what a player
// sent is reproduced contiguously and a lost packet leaves exactly its frames of silence.
// 16-bit samples are exact: the wire code c decodes to c/32768 - 1 = (c - 32768)/32768.

#include "packet.h"
#include "take.h"
#include "version.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PLAYERS 256u
#define RATE        TAKE_RATE

typedef struct {
  uint32_t client_id;
  uint32_t first_seq;
  uint64_t first_time;
  uint64_t base;     ///< frame position of the first packet
  uint32_t frames;   ///< frames of its first audio packet
  uint64_t packets;  ///< packets in the take
  uint64_t lost;     ///< sequence gaps
  uint64_t end;      ///< frames written (one past the last)
  uint32_t last_seq; ///< for gaps
  int fd[2];         ///< ch1, ch2 WAVs
  int seen;          ///< 1 after its first packet in pass 2
} Player;

static void
usage(FILE* const out)
{
  fprintf(out,
          "Usage: rtjam-export [OPTION]... TAKE\n"
          "Exports a take recorded by rtjam-broadcast (audio.dmp or recs/NAME) to WAV and CSV:\n"
          "  NAME-ID-ch1.wav, NAME-ID-ch2.wav  each player's channels (16-bit, 48 kHz, exact)\n"
          "  NAME-mix.wav                      every player's channel 1 left, channel 2 right\n"
          "                                    (32-bit float stereo)\n"
          "  NAME.csv                          one row per packet: its timing and sequence\n"
          "Players are time-aligned by ServerTime; lost packets become silence.\n"
          "\n"
          "  -o, --output DIR   write the files there (default: the current directory)\n"
          "  -n, --name NAME    file name prefix (default: the take's file name)\n"
          "  -q, --quiet        no progress line\n"
          "  -h, --help         print this help and exit\n"
          "  -V, --version      print the version and exit\n");
}

static void
put_u32(uint8_t* const p, const uint32_t v)
{
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

static void
put_u16(uint8_t* const p, const uint16_t v)
{
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}

// A 44-byte WAV header for `frames` frames.
static void
wav_header(uint8_t* const h, const uint16_t format, const uint16_t channels, const uint16_t bits,
           const uint64_t frames)
{
  const uint32_t block = channels * (bits / 8u);
  const uint64_t data = frames * block;
  const uint32_t data32 = data > 0xffffffd3ull ? 0xffffffd3u : (uint32_t)data;
  memcpy(h, "RIFF", 4);
  put_u32(h + 4, 36u + data32);
  memcpy(h + 8, "WAVEfmt ", 8);
  put_u32(h + 16, 16);
  put_u16(h + 20, format);
  put_u16(h + 22, channels);
  put_u32(h + 24, RATE);
  put_u32(h + 28, RATE * block);
  put_u16(h + 32, (uint16_t)block);
  put_u16(h + 34, bits);
  memcpy(h + 36, "data", 4);
  put_u32(h + 40, data32);
}

static int
pwrite_all(const int fd, const void* const buf, const size_t n, const off_t off)
{
  const uint8_t* p = buf;
  size_t left = n;
  off_t at = off;
  while (left > 0) {
    const ssize_t w = pwrite(fd, p, left, at);
    if (w < 0 && errno == EINTR) {
      continue;
    }
    if (w <= 0) {
      return -1;
    }
    p += w;
    left -= (size_t)w;
    at += w;
  }
  return 0;
}

static Player*
find_player(Player* const players, uint32_t* const count, const uint32_t id)
{
  for (uint32_t i = 0; i < *count; ++i) {
    if (players[i].client_id == id) {
      return &players[i];
    }
  }
  if (*count == MAX_PLAYERS) {
    return NULL;
  }
  Player* const p = &players[(*count)++];
  memset(p, 0, sizeof *p);
  p->client_id = id;
  p->fd[0] = p->fd[1] = -1;
  return p;
}

int
main(const int argc, char** const argv)
{
  const char* out_dir = ".";
  const char* name = NULL;
  int quiet = 0;
  static const struct option longopts[] = {
      {"output", required_argument, NULL, 'o'}, {"name", required_argument, NULL, 'n'},
      {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
  };
  int c;
  while ((c = getopt_long(argc, argv, "o:n:qhV", longopts, NULL)) != -1) {
    switch (c) {
    case 'o':
      out_dir = optarg;
      break;
    case 'n':
      name = optarg;
      break;
    case 'q':
      quiet = 1;
      break;
    case 'h':
      usage(stdout);
      return 0;
    case 'V':
      printf("rtjam-export %s\n", jam_version());
      return 0;
    default:
      usage(stderr);
      return 2;
    }
  }
  if (optind != argc - 1) {
    fprintf(stderr, "rtjam-export: expected one TAKE (see --help)\n");
    return 2;
  }
  const char* const take = argv[optind];
  if (!name) {
    const char* const slash = strrchr(take, '/');
    name = slash ? slash + 1 : take;
  }
  if (!*name || strchr(name, '/')) {
    fprintf(stderr, "rtjam-export: --name %s: must be a file name\n", name);
    return 2;
  }
  FILE* const f = fopen(take, "rb");
  if (!f) {
    fprintf(stderr, "rtjam-export: %s: %s\n", take, strerror(errno));
    return 1;
  }
  struct stat st;
  const uint64_t total = fstat(fileno(f), &st) == 0 ? (uint64_t)st.st_size : 0;

  static Player players[MAX_PLAYERS];
  uint32_t count = 0;
  uint8_t buf[JAM_PACKET_MAX_SIZE];
  uint64_t t0 = 0;
  uint64_t t_end = 0;
  uint64_t npackets = 0;
  long len;
  // Pass 1: the players, their first packets, and the take's first ServerTime.
  while ((len = take_next_packet(f, buf)) > 0) {
    const uint64_t t = jam_packet_get_u64(buf, JAM_PACKET_OFF_SERVER_TIME);
    if (npackets == 0 || t < t0) {
      t0 = t;
    }
    if (npackets == 0 || t > t_end) {
      t_end = t;
    }
    ++npackets;
    Player* const p =
        find_player(players, &count, jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID));
    if (!p) {
      fprintf(stderr, "rtjam-export: more than %u players\n", MAX_PLAYERS);
      fclose(f);
      return 1;
    }
    const uint32_t frames = (uint32_t)(len - (long)JAM_PACKET_HEADER_SIZE) / 4u;
    if (p->packets == 0 || (p->frames == 0 && frames > 0)) {
      p->first_seq = jam_packet_get_u32(buf, JAM_PACKET_OFF_SEQUENCE);
      p->first_time = t;
      p->frames = frames;
    }
    ++p->packets;
  }
  if (len < 0) {
    fprintf(stderr,
            "rtjam-export: %s: cut or corrupt after packet %llu (byte %ld); exporting what "
            "came before\n",
            take, (unsigned long long)npackets, ftell(f));
  }
  if (npackets == 0) {
    fprintf(stderr, "rtjam-export: %s: no packets\n", take);
    fclose(f);
    return 1;
  }
  // A packet whose sequence number would place it past the take's end (by ServerTime) plus 10 s
  // is a sender's wild sequence jump: its audio is left out (counted), so that a hostile client
  // cannot make the export write terabytes of silence.
  uint64_t limit = 0;
  if (take_limit(t0, t_end, &limit) != 0) {
    fprintf(stderr, "rtjam-export: %s: its ServerTimes span more than 48 h: not a take\n", take);
    fclose(f);
    return 1;
  }
  uint64_t misplaced = 0;

  // Output files.
  char path[8192];
  int rc = 0;
  for (uint32_t i = 0; i < count && rc == 0; ++i) {
    Player* const p = &players[i];
    p->base = take_base(p->first_time, t0);
    for (int ch = 0; ch < 2; ++ch) {
      snprintf(path, sizeof path, "%s/%s-%u-ch%d.wav", out_dir, name, (unsigned)p->client_id,
               ch + 1);
      p->fd[ch] = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (p->fd[ch] < 0) {
        fprintf(stderr, "rtjam-export: %s: %s\n", path, strerror(errno));
        rc = 1;
        break;
      }
    }
  }
  snprintf(path, sizeof path, "%s/%s-mix.wav", out_dir, name);
  const int mix = rc == 0 ? open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
  snprintf(path, sizeof path, "%s/%s.csv", out_dir, name);
  FILE* const csv = rc == 0 ? fopen(path, "w") : NULL;
  if (rc != 0 || mix < 0 || !csv) {
    if (rc == 0) {
      fprintf(stderr, "rtjam-export: %s: %s\n", path, strerror(errno));
    }
    fclose(f);
    return 1;
  }
  fprintf(csv, "packet,server_time_us,offset_ms,client_id,seq,frames,beat,client_time_us,gap\n");

  // Pass 2: samples, mix and CSV.
  rewind(f);
  uint64_t done = 0;
  uint64_t mix_end = 0;
  int last_tenth = -1;
  const int progress = !quiet && total > (16u << 20);
  for (uint64_t k = 0; k < npackets && rc == 0; ++k) {
    len = take_next_packet(f, buf);
    if (len <= 0) {
      break;
    }
    done += (uint64_t)len;
    const uint64_t t = jam_packet_get_u64(buf, JAM_PACKET_OFF_SERVER_TIME);
    const uint32_t id = jam_packet_get_u32(buf, JAM_PACKET_OFF_CLIENT_ID);
    const uint32_t seq = jam_packet_get_u32(buf, JAM_PACKET_OFF_SEQUENCE);
    Player* const p = find_player(players, &count, id);
    const uint32_t frames = (uint32_t)(len - (long)JAM_PACKET_HEADER_SIZE) / 4u;
    long gap = 0;
    if (p->seen) {
      gap = (long)(int32_t)(seq - p->last_seq) - 1;
    }
    p->seen = 1;
    p->last_seq = seq;
    if (gap > 0) {
      p->lost += (uint64_t)gap;
    }
    fprintf(csv, "%llu,%llu,%.3f,%u,%u,%u,%u,%llu,%ld\n", (unsigned long long)k,
            (unsigned long long)t, (double)(t - t0) / 1000.0, (unsigned)id, (unsigned)seq,
            (unsigned)frames, (unsigned)buf[3],
            (unsigned long long)jam_packet_get_u64(buf, JAM_PACKET_OFF_CLIENT_TIME), gap);
    uint64_t pos = 0;
    if (take_place(p->base, p->first_seq, p->frames, seq, frames, limit, &pos) != 0) {
      // header-only or before the first (reordered): timing only; else a wild jump
      misplaced += frames > 0 && seq - p->first_seq <= 0x7fffffffu;
      continue;
    }
    int16_t pcm[2][256];
    float mixbuf[512];
    memset(mixbuf, 0, sizeof mixbuf);
    if (pos < mix_end && pread(mix, mixbuf, (size_t)frames * 8u, 44 + (off_t)pos * 8) < 0) {
      rc = 1; // (a short read past the end leaves zeros: silence)
    }
    if (pos + frames > mix_end) {
      mix_end = pos + frames;
    }
    for (uint32_t i = 0; i < frames; ++i) {
      for (int ch = 0; ch < 2; ++ch) {
        const uint8_t* const s = buf + JAM_PACKET_HEADER_SIZE + ((size_t)ch * frames + i) * 2u;
        const int code = (s[0] << 8) | s[1];
        pcm[ch][i] = (int16_t)(code - 32768);
        mixbuf[2 * i + (uint32_t)ch] += (float)(code - 32768) / 32768.0f;
      }
    }
    for (int ch = 0; ch < 2 && rc == 0; ++ch) {
      uint8_t le[512];
      for (uint32_t i = 0; i < frames; ++i) {
        put_u16(le + 2 * i, (uint16_t)pcm[ch][i]);
      }
      if (pwrite_all(p->fd[ch], le, (size_t)frames * 2u, 44 + (off_t)pos * 2) != 0) {
        rc = 1;
      }
    }
    if (rc == 0 && pwrite_all(mix, mixbuf, (size_t)frames * 8u, 44 + (off_t)pos * 8) != 0) {
      rc = 1;
    }
    if (pos + frames > p->end) {
      p->end = pos + frames;
    }
    if (progress) {
      const int tenth = (int)(done * 10u / total);
      if (tenth != last_tenth) {
        last_tenth = tenth;
        fprintf(stderr, "rtjam-export: %d%% (%llu of %llu packets)\n", tenth * 10,
                (unsigned long long)k + 1u, (unsigned long long)npackets);
      }
    }
  }
  if (rc != 0) {
    fprintf(stderr, "rtjam-export: write: %s\n", strerror(errno));
  }
  // Headers (and every file padded to the take's length with silence).
  uint8_t h[44];
  for (uint32_t i = 0; i < count && rc == 0; ++i) {
    Player* const p = &players[i];
    for (int ch = 0; ch < 2; ++ch) {
      wav_header(h, 1, 1, 16, mix_end);
      if (pwrite_all(p->fd[ch], h, 44, 0) != 0 ||
          ftruncate(p->fd[ch], 44 + (off_t)mix_end * 2) != 0) {
        rc = 1;
      }
      close(p->fd[ch]);
    }
    if (!quiet) {
      printf("client %u: %llu packets, %llu lost, starts at %.3f s -> %s-%u-ch1.wav, "
             "%s-%u-ch2.wav\n",
             (unsigned)p->client_id, (unsigned long long)p->packets, (unsigned long long)p->lost,
             (double)p->base / RATE, name, (unsigned)p->client_id, name, (unsigned)p->client_id);
    }
  }
  wav_header(h, 3, 2, 32, mix_end);
  if (rc == 0 && (pwrite_all(mix, h, 44, 0) != 0 || ftruncate(mix, 44 + (off_t)mix_end * 8) != 0)) {
    rc = 1;
  }
  close(mix);
  if (fclose(csv) != 0) {
    rc = 1;
  }
  fclose(f);
  if (rc != 0) {
    fprintf(stderr, "rtjam-export: writing the output failed: %s\n", strerror(errno));
    return 1;
  }
  if (misplaced) {
    fprintf(stderr,
            "rtjam-export: %llu packets left out: their sequence numbers place them more than "
            "10 s past the take's end\n",
            (unsigned long long)misplaced);
  }
  if (!quiet) {
    printf("%llu packets, %u players, %.3f s -> %s-mix.wav, %s.csv\n", (unsigned long long)npackets,
           (unsigned)count, (double)mix_end / RATE, name, name);
  }
  return 0;
}
