// SPDX-License-Identifier: ISC
/// UDP socket helpers for non-real-time code: name resolution, socket setup with a DSCP mark,
/// and address formatting. Never call these from an audio thread (they may block or allocate).

#ifndef JAM_UDP_H
#define JAM_UDP_H

#include "status.h"

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define JAM_UDP_DSCP_EF     0xB8u ///< TOS byte for DSCP EF (46 << 2), the usual audio mark
#define JAM_UDP_ADDR_STRLEN 64u   ///< enough for "[ipv6%scope]:port"

/// A socket address with its length.
typedef struct {
  struct sockaddr_storage addr; ///< IPv4 or IPv6 address, network byte order
  socklen_t len;                ///< bytes of addr in use
} JamUdpAddr;

/// Resolves "host" and a port to one UDP address (numeric or by DNS; IPv4 preferred when both).
/// @param family AF_UNSPEC, AF_INET or AF_INET6
/// @return JAM_ERR_NOT_FOUND if the name does not resolve, JAM_ERR_BAD_ARGUMENT for port 0
JamStatus
jam_udp_resolve(const char* host, unsigned port, int family, JamUdpAddr* out);

/// Parses "host:port", "[v6]:port" or "port" (host defaults to `default_host`).
JamStatus
jam_udp_parse_endpoint(const char* text, const char* default_host, int family, JamUdpAddr* out);

/// Sets `out` to the wildcard address of `family` (AF_INET or AF_INET6) and `port` (0 = any).
void
jam_udp_any(int family, unsigned port, JamUdpAddr* out);

/// How jam_udp_open sets up a socket.
typedef struct {
  int nonblocking;  ///< 1: O_NONBLOCK
  unsigned tos;     ///< TOS byte (DSCP << 2) for IP_TOS and IPV6_TCLASS; 0 leaves it
  int buffer_bytes; ///< bytes for SO_RCVBUF and SO_SNDBUF (the forced variants when
                    ///< permitted, since the plain ones are capped by net.core.*mem_max); 0 leaves
  /// Where the warnings go (a failed mark or buffer size), e.g. an LV2 plugin's log:log;
  /// NULL: jam_log. Called from jam_udp_open's thread; `message` has no trailing newline.
  void (*warn)(void* handle, const char* message);
  void* warn_handle; ///< passed to warn
} JamUdpOptions;

/// Opens a UDP socket bound to `local` (port 0 = ephemeral). An AF_INET6 socket accepts IPv4
/// too (IPV6_V6ONLY off). With a TOS, SO_PRIORITY 6 is set after it (order matters: IP_TOS
/// rewrites the priority). Failures to mark or to size buffers are logged as warnings;
/// failing to create or bind the socket is an error.
/// @param err   receives a message naming the operation and address, such as
///              "bind [::]:7891: Address already in use"
/// @return the file descriptor, or -1
int
jam_udp_open(const JamUdpAddr* local, const JamUdpOptions* options, char* err, size_t err_size);

/// Formats an address as "a.b.c.d:port" or "[v6]:port" (IPv4-mapped IPv6 shown as IPv4).
/// @return buf
const char*
jam_udp_addr_format(const JamUdpAddr* addr, char* buf, size_t size);

/// Compares two addresses (family, address and port). Returns 1 when equal.
int
jam_udp_addr_equal(const JamUdpAddr* a, const JamUdpAddr* b);

/// Port of an address, host byte order.
unsigned
jam_udp_addr_port(const JamUdpAddr* addr);

#endif // JAM_UDP_H
