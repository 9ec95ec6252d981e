// SPDX-License-Identifier: ISC
// The rtjam-nation link of rtjam-host (a jamUnit) and rtjam-broadcast (a broadcastUnit and its
// room). Threads:
//   - REST (rest_main): POST jamUnit (or POST broadcastUnit + POST room) until a token is held,
//     then PUT jamUnit/ping (broadcastUnit/ping) every 10 s; any answer but the unit means it
//     was forgotten: register again at once. libcurl easy calls with 5 s timeouts, so free()
//     never waits longer than that;
//   - websocket (ws_main): the lws client; a 100 ms timer (tick) connects once a token is
//     held, sends roomAdd 1 s after createChatRoom, and rejoins when the token changes;
//   - any other thread: jam_nation_poll/say/status, which touch only the mutex-guarded
//     fields and wake the websocket thread with lws_cancel_service.
// Fixed against the original (§6.1, §6.4, §7): registration never blocks the host; a
// websocket Ping frame is answered by lws (no reconnect); sends are not paced by reads; the
// queue of status messages is bounded (oldest dropped); REST calls time out after 5 s.

#include "nation.h"

#include "lws_queue.h"
#include "nation_msg.h"

#include "clock.h"
#include "log.h"

#include <curl/curl.h>
#include <libwebsockets.h>

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NATION_REST_TIMEOUT_MS 5000     ///< ms: connect and whole-call limit of a REST call
#define NATION_RETRY_US        2000000  ///< µs: registration retry, websocket reconnect
#define NATION_PING_US         10000000 ///< µs: between REST keep-alive pings
#define NATION_ROOM_ADD_US     1000000  ///< µs: createChatRoom -> roomAdd (§6.2)
#define NATION_TICK_US         100000   ///< µs: the websocket thread's timer
#define NATION_MAX_SAY         64       ///< status messages waiting to be said
#define NATION_MAX_IN          256      ///< commands waiting for jam_nation_poll
#define NATION_MAX_FRAME       65536    ///< bytes: the longest incoming frame kept
#define NATION_MAX_BODY        65536    ///< bytes: the longest REST response kept

struct JamNationImpl {
  JamNationKind kind; ///< jamUnit (rtjam-host) or broadcastUnit + room (rtjam-broadcast)
  char* name;         ///< log prefix
  char port[8];       ///< broadcast: the room's UDP port, decimal
  char* wan_ip;       ///< broadcast: wanIp of POST room
  char* api_url;      ///< REST base
  char* ws_url;       ///< as given (for the log)
  JamNationUrl ws;    ///< ws_url split
  char mac[18];       ///< aa:bb:cc:dd:ee:ff
  char* git_hash;
  atomic_int stop;

  // REST thread only.
  pthread_t rest_thread;
  int rest_started;
  CURL* curl;
  struct curl_slist* headers;
  char body[NATION_MAX_BODY]; ///< response being received
  size_t body_len;
  int rest_failing;     ///< 1 after a failure was logged (quiet until a success)
  char unit_token[128]; ///< the unit's token ("" when not registered)

  // Websocket thread only (after start).
  pthread_t ws_thread;
  int ws_started;
  struct lws_context* ctx;
  lws_sorted_usec_list_t tick;
  struct lws* wsi;          ///< the chat connection, NULL when none
  char room[128];           ///< token the connection joins
  long msg_id;              ///< next messageId on this connection
  int need_create;          ///< createChatRoom still to send
  int need_room_add;        ///< roomAdd due and still to send
  uint64_t room_add_due_us; ///< µs (monotonic) when roomAdd is due, 0 = none
  uint64_t connect_due_us;  ///< µs (monotonic) of the next connection attempt
  int closing;              ///< 1 after the connection was told to close (token change)
  int established;          ///< 1 once the websocket handshake completed
  int ws_failing;           ///< 1 after a connection failure was logged
  JamLwsQueue pongs;        ///< primus pongs to send
  JamLwsRx rx;              ///< incoming fragments

  // Shared, guarded by lock.
  pthread_mutex_t lock;
  pthread_cond_t wake; ///< wakes the REST thread (stop)
  char token[128];     ///< the chat room's token: the unit's, or the room's; "" when none
  char unit[128];      ///< copy of unit_token, for jam_nation_status
  int connected;
  int joined;
  JamLwsQueue says; ///< status texts to say
  JamLwsQueue acts; ///< API action params to send
  JamLwsQueue in;   ///< commands received
  unsigned long dropped;
};

static void
get_token(JamNation* n, char* out, size_t size)
{
  pthread_mutex_lock(&n->lock);
  snprintf(out, size, "%s", n->token);
  pthread_mutex_unlock(&n->lock);
}

// A new token (or none) means another room: what was queued for the old one is dropped.
static void
set_token(JamNation* n, const char* token)
{
  pthread_mutex_lock(&n->lock);
  if (strcmp(n->token, token) != 0) {
    jam_lws_queue_clear(&n->says);
    jam_lws_queue_clear(&n->acts);
  }
  snprintf(n->token, sizeof n->token, "%s", token);
  snprintf(n->unit, sizeof n->unit, "%s", n->unit_token);
  pthread_mutex_unlock(&n->lock);
  lws_cancel_service(n->ctx);
}

// ---------------------------------------------------------------------------------------------
// REST thread

static size_t
on_body(char* data, size_t size, size_t nmemb, void* user)
{
  JamNation* n = user;
  const size_t len = size * nmemb;
  if (len > sizeof n->body - 1 - n->body_len) {
    return 0; // too long: CURLE_WRITE_ERROR
  }
  memcpy(n->body + n->body_len, data, len);
  n->body_len += len;
  n->body[n->body_len] = '\0';
  return len;
}

// One call. @return the HTTP status, or 0 when no answer came (*err names why)
static long
rest_call(JamNation* n, const char* method, const char* path, const char* body, const char** err)
{
  char* url = jam_nation_msg_url(n->api_url, path);
  if (!url) {
    *err = "out of memory";
    return 0;
  }
  n->body_len = 0;
  n->body[0] = '\0';
  curl_easy_setopt(n->curl, CURLOPT_URL, url);
  curl_easy_setopt(n->curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt(n->curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(n->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
  const CURLcode rc = curl_easy_perform(n->curl);
  free(url);
  long code = 0;
  if (rc != CURLE_OK) {
    *err = curl_easy_strerror(rc);
    return 0;
  }
  curl_easy_getinfo(n->curl, CURLINFO_RESPONSE_CODE, &code);
  *err = code >= 500 ? "server error" : "unexpected answer";
  return code;
}

// Logs a REST failure once, until the next success.
static void
rest_failed(JamNation* n, const char* what, long code, const char* err)
{
  const JamLogLevel level = n->rest_failing ? JAM_LOG_DEBUG : JAM_LOG_WARN;
  jam_log(level, "%s: nation: %s%s: %s (HTTP %ld); retrying every 2 s", n->name, n->api_url, what,
          err, code);
  n->rest_failing = 1;
}

// The unit's object in REST answers, and its endpoints.
static const char*
unit_key(const JamNation* n)
{
  return n->kind == JAM_NATION_BROADCAST_UNIT ? "broadcastUnit" : "jamUnit";
}

// POST <unit>, with the extra fields, and the token under `key` in the answer.
// @return malloc'ed token, or NULL (logged once)
static char*
rest_post(JamNation* n, const char* path, const char* token, const char* const* extra,
          const char* key)
{
  char* body = jam_nation_msg_rest_body(token, n->mac, n->git_hash, extra);
  if (!body) {
    return NULL;
  }
  const char* err = NULL;
  const long code = rest_call(n, "POST", path, body, &err);
  free(body);
  char* got = code ? jam_nation_msg_register_token(code, n->body, n->body_len, key) : NULL;
  if (!got || strlen(got) >= sizeof n->token) {
    char what[64];
    snprintf(what, sizeof what, "%s (register)", path);
    rest_failed(n, what, code, got ? "token too long" : err);
    free(got);
    return NULL;
  }
  return got;
}

// Registers: POST jamUnit; or POST broadcastUnit then POST room (port, wanIp), whose room token
// names the chat room (§4.1, §7). @return µs until the next call
static uint64_t
rest_register(JamNation* n)
{
  static const char* const can_talk[] = {"canTalkOnWebsocket", "true", NULL};
  const int bcast = n->kind == JAM_NATION_BROADCAST_UNIT;
  char* unit = rest_post(n, unit_key(n), "", bcast ? NULL : can_talk, unit_key(n));
  if (!unit) {
    return NATION_RETRY_US;
  }
  snprintf(n->unit_token, sizeof n->unit_token, "%s", unit);
  char* room = unit;
  if (bcast) {
    const char* const activate[] = {"port", n->port, "wanIp", n->wan_ip, NULL};
    room = rest_post(n, "room", unit, activate, "room");
    if (!room) {
      free(unit);
      n->unit_token[0] = '\0';
      return NATION_RETRY_US;
    }
    jam_log(JAM_LOG_INFO, "%s: nation: registered as broadcast unit %s (MAC %s), room %s (port %s)",
            n->name, unit, n->mac, room, n->port);
    free(unit);
  } else {
    jam_log(JAM_LOG_INFO, "%s: nation: registered as unit %s (MAC %s)", n->name, unit, n->mac);
  }
  n->rest_failing = 0;
  set_token(n, room); // the new token's room: the websocket moves there (the original did not)
  free(room);
  return NATION_PING_US;
}

// PUT <unit>/ping. Anything but an answer naming the unit means the nation forgot it (as the
// original units read it): register again at once. @return µs until the next call
static uint64_t
rest_ping(JamNation* n)
{
  char* body = jam_nation_msg_rest_body(n->unit_token, n->mac, n->git_hash, NULL);
  if (!body) {
    return NATION_RETRY_US;
  }
  char path[32];
  snprintf(path, sizeof path, "%s/ping", unit_key(n));
  const char* err = NULL;
  const long code = rest_call(n, "PUT", path, body, &err);
  free(body);
  switch (jam_nation_msg_ping_result(code, n->body, n->body_len, unit_key(n))) {
  case JAM_NATION_PING_OK:
    return NATION_PING_US;
  case JAM_NATION_PING_FORGET:
    break;
  }
  jam_log(JAM_LOG_WARN,
          "%s: nation: ping: the nation does not know unit %s (%s, HTTP %ld); registering again",
          n->name, n->unit_token,
          code == 0     ? err
          : code >= 500 ? "server error"
                        : "no unit in the answer",
          code);
  n->unit_token[0] = '\0';
  n->rest_failing = 0;
  set_token(n, "");
  return 0;
}

// Waits until `us` from now or until stop. Called with lock held.
static void
rest_wait(JamNation* n, uint64_t us)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  const uint64_t ns = (uint64_t)ts.tv_nsec + (us % 1000000u) * 1000u;
  ts.tv_sec += (time_t)(us / 1000000u + ns / 1000000000u);
  ts.tv_nsec = (long)(ns % 1000000000u);
  while (!atomic_load(&n->stop) && pthread_cond_timedwait(&n->wake, &n->lock, &ts) == 0) {
  }
}

static void*
rest_main(void* arg)
{
  JamNation* n = arg;
  while (!atomic_load(&n->stop)) {
    const uint64_t next = n->unit_token[0] ? rest_ping(n) : rest_register(n);
    pthread_mutex_lock(&n->lock);
    rest_wait(n, next);
    pthread_mutex_unlock(&n->lock);
  }
  return NULL;
}

// ---------------------------------------------------------------------------------------------
// Websocket thread

static void
set_link(JamNation* n, int connected, int joined)
{
  pthread_mutex_lock(&n->lock);
  n->connected = connected;
  n->joined = joined;
  pthread_mutex_unlock(&n->lock);
}

static void
ws_connect(JamNation* n, const char* token, uint64_t now)
{
  char host[300];
  snprintf(host, sizeof host, "%s:%d", n->ws.host, n->ws.port);
  struct lws_client_connect_info i;
  memset(&i, 0, sizeof i);
  i.context = n->ctx;
  i.address = n->ws.host;
  i.port = n->ws.port;
  i.path = n->ws.path;
  i.host = host;
  i.origin = host;
  i.ssl_connection = n->ws.tls ? LCCSCF_USE_SSL : 0;
  i.local_protocol_name = "rtjam-nation"; // no Sec-WebSocket-Protocol header (primus has none)
  i.pwsi = &n->wsi;
  snprintf(n->room, sizeof n->room, "%s", token);
  n->closing = 0;
  n->connect_due_us = now + NATION_RETRY_US;
  jam_log(JAM_LOG_DEBUG, "%s: nation: connecting to %s", n->name, n->ws_url);
  if (!lws_client_connect_via_info(&i)) {
    n->wsi = NULL;
  }
}

// The connection is gone (closed or failed): retry in 2 s.
static void
ws_gone(JamNation* n, const char* why)
{
  const int was_open = n->established;
  n->established = 0;
  n->wsi = NULL;
  n->need_create = n->need_room_add = 0;
  n->room_add_due_us = 0;
  jam_lws_queue_clear(&n->pongs);
  jam_lws_rx_reset(&n->rx);
  set_link(n, 0, 0);
  n->connect_due_us = jam_clock_mono_us() + (n->closing ? 0 : NATION_RETRY_US);
  // A connection that never opened is logged once, until one opens again.
  const int quiet = atomic_load(&n->stop) || (!was_open && n->ws_failing);
  jam_log(quiet ? JAM_LOG_DEBUG : JAM_LOG_WARN, "%s: nation: %s: %s; reconnecting %s", n->name,
          n->ws_url, why, n->closing ? "now" : "in 2 s");
  n->ws_failing = !was_open;
}

static void
tick(lws_sorted_usec_list_t* sul)
{
  JamNation* n = lws_container_of(sul, JamNation, tick);
  const uint64_t now = jam_clock_mono_us();
  char token[sizeof n->token];
  get_token(n, token, sizeof token);
  if (!n->wsi) {
    if (token[0] && now >= n->connect_due_us) {
      ws_connect(n, token, now);
    }
  } else if (token[0] && strcmp(token, n->room) != 0 && !n->closing) {
    jam_log(JAM_LOG_INFO, "%s: nation: new token %s: leaving room %s", n->name, token, n->room);
    n->closing = 1;
    lws_set_timeout(n->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
  } else if (n->room_add_due_us && now >= n->room_add_due_us) {
    n->room_add_due_us = 0;
    n->need_room_add = 1;
    lws_callback_on_writable(n->wsi);
  }
  lws_sul_schedule(n->ctx, 0, &n->tick, tick, NATION_TICK_US);
}

// A whole frame arrived.
static void
on_frame(JamNation* n, const char* text, size_t len)
{
  char* out = NULL;
  switch (jam_nation_msg_classify(text, len, &out)) {
  case JAM_NATION_FRAME_PING: {
    JamLwsMsg* m = jam_lws_msg_new(out, strlen(out));
    if (m) {
      jam_lws_queue_push(&n->pongs, m, 8);
      lws_callback_on_writable(n->wsi);
    }
    break;
  }
  case JAM_NATION_FRAME_COMMAND: {
    JamLwsMsg* m = jam_lws_msg_new(out, strlen(out));
    if (m) {
      jam_log(JAM_LOG_DEBUG, "%s: nation: command from the room: %s", n->name, out);
      pthread_mutex_lock(&n->lock);
      n->dropped += (unsigned long)jam_lws_queue_push(&n->in, m, NATION_MAX_IN);
      pthread_mutex_unlock(&n->lock);
    }
    break;
  }
  case JAM_NATION_FRAME_DROP:
    jam_log(JAM_LOG_DEBUG, "%s: nation: ignored: %.*s", n->name, (int)(len > 200 ? 200 : len),
            text);
    break;
  case JAM_NATION_FRAME_INVALID:
    jam_log(JAM_LOG_DEBUG, "%s: nation: not JSON, ignored: %.*s", n->name,
            (int)(len > 200 ? 200 : len), text);
    break;
  }
  free(out);
}

static int
on_receive(JamNation* n, struct lws* wsi, const void* in, size_t len)
{
  const int last = lws_is_final_fragment(wsi) && !lws_remaining_packet_payload(wsi);
  switch (jam_lws_rx_add(&n->rx, in, len, NATION_MAX_FRAME, last)) {
  case JAM_LWS_RX_TOO_LONG:
    jam_log(JAM_LOG_WARN, "%s: nation: frame longer than %d bytes: dropped", n->name,
            NATION_MAX_FRAME);
    return 0;
  case JAM_LWS_RX_NO_MEMORY:
    return -1;
  case JAM_LWS_RX_MORE:
    return 0;
  case JAM_LWS_RX_DONE:
    on_frame(n, n->rx.buf, n->rx.len);
    jam_lws_rx_reset(&n->rx);
    return 0;
  }
  return 0;
}

// The next message to write: a pong, createChatRoom, roomAdd, or a say once joined.
static JamLwsMsg*
next_out(JamNation* n)
{
  JamLwsMsg* m = jam_lws_queue_pop(&n->pongs);
  if (m) {
    return m;
  }
  char* text = NULL;
  if (n->need_create) {
    n->need_create = 0;
    text = jam_nation_msg_create_room(n->msg_id++, n->room);
  } else if (n->need_room_add) {
    n->need_room_add = 0;
    text = jam_nation_msg_room_add(n->msg_id++, n->room);
    set_link(n, 1, 1);
    jam_log(JAM_LOG_INFO, "%s: nation: joined chat room %s", n->name, n->room);
  } else if (!n->room_add_due_us && n->msg_id >= 2) {
    pthread_mutex_lock(&n->lock);
    // Says are queued for the current token's room: while the connection is still in the old
    // one (the tick has not yet seen the new token), they wait for the new room's join.
    const int in_room = strcmp(n->room, n->token) == 0;
    JamLwsMsg* say = in_room ? jam_lws_queue_pop(&n->says) : NULL;
    JamLwsMsg* act = say || !in_room ? NULL : jam_lws_queue_pop(&n->acts);
    pthread_mutex_unlock(&n->lock);
    if (say) {
      text = jam_nation_msg_say(n->msg_id++, n->room, (const char*)jam_lws_msg_text(say));
      free(say);
    } else if (act) {
      text = jam_nation_msg_action(n->msg_id++, (const char*)jam_lws_msg_text(act));
      free(act);
    }
  }
  if (text) {
    m = jam_lws_msg_new(text, strlen(text));
    free(text);
  }
  return m;
}

// Whether anything waits to be written on the open connection.
static int
want_write(JamNation* n)
{
  if (jam_lws_queue_count(&n->pongs) > 0 || n->need_create || n->need_room_add) {
    return 1;
  }
  if (n->room_add_due_us || n->msg_id < 2) {
    return 0;
  }
  pthread_mutex_lock(&n->lock);
  const int more = jam_lws_queue_count(&n->says) > 0 || jam_lws_queue_count(&n->acts) > 0;
  pthread_mutex_unlock(&n->lock);
  return more;
}

static int
callback(struct lws* wsi, enum lws_callback_reasons reason, void* user, void* in, size_t len)
{
  (void)user;
  JamNation* n = lws_context_user(lws_get_context(wsi));
  switch ((int)reason) { // int: lws has ~150 reasons, we handle six
  case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
    if (wsi == n->wsi || !n->wsi) {
      char why[160];
      snprintf(why, sizeof why, "cannot connect (%s)", in ? (const char*)in : "no reason");
      ws_gone(n, why);
    }
    break;
  case LWS_CALLBACK_CLIENT_ESTABLISHED:
    if (wsi != n->wsi) {
      return -1;
    }
    n->established = 1;
    n->msg_id = 0;
    n->need_create = 1;
    n->need_room_add = 0;
    n->room_add_due_us = jam_clock_mono_us() + NATION_ROOM_ADD_US;
    n->ws_failing = 0;
    set_link(n, 1, 0);
    jam_log(JAM_LOG_INFO, "%s: nation: connected to %s; creating chat room %s", n->name, n->ws_url,
            n->room);
    lws_callback_on_writable(wsi);
    break;
  case LWS_CALLBACK_CLIENT_RECEIVE:
    return wsi == n->wsi ? on_receive(n, wsi, in, len) : 0;
  case LWS_CALLBACK_CLIENT_WRITEABLE: {
    if (wsi != n->wsi || n->closing) {
      break;
    }
    JamLwsMsg* m = next_out(n);
    if (m) {
      const int w = lws_write(wsi, jam_lws_msg_text(m), m->len, LWS_WRITE_TEXT);
      free(m);
      if (w < 0) {
        return -1;
      }
    }
    if (want_write(n)) {
      lws_callback_on_writable(wsi);
    }
    break;
  }
  case LWS_CALLBACK_CLIENT_CLOSED:
    if (wsi == n->wsi) {
      ws_gone(n, "the chat websocket closed");
    }
    break;
  case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
    if (n->wsi && !n->closing && want_write(n)) {
      lws_callback_on_writable(n->wsi);
    }
    break;
  default:
    break;
  }
  return 0;
}

static const struct lws_protocols protocols[] = {
    {"rtjam-nation", callback, 0, NATION_MAX_FRAME, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

static void*
ws_main(void* arg)
{
  JamNation* n = arg;
  lws_sul_schedule(n->ctx, 0, &n->tick, tick, 1);
  while (!atomic_load(&n->stop)) {
    if (lws_service(n->ctx, 0) < 0) {
      break;
    }
  }
  return NULL;
}

// ---------------------------------------------------------------------------------------------

static int
start_thread(JamNation* n, pthread_t* t, void* (*fn)(void*))
{
  // The threads must not take the signals main handles.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  const int err = pthread_create(t, NULL, fn, n);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (err) {
    jam_log(JAM_LOG_ERROR, "%s: nation: thread: %s", n->name, strerror(err));
  }
  return err ? -1 : 0;
}

static int
start_rest(JamNation* n)
{
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(n->curl = curl_easy_init())) {
    jam_log(JAM_LOG_ERROR, "%s: nation: libcurl does not start", n->name);
    return -1;
  }
  n->headers = curl_slist_append(NULL, "Content-Type: application/json");
  curl_easy_setopt(n->curl, CURLOPT_HTTPHEADER, n->headers);
  curl_easy_setopt(n->curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(n->curl, CURLOPT_CONNECTTIMEOUT_MS, (long)NATION_REST_TIMEOUT_MS);
  curl_easy_setopt(n->curl, CURLOPT_TIMEOUT_MS, (long)NATION_REST_TIMEOUT_MS);
  curl_easy_setopt(n->curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(n->curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(n->curl, CURLOPT_WRITEDATA, n);
  curl_easy_setopt(n->curl, CURLOPT_USERAGENT,
                   n->kind == JAM_NATION_BROADCAST_UNIT ? "rtjam-broadcast" : "rtjam-host");
  return start_thread(n, &n->rest_thread, rest_main);
}

static int
start_ws(JamNation* n)
{
  struct lws_context_creation_info info;
  memset(&info, 0, sizeof info);
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = protocols;
  info.user = n;
  info.options = n->ws.tls ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0;
  info.connect_timeout_secs = NATION_REST_TIMEOUT_MS / 1000;
  info.timeout_secs = NATION_REST_TIMEOUT_MS / 1000;
  n->ctx = lws_create_context(&info);
  if (!n->ctx) {
    jam_log(JAM_LOG_ERROR, "%s: nation: the websocket client does not start", n->name);
    return -1;
  }
  return start_thread(n, &n->ws_thread, ws_main);
}

JamNation*
jam_nation_new(const JamNationOptions* opt)
{
  JamNation* n = calloc(1, sizeof *n);
  if (!n) {
    return NULL;
  }
  pthread_mutex_init(&n->lock, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&n->wake, &ca);
  pthread_condattr_destroy(&ca);
  atomic_init(&n->stop, 0);
  n->api_url = strdup(opt->api_url);
  n->ws_url = strdup(opt->ws_url);
  n->git_hash = strdup(opt->git_hash);
  n->kind = opt->kind;
  n->name = strdup(opt->name ? opt->name : "host");
  n->wan_ip = strdup(opt->wan_ip ? opt->wan_ip : "");
  snprintf(n->port, sizeof n->port, "%u", (unsigned)opt->port);
  if (!n->api_url || !n->ws_url || !n->git_hash || !n->name || !n->wan_ip) {
    jam_nation_free(n);
    return NULL;
  }
  if (strncmp(opt->api_url, "http://", 7) != 0 && strncmp(opt->api_url, "https://", 8) != 0) {
    jam_log(JAM_LOG_ERROR, "%s: nation: API URL '%s' is not http:// or https://", n->name,
            opt->api_url);
    jam_nation_free(n);
    return NULL;
  }
  if (jam_nation_msg_parse_ws_url(opt->ws_url, &n->ws) != 0) {
    jam_log(JAM_LOG_ERROR, "%s: nation: websocket URL '%s' is not ws://HOST[:PORT]/PATH", n->name,
            opt->ws_url);
    jam_nation_free(n);
    return NULL;
  }
  if (jam_nation_msg_mac(opt->mac, n->mac) != 0) {
    jam_log(JAM_LOG_ERROR, "%s: nation: MAC address '%s' is not aa:bb:cc:dd:ee:ff", n->name,
            opt->mac);
    jam_nation_free(n);
    return NULL;
  }
  // The websocket context first: the REST thread wakes it when it gets a token.
  if (start_ws(n) != 0) {
    jam_nation_free(n);
    return NULL;
  }
  n->ws_started = 1;
  if (start_rest(n) != 0) {
    jam_nation_free(n);
    return NULL;
  }
  n->rest_started = 1;
  jam_log(JAM_LOG_INFO, "%s: nation: registering at %s, chat room on %s", n->name, n->api_url,
          n->ws_url);
  return n;
}

void
jam_nation_free(JamNation* n)
{
  if (!n) {
    return;
  }
  pthread_mutex_lock(&n->lock);
  atomic_store(&n->stop, 1);
  pthread_cond_broadcast(&n->wake);
  pthread_mutex_unlock(&n->lock);
  if (n->rest_started) {
    pthread_join(n->rest_thread, NULL);
  }
  if (n->ctx) {
    lws_cancel_service(n->ctx);
    if (n->ws_started) {
      pthread_join(n->ws_thread, NULL);
    }
    lws_context_destroy(n->ctx);
  }
  if (n->curl) {
    curl_easy_cleanup(n->curl);
    curl_slist_free_all(n->headers);
    curl_global_cleanup();
  }
  jam_lws_queue_clear(&n->pongs);
  jam_lws_queue_clear(&n->says);
  jam_lws_queue_clear(&n->acts);
  jam_lws_queue_clear(&n->in);
  jam_lws_rx_reset(&n->rx);
  free(n->api_url);
  free(n->ws_url);
  free(n->git_hash);
  free(n->name);
  free(n->wan_ip);
  pthread_cond_destroy(&n->wake);
  pthread_mutex_destroy(&n->lock);
  free(n);
}

char*
jam_nation_poll(JamNation* n, size_t* len)
{
  if (!n) {
    return NULL;
  }
  pthread_mutex_lock(&n->lock);
  char* const text = jam_lws_queue_pop_text(&n->in, len);
  pthread_mutex_unlock(&n->lock);
  return text;
}

void
jam_nation_say(JamNation* n, const char* text)
{
  if (!n || !text) {
    return;
  }
  JamLwsMsg* m = jam_lws_msg_new(text, strlen(text));
  if (!m) {
    return;
  }
  pthread_mutex_lock(&n->lock);
  if (n->token[0]) {
    n->dropped += (unsigned long)jam_lws_queue_push(&n->says, m, NATION_MAX_SAY);
    m = NULL;
  }
  pthread_mutex_unlock(&n->lock);
  free(m); // not registered: there is no room to say it to
  lws_cancel_service(n->ctx);
}

void
jam_nation_act(JamNation* n, const char* room, const char* params_json)
{
  if (!n || !params_json) {
    return;
  }
  JamLwsMsg* m = jam_lws_msg_new(params_json, strlen(params_json));
  if (!m) {
    return;
  }
  pthread_mutex_lock(&n->lock);
  if (n->token[0] && (!room || strcmp(room, n->token) == 0)) {
    n->dropped += (unsigned long)jam_lws_queue_push(&n->acts, m, NATION_MAX_SAY);
    m = NULL;
  }
  pthread_mutex_unlock(&n->lock);
  free(m); // built for another room (or none): it would name the wrong one
  lws_cancel_service(n->ctx);
}

void
jam_nation_status(JamNation* n, JamNationStatus* st)
{
  memset(st, 0, sizeof *st);
  if (!n) {
    return;
  }
  pthread_mutex_lock(&n->lock);
  st->registered = n->token[0] != '\0';
  st->connected = n->connected;
  st->joined = n->joined;
  snprintf(st->token, sizeof st->token, "%s", n->token);
  snprintf(st->unit, sizeof st->unit, "%s", n->unit);
  st->dropped = n->dropped;
  pthread_mutex_unlock(&n->lock);
}

void
jam_nation_default_mac(char out[18])
{
  snprintf(out, 18, "%s", "00:00:00:00:00:00");
  struct dirent** names = NULL;
  const int n = scandir("/sys/class/net", &names, NULL, alphasort);
  int found = 0;
  for (int i = 0; i < n; ++i) {
    char path[512], text[64] = "";
    snprintf(path, sizeof path, "/sys/class/net/%s/address", names[i]->d_name);
    FILE* f =
        names[i]->d_name[0] != '.' && strcmp(names[i]->d_name, "lo") ? fopen(path, "r") : NULL;
    if (f) {
      if (fgets(text, sizeof text, f)) {
        text[strcspn(text, "\n")] = '\0';
      }
      fclose(f);
    }
    char mac[18];
    if (!found && !jam_nation_msg_mac(text, mac) && strcmp(mac, "00:00:00:00:00:00")) {
      snprintf(out, 18, "%s", mac);
      found = 1;
    }
    free(names[i]);
  }
  free(names);
}
