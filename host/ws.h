// SPDX-License-Identifier: ISC
/// The control websocket of rtjam-host (libwebsockets): clients send command JSON and receive
/// every status message. lws runs in its own service thread; other threads only queue under a
/// mutex and wake it with lws_cancel_service (the one thread-safe lws call).
///
/// Only the player drives it: a handshake whose Origin is not one of ours is refused, and so
/// is one without the token when a token is set. Every client's queues are bounded: commands
/// waiting (a flood is refused with a `refused` reply to that client alone), outgoing bytes (a
/// client that does not read loses its oldest messages), and the number of clients (the one
/// too many is closed with the reason).

#ifndef HOST_WS_H
#define HOST_WS_H

#include <stddef.h>

#define HOST_WS_MAX_CLIENTS   64           ///< clients at once; the next is closed with a reason
#define HOST_WS_MAX_IN        32           ///< commands waiting per client; more are refused
#define HOST_WS_MAX_IN_BYTES  (256 * 1024) ///< bytes of commands waiting per client
#define HOST_WS_MAX_OUT_BYTES (256 * 1024) ///< bytes queued per client; the oldest are dropped
#define HOST_WS_MAX_MESSAGE   65536        ///< bytes: the longest command accepted
#define HOST_WS_MAX_ORPHANS   256          ///< commands kept of clients that closed before they ran

typedef struct HostWsImpl HostWs;

/// Where and to whom the websocket listens.
typedef struct {
  const char* bind;       ///< bind address, e.g. "127.0.0.1"
  int port;               ///< TCP port
  const char* token;      ///< access token ("" or NULL: none required)
  const char* web_origin; ///< one more allowed Origin ("" or NULL: none)
  const char* web_root;   ///< the web page's directory, served on "/" ("" or NULL: no page)
} HostWsOptions;

/// 1 when a handshake's Origin may drive a host on `port`: no Origin (origin NULL: a command
/// line client), http://127.0.0.1:PORT, http://localhost:PORT, or exactly `web_origin`.
int
host_ws_origin_allowed(const char* origin, int port, const char* web_origin);

/// Starts a websocket server. @return NULL on failure (logged), e.g. the port is in use
HostWs*
host_ws_new(const HostWsOptions* opt);

/// Stops the service thread and frees everything; NULL is a no-op.
void
host_ws_free(HostWs* ws);

/// Takes the oldest received message of the next client in turn (round robin, so that one
/// client's flood does not delay another's commands).
/// @return malloc'ed NUL-terminated text, or NULL
char*
host_ws_poll(HostWs* ws, size_t* len);

/// Queues a text message for every connected client (each keeps at most
/// HOST_WS_MAX_OUT_BYTES pending).
void
host_ws_broadcast(HostWs* ws, const char* text);

/// Connected clients.
int
host_ws_clients(HostWs* ws);

#endif // HOST_WS_H
