// SPDX-License-Identifier: ISC
// SPSC ring: single-thread boundaries (exactly full, one byte more, wrap-around, typed
// messages) and a two-thread stress test of millions of variable-size typed messages through
// a 4 KiB ring, every byte verified. Run it under ThreadSanitizer with
// `make check SANITIZE=thread`. RTJAM_SPSC_MESSAGES overrides the message count.

#include "check.h"
#include "clock.h"
#include "spsc.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>

#define STRESS_MESSAGES    3000000u   // about 0.3 s plain, 6 s under TSan on 2 cores
#define STRESS_RING        4096u      // bytes
#define STRESS_MAX_PAYLOAD 128u       // bytes
#define STREAM_BYTES       (8u << 20) // bytes through the raw byte-stream test

static void
capacity_is_rounded_up_to_a_power_of_two_and_zero_is_refused(void)
{
  CHECK(jam_spsc_new(0) == NULL, "capacity 0 accepted");
  JamSpsc* r = jam_spsc_new(100);
  CHECK(r != NULL, "new(100) failed");
  CHECK_INT(jam_spsc_write_space(r), 128);
  CHECK_INT(jam_spsc_read_space(r), 0);
  jam_spsc_free(r);
  jam_spsc_free(NULL);
}

static void
an_exactly_full_write_succeeds_and_one_byte_more_fails(void)
{
  JamSpsc* r = jam_spsc_new(64);
  uint8_t in[65];
  uint8_t out[64];
  for (int i = 0; i < 65; ++i) {
    in[i] = (uint8_t)(i * 3 + 1);
  }
  CHECK_INT(jam_spsc_write(r, in, 64), JAM_SUCCESS);
  CHECK_INT(jam_spsc_write_space(r), 0);
  CHECK_INT(jam_spsc_read_space(r), 64);
  CHECK_INT(jam_spsc_write(r, in, 1), JAM_ERR_FULL);
  CHECK_INT(jam_spsc_read(r, out, 64), JAM_SUCCESS);
  CHECK_BYTES(out, in, 64);
  CHECK_INT(jam_spsc_read(r, out, 1), JAM_ERR_EMPTY);
  jam_spsc_free(r);
}

static void
a_write_one_byte_larger_than_the_ring_writes_nothing(void)
{
  JamSpsc* r = jam_spsc_new(64);
  uint8_t in[65] = {0};
  CHECK_INT(jam_spsc_write(r, in, 65), JAM_ERR_FULL);
  CHECK_INT(jam_spsc_read_space(r), 0);
  CHECK_INT(jam_spsc_write_space(r), 64);
  jam_spsc_free(r);
}

static void
writes_and_reads_wrap_around_the_end(void)
{
  JamSpsc* r = jam_spsc_new(64);
  uint8_t in[50];
  uint8_t out[50];
  for (int i = 0; i < 50; ++i) {
    in[i] = (uint8_t)(200 - i);
  }
  CHECK_INT(jam_spsc_write(r, in, 40), JAM_SUCCESS);
  CHECK_INT(jam_spsc_read(r, out, 40), JAM_SUCCESS);
  CHECK_INT(jam_spsc_write(r, in, 50), JAM_SUCCESS); // 24 bytes at the end, 26 at the start
  CHECK_INT(jam_spsc_write_space(r), 14);
  CHECK_INT(jam_spsc_peek(r, out, 50), JAM_SUCCESS);
  CHECK_BYTES(out, in, 50);
  CHECK_INT(jam_spsc_read_space(r), 50); // peek consumed nothing
  CHECK_INT(jam_spsc_skip(r, 10), JAM_SUCCESS);
  CHECK_INT(jam_spsc_read(r, out, 40), JAM_SUCCESS);
  CHECK_BYTES(out, in + 10, 40);
  CHECK_INT(jam_spsc_skip(r, 1), JAM_ERR_EMPTY);
  jam_spsc_free(r);
}

static void
a_message_filling_the_ring_exactly_fits_and_one_more_does_not(void)
{
  JamSpsc* r = jam_spsc_new(64);
  uint8_t payload[56];
  for (int i = 0; i < 56; ++i) {
    payload[i] = (uint8_t)i;
  }
  CHECK_INT(sizeof(JamSpscMsgHeader), 8);
  CHECK_INT(jam_spsc_write_msg(r, 7, payload, 56), JAM_SUCCESS); // 8 + 56 = 64 bytes
  CHECK_INT(jam_spsc_write_msg(r, 8, payload, 0), JAM_ERR_FULL);
  uint8_t out[64];
  uint32_t type = 0;
  uint32_t size = 0;
  CHECK_INT(jam_spsc_read_msg(r, &type, out, sizeof out, &size), JAM_SUCCESS);
  CHECK_INT(type, 7);
  CHECK_INT(size, 56);
  CHECK_BYTES(out, payload, 56);
  CHECK_INT(jam_spsc_read_msg(r, &type, out, sizeof out, &size), JAM_ERR_EMPTY);
  CHECK_INT(jam_spsc_write_msg(r, 9, payload, 57), JAM_ERR_FULL); // 65 bytes never fit
  jam_spsc_free(r);
}

static void
a_message_larger_than_the_reader_buffer_is_dropped_whole(void)
{
  JamSpsc* r = jam_spsc_new(256);
  const uint8_t big[40] = {1};
  const uint8_t small[4] = {9, 8, 7, 6};
  jam_spsc_write_msg(r, 1, big, sizeof big);
  jam_spsc_write_msg(r, 2, small, sizeof small);
  uint8_t out[16];
  uint32_t type = 0;
  uint32_t size = 0;
  CHECK_INT(jam_spsc_read_msg(r, &type, out, sizeof out, &size), JAM_ERR_FULL);
  CHECK_INT(type, 1);
  CHECK_INT(size, 40);
  CHECK_INT(jam_spsc_read_msg(r, &type, out, sizeof out, &size), JAM_SUCCESS);
  CHECK_INT(type, 2);
  CHECK_BYTES(out, small, 4);
  CHECK_INT(jam_spsc_read_space(r), 0);
  jam_spsc_free(r);
}

// The stress messages: message k has type k % 251, a payload of 4..STRESS_MAX_PAYLOAD bytes
// (a hash of k), holding k (little-endian u32) followed by the bytes (k * 31 + i * 7) mod 256.
static uint32_t
msg_size(const uint32_t k)
{
  return 4u + (uint32_t)(((uint64_t)k * 2654435761u >> 16) % (STRESS_MAX_PAYLOAD - 3));
}

static void
msg_fill(const uint32_t k, uint8_t* const p, const uint32_t size)
{
  p[0] = (uint8_t)k;
  p[1] = (uint8_t)(k >> 8);
  p[2] = (uint8_t)(k >> 16);
  p[3] = (uint8_t)(k >> 24);
  for (uint32_t i = 4; i < size; ++i) {
    p[i] = (uint8_t)(k * 31u + i * 7u);
  }
}

typedef struct {
  JamSpsc* ring;
  uint32_t count;    ///< messages to pass
  uint64_t full;     ///< producer: writes refused because the ring was full
  uint64_t corrupt;  ///< consumer: messages with a wrong type, size, sequence or byte
  uint64_t received; ///< consumer: messages read
  uint64_t bytes;    ///< consumer: payload bytes verified
} Stress;

static void*
producer(void* const arg)
{
  Stress* const s = arg;
  uint8_t p[STRESS_MAX_PAYLOAD];
  for (uint32_t k = 0; k < s->count; ++k) {
    const uint32_t size = msg_size(k);
    msg_fill(k, p, size);
    while (jam_spsc_write_msg(s->ring, k % 251u, p, size) == JAM_ERR_FULL) {
      ++s->full;
      sched_yield();
    }
  }
  return NULL;
}

static void*
consumer(void* const arg)
{
  Stress* const s = arg;
  uint8_t p[STRESS_MAX_PAYLOAD];
  uint8_t want[STRESS_MAX_PAYLOAD];
  while (s->received < s->count) {
    uint32_t type = 0;
    uint32_t size = 0;
    const JamStatus st = jam_spsc_read_msg(s->ring, &type, p, sizeof p, &size);
    if (st == JAM_ERR_EMPTY) {
      sched_yield();
      continue;
    }
    const uint32_t k = (uint32_t)s->received++;
    const uint32_t want_size = msg_size(k);
    if (st != JAM_SUCCESS || type != k % 251u || size != want_size) {
      ++s->corrupt;
      continue;
    }
    msg_fill(k, want, want_size);
    s->corrupt += memcmp(p, want, size) != 0;
    s->bytes += size;
  }
  return NULL;
}

static void
millions_of_messages_cross_threads_in_order_without_corruption(void)
{
  Stress s = {jam_spsc_new(STRESS_RING), STRESS_MESSAGES, 0, 0, 0, 0};
  const char* const env = getenv("RTJAM_SPSC_MESSAGES");
  if (env && *env) {
    s.count = (uint32_t)strtoul(env, NULL, 10);
  }
  CHECK(s.ring != NULL, "new failed");
  const uint64_t t0 = jam_clock_mono_us();
  pthread_t prod;
  pthread_t cons;
  CHECK_INT(pthread_create(&cons, NULL, consumer, &s), 0);
  CHECK_INT(pthread_create(&prod, NULL, producer, &s), 0);
  pthread_join(prod, NULL);
  pthread_join(cons, NULL);
  const double secs = (double)(jam_clock_mono_us() - t0) / 1e6;
  printf("spsc stress: %u messages, %llu payload bytes through a %u-byte ring in %.2f s "
         "(%.2f M msg/s), %llu full-ring retries, %llu corrupt\n",
         s.count, (unsigned long long)s.bytes, STRESS_RING, secs, s.count / secs / 1e6,
         (unsigned long long)s.full, (unsigned long long)s.corrupt);
  CHECK_INT(s.received, s.count);
  CHECK_INT(s.corrupt, 0);
  CHECK_INT(jam_spsc_read_space(s.ring), 0);
  jam_spsc_free(s.ring);
}

typedef struct {
  JamSpsc* ring;
  uint64_t errors; ///< consumer: bytes out of sequence
} Stream;

// Raw bytes: byte j of the stream is (j * 13 + (j >> 8)) mod 256, in chunks of 1..300 bytes.
static uint8_t
stream_byte(const uint64_t j)
{
  return (uint8_t)(j * 13u + (j >> 8));
}

static void*
stream_writer(void* const arg)
{
  Stream* const s = arg;
  uint8_t buf[300];
  uint64_t j = 0;
  while (j < STREAM_BYTES) {
    size_t n = 1 + (size_t)((j * 7919u) % 300u);
    if (n > STREAM_BYTES - j) {
      n = (size_t)(STREAM_BYTES - j);
    }
    for (size_t i = 0; i < n; ++i) {
      buf[i] = stream_byte(j + i);
    }
    while (jam_spsc_write(s->ring, buf, n) == JAM_ERR_FULL) {
      sched_yield();
    }
    j += n;
  }
  return NULL;
}

static void*
stream_reader(void* const arg)
{
  Stream* const s = arg;
  uint8_t buf[257];
  uint64_t j = 0;
  while (j < STREAM_BYTES) {
    size_t n = jam_spsc_read_space(s->ring);
    if (n == 0) {
      sched_yield();
      continue;
    }
    n = n < sizeof buf ? n : sizeof buf;
    if (jam_spsc_read(s->ring, buf, n) != JAM_SUCCESS) {
      ++s->errors;
      break;
    }
    for (size_t i = 0; i < n; ++i) {
      s->errors += buf[i] != stream_byte(j + i);
    }
    j += n;
  }
  return NULL;
}

static void
eight_mib_of_raw_bytes_cross_a_1_kib_ring_intact(void)
{
  Stream s = {jam_spsc_new(1024), 0};
  pthread_t w;
  pthread_t r;
  CHECK_INT(pthread_create(&r, NULL, stream_reader, &s), 0);
  CHECK_INT(pthread_create(&w, NULL, stream_writer, &s), 0);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
  CHECK_INT(s.errors, 0);
  CHECK_INT(jam_spsc_read_space(s.ring), 0);
  jam_spsc_free(s.ring);
}

int
main(void)
{
  RUN(capacity_is_rounded_up_to_a_power_of_two_and_zero_is_refused);
  RUN(an_exactly_full_write_succeeds_and_one_byte_more_fails);
  RUN(a_write_one_byte_larger_than_the_ring_writes_nothing);
  RUN(writes_and_reads_wrap_around_the_end);
  RUN(a_message_filling_the_ring_exactly_fits_and_one_more_does_not);
  RUN(a_message_larger_than_the_reader_buffer_is_dropped_whole);
  RUN(millions_of_messages_cross_threads_in_order_without_corruption);
  RUN(eight_mib_of_raw_bytes_cross_a_1_kib_ring_intact);
  return jam_test_summary();
}
