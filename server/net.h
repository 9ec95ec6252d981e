// SPDX-License-Identifier: ISC
/// UDP sockets for the rooms: dual-stack by default, non-blocking, DSCP-marked, with large
/// kernel buffers. Setup code only (not the hot path).

#ifndef BCAST_NET_H
#define BCAST_NET_H

#include "addr.h"
#include "status.h"

#include <stddef.h>

#define BCAST_DSCP_DEFAULT  46      ///< DSCP EF (expedited forwarding): TOS byte 0xB8
#define BCAST_SOCKET_BUFFER 4194304 ///< bytes asked for SO_RCVBUF/SO_SNDBUF (the kernel may cap)

/// Opens a non-blocking UDP socket bound to `bind`, marks its packets with `dscp` (0..63:
/// IP_TOS and, on IPv6 sockets, IPV6_TCLASS, then SO_PRIORITY 6), and enlarges its buffers.
/// An AF_INET6 socket accepts IPv4 too (IPV6_V6ONLY off). Failures to mark or to enlarge are
/// logged as warnings; failure to create or bind is an error.
/// @param fd   receives the socket
/// @param err  receives a message such as "bind [::]:7891: Address already in use"
/// @return JAM_ERR_SYSTEM on failure (nothing is left open)
JamStatus
bcast_udp_open(const BcastSockaddr* bind, int dscp, int* fd, char* err, size_t err_cap);

#endif // BCAST_NET_H
