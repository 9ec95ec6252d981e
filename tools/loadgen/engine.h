// SPDX-License-Identifier: ISC
/// rtjam-loadgen's engine: simulated jammers (one UDP socket each) that send one packet per
/// period to their room's port and echo the ServerTime of the last packet they received, as
/// real clients do, and a receive loop that measures forwarded packets and their added delay.
/// One engine per thread; each owns whole rooms.

#ifndef LOADGEN_ENGINE_H
#define LOADGEN_ENGINE_H

#include "status.h"

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define LOADGEN_HIST_US 20000u ///< µs: delays are histogrammed in 1-µs bins up to this

/// Measurements of one engine (merged by the caller).
typedef struct {
  uint64_t sent;                  ///< packets sent in the whole run
  uint64_t sent_window;           ///< packets sent inside the measurement window
  uint64_t forwards;              ///< forwarded packets received in the whole run
  uint64_t forwards_window;       ///< forwards received of packets sent inside the window
  uint64_t echoes;                ///< 28-byte datagrams received (echoes and challenges)
  uint64_t foreign;               ///< datagrams not recognised as ours (should stay 0)
  uint64_t gro_buffers;           ///< receive buffers that held 2 or more datagrams (--gro)
  uint64_t send_errors;           ///< failed sends
  uint64_t joined;                ///< jammers that received a forward before the window
  uint64_t hist[LOADGEN_HIST_US]; ///< forwards in the window by added delay, 1-µs bins
  uint64_t hist_over;             ///< forwards in the window delayed LOADGEN_HIST_US or more
  uint64_t late_ns_max;           ///< ns: the largest lag of a send behind its schedule
} LoadgenStats;

/// What one engine simulates.
typedef struct {
  struct sockaddr_storage server; ///< server address; the port is replaced per room
  socklen_t server_len;           ///< bytes of server in use
  uint16_t first_port;            ///< port of this engine's first room
  unsigned rooms;                 ///< rooms of this engine
  unsigned jammers_per_room;      ///< jammers in each room
  uint32_t first_client_id;       ///< client id of its first jammer
  unsigned frames;                ///< frames per packet: 8..249 (clients send 64 or 128)
  uint64_t start_ns;              ///< CLOCK_REALTIME ns: start sending
  uint64_t window_start_ns;       ///< CLOCK_REALTIME ns: start of the measurement window
  uint64_t window_end_ns;         ///< CLOCK_REALTIME ns: stop sending
  uint64_t drain_ns;              ///< ns to keep receiving after window_end_ns
  uint64_t sweep_ns;              ///< 0: epoll; else read every socket every sweep_ns (no
                                  ///< epoll, so the server's sends wake nobody up)
  int in_step;                    ///< 1: a room's jammers send in the same slot (one clock)
  uint64_t quantum_ns;            ///< sends due within this many ns go together (0: exact)
  int gro;                        ///< 1: UDP_GRO on the jammer sockets (a GSO send from the
                                  ///< server arrives as one buffer, split here by segment size)
  int mix;                        ///< 1: mix mode: the forwards counted are the server's mix
                                  ///< (client 40002), received inside the window; the delay
                                  ///< is from its ServerTime
} LoadgenEngineConfig;

typedef struct LoadgenEngineImpl LoadgenEngine;

/// Opens the sockets. @param err receives a message on failure @return NULL on failure
LoadgenEngine*
loadgen_engine_new(const LoadgenEngineConfig* config, char* err, size_t err_cap);

/// Frees it and closes its sockets; NULL is a no-op.
void
loadgen_engine_free(LoadgenEngine* self);

/// Runs the whole schedule (blocking) and fills the engine's statistics.
void
loadgen_engine_run(LoadgenEngine* self);

/// Asks a running engine (from another thread) to end its window at `at_ns` (CLOCK_REALTIME, at
/// or before now): it stops sending, drains its replies for drain_ns and returns; the packets
/// sent before `at_ns` are measured as in a full run.
void
loadgen_engine_stop(LoadgenEngine* self, uint64_t at_ns);

/// Packets sent and forwards received so far, readable from another thread while it runs
/// (updated once per send slot).
void
loadgen_engine_progress(LoadgenEngine* self, uint64_t* sent, uint64_t* forwards);

/// The statistics after run.
const LoadgenStats*
loadgen_engine_stats(const LoadgenEngine* self);

/// CLOCK_REALTIME in ns (the clock of SO_TIMESTAMPNS).
uint64_t
loadgen_now_ns(void);

#endif // LOADGEN_ENGINE_H
