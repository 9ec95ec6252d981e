// SPDX-License-Identifier: ISC
/// The control websocket of rtjam-host (libwebsockets): any number of clients send command
/// JSON and receive every status message. lws runs in its own service thread; other threads
/// only queue under a mutex and wake it with lws_cancel_service (the one thread-safe lws call).

#ifndef HOST_WS_H
#define HOST_WS_H

#include <stddef.h>

typedef struct HostWsImpl HostWs;

/// Starts a websocket server on bind:port (e.g. "127.0.0.1", 9090).
/// @return NULL on failure (logged), e.g. the port is in use
HostWs*
host_ws_new(const char* bind, int port);

/// Stops the service thread and frees everything; NULL is a no-op.
void
host_ws_free(HostWs* ws);

/// Takes the oldest received message. @return malloc'ed NUL-terminated text, or NULL
char*
host_ws_poll(HostWs* ws, size_t* len);

/// Queues a text message for every connected client (each keeps at most 256 pending).
void
host_ws_broadcast(HostWs* ws, const char* text);

/// Whether a websocket handshake with this Origin header is accepted: none (not a browser), a
/// loopback origin (localhost, 127.0.0.0/8, [::1]), or the bind address itself when it is not a
/// wildcard. A web page anywhere else cannot drive the host (docs/security.md).
/// @param origin  the Origin header, NULL when absent
/// @param bind    the --ws-bind address
int
host_ws_origin_allowed(const char* origin, const char* bind);

/// Connected clients.
int
host_ws_clients(HostWs* ws);

#endif // HOST_WS_H
