// SPDX-License-Identifier: ISC
/// A control websocket server (libwebsockets), shared by rtjam-host (its control websocket and
/// web page) and rtjam-broadcast (--control-port): clients send command text and receive status
/// messages. lws runs in its own service thread; other threads only queue under a mutex and
/// wake it with lws_cancel_service (the one thread-safe lws call).
///
/// Only the owner drives it (common/ws_access.h): a handshake whose Origin is not one of ours
/// is refused with HTTP 403 and the reason, and so is one without the token when a token is
/// set. Everything is bounded: the number of clients (the one too many is closed with the
/// reason), a message's length (a longer one closes its client with the reason), the commands
/// waiting per client (a flood is refused with a refusal message to that client alone), and
/// the outgoing bytes per client (a client that does not read loses its oldest messages).

#ifndef JAM_WS_SERVER_H
#define JAM_WS_SERVER_H

#include <stddef.h>

#define JAM_WS_MAX_CLIENTS   64           ///< default clients at once; the next is closed
#define JAM_WS_MAX_IN        32           ///< commands waiting per client; more are refused
#define JAM_WS_MAX_IN_BYTES  (256 * 1024) ///< bytes of commands waiting per client
#define JAM_WS_MAX_OUT_BYTES (256 * 1024) ///< default bytes queued per client (oldest dropped)
#define JAM_WS_MAX_MESSAGE   65536        ///< default bytes: the longest command accepted
#define JAM_WS_MAX_ORPHANS   256          ///< commands kept of clients that closed before they ran

typedef struct JamWsServerImpl JamWsServer;

/// Builds the refusal a flooding client gets (malloc'ed text, NULL: none), in its protocol.
typedef char* (*JamWsRefusal)(const char* reason);

/// Where and to whom the websocket listens, and its bounds (0: the defaults above).
typedef struct {
  const char* name;         ///< log prefix, e.g. "host" or "control"
  const char* bind;         ///< bind address, e.g. "127.0.0.1"
  int port;                 ///< TCP port
  const char* token;        ///< access token ("" or NULL: none required)
  const char* extra_origin; ///< one more allowed Origin ("" or NULL: none)
  const char* web_root;     ///< a directory served on "/" ("" or NULL: no page)
  int max_clients;          ///< clients at once (0: JAM_WS_MAX_CLIENTS)
  size_t max_message;       ///< the longest message in bytes (0: JAM_WS_MAX_MESSAGE)
  size_t max_out_bytes;     ///< bytes queued per client (0: JAM_WS_MAX_OUT_BYTES)
  JamWsRefusal refusal;     ///< the flood refusal's text (NULL: a plain text reason)
} JamWsOptions;

/// Starts a websocket server. @return NULL on failure (logged), e.g. the port is in use
JamWsServer*
jam_ws_server_new(const JamWsOptions* opt);

/// Stops the service thread and frees everything; NULL is a no-op.
void
jam_ws_server_free(JamWsServer* ws);

/// Takes the oldest received message of the next client in turn (round robin, so that one
/// client's flood does not delay another's commands). `client` (may be NULL) gets the sender's
/// id for jam_ws_server_send (0 for a client that has closed since: its commands still run).
/// @return malloc'ed NUL-terminated text, or NULL
char*
jam_ws_server_poll(JamWsServer* ws, size_t* len, unsigned* client);

/// Queues a text message for one client (dropped when it has closed, or client is 0).
void
jam_ws_server_send(JamWsServer* ws, unsigned client, const char* text);

/// Queues a text message for every connected client.
void
jam_ws_server_broadcast(JamWsServer* ws, const char* text);

/// Connected clients.
int
jam_ws_server_clients(JamWsServer* ws);

/// Clients accepted since the start (grows by one per accepted handshake): a change means
/// someone new may need the state that is otherwise only said when it changes.
unsigned long
jam_ws_server_accepted(JamWsServer* ws);

#endif // JAM_WS_SERVER_H
