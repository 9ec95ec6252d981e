// SPDX-License-Identifier: ISC
// The listening-socket check. See listen_check.h.

#include "listen_check.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define TCP_LISTEN 0x0A ///< the state column of /proc/net/tcp for LISTEN

// 1 when inode is one of this process's socket descriptors.
static int
own_socket(const unsigned long inode)
{
  DIR* const d = opendir("/proc/self/fd");
  if (!d) {
    return 0;
  }
  char want[48];
  snprintf(want, sizeof want, "socket:[%lu]", inode);
  int found = 0;
  const struct dirent* e;
  while (!found && (e = readdir(d)) != NULL) {
    char path[64];
    char target[64];
    snprintf(path, sizeof path, "/proc/self/fd/%.32s", e->d_name);
    const ssize_t n = readlink(path, target, sizeof target - 1);
    if (n > 0) {
      target[n] = '\0';
      found = !strcmp(target, want);
    }
  }
  closedir(d);
  return found;
}

// The address as /proc/net/tcp{,6} prints it: each 32-bit word of the network-order bytes,
// read in host order, as %08X. 0 when addr is not numeric.
static int
proc_hex(const char* const addr, char* const out, const size_t cap, int* const v6)
{
  uint8_t a[16];
  size_t words = 0;
  if (inet_pton(AF_INET, addr, a) == 1) {
    words = 1;
    *v6 = 0;
  } else if (inet_pton(AF_INET6, addr, a) == 1) {
    words = 4;
    *v6 = 1;
  } else {
    return 0;
  }
  out[0] = '\0';
  for (size_t w = 0; w < words && 8 * (w + 1) < cap; ++w) {
    uint32_t x;
    memcpy(&x, a + 4 * w, sizeof x);
    snprintf(out + 8 * w, cap - 8 * w, "%08X", (unsigned)x);
  }
  return 1;
}

int
jam_tcp_listening_on(const char* const addr, const int port, char* const found,
                     const unsigned long found_cap)
{
  char want[40];
  int v6 = 0;
  if (found && found_cap) {
    snprintf(found, found_cap, "nothing");
  }
  if (!addr || !proc_hex(addr, want, sizeof want, &v6)) {
    return 0;
  }
  int ok = 0;
  for (int table = 0; table < 2 && !ok; ++table) {
    FILE* const f = fopen(table ? "/proc/self/net/tcp6" : "/proc/self/net/tcp", "r");
    if (!f) {
      continue;
    }
    char line[512];
    while (!ok && fgets(line, sizeof line, f)) {
      char local[40];
      unsigned lport = 0;
      unsigned state = 0;
      unsigned long inode = 0;
      if (sscanf(line, " %*s %39[0-9A-Fa-f]:%x %*s %x %*s %*s %*s %*u %*u %lu", local, &lport,
                 &state, &inode) != 4 ||
          state != TCP_LISTEN || lport != (unsigned)port || !own_socket(inode)) {
        continue;
      }
      if (table == v6 && !strcasecmp(local, want)) {
        ok = 1;
      } else if (found && found_cap) {
        snprintf(found, found_cap, "%s %s", table ? "tcp6" : "tcp", local);
      }
    }
    fclose(f);
  }
  return ok;
}
