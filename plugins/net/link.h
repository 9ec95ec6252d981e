// SPDX-License-Identifier: ISC
/// The network stage's socket and I/O thread. The I/O thread resolves the server, receives
/// datagrams, keeps only valid ones from the server, stamps their arrival and hands them to
/// the audio thread through an SPSC ring, in order with route changes. The audio thread sends
/// with one non-blocking sendto per packet on the same socket (the only syscall it makes).
///
/// Threads: net_link_new/free and net_link_request run on non-real-time threads;
/// net_link_request_rt, net_link_next and net_link_send run on the audio thread.

#ifndef NET_LINK_H
#define NET_LINK_H

#include "log.h"
#include "packet.h"
#include "rt.h"
#include "status.h"
#include "udp.h"

#include <stddef.h>
#include <stdint.h>

#define NET_LINK_HOST_MAX 256u ///< bytes, including the terminating NUL

/// Where to send: a room on a server, or nowhere (empty host = leave the room).
typedef struct {
  char host[NET_LINK_HOST_MAX]; ///< server name or address, "" to disconnect
  uint32_t port;                ///< UDP port of the room
  uint32_t client_id;           ///< our player id
} NetLinkTarget;

/// Kinds of message the I/O thread hands to the audio thread.
typedef enum {
  NET_LINK_MSG_PACKET = 1, ///< payload: NetLinkPacket header then the datagram (variable size)
  NET_LINK_MSG_ROUTE = 2,  ///< payload: NetLinkRoute (fixed size)
} NetLinkMsgType;

/// The route the audio thread sends on; changes arrive as NET_LINK_MSG_ROUTE.
typedef struct {
  JamUdpAddr server;    ///< the room's address, in the socket's family
  uint32_t client_id;   ///< our player id
  uint32_t connected;   ///< 1 when `server` is valid
  uint32_t generation;  ///< increments with every route change
  NetLinkTarget target; ///< the request this route answers (host as given, port, id)
} NetLinkRoute;

/// A received datagram as it sits in the ring (the bytes follow `len`).
typedef struct {
  uint64_t arrival_us;               ///< µs, monotonic clock, when the I/O thread got it
  uint32_t len;                      ///< bytes in data
  uint8_t data[JAM_PACKET_MAX_SIZE]; ///< the datagram
} NetLinkPacket;

/// Counters kept by the I/O thread (read them with net_link_counters).
typedef struct {
  uint64_t received;         ///< valid datagrams from the server handed to the audio thread
  uint64_t invalid;          ///< datagrams of a bad length (short, odd, over 1024 bytes)
  uint64_t foreign;          ///< datagrams from an address other than the server (dropped)
  uint64_t ring_full;        ///< datagrams dropped because the audio thread did not keep up
  uint64_t resolve_failures; ///< server names that did not resolve
} NetLinkCounters;

typedef struct NetLinkImpl NetLink;

/// Where the link's messages go (the I/O thread's join/leave notes and errors): a plugin
/// passes one that writes to the host's log:log. Called from net_link_new's thread and the
/// I/O thread, never from the audio thread; `message` has no trailing newline.
typedef void (*NetLinkLogFunc)(void* handle, JamLogLevel level, const char* message);

/// Opens a UDP socket on an ephemeral port (dual-stack where possible, DSCP EF) and starts the
/// I/O thread (SCHED_FIFO below the audio thread when permitted, else normal).
/// @param err  receives the reason on failure
/// @return NULL on failure
NetLink*
net_link_new(char* err, size_t err_size);

/// net_link_new() with the link's messages sent to `log` (NULL: jam_log, i.e. stderr).
/// @param handle  passed to `log`; must outlive the link
NetLink*
net_link_new_logged(NetLinkLogFunc log, void* handle, char* err, size_t err_size);

/// Stops the thread and closes the socket; NULL is a no-op. The audio thread must be stopped.
void
net_link_free(NetLink* self);

/// Asks the I/O thread to join `target` (resolution happens there). Any non-RT thread.
void
net_link_request(NetLink* self, const NetLinkTarget* target);

/// The same from the audio thread (through a ring; picked up within 20 ms).
/// @return JAM_ERR_FULL if the ring is full (try again next period)
JAM_REALTIME JamStatus
net_link_request_rt(NetLink* self, const NetLinkTarget* target);

/// Takes the next message for the audio thread.
/// @param buf   receives the payload: a NetLinkRoute or a NetLinkPacket
/// @return JAM_ERR_EMPTY when there is none
JAM_REALTIME JamStatus
net_link_next(NetLink* self, NetLinkMsgType* type, void* buf, size_t cap);

/// Sends one datagram to the route's server without blocking.
/// @return JAM_ERR_SYSTEM if the kernel refused it (counted by the caller)
JAM_REALTIME JamStatus
net_link_send(NetLink* self, const NetLinkRoute* route, const uint8_t* buf, size_t len);

/// Copies the latest requested target (what a plugin saves as its state). Non-RT threads.
void
net_link_target(NetLink* self, NetLinkTarget* out);

/// Copies the I/O thread's counters. Any thread.
void
net_link_counters(const NetLink* self, NetLinkCounters* out);

/// The local UDP port of the socket (host byte order).
unsigned
net_link_local_port(const NetLink* self);

#endif // NET_LINK_H
