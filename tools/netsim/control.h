// SPDX-License-Identifier: ISC
/// rtjam-netsim on cue: changes the impairment of a running relay, and pauses and resumes a
/// direction (an outage that keeps every mapping, so the server sees the same source address
/// before and after). Commands come from a control socket (UDP on loopback, one command per
/// datagram, one reply datagram) and from a schedule file (lines "SECONDS COMMAND", run that
/// many seconds after start). The command language (docs/net.md, "rtjam-netsim on cue"):
///
///   pause [up|down|both]       drop every datagram in that direction until resume
///   resume [up|down|both]      end the outage
///   set [up|down|both] KEY=VALUE...   keys: delay, jitter (ms), loss, reorder, dup (percent),
///                              burst (datagrams), reorder-ms (ms)
///   show                       the settings and outage state of both directions
///
/// The direction defaults to both. Replies are "ok ..." or "error ...".

#ifndef NETSIM_CONTROL_H
#define NETSIM_CONTROL_H

#include "impair.h"

#include <stddef.h>
#include <stdint.h>

/// What a command may change: both directions ([0] server -> client, [1] client -> server).
typedef struct {
  NetsimImpair* dir;        ///< the two directions' impairment state
  int paused[2];            ///< 1 while that direction is in an outage
  uint64_t paused_drops[2]; ///< datagrams dropped by outages, per direction
  uint64_t pauses;          ///< pause commands applied
} NetsimCue;

typedef struct NetsimControlImpl NetsimControl;

/// Opens the control socket (`port_text` = [HOST:]PORT, host 127.0.0.1 by default; NULL = none)
/// and reads the schedule file (NULL = none). @return NULL with a message in err on failure
NetsimControl*
netsim_control_new(const char* port_text, const char* schedule_path, char* err, size_t err_size);

/// Closes the socket; NULL is a no-op.
void
netsim_control_free(NetsimControl* self);

/// The control socket to poll for input, or −1.
int
netsim_control_fd(const NetsimControl* self);

/// µs (monotonic) of the next schedule entry, or UINT64_MAX when there is none.
uint64_t
netsim_control_next_us(const NetsimControl* self);

/// Runs the schedule entries due at `now_us` (start_us = when the relay started) and every
/// command waiting on the socket, answering each.
void
netsim_control_poll(NetsimControl* self, NetsimCue* cue, uint64_t start_us, uint64_t now_us);

/// Parses and applies one command. @return 0 if applied; the reply (NUL-terminated) either way
int
netsim_control_apply(NetsimCue* cue, const char* command, char* reply, size_t reply_size);

#endif // NETSIM_CONTROL_H
