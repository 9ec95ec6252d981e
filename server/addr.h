// SPDX-License-Identifier: ISC
/// Peer addresses for the room server: a compact comparable key (IPv6, with IPv4 mapped into
/// ::ffff:0:0/96), the socket address to send to, text formatting and bind-address parsing.

#ifndef BCAST_ADDR_H
#define BCAST_ADDR_H

#include "rt.h"
#include "status.h"

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

/// Longest text form: "[" + 45-char IPv6 + "]:" + 5-digit port + NUL.
#define BCAST_ADDR_TEXT_SIZE 56u ///< bytes

/// The key a member is found by: its source address and port.
typedef struct {
  uint8_t ip[16]; ///< IPv6 address, network byte order; IPv4 as ::ffff:a.b.c.d
  uint16_t port;  ///< UDP port, host byte order
} BcastAddr;

/// A socket address as recvmmsg returns it and sendmmsg takes it.
typedef struct {
  union {
    struct sockaddr sa;      ///< generic view
    struct sockaddr_in in4;  ///< AF_INET (the socket was bound to an IPv4 address)
    struct sockaddr_in6 in6; ///< AF_INET6 (dual-stack or IPv6 socket)
  } u;                       ///< the address itself
  socklen_t len;             ///< bytes of u in use
} BcastSockaddr;

/// Builds the key of a socket address (AF_INET or AF_INET6).
/// @return JAM_ERR_BAD_ARGUMENT for another family or a short length
JAM_REALTIME JamStatus
bcast_addr_from_sockaddr(const struct sockaddr* sa, socklen_t len, BcastAddr* key);

/// True when two keys are the same address and port.
static inline int
bcast_addr_equal(const BcastAddr* const a, const BcastAddr* const b)
{
  if (a->port != b->port) {
    return 0;
  }
  return memcmp(a->ip, b->ip, sizeof a->ip) == 0; // 16 bytes: compiled to two 64-bit compares
}

/// Formats a key as "a.b.c.d:port" (IPv4-mapped) or "[v6]:port". Always NUL-terminates.
void
bcast_addr_format(const BcastAddr* key, char* out, size_t cap);

/// Formats a socket address the same way.
void
bcast_sockaddr_format(const BcastSockaddr* addr, char* out, size_t cap);

/// Parses a numeric bind address ("0.0.0.0", "127.0.0.1", "::", "::1", "[::1]") and a port
/// into a socket address. IPv4 text gives AF_INET, everything else AF_INET6.
/// @return JAM_ERR_PARSE if the text is not a numeric address
JamStatus
bcast_sockaddr_parse(const char* text, uint16_t port, BcastSockaddr* out);

#endif // BCAST_ADDR_H
