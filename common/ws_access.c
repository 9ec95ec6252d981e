// SPDX-License-Identifier: ISC
// The control websockets' Origin and token rules. See ws_access.h.

#include "ws_access.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int
jam_ws_origin_allowed(const char* const origin, const int port, const char* const extra_origin)
{
  if (!origin) {
    return 1;
  }
  char ours[64];
  snprintf(ours, sizeof ours, "http://127.0.0.1:%d", port);
  if (!strcmp(origin, ours)) {
    return 1;
  }
  snprintf(ours, sizeof ours, "http://localhost:%d", port);
  if (!strcmp(origin, ours)) {
    return 1;
  }
  return extra_origin && extra_origin[0] && !strcmp(origin, extra_origin);
}

int
jam_ws_same_origin(const char* const origin, const char* const host)
{
  static const char scheme[] = "http://";
  const size_t ls = sizeof scheme - 1;
  return origin && host && host[0] && !strncmp(origin, scheme, ls) && !strcmp(origin + ls, host);
}

int
jam_ws_token_equal(const char* const a, const char* const b)
{
  const size_t la = strlen(a), lb = strlen(b);
  unsigned diff = la != lb;
  for (size_t i = 0; i < la; ++i) {
    diff |= (unsigned)(unsigned char)a[i] ^ (unsigned)(unsigned char)b[i % (lb ? lb : 1)];
  }
  return !diff;
}

int
jam_ws_token_ok(const char* const token, const char* const url_token,
                const char* const authorization)
{
  if (!token || !token[0]) {
    return 1;
  }
  if (url_token && jam_ws_token_equal(url_token, token)) {
    return 1;
  }
  return authorization && !strncmp(authorization, "Bearer ", 7) &&
         jam_ws_token_equal(authorization + 7, token);
}

int
jam_ws_is_loopback(const char* const addr)
{
  uint8_t a[16];
  if (inet_pton(AF_INET, addr, a) == 1) {
    return a[0] == 127;
  }
  if (inet_pton(AF_INET6, addr, a) != 1) {
    return 0;
  }
  static const uint8_t loopback[16] = {[15] = 1};
  static const uint8_t v4_mapped[12] = {[10] = 0xff, [11] = 0xff};
  return !memcmp(a, loopback, sizeof a) ||
         (!memcmp(a, v4_mapped, sizeof v4_mapped) && a[12] == 127);
}

const char*
jam_ws_bind_address(const char* const addr)
{
  if (!addr) {
    return NULL;
  }
  if (!strcmp(addr, "localhost")) {
    return "127.0.0.1";
  }
  uint8_t a[16];
  return inet_pton(AF_INET, addr, a) == 1 || inet_pton(AF_INET6, addr, a) == 1 ? addr : NULL;
}
