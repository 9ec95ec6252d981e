// SPDX-License-Identifier: ISC
/// FIFO queues of heap text messages laid out for lws_write (LWS_PRE bytes of headroom before
/// the text), and the reassembly of incoming messages from their fragments, shared by rtjam-host's
/// websocket server (host/ws.c) and the rtjam-nation client (common/nation.c). No locking: each
/// caller guards its queues with its own mutex.

#ifndef JAM_LWS_QUEUE_H
#define JAM_LWS_QUEUE_H

#include <stddef.h>

/// One queued text message (variable-size: the struct, LWS_PRE bytes, the text and a NUL).
typedef struct JamLwsMsg {
  struct JamLwsMsg* next; ///< the next younger message in its queue, NULL at the tail
  size_t len;             ///< bytes of text, not counting the NUL (the text may hold NULs)
  unsigned char buf[];    ///< LWS_PRE bytes of headroom, then the text and a NUL
} JamLwsMsg;

/// A singly linked FIFO of messages, embedded by value; all zeros is an empty queue.
typedef struct {
  JamLwsMsg* head; ///< oldest, NULL when empty
  JamLwsMsg* tail; ///< youngest, NULL when empty
  int count;       ///< messages queued
  size_t bytes;    ///< bytes of text queued (the sum of len)
} JamLwsQueue;

/// Copies len bytes of text into a new message (free() it, or push it).
/// @return NULL on allocation failure
JamLwsMsg*
jam_lws_msg_new(const char* text, size_t len);

/// The message's text, after the headroom: what lws_write takes (m->len bytes, NUL-terminated).
unsigned char*
jam_lws_msg_text(JamLwsMsg* m);

/// Appends m; when max > 0 and the queue already holds max messages, the oldest are freed
/// first so that it holds at most max. max <= 0: unbounded.
/// @return the messages dropped
int
jam_lws_queue_push(JamLwsQueue* q, JamLwsMsg* m, int max);

/// Appends m; when the queue's text would then exceed max_bytes, the oldest messages are freed
/// first (m itself is always kept, so a single message longer than max_bytes still goes).
/// @return the messages dropped
int
jam_lws_queue_push_bytes(JamLwsQueue* q, JamLwsMsg* m, size_t max_bytes);

/// Takes the oldest message (the caller frees it). @return NULL when the queue is empty
JamLwsMsg*
jam_lws_queue_pop(JamLwsQueue* q);

/// Frees every message; the queue is empty afterwards.
void
jam_lws_queue_clear(JamLwsQueue* q);

/// @return the messages queued
int
jam_lws_queue_count(const JamLwsQueue* q);

/// Takes the oldest message and frees it. When the copy cannot be allocated the message is
/// still dropped and *len is left as it was.
/// @return its text as a malloc'ed NUL-terminated copy with *len set to m->len, or NULL when
/// the queue is empty or on allocation failure
char*
jam_lws_queue_pop_text(JamLwsQueue* q, size_t* len);

/// One incoming websocket message being reassembled from its fragments; all zeros is empty.
typedef struct {
  char* buf;  ///< the fragments so far (NUL-terminated once complete), NULL when empty
  size_t len; ///< bytes so far
} JamLwsRx;

/// What jam_lws_rx_add made of a fragment.
typedef enum {
  JAM_LWS_RX_MORE,      ///< appended; the message goes on
  JAM_LWS_RX_DONE,      ///< the message is complete in rx->buf (rx->len bytes and a NUL)
  JAM_LWS_RX_TOO_LONG,  ///< the message would exceed max bytes: dropped, rx is empty again
  JAM_LWS_RX_NO_MEMORY, ///< the fragment could not be kept (rx unchanged)
} JamLwsRxResult;

/// Appends a fragment of len bytes; `last` marks the message's final fragment. After
/// JAM_LWS_RX_DONE the caller uses rx->buf, then calls jam_lws_rx_reset.
JamLwsRxResult
jam_lws_rx_add(JamLwsRx* rx, const void* in, size_t len, size_t max, int last);

/// Frees what was gathered; rx is empty afterwards.
void
jam_lws_rx_reset(JamLwsRx* rx);

#endif // JAM_LWS_QUEUE_H
