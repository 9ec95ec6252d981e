// SPDX-License-Identifier: ISC
// Socket setup. IP_TOS is set before SO_PRIORITY because setting IP_TOS rewrites the socket
// priority (ecosystem.md §6.5). On an AF_INET6 socket Linux accepts IP_TOS for the IPv4-mapped
// traffic and IPV6_TCLASS for native IPv6, so both are set.

#include "net.h"

#include "log.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void
set_buffer(const int fd, const int force_opt, const int opt, const char* const name)
{
  const int size = BCAST_SOCKET_BUFFER;
  // SO_*BUFFORCE ignores net.core.[rw]mem_max but needs CAP_NET_ADMIN; fall back quietly.
  if (setsockopt(fd, SOL_SOCKET, force_opt, &size, sizeof size) == 0) {
    return;
  }
  if (setsockopt(fd, SOL_SOCKET, opt, &size, sizeof size) != 0) {
    jam_log(JAM_LOG_WARN, "setsockopt(%s, %d): %s", name, size, strerror(errno));
  }
}

JamStatus
bcast_udp_open(const BcastSockaddr* const bind_addr, const int dscp, int* const fd_out,
               char* const err, const size_t err_cap)
{
  char where[BCAST_ADDR_TEXT_SIZE];
  bcast_sockaddr_format(bind_addr, where, sizeof where);
  const int family = bind_addr->u.sa.sa_family;
  const int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
  if (fd < 0) {
    snprintf(err, err_cap, "socket %s: %s", where, strerror(errno));
    return JAM_ERR_SYSTEM;
  }
  if (family == AF_INET6) {
    const int off = 0;
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off) != 0) {
      jam_log(JAM_LOG_WARN, "setsockopt(IPV6_V6ONLY, 0) %s: %s", where, strerror(errno));
    }
  }
  const int tos = (dscp & 0x3f) << 2;
  if (setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos) != 0) {
    jam_log(JAM_LOG_WARN, "setsockopt(IP_TOS, 0x%02x) %s: %s", tos, where, strerror(errno));
  }
  if (family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos) != 0) {
    jam_log(JAM_LOG_WARN, "setsockopt(IPV6_TCLASS, 0x%02x) %s: %s", tos, where, strerror(errno));
  }
  const int prio = 6; // the highest an unprivileged process may set
  if (setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &prio, sizeof prio) != 0) {
    jam_log(JAM_LOG_WARN, "setsockopt(SO_PRIORITY, %d) %s: %s", prio, where, strerror(errno));
  }
  set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, "SO_RCVBUF");
  set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, "SO_SNDBUF");
  if (bind(fd, &bind_addr->u.sa, bind_addr->len) != 0) {
    snprintf(err, err_cap, "bind %s: %s", where, strerror(errno));
    close(fd);
    return JAM_ERR_SYSTEM;
  }
  *fd_out = fd;
  return JAM_SUCCESS;
}
