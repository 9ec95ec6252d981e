// SPDX-License-Identifier: ISC
// Whether this process has a TCP socket listening on an exact address and port: the check that a
// library which binds on its own (libwebsockets) bound what it was asked to.

#ifndef JAM_LISTEN_CHECK_H
#define JAM_LISTEN_CHECK_H

/// 1 when one of this process's descriptors is a TCP socket in LISTEN on exactly addr:port
/// (addr: a numeric IPv4 or IPv6 address, "0.0.0.0" and "::" included), read from
/// /proc/self/net/tcp, /proc/self/net/tcp6 and /proc/self/fd; 0 otherwise. When it returns 0,
/// `found` (if not NULL) names what this process does listen on at that port, or "nothing".
int
jam_tcp_listening_on(const char* addr, int port, char* found, unsigned long found_cap);

#endif // JAM_LISTEN_CHECK_H
