// SPDX-License-Identifier: ISC
// The message queues of rtjam-host's websockets (common/lws_queue.c): FIFO order, the bound
// that drops exactly the oldest, clear, and the popped text with its length.

#include "lws_queue.h"

#include "check.h"

#include <libwebsockets.h>

#include <stdlib.h>
#include <string.h>

// Pushes a message holding the decimal text of i.
static int
push_number(JamLwsQueue* q, int i, int max)
{
  char text[16];
  const int len = snprintf(text, sizeof text, "%d", i);
  JamLwsMsg* const m = jam_lws_msg_new(text, (size_t)len);
  CHECK(m != NULL, "jam_lws_msg_new(\"%s\")", text);
  return m ? jam_lws_queue_push(q, m, max) : -1;
}

// Pops one message and checks it is the decimal text of want.
static void
check_pop_number(JamLwsQueue* q, int want)
{
  char text[16];
  snprintf(text, sizeof text, "%d", want);
  size_t len = 0;
  char* const got = jam_lws_queue_pop_text(q, &len);
  CHECK(got && !strcmp(got, text), "expected %s, got %s", text, got ? got : "(null)");
  CHECK_INT(len, strlen(text));
  free(got);
}

static void
a_message_keeps_lws_pre_bytes_before_its_nul_terminated_text(void)
{
  JamLwsMsg* const m = jam_lws_msg_new("hello", 5);
  CHECK(m != NULL, "jam_lws_msg_new");
  if (!m) {
    return;
  }
  unsigned char* const text = jam_lws_msg_text(m);
  CHECK_INT(text - m->buf, LWS_PRE);
  CHECK_INT(m->len, 5);
  CHECK_BYTES(text, "hello", 6);
  CHECK(m->next == NULL, "a new message is linked to nothing");
  free(m);
}

static void
an_empty_queue_pops_nothing(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  size_t len = 42;
  CHECK(jam_lws_queue_pop(&q) == NULL, "pop on empty");
  CHECK(jam_lws_queue_pop_text(&q, &len) == NULL, "pop_text on empty");
  CHECK_INT(len, 42); // untouched
  CHECK_INT(jam_lws_queue_count(&q), 0);
}

static void
messages_come_out_in_the_order_they_went_in(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  for (int i = 0; i < 5; ++i) {
    CHECK_INT(push_number(&q, i, 0), 0);
    CHECK_INT(jam_lws_queue_count(&q), i + 1);
  }
  JamLwsMsg* const first = jam_lws_queue_pop(&q);
  CHECK(first && !strcmp((const char*)jam_lws_msg_text(first), "0"), "first out is 0");
  CHECK(first && first->next == NULL, "a popped message is unlinked");
  free(first);
  for (int i = 1; i < 5; ++i) {
    check_pop_number(&q, i);
    CHECK_INT(jam_lws_queue_count(&q), 4 - i);
  }
  CHECK(q.head == NULL && q.tail == NULL, "empty after the last pop");
  // Usable again once emptied.
  push_number(&q, 7, 0);
  check_pop_number(&q, 7);
  CHECK_INT(jam_lws_queue_count(&q), 0);
}

static void
a_full_bounded_queue_drops_exactly_its_oldest_message(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  for (int i = 0; i < 3; ++i) {
    CHECK_INT(push_number(&q, i, 3), 0); // up to exactly full: nothing dropped
  }
  CHECK_INT(jam_lws_queue_count(&q), 3);
  CHECK_INT(push_number(&q, 3, 3), 1); // one past: 0 goes
  CHECK_INT(jam_lws_queue_count(&q), 3);
  CHECK_INT(push_number(&q, 4, 3), 1); // and then 1
  CHECK_INT(jam_lws_queue_count(&q), 3);
  for (int i = 2; i < 5; ++i) {
    check_pop_number(&q, i);
  }
  CHECK_INT(jam_lws_queue_count(&q), 0);
}

static void
a_smaller_bound_drops_as_many_oldest_as_it_takes(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  for (int i = 0; i < 5; ++i) {
    push_number(&q, i, 0);
  }
  CHECK_INT(push_number(&q, 5, 2), 4); // 0..3 go, 4 and 5 stay
  CHECK_INT(jam_lws_queue_count(&q), 2);
  check_pop_number(&q, 4);
  check_pop_number(&q, 5);
}

static void
an_unbounded_queue_never_drops(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  for (int i = 0; i < 1000; ++i) {
    CHECK_INT(push_number(&q, i, 0), 0);
  }
  CHECK_INT(jam_lws_queue_count(&q), 1000);
  check_pop_number(&q, 0);
  jam_lws_queue_clear(&q);
}

static void
clear_frees_everything_and_leaves_an_empty_usable_queue(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  jam_lws_queue_clear(&q); // empty: a no-op
  for (int i = 0; i < 4; ++i) {
    push_number(&q, i, 0);
  }
  jam_lws_queue_clear(&q);
  CHECK_INT(jam_lws_queue_count(&q), 0);
  CHECK(q.head == NULL && q.tail == NULL, "head and tail reset");
  CHECK(jam_lws_queue_pop(&q) == NULL, "nothing left to pop");
  push_number(&q, 9, 1);
  check_pop_number(&q, 9);
}

static void
popped_text_keeps_its_length_across_embedded_nuls(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  static const char bytes[] = {'a', '\0', 'b', 'c'};
  jam_lws_queue_push(&q, jam_lws_msg_new(bytes, sizeof bytes), 0);
  jam_lws_queue_push(&q, jam_lws_msg_new("", 0), 0);
  size_t len = 0;
  char* const got = jam_lws_queue_pop_text(&q, &len);
  CHECK(got != NULL, "pop_text");
  CHECK_INT(len, 4);
  if (got) {
    CHECK_BYTES(got, bytes, sizeof bytes);
    CHECK_INT(got[4], '\0');
  }
  free(got);
  len = 42;
  char* const empty = jam_lws_queue_pop_text(&q, &len);
  CHECK(empty && empty[0] == '\0', "an empty message pops as \"\"");
  CHECK_INT(len, 0);
  free(empty);
  CHECK_INT(jam_lws_queue_count(&q), 0);
}

static void
text_is_copied_not_referenced(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  char text[] = "{\"cmd\":1}";
  jam_lws_queue_push(&q, jam_lws_msg_new(text, strlen(text)), 0);
  memset(text, 'x', strlen(text));
  size_t len = 0;
  char* const got = jam_lws_queue_pop_text(&q, &len);
  CHECK(got && !strcmp(got, "{\"cmd\":1}"), "got %s", got ? got : "(null)");
  CHECK_INT(len, 9);
  free(got);
}

static void
fragments_reassemble_into_one_nul_terminated_message(void)
{
  JamLwsRx rx = {0};
  CHECK_INT(jam_lws_rx_add(&rx, "{\"par", 5, 16, 0), JAM_LWS_RX_MORE);
  CHECK_INT(jam_lws_rx_add(&rx, "am\":1", 5, 16, 0), JAM_LWS_RX_MORE);
  CHECK_INT(jam_lws_rx_add(&rx, "}", 1, 16, 1), JAM_LWS_RX_DONE);
  CHECK_INT(rx.len, 11);
  CHECK(rx.buf && !strcmp(rx.buf, "{\"param\":1}"), "got %s", rx.buf ? rx.buf : "(null)");
  jam_lws_rx_reset(&rx);
  CHECK(rx.buf == NULL && rx.len == 0, "reset leaves it empty");
}

static void
a_message_of_exactly_max_bytes_is_kept_and_one_more_is_dropped(void)
{
  JamLwsRx rx = {0};
  CHECK_INT(jam_lws_rx_add(&rx, "12345678", 8, 10, 0), JAM_LWS_RX_MORE);
  CHECK_INT(jam_lws_rx_add(&rx, "90", 2, 10, 1), JAM_LWS_RX_DONE);
  CHECK_INT(rx.len, 10);
  jam_lws_rx_reset(&rx);
  CHECK_INT(jam_lws_rx_add(&rx, "12345678", 8, 10, 0), JAM_LWS_RX_MORE);
  CHECK_INT(jam_lws_rx_add(&rx, "901", 3, 10, 1), JAM_LWS_RX_TOO_LONG);
  CHECK(rx.buf == NULL && rx.len == 0, "the dropped message leaves nothing behind (%zu)", rx.len);
  CHECK_INT(jam_lws_rx_add(&rx, "ok", 2, 10, 1), JAM_LWS_RX_DONE); // the next one is whole
  CHECK(!strcmp(rx.buf, "ok"), "got %s", rx.buf);
  jam_lws_rx_reset(&rx);
}

static void
a_byte_bound_drops_the_oldest_until_the_new_message_fits(void)
{
  JamLwsQueue q;
  memset(&q, 0, sizeof q);
  for (int i = 10; i < 15; ++i) { // five 2-byte messages: 10 bytes
    JamLwsMsg* const m = jam_lws_msg_new("ab", 2);
    CHECK_INT(m ? jam_lws_queue_push_bytes(&q, m, 10) : -1, 0);
  }
  CHECK_INT(q.bytes, 10);
  JamLwsMsg* const big = jam_lws_msg_new("12345", 5); // 15 > 10: the three oldest go
  CHECK_INT(jam_lws_queue_push_bytes(&q, big, 10), 3);
  CHECK_INT(q.count, 3);
  CHECK_INT(q.bytes, 9);
  JamLwsMsg* const huge = jam_lws_msg_new("0123456789ABC", 13); // alone longer than the bound
  CHECK_INT(jam_lws_queue_push_bytes(&q, huge, 10), 3);
  CHECK_INT(q.count, 1);
  CHECK_INT(q.bytes, 13);
  size_t len = 0;
  char* const text = jam_lws_queue_pop_text(&q, &len);
  CHECK(text && !strcmp(text, "0123456789ABC"), "the new message is kept: %s",
        text ? text : "(none)");
  CHECK_INT(q.bytes, 0);
  free(text);
}

int
main(void)
{
  RUN(a_message_keeps_lws_pre_bytes_before_its_nul_terminated_text);
  RUN(an_empty_queue_pops_nothing);
  RUN(messages_come_out_in_the_order_they_went_in);
  RUN(a_full_bounded_queue_drops_exactly_its_oldest_message);
  RUN(a_smaller_bound_drops_as_many_oldest_as_it_takes);
  RUN(an_unbounded_queue_never_drops);
  RUN(clear_frees_everything_and_leaves_an_empty_usable_queue);
  RUN(popped_text_keeps_its_length_across_embedded_nuls);
  RUN(text_is_copied_not_referenced);
  RUN(fragments_reassemble_into_one_nul_terminated_message);
  RUN(a_message_of_exactly_max_bytes_is_kept_and_one_more_is_dropped);
  RUN(a_byte_bound_drops_the_oldest_until_the_new_message_fits);
  return jam_test_summary();
}
