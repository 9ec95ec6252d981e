// SPDX-License-Identifier: ISC
// The member table: keyed by address and port (not client id), fixed capacity, dense removal.

#include "check.h"
#include "server/members.h"

#include <arpa/inet.h>
#include <stdint.h>

static BcastSockaddr
sock_v4(const char* const ip, const uint16_t port)
{
  BcastSockaddr s;
  memset(&s, 0, sizeof s);
  s.u.in4.sin_family = AF_INET;
  s.u.in4.sin_port = htons(port);
  inet_pton(AF_INET, ip, &s.u.in4.sin_addr);
  s.len = sizeof s.u.in4;
  return s;
}

static BcastSockaddr
sock_v6(const char* const ip, const uint16_t port)
{
  BcastSockaddr s;
  memset(&s, 0, sizeof s);
  s.u.in6.sin6_family = AF_INET6;
  s.u.in6.sin6_port = htons(port);
  inet_pton(AF_INET6, ip, &s.u.in6.sin6_addr);
  s.len = sizeof s.u.in6;
  return s;
}

static BcastAddr
key_of(const BcastSockaddr* const s)
{
  BcastAddr k;
  bcast_addr_from_sockaddr(&s->u.sa, s->len, &k);
  return k;
}

static uint32_t
add(BcastMembers* const t, const BcastSockaddr* const s, const uint32_t id)
{
  const BcastAddr k = key_of(s);
  uint32_t index = 999;
  CHECK_INT(bcast_members_add(t, &k, s, 1000, id, 0, &index), JAM_SUCCESS);
  return index;
}

static void
a_new_table_of_16_is_empty(void)
{
  BcastMembers* t = bcast_members_new(16);
  CHECK_INT(bcast_members_count(t), 0);
  CHECK_INT(bcast_members_capacity(t), 16);
  bcast_members_free(t);
  bcast_members_free(NULL);
}

static void
capacities_0_and_257_are_refused(void)
{
  CHECK(bcast_members_new(0) == NULL, "capacity 0");
  CHECK(bcast_members_new(BCAST_MEMBERS_MAX + 1) == NULL, "capacity 257");
  BcastMembers* t = bcast_members_new(BCAST_MEMBERS_MAX);
  CHECK(t != NULL, "capacity 256");
  bcast_members_free(t);
}

static void
members_are_keyed_by_address_not_by_client_id(void)
{
  // player_list.rs update_player: "192.1.1.1:33345" and "182.1.1.1:33345" with the same id.
  BcastMembers* t = bcast_members_new(16);
  const BcastSockaddr a = sock_v4("192.1.1.1", 33345);
  const BcastSockaddr b = sock_v4("182.1.1.1", 33345);
  add(t, &a, 44455);
  add(t, &b, 44455);
  CHECK_INT(bcast_members_count(t), 2);
  const BcastAddr ka = key_of(&a);
  CHECK_INT(bcast_members_add(t, &ka, &a, 1000, 44455, 0, &(uint32_t){0}), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(bcast_members_count(t), 2);
  bcast_members_free(t);
}

static void
the_same_host_on_another_port_is_another_member(void)
{
  BcastMembers* t = bcast_members_new(16);
  const BcastSockaddr a = sock_v4("10.0.0.1", 9991);
  const BcastSockaddr b = sock_v4("10.0.0.1", 9992);
  add(t, &a, 1);
  const BcastAddr kb = key_of(&b);
  CHECK_INT(bcast_members_find(t, &kb), -1);
  add(t, &b, 1);
  CHECK_INT(bcast_members_find(t, &kb), 1);
  bcast_members_free(t);
}

static void
an_ipv4_peer_has_the_same_key_on_ipv4_and_dual_stack_sockets(void)
{
  const BcastSockaddr a = sock_v4("127.0.0.1", 5000);
  const BcastSockaddr b = sock_v6("::ffff:127.0.0.1", 5000);
  const BcastAddr ka = key_of(&a);
  const BcastAddr kb = key_of(&b);
  CHECK(bcast_addr_equal(&ka, &kb), "127.0.0.1 and ::ffff:127.0.0.1");
  char text[BCAST_ADDR_TEXT_SIZE];
  bcast_addr_format(&kb, text, sizeof text);
  CHECK(strcmp(text, "127.0.0.1:5000") == 0, "formatted as %s", text);
}

static void
an_ipv6_key_is_formatted_in_brackets(void)
{
  const BcastSockaddr a = sock_v6("2001:db8::1", 7891);
  const BcastAddr ka = key_of(&a);
  char text[BCAST_ADDR_TEXT_SIZE];
  bcast_addr_format(&ka, text, sizeof text);
  CHECK(strcmp(text, "[2001:db8::1]:7891") == 0, "formatted as %s", text);
}

static void
the_17th_member_of_a_table_of_16_is_refused(void)
{
  BcastMembers* t = bcast_members_new(16);
  for (uint16_t i = 0; i < 16; ++i) {
    const BcastSockaddr s = sock_v4("10.0.0.1", (uint16_t)(2000 + i));
    add(t, &s, i);
  }
  CHECK_INT(bcast_members_count(t), 16);
  const BcastSockaddr s = sock_v4("10.0.0.1", 3000);
  const BcastAddr k = key_of(&s);
  uint32_t index = 0;
  CHECK_INT(bcast_members_add(t, &k, &s, 1000, 99, 0, &index), JAM_ERR_FULL);
  CHECK_INT(bcast_members_count(t), 16);
  bcast_members_free(t);
}

static void
removing_a_member_moves_the_last_one_into_its_place(void)
{
  BcastMembers* t = bcast_members_new(4);
  const BcastSockaddr s0 = sock_v4("10.0.0.1", 1);
  const BcastSockaddr s1 = sock_v4("10.0.0.1", 2);
  const BcastSockaddr s2 = sock_v4("10.0.0.1", 3);
  add(t, &s0, 100);
  add(t, &s1, 101);
  add(t, &s2, 102);
  bcast_members_remove(t, 0);
  CHECK_INT(bcast_members_count(t), 2);
  const BcastAddr k0 = key_of(&s0);
  const BcastAddr k2 = key_of(&s2);
  CHECK_INT(bcast_members_find(t, &k0), -1);
  CHECK_INT(bcast_members_find(t, &k2), 0);
  CHECK_INT(bcast_members_get(t, 0)->player.client_id, 102);
  CHECK_INT(bcast_members_get(t, 1)->player.client_id, 101);
  CHECK_INT(ntohs(bcast_members_get(t, 0)->addr.u.in4.sin_port), 3);
  bcast_members_free(t);
}

static void
a_new_member_starts_its_statistics_from_the_admitting_packet(void)
{
  BcastMembers* t = bcast_members_new(4);
  const BcastSockaddr s = sock_v4("10.0.0.9", 9991);
  const BcastAddr k = key_of(&s);
  uint32_t index = 0;
  CHECK_INT(bcast_members_add(t, &k, &s, 5000000, 12345, 41, &index), JAM_SUCCESS);
  const BcastMember* m = bcast_members_get(t, index);
  CHECK_INT(m->player.client_id, 12345);
  CHECK_INT(m->player.seq, 41);
  CHECK_INT(m->player.packet_count, 1);
  CHECK_INT(m->player.drops, 0);
  CHECK_INT(m->player.keep_alive, 5000000);
  CHECK_INT(m->joined_us, 5000000);
  bcast_members_free(t);
}

int
main(void)
{
  RUN(a_new_table_of_16_is_empty);
  RUN(capacities_0_and_257_are_refused);
  RUN(members_are_keyed_by_address_not_by_client_id);
  RUN(the_same_host_on_another_port_is_another_member);
  RUN(an_ipv4_peer_has_the_same_key_on_ipv4_and_dual_stack_sockets);
  RUN(an_ipv6_key_is_formatted_in_brackets);
  RUN(the_17th_member_of_a_table_of_16_is_refused);
  RUN(removing_a_member_moves_the_last_one_into_its_place);
  RUN(a_new_member_starts_its_statistics_from_the_admitting_packet);
  return jam_test_summary();
}
