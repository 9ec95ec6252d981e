// SPDX-License-Identifier: ISC
// The GSO planner without sockets: which datagrams share a sendmmsg entry, in which order, with
// which UDP_SEGMENT size, and what goes alone.

#include "check.h"
#include "packet.h"
#include "server/gso.h"
#include "server/txq.h"

#include <arpa/inet.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <string.h>

#define MEMBERS 8u

static BcastSockaddr addrs[MEMBERS];
static uint8_t packets[MEMBERS][JAM_PACKET_MAX_SIZE];

static void
setup(void)
{
  for (unsigned i = 0; i < MEMBERS; ++i) {
    memset(&addrs[i], 0, sizeof addrs[i]);
    addrs[i].u.in4.sin_family = AF_INET;
    addrs[i].u.in4.sin_port = htons((uint16_t)(40000 + i));
    addrs[i].u.in4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addrs[i].len = sizeof addrs[i].u.in4;
    memset(packets[i], (int)(0x10 + i), sizeof packets[i]);
  }
}

// What the room queues when each of `n` members sends one packet of `len` bytes, in turn.
static void
queue_period(BcastTxq* const q, const unsigned n, const size_t len)
{
  for (unsigned s = 0; s < n; ++s) {
    for (unsigned d = 0; d < n; ++d) {
      if (d != s) {
        bcast_txq_push_tagged(q, packets[s], len, &addrs[d], (uint16_t)d, BCAST_TXQ_FORWARD);
      }
    }
    bcast_txq_push_tagged(q, packets[s], JAM_PACKET_HEADER_SIZE, &addrs[s], (uint16_t)s,
                          BCAST_TXQ_ECHO);
  }
}

static uint16_t
control_segment(const struct msghdr* const h)
{
  const struct cmsghdr* const c = CMSG_FIRSTHDR(h);
  if (!c || c->cmsg_level != SOL_UDP || c->cmsg_type != UDP_SEGMENT ||
      c->cmsg_len != CMSG_LEN(sizeof(uint16_t))) {
    return 0;
  }
  uint16_t v = 0;
  memcpy(&v, CMSG_DATA(c), sizeof v);
  return v;
}

static void
a_room_of_4_sends_one_entry_per_member_with_the_echo_as_short_last_segment(void)
{
  BcastTxq* q = bcast_txq_new(64);
  BcastGso* g = bcast_gso_new(64, MEMBERS);
  queue_period(q, 4, 540);
  CHECK_INT(bcast_txq_count(q), 16);
  CHECK_INT(bcast_gso_plan(g, q), 4);
  const struct mmsghdr* msgs = bcast_gso_msgs(g);
  // Destinations in the order they first appear: member 0's packet goes to 1, 2, 3 first.
  const unsigned dest_order[4] = {1, 2, 3, 0};
  for (unsigned m = 0; m < 4; ++m) {
    const unsigned d = dest_order[m];
    const struct msghdr* h = &msgs[m].msg_hdr;
    CHECK(h->msg_name == &addrs[d].u, "entry %u goes to member %u", m, d);
    CHECK_INT(bcast_gso_dest(g, m), d);
    CHECK_INT(h->msg_namelen, sizeof addrs[d].u.in4);
    CHECK_INT(h->msg_iovlen, 4);
    CHECK_INT(bcast_gso_segments(g, m), 4);
    CHECK_INT(bcast_gso_segment_size(g, m), 540);
    CHECK_INT(control_segment(h), 540);
    unsigned k = 0;
    for (unsigned s = 0; s < 4; ++s) { // the forwards, in the order their senders were read
      if (s != d) {
        CHECK(h->msg_iov[k].iov_base == packets[s], "segment %u of entry %u is member %u's", k, m,
              s);
        CHECK_INT(h->msg_iov[k].iov_len, 540);
        ++k;
      }
    }
    CHECK(h->msg_iov[3].iov_base == packets[d], "the last segment is member %u's own echo", d);
    CHECK_INT(h->msg_iov[3].iov_len, 28);
  }
  bcast_gso_free(g);
  bcast_txq_free(q);
}

static void
two_periods_in_one_batch_keep_each_stream_in_order(void)
{
  // Members 0 and 1 send twice each (0, 1, 0, 1); member 0 receives 1's two packets in order,
  // then its two echoes: the first ends the run of forwards, the second goes on its own.
  BcastTxq* q = bcast_txq_new(64);
  BcastGso* g = bcast_gso_new(64, MEMBERS);
  uint8_t a2[540];
  uint8_t b2[540];
  memset(a2, 0xa2, sizeof a2);
  memset(b2, 0xb2, sizeof b2);
  bcast_txq_push_tagged(q, packets[0], 540, &addrs[1], 1, BCAST_TXQ_FORWARD);
  bcast_txq_push_tagged(q, packets[0], 28, &addrs[0], 0, BCAST_TXQ_ECHO);
  bcast_txq_push_tagged(q, packets[1], 540, &addrs[0], 0, BCAST_TXQ_FORWARD);
  bcast_txq_push_tagged(q, packets[1], 28, &addrs[1], 1, BCAST_TXQ_ECHO);
  bcast_txq_push_tagged(q, a2, 540, &addrs[1], 1, BCAST_TXQ_FORWARD);
  bcast_txq_push_tagged(q, a2, 28, &addrs[0], 0, BCAST_TXQ_ECHO);
  bcast_txq_push_tagged(q, b2, 540, &addrs[0], 0, BCAST_TXQ_FORWARD);
  bcast_txq_push_tagged(q, b2, 28, &addrs[1], 1, BCAST_TXQ_ECHO);
  CHECK_INT(bcast_gso_plan(g, q), 4);
  const struct mmsghdr* msgs = bcast_gso_msgs(g);
  // Member 1 first (it appeared first): [0's first, 0's second, echo of 1's first], [echo 2].
  CHECK(msgs[0].msg_hdr.msg_name == &addrs[1].u, "entry 0 goes to member 1");
  CHECK_INT(bcast_gso_segments(g, 0), 3);
  CHECK(msgs[0].msg_hdr.msg_iov[0].iov_base == packets[0], "0's first packet first");
  CHECK(msgs[0].msg_hdr.msg_iov[1].iov_base == a2, "0's second packet second");
  CHECK(msgs[0].msg_hdr.msg_iov[2].iov_base == packets[1], "then the first echo");
  CHECK_INT(msgs[0].msg_hdr.msg_iov[2].iov_len, 28);
  CHECK_INT(control_segment(&msgs[0].msg_hdr), 540);
  CHECK_INT(bcast_gso_segments(g, 1), 1);
  CHECK(msgs[1].msg_hdr.msg_iov[0].iov_base == b2, "the second echo alone, after the first");
  CHECK(msgs[1].msg_hdr.msg_control == NULL, "a single datagram has no UDP_SEGMENT");
  CHECK_INT(msgs[1].msg_hdr.msg_controllen, 0);
  // Member 0 the same way.
  CHECK(msgs[2].msg_hdr.msg_name == &addrs[0].u, "entry 2 goes to member 0");
  CHECK_INT(bcast_gso_segments(g, 2), 3);
  CHECK(msgs[2].msg_hdr.msg_iov[0].iov_base == packets[1], "1's first packet first");
  CHECK(msgs[2].msg_hdr.msg_iov[1].iov_base == b2, "1's second packet second");
  CHECK(msgs[2].msg_hdr.msg_iov[2].iov_base == packets[0], "then 0's first echo");
  CHECK(msgs[3].msg_hdr.msg_iov[0].iov_base == a2, "0's second echo last");
  bcast_gso_free(g);
  bcast_txq_free(q);
}

static void
challenges_to_unverified_sources_go_alone(void)
{
  // Untagged datagrams (challenges) are never grouped, even two to one address.
  BcastTxq* q = bcast_txq_new(16);
  BcastGso* g = bcast_gso_new(16, MEMBERS);
  bcast_txq_push(q, packets[5], 28, &addrs[5]);
  bcast_txq_push(q, packets[6], 28, &addrs[5]);
  bcast_txq_push_tagged(q, packets[7], 28, &addrs[7], MEMBERS, BCAST_TXQ_ECHO); // tag too large
  CHECK_INT(bcast_gso_plan(g, q), 3);
  const struct mmsghdr* msgs = bcast_gso_msgs(g);
  for (unsigned m = 0; m < 3; ++m) {
    CHECK_INT(bcast_gso_segments(g, m), 1);
    CHECK_INT(msgs[m].msg_hdr.msg_iovlen, 1);
    CHECK_INT(msgs[m].msg_hdr.msg_iov[0].iov_len, 28);
    CHECK(msgs[m].msg_hdr.msg_control == NULL, "entry %u has no UDP_SEGMENT", m);
  }
  CHECK(msgs[0].msg_hdr.msg_iov[0].iov_base == packets[5], "in queue order");
  CHECK(msgs[1].msg_hdr.msg_iov[0].iov_base == packets[6], "in queue order");
  bcast_gso_free(g);
  bcast_txq_free(q);
}

static void
a_shorter_packet_ends_a_run_and_a_longer_one_starts_a_new_one(void)
{
  // Forwards of 540, 540, 284, 540 and 1024 bytes to one member: [540 540 284] [540] [1024].
  BcastTxq* q = bcast_txq_new(16);
  BcastGso* g = bcast_gso_new(16, MEMBERS);
  const size_t lens[5] = {540, 540, 284, 540, 1024};
  for (unsigned i = 0; i < 5; ++i) {
    bcast_txq_push_tagged(q, packets[i + 1], lens[i], &addrs[0], 0, BCAST_TXQ_FORWARD);
  }
  CHECK_INT(bcast_gso_plan(g, q), 3);
  CHECK_INT(bcast_gso_segments(g, 0), 3);
  CHECK_INT(bcast_gso_segment_size(g, 0), 540);
  CHECK_INT(bcast_gso_segments(g, 1), 1);
  CHECK_INT(bcast_gso_segment_size(g, 1), 540);
  CHECK_INT(bcast_gso_segments(g, 2), 1);
  CHECK_INT(bcast_gso_segment_size(g, 2), 1024);
  const struct mmsghdr* msgs = bcast_gso_msgs(g);
  CHECK(msgs[1].msg_hdr.msg_iov[0].iov_base == packets[4], "the 540 after the 284");
  CHECK(msgs[2].msg_hdr.msg_iov[0].iov_base == packets[5], "the 1024 last");
  bcast_gso_free(g);
  bcast_txq_free(q);
}

static void
a_run_holds_at_most_64_segments_and_65000_bytes(void)
{
  BcastTxq* q = bcast_txq_new(256);
  BcastGso* g = bcast_gso_new(256, MEMBERS);
  for (unsigned i = 0; i < 70; ++i) { // 70 x 540: 64 + 6
    bcast_txq_push_tagged(q, packets[1], 540, &addrs[0], 0, BCAST_TXQ_FORWARD);
  }
  CHECK_INT(bcast_gso_plan(g, q), 2);
  CHECK_INT(bcast_gso_segments(g, 0), 64);
  CHECK_INT(bcast_gso_segments(g, 1), 6);
  bcast_txq_clear(q);
  for (unsigned i = 0; i < 70; ++i) { // 70 x 1024: 63 (64512 bytes; 64 would be 65536) + 7
    bcast_txq_push_tagged(q, packets[1], 1024, &addrs[0], 0, BCAST_TXQ_FORWARD);
  }
  CHECK_INT(bcast_gso_plan(g, q), 2);
  CHECK_INT(bcast_gso_segments(g, 0), 63);
  CHECK_INT(bcast_gso_segments(g, 1), 7);
  bcast_gso_free(g);
  bcast_txq_free(q);
}

static void
every_queued_datagram_is_planned_exactly_once_across_plans(void)
{
  // A room of 8, three periods: 3 x 8 x 8 = 192 datagrams, planned twice in a row (the planner
  // resets its buckets), each time 8 destinations x (1 run of 21 + 1 short echo + 1 echo).
  BcastTxq* q = bcast_txq_new(192);
  BcastGso* g = bcast_gso_new(192, MEMBERS);
  for (int round = 0; round < 2; ++round) {
    bcast_txq_clear(q);
    queue_period(q, 8, 284);
    queue_period(q, 8, 284);
    queue_period(q, 8, 284);
    CHECK_INT(bcast_txq_count(q), 192);
    const size_t n = bcast_gso_plan(g, q);
    CHECK_INT(n, 16);
    size_t total = 0;
    size_t bytes = 0;
    const struct mmsghdr* msgs = bcast_gso_msgs(g);
    for (size_t m = 0; m < n; ++m) {
      total += bcast_gso_segments(g, m);
      for (size_t k = 0; k < msgs[m].msg_hdr.msg_iovlen; ++k) {
        bytes += msgs[m].msg_hdr.msg_iov[k].iov_len;
      }
    }
    CHECK_INT(total, 192);
    CHECK_INT(bytes, 3 * 8 * (7 * 284 + 28));
    CHECK_INT(bcast_gso_segments(g, 0), 22); // 21 forwards of 284 + the first echo
    CHECK_INT(bcast_gso_segments(g, 1), 2);  // the other two echoes, 28 bytes each
    CHECK_INT(control_segment(&msgs[1].msg_hdr), 28);
  }
  bcast_gso_free(g);
  bcast_txq_free(q);
}

static void
split_gives_one_plain_entry_per_datagram(void)
{
  BcastTxq* q = bcast_txq_new(16);
  BcastGso* g = bcast_gso_new(16, MEMBERS);
  queue_period(q, 3, 540);
  CHECK_INT(bcast_gso_plan(g, q), 3);
  size_t count = 0;
  const struct mmsghdr* split = bcast_gso_split(g, 0, &count);
  CHECK_INT(count, 3);
  const size_t lens[3] = {540, 540, 28};
  for (size_t k = 0; k < count; ++k) {
    CHECK(split[k].msg_hdr.msg_name == &addrs[1].u, "datagram %zu to member 1", k);
    CHECK_INT(split[k].msg_hdr.msg_iovlen, 1);
    CHECK_INT(split[k].msg_hdr.msg_iov[0].iov_len, lens[k]);
    CHECK(split[k].msg_hdr.msg_control == NULL, "no UDP_SEGMENT");
  }
  bcast_gso_free(g);
  bcast_txq_free(q);
}

static void
bad_sizes_are_refused(void)
{
  CHECK(bcast_gso_new(0, 4) == NULL, "capacity 0");
  CHECK(bcast_gso_new(4, 0) == NULL, "no tags");
  CHECK(bcast_gso_new(4, BCAST_TXQ_NO_DEST + 1u) == NULL, "too many tags");
  bcast_gso_free(NULL);
}

int
main(void)
{
  setup();
  RUN(a_room_of_4_sends_one_entry_per_member_with_the_echo_as_short_last_segment);
  RUN(two_periods_in_one_batch_keep_each_stream_in_order);
  RUN(challenges_to_unverified_sources_go_alone);
  RUN(a_shorter_packet_ends_a_run_and_a_longer_one_starts_a_new_one);
  RUN(a_run_holds_at_most_64_segments_and_65000_bytes);
  RUN(every_queued_datagram_is_planned_exactly_once_across_plans);
  RUN(split_gives_one_plain_entry_per_datagram);
  RUN(bad_sizes_are_refused);
  return jam_test_summary();
}
