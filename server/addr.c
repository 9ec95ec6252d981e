// SPDX-License-Identifier: ISC
// Address keys and formatting. Keys are IPv6-shaped so that a dual-stack socket (which reports
// IPv4 peers as ::ffff:a.b.c.d) and an IPv4-only socket produce the same key for one peer.

#include "addr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

JamStatus
bcast_addr_from_sockaddr(const struct sockaddr* const sa, const socklen_t len, BcastAddr* const key)
{
  if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
    const struct sockaddr_in6* in6 = (const struct sockaddr_in6*)(const void*)sa;
    memcpy(key->ip, &in6->sin6_addr, 16);
    key->port = ntohs(in6->sin6_port);
    return JAM_SUCCESS;
  }
  if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
    const struct sockaddr_in* in4 = (const struct sockaddr_in*)(const void*)sa;
    memset(key->ip, 0, 10);
    key->ip[10] = 0xff;
    key->ip[11] = 0xff;
    memcpy(key->ip + 12, &in4->sin_addr, 4);
    key->port = ntohs(in4->sin_port);
    return JAM_SUCCESS;
  }
  return JAM_ERR_BAD_ARGUMENT;
}

static int
is_v4_mapped(const uint8_t ip[16])
{
  static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return memcmp(ip, prefix, sizeof prefix) == 0;
}

void
bcast_addr_format(const BcastAddr* const key, char* const out, const size_t cap)
{
  char host[INET6_ADDRSTRLEN] = "?";
  if (is_v4_mapped(key->ip)) {
    inet_ntop(AF_INET, key->ip + 12, host, sizeof host);
    snprintf(out, cap, "%s:%u", host, (unsigned)key->port);
  } else {
    inet_ntop(AF_INET6, key->ip, host, sizeof host);
    snprintf(out, cap, "[%s]:%u", host, (unsigned)key->port);
  }
}

void
bcast_sockaddr_format(const BcastSockaddr* const addr, char* const out, const size_t cap)
{
  BcastAddr key;
  if (bcast_addr_from_sockaddr(&addr->u.sa, addr->len, &key) != JAM_SUCCESS) {
    snprintf(out, cap, "(unknown address family %d)", (int)addr->u.sa.sa_family);
    return;
  }
  bcast_addr_format(&key, out, cap);
}

JamStatus
bcast_sockaddr_parse(const char* const text, const uint16_t port, BcastSockaddr* const out)
{
  memset(out, 0, sizeof *out);
  if (!text) {
    return JAM_ERR_PARSE;
  }
  if (inet_pton(AF_INET, text, &out->u.in4.sin_addr) == 1) {
    out->u.in4.sin_family = AF_INET;
    out->u.in4.sin_port = htons(port);
    out->len = sizeof out->u.in4;
    return JAM_SUCCESS;
  }
  char host[INET6_ADDRSTRLEN + 2];
  const size_t n = strlen(text);
  if (n >= 2 && text[0] == '[' && text[n - 1] == ']' && n - 2 < sizeof host) {
    memcpy(host, text + 1, n - 2);
    host[n - 2] = '\0';
  } else if (n < sizeof host) {
    memcpy(host, text, n + 1);
  } else {
    return JAM_ERR_PARSE;
  }
  if (inet_pton(AF_INET6, host, &out->u.in6.sin6_addr) == 1) {
    out->u.in6.sin6_family = AF_INET6;
    out->u.in6.sin6_port = htons(port);
    out->len = sizeof out->u.in6;
    return JAM_SUCCESS;
  }
  return JAM_ERR_PARSE;
}
