// SPDX-License-Identifier: ISC
// rtjam-host's websocket server. Threads: the lws service thread runs callback(); the main
// thread calls host_ws_poll/broadcast, which touch only the mutex-guarded queues.

#include "host/ws.h"

#include "host/report.h"
#include "host/web.h"

#include "log.h"
#include "lws_queue.h"

#include <libwebsockets.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct HostWsSession {
  struct HostWsSession* next; ///< list of live sessions (guarded by lock)
  struct lws* wsi;
  JamLwsQueue out; ///< outgoing, at most HOST_WS_MAX_OUT_BYTES (guarded by lock)
  JamLwsQueue in;  ///< received, at most HOST_WS_MAX_IN (guarded by lock)
  JamLwsRx rx;     ///< incoming fragments (service thread only)
  int listed;      ///< 1: in the session list (counted in clients)
  int flooding;    ///< 1: its inbound queue overflowed and that was logged (guarded by lock)
} HostWsSession;

struct HostWsImpl {
  struct lws_context* ctx;
  pthread_t thread;
  atomic_int stop;
  pthread_mutex_t lock;
  HostWsSession* sessions;
  JamLwsQueue orphans; ///< commands of clients that closed before they ran (guarded by lock)
  unsigned next_poll;  ///< round robin over the sessions (guarded by lock)
  int clients;
  int port;
  char token[128];
  char web_origin[256];
  char web_root[1024];         ///< the page's directory ("" = no page)
  struct lws_http_mount mount; ///< "/" -> web_root (files only)
};

int
host_ws_origin_allowed(const char* const origin, const int port, const char* const web_origin)
{
  if (!origin) {
    return 1;
  }
  char ours[64];
  snprintf(ours, sizeof ours, "http://127.0.0.1:%d", port);
  if (!strcmp(origin, ours)) {
    return 1;
  }
  snprintf(ours, sizeof ours, "http://localhost:%d", port);
  if (!strcmp(origin, ours)) {
    return 1;
  }
  return web_origin && web_origin[0] && !strcmp(origin, web_origin);
}

// Compares without an early exit, so that the time taken does not tell how much matched.
static int
token_equal(const char* a, const char* b)
{
  const size_t la = strlen(a), lb = strlen(b);
  unsigned diff = la != lb;
  for (size_t i = 0; i < la; ++i) {
    diff |= (unsigned)(unsigned char)a[i] ^ (unsigned)(unsigned char)b[i % (lb ? lb : 1)];
  }
  return !diff;
}

// The token a handshake presents: ?token=X in its URL, or "Authorization: Bearer X".
static int
handshake_token_ok(HostWs* ws, struct lws* wsi)
{
  if (!ws->token[0]) {
    return 1;
  }
  char buf[256];
  const char* t = lws_get_urlarg_by_name(wsi, "token=", buf, sizeof buf);
  if (t && token_equal(t, ws->token)) {
    return 1;
  }
  if (lws_hdr_copy(wsi, buf, sizeof buf, WSI_TOKEN_HTTP_AUTHORIZATION) > 0 &&
      !strncmp(buf, "Bearer ", 7) && token_equal(buf + 7, ws->token)) {
    return 1;
  }
  return 0;
}

// FILTER_PROTOCOL_CONNECTION: the Origin and the token. @return 0 to accept, else refused (logged)
static int
filter_handshake(HostWs* ws, struct lws* wsi)
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
  const int same = ws->token[0] && has_origin && host_web_same_origin(origin, host);
  if (!same && !host_ws_origin_allowed(has_origin ? origin : NULL, ws->port, ws->web_origin)) {
    jam_log(JAM_LOG_WARN,
            "host: websocket from %s refused: Origin '%s' is not ours (allowed: none, "
            "http://127.0.0.1:%d, http://localhost:%d%s%s%s)",
            peer, origin, ws->port, ws->port, ws->web_origin[0] ? ", " : "", ws->web_origin,
            ws->token[0] ? ", the page's own with the token" : "");
    return -1;
  }
  if (!handshake_token_ok(ws, wsi)) {
    jam_log(JAM_LOG_WARN, "host: websocket from %s refused: token missing or wrong", peer);
    return -1;
  }
  return 0;
}

// Queues a text for one session (lock held); wakes its writer.
static void
session_say(HostWsSession* s, const char* text)
{
  JamLwsMsg* m = text ? jam_lws_msg_new(text, strlen(text)) : NULL;
  if (m) {
    jam_lws_queue_push_bytes(&s->out, m, HOST_WS_MAX_OUT_BYTES);
    lws_callback_on_writable(s->wsi);
  }
}

// A complete command from session s: queued, or refused to s alone when its queue is full.
static void
take_command(HostWs* ws, HostWsSession* s)
{
  JamLwsMsg* m = jam_lws_msg_new(s->rx.buf, s->rx.len);
  if (!m) {
    return;
  }
  pthread_mutex_lock(&ws->lock);
  if (s->in.count < HOST_WS_MAX_IN && s->in.bytes + m->len <= HOST_WS_MAX_IN_BYTES) {
    jam_lws_queue_push(&s->in, m, 0);
    s->flooding = 0;
  } else {
    free(m);
    if (!s->flooding) {
      jam_log(JAM_LOG_WARN,
              "host: websocket client sends faster than commands run: refusing "
              "its commands while %d wait",
              HOST_WS_MAX_IN);
      s->flooding = 1;
    }
    char reason[96];
    snprintf(reason, sizeof reason, "command queue full (%d commands waiting): wait for replies",
             HOST_WS_MAX_IN);
    char* text = host_report_print(host_report_refusal(-1, reason));
    session_say(s, text);
    free(text);
  }
  pthread_mutex_unlock(&ws->lock);
}

static int
callback(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len)
{
  HostWs* ws = lws_context_user(lws_get_context(wsi));
  HostWsSession* s = user;
  switch ((int)reason) { // int: lws has ~150 reasons, we handle six
  case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
    return filter_handshake(ws, wsi);
  case LWS_CALLBACK_ESTABLISHED:
    memset(s, 0, sizeof *s);
    s->wsi = wsi;
    pthread_mutex_lock(&ws->lock);
    if (ws->clients >= HOST_WS_MAX_CLIENTS) {
      pthread_mutex_unlock(&ws->lock);
      unsigned char why[] = "too many clients";
      jam_log(JAM_LOG_WARN, "host: websocket client refused: %d clients already",
              HOST_WS_MAX_CLIENTS);
      lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, why, sizeof why - 1);
      return -1;
    }
    s->next = ws->sessions;
    ws->sessions = s;
    s->listed = 1;
    ++ws->clients;
    pthread_mutex_unlock(&ws->lock);
    break;
  case LWS_CALLBACK_CLOSED:
    pthread_mutex_lock(&ws->lock);
    for (HostWsSession** p = &ws->sessions; s->listed && *p; p = &(*p)->next) {
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
      jam_lws_queue_push(&ws->orphans, m, HOST_WS_MAX_ORPHANS);
    }
    pthread_mutex_unlock(&ws->lock);
    jam_lws_rx_reset(&s->rx);
    break;
  case LWS_CALLBACK_RECEIVE: {
    const int last = lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi);
    switch (jam_lws_rx_add(&s->rx, in, len, HOST_WS_MAX_MESSAGE, last)) {
    case JAM_LWS_RX_TOO_LONG:
      jam_log(JAM_LOG_WARN, "host: websocket message longer than %d bytes: dropped",
              HOST_WS_MAX_MESSAGE);
      return -1;
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
    for (HostWsSession* p = ws->sessions; p; p = p->next) {
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

static const struct lws_protocols protocols[] = {
    {"rtjam", callback, sizeof(HostWsSession), HOST_WS_MAX_MESSAGE, 0, NULL, 0},
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
host_ws_new(const HostWsOptions* const opt)
{
  HostWs* ws = calloc(1, sizeof *ws);
  if (!ws) {
    return NULL;
  }
  pthread_mutex_init(&ws->lock, NULL);
  atomic_init(&ws->stop, 0);
  ws->port = opt->port;
  snprintf(ws->token, sizeof ws->token, "%s", opt->token ? opt->token : "");
  snprintf(ws->web_origin, sizeof ws->web_origin, "%s", opt->web_origin ? opt->web_origin : "");
  lws_set_log_level(LLL_ERR, NULL);
  struct lws_context_creation_info info;
  memset(&info, 0, sizeof info);
  info.port = opt->port;
  info.iface = opt->bind;
  info.protocols = protocols;
  info.user = ws;
  info.options = LWS_SERVER_OPTION_DISABLE_IPV6;
  if (opt->web_root && opt->web_root[0]) {
    snprintf(ws->web_root, sizeof ws->web_root, "%s", opt->web_root);
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
    jam_log(JAM_LOG_ERROR, "host: websocket server on %s:%d: cannot listen (port in use?)",
            opt->bind, opt->port);
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
  jam_log(JAM_LOG_INFO, "host: websocket control on ws://%s:%d/%s", opt->bind, opt->port,
          ws->token[0] ? " (token required)" : "");
  if (ws->web_root[0]) {
    char url[512];
    host_web_url(opt->bind, opt->port, ws->token, url, sizeof url);
    jam_log(JAM_LOG_INFO, "host: web page (from %s): open %s", ws->web_root, url);
  }
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
  jam_lws_queue_clear(&ws->orphans);
  pthread_mutex_destroy(&ws->lock);
  free(ws);
}

char*
host_ws_poll(HostWs* const ws, size_t* const len)
{
  pthread_mutex_lock(&ws->lock);
  char* text = jam_lws_queue_pop_text(&ws->orphans, len); // the oldest first
  const int n = ws->clients;
  for (int i = 0; i < n && !text; ++i) {
    const unsigned k = (ws->next_poll + (unsigned)i) % (unsigned)n;
    HostWsSession* s = ws->sessions;
    for (unsigned j = 0; j < k && s; ++j) {
      s = s->next;
    }
    if (s && jam_lws_queue_count(&s->in) > 0) {
      text = jam_lws_queue_pop_text(&s->in, len);
      ws->next_poll = k + 1;
    }
  }
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
    JamLwsMsg* m = jam_lws_msg_new(text, len);
    if (!m) {
      break;
    }
    // A client that does not read loses its oldest messages (status supersedes status).
    jam_lws_queue_push_bytes(&s->out, m, HOST_WS_MAX_OUT_BYTES);
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
