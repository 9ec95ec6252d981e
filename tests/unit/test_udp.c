// SPDX-License-Identifier: ISC
// UDP helpers: endpoint parsing, formatting, comparison, and a real loopback round trip.

#include "check.h"
#include "udp.h"

#include <arpa/inet.h>
#include <unistd.h>

static void
endpoints_parse_into_addresses_and_format_back(void)
{
  JamUdpAddr a;
  char buf[JAM_UDP_ADDR_STRLEN];
  CHECK_INT(jam_udp_parse_endpoint("127.0.0.1:7891", NULL, AF_UNSPEC, &a), JAM_SUCCESS);
  CHECK(!strcmp(jam_udp_addr_format(&a, buf, sizeof buf), "127.0.0.1:7891"), "got %s", buf);
  CHECK_INT(jam_udp_addr_port(&a), 7891);
  CHECK_INT(jam_udp_parse_endpoint("[::1]:9000", NULL, AF_UNSPEC, &a), JAM_SUCCESS);
  CHECK(!strcmp(jam_udp_addr_format(&a, buf, sizeof buf), "[::1]:9000"), "got %s", buf);
  CHECK_INT(jam_udp_parse_endpoint("7000", "127.0.0.2", AF_UNSPEC, &a), JAM_SUCCESS);
  CHECK(!strcmp(jam_udp_addr_format(&a, buf, sizeof buf), "127.0.0.2:7000"), "got %s", buf);
  CHECK_INT(jam_udp_parse_endpoint("localhost:7001", NULL, AF_INET, &a), JAM_SUCCESS);
  CHECK(!strcmp(jam_udp_addr_format(&a, buf, sizeof buf), "127.0.0.1:7001"), "got %s", buf);
}

static void
bad_endpoints_are_refused(void)
{
  JamUdpAddr a;
  CHECK_INT(jam_udp_parse_endpoint("", NULL, AF_UNSPEC, &a), JAM_ERR_PARSE);
  CHECK_INT(jam_udp_parse_endpoint("127.0.0.1:0", NULL, AF_UNSPEC, &a), JAM_ERR_PARSE);
  CHECK_INT(jam_udp_parse_endpoint("127.0.0.1:65536", NULL, AF_UNSPEC, &a), JAM_ERR_PARSE);
  CHECK_INT(jam_udp_parse_endpoint("127.0.0.1:12x", NULL, AF_UNSPEC, &a), JAM_ERR_PARSE);
  CHECK_INT(jam_udp_parse_endpoint("[::1]9000", NULL, AF_UNSPEC, &a), JAM_ERR_PARSE);
  CHECK_INT(jam_udp_parse_endpoint("no.such.host.invalid:7891", NULL, AF_UNSPEC, &a),
            JAM_ERR_NOT_FOUND);
}

static void
ipv4_mapped_addresses_format_as_ipv4_and_compare_by_port(void)
{
  JamUdpAddr a;
  JamUdpAddr b;
  char buf[JAM_UDP_ADDR_STRLEN];
  CHECK_INT(jam_udp_parse_endpoint("[::ffff:10.1.2.3]:5", NULL, AF_INET6, &a), JAM_SUCCESS);
  CHECK(!strcmp(jam_udp_addr_format(&a, buf, sizeof buf), "10.1.2.3:5"), "got %s", buf);
  CHECK_INT(jam_udp_parse_endpoint("[::ffff:10.1.2.3]:6", NULL, AF_INET6, &b), JAM_SUCCESS);
  CHECK_INT(jam_udp_addr_equal(&a, &a), 1);
  CHECK_INT(jam_udp_addr_equal(&a, &b), 0);
}

static void
a_socket_bound_on_loopback_receives_what_it_sends(void)
{
  JamUdpAddr local;
  jam_udp_any(AF_INET, 0, &local);
  char err[128] = "";
  const JamUdpOptions opts = {.nonblocking = 1, .tos = JAM_UDP_DSCP_EF, .buffer_bytes = 1 << 20};
  const int fd = jam_udp_open(&local, &opts, err, sizeof err);
  CHECK(fd >= 0, "open failed: %s", err);
  if (fd < 0) {
    return;
  }
  JamUdpAddr self = {.len = sizeof self.addr};
  getsockname(fd, (struct sockaddr*)&self.addr, &self.len);
  JamUdpAddr dest;
  CHECK_INT(jam_udp_resolve("127.0.0.1", jam_udp_addr_port(&self), AF_INET, &dest), JAM_SUCCESS);
  char msg[28];
  memset(msg, 0x5A, sizeof msg);
  CHECK_INT(sendto(fd, msg, sizeof msg, 0, (struct sockaddr*)&dest.addr, dest.len), 28);
  char in[64];
  ssize_t n = -1;
  for (int i = 0; i < 100 && n < 0; ++i) {
    n = recv(fd, in, sizeof in, 0);
    if (n < 0) {
      usleep(1000);
    }
  }
  CHECK_INT(n, 28);
  CHECK_BYTES(in, msg, 28);
  int tos = 0;
  socklen_t len = sizeof tos;
  getsockopt(fd, IPPROTO_IP, IP_TOS, &tos, &len);
  CHECK_INT(tos, 0xB8);
  int rcvbuf = 0;
  len = sizeof rcvbuf;
  getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len);
  CHECK(rcvbuf >= 1 << 20, "SO_RCVBUF %d (the kernel doubles what it was given)", rcvbuf);
  close(fd);
}

static void
binding_a_port_in_use_names_the_address_and_reason(void)
{
  JamUdpAddr local;
  jam_udp_any(AF_INET, 0, &local);
  char err[128] = "";
  const JamUdpOptions opts = {.nonblocking = 1};
  const int fd = jam_udp_open(&local, &opts, err, sizeof err);
  JamUdpAddr taken = {.len = sizeof taken.addr};
  getsockname(fd, (struct sockaddr*)&taken.addr, &taken.len);
  const int fd2 = jam_udp_open(&taken, &opts, err, sizeof err);
  CHECK_INT(fd2, -1);
  CHECK(strstr(err, "bind 0.0.0.0:") && strstr(err, "Address already in use"), "got '%s'", err);
  close(fd);
}

typedef struct {
  unsigned count; ///< warnings received
  char last[256]; ///< the last one
} Warnings;

static void
collect_warning(void* const handle, const char* const message)
{
  Warnings* const w = handle;
  ++w->count;
  snprintf(w->last, sizeof w->last, "%s", message);
}

static void
a_failed_socket_option_goes_to_the_callers_warn_function(void)
{
  // A traffic class of 256 is out of IPV6_TCLASS's -1..255: the kernel refuses it (EINVAL).
  Warnings w = {0};
  JamUdpAddr any;
  jam_udp_any(AF_INET6, 0, &any);
  const JamUdpOptions opts = {.tos = 256, .warn = collect_warning, .warn_handle = &w};
  char err[128];
  const int fd = jam_udp_open(&any, &opts, err, sizeof err);
  if (fd < 0) {
    printf("     (no IPv6 socket here: %s)\n", err);
    return;
  }
  close(fd);
  CHECK(w.count >= 1, "%u warnings", w.count);
  CHECK(strstr(w.last, "setsockopt(") != NULL && strstr(w.last, "256") != NULL, "warning: %s",
        w.last);
}

int
main(void)
{
  RUN(endpoints_parse_into_addresses_and_format_back);
  RUN(bad_endpoints_are_refused);
  RUN(ipv4_mapped_addresses_format_as_ipv4_and_compare_by_port);
  RUN(a_socket_bound_on_loopback_receives_what_it_sends);
  RUN(binding_a_port_in_use_names_the_address_and_reason);
  RUN(a_failed_socket_option_goes_to_the_callers_warn_function);
  return jam_test_summary();
}
