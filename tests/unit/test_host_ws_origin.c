// SPDX-License-Identifier: ISC
// rtjam-host's websocket refuses browser pages from other origins (a web page in front of the
// host must not be able to insert pedals or join the player to another server).

#include "host/ws.h"

#include "check.h"

static void
clients_without_an_origin_and_loopback_pages_are_accepted(void)
{
  CHECK_INT(host_ws_origin_allowed(NULL, "127.0.0.1"), 1);
  CHECK_INT(host_ws_origin_allowed("http://localhost:8080", "127.0.0.1"), 1);
  CHECK_INT(host_ws_origin_allowed("http://LOCALHOST", "127.0.0.1"), 1);
  CHECK_INT(host_ws_origin_allowed("https://127.0.0.1", "127.0.0.1"), 1);
  CHECK_INT(host_ws_origin_allowed("http://127.1.2.3:3000", "127.0.0.1"), 1);
  CHECK_INT(host_ws_origin_allowed("http://[::1]:9000", "127.0.0.1"), 1);
}

static void
other_origins_are_refused(void)
{
  CHECK_INT(host_ws_origin_allowed("https://evil.example", "127.0.0.1"), 0);
  CHECK_INT(host_ws_origin_allowed("http://localhost.evil.example", "127.0.0.1"), 0);
  CHECK_INT(host_ws_origin_allowed("http://127.0.0.1.evil.example", "127.0.0.1"), 0);
  CHECK_INT(host_ws_origin_allowed("null", "127.0.0.1"), 0);
  CHECK_INT(host_ws_origin_allowed("", "127.0.0.1"), 0);
  CHECK_INT(host_ws_origin_allowed("http://", "127.0.0.1"), 0);
  CHECK_INT(host_ws_origin_allowed("http://192.168.1.5", "127.0.0.1"), 0);
}

static void
the_bind_address_is_an_origin_but_a_wildcard_is_not(void)
{
  CHECK_INT(host_ws_origin_allowed("http://192.168.1.5", "192.168.1.5"), 1);
  CHECK_INT(host_ws_origin_allowed("http://192.168.1.5:80", "192.168.1.5"), 1);
  CHECK_INT(host_ws_origin_allowed("http://0.0.0.0", "0.0.0.0"), 0);
  CHECK_INT(host_ws_origin_allowed("http://pi.local", "0.0.0.0"), 0);
}

int
main(void)
{
  RUN(clients_without_an_origin_and_loopback_pages_are_accepted);
  RUN(other_origins_are_refused);
  RUN(the_bind_address_is_an_origin_but_a_wildcard_is_not);
  return jam_test_summary();
}
