// SPDX-License-Identifier: ISC
// FIFO queues of lws_write-ready text messages. Called with the owner's mutex held, so nothing
// here locks; nothing here runs in the audio thread either.

#include "host/lws_queue.h"

#include <libwebsockets.h>

#include <stdlib.h>
#include <string.h>

HostLwsMsg*
host_lws_msg_new(const char* const text, const size_t len)
{
  HostLwsMsg* const m = malloc(sizeof *m + LWS_PRE + len + 1);
  if (m) {
    m->next = NULL;
    m->len = len;
    memcpy(m->buf + LWS_PRE, text, len);
    m->buf[LWS_PRE + len] = '\0';
  }
  return m;
}

unsigned char*
host_lws_msg_text(HostLwsMsg* const m)
{
  return m->buf + LWS_PRE;
}

HostLwsMsg*
host_lws_queue_pop(HostLwsQueue* const q)
{
  HostLwsMsg* const m = q->head;
  if (m) {
    q->head = m->next;
    if (!q->head) {
      q->tail = NULL;
    }
    --q->count;
    q->bytes -= m->len;
    m->next = NULL;
  }
  return m;
}

int
host_lws_queue_push(HostLwsQueue* const q, HostLwsMsg* const m, const int max)
{
  int dropped = 0;
  while (max > 0 && q->count >= max && q->head) {
    free(host_lws_queue_pop(q));
    ++dropped;
  }
  m->next = NULL;
  if (q->tail) {
    q->tail->next = m;
  } else {
    q->head = m;
  }
  q->tail = m;
  ++q->count;
  q->bytes += m->len;
  return dropped;
}

int
host_lws_queue_push_bytes(HostLwsQueue* const q, HostLwsMsg* const m, const size_t max_bytes)
{
  int dropped = 0;
  while (q->head && q->bytes + m->len > max_bytes) {
    free(host_lws_queue_pop(q));
    ++dropped;
  }
  return dropped + host_lws_queue_push(q, m, 0);
}

void
host_lws_queue_clear(HostLwsQueue* const q)
{
  HostLwsMsg* m;
  while ((m = host_lws_queue_pop(q)) != NULL) {
    free(m);
  }
}

int
host_lws_queue_count(const HostLwsQueue* const q)
{
  return q->count;
}

char*
host_lws_queue_pop_text(HostLwsQueue* const q, size_t* const len)
{
  HostLwsMsg* const m = host_lws_queue_pop(q);
  if (!m) {
    return NULL;
  }
  char* const text = malloc(m->len + 1);
  if (text) {
    memcpy(text, host_lws_msg_text(m), m->len + 1);
    *len = m->len;
  }
  free(m);
  return text;
}

HostLwsRxResult
host_lws_rx_add(HostLwsRx* const rx, const void* const in, const size_t len, const size_t max,
                const int last)
{
  if (rx->len + len > max) {
    host_lws_rx_reset(rx);
    return HOST_LWS_RX_TOO_LONG;
  }
  char* const grown = realloc(rx->buf, rx->len + len + 1);
  if (!grown) {
    return HOST_LWS_RX_NO_MEMORY;
  }
  rx->buf = grown;
  memcpy(rx->buf + rx->len, in, len);
  rx->len += len;
  rx->buf[rx->len] = '\0';
  return last ? HOST_LWS_RX_DONE : HOST_LWS_RX_MORE;
}

void
host_lws_rx_reset(HostLwsRx* const rx)
{
  free(rx->buf);
  rx->buf = NULL;
  rx->len = 0;
}
