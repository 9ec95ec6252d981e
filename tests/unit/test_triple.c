// SPDX-License-Identifier: ISC
// The snapshot triple buffer: the reader always sees a whole snapshot, never a torn one, and
// snapshots only move forward. Run under TSan by `make check SANITIZE=thread`.

#include "check.h"
#include "triple.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#define WORDS     256
#define PUBLISHES 200000

typedef struct {
  uint64_t serial;       ///< publish number
  uint64_t words[WORDS]; ///< all equal to serial
} Snap;

static atomic_int writer_done;

static void*
writer(void* const arg)
{
  JamTriple* const t = arg;
  for (uint64_t k = 1; k <= PUBLISHES; ++k) {
    Snap* s = jam_triple_write_buffer(t);
    s->serial = k;
    for (int i = 0; i < WORDS; ++i) {
      s->words[i] = k;
    }
    jam_triple_publish(t);
  }
  atomic_store(&writer_done, 1);
  return NULL;
}

static void
before_any_publish_the_reader_sees_zeros(void)
{
  JamTriple* t = jam_triple_new(sizeof(Snap));
  int fresh = 1;
  const Snap* s = jam_triple_read(t, &fresh);
  CHECK_INT(fresh, 0);
  CHECK_INT(s->serial, 0);
  jam_triple_free(t);
  jam_triple_free(NULL);
}

static void
the_reader_gets_the_newest_snapshot_once(void)
{
  JamTriple* t = jam_triple_new(sizeof(Snap));
  for (uint64_t k = 1; k <= 3; ++k) {
    ((Snap*)jam_triple_write_buffer(t))->serial = k;
    jam_triple_publish(t);
  }
  int fresh = 0;
  CHECK_INT(((const Snap*)jam_triple_read(t, &fresh))->serial, 3);
  CHECK_INT(fresh, 1);
  CHECK_INT(((const Snap*)jam_triple_read(t, &fresh))->serial, 3);
  CHECK_INT(fresh, 0);
  jam_triple_free(t);
}

static void
a_concurrent_reader_never_sees_a_torn_or_older_snapshot(void)
{
  JamTriple* t = jam_triple_new(sizeof(Snap));
  atomic_store(&writer_done, 0);
  pthread_t th;
  CHECK_INT(pthread_create(&th, NULL, writer, t), 0);
  uint64_t last = 0;
  long torn = 0;
  long backwards = 0;
  long reads = 0;
  while (!atomic_load(&writer_done) || reads == 0) {
    const Snap* s = jam_triple_read(t, NULL);
    for (int i = 0; i < WORDS; ++i) {
      torn += s->words[i] != s->serial;
    }
    backwards += s->serial < last;
    last = s->serial;
    ++reads;
  }
  pthread_join(th, NULL);
  CHECK_INT(torn, 0);
  CHECK_INT(backwards, 0);
  CHECK_INT(((const Snap*)jam_triple_read(t, NULL))->serial, PUBLISHES);
  jam_triple_free(t);
}

int
main(void)
{
  RUN(before_any_publish_the_reader_sees_zeros);
  RUN(the_reader_gets_the_newest_snapshot_once);
  RUN(a_concurrent_reader_never_sees_a_torn_or_older_snapshot);
  return jam_test_summary();
}
