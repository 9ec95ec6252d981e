// SPDX-License-Identifier: ISC
/// Command line of rtjam-broadcast: parsing and validation into BcastOptions, and --help text.
/// No global state (no getopt), so it is unit-testable.

#ifndef BCAST_OPTIONS_H
#define BCAST_DSCP_DEFAULT  46         ///< DSCP EF (expedited forwarding): TOS byte 0xB8
#define BCAST_SOCKET_BUFFER 4194304    ///< bytes asked for SO_SNDBUF and, by default, SO_RCVBUF
#define BCAST_RCVBUF_MIN    65536u     ///< smallest --rcvbuf
#define BCAST_RCVBUF_MAX    268435456u ///< largest --rcvbuf (256 MiB)
#define BCAST_OPTIONS_H

#include "log.h"
#include "status.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BCAST_MAX_ROOMS   256u ///< ports (rooms) per process
#define BCAST_MAX_THREADS 64u  ///< worker threads

/// One room to open.
typedef struct {
  uint16_t port;      ///< UDP port
  uint32_t tempo_bpm; ///< its metronome tempo
} BcastPortSpec;

/// Everything the command line sets.
typedef struct {
  BcastPortSpec ports[BCAST_MAX_ROOMS]; ///< rooms, in command-line order
  size_t port_count;                    ///< rooms; 7891 if none was given
  const char* bind;                     ///< numeric address; NULL means "::" (dual-stack)
  uint32_t max_players;                 ///< members per room
  uint32_t tempo_bpm;                   ///< tempo of rooms given without their own
  uint32_t rate;                        ///< packets/s per member
  uint32_t burst;                       ///< packets per member burst
  uint32_t max_per_ip;                  ///< members one source IP may hold, 0 = no limit
  int rcvbuf;                           ///< bytes asked for SO_RCVBUF
  const char* record_dir;               ///< takes go to RECORD_DIR/PORT/, NULL: no recorder
  uint64_t record_budget;               ///< bytes of one take (audio.dmp)
  uint64_t record_keep;                 ///< bytes the saved takes (recs/) may hold
  uint16_t control_port;                ///< control websocket's TCP port, 0: none
  const char* control_bind;             ///< its bind address, NULL: "127.0.0.1"
  const char* control_token;            ///< its access token, NULL: none (loopback only)
  const char* control_origin;           ///< one more Origin allowed on it, NULL: none
  unsigned threads;                     ///< workers; 0 means one per online CPU
  const char* status_file;              ///< JSON status path, NULL for none
  int dscp;                             ///< DSCP mark 0..63
  int rt_priority;                      ///< SCHED_FIFO priority of the workers, 0 = off
  unsigned batch;                       ///< datagrams per recvmmsg
  unsigned spin_us;                     ///< µs of busy polling after traffic, 0 = off
  int no_gso;                           ///< 1: never send with UDP_SEGMENT (--no-gso)
  const char* nation_api;               ///< rtjam-nation REST base URL, NULL: no nation link
  const char* nation_ws;                ///< rtjam-nation chat websocket URL, NULL: no link
  char mac[18];                         ///< MAC sent to the nation, "": the first interface's
  const char* wan_ip;                   ///< wanIp of POST room, NULL: ""
  int mix;                              ///< 1: rooms start in mix mode (--room-mode mix)
  JamLogLevel log_level;                ///< verbosity
  int log_level_set;                    ///< 1 if --log-level was given
  int help;                             ///< 1: print usage and exit
  int version;                          ///< 1: print the version and exit
} BcastOptions;

/// Parses argv (argv[0] is skipped). Accepts "--name value" and "--name=value".
/// @param err  receives a one-line message on failure, e.g. "--tempo 0: must be 1..1000 BPM"
/// @return JAM_ERR_PARSE or JAM_ERR_BAD_ARGUMENT on failure
JamStatus
bcast_options_parse(int argc, const char* const* argv, BcastOptions* out, char* err,
                    size_t err_cap);

/// Prints the --help text.
void
bcast_options_usage(FILE* out);

#endif // BCAST_OPTIONS_H
