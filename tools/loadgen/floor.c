// SPDX-License-Identifier: ISC
// The kernel's floor for a forwarder on this machine: the CPU time of sending 540-byte UDP
// datagrams with sendmmsg to 4 loopback sockets (4 destinations per call, like a room of 5),
// which are drained between batches. No server is involved: it calibrates the per-datagram cost
// that rtjam-broadcast cannot go below, whatever its own code does.

#include "floor.h"

#include "packet.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DESTS 4
#define CALLS 100000

static double
cpu_s(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int
loadgen_floor(void)
{
  const struct sockaddr_in any = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  const int tx = socket(AF_INET, SOCK_DGRAM, 0);
  int rx[DESTS];
  struct sockaddr_in dst[DESTS];
  if (tx < 0 || bind(tx, (const struct sockaddr*)&any, sizeof any) != 0) {
    perror("rtjam-loadgen: socket");
    return 1;
  }
  for (int i = 0; i < DESTS; ++i) {
    rx[i] = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    socklen_t len = sizeof dst[i];
    const int size = 4 << 20;
    if (rx[i] < 0 || bind(rx[i], (const struct sockaddr*)&any, sizeof any) != 0 ||
        getsockname(rx[i], (struct sockaddr*)&dst[i], &len) != 0) {
      perror("rtjam-loadgen: socket");
      return 1;
    }
    setsockopt(rx[i], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  static uint8_t payload[540];
  static uint8_t sink[64][JAM_PACKET_MAX_SIZE];
  struct mmsghdr tx_msgs[DESTS];
  struct iovec tx_iov[DESTS];
  memset(tx_msgs, 0, sizeof tx_msgs);
  for (int i = 0; i < DESTS; ++i) {
    tx_iov[i] = (struct iovec){.iov_base = payload, .iov_len = sizeof payload};
    tx_msgs[i].msg_hdr.msg_iov = &tx_iov[i];
    tx_msgs[i].msg_hdr.msg_iovlen = 1;
    tx_msgs[i].msg_hdr.msg_name = &dst[i];
    tx_msgs[i].msg_hdr.msg_namelen = sizeof dst[i];
  }
  struct mmsghdr rx_msgs[64];
  struct iovec rx_iov[64];
  memset(rx_msgs, 0, sizeof rx_msgs);
  for (int i = 0; i < 64; ++i) {
    rx_iov[i] = (struct iovec){.iov_base = sink[i], .iov_len = sizeof sink[i]};
    rx_msgs[i].msg_hdr.msg_iov = &rx_iov[i];
    rx_msgs[i].msg_hdr.msg_iovlen = 1;
  }
  double send_s = 0.0;
  double recv_s = 0.0;
  for (int k = 0; k < CALLS; ++k) {
    const double a = cpu_s();
    const int sent = sendmmsg(tx, tx_msgs, DESTS, 0);
    const double b = cpu_s();
    send_s += b - a;
    if (sent != DESTS) {
      perror("rtjam-loadgen: sendmmsg");
      return 1;
    }
    if (k % 8 == 7) {
      for (int i = 0; i < DESTS; ++i) {
        while (recvmmsg(rx[i], rx_msgs, 64, MSG_DONTWAIT, NULL) > 0) {
        }
      }
      recv_s += cpu_s() - b;
    }
  }
  const double n = (double)CALLS * DESTS;
  printf("kernel floor on this machine (540-byte datagrams, sendmmsg x%d, loopback):\n"
         "  send %.0f ns CPU per datagram (includes the loopback delivery into the receiving "
         "socket)\n"
         "  receive %.0f ns CPU per datagram (recvmmsg x64)\n",
         DESTS, send_s / n * 1e9, recv_s / n * 1e9);
  printf("RESULT floor_send_ns=%.0f floor_recv_ns=%.0f\n", send_s / n * 1e9, recv_s / n * 1e9);
  close(tx);
  for (int i = 0; i < DESTS; ++i) {
    close(rx[i]);
  }
  return 0;
}
