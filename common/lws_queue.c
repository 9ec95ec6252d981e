// SPDX-License-Identifier: ISC
// FIFO queues of lws_write-ready text messages. Called with the owner's mutex held, so nothing
// here locks; nothing here runs in the audio thread either.

#include "lws_queue.h"

#include <libwebsockets.h>

#include <stdlib.h>
#include <string.h>

JamLwsMsg*
jam_lws_msg_new(const char* const text, const size_t len)
{
  JamLwsMsg* const m = malloc(sizeof *m + LWS_PRE + len + 1);
  if (m) {
    m->next = NULL;
    m->len = len;
    memcpy(m->buf + LWS_PRE, text, len);
    m->buf[LWS_PRE + len] = '\0';
  }
  return m;
}

unsigned char*
jam_lws_msg_text(JamLwsMsg* const m)
{
  return m->buf + LWS_PRE;
}

JamLwsMsg*
jam_lws_queue_pop(JamLwsQueue* const q)
{
  JamLwsMsg* const m = q->head;
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
jam_lws_queue_push(JamLwsQueue* const q, JamLwsMsg* const m, const int max)
{
  int dropped = 0;
  while (max > 0 && q->count >= max && q->head) {
    free(jam_lws_queue_pop(q));
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
jam_lws_queue_push_bytes(JamLwsQueue* const q, JamLwsMsg* const m, const size_t max_bytes)
{
  int dropped = 0;
  while (q->head && q->bytes + m->len > max_bytes) {
    free(jam_lws_queue_pop(q));
    ++dropped;
  }
  return dropped + jam_lws_queue_push(q, m, 0);
}

void
jam_lws_queue_clear(JamLwsQueue* const q)
{
  JamLwsMsg* m;
  while ((m = jam_lws_queue_pop(q)) != NULL) {
    free(m);
  }
}

int
jam_lws_queue_count(const JamLwsQueue* const q)
{
  return q->count;
}

char*
jam_lws_queue_pop_text(JamLwsQueue* const q, size_t* const len)
{
  JamLwsMsg* const m = jam_lws_queue_pop(q);
  if (!m) {
    return NULL;
  }
  char* const text = malloc(m->len + 1);
  if (text) {
    memcpy(text, jam_lws_msg_text(m), m->len + 1);
    *len = m->len;
  }
  free(m);
  return text;
}

JamLwsRxResult
jam_lws_rx_add(JamLwsRx* const rx, const void* const in, const size_t len, const size_t max,
               const int last)
{
  if (rx->len + len > max) {
    jam_lws_rx_reset(rx);
    return JAM_LWS_RX_TOO_LONG;
  }
  char* const grown = realloc(rx->buf, rx->len + len + 1);
  if (!grown) {
    return JAM_LWS_RX_NO_MEMORY;
  }
  rx->buf = grown;
  memcpy(rx->buf + rx->len, in, len);
  rx->len += len;
  rx->buf[rx->len] = '\0';
  return last ? JAM_LWS_RX_DONE : JAM_LWS_RX_MORE;
}

void
jam_lws_rx_reset(JamLwsRx* const rx)
{
  free(rx->buf);
  rx->buf = NULL;
  rx->len = 0;
}
