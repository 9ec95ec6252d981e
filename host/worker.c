// SPDX-License-Identifier: ISC
// The LV2 worker's rings. Threads: host_worker_request and host_worker_take_responses run on
// the process thread (no allocation, no lock); the others on the main thread.

#include "host/worker.h"

#include "spsc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/// What precedes the payload inside one ring message.
typedef struct {
  uint64_t serial; ///< the plugin's serial
  void* target;    ///< the plugin (requests only; the main thread checks it is alive)
} HostWorkRef;

/// One message as written: the reference, then up to HOST_WORK_MAX bytes of payload.
typedef struct {
  HostWorkRef ref;
  uint8_t data[HOST_WORK_MAX];
} HostWorkMsg;

struct HostWorkerImpl {
  JamSpsc* requests;    ///< process thread -> main thread
  JamSpsc* responses;   ///< main thread -> process thread
  HostWorkMsg req_out;  ///< a request being written (process thread)
  HostWorkMsg req_in;   ///< a request being worked on (main thread)
  HostWorkMsg resp_out; ///< a response being written, from inside the work (main thread)
  HostWorkMsg resp_in;  ///< a response being delivered, which may schedule work (process thread)
  atomic_uint dropped;
};

HostWorker*
host_worker_new(const size_t ring_bytes)
{
  HostWorker* w = calloc(1, sizeof *w);
  if (!w) {
    return NULL;
  }
  w->requests = jam_spsc_new(ring_bytes);
  w->responses = jam_spsc_new(ring_bytes);
  atomic_init(&w->dropped, 0);
  if (!w->requests || !w->responses) {
    host_worker_free(w);
    return NULL;
  }
  return w;
}

void
host_worker_free(HostWorker* const w)
{
  if (w) {
    jam_spsc_free(w->requests);
    jam_spsc_free(w->responses);
    free(w);
  }
}

// Writes ref + payload from the caller's thread's scratch message, in one transaction.
JAM_REALTIME static JamStatus
put(JamSpsc* ring, HostWorkMsg* scratch, uint64_t serial, void* target, uint32_t size,
    const void* data)
{
  if (size > HOST_WORK_MAX || (size && !data)) {
    return JAM_ERR_BAD_ARGUMENT;
  }
  scratch->ref = (HostWorkRef){serial, target};
  if (size) {
    memcpy(scratch->data, data, size);
  }
  return jam_spsc_write_msg(ring, 0, scratch, (uint32_t)(sizeof scratch->ref + size));
}

// Reads each whole message, checking its size against the scratch message before use.
JAM_REALTIME static int
take(HostWorker* w, JamSpsc* ring, HostWorkMsg* scratch, HostWorkFn fn, void* ctx)
{
  int n = 0;
  uint32_t type = 0, size = 0;
  JamStatus st = JAM_ERR_EMPTY;
  for (int k = 0;
       k < HOST_WORK_TAKE_MAX &&
       (st = jam_spsc_read_msg(ring, &type, scratch, sizeof *scratch, &size)) != JAM_ERR_EMPTY;
       ++k) {
    if (st != JAM_SUCCESS || size < sizeof scratch->ref) {
      atomic_fetch_add_explicit(&w->dropped, 1, memory_order_relaxed);
      continue;
    }
    fn(ctx, scratch->ref.serial, scratch->ref.target, (uint32_t)(size - sizeof scratch->ref),
       scratch->data);
    ++n;
  }
  return n;
}

JAM_REALTIME JamStatus
host_worker_request(HostWorker* const w, const uint64_t serial, void* const target,
                    const uint32_t size, const void* const data)
{
  return put(w->requests, &w->req_out, serial, target, size, data);
}

int
host_worker_take_requests(HostWorker* const w, const HostWorkFn fn, void* const ctx)
{
  return take(w, w->requests, &w->req_in, fn, ctx);
}

JamStatus
host_worker_respond(HostWorker* const w, const uint64_t serial, const uint32_t size,
                    const void* const data)
{
  return put(w->responses, &w->resp_out, serial, NULL, size, data);
}

JAM_REALTIME int
host_worker_take_responses(HostWorker* const w, const HostWorkFn fn, void* const ctx)
{
  return take(w, w->responses, &w->resp_in, fn, ctx);
}

uint32_t
host_worker_dropped(const HostWorker* const w)
{
  return atomic_load_explicit(&w->dropped, memory_order_relaxed);
}
