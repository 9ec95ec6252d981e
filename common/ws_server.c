// SPDX-License-Identifier: ISC
// The control websocket server. Threads: the lws service thread runs callback(); the owner's
// main thread calls jam_ws_server_poll/send/broadcast, which touch only the mutex-guarded
// queues. See ws_server.h.

#include "ws_server.h"

#include "clock.h"
#include "listen_check.h"
#include "log.h"
#include "lws_queue.h"
#include "ws_access.h"

#include <libwebsockets.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REFUSAL_LOG_BURST     10u       ///< refused handshakes logged per window
#define REFUSAL_LOG_WINDOW_US 60000000u ///< one minute

typedef struct JamWsSession {
  struct JamWsSession* next; ///< list of live sessions (guarded by lock)
  struct lws* wsi;
  unsigned id;     ///< jam_ws_server_send's client id (never 0)
  JamLwsQueue out; ///< outgoing, at most max_out_bytes (guarded by lock)
  JamLwsQueue in;  ///< received, at most JAM_WS_MAX_IN (guarded by lock)
  JamLwsRx rx;     ///< incoming fragments (service thread only)
  int listed;      ///< 1: in the session list (counted in clients)
  int flooding;    ///< 1: its inbound queue overflowed and that was logged (guarded by lock)
} JamWsSession;

struct JamWsServerImpl {
  struct lws_context* ctx;
  pthread_t thread;
  atomic_int stop;
  pthread_mutex_t lock;
  JamWsSession* sessions;
  JamLwsQueue orphans;        ///< commands of clients that closed before they ran (guarded by lock)
  unsigned next_poll;         ///< round robin over the sessions (guarded by lock)
  unsigned next_id;           ///< the last client id given (guarded by lock)
  unsigned long accepted;     ///< clients accepted so far (guarded by lock)
  uint64_t refusal_window_us; ///< start of the refusal log's minute (service thread)
  unsigned refusals_logged;   ///< refusals logged in it (service thread)
  unsigned long refusals_unlogged; ///< refusals counted but not logged in it (service thread)
  int clients;
  int port;
  int max_clients;
  size_t max_message;
  size_t max_out_bytes;
  JamWsRefusal refusal;
  char name[32];
  char token[128];
  char extra_origin[256];
  char web_root[1024];               ///< the page's directory ("" = no page)
  struct lws_http_mount mount;       ///< "/" -> web_root (files only)
  struct lws_protocols protocols[2]; ///< "rtjam" (rx buffer: max_message) and the end mark
};

// Refuses a handshake with HTTP 403 and the reason, logged at most REFUSAL_LOG_BURST times a
// minute (any web page the user opens can knock in a loop; on a Pi each line is an SD-card
// write), then a count of the rest. @return -1 (close it)
static int
refuse_handshake(JamWsServer* ws, struct lws* wsi, const char* peer, const char* why)
{
  const uint64_t now = jam_clock_mono_us();
  if (now - ws->refusal_window_us >= REFUSAL_LOG_WINDOW_US) {
    if (ws->refusals_unlogged) {
      jam_log(JAM_LOG_WARN, "%s: %lu more websocket handshakes refused and not logged", ws->name,
              ws->refusals_unlogged);
    }
    ws->refusal_window_us = now;
    ws->refusals_logged = 0;
    ws->refusals_unlogged = 0;
  }
  if (ws->refusals_logged < REFUSAL_LOG_BURST) {
    ++ws->refusals_logged;
    jam_log(JAM_LOG_WARN, "%s: websocket from %s refused: %s%s", ws->name, peer, why,
            ws->refusals_logged == REFUSAL_LOG_BURST ? " (more this minute are counted, not logged)"
                                                     : "");
  } else {
    ++ws->refusals_unlogged;
  }
  char body[1024];
  snprintf(body, sizeof body, "websocket refused: %.900s\n", why);
  (void)lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, body);
  return -1;
}

// FILTER_PROTOCOL_CONNECTION: the Origin and the token. @return 0 to accept, else refused
static int
filter_handshake(JamWsServer* ws, struct lws* wsi)
{
  char origin[256], peer[64] = "?";
  const int has_origin = lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN) > 0;
  if (has_origin && lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) < 0) {
    origin[0] = '\0';
  }
  lws_get_peer_simple(wsi, peer, sizeof peer);
  // With a token, our page loaded by any name of this machine (http://pi.local:PORT/) may
  // connect: its Origin is "http://" + the Host it asks. Without one only the loopback names.
  char host[256] = "";
  if (lws_hdr_copy(wsi, host, sizeof host, WSI_TOKEN_HOST) < 0) {
    host[0] = '\0';
  }
  const int same = ws->token[0] && has_origin && jam_ws_same_origin(origin, host);
  if (!same && !jam_ws_origin_allowed(has_origin ? origin : NULL, ws->port, ws->extra_origin)) {
    char why[768];
    snprintf(why, sizeof why,
             "Origin '%.256s' is not ours (allowed: none, http://127.0.0.1:%d, "
             "http://localhost:%d%s%.256s%s)",
             origin, ws->port, ws->port, ws->extra_origin[0] ? ", " : "", ws->extra_origin,
             ws->token[0] ? ", the page's own with the token" : "");
    return refuse_handshake(ws, wsi, peer, why);
  }
  char url_token[256], auth[256];
  const char* t = lws_get_urlarg_by_name(wsi, "token=", url_token, sizeof url_token);
  const int has_auth = lws_hdr_copy(wsi, auth, sizeof auth, WSI_TOKEN_HTTP_AUTHORIZATION) > 0;
  if (!jam_ws_token_ok(ws->token, t, has_auth ? auth : NULL)) {
    return refuse_handshake(ws, wsi, peer, "token missing or wrong");
  }
  return 0;
}

// Queues a text for one session (lock held); wakes its writer.
static void
session_say(JamWsServer* ws, JamWsSession* s, const char* text)
{
  JamLwsMsg* m = text ? jam_lws_msg_new(text, strlen(text)) : NULL;
  if (m) {
    jam_lws_queue_push_bytes(&s->out, m, ws->max_out_bytes);
    lws_callback_on_writable(s->wsi);
  }
}

// A complete command from session s: queued, or refused to s alone when its queue is full.
static void
take_command(JamWsServer* ws, JamWsSession* s)
{
  JamLwsMsg* m = jam_lws_msg_new(s->rx.buf, s->rx.len);
  if (!m) {
    return;
  }
  pthread_mutex_lock(&ws->lock);
  if (s->in.count < JAM_WS_MAX_IN && s->in.bytes + m->len <= JAM_WS_MAX_IN_BYTES) {
    jam_lws_queue_push(&s->in, m, 0);
    s->flooding = 0;
  } else {
    free(m);
    if (!s->flooding) {
      jam_log(JAM_LOG_WARN,
              "%s: websocket client sends faster than commands run: refusing "
              "its commands while %d wait",
              ws->name, JAM_WS_MAX_IN);
      s->flooding = 1;
    }
    char reason[96];
    snprintf(reason, sizeof reason, "command queue full (%d commands waiting): wait for replies",
             JAM_WS_MAX_IN);
    char* text = ws->refusal ? ws->refusal(reason) : strdup(reason);
    session_say(ws, s, text);
    free(text);
  }
  pthread_mutex_unlock(&ws->lock);
}

// Closes a client with a close frame holding the reason (logged). @return -1 (close it)
static int
close_with_reason(JamWsServer* ws, struct lws* wsi, const enum lws_close_status code,
                  const char* why)
{
  jam_log(JAM_LOG_WARN, "%s: websocket client closed: %s", ws->name, why);
  char reason[120]; // a close frame's payload is at most 125 bytes with the code
  const int n = snprintf(reason, sizeof reason, "%s", why);
  lws_close_reason(wsi, code, (unsigned char*)reason,
                   (size_t)(n < (int)sizeof reason ? n : (int)sizeof reason - 1));
  return -1;
}

static int
callback(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len)
{
  JamWsServer* ws = lws_context_user(lws_get_context(wsi));
  JamWsSession* s = user;
  switch ((int)reason) { // int: lws has ~150 reasons, we handle six
  case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
    return filter_handshake(ws, wsi);
  case LWS_CALLBACK_ESTABLISHED: {
    memset(s, 0, sizeof *s);
    s->wsi = wsi;
    pthread_mutex_lock(&ws->lock);
    if (ws->clients >= ws->max_clients) {
      pthread_mutex_unlock(&ws->lock);
      char why[64];
      snprintf(why, sizeof why, "too many clients (%d connected)", ws->max_clients);
      return close_with_reason(ws, wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, why);
    }
    if (++ws->next_id == 0) { // never 0 (after 2^32 clients)
      ++ws->next_id;
    }
    s->id = ws->next_id;
    s->next = ws->sessions;
    ws->sessions = s;
    s->listed = 1;
    ++ws->clients;
    ++ws->accepted;
    pthread_mutex_unlock(&ws->lock);
    break;
  }
  case LWS_CALLBACK_CLOSED:
    pthread_mutex_lock(&ws->lock);
    for (JamWsSession** p = &ws->sessions; s->listed && *p; p = &(*p)->next) {
      if (*p == s) {
        *p = s->next;
        --ws->clients;
        break;
      }
    }
    s->listed = 0;
    jam_lws_queue_clear(&s->out);
    // A client may send and close at once (rtjam_ws.py): its commands still run.
    for (JamLwsMsg* m; (m = jam_lws_queue_pop(&s->in)) != NULL;) {
      jam_lws_queue_push(&ws->orphans, m, JAM_WS_MAX_ORPHANS);
    }
    pthread_mutex_unlock(&ws->lock);
    jam_lws_rx_reset(&s->rx);
    break;
  case LWS_CALLBACK_RECEIVE: {
    const int last = lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi);
    switch (jam_lws_rx_add(&s->rx, in, len, ws->max_message, last)) {
    case JAM_LWS_RX_TOO_LONG: {
      char why[64];
      snprintf(why, sizeof why, "message longer than %zu bytes", ws->max_message);
      return close_with_reason(ws, wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, why);
    }
    case JAM_LWS_RX_NO_MEMORY:
      return -1;
    case JAM_LWS_RX_MORE:
      break;
    case JAM_LWS_RX_DONE:
      take_command(ws, s);
      jam_lws_rx_reset(&s->rx);
      break;
    }
    break;
  }
  case LWS_CALLBACK_SERVER_WRITEABLE: {
    pthread_mutex_lock(&ws->lock);
    JamLwsMsg* m = jam_lws_queue_pop(&s->out);
    const int more = jam_lws_queue_count(&s->out) > 0;
    pthread_mutex_unlock(&ws->lock);
    if (m) {
      const int n = lws_write(wsi, jam_lws_msg_text(m), m->len, LWS_WRITE_TEXT);
      free(m);
      if (n < 0) {
        return -1;
      }
    }
    if (more) {
      lws_callback_on_writable(wsi);
    }
    break;
  }
  case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
    pthread_mutex_lock(&ws->lock);
    for (JamWsSession* p = ws->sessions; p; p = p->next) {
      if (jam_lws_queue_count(&p->out) > 0) {
        lws_callback_on_writable(p->wsi);
      }
    }
    pthread_mutex_unlock(&ws->lock);
    break;
  default:
    // HTTP: the page's files, served by lws from the mount (web_root only).
    return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
  return 0;
}

static void*
service(void* arg)
{
  JamWsServer* ws = arg;
  while (!atomic_load(&ws->stop)) {
    if (lws_service(ws->ctx, 0) < 0) {
      break;
    }
  }
  return NULL;
}

static void
copy(char* out, const size_t size, const char* s)
{
  snprintf(out, size, "%s", s ? s : "");
}

JamWsServer*
jam_ws_server_new(const JamWsOptions* const opt)
{
  JamWsServer* ws = calloc(1, sizeof *ws);
  if (!ws) {
    return NULL;
  }
  pthread_mutex_init(&ws->lock, NULL);
  atomic_init(&ws->stop, 0);
  ws->port = opt->port;
  ws->max_clients = opt->max_clients > 0 ? opt->max_clients : JAM_WS_MAX_CLIENTS;
  ws->max_message = opt->max_message ? opt->max_message : JAM_WS_MAX_MESSAGE;
  ws->max_out_bytes = opt->max_out_bytes ? opt->max_out_bytes : JAM_WS_MAX_OUT_BYTES;
  ws->refusal = opt->refusal;
  copy(ws->name, sizeof ws->name, opt->name && opt->name[0] ? opt->name : "websocket");
  copy(ws->token, sizeof ws->token, opt->token);
  copy(ws->extra_origin, sizeof ws->extra_origin, opt->extra_origin);
  lws_set_log_level(LLL_ERR, NULL);
  // One protocol per server (its rx buffer is this server's longest message).
  ws->protocols[0] =
      (struct lws_protocols){"rtjam", callback, sizeof(JamWsSession), ws->max_message, 0, NULL, 0};
  struct lws_context_creation_info info;
  memset(&info, 0, sizeof info);
  info.port = opt->port;
  info.iface = opt->bind;
  info.user = ws;
  // IPv6 stays off for an IPv4 address, so that its socket is IPv4 only (and "0.0.0.0" is not
  // also "::"); it must be on for an IPv6 one, or libwebsockets binds every IPv4 interface.
  const int bind_v6 = opt->bind && strchr(opt->bind, ':') != NULL;
  info.options = bind_v6 ? 0 : LWS_SERVER_OPTION_DISABLE_IPV6;
  info.protocols = ws->protocols;
  if (opt->web_root && opt->web_root[0]) {
    copy(ws->web_root, sizeof ws->web_root, opt->web_root);
    ws->mount.mountpoint = "/";
    ws->mount.mountpoint_len = 1;
    ws->mount.origin = ws->web_root;
    ws->mount.def = "index.html";
    ws->mount.origin_protocol = LWSMPRO_FILE;
    ws->mount.cache_max_age = 0; // a new version of the page is loaded at once
    info.mounts = &ws->mount;
  }
  ws->ctx = lws_create_context(&info);
  if (!ws->ctx) {
    jam_log(JAM_LOG_ERROR, "%s: websocket server on %s:%d: cannot listen (port in use?)", ws->name,
            opt->bind, opt->port);
    pthread_mutex_destroy(&ws->lock);
    free(ws);
    return NULL;
  }
  // libwebsockets resolves the address itself and may carry on without a listener, or with one
  // elsewhere: check what it bound.
  char found[64];
  if (!jam_tcp_listening_on(opt->bind, opt->port, found, sizeof found)) {
    jam_log(JAM_LOG_ERROR, "%s: websocket server: not listening on %s port %d (found: %s)",
            ws->name, opt->bind ? opt->bind : "(no address)", opt->port, found);
    lws_context_destroy(ws->ctx);
    pthread_mutex_destroy(&ws->lock);
    free(ws);
    return NULL;
  }
  // The service thread must not take the signals main handles.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  const int err = pthread_create(&ws->thread, NULL, service, ws);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (err) {
    jam_log(JAM_LOG_ERROR, "%s: websocket thread: %s", ws->name, strerror(err));
    lws_context_destroy(ws->ctx);
    pthread_mutex_destroy(&ws->lock);
    free(ws);
    return NULL;
  }
  jam_log(JAM_LOG_INFO, "%s: websocket control on ws://%s%s%s:%d/%s", ws->name, bind_v6 ? "[" : "",
          opt->bind, bind_v6 ? "]" : "", opt->port, ws->token[0] ? " (token required)" : "");
  return ws;
}

void
jam_ws_server_free(JamWsServer* const ws)
{
  if (!ws) {
    return;
  }
  atomic_store(&ws->stop, 1);
  lws_cancel_service(ws->ctx);
  pthread_join(ws->thread, NULL);
  lws_context_destroy(ws->ctx); // closes the sessions (CLOSED frees their queues)
  jam_lws_queue_clear(&ws->orphans);
  pthread_mutex_destroy(&ws->lock);
  free(ws);
}

char*
jam_ws_server_poll(JamWsServer* const ws, size_t* const len, unsigned* const client)
{
  if (client) {
    *client = 0;
  }
  pthread_mutex_lock(&ws->lock);
  // Round robin over the sessions and, as one more turn, the closed clients' commands: those
  // once went first, so a client that reconnected in a loop (32 commands, close, again) got
  // past its own queue's bound and held every other client's commands back for good.
  const unsigned turns = (unsigned)ws->clients + 1u;
  char* text = NULL;
  for (unsigned i = 0; i < turns && !text; ++i) {
    const unsigned k = (ws->next_poll + i) % turns;
    if (k == turns - 1u) {
      text = jam_lws_queue_pop_text(&ws->orphans, len); // the oldest first
      if (text) {
        ws->next_poll = k + 1u;
      }
      continue;
    }
    JamWsSession* s = ws->sessions;
    for (unsigned j = 0; j < k && s; ++j) {
      s = s->next;
    }
    if (s && jam_lws_queue_count(&s->in) > 0) {
      text = jam_lws_queue_pop_text(&s->in, len);
      ws->next_poll = k + 1u;
      if (client) {
        *client = s->id;
      }
    }
  }
  pthread_mutex_unlock(&ws->lock);
  return text;
}

void
jam_ws_server_send(JamWsServer* const ws, const unsigned client, const char* const text)
{
  if (!ws || !text || !client) {
    return;
  }
  pthread_mutex_lock(&ws->lock);
  for (JamWsSession* s = ws->sessions; s; s = s->next) {
    if (s->id == client) {
      JamLwsMsg* m = jam_lws_msg_new(text, strlen(text));
      if (m) {
        jam_lws_queue_push_bytes(&s->out, m, ws->max_out_bytes);
      }
      break;
    }
  }
  pthread_mutex_unlock(&ws->lock);
  lws_cancel_service(ws->ctx);
}

void
jam_ws_server_broadcast(JamWsServer* const ws, const char* const text)
{
  if (!ws || !text) {
    return;
  }
  const size_t len = strlen(text);
  pthread_mutex_lock(&ws->lock);
  for (JamWsSession* s = ws->sessions; s; s = s->next) {
    JamLwsMsg* m = jam_lws_msg_new(text, len);
    if (!m) {
      break;
    }
    // A client that does not read loses its oldest messages (status supersedes status).
    jam_lws_queue_push_bytes(&s->out, m, ws->max_out_bytes);
  }
  pthread_mutex_unlock(&ws->lock);
  lws_cancel_service(ws->ctx);
}

int
jam_ws_server_clients(JamWsServer* const ws)
{
  if (!ws) {
    return 0;
  }
  pthread_mutex_lock(&ws->lock);
  const int n = ws->clients;
  pthread_mutex_unlock(&ws->lock);
  return n;
}

unsigned long
jam_ws_server_accepted(JamWsServer* const ws)
{
  if (!ws) {
    return 0;
  }
  pthread_mutex_lock(&ws->lock);
  const unsigned long n = ws->accepted;
  pthread_mutex_unlock(&ws->lock);
  return n;
}
