// SPDX-License-Identifier: ISC
// The LV2 worker's rings of rtjam-host (host/worker.c): each message arrives whole with its
// serial, target and payload; an oversized payload is refused; a full ring refuses whole
// messages, never half of one; and a writer thread racing a reader thread delivers 50000
// messages of varying size intact and in order (a header published before its payload shows
// up here as a short or corrupt payload).

#include "host/worker.h"

#include "check.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  int n;
  uint64_t serial[64];
  void* target[64];
  uint32_t size[64];
  uint8_t first[64];
} Got;

static void
collect(void* ctx, uint64_t serial, void* target, uint32_t size, const void* data)
{
  Got* g = ctx;
  if (g->n < 64) {
    g->serial[g->n] = serial;
    g->target[g->n] = target;
    g->size[g->n] = size;
    g->first[g->n] = size ? *(const uint8_t*)data : 0;
  }
  ++g->n;
}

static void
a_request_and_a_response_arrive_whole_with_serial_and_target(void)
{
  HostWorker* w = host_worker_new(65536);
  CHECK(w != NULL, "host_worker_new");
  if (!w) {
    return;
  }
  int target = 0;
  uint8_t payload[100];
  memset(payload, 0xA5, sizeof payload);
  CHECK_INT(host_worker_request(w, 7, &target, sizeof payload, payload), JAM_SUCCESS);
  CHECK_INT(host_worker_respond(w, 9, 3, "abc"), JAM_SUCCESS);
  Got g = {0};
  CHECK_INT(host_worker_take_requests(w, collect, &g), 1);
  CHECK_INT(g.serial[0], 7);
  CHECK(g.target[0] == &target, "the target comes back");
  CHECK_INT(g.size[0], 100);
  CHECK_INT(g.first[0], 0xA5);
  Got r = {0};
  CHECK_INT(host_worker_take_responses(w, collect, &r), 1);
  CHECK_INT(r.serial[0], 9);
  CHECK(r.target[0] == NULL, "a response has no target");
  CHECK_INT(r.size[0], 3);
  CHECK_INT(r.first[0], 'a');
  CHECK_INT(host_worker_dropped(w), 0);
  host_worker_free(w);
}

static void
a_payload_larger_than_the_limit_is_refused(void)
{
  HostWorker* w = host_worker_new(65536);
  CHECK(w != NULL, "host_worker_new");
  if (!w) {
    return;
  }
  static uint8_t big[HOST_WORK_MAX + 1];
  CHECK_INT(host_worker_request(w, 1, NULL, HOST_WORK_MAX + 1, big), JAM_ERR_BAD_ARGUMENT);
  CHECK_INT(host_worker_request(w, 1, NULL, HOST_WORK_MAX, big), JAM_SUCCESS);
  Got g = {0};
  CHECK_INT(host_worker_take_requests(w, collect, &g), 1);
  CHECK_INT(g.size[0], HOST_WORK_MAX);
  host_worker_free(w);
}

static void
a_full_ring_refuses_whole_messages_and_keeps_the_others_intact(void)
{
  HostWorker* w = host_worker_new(4096);
  CHECK(w != NULL, "host_worker_new");
  if (!w) {
    return;
  }
  uint8_t payload[1000];
  int accepted = 0;
  for (int i = 0; i < 10; ++i) {
    memset(payload, i, sizeof payload);
    if (host_worker_request(w, (uint64_t)i, NULL, sizeof payload, payload) == JAM_SUCCESS) {
      ++accepted;
    }
  }
  CHECK(accepted >= 3 && accepted < 10, "%d of 10 fit in 4096 bytes", accepted);
  Got g = {0};
  CHECK_INT(host_worker_take_requests(w, collect, &g), accepted);
  for (int i = 0; i < accepted && i < 64; ++i) {
    CHECK_INT(g.serial[i], i);
    CHECK_INT(g.size[i], 1000);
    CHECK_INT(g.first[i], i);
  }
  host_worker_free(w);
}

#define RACE_N 50000

typedef struct {
  HostWorker* w;
  uint64_t next;     ///< reader: the serial expected next
  int bad;           ///< reader: messages with a wrong size or payload
  volatile int stop; ///< reader -> writer: give up (only once the reader has failed)
} Race;

static uint32_t
race_size(uint64_t i)
{
  return (uint32_t)((i * 2654435761u) % 600u);
}

static void*
race_writer(void* arg)
{
  Race* r = arg;
  uint8_t payload[600];
  for (uint64_t i = 0; i < RACE_N && !r->stop;) {
    const uint32_t n = race_size(i);
    memset(payload, (int)(i & 0xFF), n);
    if (host_worker_request(r->w, i, NULL, n, payload) == JAM_SUCCESS) {
      ++i;
    }
  }
  return NULL;
}

static void
race_check(void* ctx, uint64_t serial, void* target, uint32_t size, const void* data)
{
  (void)target;
  Race* r = ctx;
  const uint8_t* d = data;
  int ok = serial == r->next && size == race_size(serial);
  for (uint32_t k = 0; ok && k < size; ++k) {
    ok = d[k] == (uint8_t)(serial & 0xFF);
  }
  r->bad += !ok;
  r->next = serial + 1;
}

static void
a_writer_racing_a_reader_delivers_every_message_intact(void)
{
  Race r = {host_worker_new(8192), 0, 0, 0};
  CHECK(r.w != NULL, "host_worker_new");
  if (!r.w) {
    return;
  }
  pthread_t t;
  pthread_create(&t, NULL, race_writer, &r);
  const time_t deadline = time(NULL) + 30;
  while (r.next != RACE_N && !r.bad && time(NULL) < deadline) {
    host_worker_take_requests(r.w, race_check, &r);
  }
  r.stop = 1; // a broken ring stops the reader early: let the writer go too
  pthread_join(t, NULL);
  printf("     %llu messages, %d bad, %u dropped\n", (unsigned long long)r.next, r.bad,
         host_worker_dropped(r.w));
  CHECK_INT(r.bad, 0);
  CHECK_INT(r.next, RACE_N);
  CHECK_INT(host_worker_dropped(r.w), 0);
  host_worker_free(r.w);
}

int
main(void)
{
  RUN(a_request_and_a_response_arrive_whole_with_serial_and_target);
  RUN(a_payload_larger_than_the_limit_is_refused);
  RUN(a_full_ring_refuses_whole_messages_and_keeps_the_others_intact);
  RUN(a_writer_racing_a_reader_delivers_every_message_intact);
  return jam_test_summary();
}
