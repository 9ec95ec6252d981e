// SPDX-License-Identifier: ISC
// Where a control websocket listens (common/ws_access.c jam_ws_bind_address, common/listen_check.c,
// common/ws_server.c): only numeric addresses are taken, and the server checks that it listens on
// exactly the address asked for. Before, "::1" (counted as loopback, so no token) bound every IPv4
// interface, and an address the machine lacks left nothing listening behind a success message.

#include "listen_check.h"
#include "ws_access.h"
#include "ws_server.h"

#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void
only_numeric_addresses_and_localhost_are_bind_addresses(void)
{
  CHECK(!strcmp(jam_ws_bind_address("127.0.0.1"), "127.0.0.1"), "IPv4 kept");
  CHECK(!strcmp(jam_ws_bind_address("::1"), "::1"), "IPv6 kept");
  CHECK(!strcmp(jam_ws_bind_address("0.0.0.0"), "0.0.0.0"), "IPv4 any kept");
  CHECK(!strcmp(jam_ws_bind_address("localhost"), "127.0.0.1"), "localhost is 127.0.0.1");
  CHECK(jam_ws_bind_address("eth0") == NULL, "an interface name is refused");
  CHECK(jam_ws_bind_address("example.org") == NULL, "a host name is refused");
  CHECK(jam_ws_bind_address("127.0.0.1 ") == NULL, "trailing garbage is refused");
  CHECK(jam_ws_bind_address("") == NULL && jam_ws_bind_address(NULL) == NULL, "empty refused");
}

static void
loopback_is_decided_on_the_parsed_address(void)
{
  CHECK_INT(jam_ws_is_loopback("127.0.0.1"), 1);
  CHECK_INT(jam_ws_is_loopback("127.255.0.9"), 1);
  CHECK_INT(jam_ws_is_loopback("::1"), 1);
  CHECK_INT(jam_ws_is_loopback("0:0:0:0:0:0:0:1"), 1);
  CHECK_INT(jam_ws_is_loopback("::ffff:127.0.0.1"), 1);
  CHECK_INT(jam_ws_is_loopback("::ffff:10.0.0.1"), 0);
  CHECK_INT(jam_ws_is_loopback("127.0.0.1.example.org"), 0);
  CHECK_INT(jam_ws_is_loopback("localhost"), 0); // a name: jam_ws_bind_address() maps it first
  CHECK_INT(jam_ws_is_loopback("::2"), 0);
  CHECK_INT(jam_ws_is_loopback("::"), 0);
  CHECK_INT(jam_ws_is_loopback("0.0.0.0"), 0);
  CHECK_INT(jam_ws_is_loopback("192.168.1.2"), 0);
  CHECK_INT(jam_ws_is_loopback("1127.0.0.1"), 0);
}

// A TCP socket listening on addr:0; returns its fd (port in *port), or -1.
static int
listener(const int family, const char* const addr, int* const port)
{
  const int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  socklen_t len = 0;
  if (family == AF_INET6) {
    struct sockaddr_in6* const a = (struct sockaddr_in6*)&ss;
    a->sin6_family = AF_INET6;
    inet_pton(AF_INET6, addr, &a->sin6_addr);
    len = sizeof *a;
  } else {
    struct sockaddr_in* const a = (struct sockaddr_in*)&ss;
    a->sin_family = AF_INET;
    inet_pton(AF_INET, addr, &a->sin_addr);
    len = sizeof *a;
  }
  if (bind(fd, (struct sockaddr*)&ss, len) != 0 || listen(fd, 1) != 0 ||
      getsockname(fd, (struct sockaddr*)&ss, &len) != 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6*)&ss)->sin6_port
                                   : ((struct sockaddr_in*)&ss)->sin_port);
  return fd;
}

static void
the_listen_check_matches_address_and_port_exactly(void)
{
  int port = 0;
  const int fd = listener(AF_INET, "127.0.0.1", &port);
  CHECK(fd >= 0, "listen on 127.0.0.1");
  char found[64];
  CHECK_INT(jam_tcp_listening_on("127.0.0.1", port, found, sizeof found), 1);
  CHECK_INT(jam_tcp_listening_on("0.0.0.0", port, found, sizeof found), 0);
  CHECK(!strcmp(found, "tcp 0100007F") || !strcmp(found, "tcp 7F000001"),
        "names what listens instead: %s", found);
  CHECK_INT(jam_tcp_listening_on("127.0.0.2", port, NULL, 0), 0);
  CHECK_INT(jam_tcp_listening_on("::1", port, NULL, 0), 0);
  CHECK_INT(jam_tcp_listening_on("127.0.0.1", port == 65535 ? 1 : port + 1, found, sizeof found),
            0);
  CHECK(!strcmp(found, "nothing"), "nothing on another port: %s", found);
  CHECK_INT(jam_tcp_listening_on("not-an-address", port, NULL, 0), 0);
  close(fd);
  CHECK_INT(jam_tcp_listening_on("127.0.0.1", port, NULL, 0), 0); // closed: not ours any more
}

// A free TCP port on 127.0.0.1 (free a moment ago).
static int
free_port(void)
{
  int port = 0;
  const int fd = listener(AF_INET, "127.0.0.1", &port);
  if (fd >= 0) {
    close(fd);
  }
  return port;
}

static void
the_server_listens_on_ipv6_loopback_only_when_asked_for_it(void)
{
  const int port = free_port();
  const JamWsOptions opt = {.name = "test", .bind = "::1", .port = port};
  JamWsServer* const ws = jam_ws_server_new(&opt);
  CHECK(ws != NULL, "server on [::1]:%d", port);
  CHECK_INT(jam_tcp_listening_on("::1", port, NULL, 0), 1);
  CHECK_INT(jam_tcp_listening_on("0.0.0.0", port, NULL, 0), 0); // was: every IPv4 interface
  CHECK_INT(jam_tcp_listening_on("::", port, NULL, 0), 0);
  jam_ws_server_free(ws);
}

static void
an_address_the_machine_lacks_is_an_error_not_a_silent_success(void)
{
  const JamWsOptions opt = {.name = "test", .bind = "192.0.2.1", .port = free_port()};
  JamWsServer* const ws = jam_ws_server_new(&opt);
  CHECK(ws == NULL, "192.0.2.1 (TEST-NET-1) is on no interface here");
  jam_ws_server_free(ws);
}

int
main(void)
{
  RUN(only_numeric_addresses_and_localhost_are_bind_addresses);
  RUN(loopback_is_decided_on_the_parsed_address);
  RUN(the_listen_check_matches_address_and_port_exactly);
  int port = 0;
  const int v6 = listener(AF_INET6, "::1", &port);
  if (v6 >= 0) {
    close(v6);
    RUN(the_server_listens_on_ipv6_loopback_only_when_asked_for_it);
  } else {
    jam_test_skip("the_server_listens_on_ipv6_loopback_only_when_asked_for_it",
                  "this machine has no IPv6 loopback (::1)");
  }
  RUN(an_address_the_machine_lacks_is_an_error_not_a_silent_success);
  return jam_test_summary();
}
