// SPDX-License-Identifier: ISC
// The control websockets' Origin and token rules. See ws_access.h.

#include "ws_access.h"

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
  return !strncmp(addr, "127.", 4) || !strcmp(addr, "::1") || !strcmp(addr, "localhost");
}
