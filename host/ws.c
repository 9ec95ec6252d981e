// SPDX-License-Identifier: ISC
// rtjam-host's websocket server. Threads: the lws service thread runs callback(); the main
// thread calls host_ws_poll/broadcast, which touch only the mutex-guarded queues.

#include "host/ws.h"

#include "host/lws_queue.h"

#include "log.h"

#include <libwebsockets.h>

#include <arpa/inet.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WS_MAX_MESSAGE 65536 ///< bytes: the longest command accepted
#define WS_MAX_PENDING 256   ///< messages queued per client before the oldest is dropped

typedef struct HostWsSession {
  struct HostWsSession* next; ///< list of live sessions (guarded by lock)
  struct lws* wsi;
  HostLwsQueue out; ///< outgoing, at most WS_MAX_PENDING (guarded by lock)
  HostLwsRx rx;     ///< incoming fragments (service thread only)
} HostWsSession;

struct HostWsImpl {
  struct lws_context* ctx;
  pthread_t thread;
  atomic_int stop;
  pthread_mutex_t lock;
  HostWsSession* sessions;
  HostLwsQueue in; ///< received, unbounded (guarded by lock)
  int clients;
  char bind[64];            ///< the bind address, also an allowed Origin host (docs/security.md)
  uint64_t origins_refused; ///< handshakes refused for their Origin
};

// The host part of an Origin ("scheme://host[:port]"), lower-cased, brackets kept for IPv6.
// @return 0, or −1 if it has no "://" or the host does not fit
static int
origin_host(const char* const origin, char* const out, const size_t size)
{
  const char* p = strstr(origin, "://");
  if (!p) {
    return -1;
  }
  p += 3;
  size_t n = 0;
  if (*p == '[') {
    n = strcspn(p, "]");
    n += p[n] == ']';
  } else {
    n = strcspn(p, ":/?#");
  }
  if (n == 0 || n >= size) {
    return -1;
  }
  for (size_t i = 0; i < n; ++i) {
    const char c = p[i];
    out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  out[n] = '\0';
  return 0;
}

int
host_ws_origin_allowed(const char* const origin, const char* const bind)
{
  if (!origin) {
    return 1; // no Origin: not a browser (tools/ws, scripts, the nation's units)
  }
  char host[256];
  if (origin_host(origin, host, sizeof host)) {
    return 0; // "null" (sandboxed frames, file://) or garbage
  }
  struct in_addr v4;
  if (!strcmp(host, "localhost") || !strcmp(host, "[::1]") ||
      (inet_pton(AF_INET, host, &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127)) {
    return 1; // an IPv4 literal in 127/8 (not a name that merely starts with "127.")
  }
  // A page served from the address the websocket is bound to (a UI on the unit itself, when
  // --ws-bind names a LAN address). Never a name: DNS rebinding gives an attacker's page a
  // name that resolves to us, but its Origin keeps the attacker's name.
  return bind && *bind && strcmp(bind, "0.0.0.0") && strcmp(bind, "::") && !strcmp(host, bind);
}

static int
callback(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len)
{
  HostWs* ws = lws_context_user(lws_get_context(wsi));
  HostWsSession* s = user;
  switch ((int)reason) { // int: lws has ~150 reasons, we handle six
  case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
    // A web page the user visits may open a websocket to 127.0.0.1:9090 (browsers allow
    // cross-origin websockets and send Origin): refuse pages from other origins.
    char origin[512] = "";
    const int n = lws_hdr_total_length(wsi, WSI_TOKEN_ORIGIN);
    const int has = n > 0;
    if (has && (n >= (int)sizeof origin ||
                lws_hdr_copy(wsi, origin, sizeof origin, WSI_TOKEN_ORIGIN) < 0)) {
      origin[0] = '\0'; // too long: refused below as an unparsable Origin
    }
    if (!host_ws_origin_allowed(has ? origin : NULL, ws->bind)) {
      pthread_mutex_lock(&ws->lock);
      const uint64_t k = ++ws->origins_refused;
      pthread_mutex_unlock(&ws->lock);
      if (k <= 10 || (k & (k - 1)) == 0) { // the first 10, then at powers of two
        jam_log(JAM_LOG_WARN, "host: websocket from Origin '%s' refused (%llu so far)", origin,
                (unsigned long long)k);
      }
      return -1;
    }
    break;
  }
  case LWS_CALLBACK_ESTABLISHED:
    memset(s, 0, sizeof *s);
    s->wsi = wsi;
    pthread_mutex_lock(&ws->lock);
    s->next = ws->sessions;
    ws->sessions = s;
    ++ws->clients;
    pthread_mutex_unlock(&ws->lock);
    break;
  case LWS_CALLBACK_CLOSED:
    pthread_mutex_lock(&ws->lock);
    for (HostWsSession** p = &ws->sessions; *p; p = &(*p)->next) {
      if (*p == s) {
        *p = s->next;
        --ws->clients;
        break;
      }
    }
    host_lws_queue_clear(&s->out);
    pthread_mutex_unlock(&ws->lock);
    host_lws_rx_reset(&s->rx);
    break;
  case LWS_CALLBACK_RECEIVE: {
    const int last = lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi);
    switch (host_lws_rx_add(&s->rx, in, len, WS_MAX_MESSAGE, last)) {
    case HOST_LWS_RX_TOO_LONG:
      jam_log(JAM_LOG_WARN, "host: websocket message longer than %d bytes: dropped",
              WS_MAX_MESSAGE);
      return -1;
    case HOST_LWS_RX_NO_MEMORY:
      return -1;
    case HOST_LWS_RX_MORE:
      break;
    case HOST_LWS_RX_DONE: {
      HostLwsMsg* m = host_lws_msg_new(s->rx.buf, s->rx.len);
      host_lws_rx_reset(&s->rx);
      if (m) {
        pthread_mutex_lock(&ws->lock);
        host_lws_queue_push(&ws->in, m, 0);
        pthread_mutex_unlock(&ws->lock);
      }
      break;
    }
    }
    break;
  }
  case LWS_CALLBACK_SERVER_WRITEABLE: {
    pthread_mutex_lock(&ws->lock);
    HostLwsMsg* m = host_lws_queue_pop(&s->out);
    const int more = host_lws_queue_count(&s->out) > 0;
    pthread_mutex_unlock(&ws->lock);
    if (m) {
      const int n = lws_write(wsi, host_lws_msg_text(m), m->len, LWS_WRITE_TEXT);
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
    for (HostWsSession* p = ws->sessions; p; p = p->next) {
      if (host_lws_queue_count(&p->out) > 0) {
        lws_callback_on_writable(p->wsi);
      }
    }
    pthread_mutex_unlock(&ws->lock);
    break;
  default:
    break;
  }
  return 0;
}

static const struct lws_protocols protocols[] = {
    {"rtjam", callback, sizeof(HostWsSession), WS_MAX_MESSAGE, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

static void*
service(void* arg)
{
  HostWs* ws = arg;
  while (!atomic_load(&ws->stop)) {
    if (lws_service(ws->ctx, 0) < 0) {
      break;
    }
  }
  return NULL;
}

HostWs*
host_ws_new(const char* const bind, const int port)
{
  HostWs* ws = calloc(1, sizeof *ws);
  if (!ws) {
    return NULL;
  }
  pthread_mutex_init(&ws->lock, NULL);
  atomic_init(&ws->stop, 0);
  lws_set_log_level(LLL_ERR, NULL);
  struct lws_context_creation_info info;
  memset(&info, 0, sizeof info);
  info.port = port;
  info.iface = bind;
  info.protocols = protocols;
  info.user = ws;
  snprintf(ws->bind, sizeof ws->bind, "%s", bind ? bind : "");
  info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
  ws->ctx = lws_create_context(&info);
  if (!ws->ctx) {
    jam_log(JAM_LOG_ERROR, "host: websocket server on %s:%d: cannot listen (port in use?)", bind,
            port);
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
    jam_log(JAM_LOG_ERROR, "host: websocket thread: %s", strerror(err));
    lws_context_destroy(ws->ctx);
    pthread_mutex_destroy(&ws->lock);
    free(ws);
    return NULL;
  }
  jam_log(JAM_LOG_INFO, "host: websocket control on ws://%s:%d/", bind, port);
  return ws;
}

void
host_ws_free(HostWs* const ws)
{
  if (!ws) {
    return;
  }
  atomic_store(&ws->stop, 1);
  lws_cancel_service(ws->ctx);
  pthread_join(ws->thread, NULL);
  lws_context_destroy(ws->ctx); // closes the sessions (CLOSED frees their queues)
  host_lws_queue_clear(&ws->in);
  pthread_mutex_destroy(&ws->lock);
  free(ws);
}

char*
host_ws_poll(HostWs* const ws, size_t* const len)
{
  pthread_mutex_lock(&ws->lock);
  char* const text = host_lws_queue_pop_text(&ws->in, len);
  pthread_mutex_unlock(&ws->lock);
  return text;
}

void
host_ws_broadcast(HostWs* const ws, const char* const text)
{
  if (!ws || !text) {
    return;
  }
  const size_t len = strlen(text);
  pthread_mutex_lock(&ws->lock);
  for (HostWsSession* s = ws->sessions; s; s = s->next) {
    HostLwsMsg* m = host_lws_msg_new(text, len);
    if (!m) {
      break;
    }
    host_lws_queue_push(&s->out, m, WS_MAX_PENDING); // a slow client loses its oldest message
  }
  pthread_mutex_unlock(&ws->lock);
  lws_cancel_service(ws->ctx);
}

int
host_ws_clients(HostWs* const ws)
{
  pthread_mutex_lock(&ws->lock);
  const int n = ws->clients;
  pthread_mutex_unlock(&ws->lock);
  return n;
}
