// SPDX-License-Identifier: ISC
// UDP helpers: getaddrinfo-based resolution, socket setup with DSCP, address formatting.

#include "udp.h"

#include "log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

JamStatus
jam_udp_resolve(const char* const host, const unsigned port, const int family,
                JamUdpAddr* const out)
{
  if (!host || !*host || port == 0 || port > 65535) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  char service[8];
  snprintf(service, sizeof service, "%u", port);
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = family;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICSERV;
  struct addrinfo* res = NULL;
  if (getaddrinfo(host, service, &hints, &res) != 0 || !res) {
    return JAM_ERR_NOT_FOUND;
  }
  const struct addrinfo* pick = res;
  for (const struct addrinfo* ai = res; ai; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET) { // prefer IPv4: what existing servers listen on
      pick = ai;
      break;
    }
  }
  memset(out, 0, sizeof *out);
  memcpy(&out->addr, pick->ai_addr, pick->ai_addrlen);
  out->len = pick->ai_addrlen;
  freeaddrinfo(res);
  return JAM_SUCCESS;
}

JamStatus
jam_udp_parse_endpoint(const char* const text, const char* const default_host, const int family,
                       JamUdpAddr* const out)
{
  if (!text || !*text) {
    return JAM_ERR_PARSE;
  }
  char host[256];
  const char* port_text = NULL;
  if (text[0] == '[') { // [v6]:port
    const char* close = strchr(text, ']');
    if (!close || close[1] != ':' || (size_t)(close - text - 1) >= sizeof host) {
      return JAM_ERR_PARSE;
    }
    memcpy(host, text + 1, (size_t)(close - text - 1));
    host[close - text - 1] = '\0';
    port_text = close + 2;
  } else {
    const char* colon = strrchr(text, ':');
    if (!colon) { // a bare port
      if (!default_host || strlen(default_host) >= sizeof host) {
        return JAM_ERR_PARSE;
      }
      strcpy(host, default_host);
      port_text = text;
    } else {
      if ((size_t)(colon - text) >= sizeof host || colon == text) {
        return JAM_ERR_PARSE;
      }
      memcpy(host, text, (size_t)(colon - text));
      host[colon - text] = '\0';
      port_text = colon + 1;
    }
  }
  char* end = NULL;
  errno = 0;
  const unsigned long port = strtoul(port_text, &end, 10);
  if (errno || !*port_text || *end || port == 0 || port > 65535) {
    return JAM_ERR_PARSE;
  }
  return jam_udp_resolve(host, (unsigned)port, family, out);
}

void
jam_udp_any(const int family, const unsigned port, JamUdpAddr* const out)
{
  memset(out, 0, sizeof *out);
  if (family == AF_INET6) {
    struct sockaddr_in6* in6 = (struct sockaddr_in6*)&out->addr;
    in6->sin6_family = AF_INET6;
    in6->sin6_addr = in6addr_any;
    in6->sin6_port = htons((uint16_t)port);
    out->len = sizeof *in6;
  } else {
    struct sockaddr_in* in4 = (struct sockaddr_in*)&out->addr;
    in4->sin_family = AF_INET;
    in4->sin_addr.s_addr = htonl(INADDR_ANY);
    in4->sin_port = htons((uint16_t)port);
    out->len = sizeof *in4;
  }
}

// Sets an integer socket option, warning (with the address) through options->warn or jam_log
// when it fails.
static void
set_option(const JamUdpOptions* const options, const int fd, const int level, const int name,
           const char* const what, const int value, const char* const where)
{
  if (setsockopt(fd, level, name, &value, sizeof value) != 0) {
    char text[256];
    snprintf(text, sizeof text, "setsockopt(%s, %d) %s: %s", what, value, where, strerror(errno));
    if (options->warn) {
      options->warn(options->warn_handle, text);
    } else {
      jam_log(JAM_LOG_WARN, "%s", text);
    }
  }
}

// SO_*BUFFORCE ignores net.core.[rw]mem_max but needs CAP_NET_ADMIN: try it quietly first.
static void
set_buffer(const JamUdpOptions* const options, const int fd, const int force, const int plain,
           const char* const what, const int bytes, const char* const where)
{
  if (setsockopt(fd, SOL_SOCKET, force, &bytes, sizeof bytes) != 0) {
    set_option(options, fd, SOL_SOCKET, plain, what, bytes, where);
  }
}

int
jam_udp_open(const JamUdpAddr* const local, const JamUdpOptions* const options, char* const err,
             const size_t err_size)
{
  char where[JAM_UDP_ADDR_STRLEN];
  jam_udp_addr_format(local, where, sizeof where);
  const int family = local->addr.ss_family;
  const int fd =
      socket(family, SOCK_DGRAM | SOCK_CLOEXEC | (options->nonblocking ? SOCK_NONBLOCK : 0), 0);
  if (fd < 0) {
    snprintf(err, err_size, "socket(%s): %s", where, strerror(errno));
    return -1;
  }
  if (family == AF_INET6) {
    set_option(options, fd, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY", 0, where);
  }
  if (options->tos) {
    const int tos = (int)options->tos;
    if (family == AF_INET6) { // native IPv6 traffic; IP_TOS covers the IPv4-mapped part
      set_option(options, fd, IPPROTO_IPV6, IPV6_TCLASS, "IPV6_TCLASS", tos, where);
    }
    set_option(options, fd, IPPROTO_IP, IP_TOS, "IP_TOS", tos, where);
    // 6: the unprivileged maximum
    set_option(options, fd, SOL_SOCKET, SO_PRIORITY, "SO_PRIORITY", 6, where);
  }
  if (options->buffer_bytes > 0) {
    set_buffer(options, fd, SO_RCVBUFFORCE, SO_RCVBUF, "SO_RCVBUF", options->buffer_bytes, where);
    set_buffer(options, fd, SO_SNDBUFFORCE, SO_SNDBUF, "SO_SNDBUF", options->buffer_bytes, where);
  }
  if (bind(fd, (const struct sockaddr*)&local->addr, local->len) != 0) {
    snprintf(err, err_size, "bind %s: %s", where, strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

const char*
jam_udp_addr_format(const JamUdpAddr* const addr, char* const buf, const size_t size)
{
  char host[INET6_ADDRSTRLEN] = "?";
  const unsigned port = jam_udp_addr_port(addr);
  if (addr->addr.ss_family == AF_INET) {
    const struct sockaddr_in* in4 = (const struct sockaddr_in*)&addr->addr;
    inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
    snprintf(buf, size, "%s:%u", host, port);
  } else if (addr->addr.ss_family == AF_INET6) {
    const struct sockaddr_in6* in6 = (const struct sockaddr_in6*)&addr->addr;
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], host, sizeof host);
      snprintf(buf, size, "%s:%u", host, port);
    } else {
      inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
      snprintf(buf, size, "[%s]:%u", host, port);
    }
  } else {
    snprintf(buf, size, "(family %d)", (int)addr->addr.ss_family);
  }
  return buf;
}

int
jam_udp_addr_equal(const JamUdpAddr* const a, const JamUdpAddr* const b)
{
  if (a->addr.ss_family != b->addr.ss_family) {
    return 0;
  }
  if (a->addr.ss_family == AF_INET) {
    const struct sockaddr_in* x = (const struct sockaddr_in*)&a->addr;
    const struct sockaddr_in* y = (const struct sockaddr_in*)&b->addr;
    return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
  }
  if (a->addr.ss_family == AF_INET6) {
    const struct sockaddr_in6* x = (const struct sockaddr_in6*)&a->addr;
    const struct sockaddr_in6* y = (const struct sockaddr_in6*)&b->addr;
    return x->sin6_port == y->sin6_port &&
           !memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr);
  }
  return 0;
}

unsigned
jam_udp_addr_port(const JamUdpAddr* const addr)
{
  if (addr->addr.ss_family == AF_INET) {
    return ntohs(((const struct sockaddr_in*)&addr->addr)->sin_port);
  }
  if (addr->addr.ss_family == AF_INET6) {
    return ntohs(((const struct sockaddr_in6*)&addr->addr)->sin6_port);
  }
  return 0;
}
