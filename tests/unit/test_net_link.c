// SPDX-License-Identifier: ISC
// The network stage's socket and I/O thread, against a real UDP "server" socket on loopback.

#include "check.h"
#include "plugins/net/link.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <unistd.h>

static int
server_socket(unsigned* port)
{
  JamUdpAddr any;
  jam_udp_any(AF_INET, 0, &any);
  char err[128];
  const JamUdpOptions opts = {0};
  const int fd = jam_udp_open(&any, &opts, err, sizeof err);
  JamUdpAddr bound = {.len = sizeof bound.addr};
  getsockname(fd, (struct sockaddr*)&bound.addr, &bound.len);
  *port = jam_udp_addr_port(&bound);
  struct timeval tv = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// Waits up to 1 s for the next message of the link.
static int
next_message(NetLink* link, NetLinkMsgType* type, void* buf, size_t cap)
{
  for (int i = 0; i < 1000; ++i) {
    if (net_link_next(link, type, buf, cap) == JAM_SUCCESS) {
      return 1;
    }
    usleep(1000);
  }
  return 0;
}

static void
joining_a_room_routes_packets_both_ways_and_drops_strangers(void)
{
  unsigned port = 0;
  const int server = server_socket(&port);
  char err[128] = "";
  NetLink* link = net_link_new(err, sizeof err);
  CHECK(link != NULL, "net_link_new: %s", err);
  if (!link) {
    return;
  }
  NetLinkTarget target = {.port = port, .client_id = 77};
  strcpy(target.host, "127.0.0.1");
  net_link_request(link, &target);
  static NetLinkPacket pkt;
  NetLinkMsgType type = 0;
  CHECK(next_message(link, &type, &pkt, sizeof pkt), "no route message");
  CHECK_INT(type, NET_LINK_MSG_ROUTE);
  NetLinkRoute route;
  memcpy(&route, &pkt, sizeof route);
  CHECK_INT(route.connected, 1);
  CHECK_INT(route.client_id, 77);
  CHECK_INT(jam_udp_addr_port(&route.server), port);
  CHECK(!strcmp(route.target.host, "127.0.0.1"), "route target host '%s'", route.target.host);
  NetLinkTarget saved;
  net_link_target(link, &saved); // what a plugin would save as its state
  CHECK(!strcmp(saved.host, "127.0.0.1") && saved.port == port && saved.client_id == 77,
        "saved target %s:%u client %u", saved.host, (unsigned)saved.port,
        (unsigned)saved.client_id);

  // audio thread -> server
  uint8_t out[284] = {0};
  out[23] = 77;
  CHECK_INT(net_link_send(link, &route, out, sizeof out), JAM_SUCCESS);
  uint8_t in[2048];
  struct sockaddr_storage from;
  socklen_t from_len = sizeof from;
  const ssize_t n = recvfrom(server, in, sizeof in, 0, (struct sockaddr*)&from, &from_len);
  CHECK_INT(n, 284);
  CHECK_INT(in[23], 77);

  // server -> audio thread: a valid packet, an odd one and a short one
  uint8_t reply[540] = {0};
  reply[3] = 2;
  sendto(server, reply, 540, 0, (struct sockaddr*)&from, from_len);
  sendto(server, reply, 29, 0, (struct sockaddr*)&from, from_len);
  sendto(server, reply, 10, 0, (struct sockaddr*)&from, from_len);
  // a stranger on another socket
  unsigned other_port = 0;
  const int stranger = server_socket(&other_port);
  sendto(stranger, reply, 540, 0, (struct sockaddr*)&from, from_len);
  CHECK(next_message(link, &type, &pkt, sizeof pkt), "no packet message");
  CHECK_INT(type, NET_LINK_MSG_PACKET);
  CHECK_INT(pkt.len, 540);
  CHECK_INT(pkt.data[3], 2);
  CHECK(pkt.arrival_us > 0, "arrival stamped");
  usleep(100000);
  CHECK_INT(net_link_next(link, &type, &pkt, sizeof pkt), JAM_ERR_EMPTY);
  NetLinkCounters c;
  net_link_counters(link, &c);
  CHECK_INT(c.received, 1);
  CHECK_INT(c.invalid, 2);
  CHECK_INT(c.foreign, 1);

  // leaving: the route goes away and the server's packets are no longer accepted
  NetLinkTarget leave = {.port = 0};
  CHECK_INT(net_link_request_rt(link, &leave), JAM_SUCCESS);
  CHECK(next_message(link, &type, &pkt, sizeof pkt), "no route message after leaving");
  CHECK_INT(type, NET_LINK_MSG_ROUTE);
  memcpy(&route, &pkt, sizeof route);
  CHECK_INT(route.connected, 0);
  CHECK_INT(route.generation, 2);
  net_link_free(link);
  net_link_free(NULL);
  close(server);
  close(stranger);
}

// Asks the link for room HOST:7891 as `client_id`; @return the route message it answers with
// (zeroed when none came: a failed check).
static NetLinkRoute
requested_route(NetLink* const link, const char* const host, const uint32_t client_id)
{
  NetLinkTarget target = {.port = 7891, .client_id = client_id};
  snprintf(target.host, sizeof target.host, "%s", host);
  net_link_request(link, &target);
  static NetLinkPacket pkt;
  NetLinkMsgType type = 0;
  NetLinkRoute route = {0};
  CHECK(next_message(link, &type, &pkt, sizeof pkt), "no route message");
  memcpy(&route, &pkt, sizeof route);
  return route;
}

static void
an_unresolvable_room_leaves_the_link_disconnected(void)
{
  char err[128] = "";
  NetLink* link = net_link_new(err, sizeof err);
  CHECK_INT(requested_route(link, "no-such-room.invalid", 5).connected, 0);
  NetLinkCounters c;
  net_link_counters(link, &c);
  CHECK_INT(c.resolve_failures, 1);
  net_link_free(link);
}

// A client id the wire reserves (40000 marks an empty slot, 40001/40002 are the server's
// streams) is no member's: the link stays disconnected (it used to join under it; as 40000 no
// one would hear it, as 40001/40002 the server refuses it). The name is never looked up.
static void
a_reserved_client_id_leaves_the_link_disconnected(void)
{
  const uint32_t ids[] = {40000, 40001, 40002};
  for (size_t k = 0; k < 3; ++k) {
    char err[128] = "";
    NetLink* link = net_link_new(err, sizeof err);
    CHECK(requested_route(link, "127.0.0.1", ids[k]).connected == 0, "client %u: connected",
          (unsigned)ids[k]);
    net_link_free(link);
  }
}

int
main(void)
{
  RUN(joining_a_room_routes_packets_both_ways_and_drops_strangers);
  RUN(an_unresolvable_room_leaves_the_link_disconnected);
  RUN(a_reserved_client_id_leaves_the_link_disconnected);
  return jam_test_summary();
}
